package news

import "strings"

// Search snippets mark each matched run of words with these two
// private-use characters, which news text does not use (« and » would
// clash with French quotation marks). SnippetParts and PlainSnippet read
// them; nothing outside Parallax should see them.
const (
	MatchStart = "\uE000"
	MatchEnd   = "\uE001"
)

// SnippetPart is a run of snippet text, matched or not.
type SnippetPart struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

// SnippetParts splits a snippet at its match markers. A stray marker (a
// close without an open, an open inside a match) is dropped; a match left
// open runs to the end. Empty runs are left out.
func SnippetParts(snippet string) []SnippetPart {
	var (
		out   []SnippetPart
		b     strings.Builder
		match bool
	)
	flush := func() {
		if b.Len() > 0 {
			out = append(out, SnippetPart{Text: b.String(), Match: match})
			b.Reset()
		}
	}
	for _, r := range snippet {
		switch string(r) {
		case MatchStart:
			if !match {
				flush()
				match = true
			}
		case MatchEnd:
			if match {
				flush()
				match = false
			}
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return out
}

// PlainSnippet returns the snippet without its match markers.
func PlainSnippet(snippet string) string {
	return strings.NewReplacer(MatchStart, "", MatchEnd, "").Replace(snippet)
}
