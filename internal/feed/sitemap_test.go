package feed

import (
	"bytes"
	"compress/gzip"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixtureSitemapURL is where the fixture sitemaps are parsed as fetched
// from.
const fixtureSitemapURL = "https://tribune.example.com/sitemap.xml"

// TestParseSitemapGolden parses every fixture in testdata/sitemaps and
// compares the result, and the error, with testdata/golden/sitemaps.
func TestParseSitemapGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "sitemaps", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 8 {
		t.Fatalf("only %d fixtures in testdata/sitemaps", len(paths))
	}
	for _, p := range paths {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			sm, err := ParseSitemap(readFile(t, p), fixtureSitemapURL)
			var v any
			if err == nil || len(sm.URLs)+len(sm.Sitemaps) > 0 {
				v = sm
			}
			checkGolden(t, filepath.Join("sitemaps", name+".json"), outcomeOf(v, err))
		})
	}
}

func TestParseSitemapNews(t *testing.T) {
	sm, err := ParseSitemap(readFile(t, "testdata/sitemaps/news-sitemap.xml"), fixtureSitemapURL)
	if err != nil {
		t.Fatal(err)
	}
	if sm.Kind != KindSitemap || len(sm.URLs) != 3 || len(sm.Skipped) != 2 {
		t.Fatalf("kind %v, %d urls, skipped %+v", sm.Kind, len(sm.URLs), sm.Skipped)
	}
	n := sm.URLs[0].News
	if n == nil {
		t.Fatal("no news extension")
	}
	want := News{
		Publication: "The Example Tribune",
		Lang:        "en",
		Published:   time.Date(2024, 7, 14, 17, 30, 0, 0, time.UTC),
		Title:       `Summit ends with joint statement on "shared waters"`,
	}
	if n.Publication != want.Publication || n.Lang != want.Lang || !n.Published.Equal(want.Published) || n.Title != want.Title {
		t.Errorf("news %+v, want %+v", *n, want)
	}
	if got := sm.URLs[1].Loc; got != "https://tribune.example.com/business/2024/07/port-strike" {
		t.Errorf("loc with white space: %q", got)
	}
	if got := sm.URLs[2].Loc; got != "https://tribune.example.com/local/2024/07/library-hours" {
		t.Errorf("relative loc: %q", got)
	}
	if sm.URLs[2].News != nil {
		t.Errorf("news on a plain url")
	}
}

func TestParseSitemapGzip(t *testing.T) {
	gz := readFile(t, "testdata/sitemaps/gzipped.xml.gz")
	sm, err := ParseSitemap(gz, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(sm.URLs) != 5 {
		t.Fatalf("%d urls", len(sm.URLs))
	}
	t.Run("cut", func(t *testing.T) {
		_, err := ParseSitemap(gz[:len(gz)/2], "")
		if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "gzip") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("bomb", func(t *testing.T) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write([]byte("<urlset>"))
		zw.Write(make([]byte, MaxSitemapBytes))
		zw.Close()
		_, err := ParseSitemap(buf.Bytes(), "")
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("error %v, want ErrTooLarge", err)
		}
	})
}

func TestParseSitemapErrors(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    error
		message string
	}{
		{"empty", "", ErrEmpty, "empty input"},
		{"blank", "\n \n", ErrEmpty, "empty input"},
		{"html", "<html><body>x</body></html>", ErrNotSitemap, "HTML page"},
		{"feed", `<feed xmlns="http://www.w3.org/2005/Atom"/>`, ErrNotSitemap, "is a feed"},
		{"other root", "<catalog/>", ErrNotSitemap, "root element is <catalog>, want <urlset> or <sitemapindex>"},
		{"no root", "<?xml version='1.0'?>", ErrMalformed, "no root element"},
		{"truncated", "<urlset><url><loc>https://a.example/</loc></url><url><loc>http", ErrMalformed, "unexpected EOF"},
		{"unclosed root", "<urlset><url><loc>https://a.example/</loc></url>", ErrMalformed, "unexpected EOF"},
		{"binary text", "\x00\x01\x02\x03", ErrNotSitemap, "binary data"},
		{"text without urls", "hello\nworld\n", ErrNotSitemap, "no line is an http or https URL"},
		{"not gzip enough", "\x1f\x8b", ErrMalformed, "gzip"},
		{"too large", strings.Repeat(" ", MaxSitemapBytes+1), ErrTooLarge, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSitemap([]byte(tt.data), "")
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.message) || !strings.HasPrefix(err.Error(), "parse sitemap: ") {
				t.Errorf("error %q does not say %q", err, tt.message)
			}
		})
	}
}

// TestParseSitemapPartial checks that a sitemap cut off mid-way gives the
// entries before the cut along with the error.
func TestParseSitemapPartial(t *testing.T) {
	sm, err := ParseSitemap(readFile(t, "testdata/sitemaps/truncated.xml"), "")
	if !errors.Is(err, ErrMalformed) {
		t.Fatalf("error %v", err)
	}
	if len(sm.URLs) != 2 {
		t.Errorf("%d urls before the cut, want 2", len(sm.URLs))
	}
}

func TestParseW3CDate(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-07-14T21:05:11+00:00", utc(2024, 7, 14, 21, 5, 11, 0), true},
		{"2024-07-14T21:05:11Z", utc(2024, 7, 14, 21, 5, 11, 0), true},
		{"2024-07-14T21:05:11.5-02:00", utc(2024, 7, 14, 23, 5, 11, 5e8), true},
		{"2024-07-14T21:05+01:00", utc(2024, 7, 14, 20, 5, 0, 0), true},
		{"2024-07-14", utc(2024, 7, 14, 0, 0, 0, 0), true},
		{"2024-07", utc(2024, 7, 1, 0, 0, 0, 0), true},
		{"2024", utc(2024, 1, 1, 0, 0, 0, 0), true},
		{" 2024-07-14 ", utc(2024, 7, 14, 0, 0, 0, 0), true},
		{"2024-07-14 21:05:11", utc(2024, 7, 14, 21, 5, 11, 0), true},
		{"2024-07-14T21:05:11", utc(2024, 7, 14, 21, 5, 11, 0), true},
		{"2024-07-14T21:05:11+0200", utc(2024, 7, 14, 19, 5, 11, 0), true},
		{"2024-07-14 21:05:11 +0200", utc(2024, 7, 14, 19, 5, 11, 0), true},
		{"", time.Time{}, false},
		{"yesterday", time.Time{}, false},
		{"2024-13-01", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseW3CDate(tt.in)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("parseW3CDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
