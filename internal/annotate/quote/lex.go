package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	word tokKind = iota + 1
	number
	punct
)

// tok is one token with its byte span. Words keep inner hyphens and
// apostrophes ("al-Mansouri", "O'Neill"); a possessive "'s" is left out of
// the word and flagged.
type tok struct {
	text       string
	lower      string
	start, end int
	kind       tokKind
	poss       bool // followed by a possessive 's
	glued      bool // touches the previous token
	paraStart  bool // first token after a line break
	sentStart  bool
	sent       int
	para       int
	cap        bool // starts with an upper-case letter
}

func lex(text string) []tok {
	toks := make([]tok, 0, len(text)/5)
	nl := true
	para := 0
	prevEnd := -1
	add := func(t tok) {
		t.paraStart = nl
		if nl && len(toks) > 0 {
			para++
		}
		t.para = para
		t.glued = prevEnd == t.start
		nl = false
		prevEnd = t.end
		toks = append(toks, t)
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			nl = true
			i += size
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || unicode.IsMark(r2) {
					j += s2
					continue
				}
				// "4.4", "400,000": a point or comma between digits
				if (r2 == '.' || r2 == ',') && unicode.IsDigit(r) && j+1 < len(text) && text[j+1] >= '0' && text[j+1] <= '9' {
					j += s2
					continue
				}
				if (r2 == '\'' || r2 == '’' || r2 == '-') && j+s2 < len(text) {
					if r3, _ := utf8.DecodeRuneInString(text[j+s2:]); unicode.IsLetter(r3) || r2 == '-' && unicode.IsDigit(r3) {
						j += s2
						continue
					}
				}
				break
			}
			w := text[i:j]
			t := tok{start: i, end: j, kind: word}
			if unicode.IsDigit(r) {
				t.kind = number
			}
			if n := len(w); n > 2 && (w[n-2:] == "'s" || w[n-2:] == "'S") {
				t.end, t.poss = j-2, true
			} else if n > 4 && w[n-4:] == "’s" {
				t.end, t.poss = j-4, true
			}
			t.text = text[t.start:t.end]
			t.lower = lower(t.text)
			t.cap = unicode.IsUpper(r)
			add(t)
			i = j
		default:
			add(tok{text: text[i : i+size], lower: text[i : i+size], start: i, end: i + size, kind: punct})
			i += size
		}
	}
	markSentences(toks)
	return toks
}

// lower lower-cases s and makes typographic apostrophes plain.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c >= 'A' && c <= 'Z' {
			return strings.ReplaceAll(strings.ToLower(s), "’", "'")
		}
	}
	return s
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "col": true,
	"lt": true, "sgt": true, "capt": true, "cpl": true, "gov": true, "sen": true, "rep": true,
	"st": true, "jr": true, "sr": true, "no": true, "vs": true, "inc": true, "corp": true,
	"ltd": true, "co": true, "jan": true, "feb": true, "aug": true, "sept": true, "oct": true,
	"nov": true, "dec": true, "rev": true, "maj": true, "adm": true, "supt": true, "insp": true,
	"det": true, "cmdr": true, "hon": true, "fr": true,
}

// markSentences sets sentStart and sent: a sentence ends at ".", "!" or
// "?" (with any closing quotes after it) before a capitalised word, a
// number, an opening quote or a line break, but not after an
// abbreviation or an initial; a line break always ends one.
func markSentences(toks []tok) {
	s, pending := -1, -1
	for i := range toks {
		if i == 0 || toks[i].paraStart || i == pending {
			s++
			toks[i].sentStart = true
		}
		toks[i].sent = s
		t := toks[i]
		if t.kind != punct || t.text != "." && t.text != "!" && t.text != "?" {
			continue
		}
		if t.text == "." && i > 0 {
			p := toks[i-1]
			if p.kind == word && t.glued && (abbreviations[p.lower] || utf8.RuneCountInString(p.text) == 1 && p.cap) {
				continue
			}
		}
		j := i + 1
		for j < len(toks) && toks[j].kind == punct && closingMark(toks[j].text) && !toks[j].paraStart && toks[j].glued {
			j++
		}
		if j >= len(toks) {
			continue
		}
		n := toks[j]
		if n.paraStart || n.kind == number || n.kind == word && n.cap || n.kind == punct && openingMark(n.text) {
			pending = j
		}
	}
}

func closingMark(s string) bool {
	switch s {
	case "\"", "”", "’", "'", ")", "]", "»":
		return true
	}
	return false
}

func openingMark(s string) bool {
	switch s {
	case "\"", "“", "‘", "'", "(", "[", "«", "„":
		return true
	}
	return false
}

// isDouble reports whether s is a double quotation mark.
func isDouble(s string) bool {
	switch s {
	case "\"", "“", "”", "„", "«", "»":
		return true
	}
	return false
}

// isSingle reports whether s is a single quotation mark.
func isSingle(s string) bool {
	switch s {
	case "'", "‘", "’", "‚":
		return true
	}
	return false
}
