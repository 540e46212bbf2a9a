package pipeline

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/sqlite"
)

// Two runs placing articles into one database at once, through two store
// handles as two processes would: the clustering lock makes the second
// wait for the first, so no story ID is started by both.
func TestConcurrentRunsNeverShareNewStoryIDs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	arts := demoArticles(t)
	var wg sync.WaitGroup
	started := make([]map[int64]bool, 2)
	errs := make([]error, 2)
	for run := range 2 {
		st, err := sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		started[run] = map[int64]bool{}
		part := arts[run*len(arts)/2 : (run+1)*len(arts)/2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[run] = IngestArticles(t.Context(), st, feed(part), ArticleOptions{
				Params: cluster.DefaultParams(),
				Report: func(o Outcome) {
					if !o.Duplicate && o.Article.Assignment.NewStory {
						started[run][o.Article.StoryID] = true
					}
				},
			})
		}()
	}
	wg.Wait()
	for run, err := range errs {
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
	}
	for id := range started[0] {
		if started[1][id] {
			t.Errorf("story %d was started by both runs", id)
		}
	}
	if len(started[0]) == 0 || len(started[1]) == 0 {
		t.Errorf("runs started %d and %d stories, want some each", len(started[0]), len(started[1]))
	}
}

// A run that will not wait long gives up with ErrBusy while another holds
// the lock, and goes ahead once it is released.
func TestRunGivesUpWhileAnotherHoldsTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	holder, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	other, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	unlock, err := holder.LockClustering(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	arts := demoArticles(t)[:3]
	opt := ArticleOptions{Params: cluster.DefaultParams(), LockWait: 200 * time.Millisecond}
	start := time.Now()
	_, err = IngestArticles(t.Context(), other, feed(arts), opt)
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("ingest while locked: %v, want ErrBusy", err)
	}
	if waited := time.Since(start); waited < 150*time.Millisecond {
		t.Errorf("gave up after %v, want about the 200ms asked", waited)
	}
	unlock()
	sum, err := IngestArticles(t.Context(), other, feed(arts), opt)
	if err != nil || sum.Added != len(arts) {
		t.Fatalf("ingest after unlock: %+v, %v", sum, err)
	}
	// A cancelled context stops the wait too.
	unlock, err = holder.LockClustering(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := IngestArticles(ctx, other, feed(arts), ArticleOptions{Params: cluster.DefaultParams()}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v, want context.Canceled", err)
	}
}
