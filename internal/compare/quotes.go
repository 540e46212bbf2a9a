package compare

import (
	"cmp"
	"slices"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/textproc"
)

// partialShare is the share of a wording's words the fullest wording must
// keep, in order, for it to be a partial quote of it.
const partialShare = 0.9

// minQuoteOverlap is the share of the smaller wording's content words
// the other must hold for two wordings by one speaker to be one
// statement; a partial quote ("opened a new page") holds all its words
// in the fuller one.
const minQuoteOverlap = 0.5

// quoteItem is one article's wording with who said it.
type quoteItem struct {
	w       news.QuoteWording
	key     string // the speaker's identity
	speaker string
	entity  int
	order   int // the article's place in the story
	words   map[string]bool
	context string // the reported speech around a partial quote
}

// addedQuote is a quote of an article added to the Builder, with the
// article's entity its speaker resolved to.
type addedQuote struct {
	article    int64
	source     string
	quote      news.Quote
	entityKey  string // the EntityRef's key, or ""
	entityName string // the EntityRef's name, or ""
}

// quoteGroups groups the quotes of the articles added into statements
// and gives each variant a word diff against the fullest wording.
//
// A speaker is one person however each article resolved them: the story
// entity their article's entity was merged into (by its key, else its
// name), or the story entity whose name, alias or (for a one-word name)
// surname the speaker's name is. A reported clause that holds a direct
// partial quote of the same article by the same speaker gives way to it
// (the partial quote keeps the clause as its context), so that "said the
// bridge “joins two halves of one country”" joins the statement as the
// verbatim words it quotes. A wording joins the statement of the same
// speaker, without a wording of its article, that has the wording it
// scores best with (sameStatement).
func (b *Builder) quoteGroups(story news.StoryAnnotations) []QuoteGroup {
	who := newSpeakers(story.Entities)
	items := make([]quoteItem, 0, len(b.quotes))
	for _, q := range b.quotes {
		name := q.quote.Name
		if name == "" {
			name = q.quote.Speaker
		}
		key, speaker, ent := who.identify(name, q.entityKey, q.entityName)
		items = append(items, quoteItem{w: news.QuoteWording{ArticleID: q.article, Source: q.source, Quote: q.quote},
			key: key, speaker: speaker, entity: ent, order: b.orderOf(q.article), words: b.quoteText(q.quote.Text).content})
	}
	slices.SortStableFunc(items, func(a, b quoteItem) int {
		if c := cmp.Compare(a.order, b.order); c != 0 {
			return c
		}
		return cmp.Compare(a.w.Quote.Start, b.w.Quote.Start)
	})
	items = foldPartials(items)

	type group struct {
		items    []quoteItem
		articles map[int64]bool
	}
	var groups []*group
	bySpeaker := make(map[string][]*group)
	for _, it := range items {
		var best *group
		bestScore := 0.0
		for _, g := range bySpeaker[it.key] {
			if g.articles[it.w.ArticleID] {
				continue
			}
			for _, o := range g.items {
				if sc := b.sameStatement(o, it); sc > bestScore {
					best, bestScore = g, sc
				}
			}
		}
		if best == nil {
			best = &group{articles: make(map[int64]bool)}
			groups = append(groups, best)
			bySpeaker[it.key] = append(bySpeaker[it.key], best)
		}
		best.items = append(best.items, it)
		best.articles[it.w.ArticleID] = true
	}

	out := make([]QuoteGroup, 0, len(groups))
	for _, gr := range groups {
		first := gr.items[0]
		g := QuoteGroup{Speaker: first.speaker, Entity: first.entity, Sources: []string{}}
		ws := gr.items
		full := 0
		for i, it := range ws {
			if len(it.w.Quote.Text) > len(ws[full].w.Quote.Text) {
				full = i
			}
		}
		ws[0], ws[full] = ws[full], ws[0]
		base := ws[0].w.Quote.Text
		for i, it := range ws {
			w := it.w
			src := w.Source
			if src == "" {
				src = b.sourceOf(w.ArticleID)
			}
			if !slices.Contains(g.Sources, src) {
				g.Sources = append(g.Sources, src)
			}
			v := QuoteVariant{ArticleID: w.ArticleID, Source: src, Text: w.Quote.Text, Kind: w.Quote.Kind, Context: it.context}
			if i > 0 {
				d := b.diff(base, w.Quote.Text)
				v.Diff = d.spans
				v.Same = d.removed == 0 && d.added == 0
				v.Partial = !v.Same && d.other > 0 && float64(d.kept) >= partialShare*float64(d.other) && d.other < d.base
			} else {
				v.Same = true
			}
			g.Variants = append(g.Variants, v)
		}
		out = append(out, g)
	}
	return out
}

// sameStatement scores two wordings by one speaker as one statement: the
// share of the smaller one's content words the other holds, when
// minQuoteOverlap at least; else, for wordings that share some content
// words (minTranslatedOverlap) and keep the same words in the same order
// for the most part (minTranslatedOrder of the shorter one, stop words
// included: "Our country will not bow to pressure" and "Our nation will
// not yield to pressure", two translations), half that share; else 0.
func (b *Builder) sameStatement(x, y quoteItem) float64 {
	ov := wordOverlap(x.words, y.words)
	if ov >= minQuoteOverlap {
		return ov
	}
	if ov < minTranslatedOverlap {
		return 0
	}
	d := b.diff(x.w.Quote.Text, y.w.Quote.Text)
	if n := min(d.base, d.other); n > 0 && float64(d.kept) >= minTranslatedOrder*float64(n) {
		return float64(d.kept) / float64(n) / 2
	}
	return 0
}

// Two wordings that share fewer content words than minQuoteOverlap are
// still one statement in two translations when they share
// minTranslatedOverlap of them and minTranslatedOrder of the shorter
// one's words in order.
const (
	minTranslatedOverlap = 0.25
	minTranslatedOrder   = 0.6
)

// quoteText is what grouping and diffs read of a quote's text.
type quoteText struct {
	content map[string]bool // content words, stemmed
	words   []word
}

// quoteDiff is a wording's diff against the fullest, with its counts.
type quoteDiff struct {
	spans                []Span
	kept, removed, added int
	base, other          int // the two wordings' lengths in words
}

// quoteText returns the reading of a quote's text, kept by the Builder
// so that comparing the story again does not read it again.
func (b *Builder) quoteText(text string) *quoteText {
	if q, ok := b.texts[text]; ok {
		return q
	}
	q := &quoteText{content: contentWords(text), words: words(text)}
	if b.texts == nil {
		b.texts = make(map[string]*quoteText)
	}
	b.texts[text] = q
	return q
}

// diff returns the diff of wording other against the fullest wording
// base, kept by the Builder as quoteText is.
func (b *Builder) diff(base, other string) *quoteDiff {
	k := [2]string{base, other}
	if d, ok := b.diffs[k]; ok {
		return d
	}
	x, y := b.quoteText(base).words, b.quoteText(other).words
	d := &quoteDiff{spans: Diff(x, y), base: len(x), other: len(y)}
	d.kept, d.removed, d.added = counts(d.spans)
	if b.diffs == nil {
		b.diffs = make(map[[2]string]*quoteDiff)
	}
	b.diffs[k] = d
	return d
}

// foldPartials drops a reported clause that holds a direct quote of the
// same article by the same speaker (a partial quote), keeping the clause
// as the partial quote's context. items are in article and text order.
func foldPartials(items []quoteItem) []quoteItem {
	drop := make([]bool, len(items))
	for lo := 0; lo < len(items); {
		hi := lo + 1 // items[lo:hi] are one article's
		for hi < len(items) && items[hi].w.ArticleID == items[lo].w.ArticleID {
			hi++
		}
		for i := lo; i < hi; i++ {
			r := items[i].w.Quote
			if r.Kind != "reported" {
				continue
			}
			for j := lo; j < hi; j++ {
				p := &items[j]
				if p.w.Quote.Kind != "direct" || p.key != items[i].key {
					continue
				}
				if r.Start <= p.w.Quote.Start && p.w.Quote.End <= r.End {
					drop[i] = true
					if p.context == "" {
						p.context = r.Text
					}
				}
			}
		}
		lo = hi
	}
	out := items[:0]
	for i, it := range items {
		if !drop[i] {
			out = append(out, it)
		}
	}
	return out
}

// speakers identifies a quote's speaker with a story entity.
type speakers struct {
	byKey     map[string]int // EntityRef key → story entity ID
	byName    map[string]int // folded name or alias → entity ID, 0 when ambiguous
	bySurname map[string]int // folded last word of a person's name → ID, 0 when ambiguous
	names     map[int]string
}

func newSpeakers(ents []news.StoryEntity) speakers {
	s := speakers{byKey: make(map[string]int), byName: make(map[string]int), bySurname: make(map[string]int),
		names: make(map[int]string, len(ents))}
	put := func(m map[string]int, k string, id int) {
		if k == "" {
			return
		}
		if old, ok := m[k]; ok && old != id {
			m[k] = 0
			return
		}
		m[k] = id
	}
	for _, e := range ents {
		s.names[e.ID] = e.Name
		for _, k := range e.Keys {
			put(s.byKey, k, e.ID)
		}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			put(s.byName, foldName(n), e.ID)
			if e.Type == "PER" {
				if f := strings.Fields(foldName(n)); len(f) > 1 {
					put(s.bySurname, f[len(f)-1], e.ID)
				}
			}
		}
	}
	return s
}

// identify returns a speaker's identity key, name and story entity (0 for
// none): the entity their article's entity was merged into, by its key or
// name; else the entity whose name, alias or, for a one-word name,
// surname the speaker's name is; else the folded name itself.
func (s speakers) identify(name, entityKey, entityName string) (string, string, int) {
	id := s.byKey[entityKey]
	if id == 0 && entityName != "" {
		id = s.byName[foldName(entityName)]
	}
	f := foldName(name)
	if id == 0 {
		id = s.byName[f]
	}
	if id == 0 && !strings.Contains(f, " ") {
		id = s.bySurname[f]
	}
	if id == 0 {
		return "n:" + f, name, 0
	}
	return "#" + itoa(int64(id)), s.names[id], id
}

// foldName folds a name for matching: case, accents, a leading article.
func foldName(n string) string {
	f := strings.Fields(n)
	if len(f) > 1 && strings.EqualFold(f[0], "the") {
		f = f[1:]
	}
	for i, w := range f {
		f[i] = textproc.Fold(w)
	}
	return strings.Join(f, " ")
}

// contentWords are the stems of the words of s that are not stop words.
func contentWords(s string) map[string]bool {
	out := make(map[string]bool)
	for _, t := range textproc.Tokens(s) {
		if t.Norm == "" || textproc.IsStopWord(t.Norm) {
			continue
		}
		out[textproc.Stem(t.Norm)] = true
	}
	return out
}

// wordOverlap is the share of the smaller set's words the other holds.
func wordOverlap(a, b map[string]bool) float64 {
	ov, _ := overlap(a, b)
	return ov
}

// word is a word as written and folded for comparison.
type word struct{ text, norm string }

func words(s string) []word {
	toks := textproc.Tokens(s)
	out := make([]word, len(toks))
	for i, t := range toks {
		out[i] = word{t.Text, t.Norm}
	}
	return out
}

// Diff is the longest-common-subsequence diff of two word lists, as runs
// of kept, removed (only in a) and added (only in b) words.
func Diff(a, b []word) []Span {
	n, m := len(a), len(b)
	// lcs[i][j] is the LCS length of a[i:] and b[j:], in one flat slice.
	lcs := make([]int32, (n+1)*(m+1))
	at := func(i, j int) int { return i*(m+1) + j }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i].norm == b[j].norm {
				lcs[at(i, j)] = lcs[at(i+1, j+1)] + 1
			} else {
				lcs[at(i, j)] = max(lcs[at(i+1, j)], lcs[at(i, j+1)])
			}
		}
	}
	var out []Span
	push := func(op, text string) {
		if k := len(out) - 1; k >= 0 && out[k].Op == op {
			out[k].Text += " " + text
			return
		}
		out = append(out, Span{Op: op, Text: text})
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i].norm == b[j].norm:
			push("kept", b[j].text)
			i++
			j++
		case lcs[at(i+1, j)] >= lcs[at(i, j+1)]:
			push("removed", a[i].text)
			i++
		default:
			push("added", b[j].text)
			j++
		}
	}
	for ; i < n; i++ {
		push("removed", a[i].text)
	}
	for ; j < m; j++ {
		push("added", b[j].text)
	}
	return out
}

// DiffText diffs two texts word by word.
func DiffText(a, b string) []Span { return Diff(words(a), words(b)) }

func counts(d []Span) (kept, removed, added int) {
	for _, s := range d {
		n := len(strings.Fields(s.Text))
		switch s.Op {
		case "kept":
			kept += n
		case "removed":
			removed += n
		case "added":
			added += n
		}
	}
	return
}
