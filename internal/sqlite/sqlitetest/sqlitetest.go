// Package sqlitetest opens real SQLite stores for the tests of the
// packages that read them (the API, the pages, the feeds), so that each
// test needs no store scaffolding of its own.
package sqlitetest

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite"
)

// Open opens a new store in a temporary directory of t, closed when the
// test ends.
func Open(t testing.TB) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "parallax.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// Add stores the articles in order and returns their IDs. An article
// without an Identity gets "test:" and its place in arts; the
// assignment's story is the article's. A failure ends the test.
func Add(t testing.TB, st news.Store, arts ...news.Article) []int64 {
	t.Helper()
	ids := make([]int64, len(arts))
	for i, a := range arts {
		if a.Identity == "" {
			a.Identity = fmt.Sprintf("test:%d", i)
		}
		a.Assignment.StoryID = a.StoryID
		id, err := st.AddArticle(t.Context(), &a)
		if err != nil {
			t.Fatalf("add article %s: %v", a.Identity, err)
		}
		ids[i] = id
	}
	return ids
}
