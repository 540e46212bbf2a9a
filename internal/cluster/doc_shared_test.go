package cluster

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/synth"
)

// TestFeaturizeSharedCache featurises on several goroutines whose
// scratches share one word cache, with articles of many new words, so
// that the cache grows and starts afresh while other scratches read it,
// and checks every article against the reference. Run with -race, it
// also checks that readers and writers of the cache do not race.
func TestFeaturizeSharedCache(t *testing.T) {
	at := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	p := DefaultParams()
	cfg := synth.DefaultConfig()
	cfg.Articles, cfg.Seed = 200, 5
	type article struct{ title, text string }
	var arts []article
	for i, a := range synth.Generate(cfg) {
		// Every other article brings 300 words no other has, so that
		// the cache fills (maxCachedWords) within the test.
		var b strings.Builder
		b.WriteString(a.Text)
		for j := range 300 * (i % 2) {
			fmt.Fprintf(&b, " Fresh%dw%d fresh%dw%dx", i, j, i, j)
		}
		arts = append(arts, article{a.Title, b.String()})
	}
	// The articles again, which the cache has met by then, unless it
	// started afresh.
	arts = append(arts, arts...)
	cache := &wordCache{}
	var wg sync.WaitGroup
	workers := 4
	errs := make(chan string, workers)
	for w := range workers {
		wg.Go(func() {
			sc := &scratch{cache: cache}
			for i := w; i < len(arts); i += workers {
				a := arts[i]
				got := sc.featurize(a.title, a.text, "src", at, p)
				if diff := sameDoc(got, featurizeReference(a.title, a.text, "src", at, p)); diff != "" {
					errs <- fmt.Sprintf("article %d: %s", i, diff)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	// The fresh words alone, 60,000 of them, and the stream's own
	// overflow the cache, which starts afresh; when it does depends on how
	// the goroutines interleave, but not whether.
	if cache.restarts == 0 {
		t.Errorf("the cache, holding %d words, never started afresh", cache.cur.len())
	}
}
