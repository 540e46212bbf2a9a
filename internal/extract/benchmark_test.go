package extract

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/parallax-news/parallax/internal/cputime"
)

// benchmarkDir is the shared extraction benchmark, relative to this
// package's directory: the repository's sibling ../shared.
const benchmarkDir = "../../../shared/data/extraction-benchmark"

// truth is one entry of ground-truth.json.
type truth struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

func TestScoreBody(t *testing.T) {
	tests := []struct {
		name      string
		got, want string
		p, r, f   float64
	}{
		{"identical", "one two three four five", "One two, three four five.", 1, 1, 1},
		{"disjoint", "one two three four", "five six seven eight", 0, 0, 0},
		{"half recall", "a b c d", "a b c d e f g h i", 1, 1.0 / 6, 2 * (1.0 / 6) / (1 + 1.0/6)},
		{"empty got", "", "a b c d", 0, 0, 0},
		{"both empty", "", "", 1, 1, 1},
		{"short texts", "a b", "a b", 1, 1, 1},
		{"repeated shingles count once", "a b c d a b c d", "a b c d", 1.0 / 4, 1, 2 * (1.0 / 4) / (1 + 1.0/4)},
		{"empty want", "a b c d", "", 0, 0, 0},
		{"punctuation and case ignored", "Ünited—States, said: 42 times", "ünited states said 42 TIMES", 1, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, r, f := ScoreBody(tt.got, tt.want)
			if !near(p, tt.p) || !near(r, tt.r) || !near(f, tt.f) {
				t.Errorf("ScoreBody = %.4f %.4f %.4f, want %.4f %.4f %.4f", p, r, f, tt.p, tt.r, tt.f)
			}
		})
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// TestExtractionBenchmark scores Page on the shared extraction benchmark
// and logs mean precision, recall and F1 over pages. A page Page rejects
// scores zero. It fails only when F1 falls far below what the extractor
// is known to reach, to catch a broken wiring rather than to tune.
func TestExtractionBenchmark(t *testing.T) {
	if testing.Short() {
		t.Skip("extraction benchmark skipped in -short mode")
	}
	raw, err := os.ReadFile(filepath.Join(benchmarkDir, "ground-truth.json"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("extraction benchmark not found at %s (it lives in ../shared beside the repository)", benchmarkDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	var gt map[string]truth
	if err := json.Unmarshal(raw, &gt); err != nil {
		t.Fatalf("ground-truth.json: %v", err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)

	var sumP, sumR, sumF float64
	var pages, rejected, dated int
	var elapsed time.Duration
	for _, id := range ids {
		page, err := readGzip(filepath.Join(benchmarkDir, "html", id+".html.gz"))
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		start := time.Now()
		res, err := Page(page, gt[id].URL)
		elapsed += time.Since(start)
		pages++
		if err != nil {
			rejected++
			t.Logf("%s: %v", id, err)
			continue
		}
		if !res.Published.IsZero() {
			dated++
		}
		p, r, f := ScoreBody(res.Text, gt[id].ArticleBody)
		if testing.Verbose() && f < 0.5 {
			t.Logf("%s: low F1 %.3f (P %.3f R %.3f) %s", id, f, p, r, gt[id].URL)
		}
		sumP, sumR, sumF = sumP+p, sumR+r, sumF+f
	}
	if pages == 0 {
		t.Fatal("no pages read")
	}
	n := float64(pages)
	t.Logf("extraction benchmark: %d pages, %d rejected, %d dated; precision %.3f recall %.3f F1 %.3f; %.1f ms/page",
		pages, rejected, dated, sumP/n, sumR/n, sumF/n, float64(elapsed.Microseconds())/1000/n)
	if sumF/n < 0.7 {
		t.Errorf("mean F1 %.3f is below 0.7: extraction is broken", sumF/n)
	}
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// benchmarkPages reads the shared benchmark's pages and their URLs, in ID
// order, or skips the test when the benchmark is absent.
func benchmarkPages(b testing.TB) (pages [][]byte, urls []string) {
	b.Helper()
	raw, err := os.ReadFile(filepath.Join(benchmarkDir, "ground-truth.json"))
	if errors.Is(err, os.ErrNotExist) {
		b.Skipf("extraction benchmark not found at %s", benchmarkDir)
	}
	if err != nil {
		b.Fatal(err)
	}
	var gt map[string]truth
	if err := json.Unmarshal(raw, &gt); err != nil {
		b.Fatal(err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		page, err := readGzip(filepath.Join(benchmarkDir, "html", id+".html.gz"))
		if err != nil {
			b.Fatal(err)
		}
		pages, urls = append(pages, page), append(urls, gt[id].URL)
	}
	return pages, urls
}

// BenchmarkCorpus extracts the shared benchmark's pages, cycling through
// them, on GOMAXPROCS goroutines (-cpu 2 is `parallax eval extract
// --workers 2`), and reports pages/s, the figure the issue sets at 300.
// Three extractors, so that the cost of each layer shows:
//
//   - Page: this package.
//   - LibraryFloor: html.Parse and trafilatura.ExtractDocument with
//     Page's options, and nothing else: what Page cannot go below without
//     changing the library.
//   - TrafilaturaDefault: trafilatura.Extract with its default options
//     (Baseline), the library as its documentation uses it.
//
// The machine is shared: compare the three in one run, and prefer
// `parallax eval extract --baseline --rounds N`, which alternates them.
func BenchmarkCorpus(b *testing.B) {
	pages, urls := benchmarkPages(b)
	extractors := []struct {
		name string
		fn   func(i int)
	}{
		{"Page", func(i int) { Page(pages[i], urls[i]) }},
		{"LibraryFloor", func(i int) {
			doc, err := html.Parse(bytes.NewReader(pages[i]))
			if err == nil {
				extractDocument(doc, extractorOptions(urls[i]))
			}
		}},
		{"TrafilaturaDefault", func(i int) { Baseline(pages[i]) }},
	}
	for _, x := range extractors {
		b.Run(x.name, func(b *testing.B) {
			b.ReportAllocs()
			var next atomic.Int64
			cpu0, cpuErr := cputime.Process()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					x.fn(int(next.Add(1)-1) % len(pages))
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
			if cpu1, err := cputime.Process(); cpuErr == nil && err == nil {
				b.ReportMetric((cpu1-cpu0).Seconds()*1000/float64(b.N), "cpu-ms/page")
			}
		})
	}
}
