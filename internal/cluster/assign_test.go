package cluster

import (
	"fmt"
	"testing"

	"github.com/parallax-news/parallax/internal/synth"
)

// Assign changes nothing a later decision sees: a stream whose every
// article is preceded by an article that is assigned and then turned
// away (as a store turns away one it already holds) gives the stories,
// scores and merges of the stream alone.
func TestAssignWithoutCommitLeavesLaterDecisionsAlone(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Articles, cfg.Words, cfg.ActiveEvents = 300, 40, 40
	arts := synth.Generate(cfg)
	p := DefaultParams()
	docs := make([]*Doc, len(arts))
	for i, a := range arts {
		docs[i] = Featurize(a.Title, a.Text, a.Source, a.Published, p)
	}
	merges := 0
	run := func(offerFirst bool) []string {
		e, err := New(p, 1)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for i, d := range docs {
			if offerFirst {
				// An article the stream placed long ago, and one still to come.
				e.Assign(docs[i/2])
				e.Assign(docs[(i+37)%len(docs)])
			}
			dec := e.Assign(d)
			m, merged := e.Commit(d, int64(i+1), dec)
			if merged && !offerFirst {
				merges++
			}
			out = append(out, fmt.Sprintf("%d %.9f %d %v %v", dec.StoryID, dec.Score, dec.DuplicateOf, merged, m))
		}
		return out
	}
	alone, offered := run(false), run(true)
	for i := range alone {
		if alone[i] != offered[i] {
			t.Fatalf("article %d: alone %q, after turned-away offers %q", i+1, alone[i], offered[i])
		}
	}
	if merges == 0 {
		t.Fatal("the stream merged no stories; the test needs merges to check them")
	}
}
