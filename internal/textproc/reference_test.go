package textproc

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/words"
)

// referenceTokens is the plain tokenizer the package started from: every
// segment comes from the uax29 iterator and every word goes through the
// general Unicode code paths. AppendTokens must agree with it on every
// input; the tests below check that.
func referenceTokens(s string) []Token {
	var out []Token
	it := words.FromString(s)
	sentenceStart := true
	for it.Next() {
		w := it.Value()
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if strings.ContainsAny(w, ".!?\n:;\"“”") {
				sentenceStart = true
			}
			continue
		}
		tok := Token{
			Text:          w,
			Norm:          foldRunes(w),
			Start:         it.Start(),
			Capitalised:   unicode.IsUpper(r),
			SentenceStart: sentenceStart,
			Numeric:       strings.IndexFunc(w, unicode.IsDigit) >= 0,
		}
		sentenceStart = false
		if tok.Norm == "" {
			continue
		}
		out = append(out, tok)
	}
	return out
}

// referenceSegments lists the segments the uax29 iterator gives for s.
func referenceSegments(s string) []string {
	var out []string
	it := words.FromString(s)
	for it.Next() {
		out = append(out, it.Value())
	}
	return out
}
