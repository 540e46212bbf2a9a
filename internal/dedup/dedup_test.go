package dedup

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

const wire = `Dock workers at the port of Valmora ended a nine day strike on Thursday after the harbour authority agreed to raise night shift pay by eleven percent and to hire forty more crane operators before the end of the year. The walkout had left more than two hundred container ships waiting offshore and had cost exporters an estimated three hundred million euros according to the regional chamber of commerce. Union leader Marta Ilves told reporters that members had voted by a large majority to accept the offer and would return to work at six in the morning.`

func words(s string) []string { return strings.Fields(strings.ToLower(s)) }

func sign(t *testing.T, s string) Signature {
	t.Helper()
	sig, ok := Sign(Shingles(words(s), 5))
	if !ok {
		t.Fatalf("no signature for %q", s)
	}
	return sig
}

func TestResemblance(t *testing.T) {
	reprint := strings.Replace(wire, "Union leader Marta Ilves told reporters", "Marta Ilves, who leads the union, said", 1) + " Reporting by the Coastline Wire desk."
	unrelated := `A magnitude six earthquake struck the mountain province of Sarvan early on Monday, damaging hundreds of homes and cutting power to three towns, while rescue teams searched the rubble of a collapsed school for survivors through the night and officials opened shelters in the regional capital for families who had lost their homes.`
	base := sign(t, wire)
	tests := []struct {
		name     string
		text     string
		min, max float64
	}{
		{"identical", wire, 1, 1},
		{"reprint with edits", reprint, 0.7, 1},
		{"unrelated", unrelated, 0, 0.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sign(t, tt.text)
			r := Resemblance(&base, &s)
			if r < tt.min || r > tt.max {
				t.Errorf("resemblance %.2f, want within [%.2f, %.2f]", r, tt.min, tt.max)
			}
		})
	}
}

func TestShinglesShortText(t *testing.T) {
	if got := Shingles(words("too short"), 5); got != nil {
		t.Errorf("Shingles of two words = %v, want nil", got)
	}
	if _, ok := Sign(nil); ok {
		t.Error("Sign(nil) reported a signature")
	}
	if got := len(Shingles(words("a b c d e f"), 5)); got != 2 {
		t.Errorf("six words give %d 5-shingles, want 2", got)
	}
}

func TestIndex(t *testing.T) {
	ix := NewIndex(0.7, 0)
	orig := sign(t, wire)
	if _, _, ok := ix.Nearest(&orig); ok {
		t.Fatal("empty index found a match")
	}
	ix.Add(10, orig)
	ix.Add(11, orig) // a second identical copy: ties go to the earlier ID
	trimmed := sign(t, strings.Replace(wire, " according to the regional chamber of commerce", "", 1))
	id, r, ok := ix.Nearest(&trimmed)
	if !ok || id != 10 || r < 0.7 {
		t.Fatalf("Nearest = %d, %.2f, %v; want 10 at ≥ 0.7", id, r, ok)
	}
	ix.Remove(10)
	if id, _, _ := ix.Nearest(&trimmed); id != 11 {
		t.Errorf("after removing 10, Nearest = %d, want 11", id)
	}
	ix.Remove(11)
	ix.Remove(99)
	if ix.Len() != 0 {
		t.Errorf("Len = %d after removing all", ix.Len())
	}
	if id, _, ok := ix.Nearest(&trimmed); ok {
		t.Errorf("after removing all, Nearest found %d", id)
	}
}

func BenchmarkSign(b *testing.B) {
	w := words(strings.Repeat(wire+" ", 6))
	b.ReportAllocs()
	for b.Loop() {
		Sign(Shingles(w, 5))
	}
}

func TestIndexForgetsOldest(t *testing.T) {
	ix := NewIndex(0.7, 2)
	texts := []string{
		wire,
		"A magnitude six earthquake struck the mountain province early on Monday damaging hundreds of homes and cutting power to three towns",
		"The central bank raised its main interest rate by a quarter point on Thursday citing stubborn inflation in services and rents",
	}
	for i, s := range texts {
		forgotten, ok := ix.Add(int64(i+1), sign(t, s))
		if i < 2 && ok {
			t.Fatalf("adding text %d forgot %d within capacity", i+1, forgotten)
		}
		if i == 2 && (!ok || forgotten != 1) {
			t.Fatalf("adding the third text forgot %d, %v; want 1", forgotten, ok)
		}
	}
	first := sign(t, wire)
	if id, _, ok := ix.Nearest(&first); ok {
		t.Errorf("forgotten text still found as %d", id)
	}
	if ix.Len() != 2 {
		t.Errorf("Len = %d, want 2", ix.Len())
	}
	for i := 4; i < 200; i++ {
		ix.Add(int64(i), sign(t, strings.Repeat(fmt.Sprintf("word%d ", i), 6)))
	}
	kept := 0
	for _, chunk := range ix.texts {
		kept += len(chunk)
	}
	if ix.Len() != 2 || ix.slots != 2 || kept != 2 {
		t.Errorf("after many adds: Len %d, %d slots, %d texts kept", ix.Len(), ix.slots, kept)
	}
}

func TestAppendShinglesMatchesShingles(t *testing.T) {
	words := strings.Fields("the harbour pilots walked out at dawn and the ferries stayed in port until the talks resumed on friday")
	hashes := make([]uint64, len(words))
	for i, w := range words {
		hashes[i] = WordHash(w)
	}
	for n := 0; n <= len(words); n++ {
		for k := -1; k <= 7; k++ {
			got := AppendShingles([]uint64{42}, hashes[:n], k)
			want := append([]uint64{42}, Shingles(words[:n], k)...)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d k=%d: AppendShingles %v, Shingles %v", n, k, got, want)
			}
		}
	}
}
