package cluster

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/parallax-news/parallax/internal/dedup"
	"github.com/parallax-news/parallax/internal/news"
)

// evidenceTerms is how many shared terms and names an assignment keeps.
const evidenceTerms = 8

// sweepEvery is the least number of commits between sweeps for quiet
// stories; with many stories open, sweeps come every eighth of their
// number, so that a sweep's cost per commit stays flat.
const sweepEvery = 1024

type story struct {
	id int64
	// slot is where posting lists reach the story.
	slot uint32
	// fences samples the ids of terms for holds.
	fences [fenceCount]uint32
	// terms holds every stem of the story's reports, names the
	// capitalised ones, years and numbers the years and other figures
	// they mention.
	terms, names, years, numbers channel
	docs                         int32
	// length is the sum of the story's reports' numbers of distinct
	// terms; length/docs tells headline stories from full-text ones.
	length int64
	// epoch is the engine's epoch when the norms were last computed.
	epoch int32
	// last is the publication time (unix nanoseconds) of the story's
	// latest report, 0 when none had one; seq orders stories by their
	// latest commit.
	last int64
	seq  uint64
}

// Decision is where Assign places an article: the assignment to store,
// and what Commit needs to check for a merge.
type Decision struct {
	news.Assignment
	// runnerUp is the next best story, the one a merge would join.
	runnerUp int64
	// near is, for an article that starts a story, the candidate it
	// came close enough to joining to be looked at again (see Recheck).
	near int64
}

// Engine holds the open stories and assigns articles to them. It is not
// safe for concurrent use; determinism comes from feeding it in order.
type Engine struct {
	p     Params
	vocab vocabulary
	docs  int64
	// stories maps the IDs of the stories in memory to them; slots holds
	// them for posting lists, and free lists the slots to reuse.
	stories map[int64]*story
	slots   []slot
	free    []uint32
	copies  *dedup.Index
	// articleStory maps the articles held by copies to their stories.
	articleStory map[int64]int64
	mergedInto   map[int64]int64
	nextID       int64
	// clock tells the time the stream has reached.
	clock streamClock
	seq   uint64
	// entries is the number of entries in postings, as of the last
	// cleaning plus those appended since; cleanAt is the count at which
	// the whole index is next cleaned.
	entries, cleanAt int
	// epoch counts the times the document count has grown by an eighth;
	// renormAt is the count at which the next epoch begins.
	epoch    int32
	renormAt int64
	// epochIDF holds by term number the inverse document frequencies as
	// of the epoch's start, from which refresh computes norms, and
	// epochNew that of a term numbered since.
	epochIDF []float64
	epochNew float64
	// sweepAt is the commit at which the next sweep falls.
	sweepAt uint64
	// rechecks and rechecksAt hold the new stories awaiting their second
	// look, started by undated and by dated articles, in the order they
	// fall due at the latest: RecheckWithin commits or RecheckWait of
	// publication time later (see Params.Recheck). waiting lists them by
	// the story each came close to, and ready holds those whose look fell
	// due early.
	rechecks   []*recheck
	rechecksAt dueHeap
	waiting    map[int64][]*recheck
	ready      []*recheck

	// logs[n] is ln(n+1).
	logs []float64

	// cur is the article being placed, and at[n] the index of term n in
	// it plus one (0 when it lacks the term).
	cur loaded
	at  []int32
	// Scratch space, reused by every article: the candidates' accumulated
	// weights by slot and the slots touched, the article's strongest
	// terms, the best candidates ranked and as returned, the sums a
	// story's centroids grow by, the terms a story gained and kept, the
	// candidates' cosines over all terms with the article, and the
	// places in a story's terms of those an explanation finds shared
	// and the shared terms and names it keeps.
	accs      []float64
	touched   []uint32
	top       []int
	ranked    []ranked
	candidate []*story
	summing   summing
	added     []uint32
	// kindAdded takes the terms new to a story's names, years and
	// figures, which nothing indexes, so that listing them allocates
	// nothing.
	kindAdded []uint32
	cosines   []float64
	held      []int32
	shared    [2][]shared
}

// ranked is a candidate story and the weight of the article's strongest
// terms it holds.
type ranked struct {
	s   *story
	acc float64
}

// New returns an Engine whose first new story gets firstStoryID.
func New(p Params, firstStoryID int64) (*Engine, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if firstStoryID < 1 {
		firstStoryID = 1
	}
	return &Engine{
		p:            p,
		stories:      make(map[int64]*story),
		copies:       dedup.NewIndex(p.DuplicateThreshold, p.Copies),
		articleStory: make(map[int64]int64),
		mergedInto:   make(map[int64]int64),
		waiting:      make(map[int64][]*recheck),
		nextID:       firstStoryID,
	}, nil
}

// NextStoryID returns the ID the engine gives the next story it starts.
func (e *Engine) NextStoryID() int64 { return e.nextID }

// Stories returns the number of stories the engine holds in memory.
func (e *Engine) Stories() int { return len(e.stories) }

// lnCount returns ln(n+1) from a table extended as counts grow. The
// smoothed inverse document frequency of a term is ln((N+1)/(df+1)) + 1,
// computed as lnCount(N) - lnCount(df) + 1.
func (e *Engine) lnCount(n int64) float64 {
	for int64(len(e.logs)) <= n {
		e.logs = append(e.logs, math.Log(float64(len(e.logs)+1)))
	}
	return e.logs[n]
}

// Assign decides where an article belongs without changing the engine;
// Commit records the decision once the article is stored.
func (e *Engine) Assign(d *Doc) Decision {
	if d.hasSig {
		if orig, r, ok := e.copies.Nearest(&d.sig); ok {
			if sid, ok := e.articleStory[orig]; ok {
				if s := e.stories[e.Resolve(sid)]; s != nil {
					e.weigh(d)
					dec := e.explain(d, s, e.similarity(d, s))
					dec.DuplicateOf = orig
					dec.Similarity = r
					return dec
				}
			}
		}
	}
	e.weigh(d)
	var best, second *story
	var bestScore, secondScore float64
	// Stories are dormant as of the article's time when it is the latest
	// seen: a report that comes after a quiet spell finds its story
	// quiet, though nothing was committed meanwhile.
	now := e.clock.now()
	if !d.Published.IsZero() {
		now = max(now, d.Published.UnixNano())
	}
	candidates := e.candidates(d)
	cosines := e.termCosines(candidates)
	for k, s := range candidates {
		score := e.similarityFrom(d, s, cosines[k])
		if e.dormant(s, now) && score < e.threshold(d)+e.p.ReopenMargin {
			continue
		}
		switch {
		case best == nil || score > bestScore:
			second, secondScore = best, bestScore
			best, bestScore = s, score
		case second == nil || score > secondScore:
			second, secondScore = s, score
		}
	}
	var dec Decision
	if best == nil || bestScore < e.threshold(d) {
		dec.Assignment = news.Assignment{StoryID: e.nextID, NewStory: true, Score: bestScore, RunnerUp: secondScore}
		if best != nil && e.p.Recheck > 0 && bestScore >= e.p.Recheck*e.threshold(d) {
			dec.near = best.id
		}
		return dec
	}
	dec = e.explain(d, best, bestScore)
	dec.RunnerUp = secondScore
	if second != nil {
		dec.runnerUp = second.id
	}
	return dec
}

// threshold is the similarity an article must reach to join a story.
func (e *Engine) threshold(d *Doc) float64 {
	return e.p.Threshold * e.shortness(float64(len(d.terms)))
}

// shortness is the factor by which thresholds are lowered for texts of n
// distinct terms: the square root of their share of FullLength, at most
// 1.
func (e *Engine) shortness(n float64) float64 {
	if n < float64(e.p.FullLength) {
		return math.Sqrt(n / float64(e.p.FullLength))
	}
	return 1
}

// dormant reports whether a story has been quiet for longer than Window
// at time now (unix nanoseconds).
func (e *Engine) dormant(s *story, now int64) bool {
	return e.p.Window > 0 && s.last != 0 && now-s.last > int64(e.p.Window)
}

// candidates returns the stories most worth scoring: those holding the
// article's strongest terms, ranked by the weight of the terms they
// share, best Candidates of them in ID order. Only the PostingsScan most
// recently added stories of each term are looked at, so the cost is bounded
// whatever the number of stories.
func (e *Engine) candidates(d *Doc) []*story {
	w, num, accs, touched := e.cur.w, e.cur.num, e.accs, e.touched
	for _, i := range e.strongest(d) {
		n := num[i]
		if n == absent {
			continue
		}
		list := e.vocab.postings[n].stories
		for k, seen := len(list)-1, 0; k >= 0 && seen < e.p.PostingsScan; k-- {
			r := list[k]
			if e.live(r) == nil {
				continue
			}
			// Weights are positive, so a zero sum marks a slot not yet
			// touched for this article.
			if accs[r.slot] == 0 {
				touched = append(touched, r.slot)
			}
			accs[r.slot] += w[i]
			seen++
		}
	}
	e.touched = touched
	// Keep the best Candidates by insertion into a short sorted list:
	// ranked by accumulated weight, ties to the lower ID.
	better := func(a, b ranked) bool {
		if a.acc != b.acc {
			return a.acc > b.acc
		}
		return a.s.id < b.s.id
	}
	all := e.ranked[:0]
	for _, sl := range e.touched {
		r := ranked{e.slots[sl].s, e.accs[sl]}
		e.accs[sl] = 0
		if len(all) == e.p.Candidates && !better(r, all[len(all)-1]) {
			continue
		}
		if len(all) < e.p.Candidates {
			all = append(all, r)
		}
		k := len(all) - 1
		for k > 0 && better(r, all[k-1]) {
			all[k] = all[k-1]
			k--
		}
		all[k] = r
	}
	e.touched = e.touched[:0]
	e.ranked = all
	slices.SortFunc(all, func(a, b ranked) int { return cmp.Compare(a.s.id, b.s.id) })
	out := e.candidate[:0]
	for _, r := range all {
		out = append(out, r.s)
	}
	e.candidate = out
	return out
}

// strongest returns the indices of the article's QueryTerms heaviest
// terms (ties to the lower id), by insertion into a short sorted list.
// The terms come in id order, so a term ties with none it is compared
// with to its advantage: it must be strictly heavier to rank above.
func (e *Engine) strongest(d *Doc) []int {
	top := e.top[:0]
	q := e.cur.w[:len(d.terms)]
	// floor is the weight a term must exceed to enter the full list.
	floor := math.Inf(-1)
	for i, w := range q {
		if w <= floor {
			continue
		}
		if len(top) < e.p.QueryTerms {
			top = append(top, i)
		}
		k := len(top) - 1
		for k > 0 && w > q[top[k-1]] {
			top[k] = top[k-1]
			k--
		}
		top[k] = i
		if len(top) == e.p.QueryTerms {
			floor = q[top[len(top)-1]]
		}
	}
	e.top = top
	return top
}

// similarity blends the cosine between the article's and the story's
// TF-IDF vectors over all terms with the cosine over names alone, weighs
// in whether the years and the other figures they mention agree, and
// decays the result by the time since the story's last report. Names,
// years and figures weigh in because two events of one kind (two
// earthquakes, two trials) share their vocabulary but not their people
// and places, their year or their magnitudes and tolls. The article must
// be weighed.
func (e *Engine) similarity(d *Doc, s *story) float64 {
	return e.similarityFrom(d, s, e.termCosine(s))
}

// similarityFrom is similarity given the cosine over all terms, sim,
// which termCosine or termCosines computed (refreshing the story's
// norms).
func (e *Engine) similarityFrom(d *Doc, s *story, sim float64) float64 {
	if sim == 0 {
		return 0
	}
	ev := evidence{names: -1, years: -1, numbers: -1, gap: -1}
	if len(d.names) > 0 && s.names.norm > 0 {
		ev.names = e.nameCosine(&s.names)
	}
	if len(d.years) > 0 && s.years.norm > 0 {
		ev.years = e.kindCosine(&s.years, yearTerm, e.cur.yearNorm)
	}
	if len(d.numbers) > 0 && s.numbers.norm > 0 {
		ev.numbers = e.kindCosine(&s.numbers, numberTerm, e.cur.numbersNorm)
	}
	if !d.Published.IsZero() && s.last != 0 {
		ev.gap = math.Abs(float64(d.Published.UnixNano() - s.last))
	}
	return e.weighEvidence(sim, ev)
}

// evidence is what tells two events of one kind apart, measured between
// an article and a story or between two stories: the cosines over names,
// years and other figures, and the time gap in nanoseconds; each is
// negative when one side has none. strict keeps disagreeing years and
// figures counting in full whatever the names.
type evidence struct {
	names, years, numbers, gap float64
	strict                     bool
}

// weighEvidence turns the cosine over all terms into the similarity: it
// blends in the names, raises or lowers it by whether years and figures
// agree (lowering it less the more the names agree, when both times are
// known), and decays it with the time gap beyond DecayAfter.
func (e *Engine) weighEvidence(sim float64, ev evidence) float64 {
	soft := 1.0
	if ev.names >= 0 {
		sim = (1-e.p.NameWeight)*sim + e.p.NameWeight*ev.names
		if !ev.strict && ev.gap >= 0 {
			soft = e.softening(ev.names)
		}
	}
	if e.p.YearWeight > 0 && ev.years >= 0 {
		sim *= agreement(ev.years, e.p.YearWeight, soft)
	}
	if e.p.NumberWeight > 0 && ev.numbers >= 0 {
		sim *= agreement(ev.numbers, e.p.NumberWeight, soft)
	}
	if e.p.HalfLife > 0 && ev.gap >= 0 {
		sim *= max(e.p.DecayFloor, math.Exp2(-max(0, ev.gap-float64(e.p.DecayAfter))/float64(e.p.HalfLife)))
	}
	return sim
}

// agreement turns the cosine over one kind of evidence (years, figures)
// into a factor on the similarity: 1+w when they agree fully, 1 at a
// cosine of one half, and down to 1-w·soft when they share nothing.
func agreement(cos, w, soft float64) float64 {
	if cos = min(cos, 1); cos >= 0.5 {
		return 1 + w*(2*cos-1)
	}
	return 1 - soft*w*(1-2*cos)
}

// softening is how much disagreeing years and figures count against a
// match whose names have cosine names: fully when no names are shared,
// not at all from UpdateNames on.
func (e *Engine) softening(names float64) float64 {
	if e.p.UpdateNames <= 0 {
		return 0
	}
	return max(0, 1-names/e.p.UpdateNames)
}

// explain builds the decision to join story s, with its evidence: the
// shared terms and names that weigh most in the similarity.
func (e *Engine) explain(d *Doc, s *story, score float64) Decision {
	a := news.Assignment{StoryID: s.id, Score: score}
	if !d.Published.IsZero() && s.last != 0 {
		a.TimeGap = time.Duration(d.Published.UnixNano() - s.last)
	}
	byAt := e.cur.byAt
	terms, names := e.shared[0][:0], e.shared[1][:0]
	st := &s.terms.c
	// List the story's terms that the article shares without branching
	// on whether it does, which no processor predicts: each is written
	// at the next free place, which moves on only for a shared one.
	held := slices.Grow(e.held[:0], len(st.ids))[:len(st.ids)]
	at, m := e.at, 0
	for j, n := range st.ids {
		held[m] = int32(j)
		m += b2i(at[n] != 0)
	}
	e.held = held
	// The story's names are sorted as its terms are: a walk alongside
	// finds those among them.
	storyNames, p := s.names.c.ids, 0
	name := e.cur.name
	for _, j := range held[:m] {
		n := st.ids[j]
		i := at[n] - 1
		w := byAt[i+1] * float64(st.ws[j])
		if k := name[i] - 1; k >= 0 {
			for p < len(storyNames) && storyNames[p] < n {
				p++
			}
			if p < len(storyNames) && storyNames[p] == n {
				if !lighter(names, w) {
					names = addShared(names, shared{k, w}, d.nameWords)
				}
				continue
			}
		}
		if !lighter(terms, w) {
			terms = addShared(terms, shared{i, w}, d.words)
		}
	}
	e.shared[0], e.shared[1] = terms, names
	a.Terms = sharedWords(terms, d.words)
	a.Entities = sharedWords(names, d.nameWords)
	return Decision{Assignment: a}
}

// shared is a term an article and a story share: its index in the
// article's words (or name words), and its weight in their similarity.
// The word itself is read only to break a tie and for the evidence
// kept: the article's words are mostly out of the processor's caches.
type shared struct {
	at int32
	w  float64
}

// heavier orders shared terms by weight, ties by word.
func (x shared) heavier(y shared, words []string) bool {
	if x.w != y.w {
		return x.w > y.w
	}
	return words[x.at] < words[y.at]
}

// lighter reports whether top is full and a shared term of weight w is
// lighter than all it holds: most shared terms are, and are passed over
// without a call to addShared.
func lighter(top []shared, w float64) bool {
	return len(top) == evidenceTerms && w < top[evidenceTerms-1].w
}

// addShared inserts x into top, the heaviest shared terms in order,
// keeping at most evidenceTerms; both refer to words.
func addShared(top []shared, x shared, words []string) []shared {
	if len(top) == evidenceTerms && !x.heavier(top[len(top)-1], words) {
		return top
	}
	if len(top) < evidenceTerms {
		top = append(top, x)
	}
	k := len(top) - 1
	for k > 0 && x.heavier(top[k-1], words) {
		top[k] = top[k-1]
		k--
	}
	top[k] = x
	return top
}

// sharedWords lists the words of the shared terms in top.
func sharedWords(top []shared, words []string) []string {
	out := make([]string, len(top))
	for i, x := range top {
		out[i] = words[x.at]
	}
	return out
}

// Commit records that the article with this ID was stored with the given
// decision: it joins (or starts) the story and becomes a candidate
// original for later reprints. When the grown story now matches the
// article's runner-up story as a whole, the two merge; otherwise a new
// story whose second look falls due may fold into the story it came close
// to (see Recheck). At most one merge happens per commit, and it is
// returned; the caller applies it to its store.
func (e *Engine) Commit(d *Doc, articleID int64, dec Decision) (news.Merge, bool) {
	s := e.add(d, articleID, dec.StoryID)
	if e.p.Recheck > 0 {
		e.touch(dec, s.id)
		if dec.NewStory && dec.near != 0 {
			e.await(s.id, dec.near, d.Published)
		}
	}
	m, merged := e.mergeCheck(s, dec.runnerUp, d.Published)
	if !merged {
		m, merged = e.secondLook(d.Published)
	}
	if e.seq >= e.sweepAt {
		e.sweep()
	}
	return m, merged
}

// Restore records a stored article in its stored story, as Commit does,
// but never merges: it continues stories a store holds from articles that
// another engine placed (one with other settings), each replayed in ID
// order with the story it is in now. That engine's pending second looks
// and the state its merges left are not rebuilt, so what follows may
// differ from what it would have done; an engine with the same settings
// rebuilds its state exactly by placing the articles again.
func (e *Engine) Restore(d *Doc, articleID, storyID int64) {
	e.add(d, articleID, storyID)
	if e.seq >= e.sweepAt {
		e.sweep()
	}
}

func (e *Engine) add(d *Doc, articleID, storyID int64) *story {
	if e.cur.d != d {
		e.load(d)
	}
	e.number()
	storyID = e.Resolve(storyID)
	e.docs++
	e.seq++
	df := e.vocab.df
	for _, n := range e.cur.num {
		df[n]++
	}
	if e.docs >= e.renormAt {
		e.epoch++
		e.renormAt = e.docs + max(e.docs/8, 16)
		e.startEpoch()
	}
	s, ok := e.stories[storyID]
	if !ok {
		s = &story{id: storyID}
		e.open(s)
	}
	sorted := e.sort()
	limit, keep := e.termBounds()
	var pruned bool
	e.added, pruned = s.terms.c.add(sorted.terms, limit, keep, &e.summing, e.added[:0])
	limit, keep = e.kindBounds()
	e.kindAdded, _ = s.names.c.add(sorted.names, limit, keep, &e.summing, e.kindAdded[:0])
	e.kindAdded, _ = s.years.c.add(sorted.years, limit, keep, &e.summing, e.kindAdded[:0])
	e.kindAdded, _ = s.numbers.c.add(sorted.numbers, limit, keep, &e.summing, e.kindAdded[:0])
	e.settle(s, pruned)
	s.docs++
	s.length += int64(len(d.terms))
	s.seq = e.seq
	if !d.Published.IsZero() {
		t := d.Published.UnixNano()
		s.last = max(s.last, t)
		e.clock.observe(t)
	}
	if d.hasSig {
		if old, forgot := e.copies.Add(articleID, d.sig); forgot {
			delete(e.articleStory, old)
		}
		e.articleStory[articleID] = storyID
	}
	if storyID >= e.nextID {
		e.nextID = storyID + 1
	}
	return s
}

// termBounds are the number of terms beyond which a story's centroid of
// all terms is pruned, and the number a prune keeps; kindBounds are those
// of its names, years and figures.
func (e *Engine) termBounds() (limit, keep int) {
	return e.p.CentroidTerms * 3 / 2, e.p.CentroidTerms
}

func (e *Engine) kindBounds() (limit, keep int) {
	return e.p.CentroidTerms, e.p.CentroidTerms / 2
}

// settle finishes a story whose channels have grown (and been pruned to
// their bounds): it refreshes the story's norms and indexes the terms in
// e.added, those the story gained and kept. When the story pruned its
// terms, its older posting entries may now name pruned terms, so the
// slot's version moves on first.
func (e *Engine) settle(s *story, pruned bool) {
	if pruned {
		e.slots[s.slot].version++
	}
	e.renorm(s)
	s.fence()
	e.post(e.added, storyRef{s.slot, e.slots[s.slot].version})
}

// fenceCount is the number of blocks a story's terms are cut into for
// holds.
const fenceCount = 16

// fence samples a story's terms for holds: fences[k] is the first id of
// the k-th block of them, each but the last of blockSize ids, or the
// largest id for a block past the end.
func (s *story) fence() {
	ids, size := s.terms.c.ids, s.blockSize()
	for k := range s.fences {
		s.fences[k] = math.MaxUint32
		if at := k * size; at < len(ids) {
			s.fences[k] = ids[at]
		}
	}
}

// blockSize is the number of terms in a block (see fence).
func (s *story) blockSize() int {
	return (len(s.terms.c.ids) + fenceCount - 1) / fenceCount
}

// holds reports whether the story holds term n. Compaction asks of
// stories mostly out of the processor's caches, where a search of all
// the terms would wait for one cache line after another; a search of
// the fences, beside the rest of the story, finds the block that would
// hold n, a line or two, and a search of it settles the question. Both
// searches halve their range by arithmetic selects (see inSorted).
func (s *story) holds(n uint32) bool {
	k := 0
	for half := fenceCount / 2; half > 0; half /= 2 {
		k += half & -b2i(s.fences[k+half] <= n)
	}
	ids, size := s.terms.c.ids, s.blockSize()
	from := min(k*size, len(ids))
	return inSorted(ids[from:min(from+size, len(ids))], n)
}

// renorm computes a story's norms with the inverse document frequencies
// of the day.
func (e *Engine) renorm(s *story) {
	for _, ch := range [...]*channel{&s.terms, &s.names, &s.years, &s.numbers} {
		ch.norm = e.norm(&ch.c)
	}
	s.epoch = e.epoch
}

// refresh recomputes a story's norms before it is scored when they date
// from an earlier epoch. Inverse document frequencies drift as documents
// arrive, fast while the stream is young, and a story's norms are
// otherwise refreshed only when the story changes: a stale norm inflates
// the similarity of every article to it. Refreshing only the stories
// scored keeps the cost per article flat however many stories are open.
//
// The norms are computed from the frequencies of the epoch's start, not
// of the moment, so that they do not depend on when in the epoch a story
// is first scored: scoring changes nothing that later decisions see, and
// an article offered and turned away (one already stored) leaves the
// engine as it found it.
func (e *Engine) refresh(s *story) {
	if s.epoch == e.epoch {
		return
	}
	s.terms.norm = e.epochNorm(&s.terms.c)
	e.refreshKinds(s)
}

// refreshKinds is refresh for a story's names, years and figures, once
// its terms are: it also marks the story's norms as of the epoch.
func (e *Engine) refreshKinds(s *story) {
	for _, ch := range [...]*channel{&s.names, &s.years, &s.numbers} {
		ch.norm = e.epochNorm(&ch.c)
	}
	s.epoch = e.epoch
}

// startEpoch records the inverse document frequencies of the moment
// for refresh: computing them once an epoch, rather than from the
// frequencies for every story refreshed, saves each term refreshed a
// lookup of its logarithm.
func (e *Engine) startEpoch() {
	lnDocs := e.lnCount(e.docs)
	idf := slices.Grow(e.epochIDF[:0], len(e.vocab.df))[:len(e.vocab.df)]
	for n, f := range e.vocab.df {
		idf[n] = lnDocs - e.logs[f] + 1
	}
	e.epochIDF = idf
	e.epochNew = lnDocs - e.logs[0] + 1
}

// epochNorm computes the IDF-weighted length of a centroid as of the
// epoch's start. Every term in a centroid is numbered; a story that has
// not changed since the epoch began holds no term numbered since, but
// such a term counts as new.
func (e *Engine) epochNorm(c *centroid) float64 {
	var sum float64
	idf, fresh, ws := e.epochIDF, e.epochNew, c.ws[:len(c.ids)]
	for i, n := range c.ids {
		f := fresh
		if int(n) < len(idf) {
			f = idf[n]
		}
		w := float64(ws[i]) * f
		sum += w * w
	}
	return math.Sqrt(sum)
}

// norm computes the IDF-weighted length of a centroid with the document
// frequencies of the moment.
func (e *Engine) norm(c *centroid) float64 {
	var sum float64
	lnDocs := e.lnCount(e.docs)
	logs, df, ws := e.logs, e.vocab.df, c.ws[:len(c.ids)]
	for i, n := range c.ids {
		w := float64(ws[i]) * (lnDocs - logs[df[n]] + 1)
		sum += w * w
	}
	return math.Sqrt(sum)
}

// sweep forgets stories quiet for twice the Window, and the least recently
// updated stories beyond MaxStories; when the inverted index has doubled
// since it was last cleaned, it also drops the entries that point at
// forgotten stories or pruned terms, so that memory follows the open
// stories rather than the length of the stream. Each cleaning checks at
// most twice the entries appended since the last, so its cost per article
// stays flat however many stories are open.
func (e *Engine) sweep() {
	defer func() {
		if e.entries >= e.cleanAt {
			e.cleanPostings()
		}
		e.sweepAt = e.seq + uint64(max(sweepEvery, len(e.stories)/8))
	}()
	if now := e.clock.now(); e.p.Window > 0 && now != 0 {
		horizon := now - 2*int64(e.p.Window)
		for _, s := range e.stories {
			if s.last != 0 && s.last < horizon {
				e.close(s)
			}
		}
	}
	if excess := len(e.stories) - e.p.MaxStories; excess > 0 {
		// Forget a sixteenth more than the excess, so that the sort is
		// needed again only after as many new stories.
		old := make([]*story, 0, len(e.stories))
		for _, s := range e.stories {
			old = append(old, s)
		}
		sort.Slice(old, func(i, j int) bool { return old[i].seq < old[j].seq })
		for _, s := range old[:min(len(old), excess+e.p.MaxStories/16)] {
			e.close(s)
		}
	}
}
