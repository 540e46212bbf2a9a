// Package compare sets the articles of one story side by side: what the
// sources agree on, where their figures, quotes and dates differ and why,
// and what only one source reports.
//
// A Comparison is built one article at a time (Builder.Add), so a story
// that gains an article need not be compared again from scratch: claims
// and dates join the groups built so far, and each quote is read once.
// Entities come from the story's merged annotations (annotate.Story),
// which the caller keeps. Compare is the one-shot form; Cache keeps a
// Builder per story and adds only the articles a story gained since it
// was last compared.
//
// Claims are grouped when they count the same thing: compatible units
// (counted nouns that stand for people are people), measures that share
// their content words once stemmed and folded onto a few synonyms
// ("killed", "dead", "deaths", "lives", "bodies") and agent nouns onto
// their base ("dockers", "dock workers"), or whose heads agree while
// their modifiers tell different things ("people killed in the coastal
// towns", "people killed by the hurricane"; not "… in the capital"), or
// that share a word when they state the very same figure, or, when
// neither says what it measures, the very same figure; and magnitudes
// within a factor of four. A group holds at most one claim per
// article. A group of claims from two or more articles is classified:
//   - agree: every claim states the same figure ("1.2 million" and
//     "1,200,000"), whatever the hedge;
//   - update: the figures of a running tally (the dead, injured,
//     displaced, evacuated, arrested, missing…) rise with the publication
//     time, later reports superseding earlier ones (a death toll climbing
//     over a day), or the number of missing falls as people are found;
//   - compatible: the figures differ, but the hedged ranges overlap
//     ("nearly 400,000" and "over 350,000"), or one rounds the other;
//   - contradict: some two figures allow no common value.
//
// Quotes are grouped into statements: one speaker (however each article
// resolved them: a story entity, or its name, alias or surname), most
// content words of the shorter wording shared, or some of them and most
// words in the same order (two translations), one wording per article.
// A reported clause holding a direct partial quote of the same article
// gives way to it ("said the bridge “joins two halves of one country”"),
// so that a partial quote joins the fuller wording it quotes. Each
// variant gets a word-level diff against the fullest wording (a
// longest-common-subsequence diff over folded words), and a wording that
// is mostly contained in a longer one is marked partial.
//
// Dates that share their sentence context across sources are paired: one
// period inside the other is agreement at different precision ("February
// 2019" and "2019"); disjoint periods are a conflict.
//
// Scores of `parallax eval compare` (see Evaluate):
//   - claim-group precision is the share of predicted multi-article claim
//     groups whose claims are exactly a gold group's and whose class is
//     the gold class; recall is the share of gold groups so matched;
//   - quote-grouping precision and recall are pairwise, over pairs of
//     direct quotes from different articles: a true positive is a pair in
//     one predicted group that also belongs to one gold group; gold pairs
//     the quote finder misses count against recall.
//
// The package is pure and safe for concurrent use.
package compare

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/news"
)

// Claim-group classes.
const (
	Agree      = "agree"
	Compatible = "compatible"
	Contradict = "contradict"
	Update     = "update"
	// Single is a group reported by one source only.
	Single = "single"
)

// Comparison is a story's articles set side by side.
type Comparison struct {
	// Sources are the distinct outlets, in order of first article.
	Sources []string `json:"sources"`
	// Matrix says, per source, which entities, quotes and claims it
	// carries (by their index in Entities, Quotes and Claims).
	Matrix []SourceRow   `json:"matrix"`
	Claims []ClaimGroup  `json:"claims"`
	Quotes []QuoteGroup  `json:"quotes"`
	Dates  []DateGroup   `json:"dates"`
	Names  []NameVariant `json:"names"`
	// Entities are the story's entities with the sources naming them.
	Entities []news.StoryEntity `json:"entities"`
	Coverage Coverage           `json:"coverage"`
}

// SourceRow is what one source carries.
type SourceRow struct {
	Source   string  `json:"source"`
	Articles []int64 `json:"articles"`
	Entities []int   `json:"entities"`
	Quotes   []int   `json:"quotes"`
	Claims   []int   `json:"claims"`
}

// ClaimRef is one article's claim in a group.
type ClaimRef struct {
	ArticleID int64      `json:"article_id"`
	Source    string     `json:"source,omitempty"`
	Published time.Time  `json:"published,omitzero"`
	Claim     news.Claim `json:"claim"`
	// Reprint is true when the article reprints another: its figure is
	// a copy, not a second source's word, and does not count toward the
	// group's class.
	Reprint bool `json:"reprint,omitempty"`
}

// ClaimGroup is one quantity as the articles report it.
type ClaimGroup struct {
	// Measure is what the figures count, from the first claim that says.
	Measure string     `json:"measure"`
	Unit    string     `json:"unit,omitempty"`
	Class   string     `json:"class"`
	Reason  string     `json:"reason"`
	Claims  []ClaimRef `json:"claims"`
	// Attributions are the distinct sources cited ("UN"), folded;
	// AttributionsDiffer is true when the articles cite different ones.
	Attributions       []string `json:"attributions,omitempty"`
	AttributionsDiffer bool     `json:"attributions_differ,omitempty"`
	Sources            []string `json:"sources"`

	words      map[string]bool // the measure words of all its claims
	measures   []measure       // each claim's measure
	classified *ClaimGroup     // the group classified, until a claim joins
}

// QuoteGroup is one statement in its several wordings.
type QuoteGroup struct {
	Speaker  string         `json:"speaker"`
	Entity   int            `json:"entity,omitempty"`
	Sources  []string       `json:"sources"`
	Variants []QuoteVariant `json:"variants"`
}

// QuoteVariant is one article's wording with its difference from the
// group's fullest wording (the first variant, whose Diff is empty).
type QuoteVariant struct {
	ArticleID int64  `json:"article_id"`
	Source    string `json:"source,omitempty"`
	Text      string `json:"text"`
	// Kind is "direct" or "reported".
	Kind string `json:"kind"`
	// Same is true when the words equal the fullest wording's; Partial
	// when this wording is mostly a part of it.
	Same    bool   `json:"same,omitempty"`
	Partial bool   `json:"partial,omitempty"`
	Diff    []Span `json:"diff,omitempty"`
	// Context is the reported speech around a partial quote ("the bridge
	// “joins two halves of one country”"), when the article has one.
	Context string `json:"context,omitempty"`
}

// Span is a run of words in a diff: kept in both wordings, removed from
// the fullest, or added by the variant.
type Span struct {
	Op   string `json:"op"` // "kept", "removed" or "added"
	Text string `json:"text"`
}

// DateRef is one article's date in a group.
type DateRef struct {
	ArticleID int64     `json:"article_id"`
	Source    string    `json:"source,omitempty"`
	Date      news.Date `json:"date"`
	Context   string    `json:"context"`
}

// DateGroup is one dated thing as several sources date it.
type DateGroup struct {
	// Class is "agree" or "conflict".
	Class  string    `json:"class"`
	Reason string    `json:"reason"`
	Dates  []DateRef `json:"dates"`

	words map[string]bool
}

// NameVariant is an entity that sources spell differently.
type NameVariant struct {
	Entity  int      `json:"entity"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Sources []string `json:"sources"`
}

// Coverage orders the story's facts: what most sources carry, where they
// differ, what only one source reports.
type Coverage struct {
	Core        []Fact `json:"core"`
	Differences []Fact `json:"differences"`
	OnlyOne     []Fact `json:"only_one"`
}

// Fact is one line of coverage.
type Fact struct {
	// Kind is "entity", "quote", "claim" or "date"; Index is its index in
	// the Comparison's list of that kind.
	Kind    string   `json:"kind"`
	Index   int      `json:"index"`
	Text    string   `json:"text"`
	Sources []string `json:"sources"`
}

// Builder builds a Comparison one article at a time. The zero value is
// ready to use. A Builder is not safe for concurrent use, Comparison
// included: it keeps what it read of quote texts for the next call.
type Builder struct {
	sources  []string
	articles map[string][]int64 // source → its articles, in order of Add
	added    map[int64]int      // article → its place in the order of Add
	source   map[int64]string   // article → its source
	claims   []ClaimGroup
	byUnit   map[string][]int // unit key → indexes into claims, ascending
	dates    []DateGroup
	quotes   []addedQuote

	// what comparing reads of quote texts, and word diffs, by text
	texts map[string]*quoteText
	diffs map[[2]string]*quoteDiff
}

// Add puts an article's claims and dates into the groups built so far and
// keeps its quotes for grouping. text is the article's text, which dates are read in the context of; an
// empty text leaves the article's dates out. An article added before is
// left as it was.
func (b *Builder) Add(a news.ArticleAnnotations, text string) {
	if b.articles == nil {
		b.articles = make(map[string][]int64)
		b.added = make(map[int64]int)
		b.source = make(map[int64]string)
	}
	if _, ok := b.added[a.ArticleID]; ok {
		return
	}
	src := sourceName(a)
	if _, ok := b.articles[src]; !ok {
		b.sources = append(b.sources, src)
	}
	b.articles[src] = append(b.articles[src], a.ArticleID)
	b.added[a.ArticleID] = len(b.added)
	b.source[a.ArticleID] = src
	for _, c := range a.Annotations.Claims {
		b.addClaim(ClaimRef{ArticleID: a.ArticleID, Source: src, Published: a.Published, Claim: c, Reprint: a.DuplicateOf != 0})
	}
	b.addDates(a, src, text)
	for _, q := range a.Annotations.Quotes {
		aq := addedQuote{article: a.ArticleID, source: a.Source, quote: q}
		if ents := a.Annotations.Entities; q.SpeakerEntity >= 0 && q.SpeakerEntity < len(ents) {
			aq.entityKey, aq.entityName = ents[q.SpeakerEntity].Key, ents[q.SpeakerEntity].Name
		}
		b.quotes = append(b.quotes, aq)
		b.quoteText(q.Text)
	}
}

// Comparison returns the comparison of the articles added so far, with
// the story's merged entities (annotate.Story of the same articles; its
// quotes are not read: the Builder groups the quotes of the articles
// added itself, with the story's entities for their speakers).
func (b *Builder) Comparison(story news.StoryAnnotations) Comparison {
	out := Comparison{Sources: slices.Clone(b.sources), Entities: story.Entities}
	if out.Sources == nil {
		out.Sources = []string{}
	}
	if out.Entities == nil {
		out.Entities = []news.StoryEntity{}
	}
	out.Claims = make([]ClaimGroup, len(b.claims))
	for i := range b.claims {
		g := &b.claims[i]
		if g.classified == nil {
			c := *g
			c.Claims = slices.Clone(g.Claims)
			c.words, c.measures = nil, nil // the Builder's, which later Adds change
			classify(&c)
			g.classified = &c
		}
		// a group no Add changed keeps its classification; the copy's
		// slices are never written again, so comparisons may share them
		out.Claims[i] = *g.classified
	}
	out.Dates = make([]DateGroup, 0, len(b.dates))
	for _, g := range b.dates {
		if distinctSources(len(g.Dates), func(i int) string { return g.Dates[i].Source }) < 2 {
			continue
		}
		g.Dates = slices.Clone(g.Dates)
		g.words = nil
		classifyDates(&g)
		out.Dates = append(out.Dates, g)
	}
	out.Quotes = b.quoteGroups(story)
	out.Names = names(story.Entities)
	out.Matrix = b.matrix(out)
	out.Coverage = coverage(out)
	return out
}

// Compare compares a story's annotated articles, given in article order,
// with the story's merged annotations (annotate.Story of arts; only its
// entities are read). articles give the texts the dates are read in; they
// may be nil.
func Compare(story news.StoryAnnotations, arts []news.ArticleAnnotations, articles []news.Article) Comparison {
	texts := make(map[int64]string, len(articles))
	for _, a := range articles {
		texts[a.ID] = a.Text
	}
	var b Builder
	for _, a := range arts {
		b.Add(a, texts[a.ArticleID])
	}
	return b.Comparison(story)
}

func sourceName(a news.ArticleAnnotations) string {
	if a.Source != "" {
		return a.Source
	}
	return "#" + itoa(a.ArticleID)
}

// Has reports whether the article was added.
func (b *Builder) Has(id int64) bool {
	_, ok := b.added[id]
	return ok
}

// Len returns the number of articles added.
func (b *Builder) Len() int { return len(b.added) }

func (b *Builder) sourceOf(id int64) string {
	if s, ok := b.source[id]; ok {
		return s
	}
	return "#" + itoa(id)
}

// orderOf returns an article's place in the order of Add; articles never
// added come after all others.
func (b *Builder) orderOf(id int64) int {
	if i, ok := b.added[id]; ok {
		return i
	}
	return len(b.added)
}

func (b *Builder) matrix(c Comparison) []SourceRow {
	rows := make([]SourceRow, len(c.Sources))
	at := make(map[string]int, len(c.Sources))
	for i, s := range c.Sources {
		rows[i] = SourceRow{Source: s, Articles: slices.Clone(b.articles[s]), Entities: []int{}, Quotes: []int{}, Claims: []int{}}
		at[s] = i
	}
	add := func(list []string, f func(r *SourceRow)) {
		for _, s := range list {
			if i, ok := at[s]; ok {
				f(&rows[i])
			}
		}
	}
	for i, e := range c.Entities {
		add(e.Sources, func(r *SourceRow) { r.Entities = append(r.Entities, i) })
	}
	for i, q := range c.Quotes {
		add(q.Sources, func(r *SourceRow) { r.Quotes = append(r.Quotes, i) })
	}
	for i, g := range c.Claims {
		add(g.Sources, func(r *SourceRow) { r.Claims = append(r.Claims, i) })
	}
	return rows
}

// names lists the entities whose name the sources spell differently.
func names(ents []news.StoryEntity) []NameVariant {
	out := []NameVariant{}
	for _, e := range ents {
		if aliases := spellings(e.Name, e.Aliases); len(aliases) > 0 {
			out = append(out, NameVariant{Entity: e.ID, Name: e.Name, Aliases: aliases, Sources: e.Sources})
		}
	}
	return out
}

// spellings keeps the aliases that spell a name differently, leaving out
// the other ways of writing the same name: other capitals ("VARNO"), a
// short form made of the name's own words ("Khamenei" for "Ali
// Khamenei"), and the initials of its words ("UAE").
func spellings(name string, aliases []string) []string {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == ' ' || r == '-' })
	own := make(map[string]bool, len(words))
	var initials strings.Builder
	for _, w := range words {
		own[w] = true
		if r, _ := utf8.DecodeRuneInString(w); r != utf8.RuneError {
			initials.WriteRune(r)
		}
	}
	var out []string
	for _, a := range aliases {
		lower := strings.ToLower(a)
		if lower == initials.String() {
			continue
		}
		if !slices.ContainsFunc(strings.FieldsFunc(lower, func(r rune) bool { return r == ' ' || r == '-' }),
			func(w string) bool { return !own[w] }) {
			continue
		}
		out = append(out, a)
	}
	return out
}

// coverage orders the facts: carried by most sources first, then the
// differences, then what one source alone reports (when there are two
// sources or more).
func coverage(c Comparison) Coverage {
	cov := Coverage{Core: []Fact{}, Differences: []Fact{}, OnlyOne: []Fact{}}
	n := len(c.Sources)
	place := func(f Fact, differs bool) {
		switch {
		case differs:
			cov.Differences = append(cov.Differences, f)
		case n >= 2 && len(f.Sources) == 1:
			cov.OnlyOne = append(cov.OnlyOne, f)
		case len(f.Sources) >= 2 && 2*len(f.Sources) >= n:
			cov.Core = append(cov.Core, f)
		}
	}
	for i, e := range c.Entities {
		place(Fact{Kind: "entity", Index: i, Text: e.Name, Sources: e.Sources}, false)
	}
	for i, g := range c.Claims {
		f := Fact{Kind: "claim", Index: i, Text: g.Reason, Sources: g.Sources}
		place(f, g.Class == Compatible || g.Class == Contradict || g.Class == Update)
	}
	for i, q := range c.Quotes {
		text := q.Speaker + ": “" + q.Variants[0].Text + "”"
		differs := slices.ContainsFunc(q.Variants, func(v QuoteVariant) bool { return !v.Same })
		place(Fact{Kind: "quote", Index: i, Text: text, Sources: q.Sources}, differs && len(q.Sources) >= 2)
	}
	for i, d := range c.Dates {
		place(Fact{Kind: "date", Index: i, Text: d.Reason, Sources: dateSources(d)}, d.Class != Agree)
	}
	slices.SortStableFunc(cov.Core, func(a, b Fact) int { return cmp.Compare(len(b.Sources), len(a.Sources)) })
	return cov
}

func dateSources(d DateGroup) []string {
	var out []string
	for _, r := range d.Dates {
		if !slices.Contains(out, r.Source) {
			out = append(out, r.Source)
		}
	}
	return out
}

func distinctSources(n int, at func(int) string) int {
	seen := make(map[string]bool, n)
	for i := range n {
		seen[at(i)] = true
	}
	return len(seen)
}
