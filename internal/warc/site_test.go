package warc

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// site serves a small news site on loopback for wget to archive: plain,
// gzip-encoded and chunked pages, an XHTML page, a redirect, a missing
// page, a stylesheet and an image.
func site() http.Handler {
	mux := http.NewServeMux()
	page := func(title, body string) string {
		return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title +
			"</title><link rel=\"stylesheet\" href=\"/style.css\"></head>\n<body><article><h1>" + title +
			"</h1>\n" + body + "\n</article></body></html>\n"
	}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page("Front page", `<ul>
<li><a href="/news/summit.html">Summit ends</a></li>
<li><a href="/news/strike.html">Port strike</a></li>
<li><a href="/news/live.html">Live updates</a></li>
<li><a href="/news/library.xhtml">Library hours</a></li>
<li><a href="/old-summit">Old address</a></li>
<li><a href="/news/missing.html">Gone</a></li>
</ul><img src="/logo.png" alt="">`)))
	})
	mux.HandleFunc("GET /news/summit.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page("Summit ends", "<p>Leaders agreed on a joint statement about shared waters.</p>")))
	})
	mux.HandleFunc("GET /news/strike.html", func(w http.ResponseWriter, r *http.Request) {
		// Compressed whatever the client asked for, as some servers do.
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zw.Write([]byte(page("Port strike", "<p>The strike at the container port enters its third day.</p>")))
		zw.Close()
	})
	mux.HandleFunc("GET /news/live.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		f := w.(http.Flusher)
		w.Write([]byte("<!DOCTYPE html>\n<html><head><title>Live updates</title></head><body>\n"))
		f.Flush() // no Content-Length: the response goes out chunked
		for _, u := range []string{"09:00 Talks resume.", "11:30 A statement is expected.", "14:00 Statement published."} {
			w.Write([]byte("<p>" + u + "</p>\n"))
			f.Flush()
		}
		w.Write([]byte("</body></html>\n"))
	})
	mux.HandleFunc("GET /news/library.xhtml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xhtml+xml")
		w.Write([]byte(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Library hours</title></head><body><p>The library opens at nine.</p></body></html>`))
	})
	mux.HandleFunc("GET /old-summit", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/summit.html", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /style.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		w.Write([]byte("body { font-family: serif; }\n"))
	})
	mux.HandleFunc("GET /logo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	})
	return mux
}

// TestWget archives the site with wget and reads the archive back. Under
// -update the archive becomes testdata/wget.warc.gz.
func TestWget(t *testing.T) {
	wget, err := exec.LookPath("wget")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("wget is not installed; CI must install it (.ci/run does)")
		}
		t.Skip("wget is not installed: install it (apt-get install wget) to archive a live site in this test")
	}
	if testing.Short() {
		t.Skip("runs wget")
	}
	srv := httptest.NewServer(site())
	defer srv.Close()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, wget,
		"--quiet", "--recursive", "--level=2", "--page-requisites",
		"-e", "robots=off", "--no-warc-keep-log", "--no-config",
		"--directory-prefix="+filepath.Join(dir, "files"),
		"--warc-file="+filepath.Join(dir, "site"),
		srv.URL+"/")
	cmd.Env = append(os.Environ(), "http_proxy=", "https_proxy=", "HTTP_PROXY=", "HTTPS_PROXY=", "no_proxy=*")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	// wget exits with 8 when the server answers with an error, as it does
	// for the missing page.
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 8) {
		t.Fatalf("wget: %v\n%s", err, out)
	}
	archive, err := os.ReadFile(filepath.Join(dir, "site.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(filepath.Join("testdata", "wget.warc.gz"), archive, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	checkWgetArchive(t, archive, srv.URL)
}

// TestWgetFixture reads the committed archive wget made of the site.
func TestWgetFixture(t *testing.T) {
	archive := readFile(t, "testdata/wget.warc.gz")
	r, err := NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if rec.Type != TypeWarcinfo {
		t.Fatalf("first record is %q", rec.Type)
	}
	// The site's address is in every target URI: find it from the first
	// response.
	var base string
	for {
		rec, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if rec.Type == TypeResponse {
			base = strings.TrimSuffix(rec.TargetURI, "/")
			break
		}
	}
	checkWgetArchive(t, archive, base)
}

// checkWgetArchive checks the pages in an archive of the site served at
// base.
func checkWgetArchive(t *testing.T, archive []byte, base string) {
	t.Helper()
	pages := map[string]Page{}
	var problems []string
	err := Options{Problem: func(p Problem) { problems = append(problems, p.Error()) }}.Pages(bytes.NewReader(archive), func(p Page) error {
		pages[strings.TrimPrefix(p.URL, base)] = p
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Errorf("problems: %q", problems)
	}
	var got []string
	for u := range pages {
		got = append(got, u)
	}
	sort.Strings(got)
	want := []string{"/", "/news/library.xhtml", "/news/live.html", "/news/strike.html", "/news/summit.html"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("pages %q, want %q", got, want)
	}
	for u, text := range map[string]string{
		"/news/strike.html":   "container port enters its third day",
		"/news/live.html":     "<p>14:00 Statement published.</p>",
		"/news/library.xhtml": "The library opens at nine.",
	} {
		if !bytes.Contains(pages[u].Body, []byte(text)) {
			t.Errorf("%s: body %q lacks %q", u, pages[u].Body, text)
		}
	}
	if p := pages["/news/summit.html"]; p.Date.IsZero() || p.RecordID == "" || p.ContentType != "text/html; charset=utf-8" {
		t.Errorf("summit page fields: %+v", p)
	}
}
