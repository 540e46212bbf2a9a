package claim

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

// tok is one token with its byte span. Hyphens split words ("33-year-old"
// is five tokens), so glued tells whether a token touches the one before.
type tok struct {
	text       string
	lower      string
	start, end int
	kind       tokKind
	val        float64 // value of a number token
	mant       float64 // its digits as an integer
	decimals   int     // digits after the decimal point
	decimal    bool    // number written with a decimal point
	grouped    bool    // number written with thousands separators
	leadZero   bool    // number written with a leading zero ("020")
	ordinal    bool    // number with st/nd/rd/th
	glued      bool    // no space between this token and the previous one
	paraStart  bool    // first token after a line break
	sentStart  bool    // first token of a sentence
	sent       int     // sentence index
	para       int     // paragraph index
}

// lex splits text into words, numbers and single punctuation runes, and
// marks sentence starts.
func lex(text string) []tok {
	toks := make([]tok, 0, len(text)/5)
	nl := true
	prevEnd := -1
	para := 0
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
		case r >= '0' && r <= '9':
			j, t := lexNumber(text, i)
			add(t)
			i = j
		case unicode.IsLetter(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) || unicode.IsMark(r2) || unicode.IsDigit(r2) {
					j += s2
					continue
				}
				if (r2 == '\'' || r2 == '’') && j+s2 < len(text) {
					if r3, _ := utf8.DecodeRuneInString(text[j+s2:]); unicode.IsLetter(r3) {
						j += s2
						continue
					}
				}
				break
			}
			w := text[i:j]
			add(tok{text: w, lower: lower(w), start: i, end: j, kind: word})
			i = j
		default:
			add(tok{text: text[i : i+size], lower: text[i : i+size], start: i, end: i + size, kind: punct})
			i += size
		}
	}
	markSentences(toks)
	return toks
}

// lexNumber reads "400,000", "5.8", "1,200,000", "21st" from i.
func lexNumber(text string, i int) (int, tok) {
	t := tok{start: i, kind: number, leadZero: text[i] == '0' && i+1 < len(text) && isDigit(text[i+1])}
	j := i
	for j < len(text) && isDigit(text[j]) {
		j++
	}
	// thousands groups: ",ddd" not followed by another digit
	if j-i <= 3 {
		for j+4 <= len(text) && text[j] == ',' && isDigit(text[j+1]) && isDigit(text[j+2]) && isDigit(text[j+3]) && (j+4 == len(text) || !isDigit(text[j+4])) {
			j += 4
			t.grouped = true
		}
	}
	intEnd := j
	if j+1 < len(text) && text[j] == '.' && isDigit(text[j+1]) {
		j++
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		t.decimal = true
	}
	// The value is mantissa / 10^decimals, computed so that "8.2" times
	// a billion is exactly 8.2e9.
	var mant float64
	for k := i; k < j; k++ {
		switch c := text[k]; {
		case c == ',':
		case c == '.':
		default:
			mant = mant*10 + float64(c-'0')
			if k > intEnd {
				t.decimals++
			}
		}
	}
	t.mant = mant
	t.val = mant / pow10(t.decimals)
	if j+2 <= len(text) && !t.decimal {
		switch strings.ToLower(text[j : j+2]) {
		case "st", "nd", "rd", "th":
			if j+2 == len(text) || !isLetterAt(text, j+2) {
				t.ordinal = true
				j += 2
			}
		}
	}
	t.end = j
	t.text = text[i:j]
	t.lower = t.text
	return j, t
}

func pow10(n int) float64 {
	p := 1.0
	for range n {
		p *= 10
	}
	return p
}

// scaled returns a number token's value times s, exactly where the
// product is representable ("8.2" × 1e9 = 8.2e9, not 8.199999999999999e9).
func (t tok) scaled(s float64) float64 {
	return t.mant * s / pow10(t.decimals)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// lower lower-cases s and makes typographic apostrophes plain.
func lower(s string) string {
	ascii := true
	upper := false
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
		if s[i] >= 'A' && s[i] <= 'Z' {
			upper = true
		}
	}
	if ascii {
		if !upper {
			return s
		}
		return strings.ToLower(s)
	}
	return strings.ReplaceAll(strings.ToLower(s), "’", "'")
}

func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "col": true,
	"lt": true, "sgt": true, "capt": true, "cpl": true, "gov": true, "sen": true, "rep": true,
	"st": true, "jr": true, "sr": true, "no": true, "vs": true, "inc": true, "corp": true,
	"ltd": true, "co": true, "jan": true, "feb": true, "aug": true, "sept": true, "oct": true,
	"nov": true, "dec": true, "approx": true, "est": true, "rev": true, "maj": true, "adm": true,
	"rs": true, "fig": true, "vol": true, "pp": true,
}

// markSentences sets sentStart and sent on every token. A sentence ends
// at ".", "!" or "?" (and any closing quotes after it) when a capitalised
// word, a number, an opening quote or a new line follows, and not after an
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
			if p.kind == word && t.glued && (abbreviations[p.lower] || utf8.RuneCountInString(p.text) == 1 && capitalised(p.text)) {
				continue
			}
		}
		j := i + 1
		for j < len(toks) && toks[j].kind == punct && closer(toks[j].text) && !toks[j].paraStart {
			j++
		}
		if j >= len(toks) {
			continue
		}
		n := toks[j]
		if n.paraStart || n.kind == number || n.kind == word && capitalised(n.text) || n.kind == punct && opener(n.text) {
			pending = j
		}
	}
}

func closer(s string) bool {
	switch s {
	case "\"", "”", "’", "'", ")", "]", "»":
		return true
	}
	return false
}

func opener(s string) bool {
	switch s {
	case "\"", "“", "‘", "'", "(", "[", "«":
		return true
	}
	return false
}
