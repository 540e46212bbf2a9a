package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkGolden compares v, as indented JSON, with testdata/golden/name,
// rewriting the file under -update.
func checkGolden(t *testing.T, name string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		writeGolden(t, path, got)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update to accept):\n%s", path, got)
	}
}

// writeGolden writes a golden file, making its directory.
func writeGolden(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// outcome is what the golden files store: a value or an error.
type outcome struct {
	Error string `json:"error,omitempty"`
	Value any    `json:"value,omitempty"`
}

func outcomeOf(v any, err error) outcome {
	if err != nil {
		return outcome{Error: err.Error(), Value: v}
	}
	return outcome{Value: v}
}

// fixtureFeedURL is where the fixture feeds are parsed as fetched from.
const fixtureFeedURL = "https://feeds.example.com/path/feed.xml"

// TestParseGolden parses every fixture in testdata/feeds and compares the
// whole result, or the error, with testdata/golden/feeds/NAME.json.
func TestParseGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "feeds", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 10 {
		t.Fatalf("only %d fixtures in testdata/feeds", len(paths))
	}
	for _, p := range paths {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			f, err := Parse(readFile(t, p), fixtureFeedURL)
			var v any
			if err == nil {
				v = f
			}
			checkGolden(t, filepath.Join("feeds", strings.TrimSuffix(name, filepath.Ext(name))+".json"), outcomeOf(v, err))
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    error
		message string // a part of the error text
	}{
		{"empty", "", ErrEmpty, "empty input"},
		{"white space", " \r\n\t ", ErrEmpty, "empty input"},
		{"bom only", "\uFEFF", ErrEmpty, "empty input"},
		{"html page", "<!doctype html><html><body>hi</body></html>", ErrNotFeed, "HTML page"},
		{"html fragment", "<div>hello</div>", ErrNotFeed, "HTML page"},
		{"xhtml page", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`, ErrNotFeed, "HTML page"},
		{"sitemap", `<urlset><url><loc>https://a.example/</loc></url></urlset>`, ErrNotFeed, "a sitemap"},
		{"sitemap index", `<sitemapindex/>`, ErrNotFeed, "sitemap index"},
		{"opml", `<opml version="2.0"><body/></opml>`, ErrNotFeed, "OPML"},
		{"wrong root", `<catalog/>`, ErrNotFeed, "root element is <catalog>"},
		{"text", "hello, world", ErrNotFeed, `starts with "hello, world"`},
		{"binary", "\x00\x01\x02\x03binary", ErrNotFeed, "binary data"},
		{"cut gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00", ErrMalformed, "gzip: unexpected EOF"},
		{"truncated rss", `<rss version="2.0"><channel><title>x</title><item><title>a`, ErrMalformed, "xml: XML syntax error"},
		{"truncated atom", `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a`, ErrMalformed, "unexpected EOF"},
		{"broken json", `{"version":"https://jsonfeed.org/version/1.1","items":[`, ErrMalformed, "json:"},
		{"json not a feed", `{"a":1}`, ErrNotFeed, "JSON without a jsonfeed.org version"},
		{"json array", `[1,2]`, ErrNotFeed, "starts with"},
		{"unterminated root", `<rss`, ErrNotFeed, "no root element"},
		{"odd utf-16", "\xff\xfe<\x00r", ErrNotFeed, "no root element"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.data), "")
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q does not say %q", err, tt.message)
			}
			if !strings.HasPrefix(err.Error(), "parse feed: ") {
				t.Errorf("error %q lacks its context", err)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	data := make([]byte, MaxFeedBytes+1)
	copy(data, "<rss>")
	_, err := Parse(data, "")
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
}

// TestBillionLaughs checks that entities declared in a DTD are never
// expanded: the references stay as written and parsing is quick.
func TestBillionLaughs(t *testing.T) {
	start := time.Now()
	f, err := Parse(readFile(t, "testdata/feeds/billion-laughs.xml"), "")
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
	if len(f.Items) != 1 || len(f.Items[0].Title) > 100 || len(f.Title) > 100 {
		t.Errorf("entities were expanded: %+v", f)
	}
}

func TestParseItems(t *testing.T) {
	f, err := Parse(readFile(t, "testdata/feeds/rss2-content.xml"), fixtureFeedURL)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 3 {
		t.Fatalf("%d items, want 3", len(f.Items))
	}
	first := f.Items[0]
	tests := []struct{ name, got, want string }{
		{"relative link against the channel link", first.URL, "https://gazette.example.net/news/2024/03/ferry-timetable"},
		{"escaped title", first.Title, "Ferry timetable changes from <Monday>"},
		{"summary on one line", first.Summary, "The early crossing moves to 06:40. Details & fares inside."},
		{"author from dc:creator", first.Author, "Ana Ribeiro"},
		{"permalink guid as link", f.Items[1].URL, "https://gazette.example.net/news/2024/03/sea-wall"},
		{"plain text description keeps paragraphs", f.Items[1].Summary, "The vote passed 9 to 2. A contractor will be named in April."},
		{"author from rss author", f.Items[1].Author, "News Desk"},
		{"query string kept", f.Items[2].URL, "https://gazette.example.net/news/2024/03/tides?src=rss&v=2"},
		{"language", first.Lang, "en-gb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	wantContent := "The harbour authority said on Thursday that the first ferry of the day will leave at 06:40 instead of 06:15.\n" +
		"“We listened to commuters,” a spokeswoman said.\nFares are unchanged.\nWeekdays: 06:40\nWeekends: 08:00"
	if first.Content != wantContent {
		t.Errorf("content\n%q, want\n%q", first.Content, wantContent)
	}
	if got := strings.Join(first.Categories, "|"); got != "Transport|Harbour" {
		t.Errorf("categories %q", got)
	}
	if !first.Published.Equal(time.Date(2024, 3, 8, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("published %v", first.Published)
	}
	if !f.Items[2].Published.IsZero() {
		t.Errorf("unreadable date gave %v", f.Items[2].Published)
	}
	wantSkips := []Skip{
		{Index: 2, GUID: "gazette-4469", Title: "An item with no address at all", Reason: ReasonNoLink},
		{Index: 3, Title: "Script link", Reason: ReasonBadLink},
		{Index: 4, Reason: ReasonNoText},
	}
	if len(f.Skipped) != len(wantSkips) {
		t.Fatalf("skipped %+v, want %+v", f.Skipped, wantSkips)
	}
	for i := range wantSkips {
		if f.Skipped[i] != wantSkips[i] {
			t.Errorf("skip %d: %+v, want %+v", i, f.Skipped[i], wantSkips[i])
		}
	}
}

func TestParseBases(t *testing.T) {
	tests := []struct {
		name, feedURL, link, itemLink, want string
	}{
		{"site link", "https://f.example/feeds/x.xml", "https://site.example/news/", "a/b", "https://site.example/news/a/b"},
		{"relative site link", "https://f.example/feeds/x.xml", "/home/", "a", "https://f.example/home/a"},
		{"no site link", "https://f.example/feeds/x.xml", "", "a", "https://f.example/feeds/a"},
		{"non-http site link", "https://f.example/feeds/x.xml", "ftp://site.example/", "/a", "https://f.example/a"},
		{"protocol-relative", "http://f.example/x.xml", "", "//cdn.example/a", "http://cdn.example/a"},
		{"absolute", "", "", "https://abs.example/a", "https://abs.example/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `<rss version="2.0"><channel><title>t</title><link>` + tt.link + `</link><item><title>i</title><link>` + tt.itemLink + `</link></item></channel></rss>`
			f, err := Parse([]byte(doc), tt.feedURL)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Items) != 1 || f.Items[0].URL != tt.want {
				t.Fatalf("items %+v, skipped %+v, want URL %s", f.Items, f.Skipped, tt.want)
			}
		})
	}
	// Without any base a relative link cannot be made absolute.
	f, err := Parse([]byte(`<rss version="2.0"><channel><item><title>i</title><link>/a</link></item></channel></rss>`), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 0 || len(f.Skipped) != 1 || f.Skipped[0].Reason != ReasonBadLink {
		t.Errorf("relative link without base: items %+v, skipped %+v", f.Items, f.Skipped)
	}
}

func TestParseEncodings(t *testing.T) {
	tests := []struct {
		file, title, note string
	}{
		{"latin1-mislabelled.xml", "Crème brûlée – the “best” in town", "not UTF-8: read as Windows-1252"},
		{"invalid-utf8.xml", "Broken \uFFFD bytes and café", "replaced 1 invalid UTF-8 sequence with U+FFFD"},
		{"utf16le.xml", "東京の天気", "converted from UTF-16"},
		{"rss091.xml", "Marché du samedi déplacé", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := Parse(readFile(t, filepath.Join("testdata", "feeds", tt.file)), "")
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Items) == 0 || f.Items[0].Title != tt.title {
				t.Fatalf("items %+v, want title %q", f.Items, tt.title)
			}
			if got := strings.Join(f.Notes, "; "); got != tt.note {
				t.Errorf("notes %q, want %q", got, tt.note)
			}
		})
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"plain", "just text", "just text"},
		{"plain lines", "one\n\n two  words \n", "one\ntwo words"},
		{"plain entities", "AT&amp;T &lt;3", "AT&T <3"},
		{"paragraphs", "<p>one</p><p>two</p>", "one\ntwo"},
		{"inline", "a<b>b</b> <i>c</i>", "ab c"},
		{"br", "line<br>next<br/>last", "line\nnext\nlast"},
		{"script and style", "<style>p{}</style>a<script>x()</script>b", "ab"},
		{"nested blocks", "<div><div><p>x</p></div></div><div>y</div>", "x\ny"},
		{"white space", "<p>  a \n\t b  </p>", "a b"},
		{"nbsp", "a&nbsp;b", "a b"},
		{"pre", "<pre>l1\n  l2</pre>after", "l1\nl2\nafter"},
		{"table", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
		{"unclosed", "<p>open <b>bold", "open bold"},
		{"comment", "a<!-- hidden -->b", "ab"},
		{"stray lt", "1 < 2 and <p>x</p>", "1 < 2 and\nx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := htmlText(tt.in); got != tt.want {
				t.Errorf("htmlText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestParsePanicRecovered makes sure a panic inside gofeed becomes an error.
func TestParsePanicRecovered(t *testing.T) {
	_, err := parseGofeedWith(func() { panic("boom") })
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "panicked: boom") {
		t.Errorf("error %v", err)
	}
}

// parseGofeedWith runs fn under the same recovery as parseGofeed.
func parseGofeedWith(fn func()) (f Feed, err error) {
	defer recoverParser(&err)
	fn()
	return f, nil
}
