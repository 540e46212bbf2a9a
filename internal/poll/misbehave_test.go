package poll

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/fetch"
	"github.com/parallax-news/parallax/internal/news"
)

// misbehaving is a loopback server whose feeds and pages go wrong in the
// ways servers on the web do. Each path is one source or page:
//
//	/ok/feed.xml         a well-behaved feed, whose items' pages are
//	                     /ok/pdf (a PDF), /ok/bomb (a gzip bomb) and
//	                     /ok/article.html (a page)
//	/moved/feed.xml      301 to /moved/new.xml, a feed
//	/onto-ok/feed.xml    308 to /ok/feed.xml, which another source follows
//	/trickle/feed.xml    one byte every 200 ms
//	/huge/feed.xml       a body without end
//	/loop/feed.xml       redirects without end
//	/image/feed.xml      a PNG image
//	/mislabelled.xml     an RSS feed served as text/html
//	/invalid/feed.xml    not well-formed XML: "<<<" inside an item
//	/sloppy/feed.xml     XML with a bare "&" and an HTML entity, as
//	                     feeds often have: read anyway
//	/bomb/feed.xml       64 MiB of zeros gzipped, as Content-Encoding
//	/error/feed.xml      500
type misbehaving struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newMisbehaving(t *testing.T) *misbehaving {
	var zeros bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&zeros, gzip.BestCompression)
	zw.Write(make([]byte, 64<<20))
	zw.Close()
	bomb := zeros.Bytes()
	pngBytes := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 256)...)

	m := &misbehaving{hits: make(map[string]int)}
	var base string
	feed := func(title, path string, items ...rssItem) string { return rss(title, base+path, items...) }
	okItems := func() []rssItem {
		return []rssItem{
			{title: "Ferry runs aground off Ilsa island", link: base + "/ok/article.html", description: "212 people brought ashore.", pubDate: "Fri, 01 May 2026 22:00:00 GMT"},
			{title: "Tram line report", link: base + "/ok/pdf", description: "The council published its tram report as a PDF.", pubDate: "Mon, 04 May 2026 10:00:00 GMT"},
			{title: "Harbour report", link: base + "/ok/bomb", pubDate: "Mon, 04 May 2026 11:00:00 GMT"},
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/ok/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, feed("Island Post", "/ok/", okItems()...))
	})
	mux.HandleFunc("/ok/article.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("Ferry runs aground off Ilsa island", ferryText, "2026-05-01T22:00:00Z"))
	})
	mux.HandleFunc("/ok/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\x00\x00")
	})
	mux.HandleFunc("/ok/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/moved/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/moved/new.xml", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/moved/new.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, feed("Harbour Gazette", "/moved/", rssItem{title: "Council approves new tram line", link: base + "/moved/tram",
			content: paragraphs(tramText), pubDate: "Mon, 04 May 2026 12:00:00 GMT"}))
	})
	mux.HandleFunc("/onto-ok/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ok/feed.xml", http.StatusPermanentRedirect)
	})
	mux.HandleFunc("/trickle/feed.xml", trickle)
	mux.HandleFunc("/huge/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Endless</title>`)
		item := []byte(strings.Repeat("<item><title>again</title></item>", 1000))
		for range (1 << 30) / len(item) {
			if _, err := w.Write(item); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/loop/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/loop/feed.xml%d", &n)
		http.Redirect(w, r, fmt.Sprintf("/loop/feed.xml%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("/image/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngBytes)
	})
	mux.HandleFunc("/mislabelled.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, feed("Dornbach Daily", "/", rssItem{title: "Tram line wins council vote", link: base + "/dornbach/tram",
			content: paragraphs(tramText), pubDate: "Mon, 04 May 2026 13:00:00 GMT"}))
	})
	mux.HandleFunc("/invalid/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Bad</title><item><title>One</title><<<</item></channel></rss>`)
	})
	mux.HandleFunc("/sloppy/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Fish & Chips&nbsp;Weekly</title>`+
			`<item><title>Ferry grounding: what we know</title><link>`+base+`/sloppy/ferry</link><description>`+
			strings.Join(ferryText, " ")+`</description></item></channel></rss>`)
	})
	mux.HandleFunc("/sloppy/ferry", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("Ferry refloated", ferryUpdateText, ""))
	})
	mux.HandleFunc("/bomb/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/error/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal error", http.StatusInternalServerError)
	})
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.hits[r.URL.Path]++
		m.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	base = m.URL
	t.Cleanup(m.Close)
	return m
}

func (m *misbehaving) count(path string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits[path]
}

// trickle writes an RSS feed one byte every 200 ms, for at most 10 s.
func trickle(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "application/rss+xml")
	w.WriteHeader(http.StatusOK)
	for _, b := range []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title></channel></rss>`)[:50] {
		if _, err := w.Write([]byte{b}); err != nil {
			return
		}
		rc.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// TestPollerMisbehavingSources polls sources that misbehave in every way
// the issue lists, and checks that each failure is recorded against its
// source with a message naming it, that nothing else is disturbed, and
// that a source that moved for good is followed at its new address.
func TestPollerMisbehavingSources(t *testing.T) {
	t.Parallel()
	m := newMisbehaving(t)
	st := openStore(t)
	clk := &clock{now: time.Date(2026, 5, 5, 8, 0, 0, 0, time.UTC)}
	paths := []string{"/ok/feed.xml", "/moved/feed.xml", "/onto-ok/feed.xml", "/trickle/feed.xml", "/huge/feed.xml",
		"/loop/feed.xml", "/image/feed.xml", "/mislabelled.xml", "/invalid/feed.xml", "/sloppy/feed.xml", "/bomb/feed.xml", "/error/feed.xml"}
	ids := make(map[string]int64)
	for _, path := range paths {
		src, err := st.AddSource(t.Context(), news.Source{URL: m.URL + path, Kind: news.SourceFeed, Added: clk.Now()})
		if err != nil {
			t.Fatal(err)
		}
		ids[path] = src.ID
	}
	client := testClient(t, fetch.Options{
		MaxBodyBytes:       1 << 20,
		MinTransferRate:    100,
		TransferRateWindow: 500 * time.Millisecond,
		MaxRedirects:       5,
	})
	p, err := New(st, client, Options{FullTextWords: 60, Now: clk.Now, All: true})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	sum, err := p.Once(t.Context(), nil)
	if err != nil {
		t.Fatalf("Once: %v", err)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("a poll of misbehaving sources took %s", took)
	}
	// ok and onto-ok (the same feed): the page and the PDF's item (with
	// its feed summary) are stored, the bomb's item is an item error, for
	// both; moved, mislabelled and sloppy are read; the other seven fail.
	if sum.Sources != len(paths) || sum.Failed != 7 || sum.Moved != 1 || sum.ItemErrors != 2 || sum.Added != 5 {
		t.Errorf("summary %+v, want %d sources, 7 failed, 1 moved, 2 item errors, 5 added", sum, len(paths))
	}
	for path, want := range map[string][]string{
		"/trickle/feed.xml": {"too slow"},
		"/huge/feed.xml":    {"byte limit"},
		"/loop/feed.xml":    {"too many redirects"},
		"/image/feed.xml":   {"not a feed or sitemap", "image/png"},
		"/invalid/feed.xml": {"malformed"},
		"/bomb/feed.xml":    {"decompresses"},
		"/error/feed.xml":   {"500"},
	} {
		s, err := st.Source(t.Context(), ids[path])
		if err != nil {
			t.Fatal(err)
		}
		if s.Failures != 1 || !strings.Contains(s.LastError, m.URL+path) {
			t.Errorf("%s: failures %d, last error %q; want one failure naming the URL", path, s.Failures, s.LastError)
		}
		for _, w := range want {
			if !strings.Contains(s.LastError, w) {
				t.Errorf("%s: last error %q does not say %q", path, s.LastError, w)
			}
		}
	}
	articles := 0
	for _, path := range []string{"/ok/feed.xml", "/onto-ok/feed.xml", "/mislabelled.xml", "/sloppy/feed.xml", "/moved/feed.xml"} {
		s, _ := st.Source(t.Context(), ids[path])
		if s.Failures != 0 || s.LastError != "" {
			t.Errorf("%s: failures %d, last error %q; want a success", path, s.Failures, s.LastError)
		}
		articles += s.Articles
	}
	if articles != 5 {
		t.Errorf("the sources that could be read stored %d articles, want 5", articles)
	}
	// A feed's full text, from a feed that names no language, gets the
	// language of its words.
	if a := getArticle(t, st, "url:"+news.CanonicalURL(m.URL+"/moved/tram")); a.Lang != "en" {
		t.Errorf("full-text item without a declared language: Lang %q, want en", a.Lang)
	}
	pdf := getArticle(t, st, "url:"+news.CanonicalURL(m.URL+"/ok/pdf"))
	if pdf.Text != "The council published its tram report as a PDF." {
		t.Errorf("item whose page is a PDF: text %q, want the feed's summary", pdf.Text)
	}

	// The moved source is followed at its new address; the one that moved
	// onto another source's address keeps its own.
	moved, _ := st.Source(t.Context(), ids["/moved/feed.xml"])
	if moved.URL != m.URL+"/moved/new.xml" || moved.Articles != 1 {
		t.Errorf("moved source: URL %s, %d articles; want %s and 1", moved.URL, moved.Articles, m.URL+"/moved/new.xml")
	}
	if len(sum.Moves) != 1 || sum.Moves[0] != (Move{SourceID: moved.ID, From: m.URL + "/moved/feed.xml", To: m.URL + "/moved/new.xml"}) {
		t.Errorf("moves %+v", sum.Moves)
	}
	if s, _ := st.Source(t.Context(), ids["/onto-ok/feed.xml"]); s.URL != m.URL+"/onto-ok/feed.xml" {
		t.Errorf("source redirected onto another's address now at %s, want its own", s.URL)
	}

	// A second poll goes straight to the new address and stores nothing
	// twice; the failing sources fail again.
	clk.advance(time.Hour)
	sum, err = p.Once(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := m.count("/moved/feed.xml"); n != 1 {
		t.Errorf("old address fetched %d times, want once", n)
	}
	if sum.Added != 0 || sum.Moved != 0 || sum.Failed != 7 || sum.ItemErrors != 2 {
		t.Errorf("second poll %+v, want nothing added or moved, 7 failed, the bomb's item failing again", sum)
	}
	if s, _ := st.Source(t.Context(), ids["/error/feed.xml"]); s.Failures != 2 {
		t.Errorf("failing source after two polls: %d failures", s.Failures)
	}
}
