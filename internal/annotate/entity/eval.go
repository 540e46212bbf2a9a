package entity

import (
	"fmt"
	"strings"

	"github.com/parallax-news/parallax/internal/annotate/entity/nerdata"
)

// Evaluate scores the recogniser on gold sentences at span level, one
// document (consecutive sentences of one Corpus and Doc) at a time, so
// that the tagger reads the document cues as it does on an article:
// tagger scores the statistical tagger alone on the gold tokens; full
// joins each sentence's tokens with spaces and the sentences with line
// breaks, runs Annotate, and maps its PER, ORG and LOC name and acronym
// mentions back onto the tokens.
func Evaluate(r *Recognizer, sents []nerdata.Sentence) (tagger, full *nerdata.Score) {
	tagger, full = nerdata.NewScore(), nerdata.NewScore()
	var b strings.Builder
	for _, doc := range documents(sents) {
		ds := sents[doc[0]:doc[1]]
		toks := make([][]string, len(ds))
		for i, s := range ds {
			toks[i] = s.Tokens
		}
		for i, tags := range r.TagDocument(toks) {
			tagger.Add(nerdata.Spans(ds[i].Tags), nerdata.Spans(tags))
		}

		b.Reset()
		type pos struct{ sent, tok int }
		startTok := map[int]pos{}
		endTok := map[int]pos{}
		for si, s := range ds {
			if si > 0 {
				b.WriteByte('\n')
			}
			for i, t := range s.Tokens {
				if i > 0 {
					b.WriteByte(' ')
				}
				startTok[b.Len()] = pos{si, i}
				b.WriteString(t)
				endTok[b.Len()] = pos{si, i + 1}
			}
		}
		a := r.Annotate(b.String())
		pred := make([][]nerdata.Span, len(ds))
		for _, m := range a.Mentions {
			if m.Kind == Nominal || (m.Type != PER && m.Type != ORG && m.Type != LOC) {
				continue
			}
			st, ok1 := startTok[m.Start]
			en, ok2 := endTok[m.End]
			if !ok1 || !ok2 || st.sent != en.sent {
				// A span that does not fall on token edges cannot match:
				// count it against the sentence it starts in.
				if ok1 {
					pred[st.sent] = append(pred[st.sent], nerdata.Span{Start: -1 - m.Start, End: -1 - m.End, Type: string(m.Type)})
				} else {
					pred[0] = append(pred[0], nerdata.Span{Start: -1 - m.Start, End: -1 - m.End, Type: string(m.Type)})
				}
				continue
			}
			pred[st.sent] = append(pred[st.sent], nerdata.Span{Start: st.tok, End: en.tok, Type: string(m.Type)})
		}
		for i, s := range ds {
			full.Add(nerdata.Spans(s.Tags), pred[i])
		}
	}
	return tagger, full
}

// Marked is an entity mention of a marked-up paragraph.
type Marked struct {
	Start, End int // byte offsets into the plain text
	Type       Type
	Text       string
}

// ParseMarkup reads paragraphs marked up as in testdata/newsdev.txt:
// "{PER Anna Kowalski} visited {LOC Lisbon}." Lines starting with '#' are
// comments; blank lines separate paragraphs. It returns each paragraph's
// plain text and mentions.
func ParseMarkup(s string) (texts []string, mentions [][]Marked, err error) {
	var para []string
	flush := func() error {
		if len(para) == 0 {
			return nil
		}
		src := strings.Join(para, "\n")
		para = nil
		var b strings.Builder
		var ms []Marked
		for i := 0; i < len(src); {
			if src[i] != '{' {
				b.WriteByte(src[i])
				i++
				continue
			}
			end := strings.IndexByte(src[i:], '}')
			typ, name, ok := strings.Cut(src[i+1:i+max(end, 1)], " ")
			if end < 0 || !ok || (typ != "PER" && typ != "ORG" && typ != "LOC") {
				return fmt.Errorf("bad markup at %q", src[i:min(len(src), i+30)])
			}
			ms = append(ms, Marked{Start: b.Len(), End: b.Len() + len(name), Type: Type(typ), Text: name})
			b.WriteString(name)
			i += end + 1
		}
		texts = append(texts, b.String())
		mentions = append(mentions, ms)
		return nil
	}
	for _, line := range strings.Split(s, "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
		case strings.TrimSpace(line) == "":
			if err := flush(); err != nil {
				return nil, nil, err
			}
		default:
			para = append(para, line)
		}
	}
	if err := flush(); err != nil {
		return nil, nil, err
	}
	return texts, mentions, nil
}

// EvaluateMarked scores Annotate on marked-up paragraphs (ParseMarkup),
// exact span and type, PER, ORG and LOC names and acronyms. errs, when
// not nil, is called with each miss ("FN") and false alarm ("FP").
func EvaluateMarked(r *Recognizer, texts []string, mentions [][]Marked, errs func(para int, kind string, m Marked)) *nerdata.Score {
	sc := nerdata.NewScore()
	for i, text := range texts {
		var gold, pred []nerdata.Span
		for _, m := range mentions[i] {
			gold = append(gold, nerdata.Span{Start: m.Start, End: m.End, Type: string(m.Type)})
		}
		a := r.Annotate(text)
		for _, m := range a.Mentions {
			if m.Kind == Nominal || (m.Type != PER && m.Type != ORG && m.Type != LOC) {
				continue
			}
			pred = append(pred, nerdata.Span{Start: m.Start, End: m.End, Type: string(m.Type)})
		}
		sc.Add(gold, pred)
		if errs != nil {
			g := map[nerdata.Span]bool{}
			for _, s := range gold {
				g[s] = true
			}
			p := map[nerdata.Span]bool{}
			for _, s := range pred {
				p[s] = true
			}
			for _, m := range mentions[i] {
				if !p[nerdata.Span{Start: m.Start, End: m.End, Type: string(m.Type)}] {
					errs(i, "FN", m)
				}
			}
			for _, s := range pred {
				if !g[s] {
					errs(i, "FP", Marked{Start: s.Start, End: s.End, Type: Type(s.Type), Text: text[s.Start:s.End]})
				}
			}
		}
	}
	return sc
}
