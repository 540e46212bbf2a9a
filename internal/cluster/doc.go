// Package cluster assigns articles to stories as they stream in: a single
// pass in arrival order, where each article joins the most similar open
// story when the similarity clears a threshold and starts a new story
// otherwise. Reprints found by package dedup join the story of the text they
// copy. Candidate stories come from an inverted index over story terms, so
// the cost of an assignment does not grow with the number of stories.
//
// The core is pure and deterministic: the same articles in the same order
// give the same stories and IDs. Featurize may run on many goroutines; an
// Engine is used from one.
package cluster

import (
	"math"
	"sort"
	"time"

	"github.com/parallax-news/parallax/internal/dedup"
	"github.com/parallax-news/parallax/internal/textproc"
)

// Doc is an article reduced to what clustering compares.
type Doc struct {
	Published time.Time
	Source    string
	// terms holds each stem with its sublinear, title-boosted frequency,
	// sorted by stem.
	terms []termWeight
	// nameTerms holds the stems that appeared as capitalised words inside
	// a sentence (mostly names of people, places and organisations) with
	// their sublinear frequency, sorted by stem.
	nameTerms []termWeight
	// names maps those stems to a surface form, for explanations.
	names map[string]string
	// words maps every stem to the first folded word it came from, so
	// explanations show words rather than stems.
	words map[string]string
	sig   dedup.Signature
	// hasSig is false when the text is too short to fingerprint.
	hasSig bool
}

type termWeight struct {
	term   string
	weight float64
}

// Empty reports whether the document has no comparable terms.
func (d *Doc) Empty() bool { return len(d.terms) == 0 }

// Featurize reduces an article to a Doc. It is pure and safe for
// concurrent use.
func Featurize(title, text, source string, published time.Time, p Params) *Doc {
	d := &Doc{Published: published, Source: source, names: make(map[string]string), words: make(map[string]string)}
	counts := make(map[string]float64)
	nameCounts := make(map[string]float64)
	add := func(s string, boost float64) []string {
		toks := textproc.Tokens(s)
		folded := make([]string, 0, len(toks))
		for _, t := range toks {
			folded = append(folded, t.Norm)
			if textproc.IsStopWord(t.Norm) || (len(t.Norm) < 2 && !t.Numeric) {
				continue
			}
			stem := textproc.Stem(t.Norm)
			if _, ok := d.words[stem]; !ok {
				d.words[stem] = t.Norm
			}
			w := boost
			if t.Capitalised && !t.SentenceStart {
				w *= p.NameBoost
				nameCounts[stem] += boost
				if _, ok := d.names[stem]; !ok {
					d.names[stem] = t.Text
				}
			}
			counts[stem] += w
		}
		return folded
	}
	add(title, p.TitleBoost)
	words := add(text, 1)
	if len(words) >= p.ShingleMinWords {
		d.sig, d.hasSig = dedup.Sign(dedup.Shingles(words, p.ShingleSize))
	}
	d.terms = sublinear(counts)
	d.nameTerms = sublinear(nameCounts)
	return d
}

// sublinear turns counts into 1+log(count) weights sorted by term.
func sublinear(counts map[string]float64) []termWeight {
	out := make([]termWeight, 0, len(counts))
	for t, c := range counts {
		out = append(out, termWeight{t, 1 + math.Log(c)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].term < out[j].term })
	return out
}
