package cluster

import (
	"math"
	"math/bits"
	"slices"
)

// channel is one kind of evidence a story holds: a centroid and its
// IDF-weighted length.
type channel struct {
	c    centroid
	norm float64
}

// centroid is a story's term vector: the sum of its articles' length-
// normalised term weights, in parallel slices sorted by vocabulary number
// (eight bytes a term). Inverse document frequency is applied when
// comparing, so early articles are weighed with today's statistics.
type centroid struct {
	ids []uint32
	ws  []float32
}

// entry is a weighted term by vocabulary number, as centroids add them.
type entry struct {
	id uint32
	w  float64
}

func (c *centroid) len() int { return len(c.ids) }

// add adds entries (sorted by id) scaled to unit length and returns added
// with the ids the centroid did not hold before appended.
func (c *centroid) add(es []entry, added []uint32) []uint32 {
	var norm float64
	for _, e := range es {
		norm += e.w * e.w
	}
	if norm == 0 {
		return added
	}
	return c.merge(es, 1/math.Sqrt(norm), added)
}

// addCentroid adds another centroid as is (both are sums of unit
// vectors) and returns added with the ids it did not hold appended.
func (c *centroid) addCentroid(o *centroid, added []uint32) []uint32 {
	es := make([]entry, len(o.ids))
	for i := range o.ids {
		es[i] = entry{o.ids[i], float64(o.ws[i])}
	}
	return c.merge(es, 1, added)
}

// merge adds es (sorted by id), each weight times scale, in place: it
// counts the ids new to the centroid, grows the slices by that many and
// merges from the back, so that a story's vectors are reallocated only
// when they outgrow their capacity.
func (c *centroid) merge(es []entry, scale float64, added []uint32) []uint32 {
	fresh := 0
	for i, j := 0, 0; j < len(es); {
		switch {
		case i < len(c.ids) && c.ids[i] < es[j].id:
			i++
		case i < len(c.ids) && c.ids[i] == es[j].id:
			i++
			j++
		default:
			added = append(added, es[j].id)
			fresh++
			j++
		}
	}
	i := len(c.ids) - 1
	n := len(c.ids) + fresh
	c.ids = slices.Grow(c.ids, fresh)[:n]
	c.ws = slices.Grow(c.ws, fresh)[:n]
	for j, k := len(es)-1, n-1; j >= 0; k-- {
		switch {
		case i >= 0 && c.ids[i] > es[j].id:
			c.ids[k], c.ws[k] = c.ids[i], c.ws[i]
			i--
		case i >= 0 && c.ids[i] == es[j].id:
			c.ids[k], c.ws[k] = c.ids[i], c.ws[i]+float32(es[j].w*scale)
			i--
			j--
		default:
			c.ids[k], c.ws[k] = es[j].id, float32(es[j].w*scale)
			j--
		}
	}
	return added
}

// prune keeps the keep heaviest terms (ties to the lower id): it finds
// the weight of the keep-th heaviest term by selection in the scratch
// copy buf, then keeps, in id order, every heavier term and as many of
// the terms of exactly that weight as fit, lowest ids first. It returns
// buf for reuse.
func (c *centroid) prune(keep int, buf []float32) []float32 {
	if len(c.ids) <= keep {
		return buf
	}
	buf = append(buf[:0], c.ws...)
	cut := nthLargest(buf, keep)
	ties := keep
	for _, w := range c.ws {
		if w > cut {
			ties--
		}
	}
	k := 0
	for i, w := range c.ws {
		if w > cut || (w == cut && ties > 0) {
			if w == cut {
				ties--
			}
			c.ids[k], c.ws[k] = c.ids[i], w
			k++
		}
	}
	c.ids, c.ws = c.ids[:k], c.ws[:k]
	return buf
}

// nthLargest returns the n-th largest of ws (1 ≤ n ≤ len(ws)), reordering
// ws. It is quickselect with a median-of-three pivot, falling back to a
// sort when the partitions keep coming out lopsided, so its cost stays
// linear on any weights.
func nthLargest(ws []float32, n int) float32 {
	// The n-th largest is at index len-n of the ascending order.
	k := len(ws) - n
	lo, hi := 0, len(ws)
	for budget := 2 * bits.Len(uint(len(ws))); hi-lo > 16; budget-- {
		if budget == 0 {
			slices.Sort(ws[lo:hi])
			return ws[k]
		}
		mid := lo + (hi-lo)/2
		a, b, c := ws[lo], ws[mid], ws[hi-1]
		pivot := max(min(a, b), min(max(a, b), c))
		// Three-way partition: [lo,lt) < pivot, [lt,gt) == pivot,
		// [gt,hi) > pivot.
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch w := ws[i]; {
			case w < pivot:
				ws[lt], ws[i] = ws[i], ws[lt]
				lt++
				i++
			case w > pivot:
				gt--
				ws[gt], ws[i] = ws[i], ws[gt]
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt
		case k >= gt:
			lo = gt
		default:
			return pivot
		}
	}
	slices.Sort(ws[lo:hi])
	return ws[k]
}

// has reports whether the centroid holds a term.
func (c *centroid) has(id uint32) bool {
	_, found := slices.BinarySearch(c.ids, id)
	return found
}
