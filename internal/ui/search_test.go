package ui_test

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite/sqlitetest"
)

var (
	hitLink  = regexp.MustCompile(`<h2><a href="/articles/(\d+)">`)
	nextLink = regexp.MustCompile(`<a rel="next" href="([^"]+)">More results »</a>`)
)

// TestSearchPagination walks 45 matching articles page by page.
func TestSearchPagination(t *testing.T) {
	st := sqlitetest.Open(t)
	for i := range 45 {
		sqlitetest.Add(t, st, news.Article{
			Identity: fmt.Sprintf("test:%d", i), Source: "Quay Post", StoryID: int64(i + 1),
			Title: fmt.Sprintf("Quay notice %d", i), Text: "The quay reopens after works.",
			Published: base.Add(time.Duration(i) * time.Minute),
		})
	}
	srv, _ := serveUI(t, st)

	seen := map[string]bool{}
	path := "/search?q=quay"
	var sizes []int
	for path != "" && len(sizes) < 10 {
		body := page(t, srv, path, http.StatusOK)
		hits := hitLink.FindAllStringSubmatch(body, -1)
		sizes = append(sizes, len(hits))
		for _, h := range hits {
			if seen[h[1]] {
				t.Errorf("article %s shown twice", h[1])
			}
			seen[h[1]] = true
		}
		if len(sizes) > 1 {
			mustContain(t, path, body, `rel="prev"`)
		}
		path = ""
		if m := nextLink.FindStringSubmatch(body); m != nil {
			path = html.UnescapeString(m[1])
		}
	}
	if fmt.Sprint(sizes) != "[20 20 5]" || len(seen) != 45 {
		t.Errorf("pages of %v hits, %d distinct; want [20 20 5] and 45", sizes, len(seen))
	}
	body := page(t, srv, "/search?q=quay&page=3", http.StatusOK)
	mustContain(t, "third page", body, "Results 41–45 for “quay”", `<ol class="hits" start="41">`)
	page(t, srv, "/search?q=quay&page=0", http.StatusBadRequest)
	page(t, srv, "/search?q=quay&page=999", http.StatusBadRequest)
	body = page(t, srv, "/search?q=quay&page=9", http.StatusOK)
	mustContain(t, "past the end", body, "No more articles match “quay”.")
}
