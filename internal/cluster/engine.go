package cluster

import (
	"math"
	"sort"
	"time"

	"github.com/parallax-news/parallax/internal/dedup"
	"github.com/parallax-news/parallax/internal/news"
)

// evidenceTerms is how many shared terms and names an assignment keeps.
const evidenceTerms = 8

type story struct {
	id int64
	// centroid sums the length-normalised term frequencies of the
	// story's articles; inverse document frequency is applied at scoring
	// time, so early articles are weighed with today's statistics.
	centroid map[string]float64
	// nameCentroid does the same for capitalised names alone.
	nameCentroid map[string]float64
	names        map[string]string
	// norm and nameNorm are the lengths of the centroids weighted by
	// inverse document frequency, refreshed whenever the story changes.
	norm, nameNorm float64
	docs           int
	last           time.Time
}

// Engine holds the open stories and assigns articles to them. It is not
// safe for concurrent use; determinism comes from feeding it in order.
type Engine struct {
	p            Params
	df           map[string]int
	docs         int
	stories      map[int64]*story
	postings     map[string]map[int64]struct{}
	copies       *dedup.Index
	articleStory map[int64]int64
	mergedInto   map[int64]int64
	nextID       int64
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
		df:           make(map[string]int),
		stories:      make(map[int64]*story),
		postings:     make(map[string]map[int64]struct{}),
		copies:       dedup.NewIndex(p.DuplicateThreshold),
		articleStory: make(map[int64]int64),
		mergedInto:   make(map[int64]int64),
		nextID:       firstStoryID,
	}, nil
}

// Stories returns the number of stories the engine holds.
func (e *Engine) Stories() int { return len(e.stories) }

func (e *Engine) idf(term string) float64 {
	return math.Log(float64(e.docs+1)/float64(e.df[term]+1)) + 1
}

type candidate struct {
	s     *story
	score float64
}

// Assign decides where an article belongs without changing the engine;
// Commit records the decision once the article is stored.
func (e *Engine) Assign(d *Doc) news.Assignment {
	if d.hasSig {
		if orig, r, ok := e.copies.Nearest(&d.sig); ok {
			if sid, ok := e.articleStory[orig]; ok {
				sid = e.Resolve(sid)
				a := e.explain(d, e.stories[sid], e.similarity(d, e.stories[sid]))
				a.DuplicateOf = orig
				a.Similarity = r
				return a
			}
		}
	}
	best, runnerUp := e.best(d)
	if best.s == nil || best.score < e.threshold(d) {
		a := news.Assignment{StoryID: e.nextID, NewStory: true, Score: best.score, RunnerUp: runnerUp}
		return a
	}
	a := e.explain(d, best.s, best.score)
	a.RunnerUp = runnerUp
	return a
}

// threshold is the similarity an article must reach to join a story.
func (e *Engine) threshold(d *Doc) float64 {
	if n := len(d.terms); n < e.p.FullLength {
		return e.p.Threshold * math.Sqrt(float64(n)/float64(e.p.FullLength))
	}
	return e.p.Threshold
}

// best returns the most similar open story and the score of the next best.
func (e *Engine) best(d *Doc) (candidate, float64) {
	var best candidate
	var runnerUp float64
	for _, s := range e.candidates(d) {
		if e.p.Window > 0 && !d.Published.IsZero() && !s.last.IsZero() && d.Published.Sub(s.last) > e.p.Window {
			continue
		}
		score := e.similarity(d, s)
		switch {
		case best.s == nil || score > best.score:
			if best.s != nil {
				runnerUp = best.score
			}
			best = candidate{s, score}
		case score > runnerUp:
			runnerUp = score
		}
	}
	return best, runnerUp
}

// candidates returns the open stories sharing one of the article's
// strongest terms, in ID order.
func (e *Engine) candidates(d *Doc) []*story {
	return e.retrieve(d.terms, 0)
}

// retrieve returns the stories, other than skip, whose centroids hold one
// of the QueryTerms heaviest of the given terms by TF-IDF, in ID order.
func (e *Engine) retrieve(terms []termWeight, skip int64) []*story {
	type tw struct {
		term string
		w    float64
	}
	top := make([]tw, 0, len(terms))
	for _, t := range terms {
		top = append(top, tw{t.term, t.weight * e.idf(t.term)})
	}
	sort.Slice(top, func(i, j int) bool {
		if top[i].w != top[j].w {
			return top[i].w > top[j].w
		}
		return top[i].term < top[j].term
	})
	if len(top) > e.p.QueryTerms {
		top = top[:e.p.QueryTerms]
	}
	seen := make(map[int64]struct{})
	for _, t := range top {
		for id := range e.postings[t.term] {
			if id != skip {
				seen[id] = struct{}{}
			}
		}
	}
	ids := make([]int64, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := make([]*story, len(ids))
	for i, id := range ids {
		out[i] = e.stories[id]
	}
	return out
}

// similarity blends the cosine between the article's and the story's
// TF-IDF vectors over all terms with the cosine over names alone, and
// decays it by the time since the story's last report. Names weigh in
// because two events of one kind (two earthquakes, two trials) share
// their vocabulary but not their people and places.
func (e *Engine) similarity(d *Doc, s *story) float64 {
	sim := e.cosine(d.terms, s.centroid, s.norm)
	if sim == 0 {
		return 0
	}
	if len(d.nameTerms) > 0 && s.nameNorm > 0 {
		names := e.cosine(d.nameTerms, s.nameCentroid, s.nameNorm)
		sim = (1-e.p.NameWeight)*sim + e.p.NameWeight*names
	}
	if e.p.HalfLife > 0 && !d.Published.IsZero() && !s.last.IsZero() {
		gap := d.Published.Sub(s.last)
		if gap < 0 {
			gap = -gap
		}
		sim *= math.Pow(0.5, float64(gap)/float64(e.p.HalfLife))
	}
	return sim
}

// cosine is the cosine between IDF-weighted terms and a centroid of norm
// cnorm, summed in the article's term order.
func (e *Engine) cosine(terms []termWeight, centroid map[string]float64, cnorm float64) float64 {
	if cnorm == 0 {
		return 0
	}
	var dot, dn float64
	for _, t := range terms {
		idf := e.idf(t.term)
		w := t.weight * idf
		dn += w * w
		if c, ok := centroid[t.term]; ok {
			dot += w * c * idf
		}
	}
	if dot == 0 {
		return 0
	}
	return dot / (math.Sqrt(dn) * cnorm)
}

// explain builds the evidence for joining story s.
func (e *Engine) explain(d *Doc, s *story, score float64) news.Assignment {
	a := news.Assignment{StoryID: s.id, Score: score}
	if !d.Published.IsZero() && !s.last.IsZero() {
		a.TimeGap = d.Published.Sub(s.last)
	}
	type shared struct {
		term string
		w    float64
	}
	var terms, names []shared
	for _, t := range d.terms {
		c, ok := s.centroid[t.term]
		if !ok {
			continue
		}
		idf := e.idf(t.term)
		sh := shared{t.term, t.weight * c * idf * idf}
		if surface, isName := d.names[t.term]; isName {
			if _, storyName := s.names[t.term]; storyName {
				names = append(names, shared{surface, sh.w})
				continue
			}
		}
		if w, ok := d.words[t.term]; ok {
			sh.term = w
		}
		terms = append(terms, sh)
	}
	pick := func(list []shared) []string {
		sort.Slice(list, func(i, j int) bool {
			if list[i].w != list[j].w {
				return list[i].w > list[j].w
			}
			return list[i].term < list[j].term
		})
		if len(list) > evidenceTerms {
			list = list[:evidenceTerms]
		}
		out := make([]string, len(list))
		for i, x := range list {
			out[i] = x.term
		}
		return out
	}
	a.Terms = pick(terms)
	a.Entities = pick(names)
	return a
}

// Commit records that the article with this ID was stored with the given
// assignment: it joins (or starts) the story and becomes a candidate
// original for later reprints. When the grown story now matches another
// as a whole, the two merge and the merge is returned; the caller applies
// it to its store.
func (e *Engine) Commit(d *Doc, articleID int64, a news.Assignment) (news.Merge, bool) {
	s := e.add(d, articleID, a.StoryID)
	return e.mergeCheck(s, d.Published)
}

// Restore records a stored article in its stored story, as Commit does,
// but never merges: restoring state from a store replays each stored
// article in ID order with the story it holds now.
func (e *Engine) Restore(d *Doc, articleID, storyID int64) {
	e.add(d, articleID, storyID)
}

func (e *Engine) add(d *Doc, articleID, storyID int64) *story {
	storyID = e.Resolve(storyID)
	e.docs++
	for _, t := range d.terms {
		e.df[t.term]++
	}
	s, ok := e.stories[storyID]
	if !ok {
		s = &story{id: storyID, centroid: make(map[string]float64), nameCentroid: make(map[string]float64), names: make(map[string]string)}
		e.stories[storyID] = s
	}
	for _, t := range addNormalised(s.centroid, d.terms) {
		e.post(t, s.id)
	}
	addNormalised(s.nameCentroid, d.nameTerms)
	for stem, surface := range d.names {
		if _, ok := s.names[stem]; !ok {
			s.names[stem] = surface
		}
	}
	if len(s.centroid) > 2*e.p.CentroidTerms {
		e.prune(s)
	}
	s.norm = e.norm(s.centroid)
	s.nameNorm = e.norm(s.nameCentroid)
	s.docs++
	if d.Published.After(s.last) {
		s.last = d.Published
	}
	if d.hasSig {
		e.copies.Add(articleID, d.sig)
	}
	e.articleStory[articleID] = storyID
	if storyID >= e.nextID {
		e.nextID = storyID + 1
	}
	return s
}

// addNormalised adds length-normalised term weights to a centroid and
// returns the terms it did not hold before.
func addNormalised(centroid map[string]float64, terms []termWeight) (added []string) {
	var norm float64
	for _, t := range terms {
		norm += t.weight * t.weight
	}
	norm = math.Sqrt(norm)
	for _, t := range terms {
		if _, had := centroid[t.term]; !had {
			added = append(added, t.term)
		}
		centroid[t.term] += t.weight / norm
	}
	return added
}

// norm computes the IDF-weighted length of a centroid, summing in term
// order so that the result does not depend on map iteration.
func (e *Engine) norm(centroid map[string]float64) float64 {
	terms := make([]string, 0, len(centroid))
	for t := range centroid {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	var sum float64
	for _, t := range terms {
		w := centroid[t] * e.idf(t)
		sum += w * w
	}
	return math.Sqrt(sum)
}

func (e *Engine) post(term string, id int64) {
	p, ok := e.postings[term]
	if !ok {
		p = make(map[int64]struct{}, 1)
		e.postings[term] = p
	}
	p[id] = struct{}{}
}

// prune keeps a story's CentroidTerms heaviest terms.
func (e *Engine) prune(s *story) {
	type tw struct {
		term string
		w    float64
	}
	list := make([]tw, 0, len(s.centroid))
	for t, w := range s.centroid {
		list = append(list, tw{t, w})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].w != list[j].w {
			return list[i].w > list[j].w
		}
		return list[i].term < list[j].term
	})
	for _, x := range list[e.p.CentroidTerms:] {
		delete(s.centroid, x.term)
		delete(s.nameCentroid, x.term)
		e.unpost(x.term, s.id)
	}
}
