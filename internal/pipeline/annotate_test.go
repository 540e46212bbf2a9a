package pipeline

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/news"
)

// countingAnnotator annotates every text with one claim holding the text's
// length, and counts its calls.
type countingAnnotator struct{ calls atomic.Int64 }

func (c *countingAnnotator) annotate(text string, _ time.Time) news.Annotations {
	c.calls.Add(1)
	return news.Annotations{Claims: []news.Claim{{Text: "len", Value: float64(len(text)), Low: float64(len(text)),
		High: float64(len(text)), Hedge: "exact"}}}
}

func TestStreamAnnotates(t *testing.T) {
	arts := demoArticles(t)[:6]
	for _, tc := range []struct {
		name     string
		merge    bool
		custom   bool
		stored   bool // annotations reach the store
		reported bool // annotations reach the report
	}{
		{"store stream without an annotator annotates nothing", true, false, false, false},
		{"custom annotator", true, true, true, true},
		{"evaluation stream annotates nothing", false, false, false, false},
		{"evaluation stream with an annotator", false, true, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st := openStore(t)
			p := cluster.DefaultParams()
			eng, _, err := Restore(ctx, st, p)
			if err != nil {
				t.Fatal(err)
			}
			var counter countingAnnotator
			var reported []*news.Article
			s := &Stream{Engine: eng, Params: p, Sink: st.AddArticle, Workers: 3,
				Report: func(o Outcome) { reported = append(reported, o.Article) }}
			if tc.merge {
				s.Merge = st.MergeStories
			}
			if tc.custom {
				s.Annotate = counter.annotate
			}
			if err := s.Run(ctx, feed(arts)); err != nil {
				t.Fatal(err)
			}
			if tc.custom && counter.calls.Load() != int64(len(arts)) {
				t.Errorf("annotator called %d times, want %d", counter.calls.Load(), len(arts))
			}
			for _, a := range reported {
				if (a.Annotations != nil) != tc.reported {
					t.Errorf("article %d reported with annotations %v, want %v", a.ID, a.Annotations != nil, tc.reported)
				}
				an, err := st.ArticleAnnotations(ctx, a.ID)
				switch {
				case !tc.stored && !errors.Is(err, news.ErrNotFound):
					t.Errorf("article %d: annotations %+v, %v; want none stored", a.ID, an, err)
				case tc.stored && err != nil:
					t.Errorf("article %d: %v", a.ID, err)
				case tc.custom && tc.stored && (len(an.Claims) != 1 || an.Claims[0].Value != float64(len(a.Text))):
					t.Errorf("article %d: stored %+v, want the custom annotator's", a.ID, an)
				}
			}
		})
	}
}

// Restoring replays stored articles without annotating them again, and an
// ingest after it annotates only the new articles.
func TestRestoreDoesNotAnnotate(t *testing.T) {
	ctx := context.Background()
	arts := demoArticles(t)
	st := openStore(t)
	p := cluster.DefaultParams()
	run := func(batch []*news.Article, a *countingAnnotator) {
		t.Helper()
		eng, _, err := Restore(ctx, st, p)
		if err != nil {
			t.Fatal(err)
		}
		s := &Stream{Engine: eng, Params: p, Sink: st.AddArticle, Merge: st.MergeStories, Annotate: a.annotate}
		if err := s.Run(ctx, feed(batch)); err != nil {
			t.Fatal(err)
		}
	}
	var first, second countingAnnotator
	run(arts[:5], &first)
	run(arts[:8], &second) // 5 already stored, 3 new
	if first.calls.Load() != 5 {
		t.Errorf("first ingest annotated %d articles, want 5", first.calls.Load())
	}
	// The 5 stored ones are annotated again only because they were read
	// again as input, never by Restore: 8 inputs, 8 calls.
	if second.calls.Load() != 8 {
		t.Errorf("second ingest annotated %d articles, want 8 (its inputs only)", second.calls.Load())
	}
	var stored int
	err := st.ScanArticles(ctx, 0, func(a news.Article) error {
		if _, err := st.ArticleAnnotations(ctx, a.ID); err != nil {
			t.Errorf("article %d (%s): %v", a.ID, strings.TrimSpace(a.Title), err)
		}
		stored++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stored != 8 {
		t.Errorf("%d articles stored, want 8", stored)
	}
}
