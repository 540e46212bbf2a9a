package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/news/storetest"
)

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "parallax.db"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store { return openTemp(t) })
}

func testArticle(identity string, story int64) *news.Article {
	return &news.Article{
		Identity:  identity,
		Source:    "harbour-gazette",
		Title:     "Harbour report " + identity,
		Text:      "The harbour master reported calm water and two arrivals.",
		Published: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC),
		Ingested:  time.Date(2024, 5, 1, 9, 5, 0, 0, time.UTC),
		StoryID:   story,
	}
}

func TestOpenTwiceMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parallax.db")
	for i := range 3 {
		s, err := Open(t.Context(), path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var versions int
		if err := s.reader.QueryRowContext(t.Context(),
			`SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0`).Scan(&versions); err != nil {
			t.Fatal(err)
		}
		entries, err := migrations.ReadDir("migrations")
		if err != nil {
			t.Fatal(err)
		}
		if versions != len(entries) {
			t.Errorf("open %d: %d migrations recorded, want %d", i, versions, len(entries))
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "dirs", "parallax.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	id, err := s.AddArticle(t.Context(), testArticle("kept", 9))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.Article(t.Context(), id)
	if err != nil || a.Title != "Harbour report kept" {
		t.Errorf("Article(%d) after reopen = %+v, %v", id, a, err)
	}
	if st, err := s.Story(t.Context(), 9); err != nil || st.Articles != 1 {
		t.Errorf("Story(9) after reopen = %+v, %v", st, err)
	}
	if hits, err := s.Search(t.Context(), "arrivals", 5); err != nil || len(hits) != 1 {
		t.Errorf("Search after reopen = %d hits, %v; want 1", len(hits), err)
	}
	id2, err := s.AddArticle(t.Context(), testArticle("after-reopen", 9))
	if err != nil || id2 <= id {
		t.Errorf("AddArticle after reopen = %d, %v; want an id above %d", id2, err, id)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("these are plain notes, not a database\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		path    string
		mention []string
	}{
		{"not a database", notDB, []string{notDB, "not a SQLite database"}},
		{"parent is a file", filepath.Join(blocker, "sub", "parallax.db"), []string{filepath.Join(blocker, "sub", "parallax.db")}},
		{"a directory", dir, []string{dir}},
		{"empty path", "", []string{"empty path"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(t.Context(), tc.path)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded", tc.path)
			}
			for _, m := range tc.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("Open(%q) error %q does not mention %q", tc.path, err, m)
				}
			}
		})
	}
	// The rejected file is left as it was.
	if b, err := os.ReadFile(notDB); err != nil || !strings.HasPrefix(string(b), "these are plain notes") {
		t.Errorf("not-a-database file changed: %v", err)
	}
}

func TestPragmas(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	cases := []struct {
		db     *sql.DB
		pragma string
		want   string
	}{
		{s.writer, "journal_mode", "wal"},
		{s.writer, "foreign_keys", "1"},
		{s.writer, "synchronous", "1"},
		{s.writer, "busy_timeout", "5000"},
		{s.reader, "foreign_keys", "1"},
		{s.reader, "query_only", "1"},
		{s.reader, "busy_timeout", "5000"},
	}
	for _, tc := range cases {
		var got string
		if err := tc.db.QueryRowContext(t.Context(), "PRAGMA "+tc.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !strings.EqualFold(got, tc.want) {
			t.Errorf("PRAGMA %s = %q, want %q", tc.pragma, got, tc.want)
		}
	}
}

func TestPathWithSpecialCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news #1 ?50% & more", "parallax.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddArticle(t.Context(), testArticle("odd-path", 1)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at %q: %v", path, err)
	}
}

func TestAssignmentStoryMismatch(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	a := testArticle("mismatch", 4)
	a.Assignment.StoryID = 5
	if _, err := s.AddArticle(t.Context(), a); !errors.Is(err, news.ErrInvalid) {
		t.Errorf("AddArticle with assignment for another story: error = %v, want ErrInvalid", err)
	}
}

// TestSearchLanguage covers what the SQLite tokenizer adds over the
// conformance suite: stemming, folded diacritics and prefixes.
func TestSearchLanguage(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	texts := map[string]string{
		"elections": "Voters queue at polling stations as the elections open.",
		"cafe":      "The Café Müller reopened on Sunday with a new façade.",
		"shipping":  "Shipping companies rerouted vessels around the cape.",
	}
	ids := map[string]int64{}
	for name, text := range texts {
		a := testArticle(name, 1)
		a.Title, a.Text = "", text
		id, err := s.AddArticle(t.Context(), a)
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = id
	}
	cases := []struct {
		query string
		want  string
	}{
		{"election", "elections"},
		{"voter", "elections"},
		{"cafe", "cafe"},
		{"facade", "cafe"},
		{"muller", "cafe"},
		{"ship*", "shipping"},
		{"reroute", "shipping"},
		{"vessel", "shipping"},
	}
	for _, tc := range cases {
		hits, err := s.Search(t.Context(), tc.query, 5)
		if err != nil {
			t.Errorf("Search(%q): %v", tc.query, err)
			continue
		}
		if len(hits) != 1 || hits[0].Article.ID != ids[tc.want] {
			t.Errorf("Search(%q) = %d hits, want article %q", tc.query, len(hits), tc.want)
		}
	}
}

// TestListingUsesIndexes guards the query plans that keep listings fast on
// a large store: no full scan, no temporary sort.
func TestListingUsesIndexes(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	cases := []struct {
		name  string
		query string
		args  []any
	}{
		{"stories", `SELECT ` + storyColumns + ` FROM stories ORDER BY last_seen DESC, id DESC LIMIT ?`, []any{50}},
		{"stories before", `SELECT ` + storyColumns + ` FROM stories WHERE last_seen <= ? AND (last_seen < ? OR id < ?) ORDER BY last_seen DESC, id DESC LIMIT ?`, []any{1, 1, 1, 50}},
		{"story articles", `SELECT ` + articleColumns + ` FROM articles a WHERE a.story_id = ? ORDER BY a.seen, a.id`, []any{1}},
	}
	for _, tc := range cases {
		rows, err := s.reader.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+tc.query, tc.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, "; ")
		if !strings.Contains(joined, "USING") || strings.Contains(joined, "TEMP B-TREE") {
			t.Errorf("%s: plan %q, want an index walk without a sort", tc.name, joined)
		}
	}
}

func TestStoryTitle(t *testing.T) {
	long := strings.Repeat("word ", 40)
	cases := []struct {
		name, title, text string
		want              string
		titled            bool
	}{
		{"title wins", "  Harbour strike  ", "Some text.", "Harbour strike", true},
		{"blank title falls back", " \t ", "Short text.", "Short text.", false},
		{"text collapsed", "", "Line one\n\n  line two", "Line one line two", false},
		{"cut at a word", "", long, strings.TrimSpace(strings.Repeat("word ", 16)) + "…", false},
		{"one huge word", "", strings.Repeat("ü", 200), strings.Repeat("ü", 80) + "…", false},
		{"nothing at all", "", "", "", false},
	}
	for _, tc := range cases {
		got, titled := storyTitle(tc.title, tc.text)
		if got != tc.want || titled != tc.titled {
			t.Errorf("%s: storyTitle = %q, %v; want %q, %v", tc.name, got, titled, tc.want, tc.titled)
		}
	}
}

func BenchmarkAddArticle(b *testing.B) {
	s := openTemp(b)
	defer s.Close()
	words := strings.Fields(`harbour crane shift council budget ferry storm island tide pier
		vessel cargo union strike rota night weekend forecast inland coast market price
		minister vote station queue bridge tram line gate timetable passenger delay`)
	var text strings.Builder
	for i := range 600 {
		if i > 0 {
			text.WriteByte(' ')
		}
		text.WriteString(words[(i*7+i/13)%len(words)])
	}
	body := text.String()
	ctx := context.Background()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		i := n
		n++
		a := &news.Article{
			Identity:  fmt.Sprintf("bench-%d", i),
			Source:    fmt.Sprintf("outlet-%d", i%20),
			Title:     fmt.Sprintf("Harbour report number %d", i),
			Text:      body,
			Published: time.Unix(1_700_000_000+int64(i)*60, 0),
			Ingested:  time.Unix(1_700_000_000+int64(i)*60, 0),
			StoryID:   int64(i%500 + 1),
			Assignment: news.Assignment{
				Score: 0.4, Terms: []string{"harbour", "crane"}, Entities: []string{"North Harbour"},
			},
		}
		if _, err := s.AddArticle(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}
