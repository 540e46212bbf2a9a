package cluster

import (
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
		id := uint64(0)
		for range n {
			id += 1 + uint64(r.IntN(1000))
			c.ids = append(c.ids, id)
			// Few distinct weights, so that ties are common.
			c.ws = append(c.ws, float32(1+r.IntN(1+round%20)))
		}
		keep := 1 + r.IntN(n+5)
		want := pruneByRank(c, keep)
		got := centroid{ids: slices.Clone(c.ids), ws: slices.Clone(c.ws)}
		got.prune(keep)
		if !slices.Equal(got.ids, want.ids) || !slices.Equal(got.ws, want.ws) {
			t.Fatalf("round %d: prune(%d) of %d terms kept %v, want %v", round, keep, n, got.ids, want.ids)
		}
	}
}
