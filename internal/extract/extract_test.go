package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// fixtureURL is the address the fixture pages are extracted as.
const fixtureURL = "https://news.example.org/page"

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// golden is the stored form of one extraction.
type golden struct {
	Title     string   `json:"title,omitempty"`
	Byline    string   `json:"byline,omitempty"`
	Lang      string   `json:"lang,omitempty"`
	SiteName  string   `json:"site_name,omitempty"`
	URL       string   `json:"url,omitempty"`
	Published string   `json:"published,omitempty"`
	Text      []string `json:"text,omitempty"`
	Error     string   `json:"error,omitempty"`
}

func toGolden(r Result, err error) golden {
	if err != nil {
		return golden{Error: err.Error()}
	}
	g := golden{Title: r.Title, Byline: r.Byline, Lang: r.Lang, SiteName: r.SiteName, URL: r.URL, Text: strings.Split(r.Text, "\n")}
	if !r.Published.IsZero() {
		g.Published = r.Published.Format(time.RFC3339)
	}
	return g
}

// TestPageGolden extracts every fixture page and compares the whole result
// with testdata/golden/NAME.json. Run with -update to rewrite them.
func TestPageGolden(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("no fixture pages in testdata")
	}
	for _, page := range pages {
		name := strings.TrimSuffix(filepath.Base(page), ".html")
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(toGolden(Page(readFixture(t, name+".html"), fixtureURL)), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Page(%s) differs from %s:\ngot:\n%s\nwant:\n%s", page, path, got, want)
			}
		})
	}
}

// TestPage checks the properties each fixture exists for, independently of
// the golden files.
func TestPage(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		title     string
		byline    string
		lang      string
		siteName  string
		published time.Time
		paras     int      // at least this many paragraphs
		contains  []string // in Text
		excludes  []string // not in Text
	}{
		{
			name:      "article with boilerplate",
			file:      "article.html",
			title:     "Harbour bridge reopens after six months of repairs",
			byline:    "Mira Okonkwo",
			lang:      "en",
			siteName:  "The Lakeside Courier",
			published: time.Date(2023, 4, 18, 7, 30, 0, 0, time.FixedZone("", 2*3600)),
			paras:     6,
			contains: []string{
				"The old harbour bridge reopened to traffic on Tuesday morning",
				"\u201cWe replaced far more of the structure than we expected to,\u201d said",
				"years earlier in future.",
			},
			excludes: []string{"Subscribe", "Related stories", "Tram extension", "harbourwatcher",
				"nightmare since October", "All rights reserved", "newsletter", "dataLayer"},
		},
		{
			name:      "date only in a meta tag",
			file:      "meta-date.html",
			title:     "Volunteers count a record number of swifts",
			byline:    "Priya Raman",
			lang:      "en",
			published: time.Date(2021, 6, 9, 0, 0, 0, 0, time.UTC),
			paras:     3,
			contains:  []string{"1,312 birds", "nest boxes"},
			excludes:  []string{"Unsubscribe", "Home"},
		},
		{
			name:     "page declared iso-8859-1",
			file:     "latin1.html",
			title:    "Le café du port ferme après quarante ans",
			lang:     "fr",
			paras:    3,
			contains: []string{"Hélène Marchal", "« On a tout essayé" /* no-break space folded */, "pêcheurs", "l'an dernier."},
			excludes: []string{"Accueil", "\ufffd"},
		},
		{
			name:     "unclosed tags",
			file:     "broken.html",
			title:    "Storm brings down power lines across the valley",
			lang:     "en",
			paras:    3,
			contains: []string{"nine thousand homes", "access roads.", "until Thursday night."},
			excludes: []string{"Weather", "Valley Radio"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Page(readFixture(t, tt.file), fixtureURL)
			if err != nil {
				t.Fatalf("Page: %v", err)
			}
			if r.Title != tt.title {
				t.Errorf("Title = %q, want %q", r.Title, tt.title)
			}
			if r.Byline != tt.byline {
				t.Errorf("Byline = %q, want %q", r.Byline, tt.byline)
			}
			if r.Lang != tt.lang {
				t.Errorf("Lang = %q, want %q", r.Lang, tt.lang)
			}
			if tt.siteName != "" && r.SiteName != tt.siteName {
				t.Errorf("SiteName = %q, want %q", r.SiteName, tt.siteName)
			}
			if !r.Published.Equal(tt.published) {
				t.Errorf("Published = %v, want %v", r.Published, tt.published)
			}
			_, wantOff := tt.published.Zone()
			if _, off := r.Published.Zone(); off != wantOff {
				t.Errorf("Published zone offset = %d, want %d", off, wantOff)
			}
			if n := strings.Count(r.Text, "\n") + 1; n < tt.paras {
				t.Errorf("Text has %d paragraphs, want at least %d:\n%s", n, tt.paras, r.Text)
			}
			for _, s := range tt.contains {
				if !strings.Contains(r.Text, s) {
					t.Errorf("Text lacks %q:\n%s", s, r.Text)
				}
			}
			for _, s := range tt.excludes {
				if strings.Contains(r.Text, s) {
					t.Errorf("Text holds boilerplate %q:\n%s", s, r.Text)
				}
			}
			checkText(t, r.Text)
		})
	}
}

// checkText checks the invariants of every extracted Text.
func checkText(t *testing.T, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Errorf("Text is not valid UTF-8: %q", text)
	}
	for i, line := range strings.Split(text, "\n") {
		if line == "" || strings.TrimSpace(line) != line {
			t.Errorf("Text line %d is empty or padded: %q", i+1, line)
		}
	}
	if countWords(text) < MinWords {
		t.Errorf("Text has fewer than %d words: %q", MinWords, text)
	}
}

func TestPageRejects(t *testing.T) {
	para := "<p>" + strings.Repeat("The committee met again on Monday and agreed on nothing at all. ", 6) + "</p>"
	tests := []struct {
		name string
		raw  []byte
		want error
	}{
		{"empty", nil, ErrNotHTML},
		{"white space", []byte(" \n\t "), ErrNotHTML},
		{"png", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...), ErrNotHTML},
		{"gzip", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03<html>\x00\x01"), ErrNotHTML},
		{"control bytes", bytes.Repeat([]byte("<p>\x01\x02\x03\x04\x05</p>"), 20), ErrNotHTML},
		{"plain text", []byte(strings.Repeat("Just words, no markup at all here. ", 20)), ErrNotHTML},
		{"too large", append([]byte("<html><body>"+para), make([]byte, MaxPageBytes)...), ErrTooLarge},
		{"index page", readFixture(t, "index.html"), ErrNoArticle},
		{"too few words", []byte("<html><body><article><p>Short note: the office is closed today.</p></article></body></html>"), ErrNoArticle},
		{"empty body", []byte("<!DOCTYPE html><html><head><title>Nothing</title></head><body></body></html>"), ErrNoArticle},
		{"unclosed title swallows the page", []byte("<html><head><title>Oops\n<body>" + para), ErrNoArticle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Page(tt.raw, "")
			if !errors.Is(err, tt.want) {
				t.Fatalf("Page error = %v, want %v (result %+v)", err, tt.want, r)
			}
			if !reflect.DeepEqual(r, Result{}) {
				t.Errorf("Page returned %+v with its error, want the zero Result", r)
			}
		})
	}
}

func TestPageAccepts(t *testing.T) {
	para := "<p>" + strings.Repeat("The committee met again on Monday and agreed on nothing at all. ", 6) + "</p>"
	utf16le := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	tests := []struct {
		name     string
		raw      []byte
		contains string
	}{
		{"fragment without html or body", []byte(para), "agreed on nothing"},
		{"utf-16 with byte order mark", utf16le("<html><body><article>" + strings.ReplaceAll(para, "nothing", "n\u00f6thing") + "</article></body></html>"), "agreed on n\u00f6thing"},
		{"utf-8 byte order mark", append([]byte("\uFEFF"), para...), "agreed on nothing"},
		{"undeclared windows-1252", []byte("<html><body><p>" + strings.Repeat("The caf\xe9 opened \x93again\x94 on Monday after the floods. ", 6) + "</p></body></html>"), "caf\u00e9 opened \u201cagain\u201d"},
		{"undeclared utf-8, first non-ASCII byte past 1 KiB", []byte("<html><head><title>x</title></head><body>" + strings.Repeat("<p>nothing new</p>", 80) + strings.ReplaceAll(para, "Monday", "Monday \u2019s caf\u00e9")), "Monday \u2019s caf\u00e9"},
		{"declared latin-1 but valid utf-8", []byte("<meta charset=\"iso-8859-1\"><body>" + strings.ReplaceAll(para, "nothing", "n\u00f6thing")), "agreed on n\u00f6thing"},
		{"soft hyphens dropped", []byte(strings.ReplaceAll(para, "committee", "com\u00admit\u00adtee")), "The committee met"},
		{"page url is not a url", []byte(para), "agreed on nothing"},
		{"nested deeper than the parser allows", []byte("<body>" + strings.Repeat("<div><font>", 600) + para), "agreed on nothing"},
		{"comments between paragraphs", []byte("<body><article>" + strings.Repeat("<!-- ad slot -->", 1000) + para + "<!-- end --></article>"), "agreed on nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Page(tt.raw, "::not a url::")
			if err != nil {
				t.Fatalf("Page: %v", err)
			}
			if !strings.Contains(r.Text, tt.contains) {
				t.Errorf("Text lacks %q:\n%s", tt.contains, r.Text)
			}
			checkText(t, r.Text)
		})
	}
}

// TestPageRecoversPanic checks that a panic inside the extraction library
// comes back as ErrExtractor.
func TestPageRecoversPanic(t *testing.T) {
	saved := extractDocument
	t.Cleanup(func() { extractDocument = saved })
	extractDocument = func(*html.Node, trafilatura.Options) (*trafilatura.ExtractResult, error) {
		panic("index out of range")
	}
	r, err := Page(readFixture(t, "article.html"), fixtureURL)
	if !errors.Is(err, ErrExtractor) || !strings.Contains(err.Error(), "index out of range") {
		t.Fatalf("Page error = %v, want ErrExtractor naming the panic", err)
	}
	if !reflect.DeepEqual(r, Result{}) {
		t.Errorf("Page returned %+v after a panic, want the zero Result", r)
	}
}

// TestPageConcurrent runs Page on all fixtures at once; under -race it
// shows whether the libraries share state unsafely.
func TestPageConcurrent(t *testing.T) {
	names := []string{"article.html", "meta-date.html", "latin1.html", "broken.html", "index.html"}
	want := make(map[string]golden)
	for _, n := range names {
		want[n] = toGolden(Page(readFixture(t, n), fixtureURL))
	}
	var wg sync.WaitGroup
	for i := range 4 * len(names) {
		n := names[i%len(names)]
		raw := readFixture(t, n)
		wg.Go(func() {
			if got := toGolden(Page(raw, fixtureURL)); !reflect.DeepEqual(got, want[n]) {
				t.Errorf("%s: concurrent result %+v differs from sequential %+v", n, got, want[n])
			}
		})
	}
	wg.Wait()
}

// TestPageLongText checks that a page with more text than Page reads is
// cut, not refused, and that the cut falls on a character boundary.
func TestPageLongText(t *testing.T) {
	para := "<p>" + strings.Repeat("Le comité s'est réuni lundi et n'a rien décidé du tout. ", 8) + "</p>\n"
	raw := []byte("<html><body><article>" + strings.Repeat(para, 2*maxTextBytes/len(para)) + "</article></body></html>")
	r, err := Page(raw, "")
	if err != nil {
		t.Fatalf("Page: %v", err)
	}
	if len(r.Text) > maxTextBytes || len(r.Text) < maxTextBytes/2 {
		t.Errorf("Text is %d bytes, want between %d and %d", len(r.Text), maxTextBytes/2, maxTextBytes)
	}
	checkText(t, r.Text)
}

func TestPrune(t *testing.T) {
	tests := []struct {
		name     string
		page     string
		text     int
		elements int
		want     string
	}{
		{"within budget", "<p>abc</p><p>def</p>", 100, 100, "<p>abc</p><p>def</p>"},
		{"text cut inside a node", "<p>abc</p><p>def</p><p>ghi</p>", 5, 100, "<p>abc</p><p>de</p>"},
		{"text cut on a character boundary", "<p>cafés</p>", 4, 100, "<p>caf</p>"},
		{"elements", "<p>a</p><p>b</p><p>c</p>", 100, 2, "<p>a</p><p>b</p>"},
		{"comments removed, scripts kept", "<!-- x --><p>a<!-- y --></p><script>var x;</script>", 2, 100, "<p>a</p><script>var x;</script>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><head></head><body>" + tt.page + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			// html, head and body take three elements of the budget.
			prune(doc, &budget{text: tt.text, elements: tt.elements + 3})
			var b strings.Builder
			if err := html.Render(&b, doc); err != nil {
				t.Fatal(err)
			}
			got := strings.TrimSuffix(strings.TrimPrefix(b.String(), "<html><head></head><body>"), "</body></html>")
			if got != tt.want {
				t.Errorf("pruned to %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFlatten(t *testing.T) {
	tests := []struct {
		name  string
		page  string
		depth int
		want  string
	}{
		{"shallow page unchanged", "<div><p>a</p><br><p>b</p></div>", 3, "<div><p>a</p><br><p>b</p></div>"},
		{"deep tags dropped, text kept", "<div><div><div><div>a</div>b</div>c</div>d</div>", 2, "<div><div>abc</div>d</div>"},
		{"unclosed tags", "<font><font><font>x", 2, "<font><font>x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(flatten([]byte(tt.page), tt.depth)); got != tt.want {
				t.Errorf("flatten = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCountWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", 0},
		{"latin", "It's a well-known 4.2% rise.", 8},
		{"japanese counts two characters a word", "東京都は今日", 3},
		{"mixed", "NHK 東京", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := countWords(tt.in); got != tt.want {
				t.Errorf("countWords(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzPage(f *testing.F) {
	for _, n := range []string{"article.html", "meta-date.html", "latin1.html", "broken.html", "index.html"} {
		f.Add(readFixture(f, n), fixtureURL)
	}
	f.Add([]byte("<p>"+strings.Repeat("word ", 40)), "")
	f.Add([]byte("<html><head><title>x"), "http://[::1")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "")
	f.Add([]byte("<table><tr><td>"+strings.Repeat("<div>deep ", 200)), "")
	f.Fuzz(func(t *testing.T, raw []byte, pageURL string) {
		r, err := Page(raw, pageURL)
		if err != nil {
			if !errors.Is(err, ErrNoArticle) && !errors.Is(err, ErrNotHTML) &&
				!errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrExtractor) {
				t.Fatalf("error %v wraps none of the sentinels", err)
			}
			return
		}
		checkText(t, r.Text)
		for _, s := range []string{r.Title, r.Byline, r.Lang, r.SiteName} {
			if !utf8.ValidString(s) {
				t.Errorf("metadata %q is not valid UTF-8", s)
			}
		}
	})
}

func BenchmarkPage(b *testing.B) {
	raw := readFixture(b, "article.html")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Page(raw, fixtureURL); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPageShared runs Page over the shared benchmark's real pages,
// when they are present.
func BenchmarkPageShared(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(benchmarkDir, "html", "*.html.gz"))
	if len(files) == 0 {
		b.Skipf("no pages under %s", benchmarkDir)
	}
	if len(files) > 40 {
		files = files[:40]
	}
	var pages [][]byte
	var size int64
	for _, f := range files {
		p, err := readGzip(f)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, p)
		size += int64(len(p))
	}
	b.SetBytes(size / int64(len(pages)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Page(pages[i%len(pages)], "")
		i++
	}
}

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		name, head, want string
	}{
		{"canonical link", `<link rel="canonical" href=" https://news.example/a ">`, "https://news.example/a"},
		{"canonical before og:url", `<meta property="og:url" content="https://news.example/og"><link rel="Canonical" href="https://news.example/c">`, "https://news.example/c"},
		{"og:url only", `<meta property="og:url" content="https://news.example/og">`, "https://news.example/og"},
		{"og:url as a name", `<meta name="og:url" content="http://news.example/og">`, "http://news.example/og"},
		{"relative canonical", `<link rel="canonical" href="/a">`, ""},
		{"not http", `<link rel="canonical" href="ftp://news.example/a">`, ""},
		{"other rel", `<link rel="alternate" href="https://news.example/feed">`, ""},
		{"none", `<title>x</title>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><head>" + tt.head + "</head><body><p>x</p></body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			if got := canonicalURL(doc); got != tt.want {
				t.Errorf("canonicalURL = %q, want %q", got, tt.want)
			}
		})
	}
	// A canonical link in the body is not the page's own.
	doc, _ := html.Parse(strings.NewReader(`<html><head></head><body><link rel="canonical" href="https://news.example/b"></body></html>`))
	if got := canonicalURL(doc); got != "" {
		t.Errorf("canonicalURL of a link in the body = %q, want none", got)
	}
}

// TestPageLanguage checks that a page gets the language of its text,
// whether it declares one or not, and that the text wins over a wrong
// declaration.
func TestPageLanguage(t *testing.T) {
	de := "<p>" + strings.Repeat("Der Stadtrat hat am Montag beschlossen, den alten Fähranleger vor Beginn der Sommersaison neu zu bauen. ", 4) + "</p>"
	en := "<p>" + strings.Repeat("The council voted on Monday to rebuild the old ferry pier before the summer season begins. ", 4) + "</p>"
	tests := []struct {
		name, page, want string
	}{
		{"no declaration, German", "<html><body><article>" + de + "</article></body></html>", "de"},
		{"no declaration, English", "<html><body><article>" + en + "</article></body></html>", "en"},
		{"declared and right", `<html lang="de-AT"><body><article>` + de + "</article></body></html>", "de"},
		{"declared and wrong", `<html lang="en"><body><article>` + de + "</article></body></html>", "de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Page([]byte(tt.page), "")
			if err != nil {
				t.Fatal(err)
			}
			if r.Lang != tt.want {
				t.Errorf("Lang = %q, want %q", r.Lang, tt.want)
			}
		})
	}
}

// TestPageNFC checks that text written with combining characters comes
// out composed.
func TestPageNFC(t *testing.T) {
	para := "<p>" + strings.Repeat("The cafe\u0301 in the old town reopened on Monday after the floods of last winter. ", 5) + "</p>"
	r, err := Page([]byte("<html><head><title>Cafe\u0301 reopens</title></head><body><article>"+para+"</article></body></html>"), "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "caf\u00e9 in") || strings.Contains(r.Text, "\u0301") || r.Title != "Caf\u00e9 reopens" {
		t.Errorf("not composed: title %q, text %q", r.Title, r.Text)
	}
}
