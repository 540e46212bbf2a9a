package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

func TestHighlight(t *testing.T) {
	// The store marks matches with news.MatchStart and news.MatchEnd; here
	// « and » stand for them and are swapped in before the call.
	marks := strings.NewReplacer("«", news.MatchStart, "»", news.MatchEnd)
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "no match here", "no match here"},
		{"one match", "the «harbour» bridge", "the <mark>harbour</mark> bridge"},
		{"two matches", "«bridge» and «harbour»", "<mark>bridge</mark> and <mark>harbour</mark>"},
		{"markup escaped first", "<«script»>alert('x')</«script»>", "&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt;"},
		{"ampersands and quotes", `«A&B» said "hi"`, "<mark>A&amp;B</mark> said &#34;hi&#34;"},
		{"unclosed mark closed at the end", "cut «off", "cut <mark>off</mark>"},
		{"markup inside a mark", "«<b>x</b>»", "<mark>&lt;b&gt;x&lt;/b&gt;</mark>"},
		{"empty", "", ""},
		{"ellipsis kept", "…the «bridge»…", "…the <mark>bridge</mark>…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(highlight(marks.Replace(tc.in))); got != tc.want {
				t.Errorf("highlight(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	// French quotation marks in the text are text, not highlights.
	in := "« le " + news.MatchStart + "port" + news.MatchEnd + " »"
	if got, want := string(highlight(in)), "« le <mark>port</mark> »"; got != want {
		t.Errorf("highlight with French quotes = %q, want %q", got, want)
	}
}

func TestFormatDuration(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    time.Duration
		want string
	}{
		{"zero", 0, "0s"},
		{"seconds", 45 * time.Second, "45s"},
		{"minutes", 12*time.Minute + 30*time.Second, "12m"},
		{"whole hours", 3 * time.Hour, "3h"},
		{"hours and minutes", 90 * time.Minute, "1h 30m"},
		{"two days", 50 * time.Hour, "2d 2h"},
		{"whole days", 72 * time.Hour, "3d"},
		{"negative", -90 * time.Minute, "-1h 30m"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := formatDuration(tc.d); got != tc.want {
				t.Errorf("formatDuration(%v) = %q, want %q", tc.d, got, tc.want)
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	got := paragraphs("First.\n\n  Second line.  \r\n\nThird.")
	want := []string{"First.", "Second line.", "Third."}
	if len(got) != len(want) {
		t.Fatalf("paragraphs = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("paragraph %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestFormatUTC(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	if got := formatUTC(time.Date(2024, 3, 10, 9, 5, 0, 0, paris)); got != "10 Mar 2024 08:05 UTC" {
		t.Errorf("formatUTC = %q", got)
	}
	if got := formatUTC(time.Time{}); got != "" {
		t.Errorf("formatUTC(zero) = %q, want empty", got)
	}
}
