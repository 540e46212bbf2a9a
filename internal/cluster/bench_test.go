package cluster

import (
	"fmt"
	"sync"
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
	var last time.Time
	for i, a := range synth.Generate(cfg) {
		id := int64(i + 1)
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
	// As many fresh articles as a run of a second or two places, so that
	// few come round again as exact copies of themselves.
	cfg.Seed, cfg.Articles = 7, 20_000
	var docs []*Doc
	for _, a := range synth.Generate(cfg) {
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
	arts := synth.Generate(cfg)
	p := DefaultParams()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a := arts[i%len(arts)]
		i++
		Featurize(a.Title, a.Text, a.Source, a.Published, p)
	}
}

// streamArticles is a synthetic stream as long as the end-to-end
// benchmark's, generated once.
var streamArticles = sync.OnceValue(func() []synth.Article {
	cfg := synth.DefaultConfig()
	cfg.Articles = 20_000
	return synth.Generate(cfg)
})

// BenchmarkFeaturizeStream featurises a long stream in order, on one
// goroutine: its vocabulary grows as a real stream's does, so the word
// cache is as large as in production and mostly out of the processor's
// caches, where BenchmarkFeaturizeSynthetic's 200 articles keep it in.
func BenchmarkFeaturizeStream(b *testing.B) {
	arts := streamArticles()
	p := DefaultParams()
	sc := newScratch()
	// Meet the whole vocabulary once, as a long-running stream has.
	for _, a := range arts {
		sc.featurize(a.Title, a.Text, a.Source, a.Published, p)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		a := arts[i%len(arts)]
		i++
		sc.featurize(a.Title, a.Text, a.Source, a.Published, p)
	}
}

// streamDocs is streamArticles featurised, once.
var streamDocs = sync.OnceValue(func() []*Doc {
	p := DefaultParams()
	arts := streamArticles()
	docs := make([]*Doc, len(arts))
	for i, a := range arts {
		docs[i] = Featurize(a.Title, a.Text, a.Source, a.Published, p)
	}
	return docs
})

// BenchmarkPlaceStream places the synthetic stream of `parallax bench` on
// one goroutine, featurising excluded: the serial part of clustering, on
// stories that grow as a stream's do. It reports the time per article.
func BenchmarkPlaceStream(b *testing.B) {
	docs := streamDocs()
	p := DefaultParams()
	b.ReportAllocs()
	for b.Loop() {
		e, err := New(p, 1)
		if err != nil {
			b.Fatal(err)
		}
		for i, d := range docs {
			e.Commit(d, int64(i+1), e.Assign(d))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(docs)), "µs/article")
}
