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
	"slices"
	"sync"
	"text/tabwriter"
	"time"

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

// extractScores is the result of `parallax eval extract`.
type extractScores struct {
	Dir            string             `json:"dir"`
	Pages          int                `json:"pages"`
	Workers        int                `json:"workers"`
	Precision      float64            `json:"precision"`
	Recall         float64            `json:"recall"`
	F1             float64            `json:"f1"`
	Seconds        float64            `json:"seconds"`
	PagesPerSecond float64            `json:"pages_per_second"`
	Failures       int                `json:"failures"`
	PerPage        []extractPageScore `json:"per_page"`
}

// runEvalExtract scores body extraction on a benchmark directory:
// `parallax eval extract DIR [--workers N] [--json]`. Every page counts;
// a page that cannot be read or yields no article scores zero and is
// listed as a failure. Pages are read into memory first, so pages/s is the
// rate of extract.Page alone.
func runEvalExtract(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "eval extract", "DIR")
	asJSON := fs.Bool("json", false, "print JSON, with a score for every page")
	workers := fs.Int("workers", 0, "extraction workers (0: GOMAXPROCS)")
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
	if *workers == 0 {
		*workers = runtime.GOMAXPROCS(0)
	}
	dir := fs.Arg(0)
	truth, err := readExtractTruth(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return fail(e, "%v", err)
	}
	res, err := scoreExtraction(ctx, dir, truth, *workers)
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
	fmt.Fprintf(tw, "precision\t%.3f\n", res.Precision)
	fmt.Fprintf(tw, "recall\t%.3f\n", res.Recall)
	fmt.Fprintf(tw, "F1\t%.3f\n", res.F1)
	fmt.Fprintf(tw, "pages/s\t%.0f (%d workers, %.2fs)\n", res.PagesPerSecond, res.Workers, res.Seconds)
	fmt.Fprintf(tw, "failures\t%d\n", res.Failures)
	tw.Flush()
	for _, p := range res.PerPage {
		if p.Error != "" {
			fmt.Fprintf(e.stdout, "  %s: %s\n", p.File, p.Error)
		}
	}
	return exitOK
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

// scoreExtraction reads every page named in truth from dir/html, then
// extracts and scores them on the given number of workers.
func scoreExtraction(ctx context.Context, dir string, truth map[string]extractTruth, workers int) (extractScores, error) {
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	scores := make([]extractPageScore, len(ids))
	pages := make([][]byte, len(ids))
	for i, id := range ids {
		scores[i] = extractPageScore{ID: id, File: filepath.Join("html", id+".html.gz"), URL: truth[id].URL}
		page, err := readGzipFile(filepath.Join(dir, scores[i].File))
		if err != nil {
			scores[i].Error = err.Error()
			continue
		}
		pages[i] = page
	}

	next := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for i := range next {
				if scores[i].Error != "" {
					continue
				}
				res, err := extract.Page(pages[i], truth[ids[i]].URL)
				if err != nil {
					scores[i].Error = err.Error()
					continue
				}
				scores[i].Precision, scores[i].Recall, scores[i].F1 = extract.ScoreBody(res.Text, truth[ids[i]].ArticleBody)
			}
		})
	}
	var err error
	for i := range ids {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(start)
	if err != nil {
		return extractScores{}, fmt.Errorf("score extraction: %w", err)
	}

	res := extractScores{Dir: dir, Pages: len(ids), Workers: workers, Seconds: elapsed.Seconds(), PerPage: scores}
	for _, s := range scores {
		res.Precision += s.Precision
		res.Recall += s.Recall
		res.F1 += s.F1
		if s.Error != "" {
			res.Failures++
		}
	}
	n := float64(len(ids))
	res.Precision, res.Recall, res.F1 = res.Precision/n, res.Recall/n, res.F1/n
	if elapsed > 0 {
		res.PagesPerSecond = n / elapsed.Seconds()
	}
	return res, nil
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
