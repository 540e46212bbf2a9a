package cluster

import (
	"slices"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/synth"
)

// tightParams are settings whose bounds a few thousand articles overrun
// many times: stories are pruned at every report, forgotten by the
// window and by count, slots are reused, the reprint ring wraps and the
// posting lists are cleaned again and again.
func tightParams() Params {
	p := DefaultParams()
	p.CentroidTerms = 12
	p.MaxStories = 60
	p.Copies = 40
	p.PostingsScan = 6
	p.Window = 3 * time.Hour
	return p
}

// checkInvariants verifies what the engine's indexes promise: every story
// held sits in its slot, its vectors are sorted and within their bounds,
// and every posting entry is either stale or names a term its story held
// when posted.
func checkInvariants(t *testing.T, e *Engine) {
	t.Helper()
	for id, s := range e.stories {
		if s.id != id || e.slots[s.slot].s != s {
			t.Fatalf("story %d is not in its slot %d", id, s.slot)
		}
		for _, ch := range []*channel{&s.terms, &s.names, &s.years, &s.numbers} {
			if !slices.IsSorted(ch.c.ids) || len(ch.c.ids) != len(ch.c.ws) {
				t.Fatalf("story %d has an unsorted or ragged centroid", id)
			}
		}
		if s.terms.c.len() > e.p.CentroidTerms*3/2 {
			t.Fatalf("story %d keeps %d terms, more than the bound", id, s.terms.c.len())
		}
	}
	live := 0
	for _, sl := range e.slots {
		if sl.s != nil {
			live++
		}
	}
	if live != len(e.stories) {
		t.Fatalf("%d slots hold stories, %d stories held", live, len(e.stories))
	}
	for n, pl := range e.vocab.postings {
		for _, r := range pl.stories {
			sl := e.slots[r.slot]
			if r.version > sl.version {
				t.Fatalf("term %d: posting entry from the future (version %d > %d)", n, r.version, sl.version)
			}
			if s := e.live(r); s != nil && r.version == sl.version && !slices.Contains(s.terms.c.ids, uint32(n)) {
				t.Fatalf("term %d: current entry for story %d, which lacks the term", n, s.id)
			}
		}
	}
}

// A stream that overruns every bound keeps the indexes consistent, and
// placing it twice gives the same stories and merges.
func TestTightBoundsStayConsistentAndDeterministic(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Articles, cfg.Words, cfg.ActiveEvents, cfg.PerHour, cfg.ReprintShare = 3000, 80, 40, 200, 0.2
	arts := synth.Generate(cfg)
	place := func() ([]int64, *Engine) {
		p := tightParams()
		e, err := New(p, 1)
		if err != nil {
			t.Fatal(err)
		}
		var stories []int64
		for i, a := range arts {
			d := Featurize(a.Title, a.Text, a.Source, a.Published, p)
			dec := e.Assign(d)
			m, merged := e.Commit(d, int64(i+1), dec)
			stories = append(stories, dec.StoryID)
			if merged {
				stories = append(stories, -m.From, -m.Into)
			}
			if i%500 == 499 {
				checkInvariants(t, e)
			}
		}
		checkInvariants(t, e)
		return stories, e
	}
	first, e := place()
	second, _ := place()
	if !slices.Equal(first, second) {
		t.Fatalf("two placements of one stream differ")
	}
	if e.Stories() > e.p.MaxStories+sweepEvery {
		t.Errorf("%d stories held, bound %d (+ one sweep interval)", e.Stories(), e.p.MaxStories)
	}
	if e.copies.Len() > e.p.Copies {
		t.Errorf("reprint index holds %d texts, bound %d", e.copies.Len(), e.p.Copies)
	}
	if len(e.free) == 0 {
		t.Errorf("no slot was ever freed: the bounds were not exercised")
	}
}
