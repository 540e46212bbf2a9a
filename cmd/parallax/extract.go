package main

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/parallax-news/parallax/internal/cputime"
	"github.com/parallax-news/parallax/internal/extract"
)

// extractTruth is one entry of an extraction benchmark's ground-truth.json,
// which maps a page's id to its expected body; the page itself is
// html/ID.html.gz beside it.
type extractTruth struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

// extractPageScore is how extract.Page did on one benchmark page.
type extractPageScore struct {
	ID        string  `json:"id"`
	File      string  `json:"file"`
	URL       string  `json:"url,omitempty"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Error     string  `json:"error,omitempty"`
}

// extractScores is the result of `parallax eval extract`: extract.Page's
// quality and speed, and with --baseline the same figures for
// go-trafilatura alone on the same pages.
type extractScores struct {
	Dir     string `json:"dir"`
	Pages   int    `json:"pages"`
	Workers int    `json:"workers"`
	Rounds  int    `json:"rounds"`
	extractFigures
	PerPage []extractPageScore `json:"per_page"`
	// Baseline is go-trafilatura alone (extract.Baseline), timed in
	// rounds alternating with extract.Page's.
	Baseline *extractFigures `json:"baseline,omitempty"`
	// SpeedRatio is the median over rounds of extract.Page's pages/s
	// divided by the baseline's in the same round; 0 without a baseline.
	SpeedRatio float64 `json:"speed_ratio,omitempty"`
}

// extractFigures is one extractor's quality on the benchmark and its speed,
// the median over the timed rounds.
type extractFigures struct {
	Extractor string  `json:"extractor"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Failures  int     `json:"failures"`
	// Seconds and PagesPerSecond are the medians over rounds of the wall
	// time of one pass over every page and of the rate it gives.
	Seconds        float64 `json:"seconds"`
	PagesPerSecond float64 `json:"pages_per_second"`
	// RoundPagesPerSecond is the rate of every round, in order.
	RoundPagesPerSecond []float64 `json:"round_pages_per_second"`
	// CPUMillisPerPage is the median over rounds of the process's CPU time
	// (all threads, garbage collection included) per page: unlike pages/s
	// it hardly moves when other processes load the machine. 0 where the
	// CPU time cannot be read.
	CPUMillisPerPage float64 `json:"cpu_ms_per_page,omitempty"`
}

// Names of the extractors eval extract times.
const (
	extractorPage     = "parallax (extract.Page)"
	extractorBaseline = "go-trafilatura alone, default options (extract.Baseline)"
)

// runEvalExtract scores body extraction on a benchmark directory:
// `parallax eval extract DIR [--workers N] [--rounds N] [--baseline]
// [--json]`. Every page counts; a page that cannot be read or yields no
// article scores zero and is listed as a failure. Pages are read into
// memory first and scored after the timed passes, so pages/s is the rate
// of the extractor alone.
func runEvalExtract(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "eval extract", "DIR")
	asJSON := fs.Bool("json", false, "print JSON, with a score for every page")
	workers := fs.Int("workers", 0, "extraction workers (0: GOMAXPROCS)")
	rounds := fs.Int("rounds", 1, "timed passes over the pages; speed is the median")
	baseline := fs.Bool("baseline", false, "also time and score go-trafilatura alone with its default options, in rounds alternating with ours")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the timed passes to this `file`")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "parallax eval extract: name one benchmark directory (ground-truth.json and html/ID.html.gz)")
		return exitUsage
	}
	if *workers < 0 {
		fmt.Fprintln(e.stderr, "parallax eval extract: --workers must not be negative")
		return exitUsage
	}
	if *rounds < 1 {
		fmt.Fprintln(e.stderr, "parallax eval extract: --rounds must be at least 1")
		return exitUsage
	}
	if *workers == 0 {
		*workers = runtime.GOMAXPROCS(0)
	}
	dir := fs.Arg(0)
	truth, err := readExtractTruth(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return fail(e, "%v", err)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fail(e, "%v", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fail(e, "cpu profile: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	res, err := scoreExtraction(ctx, dir, truth, extractRun{workers: *workers, rounds: *rounds, baseline: *baseline})
	if err != nil {
		return fail(e, "%v", err)
	}
	if *asJSON {
		if err := writeJSON(e.stdout, res); err != nil {
			return fail(e, "%v", err)
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "pages\t%d\n", res.Pages)
	printExtractFigures(tw, "", res.extractFigures, res.Workers, res.Rounds)
	if b := res.Baseline; b != nil {
		fmt.Fprintf(tw, "baseline\t%s\n", b.Extractor)
		printExtractFigures(tw, "  ", *b, res.Workers, res.Rounds)
		fmt.Fprintf(tw, "speed ratio\t%.2f (ours / baseline, median of paired rounds)\n", res.SpeedRatio)
	}
	tw.Flush()
	for _, p := range res.PerPage {
		if p.Error != "" {
			fmt.Fprintf(e.stdout, "  %s: %s\n", p.File, p.Error)
		}
	}
	return exitOK
}

func printExtractFigures(w io.Writer, indent string, f extractFigures, workers, rounds int) {
	fmt.Fprintf(w, "%sprecision\t%.3f\n", indent, f.Precision)
	fmt.Fprintf(w, "%srecall\t%.3f\n", indent, f.Recall)
	fmt.Fprintf(w, "%sF1\t%.3f\n", indent, f.F1)
	if rounds > 1 {
		all := make([]byte, 0, 8*len(f.RoundPagesPerSecond))
		for i, r := range f.RoundPagesPerSecond {
			if i > 0 {
				all = append(all, ' ')
			}
			all = strconv.AppendFloat(all, r, 'f', 0, 64)
		}
		fmt.Fprintf(w, "%spages/s\t%.0f (%d workers, median of %d rounds: %s)\n", indent, f.PagesPerSecond, workers, rounds, all)
	} else {
		fmt.Fprintf(w, "%spages/s\t%.0f (%d workers, %.2fs)\n", indent, f.PagesPerSecond, workers, f.Seconds)
	}
	if f.CPUMillisPerPage > 0 {
		fmt.Fprintf(w, "%sCPU\t%.2f ms/page\n", indent, f.CPUMillisPerPage)
	}
	fmt.Fprintf(w, "%sfailures\t%d\n", indent, f.Failures)
}

func readExtractTruth(path string) (map[string]extractTruth, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read ground truth: %w", err)
	}
	var truth map[string]extractTruth
	if err := json.Unmarshal(raw, &truth); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	if len(truth) == 0 {
		return nil, fmt.Errorf("%s: no pages", path)
	}
	return truth, nil
}

// extractRun is how eval extract times the extractors.
type extractRun struct {
	workers, rounds int
	baseline        bool
}

// extractor is one extractor under test: page and its URL to main text.
type extractor func(page []byte, url string) (string, error)

func pageText(page []byte, url string) (string, error) {
	res, err := extract.Page(page, url)
	return res.Text, err
}

func baselineText(page []byte, _ string) (string, error) { return extract.Baseline(page) }

// scoreExtraction reads every page named in truth from dir/html, then
// extracts them in run.rounds timed passes on run.workers workers
// (alternating with the baseline's passes when run.baseline is set), and
// scores the first pass's texts.
func scoreExtraction(ctx context.Context, dir string, truth map[string]extractTruth, run extractRun) (extractScores, error) {
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	scores := make([]extractPageScore, len(ids))
	pages := make([][]byte, len(ids))
	urls := make([]string, len(ids))
	for i, id := range ids {
		scores[i] = extractPageScore{ID: id, File: filepath.Join("html", id+".html.gz"), URL: truth[id].URL}
		urls[i] = truth[id].URL
		page, err := readGzipFile(filepath.Join(dir, scores[i].File))
		if err != nil {
			scores[i].Error = err.Error()
			continue
		}
		pages[i] = page
	}

	type timed struct {
		fn    extractor
		fig   extractFigures
		texts []string
		errs  []error
		wall  []time.Duration
		cpu   []time.Duration
	}
	runs := []*timed{{fn: pageText, fig: extractFigures{Extractor: extractorPage}}}
	if run.baseline {
		runs = append(runs, &timed{fn: baselineText, fig: extractFigures{Extractor: extractorBaseline}})
	}
	for round := range run.rounds {
		for _, r := range runs {
			texts, errs, wall, cpu, err := extractPass(ctx, pages, urls, run.workers, r.fn)
			if err != nil {
				return extractScores{}, fmt.Errorf("score extraction: %w", err)
			}
			if round == 0 {
				r.texts, r.errs = texts, errs
			}
			r.wall = append(r.wall, wall)
			if cpu >= 0 {
				r.cpu = append(r.cpu, cpu)
			}
		}
	}

	n := float64(len(ids))
	for _, r := range runs {
		f := &r.fig
		for i := range ids {
			s := extractPageScore{}
			switch {
			case scores[i].Error != "" && pages[i] == nil:
			case r.errs[i] != nil:
				s.Error = r.errs[i].Error()
			default:
				s.Precision, s.Recall, s.F1 = extract.ScoreBody(r.texts[i], truth[ids[i]].ArticleBody)
			}
			f.Precision += s.Precision
			f.Recall += s.Recall
			f.F1 += s.F1
			if s.Error != "" || pages[i] == nil {
				f.Failures++
			}
			if r == runs[0] && pages[i] != nil {
				scores[i].Precision, scores[i].Recall, scores[i].F1, scores[i].Error = s.Precision, s.Recall, s.F1, s.Error
			}
		}
		f.Precision, f.Recall, f.F1 = f.Precision/n, f.Recall/n, f.F1/n
		for _, w := range r.wall {
			f.RoundPagesPerSecond = append(f.RoundPagesPerSecond, n/max(w.Seconds(), 1e-9))
		}
		f.Seconds = median(durationsSeconds(r.wall))
		f.PagesPerSecond = median(f.RoundPagesPerSecond)
		if len(r.cpu) == len(r.wall) {
			f.CPUMillisPerPage = median(durationsSeconds(r.cpu)) * 1000 / n
		}
	}
	res := extractScores{Dir: dir, Pages: len(ids), Workers: run.workers, Rounds: run.rounds,
		extractFigures: runs[0].fig, PerPage: scores}
	if run.baseline {
		b := runs[1].fig
		res.Baseline = &b
		ratios := make([]float64, run.rounds)
		for i := range ratios {
			ratios[i] = runs[0].fig.RoundPagesPerSecond[i] / runs[1].fig.RoundPagesPerSecond[i]
		}
		res.SpeedRatio = median(ratios)
	}
	return res, nil
}

// extractPass runs fn over every page that was read, on the given number
// of workers, and returns the texts and errors, the wall time and the
// process's CPU time of the pass (negative when it cannot be read).
func extractPass(ctx context.Context, pages [][]byte, urls []string, workers int, fn extractor) (texts []string, errs []error, wall, cpu time.Duration, err error) {
	texts, errs = make([]string, len(pages)), make([]error, len(pages))
	// Garbage left by an earlier pass is not this pass's to collect.
	runtime.GC()
	cpu0, cpuErr := cputime.Process()
	next := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for i := range next {
				texts[i], errs[i] = fn(pages[i], urls[i])
			}
		})
	}
	for i := range pages {
		if err = ctx.Err(); err != nil {
			break
		}
		if pages[i] != nil {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	wall = time.Since(start)
	cpu = -1
	if cpu1, err1 := cputime.Process(); cpuErr == nil && err1 == nil {
		cpu = cpu1 - cpu0
	}
	return texts, errs, wall, cpu, err
}

func durationsSeconds(ds []time.Duration) []float64 {
	s := make([]float64, len(ds))
	for i, d := range ds {
		s[i] = d.Seconds()
	}
	return s
}

// median returns the median of xs (the mean of the middle two for an even
// count), 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 0 {
		return (s[m-1] + s[m]) / 2
	}
	return s[m]
}

func readGzipFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return b, nil
}
