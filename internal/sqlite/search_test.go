package sqlite

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
)

func TestMatchQuery(t *testing.T) {
	cases := []struct {
		name, query, want string
	}{
		{"empty", "", ""},
		{"blank", " \t\n ", ""},
		{"one word", "harbour", `"harbour"`},
		{"words are ANDed", "harbour  strike", `"harbour" "strike"`},
		{"operators are words", "harbour AND NOT strike", `"harbour" "AND" "NOT" "strike"`},
		{"near is a word", "NEAR(harbour strike)", `"NEAR(harbour" "strike)"`},
		{"column filter is text", "title:harbour", `"title:harbour"`},
		{"phrase", `"north harbour" strike`, `"north harbour" "strike"`},
		{"unclosed phrase runs to the end", `"north harbour`, `"north harbour"`},
		{"quote inside a word splits it", `har"bour`, `"har" "bour"`},
		{"empty phrase dropped", `"" harbour ""`, `"harbour"`},
		{"prefix", "harb*", `"harb"*`},
		{"prefix of a phrase", `"north harb"*`, `"north harb"*`},
		{"stars alone dropped", "* ** ***", ""},
		{"leading star is text", "*harbour", `"*harbour"`},
		{"prefix after punctuation", "covid-*", `"covid"*`},
		{"punctuation only dropped", "- -- ( ) ^ : ;", ""},
		{"hyphenated word kept whole", "covid-19", `"covid-19"`},
		{"minus prefix", "-harbour", `"-harbour"`},
		{"sql in a query is text", "'; DROP TABLE articles; --", `"DROP" "TABLE" "articles;"`},
		{"nul byte is a space", "har\x00bour", `"har" "bour"`},
		{"invalid utf-8 is a space", "har\xffbour", `"har" "bour"`},
		{"unicode words", "Köln 東京 🌊", `"Köln" "東京"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := matchQuery(tc.query); got != tc.want {
				t.Errorf("matchQuery(%q) = %q, want %q", tc.query, got, tc.want)
			}
		})
	}
}

func TestMatchQueryCapsTerms(t *testing.T) {
	got := matchQuery(strings.Repeat("harbour ", 3*maxSearchTerms))
	if n := strings.Count(got, `"`) / 2; n != maxSearchTerms {
		t.Errorf("matchQuery kept %d terms, want %d", n, maxSearchTerms)
	}
}

// FuzzMatchQuery feeds what readers might type to a real FTS5 index: every
// query matchQuery builds must parse.
func FuzzMatchQuery(f *testing.F) {
	for _, seed := range []string{
		"harbour", `"north harbour`, "NEAR(a b, 3)", "a* OR b", "-x", "title:x", "^x", `""`,
		"(a AND b) OR NOT c", "x\x00y", "\xff", "Köln*", `a"*"b`, "{a b}: c", "*", "e\u0301",
	} {
		f.Add(seed)
	}
	s := openTemp(f)
	defer s.Close()
	a := &news.Article{
		Identity: "fuzz", StoryID: 1, Source: "harbour-gazette",
		Title: "North harbour cranes", Text: "Cranes idle in Köln and at the north harbour.",
	}
	if _, err := s.AddArticle(f.Context(), a); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, query string) {
		match := matchQuery(query)
		if !utf8.ValidString(match) {
			t.Fatalf("matchQuery(%q) = %q, not UTF-8", query, match)
		}
		if match == "" {
			return
		}
		rows, err := s.reader.QueryContext(t.Context(), searchSQL, match, 5, 0)
		if err != nil {
			t.Fatalf("matchQuery(%q) = %q, refused: %v", query, match, err)
		}
		for rows.Next() {
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("matchQuery(%q) = %q, refused: %v", query, match, err)
		}
		rows.Close()
	})
}

// TestSearchWindow checks that a query matching more articles than the
// window ranks the newest ones only, and one matching fewer ranks all.
func TestSearchWindow(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "parallax.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.searchWindow = 3
	// The oldest article is the best match for "quay" (in its title and
	// text); the window keeps it out of a ranking of all five.
	for i := range 5 {
		title, text := "Harbour notice", "The quay stays open."
		if i == 0 {
			title, text = "Quay quay quay", "The quay, the quay and the quay."
		}
		a := &news.Article{Identity: fmt.Sprintf("w:%d", i), Title: title, Text: text, StoryID: int64(i + 1),
			Published: time.Date(2024, 1, 1, i, 0, 0, 0, time.UTC)}
		a.Assignment.StoryID = a.StoryID
		if _, err := s.AddArticle(t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}
	hits, err := s.Search(t.Context(), "quay", 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, h := range hits {
		ids = append(ids, h.Article.ID)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []int64{3, 4, 5}) {
		t.Errorf("Search(quay) with a window of 3 = articles %v, want the newest three [3 4 5]", ids)
	}
	if hits, err = s.Search(t.Context(), "quay quay", 10); err != nil || len(hits) == 0 {
		t.Fatalf("Search(quay quay) = %d hits, %v", len(hits), err)
	}
	s.searchWindow = 10
	if hits, err = s.Search(t.Context(), "quay", 10); err != nil || len(hits) != 5 || hits[0].Article.ID != 1 {
		t.Errorf("Search(quay) with a window of 10 = %d hits (first %v), %v; want 5, best first", len(hits), hits, err)
	}
}
