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
// strike story as the one it came close to, then commits later reports:
// the lone story folds into the strike story at the commit its second look
// falls due (the RecheckAfter-th later report that touches the strike
// story, or whatever the reports, RecheckWithin reports later when they
// are undated and the first report RecheckWait later when they are
// dated), unless it has gained a report of its own by then or the story
// it came close to reports something else.
func TestSecondLook(t *testing.T) {
	const (
		loneStory = 20
		strike    = 1
		within    = 12
	)
	// Later reports: joining the strike story, or an unrelated story of
	// their own, or one of their own with the strike story as runner-up.
	joins := func(int) Decision { return Decision{Assignment: news.Assignment{StoryID: strike}} }
	unrelated := func(i int) Decision {
		return Decision{Assignment: news.Assignment{StoryID: int64(30 + i), NewStory: true}}
	}
	closeBy := func(i int) Decision {
		d := unrelated(i)
		d.runnerUp = strike
		return d
	}
	cases := []struct {
		name string
		// near is the story the lone report came close to: 1 is the
		// strike, 2 the quake.
		near  int64
		later func(i int) Decision
		// dated gives the lone report a time, and the i-th later report
		// one i+1 hours after it; otherwise they are undated.
		dated   bool
		recheck float64
		// foldAt is the later report at whose commit the lone story
		// folds into the strike story (1 for the first), 0 for never.
		foldAt int
	}{
		{name: "folds in once five reports join the story", near: strike, later: joins, recheck: 0.5, foldAt: 5},
		{name: "reports with the story as runner-up count", near: strike, later: closeBy, recheck: 0.5, foldAt: 5},
		{name: "unrelated reports do not bring it forward", near: strike, later: unrelated, recheck: 0.5, foldAt: within},
		{name: "dated, unrelated reports wait for the time", near: strike, later: unrelated, dated: true, recheck: 0.5, foldAt: 10},
		{name: "dated, five reports joining the story", near: strike, later: joins, dated: true, recheck: 0.5, foldAt: 5},
		{name: "joined before due", near: strike, recheck: 0.5, later: func(i int) Decision {
			if i == 0 {
				return Decision{Assignment: news.Assignment{StoryID: loneStory}}
			}
			return joins(i)
		}},
		{name: "came close to another event", near: 2, recheck: 0.5, later: func(int) Decision {
			return Decision{Assignment: news.Assignment{StoryID: 2}}
		}},
		{name: "second look disabled", near: strike, later: joins, recheck: 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := DefaultParams()
			p.Recheck, p.RecheckWithin = c.recheck, within
			e, err := New(p, 1)
			if err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
			strikeReport, quake := fixtures[1], fixtures[0]
			e.Restore(Featurize(strikeReport.title, strikeReport.text, strikeReport.source, at, p), 1, strike)
			e.Restore(Featurize(quake.title, quake.text, quake.source, at, p), 2, 2)
			e.Restore(Featurize("Valmora strike enters second day", strikeReport.text, "Gazette", at, p), 3, strike)
			for i := range 10 {
				bg := Featurize(fmt.Sprintf("Council debates budget item %d", i),
					fmt.Sprintf("The council debated budget item %d on roads and schools for %d hours.", i, i+2), "", at, p)
				e.Restore(bg, int64(i+4), int64(i+3))
			}
			if p.RecheckWait != 10*time.Hour {
				t.Fatalf("RecheckWait %v: the dated case expects the default of 10 hours", p.RecheckWait)
			}
			published := func(hours int) time.Time {
				if !c.dated {
					return time.Time{}
				}
				return at.Add(time.Duration(hours) * time.Hour)
			}
			lone := Featurize(obliqueTitle, obliqueText, "Ledger", published(0), p)
			dec := Decision{Assignment: news.Assignment{StoryID: loneStory, NewStory: true}, near: c.near}
			if m, merged := e.Commit(lone, 100, dec); merged {
				t.Fatalf("merged before the second look was due: %+v", m)
			}
			var got []news.Merge
			for i := range within + 3 {
				d := Featurize(fmt.Sprintf("Orchard fair opens in Tessly %d", i),
					fmt.Sprintf("The Tessly orchard fair opened with %d stalls of apples and pears.", i+10), "", published(i+1), p)
				if m, merged := e.Commit(d, int64(101+i), c.later(i)); merged {
					if i+1 != c.foldAt {
						t.Errorf("merge at later report %d, want at %d", i+1, c.foldAt)
					}
					got = append(got, m)
				}
			}
			switch {
			case c.foldAt > 0 && (len(got) != 1 || got[0].From != loneStory || got[0].Into != strike):
				t.Errorf("merges %+v, want story %d folded into %d", got, loneStory, strike)
			case c.foldAt == 0 && len(got) > 0:
				t.Errorf("merges %+v, want none", got)
			}
			if c.foldAt > 0 && e.Resolve(loneStory) != strike {
				t.Errorf("Resolve(%d) = %d, want %d", loneStory, e.Resolve(loneStory), strike)
			}
		})
	}
}

// A second look waits on the story its report came close to even when
// that story is folded into another: the reports that touch the story it
// joined count on.
func TestSecondLookFollowsMerges(t *testing.T) {
	p := DefaultParams()
	e, at := strikeReports(t, p, 1, 5)
	strike := fixtures[1]
	lone := Featurize(obliqueTitle, obliqueText, "Ledger", at.Add(time.Hour), p)
	e.Commit(lone, 10, Decision{Assignment: news.Assignment{StoryID: 20, NewStory: true}, near: 5})
	// Story 5 folds into story 1, and later reports join story 1.
	e.fold(e.stories[5], e.stories[1])
	for i := range p.RecheckAfter {
		d := Featurize(fmt.Sprintf("Valmora dockers meet harbour authority %d", i), strike.text, "Wire", at.Add(2*time.Hour), p)
		m, merged := e.Commit(d, int64(11+i), Decision{Assignment: news.Assignment{StoryID: 1}})
		if merged != (i == p.RecheckAfter-1) || merged && (m.From != 20 || m.Into != 1) {
			t.Errorf("report %d joining story 1: merge %+v (%v)", i+1, m, merged)
		}
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

// A second look due at the latest by time does not wait behind one due
// later: publication times come out of order, and one may be years
// wrong.
func TestSecondLookDueByTimeInAnyOrder(t *testing.T) {
	p := DefaultParams()
	e, at := strikeReports(t, p, 1, 1)
	// A lone report dated decades ahead, then one dated an hour after the
	// strike story, both close to it.
	wrong := Featurize("Dockers' children stage a school play", "Children of the Valmora dockers staged a play about the harbour.", "Ledger", time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), p)
	e.Commit(wrong, 10, Decision{Assignment: news.Assignment{StoryID: 20, NewStory: true}, near: 1})
	lone := Featurize(obliqueTitle, obliqueText, "Ledger", at.Add(time.Hour), p)
	e.Commit(lone, 11, Decision{Assignment: news.Assignment{StoryID: 21, NewStory: true}, near: 1})
	// Unrelated reports, an hour apart from hour 2 on. The lone report's
	// look falls due RecheckWait after it.
	dueHour := 1 + int(p.RecheckWait/time.Hour)
	for hour := 2; hour <= dueHour+2; hour++ {
		d := Featurize(fmt.Sprintf("Orchard fair opens in Tessly %d", hour),
			fmt.Sprintf("The Tessly orchard fair opened with %d stalls of apples and pears.", hour+10), "", at.Add(time.Duration(hour)*time.Hour), p)
		m, merged := e.Commit(d, int64(10+hour), Decision{Assignment: news.Assignment{StoryID: int64(30 + hour), NewStory: true}})
		if merged != (hour == dueHour) || merged && (m.From != 21 || m.Into != 1) {
			t.Errorf("report of hour %d: merge %+v (%v), want the lone story folded in at hour %d", hour, m, merged, dueHour)
		}
	}
	if e.Resolve(21) != 1 || e.Resolve(20) != 20 {
		t.Errorf("Resolve(21) = %d, Resolve(20) = %d; want 1 and 20", e.Resolve(21), e.Resolve(20))
	}
}

// strikeReports returns an engine holding two reports of the Valmora
// strike (fixtures[1]), placed in stories first and second, and their
// time.
func strikeReports(t *testing.T, p Params, first, second int64) (*Engine, time.Time) {
	t.Helper()
	e, err := New(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	strike := fixtures[1]
	e.Restore(Featurize(strike.title, strike.text, strike.source, at, p), 1, first)
	e.Restore(Featurize("Valmora strike enters second day", strike.text, "Gazette", at, p), 2, second)
	return e, at
}
