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
// (no rules), returning BIO tags over PER, ORG and LOC.
func (r *Recognizer) TagTokens(tokens []string) []string {
	starts := make([]bool, len(tokens))
	for i, t := range tokens {
		if infoOf(t, false).flags[0]&flPunct == 0 {
			starts[i] = true
			break
		}
	}
	d := r.pool.Get().(*decoder)
	defer r.pool.Put(d)
	tags := d.tag(r.m, r.g, tokens, starts)
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = tagNames[t]
	}
	return out
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

// tagSpans runs the tagger over every sentence and returns its spans.
func (r *Recognizer) tagSpans(toks []token) []span {
	d := r.pool.Get().(*decoder)
	defer r.pool.Put(d)
	var spans []span
	var texts []string
	var starts []bool
	for _, rg := range sentenceRanges(toks) {
		texts, starts = texts[:0], starts[:0]
		for _, t := range toks[rg[0]:rg[1]] {
			texts = append(texts, t.text)
			starts = append(starts, t.sentStart)
		}
		tags := d.tag(r.m, r.g, texts, starts)
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
	return spans
}
