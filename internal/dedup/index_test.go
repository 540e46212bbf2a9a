package dedup

import (
	"math/rand/v2"
	"testing"
)

// plainIndex is Index written the plain way: every held text that
// shares a band with the lookup (all rows of the band equal) compared.
type plainIndex struct {
	threshold float64
	capacity  int
	ids       []int64
	sigs      map[int64]Signature
}

func (p *plainIndex) nearest(sig *Signature) (int64, float64, bool) {
	var best int64
	var bestR float64
	found := false
	for _, id := range p.ids {
		s, held := p.sigs[id]
		if !held {
			continue
		}
		r := Resemblance(sig, &s)
		if r < p.threshold || !shareBand(sig, &s) {
			continue
		}
		if !found || r > bestR || (r == bestR && id < best) {
			best, bestR, found = id, r, true
		}
	}
	return best, bestR, found
}

func shareBand(a, b *Signature) bool {
	for band := range bands {
		same := true
		for row := range rows {
			same = same && a[band*rows+row] == b[band*rows+row]
		}
		if same {
			return true
		}
	}
	return false
}

// add mirrors Index.Add: the ring forgets the text added capacity
// additions ago, if it is still held.
func (p *plainIndex) add(id int64, sig Signature) (int64, bool) {
	if _, dup := p.sigs[id]; dup {
		return 0, false
	}
	var forgotten int64
	ok := false
	if p.capacity > 0 && len(p.ids) >= p.capacity {
		old := p.ids[len(p.ids)-p.capacity]
		if _, held := p.sigs[old]; held {
			delete(p.sigs, old)
			forgotten, ok = old, true
		}
	}
	p.ids = append(p.ids, id)
	p.sigs[id] = sig
	return forgotten, ok
}

// randomSignature returns a variant of one of a few base signatures, so
// that lookups meet near copies, distant relatives and strangers.
func randomSignature(r *rand.Rand, bases []Signature) Signature {
	sig := bases[r.IntN(len(bases))]
	changes := []int{0, 5, 20, 60, 128}[r.IntN(5)]
	for range changes {
		sig[r.IntN(SignatureSize)] = r.Uint32()
	}
	return sig
}

func TestIndexMatchesPlainComparison(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	bases := make([]Signature, 12)
	for i := range bases {
		for j := range bases[i] {
			bases[i][j] = r.Uint32()
		}
	}
	for _, capacity := range []int{0, 1, 7, 64} {
		ix := NewIndex(0.6, capacity)
		plain := &plainIndex{threshold: 0.6, capacity: capacity, sigs: map[int64]Signature{}}
		for step := range 3000 {
			sig := randomSignature(r, bases)
			gotID, gotR, gotOK := ix.Nearest(&sig)
			wantID, wantR, wantOK := plain.nearest(&sig)
			if gotID != wantID || gotR != wantR || gotOK != wantOK {
				t.Fatalf("capacity %d, step %d: Nearest = %d %.3f %v, want %d %.3f %v", capacity, step, gotID, gotR, gotOK, wantID, wantR, wantOK)
			}
			switch id := int64(r.IntN(4000)); {
			case r.IntN(20) == 0:
				ix.Remove(id)
				delete(plain.sigs, id)
			default:
				f, ok := ix.Add(id, sig)
				wf, wok := plain.add(id, sig)
				if f != wf || ok != wok {
					t.Fatalf("capacity %d, step %d: Add(%d) forgot %d %v, want %d %v", capacity, step, id, f, ok, wf, wok)
				}
			}
			if ix.Len() != len(plain.sigs) {
				t.Fatalf("capacity %d, step %d: Len %d, want %d", capacity, step, ix.Len(), len(plain.sigs))
			}
		}
	}
}

// BenchmarkIndex looks up and adds texts as a news stream does: most
// texts new, one in ten a near copy of a recent one, in an index holding
// up to 50,000 texts.
func BenchmarkIndex(b *testing.B) {
	r := rand.New(rand.NewPCG(13, 14))
	ix := NewIndex(0.7, 50_000)
	recent := make([]Signature, 256)
	var sig Signature
	b.ReportAllocs()
	id := int64(0)
	for b.Loop() {
		id++
		if id%10 == 0 {
			sig = recent[r.IntN(len(recent))]
			for range 8 {
				sig[r.IntN(SignatureSize)] = r.Uint32()
			}
		} else {
			for j := range sig {
				sig[j] = r.Uint32()
			}
		}
		recent[id%int64(len(recent))] = sig
		ix.Nearest(&sig)
		ix.Add(id, sig)
	}
}
