package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

// runNet runs parallax in-process like runCmd, with loopback allowed to
// the fetch client.
func runNet(t *testing.T, db, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errOut,
		getenv: func(k string) string {
			switch k {
			case "PARALLAX_DB":
				return db
			case envAllowPrivate:
				return "127.0.0.0/8, ::1/128"
			}
			return ""
		},
	}
	code = run(context.Background(), args, e)
	return code, out.String(), errOut.String()
}

// newsSite serves a site whose home page links its RSS feed, whose items
// carry their full text, a sitemap, and a feed that fails.
type newsSite struct {
	*httptest.Server
	mu    sync.Mutex
	items []string // titles, newest first
}

var siteTexts = map[string]string{
	"Ferry runs aground off Ilsa island": "A passenger ferry carrying 212 people ran aground on a sandbank off Ilsa island late on Friday night. The coast guard said all passengers were taken ashore by lifeboats and nobody was hurt. The ferry operator Nordlys Lines blamed a steering failure and said the vessel would be towed off at high tide. Islanders were told to expect cancelled crossings for the rest of the weekend while divers inspect the hull.",
	"Ilsa ferry refloated by tugs":       "Tugboats pulled the Nordlys Lines ferry off the sandbank near Ilsa island on Saturday morning, a day after it ran aground with 212 people on board. The coast guard said divers found only minor damage to the hull. Investigators have begun examining the steering failure the operator blamed for the grounding, and crossings to the island are expected to resume on Monday.",
}

func newNewsSite(t *testing.T) *newsSite {
	s := &newsSite{items: []string{"Ferry runs aground off Ilsa island"}}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `<html><head><title>Island Post</title><link rel="alternate" type="application/rss+xml" title="News" href="/news.rss"></head><body><p>Home</p></body></html>`)
	})
	mux.HandleFunc("/news.rss", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		items := append([]string(nil), s.items...)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Island Post</title><link>%s/</link>`, s.URL)
		for i, title := range items {
			fmt.Fprintf(w, `<item><title>%s</title><link>%s/a/%d</link><pubDate>Sat, 0%d May 2026 09:00:00 GMT</pubDate><content:encoded>%s</content:encoded></item>`,
				html.EscapeString(title), s.URL, len(items)-i, len(items)-i, html.EscapeString("<p>"+siteTexts[title]+"</p>"))
		}
		fmt.Fprint(w, `</channel></rss>`)
	})
	mux.HandleFunc("/a/{n}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		items := append([]string(nil), s.items...)
		s.mu.Unlock()
		var n int
		if _, err := fmt.Sscan(r.PathValue("n"), &n); err != nil || n < 1 || n > len(items) {
			http.NotFound(w, r)
			return
		}
		title := items[len(items)-n]
		fmt.Fprintf(w, `<html><head><title>%s</title></head><body><nav><a href="/">Home</a></nav><article><h1>%s</h1><p>%s</p></article></body></html>`,
			html.EscapeString(title), html.EscapeString(title), html.EscapeString(siteTexts[title]))
	})
	mux.HandleFunc("/broken.rss", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "broken", http.StatusInternalServerError)
	})
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/a/1</loc></url></urlset>`, s.URL)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestSourcesAddListRemove(t *testing.T) {
	t.Parallel()
	site := newNewsSite(t)
	db := filepath.Join(t.TempDir(), "p.db")
	// A site URL: its feed is discovered.
	code, out, errOut := runNet(t, db, "", "sources", "add", site.URL+"/", "--interval", "30m")
	if code != exitOK || !strings.Contains(out, "following source 1: feed "+site.URL+"/news.rss (Island Post)") {
		t.Fatalf("sources add site: %d\n%s\n%s", code, out, errOut)
	}
	// The feed itself again is a duplicate.
	if code, _, errOut := runNet(t, db, "", "sources", "add", site.URL+"/news.rss"); code != exitFailure || !strings.Contains(errOut, "already followed") {
		t.Errorf("duplicate add: %d %s", code, errOut)
	}
	// A sitemap is recognised as one.
	if code, out, errOut := runNet(t, db, "", "sources", "add", site.URL+"/sitemap.xml"); code != exitOK || !strings.Contains(out, "sitemap") {
		t.Errorf("sitemap add: %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runNet(t, db, "", "sources", "add", site.URL+"/missing"); code != exitFailure || !strings.Contains(errOut, "404") {
		t.Errorf("missing add: %d %s", code, errOut)
	}
	if code, _, _ := runNet(t, db, "", "sources", "add"); code != exitUsage {
		t.Errorf("add without URL: %d", code)
	}
	// Without the allowance the SSRF guard refuses loopback.
	if code, _, errOut := runCmd(t, db, "", "sources", "add", site.URL+"/news.rss"); code != exitFailure || !strings.Contains(errOut, "forbidden address") {
		t.Errorf("add loopback without %s: %d %s", envAllowPrivate, code, errOut)
	}

	code, out, _ = runNet(t, db, "", "sources", "list")
	if code != exitOK || !strings.Contains(out, "30m") || !strings.Contains(out, "15m") || !strings.Contains(out, site.URL+"/sitemap.xml") {
		t.Errorf("sources list: %d\n%s", code, out)
	}
	code, out, _ = runNet(t, db, "", "sources", "list", "--json")
	var list struct{ Sources []news.Source }
	if code != exitOK || json.Unmarshal([]byte(out), &list) != nil || len(list.Sources) != 2 {
		t.Fatalf("sources list --json: %d\n%s", code, out)
	}
	if s := list.Sources[0]; s.Interval.Minutes() != 30 || s.Kind != news.SourceFeed || s.SiteURL != site.URL+"/" {
		t.Errorf("first source %+v", s)
	}
	id := fmt.Sprint(list.Sources[1].ID)
	if code, out, errOut := runNet(t, db, "", "sources", "remove", id); code != exitOK || !strings.Contains(out, "stopped following source "+id) {
		t.Errorf("remove: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runNet(t, db, "", "sources", "remove", id); code != exitFailure || !strings.Contains(errOut, "source "+id+" not found") {
		t.Errorf("remove twice: %d %s", code, errOut)
	}
	if code, _, _ := runNet(t, db, "", "sources", "frobnicate"); code != exitUsage {
		t.Errorf("unknown subcommand: %d", code)
	}
}

func TestSourcesImportExport(t *testing.T) {
	t.Parallel()
	site := newNewsSite(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	opml := writeFile(t, dir, "subs.opml", `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
<outline text="News">
  <outline text="Island Post" type="rss" xmlUrl="`+site.URL+`/news.rss" htmlUrl="`+site.URL+`/"/>
  <outline text="Island Post site" htmlUrl="`+site.URL+`/"/>
  <outline text="Sitemap" type="sitemap" xmlUrl="`+site.URL+`/sitemap.xml"/>
  <outline text="Nowhere" htmlUrl="ftp://nowhere.example/"/>
</outline></body></opml>`)
	code, out, errOut := runNet(t, db, "", "sources", "import", opml)
	if code != exitPartial || !strings.Contains(out, "imported 2 sources from 4 outlines: 1 already followed, 1 skipped") ||
		!strings.Contains(errOut, "skipped ftp://nowhere.example/") {
		t.Fatalf("import: %d\n%s\n%s", code, out, errOut)
	}
	// Export to stdout, then to a file, and import that into a new database.
	code, out, _ = runNet(t, db, "", "sources", "export")
	if code != exitOK || !strings.Contains(out, `<opml version="2.0">`) || !strings.Contains(out, site.URL+"/news.rss") ||
		!strings.Contains(out, `type="sitemap"`) {
		t.Errorf("export: %d\n%s", code, out)
	}
	exported := filepath.Join(dir, "out.opml")
	if code, out, _ := runNet(t, db, "", "sources", "export", exported); code != exitOK || !strings.Contains(out, "wrote 2 sources") {
		t.Errorf("export FILE: %d %s", code, out)
	}
	db2 := filepath.Join(dir, "p2.db")
	if code, out, errOut := runNet(t, db2, "", "sources", "import", exported); code != exitOK || !strings.Contains(out, "imported 2 sources") {
		t.Errorf("re-import: %d\n%s%s", code, out, errOut)
	}
	_, a, _ := runNet(t, db, "", "sources", "list", "--json")
	_, b, _ := runNet(t, db2, "", "sources", "list", "--json")
	var la, lb struct{ Sources []news.Source }
	_ = json.Unmarshal([]byte(a), &la)
	_ = json.Unmarshal([]byte(b), &lb)
	if len(la.Sources) != 2 || len(lb.Sources) != 2 {
		t.Fatalf("sources %d and %d", len(la.Sources), len(lb.Sources))
	}
	for i := range la.Sources {
		x, y := la.Sources[i], lb.Sources[i]
		if x.URL != y.URL || x.Kind != y.Kind || x.Title != y.Title || x.SiteURL != y.SiteURL {
			t.Errorf("round trip through OPML: %+v became %+v", x, y)
		}
	}
	if code, _, _ := runNet(t, db, "not opml", "sources", "import", "-"); code != exitFailure {
		t.Errorf("import of garbage: %d", code)
	}
}

func TestFetch(t *testing.T) {
	t.Parallel()
	site := newNewsSite(t)
	db := filepath.Join(t.TempDir(), "p.db")
	for _, u := range []string{site.URL + "/news.rss", site.URL + "/broken.rss"} {
		if code, out, errOut := runNet(t, db, "", "sources", "add", u); code != exitOK && !strings.Contains(u, "broken") {
			t.Fatalf("add %s: %d %s %s", u, code, out, errOut)
		}
	}
	// broken.rss cannot be added (it fails), so follow it through import.
	opml := writeFile(t, t.TempDir(), "b.opml", `<opml version="2.0"><body><outline text="Broken" xmlUrl="`+site.URL+`/broken.rss"/></body></opml>`)
	if code, _, errOut := runNet(t, db, "", "sources", "import", opml); code != exitOK {
		t.Fatalf("import broken: %d %s", code, errOut)
	}
	code, out, errOut := runNet(t, db, "", "fetch")
	if code != exitPartial || !strings.Contains(out, "polled 2 sources") || !strings.Contains(out, "1 articles added") ||
		!strings.Contains(errOut, site.URL+"/broken.rss") || !strings.Contains(errOut, "500") {
		t.Fatalf("fetch: %d\n%s\n%s", code, out, errOut)
	}
	// Nothing is due now.
	if code, out, _ := runNet(t, db, "", "fetch"); code != exitOK || !strings.Contains(out, "no source is due") {
		t.Errorf("fetch again: %d %s", code, out)
	}
	site.mu.Lock()
	site.items = append([]string{"Ilsa ferry refloated by tugs"}, site.items...)
	site.mu.Unlock()
	code, out, _ = runNet(t, db, "", "fetch", "--all", "--json")
	var sum struct {
		Sources, Failed, Added, Items int
	}
	if code != exitPartial || json.Unmarshal([]byte(out), &sum) != nil || sum.Sources != 2 || sum.Added != 1 || sum.Items != 1 {
		t.Fatalf("fetch --all --json: %d\n%s", code, out)
	}
	code, out, _ = runNet(t, db, "", "stories", "--json")
	var stories struct{ Stories []news.Story }
	if code != exitOK || json.Unmarshal([]byte(out), &stories) != nil || len(stories.Stories) != 1 || stories.Stories[0].Articles != 2 {
		t.Errorf("stories after two fetches: %s", out)
	}
	code, out, _ = runNet(t, db, "", "sources", "list")
	if code != exitOK || !strings.Contains(out, "failing ×2") {
		t.Errorf("sources list after fetches:\n%s", out)
	}
}
