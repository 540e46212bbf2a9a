package feed

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"
	"testing"
)

// syntheticRSS returns an RSS 2.0 feed of n items, each with HTML content
// of a realistic size (about 3 KB).
func syntheticRSS(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench</title><link>https://bench.example.com/</link>`)
	para := "<p>The council met on Tuesday to discuss the harbour budget, and members voted to delay the decision until the spring session, citing uncertainty about grants.</p>"
	for i := range n {
		fmt.Fprintf(&b, `<item><title>Story number %d about the harbour</title><link>/story/%d</link><guid>https://bench.example.com/story/%d</guid><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate><dc:creator>Reporter %d</dc:creator><category>Local</category><description><![CDATA[%s]]></description><content:encoded><![CDATA[%s]]></content:encoded></item>`,
			i, i, i, i%7, para, strings.Repeat(para, 18))
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	for _, n := range []int{20, 200} {
		data := syntheticRSS(n)
		b.Run(fmt.Sprintf("rss-%d-items", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse(data, "https://bench.example.com/feed"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, name := range []string{"atom-namespaced.xml", "jsonfeed-11.json"} {
		data := readFile(b, "testdata/feeds/"+name)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse(data, "https://bench.example.com/feed"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// syntheticSitemap returns a Google News sitemap of n URLs.
func syntheticSitemap(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`)
	for i := range n {
		fmt.Fprintf(&b, "\n<url><loc>https://bench.example.com/news/2024/07/story-%d</loc><lastmod>2024-07-14T21:05:11+00:00</lastmod><news:news><news:publication><news:name>Bench Times</news:name><news:language>en</news:language></news:publication><news:publication_date>2024-07-14T18:30:00+01:00</news:publication_date><news:title>Story %d</news:title></news:news></url>", i, i)
	}
	b.WriteString("</urlset>")
	return []byte(b.String())
}

func BenchmarkParseSitemap(b *testing.B) {
	data := syntheticSitemap(5000)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	for _, c := range []struct {
		name string
		data []byte
	}{{"news-5000", data}, {"news-5000-gzip", gz.Bytes()}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data))) // uncompressed bytes, to compare
			for b.Loop() {
				if _, err := ParseSitemap(c.data, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseOPML(b *testing.B) {
	var b2 strings.Builder
	b2.WriteString(`<opml version="2.0"><head><title>x</title></head><body>`)
	for f := range 20 {
		fmt.Fprintf(&b2, `<outline text="Folder %d">`, f)
		for i := range 50 {
			fmt.Fprintf(&b2, `<outline text="Feed %d" type="rss" xmlUrl="https://f%d.example.com/feed.xml" htmlUrl="https://f%d.example.com/"/>`, i, i, i)
		}
		b2.WriteString(`</outline>`)
	}
	b2.WriteString(`</body></opml>`)
	data := []byte(b2.String())
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseOPML(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDiscover(b *testing.B) {
	page := readFile(b, "testdata/discover/several.html")
	// A realistic page: the head with its links, then 100 KB of body.
	page = append(page[:len(page):len(page)], strings.Repeat(`<p class="x">Some paragraph text with <a href="/a">a link</a>.</p>`, 1500)...)
	b.ReportAllocs()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if len(Discover(page, "https://tribune.example.com/world/")) == 0 {
			b.Fatal("no feeds")
		}
	}
}

func BenchmarkSniff(b *testing.B) {
	data := syntheticRSS(200)
	b.ReportAllocs()
	for b.Loop() {
		if Sniff(data, "text/xml") != KindFeed {
			b.Fatal("not a feed")
		}
	}
}

func BenchmarkHTMLText(b *testing.B) {
	para := "<p>The council met on Tuesday to discuss the <b>harbour</b> budget, and members voted to delay the decision &amp; wait.</p>"
	s := strings.Repeat(para, 40)
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		htmlText(s)
	}
}
