// Package nerdata reads the openly licensed English entity corpora under
// shared/data/ner (wikigold, BTC, WNUT17, re3d), maps their tag sets onto
// PER, ORG and LOC in BIO form, defines the fixed train and test splits,
// and scores predicted spans against gold ones.
//
// It is pure apart from ReadDir and the Load functions, which read files.
package nerdata

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// Sentence is one tokenised sentence with one BIO tag per token, drawn
// from the tag set O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC, B-MISC,
// I-MISC (MISC: other names, which only wikigold and WNUT17 mark).
type Sentence struct {
	Tokens []string
	Tags   []string
	// Doc numbers the document the sentence comes from, within its corpus.
	Doc int
	// Corpus names the corpus the sentence comes from (Corpus.Name).
	Corpus string
}

// Mapping turns a corpus label (without its B-/I- prefix) into PER, ORG,
// LOC, or "" for outside.
type Mapping func(label string) string

// WikigoldTypes maps wikigold's CoNLL classes, keeping MISC (nationalities,
// events, works) as a class of its own: labelling those names O would teach
// the tagger that capitalised names are often nothing.
func WikigoldTypes(label string) string {
	switch label {
	case "PER", "ORG", "LOC", "MISC":
		return label
	}
	return ""
}

// BTCTypes maps the Broad Twitter Corpus classes.
func BTCTypes(label string) string {
	switch label {
	case "PER", "ORG", "LOC":
		return label
	}
	return ""
}

// WNUTTypes maps WNUT17: person, location, corporation and group; products
// and creative works become MISC.
func WNUTTypes(label string) string {
	switch label {
	case "person":
		return "PER"
	case "location":
		return "LOC"
	case "corporation", "group":
		return "ORG"
	case "product", "creative-work":
		return "MISC"
	}
	return ""
}

// Re3dTypes maps re3d: Person, Organisation and Location; nationalities
// become MISC (as in wikigold); dates, quantities, weapons and the rest
// become outside.
func Re3dTypes(label string) string {
	switch label {
	case "Person":
		return "PER"
	case "Organisation":
		return "ORG"
	case "Location":
		return "LOC"
	case "Nationality":
		return "MISC"
	}
	return ""
}

// Re3dPeople brings re3d's person spans to the convention of the other
// corpora, for training: re3d counts titles, offices, articles and
// pronouns as people ("the Iraqi Foreign Minister", "Foreign Secretary
// Boris Johnson", "I"). Within each PER span, only the capitalised words
// after the last word that isTitle accepts (or that is lower case, a
// pronoun or punctuation) stay PER; a span left empty becomes O. Spans
// of other types lose a leading "the".
func Re3dPeople(sents []Sentence, isTitle func(word string) bool) {
	pronouns := map[string]bool{"i": true, "my": true, "he": true, "she": true, "we": true, "they": true,
		"his": true, "her": true, "me": true, "you": true, "it": true}
	for si := range sents {
		s := &sents[si]
		for _, sp := range Spans(s.Tags) {
			if sp.Type != "PER" {
				if sp.End-sp.Start > 1 && strings.EqualFold(s.Tokens[sp.Start], "the") {
					s.Tags[sp.Start] = "O"
					s.Tags[sp.Start+1] = "B-" + sp.Type
				}
				continue
			}
			// The name: the first run of capitalised non-title words.
			start, end := -1, -1
			for i := sp.Start; i < sp.End; i++ {
				w := s.Tokens[i]
				name := w != "" && isUpperStart(w) && !isTitle(w) && !pronouns[strings.ToLower(w)]
				// Particles and the hyphen of "al - Jaafari" stay inside.
				inner := start >= 0 && end < 0 && i+1 < sp.End && (w == "-" || w == "al" || w == "bin" || w == "’" || w == "'")
				switch {
				case name && start < 0:
					start = i
				case !name && !inner && start >= 0 && end < 0:
					end = i
				}
			}
			if start >= 0 && end < 0 {
				end = sp.End
			}
			for i := sp.Start; i < sp.End; i++ {
				s.Tags[i] = "O"
				if i >= start && i < end {
					s.Tags[i] = "I-PER"
					if i == start {
						s.Tags[i] = "B-PER"
					}
				}
			}
		}
	}
}

func isUpperStart(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// Parse reads CoNLL-style text: one token a line, the token in the first
// column and the tag in the last, columns split by tabs or spaces, a blank
// line between sentences, "-DOCSTART-" lines between documents. iob1 says
// the tags follow IOB1 (I- everywhere, B- only between two adjacent
// entities of one type), as in wikigold; otherwise they are IOB2. Tags are
// mapped with m and returned in IOB2.
func Parse(r io.Reader, m Mapping, iob1 bool) ([]Sentence, error) {
	return parse(r, m, iob1, false)
}

// parse is Parse; sentenceDocs makes every sentence a document of its own
// (for tweets, which have no -DOCSTART- lines).
func parse(r io.Reader, m Mapping, iob1, sentenceDocs bool) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var (
		out  []Sentence
		cur  Sentence
		doc  int
		line int
	)
	flush := func() {
		if len(cur.Tokens) > 0 {
			cur.Doc = doc
			if sentenceDocs {
				doc++
			}
			cur.Tags = normaliseBIO(cur.Tags)
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" {
			flush()
			continue
		}
		fields := strings.FieldsFunc(text, func(r rune) bool { return r == '\t' || r == ' ' })
		if fields[0] == "-DOCSTART-" {
			flush()
			if line > 1 {
				doc++
			}
			continue
		}
		if len(fields) == 1 && strings.ContainsAny(strings.TrimPrefix(sc.Text(), "\ufeff"), "\t") {
			// A token of white space only (BTC has a few): drop it.
			continue
		}
		if len(fields) < 2 {
			return nil, fmt.Errorf("line %d: want a token and a tag, got %q", line, text)
		}
		tag, err := mapTag(fields[len(fields)-1], m)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if iob1 && strings.HasPrefix(tag, "I-") {
			// IOB1: an I- tag opens an entity unless the previous token
			// carries the same type.
			if n := len(cur.Tags); n == 0 || cur.Tags[n-1] == "O" || cur.Tags[n-1][2:] != tag[2:] {
				tag = "B-" + tag[2:]
			}
		}
		cur.Tokens = append(cur.Tokens, fields[0])
		cur.Tags = append(cur.Tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line, err)
	}
	flush()
	return out, nil
}

func mapTag(raw string, m Mapping) (string, error) {
	if raw == "O" {
		return "O", nil
	}
	prefix, label, ok := strings.Cut(raw, "-")
	if !ok || (prefix != "B" && prefix != "I") {
		return "", fmt.Errorf("tag %q: not O, B-x or I-x", raw)
	}
	t := m(label)
	if t == "" {
		return "O", nil
	}
	return prefix + "-" + t, nil
}

// normaliseBIO repairs an I- tag that follows O or another type (which the
// mapping can produce) by making it a B- tag.
func normaliseBIO(tags []string) []string {
	for i, t := range tags {
		if strings.HasPrefix(t, "I-") && (i == 0 || tags[i-1] == "O" || tags[i-1][2:] != t[2:]) {
			tags[i] = "B-" + t[2:]
		}
	}
	return tags
}

// Span is an entity: tokens [Start, End) of a sentence, of one type.
type Span struct {
	Start, End int
	Type       string
}

// Spans reads the entities off IOB2 tags.
func Spans(tags []string) []Span {
	var out []Span
	open := -1
	typ := ""
	for i := 0; i <= len(tags); i++ {
		t := "O"
		if i < len(tags) {
			t = tags[i]
		}
		continues := strings.HasPrefix(t, "I-") && open >= 0 && t[2:] == typ
		if open >= 0 && !continues {
			out = append(out, Span{open, i, typ})
			open = -1
		}
		if t != "O" && !continues {
			open, typ = i, t[2:]
		}
	}
	return out
}

// Score counts span-level matches per type: a predicted span is right
// when a gold span has the same start, end and type.
type Score struct {
	TP, FP, FN map[string]int
}

// NewScore returns an empty score.
func NewScore() *Score {
	return &Score{TP: map[string]int{}, FP: map[string]int{}, FN: map[string]int{}}
}

// Add counts one sentence. Only PER, ORG and LOC spans count.
func (s *Score) Add(gold, pred []Span) {
	scored := func(sp Span) bool { return sp.Type == "PER" || sp.Type == "ORG" || sp.Type == "LOC" }
	g := make(map[Span]bool, len(gold))
	for _, sp := range gold {
		if scored(sp) {
			g[sp] = true
		}
	}
	for _, sp := range pred {
		if !scored(sp) {
			continue
		}
		if g[sp] {
			s.TP[sp.Type]++
			delete(g, sp)
		} else {
			s.FP[sp.Type]++
		}
	}
	for sp := range g {
		s.FN[sp.Type]++
	}
}

// PRF returns precision, recall and F1 for one type, or over all types
// when typ is "".
func (s *Score) PRF(typ string) (p, r, f float64) {
	sum := func(m map[string]int) int {
		if typ != "" {
			return m[typ]
		}
		n := 0
		for _, v := range m {
			n += v
		}
		return n
	}
	tp, fp, fn := float64(sum(s.TP)), float64(sum(s.FP)), float64(sum(s.FN))
	if tp+fp > 0 {
		p = tp / (tp + fp)
	}
	if tp+fn > 0 {
		r = tp / (tp + fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// Report formats P/R/F1 per type and overall, one line each.
func (s *Score) Report() string {
	var b strings.Builder
	for _, typ := range []string{"PER", "ORG", "LOC", ""} {
		p, r, f := s.PRF(typ)
		name := typ
		if name == "" {
			name = "all"
		}
		fmt.Fprintf(&b, "%-4s P %.3f R %.3f F1 %.3f (gold %d)\n", name, p, r, f, s.gold(typ))
	}
	return b.String()
}

func (s *Score) gold(typ string) int {
	n := 0
	for k, v := range s.TP {
		if typ == "" || k == typ {
			n += v
		}
	}
	for k, v := range s.FN {
		if typ == "" || k == typ {
			n += v
		}
	}
	return n
}

// Corpus names the files of one corpus under the data directory.
type Corpus struct {
	Name  string
	Files []string // relative to the data directory
	Map   Mapping
	IOB1  bool
	// SentenceDocs makes each sentence a document of its own (posts).
	SentenceDocs bool
}

// Corpora lists what Load reads, in a fixed order.
var (
	Wikigold = Corpus{"wikigold", []string{"wikigold/CONLL-format/data/wikigold.conll.txt"}, WikigoldTypes, true, false}
	BTC      = Corpus{"btc", []string{
		"BTC/CONLL-format/data/a.conll", "BTC/CONLL-format/data/b.conll", "BTC/CONLL-format/data/e.conll",
		"BTC/CONLL-format/data/f.conll", "BTC/CONLL-format/data/g.conll", "BTC/CONLL-format/data/h.conll",
	}, BTCTypes, false, true}
	WNUTTrain = Corpus{"wnut17-train", []string{
		"WNUT17/CONLL-format/data/train/wnut17train.conll", "WNUT17/CONLL-format/data/dev/emerging.dev.conll",
	}, WNUTTypes, false, true}
	WNUTTest = Corpus{"wnut17-test", []string{"WNUT17/CONLL-format/data/test/emerging.test.annotated"}, WNUTTypes, false, true}
	Re3d     = Corpus{"re3d", nil, Re3dTypes, false, false} // every *.conll under re3d/, sorted
)

// Load reads a corpus from dir (the shared/data/ner directory).
func Load(dir string, c Corpus) ([]Sentence, error) {
	files := c.Files
	if files == nil && c.Name == "re3d" {
		m, err := filepath.Glob(filepath.Join(dir, "re3d", "*", "*.conll"))
		if err != nil {
			return nil, fmt.Errorf("list re3d: %w", err)
		}
		sort.Strings(m)
		for _, f := range m {
			rel, _ := filepath.Rel(dir, f)
			files = append(files, rel)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("load re3d: no .conll files under %s", dir)
		}
	}
	var out []Sentence
	docBase := 0
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", c.Name, err)
		}
		ss, err := parse(bytes.NewReader(b), c.Map, c.IOB1, c.SentenceDocs)
		if err != nil {
			return nil, fmt.Errorf("load %s: %s: %w", c.Name, f, err)
		}
		maxDoc := 0
		for i := range ss {
			if ss[i].Doc > maxDoc {
				maxDoc = ss[i].Doc
			}
			ss[i].Doc += docBase
			ss[i].Corpus = c.Name
		}
		docBase += maxDoc + 1
		out = append(out, ss...)
	}
	return out, nil
}

// WikigoldTest reports whether a wikigold document belongs to the held-out
// test split: every fifth document, starting with the fifth.
func WikigoldTest(doc int) bool { return doc%5 == 4 }

// WikigoldDev reports whether a wikigold document belongs to the
// development fifth that SplitOptions.Dev holds out of training for
// tuning: every fifth document, starting with the fourth.
func WikigoldDev(doc int) bool { return doc%5 == 3 }

// Split is the fixed training set and the held-out test sets.
type Split struct {
	Train []Sentence
	// Test holds the held-out sets by name: "wikigold-test" (every fifth
	// wikigold document), "wnut17-test", and "re3d" (all of it) unless
	// re3d is trained on; see SplitOptions for the others.
	Test map[string][]Sentence
}

// SplitOptions changes what LoadSplitWith trains and tests on.
type SplitOptions struct {
	// Re3d trains on all of re3d instead of testing on it. Its person
	// spans should then go through Re3dPeople (LoadSplitWith cannot: it
	// needs the recogniser's titles).
	Re3d bool
	// Holdout names a corpus ("wikigold", "btc", "wnut17" or "re3d")
	// that is neither trained on nor tuned with: it is tested whole as
	// Test[Holdout+"-all"], the cross-corpus check.
	Holdout string
	// Dev, for tuning, holds the wikigold development fifth out of
	// training as Test["wikigold-dev"] and drops the test fifth
	// altogether, so that tuning never sees it.
	Dev bool
}

// LoadSplit reads every corpus under dir and splits it with the default
// options: the training set is wikigold's other four fifths, all of BTC,
// and WNUT17 train and dev, in that order.
func LoadSplit(dir string) (Split, error) { return LoadSplitWith(dir, SplitOptions{}) }

// LoadSplitWith reads every corpus under dir and splits it as opt says.
func LoadSplitWith(dir string, opt SplitOptions) (Split, error) {
	s := Split{Test: map[string][]Sentence{}}
	add := func(c Corpus, test string) error {
		ss, err := Load(dir, c)
		if err != nil {
			return err
		}
		base := strings.TrimSuffix(strings.TrimSuffix(c.Name, "-train"), "-test")
		switch {
		case opt.Holdout == base:
			s.Test[base+"-all"] = append(s.Test[base+"-all"], ss...)
		case test != "":
			s.Test[test] = append(s.Test[test], ss...)
		case c.Name == "wikigold":
			for _, sn := range ss {
				switch {
				case opt.Dev && WikigoldDev(sn.Doc):
					s.Test["wikigold-dev"] = append(s.Test["wikigold-dev"], sn)
				case WikigoldTest(sn.Doc):
					if !opt.Dev {
						s.Test["wikigold-test"] = append(s.Test["wikigold-test"], sn)
					}
				default:
					s.Train = append(s.Train, sn)
				}
			}
		default:
			s.Train = append(s.Train, ss...)
		}
		return nil
	}
	re3dTest := "re3d"
	if opt.Re3d {
		re3dTest = ""
	}
	for _, c := range []struct {
		c    Corpus
		test string
	}{{Wikigold, ""}, {BTC, ""}, {WNUTTrain, ""}, {Re3d, re3dTest}, {WNUTTest, "wnut17-test"}} {
		if err := add(c.c, c.test); err != nil {
			return s, err
		}
	}
	return s, nil
}
