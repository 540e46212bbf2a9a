package cluster

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/dedup"
	"github.com/parallax-news/parallax/internal/news"
)

// evidenceTerms is how many shared terms and names an assignment keeps.
const evidenceTerms = 8

// sweepEvery is how many commits pass between sweeps for quiet stories.
const sweepEvery = 1024

type story struct {
	id int64
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
}

// Engine holds the open stories and assigns articles to them. It is not
// safe for concurrent use; determinism comes from feeding it in order.
type Engine struct {
	p        Params
	df       map[uint64]int32
	docs     int64
	stories  map[int64]*story
	postings map[uint64]*posting
	copies   *dedup.Index
	// articleStory maps the articles held by copies to their stories.
	articleStory map[int64]int64
	mergedInto   map[int64]int64
	nextID       int64
	// clock is the latest publication time seen (unix nanoseconds).
	clock int64
	seq   uint64
	// entries is the number of entries in postings, as of the last
	// cleaning plus those appended since; cleanAt is the count at which
	// the whole index is next cleaned.
	entries, cleanAt int
	// epoch counts the times the document count has grown by a quarter;
	// renormAt is the count at which the next epoch begins.
	epoch    int32
	renormAt int64

	// logs[n] is ln(n+1).
	logs []float64

	// Scratch space reused by Assign: the article's weights per kind of
	// evidence, a hash table from its term ids to their positions, and
	// the candidates' accumulated scores.
	qTerms, qNames, qYears, qNumbers query
	slots                            []slot
	acc                              map[int64]float64
	ranked                           []ranked
}

// ranked is a candidate story and the weight of the article's strongest
// terms it holds.
type ranked struct {
	id  int64
	acc float64
}

// query is an article's weights over one kind of evidence, parallel to
// the Doc's terms of that kind: TF-IDF weight w and inverse document
// frequency f, and the length of w.
type query struct {
	w, f []float64
	norm float64
}

// fill computes the weights of terms with the engine's frequencies.
func (q *query) fill(e *Engine, terms []term) {
	q.w, q.f = q.w[:0], q.f[:0]
	var n float64
	for _, t := range terms {
		f := e.idf(t.id)
		w := t.w * f
		q.w = append(q.w, w)
		q.f = append(q.f, f)
		n += w * w
	}
	q.norm = math.Sqrt(n)
}

// fillFrom computes the weights of terms that are all among the article's
// terms, taking their frequencies from all, already filled.
func (q *query) fillFrom(e *Engine, terms []term, all *query) {
	q.w, q.f = q.w[:0], q.f[:0]
	var n float64
	for _, t := range terms {
		f := all.f[e.position(t.id)]
		w := t.w * f
		q.w = append(q.w, w)
		q.f = append(q.f, f)
		n += w * w
	}
	q.norm = math.Sqrt(n)
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
		df:           make(map[uint64]int32),
		stories:      make(map[int64]*story),
		postings:     make(map[uint64]*posting),
		copies:       dedup.NewIndex(p.DuplicateThreshold, p.Copies),
		articleStory: make(map[int64]int64),
		mergedInto:   make(map[int64]int64),
		nextID:       firstStoryID,
		acc:          make(map[int64]float64),
	}, nil
}

// Stories returns the number of stories the engine holds in memory.
func (e *Engine) Stories() int { return len(e.stories) }

// idf is the smoothed inverse document frequency of a term,
// ln((N+1)/(df+1)) + 1, from a table of logarithms that grows with N.
func (e *Engine) idf(id uint64) float64 {
	return e.lnCount(e.docs) - e.lnCount(int64(e.df[id])) + 1
}

// lnCount returns ln(n+1) from a table extended as counts grow.
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
	for _, s := range e.candidates(d) {
		score := e.similarity(d, s)
		if e.dormant(s) && score < e.threshold(d)+e.p.ReopenMargin {
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
		return dec
	}
	dec = e.explain(d, best, bestScore)
	dec.RunnerUp = secondScore
	if second != nil {
		dec.runnerUp = second.id
	}
	return dec
}

// weigh computes the article's weights over all its kinds of evidence and
// indexes its terms for termCosine.
func (e *Engine) weigh(d *Doc) {
	e.qTerms.fill(e, d.terms)
	size := 64
	for size < 4*len(d.terms) {
		size *= 2
	}
	if cap(e.slots) < size {
		e.slots = make([]slot, size)
	}
	e.slots = e.slots[:size]
	clear(e.slots)
	mask := uint64(size - 1)
	for i, t := range d.terms {
		// Term ids are hashes, so their low bits spread well.
		k := t.id & mask
		for e.slots[k].pos != 0 {
			k = (k + 1) & mask
		}
		e.slots[k] = slot{t.id, int32(i + 1)}
	}
	// Names, years and figures are all among the terms.
	e.qNames.fillFrom(e, d.names, &e.qTerms)
	e.qYears.fillFrom(e, d.years, &e.qTerms)
	e.qNumbers.fillFrom(e, d.numbers, &e.qTerms)
}

// slot is an entry of the hash table of the article's terms: a term id
// and its position plus one (0 marks an empty slot).
type slot struct {
	id  uint64
	pos int32
}

// position returns the index of term id in the article weighed last, or
// -1. The table is at most a quarter full, so a term the article lacks is
// usually told at the first slot.
func (e *Engine) position(id uint64) int {
	mask := uint64(len(e.slots) - 1)
	for k := id & mask; ; k = (k + 1) & mask {
		sl := &e.slots[k]
		if sl.pos == 0 {
			return -1
		}
		if sl.id == id {
			return int(sl.pos - 1)
		}
	}
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

// dormant reports whether a story has been quiet for longer than Window.
func (e *Engine) dormant(s *story) bool {
	return e.p.Window > 0 && s.last != 0 && e.clock-s.last > int64(e.p.Window)
}

// candidates returns the stories most worth scoring: those holding the
// article's strongest terms, ranked by the weight of the terms they
// share, best Candidates of them in ID order. Only the PostingsScan most
// recently added stories of each term are looked at, so the cost is bounded
// whatever the number of stories.
func (e *Engine) candidates(d *Doc) []*story {
	top := e.strongest(d)
	clear(e.acc)
	for _, i := range top {
		pl := e.postings[d.terms[i].id]
		if pl == nil {
			continue
		}
		list := pl.stories
		for k, n := len(list)-1, 0; k >= 0 && n < e.p.PostingsScan; k-- {
			if _, live := e.stories[list[k]]; live {
				e.acc[list[k]] += e.qTerms.w[i]
				n++
			}
		}
	}
	// Keep the best Candidates by insertion into a short sorted list:
	// ranked by accumulated weight, ties to the lower ID.
	better := func(a, b ranked) bool {
		if a.acc != b.acc {
			return a.acc > b.acc
		}
		return a.id < b.id
	}
	all := e.ranked[:0]
	for id, a := range e.acc {
		r := ranked{id, a}
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
	e.ranked = all
	slices.SortFunc(all, func(a, b ranked) int { return cmp.Compare(a.id, b.id) })
	out := make([]*story, len(all))
	for i, r := range all {
		out[i] = e.stories[r.id]
	}
	return out
}

// strongest returns the indices of the article's QueryTerms heaviest
// terms (ties to the lower id), by insertion into a short sorted list.
func (e *Engine) strongest(d *Doc) []int {
	top := make([]int, 0, e.p.QueryTerms+1)
	heavier := func(a, b int) bool {
		if q := e.qTerms.w; q[a] != q[b] {
			return q[a] > q[b]
		}
		return d.terms[a].id < d.terms[b].id
	}
	for i := range d.terms {
		if len(top) == e.p.QueryTerms && !heavier(i, top[len(top)-1]) {
			continue
		}
		k := len(top)
		top = append(top, i)
		for k > 0 && heavier(i, top[k-1]) {
			top[k] = top[k-1]
			k--
		}
		top[k] = i
		if len(top) > e.p.QueryTerms {
			top = top[:e.p.QueryTerms]
		}
	}
	return top
}

// similarity blends the cosine between the article's and the story's
// TF-IDF vectors over all terms with the cosine over names alone, weighs
// in whether the years and the other figures they mention agree, and
// decays the result by the time since the story's last report. Names,
// years and figures weigh in because two events of one kind (two
// earthquakes, two trials) share their vocabulary but not their people
// and places, their year or their magnitudes and tolls. e.query must hold
// the article's weights.
func (e *Engine) similarity(d *Doc, s *story) float64 {
	e.refresh(s)
	sim := e.termCosine(&s.terms)
	if sim == 0 {
		return 0
	}
	ev := evidence{names: -1, years: -1, numbers: -1, gap: -1}
	if len(d.names) > 0 && s.names.norm > 0 {
		ev.names = cosine(d.names, &e.qNames, &s.names)
	}
	if len(d.years) > 0 && s.years.norm > 0 {
		ev.years = cosine(d.years, &e.qYears, &s.years)
	}
	if len(d.numbers) > 0 && s.numbers.norm > 0 {
		ev.numbers = cosine(d.numbers, &e.qNumbers, &s.numbers)
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
		sim *= math.Exp2(-max(0, ev.gap-float64(e.p.DecayAfter)) / float64(e.p.HalfLife))
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

// cosine is the cosine between terms, weighed in q, and a story's
// channel. Both sides are sorted by id, so one merging pass finds the
// shared terms; it serves the short kinds of evidence (names, years,
// figures).
func cosine(terms []term, q *query, ch *channel) float64 {
	if ch.norm == 0 || q.norm == 0 {
		return 0
	}
	c := &ch.c
	var dot float64
	j := 0
	for i := range terms {
		for j < len(c.ids) && c.ids[j] < terms[i].id {
			j++
		}
		if j < len(c.ids) && c.ids[j] == terms[i].id {
			dot += q.w[i] * float64(c.ws[j]) * q.f[i]
		}
	}
	return dot / (q.norm * ch.norm)
}

// termCosine is the cosine between the article weighed last and a
// story's channel of all terms. An article has about twice the terms a
// story keeps, so the story's terms are looked up in the article's hash
// table rather than the two lists merged.
func (e *Engine) termCosine(ch *channel) float64 {
	if ch.norm == 0 || e.qTerms.norm == 0 {
		return 0
	}
	c := &ch.c
	var dot float64
	for j, id := range c.ids {
		if i := e.position(id); i >= 0 {
			dot += e.qTerms.w[i] * float64(c.ws[j]) * e.qTerms.f[i]
		}
	}
	return dot / (e.qTerms.norm * ch.norm)
}

// explain builds the decision to join story s, with its evidence.
func (e *Engine) explain(d *Doc, s *story, score float64) Decision {
	a := news.Assignment{StoryID: s.id, Score: score}
	if !d.Published.IsZero() && s.last != 0 {
		a.TimeGap = time.Duration(d.Published.UnixNano() - s.last)
	}
	type shared struct {
		word string
		w    float64
	}
	var terms, names []shared
	isName := make(map[uint64]string, len(d.names))
	for i, n := range d.names {
		if s.names.c.has(n.id) {
			isName[n.id] = d.nameWords[i]
		}
	}
	st := &s.terms.c
	j := 0
	for i, t := range d.terms {
		for j < len(st.ids) && st.ids[j] < t.id {
			j++
		}
		if j == len(st.ids) || st.ids[j] != t.id {
			continue
		}
		w := e.qTerms.w[i] * float64(st.ws[j]) * e.qTerms.f[i]
		if surface, ok := isName[t.id]; ok {
			names = append(names, shared{surface, w})
			continue
		}
		terms = append(terms, shared{d.words[i], w})
	}
	pick := func(list []shared) []string {
		slices.SortFunc(list, func(a, b shared) int {
			if a.w != b.w {
				if a.w > b.w {
					return -1
				}
				return 1
			}
			return strings.Compare(a.word, b.word)
		})
		if len(list) > evidenceTerms {
			list = list[:evidenceTerms]
		}
		out := make([]string, len(list))
		for i, x := range list {
			out[i] = x.word
		}
		return out
	}
	a.Terms = pick(terms)
	a.Entities = pick(names)
	return Decision{Assignment: a}
}

// Commit records that the article with this ID was stored with the given
// decision: it joins (or starts) the story and becomes a candidate
// original for later reprints. When the grown story now matches the
// article's runner-up story as a whole, the two merge and the merge is
// returned; the caller applies it to its store.
func (e *Engine) Commit(d *Doc, articleID int64, dec Decision) (news.Merge, bool) {
	s := e.add(d, articleID, dec.StoryID)
	m, merged := e.mergeCheck(s, dec.runnerUp, d.Published)
	if e.seq%sweepEvery == 0 {
		e.sweep()
	}
	return m, merged
}

// Restore records a stored article in its stored story, as Commit does,
// but never merges: restoring state from a store replays each stored
// article in ID order with the story it holds now.
func (e *Engine) Restore(d *Doc, articleID, storyID int64) {
	e.add(d, articleID, storyID)
	if e.seq%sweepEvery == 0 {
		e.sweep()
	}
}

func (e *Engine) add(d *Doc, articleID, storyID int64) *story {
	storyID = e.Resolve(storyID)
	e.docs++
	e.seq++
	for _, t := range d.terms {
		e.df[t.id]++
	}
	if e.docs >= e.renormAt {
		e.epoch++
		e.renormAt = e.docs + max(e.docs/4, 16)
	}
	s, ok := e.stories[storyID]
	if !ok {
		s = &story{id: storyID}
		e.stories[storyID] = s
	}
	added := s.terms.c.add(d.terms, nil)
	s.names.c.add(d.names, nil)
	s.years.c.add(d.years, nil)
	s.numbers.c.add(d.numbers, nil)
	e.settle(s)
	e.postKept(s, added)
	s.docs++
	s.length += int64(len(d.terms))
	s.seq = e.seq
	if !d.Published.IsZero() {
		t := d.Published.UnixNano()
		s.last = max(s.last, t)
		e.clock = max(e.clock, t)
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

// postKept indexes the terms a story gained and kept after pruning.
func (e *Engine) postKept(s *story, added []uint64) {
	for _, id := range added {
		if s.terms.c.has(id) {
			e.post(id, s.id)
		}
	}
}

// settle prunes a grown story and refreshes its norms.
func (e *Engine) settle(s *story) {
	if s.terms.c.len() > e.p.CentroidTerms*3/2 {
		s.terms.c.prune(e.p.CentroidTerms)
	}
	for _, ch := range [...]*channel{&s.names, &s.years, &s.numbers} {
		if ch.c.len() > e.p.CentroidTerms {
			ch.c.prune(e.p.CentroidTerms / 2)
		}
	}
	e.renorm(s)
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
// scored keeps the cost per article flat however many stories are open;
// the epochs fall at fixed document counts and stories are scored in
// input order, so the results stay deterministic.
func (e *Engine) refresh(s *story) {
	if s.epoch != e.epoch {
		e.renorm(s)
	}
}

// norm computes the IDF-weighted length of a centroid.
func (e *Engine) norm(c *centroid) float64 {
	var sum float64
	for i, id := range c.ids {
		w := float64(c.ws[i]) * e.idf(id)
		sum += w * w
	}
	return math.Sqrt(sum)
}

// posting lists the stories holding a term, oldest first. Entries for
// forgotten or merged stories, and for terms a story has since pruned, are
// dropped when the list doubles since it was last compacted, so each entry
// is checked a bounded number of times.
type posting struct {
	stories   []int64
	compactAt int
}

// post records that story id holds term.
func (e *Engine) post(term uint64, id int64) {
	pl := e.postings[term]
	if pl == nil {
		pl = &posting{compactAt: 64}
		e.postings[term] = pl
	}
	if len(pl.stories) >= pl.compactAt {
		n := len(pl.stories)
		e.compact(term, pl)
		e.entries -= n - len(pl.stories)
	}
	pl.stories = append(pl.stories, id)
	e.entries++
}

// compact drops the entries of a posting list whose stories are forgotten
// or have pruned the term.
func (e *Engine) compact(term uint64, pl *posting) {
	kept := pl.stories[:0]
	for _, sid := range pl.stories {
		if s, live := e.stories[sid]; live && s.terms.c.has(term) {
			kept = append(kept, sid)
		}
	}
	if cap(kept) > 2*len(kept) {
		kept = append([]int64(nil), kept...)
	}
	pl.stories = kept
	pl.compactAt = max(64, 2*len(kept))
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
	}()
	if e.p.Window > 0 && e.clock != 0 {
		horizon := e.clock - 2*int64(e.p.Window)
		for id, s := range e.stories {
			if s.last != 0 && s.last < horizon {
				delete(e.stories, id)
			}
		}
	}
	if excess := len(e.stories) - e.p.MaxStories; excess > 0 {
		old := make([]*story, 0, len(e.stories))
		for _, s := range e.stories {
			old = append(old, s)
		}
		sort.Slice(old, func(i, j int) bool { return old[i].seq < old[j].seq })
		for _, s := range old[:excess] {
			delete(e.stories, s.id)
		}
	}
}

// cleanPostings drops posting entries of forgotten stories and of terms
// their stories have pruned, and lists left empty.
func (e *Engine) cleanPostings() {
	e.entries = 0
	for term, pl := range e.postings {
		e.compact(term, pl)
		if len(pl.stories) == 0 {
			delete(e.postings, term)
			continue
		}
		e.entries += len(pl.stories)
	}
	e.cleanAt = max(2*e.entries, 1<<16)
}
