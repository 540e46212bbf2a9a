package feeds

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
)

func TestClean(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"plain text", "plain text"},
		{"tab\tnew\nline\r", "tab\tnew\nline\r"},
		{"<b>&amp;]]>", "<b>&amp;]]>"},
		{"nul\x00 esc\x1b bell\x07 del\x7f", "nul esc bell del"},
		{"c1\u0085\u009f", "c1"},
		{"bad\xff\xfe utf8\xc3", "bad utf8"},
		{"non\uFFFE\uFFFFchars", "nonchars"},
		{"ok \uFFFD\uE000 é 漢 🙂", "ok \uFFFD\uE000 é 漢 🙂"},
		{"\xed\xa0\x80surrogate", "surrogate"},
	} {
		if got := Clean(c.in); got != c.want {
			t.Errorf("Clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPlainSnippet(t *testing.T) {
	in := "the " + news.MatchStart + "barrier" + news.MatchEnd + " «closed»\x00\n  today"
	if got := plainSnippet(in); got != "the barrier «closed» today" {
		t.Errorf("plainSnippet = %q", got)
	}
}

// roundTrip encodes s as an attribute and as character data, decodes it
// strictly, and returns both values.
func roundTrip(t *testing.T, s string) (attr, text string) {
	t.Helper()
	type elem struct {
		XMLName xml.Name `xml:"e"`
		Attr    string   `xml:"a,attr"`
		Text    string   `xml:",chardata"`
	}
	b, err := xml.Marshal(elem{Attr: s, Text: s})
	if err != nil {
		t.Fatalf("marshal %q: %v", s, err)
	}
	var got elem
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	if err := d.Decode(&got); err != nil {
		t.Fatalf("decode %q (from %q): %v", b, s, err)
	}
	return got.Attr, got.Text
}

// FuzzClean checks that whatever text an article holds, Clean leaves only
// characters XML 1.0 allows, changes nothing it need not, and that
// encoding/xml carries its result through an attribute and character
// data unchanged.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "plain", "<script>alert(1)</script>", "]]>", "a\x00b", "\x1b[31m",
		"bad\xff\xfe", "\r\n\t", "\uFFFE\uFFFF", "\xed\xa0\x80", "«»", news.MatchStart + "x" + news.MatchEnd, "&lt;&#0;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Clean(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Clean(%q) = %q, not UTF-8", s, out)
		}
		for _, r := range out {
			if !legal(r, utf8.RuneLen(r)) || (r < 0x20 && r != '\t' && r != '\n' && r != '\r') {
				t.Fatalf("Clean(%q) keeps %U", s, r)
			}
		}
		if Clean(out) != out {
			t.Fatalf("Clean is not idempotent on %q", s)
		}
		if len(out) > len(s) {
			t.Fatalf("Clean(%q) grew to %q", s, out)
		}
		legalIn := utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return !legal(r, utf8.RuneLen(r)) })
		if legalIn && out != s {
			t.Fatalf("Clean(%q) = %q, changed legal text", s, out)
		}
		if attr, text := roundTrip(t, out); attr != out || text != out {
			t.Fatalf("round trip of %q: attribute %q, text %q", out, attr, text)
		}
	})
}

// FuzzEntries renders hostile article fields into story and search
// entries and checks the feed stays well-formed and carries each field
// cleaned, with the HTML content escaped.
func FuzzEntries(f *testing.F) {
	f.Add("Frost <script>alert(1)</script>", "Valley ]]> Times", "javascript:alert(1)", "the \uE000frost\uE001 \x00came")
	f.Add("\xff\xfe", "\x1b", "https://example.com/a?b=1&c=<2>", "")
	f.Add("", "", "http://[::1", "«»")
	f.Fuzz(func(t *testing.T, title, source, rawURL, snippet string) {
		s := site("http://parallax.test")
		when := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
		a := news.Article{ID: 7, Title: title, Source: source, URL: rawURL, Published: when, StoryID: 3}
		st := news.Story{ID: 3, Title: title, Articles: 1, Sources: 1, Originals: 1, FirstSeen: when, LastSeen: when}
		feed := &atomFeed{
			ID: "http://parallax.test/feeds/x.atom", Title: atomText{Body: oneLine(title)}, Updated: atomTime(when),
			Entries: []atomEntry{
				storyEntry(s, st, []news.Article{a}),
				hitEntry(s, news.SearchHit{Article: a, Snippet: snippet}, when),
			},
		}
		body, err := encode(feed)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		if !utf8.Valid(body) {
			t.Fatalf("feed is not UTF-8:\n%s", body)
		}
		d := xml.NewDecoder(bytes.NewReader(body))
		d.Strict = true
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("feed not well-formed: %v\n%s", err, body)
			}
		}
		var got atomFeed
		if err := xml.Unmarshal(body, &got); err != nil {
			t.Fatalf("unmarshal: %v", err)
		}
		if len(got.Entries) != 2 {
			t.Fatalf("%d entries", len(got.Entries))
		}
		story, hit := got.Entries[0], got.Entries[1]
		if story.Title.Body != storyTitle(st) || hit.Title.Body != articleTitle(a) {
			t.Errorf("titles %q, %q from %q", story.Title.Body, hit.Title.Body, title)
		}
		if hit.Title.Body != "Untitled article" && hit.Title.Body != oneLine(title) {
			t.Errorf("hit title %q, want %q", hit.Title.Body, oneLine(title))
		}
		if want := plainSnippet(snippet); want != "" && (hit.Summary == nil || hit.Summary.Body != want) {
			t.Errorf("summary %+v, want %q", hit.Summary, want)
		}
		if strings.Contains(story.Content.Body, "<script") || strings.Contains(string(body), "<script") {
			t.Errorf("raw markup in the feed:\n%s", body)
		}
		for _, l := range hit.Links {
			if l.Rel == "related" && !strings.HasPrefix(l.Href, "http://") && !strings.HasPrefix(l.Href, "https://") {
				t.Errorf("related link %q", l.Href)
			}
		}
	})
}
