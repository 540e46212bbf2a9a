package eval

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/pipeline"
)

// uciPath is the UCI headline sample in ../shared, beside the repository;
// a user's clone has none.
var uciPath = filepath.Join("..", "..", "..", "shared", "data", "uci-news-sample.jsonl")

// An archive of headlines in no particular order, ingested as read, makes
// worse stories than the stream it came from; put back in publication
// order by ingest's window, it makes the stream's. The figures the
// README quotes come from here (go test -run TestReorderRestores -v).
func TestReorderRestoresTheStreamsStories(t *testing.T) {
	if _, err := os.Stat(uciPath); err != nil {
		t.Skipf("UCI sample not available (%v): it lives in ../shared, beside the repository", err)
	}
	ctx := context.Background()
	sorted, err := LoadCorpus(ctx, uciPath)
	if err != nil {
		t.Fatal(err)
	}
	// The archive: the corpus in an order of no meaning.
	read := &Corpus{Articles: append([]*news.Article(nil), sorted.Articles...), Events: append([]string(nil), sorted.Events...)}
	rand.New(rand.NewPCG(1, 1)).Shuffle(len(read.Articles), func(i, j int) {
		read.Articles[i], read.Articles[j] = read.Articles[j], read.Articles[i]
		read.Events[i], read.Events[j] = read.Events[j], read.Events[i]
	})
	// What ingest places, through its default window (which holds all of
	// this corpus).
	event := make(map[*news.Article]string, len(read.Articles))
	r := pipeline.NewReorderer(128 << 20)
	for i, a := range read.Articles {
		event[a] = read.Events[i]
		r.Push(a)
		if r.Full() {
			t.Fatal("the UCI sample does not fit the default window")
		}
	}
	reordered := &Corpus{}
	for a, ok := r.Pop(); ok; a, ok = r.Pop() {
		reordered.Articles = append(reordered.Articles, a)
		reordered.Events = append(reordered.Events, event[a])
	}
	p := cluster.DefaultParams()
	score := func(c *Corpus) Scores {
		res, err := Cluster(ctx, c, p, 2)
		if err != nil {
			t.Fatal(err)
		}
		return res.Scores
	}
	want, asRead, got := score(sorted), score(read), score(reordered)
	t.Logf("UCI headlines: pair F1 / NMI in publication order %.3f / %.3f, shuffled and placed as read %.3f / %.3f, put back in order %.3f / %.3f",
		want.PairF1, want.NMI, asRead.PairF1, asRead.NMI, got.PairF1, got.NMI)
	// Ties (headlines of one time) keep the archive's order, not the
	// corpus's, so the stories may differ a little from the sorted
	// corpus's; they must be as good.
	if math.Abs(got.PairF1-want.PairF1) > 0.02 || math.Abs(got.NMI-want.NMI) > 0.02 {
		t.Errorf("put back in order: pair F1 %.3f, NMI %.3f; the corpus in publication order gives %.3f, %.3f",
			got.PairF1, got.NMI, want.PairF1, want.NMI)
	}
	if asRead.PairF1 > got.PairF1-0.03 {
		t.Errorf("placed as read: pair F1 %.3f, not clearly below %.3f in order: the test's archive is no test", asRead.PairF1, got.PairF1)
	}
}
