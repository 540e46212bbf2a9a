package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite"
)

var base = time.Date(2024, 3, 10, 8, 0, 0, 0, time.UTC)

// openStore returns a store in t.TempDir holding two stories: story 1
// with an article and its reprint, story 2 with one article.
func openStore(t *testing.T) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, a := range []news.Article{
		{Identity: "test:tram", URL: "https://gazette.example/tram", Source: "City Gazette",
			Title: "New tram line opens to the airport", Text: "The airport tram carried its first passengers today.",
			Published: base, StoryID: 1, Assignment: news.Assignment{StoryID: 1, NewStory: true}},
		{Identity: "test:tram-copy", URL: "https://wire.example/tram", Source: "Wire Service",
			Title: "New tram line opens to the airport", Text: "The airport tram carried its first passengers today.",
			Published: base.Add(time.Hour), StoryID: 1, DuplicateOf: 1,
			Assignment: news.Assignment{StoryID: 1, Score: 0.8, DuplicateOf: 1, Similarity: 1, TimeGap: time.Hour}},
		{Identity: "test:rain", URL: "https://gazette.example/rain", Source: "City Gazette",
			Title: "Record rainfall in April", Text: "April was the wettest month on record.",
			Published: base.Add(-time.Hour), StoryID: 2, Assignment: news.Assignment{StoryID: 2, NewStory: true}},
	} {
		if _, err := st.AddArticle(ctx, &a); err != nil {
			t.Fatalf("add %s: %v", a.Identity, err)
		}
	}
	return st
}

type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newLogger(b *logBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(b, nil))
}

func fetch(t *testing.T, client *http.Client, method, url string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read: %v", method, url, err)
	}
	return resp, string(body)
}

func checkSecurityHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	for k, v := range map[string]string{
		"Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
	} {
		if got := h.Get(k); got != v {
			t.Errorf("%s: %s %q, want %q", what, k, got, v)
		}
	}
}

// TestRoutes requests every route through the full handler over a real
// store and checks status, content type and security headers.
func TestRoutes(t *testing.T) {
	logs := &logBuffer{}
	s, err := New(openStore(t), newLogger(logs), Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	const (
		jsonType = "application/json; charset=utf-8"
		htmlType = "text/html; charset=utf-8"
		textType = "text/plain; charset=utf-8"
	)
	for _, tc := range []struct {
		name, method, path string
		status             int
		ctype, contains    string
	}{
		{"health", "GET", "/healthz", 200, textType, "ok"},
		{"api stories", "GET", "/api/v1/stories", 200, jsonType, `{"stories":[{"id":1,"title":"New tram line opens to the airport"`},
		{"api story", "GET", "/api/v1/stories/1", 200, jsonType, `"duplicate_of":1`},
		{"api missing story", "GET", "/api/v1/stories/9", 404, jsonType, `{"error":{"status":404,"code":"not_found","message":"story 9 not found"}}`},
		{"api bad story id", "GET", "/api/v1/stories/x", 400, jsonType, `"code":"bad_request"`},
		{"api article", "GET", "/api/v1/articles/3", 200, jsonType, "wettest month"},
		{"api search", "GET", "/api/v1/search?q=tram", 200, jsonType, `{"text":"tram","match":true}`},
		{"api stats", "GET", "/api/v1/stats", 200, jsonType, `{"articles":3,"stories":2,"reprints":1,"sources":2}`},
		{"api unknown", "GET", "/api/v1/nope", 404, jsonType, `"code":"not_found"`},
		{"api wrong method", "PUT", "/api/v1/stats", 405, jsonType, `"code":"method_not_allowed"`},
		{"story list", "GET", "/", 200, htmlType, `<a href="/stories/1">New tram line opens to the airport</a>`},
		{"story page", "GET", "/stories/1", 200, htmlType, "reprint of #1"},
		{"article page", "GET", "/articles/3", 200, htmlType, "<p>April was the wettest month on record.</p>"},
		{"search page", "GET", "/search?q=tram", 200, htmlType, "<mark>tram</mark>"},
		{"missing story page", "GET", "/stories/9", 404, htmlType, "story 9 not found"},
		{"bad id page", "GET", "/articles/x", 400, htmlType, "invalid article id"},
		{"unknown page", "GET", "/nope", 404, htmlType, "page /nope not found"},
		{"health wrong method", "POST", "/healthz", 405, htmlType, "method POST not allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := fetch(t, srv.Client(), tc.method, srv.URL+tc.path)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tc.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != tc.ctype {
				t.Errorf("Content-Type %q, want %q", ct, tc.ctype)
			}
			if !strings.Contains(body, tc.contains) {
				t.Errorf("body lacks %q:\n%s", tc.contains, body)
			}
			checkSecurityHeaders(t, tc.path, resp.Header)
		})
	}
	// The style sheet the pages link to is served from the same origin,
	// which is all the Content-Security-Policy allows.
	_, page := fetch(t, srv.Client(), "GET", srv.URL+"/")
	i := strings.Index(page, `href="/static/style.css`)
	if i < 0 {
		t.Fatal("page links no style sheet")
	}
	href := page[i+len(`href="`):]
	href = href[:strings.IndexByte(href, '"')]
	if resp, _ := fetch(t, srv.Client(), "GET", srv.URL+href); resp.StatusCode != 200 {
		t.Errorf("GET %s: status %d", href, resp.StatusCode)
	}

	out := logs.String()
	for _, want := range []string{
		`msg="http request" method=GET path=/api/v1/stories/9 status=404`,
		`msg="http request" method=PUT path=/api/v1/stats status=405`,
		`msg="http request" method=GET path=/healthz status=200`,
		"duration=",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("request log lacks %q:\n%s", want, out)
		}
	}
}

func TestNewRefusesNilStore(t *testing.T) {
	if _, err := New(nil, nil, Options{}); !errors.Is(err, news.ErrInvalid) {
		t.Errorf("New(nil store) error %v, want news.ErrInvalid", err)
	}
}

// TestRecovery runs panicking handlers behind the middleware.
func TestRecovery(t *testing.T) {
	for _, tc := range []struct {
		name, path     string
		handler        http.HandlerFunc
		status         int
		ctype, body    string
		clientFails    bool
		logged, absent string
	}{
		{
			name: "api panic is a JSON 500", path: "/api/v1/boom",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Partial", "yes")
				panic("boom in api")
			},
			status: 500, ctype: "application/json; charset=utf-8",
			body:   `{"error":{"status":500,"code":"internal","message":"internal server error"}}` + "\n",
			logged: "boom in api",
		},
		{
			name: "page panic is a plain 500", path: "/stories/1",
			handler: func(w http.ResponseWriter, r *http.Request) {
				var m map[string]int
				m["x"]++ // nil map: a runtime panic
			},
			status: 500, ctype: "text/plain; charset=utf-8", body: "500 internal server error\n",
			logged: "assignment to entry in nil map",
		},
		{
			name: "panic after the response started aborts the connection", path: "/late",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", "100")
				w.WriteHeader(http.StatusOK)
				_, _ = io.WriteString(w, "partial")
				w.(http.Flusher).Flush()
				panic("late boom")
			},
			clientFails: true, logged: "late boom",
		},
		{
			name: "ErrAbortHandler passes through unlogged", path: "/abort",
			handler: func(w http.ResponseWriter, r *http.Request) {
				panic(http.ErrAbortHandler)
			},
			clientFails: true, absent: "http handler panic",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs := &logBuffer{}
			srv := httptest.NewUnstartedServer(wrap(newLogger(logs), tc.handler))
			// net/http logs the aborted handlers itself; keep the test output clean.
			srv.Config.ErrorLog = slog.NewLogLogger(slog.DiscardHandler, slog.LevelError)
			srv.Start()
			defer srv.Close()
			resp, err := srv.Client().Get(srv.URL + tc.path)
			if tc.clientFails {
				if err == nil {
					_, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				if err == nil {
					t.Fatal("client read a complete response; want the connection aborted")
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tc.status || string(body) != tc.body {
					t.Errorf("got %d %q, want %d %q", resp.StatusCode, body, tc.status, tc.body)
				}
				if ct := resp.Header.Get("Content-Type"); ct != tc.ctype {
					t.Errorf("Content-Type %q, want %q", ct, tc.ctype)
				}
				if resp.Header.Get("X-Partial") != "" {
					t.Error("headers set before the panic leaked into the 500")
				}
				checkSecurityHeaders(t, tc.path, resp.Header)
			}
			srv.Close() // wait for the handlers, so the log is complete
			out := logs.String()
			if tc.logged != "" {
				for _, want := range []string{`msg="http handler panic"`, tc.logged, "stack=", "path=" + tc.path} {
					if !strings.Contains(out, want) {
						t.Errorf("log lacks %q:\n%s", want, out)
					}
				}
			}
			if tc.absent != "" && strings.Contains(out, tc.absent) {
				t.Errorf("log contains %q:\n%s", tc.absent, out)
			}
			if !strings.Contains(out, `msg="http request" method=GET path=`+tc.path) {
				t.Errorf("request not logged:\n%s", out)
			}
			if aborted := strings.Contains(out, "aborted=true"); aborted != tc.clientFails {
				t.Errorf("request logged with aborted=%v, want %v:\n%s", aborted, tc.clientFails, out)
			}
		})
	}
}

// startServer runs s.ListenAndServe on a free loopback port and returns
// its address and the channel ListenAndServe's result arrives on.
func startServer(t *testing.T, ctx context.Context, s *Server) (string, <-chan error) {
	t.Helper()
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- s.ListenAndServe(ctx, "127.0.0.1:0", func(addr string) { addrc <- addr })
	}()
	select {
	case addr := <-addrc:
		return addr, done
	case err := <-done:
		t.Fatalf("ListenAndServe returned before ready: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("ready not called within 10s")
	}
	return "", nil
}

func TestListenAndServe(t *testing.T) {
	s, err := New(openStore(t), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, done := startServer(t, ctx, s)
	if host, port, err := net.SplitHostPort(addr); err != nil || host != "127.0.0.1" || port == "0" {
		t.Fatalf("ready got %q, want the bound loopback address", addr)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, body := fetch(t, client, "GET", "http://"+addr+"/api/v1/stats")
	var st news.Stats
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &st) != nil || st.Articles != 3 {
		t.Fatalf("stats over the listener: %d %s", resp.StatusCode, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("ListenAndServe after cancel: %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ListenAndServe did not return within 10s of cancel")
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

// TestGracefulShutdown cancels the context while a request is in flight:
// the request must complete, and ListenAndServe must wait for it.
func TestGracefulShutdown(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		_, _ = io.WriteString(w, "finished")
	})
	s := &Server{logger: slog.New(slog.DiscardHandler), opts: Options{}.withDefaults(), handler: wrap(slog.New(slog.DiscardHandler), mux)}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, done := startServer(t, ctx, s)

	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/slow")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- result{string(b), err}
	}()
	<-entered
	cancel()
	select {
	case err := <-done:
		t.Fatalf("ListenAndServe returned (%v) with a request in flight", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if r := <-got; r.err != nil || r.body != "finished" {
		t.Errorf("in-flight request: %q, %v; want it finished", r.body, r.err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ListenAndServe: %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ListenAndServe did not return after the request finished")
	}
}

// TestShutdownTimeout: a request that outlives ShutdownTimeout makes
// ListenAndServe give up waiting and report it.
func TestShutdownTimeout(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	s := &Server{
		logger: slog.New(slog.DiscardHandler),
		opts:   Options{ShutdownTimeout: 100 * time.Millisecond}.withDefaults(),
		handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(entered)
			<-release
		}),
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, done := startServer(t, ctx, s)
	go func() {
		if resp, err := http.Get("http://" + addr + "/"); err == nil {
			resp.Body.Close()
		}
	}()
	<-entered
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("ListenAndServe: %v, want a shutdown deadline error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ListenAndServe ignored ShutdownTimeout")
	}
}

func TestListenError(t *testing.T) {
	s, err := New(openStore(t), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	called := false
	err = s.ListenAndServe(context.Background(), ln.Addr().String(), func(string) { called = true })
	if err == nil || !strings.Contains(err.Error(), "listen "+ln.Addr().String()) {
		t.Errorf("ListenAndServe on a taken port: %v, want a listen error", err)
	}
	if called {
		t.Error("ready called although listening failed")
	}
}

func TestOptionsDefaults(t *testing.T) {
	o := Options{ReadTimeout: time.Minute}.withDefaults()
	if o.ReadTimeout != time.Minute {
		t.Errorf("explicit ReadTimeout replaced: %v", o.ReadTimeout)
	}
	if o.ReadHeaderTimeout <= 0 || o.WriteTimeout <= 0 || o.IdleTimeout <= 0 || o.ShutdownTimeout <= 0 || o.MaxHeaderBytes <= 0 {
		t.Errorf("defaults missing: %+v", o)
	}
}
