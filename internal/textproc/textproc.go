// Package textproc turns text into the tokens every later stage works on:
// Unicode word segmentation, case folding, stop words and Snowball stems.
// It is pure and safe for concurrent use.
package textproc

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/clipperhouse/uax29/v2/words"
)

// Token is one word of a text.
type Token struct {
	// Text is the word as written.
	Text string
	// Norm is the word case-folded, with typographic apostrophes made plain
	// and possessive endings removed.
	Norm string
	// Start is the byte offset of Text in the input.
	Start int
	// Capitalised is true when the word begins with an upper-case letter.
	Capitalised bool
	// SentenceStart is true for the first word of a sentence or line.
	SentenceStart bool
	// Numeric is true when the word holds a digit.
	Numeric bool
}

// Tokens splits s into words following Unicode text segmentation (UAX #29),
// dropping punctuation and white space.
func Tokens(s string) []Token {
	return AppendTokens(make([]Token, 0, len(s)/6), s)
}

// AppendTokens appends the words of s to dst, as Tokens does, so that a
// caller can reuse one buffer across texts.
func AppendTokens(dst []Token, s string) []Token {
	out := dst
	it := words.FromString(s)
	sentenceStart := true
	for it.Next() {
		w := it.Value()
		r, _ := utf8.DecodeRuneInString(w)
		if !isWordRune(r) {
			if endsSentence(w) {
				sentenceStart = true
			}
			continue
		}
		tok := Token{
			Text:          w,
			Norm:          Fold(w),
			Start:         it.Start(),
			Capitalised:   unicode.IsUpper(r),
			SentenceStart: sentenceStart,
			Numeric:       hasDigit(w),
		}
		sentenceStart = false
		if tok.Norm == "" {
			continue
		}
		out = append(out, tok)
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func endsSentence(sep string) bool {
	return strings.ContainsAny(sep, ".!?\n:;\"“”")
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// Fold lower-cases a word, makes typographic apostrophes plain, drops
// possessive endings ("Iran's" → "iran") and strips diacritics from Latin
// letters so that "Raïsi" and "Raisi" fold alike.
func Fold(w string) string {
	if s, ok := foldASCII(w); ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		switch r {
		case '’', '‘', 'ʼ', '`':
			r = '\''
		}
		r = unicode.ToLower(r)
		if base, ok := latinBase[r]; ok {
			b.WriteString(base)
			continue
		}
		b.WriteRune(r)
	}
	s := b.String()
	if strings.HasSuffix(s, "'s") {
		s = s[:len(s)-2]
	} else if strings.HasSuffix(s, "'") {
		s = s[:len(s)-1]
	}
	return s
}

// foldASCII is Fold's fast path for words of plain ASCII letters and
// digits; ok is false for anything else.
func foldASCII(w string) (string, bool) {
	lower := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '.' || c == ',':
		case c >= 'A' && c <= 'Z':
			lower = false
		default:
			return "", false
		}
	}
	if lower {
		return w, true
	}
	b := []byte(w)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b), true
}

// latinBase maps accented Latin letters to their bases.
var latinBase = func() map[rune]string {
	pairs := []struct {
		base    string
		letters string
	}{
		{"a", "àáâãäåāăą"}, {"c", "çćĉċč"}, {"d", "ďđ"}, {"e", "èéêëēĕėęě"},
		{"g", "ĝğġģ"}, {"h", "ĥħ"}, {"i", "ìíîïĩīĭįı"}, {"j", "ĵ"}, {"k", "ķ"},
		{"l", "ĺļľŀł"}, {"n", "ñńņňŉ"}, {"o", "òóôõöøōŏő"}, {"r", "ŕŗř"},
		{"s", "śŝşš"}, {"t", "ţťŧ"}, {"u", "ùúûüũūŭůűų"}, {"w", "ŵ"},
		{"y", "ýÿŷ"}, {"z", "źżž"}, {"ss", "ß"}, {"ae", "æ"}, {"oe", "œ"},
	}
	m := make(map[rune]string)
	for _, p := range pairs {
		for _, r := range p.letters {
			m[r] = p.base
		}
	}
	return m
}()

// Stem returns the English Snowball stem of a folded word. Words holding
// digits are returned unchanged. For many words, a Stemmer is faster.
func Stem(norm string) string {
	if norm == "" || hasDigit(norm) {
		return norm
	}
	env := snowballstem.NewEnv(norm)
	english.Stem(env)
	return env.Current()
}

// Stemmer stems words and remembers the stems: news vocabulary repeats,
// and stemming is the costliest step of reading an article. A Stemmer is
// not safe for concurrent use; give each goroutine its own (a sync.Pool of
// them serves well). Its memory is bounded: past maxCachedStems words it
// starts afresh.
type Stemmer struct {
	cache map[string]string
}

const maxCachedStems = 200_000

// Stem returns the stem of a folded word, as the package's Stem does.
func (s *Stemmer) Stem(norm string) string {
	if st, ok := s.cache[norm]; ok {
		return st
	}
	st := Stem(norm)
	if s.cache == nil || len(s.cache) >= maxCachedStems {
		s.cache = make(map[string]string, 4096)
	}
	if len(norm) <= 64 {
		s.cache[strings.Clone(norm)] = st
	}
	return st
}

// IsStopWord reports whether a folded word carries no topic of its own.
func IsStopWord(norm string) bool {
	_, ok := stopWords[norm]
	return ok
}
