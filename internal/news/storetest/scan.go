package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

var scanTests = []test{
	{"order and after", testScanOrder},
	{"stops at the first error", testScanError},
	{"more than a batch", testScanMany},
}

var countTests = []test{
	{"max story id", testMaxStoryID},
	{"stats", testStats},
}

// errRunaway stops a scan that visits more articles than the store holds.
var errRunaway = errors.New("scan visits more articles than were stored")

// scanIDs collects the IDs ScanArticles visits after afterID.
func scanIDs(t *testing.T, s news.Store, afterID int64) []int64 {
	t.Helper()
	stored := getStats(t, s).Articles
	var ids []int64
	err := s.ScanArticles(t.Context(), afterID, func(a news.Article) error {
		ids = append(ids, a.ID)
		if len(ids) > stored {
			return errRunaway
		}
		return nil
	})
	if err != nil {
		t.Fatalf("ScanArticles(%d): %v", afterID, err)
	}
	return ids
}

func testScanOrder(t *testing.T, s news.Store) {
	if got := scanIDs(t, s, 0); len(got) != 0 {
		t.Errorf("ScanArticles on an empty store visited %v", got)
	}
	// Stories and publication times out of step with insertion order.
	var ids []int64
	for i, story := range []int64{3, 1, 3, 2, 1, 4} {
		ids = append(ids, add(t, s, newArticle(fmt.Sprintf("scan-%d", i), story, hours(float64(10-i)), "harbour-gazette")))
	}
	cases := []struct {
		name    string
		afterID int64
		want    []int64
	}{
		{"from the start", 0, ids},
		{"from below the start", -5, ids},
		{"after the first", ids[0], ids[1:]},
		{"after the third", ids[2], ids[3:]},
		{"after the last", ids[5], nil},
		{"after everything", ids[5] + 1000, nil},
	}
	for _, tc := range cases {
		if got := scanIDs(t, s, tc.afterID); !slices.Equal(got, tc.want) {
			t.Errorf("%s: ScanArticles(%d) visited %v, want %v", tc.name, tc.afterID, got, tc.want)
		}
	}

	// Scanned articles are complete.
	err := s.ScanArticles(t.Context(), 0, func(a news.Article) error {
		if want := getArticle(t, s, a.ID); articleDiff(a, want) != "" {
			t.Errorf("scanned article %d differs from Article(%d):\n%s", a.ID, a.ID, articleDiff(a, want))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testScanError(t *testing.T, s news.Store) {
	for i := range 5 {
		add(t, s, newArticle(fmt.Sprintf("scan-err-%d", i), 1, hours(float64(i)), "harbour-gazette"))
	}
	stop := errors.New("enough")
	calls := 0
	err := s.ScanArticles(t.Context(), 0, func(news.Article) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("ScanArticles error = %v, want the one fn returned", err)
	}
	if calls != 3 {
		t.Errorf("fn called %d times, want 3: the scan must stop at the first error", calls)
	}
}

// testScanMany crosses whatever batch size a backend reads in.
func testScanMany(t *testing.T, s news.Store) {
	const n = 1100
	want := make([]int64, 0, n)
	for i := range n {
		want = append(want, add(t, s, newArticle(fmt.Sprintf("many-%04d", i), int64(i%40+1), hours(float64(i%17)), "harbour-gazette")))
	}
	if got := scanIDs(t, s, 0); !slices.Equal(got, want) {
		t.Errorf("ScanArticles visited %d articles, want %d in ID order", len(got), len(want))
	}
	if got := scanIDs(t, s, want[700]); !slices.Equal(got, want[701:]) {
		t.Errorf("ScanArticles after %d visited %d articles, want %d", want[700], len(got), len(want[701:]))
	}
}

func testMaxStoryID(t *testing.T, s news.Store) {
	if got, err := s.MaxStoryID(t.Context()); err != nil || got != 0 {
		t.Errorf("MaxStoryID on an empty store = %d, %v; want 0", got, err)
	}
	for i, story := range []int64{3, 17, 5, 17} {
		add(t, s, newArticle(fmt.Sprintf("max-%d", i), story, hours(float64(i)), "harbour-gazette"))
	}
	if got, err := s.MaxStoryID(t.Context()); err != nil || got != 17 {
		t.Errorf("MaxStoryID = %d, %v; want 17", got, err)
	}
}

func testStats(t *testing.T, s news.Store) {
	if got := getStats(t, s); got != (news.Stats{}) {
		t.Errorf("Stats on an empty store = %+v, want zeros", got)
	}
	first := add(t, s, newArticle("stats-0", 1, hours(0), "harbour-gazette"))
	steps := []struct {
		a    *news.Article
		want news.Stats
	}{
		{newArticle("stats-1", 1, hours(1), "coast-daily"), news.Stats{Articles: 2, Stories: 1, Reprints: 0, Sources: 2}},
		{newArticle("stats-2", 2, hours(2), "coast-daily"), news.Stats{Articles: 3, Stories: 2, Reprints: 0, Sources: 2}},
		{func() *news.Article {
			a := newArticle("stats-3", 2, hours(3), "metro-post")
			a.DuplicateOf = first
			return a
		}(), news.Stats{Articles: 4, Stories: 2, Reprints: 1, Sources: 3}},
		{newArticle("stats-4", 3, hours(4), ""), news.Stats{Articles: 5, Stories: 3, Reprints: 1, Sources: 3}},
	}
	for _, step := range steps {
		add(t, s, step.a)
		if got := getStats(t, s); got != step.want {
			t.Errorf("Stats after %s = %+v, want %+v", step.a.Identity, got, step.want)
		}
	}
}
