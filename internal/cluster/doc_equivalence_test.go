package cluster

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/synth"
)

// sameDoc reports how a differs from b, or "" when they are identical,
// weights compared bit for bit.
func sameDoc(a, b *Doc) string {
	terms := func(name string, x, y []term) string {
		if len(x) != len(y) {
			return fmt.Sprintf("%d %s, want %d", len(x), name, len(y))
		}
		for i := range x {
			if x[i].id != y[i].id || math.Float64bits(x[i].w) != math.Float64bits(y[i].w) {
				return fmt.Sprintf("%s[%d] = %v, want %v", name, i, x[i], y[i])
			}
		}
		return ""
	}
	strs := func(name string, x, y []string) string {
		if len(x) != len(y) {
			return fmt.Sprintf("%d %s, want %d", len(x), name, len(y))
		}
		for i := range x {
			if x[i] != y[i] {
				return fmt.Sprintf("%s[%d] = %q, want %q", name, i, x[i], y[i])
			}
		}
		return ""
	}
	for _, diff := range []string{
		terms("terms", a.terms, b.terms),
		strs("words", a.words, b.words),
		terms("names", a.names, b.names),
		strs("nameWords", a.nameWords, b.nameWords),
		terms("years", a.years, b.years),
		terms("numbers", a.numbers, b.numbers),
	} {
		if diff != "" {
			return diff
		}
	}
	switch {
	case a.hasSig != b.hasSig:
		return fmt.Sprintf("hasSig = %v, want %v", a.hasSig, b.hasSig)
	case a.sig != b.sig:
		return "signatures differ"
	case a.Source != b.Source || !a.Published.Equal(b.Published):
		return "source or time differ"
	}
	return ""
}

// featurizeTexts are written to reach every branch of Featurize: names
// inside and at the start of sentences, weekdays and months, years and
// other figures, stop words, single letters, possessives, accents, words
// that fold alike, repeated stems and texts too short to fingerprint.
var featurizeTexts = [][2]string{
	{"", ""},
	{"Quake", ""},
	{"", "a b c d e 1 2 3"},
	{"Magnitude 6.1 earthquake hits Sarvan province",
		"A magnitude 6.1 earthquake struck the mountain province of Sarvan early on Monday, collapsing homes in the towns of Elbor and Keshet. Governor Anil Dorrane said at least 42 people had died in 2026, up from 17 in 1999 and 12 in 2099."},
	{"Strikes spread: dockers strike again as striking unions meet",
		"Dock workers at the port of Valmora began an open-ended strike on Tuesday in March. The Valmora Harbour Authority's offer, the union's third, was rejected; Union leader Marta Ilves told the BBC in May that workers would strike through June. \"Strike!\" they chanted. Strikes, striking, striker."},
	{"Raïsi and Raisi meet in São Paulo",
		"RAÏSI met Raisi, raisi and Raïsi’s envoy in São Paulo and Sao Paulo on Sunday. The Straße reporters from Zürich and ZÜRICH filed at 10:30 p.m., U.S. time; the Élan and élan of Erdoğan's team were noted. Café owners in the café quarter agreed."},
	{"Numbers", "Tolls rose from 1,200 to 3,450,000 and 4.5% of 7 homes; 1900 1899 2100 2000s 19th 20 2000 2,000 2.000 in the 1990s."},
	{"Mixed CASE", "The iPhone and IPHONE and iphone, McDonald's and MCDONALD'S, NATO and Nato and nato. It is IT. Apple apple APPLE."},
	{"Lines", "First line without a stop\nSecond Line Starts Here\n\nThird: Colon Then Name; Semi Then Name! Bang Then Name? Query Then Name. Dot Then Name"},
	{"Long words", "Pneumonoultramicroscopicsilicovolcanoconiosis and " + strings.Repeat("Abcdefghij", 9) + " and " + strings.Repeat("x", 70) + " and " + strings.Repeat("Abcdefghij", 9) + " again."},
	{"Shared prefixes", "Counterinsurgency counterinsurgents Counterinsurgencies counterinsurgencyX, Abcdefghijklmnopqr and Abcdefghijklmnopqs met abcdefghijklmnopqr; Abcdefghijklmnop16 Abcdefghijklmnop17x 2026 2026a"},
	{"Apostrophes", "The workers' union and the worker's union, rock 'n' roll, ʼ alone, Cairoʼs mayor, ’tis the season, O'Brien and O’Brien."},
	{"Unicode", "日本語のテキスト and カタカナ, 한국어 text, emoji 👍🏽 and flags 🇫🇷; Ελληνικά Αθήνα and Москва Кремль and العربية."},
}

func TestFeaturizeMatchesReference(t *testing.T) {
	at := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	p := DefaultParams()
	check := func(title, text string) {
		t.Helper()
		got := Featurize(title, text, "src", at, p)
		want := featurizeReference(title, text, "src", at, p)
		if diff := sameDoc(got, want); diff != "" {
			t.Fatalf("Featurize(%q, %q): %s", title, text, diff)
		}
	}
	// Twice over, so that the second pass reads every word from the cache.
	for range 2 {
		for _, f := range featurizeTexts {
			check(f[0], f[1])
			check(strings.ToUpper(f[0]), strings.ToLower(f[1]))
			check(f[1], f[0])
		}
	}
	cfg := synth.DefaultConfig()
	cfg.Articles, cfg.Seed = 300, 3
	s := synth.New(cfg)
	for {
		a, ok := s.Next()
		if !ok {
			break
		}
		check(a.Title, a.Text)
	}
}

// TestFeaturizeCacheStartsAfresh feeds one scratch new words until its
// cache starts afresh and checks every article before and after.
func TestFeaturizeCacheStartsAfresh(t *testing.T) {
	at := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	p := DefaultParams()
	sc := newScratch()
	next := 0
	check := func(title, text string) {
		t.Helper()
		got := sc.featurize(title, text, "src", at, p)
		if diff := sameDoc(got, featurizeReference(title, text, "src", at, p)); diff != "" {
			t.Fatalf("after %d words: %s", next, diff)
		}
		if sc.table.len() > maxCachedWords {
			t.Fatalf("cache holds %d words, bound is %d", sc.table.len(), maxCachedWords)
		}
	}
	for resets := 0; resets < 2; {
		var b strings.Builder
		b.WriteString(featurizeTexts[4][1])
		for range 500 {
			fmt.Fprintf(&b, " Word%d word%dx", next, next)
			next++
		}
		before := sc.table.len()
		check("Strike "+featurizeTexts[4][0], b.String())
		if sc.table.len() < before {
			resets++
			for _, f := range featurizeTexts {
				check(f[0], f[1])
			}
		}
	}
}

func FuzzFeaturizeMatchesReference(f *testing.F) {
	for _, t := range featurizeTexts {
		f.Add(t[0], t[1])
	}
	at := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	p := DefaultParams()
	f.Fuzz(func(t *testing.T, title, text string) {
		// Also repeated, for the tokenizer to read whole blocks.
		for _, text := range []string{text, strings.Repeat(text+" ", 1+128/(len(text)+1))} {
			got := Featurize(title, text, "src", at, p)
			want := featurizeReference(title, text, "src", at, p)
			if diff := sameDoc(got, want); diff != "" {
				t.Fatalf("Featurize(%q, %q): %s", title, text, diff)
			}
		}
	})
}

// TestSortOrder checks that sortOrder sorts by id, for ids spread
// evenly, not spread (masked) and repeated, and keeps the order of equal
// ids, which only a test makes.
func TestSortOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sc := newScratch()
	byID := func(a, b tallyRef) int { return cmp.Compare(a.id, b.id) }
	for _, n := range []int{0, 1, 2, 31, 32, 33, 300, 1000, 5000, 70_000} {
		for _, mask := range []uint64{^uint64(0), 0xffff, 0x00ff_0000_0000_00ff} {
			for _, distinct := range []uint64{0, 3, 40} {
				sc.order = sc.order[:0]
				for i := range n {
					id := rng.Uint64()
					if distinct > 0 {
						id = (rng.Uint64N(distinct) + 1) * 0x9E3779B97F4A7C15
					}
					sc.order = append(sc.order, tallyRef{id & mask, int32(i)})
				}
				want := slices.Clone(sc.order)
				slices.SortStableFunc(want, byID)
				sc.sortOrder()
				if !slices.Equal(sc.order, want) {
					t.Fatalf("n=%d mask=%x distinct=%d: not sorted, or equal ids out of order", n, mask, distinct)
				}
			}
		}
	}
}

func TestLogCount(t *testing.T) {
	cs := []float64{0, math.Copysign(0, -1), 0.25, 0.5, 1, 1.5, 2, 2.25, 3, 7, 63, 63.5, 64, 65, 1e6, -0.5, -1, -2,
		math.Inf(1), math.Inf(-1), math.NaN(), math.SmallestNonzeroFloat64, math.MaxFloat64}
	for i := range 300 {
		cs = append(cs, float64(i)/2, float64(i)/2+1e-9, math.Nextafter(float64(i)/2, 0))
	}
	for _, c := range cs {
		got, want := logCount(c), math.Log(c)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("logCount(%v) = %v, want %v", c, got, want)
		}
	}
}
