package cluster

import (
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
	clock  int64
	seq    uint64
	sweeps int
	// renormAt is the document count at which every story's norms are
	// next recomputed with the inverse document frequencies of the day.
	renormAt int64

	// logs[n] is ln(n+1).
	logs []float64

	// Scratch space reused by Assign.
	query, qidf []float64
	acc         map[int64]float64
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

// weigh fills e.query with the article's TF-IDF weights and e.qidf with
// its terms' inverse document frequencies.
func (e *Engine) weigh(d *Doc) {
	e.query, e.qidf = e.query[:0], e.qidf[:0]
	for _, t := range d.terms {
		f := e.idf(t.id)
		e.query = append(e.query, t.w*f)
		e.qidf = append(e.qidf, f)
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
				e.acc[list[k]] += e.query[i]
				n++
			}
		}
	}
	type ranked struct {
		id  int64
		acc float64
	}
	all := make([]ranked, 0, len(e.acc))
	for id, a := range e.acc {
		all = append(all, ranked{id, a})
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].acc != all[b].acc {
			return all[a].acc > all[b].acc
		}
		return all[a].id < all[b].id
	})
	if len(all) > e.p.Candidates {
		all = all[:e.p.Candidates]
	}
	sort.Slice(all, func(a, b int) bool { return all[a].id < all[b].id })
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
		if e.query[a] != e.query[b] {
			return e.query[a] > e.query[b]
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
	sim := e.cosine(d.terms, e.query, e.qidf, &s.terms)
	if sim == 0 {
		return 0
	}
	ev := evidence{names: -1, years: -1, numbers: -1, gap: -1}
	if len(d.names) > 0 && s.names.norm > 0 {
		ev.names = e.cosine(d.names, nil, nil, &s.names)
	}
	if len(d.years) > 0 && s.years.norm > 0 {
		ev.years = e.cosine(d.years, nil, nil, &s.years)
	}
	if len(d.numbers) > 0 && s.numbers.norm > 0 {
		ev.numbers = e.cosine(d.numbers, nil, nil, &s.numbers)
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
// agree (lowering it less the more the names agree), and decays it with
// the time gap beyond DecayAfter.
func (e *Engine) weighEvidence(sim float64, ev evidence) float64 {
	soft := 1.0
	if ev.names >= 0 {
		sim = (1-e.p.NameWeight)*sim + e.p.NameWeight*ev.names
		if !ev.strict {
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

// cosine is the cosine between terms, with their TF-IDF weights and IDFs
// in query and qidf when given (computed otherwise), and a story's
// channel. Both sides are sorted by id, so one merging pass finds the
// shared terms.
func (e *Engine) cosine(terms []term, query, qidf []float64, ch *channel) float64 {
	if ch.norm == 0 || len(terms) == 0 {
		return 0
	}
	c := &ch.c
	var dot, dn float64
	j := 0
	for i := range terms {
		var w, f float64
		if query != nil {
			w, f = query[i], qidf[i]
		} else {
			f = e.idf(terms[i].id)
			w = terms[i].w * f
		}
		dn += w * w
		for j < len(c.ids) && c.ids[j] < terms[i].id {
			j++
		}
		if j < len(c.ids) && c.ids[j] == terms[i].id {
			dot += w * float64(c.ws[j]) * f
		}
	}
	if dot == 0 {
		return 0
	}
	return dot / (math.Sqrt(dn) * ch.norm)
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
		w := e.query[i] * float64(st.ws[j]) * e.qidf[i]
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
		e.renormAll()
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
}

// renormAll recomputes the norms of every story and schedules the next
// pass for when the count of documents has grown by a quarter. Inverse
// document frequencies drift as documents arrive, fast while the stream
// is young, and a story's norm is otherwise refreshed only when the story
// changes: a stale norm inflates the similarity of every article to it.
// The passes fall at fixed counts, so the results do not depend on which
// stories happened to be scored when.
func (e *Engine) renormAll() {
	for _, s := range e.stories {
		e.renorm(s)
	}
	e.renormAt = e.docs + max(e.docs/4, 16)
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
		kept := pl.stories[:0]
		for _, sid := range pl.stories {
			if s, live := e.stories[sid]; live && s.terms.c.has(term) {
				kept = append(kept, sid)
			}
		}
		pl.stories = kept
		pl.compactAt = max(64, 2*len(kept))
	}
	pl.stories = append(pl.stories, id)
}

// postingsSweepEvery is how many sweeps pass between cleanings of the
// whole inverted index.
const postingsSweepEvery = 16

// sweep forgets stories quiet for twice the Window, and the least recently
// updated stories beyond MaxStories; now and then it also drops index
// entries that point at forgotten stories, so that memory follows the open
// stories rather than the length of the stream.
func (e *Engine) sweep() {
	e.sweeps++
	defer func() {
		if e.sweeps%postingsSweepEvery == 0 {
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
	for term, pl := range e.postings {
		kept := pl.stories[:0]
		for _, sid := range pl.stories {
			if s, live := e.stories[sid]; live && s.terms.c.has(term) {
				kept = append(kept, sid)
			}
		}
		if len(kept) == 0 {
			delete(e.postings, term)
			continue
		}
		if cap(kept) > 2*len(kept) {
			kept = append([]int64(nil), kept...)
		}
		pl.stories = kept
		pl.compactAt = max(64, 2*len(kept))
	}
}
