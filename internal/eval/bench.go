package eval

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/cluster/naive"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/pipeline"
	"github.com/parallax-news/parallax/internal/synth"
)

// StreamResult is one clustering run over a synthetic stream.
type StreamResult struct {
	Name     string `json:"name"`
	Articles int    `json:"articles"`
	Stories  int    `json:"stories"`
	// Seconds is the wall time of clustering; generating the stream is
	// excluded when it was generated beforehand.
	Seconds           float64 `json:"seconds"`
	ArticlesPerSecond float64 `json:"articles_per_second"`
	PeakRSSBytes      uint64  `json:"peak_rss_bytes"`
	// Scores against the generator's events; left zero when scoring was
	// skipped for a stream too long to keep labels for.
	Scores *Scores `json:"scores,omitempty"`
}

func toArticle(a synth.Article) *news.Article {
	return &news.Article{Title: a.Title, Text: a.Text, Source: a.Source, URL: a.URL, Published: a.Published}
}

// ClusterSynthetic streams pre-generated articles through the product's
// pipeline with an in-memory sink and scores the result.
func ClusterSynthetic(ctx context.Context, arts []synth.Article, p cluster.Params, workers int) (StreamResult, error) {
	res := StreamResult{Name: "parallax", Articles: len(arts)}
	eng, err := cluster.New(p, 1)
	if err != nil {
		return res, err
	}
	in := make(chan *news.Article, 1024)
	gold := make([]string, len(arts))
	pred := make([]int64, 0, len(arts))
	var id int64
	sink := func(_ context.Context, a *news.Article) (int64, error) {
		id++
		pred = append(pred, a.StoryID)
		return id, nil
	}
	_ = ResetPeakRSS()
	start := time.Now()
	go func() {
		defer close(in)
		for i, a := range arts {
			gold[i] = strconv.Itoa(a.Event)
			select {
			case in <- toArticle(a):
			case <-ctx.Done():
				return
			}
		}
	}()
	stream := &pipeline.Stream{Engine: eng, Params: p, Sink: sink, Workers: workers}
	if err := stream.Run(ctx, in); err != nil {
		return res, err
	}
	res.Seconds = time.Since(start).Seconds()
	res.ArticlesPerSecond = float64(len(arts)) / res.Seconds
	res.PeakRSSBytes, _ = PeakRSS()
	labels := make([]string, len(pred))
	stories := make(map[int64]struct{})
	for i, sid := range pred {
		sid = eng.Resolve(sid)
		labels[i] = strconv.FormatInt(sid, 10)
		stories[sid] = struct{}{}
	}
	res.Stories = len(stories)
	sc, err := Score(gold, labels)
	if err != nil {
		return res, err
	}
	res.Scores = &sc
	return res, nil
}

// NaiveSynthetic runs the naive baseline over the same articles.
func NaiveSynthetic(arts []synth.Article, threshold float64) (StreamResult, error) {
	res := StreamResult{Name: "naive baseline", Articles: len(arts)}
	c := naive.New(threshold)
	gold := make([]string, len(arts))
	labels := make([]string, len(arts))
	start := time.Now()
	for i, a := range arts {
		labels[i] = strconv.Itoa(c.Add(a.Title, a.Text))
		gold[i] = strconv.Itoa(a.Event)
	}
	res.Seconds = time.Since(start).Seconds()
	res.ArticlesPerSecond = float64(len(arts)) / res.Seconds
	res.Stories = c.Stories()
	sc, err := Score(gold, labels)
	if err != nil {
		return res, err
	}
	res.Scores = &sc
	return res, nil
}

// StreamLong streams a synthetic stream generated on the fly, holding
// nothing per article, to measure throughput and peak memory on streams
// too long to keep.
func StreamLong(ctx context.Context, cfg synth.Config, p cluster.Params, workers int) (StreamResult, error) {
	res := StreamResult{Name: "parallax, generated on the fly", Articles: cfg.Articles}
	eng, err := cluster.New(p, 1)
	if err != nil {
		return res, err
	}
	in := make(chan *news.Article, 1024)
	var id int64
	sink := func(context.Context, *news.Article) (int64, error) { id++; return id, nil }
	_ = ResetPeakRSS()
	start := time.Now()
	go func() {
		defer close(in)
		s := synth.New(cfg)
		for {
			a, ok := s.Next()
			if !ok {
				return
			}
			select {
			case in <- toArticle(a):
			case <-ctx.Done():
				return
			}
		}
	}()
	stream := &pipeline.Stream{Engine: eng, Params: p, Sink: sink, Workers: workers}
	if err := stream.Run(ctx, in); err != nil {
		return res, err
	}
	res.Seconds = time.Since(start).Seconds()
	res.ArticlesPerSecond = float64(cfg.Articles) / res.Seconds
	res.PeakRSSBytes, _ = PeakRSS()
	res.Stories = eng.Stories()
	return res, nil
}

// CurvePoint is the cost of placing an article with a number of stories
// open.
type CurvePoint struct {
	OpenStories      int     `json:"open_stories"`
	MicrosPerArticle float64 `json:"micros_per_article"`
}

// Curve measures the time to assign and commit an article (featurising
// excluded) with each number of open stories. Each engine is first filled
// with one article per story; then probe further articles are placed and
// timed.
func Curve(sizes []int, probe int, seed uint64, p cluster.Params) ([]CurvePoint, error) {
	var out []CurvePoint
	for _, n := range sizes {
		cfg := synth.DefaultConfig()
		cfg.Seed = seed
		cfg.Words = 120
		cfg.Articles = n
		cfg.ActiveEvents = n
		cfg.PerHour = 1 << 30 // all open: the whole fill happens within the window
		cfg.ReprintShare = 0
		eng, err := cluster.New(p, 1)
		if err != nil {
			return nil, err
		}
		fill := synth.New(cfg)
		var id int64
		for {
			a, ok := fill.Next()
			if !ok {
				break
			}
			id++
			eng.Restore(cluster.Featurize(a.Title, a.Text, a.Source, a.Published, p), id, id)
		}
		if eng.Stories() < n*9/10 {
			return nil, fmt.Errorf("curve: filled %d stories, want about %d", eng.Stories(), n)
		}
		pcfg := synth.DefaultConfig()
		pcfg.Seed = seed + 1
		pcfg.Articles = probe
		pcfg.Start = cfg.Start
		docs := make([]*cluster.Doc, 0, probe)
		for _, a := range synth.Generate(pcfg) {
			docs = append(docs, cluster.Featurize(a.Title, a.Text, a.Source, a.Published, p))
		}
		start := time.Now()
		for _, d := range docs {
			id++
			eng.Commit(d, id, eng.Assign(d))
		}
		out = append(out, CurvePoint{OpenStories: n, MicrosPerArticle: float64(time.Since(start).Microseconds()) / float64(probe)})
	}
	return out, nil
}
