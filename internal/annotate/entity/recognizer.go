package entity

import (
	_ "embed"
	"fmt"
	"sync"
)

// embeddedModel is the tagger trained by ./train on shared/data/ner; see
// README.md for the command, the data and its licences.
//
//go:embed model.gob.gz
var embeddedModel []byte

// Recognizer finds and links the entities of a text. It holds the loaded
// model and gazetteers and is safe for concurrent use.
type Recognizer struct {
	m    *model
	g    *gazetteer
	pool sync.Pool // *decoder
}

var (
	loadOnce sync.Once
	loaded   *Recognizer
	loadErr  error
)

// Load returns the recogniser with the embedded model, decoding it on the
// first call only.
func Load() (*Recognizer, error) {
	loadOnce.Do(func() { loaded, loadErr = LoadModel(embeddedModel) })
	return loaded, loadErr
}

// LoadModel returns a recogniser with the model Model.Encode wrote.
func LoadModel(b []byte) (*Recognizer, error) {
	m, err := decodeModel(b)
	if err != nil {
		return nil, fmt.Errorf("load entity model: %w", err)
	}
	g, err := loadGazetteer()
	if err != nil {
		return nil, fmt.Errorf("load entity model: %w", err)
	}
	r := &Recognizer{m: m, g: g}
	r.pool.New = func() any { return new(decoder) }
	return r, nil
}

// TagTokens tags one tokenised sentence with the statistical tagger alone
// (no rules), returning BIO tags over PER, ORG, LOC and MISC.
func (r *Recognizer) TagTokens(tokens []string) []string {
	return r.TagDocument([][]string{tokens})[0]
}

// TagDocument tags the tokenised sentences of one document with the
// statistical tagger alone (no rules), reading the document cues across
// its sentences as Annotate does.
func (r *Recognizer) TagDocument(sents [][]string) [][]string {
	texts, starts := docTokens(sents)
	cues := docCues(texts, starts)
	d := r.pool.Get().(*decoder)
	defer r.pool.Put(d)
	out := make([][]string, len(sents))
	at := 0
	for si, s := range sents {
		n := len(s)
		tags := d.tag(r.m, r.g, s, starts[at:at+n], cues[at:at+n])
		out[si] = make([]string, n)
		for i, t := range tags {
			out[si][i] = tagNames[t]
		}
		at += n
	}
	return out
}

// docTokens concatenates the sentences of a document and marks the first
// word of each.
func docTokens(sents [][]string) (texts []string, starts []bool) {
	for _, s := range sents {
		first := true
		for _, t := range s {
			texts = append(texts, t)
			st := first && infoOf(t, false).flags[0]&flPunct == 0
			if st {
				first = false
			}
			starts = append(starts, st)
		}
	}
	return texts, starts
}

// span is an entity found in the token sequence: tokens [start, end).
type span struct {
	start, end int
	typ        Type
	kind       Kind
	title      string // title tokens' text before the span, for PER
	titleStart int    // token index where the title begins, or -1
	qualifier  string // country a title was qualified with ("Syrian President")
	former     bool   // the title was "former ..."
	source     bool
	// link, for an acronym, is the first token of the name it stands
	// for, or -1.
	link int
}

// tagged is what tagSpans finds in a document: the tagger's spans, and
// per token its gazetteer key, gazetteer matches and document cues.
type tagged struct {
	spans []span
	words []string
	gz    []gazBits
	cues  []byte
}

// tagSpans runs the tagger over every sentence and returns its spans with
// what it read off the tokens.
func (r *Recognizer) tagSpans(toks []token) tagged {
	d := r.pool.Get().(*decoder)
	defer r.pool.Put(d)
	var spans []span
	texts := make([]string, len(toks))
	starts := make([]bool, len(toks))
	for i, t := range toks {
		texts[i], starts[i] = t.text, t.sentStart
	}
	cues := docCues(texts, starts)
	words := make([]string, 0, len(toks))
	gz := make([]gazBits, 0, len(toks))
	for _, rg := range sentenceRanges(toks) {
		tags := d.tag(r.m, r.g, texts[rg[0]:rg[1]], starts[rg[0]:rg[1]], cues[rg[0]:rg[1]])
		words = append(words, d.fb.words...)
		gz = append(gz, d.fb.gz[:len(tags)]...)
		open := -1
		for i := 0; i <= len(tags); i++ {
			t := tagO
			if i < len(tags) {
				t = tags[i]
			}
			if open >= 0 && !(isInside(t) && tagType(t) == tagType(tags[open])) {
				spans = append(spans, span{start: rg[0] + open, end: rg[0] + i, typ: tagType(tags[open]), kind: Name, titleStart: -1, link: -1})
				open = -1
			}
			if t != tagO && !isInside(t) {
				open = i
			}
		}
	}
	return tagged{spans: spans, words: words, gz: gz, cues: cues}
}
