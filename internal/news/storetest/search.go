package storetest

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

var searchTests = []test{
	{"finds words", testSearchFinds},
	{"ranks and limits", testSearchRanks},
	{"snippet", testSearchSnippet},
	{"user syntax", testSearchSyntax},
}

// searchFixture stores four articles and returns their IDs by name:
// "strike" has harbour in its title and text, "tram" mentions the harbour
// once deep in a long text, "heat" never does, and "untitled" has no title.
func searchFixture(t *testing.T, s news.Store) map[string]int64 {
	t.Helper()
	filler := strings.Repeat("Councillors debated the budget line by line and adjourned twice for lunch. ", 12)
	articles := map[string]*news.Article{
		"strike": {
			Title: "Harbour cranes idle as dockworkers strike",
			Text: "Cranes at the harbour stood still on Tuesday. Dockworkers say the new shift " +
				"rota leaves the harbour short of staff at night.",
		},
		"tram": {
			Title: "Council approves the eastern tram line",
			Text:  filler + "The line will end at the harbour gate. " + filler,
		},
		"heat": {
			Title: "Heat warning issued for the weekend",
			Text:  "Forecasters expect temperatures above thirty degrees inland on Saturday.",
		},
		"untitled": {
			Title: "",
			Text:  "Ferry passengers were told to expect delays while the harbour master inspects the pier.",
		},
	}
	ids := map[string]int64{}
	for i, name := range []string{"strike", "tram", "heat", "untitled"} {
		a := articles[name]
		a.Identity = "search-" + name
		a.StoryID = int64(i + 1)
		a.Source = "harbour-gazette"
		a.Published = hours(float64(i))
		a.Ingested = hours(48)
		ids[name] = add(t, s, a)
	}
	return ids
}

func hitIDs(hits []news.SearchHit) []int64 {
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.Article.ID
	}
	return ids
}

func sortedIDs(ids ...int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func testSearchFinds(t *testing.T, s news.Store) {
	ids := searchFixture(t, s)
	cases := []struct {
		query string
		want  []string
	}{
		{"harbour", []string{"strike", "tram", "untitled"}},
		{"HARBOUR", []string{"strike", "tram", "untitled"}},
		{"tram", []string{"tram"}},                       // title and text
		{"dockworkers", []string{"strike"}},              // title and text
		{"forecasters", []string{"heat"}},                // text only
		{"weekend", []string{"heat"}},                    // title only
		{"dockworkers strike", []string{"strike"}},       // two words
		{`"harbour master"`, []string{"untitled"}},       // a phrase
		{"zeppelin", nil},                                // nowhere
		{"  ferry   passengers  ", []string{"untitled"}}, // stray spaces
	}
	for _, tc := range cases {
		hits, err := s.Search(t.Context(), tc.query, 0)
		if err != nil {
			t.Errorf("Search(%q): %v", tc.query, err)
			continue
		}
		var want []int64
		for _, name := range tc.want {
			want = append(want, ids[name])
		}
		if got := sortedIDs(hitIDs(hits)...); !slices.Equal(got, sortedIDs(want...)) {
			t.Errorf("Search(%q) found %v, want %v (%v)", tc.query, got, sortedIDs(want...), tc.want)
		}
	}

	// A hit carries the whole article.
	hits, err := s.Search(t.Context(), "forecasters", 0)
	if err != nil || len(hits) != 1 {
		t.Fatalf("Search(forecasters) = %d hits, %v", len(hits), err)
	}
	a := hits[0].Article
	if a.ID != ids["heat"] || a.Title != "Heat warning issued for the weekend" || a.StoryID != 3 ||
		a.Source != "harbour-gazette" || !sameTime(a.Published, hours(2)) {
		t.Errorf("hit article = %+v, want the heat warning, complete", a)
	}
}

func testSearchRanks(t *testing.T, s news.Store) {
	ids := searchFixture(t, s)
	hits, err := s.Search(t.Context(), "harbour", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 3 {
		t.Fatalf("Search(harbour) = %v, want 3 hits", hitIDs(hits))
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Rank > hits[i-1].Rank {
			t.Errorf("hit %d rank %v above hit %d rank %v: want best first", i, hits[i].Rank, i-1, hits[i-1].Rank)
		}
	}
	// Harbour in the title and twice in a short text beats one mention
	// in a long text.
	pos := func(id int64) int { return slices.Index(hitIDs(hits), id) }
	if pos(ids["strike"]) > pos(ids["tram"]) {
		t.Errorf("ranking %v puts the passing mention (%d) above the headline (%d)", hitIDs(hits), ids["tram"], ids["strike"])
	}
	if hits[pos(ids["strike"])].Rank == hits[pos(ids["tram"])].Rank {
		t.Errorf("headline and passing mention rank alike (%v)", hits[0].Rank)
	}

	for _, limit := range []int{1, 2} {
		top, err := s.Search(t.Context(), "harbour", limit)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(hitIDs(top), hitIDs(hits)[:limit]) {
			t.Errorf("Search(harbour, %d) = %v, want the first %d of %v", limit, hitIDs(top), limit, hitIDs(hits))
		}
	}
}

func testSearchSnippet(t *testing.T, s news.Store) {
	searchFixture(t, s)
	for _, query := range []string{"harbour", "Harbour", "forecasters"} {
		hits, err := s.Search(t.Context(), query, 10)
		if err != nil || len(hits) == 0 {
			t.Fatalf("Search(%q) = %d hits, %v", query, len(hits), err)
		}
		for _, h := range hits {
			marked := markedWords(h.Snippet)
			if len(marked) == 0 {
				t.Errorf("Search(%q) article %d snippet %q marks nothing", query, h.Article.ID, h.Snippet)
			}
			for _, w := range marked {
				if !strings.EqualFold(w, query) {
					t.Errorf("Search(%q) article %d snippet %q marks %q", query, h.Article.ID, h.Snippet, w)
				}
			}
			if n := len([]rune(h.Snippet)); n > 400 {
				t.Errorf("Search(%q) article %d snippet is %d characters long, want a short extract", query, h.Article.ID, n)
			}
		}
	}
}

// markedWords returns the text between each « and ».
func markedWords(snippet string) []string {
	var out []string
	for {
		_, after, ok := strings.Cut(snippet, news.MatchStart)
		if !ok {
			return out
		}
		word, rest, ok := strings.Cut(after, news.MatchEnd)
		if !ok {
			return append(out, "(unclosed)")
		}
		out = append(out, word)
		snippet = rest
	}
}

func testSearchSyntax(t *testing.T, s news.Store) {
	ids := searchFixture(t, s)
	before := getStats(t, s)
	fixture := slices.Collect(maps.Values(ids))
	queries := []string{
		"", " ", "\t\n", `"`, `""`, `"unbalanced`, `harbour"`, `"harbour`,
		"AND", "OR", "NOT", "harbour AND", "OR harbour", "NOT harbour", "harbour NOT",
		"a*", "*", "***", "harbour*", "*harbour", "-", "--", "-harbour", "+harbour",
		"NEAR(", "NEAR(harbour tram)", "NEAR(harbour, 5)", "(", ")", "(harbour", "harbour)",
		"title:harbour", "text:", ":", "^harbour", "{harbour tram}", "[harbour]",
		"'harbour'", "harbour'", "%", "_", "\\", "\x00", "harbour\x00tram", "\xff\xfe",
		"' OR 1=1 --", `"; DROP TABLE articles; --`, "harbour; DELETE FROM stories",
		"ha\"rb\"our", `"" harbour ""`, "e\u0301", "🌊", strings.Repeat("harbour ", 200),
		strings.Repeat("(", 500), strings.Repeat(`"`, 301),
	}
	for _, q := range queries {
		hits, err := s.Search(t.Context(), q, 10)
		if err != nil {
			if !errors.Is(err, news.ErrInvalid) {
				t.Errorf("Search(%q) error = %v, want nil or one wrapping ErrInvalid", q, err)
			}
			msg := strings.ToLower(err.Error())
			for _, leak := range []string{"syntax error", "fts5", "sql logic", "sqlstate", "tsquery"} {
				if strings.Contains(msg, leak) {
					t.Errorf("Search(%q) error %q leaks the query language (%q)", q, err, leak)
				}
			}
			continue
		}
		for _, h := range hits {
			if !slices.Contains(fixture, h.Article.ID) {
				t.Errorf("Search(%q) returned article %d, not one of the fixture", q, h.Article.ID)
			}
		}
	}
	// Queries that name a word plainly, however decorated, still find it.
	for _, q := range []string{`"harbour"`, "(harbour", "harbour)", "harbour,", "harbour."} {
		hits, err := s.Search(t.Context(), q, 10)
		if err != nil || !slices.Contains(hitIDs(hits), ids["strike"]) {
			t.Errorf("Search(%q) = %v, %v; want it to find article %d", q, hitIDs(hits), err, ids["strike"])
		}
	}
	// An empty query finds nothing, with or without an error.
	if hits, err := s.Search(t.Context(), "", 10); len(hits) != 0 {
		t.Errorf("Search(\"\") = %v, %v; want no hits", hitIDs(hits), err)
	}
	if after := getStats(t, s); after != before {
		t.Errorf("Stats after hostile queries = %+v, want unchanged %+v", after, before)
	}
}
