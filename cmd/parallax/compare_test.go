package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/compare"
)

// The seed story: Khamenei's statement in two wordings, the war's death
// toll one quantity with compatible figures, no agreement as a difference.
func TestSeedComparison(t *testing.T) {
	seeds := filepath.Join("..", "..", "..", "shared", "seeds", "seeds.jsonl")
	if _, err := os.Stat(seeds); err != nil {
		t.Skipf("seed corpus not present at %s (it lives beside the repository, not in it)", seeds)
	}
	db := filepath.Join(t.TempDir(), "p.db")
	if code, out, errOut := runCmd(t, db, "", "ingest", seeds); code != exitOK {
		t.Fatalf("ingest seeds: status %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, db, "", "story", "1", "--compare", "--json")
	if code != exitOK {
		t.Fatalf("story --compare: status %d\n%s", code, errOut)
	}
	var v struct{ Comparison compare.Comparison }
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	c := v.Comparison
	if !slices.ContainsFunc(c.Quotes, func(q compare.QuoteGroup) bool {
		return strings.Contains(q.Speaker, "Khamenei") && len(q.Variants) == 2 && len(q.Sources) == 2 && !q.Variants[1].Same
	}) {
		t.Errorf("no Khamenei quote in two wordings: %+v", c.Quotes)
	}
	toll := slices.IndexFunc(c.Claims, func(g compare.ClaimGroup) bool {
		return g.Unit == "people" && len(g.Claims) == 2 && g.Claims[0].Claim.Value >= 300_000
	})
	if toll < 0 {
		t.Fatalf("no death-toll group in %+v", c.Claims)
	}
	g := c.Claims[toll]
	if g.Class != compare.Compatible || !strings.Contains(g.Reason, "400,000") || !strings.Contains(g.Reason, "350,000") ||
		!strings.Contains(g.Reason, "overlap") || !strings.Contains(g.Reason, "UN") {
		t.Errorf("death toll %s: %q, want compatible, both figures, overlapping ranges, the UN", g.Class, g.Reason)
	}
	for _, d := range c.Dates {
		if d.Class != compare.Agree {
			t.Errorf("date group %q is a difference", d.Reason)
		}
	}
	for _, f := range c.Coverage.Differences {
		if f.Kind == "claim" && c.Claims[f.Index].Class == compare.Agree {
			t.Errorf("agreed claim listed as a difference: %q", f.Text)
		}
	}
	code, out, _ = runCmd(t, db, "", "story", "1", "--compare")
	if code != exitOK || !strings.Contains(out, "Comparison of 2 sources") {
		t.Errorf("story --compare text:\n%s", out)
	}
}
