package nerdata

import (
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		m     Mapping
		iob1  bool
		toks  [][]string
		tags  [][]string
		docs  []int
		fails bool
	}{
		{
			name: "iob1 opens entities",
			in:   "Anna I-PER\nMaria I-PER\nB-PER\tB-PER\nvisited O\nLisbon I-LOC\n. O\n",
			m:    WikigoldTypes, iob1: true,
			toks: [][]string{{"Anna", "Maria", "B-PER", "visited", "Lisbon", "."}},
			tags: [][]string{{"B-PER", "I-PER", "B-PER", "O", "B-LOC", "O"}},
			docs: []int{0},
		},
		{
			name: "documents and sentences",
			in:   "-DOCSTART- O\n\nOne O\n\nTwo B-ORG\n-DOCSTART- O\nThree O\n",
			m:    WikigoldTypes,
			toks: [][]string{{"One"}, {"Two"}, {"Three"}},
			tags: [][]string{{"O"}, {"B-ORG"}, {"O"}},
			docs: []int{0, 0, 1},
		},
		{
			name: "wnut mapping and repair",
			in:   "Acme\tI-corporation\nphone\tB-product\nby\tO\nJo\tB-person\n",
			m:    WNUTTypes,
			toks: [][]string{{"Acme", "phone", "by", "Jo"}},
			tags: [][]string{{"B-ORG", "B-MISC", "O", "B-PER"}},
			docs: []int{0},
		},
		{
			name: "re3d drops other classes",
			in:   "the\tO\nUN\tB-Organisation\nin\tO\n2019\tB-Temporal\nSyrian\tB-Nationality\n",
			m:    Re3dTypes,
			toks: [][]string{{"the", "UN", "in", "2019", "Syrian"}},
			tags: [][]string{{"O", "B-ORG", "O", "O", "O"}},
			docs: []int{0},
		},
		{
			name: "blank token dropped",
			in:   "a\tO\n \tO\nb\tO\n",
			m:    BTCTypes,
			toks: [][]string{{"a", "b"}},
			tags: [][]string{{"O", "O"}},
			docs: []int{0},
		},
		{name: "bad tag", in: "word X-PER\n", m: BTCTypes, fails: true},
		{name: "no tag", in: "word\n", m: BTCTypes, fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss, err := Parse(strings.NewReader(tt.in), tt.m, tt.iob1)
			if tt.fails {
				if err == nil {
					t.Fatalf("Parse succeeded, want an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(ss) != len(tt.toks) {
				t.Fatalf("%d sentences, want %d: %+v", len(ss), len(tt.toks), ss)
			}
			for i, s := range ss {
				if !slices.Equal(s.Tokens, tt.toks[i]) || !slices.Equal(s.Tags, tt.tags[i]) || s.Doc != tt.docs[i] {
					t.Errorf("sentence %d = %q %q doc %d, want %q %q doc %d", i, s.Tokens, s.Tags, s.Doc, tt.toks[i], tt.tags[i], tt.docs[i])
				}
			}
		})
	}
}

func TestSpansAndScore(t *testing.T) {
	gold := Spans([]string{"B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"})
	want := []Span{{0, 2, "PER"}, {3, 4, "LOC"}, {4, 5, "LOC"}, {5, 6, "ORG"}}
	if !slices.Equal(gold, want) {
		t.Fatalf("Spans = %v, want %v", gold, want)
	}
	s := NewScore()
	s.Add(gold, []Span{{0, 2, "PER"}, {3, 5, "LOC"}, {5, 6, "ORG"}, {1, 2, "MISC"}})
	if p, r, f := s.PRF("PER"); p != 1 || r != 1 || f != 1 {
		t.Errorf("PER = %v %v %v, want 1 1 1", p, r, f)
	}
	if p, r, _ := s.PRF("LOC"); p != 0 || r != 0 {
		t.Errorf("LOC = %v %v, want 0 0", p, r)
	}
	if p, r, _ := s.PRF(""); p != 2.0/3 || r != 2.0/4 {
		t.Errorf("all = %v %v, want 2/3 1/2 (MISC not scored)", p, r)
	}
	if !strings.Contains(s.Report(), "PER  P 1.000 R 1.000 F1 1.000 (gold 1)") {
		t.Errorf("report:\n%s", s.Report())
	}
}

// FuzzParse feeds arbitrary bytes to Parse: no panic, and every sentence
// it returns has one valid IOB2 tag per token.
func FuzzParse(f *testing.F) {
	f.Add("a O\n\nb I-PER\nc I-PER\n", true)
	f.Add("-DOCSTART- O\nx\tB-person\n \tO\n", false)
	f.Add("\ufeffy B-Location\nz I-Location\n", false)
	f.Fuzz(func(t *testing.T, in string, iob1 bool) {
		ss, err := Parse(strings.NewReader(in), func(l string) string {
			if l == "" {
				return ""
			}
			return "X"
		}, iob1)
		if err != nil {
			return
		}
		for _, s := range ss {
			if len(s.Tokens) != len(s.Tags) || len(s.Tokens) == 0 {
				t.Fatalf("sentence %+v", s)
			}
			for i, tag := range s.Tags {
				ok := tag == "O" || tag == "B-X" || (tag == "I-X" && i > 0 && s.Tags[i-1] != "O")
				if !ok {
					t.Fatalf("bad tag %q at %d in %q", tag, i, s.Tags)
				}
			}
		}
	})
}
