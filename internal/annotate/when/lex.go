package when

import (
	"unicode"
	"unicode/utf8"
)

// tokKind tells words, numbers and punctuation apart.
type tokKind uint8

const (
	word tokKind = iota + 1
	number
	punct
)

// tok is one token of the text with its byte span.
type tok struct {
	text       string // as written; a possessive "'s" is not part of it
	lower      string // ASCII lower case of text
	start, end int
	kind       tokKind
	val        int  // value of a number token (capped), else 0
	ordinal    bool // number written with st/nd/rd/th
	poss       bool // a word followed by a possessive "'s"
	paraStart  bool // first token after a line break
}

// lex splits text into words, numbers and single punctuation runes.
func lex(text string) []tok {
	toks := make([]tok, 0, len(text)/5)
	nl := true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			nl = true
			i += size
		case unicode.IsSpace(r):
			i += size
		case unicode.IsDigit(r):
			j, v := i, 0
			for j < len(text) && text[j] >= '0' && text[j] <= '9' {
				if v < 1e8 {
					v = v*10 + int(text[j]-'0')
				}
				j++
			}
			if j == i { // a non-ASCII digit: treat as punctuation
				toks = append(toks, tok{text: text[i : i+size], lower: text[i : i+size], start: i, end: i + size, kind: punct, paraStart: nl})
				nl = false
				i += size
				continue
			}
			t := tok{start: i, kind: number, val: v, paraStart: nl}
			if j+2 <= len(text) {
				switch text[j : j+2] {
				case "st", "nd", "rd", "th":
					if j+2 == len(text) || !isLetterAt(text, j+2) {
						t.ordinal = true
						j += 2
					}
				}
			}
			t.end, t.text, t.lower = j, text[i:j], text[i:j]
			toks = append(toks, t)
			nl = false
			i = j
		case unicode.IsLetter(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) || unicode.IsMark(r2) {
					j += s2
					continue
				}
				if (r2 == '\'' || r2 == '’') && j+s2 < len(text) && isLetterAt(text, j+s2) {
					j += s2
					continue
				}
				break
			}
			t := tok{start: i, end: j, kind: word, paraStart: nl}
			w := text[i:j]
			if n := len(w); n > 2 && (w[n-2:] == "'s" || w[n-2:] == "'S") {
				t.end, t.poss = j-2, true
			} else if n > 4 && w[n-4:] == "’s" {
				t.end, t.poss = j-4, true
			}
			t.text = text[t.start:t.end]
			t.lower = asciiLower(t.text)
			toks = append(toks, t)
			nl = false
			i = j
		default:
			toks = append(toks, tok{text: text[i : i+size], lower: text[i : i+size], start: i, end: i + size, kind: punct, paraStart: nl})
			nl = false
			i += size
		}
	}
	return toks
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// asciiLower lower-cases ASCII letters only; it returns s itself when
// nothing changes.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// capitalised reports whether a word starts with an upper-case letter.
func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// allCaps reports whether a word has letters and all of them are upper case.
func allCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters > 0
}
