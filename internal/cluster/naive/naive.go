// Package naive is the baseline Parallax's clustering is measured against:
// single-pass clustering that compares each article's TF-IDF vector with
// the centroid of every story so far and joins the best one above a
// threshold. It has no candidate index, no names, no time and no merges,
// and its cost grows with the number of stories.
package naive

import (
	"math"

	"github.com/parallax-news/parallax/internal/textproc"
)

// Clusterer is the baseline. It is not safe for concurrent use.
type Clusterer struct {
	// Threshold is the least cosine at which an article joins a story.
	Threshold float64
	df        map[string]int
	docs      int
	stories   []map[string]float64
}

// New returns a baseline clusterer.
func New(threshold float64) *Clusterer {
	return &Clusterer{Threshold: threshold, df: make(map[string]int)}
}

// Add places an article and returns its story's index.
func (c *Clusterer) Add(title, text string) int {
	tf := make(map[string]float64)
	for _, s := range []string{title, text} {
		for _, t := range textproc.Tokens(s) {
			if !textproc.IsStopWord(t.Norm) {
				tf[textproc.Stem(t.Norm)]++
			}
		}
	}
	c.docs++
	for t := range tf {
		c.df[t]++
	}
	vec := make(map[string]float64, len(tf))
	var norm float64
	for t, n := range tf {
		w := (1 + math.Log(n)) * math.Log(float64(c.docs+1)/float64(c.df[t]))
		vec[t] = w
		norm += w * w
	}
	norm = math.Sqrt(norm)
	best, bestSim := -1, 0.0
	for i, cen := range c.stories {
		var dot, cn float64
		for t, w := range cen {
			cn += w * w
			dot += w * vec[t]
		}
		if dot == 0 {
			continue
		}
		if sim := dot / (math.Sqrt(cn) * norm); sim > bestSim {
			best, bestSim = i, sim
		}
	}
	if best < 0 || bestSim < c.Threshold {
		c.stories = append(c.stories, make(map[string]float64, len(vec)))
		best = len(c.stories) - 1
	}
	if norm > 0 {
		for t, w := range vec {
			c.stories[best][t] += w / norm
		}
	}
	return best
}

// Stories returns the number of stories made.
func (c *Clusterer) Stories() int { return len(c.stories) }
