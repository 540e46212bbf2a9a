package compare

import "testing"

func TestEvaluate(t *testing.T) {
	ss, err := Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) < 15 {
		t.Fatalf("%d scenarios, want at least 15", len(ss))
	}
	for _, split := range []string{"dev", "heldout"} {
		sc := Evaluate(ss, split)
		t.Logf("%s: %d scenarios, claims P %.3f R %.3f, quotes P %.3f R %.3f", split, sc.Scenarios,
			sc.ClaimPrecision, sc.ClaimRecall, sc.QuotePrecision, sc.QuoteRecall)
		if split == "dev" {
			for _, e := range sc.Errors {
				t.Log(e)
			}
		}
	}
}
