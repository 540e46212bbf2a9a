package ui_test

import (
	"flag"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

var storyLink = regexp.MustCompile(`<h2><a href="/stories/(\d+)">`)
var cssVersion = regexp.MustCompile(`style\.css\?v=[0-9a-f]+`)
var (
	olderLink  = regexp.MustCompile(`<a rel="next" href="([^"]+)">`)
	newestLink = regexp.MustCompile(`<a href="(/[^"]*)">« Newest</a>`)
)

func TestIndex(t *testing.T) {
	srv, _, _ := newServer(t)
	body := page(t, srv, "/", http.StatusOK)
	mustContain(t, "story list", body,
		`<a href="/stories/1">Harbour bridge reopens after storm repairs</a>`,
		"3 articles", "3 sources", "2 originals", "1 article", "1 source", "1 original",
		`first seen <time datetime="2024-03-10T08:00:00Z">10 Mar 2024 08:00 UTC</time>`,
		`last seen <time datetime="2024-03-10T11:00:00Z">10 Mar 2024 11:00 UTC</time>`,
		`<form class="search" action="/search" method="get" role="search">`,
		`<input type="search" name="q"`,
		`<link rel="stylesheet" href="/static/style.css?v=`,
		`<meta name="viewport"`,
	)
	var ids []string
	for _, m := range storyLink.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	if want := []string{"1", "2", "3", "5", "4", "6"}; !slices.Equal(ids, want) {
		t.Errorf("stories listed %v, want %v", ids, want)
	}
	mustNotContain(t, "first page", body, `rel="next"`, "Newest")
}

func TestIndexPagination(t *testing.T) {
	srv, _, _ := newServer(t)
	for _, tc := range []struct {
		name  string
		query string
		want  []string
		pages int
	}{
		{"two per page", "?limit=2", []string{"1", "2", "3", "5", "4", "6"}, 3},
		{"four per page", "?limit=4", []string{"1", "2", "3", "5", "4", "6"}, 2},
		{"filter kept across pages", "?limit=1&min_articles=1", []string{"1", "2", "3", "5", "4", "6"}, 6},
		{"bigger stories only", "?min_articles=2", []string{"1"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ids []string
			path := "/" + tc.query
			pages := 0
			for path != "" {
				pages++
				if pages > 10 {
					t.Fatalf("more than 10 pages; seen %v", ids)
				}
				body := page(t, srv, path, http.StatusOK)
				for _, m := range storyLink.FindAllStringSubmatch(body, -1) {
					ids = append(ids, m[1])
				}
				if pages > 1 && !newestLink.MatchString(body) {
					t.Errorf("page %d has no link back to the newest stories", pages)
				}
				if m := newestLink.FindStringSubmatch(body); m != nil && strings.Contains(tc.query, "min_articles") &&
					!strings.Contains(m[1], "min_articles=") {
					t.Errorf("newest link %q drops the filter", m[1])
				}
				path = ""
				if m := olderLink.FindStringSubmatch(body); m != nil {
					path = html.UnescapeString(m[1])
					if strings.Contains(tc.query, "min_articles") && !strings.Contains(path, "min_articles=") {
						t.Errorf("older link %q drops the filter", path)
					}
				}
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("walked %v, want %v", ids, tc.want)
			}
			if pages != tc.pages {
				t.Errorf("%d pages, want %d", pages, tc.pages)
			}
		})
	}
}

func TestStoryPage(t *testing.T) {
	srv, f, _ := newServer(t)
	body := page(t, srv, "/stories/1", http.StatusOK)
	golden(t, "story_1.html", body)
	herald := strconv.FormatInt(f.articles["herald"], 10)
	mustContain(t, "story page", body,
		"<title>Harbour bridge reopens after storm repairs · Parallax</title>",
		"<h1>Harbour bridge reopens after storm repairs</h1>",
		"3 articles", "3 sources", "2 originals", "(3h)",
		`<a href="https://herald.example/bridge-reopens" rel="noopener noreferrer nofollow">Harbour bridge reopens after storm repairs</a>`,
		`<a href="https://post.example/news/bridge?id=7&amp;lang=en" rel="noopener noreferrer nofollow">`,
		`<a class="source" href="/outlets/Northern%20Post">Northern Post</a>`,
		`<time datetime="2024-03-10T09:30:00Z">10 Mar 2024 09:30 UTC</time>`,
		`<a class="badge" href="/articles/`+herald+`">reprint of #`+herald+`</a>`,
		`<span class="tag">new story</span>`,
		"<span>score 0.62</span>", "<span>runner-up 0.11</span>",
		"<span>terms: bridge, harbour, repairs</span>", "<span>names: Ilse Varga</span>",
		"<span>gap 1h 30m</span>", "<span>reprint similarity 0.97</span>",
		`<a href="/articles/`+herald+`">Full text #`+herald+`</a>`,
	)
	// The long article shows an excerpt, not its last paragraph.
	mustNotContain(t, "story page", body, "limited to nights and weekends")
}

// An article placed in a story that was later merged into another says
// so on the merged story's page and on its own page.
func TestMergedStoryEvidence(t *testing.T) {
	srv, f, _ := newServer(t)
	if err := f.store.MergeStories(t.Context(), news.Merge{From: 2, Into: 1, Score: 0.4, At: base.Add(6 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	note := `<span class="merged">placed in story 2, since merged into this one</span>`
	body := page(t, srv, "/stories/1", http.StatusOK)
	if n := strings.Count(body, note); n != 1 {
		t.Errorf("story page shows the merge note %d times, want once (for the article of story 2)", n)
	}
	arts, err := f.store.StoryArticles(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		body := page(t, srv, "/articles/"+strconv.FormatInt(a.ID, 10), http.StatusOK)
		if got, want := strings.Contains(body, note), a.Assignment.StoryID == 2; got != want {
			t.Errorf("article %d (placed in story %d): merge note shown %v, want %v", a.ID, a.Assignment.StoryID, got, want)
		}
	}
}

func TestArticlePage(t *testing.T) {
	srv, f, _ := newServer(t)
	id := strconv.FormatInt(f.articles["post"], 10)
	body := page(t, srv, "/articles/"+f.id("herald"), http.StatusOK)
	mustContain(t, "article page", body,
		"<h1>Harbour bridge reopens after storm repairs</h1>",
		"<p>The harbour bridge reopened to traffic on Sunday morning after nine days of storm repairs.</p>",
		"<p>Mayor Ilse Varga thanked commuters for their patience and promised a full inspection of the "+
			"remaining spans in the spring, with lane closures limited to nights and weekends.</p>",
		`<a href="https://herald.example/bridge-reopens" rel="noopener noreferrer nofollow">original</a>`,
		`<a href="/stories/1#a`+f.id("herald")+`">Harbour bridge reopens after storm repairs</a>`,
		`<span class="tag">new story</span>`,
	)
	if n := strings.Count(body, "<p>") - strings.Count(body, `<p><a href="/">`); n != 4 {
		// three paragraphs of text (the blank line is dropped) and the story line
		t.Errorf("%d plain paragraphs, want 4:\n%s", n, body)
	}
	body = page(t, srv, "/articles/"+id, http.StatusOK)
	mustContain(t, "second article", body, "<span>score 0.62</span>", "<p>The repairs finished a day early.</p>")
}

func (f *fixture) id(name string) string { return strconv.FormatInt(f.articles[name], 10) }

// TestUntrustedText checks that markup in stored articles renders as text
// on every page that shows it.
func TestUntrustedText(t *testing.T) {
	srv, f, _ := newServer(t)
	for _, path := range []string{"/", "/stories/2", "/articles/" + f.id("frost"), "/search?q=frost", "/search?q=script"} {
		t.Run(path, func(t *testing.T) {
			body := page(t, srv, path, http.StatusOK)
			mustNotContain(t, path, body,
				"<script", "<img", "<b>Times", "javascript:")
			mustContain(t, path, body, "&lt;")
		})
	}
	body := page(t, srv, "/stories/2", http.StatusOK)
	mustContain(t, "story 2", body,
		"<h1>Frost &lt;script&gt;alert(1)&lt;/script&gt; hits orchards</h1>",
		"Growers counted losses &lt;script&gt;alert(1)&lt;/script&gt; after the frost.",
		"&lt;img src=x onerror=alert(2)&gt;",
		`<a class="source" href="/outlets/Valley%20%3Cb%3ETimes%3C%2Fb%3E">Valley &lt;b&gt;Times&lt;/b&gt;</a>`,
		// html/template replaces an unsafe URL scheme with a harmless marker.
		`<a href="#ZgotmplZ" rel="noopener noreferrer nofollow">`,
	)
	body = page(t, srv, "/articles/"+f.id("frost"), http.StatusOK)
	mustContain(t, "article", body, "<p>Growers counted losses &lt;script&gt;alert(1)&lt;/script&gt; after the frost.</p>")
}

func TestSearchPage(t *testing.T) {
	srv, f, _ := newServer(t)
	body := page(t, srv, "/search?q=harbour", http.StatusOK)
	mustContain(t, "search page", body,
		"<title>Search: harbour · Parallax</title>",
		`value="harbour"`,
		"Results 1–3 for “harbour”",
		`<a href="/articles/`+f.id("post")+`">Bridge traffic resumes as repairs finish early</a>`,
		`<a href="/stories/1">story #1</a>`,
		"<mark>harbour</mark>",
	)
	mustNotContain(t, "search page", body, "«", "»")

	// A match inside markup: the tags stay text, only <mark> is HTML.
	body = page(t, srv, "/search?q=script", http.StatusOK)
	mustContain(t, "markup search", body, "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;")

	body = page(t, srv, "/search?q=zeppelin", http.StatusOK)
	mustContain(t, "no hits", body, "No articles match “zeppelin”.")

	for _, path := range []string{"/search", "/search?q=", "/search?q=+++"} {
		body = page(t, srv, path, http.StatusOK)
		mustContain(t, path, body, `<form class="search wide"`)
		mustNotContain(t, path, body, "No articles match", "Results ")
	}
}

func TestErrorPages(t *testing.T) {
	srv, _, _ := newServer(t)
	for _, tc := range []struct {
		name, method, path string
		status             int
		message            string
	}{
		{"missing story", "GET", "/stories/999", 404, "story 999 not found"},
		{"missing article", "GET", "/articles/999", 404, "article 999 not found"},
		{"story id not a number", "GET", "/stories/abc", 400, "invalid story id &#34;abc&#34;: must be a positive integer"},
		{"article id zero", "GET", "/articles/0", 400, "invalid article id &#34;0&#34;"},
		{"story id in markup", "GET", "/stories/%3Cscript%3E", 400, "invalid story id &#34;&lt;script&gt;&#34;"},
		{"bad cursor", "GET", "/?cursor=xyz", 400, "invalid cursor"},
		{"bad limit", "GET", "/?limit=1000", 400, "invalid limit &#34;1000&#34;"},
		{"query too long", "GET", "/search?q=" + strings.Repeat("x", 501), 400, "longer than 500 bytes"},
		{"unknown page", "GET", "/nowhere", 404, "page /nowhere not found"},
		{"unknown static file", "GET", "/static/app.js", 404, "page /static/app.js not found"},
		{"post to a page", "POST", "/stories/1", 405, "method POST not allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, srv, tc.method, tc.path)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tc.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			mustContain(t, "error page", body, "<h1>"+strconv.Itoa(tc.status)+" · ", tc.message, `<a href="/">Back to the stories</a>`)
			mustNotContain(t, "error page", body, "<script")
		})
	}
}

func TestServerErrorPage(t *testing.T) {
	srv, f, logs := newServer(t)
	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	body := page(t, srv, "/stories/1", http.StatusInternalServerError)
	mustContain(t, "500 page", body, "<h1>500 · Something went wrong</h1>", "internal server error")
	mustNotContain(t, "500 page", body, "closed", "sql")
	if out := logs.String(); !strings.Contains(out, "level=ERROR") || !strings.Contains(out, "closed") {
		t.Errorf("log lacks the failure:\n%s", out)
	}
}

func TestStaticFiles(t *testing.T) {
	srv, _, _ := newServer(t)
	body := page(t, srv, "/", http.StatusOK)
	m := regexp.MustCompile(`href="(/static/style\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no style sheet link")
	}
	resp, css := do(t, srv, http.MethodGet, m[1])
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("style sheet: status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/css; charset=utf-8" {
		t.Errorf("style sheet Content-Type %q", ct)
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("versioned style sheet Cache-Control %q", cc)
	}
	mustContain(t, "style sheet", css, "system-ui", "@media (prefers-color-scheme: dark)", "mark {")
	mustNotContain(t, "style sheet", css, "@import", "url(")
}

func TestHead(t *testing.T) {
	srv, _, _ := newServer(t)
	resp, body := do(t, srv, http.MethodHead, "/stories/1")
	if resp.StatusCode != http.StatusOK || body != "" {
		t.Errorf("HEAD: status %d, %d body bytes", resp.StatusCode, len(body))
	}
}

// golden compares got with testdata/name, rewriting it under -update.
// The style sheet's version hash is masked, so editing the CSS does not
// invalidate page goldens.
func golden(t *testing.T, name, got string) {
	t.Helper()
	got = cssVersion.ReplaceAllString(got, "style.css?v=HASH")
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff.\ngot:\n%s", path, got)
	}
}
