package gold

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/annotate/claim"
	"github.com/parallax-news/parallax/internal/annotate/quote"
	"github.com/parallax-news/parallax/internal/annotate/when"
)

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScoreEntities(t *testing.T) {
	gold := []EntitySpan{
		{Text: "Ali Khamenei", Type: "PER", Start: 10, End: 22},
		{Text: "Tehran", Type: "LOC", Start: 30, End: 36},
		{Text: "UN", Type: "ORG", Start: 40, End: 42},
	}
	pred := []EntitySpan{
		{Type: "PER", Start: 10, End: 22}, // right
		{Type: "ORG", Start: 30, End: 36}, // wrong type
		{Type: "ORG", Start: 39, End: 42}, // wrong span
		{Type: "PER", Start: 50, End: 55}, // extra
	}
	p := ScoreEntities(gold, pred)
	if p != (PRF{TP: 1, FP: 3, FN: 2}) {
		t.Fatalf("counts %+v, want TP 1 FP 3 FN 2", p)
	}
	// P = 1/4, R = 1/3, F1 = 2·(1/12)/(7/12) = 2/7
	if !approx(p.Precision(), 0.25) || !approx(p.Recall(), 1.0/3) || !approx(p.F1(), 2.0/7) {
		t.Errorf("P %v R %v F1 %v", p.Precision(), p.Recall(), p.F1())
	}
	if z := (PRF{}); z.Precision() != 0 || z.Recall() != 0 || z.F1() != 0 {
		t.Error("empty PRF should score 0")
	}
	// nominal mentions and other types are not scored
	if p := ScoreEntities(gold, []EntitySpan{{Type: "PER", Start: 0, End: 5, Kind: "nominal"}, {Type: "NORP", Start: 1, End: 4}}); p != (PRF{FN: 3}) {
		t.Errorf("nominal and NORP mentions scored: %+v", p)
	}
	// duplicates count once each
	if p := ScoreEntities(gold[:1], []EntitySpan{gold[0], gold[0]}); p != (PRF{TP: 1, FP: 1}) {
		t.Errorf("duplicate prediction: %+v", p)
	}
}

func TestSameSpeaker(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Ali Khamenei", "Khamenei", true},
		{"Khamenei", "Ayatollah Ali Khamenei", true},
		{"the company", "company", true},
		{"provincial officials", "officials", true},
		{"María de la Fuente", "Maria de la Fuente", true},
		{"senior official", "A senior official at the port", true},
		{"Ali Khamenei", "Ebrahim Raisi", false},
		{"Ali Khamenei", "Khamenei Ali", false},
		{"police", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := SameSpeaker(tt.a, tt.b); got != tt.want {
			t.Errorf("SameSpeaker(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestScoreQuotes(t *testing.T) {
	gold := []Quote{
		{Text: "vital for both countries", Start: 100, End: 200, Speaker: "Ali Khamenei", Kind: "direct"},
		{Text: "the talks failed", Start: 300, End: 340, Speaker: "Erik Dahl", Kind: "reported"},
		{Text: "never found", Start: 500, End: 520, Speaker: "X", Kind: "direct"},
	}
	pred := []quote.Quote{
		{Start: 102, End: 200, Name: "Khamenei"},      // found, right speaker
		{Start: 300, End: 360, Name: "Lena Sorensen"}, // found (40 of 60 covered), wrong speaker
		{Start: 600, End: 650, Speaker: "he"},         // extra
		{Start: 500, End: 600, Name: "X"},             // covers the gold quote but is five times longer: not found
	}
	s := ScoreQuotes(gold, pred)
	want := QuoteScore{Gold: 3, Found: 2, RightSpeaker: 1, Predicted: 4, Matched: 2, DirectGold: 2, DirectRight: 1, ReportedGold: 1}
	if s != want {
		t.Fatalf("got %+v, want %+v", s, want)
	}
	if !approx(s.SpeakerAccuracy(), 1.0/3) || !approx(s.Precision(), 0.5) {
		t.Errorf("accuracy %v precision %v", s.SpeakerAccuracy(), s.Precision())
	}
}

func TestScoreClaims(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	gold := []Claim{
		{Text: "nearly 400,000", Start: 0, End: 14, Value: v(4e5), Hedge: "below", Unit: "people", Measure: "people killed in the war", Attribution: "the UN"},
		{Text: "between 60 and 80", Start: 20, End: 37, Low: v(60), High: v(80), Hedge: "exact", Unit: "people", Measure: "people missing"},
		{Text: "about 300", Start: 40, End: 49, Value: v(300), Hedge: "around", Unit: "people"},
		{Text: "12%", Start: 60, End: 63, Value: v(12), Hedge: "exact", Unit: "%"},
	}
	pred := []claim.Claim{
		{Start: 0, End: 14, Value: 4e5, Low: 4e5, High: 4e5, Hedge: claim.Below, Unit: "people", Measure: "people killed in the war in Syria", Attribution: "UN"},
		{Start: 20, End: 37, Value: 70, Low: 60, High: 80, Hedge: claim.Exact, Unit: "people", Measure: "people missed"},
		{Start: 40, End: 49, Value: 300, Low: 300, High: 300, Hedge: claim.Exact, Unit: "people", Attribution: "she"},
		{Start: 70, End: 75, Value: 5, Low: 5, High: 5, Hedge: claim.Exact},
	}
	s := ScoreClaims(gold, pred)
	// found: 3; value+hedge: 2 (the third has the wrong hedge); unit: 3;
	// attribution: UN ~ the UN, "" = "", she ≠ "": 2; measure: "people
	// killed war" all in, "people missing" stems match "missed": 2, and
	// "" = "": 3; matched predictions: 3 of 4.
	want := ClaimScore{Gold: 4, Found: 3, ValueHedge: 2, Unit: 3, Attribution: 2, Measure: 3, Predicted: 4, Matched: 3}
	if s != want {
		t.Fatalf("got %+v, want %+v", s, want)
	}
	if !approx(s.ValueHedgeAccuracy(), 0.5) || !approx(s.Precision(), 0.75) {
		t.Errorf("accuracy %v precision %v", s.ValueHedgeAccuracy(), s.Precision())
	}
	// a single figure does not match a range, nor the reverse
	if ScoreClaims(gold[1:2], []claim.Claim{{Start: 20, End: 37, Value: 60, Low: 60, High: 60, Hedge: claim.Exact}}).ValueHedge != 0 {
		t.Error("a single figure matched a range")
	}
}

func TestScoreDates(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	gold := []Date{
		{Text: "February 2019", Start: 0, End: 13, Date: "2019-02-01", Granularity: "month"},
		{Text: "Sunday", Start: 20, End: 26, Date: "2022-05-08", Granularity: "day"},
		{Text: "2011", Start: 30, End: 34, Date: "2011-01-01", Granularity: "year"},
	}
	pred := []when.Date{
		{Start: 0, End: 13, Time: day("2019-02-01"), Granularity: when.Month},
		{Start: 17, End: 26, Time: day("2022-05-01"), Granularity: when.Day}, // a week off
		{Start: 40, End: 44, Time: day("2020-01-01"), Granularity: when.Year},
	}
	s := ScoreDates(gold, pred)
	if want := (DateScore{Gold: 3, Found: 2, Correct: 1, Predicted: 3, Matched: 2}); s != want {
		t.Fatalf("got %+v, want %+v", s, want)
	}
}

func TestScoreDateline(t *testing.T) {
	g := &Dateline{Place: "TEHRAN", Region: "Iran", Agency: "Reuters"}
	tests := []struct {
		name  string
		gold  *Dateline
		pred  when.Dateline
		found bool
		want  DatelineScore
	}{
		{"right", g, when.Dateline{Place: "Tehran", Region: "Iran", Agency: "Reuters"}, true, DatelineScore{1, 1, 1}},
		{"wrong agency", g, when.Dateline{Place: "TEHRAN", Region: "Iran"}, true, DatelineScore{1, 1, 0}},
		{"missed", g, when.Dateline{}, false, DatelineScore{1, 0, 0}},
		{"spurious", nil, when.Dateline{Place: "HAMAS"}, true, DatelineScore{0, 1, 0}},
		{"none", nil, when.Dateline{}, false, DatelineScore{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ScoreDateline(tt.gold, tt.pred, tt.found); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestEvaluateWithAnnotator runs Evaluate with an annotator that returns
// the gold entities: entity F1 is 1, and its mentions reach quote.Find.
func TestEvaluateWithAnnotator(t *testing.T) {
	items, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	byText := make(map[string][]EntitySpan)
	for _, it := range items {
		byText[it.Text] = it.Entities
	}
	r := Evaluate(items[:10], func(text string) []EntitySpan { return byText[text] })
	if r.All.Entities == nil || r.All.Entities.F1() != 1 {
		t.Fatalf("entities %+v, want F1 1", r.All.Entities)
	}
	if r.All.QuotesWithEntities == nil || *r.All.QuotesWithEntities != r.All.QuotesWithGold {
		t.Errorf("quotes with the annotator's (gold) entities %+v differ from quotes with gold entities %+v", r.All.QuotesWithEntities, r.All.QuotesWithGold)
	}
	if !strings.Contains(r.String(), "entities P/R/F1") {
		t.Error("report lacks the entity row")
	}
}

func TestMentions(t *testing.T) {
	got := Mentions([]EntitySpan{{Text: "Raisi", Type: "PER", Start: 3, End: 8}, {Text: "Ali", Type: "PER", Start: 9, End: 12, Entity: 4, Title: "Ayatollah"}})
	if got[0].Entity != -1 || got[1].Entity != 4 || got[1].Title != "Ayatollah" || got[0].Name != "Raisi" {
		t.Errorf("got %+v", got)
	}
}
