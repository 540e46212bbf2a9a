package feed

import (
	"bytes"
	"compress/gzip"
	"reflect"
	"testing"
)

func TestDiscoverPage(t *testing.T) {
	got := Discover(readFile(t, "testdata/discover/several.html"), "https://tribune.example.com/world/today")
	want := []string{
		"https://tribune.example.com/feeds/all.rss",
		"https://tribune.example.com/sections/feeds/world.atom",
		"https://tribune.example.com/feeds/world.json",
		"https://old.example.com/index.rdf",
		"https://tribune.example.com/feeds/late.atom",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if got := Discover(readFile(t, "testdata/discover/none.html"), "https://a.example/"); got != nil {
		t.Errorf("page without feeds: %q", got)
	}
}

func TestDiscover(t *testing.T) {
	tests := []struct {
		name, html, page string
		want             []string
	}{
		{"empty", "", "https://a.example/", nil},
		{"binary", "\x00\xff\x1f\x8b<<<", "https://a.example/", nil},
		{"relative to page", `<link rel=alternate type=application/rss+xml href=rss.xml>`, "https://a.example/blog/post", []string{"https://a.example/blog/rss.xml"}},
		{"no page url", `<link rel=alternate type=application/rss+xml href=/rss.xml>`, "", nil},
		{"no page url, absolute", `<link rel=alternate type=application/atom+xml href="https://b.example/a">`, "", []string{"https://b.example/a"}},
		{"relative base", `<base href="/sub/"><link rel=alternate type=application/rss+xml href=f>`, "https://a.example/x/y", []string{"https://a.example/sub/f"}},
		{"second base ignored", `<base href="https://one.example/"><base href="https://two.example/"><link rel=alternate type=application/rss+xml href=f>`, "https://a.example/", []string{"https://one.example/f"}},
		{"self-closing", `<link rel="alternate" type="application/atom+xml" href="/a"/>`, "http://a.example/", []string{"http://a.example/a"}},
		{"white space in href", `<link rel="alternate" type="application/atom+xml" href="  /a  ">`, "http://a.example/", []string{"http://a.example/a"}},
		{"not alternate", `<link rel="alternative" type="application/rss+xml" href="/a">`, "http://a.example/", nil},
		{"wrong type", `<link rel="alternate" type="text/xml" href="/a">`, "http://a.example/", nil},
		{"bad type", `<link rel="alternate" type=";;" href="/a">`, "http://a.example/", nil},
		{"inside comment", `<!-- <link rel="alternate" type="application/rss+xml" href="/a"> -->`, "http://a.example/", nil},
		{"inside script", `<script>"<link rel='alternate' type='application/rss+xml' href='/a'>"</script>`, "http://a.example/", nil},
		{"ftp", `<link rel="alternate" type="application/rss+xml" href="ftp://a.example/f">`, "http://a.example/", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Discover([]byte(tt.html), tt.page); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGuesses(t *testing.T) {
	tests := []struct {
		name, site string
		want       []string
	}{
		{"root", "https://a.example", []string{
			"https://a.example/feed", "https://a.example/rss", "https://a.example/rss.xml",
			"https://a.example/atom.xml", "https://a.example/feed.xml", "https://a.example/index.xml",
		}},
		{"root with query", "https://a.example/?utm=1#top", []string{
			"https://a.example/feed", "https://a.example/rss", "https://a.example/rss.xml",
			"https://a.example/atom.xml", "https://a.example/feed.xml", "https://a.example/index.xml",
		}},
		{"path", "http://a.example:8080/blog", []string{
			"http://a.example:8080/blog/feed", "http://a.example:8080/blog/rss", "http://a.example:8080/blog/rss.xml",
			"http://a.example:8080/blog/atom.xml", "http://a.example:8080/blog/feed.xml", "http://a.example:8080/blog/index.xml",
			"http://a.example:8080/feed", "http://a.example:8080/rss", "http://a.example:8080/rss.xml",
			"http://a.example:8080/atom.xml", "http://a.example:8080/feed.xml", "http://a.example:8080/index.xml",
		}},
		{"relative", "/blog", nil},
		{"mailto", "mailto:a@b.example", nil},
		{"garbage", "%zz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Guesses(tt.site); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`<?xml version="1.0"?><sitemapindex/>`))
	zw.Close()
	tests := []struct {
		name, data, contentType string
		want                    Kind
	}{
		{"rss", `<?xml version="1.0"?><rss version="2.0">`, "", KindFeed},
		{"rdf", `<rdf:RDF xmlns:rdf="x">`, "", KindFeed},
		{"atom", "\uFEFF\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", "", KindFeed},
		{"prefixed atom", `<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">`, "", KindFeed},
		{"json feed", `{"version": "https://jsonfeed.org/version/1.1", "items": []}`, "", KindFeed},
		{"json", `{"items": []}`, "application/json", KindUnknown},
		{"json by type", `{"items": []}`, "application/feed+json", KindFeed},
		{"urlset", `<?xml version="1.0"?><!-- made by hand --><urlset>`, "", KindSitemap},
		{"sitemapindex", `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`, "", KindSitemapIndex},
		{"gzip sitemap index", gz.String(), "application/x-gzip", KindSitemapIndex},
		{"text sitemap", "https://a.example/1\nhttps://a.example/2\n", "text/plain", KindSitemap},
		{"opml", `<?xml version="1.0"?><opml version="2.0">`, "", KindOPML},
		{"opml by type", `<?xml version="1.0"?>`, "text/x-opml", KindOPML},
		{"html", `<!DOCTYPE html><html>`, "", KindHTML},
		{"doctype only", `<!doctype HTML>`, "", KindHTML},
		{"xhtml", `<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml">`, "", KindHTML},
		{"html fragment", `<div class="x">`, "", KindHTML},
		{"html served as rss", `<html><body>Moved</body></html>`, "application/rss+xml", KindHTML},
		{"rss served as html", `<rss version="2.0">`, "text/html; charset=utf-8", KindFeed},
		{"doctype with subset", `<!DOCTYPE rss [<!ENTITY a "]>">]><rss>`, "", KindFeed},
		{"unknown xml", `<catalog/>`, "", KindUnknown},
		{"unknown xml typed html", `<catalog/>`, "text/html", KindHTML},
		{"binary typed html", "\x00\x01\x02", "text/html", KindUnknown},
		{"empty", "", "", KindUnknown},
		{"empty typed rss", "", "application/rss+xml", KindFeed},
		{"text", "hello", "", KindUnknown},
		{"bad content type", "hello", ";;;", KindUnknown},
		{"broken gzip", "\x1f\x8b\x08", "", KindUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff([]byte(tt.data), tt.contentType); got != tt.want {
				t.Errorf("Sniff = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestKindText(t *testing.T) {
	for k := KindUnknown; k <= KindHTML; k++ {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Kind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("%v: round trip gave %v, %v", k, back, err)
		}
	}
	var k Kind
	if err := k.UnmarshalText([]byte("podcast")); err == nil {
		t.Error("unknown kind accepted")
	}
}
