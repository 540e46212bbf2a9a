package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/api"
	"github.com/parallax-news/parallax/internal/news"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name    string
		err     error
		status  int
		code    string
		message string
	}{
		{"not found, described", api.NotFound(fmt.Errorf("sqlite: story 9: %w", news.ErrNotFound), "story %d", 9), 404, "not_found", "story 9 not found"},
		{"not found, bare", news.ErrNotFound, 404, "not_found", "not found"},
		{"invalid, wrapped", fmt.Errorf("search: %w", news.ErrInvalid), 400, "invalid", "invalid"},
		{"invalid, described", api.Describe(fmt.Errorf("x: %w", news.ErrInvalid), "cannot search for %q", "a"), 400, "invalid", `cannot search for "a"`},
		{"bad parameter", api.BadParam("limit", "x", "must be a number"), 400, "bad_request", `invalid limit "x": must be a number`},
		{"other error", errors.New("disk on fire at /var/lib/x"), 500, "internal", "internal server error"},
		{"described other error hides its message", api.Describe(errors.New("disk"), "secret detail"), 500, "internal", "internal server error"},
		{"NotFound leaves other errors alone", api.NotFound(context.DeadlineExceeded, "story %d", 1), 500, "internal", "internal server error"},
		{"duplicate is not a client error here", news.ErrDuplicate, 500, "internal", "internal server error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := api.Classify(tc.err)
			want := api.Problem{Status: tc.status, Code: tc.code, Message: tc.message}
			if got != want {
				t.Errorf("Classify(%v) = %+v, want %+v", tc.err, got, want)
			}
		})
	}
}

func TestCursor(t *testing.T) {
	for _, tc := range []struct {
		name  string
		story news.Story
	}{
		{"ordinary", news.Story{ID: 42, LastSeen: time.Date(2024, 3, 10, 8, 0, 0, 123456000, time.UTC)}},
		{"zero time", news.Story{ID: 1}},
		{"before 1970", news.Story{ID: 7, LastSeen: time.Date(1969, 7, 20, 20, 17, 0, 1, time.UTC)}},
		{"largest id", news.Story{ID: 1<<63 - 1, LastSeen: time.Date(2999, 12, 31, 23, 59, 59, 999999999, time.UTC)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := api.EncodeCursor(tc.story)
			got, err := api.DecodeCursor(raw)
			if err != nil {
				t.Fatalf("DecodeCursor(%q): %v", raw, err)
			}
			if got.ID != tc.story.ID || !got.LastSeen.Equal(tc.story.LastSeen) {
				t.Errorf("round trip: got %v/%d, want %v/%d", got.LastSeen, got.ID, tc.story.LastSeen, tc.story.ID)
			}
		})
	}

	valid := api.EncodeCursor(news.Story{ID: 3, LastSeen: time.Unix(1_700_000_000, 0)})
	for _, tc := range []struct{ name, raw string }{
		{"empty", ""},
		{"not base64", "!!!"},
		{"padded base64", valid + "=="},
		{"too short", valid[:len(valid)-2]},
		{"too long", valid + "AA"},
		{"wrong version", "Ag" + valid[2:]},
		{"zero id", api.EncodeCursor(news.Story{ID: 0, LastSeen: time.Unix(1, 0)})},
		{"negative id", api.EncodeCursor(news.Story{ID: -5, LastSeen: time.Unix(1, 0)})},
	} {
		t.Run("refuse "+tc.name, func(t *testing.T) {
			_, err := api.DecodeCursor(tc.raw)
			if !errors.Is(err, api.ErrBadParam) {
				t.Fatalf("DecodeCursor(%q) error %v, want ErrBadParam", tc.raw, err)
			}
			if p := api.Classify(err); p.Status != http.StatusBadRequest || !strings.HasPrefix(p.Message, "invalid cursor") {
				t.Errorf("Classify: %+v", p)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("word ", 100) // 500 characters
	for _, tc := range []struct {
		name, text, want string
		n                int
		cut              bool
	}{
		{"short text unchanged", "A short text.", "A short text.", 20, false},
		{"white space folded", "Line one.\n\n  Line\ttwo.", "Line one. Line two.", 40, false},
		{"exactly n", "abcde", "abcde", 5, false},
		{"cut at a word boundary", "The quick brown fox jumps over the lazy dog", "The quick brown fox…", 22, true},
		{"cut inside a long word", "Supercalifragilistic", "Supercalif…", 10, true},
		{"trailing punctuation dropped", "One, two, three, four", "One, two, three…", 17, true},
		{"multi-byte characters counted as one", "ééé éé ééééé", "ééé éé…", 8, true},
		{"empty", "", "", 10, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, cut := api.Excerpt(tc.text, tc.n)
			if got != tc.want || cut != tc.cut {
				t.Errorf("Excerpt(%q, %d) = %q, %v; want %q, %v", tc.text, tc.n, got, cut, tc.want, tc.cut)
			}
		})
	}
	got, _ := api.Excerpt(long, api.ExcerptLen)
	if n := utf8.RuneCountInString(got); n > api.ExcerptLen+1 || n < api.ExcerptLen*2/3 {
		t.Errorf("excerpt of 500 characters is %d characters long", n)
	}
}

// TestExcerptLongTexts checks that reading only the head of a long text
// gives what folding the whole text would.
func TestExcerptLongTexts(t *testing.T) {
	whole := func(text string, n int) (string, bool) {
		return api.Excerpt(strings.Join(strings.Fields(text), " "), n)
	}
	word := "harbour "
	for _, text := range []string{
		strings.Repeat(word, 2000),
		strings.Repeat(" ", 5000) + strings.Repeat(word, 100),
		strings.Repeat("\n\n", 3000) + "short",
		strings.Repeat("é", 3000),
		strings.Repeat("a", 2399) + " " + strings.Repeat("b", 10),
	} {
		got, gotCut := api.Excerpt(text, api.ExcerptLen)
		want, wantCut := whole(text, api.ExcerptLen)
		if got != want || gotCut != wantCut {
			t.Errorf("Excerpt of a %d-byte text = %q, %v; folding it all gives %q, %v", len(text), got, gotCut, want, wantCut)
		}
	}
}
