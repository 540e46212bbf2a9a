package feeds_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/feeds"
	"github.com/parallax-news/parallax/internal/news"
)

func TestStoriesFeed(t *testing.T) {
	srv, fx := newServer(t)
	feed, gf, _ := getFeed(t, srv, "/feeds/stories.atom")
	host := strings.TrimPrefix(srv.URL, "http://")

	want, err := fx.store.Stories(context.Background(), news.StoryFilter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 5 || len(feed.Entries) != len(want) {
		t.Fatalf("%d entries, want the store's %d stories", len(feed.Entries), len(want))
	}
	if feed.ID != srv.URL+"/feeds/stories.atom" || link(feed.Links, "self") != feed.ID {
		t.Errorf("feed id %q, self %q, want %s/feeds/stories.atom", feed.ID, link(feed.Links, "self"), srv.URL)
	}
	if got := link(feed.Links, "alternate"); got != srv.URL+"/" {
		t.Errorf("feed alternate %q", got)
	}
	if feed.Title.Body != "Parallax: latest stories" || feed.Author.Name != "Parallax" || feed.Generator != "Parallax" {
		t.Errorf("feed title %q, author %q, generator %q", feed.Title.Body, feed.Author.Name, feed.Generator)
	}
	if feed.Updated != want[0].LastSeen.UTC().Format(time.RFC3339) {
		t.Errorf("feed updated %s, want the newest story's last seen %s", feed.Updated, want[0].LastSeen)
	}
	for i, st := range want {
		e := feed.Entries[i]
		page := fmt.Sprintf("http://%s/stories/%d", host, st.ID)
		if e.ID != page || link(e.Links, "alternate") != page {
			t.Errorf("entry %d: id %q, alternate %q, want %s", i, e.ID, link(e.Links, "alternate"), page)
		}
		if e.Updated != st.LastSeen.UTC().Format(time.RFC3339) || e.Published != st.FirstSeen.UTC().Format(time.RFC3339) {
			t.Errorf("entry %d: updated %s published %s, want %s and %s", i, e.Updated, e.Published, st.LastSeen, st.FirstSeen)
		}
		if i > 0 && e.Updated > feed.Entries[i-1].Updated {
			t.Errorf("entry %d is newer than the one before it", i)
		}
		if e.Content.Type != "html" {
			t.Errorf("entry %d: content type %q", i, e.Content.Type)
		}
	}

	// Story 1 names its counts, outlets and headlines.
	barrier := feed.Entries[0]
	if barrier.Title.Body != "Tidal barrier closes for the first time this season" {
		t.Errorf("story 1 title %q", barrier.Title.Body)
	}
	if s := barrier.Summary.Body; s != "3 articles (1 reprint) from 3 sources: Estuary Gazette, Lowland Courier, Wire Roundup." {
		t.Errorf("story 1 summary %q", s)
	}
	for _, w := range []string{
		"3 articles (1 reprint) from 3 sources",
		fmt.Sprintf(`<a href="http://%s/articles/%d">Storm tide: barrier gates shut as gale peaks</a> — Lowland Courier`, host, fx.articles["courier"]),
		"Wire Roundup (reprint)",
		fmt.Sprintf(`<a href="http://%s/stories/%d">`, host, want[0].ID),
	} {
		if !strings.Contains(barrier.Content.Body, w) {
			t.Errorf("story 1 content lacks %q:\n%s", w, barrier.Content.Body)
		}
	}

	// The feed reader sees the same.
	if gf.Title != feed.Title.Body || len(gf.Items) != 5 || gf.Items[0].Link != srv.URL+"/stories/1" ||
		gf.Items[0].GUID != srv.URL+"/stories/1" || gf.UpdatedParsed == nil || !gf.UpdatedParsed.Equal(want[0].LastSeen) {
		t.Errorf("gofeed: title %q, %d items, first link %q guid %q, updated %v", gf.Title, len(gf.Items),
			gf.Items[0].Link, gf.Items[0].GUID, gf.UpdatedParsed)
	}
	if it := gf.Items[0]; it.PublishedParsed == nil || !it.PublishedParsed.Equal(want[0].FirstSeen) ||
		!strings.Contains(it.Content, "Lowland Courier") || !strings.Contains(it.Description, "3 articles") {
		t.Errorf("gofeed item 0: published %v, content %q, description %q", it.PublishedParsed, it.Content, it.Description)
	}
}

func TestStoriesFeedParameters(t *testing.T) {
	srv, _ := newServer(t)
	feed, _, _ := getFeed(t, srv, "/feeds/stories.atom?limit=2")
	if len(feed.Entries) != 2 || !strings.HasSuffix(feed.Entries[1].ID, "/stories/2") {
		t.Errorf("limit=2: %d entries", len(feed.Entries))
	}
	if got := link(feed.Links, "self"); got != srv.URL+"/feeds/stories.atom?limit=2" {
		t.Errorf("self link %q", got)
	}
	feed, _, _ = getFeed(t, srv, "/feeds/stories.atom?min_articles=2")
	if len(feed.Entries) != 1 || !strings.HasSuffix(feed.Entries[0].ID, "/stories/1") {
		t.Errorf("min_articles=2: %d entries, want story 1 only", len(feed.Entries))
	}
	// A cursor is ignored: a feed always starts at the newest story.
	feed, _, _ = getFeed(t, srv, "/feeds/stories.atom?cursor=junk")
	if len(feed.Entries) != 5 {
		t.Errorf("cursor: %d entries, want 5", len(feed.Entries))
	}
	for _, q := range []string{
		"limit=0", "limit=201", "limit=ten", "min_articles=-1",
		"since=yesterday", "until=2025-13-01", "since=2025-06-02&until=2025-06-01",
		"lang=" + strings.Repeat("x", 501),
	} {
		resp, body := do(t, srv, http.MethodGet, "/feeds/stories.atom?"+q)
		checkProblem(t, "stories "+q, resp, body, http.StatusBadRequest, "bad_request")
	}
}

// TestStoriesFeedFilters needs the store to honour StoryFilter's Source,
// Language, Since and Until.
func TestStoriesFeedFilters(t *testing.T) {
	srv, _ := newServer(t)
	for _, c := range []struct {
		query string
		want  []string // story ID suffixes, newest first
	}{
		{"source=" + url.QueryEscape("Parish Ledger"), []string{"/stories/4", "/stories/5"}},
		{"lang=nl", []string{"/stories/3"}},
		{"since=2025-06-01&until=2025-06-02", []string{"/stories/3"}},
		{"since=" + url.QueryEscape("2025-06-02T14:00:00Z"), []string{"/stories/1"}},
	} {
		feed, _, _ := getFeed(t, srv, "/feeds/stories.atom?"+c.query)
		var got []string
		for _, e := range feed.Entries {
			got = append(got, e.ID[strings.LastIndex(e.ID, "/stories/"):])
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: stories %v, want %v", c.query, got, c.want)
		}
	}
	// The page the feed mirrors carries the same filter.
	feed, _, _ := getFeed(t, srv, "/feeds/stories.atom?lang=nl&limit=5")
	if got := link(feed.Links, "alternate"); got != srv.URL+"/?lang=nl" {
		t.Errorf("alternate %q, want %s/?lang=nl", got, srv.URL)
	}
}

func TestSearchFeed(t *testing.T) {
	srv, fx := newServer(t)
	feed, gf, _ := getFeed(t, srv, "/feeds/search.atom?q=barrier")
	if len(feed.Entries) != 3 {
		t.Fatalf("%d entries, want the 3 barrier articles", len(feed.Entries))
	}
	if feed.Title.Body != "Parallax: search for “barrier”" {
		t.Errorf("title %q", feed.Title.Body)
	}
	if got := link(feed.Links, "alternate"); got != srv.URL+"/search?q=barrier" {
		t.Errorf("alternate %q", got)
	}
	if got := link(feed.Links, "self"); got != srv.URL+"/feeds/search.atom?q=barrier" {
		t.Errorf("self %q", got)
	}
	byID := make(map[string]xEntry)
	newest := ""
	for _, e := range feed.Entries {
		byID[e.ID] = e
		if strings.ContainsAny(e.Summary.Body, news.MatchStart+news.MatchEnd) || !strings.Contains(strings.ToLower(e.Summary.Body), "barrier") {
			t.Errorf("entry %s: summary %q, want the snippet without markers", e.ID, e.Summary.Body)
		}
		newest = max(newest, e.Updated)
	}
	if feed.Updated != newest {
		t.Errorf("feed updated %s, want the newest entry's %s", feed.Updated, newest)
	}
	courier, ok := byID[fmt.Sprintf("%s/articles/%d", srv.URL, fx.articles["courier"])]
	if !ok {
		t.Fatalf("no entry for the courier article: %+v", feed.Entries)
	}
	if link(courier.Links, "alternate") != courier.ID ||
		link(courier.Links, "related") != "https://courier.example/news?id=88&section=local" {
		t.Errorf("courier links %+v", courier.Links)
	}
	if courier.Title.Body != "Storm tide: barrier gates shut as gale peaks" || len(courier.Authors) != 1 ||
		courier.Authors[0].Name != "Lowland Courier" || courier.Published != t0.Add(45*time.Minute).Format(time.RFC3339) {
		t.Errorf("courier entry %+v", courier)
	}
	if len(gf.Items) != 3 || gf.Items[0].Description == "" {
		t.Errorf("gofeed: %d items", len(gf.Items))
	}

	// Quotation marks in the text are text, not match markers.
	feed, _, _ = getFeed(t, srv, "/feeds/search.atom?q=turned")
	if len(feed.Entries) != 1 || feed.Entries[0].Summary.Body != "Okafor said the barrier would reopen «once the tide had turned»." {
		t.Errorf("q=turned: %+v", feed.Entries)
	}

	// Phrases and odd characters in the query survive the links.
	q := `"tidal barrier" & <gates>`
	feed, _, _ = getFeed(t, srv, "/feeds/search.atom?q="+url.QueryEscape(q))
	if got := link(feed.Links, "alternate"); got != srv.URL+"/search?"+(url.Values{"q": {q}}).Encode() {
		t.Errorf("alternate %q", got)
	}
	if !strings.Contains(feed.Title.Body, q) {
		t.Errorf("title %q lacks the query", feed.Title.Body)
	}

	// No match is an empty feed, still dated.
	feed, _, _ = getFeed(t, srv, "/feeds/search.atom?q=zeppelin")
	if len(feed.Entries) != 0 || feed.Updated == "" || strings.HasPrefix(feed.Updated, "1970") || strings.HasPrefix(feed.Updated, "0001") {
		t.Errorf("no match: %d entries, updated %q", len(feed.Entries), feed.Updated)
	}
}

func TestSearchFeedErrors(t *testing.T) {
	srv, _ := newServer(t)
	for _, q := range []string{"", "?q=", "?q=%20%09", "?other=1"} {
		resp, body := do(t, srv, http.MethodGet, "/feeds/search.atom"+q)
		p := checkProblem(t, "search "+q, resp, body, http.StatusBadRequest, "bad_request")
		if p.Message != "missing search query q" {
			t.Errorf("search %s: message %q", q, p.Message)
		}
	}
	for _, q := range []string{"q=x&limit=0", "q=x&limit=201", "q=" + strings.Repeat("a", 501)} {
		resp, body := do(t, srv, http.MethodGet, "/feeds/search.atom?"+q)
		checkProblem(t, "search "+q[:min(len(q), 20)], resp, body, http.StatusBadRequest, "bad_request")
	}
	feed, _, _ := getFeed(t, srv, "/feeds/search.atom?q=the&limit=2")
	if len(feed.Entries) != 2 {
		t.Errorf("limit=2: %d entries", len(feed.Entries))
	}
}

// TestEntityFeed needs the store to honour StoryFilter.Entity.
func TestEntityFeed(t *testing.T) {
	srv, _ := newServer(t)
	path := feeds.EntityPath("PER:maren okafor")
	if path != "/feeds/entities/PER:maren%20okafor.atom" {
		t.Fatalf("EntityPath = %q", path)
	}
	feed, gf, _ := getFeed(t, srv, path)
	if feed.Title.Body != "Parallax: stories naming Maren Okafor" || gf.Title != feed.Title.Body {
		t.Errorf("title %q (gofeed %q)", feed.Title.Body, gf.Title)
	}
	if got := link(feed.Links, "alternate"); got != srv.URL+"/entities/PER:maren%20okafor" {
		t.Errorf("alternate %q", got)
	}
	if got := link(feed.Links, "self"); got != srv.URL+path {
		t.Errorf("self %q", got)
	}
	var got []string
	for _, e := range feed.Entries {
		got = append(got, strings.TrimPrefix(e.ID, srv.URL))
	}
	if strings.Join(got, " ") != "/stories/1 /stories/3" {
		t.Errorf("stories %v, want [/stories/1 /stories/3]: the ones naming Maren Okafor", got)
	}

	// An entity no story names is an empty feed titled by its key.
	feed, _, _ = getFeed(t, srv, feeds.EntityPath("LOC:atlantis"))
	if len(feed.Entries) != 0 || feed.Title.Body != "Parallax: stories naming atlantis" {
		t.Errorf("unknown entity: %d entries, title %q", len(feed.Entries), feed.Title.Body)
	}
}

func TestEntityFeedErrors(t *testing.T) {
	srv, _ := newServer(t)
	resp, body := do(t, srv, http.MethodGet, "/feeds/entities/PER:maren%20okafor.rss")
	checkProblem(t, "no .atom", resp, body, http.StatusNotFound, "not_found")
	for _, p := range []string{"/feeds/entities/.atom", "/feeds/entities/PER:a%00b.atom", "/feeds/entities/" + strings.Repeat("x", 501) + ".atom"} {
		resp, body := do(t, srv, http.MethodGet, p)
		checkProblem(t, p[:min(len(p), 40)], resp, body, http.StatusBadRequest, "bad_request")
	}
}

func TestConditionalGet(t *testing.T) {
	srv, _ := newServer(t)
	for _, path := range []string{"/feeds/stories.atom", "/feeds/search.atom?q=tide", feeds.EntityPath("ORG:delta water board"), feeds.EntityPath("LOC:nowhere")} {
		resp, body := do(t, srv, http.MethodGet, path)
		etag, modified := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(etag, `"`) {
			t.Fatalf("%s: status %d, ETag %q", path, resp.StatusCode, etag)
		}
		again, body2 := do(t, srv, http.MethodGet, path)
		if again.Header.Get("ETag") != etag || body2 != body {
			t.Errorf("%s: second GET differs: ETag %q then %q", path, etag, again.Header.Get("ETag"))
		}

		resp, body = do(t, srv, http.MethodGet, path, "If-None-Match", etag)
		if resp.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("%s: If-None-Match %s: status %d, %d bytes", path, etag, resp.StatusCode, len(body))
		}
		resp, _ = do(t, srv, http.MethodGet, path, "If-None-Match", `"other", W/`+etag)
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s: If-None-Match list with weak match: status %d", path, resp.StatusCode)
		}
		resp, _ = do(t, srv, http.MethodGet, path, "If-None-Match", `"other"`)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: If-None-Match other: status %d", path, resp.StatusCode)
		}

		// HEAD sends the headers only.
		resp, body = do(t, srv, http.MethodHead, path)
		if resp.StatusCode != http.StatusOK || body != "" || resp.Header.Get("ETag") != etag ||
			resp.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
			t.Errorf("%s: HEAD status %d, %d bytes, ETag %q", path, resp.StatusCode, len(body), resp.Header.Get("ETag"))
		}

		// No feed claims a modification time (see serve), so
		// If-Modified-Since alone never answers 304.
		if modified != "" {
			t.Errorf("%s: Last-Modified %q, want none", path, modified)
		}
		resp, _ = do(t, srv, http.MethodGet, path, "If-Modified-Since", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: If-Modified-Since in the future: status %d, want 200", path, resp.StatusCode)
		}
	}
}

func TestAbsoluteURLs(t *testing.T) {
	srv, _ := newServer(t)
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/feeds/stories.atom?limit=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "news.example.org"
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	body := string(raw)
	wellFormed(t, "forwarded", body)
	for _, w := range []string{
		`<link rel="self" type="application/atom+xml" href="https://news.example.org/feeds/stories.atom?limit=1">`,
		`<link rel="alternate" type="text/html" href="https://news.example.org/">`,
		`<id>https://news.example.org/stories/1</id>`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %s\n%s", w, body)
		}
	}
}

// TestHostileText stores an article written to break a feed and checks
// that every feed carrying it stays well-formed, holds no raw markup, and
// drops the characters XML cannot carry.
func TestHostileText(t *testing.T) {
	srv, fx := newServer(t)
	a, err := fx.store.Article(context.Background(), fx.articles["hostile"])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Title, "\x00") && !strings.Contains(a.Title, "\x1b") {
		t.Logf("note: the store altered the hostile title to %q", a.Title)
	}
	for _, path := range []string{
		"/feeds/stories.atom",
		"/feeds/search.atom?q=hostile",
		"/feeds/search.atom?q=" + url.QueryEscape("<script>"),
		feeds.EntityPath("ORG:evil corp"),
	} {
		feed, gf, body := getFeed(t, srv, path)
		for _, bad := range []string{"<script", "]]>", "\x00", "\x1b", "\x0c", "<b>", "<i>", "javascript:"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: body holds %q", path, bad)
			}
		}
		if !utf8.ValidString(body) {
			t.Errorf("%s: body is not UTF-8", path)
		}
		if strings.Contains(path, "search") && strings.Contains(path, "hostile") && len(feed.Entries) != 1 {
			t.Errorf("%s: %d entries, want the hostile article", path, len(feed.Entries))
		}
		var e *xEntry
		for i := range feed.Entries {
			if strings.Contains(feed.Entries[i].Title.Body, "Hostile") {
				e = &feed.Entries[i]
			}
		}
		if e == nil {
			if !strings.Contains(path, "script") { // the tokenizer may not match markup
				t.Errorf("%s: no hostile entry", path)
			}
			continue
		}
		if !strings.Contains(e.Title.Body, "<script>alert('x')</script> ]]> nul esc[31m ff bad utf8 &amp; tidal") {
			t.Errorf("%s: title %q, want the text with control characters and bad bytes dropped", path, e.Title.Body)
		}
		if link(e.Links, "related") != "" {
			t.Errorf("%s: hostile entry links to %q", path, link(e.Links, "related"))
		}
		if e.Content.Body != "" && (strings.Contains(e.Content.Body, "<script") || !strings.Contains(e.Content.Body, "&lt;script&gt;") ||
			!strings.Contains(e.Content.Body, "Hill &lt;i&gt;Echo&lt;/i&gt;")) {
			t.Errorf("%s: content not escaped as HTML:\n%s", path, e.Content.Body)
		}
		if strings.Contains(path, "entities") && feed.Title.Body != "Parallax: stories naming Evil <b>Corp</b>" {
			t.Errorf("%s: title %q", path, feed.Title.Body)
		}
		for _, it := range gf.Items {
			if strings.ContainsAny(it.Title, "\x00\x1b") {
				t.Errorf("%s: gofeed title %q", path, it.Title)
			}
		}
	}
}

// problem is the API's error body.
type problem struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// checkProblem checks an error response has the API's shape.
func checkProblem(t *testing.T, what string, resp *http.Response, body string, status int, code string) problem {
	t.Helper()
	var got struct {
		Error problem `json:"error"`
	}
	if resp.StatusCode != status {
		t.Errorf("%s: status %d, want %d\n%s", what, resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Errorf("%s: body %q: %v", what, body, err)
	}
	if got.Error.Status != status || got.Error.Code != code || got.Error.Message == "" {
		t.Errorf("%s: error %+v, want status %d code %s", what, got.Error, status, code)
	}
	return got.Error
}
