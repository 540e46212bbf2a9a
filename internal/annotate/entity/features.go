package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokInfo is what the features read off one token.
type tokInfo struct {
	word  string  // folded, with @users, URLs and digits normalised
	shape string  // character classes, runs capped at 4: "Xxxxx" → "Xxxx"
	short string  // character classes, runs collapsed: "Xx", "X.X.", "d,d"
	flags string  // one byte of flag bits, as a string for hashing
	gaz   gazBits // gazetteer positions, 2 bits per list
	doc   byte    // document cues: docLower, docCapMid
	// gazWord is gazWord(token), its key in the gazetteer.
	gazWord string
	// Hashes of word, shape and short, computed once: the templates
	// combine them with cheap integer mixing.
	hw, hshape, hs uint64
}

// Document cues of a token (tokInfo.doc): how the same word is written
// elsewhere in the document. A capitalised word that the document also
// writes in lower case is probably a common word ("Police", "Fighting" at
// the start of a sentence); one that it writes capitalised in mid-sentence
// is probably a name, wherever it stands.
const (
	docLower  = 1 << iota // the word occurs in lower case elsewhere
	docCapMid             // the word occurs capitalised, not first in its sentence, elsewhere
)

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
	// nid[i] counts the identity features at the head of token i's
	// features (the word itself, alone or with a neighbour), which
	// training drops at random so that context and shape carry weight.
	nid []int
	gz  []gazBits
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

// fmix is MurmurHash3's 64-bit finaliser: every input bit reaches every
// output bit.
func fmix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// Feature hashes from precomputed value hashes: h1 for a template over
// one value, h2 over two, h3 over three. Like the FNV hashes they are
// stable across runs and platforms.
func h1(t byte, a uint64) uint64       { return fmix(a ^ (uint64(t)+1)*0x9e3779b97f4a7c15) }
func h2(t byte, a, b uint64) uint64    { return fmix(h1(t, a) ^ b*0xbf58476d1ce4e5b9) }
func h3(t byte, a, b, c uint64) uint64 { return fmix(h2(t, a, b) ^ c*0x94d049bb133111eb) }

// hashString is a value hash of a string.
func hashString(s string) uint64 { return fnvString(fnvOffset, s) }

// Value hashes of the sentence boundary, for the neighbours' templates.
var (
	boundaryHash = hashString("<s>")
	boundaryFlag = uint64(0x100)
)

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
	ftDoc
	ftDocShort
	ftShortStart
	ftWordM1Short
	ftShortWordP1
	ftGazFlags
)

const (
	boundaryWord  = "<s>"
	boundaryShape = "<s>"
)

// featurize computes every token's features for one sentence. texts are
// the tokens as written; sentStart marks sentence-initial words; doc holds
// each token's document cues (see docCues), or is nil.
func (g *gazetteer) featurize(texts []string, sentStart []bool, doc []byte, b *featBuf) {
	n := len(texts)
	b.info = b.info[:0]
	b.words = b.words[:0]
	for i, t := range texts {
		b.info = append(b.info, infoOf(t, sentStart[i]))
		b.words = append(b.words, b.info[i].gazWord)
		if doc != nil {
			b.info[i].doc = doc[i]
		}
	}
	b.gz = grow(b.gz, n)
	g.match(b.words, b.gz)
	for i := range b.info {
		b.info[i].gaz = b.gz[i]
	}
	b.feats = b.feats[:0]
	b.offs = append(b.offs[:0], 0)
	b.nid = b.nid[:0]
	for i := 0; i < n; i++ {
		var nid int
		b.feats, nid = appendFeatures(b.feats, b.info, i)
		b.offs = append(b.offs, len(b.feats))
		b.nid = append(b.nid, nid)
	}
}

// docCues returns each token's document cues (tokInfo.doc). texts are the
// tokens of the whole document, sentStart marks sentence-initial words.
func docCues(texts []string, sentStart []bool) []byte {
	type count struct{ lower, capMid int32 }
	counts := make(map[string]count, len(texts)/2)
	keys := make([]string, len(texts))
	kind := make([]byte, len(texts))
	for i, t := range texts {
		r, _ := utf8.DecodeRuneInString(t)
		switch {
		case unicode.IsLower(r):
			kind[i] = docLower
		case unicode.IsUpper(r) && !sentStart[i]:
			kind[i] = docCapMid
		default:
			continue
		}
		keys[i] = norm(t)
		c := counts[keys[i]]
		if kind[i] == docLower {
			c.lower++
		} else {
			c.capMid++
		}
		counts[keys[i]] = c
	}
	out := make([]byte, len(texts))
	for i, t := range texts {
		if !isCapitalised(t) {
			continue
		}
		k := keys[i]
		if k == "" {
			k = norm(t)
		}
		c := counts[k]
		if kind[i] == docCapMid {
			c.capMid--
		}
		if c.lower > 0 {
			out[i] |= docLower
		}
		if c.capMid > 0 {
			out[i] |= docCapMid
		}
	}
	return out
}

// appendFeatures appends token i's feature hashes to f and returns them
// with the number of identity features, which come first.
func appendFeatures(f []uint64, info []tokInfo, i int) ([]uint64, int) {
	cur := &info[i]
	at := func(k int) (word, short, flags uint64) {
		j := i + k
		if j < 0 || j >= len(info) {
			return boundaryHash, boundaryHash, boundaryFlag
		}
		return info[j].hw, info[j].hs, uint64(info[j].flags[0])
	}
	w := cur.word
	hw, hs, fl := cur.hw, cur.hs, uint64(cur.flags[0])
	wm1, sm1, fm1 := at(-1)
	wm2, sm2, _ := at(-2)
	wp1, sp1, fp1 := at(1)
	wp2, sp2, _ := at(2)
	start := len(f)
	// Identity features: the word, alone and with its neighbours.
	f = append(f,
		h1(ftWord, hw),
		h2(ftWordShort, hw, hs),
		h2(ftBigramM1, wm1, hw),
		h2(ftBigramP1, hw, wp1),
	)
	if fl&flSentStart != 0 {
		f = append(f, h1(ftStartWord, hw))
	}
	nr := 0
	if fl&flPunct == 0 {
		nr = utf8.RuneCountInString(w)
		if nr >= 4 {
			f = append(f, h1(ftPrefix+3, hashString(prefixRunes(w, 4))))
			f = append(f, h1(ftSuffix+3, hashString(suffixRunes(w, 4))))
		}
	}
	nid := len(f) - start
	f = append(f,
		h1(ftBias, 0),
		h1(ftShape, cur.hshape),
		h1(ftShort, hs),
		h1(ftFlags, fl),
		h2(ftShortStart, hs, fl),
	)
	// Prefixes and suffixes of 1 to 3 runes.
	if nr > 0 {
		for k := 1; k <= 3 && k <= nr; k++ {
			f = append(f, h1(ftPrefix+byte(k-1), hashString(prefixRunes(w, k))))
			f = append(f, h1(ftSuffix+byte(k-1), hashString(suffixRunes(w, k))))
		}
		f = append(f, h1(ftLength, uint64(min(nr, 12))))
	}
	f = append(f,
		h1(ftWordM1, wm1),
		h1(ftWordM2, wm2),
		h1(ftWordP1, wp1),
		h1(ftWordP2, wp2),
		h1(ftShortM1, sm1),
		h1(ftShortP1, sp1),
		h1(ftShortM2, sm2),
		h1(ftShortP2, sp2),
		h2(ftBigramM2M1, wm2, wm1),
		h2(ftBigramP1P2, wp1, wp2),
		h3(ftShapeTri, sm1, hs, sp1),
		h1(ftFlagsM1, fm1),
		h1(ftFlagsP1, fp1),
		h2(ftWordM1Short, wm1, hs),
		h2(ftShortWordP1, hs, wp1),
	)
	if cur.doc != 0 {
		f = append(f,
			h2(ftDoc, fl, uint64(cur.doc)),
			h2(ftDocShort, hs, uint64(cur.doc)),
		)
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
			code := uint64(k+2)<<16 | uint64(l)<<8 | uint64(p)
			f = append(f, h1(ftGaz, code))
			if k == 0 {
				f = append(f, h2(ftGazShape, code, hs), h2(ftGazFlags, code, fl))
			}
		}
	}
	return f, nid
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
	n := norm(t)
	w := featureWord(t, n)
	g := n
	if len(g) > 1 {
		g = strings.TrimSuffix(g, ".")
	}
	return tokInfo{word: w, shape: shape, short: short, flags: flagStrings[fl], gazWord: g,
		hw: hashString(w), hshape: hashString(shape), hs: hashString(short)}
}

// featureWord is the word the features see: folded, with user names, links
// and hashtags of social-media text normalised and digits made 0.
// n is norm(t), which it reuses.
func featureWord(t, n string) string {
	w := n
	switch {
	case len(t) > 1 && t[0] == '@':
		return "<user>"
	case strings.HasPrefix(t, "http:") || strings.HasPrefix(t, "https:") || strings.HasPrefix(t, "www."):
		return "<url>"
	case len(t) > 1 && t[0] == '#':
		w = norm(t[1:])
	}
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
