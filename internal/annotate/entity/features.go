package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokInfo is what the features read off one token.
type tokInfo struct {
	word  string // folded, with @users, URLs and digits normalised
	shape string // character classes, runs capped at 4: "Xxxxx" → "Xxxx"
	short string // character classes, runs collapsed: "Xx", "X.X.", "d,d"
	flags string // one byte of flag bits, as a string for hashing
	gaz   uint16 // gazetteer positions, 2 bits per list
}

// Flag bits of tokInfo.flags.
const (
	flInitCap = 1 << iota
	flAllCaps
	flDigit
	flHyphen
	flSentStart
	flPunct
	flMixedCaps
)

// featBuf holds the features of one sentence; it is reused across
// sentences to avoid allocations.
type featBuf struct {
	info  []tokInfo
	words []string
	feats []uint64
	offs  []int
}

// tokenFeats returns token i's feature hashes.
func (b *featBuf) tokenFeats(i int) []uint64 { return b.feats[b.offs[i]:b.offs[i+1]] }

// FNV-1a, 64 bits: stable across runs and platforms, so the hashes in the
// trained model stay valid.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvTemplate(t byte) uint64 { return (fnvOffset ^ uint64(t)) * fnvPrime }

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return (h ^ 0xff) * fnvPrime
}

func fnvByte(h uint64, c byte) uint64 { return (h ^ uint64(c)) * fnvPrime }

// Feature templates. Changing one invalidates the trained model.
const (
	ftBias byte = iota
	ftWord
	ftShape
	ftShort
	ftPrefix // + 1..4
	_
	_
	_
	ftSuffix // + 1..4
	_
	_
	_
	ftFlags
	ftWordM1
	ftWordM2
	ftWordP1
	ftWordP2
	ftShortM1
	ftShortP1
	ftShortM2
	ftShortP2
	ftBigramM1
	ftBigramP1
	ftBigramM2M1
	ftBigramP1P2
	ftShapeTri
	ftGaz
	ftGazShape
	ftWordShort
	ftLength
	ftStartWord
	ftFlagsM1
	ftFlagsP1
)

const (
	boundaryWord  = "<s>"
	boundaryShape = "<s>"
)

// featurize computes every token's features for one sentence. texts are
// the tokens as written; sentStart marks sentence-initial words.
func (g *gazetteer) featurize(texts []string, sentStart []bool, b *featBuf) {
	n := len(texts)
	b.info = b.info[:0]
	b.words = b.words[:0]
	for i, t := range texts {
		b.info = append(b.info, infoOf(t, sentStart[i]))
		b.words = append(b.words, gazWord(t))
	}
	gz := make([]uint16, n)
	g.match(b.words, gz)
	for i := range b.info {
		b.info[i].gaz = gz[i]
	}
	b.feats = b.feats[:0]
	b.offs = append(b.offs[:0], 0)
	for i := 0; i < n; i++ {
		b.feats = appendFeatures(b.feats, b.info, i)
		b.offs = append(b.offs, len(b.feats))
	}
}

func appendFeatures(f []uint64, info []tokInfo, i int) []uint64 {
	cur := &info[i]
	at := func(k int) (word, short, flags string) {
		j := i + k
		if j < 0 || j >= len(info) {
			return boundaryWord, boundaryShape, "\x00"
		}
		return info[j].word, info[j].short, info[j].flags
	}
	w := cur.word
	f = append(f,
		fnvTemplate(ftBias),
		fnvString(fnvTemplate(ftWord), w),
		fnvString(fnvTemplate(ftShape), cur.shape),
		fnvString(fnvTemplate(ftShort), cur.short),
		fnvString(fnvTemplate(ftFlags), cur.flags),
		fnvString(fnvString(fnvTemplate(ftWordShort), w), cur.short),
	)
	// Prefixes and suffixes of 1 to 4 runes.
	if cur.flags[0]&flPunct == 0 {
		nr := utf8.RuneCountInString(w)
		for k := 1; k <= 4 && k <= nr; k++ {
			f = append(f, fnvString(fnvTemplate(ftPrefix+byte(k-1)), prefixRunes(w, k)))
			f = append(f, fnvString(fnvTemplate(ftSuffix+byte(k-1)), suffixRunes(w, k)))
		}
		l := nr
		if l > 12 {
			l = 12
		}
		f = append(f, fnvByte(fnvTemplate(ftLength), byte(l)))
	}
	wm1, sm1, fm1 := at(-1)
	wm2, sm2, _ := at(-2)
	wp1, sp1, fp1 := at(1)
	wp2, sp2, _ := at(2)
	f = append(f,
		fnvString(fnvTemplate(ftWordM1), wm1),
		fnvString(fnvTemplate(ftWordM2), wm2),
		fnvString(fnvTemplate(ftWordP1), wp1),
		fnvString(fnvTemplate(ftWordP2), wp2),
		fnvString(fnvTemplate(ftShortM1), sm1),
		fnvString(fnvTemplate(ftShortP1), sp1),
		fnvString(fnvTemplate(ftShortM2), sm2),
		fnvString(fnvTemplate(ftShortP2), sp2),
		fnvString(fnvString(fnvTemplate(ftBigramM1), wm1), w),
		fnvString(fnvString(fnvTemplate(ftBigramP1), w), wp1),
		fnvString(fnvString(fnvTemplate(ftBigramM2M1), wm2), wm1),
		fnvString(fnvString(fnvTemplate(ftBigramP1P2), wp1), wp2),
		fnvString(fnvString(fnvString(fnvTemplate(ftShapeTri), sm1), cur.short), sp1),
		fnvString(fnvTemplate(ftFlagsM1), fm1),
		fnvString(fnvTemplate(ftFlagsP1), fp1),
	)
	if cur.flags[0]&flSentStart != 0 {
		f = append(f, fnvString(fnvTemplate(ftStartWord), w))
	}
	// Gazetteer hits of this token and its neighbours.
	for k := -2; k <= 2; k++ {
		j := i + k
		if j < 0 || j >= len(info) || info[j].gaz == 0 {
			continue
		}
		bits := info[j].gaz
		for l := gazList(0); l < numGaz; l++ {
			p := gazPos(bits, l)
			if p == posNone {
				continue
			}
			h := fnvByte(fnvByte(fnvByte(fnvTemplate(ftGaz), byte(k+2)), byte(l)), byte(p))
			f = append(f, h)
			if k == 0 {
				f = append(f, fnvString(fnvByte(fnvByte(fnvTemplate(ftGazShape), byte(l)), byte(p)), cur.short))
			}
		}
	}
	return f
}

func prefixRunes(s string, k int) string {
	i := 0
	for n := 0; n < k && i < len(s); n++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return s[:i]
}

func suffixRunes(s string, k int) string {
	i := len(s)
	for n := 0; n < k && i > 0; n++ {
		_, w := utf8.DecodeLastRuneInString(s[:i])
		i -= w
	}
	return s[i:]
}

// flagStrings holds the 128 one-byte flag strings, so infoOf allocates none.
var flagStrings = func() [128]string {
	var out [128]string
	for i := range out {
		out[i] = string([]byte{byte(i)})
	}
	return out
}()

func infoOf(t string, sentStart bool) tokInfo {
	var fl byte
	upper, lower, letters := 0, 0, 0
	digit, hyphen, wordRune := false, false, false
	for _, r := range t {
		switch {
		case unicode.IsUpper(r):
			upper++
			letters++
		case unicode.IsLetter(r):
			lower++
			letters++
		case unicode.IsDigit(r):
			digit = true
		case r == '-':
			hyphen = true
		}
		if isWordRune(r) {
			wordRune = true
		}
	}
	if isCapitalised(t) {
		fl |= flInitCap
	}
	if upper > 0 && lower == 0 {
		fl |= flAllCaps
	}
	if upper > 1 && lower > 0 {
		fl |= flMixedCaps
	}
	if digit {
		fl |= flDigit
	}
	if hyphen {
		fl |= flHyphen
	}
	if sentStart {
		fl |= flSentStart
	}
	if !wordRune {
		fl |= flPunct
	}
	shape, short := shapes(t)
	return tokInfo{word: featureWord(t), shape: shape, short: short, flags: flagStrings[fl]}
}

// featureWord is the word the features see: folded, with user names, links
// and hashtags of social-media text normalised and digits made 0.
func featureWord(t string) string {
	switch {
	case len(t) > 1 && t[0] == '@':
		return "<user>"
	case strings.HasPrefix(t, "http:") || strings.HasPrefix(t, "https:") || strings.HasPrefix(t, "www."):
		return "<url>"
	case len(t) > 1 && t[0] == '#':
		t = t[1:]
	}
	w := norm(t)
	if strings.IndexAny(w, "0123456789") < 0 {
		return w
	}
	b := []byte(w)
	for i, c := range b {
		if c >= '1' && c <= '9' {
			b[i] = '0'
		}
	}
	return string(b)
}

// shapes returns a token's long and short shapes.
func shapes(t string) (string, string) {
	var long, short [32]byte
	nl, ns := 0, 0
	var prev byte
	run := 0
	for _, r := range t {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if c == prev {
			run++
		} else {
			run = 1
		}
		if run <= 4 && nl < len(long) {
			long[nl] = c
			nl++
		}
		if run == 1 && ns < len(short) {
			short[ns] = c
			ns++
		}
		prev = c
	}
	return string(long[:nl]), string(short[:ns])
}
