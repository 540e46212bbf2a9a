package poll

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/fetch"
	"github.com/parallax-news/parallax/internal/sqlite"
)

// The articles below were written for these tests: two events (a ferry
// grounding and a tram vote) told by a few made-up outlets.

var ferryText = []string{
	"A passenger ferry carrying 212 people ran aground on a sandbank off Ilsa island late on Friday night, the coast guard said.",
	"All passengers were brought ashore by lifeboats before midnight and nobody was hurt, according to a coast guard spokesman in Nordhavn.",
	"The ferry operator Nordlys Lines said a steering failure caused the grounding and that its vessel would be towed off the sandbank at high tide on Saturday.",
	"Islanders who rely on the crossing to reach the mainland were told to expect cancellations for the rest of the weekend.",
}

var tramText = []string{
	"The Dornbach city council voted 31 to 14 on Monday to build a tram line linking the central station with the university campus.",
	"Construction is due to start next spring and will cost 410 million euros, mayor Elke Brandt told reporters after the vote.",
	"Opponents on the council argued that buses would serve the campus at a fraction of the cost and promised to challenge the decision.",
	"The new line will have eleven stops and is expected to carry thirty thousand passengers a day once it opens.",
}

var ferryUpdateText = []string{
	"Tugboats pulled the Nordlys Lines ferry off the sandbank near Ilsa island on Saturday morning, a day after it ran aground with 212 people on board.",
	"The coast guard said divers found only minor damage to the hull and that the vessel would sail under its own power to the shipyard in Nordhavn.",
	"Investigators from the maritime safety board have begun examining the steering failure the operator blamed for the grounding.",
	"Crossings to the island are expected to resume on Monday with a replacement vessel.",
}

// page is an article page with a header, a navigation bar and a footer
// around the article.
func page(title string, paras []string, published string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title>`, html.EscapeString(title))
	if published != "" {
		fmt.Fprintf(&b, `<meta property="article:published_time" content="%s">`, published)
	}
	b.WriteString(`</head><body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header><main><article>`)
	fmt.Fprintf(&b, "<h1>%s</h1>", html.EscapeString(title))
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString(`</article></main><footer><p>Copyright the outlet.</p></footer></body></html>`)
	return b.String()
}

// rssItem is one item of an RSS feed; content, when set, goes into
// content:encoded.
type rssItem struct {
	title, link, description, content, pubDate string
}

func rss(title, link string, items ...rssItem) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>`)
	fmt.Fprintf(&b, "<title>%s</title><link>%s</link><description>News</description>\n", html.EscapeString(title), link)
	for _, it := range items {
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description>",
			html.EscapeString(it.title), it.link, it.link, it.pubDate, html.EscapeString(it.description))
		if it.content != "" {
			fmt.Fprintf(&b, "<content:encoded><![CDATA[%s]]></content:encoded>", it.content)
		}
		b.WriteString("</item>\n")
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

func paragraphs(paras []string) string {
	var b strings.Builder
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(p))
	}
	return b.String()
}

// resource is one thing a test server serves.
type resource struct {
	status      int
	contentType string
	body        string
	etag        string
	location    string
	header      http.Header
}

// site is a test server whose resources can change between polls. It
// answers conditional requests on ETag and counts requests by path.
type site struct {
	*httptest.Server
	mu        sync.Mutex
	resources map[string]resource
	hits      map[string]int
}

func newSite(t testing.TB) *site {
	s := &site{resources: make(map[string]resource), hits: make(map[string]int)}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) set(path string, r resource) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.status == 0 {
		r.status = http.StatusOK
	}
	s.resources[path] = r
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	res, ok := s.resources[r.URL.Path]
	s.mu.Unlock()
	if r.URL.Path == "/robots.txt" && !ok {
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	for k, v := range res.header {
		w.Header()[k] = v
	}
	if res.etag != "" {
		w.Header().Set("ETag", res.etag)
		if r.Header.Get("If-None-Match") == res.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if res.location != "" {
		http.Redirect(w, r, res.location, res.status)
		return
	}
	if res.contentType != "" {
		w.Header().Set("Content-Type", res.contentType)
	}
	w.WriteHeader(res.status)
	fmt.Fprint(w, res.body)
}

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// testClient is a fetch client for loopback servers: no rate limit, no
// retries, short timeouts.
func testClient(t testing.TB, o fetch.Options) *fetch.Client {
	t.Helper()
	o.AllowPrivate = loopback
	if o.HostRate == 0 {
		o.HostRate = -1
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = -1
	}
	if o.HostConcurrency == 0 {
		o.HostConcurrency = 8
	}
	o.RequestTimeout = 10 * time.Second
	c, err := fetch.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "parallax.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// resolveTo resolves every name to addr.
type resolveTo netip.Addr

func (r resolveTo) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	return []netip.Addr{netip.Addr(r)}, nil
}
