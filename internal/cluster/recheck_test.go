package cluster

import (
	"fmt"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// An oblique follow-up on the Valmora strike (fixtures[1]): it shares the
// port, the union leader and the ships, but little of the wording.
const (
	obliqueTitle = "Shipping lines divert cargo away from Valmora"
	obliqueText  = "Two shipping lines said on Wednesday they would send container ships to other ports while the Valmora dockers stay out. Marta Ilves, who leads the union, said the diversions showed how much the harbour depended on the night shifts."
)

// TestSecondLook places a lone report in a story of its own with the
// strike story as the one it came close to, then commits unrelated
// reports: the lone story folds into the strike story at the commit its
// second look falls due, unless it has gained a report of its own by then
// or the story it came close to reports something else.
func TestSecondLook(t *testing.T) {
	cases := []struct {
		name string
		// near is the story the lone report came close to: 1 is the strike.
		near int64
		// joined makes the first later report join the lone story.
		joined  bool
		recheck float64
		want    bool
	}{
		{name: "folds in when due", near: 1, recheck: 0.5, want: true},
		{name: "joined before due", near: 1, joined: true, recheck: 0.5},
		{name: "came close to another event", near: 2, recheck: 0.5},
		{name: "second look disabled", near: 1, recheck: 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := DefaultParams()
			p.Recheck = c.recheck
			e, err := New(p, 1)
			if err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
			strike, quake := fixtures[1], fixtures[0]
			e.Restore(Featurize(strike.title, strike.text, strike.source, at, p), 1, 1)
			e.Restore(Featurize(quake.title, quake.text, quake.source, at, p), 2, 2)
			e.Restore(Featurize("Valmora strike enters second day", strike.text, "Gazette", at, p), 3, 1)
			for i := range 10 {
				bg := Featurize(fmt.Sprintf("Council debates budget item %d", i),
					fmt.Sprintf("The council debated budget item %d on roads and schools for %d hours.", i, i+2), "", at, p)
				e.Restore(bg, int64(i+4), int64(i+3))
			}
			lone := Featurize(obliqueTitle, obliqueText, "Ledger", at.Add(time.Hour), p)
			const loneStory = 20
			dec := Decision{Assignment: news.Assignment{StoryID: loneStory, NewStory: true}, near: c.near}
			if m, merged := e.Commit(lone, 100, dec); merged {
				t.Fatalf("merged before the second look was due: %+v", m)
			}
			var got []news.Merge
			for i := range p.RecheckAfter + 2 {
				d := Featurize(fmt.Sprintf("Orchard fair opens in Tessly %d", i),
					fmt.Sprintf("The Tessly orchard fair opened with %d stalls of apples and pears.", i+10), "", at.Add(2*time.Hour), p)
				story := int64(30 + i)
				if c.joined && i == 0 {
					story = loneStory
				}
				m, merged := e.Commit(d, int64(101+i), Decision{Assignment: news.Assignment{StoryID: story, NewStory: story != loneStory}})
				if merged {
					if i != p.RecheckAfter-1 {
						t.Errorf("merge at the %d-th later commit, want the %d-th", i+1, p.RecheckAfter)
					}
					got = append(got, m)
				}
			}
			switch {
			case c.want && (len(got) != 1 || got[0].From != loneStory || got[0].Into != 1):
				t.Errorf("merges %+v, want story %d folded into 1", got, loneStory)
			case !c.want && len(got) > 0:
				t.Errorf("merges %+v, want none", got)
			}
			if c.want && e.Resolve(loneStory) != 1 {
				t.Errorf("Resolve(%d) = %d, want 1", loneStory, e.Resolve(loneStory))
			}
		})
	}
}

// Assign marks a new story for a second look exactly when its best
// candidate scored at least Recheck times the article's threshold.
func TestAssignMarksNearMisses(t *testing.T) {
	p := DefaultParams()
	e, err := New(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	addBackground(e, p)
	at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	strike := fixtures[1]
	e.Restore(Featurize(strike.title, strike.text, strike.source, at, p), 30, 30)
	marked := false
	for i, f := range []fixture{
		{title: "Freight rates climb on eastern routes", text: "Freight rates on eastern routes rose this week as vessels waited outside Valmora, brokers said. Insurers expect the delays to last into next month, and traders in grain, timber and copper ore are booking space on rail and river barges instead, at prices not seen since the floods."},
		{title: "Orchard fair opens in Tessly", text: "The Tessly orchard fair opened with 40 stalls of apples and pears."},
		fixtures[2],
	} {
		d := Featurize(f.title, f.text, "", at.Add(time.Hour), p)
		dec := e.Assign(d)
		if !dec.NewStory {
			continue
		}
		close := dec.Score >= p.Recheck*e.threshold(d)
		if close != (dec.near != 0) {
			t.Errorf("article %d: score %.3f against threshold %.3f, near %d", i, dec.Score, e.threshold(d), dec.near)
		}
		marked = marked || dec.near != 0
	}
	if !marked {
		t.Errorf("the freight report was not marked for a second look")
	}
}

// The second look keeps placement deterministic: the same articles in the
// same order give the same stories, merges included.
func TestSecondLookDeterministic(t *testing.T) {
	a, ea := run(t, DefaultParams(), fixtures)
	b, eb := run(t, DefaultParams(), fixtures)
	for i := range a {
		if ea.Resolve(a[i].StoryID) != eb.Resolve(b[i].StoryID) {
			t.Errorf("article %d: story %d then %d", i, ea.Resolve(a[i].StoryID), eb.Resolve(b[i].StoryID))
		}
	}
}
