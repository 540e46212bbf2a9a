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

// summing is scratch space for adding to a centroid: the sum is built
// here, its ids new to the centroid marked fresh, and only what a prune
// keeps is copied back. So a story's slices never grow beyond its bound,
// and the terms a prune drops right after the sum are written once, not
// shifted into place in the story and out again.
type summing struct {
	ids   []uint32
	ws    []float32
	fresh []bool
	// sel selects the weight a prune cuts at.
	sel selector
	es  []entry
}

// add adds entries (sorted by id) scaled to unit length, then prunes the
// centroid to its keep heaviest terms if it holds more than limit (see
// merge). It returns added with the ids new to the centroid that it kept
// appended, and whether it pruned.
func (c *centroid) add(es []entry, limit, keep int, sum *summing, added []uint32) ([]uint32, bool) {
	var norm float64
	for _, e := range es {
		norm += e.w * e.w
	}
	if norm == 0 {
		return added, false
	}
	return c.merge(es, 1/math.Sqrt(norm), limit, keep, sum, added)
}

// addCentroid adds another centroid as is (both are sums of unit
// vectors) and prunes as add does.
func (c *centroid) addCentroid(o *centroid, limit, keep int, sum *summing, added []uint32) ([]uint32, bool) {
	es := slices.Grow(sum.es[:0], len(o.ids))[:len(o.ids)]
	for i := range o.ids {
		es[i] = entry{o.ids[i], float64(o.ws[i])}
	}
	sum.es = es
	return c.merge(es, 1, limit, keep, sum, added)
}

// merge adds es (sorted by id), each weight times scale, and, when the
// sum holds more than limit terms, keeps only the keep heaviest of them
// (see summing.prune). It returns added with the ids new to the centroid that it
// kept appended, in increasing order, and whether it pruned.
func (c *centroid) merge(es []entry, scale float64, limit, keep int, sum *summing, added []uint32) ([]uint32, bool) {
	sum.sum(c, es, scale)
	if len(sum.ids) <= limit {
		c.ids = append(c.ids[:0], sum.ids...)
		c.ws = append(c.ws[:0], sum.ws...)
		for i, f := range sum.fresh {
			if f {
				added = append(added, sum.ids[i])
			}
		}
		return added, false
	}
	return sum.prune(c, keep, added), true
}

// sum merges the centroid and es, each weight times scale, into the
// scratch slices, marking the ids new to the centroid.
func (sum *summing) sum(c *centroid, es []entry, scale float64) {
	n := len(c.ids) + len(es)
	ids := slices.Grow(sum.ids[:0], n)[:n]
	ws := slices.Grow(sum.ws[:0], n)[:n]
	fresh := slices.Grow(sum.fresh[:0], n)[:n]
	cids, cws := c.ids, c.ws[:len(c.ids)]
	i, j, k := 0, 0, 0
	for ; i < len(cids) && j < len(es); k++ {
		// Whether the next id is the centroid's, the entry's or both
		// follows no pattern a processor could predict: the weight is
		// picked among the three by masks on their bits, and each list
		// moves on by arithmetic.
		x, y := cids[i], es[j].id
		cw, ew := cws[i], float32(es[j].w*scale)
		inC, inE := b2i(x <= y), b2i(y <= x)
		onlyC, onlyE, both := inC&^inE, inE&^inC, inC&inE
		w := math.Float32bits(cw)&uint32(-onlyC) |
			math.Float32bits(ew)&uint32(-onlyE) |
			math.Float32bits(cw+ew)&uint32(-both)
		ids[k], ws[k], fresh[k] = min(x, y), math.Float32frombits(w), onlyE != 0
		i += inC
		j += inE
	}
	for ; i < len(cids); k++ {
		ids[k], ws[k], fresh[k] = cids[i], cws[i], false
		i++
	}
	for ; j < len(es); k++ {
		ids[k], ws[k], fresh[k] = es[j].id, float32(es[j].w*scale), true
		j++
	}
	sum.ids, sum.ws, sum.fresh = ids[:k], ws[:k], fresh[:k]
}

// prune copies the keep heaviest terms of the sum (ties to the lower id)
// into c; the sum must hold more than keep. It finds the weight of the
// keep-th heaviest term by selection, then keeps, in id order, every
// heavier term and as many of the terms of exactly that weight as fit,
// lowest ids first. It returns added with the fresh ids kept appended.
//
// Whether a term is kept follows no pattern a processor could predict,
// so the terms are compacted without branching on it: each is written
// at the next free place, which moves on only when the term is kept.
func (sum *summing) prune(c *centroid, keep int, added []uint32) []uint32 {
	cut, heavier := sum.sel.nthLargest(sum.ws, keep)
	ties := keep - heavier
	ids, ws, fresh := sum.ids, sum.ws, sum.fresh[:len(sum.ws)]
	ids = ids[:len(ws)]
	// added gains at most keep ids, and is written one place beyond.
	from := len(added)
	out := slices.Grow(added, keep+1)[:from+keep+1]
	k, a := 0, from
	for i, w := range ws {
		tie := b2i(w == cut) & b2i(ties > 0)
		kept := b2i(w > cut) | tie
		ties -= tie
		n := ids[i]
		ids[k], ws[k] = n, w
		k += kept
		out[a] = n
		a += kept & b2i(fresh[i])
	}
	c.ids = append(c.ids[:0], ids[:k]...)
	c.ws = append(c.ws[:0], ws[:k]...)
	return out[:a]
}

// selector finds the n-th largest of a list of weights: quickselect with
// a median-of-three pivot, falling back to a sort when the partitions
// keep coming out lopsided, so that its cost stays linear on any weights.
// Each round partitions from one of two buffers into the other without
// branching on the comparisons, which a processor could not predict.
type selector struct {
	a, b []float32
}

// nthLargest returns the n-th largest of ws (1 ≤ n ≤ len(ws)) and how
// many of ws are heavier than it, leaving ws as it is.
func (sel *selector) nthLargest(ws []float32, n int) (cut float32, heavier int) {
	dst := slices.Grow(sel.a[:0], len(ws))[:len(ws)]
	spare := slices.Grow(sel.b[:0], len(ws))[:len(ws)]
	sel.a, sel.b = dst, spare
	src := ws
	for budget := 2 * bits.Len(uint(len(ws))); len(src) > 16 && budget > 0; budget-- {
		a, b, c := src[0], src[len(src)/2], src[len(src)-1]
		pivot := max(min(a, b), min(max(a, b), c))
		// Lighter weights go to the front of d and heavier ones to the
		// back; each weight is written at both free places, and only
		// the free place of its side moves on. [0,lt) < pivot,
		// (gt,len) > pivot, and the rest equal it.
		d := dst[:len(src)]
		lt, gt := 0, len(src)-1
		for _, w := range src {
			d[lt] = w
			d[gt] = w
			lt += b2i(w < pivot)
			gt -= b2i(w > pivot)
		}
		above, equal := len(src)-1-gt, gt+1-lt
		switch {
		case n <= above:
			src = d[gt+1:]
		case n <= above+equal:
			return pivot, heavier + above
		default:
			n -= above + equal
			heavier += above + equal
			src = d[:lt]
		}
		dst, spare = spare, dst
	}
	// src lies in ws or spare; dst is free.
	rest := dst[:len(src)]
	copy(rest, src)
	slices.Sort(rest)
	cut = rest[len(rest)-n]
	for _, w := range rest[len(rest)-n+1:] {
		heavier += b2i(w > cut)
	}
	return cut, heavier
}

// inSorted reports whether ids, which are sorted, hold id. It halves the
// range without branching on the comparisons, which no processor
// predicts: the base moves on by an arithmetic select.
func inSorted(ids []uint32, id uint32) bool {
	if len(ids) == 0 {
		return false
	}
	// id, if held, lies in ids[base:base+n].
	base, n := 0, len(ids)
	for n > 1 {
		half := n / 2
		base += half & -b2i(ids[base+half] <= id)
		n -= half
	}
	return ids[base] == id
}
