package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word or punctuation mark of the input, with byte offsets.
//
// textproc.Tokens drops punctuation and splits "al-Assad" at the hyphen;
// the tagger needs both the punctuation (commas, brackets, dashes are
// strong cues) and words tokenised the way the CoNLL training corpora are
// (hyphenated words whole, the possessive "'s" apart), so this package
// keeps its own tokenizer. Words are still folded with textproc.Fold.
type token struct {
	text       string
	start, end int
	// punct is true when the token holds no letter or digit.
	punct bool
	// sentBegin marks the first token of a sentence, sentStart its first
	// word (leading quotes and brackets skipped); lineStart marks the first
	// token of a line.
	sentBegin, sentStart, lineStart bool
}

// abbreviations keep their full stop inside the token ("Dr.", "Gen.").
var abbreviations = setOf(
	"mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "sen", "rep", "gov", "st", "jr", "sr",
	"mt", "ft", "inc", "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
	"sep", "sept", "oct", "nov", "dec", "rev", "adm", "maj", "brig", "cmdr", "pres", "dept", "univ", "approx",
	"gov", "messrs", "mme", "mlle", "hon", "fr", "cpl", "pvt", "supt", "insp", "det",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' || r == '‘' }

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// runeAt decodes the rune at byte i of s; invalid bytes decode as
// utf8.RuneError of width 1.
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return -1, 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// tokenize splits s into tokens and marks sentence and line starts.
// Invalid UTF-8 bytes are skipped like white space, so every offset lies on
// a rune boundary.
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/5+1)
	newline := true
	i := 0
	for i < len(s) {
		r, w := runeAt(s, i)
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			newline = true
			i += w
			continue
		case unicode.IsSpace(r) || r == utf8.RuneError || unicode.IsControl(r) || r == '\ufeff' || r == '\u200b':
			i += w
			continue
		}
		var end int
		if isWordRune(r) {
			end = scanWord(s, i)
		} else {
			end = i + w
			// A run of dots or hyphens is one token ("...", "--").
			if r == '.' || r == '-' {
				for end < len(s) && s[end] == byte(r) {
					end++
				}
			}
		}
		toks = append(toks, token{text: s[i:end], start: i, end: end, punct: !isWordRune(r), lineStart: newline})
		newline = false
		i = end
		// The possessive ending is a token of its own, as in the corpora.
		if !toks[len(toks)-1].punct {
			if a, aw := runeAt(s, i); isApostrophe(a) {
				if c, cw := runeAt(s, i+aw); c == 's' || c == 'S' {
					if n, _ := runeAt(s, i+aw+cw); n < 0 || !isWordRune(n) {
						toks = append(toks, token{text: s[i : i+aw+cw], start: i, end: i + aw + cw})
						i += aw + cw
					}
				}
			}
		}
	}
	markSentences(s, toks)
	return toks
}

// scanWord returns the end of the word starting at i: letters, digits and
// marks, joined by inner hyphens ("al-Assad"), inner apostrophes
// ("Khamene'i", but not a possessive "'s"), dots of initialisms ("U.S.")
// and known abbreviations ("Dr."), digit separators ("400,000") and an
// ampersand between capitals ("AT&T").
func scanWord(s string, i int) int {
	start := i
	segLetters := 0 // letters since the last dot
	initialism := true
	for i < len(s) {
		r, w := runeAt(s, i)
		if isWordRune(r) {
			if unicode.IsLetter(r) {
				segLetters++
			}
			i += w
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[start:i])
		next, nw := runeAt(s, i+w)
		switch {
		case isHyphen(r) && isWordRune(next):
			i += w
			segLetters = 0
			initialism = false
			continue
		case isApostrophe(r) && unicode.IsLetter(prev) && unicode.IsLetter(next):
			// "Iran's" ends before the apostrophe; "O'Brien" and
			// "Khamene'i" go on.
			if next == 's' || next == 'S' {
				if after, _ := runeAt(s, i+w+nw); after < 0 || !isWordRune(after) {
					return i
				}
			}
			i += w
			initialism = false
			continue
		case (r == '.' || r == ',') && unicode.IsDigit(prev) && unicode.IsDigit(next):
			i += w
			continue
		case r == '&' && unicode.IsUpper(prev) && unicode.IsUpper(next):
			i += w
			continue
		case r == '.':
			if initialism && segLetters == 1 && unicode.IsLetter(next) {
				// "U.S", "a.m": go on through single letters.
				nextEnd := i + w + nw
				if n2, _ := runeAt(s, nextEnd); n2 < 0 || !isWordRune(n2) {
					i += w
					segLetters = 0
					continue
				}
			}
			word := s[start:i]
			// "U.S." keeps its last dot, and so does a middle initial
			// ("Bryant A. Dalton"), so that neither ends a sentence.
			single := len(word) == 1 && word[0] >= 'A' && word[0] <= 'Z'
			if (initialism && segLetters == 1 && strings.Contains(word, ".")) || single || abbreviations[strings.ToLower(word)] {
				return i + w
			}
			return i
		}
		return i
	}
	return i
}

// isCloser reports punctuation that closes a sentence after its full
// stop: closing quotes and brackets. A straight quote closes when no word
// follows it at once.
func isCloser(s string, t token) bool {
	switch t.text {
	case "”", "’", ")", "]", "»":
		return true
	case "\"", "'":
		r, _ := runeAt(s, t.end)
		return r < 0 || !isWordRune(r)
	}
	return false
}

// markSentences sets sentBegin where a sentence begins and sentStart on
// its first word. A sentence ends at a full stop, question or exclamation
// mark (with any closing quotes and brackets after it) when the next word
// is not lower case, at a line break, and after 150 tokens.
func markSentences(s string, toks []token) {
	n := len(toks)
	if n == 0 {
		return
	}
	toks[0].sentBegin = true
	for i := range toks {
		if toks[i].lineStart {
			toks[i].sentBegin = true
		}
		t := toks[i].text
		if !toks[i].punct || (t != "." && t != "!" && t != "?" && t != "..." && t != "…") {
			continue
		}
		j := i + 1
		for j < n && toks[j].punct && !toks[j].lineStart && isCloser(s, toks[j]) {
			j++
		}
		if j >= n || toks[j].lineStart {
			continue
		}
		k := j
		for k < n && toks[k].punct && !toks[k].lineStart {
			k++
		}
		if k < n && !toks[k].lineStart {
			if r, _ := utf8.DecodeRuneInString(toks[k].text); unicode.IsLower(r) {
				continue
			}
		}
		toks[j].sentBegin = true
	}
	count := 0
	needWord := false
	for i := range toks {
		if toks[i].sentBegin || count >= 150 {
			toks[i].sentBegin = true
			count = 0
			needWord = true
		}
		count++
		if needWord && !toks[i].punct {
			toks[i].sentStart = true
			needWord = false
		}
	}
}

// sentenceRanges cuts toks into sentences at sentBegin marks, returning
// [start, end) index pairs.
func sentenceRanges(toks []token) [][2]int {
	var out [][2]int
	begin := 0
	for i := 1; i <= len(toks); i++ {
		if i == len(toks) || toks[i].sentBegin {
			out = append(out, [2]int{begin, i})
			begin = i
		}
	}
	return out
}
