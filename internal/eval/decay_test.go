package eval

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/demo"
)

// The demo corpus's stories run over up to a day and a half, a report
// coming at most 21 hours after the one before it. Stretched three and six
// times in time, so that reports come up to 2.7 and 5.3 days apart, each
// story still gathers its reports, because time decay stops at
// DecayFloor; without the floor they split.
func TestStoriesLastingDaysStayWhole(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.jsonl")
	if err := os.WriteFile(path, demo.Corpus, 0o644); err != nil {
		t.Fatal(err)
	}
	stretched := func(k int) *Corpus {
		c, err := LoadCorpus(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if !c.Dated {
			t.Fatal("the demo corpus is not dated")
		}
		start := c.Articles[0].Published
		for _, a := range c.Articles {
			a.Published = start.Add(a.Published.Sub(start) * time.Duration(k))
		}
		return c
	}
	noFloor := cluster.DefaultParams()
	noFloor.DecayFloor = 0
	for _, k := range []int{1, 3, 6} {
		c := stretched(k)
		res, err := Cluster(ctx, c, cluster.DefaultParams(), 2)
		if err != nil {
			t.Fatal(err)
		}
		if res.PairF1 != 1 || res.Stories != res.Events {
			t.Errorf("times stretched %d×: %d stories of %d events, pair F1 %.3f", k, res.Stories, res.Events, res.PairF1)
		}
		if k == 1 {
			continue
		}
		split, err := Cluster(ctx, c, noFloor, 2)
		if err != nil {
			t.Fatal(err)
		}
		if split.Stories <= split.Events {
			t.Errorf("times stretched %d× and no decay floor: %d stories of %d events; the test needs decay to split them", k, split.Stories, split.Events)
		}
	}
}
