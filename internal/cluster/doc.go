// Package cluster assigns articles to stories as they stream in: a single
// pass in arrival order, where each article joins the most similar open
// story when the similarity clears a threshold and starts a new story
// otherwise; stories that later prove to report one event merge, and an
// article that came close to a story but started its own gets a second
// look a few articles later, folding into that story if nothing joined it
// meanwhile and the two still come close. Reprints found by package dedup
// join the story of the text they copy.
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

// scratch is one worker's reusable state for Featurize: buffers, so
// featurising makes little garbage. Idle scratches wait in scratches.
//
// News vocabulary repeats, so each word as written is folded, looked up
// in the stop words, stemmed and hashed once: cache, which the pooled
// scratches share, keeps it (see wordCache).
//
// An article is featurised in passes over plain arrays: its words are
// read (textproc.AppendSpans) and looked up (probeAll), and their
// occurrences as terms listed (add); the occurrences are summed into a
// tally per term (tallyAll); the tallies are sorted by term id
// (sortOrder).
type scratch struct {
	stemmer textproc.Stemmer
	// spans holds the words of the text being read, and keys what
	// probeAll found of each.
	spans []textproc.Span
	keys  []probe
	// cache is the word cache, and table the state of it that the
	// article is read through.
	cache *wordCache
	table *wordTable
	// spare is the entry of the word being learnt when it is not
	// cached, and loose holds the texts of this article's words that
	// are not.
	spare wordEntry
	loose []wordText
	// occs holds the article's words that are terms, in order.
	occs []occurrence
	// tallies holds a tally per term, in the order the terms first
	// occur; terms is a hash table from a term id to its tally (the
	// tally's index + 1, or 0 for none); order refers to the tallies
	// sorted by id.
	tallies       []tally
	terms         []int32
	order, sorted []tallyRef
	buckets       []int32
	// hashes holds the hashes of the text's folded words, and shingles
	// the hashes of their runs, for fingerprinting.
	hashes, shingles []uint64
}

// occurrence is a word of the article that is a term, with what it adds
// to the term's tally.
type occurrence struct {
	id uint64
	// count and nameCount are what it adds to the tally's; nameCount is
	// 0 unless the word reads as a name.
	count, nameCount float64
	// text refers to the word (see scratch.norm).
	text int32
	// flags tells whether the word holds a digit (flagNumeric), reads
	// as a name (flagName) and, holding a digit, is a year (flagYear).
	flags wordFlags
}

// tallyRef is a tally's id and its index in scratch.tallies, for
// sorting.
type tallyRef struct {
	id uint64
	k  int32
}

// tally is what an article says of a term.
type tally struct {
	id               uint64
	count, nameCount float64
	// word refers to the text of the word the term was first met as,
	// and surface to that of the first that read as a name (see
	// scratch.norm).
	word, surface int32
	// flags holds flagNumeric when an occurrence holds a digit, and
	// flagYear when one of those is a year.
	flags wordFlags
}

// newScratch returns a scratch with a word cache of its own, which has
// met no words.
func newScratch() *scratch {
	c := &wordCache{}
	return &scratch{cache: c, table: c.table()}
}

// featureWords is the word cache of the scratches Featurize uses.
var featureWords wordCache

// scratchPool keeps the idle scratches, so that each call to Featurize
// reuses the buffers an earlier call grew. The pool holds as many
// scratches as Featurize has had concurrent calls, each of bounded size.
type scratchPool struct {
	mu   sync.Mutex
	idle []*scratch
}

var scratches scratchPool

// get returns an idle scratch, or a new one when none is idle.
func (p *scratchPool) get() *scratch {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		sc := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return sc
	}
	p.mu.Unlock()
	return &scratch{cache: &featureWords}
}

// put returns a scratch to the pool.
func (p *scratchPool) put(sc *scratch) {
	// An idle scratch does not hold on to a table the cache has left.
	sc.table = nil
	p.mu.Lock()
	p.idle = append(p.idle, sc)
	p.mu.Unlock()
}

// Featurize reduces an article to a Doc. It is pure and safe for
// concurrent use.
func Featurize(title, text, source string, published time.Time, p Params) *Doc {
	sc := scratches.get()
	defer scratches.put(sc)
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
	nNames, nYears, nNumbers := sc.tallyAll()
	sc.order = sc.order[:0]
	for i := range sc.tallies {
		sc.order = append(sc.order, tallyRef{sc.tallies[i].id, int32(i)})
	}
	sc.sortOrder()
	// One array holds the terms, names, years and figures, and another
	// the words and name words: three allocations per Doc, not seven.
	n := len(sc.tallies)
	terms := make([]term, n+nNames+nYears+nNumbers)
	words := make([]string, n+nNames)
	d.terms, d.words = terms[:n:n], words[:n:n]
	terms, words = terms[n:], words[n:]
	if nNames > 0 {
		d.names, terms = terms[:0:nNames], terms[nNames:]
		d.nameWords = words[:0:nNames]
	}
	if nYears > 0 {
		d.years, terms = terms[:0:nYears], terms[nYears:]
	}
	if nNumbers > 0 {
		d.numbers = terms[:0:nNumbers]
	}
	for i, r := range sc.order {
		tl := &sc.tallies[r.k]
		t := term{tl.id, 1 + logCount(tl.count)}
		d.terms[i] = t
		d.words[i] = sc.norm(tl.word)
		if tl.nameCount > 0 {
			d.names = append(d.names, term{tl.id, 1 + logCount(tl.nameCount)})
			d.nameWords = append(d.nameWords, sc.surface(tl.surface))
		}
		switch {
		case tl.flags&flagYear != 0:
			d.years = append(d.years, t)
		case tl.flags&flagNumeric != 0:
			d.numbers = append(d.numbers, t)
		}
	}
	// Let the pooled buffers forget this article's strings.
	clear(sc.loose)
	sc.spare = wordEntry{}
	return d
}

// begin readies the scratch for an article: it empties the buffers and
// takes the word cache's current table.
func (sc *scratch) begin() {
	sc.occs = sc.occs[:0]
	sc.hashes = sc.hashes[:0]
	sc.loose = sc.loose[:0]
	sc.table = sc.cache.table()
}

// add lists the terms of s in sc.occs, each weighing boost, and
// nameBoost times more when it reads as a name; with keepWords, it also
// records the hashes of the folded words of s for fingerprinting.
//
// With a large vocabulary, most lookups miss the processor's caches.
// probeAll looks up the words ahead of this loop, which only lists what
// it found, and tallyAll does the branchy summing afterwards, so that
// the processor can run several lookups at once instead of waiting for
// each.
func (sc *scratch) add(s string, boost, nameBoost float64, keepWords bool) {
	sc.spans = textproc.AppendSpans(sc.spans[:0], s)
	sc.keys = sc.table.probeAll(s, sc.spans, sc.keys)
	n := len(sc.occs)
	occs := slices.Grow(sc.occs, len(sc.spans))[:n+len(sc.spans)]
	named := boost * nameBoost
	nh := len(sc.hashes)
	hashes := slices.Grow(sc.hashes, len(sc.spans))[:nh+len(sc.spans)]
	// Locals, which the compiler keeps in registers, where it would
	// load the fields of sc again after every store.
	spans, keys, entries := sc.spans, sc.keys[:len(sc.spans)], sc.table.entries
	for i := range spans {
		t := &spans[i]
		var wd *wordEntry
		var ref int32
		if k := &keys[i]; k.want == 0 {
			wd, ref = &entries[k.slot], int32(k.slot)
		} else {
			wd, ref = sc.wordAt(s, t)
			if wd == nil {
				continue
			}
			// Learning the word may have moved the entries.
			entries = sc.table.entries
		}
		// A hash that is not kept is overwritten by the next.
		hashes[nh] = wd.hash
		nh += b2i(keepWords)
		o := &occs[n]
		o.id, o.text = wd.id, ref
		o.count, o.nameCount = boost, 0
		o.flags = 0
		if t.Numeric {
			o.flags = flagNumeric | wd.flags&flagYear
		}
		// Weekdays and months are capitalised, but times, not names.
		if t.Capitalised && !t.SentenceStart && wd.flags&flagCalendar == 0 {
			o.flags |= flagName
			o.count, o.nameCount = named, boost
		}
		// A word that is no term is overwritten by the next.
		n += b2i(wd.flags&flagTerm != 0)
	}
	sc.occs = occs[:n]
	sc.hashes = hashes[:nh]
}

// tallyAll sums the occurrences of each term into its tally, in the
// order the article has them, which fixes the rounding of the sums, and
// counts the terms that read as names, the years and the other figures.
// It finds a term's tally in sc.terms, an open-addressing hash table
// with linear probing, at most half full, keyed by the top bits of the
// term id, which is a hash.
//
// Whether an occurrence is a term's first, a name or a figure follows
// no pattern the processor could predict, so the loop does not branch on
// it: it readies a tally for a new term at every occurrence, where the
// next new term's goes, and adds what every occurrence adds, zero when
// it is no name.
func (sc *scratch) tallyAll() (nNames, nYears, nNumbers int) {
	size := 64
	for size < 2*len(sc.occs) {
		size *= 2
	}
	shift := 64 - bits.TrailingZeros(uint(size))
	mask := uint64(size - 1)
	terms := slices.Grow(sc.terms[:0], size)[:size]
	clear(terms)
	sc.terms = terms
	// At most a tally per occurrence, so the next new term's tally is
	// always within tallies.
	tallies := slices.Grow(sc.tallies[:0], len(sc.occs))[:len(sc.occs)]
	n := 0
	occs := sc.occs
	for i := range occs {
		o := &occs[i]
		// Field by field: a composite literal is built on the stack
		// and copied in wide moves that wait for its narrow stores.
		next := &tallies[n]
		next.id, next.word, next.surface = o.id, o.text, 0
		next.count, next.nameCount, next.flags = 0, 0, 0
		// An empty slot refers to next, which holds the id sought, so
		// that the probe stops at the first slot that refers to a
		// tally of the term, old or new, with no branch on which.
		j := o.id >> (shift & 63) // (the mask, a no-op, spares a guard)
		var fresh, k int
		for {
			x := int(terms[j])
			fresh = b2i(x == 0)
			k = x - 1 + fresh*(n+1)
			if tallies[k].id == o.id {
				break
			}
			j = (j + 1) & mask
		}
		terms[j] = int32(k + 1)
		n += fresh
		tl := &tallies[k]
		tl.count += o.count
		// The surface is the first name occurrence's.
		first := int32(b2i(tl.nameCount == 0) & b2i(o.flags&flagName != 0))
		tl.surface ^= (tl.surface ^ o.text) & -first
		tl.nameCount += o.nameCount
		tl.flags |= o.flags & (flagNumeric | flagYear)
	}
	sc.tallies = tallies[:n]
	for i := range sc.tallies {
		tl := &sc.tallies[i]
		year := tl.flags&flagYear != 0
		nNames += b2i(tl.nameCount > 0)
		nYears += b2i(year)
		nNumbers += b2i(!year && tl.flags&flagNumeric != 0)
	}
	return nNames, nYears, nNumbers
}

// b2i is 1 for true and 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// norm and surface return the fold and the text as written of a word
// that add met, to which ref refers: cached word number ref for ref > 0,
// and loose[-1-ref] for ref < 0.
func (sc *scratch) norm(ref int32) string {
	if ref >= 0 {
		return sc.table.entries[ref].norm
	}
	return sc.loose[-1-ref].norm
}

func (sc *scratch) surface(ref int32) string {
	if ref >= 0 {
		return sc.table.surfaces[ref]
	}
	return sc.loose[-1-ref].surface
}

// wordAt returns the entry of the word t of s and a reference to it (see
// scratch.norm), learning the word if it is not cached; nil when the word
// folds to nothing. probeAll finds most words more cheaply.
func (sc *scratch) wordAt(s string, t *textproc.Span) (*wordEntry, int32) {
	if t.End-t.Start > maxCachedWordLen {
		return sc.learn(s[t.Start:t.End], t.Numeric, nil)
	}
	k := keyOf(s, t.Start, t.End)
	if w, _ := sc.table.find(s, t.Start, t.End, &k); w > 0 {
		return &sc.table.entries[w], w
	}
	return sc.learn(s[t.Start:t.End], t.Numeric, &k)
}

// learn folds, classifies and stems a word as written (which holds a
// digit when numeric) and returns its entry and a reference to its text:
// the word's entry in the cache, when k, its key, is not nil and the
// table takes it, or else the spare. It returns nil for a word that
// folds to nothing, which is no word at all.
func (sc *scratch) learn(text string, numeric bool, k *wordKey) (*wordEntry, int32) {
	norm := textproc.Fold(text)
	if norm == "" {
		return nil, 0
	}
	// The entry is whole before the cache has it, for other scratches
	// may read it from then on.
	e := wordEntry{norm: norm, hash: dedup.WordHash(norm)}
	if isYear(norm) {
		e.flags |= flagYear
	}
	if calendarWord(norm) {
		e.flags |= flagCalendar
	}
	if !textproc.IsStopWord(norm) && (len(norm) >= 2 || numeric) {
		e.flags |= flagTerm
		e.id = xxh3.HashString(sc.stemmer.Stem(norm))
	}
	if k != nil {
		if wd, ref := sc.cache.add(sc.table, text, k, &e); wd != nil {
			return wd, ref
		}
	}
	sc.spare = e
	sc.loose = append(sc.loose, wordText{surface: text, norm: norm})
	return &sc.spare, int32(-len(sc.loose))
}

// sortOrder sorts sc.order by id. Ids are hashes, spread evenly, so a
// counting pass on their top bits (about as many buckets as ids, at most
// 1<<16) leaves buckets of a few ids each, no id more than a bucket from
// its place; one pass of insertion sort then finishes, unless it takes
// too many moves, for ids that are not spread.
func (sc *scratch) sortOrder() {
	n := len(sc.order)
	if n < 32 {
		insertionSort(sc.order, n*n)
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
	sc.order, sc.sorted = sc.sorted, sc.order
	if !insertionSort(sc.order, 16*n) {
		slices.SortStableFunc(sc.order, func(x, y tallyRef) int { return cmp.Compare(x.id, y.id) })
	}
}

// insertionSort sorts rs by id, keeping the order of equal ids, unless
// that takes more than budget moves; it reports whether it did.
func insertionSort(rs []tallyRef, budget int) bool {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].id < rs[j-1].id; j-- {
			if budget--; budget < 0 {
				return false
			}
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
	return true
}

// logCount is math.Log for a tally, from a table for the small counts
// most terms have: whole and half counts, which default weights give.
// Doubling a count and halving a table index are exact, so the table
// holds math.Log of the count itself, bit for bit.
func logCount(c float64) float64 {
	if d := 2 * c; d >= 0 && d < float64(len(halfLogs)) && d == math.Trunc(d) {
		return halfLogs[int(d)]
	}
	return math.Log(c)
}

// halfLogs[i] is math.Log(i/2).
var halfLogs = func() (t [128]float64) {
	for i := range t {
		t[i] = math.Log(float64(i) / 2)
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
