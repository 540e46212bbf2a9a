package eval

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/news"
)

// topicOf is the group a gold label belongs to when a corpus is shuffled
// within groups: the label up to its last hyphen, so that the two events
// of an ECB+ topic ("ecbplus-12-ecb" and "ecbplus-12-ecbplus") form one
// group, and a label without a hyphen is its own group.
func topicOf(label string) string {
	if i := strings.LastIndexByte(label, '-'); i > 0 {
		return label[:i]
	}
	return label
}

// shuffledWithinTopics returns the corpus with the articles of each topic
// (see topicOf) in a random order, from a generator seeded with seed: each
// topic keeps the places in the stream its articles had, and only which
// of its articles comes where changes. An order of a corpus whose topics
// each hold two events of one kind asks the clustering to tell them apart
// whichever event reports first, as a real stream would. The articles are
// shared with c, not copied.
func (c *Corpus) shuffledWithinTopics(seed uint64) *Corpus {
	places := make(map[string][]int)
	var topics []string
	for i, ev := range c.Events {
		t := topicOf(ev)
		if _, ok := places[t]; !ok {
			topics = append(topics, t)
		}
		places[t] = append(places[t], i)
	}
	out := &Corpus{
		Articles: make([]*news.Article, len(c.Articles)),
		Events:   make([]string, len(c.Events)),
		Skipped:  c.Skipped,
		Dated:    c.Dated,
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	for _, t := range topics {
		at := places[t]
		order := rng.Perm(len(at))
		for k, i := range at {
			out.Articles[i] = c.Articles[at[order[k]]]
			out.Events[i] = c.Events[at[order[k]]]
		}
	}
	return out
}

// interleaved returns the corpus with all its articles in a random order,
// from a generator seeded with seed: the events of every topic mixed
// through one another, as in a live stream that carries many events at
// once. The articles are shared with c, not copied.
func (c *Corpus) interleaved(seed uint64) *Corpus {
	out := &Corpus{
		Articles: make([]*news.Article, len(c.Articles)),
		Events:   make([]string, len(c.Events)),
		Skipped:  c.Skipped,
		Dated:    c.Dated,
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	for i, k := range rng.Perm(len(c.Articles)) {
		out.Articles[i], out.Events[i] = c.Articles[k], c.Events[k]
	}
	return out
}

// Spread is the mean, least and greatest of a score over several runs.
type Spread struct {
	Mean float64 `json:"mean"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
}

// spreadOf returns the spread of xs, which must not be empty.
func spreadOf(xs []float64) Spread {
	s := Spread{Min: xs[0], Max: xs[0]}
	for _, x := range xs {
		s.Mean += x / float64(len(xs))
		s.Min, s.Max = min(s.Min, x), max(s.Max, x)
	}
	return s
}

// ShuffledScores sums up the scores of a corpus clustered in several
// shuffled orders.
type ShuffledScores struct {
	Orders   int    `json:"orders"`
	PairF1   Spread `json:"pair_f1"`
	BCubedF1 Spread `json:"bcubed_f1"`
	NMI      Spread `json:"nmi"`
}

// ClusterShuffled clusters the corpus in orders orders, shuffled within
// topics from seeds 1 to orders (see shuffledWithinTopics), each with a
// fresh engine, and returns the spread of the scores. A single order is
// one sample of how the stream could have come: two events of one kind
// split or merge depending on which reports first, so a change is better
// judged on several.
func ClusterShuffled(ctx context.Context, c *Corpus, p cluster.Params, workers, orders int) (ShuffledScores, error) {
	return clusterOrders(ctx, c.shuffledWithinTopics, p, workers, orders)
}

// ClusterInterleaved is ClusterShuffled with all the articles shuffled
// (see interleaved), not only those of each topic: a corpus laid out
// topic by topic hands the clustering one event or two at a time, where
// a live stream interleaves many, and what waits for more reports of an
// event (the second look) must work either way.
func ClusterInterleaved(ctx context.Context, c *Corpus, p cluster.Params, workers, orders int) (ShuffledScores, error) {
	return clusterOrders(ctx, c.interleaved, p, workers, orders)
}

// clusterOrders clusters the corpus in the orders order returns for
// seeds 1 to orders, each with a fresh engine.
func clusterOrders(ctx context.Context, order func(seed uint64) *Corpus, p cluster.Params, workers, orders int) (ShuffledScores, error) {
	if orders < 1 {
		return ShuffledScores{}, fmt.Errorf("shuffled orders %d: want at least 1", orders)
	}
	var pair, bcubed, nmi []float64
	for seed := range uint64(orders) {
		res, err := Cluster(ctx, order(seed+1), p, workers)
		if err != nil {
			return ShuffledScores{}, fmt.Errorf("order %d: %w", seed+1, err)
		}
		pair, bcubed, nmi = append(pair, res.PairF1), append(bcubed, res.BCubedF1), append(nmi, res.NMI)
	}
	return ShuffledScores{Orders: orders, PairF1: spreadOf(pair), BCubedF1: spreadOf(bcubed), NMI: spreadOf(nmi)}, nil
}
