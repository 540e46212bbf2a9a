package cluster

import (
	"math"
	"sort"
	"time"

	"github.com/parallax-news/parallax/internal/dedup"
	"github.com/parallax-news/parallax/internal/textproc"
	"github.com/zeebo/xxh3"
)

// featurizeReference is Featurize written plainly, without caches or
// reused buffers: every word is tokenized, folded, looked up and stemmed
// afresh. Featurize must give exactly the Doc it gives.
func featurizeReference(title, text, source string, published time.Time, p Params) *Doc {
	type refTally struct {
		id               uint64
		count, nameCount float64
		word, surface    string
		numeric, year    bool
	}
	var (
		tallies []refTally
		index   = map[uint64]int{}
		folded  []string
	)
	d := &Doc{Published: published, Source: source}
	add := func(s string, boost float64, keepWords bool) {
		for _, t := range textproc.Tokens(s) {
			if keepWords {
				folded = append(folded, t.Norm)
			}
			if textproc.IsStopWord(t.Norm) || (len(t.Norm) < 2 && !t.Numeric) {
				continue
			}
			id := xxh3.HashString(textproc.Stem(t.Norm))
			k, ok := index[id]
			if !ok {
				k = len(tallies)
				index[id] = k
				tallies = append(tallies, refTally{id: id, word: t.Norm})
			}
			tl := &tallies[k]
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
	if len(folded) >= p.ShingleMinWords {
		d.sig, d.hasSig = dedup.Sign(dedup.Shingles(folded, p.ShingleSize))
	}
	sort.Slice(tallies, func(i, j int) bool { return tallies[i].id < tallies[j].id })
	d.terms = make([]term, len(tallies))
	d.words = make([]string, len(tallies))
	for i := range tallies {
		tl := &tallies[i]
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
	return d
}
