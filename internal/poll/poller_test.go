package poll

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/fetch"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite"
)

// world is the sites of the end-to-end test on one loopback server, each
// under its own path:
//
//	/a/  Island Post: RSS with summaries linking to article pages; gains
//	     an item between polls, whose link has moved (301)
//	/b/  Harbour Gazette: RSS whose content:encoded is the full article
//	/c/  a feed that answers 500
//	/d/  a feed that is not well-formed XML
//	/e/  a news sitemap of article pages
//	/f/  a feed that answers 503 with Retry-After of two hours
type world struct {
	*site
	ferry, tram string // article page URLs
}

func newWorld(t *testing.T) *world {
	s := newSite(t)
	w := &world{site: s, ferry: s.URL + "/a/ferry.html", tram: s.URL + "/a/tram.html"}
	s.set("/a/ferry.html", resource{contentType: "text/html", body: page("Ferry runs aground off Ilsa island", ferryText, "2026-05-01T22:00:00Z")})
	s.set("/a/tram.html", resource{contentType: "text/html", body: page("City council approves new tram line", tramText, "2026-05-04T10:00:00Z")})
	s.set("/a/feed.xml", resource{contentType: "application/rss+xml", etag: `"a1"`, body: rss("Island Post", s.URL+"/a/",
		rssItem{title: "City council approves new tram line", link: w.tram, description: "Dornbach votes for a tram.", pubDate: "Mon, 04 May 2026 10:00:00 GMT"},
		rssItem{title: "Ferry runs aground off Ilsa island", link: w.ferry, description: "212 people brought ashore.", pubDate: "Fri, 01 May 2026 22:00:00 GMT"},
	)})
	s.set("/b/feed.xml", resource{contentType: "application/rss+xml", etag: `"b1"`, body: rss("Harbour Gazette", s.URL+"/b/",
		rssItem{title: "Steering failure blamed as Ilsa ferry grounds", link: s.URL + "/b/ilsa-ferry", description: "Lifeboats rescue 212.",
			content: paragraphs(ferryText[1:]) + paragraphs(ferryText[:1]), pubDate: "Fri, 01 May 2026 23:30:00 GMT"},
	)})
	s.set("/c/feed.xml", resource{status: http.StatusInternalServerError, body: "down for maintenance"})
	s.set("/d/feed.xml", resource{contentType: "application/rss+xml", body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>Half an item</ti`})
	s.set("/e/sitemap.xml", resource{contentType: "application/xml", body: `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>` + s.URL + `/e/tram-vote</loc><news:news><news:publication><news:name>Dornbach Daily</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2026-05-04T12:00:00Z</news:publication_date><news:title>Tram line wins council vote</news:title></news:news></url>
</urlset>`})
	s.set("/e/tram-vote", resource{contentType: "text/html", body: page("Tram line wins council vote", append(tramText[1:], tramText[0]), "")})
	s.set("/f/feed.xml", resource{status: http.StatusServiceUnavailable, header: http.Header{"Retry-After": {"7200"}}})
	return w
}

// addAll follows every site of the world and returns the sources by path.
func (w *world) addAll(t *testing.T, st *sqlite.Store, at time.Time) map[string]news.Source {
	out := make(map[string]news.Source)
	for _, path := range []string{"/a/feed.xml", "/b/feed.xml", "/c/feed.xml", "/d/feed.xml", "/e/sitemap.xml", "/f/feed.xml"} {
		kind := news.SourceFeed
		if strings.HasSuffix(path, "sitemap.xml") {
			kind = news.SourceSitemap
		}
		src, err := st.AddSource(t.Context(), news.Source{URL: w.URL + path, Kind: kind, Added: at})
		if err != nil {
			t.Fatal(err)
		}
		out[path] = src
	}
	return out
}

func TestPollerEndToEnd(t *testing.T) {
	w := newWorld(t)
	st := openStore(t)
	clk := &clock{now: time.Date(2026, 5, 5, 8, 0, 0, 0, time.UTC)}
	srcs := w.addAll(t, st, clk.Now())
	p, err := New(st, testClient(t, fetch.Options{}), Options{FullTextWords: 60, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	source := func(path string) news.Source {
		t.Helper()
		s, err := st.Source(t.Context(), srcs[path].ID)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	// First poll: everything is due.
	var calls []int
	sum, err := p.Once(t.Context(), func(done, total int) {
		if total != len(srcs) {
			t.Errorf("progress total %d, want %d", total, len(srcs))
		}
		calls = append(calls, done)
	})
	if err != nil {
		t.Fatalf("Once: %v", err)
	}
	if len(calls) != len(srcs) || calls[len(calls)-1] != len(srcs) {
		t.Errorf("progress calls %v", calls)
	}
	if sum.Sources != 6 || sum.Failed != 3 || sum.Added != 4 || sum.Items != 4 || sum.ItemErrors != 0 {
		t.Errorf("first poll summary %+v, want 6 sources, 3 failed, 4 added", sum)
	}
	stats, err := st.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != 4 || stats.Stories != 2 {
		t.Errorf("after the first poll: %+v, want 4 articles in 2 stories", stats)
	}
	// The ferry story holds the Island Post page and the Gazette's full-text item.
	ferry := storyOf(t, st, "url:"+news.CanonicalURL(w.ferry))
	if ferry.Articles != 2 || ferry.Sources != 2 {
		t.Errorf("ferry story %+v, want 2 articles from 2 sources", ferry)
	}
	tram := storyOf(t, st, "url:"+news.CanonicalURL(w.URL+"/e/tram-vote"))
	if tram.Articles != 2 || tram.Sources != 2 {
		t.Errorf("tram story %+v, want the page and the sitemap's page", tram)
	}
	arts, err := st.StoryArticles(t.Context(), ferry.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if a.Source != "Island Post" && a.Source != "Harbour Gazette" {
			t.Errorf("article %d source %q, want the feed's title", a.ID, a.Source)
		}
		if len(strings.Fields(a.Text)) < 50 {
			t.Errorf("article %d text is short (%d words): %q", a.ID, len(strings.Fields(a.Text)), a.Text)
		}
	}

	t0 := clk.Now()
	for _, tc := range []struct {
		path                string
		status, failures    int
		articles            int
		errHas              []string
		next                time.Duration
		etag, title, siteAt string
	}{
		{path: "/a/feed.xml", status: 200, articles: 2, next: 15 * time.Minute, etag: `"a1"`, title: "Island Post"},
		{path: "/b/feed.xml", status: 200, articles: 1, next: 15 * time.Minute, etag: `"b1"`, title: "Harbour Gazette"},
		{path: "/c/feed.xml", status: 500, failures: 1, next: 30 * time.Minute, errHas: []string{w.URL + "/c/feed.xml", "500"}},
		{path: "/d/feed.xml", status: 200, failures: 1, next: 30 * time.Minute, errHas: []string{w.URL + "/d/feed.xml", "malformed"}},
		{path: "/e/sitemap.xml", status: 200, articles: 1, next: 15 * time.Minute},
		{path: "/f/feed.xml", status: 503, failures: 1, next: 2 * time.Hour, errHas: []string{w.URL + "/f/feed.xml", "503"}},
	} {
		s := source(tc.path)
		if s.LastStatus != tc.status || s.Failures != tc.failures || s.Articles != tc.articles || s.ETag != tc.etag {
			t.Errorf("%s: status %d failures %d articles %d etag %s, want %d %d %d %s",
				tc.path, s.LastStatus, s.Failures, s.Articles, s.ETag, tc.status, tc.failures, tc.articles, tc.etag)
		}
		for _, want := range tc.errHas {
			if !strings.Contains(s.LastError, want) {
				t.Errorf("%s: last error %q does not mention %q", tc.path, s.LastError, want)
			}
		}
		if tc.errHas == nil && s.LastError != "" {
			t.Errorf("%s: last error %q", tc.path, s.LastError)
		}
		if got := s.NextFetch.Sub(t0); got != tc.next {
			t.Errorf("%s: next fetch in %s, want %s", tc.path, got, tc.next)
		}
		if tc.title != "" && s.Title != tc.title {
			t.Errorf("%s: title %q, want %q", tc.path, s.Title, tc.title)
		}
	}

	// The Island Post publishes a follow-up whose link has moved; the
	// Gazette's feed does not change (304).
	w.set("/a/old-ferry-link", resource{status: http.StatusMovedPermanently, location: "/a/ferry-refloated.html"})
	w.set("/a/ferry-refloated.html", resource{contentType: "text/html", body: page("Ilsa ferry refloated", ferryUpdateText, "2026-05-02T09:00:00Z")})
	a := rss("Island Post", w.URL+"/a/",
		rssItem{title: "Ilsa ferry refloated", link: w.URL + "/a/old-ferry-link", description: "Tugs free the ferry.", pubDate: "Sat, 02 May 2026 09:00:00 GMT"},
		rssItem{title: "City council approves new tram line", link: w.tram, description: "Dornbach votes for a tram.", pubDate: "Mon, 04 May 2026 10:00:00 GMT"},
		rssItem{title: "Ferry runs aground off Ilsa island", link: w.ferry, description: "212 people brought ashore.", pubDate: "Fri, 01 May 2026 22:00:00 GMT"},
	)
	w.set("/a/feed.xml", resource{contentType: "application/rss+xml", etag: `"a2"`, body: a})
	clk.advance(time.Hour) // all due except /f (Retry-After 2h)
	sum, err = p.Once(t.Context(), nil)
	if err != nil {
		t.Fatalf("second Once: %v", err)
	}
	if sum.Sources != 5 || sum.Added != 1 || sum.NotModified != 1 || sum.Items != 1 || sum.Failed != 2 {
		t.Errorf("second poll summary %+v, want 5 sources, 1 added, 1 not modified, 2 failed", sum)
	}
	moved := getArticle(t, st, "url:"+news.CanonicalURL(w.URL+"/a/old-ferry-link"))
	if moved.URL != w.URL+"/a/ferry-refloated.html" || moved.StoryID != ferry.ID {
		t.Errorf("moved article: URL %s story %d, want the page's new address in story %d", moved.URL, moved.StoryID, ferry.ID)
	}
	if s := source("/b/feed.xml"); s.LastStatus != 304 || s.Unchanged != 1 || s.ETag != `"b1"` {
		t.Errorf("unchanged feed: %+v", s)
	}
	if s := source("/c/feed.xml"); s.Failures != 2 || s.NextFetch.Sub(clk.Now()) != time.Hour {
		t.Errorf("failing feed after two failures: failures %d, next in %s, want 2 and 1h", s.Failures, s.NextFetch.Sub(clk.Now()))
	}
	if s := source("/a/feed.xml"); s.Articles != 3 || s.ETag != `"a2"` || s.Unchanged != 0 {
		t.Errorf("changed feed: %+v", s)
	}

	// A third poll of everything brings nothing twice.
	p.opts.All = true
	sum, err = p.Once(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Sources != 6 || sum.Added != 0 || sum.Items != 0 {
		t.Errorf("third poll summary %+v, want nothing new", sum)
	}
	if stats, _ := st.Stats(t.Context()); stats.Articles != 5 {
		t.Errorf("%d articles after three polls, want 5", stats.Articles)
	}
	for path, want := range map[string]int{"/a/ferry.html": 1, "/a/tram.html": 1, "/a/old-ferry-link": 1, "/e/tram-vote": 1, "/b/ilsa-ferry": 0} {
		if got := w.count(path); got != want {
			t.Errorf("%s fetched %d times, want %d", path, got, want)
		}
	}
}

func storyOf(t *testing.T, st *sqlite.Store, identity string) news.Story {
	t.Helper()
	a := getArticle(t, st, identity)
	s, err := st.Story(t.Context(), a.StoryID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func getArticle(t *testing.T, st *sqlite.Store, identity string) news.Article {
	t.Helper()
	var found *news.Article
	err := st.ScanArticles(t.Context(), 0, func(a news.Article) error {
		if a.Identity == identity {
			found = &a
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == nil {
		t.Fatalf("no article %s", identity)
	}
	return *found
}

// A page that fails to load is retried on the next poll: the feed's
// validators are not kept, and the article arrives once the page is back.
func TestPollerRetriesFailedItems(t *testing.T) {
	w := newWorld(t)
	w.set("/a/tram.html", resource{status: http.StatusBadGateway})
	st := openStore(t)
	clk := &clock{now: time.Date(2026, 5, 5, 8, 0, 0, 0, time.UTC)}
	src, err := st.AddSource(t.Context(), news.Source{URL: w.URL + "/a/feed.xml", Kind: news.SourceFeed, Added: clk.Now()})
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(st, testClient(t, fetch.Options{}), Options{Now: clk.Now, All: true})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := p.Once(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || sum.ItemErrors != 1 || sum.Failed != 0 {
		t.Errorf("first poll %+v, want 1 added and 1 item error", sum)
	}
	if s, _ := st.Source(t.Context(), src.ID); s.ETag != "" || s.Failures != 0 {
		t.Errorf("source after an item error: etag %q failures %d, want no etag and no failure", s.ETag, s.Failures)
	}
	w.set("/a/tram.html", resource{contentType: "text/html", body: page("City council approves new tram line", tramText, "")})
	sum, err = p.Once(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || sum.ItemErrors != 0 || sum.NotModified != 0 {
		t.Errorf("second poll %+v, want the missing article", sum)
	}
}

// Run polls sources as they fall due, including one added while it runs,
// and returns nil when its context ends.
func TestPollerRun(t *testing.T) {
	w := newWorld(t)
	st := openStore(t)
	p, err := New(st, testClient(t, fetch.Options{}), Options{FullTextWords: 60, Tick: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	time.Sleep(50 * time.Millisecond) // Run finds nothing due, then ticks
	for _, path := range []string{"/a/feed.xml", "/b/feed.xml", "/c/feed.xml"} {
		if _, err := st.AddSource(t.Context(), news.Source{URL: w.URL + path, Kind: news.SourceFeed}); err != nil {
			t.Fatal(err)
		}
	}
	for {
		stats, err := st.Stats(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		list, err := st.Sources(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		polled := 0
		for _, s := range list {
			if !s.LastFetched.IsZero() {
				polled++
			}
		}
		if stats.Articles == 3 && polled == 3 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("Run did not store the articles in time: %+v, %d polled", stats, polled)
		case err := <-done:
			t.Fatalf("Run returned early: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil after cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestResolve(t *testing.T) {
	s := newSite(t)
	feedBody := rss("Island Post", s.URL+"/", rssItem{title: "Tram", link: s.URL + "/tram", description: "Vote.", pubDate: "Mon, 04 May 2026 10:00:00 GMT"})
	s.set("/linked/", resource{contentType: "text/html", body: `<html><head><link rel="alternate" type="application/rss+xml" href="/linked/news.rss"></head><body>Home</body></html>`})
	s.set("/linked/news.rss", resource{contentType: "application/rss+xml", body: feedBody})
	s.set("/guessed/", resource{contentType: "text/html", body: `<html><body><p>No links here.</p></body></html>`})
	s.set("/guessed/feed", resource{contentType: "application/rss+xml", body: feedBody})
	bare := newSite(t) // no feed at any usual address
	bare.set("/none/", resource{contentType: "text/html", body: `<html><body><p>Nothing.</p></body></html>`})
	s.set("/feed.xml", resource{contentType: "application/rss+xml", body: feedBody})
	s.set("/old-feed", resource{status: http.StatusMovedPermanently, location: "/feed.xml"})
	s.set("/sitemap.xml", resource{contentType: "application/xml", body: `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>` + s.URL + `/tram</loc></url></urlset>`})
	s.set("/image.png", resource{contentType: "image/png", body: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
	c := testClient(t, fetch.Options{})
	for _, tc := range []struct {
		name, url string
		want      news.Source
		err       error
	}{
		{"feed as is", s.URL + "/feed.xml", news.Source{URL: s.URL + "/feed.xml", Kind: news.SourceFeed, Title: "Island Post", SiteURL: s.URL + "/"}, nil},
		{"moved feed takes its new address", s.URL + "/old-feed", news.Source{URL: s.URL + "/feed.xml", Kind: news.SourceFeed, Title: "Island Post", SiteURL: s.URL + "/"}, nil},
		{"sitemap", s.URL + "/sitemap.xml", news.Source{URL: s.URL + "/sitemap.xml", Kind: news.SourceSitemap}, nil},
		{"page linking a feed", s.URL + "/linked/", news.Source{URL: s.URL + "/linked/news.rss", Kind: news.SourceFeed, Title: "Island Post", SiteURL: s.URL + "/"}, nil},
		{"page with a feed at a usual address", s.URL + "/guessed/", news.Source{URL: s.URL + "/guessed/feed", Kind: news.SourceFeed, Title: "Island Post", SiteURL: s.URL + "/"}, nil},
		{"page without feed", bare.URL + "/none/", news.Source{}, ErrNoFeed},
		{"not a feed", s.URL + "/image.png", news.Source{}, nil},
		{"missing", s.URL + "/missing", news.Source{}, fetch.ErrStatus},
		{"not http", "ftp://example.com/feed", news.Source{}, news.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Resolve(t.Context(), c, tc.url)
			if tc.want.URL == "" {
				if err == nil {
					t.Fatalf("Resolve = %+v, want an error", got)
				}
				if tc.err != nil && !errors.Is(err, tc.err) {
					t.Errorf("error %v, want %v", err, tc.err)
				}
				if !strings.Contains(err.Error(), strings.TrimSuffix(tc.url, "/")) {
					t.Errorf("error %q does not name %s", err, tc.url)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Resolve = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// pollMany follows n sources on distinct host names (all resolved to the
// loopback server), each with one full-text item, polls them all once and
// returns the summary and how long it took.
func pollMany(t testing.TB, n, concurrency int, hostRate float64) (Summary, time.Duration) {
	s := newSite(t)
	body := func(host string, i int) string {
		event := []string{"ferry", "tram", "strike", "flood"}[i%4]
		place := fmt.Sprintf("Town%d", i%97)
		text := strings.Repeat(fmt.Sprintf("Reporters from outlet %d describe the %s in %s as officials respond. ", i, event, place), 15)
		return rss(fmt.Sprintf("Outlet %d", i), "http://"+host+"/",
			rssItem{title: fmt.Sprintf("Outlet %d on the %s", i, event), link: "http://" + host + "/story", description: "Summary.",
				content: "<p>" + text + "</p>", pubDate: "Mon, 04 May 2026 10:00:00 GMT"})
	}
	_, port, _ := strings.Cut(strings.TrimPrefix(s.URL, "http://"), ":")
	st := openStore(t)
	now := time.Date(2026, 5, 5, 8, 0, 0, 0, time.UTC)
	for i := range n {
		host := fmt.Sprintf("outlet%04d.test:%s", i, port)
		s.set("/feed-"+fmt.Sprint(i), resource{contentType: "application/rss+xml", body: body(host, i)})
		if _, err := st.AddSource(context.Background(), news.Source{URL: "http://" + host + "/feed-" + fmt.Sprint(i), Kind: news.SourceFeed, Added: now}); err != nil {
			t.Fatal(err)
		}
	}
	c := testClient(t, fetch.Options{Resolver: resolveTo(netip.MustParseAddr("127.0.0.1")), HostRate: hostRate, MaxConcurrency: concurrency})
	p, err := New(st, c, Options{Concurrency: concurrency, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	sum, err := p.Once(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sum, time.Since(start)
}

// TestPollManySources polls 2,000 sources on distinct hosts (400 under the
// race detector) once, 256 at a time, with the default per-host rate (so
// each host's feed follows its robots.txt a second later), and reports the
// rate.
func TestPollManySources(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	n := 2000
	if raceEnabled {
		n = 400
	}
	sum, took := pollMany(t, n, 256, fetch.DefaultHostRate)
	if sum.Sources != n || sum.Failed != 0 || sum.Added != n {
		t.Fatalf("summary %+v, want %d sources polled and %d articles", sum, n, n)
	}
	t.Logf("%d sources in %s: %.0f sources/s, %d stories", n, took.Round(time.Millisecond), float64(n)/took.Seconds(), sum.NewStories)
}

// BenchmarkPollSources measures the poller's own cost: no per-host rate
// limit, so fetching, parsing, clustering and storing are what is timed.
func BenchmarkPollSources(b *testing.B) {
	b.ReportAllocs()
	const n = 500
	var total time.Duration
	for range b.N {
		sum, took := pollMany(b, n, 64, -1)
		if sum.Added != n {
			b.Fatalf("summary %+v", sum)
		}
		total += took
	}
	b.ReportMetric(float64(n*b.N)/total.Seconds(), "sources/s")
}
