package warc

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the fixtures and golden files in testdata")

// rec is a WARC record to write into a fixture.
type rec struct {
	version string // "WARC/1.1" when empty
	fields  []string
	block   string
	// length overrides the Content-Length written, when not empty
	// ("-" leaves the field out).
	length string
	// cut, when above zero, keeps only the first cut bytes of the block
	// and leaves out the record end.
	cut int
}

func (r rec) bytes() []byte {
	var b bytes.Buffer
	v := r.version
	if v == "" {
		v = "WARC/1.1"
	}
	b.WriteString(v + "\r\n")
	for _, f := range r.fields {
		b.WriteString(f + "\r\n")
	}
	switch r.length {
	case "":
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(r.block))
	case "-":
	default:
		b.WriteString("Content-Length: " + r.length + "\r\n")
	}
	b.WriteString("\r\n")
	if r.cut > 0 {
		b.WriteString(r.block[:r.cut])
		return b.Bytes()
	}
	b.WriteString(r.block)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

// httpResponse builds an HTTP/1.1 response with a Content-Length, unless
// the headers set a Transfer-Encoding.
func httpResponse(status string, headers []string, body string) string {
	var b strings.Builder
	b.WriteString("HTTP/1.1 " + status + "\r\n")
	chunked := false
	for _, h := range headers {
		b.WriteString(h + "\r\n")
		if strings.HasPrefix(h, "Transfer-Encoding:") {
			chunked = true
		}
	}
	if !chunked {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	}
	b.WriteString("\r\n" + body)
	return b.String()
}

func chunk(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		fmt.Fprintf(&b, "%x\r\n%s\r\n", len(p), p)
	}
	b.WriteString("0\r\n\r\n")
	return b.String()
}

func gzipString(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

func zlibString(s string) string {
	var b bytes.Buffer
	zw := zlib.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

func response(uri, date, id string, http string) rec {
	return rec{
		fields: []string{
			"WARC-Type: response",
			"WARC-Target-URI: " + uri,
			"WARC-Date: " + date,
			"WARC-Record-ID: <urn:uuid:" + id + ">",
			"Content-Type: application/http; msgtype=response",
		},
		block: http,
	}
}

const (
	summitPage = "<!DOCTYPE html>\n<html><head><title>Summit ends</title></head>\n<body><article><h1>Summit ends with a statement</h1>\n<p>Leaders agreed on shared waters.</p></article></body></html>\n"
	strikePage = "<!doctype html><html><head><title>Port strike</title></head><body><p>The strike enters its third day.</p></body></html>"
	xhtmlPage  = `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Library</title></head><body><p>New opening hours.</p></body></html>`
)

// sampleRecords are the records of the sample fixtures: one of each kind
// Pages must take or leave.
func sampleRecords() []rec {
	return []rec{
		{fields: []string{"WARC-Type: warcinfo", "WARC-Date: 2024-07-14T21:00:00Z", "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>", "Content-Type: application/warc-fields"},
			block: "software: parallax fixtures\r\nformat: WARC File Format 1.1\r\n"},
		{fields: []string{"WARC-Type: request", "WARC-Target-URI: https://tribune.example.com/world/summit", "WARC-Date: 2024-07-14T21:05:11Z", "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000002>", "Content-Type: application/http; msgtype=request"},
			block: "GET /world/summit HTTP/1.1\r\nHost: tribune.example.com\r\nUser-Agent: fixture\r\n\r\n"},
		response("https://tribune.example.com/world/summit", "2024-07-14T21:05:11Z", "00000000-0000-4000-8000-000000000003",
			httpResponse("200 OK", []string{"Content-Type: text/html; charset=utf-8", "Server: fixture"}, summitPage)),
		func() rec {
			r := response("<https://tribune.example.com/business/strike>", "2024-07-14T21:06:00.123456Z", "00000000-0000-4000-8000-000000000004",
				httpResponse("200 OK", []string{"Content-Type: text/html", "Content-Encoding: gzip"}, gzipString(strikePage)))
			r.version = "WARC/1.0"
			return r
		}(),
		response("https://tribune.example.com/local/library", "2024-07-14T21:07:00Z", "00000000-0000-4000-8000-000000000005",
			httpResponse("200 OK", []string{"Content-Type: application/xhtml+xml", "Transfer-Encoding: chunked"}, chunk(xhtmlPage[:40], xhtmlPage[40:]))),
		response("https://tribune.example.com/local/dechunked", "2024-07-14T21:07:30Z", "00000000-0000-4000-8000-000000000006",
			httpResponse("200 OK", []string{"Content-Type: text/html", "Transfer-Encoding: chunked"}, "<html><body><p>Stored de-chunked.</p></body></html>")),
		response("https://tribune.example.com/missing", "2024-07-14T21:08:00Z", "00000000-0000-4000-8000-000000000007",
			httpResponse("404 Not Found", []string{"Content-Type: text/html"}, "<html><body>Not found</body></html>")),
		response("https://tribune.example.com/old", "2024-07-14T21:08:10Z", "00000000-0000-4000-8000-000000000008",
			httpResponse("301 Moved Permanently", []string{"Location: https://tribune.example.com/world/summit"}, "")),
		response("https://tribune.example.com/logo.png", "2024-07-14T21:08:20Z", "00000000-0000-4000-8000-000000000009",
			httpResponse("200 OK", []string{"Content-Type: image/png"}, "\x89PNG\r\n\x1a\n\x00\x00")),
		response("https://tribune.example.com/brotli", "2024-07-14T21:08:30Z", "00000000-0000-4000-8000-00000000000a",
			httpResponse("200 OK", []string{"Content-Type: text/html", "Content-Encoding: br"}, "\x1b\x03\x00\xf8")),
		response("https://tribune.example.com/untyped", "2024-07-14T21:08:40Z", "00000000-0000-4000-8000-00000000000b",
			httpResponse("200 OK", nil, "<!DOCTYPE html><html><body><p>No content type.</p></body></html>")),
		response("https://tribune.example.com/deflated", "2024-07-14T21:08:50Z", "00000000-0000-4000-8000-00000000000c",
			httpResponse("200 OK", []string{"Content-Type: text/html; charset=iso-8859-1", "Content-Encoding: deflate"}, zlibString("<html><body><p>Caf\xe9 deflated.</p></body></html>"))),
		{fields: []string{"WARC-Type: resource", "WARC-Target-URI: https://tribune.example.com/saved.html", "WARC-Date: 2024-07-14T21:09:00Z", "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-00000000000d>", "Content-Type: text/html"},
			block: "<html><body><p>Saved directly as a resource.</p></body></html>"},
		{fields: []string{"WARC-Type: metadata", "WARC-Target-URI: https://tribune.example.com/world/summit", "WARC-Date: 2024-07-14T21:09:10Z", "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-00000000000e>", "WARC-Concurrent-To: <urn:uuid:00000000-0000-4000-8000-000000000003>", "Content-Type: application/warc-fields"},
			block: "via: https://tribune.example.com/\r\nhopsFromSeed: L\r\n"},
		{fields: []string{"WARC-Type: revisit", "WARC-Target-URI: https://tribune.example.com/world/summit", "WARC-Date: 2024-07-15T06:00:00Z", "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-00000000000f>",
			"WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest", "WARC-Refers-To: <urn:uuid:00000000-0000-4000-8000-000000000003>",
			"WARC-Payload-Digest: sha1:AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH", "Content-Type: application/http; msgtype=response"},
			block: "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 180\r\n\r\n"},
		response("https://tribune.example.com/tail", "2024-07-14T21:10:00Z", "00000000-0000-4000-8000-000000000010",
			httpResponse("200 OK", []string{"Content-Type: text/html"}, "<html><body><p>Last page.</p></body></html>")),
	}
}

// damagedRecords are records with every kind of damage the reader must
// survive, between good ones.
func damagedRecords() [][]byte {
	good := func(n int, uri string) []byte {
		return response(uri, "2024-07-14T21:05:11Z", fmt.Sprintf("00000000-0000-4000-8000-1000000000%02d", n),
			httpResponse("200 OK", []string{"Content-Type: text/html"}, fmt.Sprintf("<html><body><p>Good page %d.</p></body></html>", n))).bytes()
	}
	long := response("https://damaged.example.com/long", "2024-07-14T21:05:11Z", "00000000-0000-4000-8000-100000000099",
		httpResponse("200 OK", []string{"Content-Type: text/html"}, "<html><body><p>The body goes on</p>\nbeyond its declared length.</body></html>"))
	long.length = fmt.Sprint(len(long.block) - 30)
	return [][]byte{
		rec{fields: []string{"WARC-Type: warcinfo", "WARC-Date: 2024-07-14T21:00:00Z"}, block: "software: damaged fixture\r\n"}.bytes(),
		[]byte("this is not a record\r\nnor is this\r\n"),
		good(1, "https://damaged.example.com/one"),
		rec{version: "WARC/2.0", fields: []string{"WARC-Type: resource"}, block: "from the future\r\n"}.bytes(),
		rec{fields: []string{"WARC-Type: resource", "WARC-Target-URI: https://damaged.example.com/nolength"}, length: "-", block: "no length here\r\n"}.bytes(),
		rec{fields: []string{"WARC-Type: resource"}, length: "12abc", block: "bad length\r\n"}.bytes(),
		rec{fields: []string{"WARC-Type: resource", "this line has no colon"}, block: "bad header\r\n"}.bytes(),
		long.bytes(),
		good(2, "https://damaged.example.com/two"),
		rec{fields: []string{"WARC-Type: resource", "WARC-Target-URI: https://damaged.example.com/cut", "Content-Type: text/html"}, length: "1000",
			block: "<html><body><p>This record is cut off before its end", cut: 50}.bytes(),
	}
}

// fixtureFiles returns the fixtures made from the records above, by file
// name.
func fixtureFiles() map[string][]byte {
	var plain, perRecord bytes.Buffer
	for _, r := range sampleRecords() {
		b := r.bytes()
		plain.Write(b)
		zw := gzip.NewWriter(&perRecord)
		zw.Write(b)
		zw.Close()
	}
	var oneMember bytes.Buffer
	zw := gzip.NewWriter(&oneMember)
	zw.Write(plain.Bytes())
	zw.Close()

	damaged := bytes.Join(damagedRecords(), nil)

	// A gzip file of one member per record in which one member is
	// damaged: the reader must skip it and read the members after it.
	var corrupt bytes.Buffer
	for i, r := range sampleRecords()[:5] {
		var m bytes.Buffer
		zw := gzip.NewWriter(&m)
		zw.Write(r.bytes())
		zw.Close()
		b := m.Bytes()
		if i == 2 {
			for j := 20; j < 40 && j < len(b)-8; j++ {
				b[j] ^= 0x5a
			}
		}
		corrupt.Write(b)
	}
	// Bytes that are not gzip between members.
	corruptWithJunk := append(bytes.Clone(corrupt.Bytes()), "junk between members"...)
	var last bytes.Buffer
	zw = gzip.NewWriter(&last)
	zw.Write(sampleRecords()[len(sampleRecords())-1].bytes())
	zw.Close()
	corruptWithJunk = append(corruptWithJunk, last.Bytes()...)

	return map[string][]byte{
		"sample.warc":               plain.Bytes(),
		"sample.warc.gz":            perRecord.Bytes(),
		"sample-one-member.warc.gz": oneMember.Bytes(),
		"truncated.warc":            plain.Bytes()[:plain.Len()-200],
		"truncated.warc.gz":         perRecord.Bytes()[:perRecord.Len()-100],
		"damaged.warc":              damaged,
		"corrupt-member.warc.gz":    corruptWithJunk,
	}
}

// TestFixtures checks that the fixtures in testdata are those the code
// above makes, and rewrites them under -update.
func TestFixtures(t *testing.T) {
	for name, want := range fixtureFiles() {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what fixtures_test.go makes (run go test -update)", path)
		}
	}
}
