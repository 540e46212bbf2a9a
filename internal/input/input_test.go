package input

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// result is what one Read call produced.
type result struct {
	drafts   []Draft
	problems []Problem
	err      error
}

func read(t testing.TB, paths []string, stdin io.Reader, opt Options) result {
	t.Helper()
	var res result
	res.err = Read(context.Background(), paths, stdin, opt,
		func(d Draft) error { res.drafts = append(res.drafts, d); return nil },
		func(p Problem) { res.problems = append(res.problems, p) })
	return res
}

func writeFile(t testing.TB, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// checkDrafts compares drafts, publication times by instant.
func checkDrafts(t *testing.T, got, want []Draft) {
	t.Helper()
	norm := func(ds []Draft) []Draft {
		out := make([]Draft, len(ds))
		for i, d := range ds {
			d.Published = d.Published.UTC()
			out[i] = d
		}
		return out
	}
	if g, w := norm(got), norm(want); !reflect.DeepEqual(g, w) {
		t.Errorf("drafts:\n got %+v\nwant %+v", g, w)
	}
}

// want is an expected problem: its origin, relative to the test's
// directory, and a part of its reason.
type want struct{ origin, reason string }

func checkProblems(t *testing.T, dir string, got []Problem, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Errorf("got %d problems %v, want %d %v", len(got), got, len(wants), wants)
		return
	}
	for i, w := range wants {
		origin := w.origin
		if dir != "" && origin != Stdin && !strings.HasPrefix(origin, Stdin+":") {
			origin = filepath.Join(dir, origin)
		}
		if got[i].Origin != origin || !strings.Contains(got[i].Reason, w.reason) {
			t.Errorf("problem %d = %q, want origin %q and a reason containing %q", i, got[i].Error(), origin, w.reason)
		}
	}
}

const (
	storyText = "The ferry service to the islands resumed on Friday after a three-day strike by deck crews ended with a pay offer."
	storyLine = `{"id":"f-1","title":"Ferries sail again","text":"` + storyText + `","published":"2022-05-08T09:30:00+02:00","source":"Island Post","url":"https://post.example/ferries","lang":"en","event":"ferry-strike"}`
)

func TestReadJSONLines(t *testing.T) {
	ok := `{"title":"Next line is read","text":"yes"}`
	tests := []struct {
		name     string
		content  string
		opt      Options
		drafts   []Draft // Origin relative to the file name "c.jsonl"
		problems []want
	}{
		{
			name:    "corpus line",
			content: storyLine + "\n",
			drafts: []Draft{{ID: "f-1", Title: "Ferries sail again", Text: storyText, Source: "Island Post",
				URL: "https://post.example/ferries", Lang: "en", Event: "ferry-strike",
				Published: time.Date(2022, 5, 8, 7, 30, 0, 0, time.UTC), Origin: ":1"}},
		},
		{
			name:    "white space trimmed and line ends normalised",
			content: `{"title":"  Two\nlines  ","text":"  first  \r\nsecond\rthird \n\n"}` + "\n",
			drafts:  []Draft{{Title: "Two lines", Text: "first\nsecond\nthird", Origin: ":1"}},
		},
		{
			name:    "blank lines skipped, numbering kept",
			content: "\n" + ok + "\r\n  \n\t\n" + ok + "\n\n",
			drafts:  []Draft{{Title: "Next line is read", Text: "yes", Origin: ":2"}, {Title: "Next line is read", Text: "yes", Origin: ":5"}},
		},
		{
			name:     "last line without newline",
			content:  ok + "\n" + `{"text":"no newline at the end"}`,
			drafts:   []Draft{{Title: "Next line is read", Text: "yes", Origin: ":1"}, {Text: "no newline at the end", Origin: ":2"}},
			problems: nil,
		},
		{
			name:     "truncated JSON",
			content:  `{"title":"cut short` + "\n" + ok + "\n",
			drafts:   []Draft{{Title: "Next line is read", Text: "yes", Origin: ":2"}},
			problems: []want{{"c.jsonl:1", "invalid JSON at byte 19: unexpected end of JSON input"}},
		},
		{
			name:     "syntax error",
			content:  `{"title": nope}` + "\n" + ok,
			drafts:   []Draft{{Title: "Next line is read", Text: "yes", Origin: ":2"}},
			problems: []want{{"c.jsonl:1", "invalid JSON at byte 12: invalid character 'o' in literal null"}},
		},
		{
			name:     "not an object",
			content:  `["a","b"]` + "\n" + ok,
			drafts:   []Draft{{Title: "Next line is read", Text: "yes", Origin: ":2"}},
			problems: []want{{"c.jsonl:1", "invalid JSON: not an object"}},
		},
		{
			name:     "field of the wrong type",
			content:  `{"title":5,"text":"x"}` + "\n" + `{"title":"t","id":{"a":1}}` + "\n" + ok,
			drafts:   []Draft{{Title: "Next line is read", Text: "yes", Origin: ":3"}},
			problems: []want{{"c.jsonl:1", `field "title" is a number`}, {"c.jsonl:2", `invalid JSON: field "id" is neither a string nor a number`}},
		},
		{
			name:     "neither title nor text",
			content:  `{"id":"x","title":"  ","text":"\n","url":"https://a.example/"}` + "\n" + ok,
			drafts:   []Draft{{Title: "Next line is read", Text: "yes", Origin: ":2"}},
			problems: []want{{"c.jsonl:1", "no title or text"}},
		},
		{
			name:     "invalid UTF-8",
			content:  `{"title":"caf` + "\xe9" + `","text":"x"}` + "\n" + ok,
			drafts:   []Draft{{Title: "Next line is read", Text: "yes", Origin: ":2"}},
			problems: []want{{"c.jsonl:1", "invalid UTF-8 at byte 13"}},
		},
		{
			name:     "bad published date",
			content:  `{"title":"t","published":"last Tuesday"}` + "\n" + `{"title":"t","published":"2022-13-45"}` + "\n" + ok,
			drafts:   []Draft{{Title: "Next line is read", Text: "yes", Origin: ":3"}},
			problems: []want{{"c.jsonl:1", `bad published date "last Tuesday"`}, {"c.jsonl:2", `bad published date "2022-13-45"`}},
		},
		{
			name: "published date forms",
			content: `{"title":"a","published":"2022-05-08"}` + "\n" +
				`{"title":"b","published":"2022-05-08 10:00:00+02:00"}` + "\n" +
				`{"title":"c","published":"2022-05-08T08:00:00.250Z"}` + "\n" +
				`{"title":"d","published":""}` + "\n",
			drafts: []Draft{
				{Title: "a", Published: time.Date(2022, 5, 8, 0, 0, 0, 0, time.UTC), Origin: ":1"},
				{Title: "b", Published: time.Date(2022, 5, 8, 8, 0, 0, 0, time.UTC), Origin: ":2"},
				{Title: "c", Published: time.Date(2022, 5, 8, 8, 0, 0, 250e6, time.UTC), Origin: ":3"},
				{Title: "d", Origin: ":4"},
			},
		},
		{
			name:    "numeric and null ids, unknown fields",
			content: `{"id":42,"title":"a","extra":[1,2]}` + "\n" + `{"id":null,"title":"b"}` + "\n",
			drafts:  []Draft{{ID: "42", Title: "a", Origin: ":1"}, {Title: "b", Origin: ":2"}},
		},
		{
			name:    "byte order mark",
			content: "\uFEFF" + ok + "\n",
			drafts:  []Draft{{Title: "Next line is read", Text: "yes", Origin: ":1"}},
		},
		{
			name:     "empty file",
			content:  "",
			problems: []want{{"c.jsonl", "empty file"}},
		},
		{
			name:     "only blank lines",
			content:  "\n \n\r\n",
			problems: []want{{"c.jsonl", "empty file"}},
		},
		{
			name:     "line over the limit skipped",
			content:  `{"title":"` + strings.Repeat("x", 200) + `"}` + "\n" + ok + "\n",
			opt:      Options{MaxLineBytes: 100},
			drafts:   []Draft{{Title: "Next line is read", Text: "yes", Origin: ":2"}},
			problems: []want{{"c.jsonl:1", "line is 212 bytes, limit is 100; skipped"}},
		},
		{
			name:    "line exactly at the limit",
			content: ok + "\n" + ok,
			opt:     Options{MaxLineBytes: int64(len(ok))},
			drafts:  []Draft{{Title: "Next line is read", Text: "yes", Origin: ":1"}, {Title: "Next line is read", Text: "yes", Origin: ":2"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, filepath.Join(dir, "c.jsonl"), []byte(tt.content))
			res := read(t, []string{path}, nil, tt.opt)
			if res.err != nil {
				t.Fatalf("Read: %v", res.err)
			}
			for i := range tt.drafts {
				tt.drafts[i].Origin = path + tt.drafts[i].Origin
			}
			checkDrafts(t, res.drafts, tt.drafts)
			checkProblems(t, dir, res.problems, tt.problems)
		})
	}
}

// page is a saved article page written for these tests.
const page = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Orchard harvest starts early | Valley Gazette</title>
<meta property="og:url" content="https://gazette.example/og-address">
<link rel="canonical" href="https://gazette.example/2023/09/orchard-harvest">
<meta property="og:site_name" content="Valley Gazette">
<meta property="article:published_time" content="2023-09-02T06:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/farming">Farming</a> <a href="/weather">Weather</a></nav>
<article><h1>Orchard harvest starts early</h1>
<p>Apple growers in the valley began picking two weeks earlier than usual this year after a warm and unusually dry summer ripened the fruit ahead of schedule.</p>
<p>Several farms said they were short of pickers because the seasonal workers they usually hire had booked their travel for the middle of the month, not the start.</p>
<p>The growers' cooperative expects a smaller crop than last year but says the apples are sweeter, which should help prices at the autumn markets.</p>
</article>
<footer>Valley Gazette. <a href="/contact">Contact</a></footer>
</body></html>`

const navPage = `<html><head><title>Sections</title></head><body><ul>
<li><a href="/a">Farming</a></li><li><a href="/b">Weather</a></li><li><a href="/c">Sport</a></li>
<li><a href="/d">Schools</a></li><li><a href="/e">Roads</a></li><li><a href="/f">Letters</a></li>
<li><a href="/g">Obituaries</a></li><li><a href="/h">Events</a></li></ul></body></html>`

func TestReadFiles(t *testing.T) {
	long := strings.Repeat("A long opening sentence that keeps going ", 6)
	tests := []struct {
		name     string
		file     string
		content  []byte
		opt      Options
		drafts   []Draft // Origin is appended to the file's path
		problems []want
	}{
		{
			name:    "text with a title and a blank line",
			file:    "a.txt",
			content: []byte("\uFEFFHarbour crane collapses\r\n\r\nA crane fell onto the quay on Monday.\r\nNobody was hurt.\r\n"),
			drafts:  []Draft{{Title: "Harbour crane collapses", Text: "A crane fell onto the quay on Monday.\nNobody was hurt.", Lang: "en"}},
		},
		{
			name:    "text with a title followed directly by text",
			file:    "a.text",
			content: []byte("Harbour crane collapses\nA crane fell onto the quay on Monday."),
			drafts:  []Draft{{Title: "Harbour crane collapses", Text: "A crane fell onto the quay on Monday."}},
		},
		{
			name:    "title that is a question",
			file:    "a.txt",
			content: []byte("Will the crane be replaced?\n\nThe port has not said."),
			drafts:  []Draft{{Title: "Will the crane be replaced?", Text: "The port has not said.", Lang: "en"}},
		},
		{
			name:    "single line has no title",
			file:    "a.txt",
			content: []byte("  A crane fell onto the quay on Monday.  \n"),
			drafts:  []Draft{{Text: "A crane fell onto the quay on Monday."}},
		},
		{
			name:    "long first line is not a title",
			file:    "a.txt",
			content: []byte(long + "\n\nSecond paragraph."),
			drafts:  []Draft{{Text: strings.TrimSpace(long) + "\n\nSecond paragraph."}},
		},
		{
			name:    "first sentence is not a title",
			file:    "a.txt",
			content: []byte("A crane fell onto the quay on Monday.\nNobody was hurt."),
			drafts:  []Draft{{Text: "A crane fell onto the quay on Monday.\nNobody was hurt.", Lang: "en"}},
		},
		{
			name:    "wrapped paragraph is not a title",
			file:    "a.txt",
			content: []byte("A crane fell onto the quay on Monday and the\nport closed for the day"),
			drafts:  []Draft{{Text: "A crane fell onto the quay on Monday and the\nport closed for the day", Lang: "en"}},
		},
		{
			name:    "markdown heading",
			file:    "a.md",
			content: []byte("# Harbour crane collapses\nA crane fell onto the quay on Monday."),
			drafts:  []Draft{{Title: "Harbour crane collapses", Text: "A crane fell onto the quay on Monday."}},
		},
		{
			name:    "markdown underlined heading",
			file:    "a.md",
			content: []byte("Harbour crane collapses\n=======================\nA crane fell onto the quay on Monday."),
			drafts:  []Draft{{Title: "Harbour crane collapses", Text: "A crane fell onto the quay on Monday."}},
		},
		{
			name:     "empty text file",
			file:     "a.txt",
			content:  []byte(" \n\n "),
			problems: []want{{"a.txt", "empty file"}},
		},
		{
			name:     "invalid UTF-8 text",
			file:     "a.txt",
			content:  []byte("Title\n\nCaf\xe9 society"),
			problems: []want{{"a.txt", "invalid UTF-8 at byte 10"}},
		},
		{
			name:     "binary text file",
			file:     "a.txt",
			content:  []byte("Title\n\x00\x01\x02\x03"),
			problems: []want{{"a.txt", "binary file"}},
		},
		{
			name:     "text over the file limit",
			file:     "a.txt",
			content:  []byte(strings.Repeat("word ", 100)),
			opt:      Options{MaxFileBytes: 100},
			problems: []want{{"a.txt", "file is larger than the 100-byte limit"}},
		},
		{
			name:    "html page",
			file:    "p.html",
			content: []byte(page),
			drafts: []Draft{{
				URL: "https://gazette.example/2023/09/orchard-harvest", Source: "Valley Gazette",
				Title: "Orchard harvest starts early", Lang: "en",
				Published: time.Date(2023, 9, 2, 6, 0, 0, 0, time.UTC),
				Text: "Apple growers in the valley began picking two weeks earlier than usual this year after a warm and unusually dry summer ripened the fruit ahead of schedule.\n" +
					"Several farms said they were short of pickers because the seasonal workers they usually hire had booked their travel for the middle of the month, not the start.\n" +
					"The growers' cooperative expects a smaller crop than last year but says the apples are sweeter, which should help prices at the autumn markets.",
			}},
		},
		{
			name:     "html page without an article",
			file:     "nav.htm",
			content:  []byte(navPage),
			problems: []want{{"nav.htm", "no article in page"}},
		},
		{
			name:     "html that is binary",
			file:     "x.xhtml",
			content:  []byte("\x00\x01\x02<html>"),
			problems: []want{{"x.xhtml", "not an HTML page"}},
		},
		{
			name:    "gzip JSON Lines",
			file:    "c.ndjson.gz",
			content: gz(t, []byte(storyLine+"\n")),
			drafts: []Draft{{ID: "f-1", Title: "Ferries sail again", Text: storyText, Source: "Island Post",
				URL: "https://post.example/ferries", Lang: "en", Event: "ferry-strike",
				Published: time.Date(2022, 5, 8, 7, 30, 0, 0, time.UTC), Origin: ":1"}},
		},
		{
			name:    "gzip text",
			file:    "a.TXT.GZ",
			content: gz(t, []byte("Harbour crane collapses\n\nA crane fell.")),
			drafts:  []Draft{{Title: "Harbour crane collapses", Text: "A crane fell."}},
		},
		{
			name:     "gzip html without an article",
			file:     "p.html.gz",
			content:  gz(t, []byte(navPage)),
			problems: []want{{"p.html.gz", "no article in page"}},
		},
		{
			name:     "corrupt gzip",
			file:     "c.jsonl.gz",
			content:  []byte("this is not gzip"),
			problems: []want{{"c.jsonl.gz", "gzip: invalid header"}},
		},
		{
			name:     "empty gzip file",
			file:     "c.jsonl.gz",
			content:  nil,
			problems: []want{{"c.jsonl.gz", "empty file"}},
		},
		{
			name:    "unknown extension sniffed as JSON Lines",
			file:    "corpus.data",
			content: []byte("  \n" + `{"title":"t"}` + "\n"),
			drafts:  []Draft{{Title: "t", Origin: ":2"}},
		},
		{
			name:     "unknown extension sniffed as HTML",
			file:     "saved",
			content:  []byte("\n" + navPage),
			problems: []want{{"saved", "no article in page"}},
		},
		{
			name:    "unknown extension sniffed as text",
			file:    "NOTES",
			content: []byte("Harbour crane collapses\n\nA crane fell."),
			drafts:  []Draft{{Title: "Harbour crane collapses", Text: "A crane fell."}},
		},
		{
			name:    "unknown extension holding gzip",
			file:    "dump.bin",
			content: gz(t, []byte(`{"title":"t"}`)),
			drafts:  []Draft{{Title: "t", Origin: ":1"}},
		},
		{
			name:     "unknown extension that is binary",
			file:     "photo.jpg",
			content:  []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"),
			problems: []want{{"photo.jpg", "binary file"}},
		},
		{
			name:     "unknown extension that is latin-1",
			file:     "old",
			content:  []byte("Caf\xe9 opens\n\nIt opened."),
			problems: []want{{"old", "binary file"}},
		},
		{
			name:     "unknown empty file",
			file:     "nothing",
			content:  nil,
			problems: []want{{"nothing", "empty file"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, filepath.Join(dir, tt.file), tt.content)
			res := read(t, []string{path}, nil, tt.opt)
			if res.err != nil {
				t.Fatalf("Read: %v", res.err)
			}
			for i := range tt.drafts {
				tt.drafts[i].Origin = path + tt.drafts[i].Origin
			}
			checkDrafts(t, res.drafts, tt.drafts)
			checkProblems(t, dir, res.problems, tt.problems)
		})
	}
}

func TestReadDirectory(t *testing.T) {
	dir := t.TempDir()
	line := func(title string) []byte { return []byte(`{"title":"` + title + `"}` + "\n") }
	writeFile(t, filepath.Join(dir, "b.jsonl"), append(line("b1"), line("b2")...))
	writeFile(t, filepath.Join(dir, "a", "z.txt"), []byte("a/z"))
	writeFile(t, filepath.Join(dir, "a", "b", "c.jsonl"), line("a/b/c"))
	writeFile(t, filepath.Join(dir, "A.jsonl"), line("A")) // upper case sorts first
	writeFile(t, filepath.Join(dir, "c", "d.jsonl.gz"), gz(t, line("c/d")))
	writeFile(t, filepath.Join(dir, ".hidden.jsonl"), line("hidden file"))
	writeFile(t, filepath.Join(dir, ".git", "x.jsonl"), line("hidden directory"))
	writeFile(t, filepath.Join(dir, "c", ".cache", "y.jsonl"), line("nested hidden directory"))
	writeFile(t, filepath.Join(dir, "c", "e.bin"), []byte{0, 1, 2, 3})
	if err := os.Symlink(filepath.Join(dir, "b.jsonl"), filepath.Join(dir, "d-link.jsonl")); err != nil {
		t.Fatal(err)
	}
	other := writeFile(t, filepath.Join(t.TempDir(), "other.jsonl"), line("other"))
	missing := filepath.Join(dir, "missing.jsonl")

	res := read(t, []string{missing, dir, other}, nil, Options{})
	if res.err != nil {
		t.Fatalf("Read: %v", res.err)
	}
	var titles []string
	for _, d := range res.drafts {
		titles = append(titles, d.Title)
	}
	// a/z.txt is a single line: text, not a title.
	wantTitles := []string{"A", "a/b/c", "", "b1", "b2", "c/d", "b1", "b2", "other"}
	if !reflect.DeepEqual(titles, wantTitles) {
		t.Errorf("titles in reading order = %q, want %q", titles, wantTitles)
	}
	if len(res.drafts) > 2 && (res.drafts[2].Text != "a/z" || res.drafts[2].Origin != filepath.Join(dir, "a", "z.txt")) {
		t.Errorf("third draft = %+v, want the text of a/z.txt", res.drafts[2])
	}
	if len(res.drafts) > 0 && res.drafts[len(res.drafts)-1].Origin != other+":1" {
		t.Errorf("last origin = %q, want %q", res.drafts[len(res.drafts)-1].Origin, other+":1")
	}
	checkProblems(t, dir, res.problems, []want{
		{"missing.jsonl", "no such file or directory"},
		{filepath.Join("c", "e.bin"), "binary file"},
	})
}

// TestReadTruncatedGzip checks that the lines before the cut are read and
// the cut is reported on the line where it falls.
func TestReadTruncatedGzip(t *testing.T) {
	dir := t.TempDir()
	full := gz(t, []byte(strings.Repeat(storyLine+"\n", 200)))
	path := writeFile(t, filepath.Join(dir, "c.jsonl.gz"), full[:len(full)/2])
	res := read(t, []string{path}, nil, Options{})
	if res.err != nil {
		t.Fatalf("Read: %v", res.err)
	}
	if len(res.drafts) == 0 || len(res.drafts) >= 200 {
		t.Fatalf("read %d drafts from half a file of 200 lines", len(res.drafts))
	}
	checkProblems(t, dir, res.problems, []want{{fmt.Sprintf("c.jsonl.gz:%d", len(res.drafts)+1), "unexpected EOF"}})
}

func TestReadUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("permissions are not enforced for root")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "locked", "a.jsonl"), []byte(`{"title":"locked"}`))
	writeFile(t, filepath.Join(dir, "open.jsonl"), []byte(`{"title":"open"}`))
	locked := filepath.Join(dir, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	res := read(t, []string{dir}, nil, Options{})
	if res.err != nil {
		t.Fatalf("Read: %v", res.err)
	}
	if len(res.drafts) != 1 || res.drafts[0].Title != "open" {
		t.Errorf("drafts = %+v, want only open.jsonl's", res.drafts)
	}
	checkProblems(t, dir, res.problems, []want{{"locked", "permission denied"}})
}

func TestReadStdin(t *testing.T) {
	tests := []struct {
		name     string
		stdin    io.Reader
		paths    []string
		drafts   []Draft
		problems []want
	}{
		{
			name:   "JSON Lines",
			stdin:  strings.NewReader("\n" + `{"title":"one"}` + "\n" + `{"title":`),
			drafts: []Draft{{Title: "one", Origin: "-:2"}},
			problems: []want{
				{"-:3", "invalid JSON"},
			},
		},
		{
			name:   "text",
			stdin:  strings.NewReader("Harbour crane collapses\n\nA crane fell."),
			drafts: []Draft{{Title: "Harbour crane collapses", Text: "A crane fell.", Origin: "-"}},
		},
		{
			name:  "html",
			stdin: strings.NewReader(page),
			drafts: []Draft{{URL: "https://gazette.example/2023/09/orchard-harvest", Source: "Valley Gazette",
				Title: "Orchard harvest starts early", Lang: "en", Published: time.Date(2023, 9, 2, 6, 0, 0, 0, time.UTC),
				Origin: "-"}},
		},
		{
			name:   "gzip",
			stdin:  bytes.NewReader(gz(t, []byte(`{"title":"zipped"}`))),
			drafts: []Draft{{Title: "zipped", Origin: "-:1"}},
		},
		{
			name:     "binary",
			stdin:    bytes.NewReader([]byte{0x89, 'P', 'N', 'G', 0, 0}),
			problems: []want{{"-", "binary file"}},
		},
		{
			name:     "empty",
			stdin:    strings.NewReader(""),
			problems: []want{{"-", "empty file"}},
		},
		{
			name:     "none given",
			stdin:    nil,
			problems: []want{{"-", "no standard input"}},
		},
		{
			name:     "read twice",
			stdin:    strings.NewReader(`{"title":"once"}`),
			paths:    []string{"-", "-"},
			drafts:   []Draft{{Title: "once", Origin: "-:1"}},
			problems: []want{{"-", "empty file"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths := tt.paths
			if paths == nil {
				paths = []string{"-"}
			}
			res := read(t, paths, tt.stdin, Options{})
			if res.err != nil {
				t.Fatalf("Read: %v", res.err)
			}
			for i := range res.drafts {
				if tt.name == "html" { // the page text is checked in TestReadFiles
					if !strings.HasPrefix(res.drafts[i].Text, "Apple growers") {
						t.Errorf("page text = %q", res.drafts[i].Text)
					}
					res.drafts[i].Text = ""
				}
			}
			checkDrafts(t, res.drafts, tt.drafts)
			checkProblems(t, "", res.problems, tt.problems)
		})
	}
}

// TestReadLongLine reads a file holding a 50 MB line between two good
// lines, and checks that the line is skipped, the next one read, and the
// long line never held in memory.
func TestReadLongLine(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 50 MB file")
	}
	const lineBytes = 50 << 20
	dir := t.TempDir()
	path := filepath.Join(dir, "big.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, `{"title":"before"}`)
	f.WriteString(`{"title":"`)
	block := bytes.Repeat([]byte("0123456789abcdef"), 4096)
	for written := 0; written < lineBytes; written += len(block) {
		if _, err := f.Write(block); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Fprintln(f, `"}`)
	fmt.Fprintln(f, `{"title":"after"}`)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		opt      Options
		maxAlloc uint64
	}{
		{"default limit", Options{}, 2*DefaultMaxLineBytes + 8<<20},
		{"1 MiB limit", Options{MaxLineBytes: 1 << 20}, 8 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			res := read(t, []string{path}, nil, tt.opt)
			runtime.ReadMemStats(&after)
			if res.err != nil {
				t.Fatalf("Read: %v", res.err)
			}
			if len(res.drafts) != 2 || res.drafts[0].Title != "before" || res.drafts[1].Title != "after" ||
				res.drafts[1].Origin != path+":3" {
				t.Errorf("drafts = %+v, want before (line 1) and after (line 3)", res.drafts)
			}
			checkProblems(t, dir, res.problems, []want{{"big.jsonl:2", "skipped"}})
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > tt.maxAlloc {
				t.Errorf("reading allocated %d MiB, want at most %d MiB", alloc>>20, tt.maxAlloc>>20)
			}
		})
	}
}

var errStop = errors.New("stop here")

func TestReadEmitError(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "c.jsonl"), []byte(strings.Repeat(`{"title":"t"}`+"\n", 5)))
	later := writeFile(t, filepath.Join(dir, "d.jsonl"), []byte(`{"title":"later"}`))
	var n int
	err := Read(context.Background(), []string{path, later}, nil, Options{},
		func(d Draft) error {
			n++
			if n == 2 {
				return errStop
			}
			return nil
		}, nil)
	if !errors.Is(err, errStop) {
		t.Fatalf("Read error = %v, want one wrapping errStop", err)
	}
	if !strings.Contains(err.Error(), path+":2") {
		t.Errorf("Read error %q does not name the origin %s:2", err, path)
	}
	if n != 2 {
		t.Errorf("emit called %d times, want 2", n)
	}
}

func TestReadCancel(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "c.jsonl"), []byte(strings.Repeat(`{"title":"t"}`+"\n", 100)))

	t.Run("before reading", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		n := 0
		err := Read(ctx, []string{path}, nil, Options{}, func(Draft) error { n++; return nil }, nil)
		if !errors.Is(err, context.Canceled) || n != 0 {
			t.Errorf("Read = %v after %d drafts, want context.Canceled after none", err, n)
		}
	})
	t.Run("while emitting", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		n := 0
		var problems []Problem
		err := Read(ctx, []string{path, path}, nil, Options{}, func(Draft) error {
			n++
			if n == 3 {
				cancel()
			}
			return nil
		}, func(p Problem) { problems = append(problems, p) })
		if err != context.Canceled || n != 3 || len(problems) != 0 {
			t.Errorf("Read = %v after %d drafts and problems %v, want context.Canceled after 3 and none", err, n, problems)
		}
	})
	t.Run("blocked on stdin", func(t *testing.T) {
		pr, pw := io.Pipe()
		defer pw.Close()
		go pw.Write([]byte(`{"title":"first"}` + "\n" + `{"title":`)) // then nothing more
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		got := make(chan Draft, 1)
		done := make(chan error, 1)
		go func() {
			done <- Read(ctx, []string{"-"}, pr, Options{}, func(d Draft) error { got <- d; return nil }, nil)
		}()
		select {
		case d := <-got:
			if d.Title != "first" {
				t.Errorf("first draft = %+v", d)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("first line never emitted")
		}
		cancel()
		select {
		case err := <-done:
			if err != context.Canceled {
				t.Errorf("Read = %v, want context.Canceled", err)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("Read still blocked on stdin after cancel")
		}
	})
}

func TestOnBytesAndTotalBytes(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, filepath.Join(dir, "a.jsonl"), []byte(strings.Repeat(storyLine+"\n", 300)))
	b := writeFile(t, filepath.Join(dir, "sub", "b.txt.gz"), gz(t, []byte(strings.Repeat("Some text. ", 1000))))
	writeFile(t, filepath.Join(dir, ".hidden", "c.jsonl"), []byte(storyLine))
	writeFile(t, filepath.Join(dir, ".d.jsonl"), []byte(storyLine))
	size := func(p string) int64 {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return info.Size()
	}
	want := size(a) + size(b)

	tests := []struct {
		name  string
		paths []string
		want  int64
	}{
		{"directory skips hidden entries", []string{dir}, want},
		{"files", []string{a, b}, want},
		{"missing path counts nothing", []string{a, filepath.Join(dir, "nope")}, size(a)},
		{"stdin makes the total unknown", []string{a, "-"}, 0},
		{"nothing", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TotalBytes(tt.paths); got != tt.want {
				t.Errorf("TotalBytes = %d, want %d", got, tt.want)
			}
		})
	}

	var consumed int64
	res := read(t, []string{dir}, nil, Options{OnBytes: func(n int64) { consumed += n }})
	if res.err != nil || len(res.problems) != 0 || len(res.drafts) != 301 {
		t.Fatalf("Read = %v, %d drafts, problems %v", res.err, len(res.drafts), res.problems)
	}
	if consumed != want {
		t.Errorf("OnBytes reported %d bytes, want %d (the files' sizes)", consumed, want)
	}
}

func TestProblemError(t *testing.T) {
	var err error = Problem{Origin: "corpus.jsonl:7", Reason: "invalid JSON: unexpected end"}
	if got := err.Error(); got != "corpus.jsonl:7: invalid JSON: unexpected end" {
		t.Errorf("Error() = %q", got)
	}
}

func TestSplitTitle(t *testing.T) {
	tests := []struct {
		name, in, title, text string
	}{
		{"headline", "Bridge reopens\n\nText.", "Bridge reopens", "Text."},
		{"headline with quote", "\"We will rebuild,\" says mayor\nThe mayor spoke.", "\"We will rebuild,\" says mayor", "The mayor spoke."},
		{"ellipsis", "Wait for it...\n\nText.", "Wait for it...", "Text."},
		{"sentence", "The bridge reopened.\n\nText.", "", "The bridge reopened.\n\nText."},
		{"quoted sentence", "He said \"no.\"\nText.", "", "He said \"no.\"\nText."},
		{"dash at the end", "Tehran, Iran \u2013\nText.", "", "Tehran, Iran \u2013\nText."},
		{"199 characters", strings.Repeat("x", 199) + "\nText.", strings.Repeat("x", 199), "Text."},
		{"200 characters", strings.Repeat("x", 200) + "\nText.", "", strings.Repeat("x", 200) + "\nText."},
		{"continued lower case", "The bridge that\nreopened today", "", "The bridge that\nreopened today"},
		{"lower case after a blank line", "Bridge reopens\n\nreopened today", "Bridge reopens", "reopened today"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, text := splitTitle(tt.in)
			if title != tt.title || text != tt.text {
				t.Errorf("splitTitle(%q) = %q, %q; want %q, %q", tt.in, title, text, tt.title, tt.text)
			}
		})
	}
}

func FuzzJSONLines(f *testing.F) {
	f.Add([]byte(storyLine+"\n"+`{"title":"x"}`), uint16(0))
	f.Add([]byte("\n\r\n{\"text\":\"a\\r\\nb\"}\r\n[1]\n{"), uint16(0))
	f.Add([]byte(`{"title":"caf`+"\xe9"+`"}`+"\n"+`{"title":"\ud800"}`), uint16(0))
	f.Add([]byte(`{"id":1e99,"title":"t","published":"2022-05-08 10:00"}`), uint16(0))
	f.Add([]byte(`{"title":"`+strings.Repeat("long ", 40)+`"}`+"\n"+`{"title":"t"}`), uint16(64))
	f.Add([]byte("\uFEFF{\"title\":\"\\u0000\"}"), uint16(3))
	f.Fuzz(func(t *testing.T, data []byte, limit uint16) {
		var drafts []Draft
		var problems []Problem
		r := &reader{
			ctx:     context.Background(),
			opt:     Options{MaxLineBytes: int64(limit)}.withDefaults(),
			emit:    func(d Draft) error { drafts = append(drafts, d); return nil },
			problem: func(p Problem) { problems = append(problems, p) },
		}
		if err := r.read("f", bytes.NewReader(data), kindJSONL, false); err != nil {
			t.Fatalf("read: %v", err)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		if len(drafts)+len(problems) > lines {
			t.Errorf("%d drafts and %d problems from %d lines", len(drafts), len(problems), lines)
		}
		for _, d := range drafts {
			for _, s := range []string{d.ID, d.URL, d.Source, d.Title, d.Text, d.Lang, d.Event, d.Origin} {
				if !utf8.ValidString(s) {
					t.Errorf("draft %+v has invalid UTF-8", d)
				}
			}
			if d.Title == "" && d.Text == "" {
				t.Errorf("draft %+v has neither title nor text", d)
			}
			if strings.TrimSpace(d.Text) != d.Text || strings.Contains(d.Text, "\r") {
				t.Errorf("draft text %q is not trimmed and normalised", d.Text)
			}
			if !strings.HasPrefix(d.Origin, "f:") {
				t.Errorf("origin %q does not name the line", d.Origin)
			}
		}
		for _, p := range problems {
			if p.Reason == "" || !strings.HasPrefix(p.Origin, "f") {
				t.Errorf("problem %+v lacks an origin or reason", p)
			}
		}
	})
}

func BenchmarkJSONLines(b *testing.B) {
	para := strings.Repeat("The council voted on Tuesday to extend the tram line by four stops, after a debate that lasted most of the afternoon. ", 12)
	var buf bytes.Buffer
	for i := range 2000 {
		fmt.Fprintf(&buf, `{"id":"b-%d","title":"Council extends tram line, part %d","text":%q,"published":"2023-03-0%dT10:00:00Z","source":"Metro Daily","url":"https://metro.example/%d","lang":"en","event":"tram-%d"}`+"\n",
			i, i, para+"\n"+para, 1+i%9, i, i%50)
	}
	path := writeFile(b, filepath.Join(b.TempDir(), "bench.jsonl"), buf.Bytes())
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := Read(context.Background(), []string{path}, nil, Options{}, func(Draft) error { n++; return nil }, nil)
		if err != nil || n != 2000 {
			b.Fatalf("Read = %v, %d drafts", err, n)
		}
	}
}

// TestReadDetectsLanguage checks that a record or text without a language
// gets the one its words are in, and that a stated language is kept.
func TestReadDetectsLanguage(t *testing.T) {
	dir := t.TempDir()
	lines := `{"title":"Stadtrat beschließt Neubau","text":"Der Stadtrat hat am Montag beschlossen, den alten Fähranleger vor Beginn der Sommersaison neu zu bauen."}
{"title":"Ferry pier to be rebuilt","text":"The council voted on Monday to rebuild the old ferry pier before the summer season begins.","lang":"en-GB"}
{"title":"12:30","text":"4.2% (2023)"}
`
	path := writeFile(t, filepath.Join(dir, "c.jsonl"), []byte(lines))
	res := read(t, []string{path}, nil, Options{})
	if res.err != nil {
		t.Fatal(res.err)
	}
	var got []string
	for _, d := range res.drafts {
		got = append(got, d.Lang)
	}
	if want := []string{"de", "en-GB", ""}; !reflect.DeepEqual(got, want) {
		t.Errorf("languages %q, want %q", got, want)
	}
}
