package feeds_test

import (
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/parallax-news/parallax/internal/feeds"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite"
	"github.com/parallax-news/parallax/internal/sqlite/sqlitetest"
)

// t0 is the fixture's clock.
var t0 = time.Date(2025, 6, 2, 14, 30, 0, 0, time.UTC)

// hostile is text written to break a feed: markup, a CDATA terminator,
// a NUL, an escape character, a form feed and bytes that are not UTF-8.
const hostile = "<script>alert('x')</script> ]]> nul\x00 esc\x1b[31m ff\x0c bad\xff\xfe utf8 &amp; tidal"

var (
	okafor = news.EntityRef{Name: "Maren Okafor", Type: "PER", Titles: []string{"Engineer"}, Mentions: 2, Key: "PER:maren okafor"}
	board  = news.EntityRef{Name: "Delta Water Board", Type: "ORG", Aliases: []string{"DWB"}, Mentions: 1, Key: "ORG:delta water board"}
	// evil is an entity whose name carries markup and control characters.
	evil = news.EntityRef{Name: "Evil <b>Corp</b>\x1b\x00", Type: "ORG", Mentions: 1, Key: "ORG:evil corp"}
)

// fixture is a store holding five stories. Newest first:
//
//	1 tidal barrier: three articles from three outlets, one a reprint,
//	  naming Maren Okafor and the Delta Water Board (lang en)
//	2 hostile: one article with hostile title, text, source and URL,
//	  naming Evil Corp
//	3 ferry strike: one article naming Maren Okafor (lang nl)
//	4 bakery: one article, no annotations
//	5 allotments: one article, no annotations
type fixture struct {
	store    *sqlite.Store
	articles map[string]int64
}

func openFixture(t *testing.T) *fixture {
	t.Helper()
	st := sqlitetest.Open(t)
	f := &fixture{store: st, articles: make(map[string]int64)}
	add := func(name string, a news.Article, entities ...news.EntityRef) {
		t.Helper()
		a.Identity = "test:" + name
		a.Ingested = a.Published.Add(2 * time.Minute)
		if len(entities) > 0 {
			a.Annotations = &news.Annotations{Entities: entities}
		}
		f.articles[name] = sqlitetest.Add(t, st, a)[0]
	}
	add("gazette", news.Article{
		URL: "https://gazette.example/2025/barrier-closes", Source: "Estuary Gazette", Lang: "en",
		Title: "Tidal barrier closes for the first time this season",
		Text: "The tidal barrier across the estuary was closed on Monday as a spring tide met a westerly gale. " +
			"Engineer Maren Okafor of the Delta Water Board said the gates held without trouble.",
		Published: t0, StoryID: 1, Assignment: news.Assignment{NewStory: true},
	}, okafor, board)
	add("courier", news.Article{
		URL: "https://courier.example/news?id=88&section=local", Source: "Lowland Courier", Lang: "en",
		Title:     "Storm tide: barrier gates shut as gale peaks",
		Text:      "Okafor said the barrier would reopen «once the tide had turned».",
		Published: t0.Add(45 * time.Minute), StoryID: 1,
		Assignment: news.Assignment{Score: 0.58, Terms: []string{"barrier", "tide"}},
	}, okafor)
	add("roundup", news.Article{
		URL: "https://roundup.example/w/991", Source: "Wire Roundup", Lang: "en",
		Title: "Tidal barrier closes for the first time this season",
		Text: "The tidal barrier across the estuary was closed on Monday as a spring tide met a westerly gale. " +
			"Engineer Maren Okafor of the Delta Water Board said the gates held without trouble.",
		Published: t0.Add(2 * time.Hour), StoryID: 1, DuplicateOf: f.articles["gazette"],
		Assignment: news.Assignment{Score: 0.93, DuplicateOf: f.articles["gazette"], Similarity: 0.98},
	}, okafor, board)
	add("hostile", news.Article{
		URL: "javascript:alert(document.cookie)", Source: "Hill <i>Echo</i>\x1b", Lang: "en",
		Title: "Hostile " + hostile, Text: "Body " + hostile,
		Published: t0.Add(-3 * time.Hour), StoryID: 2, Assignment: news.Assignment{NewStory: true},
	}, evil)
	add("ferry", news.Article{
		URL: "https://haven.example/veerboot", Source: "Haven Nieuws", Lang: "nl",
		Title: "Veerdienst ligt stil door staking", Text: "De veerdienst ligt stil. Okafor waarschuwt voor hoogwater.",
		Published: t0.Add(-26 * time.Hour), StoryID: 3, Assignment: news.Assignment{NewStory: true},
	}, okafor)
	add("bakery", news.Article{
		URL: "https://ledger.example/bakery", Source: "Parish Ledger", Lang: "en",
		Title: "Village bakery wins regional bread prize", Text: "The bakery on Mill Lane won the regional prize.",
		Published: t0.Add(-50 * time.Hour), StoryID: 4, Assignment: news.Assignment{NewStory: true},
	})
	add("allotments", news.Article{
		URL: "https://ledger.example/allotments", Source: "Parish Ledger", Lang: "en",
		Title: "Allotment waiting list reopens", Text: "Residents may again apply for an allotment plot.",
		Published: t0.Add(-75 * time.Hour), StoryID: 5, Assignment: news.Assignment{NewStory: true},
	})
	return f
}

// newServer serves the feeds over a fresh fixture.
func newServer(t *testing.T) (*httptest.Server, *fixture) {
	t.Helper()
	f := openFixture(t)
	mux := http.NewServeMux()
	feeds.New(f.store, slog.New(slog.DiscardHandler)).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, f
}

// do sends a request with the given headers and returns the response
// and its body.
func do(t *testing.T, srv *httptest.Server, method, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
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

// The Atom elements as a reader decodes them.
type xFeed struct {
	XMLName   xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string   `xml:"id"`
	Title     xText    `xml:"title"`
	Subtitle  xText    `xml:"subtitle"`
	Updated   string   `xml:"updated"`
	Links     []xLink  `xml:"link"`
	Author    xPerson  `xml:"author"`
	Generator string   `xml:"generator"`
	Entries   []xEntry `xml:"entry"`
}

type xText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type xLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type xPerson struct {
	Name string `xml:"name"`
}

type xEntry struct {
	ID        string    `xml:"id"`
	Title     xText     `xml:"title"`
	Links     []xLink   `xml:"link"`
	Updated   string    `xml:"updated"`
	Published string    `xml:"published"`
	Authors   []xPerson `xml:"author"`
	Summary   xText     `xml:"summary"`
	Content   xText     `xml:"content"`
}

// link returns the href of the first link with rel, or "".
func link(links []xLink, rel string) string {
	for _, l := range links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

// getFeed fetches path, checks it is a 200 Atom response that is
// well-formed XML, that encoding/xml and gofeed both parse, and returns
// both parses and the raw body.
func getFeed(t *testing.T, srv *httptest.Server, path string, header ...string) (xFeed, *gofeed.Feed, string) {
	t.Helper()
	resp, body := do(t, srv, http.MethodGet, path, header...)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d\n%s", path, resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	wellFormed(t, path, body)
	var feed xFeed
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("GET %s: unmarshal: %v\n%s", path, err, body)
	}
	gf, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatalf("GET %s: gofeed: %v\n%s", path, err, body)
	}
	if gf.FeedType != "atom" {
		t.Errorf("GET %s: gofeed type %q, want atom", path, gf.FeedType)
	}
	if len(gf.Items) != len(feed.Entries) {
		t.Errorf("GET %s: gofeed sees %d items, encoding/xml %d entries", path, len(gf.Items), len(feed.Entries))
	}
	return feed, gf, body
}

// wellFormed walks every token of body with a strict decoder.
func wellFormed(t *testing.T, what, body string) {
	t.Helper()
	if !strings.HasPrefix(body, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("%s: no XML declaration", what)
	}
	d := xml.NewDecoder(strings.NewReader(body))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v\n%s", what, err, body)
		}
	}
}
