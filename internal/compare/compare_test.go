package compare

import (
	"fmt"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/news"
)

func TestClassify(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	c := func(src string, at time.Duration, text string, v float64, hedge, attr string) ClaimRef {
		return ClaimRef{Source: src, Published: t0.Add(at), Claim: news.Claim{Text: text, Value: v, Low: v, High: v,
			Hedge: hedge, Unit: "people", Attribution: attr}}
	}
	for _, tc := range []struct {
		name   string
		claims []ClaimRef
		want   string
	}{
		{"same figure", []ClaimRef{c("a", 0, "1.2 million", 1.2e6, "exact", ""), c("b", 0, "1,200,000", 1.2e6, "exact", "")}, Agree},
		{"overlapping hedges", []ClaimRef{c("a", 0, "nearly 400,000", 4e5, "below", "the UN"), c("b", 0, "over 350,000", 3.5e5, "above", "UN numbers")}, Compatible},
		{"rounding", []ClaimRef{c("a", 0, "1.2 million", 1.2e6, "exact", ""), c("b", 0, "1.23 million", 1.23e6, "exact", "")}, Compatible},
		{"disjoint", []ClaimRef{c("a", 0, "5,000", 5000, "exact", ""), c("b", 0, "15,000", 15000, "exact", "")}, Contradict},
		{"rising toll", []ClaimRef{c("a", 0, "12", 12, "exact", ""), c("b", 6*time.Hour, "31", 31, "exact", "")}, Update},
		{"falling later is no update", []ClaimRef{c("a", 0, "31", 31, "exact", ""), c("b", 6*time.Hour, "12", 12, "exact", "")}, Contradict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := ClaimGroup{Claims: tc.claims}
			classify(&g)
			if g.Class != tc.want {
				t.Errorf("class %s (%s), want %s", g.Class, g.Reason, tc.want)
			}
		})
	}
}

func TestDiff(t *testing.T) {
	for _, tc := range []struct{ name, a, b, want string }{
		{"same", "we will fight", "we will fight", "=we will fight"},
		{"changed word", "we must not allow it", "we should not allow it", "=we -must +should =not allow it"},
		{"partial", "the tram will cut travel times in half", "cut travel times in half", "-the tram will =cut travel times in half"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			for i, s := range DiffText(tc.a, tc.b) {
				if i > 0 {
					got += " "
				}
				got += map[string]string{"kept": "=", "removed": "-", "added": "+"}[s.Op] + s.Text
			}
			if got != tc.want {
				t.Errorf("diff %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRounds(t *testing.T) {
	for _, tc := range []struct {
		x, y float64
		want bool
	}{{1.2e6, 1.23e6, true}, {3.4, 3.42, true}, {6, 5.8, true}, {5000, 15000, false}, {12, 31, false}} {
		if got := rounds(tc.x, tc.y); got != tc.want {
			t.Errorf("rounds(%v, %v) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
}

// BenchmarkCompare compares a 200-article story built from the scenario
// articles, repeated with shifted figures and publication times.
func BenchmarkCompare(b *testing.B) {
	ss, err := Scenarios()
	if err != nil {
		b.Fatal(err)
	}
	var base []news.ArticleAnnotations
	var texts []string
	for _, s := range ss {
		_, arts := s.Run()
		base = append(base, arts...)
		for _, a := range s.Articles {
			texts = append(texts, a.Text)
		}
	}
	arts := make([]news.ArticleAnnotations, 200)
	full := make([]news.Article, 200)
	for i := range arts {
		a := base[i%len(base)]
		a.ArticleID = int64(i + 1)
		a.Source = fmt.Sprintf("outlet-%d", i%37)
		a.Published = a.Published.Add(time.Duration(i) * time.Minute)
		a.Annotations.Claims = append([]news.Claim(nil), a.Annotations.Claims...)
		for j := range a.Annotations.Claims {
			f := 1 + float64(i%5)/100
			c := &a.Annotations.Claims[j]
			c.Value, c.Low, c.High = c.Value*f, c.Low*f, c.High*f
		}
		arts[i] = a
		full[i] = news.Article{ID: a.ArticleID, Text: texts[i%len(texts)]}
	}
	story := annotate.Story(arts)
	b.ReportAllocs()
	for b.Loop() {
		Compare(story, arts, full)
	}
}
