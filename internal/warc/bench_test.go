package warc

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"testing"
)

// syntheticWARC returns a WARC file of n request/response pairs with HTML
// pages of about 30 KB, uncompressed and gzipped per record.
func syntheticWARC(n int) (plain, gz []byte) {
	para := "<p>The council met on Tuesday to discuss the harbour budget, and members voted to delay the decision until the spring session.</p>\n"
	var p, z bytes.Buffer
	add := func(r rec) {
		b := r.bytes()
		p.Write(b)
		zw := gzip.NewWriter(&z)
		zw.Write(b)
		zw.Close()
	}
	add(rec{fields: []string{"WARC-Type: warcinfo", "WARC-Date: 2024-07-14T21:00:00Z"}, block: "software: bench\r\n"})
	for i := range n {
		uri := fmt.Sprintf("https://bench.example.com/story/%d", i)
		add(rec{fields: []string{"WARC-Type: request", "WARC-Target-URI: " + uri, "WARC-Date: 2024-07-14T21:05:11Z", "Content-Type: application/http; msgtype=request"},
			block: "GET /story HTTP/1.1\r\nHost: bench.example.com\r\n\r\n"})
		body := "<!DOCTYPE html><html><head><title>Story</title></head><body>" + strings.Repeat(para, 230) + "</body></html>"
		add(response(uri, "2024-07-14T21:05:11Z", fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
			httpResponse("200 OK", []string{"Content-Type: text/html; charset=utf-8"}, body)))
	}
	return p.Bytes(), z.Bytes()
}

// BenchmarkReader measures reading every record and its body; MB/s is
// of uncompressed WARC bytes.
func BenchmarkReader(b *testing.B) {
	plain, gz := syntheticWARC(200)
	for _, c := range []struct {
		name string
		data []byte
	}{{"plain", plain}, {"gzip", gz}} {
		for _, readBodies := range []bool{true, false} {
			name := c.name + "/skip-bodies"
			if readBodies {
				name = c.name + "/read-bodies"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(plain)))
				for b.Loop() {
					r, err := NewReader(bytes.NewReader(c.data))
					if err != nil {
						b.Fatal(err)
					}
					for {
						rec, err := r.Next()
						if err == io.EOF {
							break
						}
						if err != nil {
							b.Fatal(err)
						}
						if readBodies {
							io.Copy(io.Discard, rec.Body)
						}
					}
				}
			})
		}
	}
}

// BenchmarkPages measures pulling the HTML pages out of a WARC file.
func BenchmarkPages(b *testing.B) {
	plain, gz := syntheticWARC(200)
	for _, c := range []struct {
		name string
		data []byte
	}{{"plain", plain}, {"gzip", gz}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(plain)))
			for b.Loop() {
				n := 0
				err := Pages(bytes.NewReader(c.data), func(Page) error { n++; return nil })
				if err != nil || n != 200 {
					b.Fatal(err, n)
				}
			}
		})
	}
}
