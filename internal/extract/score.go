package extract

import (
	"strings"
	"unicode"
)

// Shingles returns the set of word 4-grams of s, words being lower-cased
// runs of letters and digits, each shingle its four words joined by single
// spaces. A text of one to three words is one shingle; a text without
// words has none. This is the extraction benchmark's unit of comparison.
func Shingles(s string) map[string]struct{} {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) == 0 {
		return map[string]struct{}{}
	}
	if len(words) < 4 {
		return map[string]struct{}{strings.Join(words, " "): {}}
	}
	set := make(map[string]struct{}, len(words)-3)
	for i := 0; i+4 <= len(words); i++ {
		set[strings.Join(words[i:i+4], " ")] = struct{}{}
	}
	return set
}

// ScoreBody scores an extracted body text got against the expected one,
// want, on their Shingles: precision is the share of got's shingles found
// in want, recall the share of want's found in got, f1 their harmonic
// mean. An empty got scores zero, unless want is empty too, which scores
// one everywhere.
func ScoreBody(got, want string) (p, r, f1 float64) {
	g, w := Shingles(got), Shingles(want)
	if len(g) == 0 && len(w) == 0 {
		return 1, 1, 1
	}
	common := 0
	for s := range g {
		if _, ok := w[s]; ok {
			common++
		}
	}
	if len(g) > 0 {
		p = float64(common) / float64(len(g))
	}
	if len(w) > 0 {
		r = float64(common) / float64(len(w))
	}
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1
}
