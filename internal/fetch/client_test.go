package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loopback is what the tests' servers listen on.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// newClient returns a Client for tests: loopback allowed unless
// o.AllowPrivate says otherwise, no per-host rate limit unless o.HostRate
// sets one, fast retries.
func newClient(t testing.TB, o Options) *Client {
	t.Helper()
	if o.AllowPrivate == nil {
		o.AllowPrivate = loopback
	}
	if o.HostRate == 0 {
		o.HostRate = -1
	}
	if o.RetryBaseDelay == 0 {
		o.RetryBaseDelay = 10 * time.Millisecond
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// server runs h on a loopback server with a counter of requests per path;
// /robots.txt is 404 unless h serves it.
type server struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newServer(t testing.TB, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func get(t testing.TB, c *Client, rawURL string) (*Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return c.Get(ctx, Request{URL: rawURL})
}

func TestNewOptions(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		ok   bool
	}{
		{"zero value", Options{}, true},
		{"custom", Options{Version: "1.2.3", Contact: "mailto:ops@news.example", HostRate: 0.2, HostBurst: 3}, true},
		{"contact with newline", Options{Contact: "x\r\nX-Evil: 1"}, false},
		{"version with space", Options{Version: "1 2"}, false},
		{"negative timeout", Options{RequestTimeout: -time.Second}, false},
		{"negative body cap", Options{MaxBodyBytes: -1}, false},
		{"nan rate", Options{HostRate: nan()}, false},
		{"invalid prefix", Options{AllowPrivate: []netip.Prefix{{}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.o)
			if (err == nil) != tt.ok {
				t.Errorf("New = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func nan() float64 { z := 0.0; return z / z }

func TestGet(t *testing.T) {
	var gotUA, gotAccept, gotEncoding string
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotAccept, gotEncoding = r.UserAgent(), r.Header.Get("Accept"), r.Header.Get("Accept-Encoding")
		switch r.URL.Path {
		case "/feed":
			// A wrong content type for a feed: passed through, the caller decides.
			w.Header().Set("Content-Type", "image/png")
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Last-Modified", "Sat, 01 Mar 2025 12:00:00 GMT")
			fmt.Fprint(w, "<rss/>")
		default:
			http.NotFound(w, r)
		}
	})
	c := newClient(t, Options{Version: "1.2.3", Contact: "mailto:ops@news.example"})
	resp, err := c.Get(context.Background(), Request{URL: s.URL + "/feed#frag", Accept: "application/rss+xml"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 || string(resp.Body) != "<rss/>" || resp.ContentType != "image/png" ||
		resp.ETag != `"v1"` || resp.LastModified != "Sat, 01 Mar 2025 12:00:00 GMT" || resp.NotModified ||
		resp.URL != s.URL+"/feed" || time.Since(resp.Fetched) > time.Minute {
		t.Errorf("response = %+v", resp)
	}
	if gotUA != "Parallax/1.2.3 (+mailto:ops@news.example)" {
		t.Errorf("User-Agent = %q", gotUA)
	}
	if gotAccept != "application/rss+xml" || gotEncoding != "gzip, deflate" {
		t.Errorf("Accept = %q, Accept-Encoding = %q", gotAccept, gotEncoding)
	}

	_, err = get(t, c, s.URL+"/missing")
	var se *StatusError
	if !errors.As(err, &se) || !errors.Is(err, ErrStatus) || se.Code != 404 || se.URL != s.URL+"/missing" {
		t.Fatalf("missing page: %v", err)
	}
	if !strings.Contains(err.Error(), s.URL+"/missing") {
		t.Errorf("error %q does not name the URL", err)
	}
	if n := s.count("/missing"); n != 1 {
		t.Errorf("404 fetched %d times, want once (no retry)", n)
	}
}

func TestConditionalGet(t *testing.T) {
	const etag, lastMod = `W/"abc"`, "Sat, 01 Mar 2025 12:00:00 GMT"
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		fmt.Fprint(w, "body")
	})
	c := newClient(t, Options{})
	first, err := get(t, c, s.URL+"/feed")
	if err != nil || first.NotModified {
		t.Fatalf("first fetch: %+v, %v", first, err)
	}
	tests := []struct {
		name string
		req  Request
	}{
		{"etag", Request{URL: s.URL + "/feed", ETag: first.ETag}},
		{"last-modified", Request{URL: s.URL + "/feed", LastModified: first.LastModified}},
		{"both", Request{URL: s.URL + "/feed", ETag: first.ETag, LastModified: first.LastModified}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Get(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if !resp.NotModified || resp.Status != 304 || resp.Body != nil {
				t.Errorf("response = %+v, want 304 not modified", resp)
			}
			if resp.ETag != tt.req.ETag || resp.LastModified != tt.req.LastModified {
				t.Errorf("validators = %q, %q; want those sent", resp.ETag, resp.LastModified)
			}
		})
	}
}

func TestCompression(t *testing.T) {
	text := strings.Repeat("Dockworkers walked out at dawn. ", 200)
	bomb := gzipBomb(t, 64)
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gzip":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(compress(t, "gzip", []byte(text)))
		case "/deflate":
			w.Header().Set("Content-Encoding", "deflate")
			w.Write(compress(t, "zlib", []byte(text)))
		case "/raw-deflate":
			w.Header().Set("Content-Encoding", "deflate")
			w.Write(compress(t, "flate", []byte(text)))
		case "/bomb":
			// 64 MiB of zeros in about 64 KiB.
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		default:
			http.NotFound(w, r)
		}
	})
	c := newClient(t, Options{MaxBodyBytes: 1 << 20})
	for _, path := range []string{"/gzip", "/deflate", "/raw-deflate"} {
		t.Run(path, func(t *testing.T) {
			resp, err := get(t, c, s.URL+path)
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != text || resp.Header.Get("Content-Encoding") != "" {
				t.Errorf("body %d bytes, Content-Encoding %q", len(resp.Body), resp.Header.Get("Content-Encoding"))
			}
		})
	}
	t.Run("bomb", func(t *testing.T) {
		_, err := get(t, c, s.URL+"/bomb")
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "decompresses") ||
			!strings.Contains(err.Error(), s.URL+"/bomb") || !strings.Contains(err.Error(), "1048576") {
			t.Errorf("gzip bomb: %v", err)
		}
	})
}

func TestBodyTooLarge(t *testing.T) {
	t.Parallel()
	var written atomic.Int64
	done := make(chan struct{}, 1)
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/endless":
			defer func() { done <- struct{}{} }()
			chunk := bytes.Repeat([]byte("x"), 32<<10)
			for range (1 << 30) / len(chunk) { // at most 1 GiB
				n, err := w.Write(chunk)
				written.Add(int64(n))
				if err != nil {
					return
				}
			}
		case "/declared":
			w.Header().Set("Content-Length", fmt.Sprint(int64(1)<<40))
			w.Write([]byte("x"))
		default:
			http.NotFound(w, r)
		}
	})
	c := newClient(t, Options{MaxBodyBytes: 1 << 20})
	start := time.Now()
	_, err := get(t, c, s.URL+"/endless")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), s.URL+"/endless") || !strings.Contains(err.Error(), "1048576 byte limit") {
		t.Fatalf("endless body: %v", err)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("server still writing 10 s after the client gave up")
	}
	if n := written.Load(); n > 64<<20 {
		t.Errorf("server wrote %d bytes before the client hung up", n)
	}
	t.Logf("endless body refused after %s, server wrote %d KiB", time.Since(start).Round(time.Millisecond), written.Load()>>10)

	_, err = get(t, c, s.URL+"/declared")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "content-length") {
		t.Errorf("declared huge body: %v", err)
	}
}

// trickle writes one byte every 200 ms for at most 10 s, or until the
// client is gone.
func trickle(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
	for range 50 {
		if _, err := w.Write([]byte("x")); err != nil {
			return
		}
		rc.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func TestSlowServers(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/trickle":
			trickle(w, r)
		case "/slow-headers":
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			for _, b := range []byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") {
				buf.WriteByte(b)
				if buf.Flush() != nil {
					return
				}
				time.Sleep(200 * time.Millisecond)
				if conn.SetWriteDeadline(time.Now().Add(time.Second)) != nil {
					return
				}
			}
		default:
			http.NotFound(w, r)
		}
	})
	tests := []struct {
		name string
		path string
		o    Options
		want error
		max  time.Duration
	}{
		{"trickling body, minimum rate", "/trickle", Options{MinTransferRate: 100, TransferRateWindow: 500 * time.Millisecond}, ErrTooSlow, 3 * time.Second},
		{"trickling body, whole-request timeout", "/trickle", Options{MinTransferRate: -1, RequestTimeout: 700 * time.Millisecond}, ErrTimeout, 3 * time.Second},
		{"trickling headers", "/slow-headers", Options{ResponseHeaderTimeout: 300 * time.Millisecond}, ErrTimeout, 3 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.o
			o.IgnoreRobots = true // robots.txt would meet the same tight timeouts
			c := newClient(t, o)
			start := time.Now()
			_, err := get(t, c, s.URL+tt.path)
			elapsed := time.Since(start)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), s.URL+tt.path) {
				t.Fatalf("err = %v, want %v naming the URL", err, tt.want)
			}
			if elapsed > tt.max {
				t.Errorf("took %s, want under %s", elapsed, tt.max)
			}
			t.Logf("%v after %s", err, elapsed.Round(time.Millisecond))
		})
	}
}

func TestRedirects(t *testing.T) {
	other := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /closed\n")
		default:
			fmt.Fprint(w, "other "+r.URL.Path)
		}
	})
	var s *server
	s = newServer(t, func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/a":
			http.Redirect(w, r, "/b", http.StatusMovedPermanently)
		case p == "/b":
			http.Redirect(w, r, "/c?x=1", http.StatusFound)
		case p == "/c":
			fmt.Fprint(w, "final")
		case strings.HasPrefix(p, "/loop/"):
			var n int
			fmt.Sscanf(p, "/loop/%d", &n)
			http.Redirect(w, r, fmt.Sprintf("/loop/%d", n+1), http.StatusTemporaryRedirect)
		case p == "/metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case p == "/other-loopback":
			u, _ := url.Parse(s.URL)
			http.Redirect(w, r, "http://127.0.0.2:"+u.Port()+"/c", http.StatusFound)
		case p == "/localhost":
			u, _ := url.Parse(s.URL)
			http.Redirect(w, r, "http://localhost:"+u.Port()+"/c", http.StatusFound)
		case p == "/ftp":
			http.Redirect(w, r, "ftp://news.example/file", http.StatusFound)
		case p == "/elsewhere-closed":
			http.Redirect(w, r, other.URL+"/closed", http.StatusFound)
		case p == "/elsewhere":
			http.Redirect(w, r, other.URL+"/open", http.StatusSeeOther)
		default:
			http.NotFound(w, r)
		}
	})
	only127001 := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	tests := []struct {
		name  string
		path  string
		allow []netip.Prefix
		want  error
		body  string
		final string
	}{
		{"two hops", "/a", nil, nil, "final", s.URL + "/c?x=1"},
		{"to another host", "/elsewhere", nil, nil, "other /open", other.URL + "/open"},
		{"endless", "/loop/0", nil, ErrTooManyRedirects, "", ""},
		{"to cloud metadata", "/metadata", nil, ErrForbiddenAddress, "", ""},
		{"to a loopback address not allowed", "/other-loopback", only127001, ErrForbiddenAddress, "", ""},
		{"to localhost, allowed", "/localhost", only127001, nil, "final", ""},
		{"to ftp", "/ftp", nil, ErrUnsupportedScheme, "", ""},
		{"to a page robots.txt closes", "/elsewhere-closed", nil, ErrDisallowed, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, Options{AllowPrivate: tt.allow})
			resp, err := get(t, c, s.URL+tt.path)
			if tt.want != nil {
				if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), s.URL+tt.path) {
					t.Fatalf("err = %v, want %v naming the first URL", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != tt.body || tt.final != "" && resp.URL != tt.final {
				t.Errorf("body %q at %s", resp.Body, resp.URL)
			}
		})
	}
	if n := s.count("/loop/5"); n != 1 || s.count("/loop/6") != 0 {
		t.Errorf("endless redirect: hop 5 fetched %d times, hop 6 %d; want the 5th redirect followed, no more", n, s.count("/loop/6"))
	}
}

// TestMovedTo checks which redirects count as a move for good: the run of
// 301s and 308s a request starts with, and nothing after a temporary one.
func TestMovedTo(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		redirect := map[string]struct {
			to   string
			code int
		}{
			"/old":        {"/older#frag", http.StatusMovedPermanently},
			"/older":      {"/feed", http.StatusPermanentRedirect},
			"/then-temp":  {"/temp", http.StatusMovedPermanently},
			"/temp":       {"/feed", http.StatusFound},
			"/temp-first": {"/perm", http.StatusTemporaryRedirect},
			"/perm":       {"/feed", http.StatusMovedPermanently},
			"/see-other":  {"/feed", http.StatusSeeOther},
			"/to-304":     {"/etag", http.StatusMovedPermanently},
			"/moved-gone": {"/gone", http.StatusMovedPermanently},
		}
		if rd, ok := redirect[r.URL.Path]; ok {
			http.Redirect(w, r, rd.to, rd.code)
			return
		}
		switch r.URL.Path {
		case "/feed":
			fmt.Fprint(w, "<rss/>")
		case "/etag":
			w.Header().Set("ETag", `"e1"`)
			if r.Header.Get("If-None-Match") == `"e1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			fmt.Fprint(w, "<rss/>")
		default:
			http.NotFound(w, r)
		}
	})
	c := newClient(t, Options{})
	for _, tt := range []struct{ path, moved string }{
		{"/feed", ""},
		{"/old", s.URL + "/feed"},
		{"/then-temp", s.URL + "/temp"},
		{"/temp-first", ""},
		{"/see-other", ""},
	} {
		resp, err := get(t, c, s.URL+tt.path)
		if err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		if resp.MovedTo != tt.moved || resp.URL != s.URL+"/feed" {
			t.Errorf("%s: MovedTo %q at %s, want %q at /feed", tt.path, resp.MovedTo, resp.URL, tt.moved)
		}
	}
	// A conditional request answered 304 at the new address is a move too.
	resp, err := c.Get(t.Context(), Request{URL: s.URL + "/to-304", ETag: `"e1"`})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.NotModified || resp.MovedTo != s.URL+"/etag" {
		t.Errorf("304 after a 301: not modified %v, MovedTo %q", resp.NotModified, resp.MovedTo)
	}
	// A permanent redirect to an error is still an error.
	if _, err := get(t, c, s.URL+"/moved-gone"); !errors.Is(err, ErrStatus) {
		t.Errorf("301 to a 404: %v, want ErrStatus", err)
	}
}

// resolveTo maps every name ending in .test to one address.
type resolveTo netip.Addr

func (r resolveTo) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if strings.HasSuffix(host, ".test") {
		return []netip.Addr{netip.Addr(r)}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func TestGuardAtDialTime(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "secret") })
	u, _ := url.Parse(s.URL)
	port := u.Port()
	tests := []struct {
		name string
		o    Options
		url  string
	}{
		{"localhost by default", Options{}, "http://localhost:" + port + "/"},
		{"loopback literal by default", Options{}, s.URL + "/"},
		{"public-looking name to loopback", Options{Resolver: resolveTo(netip.MustParseAddr("127.0.0.1"))}, "http://news.test:" + port + "/"},
		{"name to a loopback outside the allowed range", Options{Resolver: resolveTo(netip.MustParseAddr("127.0.0.1")),
			AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")}}, "http://news.test:" + port + "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.o
			if o.AllowPrivate == nil {
				o.AllowPrivate = []netip.Prefix{} // nothing allowed
			}
			c := newClient(t, o)
			_, err := get(t, c, tt.url)
			if !errors.Is(err, ErrForbiddenAddress) || !strings.Contains(err.Error(), "127.0.0.1") {
				t.Errorf("err = %v, want forbidden address naming 127.0.0.1", err)
			}
		})
	}
	if n := s.count("/") + s.count("/robots.txt"); n != 0 {
		t.Errorf("server reached %d times", n)
	}
	c := newClient(t, Options{Resolver: resolveTo(netip.MustParseAddr("127.0.0.1"))})
	if resp, err := get(t, c, "http://news.test:"+port+"/"); err != nil || string(resp.Body) != "secret" {
		t.Errorf("allowed name: %v", err)
	}
}

func TestHTTPS(t *testing.T) {
	s := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "over tls "+r.Proto)
	}))
	s.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake below
	s.StartTLS()
	defer s.Close()
	c := newClient(t, Options{RootCAs: s.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs})
	resp, err := get(t, c, s.URL+"/")
	if err != nil || !strings.HasPrefix(string(resp.Body), "over tls") {
		t.Fatalf("https: %v", err)
	}
	c = newClient(t, Options{})
	if _, err := get(t, c, s.URL+"/"); err == nil {
		t.Error("untrusted certificate accepted")
	}
}

func TestRetries(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	calls := map[string]int{}
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls[r.URL.Path]++
		n := calls[r.URL.Path]
		mu.Unlock()
		switch r.URL.Path {
		case "/500-then-200":
			if n == 1 {
				http.Error(w, "oops", http.StatusInternalServerError)
				return
			}
		case "/429-retry-after-1":
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return
			}
		case "/503-retry-after-date":
			if n == 1 {
				w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
				http.Error(w, "later", http.StatusServiceUnavailable)
				return
			}
		case "/503-retry-after-hour":
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "much later", http.StatusServiceUnavailable)
			return
		case "/always-502":
			http.Error(w, "bad gateway", http.StatusBadGateway)
			return
		case "/dropped-then-200":
			if n == 1 {
				conn, _, err := http.NewResponseController(w).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
		case "/robots.txt":
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "ok")
	})
	tests := []struct {
		name     string
		path     string
		calls    int
		minWait  time.Duration
		maxWait  time.Duration
		status   int
		retryHdr time.Duration
	}{
		{"500 then 200", "/500-then-200", 2, 0, 2 * time.Second, 0, 0},
		{"429 with Retry-After: 1", "/429-retry-after-1", 2, 950 * time.Millisecond, 3 * time.Second, 0, 0},
		{"503 with Retry-After date", "/503-retry-after-date", 2, 900 * time.Millisecond, 4 * time.Second, 0, 0},
		{"Retry-After over the cap", "/503-retry-after-hour", 1, 0, time.Second, 503, time.Hour},
		{"always 502", "/always-502", 3, 0, 2 * time.Second, 502, 0},
		{"dropped connection then 200", "/dropped-then-200", 2, 0, 2 * time.Second, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newClient(t, Options{MaxRetries: 2, RetryMaxDelay: 5 * time.Second})
			start := time.Now()
			resp, err := get(t, c, s.URL+tt.path)
			elapsed := time.Since(start)
			if tt.status == 0 {
				if err != nil || string(resp.Body) != "ok" {
					t.Fatalf("err = %v", err)
				}
			} else {
				var se *StatusError
				if !errors.As(err, &se) || se.Code != tt.status || se.RetryAfter.Round(time.Second) != tt.retryHdr {
					t.Fatalf("err = %v, want status %d, retry after %s", err, tt.status, tt.retryHdr)
				}
			}
			mu.Lock()
			n := calls[tt.path]
			mu.Unlock()
			if n != tt.calls {
				t.Errorf("%d calls, want %d", n, tt.calls)
			}
			if elapsed < tt.minWait || elapsed > tt.maxWait {
				t.Errorf("took %s, want within [%s, %s]", elapsed, tt.minWait, tt.maxWait)
			}
		})
	}
}

func TestRobots(t *testing.T) {
	t.Parallel()
	type site struct {
		robots func(w http.ResponseWriter)
	}
	file := func(body string) func(w http.ResponseWriter) {
		return func(w http.ResponseWriter) { fmt.Fprint(w, body) }
	}
	status := func(code int) func(w http.ResponseWriter) {
		return func(w http.ResponseWriter) { http.Error(w, "robots", code) }
	}
	tests := []struct {
		name   string
		robots func(w http.ResponseWriter)
		paths  map[string]error // path → nil for allowed, ErrDisallowed
		text   string           // in the error for disallowed paths
	}{
		{"disallow and allow", file("User-agent: *\nDisallow: /private\nAllow: /private/press\n\nUser-agent: otherbot\nDisallow: /\n"),
			map[string]error{"/news": nil, "/private/x": ErrDisallowed, "/private/press/1": nil}, ""},
		{"our group", file("User-agent: *\nDisallow: /\n\nUser-agent: Parallax\nAllow: /\nDisallow: /drafts$\n"),
			map[string]error{"/news": nil, "/drafts": ErrDisallowed, "/drafts/x": nil}, ""},
		{"404 allows all", status(404), map[string]error{"/news": nil, "/private": nil}, ""},
		{"403 allows all", status(403), map[string]error{"/news": nil}, ""},
		{"500 closes the host", status(500), map[string]error{"/news": ErrDisallowed}, "unavailable"},
		{"429 closes the host", status(429), map[string]error{"/news": ErrDisallowed}, "unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					tt.robots(w)
					return
				}
				fmt.Fprint(w, "page")
			})
			c := newClient(t, Options{MaxRetries: -1})
			for round := range 2 {
				for path, want := range tt.paths {
					_, err := get(t, c, s.URL+path)
					if want == nil && err != nil || want != nil && (!errors.Is(err, want) || !strings.Contains(err.Error(), tt.text)) {
						t.Errorf("round %d, %s: err = %v, want %v", round, path, err, want)
					}
					if want != nil && s.count(path) != 0 {
						t.Errorf("%s fetched although disallowed", path)
					}
				}
			}
			if n := s.count("/robots.txt"); n != 1 {
				t.Errorf("robots.txt fetched %d times, want once", n)
			}
		})
	}
}

func TestRobotsFetchedOnceConcurrently(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			time.Sleep(100 * time.Millisecond)
			fmt.Fprint(w, "User-agent: *\nDisallow: /x\n")
			return
		}
		fmt.Fprint(w, "page")
	})
	c := newClient(t, Options{HostConcurrency: 4})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if _, err := get(t, c, fmt.Sprintf("%s/p%d", s.URL, i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := s.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times by 8 concurrent requests", n)
	}
}

func TestRobotsTTLAndIgnore(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
			return
		}
		fmt.Fprint(w, "page")
	})
	c := newClient(t, Options{RobotsTTL: 100 * time.Millisecond})
	get(t, c, s.URL+"/a")
	get(t, c, s.URL+"/b")
	time.Sleep(150 * time.Millisecond)
	get(t, c, s.URL+"/c")
	if n := s.count("/robots.txt"); n != 2 {
		t.Errorf("robots.txt fetched %d times, want 2 (once more after the TTL)", n)
	}

	ignoring := newClient(t, Options{IgnoreRobots: true})
	if _, err := get(t, ignoring, s.URL+"/private"); err != nil {
		t.Errorf("IgnoreRobots: %v", err)
	}
	if n := s.count("/robots.txt"); n != 2 {
		t.Errorf("robots.txt fetched although ignored")
	}
}

func TestRobotsUnreachableKeepsStaleRules(t *testing.T) {
	var failing atomic.Bool
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			if failing.Load() {
				http.Error(w, "down", http.StatusServiceUnavailable)
				return
			}
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
			return
		}
		fmt.Fprint(w, "page")
	})
	c := newClient(t, Options{RobotsTTL: 50 * time.Millisecond, MaxRetries: -1})
	if _, err := get(t, c, s.URL+"/a"); err != nil {
		t.Fatal(err)
	}
	failing.Store(true)
	time.Sleep(80 * time.Millisecond)
	if _, err := get(t, c, s.URL+"/a"); err != nil {
		t.Errorf("with stale rules: %v", err)
	}
	if _, err := get(t, c, s.URL+"/private"); !errors.Is(err, ErrDisallowed) {
		t.Errorf("stale rules not applied: %v", err)
	}
}

func TestHostRateLimit(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var arrivals []time.Time
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		mu.Unlock()
		fmt.Fprint(w, "ok")
	})
	const rate, n = 10.0, 6
	c := newClient(t, Options{HostRate: rate, HostConcurrency: n})
	start := time.Now()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, err := get(t, c, fmt.Sprintf("%s/%d", s.URL, i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	// n pages and robots.txt: n intervals at least.
	if min := time.Duration(float64(n-1) / rate * float64(time.Second)); elapsed < min {
		t.Errorf("%d requests took %s, want at least %s", n, elapsed, min)
	}
	// Seen by the server, single gaps vary with connection set-up; the span
	// does not, beyond one request's latency.
	if span, want := arrivals[len(arrivals)-1].Sub(arrivals[0]), time.Duration(len(arrivals)-1)*100*time.Millisecond; span < want-50*time.Millisecond {
		t.Errorf("%d arrivals spread over %s, want about %s", len(arrivals), span, want)
	}
	t.Logf("%d requests (with robots.txt) at %.0f/s took %s", len(arrivals), rate, elapsed.Round(time.Millisecond))
}

func TestCrawlDelay(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nCrawl-delay: 0.3\n")
			return
		}
		fmt.Fprint(w, "ok")
	})
	c := newClient(t, Options{HostRate: 100})
	start := time.Now()
	for i := range 3 {
		if _, err := get(t, c, fmt.Sprintf("%s/%d", s.URL, i)); err != nil {
			t.Fatal(err)
		}
	}
	// robots.txt, then three pages 0.3 s apart: the first page waits only
	// the 10 ms of HostRate, the next two 0.3 s each.
	if elapsed := time.Since(start); elapsed < 600*time.Millisecond {
		t.Errorf("3 pages with Crawl-delay 0.3 took %s, want ≥ 600ms", elapsed)
	}
}

// peakServer counts requests in flight on paths other than robots.txt.
func peakServer(t testing.TB, hold time.Duration) (*server, *atomic.Int32) {
	var cur, peak atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n := cur.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(hold)
		cur.Add(-1)
		fmt.Fprint(w, "ok")
	})
	return s, &peak
}

func TestConcurrencyCaps(t *testing.T) {
	t.Parallel()
	t.Run("per host", func(t *testing.T) {
		t.Parallel()
		s, peak := peakServer(t, 100*time.Millisecond)
		c := newClient(t, Options{HostConcurrency: 2})
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				if _, err := get(t, c, fmt.Sprintf("%s/%d", s.URL, i)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if p := peak.Load(); p != 2 {
			t.Errorf("peak %d requests in flight to one host, want 2", p)
		}
	})
	t.Run("global", func(t *testing.T) {
		t.Parallel()
		s, peak := peakServer(t, 100*time.Millisecond)
		u, _ := url.Parse(s.URL)
		c := newClient(t, Options{MaxConcurrency: 3, Resolver: resolveTo(netip.MustParseAddr("127.0.0.1"))})
		var wg sync.WaitGroup
		for i := range 10 {
			wg.Go(func() {
				if _, err := get(t, c, fmt.Sprintf("http://host%d.test:%s/", i, u.Port())); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if p := peak.Load(); p != 3 {
			t.Errorf("peak %d requests in flight over 10 hosts, want 3", p)
		}
	})
}

func TestCancelWhileWaiting(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	c := newClient(t, Options{HostRate: 0.01, IgnoreRobots: true}) // one request per 100 s
	if _, err := get(t, c, s.URL+"/"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Get(ctx, Request{URL: s.URL + "/again"})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("err = %v after %s, want the deadline, promptly", err, time.Since(start))
	}
}
