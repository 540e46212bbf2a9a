package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/parallax-news/parallax/internal/eval"
	"github.com/parallax-news/parallax/internal/synth"
)

func runBench(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "bench", "")
	articles := fs.Int("articles", 20000, "synthetic articles for the throughput run")
	words := fs.Int("words", 600, "mean article length in words")
	seed := fs.Uint64("seed", 1, "generator seed")
	baseline := fs.Int("baseline", 5000, "articles for the naive baseline, run on the same stream (0: skip)")
	curve := fs.String("curve", "1000,10000,100000", "open-story counts for the cost curve (empty: skip)")
	long := fs.Int("long", 0, "articles for a long stream generated on the fly, for peak memory (0: skip)")
	workers := fs.Int("workers", 0, "featurising workers (0: one per CPU)")
	asJSON := fs.Bool("json", false, "print JSON")
	settings := registerClusterSettings(fs)
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the throughput run to this `file`")
	memLimit := fs.Int64("memory-limit-mib", 768, "soft memory limit for the Go runtime in MiB, as GOMEMLIMIT sets it (0: none; GOMEMLIMIT wins when set)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *memLimit > 0 && e.getenv("GOMEMLIMIT") == "" {
		// Streams make garbage fast; a soft limit keeps the collector
		// ahead of it, so that peak memory follows what the engine holds.
		debug.SetMemoryLimit(*memLimit << 20)
	}
	params, err := settings.params()
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax bench: %v\n", err)
		return exitUsage
	}
	cfg := synth.DefaultConfig()
	cfg.Seed, cfg.Articles, cfg.Words = *seed, *articles, *words
	report := map[string]any{"params": params, "config": cfg}

	var runs []eval.StreamResult
	arts := synth.Generate(cfg)
	stop, err := startProfile(*cpuProfile)
	if err != nil {
		return fail(e, "bench: %v", err)
	}
	res, err := eval.ClusterSynthetic(ctx, arts, params, *workers)
	stop()
	if err != nil {
		return fail(e, "bench: %v", err)
	}
	runs = append(runs, res)
	if *baseline > 0 {
		n := min(*baseline, len(arts))
		same, err := eval.ClusterSynthetic(ctx, arts[:n], params, *workers)
		if err != nil {
			return fail(e, "bench: %v", err)
		}
		same.Name = "parallax, baseline's articles"
		base, err := eval.NaiveSynthetic(arts[:n], 0.3)
		if err != nil {
			return fail(e, "bench: %v", err)
		}
		runs = append(runs, same, base)
		report["speedup_over_baseline"] = same.ArticlesPerSecond / base.ArticlesPerSecond
	}
	arts = nil

	var points []eval.CurvePoint
	if strings.TrimSpace(*curve) != "" {
		var sizes []int
		for _, f := range strings.Split(*curve, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				fmt.Fprintf(e.stderr, "parallax bench: --curve %q: want counts such as 1000,100000\n", *curve)
				return exitUsage
			}
			sizes = append(sizes, n)
		}
		points, err = eval.Curve(sizes, 2000, *seed, params)
		if err != nil {
			return fail(e, "bench: %v", err)
		}
		report["curve"] = points
	}
	if *long > 0 {
		lcfg := cfg
		lcfg.Articles = *long
		lr, err := eval.StreamLong(ctx, lcfg, params, *workers)
		if err != nil {
			return fail(e, "bench: %v", err)
		}
		runs = append(runs, lr)
	}
	report["runs"] = runs
	if *asJSON {
		if err := writeJSON(e.stdout, report); err != nil {
			return fail(e, "%v", err)
		}
		return exitOK
	}
	fmt.Fprintf(e.stdout, "synthetic stream: seed %d, %d-word articles\n", cfg.Seed, cfg.Words)
	if len(*settings) > 0 {
		fmt.Fprintf(e.stdout, "clustering settings changed from the defaults: %s\n", settings)
	}
	fmt.Fprintln(e.stdout)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\tarticles\tstories\tseconds\tarticles/s\tpair F1\tB³ F1\tpeak RSS MiB\t")
	for _, r := range runs {
		f1, b3 := "-", "-"
		if r.Scores != nil {
			f1, b3 = fmt.Sprintf("%.3f", r.Scores.PairF1), fmt.Sprintf("%.3f", r.Scores.BCubedF1)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%.0f\t%s\t%s\t%.0f\t\n", r.Name, r.Articles, r.Stories, r.Seconds, r.ArticlesPerSecond, f1, b3, float64(r.PeakRSSBytes)/(1<<20))
	}
	tw.Flush()
	if s, ok := report["speedup_over_baseline"].(float64); ok {
		fmt.Fprintf(e.stdout, "\nParallax is %.1fx the naive baseline's throughput on the same %d articles\n", s, min(*baseline, cfg.Articles))
	}
	if len(points) > 0 {
		fmt.Fprintln(e.stdout, "\ncost of placing an article (assign and commit, featurising excluded):")
		for _, pt := range points {
			fmt.Fprintf(e.stdout, "  %7d open stories: %7.1f µs/article (%.2fx the first)\n", pt.OpenStories, pt.MicrosPerArticle, pt.MicrosPerArticle/points[0].MicrosPerArticle)
		}
	}
	return exitOK
}
