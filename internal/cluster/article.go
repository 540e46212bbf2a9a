package cluster

import (
	"math"
	"math/bits"
	"slices"
)

// loaded is the article the engine is placing: its terms' vocabulary
// numbers and kinds, and its weights over each kind of evidence. Together
// with Engine.at, which maps a vocabulary number to the article's term,
// it lets a story's vectors be compared with the article by indexing
// slices, without hashing or merging sorted lists.
type loaded struct {
	d *Doc
	// num[i] is the vocabulary number of d.terms[i], or absent.
	num []uint32
	// name[i] is the index in d.names of d.terms[i] plus one, 0 when the
	// term is no name; kind[i] tells whether it is a year or a figure.
	// nameAt, yearAt and numberAt hold the index in d.terms of each of
	// d.names, d.years and d.numbers.
	name                     []int32
	kind                     []termKind
	nameAt, yearAt, numberAt []int32
	// w holds the terms' TF-IDF weights and norm their length. nameWF
	// holds the names' weights (from their own frequencies) times the
	// inverse document frequency once more (see byAt); nameNorm is the
	// length of the names' weights, and yearNorm and numbersNorm those
	// of the years and figures, which weigh as they do among terms.
	w                               []float64
	norm                            float64
	nameWF                          []float64
	nameNorm, yearNorm, numbersNorm float64
	// byAt holds the terms' weights times the inverse document frequency
	// once more, the factor a dot product with a story's centroid (which
	// holds raw weights) needs, indexed as Engine.at is, from 1, with 0
	// at byAt[0]: each of a story's terms n adds byAt[at[n]] times its
	// weight to a dot product with the article, held or not, so that
	// termCosine need not branch on whether the article holds it, a
	// branch no processor predicts well. Adding 0 leaves a sum of
	// positive products as it was: the sum is the branching one's, bit
	// for bit.
	byAt []float64
	// sorted lists the article's numbered terms of each kind by number,
	// for adding to a story's centroids.
	sorted sortedTerms
}

// termKind tells the terms that are years and those that are other
// figures.
type termKind uint8

const (
	yearTerm termKind = 1 << iota
	numberTerm
)

// sortedTerms are an article's terms of each kind by vocabulary number,
// and what sorts them.
type sortedTerms struct {
	set                          numberSet
	nums                         []uint32
	terms, names, years, numbers []entry
}

// load makes d the article being placed: it looks up the numbers of its
// terms and marks them in e.at. Terms new to the vocabulary stay absent
// until the article is committed (number); weights are left to weigh.
//
// With a large vocabulary, most lookups miss the processor's caches. The
// loop does nothing else, so that the processor runs many at once.
// Here and in the other hot loops, the engine's slices are copied to
// locals first: the compiler cannot tell that the loop's stores leave
// them alone, and would load them from the engine at every step.
func (e *Engine) load(d *Doc) {
	e.begin(d)
	num, at, slots := e.cur.num, e.at, e.vocab.index.slots
	for i, t := range d.terms {
		n := findNumber(slots, t.id)
		num[i] = n
		if n != absent {
			at[n] = int32(i + 1)
		}
	}
}

// begin makes d the article being placed before its terms are looked
// up: it unmarks the last article's terms in e.at and finds d's names,
// years and figures among its terms.
func (e *Engine) begin(d *Doc) {
	a, at := &e.cur, e.at
	for _, n := range a.num {
		if n != absent {
			at[n] = 0
		}
	}
	a.d = d
	a.num = slices.Grow(a.num[:0], len(d.terms))[:len(d.terms)]
	a.name = slices.Grow(a.name[:0], len(d.terms))[:len(d.terms)]
	a.kind = slices.Grow(a.kind[:0], len(d.terms))[:len(d.terms)]
	clear(a.name)
	clear(a.kind)
	a.nameAt = locate(d.terms, d.names, a.nameAt)
	a.yearAt = locate(d.terms, d.years, a.yearAt)
	a.numberAt = locate(d.terms, d.numbers, a.numberAt)
	for k, i := range a.nameAt {
		a.name[i] = int32(k + 1)
	}
	for _, i := range a.yearAt {
		a.kind[i] |= yearTerm
	}
	for _, i := range a.numberAt {
		a.kind[i] |= numberTerm
	}
}

// locate returns at holding the index in terms of each of sub, a subset
// of them: both are sorted by id, so one pass over terms finds them all.
func locate(terms, sub []term, at []int32) []int32 {
	at = at[:0]
	i := 0
	for _, t := range sub {
		for terms[i].id != t.id {
			i++
		}
		at = append(at, int32(i))
	}
	return at
}

// weigh loads d and computes its weights with the engine's frequencies
// of the day. The lengths of its names, years and figures are summed in
// passes of their own, over those terms alone, in the order of the terms
// as the length of all terms is.
func (e *Engine) weigh(d *Doc) {
	e.load(d)
	a := &e.cur
	n := len(d.terms)
	num := a.num[:n]
	w := slices.Grow(a.w[:0], n)[:n]
	byAt := slices.Grow(a.byAt[:0], n+1)[:n+1]
	byAt[0] = 0
	lnDocs := e.lnCount(e.docs)
	logs, df := e.logs, e.vocab.df
	var all float64
	for i, t := range d.terms {
		// f is idf(num[i], lnDocs), written out with the engine's
		// slices in locals (see load).
		f := lnDocs + 1
		if m := num[i]; m != absent {
			f -= logs[df[m]]
		}
		wi := t.w * f
		w[i], byAt[i+1] = wi, wi*f
		all += wi * wi
	}
	a.w, a.byAt, a.norm = w, byAt, math.Sqrt(all)
	nameWF := slices.Grow(a.nameWF[:0], len(d.names))[:len(d.names)]
	var names, years, numbers float64
	for k, i := range a.nameAt {
		f := e.idf(num[i], lnDocs)
		wk := d.names[k].w * f
		nameWF[k] = wk * f
		names += wk * wk
	}
	for _, i := range a.yearAt {
		years += w[i] * w[i]
	}
	for _, i := range a.numberAt {
		numbers += w[i] * w[i]
	}
	a.nameWF = nameWF
	a.nameNorm, a.yearNorm, a.numbersNorm = math.Sqrt(names), math.Sqrt(years), math.Sqrt(numbers)
}

// idf is the inverse document frequency of the term numbered n (absent
// for a term not yet committed) as of now, given lnDocs, lnCount of the
// number of documents.
func (e *Engine) idf(n uint32, lnDocs float64) float64 {
	f := lnDocs + 1
	if n != absent {
		f -= e.logs[e.vocab.df[n]]
	}
	return f
}

// number interns the loaded article's terms that are new to the
// vocabulary.
func (e *Engine) number() {
	a := &e.cur
	for i, t := range a.d.terms {
		if a.num[i] != absent {
			continue
		}
		n := e.vocab.intern(t.id)
		a.num[i] = n
		if int(n) >= len(e.at) {
			e.at = append(e.at, make([]int32, int(n)+1-len(e.at))...)
		}
		e.at[n] = int32(i + 1)
	}
}

// sort lists the loaded article's terms of each kind by vocabulary
// number; all must be numbered. An article's terms have distinct
// numbers, each marked in e.at with its place in the article, so the
// numbers alone are sorted (see numberSet) and each finds its term there.
func (e *Engine) sort() *sortedTerms {
	a, d, at := &e.cur, e.cur.d, e.at
	s := &a.sorted
	s.set.fit(len(e.vocab.df))
	for _, n := range a.num {
		s.set.add(n)
	}
	s.nums = s.set.drain(s.nums[:0])
	terms := slices.Grow(s.terms[:0], len(s.nums))[:len(s.nums)]
	for j, n := range s.nums {
		terms[j] = entry{n, d.terms[at[n]-1].w}
	}
	s.terms = terms
	// Names, years and figures are a minority of the terms, listed in a
	// second pass: one loop doing both keeps too much in registers.
	s.names, s.years, s.numbers = s.names[:0], s.years[:0], s.numbers[:0]
	name, kinds := a.name, a.kind
	for j, n := range s.nums {
		i := at[n] - 1
		k, kind := name[i], kinds[i]
		if k == 0 && kind == 0 {
			continue
		}
		if k > 0 {
			s.names = append(s.names, entry{n, d.names[k-1].w})
		}
		switch {
		case kind&yearTerm != 0:
			s.years = append(s.years, terms[j])
		case kind&numberTerm != 0:
			s.numbers = append(s.numbers, terms[j])
		}
	}
	return s
}

// numberSet is a set of vocabulary numbers that yields them in order: a
// bitmap with a bit per number, and a summary with a bit per word of it
// that has any set. Draining visits each summary word and each marked
// word once, so sorting an article's few hundred numbers costs about as
// many steps, plus a step per 4,096 numbers in the vocabulary.
type numberSet struct {
	words, summary []uint64
}

// fit makes room for the numbers below n.
func (s *numberSet) fit(n int) {
	if words := (n + 63) / 64; words > len(s.words) {
		s.words = append(s.words, make([]uint64, words-len(s.words))...)
		s.summary = append(s.summary, make([]uint64, (words+63)/64-len(s.summary))...)
	}
}

// add puts n, which must fit, in the set.
func (s *numberSet) add(n uint32) {
	w := n / 64
	s.words[w] |= 1 << (n % 64)
	s.summary[w/64] |= 1 << (w % 64)
}

// drain appends the numbers in the set to out in increasing order and
// empties the set.
func (s *numberSet) drain(out []uint32) []uint32 {
	words := s.words
	for k, marked := range s.summary {
		if marked == 0 {
			continue
		}
		s.summary[k] = 0
		for ; marked != 0; marked &= marked - 1 {
			w := k*64 + bits.TrailingZeros64(marked)
			for word := words[w]; word != 0; word &= word - 1 {
				out = append(out, uint32(w*64+bits.TrailingZeros64(word)))
			}
			words[w] = 0
		}
	}
	return out
}

// termCosines returns the cosines between the loaded article and each
// story's channel of all terms (see termCosine), in order, in scratch
// space. Stories are scored two at a time when both norms are current:
// a dot product is a chain of additions, each waiting for the last, and
// the processor runs two independent chains side by side in the time of
// one.
func (e *Engine) termCosines(ss []*story) []float64 {
	out := slices.Grow(e.cosines[:0], len(ss))[:len(ss)]
	for k := 0; k < len(ss); {
		if k+1 < len(ss) && ss[k].epoch == e.epoch && ss[k+1].epoch == e.epoch {
			a, b := &ss[k].terms, &ss[k+1].terms
			da, db := e.termDots(&a.c, &b.c)
			out[k], out[k+1] = e.termCosineOf(da, a), e.termCosineOf(db, b)
			k += 2
			continue
		}
		out[k] = e.termCosine(ss[k])
		k++
	}
	e.cosines = out
	return out
}

// termCosine is the cosine between the loaded article and a story's
// channel of all terms: each of the story's terms is looked up in e.at.
// It refreshes the story's norms first (see refresh), the norm of its
// terms (the sum epochNorm makes, which it must stay in step with) in the
// same walk as the dot product: the two sums are
// independent chains of additions, which the processor runs side by
// side, so the refresh comes almost free.
func (e *Engine) termCosine(s *story) float64 {
	ch := &s.terms
	if s.epoch == e.epoch {
		return e.termCosineOf(e.termDot(0, &ch.c, 0), ch)
	}
	var dot, sum float64
	at, byAt, ws := e.at, e.cur.byAt, ch.c.ws[:len(ch.c.ids)]
	idf, fresh := e.epochIDF, e.epochNew
	for j, n := range ch.c.ids {
		dot += byAt[at[n]] * float64(ws[j])
		f := fresh
		if int(n) < len(idf) {
			f = idf[n]
		}
		w := float64(ws[j]) * f
		sum += w * w
	}
	ch.norm = math.Sqrt(sum)
	e.refreshKinds(s)
	return e.termCosineOf(dot, ch)
}

// termCosineOf is the cosine between the loaded article and a channel of
// all terms whose dot product with the article is dot.
func (e *Engine) termCosineOf(dot float64, ch *channel) float64 {
	a := &e.cur
	if ch.norm == 0 || a.norm == 0 {
		return 0
	}
	return dot / (a.norm * ch.norm)
}

// termDot adds to dot the products of the loaded article's weights
// with a centroid's terms from the from-th on. A story's term the
// article lacks adds byAt[0], zero (see loaded.byAt).
func (e *Engine) termDot(dot float64, c *centroid, from int) float64 {
	at, byAt, ws := e.at, e.cur.byAt, c.ws[:len(c.ids)]
	for j := from; j < len(c.ids); j++ {
		dot += byAt[at[c.ids[j]]] * float64(ws[j])
	}
	return dot
}

// termDots returns the dot products of the loaded article's weights with
// two centroids, walking their terms side by side as far as the shorter
// reaches (see termCosines), each summed in its terms' order.
func (e *Engine) termDots(a, b *centroid) (da, db float64) {
	at, byAt := e.at, e.cur.byAt
	m := min(len(a.ids), len(b.ids))
	aids, aws := a.ids[:m], a.ws[:m]
	bids, bws := b.ids[:m], b.ws[:m]
	for j := range m {
		da += byAt[at[aids[j]]] * float64(aws[j])
		db += byAt[at[bids[j]]] * float64(bws[j])
	}
	return e.termDot(da, a, m), e.termDot(db, b, m)
}

// nameCosine is the cosine between the loaded article's names and a
// story's channel of names.
func (e *Engine) nameCosine(ch *channel) float64 {
	a := &e.cur
	if ch.norm == 0 || a.nameNorm == 0 {
		return 0
	}
	var dot float64
	at, name, wf, ws := e.at, a.name, a.nameWF, ch.c.ws[:len(ch.c.ids)]
	for j, n := range ch.c.ids {
		if i := at[n] - 1; i >= 0 {
			if k := name[i] - 1; k >= 0 {
				dot += wf[k] * float64(ws[j])
			}
		}
	}
	return dot / (a.nameNorm * ch.norm)
}

// kindCosine is the cosine between the loaded article's terms of one kind
// (years or figures), whose length is norm, and a story's channel of that
// kind.
func (e *Engine) kindCosine(ch *channel, kind termKind, norm float64) float64 {
	a := &e.cur
	if ch.norm == 0 || norm == 0 {
		return 0
	}
	var dot float64
	at, kinds, byAt, ws := e.at, a.kind, a.byAt, ch.c.ws[:len(ch.c.ids)]
	for j, n := range ch.c.ids {
		if i := at[n] - 1; i >= 0 && kinds[i]&kind != 0 {
			dot += byAt[i+1] * float64(ws[j])
		}
	}
	return dot / (norm * ch.norm)
}
