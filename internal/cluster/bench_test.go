package cluster

import (
	"fmt"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/synth"
)

// filledEngine holds n open stories of one synthetic article each.
func filledEngine(b *testing.B, n int, p Params) (*Engine, time.Time) {
	b.Helper()
	cfg := synth.DefaultConfig()
	cfg.Articles, cfg.ActiveEvents, cfg.Words, cfg.ReprintShare = n, n, 120, 0
	cfg.PerHour = 1 << 30
	e, err := New(p, 1)
	if err != nil {
		b.Fatal(err)
	}
	s := synth.New(cfg)
	var last time.Time
	for id := int64(1); ; id++ {
		a, ok := s.Next()
		if !ok {
			break
		}
		e.Restore(Featurize(a.Title, a.Text, a.Source, a.Published, p), id, id)
		last = a.Published
	}
	return e, last
}

// BenchmarkPlace measures assigning and committing one full-length
// article (featurising excluded) with 1,000 to 100,000 open stories: the
// cost must stay flat as stories grow.
func BenchmarkPlace(b *testing.B) {
	p := DefaultParams()
	cfg := synth.DefaultConfig()
	cfg.Seed, cfg.Articles = 7, 2000
	var docs []*Doc
	s := synth.New(cfg)
	for {
		a, ok := s.Next()
		if !ok {
			break
		}
		docs = append(docs, Featurize(a.Title, a.Text, a.Source, a.Published, p))
	}
	for _, n := range []int{1000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("stories=%d", n), func(b *testing.B) {
			e, _ := filledEngine(b, n, p)
			id := int64(n)
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				d := docs[i%len(docs)]
				i++
				id++
				e.Commit(d, id, e.Assign(d))
			}
		})
	}
}

func BenchmarkFeaturizeSynthetic(b *testing.B) {
	cfg := synth.DefaultConfig()
	cfg.Articles = 200
	s := synth.New(cfg)
	var arts []synth.Article
	for {
		a, ok := s.Next()
		if !ok {
			break
		}
		arts = append(arts, a)
	}
	p := DefaultParams()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a := arts[i%len(arts)]
		i++
		Featurize(a.Title, a.Text, a.Source, a.Published, p)
	}
}
