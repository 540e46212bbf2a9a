package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
)

// storyComparison merges a story's annotations across its articles and
// compares its sources, at read time.
func storyComparison(ctx context.Context, st news.AnnotationStore, id int64, arts []news.Article) (news.StoryAnnotations, compare.Comparison, error) {
	anns, err := st.StoryAnnotations(ctx, id)
	if err != nil {
		return news.StoryAnnotations{}, compare.Comparison{}, fmt.Errorf("story %d annotations: %w", id, err)
	}
	story := annotate.Story(anns)
	return story, compare.Compare(story, anns, arts), nil
}

// printComparison writes the comparison: consensus first, then the
// differences with their reasons, then what one source alone reports.
func printComparison(w io.Writer, c compare.Comparison) {
	fmt.Fprintf(w, "\nComparison of %d sources\n", len(c.Sources))
	section := func(title string, facts []compare.Fact) {
		if len(facts) == 0 {
			return
		}
		fmt.Fprintf(w, "  %s:\n", title)
		for _, f := range facts {
			fmt.Fprintf(w, "    [%s] %s  (%s)\n", f.Kind, clip(f.Text, 200), strings.Join(f.Sources, ", "))
		}
	}
	section("Agreed", c.Coverage.Core)
	section("Differ", c.Coverage.Differences)
	for _, q := range c.Quotes {
		if len(q.Variants) < 2 {
			continue
		}
		fmt.Fprintf(w, "  Quote by %s in %d wordings:\n", q.Speaker, len(q.Variants))
		for i, v := range q.Variants {
			if i == 0 {
				fmt.Fprintf(w, "    %s: %s\n", v.Source, clip(v.Text, 200))
				continue
			}
			what := "variant"
			if v.Same {
				what = "same words"
			} else if v.Partial {
				what = "partial"
			}
			fmt.Fprintf(w, "    %s (%s): %s\n", v.Source, what, diffText(v.Diff))
		}
	}
	if len(c.Names) > 0 {
		fmt.Fprintln(w, "  Names spelled differently:")
		for _, n := range c.Names {
			fmt.Fprintf(w, "    %s: %s\n", n.Name, strings.Join(n.Aliases, ", "))
		}
	}
	section("Only one source", c.Coverage.OnlyOne)
}

// diffText writes a word diff as "kept [-removed-] {+added+}".
func diffText(d []compare.Span) string {
	var b strings.Builder
	for i, s := range d {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch s.Op {
		case "removed":
			b.WriteString("[-" + s.Text + "-]")
		case "added":
			b.WriteString("{+" + s.Text + "+}")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func runEvalCompare(_ context.Context, e *env, args []string) int {
	fs := newFlags(e, "eval compare", "")
	asJSON := fs.Bool("json", false, "print JSON")
	verbose := fs.Bool("v", false, "list the dev scenarios' errors")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(e.stderr, "parallax eval compare: takes no arguments; it scores the built-in scenarios")
		return exitUsage
	}
	ss, err := compare.Scenarios()
	if err != nil {
		return fail(e, "%v", err)
	}
	scores := []compare.Score{compare.Evaluate(ss, "dev"), compare.Evaluate(ss, "heldout")}
	if *asJSON {
		if err := writeJSON(e.stdout, map[string]any{"scores": scores}); err != nil {
			return fail(e, "%v", err)
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "split\tscenarios\tclaim P\tclaim R\tquote P\tquote R\t")
	for _, s := range scores {
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t\n", s.Split, s.Scenarios,
			s.ClaimPrecision, s.ClaimRecall, s.QuotePrecision, s.QuoteRecall)
	}
	tw.Flush()
	if *verbose {
		for _, m := range scores[0].Errors {
			fmt.Fprintln(e.stdout, m)
		}
	}
	return exitOK
}
