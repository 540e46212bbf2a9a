package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
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
	rounds := fs.Int("rounds", 1, "cluster each corpus this many times, each with a fresh engine; speed is the median, and every round must give the same stories")
	interleave := fs.Int("interleave", 0, "also cluster each corpus streamed in file order in this many orders with all its articles shuffled, the events of every topic interleaved as in a live stream, and print the mean, least and greatest scores")
	settings := registerClusterSettings(fs)
	shuffle := fs.Int("shuffle", 0, "also cluster each corpus streamed in file order in this many orders with the articles of each topic (gold labels up to their last hyphen) shuffled, and print the mean, least and greatest scores")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *rounds < 1 {
		fmt.Fprintf(e.stderr, "parallax eval: --rounds %d: want at least 1\n", *rounds)
		return exitUsage
	}
	if *shuffle < 0 {
		fmt.Fprintf(e.stderr, "parallax eval: --shuffle %d: want 0 or more\n", *shuffle)
		return exitUsage
	}
	if *interleave < 0 {
		fmt.Fprintf(e.stderr, "parallax eval: --interleave %d: want 0 or more\n", *interleave)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "parallax eval: name at least one gold-labelled corpus (JSON Lines with an \"event\" field)")
		return exitUsage
	}
	params, err := settings.params()
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax eval: %v\n", err)
		return exitUsage
	}
	var results []eval.ClusteringResult
	for _, path := range fs.Args() {
		corpus, err := eval.LoadCorpus(ctx, path)
		if err != nil {
			return fail(e, "%v", err)
		}
		res, err := clusterRounds(ctx, corpus, params, *workers, *rounds)
		if err != nil {
			return fail(e, "evaluate %s: %v", path, err)
		}
		res.File = path
		// A dated corpus streams in time order, which shuffling would
		// only break.
		if *shuffle > 0 && !corpus.Dated {
			sh, err := eval.ClusterShuffled(ctx, corpus, params, *workers, *shuffle)
			if err != nil {
				return fail(e, "evaluate %s shuffled: %v", path, err)
			}
			res.Shuffled = &sh
		}
		if *interleave > 0 && !corpus.Dated {
			il, err := eval.ClusterInterleaved(ctx, corpus, params, *workers, *interleave)
			if err != nil {
				return fail(e, "evaluate %s interleaved: %v", path, err)
			}
			res.Interleaved = &il
		}
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
	if len(*settings) > 0 {
		fmt.Fprintf(e.stdout, "clustering settings changed from the defaults: %s\n\n", settings)
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
	if *rounds > 1 {
		fmt.Fprintf(e.stdout, "\narticles/s is the median of %d rounds, each giving the same stories:\n", *rounds)
		for _, r := range results {
			all := make([]byte, 0, 8*len(r.RoundArticlesPerSecond))
			for i, x := range r.RoundArticlesPerSecond {
				if i > 0 {
					all = append(all, ' ')
				}
				all = strconv.AppendFloat(all, x, 'f', 0, 64)
			}
			fmt.Fprintf(e.stdout, "  %s: %s\n", r.File, all)
		}
	}
	printOrders(e.stdout, *shuffle, "with each topic's articles shuffled", results,
		func(r eval.ClusteringResult) *eval.ShuffledScores { return r.Shuffled })
	printOrders(e.stdout, *interleave, "with all articles shuffled", results,
		func(r eval.ClusteringResult) *eval.ShuffledScores { return r.Interleaved })
	for _, r := range results {
		if r.Skipped > 0 {
			fmt.Fprintf(e.stderr, "%s: %d lines could not be read and were left out\n", r.File, r.Skipped)
		}
	}
	return exitOK
}

// printOrders prints, when orders is above zero, the spread of each
// corpus's scores over the shuffled orders scores picks from its result,
// how being the way they were shuffled.
func printOrders(w io.Writer, orders int, how string, results []eval.ClusteringResult, scores func(eval.ClusteringResult) *eval.ShuffledScores) {
	if orders <= 0 {
		return
	}
	fmt.Fprintf(w, "\nin %d orders %s, mean (least–greatest):\n", orders, how)
	for _, r := range results {
		sc := scores(r)
		if sc == nil {
			fmt.Fprintf(w, "  %s: dated, streamed in time order only\n", r.File)
			continue
		}
		fmt.Fprintf(w, "  %s: pair F1 %s  B³ F1 %s  NMI %s\n", r.File, spread(sc.PairF1), spread(sc.BCubedF1), spread(sc.NMI))
	}
}

// clusterRounds clusters a corpus rounds times, each time with a fresh
// engine, and returns the first round's result with the median speed of
// all. The first round learns the corpus's words as a long-running process
// has, so the median is the speed of such a process; every round must
// place every article as the first did, or clustering is not deterministic.
func clusterRounds(ctx context.Context, corpus *eval.Corpus, params cluster.Params, workers, rounds int) (eval.ClusteringResult, error) {
	var first eval.ClusteringResult
	var seconds []float64
	for r := range rounds {
		res, err := eval.Cluster(ctx, corpus, params, workers)
		if err != nil {
			return res, err
		}
		if r == 0 {
			first = res
		} else if !slices.Equal(res.Placements, first.Placements) {
			return res, fmt.Errorf("round %d placed the articles otherwise than round 1: clustering is not deterministic", r+1)
		}
		seconds = append(seconds, res.Seconds)
		first.RoundArticlesPerSecond = append(first.RoundArticlesPerSecond, res.ArticlesPerSecond)
	}
	first.Seconds = median(seconds)
	first.ArticlesPerSecond = median(first.RoundArticlesPerSecond)
	return first, nil
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

// spread prints a score's mean with its least and greatest values.
func spread(s eval.Spread) string {
	return fmt.Sprintf("%.3f (%.3f–%.3f)", s.Mean, s.Min, s.Max)
}
