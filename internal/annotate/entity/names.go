package entity

import (
	"strings"
	"unicode"

	"github.com/parallax-news/parallax/internal/textproc"
)

// Name keys for matching spelling and transliteration variants.

// arabicArticles are the prefixes "al-Assad", "el-Sisi", "ash-Sharaa"
// carry; the key drops them so that "Assad" and "al-Assad" match.
var arabicArticles = []string{"al-", "el-", "ul-", "ad-", "ar-", "as-", "ash-", "at-", "az-", "an-", "adh-", "ath-"}

// nameKey folds one word of a name: lower case, no diacritics, no
// apostrophes or hyphens, no Arabic article, doubled letters collapsed.
// "al-Asaad", "Assad" and "ASSAD" all give "asad"; "Khamene'i" gives
// "khamenei".
func nameKey(w string) string {
	f := textproc.Fold(w)
	if f == "" {
		f = strings.ToLower(w)
	}
	for _, a := range arabicArticles {
		if strings.HasPrefix(f, a) && len(f) > len(a)+1 {
			f = f[len(a):]
			break
		}
	}
	var b strings.Builder
	b.Grow(len(f))
	var prev rune
	for _, r := range f {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		if r == prev {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// skeleton reduces a name key to its consonants in broad classes, so that
// transliterations of one name agree: "gadafi", "qadhafi" and "kadhafi"
// all give "KDF". It is only used together with other evidence (matching
// given names, a small edit distance), never alone.
func skeleton(key string) string {
	s := key
	for _, p := range [][2]string{
		{"kh", "k"}, {"gh", "g"}, {"dh", "d"}, {"th", "t"}, {"ph", "f"}, {"sh", "s"}, {"ch", "c"},
		{"dj", "j"}, {"ck", "k"}, {"ou", "u"}, {"ee", "i"}, {"oo", "u"},
	} {
		s = strings.ReplaceAll(s, p[0], p[1])
	}
	var b strings.Builder
	var prev byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'h', 'w', '\'':
			if i == 0 {
				c = 'A'
			} else {
				continue
			}
		case 'q', 'k', 'g', 'c':
			c = 'K'
		case 'd', 't':
			c = 'D'
		case 'b', 'p':
			c = 'B'
		case 'f', 'v':
			c = 'F'
		case 's', 'z', 'x':
			c = 'S'
		case 'j':
			c = 'J'
		default:
			if c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
		}
		if c == prev {
			continue
		}
		b.WriteByte(c)
		prev = c
	}
	return b.String()
}

// editDistance is the Levenshtein distance between two strings, by runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// similarity is 1 − edit distance / longer length, in [0, 1].
func similarity(a, b string) float64 {
	n := max(len([]rune(a)), len([]rune(b)))
	if n == 0 {
		return 1
	}
	return 1 - float64(editDistance(a, b))/float64(n)
}

// particleWords are dropped from a person's name key.
var particleWords = setOf("al", "el", "ul", "bin", "ibn", "bint", "ben", "abu", "umm", "van", "von", "der", "den",
	"ter", "ten", "de", "del", "della", "dei", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "lo", "y")

// personParts splits a person's name into the keys of its words, without
// titles, particles and punctuation: "Supreme Leader Ayatollah Ali
// Khamenei" → [ali khamenei]; "Ursula von der Leyen" → [ursula leyen].
func personParts(g *gazetteer, name string) []string {
	toks := tokenize(name)
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = gazWord(t.text)
	}
	// Leading titles.
	i := 0
	if g != nil {
		gz := make([]gazBits, len(words))
		g.match(words, gz)
		for i < len(toks) {
			p := gazPos(gz[i], gzTitle)
			if p == posNone || p == posInside {
				break
			}
			j := i + 1
			for j < len(toks) && gazPos(gz[j], gzTitle) == posInside {
				j++
			}
			if j >= len(toks) {
				break // a name that is all title: keep it
			}
			i = j
		}
	}
	var parts []string
	for _, t := range toks[i:] {
		if t.punct {
			continue
		}
		if particleWords[strings.ToLower(t.text)] {
			continue
		}
		if k := nameKey(t.text); k != "" && k != "s" {
			parts = append(parts, k)
		}
	}
	return parts
}

// joinedSurname is the key of a person's surname written together with
// the particles before it, "" when none precede it: "Gerrit van Sloot" →
// "vansloot", which is how "Gerrit Vansloot" keys its surname. Outlets
// write such names both ways; personParts drops the particles, so the
// joined key is what lets the two forms meet.
func joinedSurname(name string) string {
	toks := tokenize(name)
	last := len(toks) - 1
	for last >= 0 && toks[last].punct {
		last--
	}
	first := last
	for first > 0 && particleWords[strings.ToLower(toks[first-1].text)] {
		first--
	}
	if last < 0 || first == last {
		return ""
	}
	var b strings.Builder
	for _, t := range toks[first : last+1] {
		b.WriteString(t.text)
	}
	return nameKey(b.String())
}

// subsequence reports whether every part of short appears in long, in
// order.
func subsequence(short, long []string) bool {
	j := 0
	for _, p := range long {
		if j < len(short) && short[j] == p {
			j++
		}
	}
	return j == len(short)
}

// groupKey is the key of an organisation, place or group name: the
// gazetteer's main name when it knows the name ("UN" and "United Nations"
// agree), else the folded words without a leading "the".
func groupKey(g *gazetteer, name string) string {
	f := foldPhrase(name)
	f = strings.TrimPrefix(f, "the ")
	if g != nil {
		if n, ok := g.orgName[f]; ok {
			return "org:" + foldPhrase(n)
		}
		if n, ok := g.countryName[f]; ok {
			return "country:" + foldPhrase(n)
		}
	}
	var b strings.Builder
	for _, w := range strings.Fields(f) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(nameKey(w))
	}
	return b.String()
}
