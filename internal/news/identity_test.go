package news

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"relative", "/2026/05/story", ""},
		{"not http", "mailto:desk@example.org", ""},
		{"plain", "https://example.org/world/story-1", "//example.org/world/story-1"},
		{"scheme and host case", "HTTPS://Example.ORG/World/Story", "//example.org/World/Story"},
		{"www and trailing slash", "http://www.example.org/a/", "//example.org/a"},
		{"fragment dropped", "https://example.org/a#comments", "//example.org/a"},
		{"tracking dropped", "https://example.org/a?utm_source=rss&id=7&fbclid=x", "//example.org/a?id=7"},
		{"query sorted", "https://example.org/a?b=2&a=1", "//example.org/a?a=1&b=2"},
		{"default port", "https://example.org:443/a", "//example.org/a"},
		{"other port kept", "http://example.org:8080/a", "//example.org:8080/a"},
		{"http and https alike", "http://example.org/a", "//example.org/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanonicalURL(tt.in); got != tt.want {
				t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIdentity(t *testing.T) {
	a := Identity("https://example.org/a?utm_medium=feed", "T", "x")
	b := Identity("http://www.example.org/a", "Other title", "other text")
	if a != b || !strings.HasPrefix(a, "url:") {
		t.Errorf("same canonical URL gave %q and %q", a, b)
	}
	c := Identity("", "Port strike ends", "Dockers voted  to return.\r\n")
	d := Identity("", "port strike ends", "Dockers voted to return.")
	if c != d || !strings.HasPrefix(c, "sha256:") {
		t.Errorf("same folded content gave %q and %q", c, d)
	}
	if e := Identity("", "Port strike ends", "Dockers voted to stay out."); e == c {
		t.Errorf("different text gave the same identity %q", e)
	}
	if Identity("", "ab", "c") == Identity("", "a", "bc") {
		t.Error("title and text boundary is not part of the hash")
	}
}

func TestAssignmentJSON(t *testing.T) {
	in := Assignment{StoryID: 4, Score: 0.5, Terms: []string{"quake"}, TimeGap: 90 * time.Minute, DuplicateOf: 2, Similarity: 0.9}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"time_gap_seconds":5400`) {
		t.Errorf("JSON %s lacks the gap in seconds", b)
	}
	var out Assignment
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip: %+v, want %+v", out, in)
	}
}
