package feed

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"
)

// addSeeds adds every file matching pattern under testdata to f's corpus.
func addSeeds(f *testing.F, patterns ...string) {
	for _, pattern := range patterns {
		paths, err := filepath.Glob(filepath.Join("testdata", pattern))
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
}

// knownError reports whether err wraps one of the package's sentinels.
func knownError(err error) bool {
	for _, s := range []error{ErrEmpty, ErrTooLarge, ErrNotFeed, ErrMalformed, ErrNotSitemap, ErrNotOPML} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// absoluteHTTP reports whether s is an absolute http(s) URL.
func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func FuzzParse(f *testing.F) {
	addSeeds(f, "feeds/*")
	f.Add([]byte(`<rss><channel><item><title>a</title><link>b</link></item></channel></rss>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"url":"/x","title":"t"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := Parse(data, "https://fuzz.example/feed")
		if err != nil {
			if !knownError(err) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		for i, it := range feed.Items {
			if !absoluteHTTP(it.URL) {
				t.Errorf("item %d: URL %q is not absolute http(s)", i, it.URL)
			}
			if it.Title == "" && it.Summary == "" && it.Content == "" {
				t.Errorf("item %d has no text", i)
			}
			for _, s := range []string{it.Title, it.Summary, it.Content, it.Author} {
				if !utf8.ValidString(s) {
					t.Errorf("item %d: invalid UTF-8 %q", i, s)
				}
			}
		}
	})
}

func FuzzParseSitemap(f *testing.F) {
	addSeeds(f, "sitemaps/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		sm, err := ParseSitemap(data, "https://fuzz.example/sitemap.xml")
		if err != nil && !knownError(err) {
			t.Fatalf("error %v wraps no sentinel", err)
		}
		for _, u := range sm.URLs {
			if !absoluteHTTP(u.Loc) {
				t.Errorf("loc %q is not absolute http(s)", u.Loc)
			}
		}
		for _, s := range sm.Sitemaps {
			if !absoluteHTTP(s.Loc) {
				t.Errorf("child sitemap %q is not absolute http(s)", s.Loc)
			}
		}
		if err == nil && sm.Kind != KindSitemap && sm.Kind != KindSitemapIndex {
			t.Errorf("kind %v", sm.Kind)
		}
	})
}

// FuzzParseOPML checks that whatever ParseOPML reads, WriteOPML writes in
// a form ParseOPML reads back the same.
func FuzzParseOPML(f *testing.F) {
	addSeeds(f, "opml/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := ParseOPML(data)
		if err != nil {
			if !knownError(err) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteOPML(&buf, "fuzz", out); err != nil {
			t.Fatal(err)
		}
		again, err := ParseOPML(buf.Bytes())
		if err != nil {
			t.Fatalf("reading written OPML: %v\n%s", err, buf.Bytes())
		}
		if !reflect.DeepEqual(again, out) {
			t.Fatalf("round trip changed the outlines:\n got %q\nwant %q", again, out)
		}
	})
}

func FuzzDiscover(f *testing.F) {
	addSeeds(f, "discover/*")
	f.Add([]byte(`<base href="//x.example/"><link rel=alternate type=application/rss+xml href=a>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		seen := map[string]bool{}
		for _, u := range Discover(data, "https://fuzz.example/page") {
			if !absoluteHTTP(u) {
				t.Errorf("%q is not absolute http(s)", u)
			}
			if seen[u] {
				t.Errorf("%q repeated", u)
			}
			seen[u] = true
		}
	})
}

func FuzzSniff(f *testing.F) {
	addSeeds(f, "feeds/*", "sitemaps/*", "opml/*", "discover/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		k := Sniff(data, "")
		if k < KindUnknown || k > KindHTML {
			t.Errorf("kind %d", k)
		}
	})
}
