package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/annotate/gold"
	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
)

// runEvalAnnotate scores the annotators, the entity recogniser included,
// on the embedded gold set: `parallax eval annotate [--json]`.
func runEvalAnnotate(_ context.Context, e *env, args []string) int {
	fs := newFlags(e, "eval annotate", "")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(e.stderr, "parallax eval annotate: takes no arguments; it scores the built-in gold set")
		return exitUsage
	}
	if _, err := annotate.New(); err != nil {
		return fail(e, "%v", err)
	}
	r := gold.Run(goldEntities)
	if *asJSON {
		out := map[string]annotateScores{"dev": scoresOf(r.Dev), "test": scoresOf(r.Test), "all": scoresOf(r.All)}
		if err := writeJSON(e.stdout, out); err != nil {
			return fail(e, "%v", err)
		}
		return exitOK
	}
	fmt.Fprint(e.stdout, r)
	return exitOK
}

// goldEntities runs the entity recogniser as Parallax does and gives its
// mentions as gold spans, linked (Entity from 1) with their titles.
func goldEntities(text string) []gold.EntitySpan {
	an := annotate.Annotate(text, time.Time{})
	out := make([]gold.EntitySpan, len(an.Mentions))
	for i, m := range an.Mentions {
		out[i] = gold.EntitySpan{Text: m.Text, Type: m.Type, Start: m.Start, End: m.End,
			Entity: m.Entity + 1, Title: m.Title, Kind: m.Kind}
	}
	return out
}

// annotateScores is one subset's scores as `eval annotate --json` prints
// them: shares in [0, 1] beside the counts they come from.
type annotateScores struct {
	Items    int `json:"items"`
	Entities struct {
		Precision float64 `json:"precision"`
		Recall    float64 `json:"recall"`
		F1        float64 `json:"f1"`
		gold.PRF
	} `json:"entities"`
	Quotes struct {
		SpeakerAccuracy             float64 `json:"speaker_accuracy"`
		SpeakerAccuracyWithEntities float64 `json:"speaker_accuracy_with_entities"`
		SpeakerAccuracyWithGold     float64 `json:"speaker_accuracy_with_gold_entities"`
		Precision                   float64 `json:"precision"`
		gold.QuoteScore
	} `json:"quotes"`
	Claims struct {
		ValueHedgeAccuracy float64 `json:"value_hedge_accuracy"`
		Precision          float64 `json:"precision"`
		gold.ClaimScore
	} `json:"claims"`
	Dates struct {
		Accuracy  float64 `json:"accuracy"`
		Precision float64 `json:"precision"`
		gold.DateScore
	} `json:"dates"`
	Datelines struct {
		Accuracy  float64 `json:"accuracy"`
		Precision float64 `json:"precision"`
		gold.DatelineScore
	} `json:"datelines"`
}

func scoresOf(s gold.Scores) annotateScores {
	share := func(a, n int) float64 {
		if n == 0 {
			return 0
		}
		return float64(a) / float64(n)
	}
	var o annotateScores
	o.Items = s.Items
	if s.Entities != nil {
		o.Entities.PRF = *s.Entities
		o.Entities.Precision, o.Entities.Recall, o.Entities.F1 = s.Entities.Precision(), s.Entities.Recall(), s.Entities.F1()
	}
	o.Quotes.QuoteScore = s.Quotes
	o.Quotes.SpeakerAccuracy = s.Quotes.SpeakerAccuracy()
	o.Quotes.Precision = s.Quotes.Precision()
	if s.QuotesWithEntities != nil {
		o.Quotes.SpeakerAccuracyWithEntities = s.QuotesWithEntities.SpeakerAccuracy()
	}
	o.Quotes.SpeakerAccuracyWithGold = s.QuotesWithGold.SpeakerAccuracy()
	o.Claims.ClaimScore = s.Claims
	o.Claims.ValueHedgeAccuracy, o.Claims.Precision = s.Claims.ValueHedgeAccuracy(), s.Claims.Precision()
	o.Dates.DateScore = s.Dates
	o.Dates.Accuracy, o.Dates.Precision = s.Dates.Accuracy(), s.Dates.Precision()
	o.Datelines.DatelineScore = s.Datelines
	o.Datelines.Accuracy = share(s.Datelines.Correct, s.Datelines.Gold)
	o.Datelines.Precision = share(s.Datelines.Correct, s.Datelines.Predicted)
	return o
}

// articleAnnotations sets a.Annotations from the store, leaving it nil
// for an article stored without them.
func articleAnnotations(ctx context.Context, st news.AnnotationStore, a *news.Article) error {
	an, err := st.ArticleAnnotations(ctx, a.ID)
	if errors.Is(err, news.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	a.Annotations = &an
	return nil
}

// maxListedEntities caps the entities `story` prints; --json has all.
const maxListedEntities = 15

// printStoryAnnotations writes the entities, quotes and claims section of
// `parallax story`. The quotes are grouped into statements as the
// comparison groups them (and the web UI shows them), so that a statement
// reads the same with --compare and without.
func printStoryAnnotations(w io.Writer, sa news.StoryAnnotations, quotes []compare.QuoteGroup, short map[int64]string) {
	if len(sa.Entities) > 0 {
		fmt.Fprintf(w, "\nEntities\n")
		for i, en := range sa.Entities {
			if i == maxListedEntities {
				fmt.Fprintf(w, "  … and %d more (--json lists them all)\n", len(sa.Entities)-i)
				break
			}
			fmt.Fprintf(w, "  %s (%s", en.Name, en.Type)
			if len(en.Aliases) > 0 {
				fmt.Fprintf(w, "; also %s", strings.Join(en.Aliases, ", "))
			}
			fmt.Fprintf(w, ")  %s in %s\n", plural(en.Mentions, "mention"), sourceList(en.Sources, len(en.Articles)))
		}
	}
	if len(quotes) > 0 {
		fmt.Fprintf(w, "\nQuotes\n")
		for _, q := range quotes {
			speaker := q.Speaker
			if speaker == "" {
				speaker = "(unattributed)"
			}
			indent := "    "
			if len(q.Variants) == 1 {
				fmt.Fprintf(w, "  %s ", speaker)
				indent = ""
			} else {
				fmt.Fprintf(w, "  %s, in %d wordings:\n", speaker, len(q.Variants))
			}
			for _, v := range q.Variants {
				mark := "“%s”"
				if v.Kind == "reported" {
					mark = "(reported) %s"
				}
				fmt.Fprintf(w, "%s[%s] "+mark+"\n", indent, short[v.ArticleID], clip(v.Text, 160))
			}
		}
	}
	if len(sa.Claims) > 0 {
		fmt.Fprintf(w, "\nClaims\n")
		for _, c := range sa.Claims {
			fmt.Fprintf(w, "  [%s] %s\n", short[c.ArticleID], describeClaim(c.Claim))
		}
	}
}

// describeClaim says a claim in one line: "nearly 400,000 (below 400000
// people; people killed in the war; according to the UN)".
func describeClaim(c news.Claim) string {
	var parts []string
	v := formatNumber(c.Low)
	if c.Low != c.High {
		v += "–" + formatNumber(c.High)
	}
	if c.Unit != "" {
		v += " " + c.Unit
	}
	parts = append(parts, c.Hedge+" "+v)
	if c.Measure != "" {
		parts = append(parts, c.Measure)
	}
	if c.Attribution != "" {
		parts = append(parts, "according to "+c.Attribution)
	}
	return fmt.Sprintf("%s (%s)", clip(c.Text, 60), strings.Join(parts, "; "))
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func sourceList(sources []string, articles int) string {
	s := plural(articles, "article")
	if len(sources) > 0 {
		s += " (" + strings.Join(sources, ", ") + ")"
	}
	return s
}

// printArticleAnnotations writes the annotation section of `parallax
// article`.
func printArticleAnnotations(w io.Writer, an *news.Annotations) {
	if an == nil {
		return
	}
	if an.Dateline != nil {
		fmt.Fprintf(w, "\nDateline: %s", an.Dateline.Place)
		if an.Dateline.Agency != "" {
			fmt.Fprintf(w, " (%s)", an.Dateline.Agency)
		}
		fmt.Fprintln(w)
	}
	if len(an.Entities) > 0 {
		fmt.Fprintf(w, "\nEntities\n")
		for _, en := range an.Entities {
			fmt.Fprintf(w, "  %s (%s", en.Name, en.Type)
			if len(en.Aliases) > 0 {
				fmt.Fprintf(w, "; also %s", strings.Join(en.Aliases, ", "))
			}
			if len(en.Titles) > 0 {
				fmt.Fprintf(w, "; titles %s", strings.Join(en.Titles, ", "))
			}
			fmt.Fprintf(w, ")  %s\n", plural(en.Mentions, "mention"))
		}
	}
	if len(an.Quotes) > 0 {
		fmt.Fprintf(w, "\nQuotes\n")
		for _, q := range an.Quotes {
			speaker := q.Name
			if speaker == "" {
				speaker = "(unattributed)"
			}
			fmt.Fprintf(w, "  %s (%s): %s\n", speaker, q.Kind, clip(q.Text, 160))
		}
	}
	if len(an.Claims) > 0 {
		fmt.Fprintf(w, "\nClaims\n")
		for _, c := range an.Claims {
			fmt.Fprintf(w, "  %s\n", describeClaim(c))
		}
	}
	if len(an.Dates) > 0 {
		fmt.Fprintf(w, "\nDates\n")
		for _, d := range an.Dates {
			fmt.Fprintf(w, "  %s → %s (%s)\n", d.Text, d.Time.Format("2006-01-02"), d.Granularity)
		}
	}
}
