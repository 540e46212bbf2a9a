// Package cluster assigns articles to stories as they stream in: a single
// pass in arrival order, where each article joins the most similar open
// story when the similarity clears a threshold and starts a new story
// otherwise; stories that later prove to report one event merge. Reprints
// found by package dedup join the story of the text they copy.
//
// Similarity is TF-IDF cosine over all terms blended with cosine over
// names (who and where), then raised or lowered by whether the years and
// the other figures (tolls, magnitudes, ages) of article and story agree
// (when and how many): two events of one kind share their vocabulary,
// seldom their names, years and figures.
//
// Candidate stories come from an inverted index over story terms, and only
// the most promising are scored in full, so the cost of an assignment does
// not grow with the number of open stories; stories that go quiet are
// forgotten, so memory does not grow with the length of the stream.
//
// The core is pure and deterministic: the same articles in the same order
// give the same stories and IDs. Featurize may run on many goroutines; an
// Engine is used from one.
package cluster

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/parallax-news/parallax/internal/dedup"
	"github.com/parallax-news/parallax/internal/textproc"
	"github.com/zeebo/xxh3"
)

// term is a weighted stem, identified by the hash of its text.
type term struct {
	id uint64
	w  float64
}

// Doc is an article reduced to what clustering compares.
type Doc struct {
	Published time.Time
	Source    string
	// terms holds each stem with its sublinear, title- and name-boosted
	// frequency, sorted by id; words[i] is the folded word terms[i] first
	// came from, for explanations.
	terms []term
	words []string
	// names holds the stems that appeared as capitalised words inside a
	// sentence (mostly people, places and organisations), sorted by id;
	// nameWords[i] is the surface form of names[i].
	names     []term
	nameWords []string
	// years holds the years (1900–2099) the text mentions, and numbers
	// its other figures (tolls, magnitudes, scores), both sorted by id:
	// when and how many tell two events of one kind apart.
	years, numbers []term
	sig            dedup.Signature
	// hasSig is false when the text is too short to fingerprint.
	hasSig bool
}

// Empty reports whether the document has no comparable terms.
func (d *Doc) Empty() bool { return len(d.terms) == 0 }

// scratch is one worker's reusable state for Featurize: what it has
// learnt about the words it has met, and buffers, so featurising makes
// little garbage. Scratches live in a sync.Pool, which keeps about one per
// running goroutine.
//
// News vocabulary repeats, so each word as written is folded, looked up
// in the stop words, stemmed and hashed once: seen maps it to its entry in
// words, and words that share a stem share an entry in stems. The cache
// is bounded: past maxCachedWords words it starts afresh, between
// articles, so its memory stays flat however long the stream.
type scratch struct {
	stemmer textproc.Stemmer
	spans   []textproc.Span
	seen    map[string]int32
	words   []wordInfo
	stemIDs map[uint64]int32
	stems   []stemInfo
	// article numbers the calls to Featurize on this scratch: a stem's
	// tally is this article's only when the stem's article matches.
	article uint32
	// hashes holds the hashes of the text's folded words, and shingles
	// the hashes of their runs, for fingerprinting.
	hashes, shingles []uint64
	tallies          []tally
	order, sorted    []tallyRef
	buckets          []int32
}

// wordInfo is what Featurize needs to know about a word as written.
type wordInfo struct {
	// surface is the word as written, and norm its fold; hash is the
	// hash of norm that dedup.Shingles would compute.
	surface, norm string
	hash          uint64
	// stem is the index of the word's stem in scratch.stems, or -1 for
	// stop words and single letters, which are not terms.
	stem int32
	// year and calendar tell whether norm is a year (isYear) or names a
	// weekday or month (calendarWord).
	year, calendar bool
}

// stemInfo is a term id and where this article tallies it.
type stemInfo struct {
	id      uint64
	article uint32
	tally   int32
}

// tallyRef is a tally's id and its index in scratch.tallies, for sorting.
type tallyRef struct {
	id uint64
	k  int32
}

// maxCachedWords bounds a scratch's word cache; maxCachedWordLen is the
// longest word it keeps, so that stray runs of letters (encoded data,
// URLs) do not fill it.
const (
	maxCachedWords   = 1 << 16
	maxCachedWordLen = 64
)

var scratches = sync.Pool{New: func() any {
	return &scratch{
		seen:    make(map[string]int32, 4096),
		stemIDs: make(map[uint64]int32, 4096),
	}
}}

type tally struct {
	id               uint64
	count, nameCount float64
	word, surface    string
	numeric, year    bool
}

// Featurize reduces an article to a Doc. It is pure and safe for
// concurrent use.
func Featurize(title, text, source string, published time.Time, p Params) *Doc {
	sc := scratches.Get().(*scratch)
	defer scratches.Put(sc)
	return sc.featurize(title, text, source, published, p)
}

// featurize is Featurize on the given scratch.
func (sc *scratch) featurize(title, text, source string, published time.Time, p Params) *Doc {
	sc.begin()
	d := &Doc{Published: published, Source: source}
	sc.add(title, p.TitleBoost, p.NameBoost, false)
	sc.add(text, 1, p.NameBoost, true)
	if len(sc.hashes) >= p.ShingleMinWords {
		sc.shingles = dedup.AppendShingles(sc.shingles[:0], sc.hashes, p.ShingleSize)
		d.sig, d.hasSig = dedup.Sign(sc.shingles)
	}
	sc.order = sc.order[:0]
	nNames, nYears, nNumbers := 0, 0, 0
	for i := range sc.tallies {
		tl := &sc.tallies[i]
		sc.order = append(sc.order, tallyRef{tl.id, int32(i)})
		if tl.nameCount > 0 {
			nNames++
		}
		switch {
		case tl.year:
			nYears++
		case tl.numeric:
			nNumbers++
		}
	}
	sc.sortOrder()
	d.terms = make([]term, len(sc.order))
	d.words = make([]string, len(sc.order))
	if nNames > 0 {
		d.names = make([]term, 0, nNames)
		d.nameWords = make([]string, 0, nNames)
	}
	if nYears > 0 {
		d.years = make([]term, 0, nYears)
	}
	if nNumbers > 0 {
		d.numbers = make([]term, 0, nNumbers)
	}
	for i, r := range sc.order {
		tl := &sc.tallies[r.k]
		d.terms[i] = term{tl.id, 1 + logCount(tl.count)}
		d.words[i] = tl.word
		if tl.nameCount > 0 {
			d.names = append(d.names, term{tl.id, 1 + logCount(tl.nameCount)})
			d.nameWords = append(d.nameWords, tl.surface)
		}
		switch {
		case tl.year:
			d.years = append(d.years, d.terms[i])
		case tl.numeric:
			d.numbers = append(d.numbers, d.terms[i])
		}
	}
	// Let the pooled buffers forget this article's strings.
	clear(sc.tallies)
	return d
}

// begin readies the scratch for an article: it empties the buffers,
// starts the word cache afresh when it is full, and moves to a new
// article number.
func (sc *scratch) begin() {
	sc.tallies = sc.tallies[:0]
	sc.hashes = sc.hashes[:0]
	sc.article++
	if len(sc.words) >= maxCachedWords || sc.article == 0 {
		clear(sc.seen)
		clear(sc.words)
		sc.words = sc.words[:0]
		clear(sc.stemIDs)
		sc.stems = sc.stems[:0]
		sc.article = 1
	}
}

// add tallies the terms of s, each weighing boost, and nameBoost times
// more when it reads as a name; with keepWords, it also records the
// hashes of the folded words of s for fingerprinting.
func (sc *scratch) add(s string, boost, nameBoost float64, keepWords bool) {
	sc.spans = textproc.AppendSpans(sc.spans[:0], s)
	var spare wordInfo
	for i := range sc.spans {
		t := &sc.spans[i]
		text := s[t.Start:t.End]
		var wd *wordInfo
		if k, ok := sc.seen[text]; ok {
			wd = &sc.words[k]
		} else if wd = sc.learn(text, t.Numeric, &spare); wd == nil {
			continue
		}
		if keepWords {
			sc.hashes = append(sc.hashes, wd.hash)
		}
		if wd.stem < 0 {
			continue
		}
		st := &sc.stems[wd.stem]
		if st.article != sc.article {
			st.article = sc.article
			st.tally = int32(len(sc.tallies))
			sc.tallies = append(sc.tallies, tally{id: st.id, word: wd.norm})
		}
		tl := &sc.tallies[st.tally]
		if t.Numeric {
			tl.numeric = true
			tl.year = tl.year || wd.year
		}
		w := boost
		if t.Capitalised && !t.SentenceStart && !wd.calendar {
			w *= nameBoost
			tl.nameCount += boost
			if tl.surface == "" {
				tl.surface = wd.surface
			}
		}
		tl.count += w
	}
}

// learn folds, classifies and stems a word as written (which holds a
// digit when numeric) and returns its entry: a new entry in the cache,
// or spare, filled in, for a word too long to cache. It returns nil for a
// word that folds to nothing, which is no word at all.
func (sc *scratch) learn(text string, numeric bool, spare *wordInfo) *wordInfo {
	norm := textproc.Fold(text)
	if norm == "" {
		return nil
	}
	wd := spare
	surface := text
	if len(surface) <= maxCachedWordLen {
		// Copy the word, so the cache keeps no article text alive.
		surface = strings.Clone(surface)
		if norm == text {
			norm = surface
		}
		sc.seen[surface] = int32(len(sc.words))
		sc.words = append(sc.words, wordInfo{})
		wd = &sc.words[len(sc.words)-1]
	}
	*wd = wordInfo{
		surface:  surface,
		norm:     norm,
		hash:     dedup.WordHash(norm),
		stem:     -1,
		year:     isYear(norm),
		calendar: calendarWord(norm),
	}
	if textproc.IsStopWord(norm) || (len(norm) < 2 && !numeric) {
		return wd
	}
	id := xxh3.HashString(sc.stemmer.Stem(norm))
	k, ok := sc.stemIDs[id]
	if !ok {
		k = int32(len(sc.stems))
		sc.stemIDs[id] = k
		sc.stems = append(sc.stems, stemInfo{id: id})
	}
	wd.stem = k
	return wd
}

// sortOrder sorts sc.order by id. Ids are hashes, spread evenly, so a
// counting pass on their top bits (about as many buckets as ids, at most
// 1<<16) leaves buckets of a few ids each, which are then sorted in
// place.
func (sc *scratch) sortOrder() {
	n := len(sc.order)
	if n < 32 {
		insertionSort(sc.order)
		return
	}
	shift := 64 - min(bits.Len(uint(n)), 16)
	nb := 1<<(64-shift) + 1
	if cap(sc.buckets) < nb {
		sc.buckets = make([]int32, nb)
	}
	starts := sc.buckets[:nb]
	clear(starts)
	for _, r := range sc.order {
		starts[r.id>>shift+1]++
	}
	for b := 1; b < nb; b++ {
		starts[b] += starts[b-1]
	}
	sc.sorted = slices.Grow(sc.sorted[:0], n)[:n]
	for _, r := range sc.order {
		b := r.id >> shift
		sc.sorted[starts[b]] = r
		starts[b]++
	}
	// starts[b] is now the end of bucket b, and so the start of b+1.
	lo := 0
	for b := 0; b < nb-1; b++ {
		hi := int(starts[b])
		if bucket := sc.sorted[lo:hi]; len(bucket) > 16 {
			slices.SortFunc(bucket, func(x, y tallyRef) int { return cmp.Compare(x.id, y.id) })
		} else {
			insertionSort(bucket)
		}
		lo = hi
	}
	sc.order, sc.sorted = sc.sorted, sc.order
}

func insertionSort(rs []tallyRef) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].id < rs[j-1].id; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// logCount is math.Log for a tally, from a table for the small whole
// counts most terms have.
func logCount(c float64) float64 {
	if c >= 0 && c < float64(len(smallLogs)) && c == math.Trunc(c) {
		return smallLogs[int(c)]
	}
	return math.Log(c)
}

var smallLogs = func() (t [64]float64) {
	for i := range t {
		t[i] = math.Log(float64(i))
	}
	return t
}()

// isYear reports whether a folded token is a year from 1900 to 2099.
func isYear(s string) bool {
	return len(s) == 4 && (s[:2] == "19" || s[:2] == "20") &&
		s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9'
}

// calendarWord reports whether a folded word names a weekday or a month:
// capitalised, but a time rather than a name.
func calendarWord(w string) bool {
	switch w {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december",
		"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec":
		return true
	}
	return false
}
