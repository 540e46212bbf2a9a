package input

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// warcRecord writes one WARC response record holding an HTTP response.
func warcRecord(n int, uri string, status int, contentType, body string) string {
	http := fmt.Sprintf("HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", status, contentType, len(body), body)
	return fmt.Sprintf("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: 2026-05-02T10:00:00Z\r\n"+
		"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\nContent-Type: application/http; msgtype=response\r\n"+
		"Content-Length: %d\r\n\r\n%s\r\n\r\n", uri, n, len(http), http)
}

const archivedArticle = `<!doctype html><html lang="en"><head><title>Lighthouse keepers return to Skerrin Rock</title>
<meta property="og:site_name" content="Island Post">
<meta property="article:published_time" content="2026-05-01T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Lighthouse keepers return to Skerrin Rock</h1>
<p>For the first time in forty years, two keepers will live on Skerrin Rock this summer, the maritime trust that owns the lighthouse said on Friday, after volunteers restored the keepers' cottage.</p>
<p>The trust said the pair would guide visitors, record seabird numbers and look after the lamp room, which has been automated since 1986 and needs regular cleaning to stay bright.</p>
<p>Boat trips from the harbour will run twice a day from June, weather permitting, and places can be booked at the trust's office on the quay.</p></article>
<footer>Island Post, all rights reserved</footer></body></html>`

func TestReadWARC(t *testing.T) {
	nav := `<html><head><title>Sections</title></head><body><nav><a href="/a">A</a> <a href="/b">B</a></nav></body></html>`
	archive := warcRecord(1, "https://islandpost.example/skerrin", 200, "text/html; charset=utf-8", archivedArticle) +
		warcRecord(2, "https://islandpost.example/sections", 200, "text/html", nav) +
		warcRecord(3, "https://islandpost.example/missing", 404, "text/html", "<html>gone</html>") +
		"this is not a record\r\n" +
		warcRecord(4, "https://islandpost.example/skerrin-again", 200, "text/html", strings.Replace(archivedArticle, "forty", "forty-one", 1))
	dir := t.TempDir()
	plain := filepath.Join(dir, "crawl.warc")
	if err := os.WriteFile(plain, []byte(archive), 0o644); err != nil {
		t.Fatal(err)
	}
	// The same records gzip compressed one member per record, as crawlers
	// write them.
	var gz bytes.Buffer
	for _, rec := range strings.SplitAfter(archive, "\r\n\r\n\r\n") {
		if rec == "" {
			continue
		}
		zw := gzip.NewWriter(&gz)
		zw.Write([]byte(rec))
		zw.Close()
	}
	for _, tc := range []struct{ name, path string }{
		{"plain", plain},
		{"gzip by member", writeBytes(t, dir, "crawl.warc.gz", gz.Bytes())},
		{"sniffed from content", writeBytes(t, dir, "crawl.dat", gz.Bytes())},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var drafts []Draft
			var problems []Problem
			err := Read(context.Background(), []string{tc.path}, nil, Options{},
				func(d Draft) error { drafts = append(drafts, d); return nil },
				func(p Problem) { problems = append(problems, p) })
			if err != nil {
				t.Fatal(err)
			}
			if len(drafts) != 2 {
				t.Fatalf("%d drafts, want the two archived articles; problems %v", len(drafts), problems)
			}
			d := drafts[0]
			if d.URL != "https://islandpost.example/skerrin" || !strings.Contains(d.Text, "Skerrin Rock") ||
				d.Title == "" || d.Published.IsZero() || !strings.Contains(d.Origin, "#record-1@") {
				t.Errorf("first draft %+v", d)
			}
			var named bool
			for _, p := range problems {
				if strings.Contains(p.Origin, "#record-2@") {
					named = true
				}
			}
			if !named {
				t.Errorf("the page without an article is not reported by record: %v", problems)
			}
		})
	}
}

func writeBytes(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
