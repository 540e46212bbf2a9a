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
	"math"
	"sort"
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

// scratch is one worker's reusable state for Featurize: its stem cache
// and buffers, so featurising makes little garbage. Scratches live in a
// sync.Pool, which keeps about one per running goroutine.
type scratch struct {
	stemmer textproc.Stemmer
	tokens  []textproc.Token
	folded  []string
	index   map[uint64]int32
	tallies []tally
	order   []int32
}

var scratches = sync.Pool{New: func() any {
	return &scratch{index: make(map[uint64]int32, 512)}
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
	clear(sc.index)
	sc.tallies = sc.tallies[:0]
	sc.folded = sc.folded[:0]
	d := &Doc{Published: published, Source: source}
	add := func(s string, boost float64, keepWords bool) {
		sc.tokens = textproc.AppendTokens(sc.tokens[:0], s)
		for _, t := range sc.tokens {
			if keepWords {
				sc.folded = append(sc.folded, t.Norm)
			}
			if textproc.IsStopWord(t.Norm) || (len(t.Norm) < 2 && !t.Numeric) {
				continue
			}
			id := xxh3.HashString(sc.stemmer.Stem(t.Norm))
			k, ok := sc.index[id]
			if !ok {
				k = int32(len(sc.tallies))
				sc.index[id] = k
				sc.tallies = append(sc.tallies, tally{id: id, word: t.Norm})
			}
			tl := &sc.tallies[k]
			if t.Numeric {
				tl.numeric = true
				tl.year = tl.year || isYear(t.Norm)
			}
			w := boost
			if t.Capitalised && !t.SentenceStart && !calendarWord(t.Norm) {
				w *= p.NameBoost
				tl.nameCount += boost
				if tl.surface == "" {
					tl.surface = t.Text
				}
			}
			tl.count += w
		}
	}
	add(title, p.TitleBoost, false)
	add(text, 1, true)
	if len(sc.folded) >= p.ShingleMinWords {
		d.sig, d.hasSig = dedup.Sign(dedup.Shingles(sc.folded, p.ShingleSize))
	}
	sc.order = sc.order[:0]
	for i := range sc.tallies {
		sc.order = append(sc.order, int32(i))
	}
	sort.Slice(sc.order, func(i, j int) bool { return sc.tallies[sc.order[i]].id < sc.tallies[sc.order[j]].id })
	d.terms = make([]term, len(sc.order))
	d.words = make([]string, len(sc.order))
	for i, k := range sc.order {
		tl := &sc.tallies[k]
		d.terms[i] = term{tl.id, 1 + math.Log(tl.count)}
		d.words[i] = tl.word
		if tl.nameCount > 0 {
			d.names = append(d.names, term{tl.id, 1 + math.Log(tl.nameCount)})
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
	clear(sc.folded)
	clear(sc.tallies)
	return d
}

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
