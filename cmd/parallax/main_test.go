package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/demo"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite"
)

// runCmd runs parallax in-process with the given database.
func runCmd(t *testing.T, db string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errOut,
		getenv: func(k string) string {
			if k == "PARALLAX_DB" {
				return db
			}
			return ""
		},
	}
	code = run(context.Background(), args, e)
	return code, out.String(), errOut.String()
}

func line(t *testing.T, v map[string]any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Articles written for these tests: two events, three outlets.
func corpusLines(t *testing.T) []string {
	return []string{
		line(t, map[string]any{"id": "a1", "title": "Ferry runs aground off Ilsa island", "text": "A passenger ferry carrying 212 people ran aground on a sandbank off Ilsa island on Friday night. The coast guard said all passengers were taken ashore by lifeboats and nobody was hurt. The ferry operator Nordlys Lines blamed a steering failure.", "published": "2026-05-01T21:00:00Z", "source": "Island Post", "url": "https://islandpost.example/ferry-aground", "event": "ferry"}),
		line(t, map[string]any{"id": "a2", "title": "Steering failure blamed as Ilsa ferry grounds", "text": "Nordlys Lines said a steering failure caused its ferry to run aground off Ilsa island late on Friday. Lifeboats brought the 212 passengers ashore and the coast guard reported no injuries.", "published": "2026-05-01T23:00:00Z", "source": "Harbour Gazette", "url": "https://gazette.example/ilsa-ferry", "event": "ferry"}),
		line(t, map[string]any{"id": "b1", "title": "City council approves new tram line", "text": "The Dornbach city council voted 31 to 14 on Monday to build a tram line linking the central station with the university campus. Construction is due to start next spring and cost 410 million euros, mayor Elke Brandt said.", "published": "2026-05-04T10:00:00Z", "source": "Island Post", "url": "https://islandpost.example/tram", "event": "tram"}),
	}
}

// storeStats opens the database at path, counts what it holds and closes it.
func storeStats(t *testing.T, path string) news.Stats {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer st.Close()
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestIngestIsIdempotent(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	f := writeFile(t, dir, "in.jsonl", strings.Join(corpusLines(t), "\n")+"\n")
	code, out, errOut := runCmd(t, db, "", "ingest", f)
	if code != exitOK {
		t.Fatalf("ingest: status %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "3 added") || !strings.Contains(out, "2 of them new") {
		t.Errorf("summary:\n%s", out)
	}
	code, out, _ = runCmd(t, db, "", "ingest", f)
	if code != exitOK || !strings.Contains(out, "0 added") || !strings.Contains(out, "3 already stored") {
		t.Errorf("second ingest: status %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, db, "", "stories", "--json")
	if code != exitOK {
		t.Fatalf("stories: %d", code)
	}
	var list struct{ Stories []news.Story }
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("stories --json: %v\n%s", err, out)
	}
	if len(list.Stories) != 2 {
		t.Fatalf("%d stories, want 2: %s", len(list.Stories), out)
	}
	ferry := list.Stories[1]
	if ferry.Articles != 2 || ferry.Sources != 2 {
		t.Errorf("ferry story %+v, want 2 articles from 2 sources", ferry)
	}
	code, out, _ = runCmd(t, db, "", "story", fmt.Sprint(ferry.ID), "--explain")
	if code != exitOK || !strings.Contains(out, "Harbour Gazette") || !strings.Contains(out, "joined with score") {
		t.Errorf("story --explain: status %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, db, "", "story", fmt.Sprint(ferry.ID), "--json")
	var view storyView
	if code != exitOK || json.Unmarshal([]byte(out), &view) != nil || len(view.Articles) != 2 {
		t.Errorf("story --json: status %d\n%s", code, out)
	}
	if code, _, errOut := runCmd(t, db, "", "story", "999"); code != exitFailure || !strings.Contains(errOut, "story 999 not found") {
		t.Errorf("missing story: status %d, %q", code, errOut)
	}
	if code, _, _ := runCmd(t, db, "", "story", "x"); code != exitUsage {
		t.Errorf("bad story ID: status %d, want %d", code, exitUsage)
	}
	code, out, _ = runCmd(t, db, "", "search", "tram")
	if code != exitOK || !strings.Contains(out, "tram") {
		t.Errorf("search: status %d\n%s", code, out)
	}
}

// A file written newest first is placed oldest first, unless the window
// is turned off: the story started first gets the lower ID.
func TestIngestPlacesInPublicationOrder(t *testing.T) {
	lines := corpusLines(t)
	slices.Reverse(lines)
	dir := t.TempDir()
	f := writeFile(t, dir, "newest-first.jsonl", strings.Join(lines, "\n")+"\n")
	firstStory := func(args ...string) string {
		t.Helper()
		db := filepath.Join(t.TempDir(), "p.db")
		if code, out, errOut := runCmd(t, db, "", append(append([]string{"ingest"}, args...), f)...); code != exitOK {
			t.Fatalf("ingest %v: status %d\n%s\n%s", args, code, out, errOut)
		}
		code, out, _ := runCmd(t, db, "", "stories", "--json")
		var list struct{ Stories []news.Story }
		if code != exitOK || json.Unmarshal([]byte(out), &list) != nil || len(list.Stories) != 2 {
			t.Fatalf("stories --json: status %d\n%s", code, out)
		}
		first := slices.MinFunc(list.Stories, func(a, b news.Story) int { return cmp.Compare(a.ID, b.ID) })
		return first.Title
	}
	if got := firstStory(); !strings.Contains(got, "erry") {
		t.Errorf("first story %q, want the ferry's, published first", got)
	}
	if got := firstStory("--reorder-mib", "0"); !strings.Contains(got, "tram") {
		t.Errorf("with --reorder-mib 0 the first story is %q, want the tram's, read first", got)
	}
	if code, _, errOut := runCmd(t, filepath.Join(dir, "x.db"), "", "ingest", "--reorder-mib", "-1", f); code != exitUsage || !strings.Contains(errOut, "--reorder-mib") {
		t.Errorf("--reorder-mib -1: status %d, %q", code, errOut)
	}
}

// Bad inputs are named with file, line and reason; the rest is ingested
// and the exit status says something was skipped.
func TestIngestReportsBadInput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	lines := corpusLines(t)
	mixed := strings.Join([]string{
		lines[0],
		`{"title": "broken`,
		"{\"title\": \"bad bytes \xff\xfe\", \"text\": \"x\"}",
		strings.Repeat("x", 17<<20),
		lines[1],
	}, "\n") + "\n"
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, in, "mixed.jsonl", mixed)
	writeFile(t, in, "empty.txt", "")
	writeFile(t, in, "blob.bin", "\x00\x01\x02\x03\xff\xfe binary")
	writeFile(t, in, "nav.html", "<html><head><title>Index</title></head><body><nav><a href=/a>A</a> <a href=/b>B</a></nav></body></html>")
	writeFile(t, in, "note.txt", "Tram line approved\n\n"+strings.Split(strings.Split(lines[2], `"text":"`)[1], `"`)[0])
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(lines[2] + "\n"))
	zw.Close()
	writeFile(t, in, "more.jsonl.gz", gz.String())

	code, out, errOut := runCmd(t, db, "", "ingest", in, filepath.Join(dir, "missing.jsonl"))
	if code != exitPartial {
		t.Fatalf("status %d, want %d\n%s\n%s", code, exitPartial, out, errOut)
	}
	for _, want := range []string{
		"mixed.jsonl:2", "mixed.jsonl:3", "mixed.jsonl:4", "empty.txt", "blob.bin", "nav.html", "missing.jsonl",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not name %s:\n%s", want, errOut)
		}
	}
	if !strings.Contains(errOut, "UTF-8") {
		t.Errorf("stderr does not give the invalid UTF-8 reason:\n%s", errOut)
	}
	stats := storeStats(t, db)
	// a1, a2, the text note and the gzipped tram line (the note and the
	// tram line have different identities: one has a URL).
	if stats.Articles != 4 {
		t.Errorf("stored %d articles, want 4\n%s", stats.Articles, out)
	}
}

func TestIngestFromStdin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	code, out, errOut := runCmd(t, db, strings.Join(corpusLines(t), "\n"), "ingest", "-")
	if code != exitOK || !strings.Contains(out, "3 added") {
		t.Errorf("status %d\n%s\n%s", code, out, errOut)
	}
}

func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no command", nil, exitUsage},
		{"help", []string{"help"}, exitOK},
		{"unknown command", []string{"frobnicate"}, exitUsage},
		{"ingest without input", []string{"ingest"}, exitUsage},
		{"bad flag", []string{"stories", "--nope"}, exitUsage},
		{"eval without corpus", []string{"eval"}, exitUsage},
		{"command help", []string{"ingest", "-h"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, _ := runCmd(t, db, "", tt.args...); code != tt.code {
				t.Errorf("status %d, want %d", code, tt.code)
			}
		})
	}
}

func TestDemoBuildsStories(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	code, out, errOut := runCmd(t, "", "", "demo", "--db", db, "--no-serve")
	if code != exitOK {
		t.Fatalf("demo: status %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "(1 reprints)") {
		t.Errorf("demo summary does not report the reprint:\n%s", out)
	}
	if code, _, errOut := runCmd(t, "", "", "demo", "--db", db, "--no-serve"); code != exitFailure || !strings.Contains(errOut, "exists") {
		t.Errorf("demo over an existing database: status %d, %q", code, errOut)
	}
}

// The demo corpus carries its gold events: clustering must find each of
// the seven as one story, the two look-alike earthquakes apart and every
// follow-up with an updated figure in its event's story.
func TestDemoCorpusClustersByEvent(t *testing.T) {
	r := evalOne(t, writeFile(t, t.TempDir(), "demo.jsonl", string(demo.Corpus)))
	if r.Events != 7 || r.Stories != 7 || r.PairF1 != 1 {
		t.Errorf("demo corpus: %d stories for %d events, pair F1 %.3f; want 7, 7 and 1", r.Stories, r.Events, r.PairF1)
	}
}

func TestEvalPrintsScores(t *testing.T) {
	r := evalOne(t, writeFile(t, t.TempDir(), "gold.jsonl", strings.Join(corpusLines(t), "\n")+"\n"))
	if r.Articles != 3 || r.Events != 2 || r.Stories != 2 || r.PairF1 != 1 {
		t.Errorf("eval result %+v, want 3 articles, 2 events, 2 stories, pair F1 1", r)
	}
}

func TestEvalWritesPlacements(t *testing.T) {
	dir := t.TempDir()
	corpus := writeFile(t, dir, "gold.jsonl", strings.Join(corpusLines(t), "\n")+"\n")
	out := filepath.Join(dir, "placements.tsv")
	if code, _, errOut := runCmd(t, "", "", "eval", "--placements", out, corpus); code != exitOK {
		t.Fatalf("eval --placements: status %d\n%s", code, errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 4 || lines[0] != "corpus\tevent\tstory\ttitle" {
		t.Fatalf("placements file:\n%s\nwant a header and one line for each of 3 articles", data)
	}
	stories := map[string]string{} // event -> story
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 4 || f[0] != corpus || f[3] == "" {
			t.Fatalf("placement line %q: want corpus, event, story and title", l)
		}
		if s, ok := stories[f[1]]; ok && s != f[2] {
			t.Errorf("event %s placed in stories %s and %s", f[1], s, f[2])
		}
		stories[f[1]] = f[2]
	}
	if len(stories) != 2 {
		t.Errorf("placements name %d events, want 2", len(stories))
	}
}

// Clustering the demo corpus in rounds gives the same stories every round
// and a speed for each.
func TestEvalRounds(t *testing.T) {
	file := writeFile(t, t.TempDir(), "demo.jsonl", string(demo.Corpus))
	code, out, errOut := runCmd(t, "", "", "eval", "--json", "--rounds", "3", file)
	if code != exitOK {
		t.Fatalf("eval --rounds 3: status %d\n%s", code, errOut)
	}
	var res struct {
		Results []struct {
			PairF1            float64   `json:"pair_f1"`
			ArticlesPerSecond float64   `json:"articles_per_second"`
			Rounds            []float64 `json:"round_articles_per_second"`
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Results) != 1 {
		t.Fatalf("eval --json --rounds 3: %v\n%s", err, out)
	}
	r := res.Results[0]
	if r.PairF1 != 1 || len(r.Rounds) != 3 || !slices.Contains(r.Rounds, r.ArticlesPerSecond) {
		t.Errorf("eval --rounds 3 = %+v; want pair F1 1 and three round speeds whose median is articles_per_second", r)
	}
	code, out, _ = runCmd(t, "", "", "eval", "--rounds", "2", file)
	if code != exitOK || !strings.Contains(out, "median of 2 rounds, each giving the same stories") {
		t.Errorf("eval --rounds 2: status %d\n%s", code, out)
	}
	if code, _, errOut := runCmd(t, "", "", "eval", "--rounds", "0", file); code != exitUsage || !strings.Contains(errOut, "--rounds 0") {
		t.Errorf("eval --rounds 0: status %d, %q; want a usage error", code, errOut)
	}
}

// evalResult is the part of `eval --json` these tests read.
type evalResult struct {
	PairF1   float64 `json:"pair_f1"`
	Articles int
	Stories  int
	Events   int
}

// evalOne runs `parallax eval --json` on one corpus file and returns its
// result.
func evalOne(t *testing.T, file string) evalResult {
	t.Helper()
	code, out, errOut := runCmd(t, "", "", "eval", "--json", file)
	if code != exitOK {
		t.Fatalf("eval %s: status %d\n%s", file, code, errOut)
	}
	var res struct{ Results []evalResult }
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Results) != 1 {
		t.Fatalf("eval --json %s: %v\n%s", file, err, out)
	}
	return res.Results[0]
}

// The seed articles (two outlets on one visit) form one story of two.
func TestSeedsFormOneStory(t *testing.T) {
	seeds := filepath.Join("..", "..", "..", "shared", "seeds", "seeds.jsonl")
	if _, err := os.Stat(seeds); err != nil {
		t.Skipf("seed corpus not present at %s (it lives beside the repository, not in it)", seeds)
	}
	db := filepath.Join(t.TempDir(), "p.db")
	if code, out, errOut := runCmd(t, db, "", "ingest", seeds); code != exitOK {
		t.Fatalf("ingest seeds: status %d\n%s\n%s", code, out, errOut)
	}
	_, out, _ := runCmd(t, db, "", "stories", "--json")
	var list struct{ Stories []news.Story }
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Stories) != 1 || list.Stories[0].Articles != 2 || list.Stories[0].Sources != 2 {
		t.Errorf("seeds gave %+v, want one story of two articles from two sources", list.Stories)
	}
}

// An ingest killed part-way leaves a consistent database; the same command
// again completes the job without duplicates.
func TestInterruptedIngestResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "parallax")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	var b strings.Builder
	const n = 20000
	for i := range n {
		fmt.Fprintf(&b, `{"title":"Report %d on harbour works","text":"Crews at berth %d replaced %d metres of quay wall on day %d of the works, the port office said.","source":"Outlet %d","url":"https://example.org/r/%d"}`+"\n", i, i%50, i%300, i%90, i%7, i)
	}
	corpus := writeFile(t, dir, "big.jsonl", b.String())
	db := filepath.Join(dir, "p.db")
	cmd := exec.Command(bin, "ingest", "--db", db, corpus)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		// Wait until the ingest has stored something, then interrupt it.
		if fi, err := os.Stat(db + "-wal"); err == nil && fi.Size() > 256<<10 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("ingest wrote nothing within a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	partial := storeStats(t, db)
	if partial.Articles == 0 || partial.Articles >= n {
		t.Logf("kill landed after %d of %d articles", partial.Articles, n)
	}
	out, err := exec.Command(bin, "ingest", "--db", db, corpus).CombinedOutput()
	if err != nil {
		t.Fatalf("second ingest: %v\n%s", err, out)
	}
	full := storeStats(t, db)
	if full.Articles != n {
		t.Errorf("after resuming, %d articles, want %d\n%s", full.Articles, n, out)
	}
	if !strings.Contains(string(out), fmt.Sprintf("%d already stored", partial.Articles)) {
		t.Errorf("second run should find the %d stored articles:\n%s", partial.Articles, out)
	}
}

func TestBenchPrintsFigures(t *testing.T) {
	code, out, errOut := runCmd(t, "", "", "bench", "--articles", "300", "--words", "80", "--baseline", "100",
		"--curve", "50,200", "--long", "400", "--json")
	if code != exitOK {
		t.Fatalf("bench: status %d\n%s", code, errOut)
	}
	var rep struct {
		Runs []struct {
			Name              string
			Articles          int
			ArticlesPerSecond float64 `json:"articles_per_second"`
		}
		Speedup float64 `json:"speedup_over_baseline"`
		Curve   []struct {
			OpenStories      int     `json:"open_stories"`
			MicrosPerArticle float64 `json:"micros_per_article"`
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bench --json: %v\n%s", err, out)
	}
	if len(rep.Runs) != 4 || rep.Speedup <= 0 || len(rep.Curve) != 2 || rep.Runs[3].Articles != 400 {
		t.Errorf("bench report %+v", rep)
	}
	for _, r := range rep.Runs {
		if r.ArticlesPerSecond <= 0 {
			t.Errorf("run %q measured no throughput", r.Name)
		}
	}
}

// --dormant-after sets how long a quiet story stays open: a loosely
// matching follow-up eight hours after the first report joins it by
// default, and starts a story of its own when stories go dormant after
// four hours.
func TestDormantAfterFlag(t *testing.T) {
	dir := t.TempDir()
	corpus := writeFile(t, dir, "ferry.jsonl", strings.Join([]string{
		line(t, map[string]any{"id": "f1", "title": "Ferry runs aground off Ilsa island", "text": "A passenger ferry carrying 212 people ran aground on a sandbank off Ilsa island on Friday night. The coast guard said all passengers were taken ashore by lifeboats and nobody was hurt. The ferry operator Nordlys Lines blamed a steering failure.", "published": "2026-05-01T21:00:00Z", "source": "Island Post", "url": "https://islandpost.example/ferry-aground"}),
		line(t, map[string]any{"id": "f2", "title": "Inspectors board grounded Nordlys ferry", "text": "Maritime inspectors boarded the Nordlys Lines vessel on Saturday to examine its steering gear. The company said sailings would resume next week with a chartered ship while repairs are made at a yard on the mainland.", "published": "2026-05-02T05:00:00Z", "source": "Harbour Gazette", "url": "https://gazette.example/ilsa-ferry-inspect"}),
	}, "\n")+"\n")
	for _, tc := range []struct {
		name    string
		args    []string
		stories int
	}{
		{"default", nil, 1},
		{"dormant after four hours", []string{"--dormant-after", "4h"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "p.db")
			args := append(append([]string{"ingest", "--quiet"}, tc.args...), corpus)
			if code, _, stderr := runCmd(t, db, "", args...); code != 0 {
				t.Fatalf("ingest exited %d: %s", code, stderr)
			}
			if stats := storeStats(t, db); stats.Stories != tc.stories {
				t.Errorf("%d stories, want %d", stats.Stories, tc.stories)
			}
		})
	}
	if code, _, stderr := runCmd(t, filepath.Join(dir, "x.db"), "", "ingest", "--dormant-after", "-1h", corpus); code == 0 || !strings.Contains(stderr, "must not be negative") {
		t.Errorf("a negative quiet period: exit %d, stderr %q", code, stderr)
	}

	// A later run with another quiet period places the stored follow-up
	// elsewhere: it says so and continues the stories as stored.
	db := filepath.Join(dir, "later.db")
	if code, _, stderr := runCmd(t, db, "", "ingest", "--quiet", corpus); code != exitOK {
		t.Fatalf("first ingest: %d %s", code, stderr)
	}
	more := writeFile(t, dir, "more.jsonl", line(t, map[string]any{"id": "f3", "title": "Tram line opens in Dornbach", "text": "The first trams ran between the central station and the campus on Monday.", "published": "2026-05-04T08:00:00Z", "source": "Island Post", "url": "https://islandpost.example/tram-opens"})+"\n")
	code, out, stderr := runCmd(t, db, "", "ingest", "--dormant-after", "4h", more)
	if code != exitOK || !strings.Contains(out, "placed with other settings") {
		t.Errorf("later ingest with another quiet period: exit %d\n%s\n%s", code, out, stderr)
	}
	if stats := storeStats(t, db); stats.Stories != 2 || stats.Articles != 3 {
		t.Errorf("after the later run: %+v, want the stored story and a new one", stats)
	}
}

// story --explain tells which articles came in through a merge, and lists
// the merges; --json carries them.
func TestStoryExplainsMerges(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	corpus := writeFile(t, dir, "c.jsonl", strings.Join(corpusLines(t), "\n")+"\n")
	if code, _, stderr := runCmd(t, db, "", "ingest", "--quiet", corpus); code != exitOK {
		t.Fatalf("ingest: %d %s", code, stderr)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	if err := st.MergeStories(context.Background(), news.Merge{From: 2, Into: 1, Score: 0.37, At: at}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, _ := runCmd(t, db, "", "story", "1", "--explain")
	for _, want := range []string{
		"started story 2, since merged into this one (best other story scored",
		"Merges (later reports showed these stories report one event)",
		"story 2 into story 1 at 2026-05-04 12:00: the stories scored 0.37 as wholes",
	} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("story --explain: status %d, want %q in\n%s", code, want, out)
		}
	}
	code, out, _ = runCmd(t, db, "", "story", "2", "--json")
	var view storyView
	if code != exitOK || json.Unmarshal([]byte(out), &view) != nil {
		t.Fatalf("story --json: status %d\n%s", code, out)
	}
	if view.Story.ID != 1 || len(view.Merges) != 1 || view.Merges[0].From != 2 || view.Merges[0].Into != 1 {
		t.Errorf("story 2 --json: story %d, merges %+v; want story 1 and the merge of story 2", view.Story.ID, view.Merges)
	}
}

// story lists each statement once, with the wordings the comparison (and
// the web UI) groups into it, with --compare or without.
func TestStoryQuotesReadAsTheComparisonGroupsThem(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, out, errOut := runCmd(t, "", "", "demo", "--db", db, "--no-serve"); code != exitOK {
		t.Fatalf("demo: status %d\n%s\n%s", code, out, errOut)
	}
	grouped := 0
	for id := 1; id <= 7; id++ {
		code, out, _ := runCmd(t, db, "", "story", fmt.Sprint(id), "--json", "--compare")
		var view storyView
		if code != exitOK || json.Unmarshal([]byte(out), &view) != nil || view.Comparison == nil {
			t.Fatalf("story %d --json --compare: status %d\n%s", id, code, out)
		}
		_, text, _ := runCmd(t, db, "", "story", fmt.Sprint(id))
		for _, q := range view.Comparison.Quotes {
			if len(q.Variants) < 2 {
				continue
			}
			grouped++
			if want := fmt.Sprintf("%s, in %d wordings:", q.Speaker, len(q.Variants)); !strings.Contains(text, want) {
				t.Errorf("story %d does not list %q:\n%s", id, want, text)
			}
		}
	}
	if grouped == 0 {
		t.Fatal("the demo stories have no statement in several wordings; the test needs one")
	}
}

// eval --shuffle scores orders of an undated corpus shuffled within
// topics, and leaves a dated corpus in time order.
func TestEvalShuffle(t *testing.T) {
	dir := t.TempDir()
	dated := writeFile(t, dir, "dated.jsonl", string(demo.Corpus))
	var undated strings.Builder
	for line := range strings.Lines(string(demo.Corpus)) {
		var a map[string]any
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatal(err)
		}
		delete(a, "published")
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		undated.Write(append(b, '\n'))
	}
	file := writeFile(t, dir, "undated.jsonl", undated.String())
	code, out, errOut := runCmd(t, "", "", "eval", "--json", "--shuffle", "3", file, dated)
	if code != exitOK {
		t.Fatalf("eval --shuffle 3: status %d\n%s", code, errOut)
	}
	type spread struct{ Mean, Min, Max float64 }
	var res struct {
		Results []struct {
			Shuffled *struct {
				Orders   int
				PairF1   spread `json:"pair_f1"`
				BCubedF1 spread `json:"bcubed_f1"`
				NMI      spread
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Results) != 2 {
		t.Fatalf("eval --json --shuffle 3: %v\n%s", err, out)
	}
	sh := res.Results[0].Shuffled
	if sh == nil || sh.Orders != 3 {
		t.Fatalf("undated corpus: shuffled = %+v, want 3 orders", sh)
	}
	for name, s := range map[string]spread{"pair F1": sh.PairF1, "B³ F1": sh.BCubedF1, "NMI": sh.NMI} {
		if !(0 < s.Min && s.Min <= s.Mean && s.Mean <= s.Max && s.Max <= 1) {
			t.Errorf("%s over shuffled orders = %+v; want 0 < min ≤ mean ≤ max ≤ 1", name, s)
		}
	}
	if res.Results[1].Shuffled != nil {
		t.Errorf("dated corpus shuffled: %+v", res.Results[1].Shuffled)
	}
	code, out, _ = runCmd(t, "", "", "eval", "--shuffle", "2", file, dated)
	if code != exitOK || !strings.Contains(out, "in 2 orders with each topic's articles shuffled") ||
		!strings.Contains(out, "dated.jsonl: dated, streamed in time order only") {
		t.Errorf("eval --shuffle 2: status %d\n%s", code, out)
	}
	if code, _, errOut := runCmd(t, "", "", "eval", "--shuffle", "-1", file); code != exitUsage || !strings.Contains(errOut, "--shuffle -1") {
		t.Errorf("eval --shuffle -1: status %d, %q; want a usage error", code, errOut)
	}
	// --interleave shuffles all the articles, and likewise leaves a dated
	// corpus in time order.
	code, out, errOut = runCmd(t, "", "", "eval", "--json", "--interleave", "3", file, dated)
	var il struct {
		Results []struct {
			Shuffled    *struct{ Orders int }
			Interleaved *struct {
				Orders int
				PairF1 spread `json:"pair_f1"`
			}
		}
	}
	if code != exitOK || json.Unmarshal([]byte(out), &il) != nil || len(il.Results) != 2 {
		t.Fatalf("eval --json --interleave 3: status %d\n%s%s", code, out, errOut)
	}
	if r := il.Results[0]; r.Interleaved == nil || r.Interleaved.Orders != 3 || r.Shuffled != nil ||
		!(0 < r.Interleaved.PairF1.Min && r.Interleaved.PairF1.Max <= 1) {
		t.Errorf("undated corpus: %+v, want 3 interleaved orders and no shuffled ones", r)
	}
	if il.Results[1].Interleaved != nil {
		t.Errorf("dated corpus interleaved: %+v", il.Results[1].Interleaved)
	}
	code, out, _ = runCmd(t, "", "", "eval", "--interleave", "2", file)
	if code != exitOK || !strings.Contains(out, "in 2 orders with all articles shuffled") {
		t.Errorf("eval --interleave 2: status %d\n%s", code, out)
	}
	if code, _, errOut := runCmd(t, "", "", "eval", "--interleave", "-1", file); code != exitUsage || !strings.Contains(errOut, "--interleave -1") {
		t.Errorf("eval --interleave -1: status %d, %q; want a usage error", code, errOut)
	}
}

func TestEvalSet(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "demo.jsonl", string(demo.Corpus))
	type result struct {
		Params struct {
			Threshold float64
			HalfLife  time.Duration
		}
		Results []struct {
			Stories int
		}
	}
	evalJSON := func(args ...string) result {
		t.Helper()
		code, out, errOut := runCmd(t, "", "", append(append([]string{"eval", "--json"}, args...), file)...)
		if code != exitOK {
			t.Fatalf("eval %v: status %d\n%s", args, code, errOut)
		}
		var res result
		if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Results) != 1 {
			t.Fatalf("eval %v: %v\n%s", args, err, out)
		}
		return res
	}
	def := evalJSON()
	// A bar no two reports clear leaves each report a story of its own,
	// but reprints, which fold before scoring.
	strict := evalJSON("--set", "Threshold=0.99", "--set", "mergethreshold=0.99", "--set", "Recheck=0", "--set", "HalfLife=36h")
	if strict.Params.Threshold != 0.99 || strict.Params.HalfLife != 36*time.Hour {
		t.Errorf("--set: settings used = %+v", strict.Params)
	}
	if def.Params.Threshold != cluster.DefaultParams().Threshold {
		t.Errorf("without --set: threshold %v, want the default", def.Params.Threshold)
	}
	if strict.Results[0].Stories <= def.Results[0].Stories {
		t.Errorf("stories with a bar of 0.99: %d, with the defaults %d; want more", strict.Results[0].Stories, def.Results[0].Stories)
	}
	code, out, errOut := runCmd(t, "", "", "eval", "--set", "Candidates=12", file)
	if code != exitOK || !strings.Contains(out, "clustering settings changed from the defaults: Candidates=12") {
		t.Errorf("eval --set Candidates=12: status %d\n%s%s", code, out, errOut)
	}
	// bench takes the same flag, and reports the settings it used.
	code, out, errOut = runCmd(t, "", "", "bench", "--articles", "200", "--words", "60", "--baseline", "0",
		"--curve", "", "--json", "--set", "Candidates=3")
	var rep struct{ Params struct{ Candidates int } }
	if code != exitOK || json.Unmarshal([]byte(out), &rep) != nil || rep.Params.Candidates != 3 {
		t.Errorf("bench --set Candidates=3: status %d, settings %+v\n%s", code, rep.Params, errOut)
	}
	if code, _, errOut := runCmd(t, "", "", "bench", "--set", "Candidates=0"); code != exitUsage || !strings.Contains(errOut, "candidate bounds") {
		t.Errorf("bench --set Candidates=0: status %d, %q; want a usage error", code, errOut)
	}
	for _, bad := range []struct{ set, want string }{
		{"Treshold=0.3", `no cluster setting "Treshold"`},
		{"Threshold", "want NAME=VALUE"},
		{"Threshold=2", "must be between 0 and 1"},
		{"HalfLife=20", "is no duration"},
	} {
		if code, _, errOut := runCmd(t, "", "", "eval", "--set", bad.set, file); code != exitUsage || !strings.Contains(errOut, bad.want) {
			t.Errorf("eval --set %s: status %d, %q; want a usage error saying %q", bad.set, code, errOut, bad.want)
		}
	}
}
