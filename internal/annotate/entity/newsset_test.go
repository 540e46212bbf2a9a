package entity

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestNewsSets scores the recogniser on the news-style paragraphs written
// for it: newsdev.txt, which the rules and training options were tuned
// on, and newstest.txt, written afterwards and held out. The logged
// scores are what README.md reports; the floors catch regressions.
func TestNewsSets(t *testing.T) {
	r := mustLoad(t)
	for _, set := range []struct {
		file  string
		floor float64
	}{{"newsdev.txt", 0.90}, {"newstest.txt", 0.80}} {
		b, err := os.ReadFile(filepath.Join("testdata", set.file))
		if err != nil {
			t.Fatal(err)
		}
		texts, ments, err := ParseMarkup(string(b))
		if err != nil {
			t.Fatalf("%s: %v", set.file, err)
		}
		sc := EvaluateMarked(r, texts, ments, nil)
		t.Logf("%s (%d paragraphs):\n%s", set.file, len(texts), sc.Report())
		if _, _, f := sc.PRF(""); f < set.floor {
			t.Errorf("%s: F1 %.3f below %.2f", set.file, f, set.floor)
		}
	}
}

func TestParseMarkup(t *testing.T) {
	texts, ments, err := ParseMarkup("# comment\n{PER Anna Kowalski} visited\n{LOC Lisbon}.\n\n\nThe {ORG UN} met.\n")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(texts, []string{"Anna Kowalski visited\nLisbon.", "The UN met."}) {
		t.Fatalf("texts = %q", texts)
	}
	want := [][]Marked{
		{{0, 13, PER, "Anna Kowalski"}, {22, 28, LOC, "Lisbon"}},
		{{4, 6, ORG, "UN"}},
	}
	for i := range want {
		if !slices.Equal(ments[i], want[i]) {
			t.Errorf("paragraph %d: %+v, want %+v", i, ments[i], want[i])
		}
	}
	for _, bad := range []string{"{PER Anna", "{XYZ Anna}", "{PER}"} {
		if _, _, err := ParseMarkup(bad); err == nil {
			t.Errorf("ParseMarkup(%q) succeeded", bad)
		}
	}
}

func TestDocCues(t *testing.T) {
	texts := []string{"Police", "said", "the", "police", "chief", "met", "Halvik", ".", "Halvik", "left", "."}
	starts := []bool{true, false, false, false, false, false, false, false, true, false, false}
	cues := docCues(texts, starts)
	want := map[int]byte{
		0: docLower,  // "police" elsewhere in lower case
		6: 0,         // the only mid-sentence "Halvik": no other
		8: docCapMid, // sentence-initial, but capitalised in mid-sentence elsewhere
	}
	for i, w := range want {
		if cues[i] != w {
			t.Errorf("cues[%d] (%s) = %b, want %b", i, texts[i], cues[i], w)
		}
	}
	if cues[3] != 0 || cues[1] != 0 {
		t.Errorf("lower-case words get no cues: %v", cues)
	}
}
