package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/input"
	"github.com/parallax-news/parallax/internal/pipeline"
	"github.com/schollz/progressbar/v3"
)

func runIngest(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "ingest", "FILE|DIR|- ...")
	e.cfg.RegisterDB(fs)
	e.cfg.RegisterClustering(fs, cluster.DefaultParams().Window)
	quiet := fs.Bool("quiet", false, "print only the summary and problems")
	workers := fs.Int("workers", 0, "featurising workers (0: one per CPU)")
	reorder := fs.Int64("reorder-mib", defaultReorderMiB, "put articles back in publication order within a window of this many MiB of articles before placing them (0: place them in the order read)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *reorder < 0 || *reorder > 1<<20 {
		fmt.Fprintf(e.stderr, "parallax ingest: --reorder-mib %d: want 0 to %d\n", *reorder, 1<<20)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "parallax ingest: name at least one file, directory or - for standard input")
		return exitUsage
	}
	st, err := openStore(ctx, e)
	if err != nil {
		return fail(e, "%v", err)
	}
	defer st.Close()
	sum, err := ingestPaths(ctx, e, st, fs.Args(), *workers, *reorder<<20, !*quiet)
	printSummary(e.stdout, sum, e.cfg.DB)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(e.stderr, "parallax: ingest interrupted; what was stored stays stored; run the same command again to finish")
			return exitFailure
		}
		return fail(e, "ingest: %v", err)
	}
	if sum.SkippedCount() > 0 {
		return exitPartial
	}
	return exitOK
}

// defaultReorderMiB is the publication-order window of ingest: an archive
// of some 25,000 full-length articles (5 KB of text each) comes out fully
// sorted. It costs about its size in memory: 30,000 such articles,
// shuffled, ingest at a peak RSS of 559 MiB with it and 419 MiB in the
// order read.
const defaultReorderMiB = 128

// ingestPaths runs an ingest with a progress bar on a terminal and each
// skipped input reported on stderr; reorder is the publication-order
// window in bytes.
func ingestPaths(ctx context.Context, e *env, st pipeline.IngestStore, paths []string, workers int, reorder int64, progress bool) (pipeline.Summary, error) {
	opt := pipeline.IngestOptions{
		Paths:        paths,
		Stdin:        e.stdin,
		Params:       e.clusterParams(),
		Workers:      workers,
		ReorderBytes: reorder,
		OnProblem: func(p input.Problem) {
			fmt.Fprintf(e.stderr, "skipped %s: %s\n", p.Origin, p.Reason)
		},
	}
	if progress && e.stderrIsTerminal {
		total := input.TotalBytes(paths)
		if total <= 0 {
			total = -1
		}
		bar := progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("ingesting"),
			progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		opt.OnBytes = func(n int64) { _ = bar.Add64(n) }
		opt.OnProblem = func(p input.Problem) {
			_ = bar.Clear()
			fmt.Fprintf(e.stderr, "skipped %s: %s\n", p.Origin, p.Reason)
		}
		defer bar.Finish()
	}
	opt.LockWait = cliLockWait
	return pipeline.Ingest(ctx, st, opt)
}

func printSummary(w io.Writer, s pipeline.Summary, db string) {
	fmt.Fprintf(w, "read %d articles: %d added (%d reprints), %d already stored\n", s.Read, s.Added, s.Reprints, s.AlreadyStored)
	fmt.Fprintf(w, "stories: %d touched, %d of them new; %d merged into others", s.StoriesTouched, s.NewStories, s.Merges)
	if s.Restored > 0 {
		fmt.Fprintf(w, " (%d stored articles replayed first)", s.Restored)
	}
	fmt.Fprintln(w)
	if s.RestoredAsStored {
		fmt.Fprintln(w, "the stored stories were placed with other settings or by another version: new articles continue them as they are stored")
	}
	if n := s.SkippedCount(); n > 0 {
		fmt.Fprintf(w, "skipped %d inputs:", n)
		for i, r := range s.Reasons() {
			if i > 0 {
				fmt.Fprint(w, ",")
			}
			fmt.Fprintf(w, " %d %s", s.SkipReasons[r], r)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "database: %s\n", db)
}
