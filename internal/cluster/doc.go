// Package cluster assigns articles to stories as they stream in: a single
// pass in arrival order, where each article joins the most similar open
// story when the similarity clears a threshold and starts a new story
// otherwise; stories that later prove to report one event merge. Reprints
// found by package dedup join the story of the text they copy.
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
	sig       dedup.Signature
	// hasSig is false when the text is too short to fingerprint.
	hasSig bool
}

// Empty reports whether the document has no comparable terms.
func (d *Doc) Empty() bool { return len(d.terms) == 0 }

// stemmers holds a Stemmer per worker, so stems are remembered without
// locks.
var stemmers = sync.Pool{New: func() any { return new(textproc.Stemmer) }}

type tally struct {
	count, nameCount float64
	word, surface    string
}

// Featurize reduces an article to a Doc. It is pure and safe for
// concurrent use.
func Featurize(title, text, source string, published time.Time, p Params) *Doc {
	stemmer := stemmers.Get().(*textproc.Stemmer)
	defer stemmers.Put(stemmer)
	d := &Doc{Published: published, Source: source}
	tallies := make(map[uint64]*tally, 256)
	add := func(s string, boost float64, folded []string) []string {
		for _, t := range textproc.Tokens(s) {
			if folded != nil {
				folded = append(folded, t.Norm)
			}
			if textproc.IsStopWord(t.Norm) || (len(t.Norm) < 2 && !t.Numeric) {
				continue
			}
			id := xxh3.HashString(stemmer.Stem(t.Norm))
			tl := tallies[id]
			if tl == nil {
				tl = &tally{word: t.Norm}
				tallies[id] = tl
			}
			w := boost
			if t.Capitalised && !t.SentenceStart {
				w *= p.NameBoost
				tl.nameCount += boost
				if tl.surface == "" {
					tl.surface = t.Text
				}
			}
			tl.count += w
		}
		return folded
	}
	add(title, p.TitleBoost, nil)
	words := add(text, 1, make([]string, 0, len(text)/6))
	if len(words) >= p.ShingleMinWords {
		d.sig, d.hasSig = dedup.Sign(dedup.Shingles(words, p.ShingleSize))
	}
	ids := make([]uint64, 0, len(tallies))
	for id := range tallies {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	d.terms = make([]term, len(ids))
	d.words = make([]string, len(ids))
	for i, id := range ids {
		tl := tallies[id]
		d.terms[i] = term{id, 1 + math.Log(tl.count)}
		d.words[i] = tl.word
		if tl.nameCount > 0 {
			d.names = append(d.names, term{id, 1 + math.Log(tl.nameCount)})
			d.nameWords = append(d.nameWords, tl.surface)
		}
	}
	return d
}
