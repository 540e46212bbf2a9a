// Package annotate runs the annotators on an article and merges their
// results across a story.
//
// Annotate combines the four finders of the subpackages: the trained
// entity recogniser (entity), whose mentions then resolve quote speakers
// (quote), the numeric claims (claim), and the dates and dateline (when).
// Story merges the entities of a story's articles across spelling and
// transliteration variants with entity.Canonicalize, groups the quotes
// that give one statement by one speaker, and lists the claims.
//
// Both are pure and safe for concurrent use; the recogniser's model is
// decoded once, on first use.
package annotate

import (
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/annotate/claim"
	"github.com/parallax-news/parallax/internal/annotate/entity"
	"github.com/parallax-news/parallax/internal/annotate/quote"
	"github.com/parallax-news/parallax/internal/annotate/when"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/textproc"
)

// Annotator annotates texts with one recogniser. It is safe for concurrent
// use.
type Annotator struct {
	r *entity.Recognizer
}

// New returns an annotator with the embedded entity model, decoded on the
// first call in the process only.
func New() (*Annotator, error) {
	r, err := entity.Load()
	if err != nil {
		return nil, err
	}
	return &Annotator{r: r}, nil
}

// Annotate annotates text with the embedded model. The model is part of
// the build, so failing to load it is a broken build and panics.
func Annotate(text string, published time.Time) news.Annotations {
	a, err := New()
	if err != nil {
		panic(err)
	}
	return a.Annotate(text, published)
}

// Annotate finds the entities, quotes, claims, dates and dateline of text.
// published resolves relative dates; with a zero time they are left out.
func (a *Annotator) Annotate(text string, published time.Time) news.Annotations {
	var out news.Annotations
	ents := a.r.Annotate(text)
	out.Entities = make([]news.EntityRef, len(ents.Entities))
	for i, e := range ents.Entities {
		out.Entities[i] = news.EntityRef{
			Name: e.Name, Type: string(e.Type),
			Aliases: e.Aliases, Titles: e.Titles,
			Mentions: len(e.Mentions), Key: Key(string(e.Type), e.Name),
		}
	}
	out.Mentions = make([]news.Mention, len(ents.Mentions))
	speakers := make([]quote.Mention, 0, len(ents.Mentions))
	for i, m := range ents.Mentions {
		out.Mentions[i] = news.Mention{
			Text: m.Text, Start: m.Start, End: m.End, Type: string(m.Type), Kind: string(m.Kind),
			Entity: m.Entity, Title: m.Title, Source: m.Source,
		}
		if m.Type == entity.NORP {
			continue // a nationality speaks for no one
		}
		speakers = append(speakers, quote.Mention{
			Name: m.Text, Type: string(m.Type), Start: m.Start, End: m.End,
			Entity: m.Entity, Title: m.Title, Nominal: m.Kind == entity.Nominal,
		})
	}
	for _, q := range quote.Find(text, speakers) {
		out.Quotes = append(out.Quotes, news.Quote{
			Text: q.Text, Start: q.Start, End: q.End, Kind: string(q.Kind),
			Speaker: q.Speaker, SpeakerStart: q.SpeakerStart, SpeakerEnd: q.SpeakerEnd,
			Name: q.Name, SpeakerEntity: q.Entity, Cue: q.Cue, Nested: q.Nested, Partial: q.Partial,
		})
	}
	for _, c := range claim.Find(text) {
		out.Claims = append(out.Claims, news.Claim{
			Text: c.Text, Start: c.Start, End: c.End,
			Value: c.Value, Low: c.Low, High: c.High, Hedge: string(c.Hedge),
			Unit: c.Unit, Measure: c.Measure, Attribution: speakerOf(c.Attribution, c.Start, out.Quotes),
		})
	}
	for _, d := range when.Find(text, published) {
		out.Dates = append(out.Dates, news.Date{
			Text: d.Text, Start: d.Start, End: d.End, Time: d.Time,
			Granularity: d.Granularity.String(), Relative: d.Relative,
		})
	}
	if d, ok := when.FindDateline(text); ok {
		out.Dateline = &news.Dateline{
			Text: d.Text, Start: d.Start, End: d.End,
			Place: d.Place, Region: d.Region, Date: d.Date, Agency: d.Agency,
		}
	}
	if len(out.Entities) == 0 {
		out.Entities = nil
	}
	if len(out.Mentions) == 0 {
		out.Mentions = nil
	}
	return out
}

// speakerOf resolves a claim's attribution when it is a pronoun ("she
// said"): the figure is inside a quote, or the quote whose speaker is
// that pronoun comes nearest to it, and the quote's speaker is resolved
// to a name. Other attributions, and pronouns no quote resolves, are
// returned as they are.
func speakerOf(attribution string, at int, quotes []news.Quote) string {
	switch strings.ToLower(attribution) {
	case "he", "she", "it", "they", "we", "i", "you":
	default:
		return attribution
	}
	best, dist := "", -1
	for _, q := range quotes {
		if q.Name == "" {
			continue
		}
		if q.Start <= at && at < q.End {
			return q.Name
		}
		if !strings.EqualFold(q.Speaker, attribution) {
			continue
		}
		d := q.SpeakerStart - at
		if d < 0 {
			d = -d
		}
		if d <= 300 && (dist < 0 || d < dist) {
			best, dist = q.Name, d
		}
	}
	if best == "" {
		return attribution
	}
	return best
}

// Key is an entity's name normalised for grouping across articles: the
// type, a colon and the folded words of the name ("PER:bashar al-assad").
func Key(typ, name string) string {
	var b strings.Builder
	b.WriteString(typ)
	b.WriteByte(':')
	for i, w := range strings.Fields(name) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(textproc.Fold(w))
	}
	return b.String()
}
