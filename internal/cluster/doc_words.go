package cluster

import (
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/parallax-news/parallax/internal/textproc"
)

// wordCache is the cache of the words featurising has met, as written,
// which every scratch shares. News vocabulary repeats, so nearly every
// word of an article is found here, and finding it is most of what
// featurising a word costs. It is shared so that the vocabulary is
// learnt (folded, stemmed and hashed) once however many goroutines
// featurise, not once per goroutine, and so that the processors' caches
// hold one table instead of one per goroutine: featurising the stream
// of `parallax bench` on two goroutines (BenchmarkFeaturizeBench) takes
// about a tenth less processor time per article than with a table per
// goroutine. Its bound, maxCachedWords, is the one a table per goroutine
// had: doubling it spares relearning but loses more in cache misses.
//
// Reading must cost no more than it did when each scratch had a table of
// its own, so readers take no lock: a scratch reads an article through
// the table current when the article began (a wordTable), whose index
// slots it loads atomically, and whose entries a slot only names once
// they are written. Writers, who add a word at a time, hold mu, and add
// only to the current table: growing the index or starting afresh makes
// a new table, and scratches still reading the old one finish their
// article with it. What the cache holds never changes what featurising
// gives, as an entry is a function of its word alone, so which worker
// learns a word first does not matter.
type wordCache struct {
	mu  sync.Mutex
	cur *wordTable
	// restarts counts the times the cache started afresh.
	restarts int
}

// table returns the table to read the next article through, first
// doubling its index when it is more than half full, or starting afresh
// when it holds maxCachedWords words, so that its memory stays flat
// however long the stream.
func (c *wordCache) table() *wordTable {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch t := c.cur; {
	case t == nil:
		c.cur = newWordTable(minWordSlots)
	case t.len() >= maxCachedWords:
		c.cur = newWordTable(len(t.index))
		c.restarts++
	case 2*t.len() > len(t.index):
		c.cur = t.grown()
	}
	return c.cur
}

// add caches the word text, whose key is k, with its entry e, in t, and
// returns the cached entry and its number; another scratch may have
// cached it meanwhile. It returns nil when t is full or no longer the
// current table, and the word is to be left loose.
func (c *wordCache) add(t *wordTable, text string, k *wordKey, e *wordEntry) (*wordEntry, int32) {
	// Copy the word, so the cache keeps no article text alive.
	surface := strings.Clone(text)
	norm := e.norm
	if norm == text {
		norm = surface
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur != t || t.full() {
		return nil, 0
	}
	w, slot := t.find(text, 0, len(text), k)
	if w > 0 {
		return &t.entries[w], w
	}
	w = int32(t.n + 1)
	t.n++
	wd := &t.entries[w]
	*wd = *e
	wd.lo, wd.hi, wd.n, wd.norm = k.lo, k.hi, uint8(k.n), norm
	t.surfaces[w] = surface
	// The slot names the word only once its entry is written.
	atomic.StoreUint32(&t.index[slot], uint32(k.hash)&tagMask|uint32(w))
	return wd, w
}

// wordTable is the word cache as one article reads it, keyed by the
// bytes of the word.
//
// The words are numbered from 1 in the order they are met, and entries,
// by number, hold what featurising needs of a word: its first 16 bytes,
// its hash for shingles, its term id, its fold, whether it is a year or
// a calendar word. surfaces holds the words as written, which only names
// and long words need. index is an open-addressing hash
// table with linear probing from a hash of a word's bytes to its number,
// with more bits of the hash to tell most other words apart without
// reading their entries.
//
// This keeps a lookup within memory the processor caches: index takes 4
// bytes a slot, and the frequent words, met first, share the first
// entries. An entry keeps the first 16 bytes of the word inline, which
// are most words whole, so that a lookup compares two integers instead
// of hashing a string, following a pointer and comparing bytes; only
// longer words are checked against their text.
//
// A table never grows: entries and surfaces have room for as many words
// as the index may take, three quarters of its slots, so that word
// numbers and entries stay put while others read them; wordCache makes
// a larger table between articles. When it is full, further new words
// are learnt without being cached.
type wordTable struct {
	// index holds a slot per power of two, 0 when empty and otherwise
	// the bits of the word's hash above wordBits (tagMask) and its
	// number. Slots are read and written atomically.
	index []uint32
	// entries and surfaces hold the cached words by number; their first
	// element is none.
	entries  []wordEntry
	surfaces []string
	// n is the number of words cached, written under wordCache.mu.
	n int
	// shift is 64 - log2(len(index)): a word's slot is the top bits of
	// its hash.
	shift uint
}

// wordBits is how many bits of an index slot hold a word's number; the
// others hold its tag, which tagMask keeps.
const (
	wordBits = 16
	tagMask  = uint32(1<<32 - 1<<wordBits)
)

// wordEntry is a word as written with what featurising needs to know of
// it at each occurrence.
type wordEntry struct {
	// lo and hi are the first 16 bytes of the word, little-endian and
	// padded with zeros, and n its length in bytes, at most
	// maxCachedWordLen: all a lookup reads of most words.
	lo, hi uint64
	n      uint8
	// flags holds flagTerm, flagYear and flagCalendar.
	flags wordFlags
	// hash is the hash of the word's fold that dedup.Shingles would
	// compute, and id the term id, the hash of its stem, for a word
	// that is a term (flagTerm): not a stop word or a single letter.
	hash, id uint64
	// norm is the word's fold.
	norm string
}

// wordFlags are the classes of a word that weigh in featurising: those
// of its fold, which its entry keeps, and those of an occurrence.
type wordFlags uint8

const (
	// flagTerm: the word is a term.
	flagTerm wordFlags = 1 << iota
	// flagYear: the fold is a year (isYear).
	flagYear
	// flagCalendar: the fold names a weekday or a month (calendarWord).
	flagCalendar
	// flagNumeric: the occurrence holds a digit.
	flagNumeric
	// flagName: the occurrence is capitalised inside a sentence.
	flagName
)

// wordText is a word as written and its fold.
type wordText struct {
	surface, norm string
}

// wordKey is the bytes of a word as a wordEntry keeps them, and a hash
// of all its bytes that places it in the index.
type wordKey struct {
	lo, hi uint64
	n      int
	hash   uint64
}

// The table's bounds: its index starts with minWordSlots slots, and it
// holds at most maxCachedWords words, numbered in wordBits bits from 1,
// the longest of maxCachedWordLen bytes, so that stray runs of letters
// (encoded data, URLs) do not fill it. Between articles the index is
// kept at most half full.
const (
	minWordSlots     = 1 << 12
	maxCachedWords   = 1<<wordBits - 1
	maxCachedWordLen = 64
)

// newWordTable returns an empty table whose index has n slots (a power
// of two).
func newWordTable(n int) *wordTable {
	t := &wordTable{}
	t.init(n)
	return t
}

// init empties the table, giving its index n slots (a power of two). No
// other goroutine may be reading it.
func (t *wordTable) init(n int) {
	t.index = make([]uint32, n)
	words := min(3*n/4, maxCachedWords) + 1
	t.entries = make([]wordEntry, words)
	t.surfaces = make([]string, words)
	t.n = 0
	t.shift = uint(64 - bits.TrailingZeros(uint(n)))
}

// len returns the number of cached words.
func (t *wordTable) len() int { return t.n }

// full reports whether the table takes no more words.
func (t *wordTable) full() bool { return t.n+1 >= len(t.entries) }

// grown returns a table of the same words with twice the slots.
func (t *wordTable) grown() *wordTable {
	g := newWordTable(2 * len(t.index))
	copy(g.entries, t.entries[:t.n+1])
	copy(g.surfaces, t.surfaces[:t.n+1])
	g.n = t.n
	mask := uint64(len(g.index) - 1)
	for w := 1; w <= g.n; w++ {
		k := g.keyOfEntry(w)
		j := k.hash >> g.shift
		for g.index[j] != 0 {
			j = (j + 1) & mask
		}
		g.index[j] = uint32(k.hash)&tagMask | uint32(w)
	}
	return g
}

// keyOfEntry returns the key of cached word number w.
func (t *wordTable) keyOfEntry(w int) wordKey {
	e := &t.entries[w]
	if e.n <= 16 {
		return wordKey{lo: e.lo, hi: e.hi, n: int(e.n), hash: hashWord(e.lo, e.hi, int(e.n))}
	}
	s := t.surfaces[w]
	return keyOf(s, 0, len(s))
}

// probe is a word of a text as probeAll looks it up: its first 16
// bytes, as a wordEntry keeps them, and where in the index to look for
// it (pos), what the slot there holds (slot) and what a slot must hold
// to be the word's (want: the tag, and the length); once the word is
// found, its number is in slot and want is 0.
type probe struct {
	lo, hi          uint64
	pos, slot, want uint32
}

// probeAll sets keys to a probe per span of s, finding the words that
// are cached, at most 16 bytes long and followed by enough text to read
// 16 bytes from their start, read in two loads instead of byte by byte
// (keyOf); wordAt finds the others.
//
// With a large vocabulary, most lookups miss the processor's caches,
// and one lookup waits for the index slot its word's hash names, then
// for the entry the slot names. Looking up the words in two passes, the
// first loading every word's slot and the second every entry, leaves
// the loads of each pass independent of one another, so that the
// processor runs many at once.
func (t *wordTable) probeAll(s string, spans []textproc.Span, keys []probe) []probe {
	keys = slices.Grow(keys[:0], len(spans))[:len(spans)]
	// A shift the compiler knows to be below 64 needs no guard.
	shift := t.shift & 63
	for i := range spans {
		k := &keys[i]
		start, n := spans[i].Start, spans[i].End-spans[i].Start
		if uint(n) > 16 || len(s)-start < 16 {
			// Left to wordAt: no slot to look in, and not found.
			k.slot, k.want = 0, tagMask
			continue
		}
		b := s[start : start+16]
		m := &keyMasks[n]
		k.lo, k.hi = load64(b[:8])&m[0], load64(b[8:])&m[1]
		h := hashWord(k.lo, k.hi, n)
		k.pos = uint32(h >> shift)
		k.slot = atomic.LoadUint32(&t.index[k.pos])
		k.want = uint32(h)&tagMask | uint32(n)
	}
	// The word is in the first slot that holds its tag and length and
	// names an entry of its bytes, before an empty slot.
	mask := uint32(len(t.index) - 1)
	for i := range keys {
		k := &keys[i]
		for x, j := k.slot, k.pos; x != 0; j = (j + 1) & mask {
			x = atomic.LoadUint32(&t.index[j])
			w := x &^ tagMask
			e := &t.entries[w]
			if x&tagMask == k.want&tagMask && (e.lo^k.lo)|(e.hi^k.hi)|uint64(uint32(e.n)^k.want&^tagMask) == 0 {
				k.slot, k.want = w, 0
				break
			}
		}
	}
	return keys
}

// find returns the number of the word s[start:end], whose key is k, or
// 0 when the word is not cached, with the empty slot of the index where
// it belongs.
func (t *wordTable) find(s string, start, end int, k *wordKey) (w int32, slot int) {
	tag := uint32(k.hash) & tagMask
	mask := uint64(len(t.index) - 1)
	for j := k.hash >> t.shift; ; j = (j + 1) & mask {
		x := atomic.LoadUint32(&t.index[j])
		if x == 0 {
			return 0, int(j)
		}
		if x&tagMask != tag {
			continue
		}
		w := x &^ tagMask
		e := &t.entries[w]
		if e.lo == k.lo && e.hi == k.hi && int(e.n) == k.n &&
			(k.n <= 16 || t.surfaces[w] == s[start:end]) {
			return int32(w), int(j)
		}
	}
}

// keyOf returns the key of the word s[start:end], byte by byte.
func keyOf(s string, start, end int) wordKey {
	w := s[start:end]
	k := wordKey{n: len(w)}
	for i := 0; i < len(w) && i < 16; i++ {
		if i < 8 {
			k.lo |= uint64(w[i]) << (8 * i)
		} else {
			k.hi |= uint64(w[i]) << (8 * (i - 8))
		}
	}
	k.hash = hashWord(k.lo, k.hi, k.n)
	for i := 16; i < len(w); i += 8 {
		var x uint64
		for j := i; j < len(w) && j < i+8; j++ {
			x |= uint64(w[j]) << (8 * (j - i))
		}
		k.hash = hashWord(k.hash, x, k.n)
	}
	return k
}

// keyMasks[n] masks 16 bytes read from the start of a word of n bytes,
// as two little-endian integers, down to the word.
var keyMasks = func() (m [17][2]uint64) {
	for n := range m {
		for i := range min(n, 8) {
			m[n][0] |= 0xff << (8 * i)
		}
		for i := range max(n-8, 0) {
			m[n][1] |= 0xff << (8 * i)
		}
	}
	return m
}()

// hashWord mixes 16 bytes of a word and its length into a hash whose top
// bits pick its slot (the multiply-and-fold of wyhash).
func hashWord(lo, hi uint64, n int) uint64 {
	h, l := bits.Mul64(lo^0x9E3779B97F4A7C15, hi^0xD6E8FEB86659FD93^uint64(n))
	return h ^ l
}

// load64 reads 8 bytes of b as a little-endian integer, which the
// compiler turns into a single load.
func load64(b string) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}
