package warc

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkGolden compares got with the golden file testdata/golden/name,
// rewriting it under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
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
		t.Errorf("%s differs from the golden file (run go test -update to accept):\n%s", path, got)
	}
}

// fixtures returns the WARC files in testdata.
func fixtures(t testing.TB) []string {
	t.Helper()
	var paths []string
	for _, pattern := range []string{"*.warc", "*.warc.gz"} {
		p, err := filepath.Glob(filepath.Join("testdata", pattern))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p...)
	}
	if len(paths) < 7 {
		t.Fatalf("only %d fixtures in testdata (run go test -update)", len(paths))
	}
	return paths
}

// listing reads every record of data, reading the bodies of those for
// which read(number) is true, and describes what it found, one line per
// record or error.
func listing(t testing.TB, data []byte, read func(int) bool) string {
	t.Helper()
	var b strings.Builder
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		return "NewReader: " + err.Error() + "\n"
	}
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("no end after 1000 records")
		}
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			b.WriteString("EOF\n")
			return b.String()
		}
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				fmt.Fprintf(&b, "final error: %v\n", err)
				return b.String()
			}
			fmt.Fprintf(&b, "error: %v\n", err)
			continue
		}
		fmt.Fprintf(&b, "%d %s off=%d gz=%d len=%d", rec.Number, rec.Type, rec.Offset, rec.GzipOffset, rec.ContentLength)
		if rec.TargetURI != "" {
			fmt.Fprintf(&b, " uri=%s", rec.TargetURI)
		}
		if !rec.Date.IsZero() {
			fmt.Fprintf(&b, " date=%s", rec.Date.Format(time.RFC3339Nano))
		}
		if rec.RecordID != "" {
			fmt.Fprintf(&b, " id=%s", rec.RecordID)
		}
		if rec.ContentType != "" {
			fmt.Fprintf(&b, " type=%q", rec.ContentType)
		}
		if read(rec.Number) {
			body, err := io.ReadAll(rec.Body)
			fmt.Fprintf(&b, " body=%d:%x", len(body), sha256.Sum256(body))
			if err != nil {
				fmt.Fprintf(&b, " body-error=%q", err)
			}
		}
		b.WriteString("\n")
	}
}

// TestReadGolden lists every fixture's records and errors and compares
// the listing with testdata/golden/NAME.txt.
func TestReadGolden(t *testing.T) {
	for _, p := range fixtures(t) {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			got := listing(t, readFile(t, p), func(int) bool { return true })
			checkGolden(t, name+".txt", []byte(got))
		})
	}
}

// TestSkipUnread checks that records come out the same whether bodies are
// read, partly read or left alone.
func TestSkipUnread(t *testing.T) {
	for _, p := range fixtures(t) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data := readFile(t, p)
			all := listing(t, data, func(int) bool { return true })
			none := listing(t, data, func(int) bool { return false })
			if stripBodies(all) != none {
				t.Errorf("reading no bodies gave\n%s\nreading all gave\n%s", none, all)
			}
			// Read a few bytes of every other body.
			r, err := NewReader(bytes.NewReader(data))
			if err != nil {
				t.Skip(err)
			}
			var b strings.Builder
			for i := 0; i < 1000; i++ {
				rec, err := r.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					var fe *FormatError
					if !errors.As(err, &fe) {
						break
					}
					continue
				}
				if rec.Number%2 == 0 {
					io.ReadFull(rec.Body, make([]byte, 7))
				}
				fmt.Fprintf(&b, "%d@%d ", rec.Number, rec.Offset)
			}
			var want strings.Builder
			for _, line := range strings.Split(none, "\n") {
				var n, off int
				if _, err := fmt.Sscanf(line, "%d %s off=%d", &n, new(string), &off); err == nil {
					fmt.Fprintf(&want, "%d@%d ", n, off)
				}
			}
			if b.String() != want.String() {
				t.Errorf("partial reads gave %s, want %s", b.String(), want.String())
			}
		})
	}
}

// stripBodies removes the body descriptions from a listing.
func stripBodies(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if j := strings.Index(l, " body="); j >= 0 && !strings.HasPrefix(l, "error") {
			lines[i] = l[:j]
		}
	}
	return strings.Join(lines, "\n")
}

// TestDamaged walks the damaged fixture and checks each error names the
// right record and reason, and that reading goes on after each.
func TestDamaged(t *testing.T) {
	r, err := NewReader(bytes.NewReader(readFile(t, "testdata/damaged.warc")))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"record 1 warcinfo",
		"error record 2: expected a WARC version line, found \"this is not a record\"",
		"record 2 response https://damaged.example.com/one",
		"error record 3: unsupported version \"WARC/2.0\"",
		"error record 4: missing Content-Length",
		"error record 5: invalid Content-Length \"12abc\"",
		"error record 6: malformed header",
		"record 7 response https://damaged.example.com/long",
		"error record 8: expected a WARC version line",
		"record 8 response https://damaged.example.com/two",
		"record 9 resource https://damaged.example.com/cut",
		"error record 9: truncated: block ends after 50 of 1000 bytes",
		"EOF",
	}
	var got []string
	for len(got) < 50 {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			got = append(got, "EOF")
			break
		}
		var fe *FormatError
		if errors.As(err, &fe) {
			got = append(got, fmt.Sprintf("error record %d: %s", fe.Record, fe.Reason))
			if fe.Offset <= 0 || fe.GzipOffset != -1 {
				t.Errorf("error %v: offsets %d, %d", err, fe.Offset, fe.GzipOffset)
			}
			continue
		}
		if err != nil {
			t.Fatalf("final error %v", err)
		}
		got = append(got, strings.TrimSpace(fmt.Sprintf("record %d %s %s", rec.Number, rec.Type, rec.TargetURI)))
	}
	if len(got) != len(want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("step %d: got %q, want %q", i, got[i], want[i])
		}
	}
	// The error after EOF stays EOF.
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("after EOF: %v", err)
	}
}

// TestFormatErrorText checks the error names the record and offsets.
func TestFormatErrorText(t *testing.T) {
	e := &FormatError{Record: 3, Offset: 1200, GzipOffset: 400, Reason: "corrupt gzip member", Err: gzip.ErrChecksum}
	want := "warc: record 3 at offset 1200 (gzip member at 400): corrupt gzip member: gzip: invalid checksum"
	if e.Error() != want {
		t.Errorf("got %q, want %q", e.Error(), want)
	}
	if !errors.Is(e, gzip.ErrChecksum) {
		t.Error("does not unwrap")
	}
	e = &FormatError{Record: 1, Offset: 0, GzipOffset: -1, Reason: "missing Content-Length"}
	if got := e.Error(); got != "warc: record 1 at offset 0: missing Content-Length" {
		t.Errorf("got %q", got)
	}
}

func TestCorruptMember(t *testing.T) {
	r, err := NewReader(bytes.NewReader(readFile(t, "testdata/corrupt-member.warc.gz")))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	var errs []*FormatError
	for i := 0; i < 100; i++ {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var fe *FormatError
		if errors.As(err, &fe) {
			errs = append(errs, fe)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rec.RecordID[len(rec.RecordID)-2:])
	}
	// Member 3 is damaged; junk follows member 5; member 6 is the last
	// sample record.
	if got := strings.Join(ids, " "); got != "01 02 04 05 10" {
		t.Errorf("records %s, want 01 02 04 05 10", got)
	}
	if len(errs) != 2 || errs[0].Reason != "corrupt gzip member" || errs[0].GzipOffset <= 0 {
		t.Fatalf("errors %v", errs)
	}
}

// TestGzipOffsets checks that each record's GzipOffset is where a gzip
// member starting with that record begins.
func TestGzipOffsets(t *testing.T) {
	data := readFile(t, "testdata/sample.warc.gz")
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		zr, err := gzip.NewReader(bytes.NewReader(data[rec.GzipOffset:]))
		if err != nil {
			t.Fatalf("record %d: no gzip member at %d: %v", rec.Number, rec.GzipOffset, err)
		}
		zr.Multistream(false)
		one, err := NewReader(zr)
		if err != nil {
			t.Fatal(err)
		}
		again, err := one.Next()
		if err != nil || again.RecordID != rec.RecordID {
			t.Errorf("record %d: member at %d holds %v, %v", rec.Number, rec.GzipOffset, again, err)
		}
	}
	if n != len(sampleRecords()) {
		t.Errorf("%d records", n)
	}
}

func TestNewReader(t *testing.T) {
	tests := []struct {
		name, data string
		wantErr    error
		message    string // in the error from NewReader, or else from Next
	}{
		{"empty", "", nil, ""},
		{"blank lines", "\r\n\r\n", nil, ""},
		{"html", "<!DOCTYPE html><html>", ErrNotWARC, `starts with "<!DOCTYPE html><"`},
		{"gzip of html", gzipString("<html>"), ErrNotWARC, `starts with "<html>"`},
		{"cut gzip header", "\x1f\x8b\x08\x00", nil, "record 1 at offset 0: truncated: compressed data ends early"},
		{"bad gzip header", "\x1f\x8b\x07\x00\x00\x00\x00\x00\x00\x00", nil, "gzip member at compressed offset 0: gzip: invalid header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.data))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.message) {
					t.Fatalf("error %v, want %v saying %q", err, tt.wantErr, tt.message)
				}
				return
			}
			if err != nil {
				if tt.message == "" || !strings.Contains(err.Error(), tt.message) {
					t.Fatalf("error %v", err)
				}
				return
			}
			_, err = r.Next()
			if tt.message != "" {
				if err == nil || !strings.Contains(err.Error(), tt.message) {
					t.Fatalf("Next: %v, want an error saying %q", err, tt.message)
				}
				_, err = r.Next()
			}
			if !errors.Is(err, io.EOF) {
				t.Errorf("Next: %v, want io.EOF", err)
			}
		})
	}
}

// failingReader returns data, then an I/O error.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadErrorIsFinal(t *testing.T) {
	boom := errors.New("disk on fire")
	data := readFile(t, "testdata/sample.warc")
	r, err := NewReader(&failingReader{data: data[:300], err: boom})
	if err != nil {
		t.Fatal(err)
	}
	var last error
	for i := 0; i < 10; i++ {
		_, err := r.Next()
		if err != nil {
			last = err
			break
		}
	}
	if !errors.Is(last, boom) {
		t.Fatalf("error %v, want %v", last, boom)
	}
	if _, err := r.Next(); !errors.Is(err, boom) {
		t.Errorf("error not final: %v", err)
	}
}

func TestBodyAfterNext(t *testing.T) {
	r, err := NewReader(bytes.NewReader(readFile(t, "testdata/sample.warc")))
	if err != nil {
		t.Fatal(err)
	}
	first, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Body.Read(make([]byte, 10)); !errors.Is(err, errBodyGone) {
		t.Errorf("error %v", err)
	}
}

func TestRecordFields(t *testing.T) {
	r, err := NewReader(bytes.NewReader(readFile(t, "testdata/sample.warc.gz")))
	if err != nil {
		t.Fatal(err)
	}
	var strike *Record
	for {
		rec, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if rec.Number == 4 {
			strike = rec
			break
		}
	}
	tests := []struct{ name, got, want string }{
		{"type", strike.Type, TypeResponse},
		{"target without brackets", strike.TargetURI, "https://tribune.example.com/business/strike"},
		{"record id without brackets", strike.RecordID, "urn:uuid:00000000-0000-4000-8000-000000000004"},
		{"date with fraction", strike.Date.Format(time.RFC3339Nano), "2024-07-14T21:06:00.123456Z"},
		{"header any case", strike.Header.Get("warc-target-uri"), "<https://tribune.example.com/business/strike>"},
		{"content type", strike.ContentType, "application/http; msgtype=response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestHTTPResponse(t *testing.T) {
	records := map[int]*Record{}
	bodies := map[int]string{}
	statuses := map[int]int{}
	errs := map[int]error{}
	r, err := NewReader(bytes.NewReader(readFile(t, "testdata/sample.warc")))
	if err != nil {
		t.Fatal(err)
	}
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		records[rec.Number] = rec
		resp, err := rec.HTTPResponse()
		errs[rec.Number] = err
		if err == nil {
			statuses[rec.Number] = resp.StatusCode
			b, _ := io.ReadAll(resp.Body)
			bodies[rec.Number] = string(b)
		}
	}
	tests := []struct {
		name   string
		record int
		status int
		body   string
		err    error
	}{
		{"warcinfo", 1, 0, "", ErrNotHTTP},
		{"request", 2, 0, "", ErrNotHTTP},
		{"plain", 3, 200, summitPage, nil},
		{"chunked", 5, 200, xhtmlPage, nil},
		{"de-chunked with chunked header", 6, 200, "<html><body><p>Stored de-chunked.</p></body></html>", nil},
		{"not found", 7, 404, "<html><body>Not found</body></html>", nil},
		{"redirect", 8, 301, "", nil},
		{"resource", 13, 0, "", ErrNotHTTP},
		{"revisit", 15, 200, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err != nil {
				if !errors.Is(errs[tt.record], tt.err) {
					t.Fatalf("error %v, want %v", errs[tt.record], tt.err)
				}
				return
			}
			if errs[tt.record] != nil {
				t.Fatal(errs[tt.record])
			}
			if statuses[tt.record] != tt.status || bodies[tt.record] != tt.body {
				t.Errorf("status %d body %q, want %d %q", statuses[tt.record], bodies[tt.record], tt.status, tt.body)
			}
		})
	}
	t.Run("body already read", func(t *testing.T) {
		r, _ := NewReader(bytes.NewReader(readFile(t, "testdata/sample.warc")))
		for {
			rec, err := r.Next()
			if err != nil {
				t.Fatal(err)
			}
			if rec.Number == 3 {
				rec.Body.Read(make([]byte, 4))
				if _, err := rec.HTTPResponse(); err == nil || !strings.Contains(err.Error(), "already read") {
					t.Errorf("error %v", err)
				}
				return
			}
		}
	})
}

// pagesListing describes the pages and problems Pages finds in data.
func pagesListing(data []byte, opt Options) string {
	var b strings.Builder
	opt.Problem = func(p Problem) { fmt.Fprintf(&b, "problem: %v\n", p) }
	err := opt.Pages(bytes.NewReader(data), func(p Page) error {
		text := string(p.Body)
		if len(text) > 60 {
			text = text[:60]
		}
		fmt.Fprintf(&b, "page %d %s %s %q %d %q\n", p.Record, p.URL, p.Date.Format(time.RFC3339), p.ContentType, len(p.Body), text)
		return nil
	})
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
	}
	return b.String()
}

// TestPagesGolden runs Pages over every fixture and compares the pages
// and problems with testdata/golden/NAME.pages.txt.
func TestPagesGolden(t *testing.T) {
	for _, p := range fixtures(t) {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			checkGolden(t, name+".pages.txt", []byte(pagesListing(readFile(t, p), Options{})))
		})
	}
}

func TestPages(t *testing.T) {
	got := pagesListing(readFile(t, "testdata/sample.warc"), Options{})
	for _, want := range []string{
		"page 3 https://tribune.example.com/world/summit",
		"page 4 https://tribune.example.com/business/strike 2024-07-14T21:06:00Z \"text/html\" 119 \"<!doctype html>",
		"page 5 https://tribune.example.com/local/library 2024-07-14T21:07:00Z \"application/xhtml+xml\"",
		"page 6 https://tribune.example.com/local/dechunked",
		"page 11 https://tribune.example.com/untyped",
		"page 12 https://tribune.example.com/deflated 2024-07-14T21:08:50Z \"text/html; charset=iso-8859-1\" 47 \"<html><body><p>Caf\\xe9 deflated.",
		"page 13 https://tribune.example.com/saved.html",
		"page 16 https://tribune.example.com/tail",
		"problem: record 10 at offset",
		"(https://tribune.example.com/brotli): unsupported content-encoding \"br\"",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	for _, absent := range []string{"missing", "/old", "logo.png", "page 15", "page 14", "page 1 ", "page 2 "} {
		if strings.Contains(got, absent) {
			t.Errorf("%q should not be there:\n%s", absent, got)
		}
	}
}

func TestPagesMaxBody(t *testing.T) {
	got := pagesListing(readFile(t, "testdata/sample.warc"), Options{MaxBodyBytes: 60})
	if !strings.Contains(got, "(https://tribune.example.com/world/summit): body over 60 bytes") {
		t.Errorf("no problem for a large page:\n%s", got)
	}
	if !strings.Contains(got, "page 16 https://tribune.example.com/tail") {
		t.Errorf("small page missing:\n%s", got)
	}
}

func TestPagesEmitError(t *testing.T) {
	stop := errors.New("enough")
	n := 0
	err := Pages(bytes.NewReader(readFile(t, "testdata/sample.warc.gz")), func(Page) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 || !strings.HasPrefix(err.Error(), "warc: record 3: ") {
		t.Errorf("error %v after %d pages", err, n)
	}
}

func TestPagesNotWARC(t *testing.T) {
	err := Pages(strings.NewReader("<html></html>"), func(Page) error { return nil })
	if !errors.Is(err, ErrNotWARC) {
		t.Errorf("error %v", err)
	}
}

// TestPagesSameAcrossCompression checks that plain, per-record gzip and
// single-member gzip files give the same pages.
func TestPagesSameAcrossCompression(t *testing.T) {
	plain := pagesListing(readFile(t, "testdata/sample.warc"), Options{})
	for _, name := range []string{"sample.warc.gz", "sample-one-member.warc.gz"} {
		if got := pagesListing(readFile(t, filepath.Join("testdata", name)), Options{}); got != plain {
			t.Errorf("%s gives\n%s\nthe plain file gives\n%s", name, got, plain)
		}
	}
}
