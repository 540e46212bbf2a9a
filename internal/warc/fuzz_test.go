package warc

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// maxSeedBytes leaves the larger fixtures out of the fuzz corpus: the
// fuzzer spends up to a minute minimising each new input it derives from a
// seed, and the time grows with the seed's size.
const maxSeedBytes = 2 << 10

func addSeeds(f *testing.F) {
	for _, pattern := range []string{"*.warc", "*.warc.gz"} {
		paths, _ := filepath.Glob(filepath.Join("testdata", pattern))
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			if len(b) <= maxSeedBytes {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("WARC/1.1\r\nContent-Length: 0\r\n\r\n\r\n\r\n"))
	f.Add([]byte("WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 30\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<html>\r\n\r\n"))
}

// FuzzReader reads arbitrary bytes as a WARC file: it must not panic, must
// end, and every call to Next must move on.
func FuzzReader(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Each record or error uses up at least one byte, but a gzip
		// member may expand: allow generously, but not forever.
		limit := 64*len(data) + 16
		for i := 0; ; i++ {
			if i > limit {
				t.Fatalf("no end after %d calls to Next", i)
			}
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			var fe *FormatError
			if errors.As(err, &fe) {
				if fe.Record < 1 || fe.Offset < 0 {
					t.Fatalf("error %v: record %d offset %d", err, fe.Record, fe.Offset)
				}
				continue
			}
			if err != nil {
				t.Fatalf("final error from a bytes.Reader: %v", err)
			}
			if rec.ContentLength < 0 || rec.Number < 1 {
				t.Fatalf("record %+v", rec)
			}
			switch i % 3 {
			case 0:
				n, _ := io.Copy(io.Discard, rec.Body)
				if n > rec.ContentLength {
					t.Fatalf("body of %d bytes, declared %d", n, rec.ContentLength)
				}
			case 1:
				if resp, err := rec.HTTPResponse(); err == nil {
					io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
				}
			}
		}
	})
}

// FuzzPages runs Pages over arbitrary bytes.
func FuzzPages(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Options{MaxBodyBytes: 1 << 16}.Pages(bytes.NewReader(data), func(p Page) error {
			if len(p.Body) > 1<<16 {
				t.Fatalf("page of %d bytes over the cap", len(p.Body))
			}
			return nil
		})
		if err != nil && !errors.Is(err, ErrNotWARC) && !strings.HasPrefix(err.Error(), "warc: ") {
			t.Fatalf("error %v", err)
		}
	})
}

// endless is a reader of one repeated byte, forever.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

// TestBoundedMemory reads records whose header or version line never
// ends: the reader must give up with an error, not fill memory.
func TestBoundedMemory(t *testing.T) {
	tests := []struct {
		name   string
		r      io.Reader
		reason string
	}{
		{"endless header line", io.MultiReader(strings.NewReader("WARC/1.1\r\nWARC-Type: "), endless('x')), "header over"},
		{"endless blank lines", io.MultiReader(strings.NewReader("WARC/1.1\r\n"), endless('\n')), "missing Content-Length"},
		{"endless version line", io.MultiReader(strings.NewReader("WARC/1.1"), endless('1')), "expected a WARC version line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			r, err := NewReader(tt.r)
			if err != nil {
				t.Fatal(err)
			}
			_, err = r.Next()
			runtime.ReadMemStats(&after)
			if tt.reason != "" && (err == nil || !strings.Contains(err.Error(), tt.reason)) {
				t.Fatalf("error %v, want one saying %q", err, tt.reason)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
				t.Errorf("allocated %d bytes", grew)
			}
		})
	}
}
