package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// extractBenchmark writes a benchmark directory in the shape of the shared
// extraction benchmark: an article, a page with no article, and an entry
// whose page is missing.
func extractBenchmark(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	body := []string{
		"The council of Orsa voted on Monday to rebuild the old ferry pier before the summer season begins in June.",
		"Work will start next week and the contractor expects to finish the frame within ten weeks if the weather holds.",
		"Residents who use the ferry every day will be taken across by a temporary boat from the fishing harbour instead.",
	}
	article := "<!DOCTYPE html><html lang=\"en\"><head><title>Orsa rebuilds its ferry pier</title></head><body>" +
		"<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article><h1>Orsa rebuilds its ferry pier</h1>" +
		"<p>" + strings.Join(body, "</p><p>") + "</p></article><footer>All rights reserved.</footer></body></html>"
	index := "<html><body><ul><li><a href=\"/a\">One</a></li><li><a href=\"/b\">Two</a></li></ul></body></html>"
	truth := map[string]extractTruth{
		"article": {ArticleBody: strings.Join(body, "\n\n"), URL: "https://orsa.example/pier"},
		"index":   {ArticleBody: "A body the page does not have at all.", URL: "https://orsa.example/"},
		"missing": {ArticleBody: "Never read.", URL: "https://orsa.example/gone"},
	}
	raw, err := json.Marshal(truth)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "ground-truth.json", string(raw))
	if err := os.Mkdir(filepath.Join(dir, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, page := range map[string]string{"article": article, "index": index} {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(page))
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "html"), name+".html.gz", b.String())
	}
	return dir
}

func TestEvalExtract(t *testing.T) {
	dir := extractBenchmark(t)
	code, out, errOut := runCmd(t, "", "", "eval", "extract", dir, "--workers", "2")
	if code != exitOK {
		t.Fatalf("eval extract: status %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"pages      3", "F1         0.333", "2 workers", "failures   2",
		filepath.Join("html", "index.html.gz") + ": extract:", filepath.Join("html", "missing.html.gz")} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	code, out, errOut = runCmd(t, "", "", "eval", "extract", "--json", dir)
	if code != exitOK {
		t.Fatalf("eval extract --json: status %d\n%s", code, errOut)
	}
	var res extractScores
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("eval extract --json: %v\n%s", err, out)
	}
	if res.Pages != 3 || res.Failures != 2 || len(res.PerPage) != 3 || res.Workers < 1 || res.PagesPerSecond <= 0 {
		t.Fatalf("result %+v", res)
	}
	if p := res.PerPage[0]; p.ID != "article" || p.F1 != 1 || p.Error != "" {
		t.Errorf("article scored %+v, want F1 1", p)
	}
	for _, p := range res.PerPage[1:] {
		if p.F1 != 0 || p.Error == "" {
			t.Errorf("%s scored %+v, want a failure scoring zero", p.ID, p)
		}
	}
}

func TestEvalExtractBaseline(t *testing.T) {
	dir := extractBenchmark(t)
	code, out, errOut := runCmd(t, "", "", "eval", "extract", dir, "--workers", "1", "--rounds", "3", "--baseline")
	if code != exitOK {
		t.Fatalf("eval extract --baseline: status %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"median of 3 rounds", "baseline     go-trafilatura alone", "speed ratio"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	profile := filepath.Join(t.TempDir(), "cpu.prof")
	code, out, errOut = runCmd(t, "", "", "eval", "extract", "--json", "--rounds", "2", "--baseline", "--cpuprofile", profile, dir)
	if code != exitOK {
		t.Fatalf("eval extract --json --baseline: status %d\n%s", code, errOut)
	}
	var res extractScores
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("eval extract --json: %v\n%s", err, out)
	}
	b := res.Baseline
	if b == nil {
		t.Fatalf("no baseline in %s", out)
	}
	if res.Rounds != 2 || len(res.RoundPagesPerSecond) != 2 || len(b.RoundPagesPerSecond) != 2 || res.SpeedRatio <= 0 {
		t.Errorf("rounds %d, rates %v and %v, ratio %v", res.Rounds, res.RoundPagesPerSecond, b.RoundPagesPerSecond, res.SpeedRatio)
	}
	// go-trafilatura alone keeps the headline Page drops, and reads the
	// index page Page refuses; the missing page fails for both.
	if res.Extractor == b.Extractor || b.Failures < 1 || b.F1 <= 0 || res.Failures != 2 {
		t.Errorf("ours %+v, baseline %+v", res.extractFigures, *b)
	}
	if fi, err := os.Stat(profile); err != nil || fi.Size() == 0 {
		t.Errorf("cpu profile: %v", err)
	}
}

func TestMedian(t *testing.T) {
	for _, tt := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestEvalExtractUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no directory", []string{"eval", "extract"}, exitUsage},
		{"two directories", []string{"eval", "extract", "a", "b"}, exitUsage},
		{"negative workers", []string{"eval", "extract", "--workers", "-1", "a"}, exitUsage},
		{"no rounds", []string{"eval", "extract", "--rounds", "0", "a"}, exitUsage},
		{"no ground truth", []string{"eval", "extract", t.TempDir()}, exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, errOut := runCmd(t, "", "", tt.args...); code != tt.want {
				t.Errorf("status %d, want %d\n%s", code, tt.want, errOut)
			}
		})
	}
}
