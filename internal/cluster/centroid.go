package cluster

import (
	"math"
	"slices"
)

// channel is one kind of evidence a story holds: a centroid and its
// IDF-weighted length.
type channel struct {
	c    centroid
	norm float64
}

// centroid is a story's term vector: the sum of its articles' length-
// normalised term weights, in parallel slices sorted by term id (twelve
// bytes a term). Inverse document frequency is applied when comparing, so
// early articles are weighed with today's statistics.
type centroid struct {
	ids []uint64
	ws  []float32
}

func (c *centroid) len() int { return len(c.ids) }

// add adds terms scaled to unit length and returns the ids it did not hold
// before.
func (c *centroid) add(terms []term, added []uint64) []uint64 {
	var norm float64
	for _, t := range terms {
		norm += t.w * t.w
	}
	if norm == 0 {
		return added
	}
	scale := 1 / math.Sqrt(norm)
	ids := make([]uint64, 0, len(c.ids)+len(terms))
	ws := make([]float32, 0, len(c.ids)+len(terms))
	i, j := 0, 0
	for i < len(c.ids) || j < len(terms) {
		switch {
		case j == len(terms) || (i < len(c.ids) && c.ids[i] < terms[j].id):
			ids, ws = append(ids, c.ids[i]), append(ws, c.ws[i])
			i++
		case i == len(c.ids) || terms[j].id < c.ids[i]:
			ids, ws = append(ids, terms[j].id), append(ws, float32(terms[j].w*scale))
			added = append(added, terms[j].id)
			j++
		default:
			ids, ws = append(ids, c.ids[i]), append(ws, c.ws[i]+float32(terms[j].w*scale))
			i++
			j++
		}
	}
	c.ids, c.ws = ids, ws
	return added
}

// addCentroid adds another centroid and returns the ids it did not hold.
func (c *centroid) addCentroid(o *centroid, added []uint64) []uint64 {
	terms := make([]term, len(o.ids))
	for i := range o.ids {
		terms[i] = term{o.ids[i], float64(o.ws[i])}
	}
	// Sum as is, without normalising: both are sums of unit vectors.
	ids := make([]uint64, 0, len(c.ids)+len(terms))
	ws := make([]float32, 0, len(c.ids)+len(terms))
	i, j := 0, 0
	for i < len(c.ids) || j < len(terms) {
		switch {
		case j == len(terms) || (i < len(c.ids) && c.ids[i] < terms[j].id):
			ids, ws = append(ids, c.ids[i]), append(ws, c.ws[i])
			i++
		case i == len(c.ids) || terms[j].id < c.ids[i]:
			ids, ws = append(ids, terms[j].id), append(ws, float32(terms[j].w))
			added = append(added, terms[j].id)
			j++
		default:
			ids, ws = append(ids, c.ids[i]), append(ws, c.ws[i]+float32(terms[j].w))
			i++
			j++
		}
	}
	c.ids, c.ws = ids, ws
	return added
}

// prune keeps the keep heaviest terms (ties to the lower id). It finds
// the weight of the keep-th heaviest term in a sorted copy of the weights,
// then keeps, in id order, every heavier term and as many of the terms of
// exactly that weight as fit, lowest ids first.
func (c *centroid) prune(keep int) {
	if len(c.ids) <= keep {
		return
	}
	sorted := slices.Clone(c.ws)
	slices.Sort(sorted)
	cut := sorted[len(sorted)-keep]
	ties := keep
	for _, w := range sorted[len(sorted)-keep:] {
		if w > cut {
			ties--
		}
	}
	ids := make([]uint64, 0, keep)
	ws := make([]float32, 0, keep)
	for i, w := range c.ws {
		if w > cut || (w == cut && ties > 0) {
			if w == cut {
				ties--
			}
			ids = append(ids, c.ids[i])
			ws = append(ws, w)
		}
	}
	c.ids, c.ws = ids, ws
}

// has reports whether the centroid holds a term.
func (c *centroid) has(id uint64) bool {
	_, found := slices.BinarySearch(c.ids, id)
	return found
}
