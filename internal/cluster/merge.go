package cluster

import (
	"math"
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

// mergeCheck compares story s, just grown, with the article's runner-up
// story; when the two are now so alike as wholes that they report one
// event, the newer folds into the older (the lower ID survives). Single-pass
// assignment errs towards starting a story; this is where such splits heal,
// once an article has shown itself close to both.
func (e *Engine) mergeCheck(s *story, runnerUp int64, at time.Time) (news.Merge, bool) {
	if e.p.MergeThreshold <= 0 || runnerUp == 0 {
		return news.Merge{}, false
	}
	other := e.stories[e.Resolve(runnerUp)]
	if other == nil || other == s {
		return news.Merge{}, false
	}
	score := e.storySimilarity(s, other)
	if score < e.p.MergeThreshold {
		return news.Merge{}, false
	}
	into, from := other, s
	if from.id < into.id {
		into, from = from, into
	}
	e.fold(from, into)
	return news.Merge{From: from.id, Into: into.id, Score: score, At: at}, true
}

// storySimilarity compares two stories' centroids the way similarity
// compares an article with a story.
func (e *Engine) storySimilarity(a, b *story) float64 {
	sim := e.centroidCosine(&a.terms, a.norm, &b.terms, b.norm)
	if sim == 0 {
		return 0
	}
	if a.nameNorm > 0 && b.nameNorm > 0 {
		names := e.centroidCosine(&a.names, a.nameNorm, &b.names, b.nameNorm)
		sim = (1-e.p.NameWeight)*sim + e.p.NameWeight*names
	}
	if e.p.HalfLife > 0 && a.last != 0 && b.last != 0 {
		sim *= math.Exp2(-math.Abs(float64(a.last-b.last)) / float64(e.p.HalfLife))
	}
	return sim
}

func (e *Engine) centroidCosine(a *centroid, an float64, b *centroid, bn float64) float64 {
	if an == 0 || bn == 0 {
		return 0
	}
	var dot float64
	i, j := 0, 0
	for i < len(a.ids) && j < len(b.ids) {
		switch {
		case a.ids[i] < b.ids[j]:
			i++
		case a.ids[i] > b.ids[j]:
			j++
		default:
			f := e.idf(a.ids[i])
			dot += float64(a.ws[i]) * float64(b.ws[j]) * f * f
			i++
			j++
		}
	}
	return dot / (an * bn)
}

// fold moves story from into story into.
func (e *Engine) fold(from, into *story) {
	added := into.terms.addCentroid(&from.terms, nil)
	into.names.addCentroid(&from.names, nil)
	into.docs += from.docs
	into.last = max(into.last, from.last)
	into.seq = max(into.seq, from.seq)
	e.settle(into)
	e.postKept(into, added)
	delete(e.stories, from.id)
	e.mergedInto[from.id] = into.id
}
