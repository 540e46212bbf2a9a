package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func compress(t testing.TB, kind string, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	var w interface {
		Write([]byte) (int, error)
		Close() error
	}
	switch kind {
	case "gzip":
		w = gzip.NewWriter(&b)
	case "zlib":
		w = zlib.NewWriter(&b)
	case "flate":
		w, _ = flate.NewWriter(&b, flate.BestCompression)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gzipBomb is a gzip stream of mib MiB of zeros in about mib KiB: one
// member of 1 MiB, repeated (a gzip reader reads every member).
func gzipBomb(t testing.TB, mib int) []byte {
	return bytes.Repeat(compress(t, "gzip", make([]byte, 1<<20)), mib)
}

func TestReadBody(t *testing.T) {
	text := []byte(strings.Repeat("The port strike entered its third day. ", 100))
	bomb := gzipBomb(t, 8)
	tests := []struct {
		name     string
		body     []byte
		encoding string
		limit    int64
		truncate bool
		want     []byte
		err      error
		errText  string
	}{
		{"identity", text, "", 1 << 20, false, text, nil, ""},
		{"gzip", compress(t, "gzip", text), "gzip", 1 << 20, false, text, nil, ""},
		{"x-gzip", compress(t, "gzip", text), "X-Gzip", 1 << 20, false, text, nil, ""},
		{"deflate as zlib", compress(t, "zlib", text), "deflate", 1 << 20, false, text, nil, ""},
		{"deflate raw", compress(t, "flate", text), "deflate", 1 << 20, false, text, nil, ""},
		{"unknown encoding passed through", []byte("br bytes"), "br", 1 << 20, false, []byte("br bytes"), nil, ""},
		{"over limit", text, "", 100, false, nil, ErrTooLarge, "100 byte limit"},
		{"exactly the limit", text[:100], "", 100, false, text[:100], nil, ""},
		{"gzip bomb", bomb, "gzip", 1 << 20, false, nil, ErrTooLarge, "gzip body decompresses to over the 1048576 byte limit"},
		{"truncated", text, "", 100, true, text[:100], nil, ""},
		{"bomb truncated", bomb, "gzip", 1000, true, make([]byte, 1000), nil, ""},
		{"corrupt gzip", []byte("not gzip at all"), "gzip", 1 << 20, false, nil, nil, "gzip body"},
		{"empty gzip", nil, "gzip", 1 << 20, false, nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.encoding != "" {
				h.Set("Content-Encoding", tt.encoding)
			}
			got, err := readBody(bytes.NewReader(tt.body), h, int64(len(tt.body)), tt.limit, tt.truncate)
			if tt.err != nil && !errors.Is(err, tt.err) || tt.errText != "" && (err == nil || !strings.Contains(err.Error(), tt.errText)) {
				t.Fatalf("err = %v, want %v containing %q", err, tt.err, tt.errText)
			}
			if tt.err == nil && tt.errText == "" && err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("body = %d bytes, want %d", len(got), len(tt.want))
			}
		})
	}
}
