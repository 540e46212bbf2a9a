package ui_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite"
	"github.com/parallax-news/parallax/internal/ui"
)

var base = time.Date(2024, 3, 10, 8, 0, 0, 0, time.UTC)

const bridgeText = "The harbour bridge reopened to traffic on Sunday morning after nine days of storm repairs.\n" +
	"\n" +
	"Crews replaced two damaged expansion joints and resurfaced the northern approach, working " +
	"through the night to finish before the weekday rush, the transport office said.\n" +
	"Mayor Ilse Varga thanked commuters for their patience and promised a full inspection of the " +
	"remaining spans in the spring, with lane closures limited to nights and weekends."

// xssText is an article body that tries to run script in a reader's browser.
const xssText = "Growers counted losses <script>alert(1)</script> after the frost.\n" +
	"<img src=x onerror=alert(2)> Apple blossom took the worst of it."

type fixture struct {
	store    *sqlite.Store
	articles map[string]int64
}

// openFixture stores six stories in a fresh store: story 1 holds three
// articles from three outlets, one a reprint; story 2 carries markup in its
// title, text, source and URL; stories 3-6 hold one article each, and
// stories 4 and 5 share a last-seen time. Newest first: 1, 2, 3, 5, 4, 6.
func openFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ui.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	f := &fixture{store: st, articles: make(map[string]int64)}
	add := func(name string, a news.Article) {
		t.Helper()
		a.Identity = "test:" + name
		a.Ingested = a.Published.Add(time.Minute)
		a.Assignment.StoryID = a.StoryID
		id, err := st.AddArticle(ctx, &a)
		if err != nil {
			t.Fatalf("add %s: %v", name, err)
		}
		f.articles[name] = id
	}
	add("herald", news.Article{
		URL: "https://herald.example/bridge-reopens", Source: "Coastal Herald",
		Title: "Harbour bridge reopens after storm repairs", Text: bridgeText,
		Published: base, StoryID: 1, Assignment: news.Assignment{NewStory: true},
	})
	add("post", news.Article{
		URL: "https://post.example/news/bridge?id=7&lang=en", Source: "Northern Post",
		Title:     "Bridge traffic resumes as repairs finish early",
		Text:      "Traffic returned to the harbour bridge on Sunday.\nThe repairs finished a day early.",
		Published: base.Add(90 * time.Minute), StoryID: 1,
		Assignment: news.Assignment{
			Score: 0.62, RunnerUp: 0.11, Terms: []string{"bridge", "harbour", "repairs"},
			Entities: []string{"Ilse Varga"}, TimeGap: 90 * time.Minute,
		},
	})
	add("wire", news.Article{
		URL: "https://wire.example/a/1", Source: "Wire Digest",
		Title: "Harbour bridge reopens after storm repairs", Text: bridgeText,
		Published: base.Add(3 * time.Hour), StoryID: 1, DuplicateOf: f.articles["herald"],
		Assignment: news.Assignment{
			Score: 0.9, TimeGap: 90 * time.Minute, DuplicateOf: f.articles["herald"], Similarity: 0.97,
		},
	})
	add("frost", news.Article{
		URL: "javascript:alert(3)", Source: "Valley <b>Times</b>",
		Title: "Frost <script>alert(1)</script> hits orchards", Text: xssText,
		Published: base.Add(-24 * time.Hour), StoryID: 2, Assignment: news.Assignment{NewStory: true},
	})
	for i, s := range []struct {
		name, title string
		at          time.Duration
	}{
		{"library", "Library extends weekend opening hours", -48 * time.Hour},
		{"ferry", "Ferry timetable changes for the summer", -72 * time.Hour},
		{"marathon", "Marathon route announced for autumn race", -72 * time.Hour},
		{"school", "School meals contract goes to local bakery", -96 * time.Hour},
	} {
		add(s.name, news.Article{
			URL: "https://local.example/" + s.name, Source: "Local Ledger", Title: s.title,
			Text:      "A short local report about the " + s.name + ".",
			Published: base.Add(s.at), StoryID: int64(3 + i), Assignment: news.Assignment{NewStory: true},
		})
	}
	return f
}

// newServer serves the pages over a fresh fixture store.
func newServer(t *testing.T) (*httptest.Server, *fixture, *logBuffer) {
	t.Helper()
	f := openFixture(t)
	logs := &logBuffer{}
	u, err := ui.New(f.store, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatalf("ui.New: %v", err)
	}
	mux := http.NewServeMux()
	u.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, f, logs
}

// do sends a request and returns the response with its body read.
func do(t *testing.T, srv *httptest.Server, method, path string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read: %v", method, path, err)
	}
	return resp, string(body)
}

// page fetches path with GET and checks the status and the HTML content type.
func page(t *testing.T, srv *httptest.Server, path string, want int) string {
	t.Helper()
	resp, body := do(t, srv, http.MethodGet, path)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, resp.StatusCode, want, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	return body
}

type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// mustContain fails for each want missing from body.
func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// mustNotContain fails for each unwanted string found in body.
func mustNotContain(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("%s contains %q", what, u)
		}
	}
}
