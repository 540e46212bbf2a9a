// Package storetest is the conformance suite for news.Store. Every storage
// backend runs it from its own tests:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) news.Store {
//			s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "parallax.db"))
//			if err != nil {
//				t.Fatal(err)
//			}
//			return s
//		})
//	}
//
// The suite pins down what the Store contract leaves to prose: how story
// totals and titles follow from articles, the listing order and its cursor,
// which errors come back, and what survives a round trip.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Run runs the suite. open is called once per subtest and must return a new,
// empty store; the suite closes it when the subtest ends. Subtests run in
// parallel, so open must not hand out shared state.
func Run(t *testing.T, open func(t *testing.T) news.Store) {
	t.Helper()
	groups := []struct {
		name  string
		tests []test
	}{
		{"AddArticle", addArticleTests},
		{"Article", articleTests},
		{"Stories", storiesTests},
		{"StoryFilter", filterTests},
		{"Directory", directoryTests},
		{"StoryArticles", storyArticlesTests},
		{"Search", searchTests},
		{"ScanArticles", scanTests},
		{"Counts", countTests},
		{"MergeStories", mergeTests},
		{"Sources", sourceTests},
		{"Annotations", annotationTests},
		{"Concurrency", concurrencyTests},
		{"Context", contextTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					s := open(t)
					t.Cleanup(func() {
						if err := s.Close(); err != nil {
							t.Errorf("Close: %v", err)
						}
					})
					tc.run(t, s)
				})
			}
		})
	}
}

type test struct {
	name string
	run  func(t *testing.T, s news.Store)
}

// t0 anchors every fixture time. It is on a whole second, so fixture times
// built from it survive any backend with microsecond precision unchanged.
var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func hours(h float64) time.Time { return t0.Add(time.Duration(h * float64(time.Hour))) }

// newArticle returns a complete, valid article for story. Tests change the
// fields they are about.
func newArticle(identity string, story int64, published time.Time, source string) *news.Article {
	return &news.Article{
		Identity:  identity,
		URL:       "https://" + source + ".example/" + identity,
		Source:    source,
		Title:     "Report " + identity,
		Text:      "Text of report " + identity + ", filed by " + source + " about the matter at hand.",
		Lang:      "en",
		Published: published,
		Ingested:  t0.Add(48 * time.Hour),
		Origin:    "storetest:" + identity,
		StoryID:   story,
		Assignment: news.Assignment{
			StoryID: story,
			Score:   0.5,
		},
	}
}

// add stores a and fails the test when it cannot.
func add(t *testing.T, s news.Store, a *news.Article) int64 {
	t.Helper()
	id, err := s.AddArticle(t.Context(), a)
	if err != nil {
		t.Fatalf("AddArticle(%s): %v", a.Identity, err)
	}
	if id <= 0 {
		t.Fatalf("AddArticle(%s) = id %d, want a positive id", a.Identity, id)
	}
	return id
}

func getStory(t *testing.T, s news.Store, id int64) news.Story {
	t.Helper()
	st, err := s.Story(t.Context(), id)
	if err != nil {
		t.Fatalf("Story(%d): %v", id, err)
	}
	return st
}

func getArticle(t *testing.T, s news.Store, id int64) news.Article {
	t.Helper()
	a, err := s.Article(t.Context(), id)
	if err != nil {
		t.Fatalf("Article(%d): %v", id, err)
	}
	return a
}

func getStats(t *testing.T, s news.Store) news.Stats {
	t.Helper()
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return st
}

// sameTime reports whether a stored time matches what was written: the same
// instant to the microsecond (truncated or rounded), in UTC; or both zero.
func sameTime(got, want time.Time) bool {
	if want.IsZero() || got.IsZero() {
		return want.IsZero() && got.IsZero()
	}
	d := got.Sub(want)
	return got.Location() == time.UTC && d > -time.Microsecond && d < time.Microsecond
}

// articleDiff describes how a stored article differs from the one written,
// or returns "". want.ID must already be set. Times compare with sameTime,
// empty and nil word lists are alike, and a zero Assignment.StoryID stands
// for the article's story.
func articleDiff(got, want news.Article) string {
	var diffs []string
	for _, tc := range []struct {
		name      string
		got, want time.Time
	}{
		{"Published", got.Published, want.Published},
		{"Ingested", got.Ingested, want.Ingested},
	} {
		if !sameTime(tc.got, tc.want) {
			diffs = append(diffs, fmt.Sprintf("%s = %v (%v), want %v", tc.name, tc.got, tc.got.Location(), tc.want))
		}
	}
	norm := func(a news.Article) news.Article {
		a.Published, a.Ingested = time.Time{}, time.Time{}
		if a.Assignment.StoryID == 0 {
			a.Assignment.StoryID = a.StoryID
		}
		if len(a.Assignment.Terms) == 0 {
			a.Assignment.Terms = nil
		}
		if len(a.Assignment.Entities) == 0 {
			a.Assignment.Entities = nil
		}
		return a
	}
	g, w := norm(got), norm(want)
	gv, wv := reflect.ValueOf(g), reflect.ValueOf(w)
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			diffs = append(diffs, fmt.Sprintf("%s = %#v, want %#v", gv.Type().Field(i).Name,
				gv.Field(i).Interface(), wv.Field(i).Interface()))
		}
	}
	return strings.Join(diffs, "\n")
}

// storyTotals is the part of a story that follows from its articles alone.
type storyTotals struct {
	Articles, Sources, Originals int
	FirstSeen, LastSeen          time.Time
}

func totalsOf(st news.Story) storyTotals {
	return storyTotals{st.Articles, st.Sources, st.Originals, st.FirstSeen, st.LastSeen}
}

func (want storyTotals) diff(got news.Story) string {
	g := totalsOf(got)
	if g.Articles == want.Articles && g.Sources == want.Sources && g.Originals == want.Originals &&
		sameTime(g.FirstSeen, want.FirstSeen) && sameTime(g.LastSeen, want.LastSeen) {
		return ""
	}
	return fmt.Sprintf("story %d totals = %+v, want %+v", got.ID, g, want)
}

// mustFailWith checks that err wraps target.
func mustFailWith(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: error = %v, want one wrapping %q", what, err, target)
	}
}

// cancelled returns a context that is already cancelled.
func cancelled(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx
}

func storyIDs(stories []news.Story) []int64 {
	ids := make([]int64, len(stories))
	for i, st := range stories {
		ids[i] = st.ID
	}
	return ids
}

func articleIDs(articles []news.Article) []int64 {
	ids := make([]int64, len(articles))
	for i, a := range articles {
		ids[i] = a.ID
	}
	return ids
}
