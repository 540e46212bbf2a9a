package ui_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite/sqlitetest"
)

// TestStoryPageCapsAndCache fills one story with 60 reports, then adds
// one more: the page shows the first 50 with a link to them all, and the
// late report shows up at once, though the page was built before.
func TestStoryPageCapsAndCache(t *testing.T) {
	ctx := t.Context()
	st := sqlitetest.Open(t)
	add := func(i int) {
		t.Helper()
		v := float64(100 + i)
		sqlitetest.Add(t, st, news.Article{
			Identity: fmt.Sprintf("test:%d", i), Source: fmt.Sprintf("Outlet %02d", i), StoryID: 1,
			Title: fmt.Sprintf("Report %02d on the flood", i), Text: "The river rose overnight.",
			Published: base.Add(time.Duration(i) * time.Minute),
			Annotations: &news.Annotations{Claims: []news.Claim{{Text: fmt.Sprint(v, " homes"), Value: v, Low: v, High: v,
				Hedge: "exact", Unit: "homes", Measure: "homes flooded"}}},
		})
	}
	for i := range 60 {
		add(i)
	}
	srv, u := serveUI(t, st)

	// Warm renders the large story once, and again only when it changed.
	for i, want := range []int{1, 0} {
		if n, err := u.Warm(ctx); err != nil || n != want {
			t.Fatalf("Warm #%d = %d pages, %v; want %d", i+1, n, err, want)
		}
	}

	body := page(t, srv, "/stories/1", http.StatusOK)
	if n := strings.Count(body, `<li id="a`); n != 50 {
		t.Errorf("story page lists %d articles, want 50", n)
	}
	mustContain(t, "story page", body,
		`<a href="?articles=all#articles">Show all articles (10 more)</a>`,
		// 60 outlets disagree on one figure: a dozen rows, the rest counted.
		`<li class="claim-group" data-class="contradict">`,
		"and 48 more reports (see the JSON)",
	)
	all := page(t, srv, "/stories/1?articles=all", http.StatusOK)
	if n := strings.Count(all, `<li id="a`); n != 60 {
		t.Errorf("all articles: %d listed, want 60", n)
	}
	mustNotContain(t, "all articles", all, "Show all articles")

	add(60)
	if n, err := u.Warm(ctx); err != nil || n != 1 {
		t.Fatalf("Warm after a new report = %d pages, %v; want 1", n, err)
	}
	body = page(t, srv, "/stories/1", http.StatusOK)
	mustContain(t, "story page after a new report", body, "61 articles", "61 sources", "(11 more)", "and 49 more reports")
}
