package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

var concurrencyTests = []test{
	{"writers keep totals", testConcurrentWriters},
	{"one identity, many writers", testConcurrentDuplicates},
}

var contextTests = []test{
	{"cancelled", testCancelled},
}

// testConcurrentWriters has several goroutines add articles to the same few
// stories while another reads, then checks that no update was lost.
func testConcurrentWriters(t *testing.T, s news.Store) {
	const (
		writers   = 8
		perWriter = 25
		stories   = 4
	)
	type totals struct {
		articles, originals int
		sources             map[string]bool
		first, last         time.Time
	}
	var (
		mu     sync.Mutex
		want   = map[int64]*totals{}
		wg     sync.WaitGroup
		errs   = make(chan error, writers*perWriter)
		done   = make(chan struct{})
		readWG sync.WaitGroup
	)
	readWG.Go(func() {
		last := 0
		for {
			select {
			case <-done:
				return
			default:
			}
			st, err := s.Stats(t.Context())
			if err != nil {
				errs <- fmt.Errorf("Stats while writing: %w", err)
				return
			}
			if st.Articles < last {
				errs <- fmt.Errorf("Stats went back from %d to %d articles", last, st.Articles)
				return
			}
			last = st.Articles
			if _, err := s.Stories(t.Context(), news.StoryFilter{}); err != nil {
				errs <- fmt.Errorf("Stories while writing: %w", err)
				return
			}
		}
	})
	for w := range writers {
		wg.Go(func() {
			var firstID int64
			for i := range perWriter {
				story := int64((w+i)%stories + 1)
				when := hours(float64(w*perWriter + i))
				a := newArticle(fmt.Sprintf("w%d-%d", w, i), story, when, fmt.Sprintf("outlet-%d", (w+i)%5))
				if i%5 == 4 {
					a.DuplicateOf = firstID
				}
				id, err := s.AddArticle(t.Context(), a)
				if err != nil {
					errs <- fmt.Errorf("writer %d article %d: %w", w, i, err)
					return
				}
				if firstID == 0 {
					firstID = id
				}
				mu.Lock()
				tt := want[story]
				if tt == nil {
					tt = &totals{sources: map[string]bool{}, first: when, last: when}
					want[story] = tt
				}
				tt.articles++
				if a.DuplicateOf == 0 {
					tt.originals++
				}
				tt.sources[a.Source] = true
				tt.first = minTime(tt.first, when)
				tt.last = maxTime(tt.last, when)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(done)
	readWG.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	sum := 0
	for id, tt := range want {
		w := storyTotals{tt.articles, len(tt.sources), tt.originals, tt.first, tt.last}
		if d := w.diff(getStory(t, s, id)); d != "" {
			t.Error(d)
		}
		sum += tt.articles
	}
	st := getStats(t, s)
	if st.Articles != writers*perWriter || sum != st.Articles || st.Stories != stories {
		t.Errorf("Stats = %+v, want %d articles in %d stories", st, writers*perWriter, stories)
	}
	if st.Reprints != writers*(perWriter/5) {
		t.Errorf("Stats.Reprints = %d, want %d", st.Reprints, writers*(perWriter/5))
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// testConcurrentDuplicates races writers on one identity: exactly one wins.
func testConcurrentDuplicates(t *testing.T, s news.Store) {
	const writers = 8
	var (
		wg                sync.WaitGroup
		mu                sync.Mutex
		won, dup, failure int
	)
	for w := range writers {
		wg.Go(func() {
			a := newArticle("contested", int64(w+1), hours(float64(w)), fmt.Sprintf("outlet-%d", w))
			_, err := s.AddArticle(t.Context(), a)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case errors.Is(err, news.ErrDuplicate):
				dup++
			default:
				failure++
				t.Errorf("writer %d: %v", w, err)
			}
		})
	}
	wg.Wait()
	if won != 1 || dup != writers-1 {
		t.Errorf("%d writers won and %d got ErrDuplicate, want 1 and %d", won, dup, writers-1)
	}
	if st := getStats(t, s); st.Articles != 1 || st.Stories != 1 || st.Sources != 1 {
		t.Errorf("Stats = %+v, want one article, story and source", st)
	}
}

// testCancelled checks that every blocking method gives up on a cancelled
// context, and that a cancelled AddArticle stores nothing.
func testCancelled(t *testing.T, s news.Store) {
	id := add(t, s, newArticle("before-cancel", 1, hours(1), "harbour-gazette"))
	ctx := cancelled(t)
	called := false
	calls := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"AddArticle", func(ctx context.Context) error {
			_, err := s.AddArticle(ctx, newArticle("after-cancel", 2, hours(2), "coast-daily"))
			return err
		}},
		{"HasIdentity", func(ctx context.Context) error { _, err := s.HasIdentity(ctx, "before-cancel"); return err }},
		{"Article", func(ctx context.Context) error { _, err := s.Article(ctx, id); return err }},
		{"Story", func(ctx context.Context) error { _, err := s.Story(ctx, 1); return err }},
		{"Stories", func(ctx context.Context) error { _, err := s.Stories(ctx, news.StoryFilter{}); return err }},
		{"StoryArticles", func(ctx context.Context) error { _, err := s.StoryArticles(ctx, 1); return err }},
		{"Search", func(ctx context.Context) error { _, err := s.Search(ctx, "report", 10); return err }},
		{"ScanArticles", func(ctx context.Context) error {
			return s.ScanArticles(ctx, 0, func(news.Article) error { called = true; return nil })
		}},
		{"MaxStoryID", func(ctx context.Context) error { _, err := s.MaxStoryID(ctx); return err }},
		{"Stats", func(ctx context.Context) error { _, err := s.Stats(ctx); return err }},
	}
	for _, c := range calls {
		if err := c.call(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: error = %v, want one wrapping context.Canceled", c.name, err)
		}
	}
	if called {
		t.Error("ScanArticles called fn despite a cancelled context")
	}
	if ok, err := s.HasIdentity(t.Context(), "after-cancel"); err != nil || ok {
		t.Errorf("HasIdentity(after-cancel) = %v, %v; want the cancelled add not stored", ok, err)
	}
	if got := getStats(t, s); got != (news.Stats{Articles: 1, Stories: 1, Sources: 1}) {
		t.Errorf("Stats after cancelled calls = %+v, want the one article", got)
	}
	// The store still works after the cancelled calls.
	add(t, s, newArticle("after-recovery", 2, hours(3), "coast-daily"))
}
