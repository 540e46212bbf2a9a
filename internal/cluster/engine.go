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
	names    map[string]string
	// norm is the length of the centroid weighted by inverse document
	// frequency, refreshed whenever the story changes.
	norm float64
	docs int
	last time.Time
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

// candidates returns the stories sharing one of the article's strongest
// terms, in ID order.
func (e *Engine) candidates(d *Doc) []*story {
	type tw struct {
		term string
		w    float64
	}
	top := make([]tw, 0, len(d.terms))
	for _, t := range d.terms {
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
			seen[id] = struct{}{}
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

// similarity is the cosine between the article's and the story's TF-IDF
// vectors, decayed by the time since the story's last report.
func (e *Engine) similarity(d *Doc, s *story) float64 {
	var dot, dn float64
	for _, t := range d.terms {
		idf := e.idf(t.term)
		w := t.weight * idf
		dn += w * w
		if c, ok := s.centroid[t.term]; ok {
			dot += w * c * idf
		}
	}
	if dot == 0 || s.norm == 0 {
		return 0
	}
	sim := dot / (math.Sqrt(dn) * s.norm)
	if e.p.HalfLife > 0 && !d.Published.IsZero() && !s.last.IsZero() {
		gap := d.Published.Sub(s.last)
		if gap < 0 {
			gap = -gap
		}
		sim *= math.Pow(0.5, float64(gap)/float64(e.p.HalfLife))
	}
	return sim
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
// original for later reprints. Restoring state from a store is a Commit of
// each stored article in ID order.
func (e *Engine) Commit(d *Doc, articleID int64, a news.Assignment) {
	e.docs++
	for _, t := range d.terms {
		e.df[t.term]++
	}
	s, ok := e.stories[a.StoryID]
	if !ok {
		s = &story{id: a.StoryID, centroid: make(map[string]float64), names: make(map[string]string)}
		e.stories[a.StoryID] = s
	}
	var norm float64
	for _, t := range d.terms {
		norm += t.weight * t.weight
	}
	norm = math.Sqrt(norm)
	for _, t := range d.terms {
		if _, had := s.centroid[t.term]; !had {
			e.post(t.term, s.id)
		}
		s.centroid[t.term] += t.weight / norm
	}
	for stem, surface := range d.names {
		if _, ok := s.names[stem]; !ok {
			s.names[stem] = surface
		}
	}
	if len(s.centroid) > 2*e.p.CentroidTerms {
		e.prune(s)
	}
	s.norm = e.norm(s)
	s.docs++
	if d.Published.After(s.last) {
		s.last = d.Published
	}
	if d.hasSig {
		e.copies.Add(articleID, d.sig)
	}
	e.articleStory[articleID] = a.StoryID
	if a.StoryID >= e.nextID {
		e.nextID = a.StoryID + 1
	}
}

// norm computes the IDF-weighted length of a story's centroid, summing in
// term order so that the result does not depend on map iteration.
func (e *Engine) norm(s *story) float64 {
	terms := make([]string, 0, len(s.centroid))
	for t := range s.centroid {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	var sum float64
	for _, t := range terms {
		w := s.centroid[t] * e.idf(t)
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
		if p := e.postings[x.term]; p != nil {
			delete(p, s.id)
			if len(p) == 0 {
				delete(e.postings, x.term)
			}
		}
	}
}
