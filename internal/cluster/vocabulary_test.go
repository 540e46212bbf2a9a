package cluster

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// The numbering table must agree with a map through its growth, for ids
// that collide in their low bits as well as for spread ones.
func TestNumberingMatchesAMap(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var v vocabulary
	want := map[uint64]uint32{}
	for i := range 20_000 {
		id := r.Uint64()
		if i%3 == 0 {
			id <<= 20 // same low bits: long probe runs
		}
		if i%7 == 0 && len(want) > 0 {
			id = uint64(i) << 20 // seen before, maybe
		}
		n := v.intern(id)
		if old, ok := want[id]; ok {
			if n != old {
				t.Fatalf("id %x numbered %d, then %d", id, old, n)
			}
			continue
		}
		if int(n) != len(want) {
			t.Fatalf("new id %x numbered %d, want %d", id, n, len(want))
		}
		want[id] = n
	}
	for id, n := range want {
		if got := v.index.find(id); got != n {
			t.Fatalf("find(%x) = %d, want %d", id, got, n)
		}
	}
	for range 1000 {
		id := r.Uint64()
		if _, ok := want[id]; !ok && v.index.find(id) != absent {
			t.Fatalf("find(%x) of an unknown id = %d, want absent", id, v.index.find(id))
		}
	}
	if len(v.df) != len(want) || len(v.postings) != len(want) {
		t.Fatalf("vocabulary of %d terms has %d frequencies and %d posting lists", len(want), len(v.df), len(v.postings))
	}
}

func TestNumberSetDrainsInOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var set numberSet
	for round := range 300 {
		width := 1 + r.IntN(20)
		set.fit(1 << width)
		in := map[uint32]bool{}
		for range r.IntN(500) {
			n := uint32(r.Uint64() & (1<<width - 1))
			in[n] = true
			set.add(n)
		}
		want := slices.Sorted(maps.Keys(in))
		if got := set.drain(nil); !slices.Equal(got, want) {
			t.Fatalf("round %d (width %d): drained %v, want %v", round, width, got, want)
		}
		if got := set.drain(nil); len(got) != 0 {
			t.Fatalf("round %d: a drained set still holds %v", round, got)
		}
	}
}
