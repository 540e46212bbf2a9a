// Package textproc turns text into the tokens every later stage works on:
// Unicode word segmentation, case folding, stop words and Snowball stems.
// It is pure and safe for concurrent use.
package textproc

import (
	"math/bits"
	"slices"
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
	sc := newWordScanner(s)
	var buf [64]Span
	for {
		n := sc.fill(buf[:])
		for _, sp := range buf[:n] {
			tok := sp.Token(s)
			if tok.Norm = Fold(tok.Text); tok.Norm != "" {
				dst = append(dst, tok)
			}
		}
		if n < len(buf) {
			return dst
		}
	}
}

// Span locates a word of a text: it is a Token without its strings, for
// callers that fold words themselves (and can remember the folds of the
// words they have seen), and a buffer of Spans holds no pointers for the
// garbage collector to follow.
type Span struct {
	// Start and End are the byte offsets of the word in the text.
	Start, End int
	// Capitalised, SentenceStart and Numeric are as in Token.
	Capitalised, SentenceStart, Numeric bool
}

// Token returns the token of a span of s with Norm left empty:
// Fold(t.Text) is the Norm that Tokens would give.
func (sp Span) Token(s string) Token {
	return Token{
		Text:          s[sp.Start:sp.End],
		Start:         sp.Start,
		Capitalised:   sp.Capitalised,
		SentenceStart: sp.SentenceStart,
		Numeric:       sp.Numeric,
	}
}

// AppendSpans appends the spans of the words of s to dst, the words that
// Tokens gives and, besides, the rare words that fold to nothing (a lone
// modifier apostrophe, "ʼ"), which Tokens drops and the caller should
// skip.
func AppendSpans(dst []Span, s string) []Span {
	sc := newWordScanner(s)
	for sc.pos < len(s) {
		dst = slices.Grow(dst, 64)
		n := sc.fill(dst[len(dst):cap(dst)])
		dst = dst[:len(dst)+n]
	}
	return dst
}

// wordScanner reads the words of a text a buffer at a time.
type wordScanner struct {
	s             string
	pos           int
	sentenceStart bool
	seg           words.Iterator[string]
	// fullUntil is where asciiWords may read again (see its
	// fullUntil).
	fullUntil int
}

func newWordScanner(s string) wordScanner {
	return wordScanner{s: s, sentenceStart: true, seg: *words.FromString("")}
}

// fill writes the spans of the next words into buf and returns how many
// it wrote, fewer than len(buf) only at the end of the text.
func (sc *wordScanner) fill(buf []Span) int {
	s, pos, sentenceStart := sc.s, sc.pos, sc.sentenceStart
	n := 0
	for n < len(buf) && pos < len(s) {
		// Plain ASCII words, most of any text, are read a block at a
		// time, up to what only the full rules can read, which the
		// code below reads a segment at a time.
		if len(s)-pos >= blockLen && pos >= sc.fullUntil {
			k, end, ss, fullUntil := asciiWords(buf[n:], s, pos, sentenceStart)
			sc.fullUntil = fullUntil
			if end > pos {
				n, pos, sentenceStart = n+k, end, ss
				continue
			}
		}
		start := pos
		c := s[pos]
		if cl := asciiClass[c]; cl != 0 {
			// Most words are plain ASCII letters and digits: scan them
			// once, noting digits on the way.
			end, digits := scanAlnum(s, pos+1)
			if asciiWordEnds(s, end) {
				// Field by field: a composite literal is built on the
				// stack and copied in wide moves that wait for its
				// narrow stores, a stall on every word.
				sp := &buf[n]
				sp.Start, sp.End = start, end
				sp.Capitalised = cl&classUpper != 0
				sp.SentenceStart = sentenceStart
				sp.Numeric = digits || cl&classDigit != 0
				n++
				sentenceStart = false
				pos = end
				// A single space before an ASCII byte other than a
				// space is a segment of its own that changes nothing:
				// step over it.
				if pos+1 < len(s) && s[pos] == ' ' && s[pos+1] < utf8.RuneSelf && s[pos+1] != ' ' {
					pos++
				}
				continue
			}
		}
		pos = nextSegment(&sc.seg, s, pos)
		w := s[start:pos]
		if c < utf8.RuneSelf {
			// ASCII: a word starts with a letter or a digit.
			if asciiClass[c] == 0 {
				if len(w) == 1 {
					switch c {
					case '.', '!', '?', '\n', ':', ';', '"':
						sentenceStart = true
					}
				} else if endsSentence(w) {
					sentenceStart = true
				}
				continue
			}
		} else if r, _ := utf8.DecodeRuneInString(w); !isWordRune(r) {
			if endsSentence(w) {
				sentenceStart = true
			}
			continue
		}
		sp := &buf[n]
		sp.Start, sp.End = start, pos
		sp.SentenceStart = sentenceStart
		sentenceStart = false
		if c < utf8.RuneSelf {
			sp.Capitalised = asciiClass[c]&classUpper != 0
			sp.Numeric = hasDigitASCII(w)
		} else {
			r, _ := utf8.DecodeRuneInString(w)
			sp.Capitalised = unicode.IsUpper(r)
			sp.Numeric = hasDigit(w)
		}
		n++
	}
	sc.pos, sc.sentenceStart = pos, sentenceStart
	return n
}

// blockLen is how many bytes of text asciiWords reads at once.
const blockLen = 64

// asciiWords writes into buf the spans of the words of plain ASCII text
// in the blockLen bytes of s from pos, a segment boundary, and returns
// how many it wrote, the segment boundary where it stopped and whether a
// sentence starts there. It stops before a word that may reach past the
// block, and before anything only the full rules can read: an underscore
// or a non-ASCII byte, in a word or between two; then fullUntil is past
// the last non-ASCII byte of the block, and reading the text up to there
// a segment at a time, rather than trying blocks that stop at once,
// spares text in other scripts the cost of blocks it cannot use. It may
// stop at pos, having read nothing.
//
// It classifies the whole block at once (classifyBlock), to a bit per
// byte, so that finding a word takes a few bit operations instead of a
// scan from the end of the one before.
func asciiWords(buf []Span, s string, pos int, sentenceStart bool) (n, end int, sentenceStartAfter bool, fullUntil int) {
	b := s[pos : pos+blockLen]
	// A block that starts with text in another script is left whole to
	// the full rules, unclassified.
	if x := load64(b[:8]) & highBits; x != 0 {
		return 0, pos, sentenceStart, pos + 8 - bits.LeadingZeros64(x)/8
	}
	alnum, digit, nonASCII := classifyBlock(b)
	if nonASCII != 0 {
		fullUntil = pos + blockLen - bits.LeadingZeros64(nonASCII)
	}
	// A run of set bits in alnum is a word or part of one: starts marks
	// the first byte of each run and lasts the last, so that the n-th
	// set bits of both bound the n-th run, and the runs are found
	// without a chain of dependent steps from one to the next.
	starts, lasts := alnum&^(alnum<<1), alnum&^(alnum>>1)
	// done is how far the block has been read: words up to done are
	// written, and the text between done and the next word is a gap.
	done := 0
	for starts != 0 && n < len(buf) {
		start := bits.TrailingZeros64(starts)
		end := bits.TrailingZeros64(lasts) + 1
		starts, lasts = starts&(starts-1), lasts&(lasts-1)
		// A full stop, comma, semicolon, colon or apostrophe between
		// two runs may join them (joins).
		for end < blockLen-1 && alnum>>(end+1)&1 != 0 && joins(b[end-1], b[end], b[end+1]) {
			end = bits.TrailingZeros64(lasts) + 1
			starts, lasts = starts&(starts-1), lasts&(lasts-1)
		}
		// Whether the word ends may take two bytes past it.
		if end > blockLen-2 {
			break
		}
		// Between two words only a single space is usual; other gaps
		// are read byte by byte.
		if start > done && !(start == done+1 && b[done] == ' ') {
			gap := b[done:start]
			var cl uint8
			for i := 0; i < len(gap); i++ {
				cl |= gapClass[gap[i]]
			}
			if cl&gapFull != 0 {
				return n, pos + done, sentenceStart, fullUntil
			}
			sentenceStart = sentenceStart || cl&gapSentence != 0
		}
		// The word ends unless an underscore or a non-ASCII byte
		// follows, or a full stop, comma, semicolon, colon or
		// apostrophe before a non-ASCII byte (asciiWordEnds).
		if cl := gapClass[b[end]]; cl&gapFull != 0 || cl&gapJoins != 0 && b[end+1] >= utf8.RuneSelf {
			return n, pos + start, sentenceStart, fullUntil
		}
		sp := &buf[n]
		sp.Start, sp.End = pos+start, pos+end
		// (The mask, a no-op, spares a bounds check.)
		sp.Capitalised = asciiClass[b[start&(blockLen-1)]]&classUpper != 0
		sp.SentenceStart = sentenceStart
		sp.Numeric = digit != 0 && digit&(1<<end-1<<start) != 0
		n++
		sentenceStart = false
		done = end
	}
	return n, pos + done, sentenceStart, 0
}

// joins reports whether the byte mid joins the ASCII letters or digits
// before and after it into one word, as the rules have it: a full stop,
// colon or apostrophe between two letters, and a full stop, comma,
// semicolon or apostrophe between two digits.
func joins(before, mid, after byte) bool {
	j := joinClass[mid]
	return j != 0 && (asciiClass[before]&asciiClass[after]&classDigit != 0 && j&joinsDigits != 0 ||
		(asciiClass[before]|asciiClass[after])&classDigit == 0 && j&joinsLetters != 0)
}

// Classes of bytes that join words, in joinClass.
const (
	joinsLetters = 1 << iota
	joinsDigits
)

var joinClass = func() (t [256]uint8) {
	for _, c := range ".:'" {
		t[c] |= joinsLetters
	}
	for _, c := range ".,;'" {
		t[c] |= joinsDigits
	}
	return t
}()

// classifyBlock classifies the blockLen bytes of b, a bit per byte: set
// in alnum for an ASCII letter or digit, in digit for a digit, and in
// nonASCII for a byte of a non-ASCII character. Most text is plain
// ASCII, with few digits: it classifies 8 bytes of plain ASCII more
// cheaply than any 8 bytes (asciiAlnumBytes), and packs the digits only
// of 8 bytes that have some.
func classifyBlock(b string) (alnum, digit, nonASCII uint64) {
	for k := 0; k < blockLen; k += 8 {
		x := load64(b[k : k+8])
		var a, d uint64
		if x&highBits == 0 {
			a, d = asciiAlnumBytes(x)
		} else {
			a, d = alnumBytes(x)
			nonASCII |= gatherHighBits(x&highBits) << k
		}
		alnum |= gatherHighBits(a) << k
		if d != 0 {
			digit |= gatherHighBits(d) << k
		}
	}
	return alnum, digit, nonASCII
}

// asciiAlnumBytes is alnumBytes for 8 bytes that are all ASCII, which
// need no masking of high bits.
func asciiAlnumBytes(x uint64) (alnum, digit uint64) {
	l := x | 0x20*lowBits
	letter := (l + (0x80-'a')*lowBits) &^ (l + (0x7f-'z')*lowBits)
	digit = (x + (0x80-'0')*lowBits) &^ (x + (0x7f-'9')*lowBits)
	return (letter | digit) & highBits, digit & highBits
}

// gatherHighBits packs the high bits of the 8 bytes of x, as alnumBytes
// gives them, into the 8 low bits: the high bit of byte i becomes bit i.
// Moved to the low bit of its byte, byte i's bit is multiplied into bit
// 56+i by the multiplier's byte 7-i, and no two products overlap.
func gatherHighBits(x uint64) uint64 {
	return (x >> 7) * 0x0102040810204080 >> 56
}

// Classes of the bytes between two words, in gapClass.
const (
	// gapSentence: the byte ends a sentence (see endsSentence).
	gapSentence = 1 << iota
	// gapJoins: the byte may join two words it stands between (a full
	// stop, comma, semicolon, colon or apostrophe; see joins).
	gapJoins
	// gapFull: only the full rules can tell what the byte is part of
	// (an underscore, or any byte of a non-ASCII character).
	gapFull
)

var gapClass = func() (t [256]uint8) {
	for _, c := range ".!?\n:;\"" {
		t[c] |= gapSentence
	}
	for _, c := range ".,;:'" {
		t[c] |= gapJoins
	}
	t['_'] = gapFull
	for c := utf8.RuneSelf; c < len(t); c++ {
		t[c] = gapFull
	}
	return t
}()

// Byte classes of ASCII letters and digits, in asciiClass; every other
// byte has none.
const (
	classAlnum = 1 << iota
	classDigit
	classUpper
)

var asciiClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = classAlnum | classDigit
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = classAlnum
		t[c-'a'+'A'] = classAlnum | classUpper
	}
	return t
}()

// scanAlnum returns the end of the run of ASCII letters and digits in s
// from pos, and whether the run holds a digit. It reads 8 bytes at a
// time while it can, classifying them all at once (alnumBytes), and the
// last few bytes of s one by one.
func scanAlnum(s string, pos int) (end int, digits bool) {
	var seen uint64
	for ; pos+8 <= len(s); pos += 8 {
		alnum, digit := alnumBytes(load64(s[pos : pos+8]))
		if stop := ^alnum & highBits; stop != 0 {
			// Keep the bytes before the first that is not a letter or
			// a digit.
			in := stop&-stop - 1
			return pos + bits.TrailingZeros64(stop)/8, seen|digit&in != 0
		}
		seen |= digit
	}
	for ; pos < len(s); pos++ {
		cl := asciiClass[s[pos]]
		if cl == 0 {
			break
		}
		seen |= uint64(cl & classDigit)
	}
	return pos, seen != 0
}

// Byte masks for alnumBytes: the high bit and the low bit of each byte.
const (
	highBits = 0x8080808080808080
	lowBits  = 0x0101010101010101
)

// alnumBytes classifies the 8 bytes of x at once: a byte's high bit is
// set in alnum when the byte is an ASCII letter or digit, and in digit
// when it is an ASCII digit. For a byte b below 0x80, b + (0x80 - lo)
// reaches 0x80 exactly when b ≥ lo, and no sum carries into the next
// byte; bytes from 0x80 up are neither.
func alnumBytes(x uint64) (alnum, digit uint64) {
	ascii := ^x & highBits
	b := x &^ highBits
	// b|0x20 turns upper-case letters into lower-case ones and maps no
	// other byte into 'a'..'z'.
	l := b | 0x20*lowBits
	letter := (l + (0x80-'a')*lowBits) &^ (l + (0x7f-'z')*lowBits)
	digit = (b + (0x80-'0')*lowBits) &^ (b + (0x7f-'9')*lowBits)
	digit &= ascii
	return (letter&ascii | digit) & highBits, digit & highBits
}

// load64 reads 8 bytes of b as a little-endian integer, which the
// compiler turns into a single load.
func load64(b string) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// asciiWordEnds reports whether a segment of ASCII letters and digits
// that reaches end ends there under the UAX #29 rules; false means that
// it may go on, and only the full rules can tell. A full stop, comma,
// semicolon, colon or apostrophe joins it to what follows only when a
// letter, a digit or a combining mark comes next, so it ends the word
// when an ASCII byte other than a letter or digit comes next. An
// underscore or a non-ASCII character (a letter, a mark) may go on.
func asciiWordEnds(s string, end int) bool {
	if end == len(s) {
		return true
	}
	switch n := s[end]; n {
	case '.', ',', ';', ':', '\'':
		return end+1 == len(s) || (s[end+1] < utf8.RuneSelf && asciiClass[s[end+1]] == 0)
	case '_':
		return false
	default:
		return n < utf8.RuneSelf
	}
}

// nextSegment returns the end of the UAX #29 segment of s that starts at
// pos. Plain ASCII words, single punctuation marks and runs of spaces
// followed by another ASCII byte are segmented here, as the rules give;
// everything else (words joined by a full stop, comma, semicolon, colon,
// apostrophe or underscore, line ends, non-ASCII text) is left to the
// uax29 iterator it, which is reset onto the rest of s.
func nextSegment(it *words.Iterator[string], s string, pos int) int {
	c := s[pos]
	switch {
	case asciiClass[c] != 0:
		if end, _ := scanAlnum(s, pos+1); asciiWordEnds(s, end) {
			return end
		}
	case c == ' ':
		end := pos + 1
		for end < len(s) && s[end] == ' ' {
			end++
		}
		if end == len(s) || s[end] < utf8.RuneSelf {
			return end
		}
	case c < utf8.RuneSelf && c != '_' && c != '\r':
		if pos+1 == len(s) || s[pos+1] < utf8.RuneSelf {
			return pos + 1
		}
	}
	it.SetText(s[pos:])
	it.Next()
	return pos + it.End()
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

// hasDigitASCII is hasDigit for a word that starts with an ASCII byte: it
// scans bytes while they are ASCII and falls back to hasDigit otherwise.
func hasDigitASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return hasDigit(s[i:])
		}
		if c >= '0' && c <= '9' {
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
	return foldRunes(w)
}

// foldRunes is Fold for any word, rune by rune; Fold takes it when its
// ASCII fast path does not apply.
func foldRunes(w string) string {
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
