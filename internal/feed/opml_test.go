package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestParseOPMLGolden parses every fixture in testdata/opml and compares
// the outlines, and the error, with testdata/golden/opml.
func TestParseOPMLGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "opml", "*.opml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 4 {
		t.Fatalf("only %d fixtures in testdata/opml", len(paths))
	}
	for _, p := range paths {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			out, err := ParseOPML(readFile(t, p))
			var v any
			if len(out) > 0 {
				v = out
			}
			checkGolden(t, filepath.Join("opml", strings.TrimSuffix(name, ".opml")+".json"), outcomeOf(v, err))
		})
	}
}

func TestParseOPMLNested(t *testing.T) {
	out, err := ParseOPML(readFile(t, "testdata/opml/nested.opml"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Outline{
		{Text: "Harbour Gazette", Title: "The Harbour Gazette", Type: "rss", XMLURL: "https://gazette.example.net/feed.xml", HTMLURL: "https://gazette.example.net/", Path: []string{"Wire services"}},
		{Text: "Plains Courier", Title: "Plains Courier", Type: "rss", XMLURL: "https://plains.example.com/rss", HTMLURL: "https://plains.example.com/", Category: "/Regional/Plains,/Agriculture", Path: []string{"Wire services", "Regional"}},
		{Text: "Coastline Daily JSON", Type: "rss", XMLURL: "https://coastline.example.com/feed.json"},
		{Text: "Valley Notes", Type: "atom", XMLURL: "https://valley.example.org/blog/atom.xml"},
		{Text: "Comments on Valley Notes", Type: "rss", XMLURL: "https://valley.example.org/blog/comments.xml", Path: []string{"Valley Notes"}},
		{Text: "Tribune homepage", Type: "link", HTMLURL: "https://tribune.example.com/"},
		{Text: "Rundschau", HTMLURL: "https://rundschau.example.de/", Path: []string{"Sites"}},
	}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("got\n%+v\nwant\n%+v", out, want)
	}
}

// TestOPMLRoundTrip writes what ParseOPML read and reads it again.
func TestOPMLRoundTrip(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "opml", "*.opml"))
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			out, err := ParseOPML(readFile(t, p))
			if err != nil {
				t.Skip(err)
			}
			checkOPMLRoundTrip(t, out)
		})
	}
	t.Run("awkward values", func(t *testing.T) {
		checkOPMLRoundTrip(t, []Outline{
			{Text: `quotes " and ' and <tags> & amps`, Type: "rss", XMLURL: "https://a.example/?x=1&y=2", Path: []string{"a/b", "c \"d\""}},
			{Text: "same folder", Type: "rss", XMLURL: "https://b.example/", Path: []string{"a/b", "c \"d\""}},
			{Text: "back at top", HTMLURL: "https://c.example/"},
			{Text: "reopened", Type: "rss", XMLURL: "https://d.example/", Path: []string{"a/b"}},
			{Text: "unnamed folder", Type: "rss", XMLURL: "https://e.example/", Path: []string{""}},
		})
	})
}

func checkOPMLRoundTrip(t *testing.T, in []Outline) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteOPML(&buf, "Round <trip>", in); err != nil {
		t.Fatal(err)
	}
	if err := wellFormed(buf.Bytes()); err != nil {
		t.Fatalf("written OPML is not well-formed XML: %v\n%s", err, buf.Bytes())
	}
	again, err := ParseOPML(buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.Bytes())
	}
	if !reflect.DeepEqual(again, in) {
		t.Errorf("round trip changed the outlines:\n got %+v\nwant %+v\n%s", again, in, buf.Bytes())
	}
}

// wellFormed checks data with a strict XML decoder.
func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestWriteOPMLGolden(t *testing.T) {
	var buf bytes.Buffer
	err := WriteOPML(&buf, "Parallax sources", []Outline{
		{Text: "Harbour Gazette", Type: "rss", XMLURL: "https://gazette.example.net/feed.xml", HTMLURL: "https://gazette.example.net/", Path: []string{"Local"}},
		{Title: "Valley Notes", XMLURL: "https://valley.example.org/blog/atom.xml", Path: []string{"Local", "Blogs"}},
		{Text: "Tribune", HTMLURL: "https://tribune.example.com/", Category: "/news"},
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden", "opml", "written.opml")
	if *update {
		writeGolden(t, path, buf.Bytes())
		return
	}
	if want := readFile(t, path); !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("WriteOPML output differs from %s:\n%s", path, buf.Bytes())
	}
}

func TestWriteOPMLError(t *testing.T) {
	err := WriteOPML(failingWriter{}, "t", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "write opml: ") {
		t.Errorf("error %v", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestParseOPMLErrors(t *testing.T) {
	deep := strings.Repeat(`<outline text="x">`, MaxOPMLDepth+1) + `<outline text="f" xmlUrl="https://f.example/"/>` + strings.Repeat(`</outline>`, MaxOPMLDepth+1)
	tests := []struct {
		name    string
		data    string
		want    error
		message string
	}{
		{"empty", "", ErrEmpty, "empty input"},
		{"html", "<!DOCTYPE html><html></html>", ErrNotOPML, "HTML page"},
		{"feed", `<rss version="2.0"/>`, ErrNotOPML, "is a feed"},
		{"text", "just text", ErrNotOPML, "starts with"},
		{"truncated", `<opml><body><outline text="a" xmlUrl="https://a.example/">`, ErrMalformed, "unexpected EOF"},
		{"too deep", `<opml><body>` + deep + `</body></opml>`, ErrMalformed, "nested deeper than 64"},
		{"too large", strings.Repeat(" ", MaxOPMLBytes+1), ErrTooLarge, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseOPML([]byte(tt.data))
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.message) || !strings.HasPrefix(err.Error(), "parse opml: ") {
				t.Errorf("error %q does not say %q", err, tt.message)
			}
		})
	}
}

func TestParseOPMLNoBody(t *testing.T) {
	out, err := ParseOPML([]byte(`<opml version="2.0"><head><title>t</title></head></opml>`))
	if err != nil || len(out) != 0 {
		t.Errorf("got %v, %v; want no outlines and no error", out, err)
	}
}
