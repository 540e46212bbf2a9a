package compare

import (
	"strings"

	"github.com/parallax-news/parallax/internal/annotate/when"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/textproc"
)

// Date pairing: two dates that agree join when their contexts share a
// content word, or when the date is the only one agreeing; two that do not
// agree join (as a conflict) only when their contexts share
// conflictShared words and conflictOverlap of the smaller context.
const (
	dateWindow      = 8
	conflictOverlap = 0.6
	conflictShared  = 3
)

// dateContext is the content words within dateWindow words of a date, in
// its sentence, and the sentence clipped around it.
func dateContext(text string, d news.Date) (map[string]bool, string) {
	lo := strings.LastIndexAny(text[:d.Start], ".!?\n") + 1
	hi := len(text)
	if k := strings.IndexAny(text[d.End:], ".!?\n"); k >= 0 {
		hi = d.End + k
	}
	toks := textproc.Tokens(text[lo:hi])
	out := make(map[string]bool)
	// index of the date's first token
	at := 0
	for i, t := range toks {
		if lo+t.Start >= d.Start {
			at = i
			break
		}
	}
	for i, t := range toks {
		if s := lo + t.Start; s >= d.Start && s < d.End {
			continue
		}
		if i < at-dateWindow || i > at+dateWindow || t.Numeric || textproc.IsStopWord(t.Norm) || monthOrDay(t.Norm) {
			continue
		}
		out[textproc.Stem(t.Norm)] = true
	}
	return out, strings.TrimSpace(text[lo:hi])
}

func monthOrDay(w string) bool {
	switch w {
	case "january", "february", "march", "april", "may", "june", "july", "august", "september",
		"october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday", "today", "yesterday", "year", "month", "week", "day", "last", "next", "earlier":
		return true
	}
	return false
}

func (b *Builder) addDates(a news.ArticleAnnotations, src, text string) {
	if text == "" {
		return
	}
	for _, d := range a.Annotations.Dates {
		if d.Start < 0 || d.End > len(text) || d.Start >= d.End {
			continue
		}
		ctx, sentence := dateContext(text, d)
		r := DateRef{ArticleID: a.ArticleID, Source: src, Date: d, Context: sentence}
		best, bestScore := -1, 0.0
		var fallback []int
		for i := range b.dates {
			g := &b.dates[i]
			if hasArticleDate(g, a.ArticleID) {
				continue
			}
			first := g.Dates[0].Date
			agree := agreeDates(first, d)
			ov, n := overlap(g.words, ctx)
			score := -1.0
			switch {
			case agree && n >= 1:
				score = 1 + ov
			case agree && !d.Relative && !first.Relative:
				fallback = append(fallback, i)
			case !agree && n >= conflictShared && ov >= conflictOverlap:
				score = ov
			}
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		if best < 0 && len(fallback) == 1 {
			best = fallback[0]
		}
		if best < 0 {
			b.dates = append(b.dates, DateGroup{Dates: []DateRef{r}, words: ctx})
			continue
		}
		b.dates[best].Dates = append(b.dates[best].Dates, r)
	}
}

func hasArticleDate(g *DateGroup, id int64) bool {
	for _, r := range g.Dates {
		if r.ArticleID == id {
			return true
		}
	}
	return false
}

func toDate(d news.Date) when.Date {
	var g when.Granularity
	_ = g.UnmarshalText([]byte(d.Granularity))
	return when.Date{Time: d.Time, Granularity: g}
}

func agreeDates(a, b news.Date) bool { return when.Agree(toDate(a), toDate(b)) }

func classifyDates(g *DateGroup) {
	g.Class = Agree
	finest := 0
	for i, r := range g.Dates {
		if !agreeDates(g.Dates[0].Date, r.Date) {
			g.Class = "conflict"
		}
		if toDate(r.Date).Granularity < toDate(g.Dates[finest].Date).Granularity {
			finest = i
		}
	}
	var parts []string
	for _, r := range g.Dates {
		parts = append(parts, r.Source+" says "+r.Date.Text)
	}
	say := joinAnd(parts)
	switch {
	case g.Class != Agree:
		g.Reason = say + ": the dates do not overlap, so they conflict"
	case allSameDate(g):
		g.Reason = say + ": the dates agree"
	default:
		g.Reason = say + ": " + g.Dates[finest].Source + " is more precise, not in conflict"
	}
}

func allSameDate(g *DateGroup) bool {
	for _, r := range g.Dates[1:] {
		if !r.Date.Time.Equal(g.Dates[0].Date.Time) || r.Date.Granularity != g.Dates[0].Date.Granularity {
			return false
		}
	}
	return true
}
