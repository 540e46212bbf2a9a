package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

// send makes one request to the sources routes of srv and decodes its
// JSON body (none for 204).
func send(t *testing.T, srv *httptest.Server, path, method, contentType, body string) (*http.Response, map[string]any) {
	t.Helper()
	resp, b := request(t, srv, method, "/api/v1/sources"+path, contentType, body)
	var v map[string]any
	if resp.StatusCode != http.StatusNoContent {
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s %s: body %s: %v", method, path, b, err)
		}
	}
	return resp, v
}

func TestSources(t *testing.T) {
	srv, _, _ := newServer(t)
	const jsonType = "application/json"

	resp, body := send(t, srv, "", http.MethodGet, "", "")
	if resp.StatusCode != http.StatusOK || len(body["sources"].([]any)) != 0 {
		t.Fatalf("empty list: %d %v", resp.StatusCode, body)
	}
	resp, body = send(t, srv, "", http.MethodPost, jsonType, `{"url": "https://gazette.example/feed.xml", "title": "Harbour Gazette", "interval": "30m"}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST: %d %v", resp.StatusCode, body)
	}
	var created struct{ Source news.Source }
	raw, _ := json.Marshal(body)
	if err := json.Unmarshal(raw, &created); err != nil {
		t.Fatal(err)
	}
	src := created.Source
	if src.ID <= 0 || src.Kind != news.SourceFeed || src.Interval.Minutes() != 30 || src.Title != "Harbour Gazette" {
		t.Errorf("created %+v", src)
	}
	if loc := resp.Header.Get("Location"); !strings.HasSuffix(loc, "/api/v1/sources/1") {
		t.Errorf("Location %q", loc)
	}
	resp, body = send(t, srv, "/1", http.MethodGet, "", "")
	if resp.StatusCode != http.StatusOK || body["source"].(map[string]any)["url"] != "https://gazette.example/feed.xml" {
		t.Errorf("GET one: %d %v", resp.StatusCode, body)
	}
	resp, _ = send(t, srv, "", http.MethodPost, jsonType, `{"url": "https://gazette.example/sitemap.xml", "kind": "sitemap"}`)
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("POST sitemap: %d", resp.StatusCode)
	}
	resp, body = send(t, srv, "", http.MethodGet, "", "")
	if resp.StatusCode != http.StatusOK || len(body["sources"].([]any)) != 2 {
		t.Errorf("list: %d %v", resp.StatusCode, body)
	}

	for _, tc := range []struct {
		name, method, path, contentType, body string
		status                                int
		code, message                         string
	}{
		{"duplicate", "POST", "", jsonType, `{"url": "http://www.gazette.example/feed.xml"}`, 409, "conflict",
			"http://www.gazette.example/feed.xml is already followed (source 1, https://gazette.example/feed.xml)"},
		{"duplicate after canonicalisation", "POST", "", jsonType, `{"url": "https://GAZETTE.example/feed.xml?utm_source=x#top"}`, 409, "conflict", "already followed"},
		{"no url", "POST", "", jsonType, `{"title": "x"}`, 400, "bad_request", "url"},
		{"relative url", "POST", "", jsonType, `{"url": "/feed"}`, 400, "bad_request", "absolute"},
		{"bad kind", "POST", "", jsonType, `{"url": "https://a.example/f", "kind": "podcast"}`, 400, "bad_request", "kind"},
		{"bad interval", "POST", "", jsonType, `{"url": "https://a.example/f", "interval": "soon"}`, 400, "bad_request", "interval"},
		{"short interval", "POST", "", jsonType, `{"url": "https://a.example/f", "interval": "5s"}`, 400, "bad_request", "interval"},
		{"unknown field", "POST", "", jsonType, `{"url": "https://a.example/f", "colour": "red"}`, 400, "bad_request", "colour"},
		{"not json", "POST", "", jsonType, `url=x`, 400, "bad_request", "invalid body"},
		{"form post", "POST", "", "application/x-www-form-urlencoded", `url=https://a.example/f`, 400, "bad_request", "application/json"},
		{"missing", "GET", "/99", "", "", 404, "not_found", "source 99 not found"},
		{"bad id", "GET", "/x", "", "", 400, "bad_request", "source id"},
		{"delete missing", "DELETE", "/99", "", "", 404, "not_found", "source 99 not found"},
		{"put", "PUT", "/1", jsonType, `{}`, 405, "method_not_allowed", "PUT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := send(t, srv, tc.path, tc.method, tc.contentType, tc.body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %v", resp.StatusCode, tc.status, body)
			}
			e, _ := body["error"].(map[string]any)
			if e["code"] != tc.code || !strings.Contains(e["message"].(string), tc.message) {
				t.Errorf("error %v, want code %s and a message with %q", e, tc.code, tc.message)
			}
		})
	}

	resp, _ = send(t, srv, "/1", http.MethodDelete, "", "")
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE: %d", resp.StatusCode)
	}
	if resp, _ := send(t, srv, "/1", http.MethodGet, "", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET after DELETE: %d", resp.StatusCode)
	}
}
