package gold

import (
	"fmt"
	"strings"

	"github.com/parallax-news/parallax/internal/annotate/claim"
	"github.com/parallax-news/parallax/internal/annotate/quote"
	"github.com/parallax-news/parallax/internal/annotate/when"
)

// Scores are one subset's results.
type Scores struct {
	Items int
	// Entities scores the entity annotator; nil when none was given.
	// EntityTypes splits the same counts by type (PER, ORG, LOC).
	Entities    *PRF
	EntityTypes map[string]PRF
	// Quotes scores quote.Find on its own name finder; QuotesWithEntities
	// with the entity annotator's mentions (nil when none was given);
	// QuotesWithGold with the gold entity spans, an upper bound for what
	// better entities can bring.
	Quotes             QuoteScore
	QuotesWithEntities *QuoteScore
	QuotesWithGold     QuoteScore
	Claims             ClaimScore
	Dates              DateScore
	Datelines          DatelineScore
}

// Report holds the scores of the development subset (the one the
// annotators were tuned on), of the held-out test subset, and of both.
type Report struct {
	Dev, Test, All Scores
}

// Run scores the quote, claim and date finders, and the entity annotator
// when one is given, on the embedded gold set. The set is checked by this
// package's tests, so a failure to load it is a broken build and panics.
func Run(entityAnnotator func(text string) []EntitySpan) Report {
	items, err := Load()
	if err != nil {
		panic(err)
	}
	return Evaluate(items, entityAnnotator)
}

// Evaluate scores the annotators on items.
func Evaluate(items []Item, entityAnnotator func(text string) []EntitySpan) Report {
	var r Report
	for _, it := range items {
		s := score(it, entityAnnotator)
		r.All = r.All.add(s)
		if it.Split == "dev" {
			r.Dev = r.Dev.add(s)
		} else {
			r.Test = r.Test.add(s)
		}
	}
	return r
}

// score runs the annotators on one item.
func score(it Item, entityAnnotator func(string) []EntitySpan) Scores {
	s := Scores{Items: 1}
	s.Quotes = ScoreQuotes(it.Quotes, quote.Find(it.Text, nil))
	s.QuotesWithGold = ScoreQuotes(it.Quotes, quote.Find(it.Text, Mentions(it.Entities)))
	if entityAnnotator != nil {
		pred := entityAnnotator(it.Text)
		e := ScoreEntities(it.Entities, pred)
		s.Entities = &e
		s.EntityTypes = ScoreEntityTypes(it.Entities, pred)
		q := ScoreQuotes(it.Quotes, quote.Find(it.Text, Mentions(pred)))
		s.QuotesWithEntities = &q
	}
	s.Claims = ScoreClaims(it.Claims, claim.Find(it.Text))
	s.Dates = ScoreDates(it.Dates, when.Find(it.Text, it.Published))
	d, ok := when.FindDateline(it.Text)
	s.Datelines = ScoreDateline(it.Dateline, d, ok)
	return s
}

// Mentions turns entity spans into the mentions quote.Find takes.
func Mentions(spans []EntitySpan) []quote.Mention {
	out := make([]quote.Mention, 0, len(spans))
	for _, e := range spans {
		m := quote.Mention{Name: e.Text, Type: e.Type, Start: e.Start, End: e.End, Entity: -1, Title: e.Title, Nominal: e.Kind == "nominal"}
		if e.Entity != 0 {
			m.Entity = e.Entity
		}
		out = append(out, m)
	}
	return out
}

func (s Scores) add(o Scores) Scores {
	s.Items += o.Items
	if o.Entities != nil {
		e := o.Entities.Add(deref(s.Entities))
		s.Entities = &e
		types := make(map[string]PRF, len(entityTypes))
		for _, t := range entityTypes {
			types[t] = s.EntityTypes[t].Add(o.EntityTypes[t])
		}
		s.EntityTypes = types
	}
	s.Quotes = s.Quotes.Add(o.Quotes)
	if o.QuotesWithEntities != nil {
		var q QuoteScore
		if s.QuotesWithEntities != nil {
			q = *s.QuotesWithEntities
		}
		q = q.Add(*o.QuotesWithEntities)
		s.QuotesWithEntities = &q
	}
	s.QuotesWithGold = s.QuotesWithGold.Add(o.QuotesWithGold)
	s.Claims = s.Claims.Add(o.Claims)
	s.Dates = s.Dates.Add(o.Dates)
	s.Datelines = s.Datelines.Add(o.Datelines)
	return s
}

func deref(p *PRF) PRF {
	if p == nil {
		return PRF{}
	}
	return *p
}

// String formats the report as a table, one column per subset.
func (r Report) String() string {
	var b strings.Builder
	cols := []Scores{r.Dev, r.Test, r.All}
	row := func(name string, f func(Scores) string) {
		fmt.Fprintf(&b, "%-34s", name)
		for _, c := range cols {
			fmt.Fprintf(&b, " %18s", f(c))
		}
		b.WriteByte('\n')
	}
	frac := func(a, n int) string {
		if n == 0 {
			return "-"
		}
		return fmt.Sprintf("%.3f (%d/%d)", float64(a)/float64(n), a, n)
	}
	row("", func(Scores) string { return "" })
	b.Reset()
	fmt.Fprintf(&b, "%-34s %18s %18s %18s\n", "", "dev", "test", "all")
	row("items", func(s Scores) string { return fmt.Sprint(s.Items) })
	row("entities P/R/F1", func(s Scores) string {
		if s.Entities == nil {
			return "-"
		}
		return fmt.Sprintf("%.2f/%.2f/%.2f", s.Entities.Precision(), s.Entities.Recall(), s.Entities.F1())
	})
	for _, t := range entityTypes {
		row("  "+t+" P/R/F1", func(s Scores) string {
			if s.Entities == nil {
				return "-"
			}
			p := s.EntityTypes[t]
			return fmt.Sprintf("%.2f/%.2f/%.2f", p.Precision(), p.Recall(), p.F1())
		})
	}
	row("quote speaker accuracy", func(s Scores) string { return frac(s.Quotes.RightSpeaker, s.Quotes.Gold) })
	row("  direct", func(s Scores) string { return frac(s.Quotes.DirectRight, s.Quotes.DirectGold) })
	row("  reported", func(s Scores) string { return frac(s.Quotes.ReportedRight, s.Quotes.ReportedGold) })
	row("  quotes found", func(s Scores) string { return frac(s.Quotes.Found, s.Quotes.Gold) })
	row("  quote precision", func(s Scores) string { return frac(s.Quotes.Matched, s.Quotes.Predicted) })
	row("  with annotator's entities", func(s Scores) string {
		if s.QuotesWithEntities == nil {
			return "-"
		}
		return frac(s.QuotesWithEntities.RightSpeaker, s.QuotesWithEntities.Gold)
	})
	row("  with gold entities", func(s Scores) string { return frac(s.QuotesWithGold.RightSpeaker, s.QuotesWithGold.Gold) })
	row("claim value+hedge accuracy", func(s Scores) string { return frac(s.Claims.ValueHedge, s.Claims.Gold) })
	row("  claims found", func(s Scores) string { return frac(s.Claims.Found, s.Claims.Gold) })
	row("  claim precision", func(s Scores) string { return frac(s.Claims.Matched, s.Claims.Predicted) })
	row("  unit", func(s Scores) string { return frac(s.Claims.Unit, s.Claims.Gold) })
	row("  attribution", func(s Scores) string { return frac(s.Claims.Attribution, s.Claims.Gold) })
	row("  measure (half the words)", func(s Scores) string { return frac(s.Claims.Measure, s.Claims.Gold) })
	row("date accuracy", func(s Scores) string { return frac(s.Dates.Correct, s.Dates.Gold) })
	row("  date precision", func(s Scores) string { return frac(s.Dates.Matched, s.Dates.Predicted) })
	row("dateline accuracy", func(s Scores) string { return frac(s.Datelines.Correct, s.Datelines.Gold) })
	row("  dateline precision", func(s Scores) string { return frac(s.Datelines.Correct, s.Datelines.Predicted) })
	return b.String()
}
