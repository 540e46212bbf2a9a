package gold

import (
	"math"
	"strings"
	"time"
	"unicode"

	"github.com/parallax-news/parallax/internal/annotate/claim"
	"github.com/parallax-news/parallax/internal/annotate/quote"
	"github.com/parallax-news/parallax/internal/annotate/when"
	"github.com/parallax-news/parallax/internal/textproc"
)

// PRF counts matches and gives precision, recall and F1.
type PRF struct {
	TP, FP, FN int
}

// Add returns the sum of two counts.
func (p PRF) Add(o PRF) PRF { return PRF{p.TP + o.TP, p.FP + o.FP, p.FN + o.FN} }

// Precision is TP / (TP + FP), 0 when nothing was predicted.
func (p PRF) Precision() float64 { return ratio(p.TP, p.TP+p.FP) }

// Recall is TP / (TP + FN), 0 when there is no gold.
func (p PRF) Recall() float64 { return ratio(p.TP, p.TP+p.FN) }

// F1 is the harmonic mean of precision and recall.
func (p PRF) F1() float64 {
	pr, rc := p.Precision(), p.Recall()
	if pr+rc == 0 {
		return 0
	}
	return 2 * pr * rc / (pr + rc)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// ScoreEntities matches predicted entity mentions to gold ones on exact
// span and type. Predicted nominal mentions and types other than PER, ORG
// and LOC (such as NORP) are left out: the gold set does not annotate
// them.
func ScoreEntities(gold, pred []EntitySpan) PRF {
	type key struct {
		s, e int
		t    string
	}
	want := make(map[key]int, len(gold))
	for _, g := range gold {
		want[key{g.Start, g.End, g.Type}]++
	}
	var p PRF
	for _, x := range pred {
		if x.Kind == "nominal" || x.Type != "PER" && x.Type != "ORG" && x.Type != "LOC" {
			continue
		}
		k := key{x.Start, x.End, x.Type}
		if want[k] > 0 {
			want[k]--
			p.TP++
		} else {
			p.FP++
		}
	}
	p.FN = len(gold) - p.TP
	return p
}

// entityTypes are the entity types scored, in report order.
var entityTypes = []string{"PER", "ORG", "LOC"}

// ScoreEntityTypes is ScoreEntities for each type apart: a span of the
// right extent but the wrong type counts as a false positive of the
// predicted type and a false negative of the gold one.
func ScoreEntityTypes(gold, pred []EntitySpan) map[string]PRF {
	out := make(map[string]PRF, len(entityTypes))
	for _, t := range entityTypes {
		var g, p []EntitySpan
		for _, x := range gold {
			if x.Type == t {
				g = append(g, x)
			}
		}
		for _, x := range pred {
			if x.Type == t {
				p = append(p, x)
			}
		}
		out[t] = ScoreEntities(g, p)
	}
	return out
}

// QuoteScore counts gold quotes found and found with the right speaker,
// and predicted quotes that match a gold one.
type QuoteScore struct {
	Gold, Found, RightSpeaker int
	Predicted, Matched        int
	// By kind: gold direct and reported quotes with the right speaker.
	DirectGold, DirectRight     int
	ReportedGold, ReportedRight int
}

// Add returns the sum of two scores.
func (s QuoteScore) Add(o QuoteScore) QuoteScore {
	return QuoteScore{s.Gold + o.Gold, s.Found + o.Found, s.RightSpeaker + o.RightSpeaker,
		s.Predicted + o.Predicted, s.Matched + o.Matched, s.DirectGold + o.DirectGold,
		s.DirectRight + o.DirectRight, s.ReportedGold + o.ReportedGold, s.ReportedRight + o.ReportedRight}
}

// SpeakerAccuracy is the share of gold quotes found with the right
// speaker.
func (s QuoteScore) SpeakerAccuracy() float64 { return ratio(s.RightSpeaker, s.Gold) }

// Precision is the share of predicted quotes that match a gold quote.
func (s QuoteScore) Precision() float64 { return ratio(s.Matched, s.Predicted) }

// spanMatch reports whether two spans cover at least half of each other.
func spanMatch(gs, ge, ps, pe int) bool {
	ov := min(ge, pe) - max(gs, ps)
	return ov > 0 && 2*ov >= ge-gs && 2*ov >= pe-ps
}

// ScoreQuotes matches predicted quotes to gold ones: a gold quote is found
// when a prediction covers at least half of it and is at least half
// covered by it; its speaker is right when SameSpeaker holds for the
// prediction's Name (or Speaker when Name is empty).
func ScoreQuotes(gold []Quote, pred []quote.Quote) QuoteScore {
	s := QuoteScore{Gold: len(gold), Predicted: len(pred)}
	used := make([]bool, len(pred))
	for _, g := range gold {
		best, bestOv := -1, 0
		for k, p := range pred {
			if !spanMatch(g.Start, g.End, p.Start, p.End) {
				continue
			}
			if ov := min(g.End, p.End) - max(g.Start, p.Start); ov > bestOv {
				best, bestOv = k, ov
			}
		}
		if g.Kind == string(quote.Direct) {
			s.DirectGold++
		} else {
			s.ReportedGold++
		}
		if best < 0 {
			continue
		}
		s.Found++
		used[best] = true
		name := pred[best].Name
		if name == "" {
			name = pred[best].Speaker
		}
		if SameSpeaker(g.Speaker, name) {
			s.RightSpeaker++
			if g.Kind == string(quote.Direct) {
				s.DirectRight++
			} else {
				s.ReportedRight++
			}
		}
	}
	for k, p := range pred {
		if used[k] {
			s.Matched++
			continue
		}
		for _, g := range gold {
			if spanMatch(g.Start, g.End, p.Start, p.End) {
				s.Matched++
				break
			}
		}
	}
	return s
}

// SameSpeaker reports whether two speaker names agree: after folding
// case and accents and dropping a leading article, the words of one
// appear, in order and together, in the other ("Khamenei" and "Ali
// Khamenei"; "officials" and "provincial officials").
func SameSpeaker(a, b string) bool {
	x, y := nameWords(a), nameWords(b)
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	if len(x) > len(y) {
		x, y = y, x
	}
	for i := 0; i+len(x) <= len(y); i++ {
		ok := true
		for j := range x {
			if y[i+j] != x[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// nameWords folds a name into words, without a leading article.
func nameWords(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	})
	out := f[:0]
	for _, w := range f {
		w = textproc.Fold(w)
		if w == "" {
			continue
		}
		out = append(out, w)
	}
	for len(out) > 0 && (out[0] == "the" || out[0] == "a" || out[0] == "an") {
		out = out[1:]
	}
	return out
}

// ClaimScore counts gold claims found, found with the right value (or
// range) and hedge, with the right unit and with a matching attribution,
// and predicted claims that overlap a gold one.
type ClaimScore struct {
	Gold, Found, ValueHedge, Unit, Attribution, Measure int
	Predicted, Matched                                  int
}

// Add returns the sum of two scores.
func (s ClaimScore) Add(o ClaimScore) ClaimScore {
	return ClaimScore{s.Gold + o.Gold, s.Found + o.Found, s.ValueHedge + o.ValueHedge, s.Unit + o.Unit,
		s.Attribution + o.Attribution, s.Measure + o.Measure, s.Predicted + o.Predicted, s.Matched + o.Matched}
}

// ValueHedgeAccuracy is the share of gold claims found with the right
// value or range and hedge.
func (s ClaimScore) ValueHedgeAccuracy() float64 { return ratio(s.ValueHedge, s.Gold) }

// Precision is the share of predicted claims that overlap a gold claim.
func (s ClaimScore) Precision() float64 { return ratio(s.Matched, s.Predicted) }

// ScoreClaims matches predicted claims to gold ones by overlapping spans.
// The value matches within a relative 1e-6; the attribution matches as
// SameSpeaker does, and "" only "" ; the measure matches when at least
// half of the gold measure's content words are in the predicted one.
func ScoreClaims(gold []Claim, pred []claim.Claim) ClaimScore {
	s := ClaimScore{Gold: len(gold), Predicted: len(pred)}
	for _, g := range gold {
		best, bestOv := -1, 0
		for k, p := range pred {
			if ov := min(g.End, p.End) - max(g.Start, p.Start); ov > bestOv {
				best, bestOv = k, ov
			}
		}
		if best < 0 {
			continue
		}
		s.Found++
		p := pred[best]
		if valueMatch(g, p) && string(p.Hedge) == g.Hedge {
			s.ValueHedge++
		}
		if p.Unit == g.Unit {
			s.Unit++
		}
		if g.Attribution == "" && p.Attribution == "" || SameSpeaker(g.Attribution, p.Attribution) {
			s.Attribution++
		}
		if measureMatch(g.Measure, p.Measure) {
			s.Measure++
		}
	}
	for _, p := range pred {
		for _, g := range gold {
			if min(g.End, p.End) > max(g.Start, p.Start) {
				s.Matched++
				break
			}
		}
	}
	return s
}

func valueMatch(g Claim, p claim.Claim) bool {
	if g.Value != nil {
		return p.Low == p.High && near(p.Value, *g.Value)
	}
	return near(p.Low, *g.Low) && near(p.High, *g.High)
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b))
}

// measureMatch reports whether half of the gold measure's content words
// appear in the predicted measure.
func measureMatch(gold, pred string) bool {
	g := contentWords(gold)
	if len(g) == 0 {
		return pred == ""
	}
	p := make(map[string]bool)
	for _, w := range contentWords(pred) {
		p[textproc.Stem(w)] = true
	}
	n := 0
	for _, w := range g {
		if p[textproc.Stem(w)] {
			n++
		}
	}
	return 2*n >= len(g)
}

func contentWords(s string) []string {
	var out []string
	for _, w := range nameWords(s) {
		if !textproc.IsStopWord(w) {
			out = append(out, w)
		}
	}
	return out
}

// DateScore counts gold dates found and found with the right day and
// granularity, and predicted dates that overlap a gold one.
type DateScore struct {
	Gold, Found, Correct int
	Predicted, Matched   int
}

// Add returns the sum of two scores.
func (s DateScore) Add(o DateScore) DateScore {
	return DateScore{s.Gold + o.Gold, s.Found + o.Found, s.Correct + o.Correct, s.Predicted + o.Predicted, s.Matched + o.Matched}
}

// Accuracy is the share of gold dates found with the right value and
// granularity.
func (s DateScore) Accuracy() float64 { return ratio(s.Correct, s.Gold) }

// Precision is the share of predicted dates that overlap a gold date.
func (s DateScore) Precision() float64 { return ratio(s.Matched, s.Predicted) }

// ScoreDates matches predicted dates to gold ones by overlapping spans.
func ScoreDates(gold []Date, pred []when.Date) DateScore {
	s := DateScore{Gold: len(gold), Predicted: len(pred)}
	for _, g := range gold {
		best, bestOv := -1, 0
		for k, p := range pred {
			if ov := min(g.End, p.End) - max(g.Start, p.Start); ov > bestOv {
				best, bestOv = k, ov
			}
		}
		if best < 0 {
			continue
		}
		s.Found++
		p := pred[best]
		if p.Time.Format(time.DateOnly) == g.Date && p.Granularity.String() == g.Granularity {
			s.Correct++
		}
	}
	for _, p := range pred {
		for _, g := range gold {
			if min(g.End, p.End) > max(g.Start, p.Start) {
				s.Matched++
				break
			}
		}
	}
	return s
}

// DatelineScore counts gold datelines, predicted ones, and predictions
// with the right place, region and agency (case-insensitive).
type DatelineScore struct {
	Gold, Predicted, Correct int
}

// Add returns the sum of two scores.
func (s DatelineScore) Add(o DatelineScore) DatelineScore {
	return DatelineScore{s.Gold + o.Gold, s.Predicted + o.Predicted, s.Correct + o.Correct}
}

// ScoreDateline scores one text's dateline.
func ScoreDateline(gold *Dateline, pred when.Dateline, found bool) DatelineScore {
	var s DatelineScore
	if gold != nil {
		s.Gold = 1
	}
	if found {
		s.Predicted = 1
	}
	if gold != nil && found && strings.EqualFold(gold.Place, pred.Place) &&
		strings.EqualFold(gold.Region, pred.Region) && strings.EqualFold(gold.Agency, pred.Agency) {
		s.Correct = 1
	}
	return s
}
