package eval

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

const tol = 1e-12

func near(a, b float64) bool { return math.Abs(a-b) <= tol }

// checkScores compares every score field of got with want.
func checkScores(t *testing.T, got, want Scores) {
	t.Helper()
	fields := []struct {
		name      string
		got, want float64
	}{
		{"PairPrecision", got.PairPrecision, want.PairPrecision},
		{"PairRecall", got.PairRecall, want.PairRecall},
		{"PairF1", got.PairF1, want.PairF1},
		{"BCubedPrecision", got.BCubedPrecision, want.BCubedPrecision},
		{"BCubedRecall", got.BCubedRecall, want.BCubedRecall},
		{"BCubedF1", got.BCubedF1, want.BCubedF1},
		{"NMI", got.NMI, want.NMI},
	}
	for _, f := range fields {
		if !near(f.got, f.want) {
			t.Errorf("%s = %.15f, want %.15f", f.name, f.got, f.want)
		}
	}
	if got.Items != want.Items || got.Clusters != want.Clusters || got.Classes != want.Classes {
		t.Errorf("counts = %d items, %d clusters, %d classes; want %d, %d, %d",
			got.Items, got.Clusters, got.Classes, want.Items, want.Clusters, want.Classes)
	}
}

func split(s string) []string {
	out := make([]string, len(s))
	for i, r := range s {
		out[i] = string(r)
	}
	return out
}

// TestScoreManningExample is the classic example of Manning, Raghavan and
// Schütze, Introduction to Information Retrieval, §16.3 (figure 16.4):
// 17 items in three clusters, gold classes x, o and d (the book's diamond).
//
//	cluster 1: x x x x x o      (6 items: 5 x, 1 o)
//	cluster 2: x o o o o d      (6 items: 1 x, 4 o, 1 d)
//	cluster 3: x x d d d        (5 items: 2 x, 3 d)
//
// Class sizes: x 8, o 5, d 4.
//
// Pairwise, by n-choose-2 sums over the contingency table:
//
//	pairs in one cluster: C(6,2)+C(6,2)+C(5,2) = 15+15+10 = 40
//	TP: C(5,2)+C(1,2)+C(1,2)+C(4,2)+C(1,2)+C(2,2)+C(3,2) = 10+0+0+6+0+1+3 = 20
//	pairs in one class:   C(8,2)+C(5,2)+C(4,2) = 28+10+6 = 44
//	P = 20/40 = 1/2, R = 20/44 = 5/11, F1 = 2·(1/2)(5/11)/(1/2+5/11) = 10/21
//
// (the book gives TP 20, FP 20, FN 24.)
//
// BCubed precision, per item |cluster ∩ class|/|cluster|:
//
//	c1: 5 x at 5/6, 1 o at 1/6                 → 26/6
//	c2: 1 x at 1/6, 4 o at 4/6, 1 d at 1/6     → 18/6
//	c3: 2 x at 2/5, 3 d at 3/5                 → 13/5
//	sum = 44/6 + 13/5 = 149/15, P = 149/(15·17) = 149/255
//
// BCubed recall, per item |cluster ∩ class|/|class|:
//
//	c1: 5 x at 5/8, 1 o at 1/5                 → 25/8 + 1/5
//	c2: 1 x at 1/8, 4 o at 4/5, 1 d at 1/4     → 1/8 + 16/5 + 1/4
//	c3: 2 x at 2/8, 3 d at 3/4                 → 4/8 + 9/4
//	sum = 30/8 + 17/5 + 10/4 = 9.65, R = 9.65/17 = 193/340
//	F1 = 2PR/(P+R) = 2·596·579 / (1020·(596+579)) = 690168/1198500
//
// NMI: I = Σ n_ij/n · ln(n·n_ij/(a_i·b_j)) over the seven non-zero cells,
// H(C) over cluster sizes 6, 6, 5 and H(K) over class sizes 8, 5, 4;
// NMI = I/((H(C)+H(K))/2) ≈ 0.3646 (the book: I ≈ 0.565 bits, NMI ≈ 0.36).
func TestScoreManningExample(t *testing.T) {
	gold := split("xxxxxo" + "xooood" + "xxddd")
	predicted := split("111111" + "222222" + "33333")

	const n = 17.0
	cell := func(nij, a, b float64) float64 { return nij / n * math.Log(n*nij/(a*b)) }
	mi := cell(5, 6, 8) + cell(1, 6, 5) + // cluster 1: x, o
		cell(1, 6, 8) + cell(4, 6, 5) + cell(1, 6, 4) + // cluster 2: x, o, d
		cell(2, 5, 8) + cell(3, 5, 4) // cluster 3: x, d
	h := func(sizes ...float64) float64 {
		var s float64
		for _, x := range sizes {
			s -= x / n * math.Log(x/n)
		}
		return s
	}
	want := Scores{
		PairPrecision:   0.5,
		PairRecall:      5.0 / 11,
		PairF1:          10.0 / 21,
		BCubedPrecision: 149.0 / 255,
		BCubedRecall:    193.0 / 340,
		BCubedF1:        690168.0 / 1198500,
		NMI:             mi / ((h(6, 6, 5) + h(8, 5, 4)) / 2),
		Items:           17,
		Clusters:        3,
		Classes:         3,
	}
	got, err := Score(gold, predicted)
	if err != nil {
		t.Fatal(err)
	}
	checkScores(t, got, want)
	// The book's rounded figures, as an independent check of the formula.
	if math.Abs(got.NMI-0.36) > 0.005 {
		t.Errorf("NMI = %.4f, the book gives 0.36", got.NMI)
	}
	if math.Abs(mi/math.Ln2-0.565) > 0.0005 {
		t.Errorf("I = %.4f bits, the book gives 0.565", mi/math.Ln2)
	}
}

func TestScoreSmallCases(t *testing.T) {
	ln2, ln3 := math.Ln2, math.Log(3)
	tests := []struct {
		name            string
		gold, predicted string
		want            Scores
	}{
		{
			// Same partition under other names: everything is 1.
			name: "perfect with renamed labels",
			gold: "aabbc", predicted: "xxyyz",
			want: Scores{1, 1, 1, 1, 1, 1, 1, 5, 3, 3},
		},
		{
			// Pairs: 6 predicted, TP = C(2,2)+C(2,2) = 2, 2 gold → P 1/3, R 1,
			// F1 = 2·(1/3)/(4/3) = 1/2. BCubed: every item sees half its
			// cluster in its class → P 1/2, R 1, F1 2/3. NMI: H(C) = 0,
			// H(K) = ln 2, I = 0 → 0.
			name: "everything in one cluster",
			gold: "aabb", predicted: "xxxx",
			want: Scores{1.0 / 3, 1, 0.5, 0.5, 1, 2.0 / 3, 0, 4, 1, 2},
		},
		{
			// Pairs: none predicted → P 1 by convention; R 0/2 = 0; F1 0.
			// BCubed: P 1, each item holds half its class → R 1/2, F1 2/3.
			// NMI: I = 4·(1/4)·ln(4·1/(1·2)) = ln 2, H(C) = ln 4, H(K) = ln 2
			// → ln 2/(1.5 ln 2) = 2/3.
			name: "all singletons predicted",
			gold: "aabb", predicted: "1234",
			want: Scores{1, 0, 0, 1, 0.5, 2.0 / 3, 2.0 / 3, 4, 4, 2},
		},
		{
			// Pairs: 2 predicted, both true; 6 gold → P 1, R 1/3, F1 1/2.
			// BCubed: P 1, R 2/4 for every item, F1 2/3. NMI: H(K) = 0,
			// H(C) = ln 2, I = 0 → 0.
			name: "one class split in two",
			gold: "aaaa", predicted: "xxyy",
			want: Scores{1, 1.0 / 3, 0.5, 1, 0.5, 2.0 / 3, 0, 4, 2, 1},
		},
		{
			// No pairs on either side → P 1, R 1. BCubed all 1.
			// NMI: I = 3·(1/3)·ln 3 = ln 3 = H(C) = H(K) → 1.
			name: "all singletons both",
			gold: "abc", predicted: "xyz",
			want: Scores{1, 1, 1, 1, 1, 1, ln3 / ln3, 3, 3, 3},
		},
		{
			// Both have zero entropy: NMI 1 by convention; pairs 3/3.
			name: "one cluster both",
			gold: "aaa", predicted: "xxx",
			want: Scores{1, 1, 1, 1, 1, 1, 1, 3, 1, 1},
		},
		{
			// A single item: no pairs, zero entropy on both sides.
			name: "single item",
			gold: "a", predicted: "x",
			want: Scores{1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
		},
		{
			// Items 1,2 gold a, item 3 gold b; predicted {1}, {2,3}.
			// Pairs: the predicted pair (2,3) is false, the gold pair (1,2)
			// is split → P 0, R 0, F1 0.
			// BCubed P: item1 1/1, item2 1/2, item3 1/2 → 2/3.
			// BCubed R: item1 1/2, item2 1/2, item3 1/1 → 2/3. F1 2/3.
			// NMI: cells (x,a)=1, (y,a)=1, (y,b)=1; sizes x 1, y 2, a 2, b 1.
			// I = 1/3·[ln(3/2) + ln(3/4) + ln(3/2)] = ln(27/16)/3;
			// H(C) = H(K) = ln 3 − (2/3) ln 2 → NMI = I/H.
			name: "every pair wrong",
			gold: "aab", predicted: "xyy",
			want: Scores{0, 0, 0, 2.0 / 3, 2.0 / 3, 2.0 / 3,
				math.Log(27.0/16) / 3 / (ln3 - 2*ln2/3), 3, 2, 2},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Score(split(tc.gold), split(tc.predicted))
			if err != nil {
				t.Fatal(err)
			}
			checkScores(t, got, tc.want)
		})
	}
}

func TestScoreErrors(t *testing.T) {
	tests := []struct {
		name            string
		gold, predicted []string
	}{
		{"lengths differ", []string{"a", "b"}, []string{"x"}},
		{"predicted longer", nil, []string{"x"}},
		{"empty", []string{}, []string{}},
		{"nil", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Score(tc.gold, tc.predicted)
			if !errors.Is(err, news.ErrInvalid) {
				t.Fatalf("err = %v, want news.ErrInvalid", err)
			}
		})
	}
}

// randomLabels returns n labels drawn from k groups.
func randomLabels(r *rand.Rand, n, k int, prefix string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(r.IntN(k))
	}
	return out
}

// rename maps every label through a random injective renaming.
func rename(r *rand.Rand, labels []string) []string {
	names := make(map[string]string)
	out := make([]string, len(labels))
	for i, l := range labels {
		m, ok := names[l]
		if !ok {
			m = fmt.Sprintf("renamed-%d-%d", r.IntN(1000), len(names))
			names[l] = m
		}
		out[i] = m
	}
	return out
}

func allScores(s Scores) []float64 {
	return []float64{s.PairPrecision, s.PairRecall, s.PairF1,
		s.BCubedPrecision, s.BCubedRecall, s.BCubedF1, s.NMI}
}

func TestScoreProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n := 1 + r.IntN(60)
		gold := randomLabels(r, n, 1+r.IntN(8), "g")
		predicted := randomLabels(r, n, 1+r.IntN(8), "p")
		name := fmt.Sprintf("trial %d n=%d", trial, n)

		s, err := Score(gold, predicted)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, v := range allScores(s) {
			if v < 0 || v > 1 || math.IsNaN(v) {
				t.Errorf("%s: score %d = %v, outside [0,1]", name, i, v)
			}
		}

		perfect, err := Score(gold, rename(r, gold))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, v := range allScores(perfect) {
			if !near(v, 1) {
				t.Errorf("%s: perfect clustering score %d = %v, want 1", name, i, v)
			}
		}

		renamed, err := Score(rename(r, gold), rename(r, predicted))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkScores(t, renamed, s)

		// Reordering the items changes nothing.
		perm := r.Perm(n)
		g2, p2 := make([]string, n), make([]string, n)
		for i, j := range perm {
			g2[i], p2[i] = gold[j], predicted[j]
		}
		shuffled, err := Score(g2, p2)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkScores(t, shuffled, s)

		// Swapping gold and prediction swaps precision and recall; F1 and
		// NMI are symmetric.
		swapped, err := Score(predicted, gold)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkScores(t, swapped, Scores{
			PairPrecision: s.PairRecall, PairRecall: s.PairPrecision, PairF1: s.PairF1,
			BCubedPrecision: s.BCubedRecall, BCubedRecall: s.BCubedPrecision, BCubedF1: s.BCubedF1,
			NMI: s.NMI, Items: s.Items, Clusters: s.Classes, Classes: s.Clusters,
		})
	}
}

// TestScoreMatchesQuadratic checks the contingency-table pairwise counts
// against a direct loop over every pair.
func TestScoreMatchesQuadratic(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		n := 2 + r.IntN(80)
		gold := randomLabels(r, n, 1+r.IntN(10), "g")
		predicted := randomLabels(r, n, 1+r.IntN(10), "p")
		var tp, pp, gp float64
		for i := range n {
			for j := i + 1; j < n; j++ {
				sp, sg := predicted[i] == predicted[j], gold[i] == gold[j]
				if sp {
					pp++
				}
				if sg {
					gp++
				}
				if sp && sg {
					tp++
				}
			}
		}
		var bp, br float64
		for i := range n {
			var inter, cluster, class float64
			for j := range n {
				sp, sg := predicted[i] == predicted[j], gold[i] == gold[j]
				if sp {
					cluster++
				}
				if sg {
					class++
				}
				if sp && sg {
					inter++
				}
			}
			bp += inter / cluster
			br += inter / class
		}
		s, err := Score(gold, predicted)
		if err != nil {
			t.Fatal(err)
		}
		wantP, wantR := 1.0, 1.0
		if pp > 0 {
			wantP = tp / pp
		}
		if gp > 0 {
			wantR = tp / gp
		}
		if !near(s.PairPrecision, wantP) || !near(s.PairRecall, wantR) {
			t.Errorf("trial %d: pairwise P, R = %v, %v; quadratic %v, %v",
				trial, s.PairPrecision, s.PairRecall, wantP, wantR)
		}
		if !near(s.BCubedPrecision, bp/float64(n)) || !near(s.BCubedRecall, br/float64(n)) {
			t.Errorf("trial %d: BCubed P, R = %v, %v; quadratic %v, %v",
				trial, s.BCubedPrecision, s.BCubedRecall, bp/float64(n), br/float64(n))
		}
	}
}

// BenchmarkScore scores 100,000 items: 2,000 gold events, and a prediction
// that keeps 90% of items with their event and scatters the rest.
func BenchmarkScore(b *testing.B) {
	const n = 100_000
	r := rand.New(rand.NewPCG(5, 6))
	gold := make([]string, n)
	predicted := make([]string, n)
	for i := range gold {
		e := r.IntN(2000)
		gold[i] = "event-" + strconv.Itoa(e)
		if r.IntN(10) == 0 {
			e = r.IntN(3000)
		}
		predicted[i] = "story-" + strconv.Itoa(e)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Score(gold, predicted); err != nil {
			b.Fatal(err)
		}
	}
}
