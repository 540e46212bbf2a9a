package cluster

import (
	"cmp"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// pruneByRank is prune written the plain way: rank every term by weight,
// ties to the lower id, and keep the first keep in id order.
func pruneByRank(c centroid, keep int) centroid {
	idx := make([]int, len(c.ids))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return c.ws[idx[a]] > c.ws[idx[b]] })
	if len(idx) > keep {
		idx = idx[:keep]
	}
	sort.Ints(idx)
	var out centroid
	for _, i := range idx {
		out.ids = append(out.ids, c.ids[i])
		out.ws = append(out.ws, c.ws[i])
	}
	return out
}

func TestPruneKeepsTheHeaviestTiesToLowerIDs(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 500 {
		n := 1 + r.IntN(300)
		var c centroid
		id := uint32(0)
		for range n {
			id += 1 + uint32(r.IntN(1000))
			c.ids = append(c.ids, id)
			// Few distinct weights, so that ties are common.
			c.ws = append(c.ws, float32(1+r.IntN(1+round%20)))
		}
		keep := 1 + r.IntN(n+5)
		want := pruneByRank(c, keep)
		got := centroid{ids: slices.Clone(c.ids), ws: slices.Clone(c.ws)}
		var sum summing
		got.merge(nil, 1, keep, keep, &sum, nil)
		if !slices.Equal(got.ids, want.ids) || !slices.Equal(got.ws, want.ws) {
			t.Fatalf("round %d: prune(%d) of %d terms kept %v, want %v", round, keep, n, got.ids, want.ids)
		}
	}
}

func TestNthLargestMatchesSorting(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var sel selector
	for round := range 2000 {
		n := 1 + r.IntN(400)
		ws := make([]float32, n)
		for i := range ws {
			switch round % 4 {
			case 0: // few distinct weights: many ties
				ws[i] = float32(r.IntN(3))
			case 1: // ascending, a classic worst case for naive pivots
				ws[i] = float32(i)
			case 2: // descending
				ws[i] = float32(n - i)
			default:
				ws[i] = r.Float32()
			}
		}
		k := 1 + r.IntN(n)
		sorted := slices.Clone(ws)
		slices.Sort(sorted)
		want := sorted[n-k]
		wantHeavier := 0
		for _, w := range ws {
			if w > want {
				wantHeavier++
			}
		}
		before := slices.Clone(ws)
		got, heavier := sel.nthLargest(ws, k)
		if got != want || heavier != wantHeavier {
			t.Fatalf("round %d: nthLargest(%d of %d) = %v, %d heavier, want %v, %d", round, k, n, got, heavier, want, wantHeavier)
		}
		if !slices.Equal(ws, before) {
			t.Fatalf("round %d: nthLargest changed its weights", round)
		}
	}
}

// addPlain is centroid.add written the plain way: a map of sums, then
// the ids sorted.
func addPlain(c centroid, es []entry) (centroid, []uint32) {
	var norm float64
	for _, e := range es {
		norm += e.w * e.w
	}
	scale := 1 / math.Sqrt(norm)
	sum := make(map[uint32]float32)
	for i, id := range c.ids {
		sum[id] = c.ws[i]
	}
	var added []uint32
	for _, e := range es {
		if _, ok := sum[e.id]; !ok {
			added = append(added, e.id)
		}
		sum[e.id] += float32(e.w * scale)
	}
	var out centroid
	for id := range sum {
		out.ids = append(out.ids, id)
	}
	slices.Sort(out.ids)
	for _, id := range out.ids {
		out.ws = append(out.ws, sum[id])
	}
	return out, added
}

func TestCentroidAddMerges(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	randomEntries := func(n, span int) []entry {
		seen := map[uint32]bool{}
		var es []entry
		for range n {
			id := uint32(r.IntN(span))
			if !seen[id] {
				seen[id] = true
				es = append(es, entry{id, 1 + float64(r.IntN(4))})
			}
		}
		slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.id, b.id) })
		return es
	}
	for round := range 500 {
		var c centroid
		for range 1 + r.IntN(4) {
			es := randomEntries(r.IntN(60), 1+r.IntN(200))
			want, wantAdded := addPlain(centroid{slices.Clone(c.ids), slices.Clone(c.ws)}, es)
			var sum summing
			gotAdded, _ := c.add(es, math.MaxInt, 0, &sum, nil)
			if !slices.Equal(c.ids, want.ids) || !slices.Equal(c.ws, want.ws) {
				t.Fatalf("round %d: add gave %v %v, want %v %v", round, c.ids, c.ws, want.ids, want.ws)
			}
			if !slices.Equal(gotAdded, wantAdded) {
				t.Fatalf("round %d: add reported %v as new, want %v", round, gotAdded, wantAdded)
			}
		}
	}
}

// TestCentroidAddPrunesLikeAddThenPrune checks that adding with a bound
// gives the plain sum pruned by rank, and reports as new exactly the new
// ids that the prune kept.
func TestCentroidAddPrunesLikeAddThenPrune(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var sum summing
	for round := range 500 {
		var c centroid
		keep := 1 + r.IntN(40)
		limit := keep + r.IntN(20)
		for range 1 + r.IntN(6) {
			seen := map[uint32]bool{}
			var es []entry
			for range r.IntN(80) {
				id := uint32(r.IntN(300))
				if !seen[id] {
					seen[id] = true
					// Few distinct weights, so that ties are common.
					es = append(es, entry{id, 1 + float64(r.IntN(3))})
				}
			}
			slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.id, b.id) })
			want, wantAdded := addPlain(centroid{slices.Clone(c.ids), slices.Clone(c.ws)}, es)
			wantPruned := len(es) > 0 && len(want.ids) > limit
			if wantPruned {
				want = pruneByRank(want, keep)
			}
			wantAdded = slices.DeleteFunc(wantAdded, func(id uint32) bool {
				_, kept := slices.BinarySearch(want.ids, id)
				return !kept
			})
			gotAdded, pruned := c.add(es, limit, keep, &sum, nil)
			if !slices.Equal(c.ids, want.ids) || !slices.Equal(c.ws, want.ws) || pruned != wantPruned {
				t.Fatalf("round %d: add gave %v %v (pruned %v), want %v %v (%v)", round, c.ids, c.ws, pruned, want.ids, want.ws, wantPruned)
			}
			if !slices.Equal(gotAdded, wantAdded) {
				t.Fatalf("round %d: add reported %v as new, want %v", round, gotAdded, wantAdded)
			}
		}
	}
}

// holds, which searches a story's fences and then one block of its
// terms, agrees with a plain search for stories of every size.
func TestHoldsMatchesContains(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for size := range 300 {
		set := map[uint32]bool{}
		for len(set) < size {
			set[uint32(r.IntN(4*size+1))] = true
		}
		s := &story{}
		s.terms.c.ids = slices.Sorted(maps.Keys(set))
		s.fence()
		for n := range uint32(4*size + 2) {
			if got := s.holds(n); got != set[n] {
				t.Fatalf("%d terms: holds(%d) = %v, want %v", size, n, got, set[n])
			}
		}
	}
}
