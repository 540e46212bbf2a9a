package gold

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "recompute the spans in gold.jsonl from the annotation texts and rewrite it")

// TestGoldFile checks that the embedded gold set parses and that every
// span holds its text. With -update it first recomputes the spans: each
// annotation's text is looked up in order of listing (so list mentions in
// text order), on word boundaries.
func TestGoldFile(t *testing.T) {
	if *update {
		rewriteSpans(t)
	}
	items, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	dev, test := 0, 0
	ids := make(map[string]bool)
	for _, it := range items {
		if ids[it.ID] {
			t.Errorf("duplicate id %s", it.ID)
		}
		ids[it.ID] = true
		if it.Split == "dev" {
			dev++
		} else {
			test++
		}
		if it.Published.IsZero() {
			t.Errorf("%s: no publication time", it.ID)
		}
	}
	if len(items) < 60 || dev < 20 || test < 30 {
		t.Errorf("gold set has %d items (%d dev, %d test); want at least 60 with ~20 dev", len(items), dev, test)
	}
}

// rewriteSpans fills the spans of gold.jsonl.
func rewriteSpans(t *testing.T) {
	t.Helper()
	var out bytes.Buffer
	for i, line := range bytes.Split(bytes.TrimSpace(goldJSONL), []byte("\n")) {
		var it Item
		if err := json.Unmarshal(line, &it); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		at := 0
		for k := range it.Entities {
			e := &it.Entities[k]
			e.Start, e.End = locate(t, it, e.Text, at)
			at = e.End
		}
		at = 0
		for k := range it.Quotes {
			q := &it.Quotes[k]
			q.Start, q.End = locate(t, it, q.Text, at)
			at = q.Start + 1
		}
		at = 0
		for k := range it.Claims {
			c := &it.Claims[k]
			c.Start, c.End = locate(t, it, c.Text, at)
			at = c.End
		}
		at = 0
		for k := range it.Dates {
			d := &it.Dates[k]
			d.Start, d.End = locate(t, it, d.Text, at)
			at = d.End
		}
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(it); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile("gold.jsonl", out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	goldJSONL = out.Bytes()
}

// locate finds s in the item's text at or after byte from, on word
// boundaries.
func locate(t *testing.T, it Item, s string, from int) (int, int) {
	t.Helper()
	for i := from; i <= len(it.Text); {
		k := strings.Index(it.Text[i:], s)
		if k < 0 {
			break
		}
		start, end := i+k, i+k+len(s)
		if boundary(it.Text, start, end) {
			return start, end
		}
		i = start + 1
	}
	t.Fatalf("%s: %q not found after byte %d", it.ID, s, from)
	return 0, 0
}

func boundary(text string, start, end int) bool {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:start])
		f, _ := utf8.DecodeRuneInString(text[start:])
		if isWord(r) && isWord(f) {
			return false
		}
	}
	if end < len(text) {
		r, _ := utf8.DecodeRuneInString(text[end:])
		l, _ := utf8.DecodeLastRuneInString(text[:end])
		if isWord(r) && isWord(l) {
			return false
		}
	}
	return true
}
