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
	name []int32
	kind []termKind
	// Weights over all terms, over names, and the lengths of the
	// article's years and figures (which weigh as they do among terms).
	terms, names          query
	yearNorm, numbersNorm float64
	// byAt holds the terms' wf indexed as Engine.at is, from 1, with 0
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

// sortedTerms are an article's terms of each kind by vocabulary number.
type sortedTerms struct {
	keys, spare                  []uint64
	terms, names, years, numbers []entry
}

// query is an article's weights over one kind of evidence, parallel to
// the Doc's terms of that kind: TF-IDF weight w, and the length of w; wf
// is w times the inverse document frequency once more, the factor a dot
// product with a story's centroid (which holds raw weights) needs.
type query struct {
	w, wf []float64
	norm  float64
}

// load makes d the article being placed: it looks up the numbers of its
// terms and marks them in e.at. Terms new to the vocabulary stay absent
// until the article is committed (number); weights are left to weigh.
func (e *Engine) load(d *Doc) {
	a := &e.cur
	for _, n := range a.num {
		if n != absent {
			e.at[n] = 0
		}
	}
	a.d = d
	a.num = slices.Grow(a.num[:0], len(d.terms))[:len(d.terms)]
	a.name = slices.Grow(a.name[:0], len(d.terms))[:len(d.terms)]
	a.kind = slices.Grow(a.kind[:0], len(d.terms))[:len(d.terms)]
	clear(a.name)
	clear(a.kind)
	for i, t := range d.terms {
		n := e.vocab.lookup(t.id)
		a.num[i] = n
		if n != absent {
			e.at[n] = int32(i + 1)
		}
	}
	// Names, years and figures are all among the terms, and every list
	// is sorted by id: one pass over the terms places each.
	mark := func(sub []term, set func(i, k int)) {
		i := 0
		for k, t := range sub {
			for d.terms[i].id != t.id {
				i++
			}
			set(i, k)
		}
	}
	mark(d.names, func(i, k int) { a.name[i] = int32(k + 1) })
	mark(d.years, func(i, _ int) { a.kind[i] |= yearTerm })
	mark(d.numbers, func(i, _ int) { a.kind[i] |= numberTerm })
}

// weigh loads d and computes its weights with the engine's frequencies of
// the day.
func (e *Engine) weigh(d *Doc) {
	e.load(d)
	a := &e.cur
	q, qn := &a.terms, &a.names
	q.w = slices.Grow(q.w[:0], len(d.terms))[:len(d.terms)]
	q.wf = slices.Grow(q.wf[:0], len(d.terms))[:len(d.terms)]
	qn.w = slices.Grow(qn.w[:0], len(d.names))[:len(d.names)]
	qn.wf = slices.Grow(qn.wf[:0], len(d.names))[:len(d.names)]
	a.byAt = slices.Grow(a.byAt[:0], len(d.terms)+1)[:len(d.terms)+1]
	a.byAt[0] = 0
	var all, names, years, numbers float64
	lnDocs := e.lnCount(e.docs)
	for i, t := range d.terms {
		f := lnDocs + 1
		if n := a.num[i]; n != absent {
			f -= e.logs[e.vocab.df[n]]
		}
		w := t.w * f
		q.w[i], q.wf[i] = w, w*f
		a.byAt[i+1] = w * f
		all += w * w
		switch {
		case a.kind[i]&yearTerm != 0:
			years += w * w
		case a.kind[i]&numberTerm != 0:
			numbers += w * w
		}
		if k := a.name[i] - 1; k >= 0 {
			w := d.names[k].w * f
			qn.w[k], qn.wf[k] = w, w*f
			names += w * w
		}
	}
	q.norm, qn.norm = math.Sqrt(all), math.Sqrt(names)
	a.yearNorm, a.numbersNorm = math.Sqrt(years), math.Sqrt(numbers)
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
// number; all must be numbered.
func (e *Engine) sort() *sortedTerms {
	a := &e.cur
	s := &a.sorted
	s.keys = s.keys[:0]
	var top uint32
	for i, n := range a.num {
		s.keys = append(s.keys, uint64(n)<<32|uint64(i))
		top = max(top, n)
	}
	s.keys, s.spare = radixSort(s.keys, s.spare, bits.Len32(top))
	s.terms, s.names, s.years, s.numbers = s.terms[:0], s.names[:0], s.years[:0], s.numbers[:0]
	for _, key := range s.keys {
		n, i := uint32(key>>32), int(uint32(key))
		t := entry{n, a.d.terms[i].w}
		s.terms = append(s.terms, t)
		if k := a.name[i]; k > 0 {
			s.names = append(s.names, entry{n, a.d.names[k-1].w})
		}
		switch {
		case a.kind[i]&yearTerm != 0:
			s.years = append(s.years, t)
		case a.kind[i]&numberTerm != 0:
			s.numbers = append(s.numbers, t)
		}
	}
	return s
}

// termCosine is the cosine between the loaded article and a story's
// channel of all terms: each of the story's terms is looked up in e.at.
func (e *Engine) termCosine(ch *channel) float64 {
	q := &e.cur.terms
	if ch.norm == 0 || q.norm == 0 {
		return 0
	}
	var dot float64
	at, byAt, ws := e.at, e.cur.byAt, ch.c.ws[:len(ch.c.ids)]
	for j, n := range ch.c.ids {
		dot += byAt[at[n]] * float64(ws[j])
	}
	return dot / (q.norm * ch.norm)
}

// nameCosine is the cosine between the loaded article's names and a
// story's channel of names.
func (e *Engine) nameCosine(ch *channel) float64 {
	a := &e.cur
	if ch.norm == 0 || a.names.norm == 0 {
		return 0
	}
	var dot float64
	for j, n := range ch.c.ids {
		if i := e.at[n] - 1; i >= 0 {
			if k := a.name[i] - 1; k >= 0 {
				dot += a.names.wf[k] * float64(ch.c.ws[j])
			}
		}
	}
	return dot / (a.names.norm * ch.norm)
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
	for j, n := range ch.c.ids {
		if i := e.at[n] - 1; i >= 0 && a.kind[i]&kind != 0 {
			dot += a.terms.wf[i] * float64(ch.c.ws[j])
		}
	}
	return dot / (norm * ch.norm)
}

// radixSort sorts keys by their upper 32 bits, of which only the low
// width may be set, a byte at a time from the lowest (a stable counting
// sort per byte), using spare as the second buffer. It returns the sorted
// keys and the other buffer. An article's few hundred terms sort this way
// in a few passes of a few hundred steps, several times faster than by
// comparison.
func radixSort(keys, spare []uint64, width int) (sorted, other []uint64) {
	spare = slices.Grow(spare[:0], len(keys))[:len(keys)]
	var counts [256]int
	for shift := 32; shift < 32+width; shift += 8 {
		clear(counts[:])
		for _, k := range keys {
			counts[byte(k>>shift)]++
		}
		at := 0
		for b, c := range counts {
			counts[b] = at
			at += c
		}
		for _, k := range keys {
			b := byte(k >> shift)
			spare[counts[b]] = k
			counts[b]++
		}
		keys, spare = spare, keys
	}
	return keys, spare
}
