package gold

import "testing"

// TestRun scores the finders on the whole gold set and holds them to the
// targets: quote-speaker accuracy and claim value-and-hedge accuracy at
// least 0.90 on each subset.
func TestRun(t *testing.T) {
	r := Run(nil)
	t.Logf("\n%s", r)
	if r.Dev.Items == 0 || r.Test.Items == 0 {
		t.Fatalf("empty subsets: %+v", r)
	}
	for name, s := range map[string]Scores{"dev": r.Dev, "test": r.Test} {
		if a := s.Quotes.SpeakerAccuracy(); a < 0.90 {
			t.Errorf("%s: quote-speaker accuracy %.3f, target 0.90", name, a)
		}
		if a := s.Claims.ValueHedgeAccuracy(); a < 0.90 {
			t.Errorf("%s: claim value+hedge accuracy %.3f, target 0.90", name, a)
		}
	}
	if r.All.Entities != nil || r.All.QuotesWithEntities != nil {
		t.Error("entity scores without an annotator")
	}
}
