package entity

import (
	"strings"

	"github.com/parallax-news/parallax/internal/annotate/entity/nerdata"
)

// Evaluate scores the recogniser on gold sentences at span level: tagger
// scores the statistical tagger alone on the gold tokens; full joins each
// sentence's tokens with spaces, runs Annotate, and maps its PER, ORG and
// LOC name and acronym mentions back onto the tokens.
func Evaluate(r *Recognizer, sents []nerdata.Sentence) (tagger, full *nerdata.Score) {
	tagger, full = nerdata.NewScore(), nerdata.NewScore()
	var b strings.Builder
	for _, s := range sents {
		gold := nerdata.Spans(s.Tags)
		tagger.Add(gold, nerdata.Spans(r.TagTokens(s.Tokens)))

		b.Reset()
		startTok := map[int]int{}
		endTok := map[int]int{}
		for i, t := range s.Tokens {
			if i > 0 {
				b.WriteByte(' ')
			}
			startTok[b.Len()] = i
			b.WriteString(t)
			endTok[b.Len()] = i + 1
		}
		a := r.Annotate(b.String())
		var pred []nerdata.Span
		for _, m := range a.Mentions {
			if m.Kind == Nominal || (m.Type != PER && m.Type != ORG && m.Type != LOC) {
				continue
			}
			st, ok1 := startTok[m.Start]
			en, ok2 := endTok[m.End]
			if !ok1 || !ok2 {
				// A span that does not fall on token edges cannot match.
				st, en = -1-m.Start, -1-m.End
			}
			pred = append(pred, nerdata.Span{Start: st, End: en, Type: string(m.Type)})
		}
		full.Add(gold, pred)
	}
	return tagger, full
}
