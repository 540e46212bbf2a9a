package compare

import (
	"slices"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/textproc"
)

// partialShare is the share of a wording's words the fullest wording must
// keep, in order, for it to be a partial quote of it.
const partialShare = 0.9

// quoteGroups turns the story's quote groups into variants with word
// diffs against the fullest wording.
func quoteGroups(qs []news.StoryQuote, sourceOf func(int64) string) []QuoteGroup {
	out := make([]QuoteGroup, 0, len(qs))
	for _, q := range qs {
		g := QuoteGroup{Speaker: q.Speaker, Entity: q.Entity, Sources: []string{}}
		ws := slices.Clone(q.Wordings)
		full := 0
		for i, w := range ws {
			if len(w.Quote.Text) > len(ws[full].Quote.Text) {
				full = i
			}
		}
		ws[0], ws[full] = ws[full], ws[0]
		base := words(ws[0].Quote.Text)
		for i, w := range ws {
			src := w.Source
			if src == "" {
				src = sourceOf(w.ArticleID)
			}
			if !slices.Contains(g.Sources, src) {
				g.Sources = append(g.Sources, src)
			}
			v := QuoteVariant{ArticleID: w.ArticleID, Source: src, Text: w.Quote.Text, Kind: w.Quote.Kind}
			if i > 0 {
				other := words(w.Quote.Text)
				v.Diff = Diff(base, other)
				kept, removed, added := counts(v.Diff)
				v.Same = removed == 0 && added == 0
				v.Partial = !v.Same && len(other) > 0 && float64(kept) >= partialShare*float64(len(other)) &&
					len(other) < len(base)
			} else {
				v.Same = true
			}
			g.Variants = append(g.Variants, v)
		}
		out = append(out, g)
	}
	return out
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
