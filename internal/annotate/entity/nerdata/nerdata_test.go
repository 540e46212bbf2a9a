package nerdata

import (
	"fmt"
	"os"
	"path/filepath"
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
			name: "re3d drops other classes, nationalities are MISC",
			in:   "the\tO\nUN\tB-Organisation\nin\tO\n2019\tB-Temporal\nSyrian\tB-Nationality\n",
			m:    Re3dTypes,
			toks: [][]string{{"the", "UN", "in", "2019", "Syrian"}},
			tags: [][]string{{"O", "B-ORG", "O", "O", "B-MISC"}},
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

func TestRe3dPeople(t *testing.T) {
	sent := func(line string) Sentence {
		var s Sentence
		for _, f := range strings.Fields(line) {
			w, tag, _ := strings.Cut(f, "/")
			s.Tokens = append(s.Tokens, w)
			s.Tags = append(s.Tags, tag)
		}
		return s
	}
	titles := map[string]bool{"Foreign": true, "Minister": true, "Secretary": true, "Iraqi": true, "Mr": true}
	in := []Sentence{
		sent("the/B-PER Iraqi/I-PER Foreign/I-PER Minister/I-PER ,/O Ibrahim/B-PER al/I-PER -/I-PER Jaafari/I-PER met/O"),
		sent("Foreign/B-PER Secretary/I-PER Boris/I-PER Johnson/I-PER said/O I/B-PER agree/O"),
		sent("The/B-ORG Security/I-ORG Council/I-ORG met/O Mr/B-PER Ellwood/I-PER"),
	}
	Re3dPeople(in, func(w string) bool { return titles[w] })
	want := [][]string{
		{"O", "O", "O", "O", "O", "B-PER", "I-PER", "I-PER", "I-PER", "O"},
		{"O", "O", "B-PER", "I-PER", "O", "O", "O"},
		{"O", "B-ORG", "I-ORG", "O", "O", "B-PER"},
	}
	for i, s := range in {
		if !slices.Equal(s.Tags, want[i]) {
			t.Errorf("sentence %d: %q, want %q", i, s.Tags, want[i])
		}
	}
}

func TestSentenceDocs(t *testing.T) {
	ss, err := parse(strings.NewReader("a O\nb O\n\nc O\n\nd O\n"), BTCTypes, false, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range ss {
		if s.Doc != i {
			t.Errorf("sentence %d in document %d, want its own", i, s.Doc)
		}
	}
}

// TestLoadSplitWith builds a data directory of tiny corpora and checks
// what each option trains and tests on.
func TestLoadSplitWith(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var wiki strings.Builder
	for d := 0; d < 5; d++ {
		fmt.Fprintf(&wiki, "-DOCSTART- O\n\nw%d I-PER\n\n", d)
	}
	write(Wikigold.Files[0], wiki.String())
	for _, f := range BTC.Files {
		write(f, "b O\n\nb2 B-LOC\n")
	}
	for _, f := range WNUTTrain.Files {
		write(f, "n O\n")
	}
	write(WNUTTest.Files[0], "t O\n")
	write("re3d/X/a.conll", "r\tB-Person\n")
	count := func(ss []Sentence, corpus string) int {
		n := 0
		for _, s := range ss {
			if s.Corpus == corpus {
				n++
			}
		}
		return n
	}
	tests := []struct {
		name  string
		opt   SplitOptions
		train map[string]int
		test  map[string]int
	}{
		{"default", SplitOptions{}, map[string]int{"wikigold": 4, "btc": 12, "wnut17-train": 2, "re3d": 0},
			map[string]int{"wikigold-test": 1, "re3d": 1, "wnut17-test": 1}},
		{"dev", SplitOptions{Dev: true}, map[string]int{"wikigold": 3},
			map[string]int{"wikigold-dev": 1, "wikigold-test": 0}},
		{"re3d trained", SplitOptions{Re3d: true}, map[string]int{"re3d": 1}, map[string]int{"re3d": 0}},
		{"wikigold held out", SplitOptions{Holdout: "wikigold"}, map[string]int{"wikigold": 0},
			map[string]int{"wikigold-all": 5, "wikigold-test": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadSplitWith(dir, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			for c, n := range tt.train {
				if got := count(s.Train, c); got != n {
					t.Errorf("train: %d sentences of %s, want %d", got, c, n)
				}
			}
			for name, n := range tt.test {
				if got := len(s.Test[name]); got != n {
					t.Errorf("test %s: %d sentences, want %d", name, got, n)
				}
			}
		})
	}
}
