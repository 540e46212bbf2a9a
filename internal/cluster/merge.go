package cluster

import (
	"math"
	"sort"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Resolve follows merges from a story ID to the story that holds its
// articles now.
func (e *Engine) Resolve(id int64) int64 {
	for {
		into, ok := e.mergedInto[id]
		if !ok {
			return id
		}
		id = into
	}
}

// mergeCheck looks for an open story so similar to s, as a whole, that
// the two report one event, and folds the newer into the older. Single-pass
// assignment errs towards starting a story; this is where such splits heal
// once enough reports have arrived to compare stories with each other. The
// older story (the lower ID) survives.
func (e *Engine) mergeCheck(s *story, at time.Time) (news.Merge, bool) {
	if e.p.MergeThreshold <= 0 {
		return news.Merge{}, false
	}
	terms := centroidTerms(s.centroid)
	var best *story
	var bestScore float64
	for _, t := range e.retrieve(terms, s.id) {
		if e.p.Window > 0 && absGap(s.last, t.last) > e.p.Window {
			continue
		}
		score := e.storySimilarity(s, t)
		if score > bestScore {
			best, bestScore = t, score
		}
	}
	if best == nil || bestScore < e.p.MergeThreshold {
		return news.Merge{}, false
	}
	into, from := best, s
	if from.id < into.id {
		into, from = from, into
	}
	e.fold(from, into)
	return news.Merge{From: from.id, Into: into.id, Score: bestScore, At: at}, true
}

// storySimilarity compares two stories' centroids the way similarity
// compares an article with a story.
func (e *Engine) storySimilarity(a, b *story) float64 {
	sim := e.centroidCosine(a.centroid, a.norm, b.centroid, b.norm)
	if sim == 0 {
		return 0
	}
	if a.nameNorm > 0 && b.nameNorm > 0 {
		names := e.centroidCosine(a.nameCentroid, a.nameNorm, b.nameCentroid, b.nameNorm)
		sim = (1-e.p.NameWeight)*sim + e.p.NameWeight*names
	}
	if e.p.HalfLife > 0 && !a.last.IsZero() && !b.last.IsZero() {
		sim *= math.Pow(0.5, float64(absGap(a.last, b.last))/float64(e.p.HalfLife))
	}
	return sim
}

func (e *Engine) centroidCosine(a map[string]float64, an float64, b map[string]float64, bn float64) float64 {
	if an == 0 || bn == 0 {
		return 0
	}
	if len(b) < len(a) {
		a, b = b, a
	}
	keys := make([]string, 0, len(a))
	for t := range a {
		keys = append(keys, t)
	}
	sort.Strings(keys)
	var dot float64
	for _, t := range keys {
		if w, ok := b[t]; ok {
			idf := e.idf(t)
			dot += a[t] * w * idf * idf
		}
	}
	return dot / (an * bn)
}

// fold moves story from into story into.
func (e *Engine) fold(from, into *story) {
	for _, t := range sortedKeys(from.centroid) {
		if _, had := into.centroid[t]; !had {
			e.post(t, into.id)
		}
		into.centroid[t] += from.centroid[t]
		e.unpost(t, from.id)
	}
	for _, t := range sortedKeys(from.nameCentroid) {
		into.nameCentroid[t] += from.nameCentroid[t]
	}
	for stem, surface := range from.names {
		if _, ok := into.names[stem]; !ok {
			into.names[stem] = surface
		}
	}
	into.docs += from.docs
	if from.last.After(into.last) {
		into.last = from.last
	}
	if len(into.centroid) > 2*e.p.CentroidTerms {
		e.prune(into)
	}
	into.norm = e.norm(into.centroid)
	into.nameNorm = e.norm(into.nameCentroid)
	delete(e.stories, from.id)
	e.mergedInto[from.id] = into.id
}

func (e *Engine) unpost(term string, id int64) {
	if p := e.postings[term]; p != nil {
		delete(p, id)
		if len(p) == 0 {
			delete(e.postings, term)
		}
	}
}

func centroidTerms(c map[string]float64) []termWeight {
	out := make([]termWeight, 0, len(c))
	for _, t := range sortedKeys(c) {
		out = append(out, termWeight{t, c[t]})
	}
	return out
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func absGap(a, b time.Time) time.Duration {
	if a.IsZero() || b.IsZero() {
		return 0
	}
	d := a.Sub(b)
	if d < 0 {
		return -d
	}
	return d
}
