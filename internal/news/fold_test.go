package news

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"unicode"
)

// contentHashReference is ContentHash written plainly: each part folded
// rune by rune into a string, then hashed. Stores key articles without a
// URL by this hash, so ContentHash must never drift from it.
func contentHashReference(title, text string) string {
	fold := func(s string) string {
		var b strings.Builder
		space := false
		for _, r := range s {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				space = true
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		}
		return b.String()
	}
	sum := sha256.Sum256([]byte(fold(title) + "\x00" + fold(text)))
	return hex.EncodeToString(sum[:])
}

// foldCases are texts whose folding has edges: case, digits, runs of
// punctuation, letters beyond ASCII (two-byte, three-byte, and ones that
// lower-case to a rune of another length), invalid UTF-8, and texts longer
// than foldBuffer, so that the buffer is flushed mid-text.
var foldCases = []string{
	"",
	"   ",
	"Port strike ENDS",
	"  leading and trailing  \r\n",
	"A-B--C,,,D 42% 3.5",
	"Zürich, São Paulo, İstanbul, Ωmega, ΣΊΣΥΦΟΣ",
	"Kelvin \u212a sign and \u0130 dotted capital",
	"東京で 会議 (2026年)",
	"bad \xff\xfe bytes\xc3 and a lone \xe2\x82",
	"\uFFFD replacement",
	strings.Repeat("Wire copy, reprinted word for word. ", 200),
	strings.Repeat("Ünïcödé ", 500),
	strings.Repeat("x", 2047) + "Ä" + strings.Repeat("y", 10),
}

func TestContentHashMatchesReference(t *testing.T) {
	for _, title := range []string{"", "Dockers Vote", "ÉLECTION"} {
		for _, text := range foldCases {
			if got, want := ContentHash(title, text), contentHashReference(title, text); got != want {
				t.Errorf("ContentHash(%q, %.40q) = %s, want %s", title, text, got, want)
			}
		}
	}
}

// TestContentHashIsStable pins the identity of one article without a URL
// (the SHA-256 of "port strike ends\x00dockers voted to return"):
// identities already stored must keep matching the same content.
func TestContentHashIsStable(t *testing.T) {
	const want = "sha256:414a4ee24c52f952b29fc03e73c5fb15f5420c1344e488952c92e19cde7979e8"
	if got := Identity("", "Port strike ends", "Dockers voted to return."); got != want {
		t.Errorf("Identity = %s, want %s", got, want)
	}
}

func FuzzContentHashMatchesReference(f *testing.F) {
	for _, s := range foldCases {
		f.Add("T", s)
	}
	f.Fuzz(func(t *testing.T, title, text string) {
		if got, want := ContentHash(title, text), contentHashReference(title, text); got != want {
			t.Errorf("ContentHash(%q, %q) = %s, want %s", title, text, got, want)
		}
	})
}

func BenchmarkContentHash(b *testing.B) {
	text := strings.Repeat("The council voted 7-2 on Tuesday to reopen the harbour bridge. ", 40)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		ContentHash("Harbour bridge reopens", text)
	}
}
