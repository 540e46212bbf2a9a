package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/api"
	"github.com/parallax-news/parallax/internal/news"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// newServer serves the API over a fresh fixture store.
func newServer(t *testing.T) (*httptest.Server, *fixture, *logBuffer) {
	t.Helper()
	f := openFixture(t)
	logs := &logBuffer{}
	mux := http.NewServeMux()
	api.New(f.store, newLogger(logs)).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, f, logs
}

// get fetches path and returns the response with its body read.
func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, []byte) {
	t.Helper()
	return do(t, srv, http.MethodGet, path)
}

func do(t *testing.T, srv *httptest.Server, method, path string) (*http.Response, []byte) {
	t.Helper()
	return request(t, srv, method, path, "", "")
}

// request makes one request to srv, with a body of contentType when that
// is set, and returns the response with its body read.
func request(t *testing.T, srv *httptest.Server, method, path, contentType, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp, b
}

// getJSON fetches path, checks status and content type, and decodes the
// body into v.
func getJSON(t *testing.T, srv *httptest.Server, path string, want int, v any) {
	t.Helper()
	resp, body := get(t, srv, path)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d; body %s", path, resp.StatusCode, want, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: decode %s: %v", path, body, err)
	}
}

type storyList struct {
	Stories    []news.Story `json:"stories"`
	NextCursor string       `json:"next_cursor"`
}

func storyIDs(list []news.Story) []int64 {
	ids := make([]int64, len(list))
	for i, s := range list {
		ids[i] = s.ID
	}
	return ids
}

// listingOrder is the fixture's stories, newest first; 5 precedes 4
// because they share a last-seen time and 5 has the higher ID.
var listingOrder = []int64{1, 2, 3, 5, 4, 6, 7}

func TestStories(t *testing.T) {
	srv, _, _ := newServer(t)
	var got storyList
	getJSON(t, srv, "/api/v1/stories", http.StatusOK, &got)
	if ids := storyIDs(got.Stories); !slices.Equal(ids, listingOrder) {
		t.Errorf("story order %v, want %v", ids, listingOrder)
	}
	if got.NextCursor != "" {
		t.Errorf("next_cursor %q on the only page", got.NextCursor)
	}
	first := got.Stories[0]
	if first.Articles != 3 || first.Sources != 3 || first.Originals != 2 {
		t.Errorf("story 1 counts: %d articles, %d sources, %d originals; want 3, 3, 2",
			first.Articles, first.Sources, first.Originals)
	}

	var big storyList
	getJSON(t, srv, "/api/v1/stories?min_articles=2", http.StatusOK, &big)
	if ids := storyIDs(big.Stories); !slices.Equal(ids, []int64{1}) {
		t.Errorf("min_articles=2: stories %v, want [1]", ids)
	}

	var empty storyList
	getJSON(t, srv, "/api/v1/stories?min_articles=50", http.StatusOK, &empty)
	if empty.Stories == nil || len(empty.Stories) != 0 {
		t.Errorf("min_articles=50: stories %#v, want an empty list (not null)", empty.Stories)
	}
}

func TestStoriesPagination(t *testing.T) {
	srv, _, _ := newServer(t)
	for _, tc := range []struct {
		name      string
		limit     int
		wantPages int
	}{
		{"one per page", 1, 7},
		{"tie across a page boundary", 2, 4},
		{"uneven last page", 3, 3},
		{"one short of all", 6, 2},
		{"exactly all", 7, 1},
		{"more than all", 200, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var seen []int64
			pages := 0
			path := "/api/v1/stories?limit=" + itoa(tc.limit)
			for path != "" {
				pages++
				if pages > 10 {
					t.Fatalf("more than 10 pages; seen %v", seen)
				}
				var page storyList
				getJSON(t, srv, path, http.StatusOK, &page)
				if len(page.Stories) > tc.limit {
					t.Fatalf("page %d holds %d stories, limit %d", pages, len(page.Stories), tc.limit)
				}
				seen = append(seen, storyIDs(page.Stories)...)
				path = ""
				if page.NextCursor != "" {
					path = "/api/v1/stories?limit=" + itoa(tc.limit) + "&cursor=" + url.QueryEscape(page.NextCursor)
				}
			}
			if !slices.Equal(seen, listingOrder) {
				t.Errorf("walked %v, want %v", seen, listingOrder)
			}
			if pages != tc.wantPages {
				t.Errorf("%d pages, want %d", pages, tc.wantPages)
			}
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

type errorShape struct {
	Error struct {
		Status  int    `json:"status"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func TestErrors(t *testing.T) {
	srv, _, _ := newServer(t)
	bigID := "99999999999999999999"
	for _, tc := range []struct {
		name, method, path string
		status             int
		code, message      string
	}{
		{"missing story", "GET", "/api/v1/stories/42", 404, "not_found", "story 42 not found"},
		{"missing article", "GET", "/api/v1/articles/4242", 404, "not_found", "article 4242 not found"},
		{"story id not a number", "GET", "/api/v1/stories/abc", 400, "bad_request", `invalid story id "abc": must be a positive integer`},
		{"story id zero", "GET", "/api/v1/stories/0", 400, "bad_request", `invalid story id "0"`},
		{"story id negative", "GET", "/api/v1/stories/-3", 400, "bad_request", `invalid story id "-3"`},
		{"story id overflows", "GET", "/api/v1/stories/" + bigID, 400, "bad_request", "invalid story id"},
		{"article id not a number", "GET", "/api/v1/articles/1x", 400, "bad_request", `invalid article id "1x"`},
		{"limit zero", "GET", "/api/v1/stories?limit=0", 400, "bad_request", `invalid limit "0": must be an integer from 1 to 200`},
		{"limit too big", "GET", "/api/v1/stories?limit=201", 400, "bad_request", `invalid limit "201"`},
		{"limit not a number", "GET", "/api/v1/stories?limit=ten", 400, "bad_request", `invalid limit "ten"`},
		{"min_articles negative", "GET", "/api/v1/stories?min_articles=-1", 400, "bad_request", `invalid min_articles "-1"`},
		{"cursor not base64", "GET", "/api/v1/stories?cursor=%25%25%25", 400, "bad_request", "invalid cursor"},
		{"cursor wrong length", "GET", "/api/v1/stories?cursor=AQID", 400, "bad_request", "invalid cursor"},
		{"search without q", "GET", "/api/v1/search", 400, "bad_request", "missing search query q"},
		{"search blank q", "GET", "/api/v1/search?q=%20%20", 400, "bad_request", "missing search query q"},
		{"search q too long", "GET", "/api/v1/search?q=" + strings.Repeat("a", api.MaxQueryLen+1), 400, "bad_request", "longer than 500 bytes"},
		{"search limit too big", "GET", "/api/v1/search?q=bridge&limit=1000", 400, "bad_request", `invalid limit "1000"`},
		{"unknown route", "GET", "/api/v1/nothing", 404, "not_found", "no API route /api/v1/nothing"},
		{"unknown version", "GET", "/api/v2/stories", 404, "not_found", "no API route /api/v2/stories"},
		{"post to a route", "POST", "/api/v1/stories", 405, "method_not_allowed", "method POST not allowed"},
		{"delete a story", "DELETE", "/api/v1/stories/1", 405, "method_not_allowed", "method DELETE not allowed"},
		{"put to the sources", "PUT", "/api/v1/sources", 405, "method_not_allowed", "method PUT not allowed"},
		{"post to a source", "POST", "/api/v1/sources/1", 405, "method_not_allowed", "method POST not allowed"},
		{"delete an unknown route", "DELETE", "/api/v1/nothing", 404, "not_found", "no API route /api/v1/nothing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, srv, tc.method, tc.path)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d; body %s", resp.StatusCode, tc.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			var got errorShape
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&got); err != nil {
				t.Fatalf("error body %s does not have the error shape: %v", body, err)
			}
			if got.Error.Status != tc.status || got.Error.Code != tc.code {
				t.Errorf("error %+v, want status %d code %q", got.Error, tc.status, tc.code)
			}
			if !strings.Contains(got.Error.Message, tc.message) {
				t.Errorf("message %q, want it to contain %q", got.Error.Message, tc.message)
			}
			allow := map[string]string{"/api/v1/sources": "GET, HEAD, POST", "/api/v1/sources/1": "GET, HEAD, DELETE"}[tc.path]
			if allow == "" {
				allow = "GET, HEAD"
			}
			if tc.status == http.StatusMethodNotAllowed && resp.Header.Get("Allow") != allow {
				t.Errorf("Allow %q, want %s", resp.Header.Get("Allow"), allow)
			}
		})
	}
}

// TestServerError closes the store under the API: the client must get a
// generic 500 and the cause must go to the log.
func TestServerError(t *testing.T) {
	srv, f, logs := newServer(t)
	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/v1/stats", "/api/v1/stories", "/api/v1/stories/1", "/api/v1/articles/1", "/api/v1/search?q=bridge"} {
		var got errorShape
		getJSON(t, srv, path, http.StatusInternalServerError, &got)
		if got.Error.Code != "internal" || got.Error.Message != "internal server error" {
			t.Errorf("GET %s: error %+v, want the generic internal error", path, got.Error)
		}
	}
	if out := logs.String(); !strings.Contains(out, "level=ERROR") || !strings.Contains(out, "path=/api/v1/stats") || !strings.Contains(out, "closed") {
		t.Errorf("log does not record the failure:\n%s", out)
	}
}

type storyDetail struct {
	Story    news.Story `json:"story"`
	Articles []struct {
		news.Article
		Truncated bool `json:"truncated"`
	} `json:"articles"`
	Merges []news.Merge `json:"merges"`
}

func TestStory(t *testing.T) {
	srv, f, _ := newServer(t)
	resp, body := get(t, srv, "/api/v1/stories/1")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, body, "", "  "); err != nil {
		t.Fatal(err)
	}
	golden(t, "story_1.json", pretty.Bytes())

	var got storyDetail
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Story.ID != 1 || got.Story.Title != "Harbour bridge reopens after storm repairs" {
		t.Errorf("story %+v", got.Story)
	}
	var names []int64
	for _, a := range got.Articles {
		names = append(names, a.ID)
	}
	want := []int64{f.articles["bridge-herald"], f.articles["bridge-post"], f.articles["bridge-wire"]}
	if !slices.Equal(names, want) {
		t.Fatalf("articles %v, want %v in publication order", names, want)
	}
	herald, post, wire := got.Articles[0], got.Articles[1], got.Articles[2]
	if !herald.Truncated || !strings.HasSuffix(herald.Text, "…") || utf8.RuneCountInString(herald.Text) > api.ExcerptLen+1 {
		t.Errorf("long text not sent as an excerpt: truncated=%v, %d chars: %q",
			herald.Truncated, utf8.RuneCountInString(herald.Text), herald.Text)
	}
	if post.Truncated || post.Text != "Traffic returned to the harbour bridge on Sunday. The repairs finished a day early." {
		t.Errorf("short text: truncated=%v %q", post.Truncated, post.Text)
	}
	if !herald.Assignment.NewStory {
		t.Errorf("first article's evidence %+v, want new_story", herald.Assignment)
	}
	ev := post.Assignment
	if ev.Score != 0.62 || ev.RunnerUp != 0.11 || !slices.Equal(ev.Terms, []string{"bridge", "harbour", "repairs"}) ||
		!slices.Equal(ev.Entities, []string{"Ilse Varga"}) || ev.TimeGap.Minutes() != 90 {
		t.Errorf("joining article's evidence %+v", ev)
	}
	if wire.DuplicateOf != f.articles["bridge-herald"] || wire.Assignment.Similarity != 0.97 {
		t.Errorf("reprint: duplicate_of %d similarity %v", wire.DuplicateOf, wire.Assignment.Similarity)
	}

	var full storyDetail
	getJSON(t, srv, "/api/v1/stories/1?full=1", http.StatusOK, &full)
	if full.Articles[0].Text != longText || full.Articles[0].Truncated {
		t.Errorf("full=1: text %q truncated=%v, want the full text", full.Articles[0].Text, full.Articles[0].Truncated)
	}
}

// A story formed by a merge lists the merge, and the article of the
// story folded in still names the story it was placed in.
func TestStoryShowsMerges(t *testing.T) {
	srv, f, _ := newServer(t)
	at := base.Add(3 * time.Hour)
	if err := f.store.MergeStories(t.Context(), news.Merge{From: 2, Into: 1, Score: 0.41, At: at}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/v1/stories/1", "/api/v1/stories/2"} {
		var got storyDetail
		getJSON(t, srv, path, http.StatusOK, &got)
		if got.Story.ID != 1 || len(got.Merges) != 1 || got.Merges[0].From != 2 || got.Merges[0].Into != 1 ||
			got.Merges[0].Score != 0.41 || !got.Merges[0].At.Equal(at) {
			t.Fatalf("GET %s: story %d, merges %+v; want story 1 with the merge of story 2", path, got.Story.ID, got.Merges)
		}
		placed := map[int64]int64{}
		for _, a := range got.Articles {
			if a.StoryID != 1 {
				t.Errorf("article %d in story %d, want 1", a.ID, a.StoryID)
			}
			placed[a.Assignment.StoryID]++
		}
		if placed[2] != 1 {
			t.Errorf("GET %s: articles placed in stories %v, want one placed in story 2", path, placed)
		}
	}
}

func TestArticle(t *testing.T) {
	srv, f, _ := newServer(t)
	id := f.articles["bridge-herald"]
	var got struct {
		Article news.Article `json:"article"`
	}
	getJSON(t, srv, "/api/v1/articles/"+itoa(int(id)), http.StatusOK, &got)
	a := got.Article
	if a.ID != id || a.Text != longText || a.Source != "Coastal Herald" || a.StoryID != 1 ||
		!a.Published.Equal(base) || a.URL != "https://herald.example/bridge-reopens" {
		t.Errorf("article %+v", a)
	}

	// Markup in stored text is data: JSON carries it escaped, and it
	// decodes back to exactly what was stored.
	frost := f.articles["frost"]
	resp, body := get(t, srv, "/api/v1/articles/"+itoa(int(frost)))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if bytes.Contains(body, []byte("<script>")) {
		t.Errorf("raw <script> in JSON body: %s", body)
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Article.Text, "<script>alert(1)</script>") {
		t.Errorf("text %q lost its markup characters", got.Article.Text)
	}
}

func TestSearch(t *testing.T) {
	srv, f, _ := newServer(t)
	type hit struct {
		Article      map[string]any     `json:"article"`
		Snippet      string             `json:"snippet"`
		SnippetParts []news.SnippetPart `json:"snippet_parts"`
		Rank         float64            `json:"rank"`
	}
	var got struct {
		Query string `json:"query"`
		Hits  []hit  `json:"hits"`
	}
	getJSON(t, srv, "/api/v1/search?q="+url.QueryEscape(" harbour "), http.StatusOK, &got)
	if got.Query != "harbour" {
		t.Errorf("query %q, want it trimmed to harbour", got.Query)
	}
	var ids []int64
	for _, h := range got.Hits {
		ids = append(ids, int64(h.Article["id"].(float64)))
		if !strings.Contains(strings.ToLower(h.Snippet), "harbour") || strings.ContainsAny(h.Snippet, news.MatchStart+news.MatchEnd) {
			t.Errorf("snippet %q: want plain text holding the match", h.Snippet)
		}
		var matched []string
		for _, p := range h.SnippetParts {
			if p.Match {
				matched = append(matched, strings.ToLower(p.Text))
			}
		}
		if !slices.Contains(matched, "harbour") {
			t.Errorf("snippet parts %+v do not flag the match", h.SnippetParts)
		}
		if _, ok := h.Article["text"]; ok {
			t.Errorf("hit article carries its text: %v", h.Article)
		}
		if h.Article["story_id"] != float64(1) || h.Article["title"] == "" {
			t.Errorf("hit article summary %v", h.Article)
		}
	}
	slices.Sort(ids)
	want := []int64{f.articles["bridge-herald"], f.articles["bridge-post"], f.articles["bridge-wire"]}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("hits %v, want %v", ids, want)
	}
	for i := 1; i < len(got.Hits); i++ {
		if got.Hits[i].Rank > got.Hits[i-1].Rank {
			t.Errorf("hits not best first: rank %v after %v", got.Hits[i].Rank, got.Hits[i-1].Rank)
		}
	}

	getJSON(t, srv, "/api/v1/search?q=harbour&limit=1", http.StatusOK, &got)
	if len(got.Hits) != 1 {
		t.Errorf("limit=1: %d hits", len(got.Hits))
	}
	getJSON(t, srv, "/api/v1/search?q=zeppelin", http.StatusOK, &got)
	if got.Hits == nil || len(got.Hits) != 0 {
		t.Errorf("no match: hits %#v, want an empty list (not null)", got.Hits)
	}
}

func TestStats(t *testing.T) {
	srv, _, _ := newServer(t)
	var got news.Stats
	getJSON(t, srv, "/api/v1/stats", http.StatusOK, &got)
	want := news.Stats{Articles: 9, Stories: 7, Reprints: 1, Sources: 5}
	if got != want {
		t.Errorf("stats %+v, want %+v", got, want)
	}
}

func TestHead(t *testing.T) {
	srv, _, _ := newServer(t)
	resp, body := do(t, srv, http.MethodHead, "/api/v1/stories/1")
	if resp.StatusCode != http.StatusOK || len(body) != 0 {
		t.Errorf("HEAD: status %d, %d body bytes", resp.StatusCode, len(body))
	}
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff.\ngot:\n%s", path, got)
	}
}
