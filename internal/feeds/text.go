package feeds

import (
	"strings"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
)

// Clean returns s with everything XML 1.0 cannot carry removed: invalid
// UTF-8, the C0 control characters other than tab, newline and carriage
// return, DEL and the C1 controls, the noncharacters U+FFFE and U+FFFF.
// Every string from the store passes through it before it is encoded, so
// a hostile article cannot make the feed ill-formed. A string that needs
// no change is returned as is.
func Clean(s string) string {
	ok := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !legal(r, size) {
			ok = false
			break
		}
		i += size
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if legal(r, size) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// legal reports whether the rune r, decoded from size bytes, may appear
// in the feed. A RuneError of one byte is invalid UTF-8.
func legal(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return false
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return false
	case r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
		return false
	}
	return r <= utf8.MaxRune
}

// oneLine cleans s and folds its runs of white space, line breaks
// included, to single spaces, for titles and names.
func oneLine(s string) string {
	return strings.Join(strings.Fields(Clean(s)), " ")
}

// plainSnippet removes the markers search snippets put around matched
// words (news.MatchStart and news.MatchEnd), and cleans what remains.
func plainSnippet(s string) string {
	return oneLine(news.PlainSnippet(s))
}
