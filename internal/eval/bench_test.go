package eval

import (
	"context"
	"testing"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/synth"
)

func TestClusterSyntheticRecoversEvents(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Articles = 1500
	arts := synth.Generate(cfg)
	res, err := ClusterSynthetic(context.Background(), arts, cluster.DefaultParams(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if res.Scores.PairF1 < 0.9 {
		t.Errorf("pairwise F1 %.3f on a synthetic stream, want ≥ 0.9", res.Scores.PairF1)
	}
	base, err := NaiveSynthetic(arts[:300], 0.3)
	if err != nil {
		t.Fatal(err)
	}
	if base.Articles != 300 || base.Stories == 0 {
		t.Errorf("baseline result %+v", base)
	}
}

func BenchmarkClusterSynthetic(b *testing.B) {
	cfg := synth.DefaultConfig()
	cfg.Articles = 4000
	arts := synth.Generate(cfg)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := ClusterSynthetic(context.Background(), arts, cluster.DefaultParams(), 0)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(res.ArticlesPerSecond, "articles/s")
	}
}
