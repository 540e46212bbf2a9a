package eval

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/input"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/pipeline"
)

// ClusteringResult is the score of one corpus streamed through the
// clustering pipeline.
type ClusteringResult struct {
	File string `json:"file"`
	Scores
	Articles int `json:"articles"`
	// Stories is the number of stories made; Events the number of gold events.
	Stories int `json:"stories"`
	Events  int `json:"events"`
	// Reprints counts articles placed as copies of earlier ones.
	Reprints int `json:"reprints"`
	// Skipped counts corpus lines that could not be read.
	Skipped int `json:"skipped"`
	// Seconds is the wall time of clustering alone, reading excluded.
	Seconds           float64 `json:"seconds"`
	ArticlesPerSecond float64 `json:"articles_per_second"`
	// RoundArticlesPerSecond is the speed of each round, in order, when
	// the corpus was clustered several times (Seconds and
	// ArticlesPerSecond are then their medians).
	RoundArticlesPerSecond []float64 `json:"round_articles_per_second,omitempty"`
	// PeakRSSBytes is the process's peak resident memory after the run
	// (0 where the platform does not report it).
	PeakRSSBytes uint64 `json:"peak_rss_bytes"`
	// Shuffled holds the scores over orders of the corpus shuffled within
	// topics, when asked for (see ClusterShuffled).
	Shuffled *ShuffledScores `json:"shuffled,omitempty"`
	// Interleaved holds the scores over orders with all the corpus's
	// articles shuffled, when asked for (see ClusterInterleaved).
	Interleaved *ShuffledScores `json:"interleaved,omitempty"`
	// Placements holds the story each article was placed in, merges
	// resolved, in the corpus's streaming order, beside its gold event.
	Placements []Placement `json:"-"`
}

// Placement is where one gold-labelled article went.
type Placement struct {
	Title, Event string
	Story        int64
}

// Corpus is a gold-labelled article stream, in the order it is scored.
type Corpus struct {
	Articles []*news.Article
	// Events holds each article's gold event; an article without one is
	// its own event.
	Events []string
	// Skipped counts lines that could not be read.
	Skipped int
	// Dated is true when every article has a publication time, and the
	// corpus is streamed in time order rather than in file order.
	Dated bool
}

// LoadCorpus reads a corpus file and orders it for streaming as ingest
// does (see pipeline.Reorderer): by publication time, ties and undated
// articles in file order, an undated article after the one before it.
func LoadCorpus(ctx context.Context, path string) (*Corpus, error) {
	c := &Corpus{}
	var problems []input.Problem
	err := input.Read(ctx, []string{path}, nil, input.Options{}, func(d input.Draft) error {
		c.Articles = append(c.Articles, pipeline.FromDraft(d))
		ev := d.Event
		if ev == "" {
			ev = "\x00unlabelled:" + strconv.Itoa(len(c.Events))
		}
		c.Events = append(c.Events, ev)
		return nil
	}, func(p input.Problem) { problems = append(problems, p) })
	if err != nil {
		return nil, fmt.Errorf("read corpus %s: %w", path, err)
	}
	c.Skipped = len(problems)
	if len(c.Articles) == 0 {
		if len(problems) > 0 {
			return nil, fmt.Errorf("corpus %s: no article could be read: %v", path, problems[0])
		}
		return nil, fmt.Errorf("corpus %s: no articles", path)
	}
	dated := true
	for _, a := range c.Articles {
		if a.Published.IsZero() {
			dated = false
			break
		}
	}
	c.Dated = dated
	// The order ingest places an archive in when it fits its window.
	at := make(map[*news.Article]int, len(c.Articles))
	r := pipeline.NewReorderer(math.MaxInt64)
	for i, a := range c.Articles {
		at[a] = i
		r.Push(a)
	}
	arts := make([]*news.Article, 0, len(c.Articles))
	for a, ok := r.Pop(); ok; a, ok = r.Pop() {
		arts = append(arts, a)
	}
	evs := make([]string, len(arts))
	for i, a := range arts {
		evs[i] = c.Events[at[a]]
	}
	c.Articles, c.Events = arts, evs
	return c, nil
}

// Cluster streams a corpus through the product's pipeline with an
// in-memory sink that behaves like a store (an article whose identity was
// seen before is refused, and is scored in the story of its first copy),
// and scores the stories against the gold events.
func Cluster(ctx context.Context, c *Corpus, p cluster.Params, workers int) (ClusteringResult, error) {
	var res ClusteringResult
	eng, err := cluster.New(p, 1)
	if err != nil {
		return res, err
	}
	predicted := make([]string, len(c.Articles))
	position := make(map[*news.Article]int, len(c.Articles))
	for i, a := range c.Articles {
		position[a] = i
		a.Identity = ""
	}
	type stored struct{ id, story int64 }
	byIdentity := make(map[string]stored, len(c.Articles))
	stories := make(map[int64]struct{})
	var nextID int64
	sink := func(_ context.Context, a *news.Article) (int64, error) {
		i := position[a]
		if prev, ok := byIdentity[a.Identity]; ok {
			predicted[i] = strconv.FormatInt(prev.story, 10)
			return 0, news.ErrDuplicate
		}
		nextID++
		byIdentity[a.Identity] = stored{nextID, a.StoryID}
		predicted[i] = strconv.FormatInt(a.StoryID, 10)
		if a.DuplicateOf != 0 {
			res.Reprints++
		}
		return nextID, nil
	}
	in := make(chan *news.Article, len(c.Articles))
	for _, a := range c.Articles {
		in <- a
	}
	close(in)
	_ = ResetPeakRSS()
	start := time.Now()
	stream := &pipeline.Stream{Engine: eng, Params: p, Sink: sink, Workers: workers}
	if err := stream.Run(ctx, in); err != nil {
		return res, err
	}
	res.Seconds = time.Since(start).Seconds()
	stories = make(map[int64]struct{})
	for i, label := range predicted {
		id, err := strconv.ParseInt(label, 10, 64)
		if err != nil {
			return res, fmt.Errorf("story label %q: %w", label, err)
		}
		id = eng.Resolve(id)
		predicted[i] = strconv.FormatInt(id, 10)
		stories[id] = struct{}{}
		res.Placements = append(res.Placements, Placement{Title: c.Articles[i].Title, Event: c.Events[i], Story: id})
	}
	res.PeakRSSBytes, _ = PeakRSS()
	res.Scores, err = Score(c.Events, predicted)
	if err != nil {
		return res, err
	}
	res.Articles = len(c.Articles)
	res.Stories = len(stories)
	res.Events = res.Scores.Classes
	res.Skipped = c.Skipped
	if res.Seconds > 0 {
		res.ArticlesPerSecond = float64(res.Articles) / res.Seconds
	}
	return res, nil
}
