package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/eval"
)

func runEval(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 && args[0] == "annotate" {
		return runEvalAnnotate(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "extract" {
		return runEvalExtract(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "compare" {
		return runEvalCompare(ctx, e, args[1:])
	}
	fs := newFlags(e, "eval", "CORPUS.jsonl ...")
	asJSON := fs.Bool("json", false, "print JSON")
	workers := fs.Int("workers", 0, "featurising workers (0: one per CPU)")
	placements := fs.String("placements", "", "write each article's gold event, story and title to this `file` (tab-separated, one corpus after another), to study the errors")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "parallax eval: name at least one gold-labelled corpus (JSON Lines with an \"event\" field)")
		return exitUsage
	}
	params := cluster.DefaultParams()
	var results []eval.ClusteringResult
	for _, path := range fs.Args() {
		corpus, err := eval.LoadCorpus(ctx, path)
		if err != nil {
			return fail(e, "%v", err)
		}
		res, err := eval.Cluster(ctx, corpus, params, *workers)
		if err != nil {
			return fail(e, "evaluate %s: %v", path, err)
		}
		res.File = path
		results = append(results, res)
	}
	if *placements != "" {
		if err := writePlacements(*placements, results); err != nil {
			return fail(e, "%v", err)
		}
	}
	if *asJSON {
		if err := writeJSON(e.stdout, map[string]any{"params": params, "results": results}); err != nil {
			return fail(e, "%v", err)
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "corpus\tarticles\tstories\tevents\tpair P\tpair R\tpair F1\tB³ P\tB³ R\tB³ F1\tNMI\tarticles/s\tpeak RSS MiB\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.0f\t%.0f\t\n",
			r.File, r.Articles, r.Stories, r.Events,
			r.PairPrecision, r.PairRecall, r.PairF1,
			r.BCubedPrecision, r.BCubedRecall, r.BCubedF1, r.NMI,
			r.ArticlesPerSecond, float64(r.PeakRSSBytes)/(1<<20))
	}
	tw.Flush()
	for _, r := range results {
		if r.Skipped > 0 {
			fmt.Fprintf(e.stderr, "%s: %d lines could not be read and were left out\n", r.File, r.Skipped)
		}
	}
	return exitOK
}

// writePlacements writes every scored article's corpus, gold event, story
// and title as tab-separated lines.
func writePlacements(path string, results []eval.ClusteringResult) error {
	var b strings.Builder
	b.WriteString("corpus\tevent\tstory\ttitle\n")
	for _, r := range results {
		for _, p := range r.Placements {
			fmt.Fprintf(&b, "%s\t%s\t%d\t%s\n", r.File, p.Event, p.Story, strings.Join(strings.Fields(p.Title), " "))
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write placements: %w", err)
	}
	return nil
}
