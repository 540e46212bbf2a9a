package cluster

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

type fixture struct {
	event, source, title, text string
	at                         string
}

// Two events of one kind (earthquakes in different places and weeks), one
// port strike, a reprint of a strike report and a headline-only item.
var fixtures = []fixture{
	{"quake-sarvan", "Northgate Herald", "Magnitude 6.1 earthquake hits Sarvan province",
		"A magnitude 6.1 earthquake struck the mountain province of Sarvan early on Monday, collapsing homes in the towns of Elbor and Keshet. Governor Anil Dorrane said at least 42 people had died and rescue teams from the Red Crescent were searching collapsed buildings in Elbor. The quake was centred 12 kilometres below the Keshet valley.", "2026-03-02T06:00:00Z"},
	{"strike-valmora", "Coastline Wire", "Valmora dock workers walk out over night shift pay",
		"Dock workers at the port of Valmora began an open-ended strike on Tuesday, demanding higher night shift pay from the Valmora Harbour Authority. Union leader Marta Ilves said container ships were already queuing offshore and the dockers would not return until the authority raised its offer. The harbour authority called the walkout unlawful.", "2026-03-03T09:00:00Z"},
	{"quake-sarvan", "Daily Meridian", "Death toll rises in Sarvan earthquake",
		"Rescue teams in Sarvan province pulled survivors from the rubble of Elbor on Tuesday as the death toll from Monday's magnitude 6.1 earthquake rose to 57, Governor Anil Dorane told reporters. The Red Crescent opened shelters in Keshet for families whose homes collapsed in the quake.", "2026-03-03T10:00:00Z"},
	{"strike-valmora", "Harbour Times", "",
		"Dock workers at the port of Valmora began an open-ended strike on Tuesday, demanding higher night shift pay from the Valmora Harbour Authority. Union leader Marta Ilves said container ships were already queuing offshore and the dockers would not return until the authority raised its offer. Reporting by Coastline Wire.", "2026-03-03T11:00:00Z"},
	{"strike-valmora", "Business Ledger", "Valmora port strike leaves ships queuing offshore", "", "2026-03-03T12:00:00Z"},
	{"quake-tirel", "Northgate Herald", "Magnitude 5.8 earthquake shakes Tirel coast",
		"A magnitude 5.8 earthquake shook the coastal region of Tirel on Sunday evening, cracking the harbour wall at Portanza and cutting power to 30,000 homes. Mayor Lucia Venn said two fishermen were injured when a pier collapsed, and the national seismic institute warned of aftershocks along the Tirel fault.", "2026-03-22T19:00:00Z"},
	{"quake-tirel", "Daily Meridian", "Aftershocks rattle Tirel after coastal quake",
		"Aftershocks rattled Portanza on Monday after Sunday's magnitude 5.8 earthquake off the Tirel coast. Power was back for most of the 30,000 homes that lost it, Mayor Lucia Venn said, and engineers were inspecting the cracked harbour wall and the collapsed pier.", "2026-03-23T08:00:00Z"},
}

func run(t *testing.T, p Params, fs []fixture) ([]news.Assignment, *Engine) {
	t.Helper()
	e, err := New(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]news.Assignment, len(fs))
	for i, f := range fs {
		at, err := time.Parse(time.RFC3339, f.at)
		if err != nil {
			t.Fatal(err)
		}
		d := Featurize(f.title, f.text, f.source, at, p)
		dec := e.Assign(d)
		out[i] = dec.Assignment
		e.Commit(d, int64(i+1), dec)
	}
	return out, e
}

func TestAssignSeparatesEventsOfOneKind(t *testing.T) {
	asg, e := run(t, DefaultParams(), fixtures)
	storyOf := map[string]int64{}
	for i, f := range fixtures {
		got := asg[i].StoryID
		if want, seen := storyOf[f.event]; seen && got != want {
			t.Errorf("article %d (%s) went to story %d, want %d with its event; evidence %+v", i+1, f.event, got, want, asg[i])
		}
		for ev, sid := range storyOf {
			if ev != f.event && sid == got {
				t.Errorf("article %d (%s) joined story %d of event %s", i+1, f.event, got, ev)
			}
		}
		storyOf[f.event] = got
	}
	if e.Stories() != 3 {
		t.Errorf("%d stories, want 3", e.Stories())
	}
}

func TestAssignEvidence(t *testing.T) {
	asg, _ := run(t, DefaultParams(), fixtures)
	first := asg[0]
	if !first.NewStory || first.StoryID != 1 {
		t.Errorf("first article: %+v, want a new story 1", first)
	}
	joined := asg[2]
	if joined.NewStory || joined.Score < DefaultParams().Threshold {
		t.Fatalf("second quake report: %+v, want to join with a score above the threshold", joined)
	}
	if !contains(joined.Entities, "Sarvan") || !contains(joined.Entities, "Elbor") {
		t.Errorf("shared names %v, want Sarvan and Elbor among them", joined.Entities)
	}
	if len(joined.Terms) == 0 {
		t.Error("no shared terms recorded")
	}
	if joined.TimeGap != 28*time.Hour {
		t.Errorf("time gap %v, want 28h", joined.TimeGap)
	}
	reprint := asg[3]
	if reprint.DuplicateOf != 2 || reprint.Similarity < DefaultParams().DuplicateThreshold {
		t.Errorf("reprint: %+v, want DuplicateOf 2 with resemblance above the threshold", reprint)
	}
	if headline := asg[4]; headline.StoryID != asg[1].StoryID {
		t.Errorf("headline-only item went to story %d, want the strike story %d (%+v)", headline.StoryID, asg[1].StoryID, headline)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestAssignIsDeterministic(t *testing.T) {
	a, _ := run(t, DefaultParams(), fixtures)
	for range 5 {
		b, _ := run(t, DefaultParams(), fixtures)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("runs differ:\n%v\n%v", a, b)
		}
	}
}

// Committing stored assignments into a fresh engine (what a restart does)
// must leave it in the state the first engine had.
func TestRestoreMatchesLiveState(t *testing.T) {
	p := DefaultParams()
	half := len(fixtures) - 2
	asg, live := run(t, p, fixtures[:half])
	restored, err := New(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range fixtures[:half] {
		at, _ := time.Parse(time.RFC3339, f.at)
		restored.Restore(Featurize(f.title, f.text, f.source, at, p), int64(i+1), asg[i].StoryID)
	}
	for _, f := range fixtures[half:] {
		at, _ := time.Parse(time.RFC3339, f.at)
		d := Featurize(f.title, f.text, f.source, at, p)
		a, b := live.Assign(d), restored.Assign(d)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("live %+v, restored %+v", a, b)
		}
		live.Commit(d, 100, a)
		restored.Commit(d, 100, b)
	}
}

func TestWindowClosesQuietStories(t *testing.T) {
	p := DefaultParams()
	p.Window = 24 * time.Hour
	late := fixtures[2]
	late.at = "2026-04-20T10:00:00Z"
	asg, _ := run(t, p, []fixture{fixtures[0], late})
	if !asg[1].NewStory {
		t.Errorf("a report seven weeks after the story's last one joined it: %+v", asg[1])
	}
}

// A report that arrives after its story has been quiet for longer than
// Window finds the story dormant, though nothing else came in meanwhile:
// it re-opens the story only when it clears the threshold by
// ReopenMargin. The follow-up comes eight hours after the first report,
// before time decay starts, so its score is the same in every case, and
// the margin is set just above and just below what it clears.
func TestDormantStoryReopensOnlyForAClearMatch(t *testing.T) {
	first, follow := fixtures[0], fixtures[2]
	follow.at = "2026-03-02T14:00:00Z" // fixtures[0] is at 06:00
	open := DefaultParams()
	open.Window = 0
	asg, e := run(t, open, []fixture{first, follow})
	if asg[1].NewStory {
		t.Fatalf("the follow-up started a story with every story open: %+v", asg[1])
	}
	at, _ := time.Parse(time.RFC3339, follow.at)
	clears := asg[1].Score - e.threshold(Featurize(follow.title, follow.text, follow.source, at, open))
	for _, tc := range []struct {
		name   string
		margin float64
		joins  bool
	}{
		{"margin above what it clears", clears + 0.02, false},
		{"margin below what it clears", clears - 0.02, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultParams()
			p.Window = 4 * time.Hour
			p.ReopenMargin = tc.margin
			asg, _ := run(t, p, []fixture{first, follow})
			if joined := !asg[1].NewStory; joined != tc.joins {
				t.Errorf("joined %v, want %v (score %.3f, clears the threshold by %.3f, margin %.3f)", joined, tc.joins, asg[1].Score, clears, tc.margin)
			}
		})
	}
}

// Time decay stops at DecayFloor: a follow-up three days after the
// story's only report scores half what it scores eight hours after it
// (before decay starts), not the eighth the half-life alone would leave,
// so a clear match still joins; and within DecayAfter nothing decays.
func TestTimeDecayStopsAtItsFloor(t *testing.T) {
	first := fixture{"trial-brenn", "Coastline Wire", "Former Halden mayor Oskar Brenn goes on trial over port contracts",
		"Former Halden mayor Oskar Brenn went on trial at the Lindqvist district court on Monday, accused of taking bribes worth 1.2 million crowns from the dredging firm Norsund Marine in return for port contracts. Prosecutor Elin Vasska told the court that Brenn steered three harbour tenders to Norsund Marine between 2021 and 2023. Brenn denies the charges.",
		"2026-03-02T06:00:00Z"}
	follow := fixture{"trial-brenn", "Northgate Herald", "Oskar Brenn tells Lindqvist court the Norsund Marine payments were loans",
		"Former Halden mayor Oskar Brenn told the Lindqvist district court that the 1.2 million crowns he received from Norsund Marine were private loans, not bribes for the port contracts. Prosecutor Elin Vasska asked Brenn why the harbour tenders went to Norsund Marine three times between 2021 and 2023. The trial continues.",
		""}
	score := func(p Params, at string) (float64, bool) {
		t.Helper()
		f := follow
		f.at = at
		asg, _ := run(t, p, []fixture{first, f})
		return asg[1].Score, !asg[1].NewStory
	}
	p := DefaultParams()
	p.Window = 0
	fresh, _ := score(p, "2026-03-02T14:00:00Z")
	if fresh < 2*p.Threshold {
		t.Fatalf("the follow-up scores %.3f the same morning; the test needs a clear match, at least %.3f", fresh, 2*p.Threshold)
	}
	gap := 72.0 // hours
	halvings := (gap - p.DecayAfter.Hours()) / p.HalfLife.Hours()
	for _, tc := range []struct {
		name  string
		floor float64
		want  float64
		joins bool
	}{
		{"default floor", p.DecayFloor, fresh * p.DecayFloor, true},
		{"no floor", 0, fresh * math.Exp2(-halvings), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := p
			q.DecayFloor = tc.floor
			got, joined := score(q, "2026-03-05T06:00:00Z")
			if math.Abs(got-tc.want) > 1e-9 || joined != tc.joins {
				t.Errorf("three days later: score %.4f, joined %v; want %.4f (%.4f the same morning), joined %v", got, joined, tc.want, fresh, tc.joins)
			}
		})
	}
}

func TestEmptyArticleStartsStory(t *testing.T) {
	asg, _ := run(t, DefaultParams(), []fixture{fixtures[0], {"x", "s", "", "", "2026-03-02T07:00:00Z"}})
	if !asg[1].NewStory {
		t.Errorf("an article with no words joined a story: %+v", asg[1])
	}
}

func TestParamsValidate(t *testing.T) {
	if err := DefaultParams().Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	bad := []func(*Params){
		func(p *Params) { p.Threshold = 0 },
		func(p *Params) { p.Threshold = 1.5 },
		func(p *Params) { p.NameBoost = 0 },
		func(p *Params) { p.Window = -time.Hour },
		func(p *Params) { p.QueryTerms = 0 },
		func(p *Params) { p.DuplicateThreshold = 0 },
		func(p *Params) { p.ShingleMinWords = 2 },
		func(p *Params) { p.FullLength = 0 },
		func(p *Params) { p.YearWeight = 1.5 },
		func(p *Params) { p.NumberWeight = -0.1 },
		func(p *Params) { p.DecayFloor = 1.5 },
		func(p *Params) { p.RecheckWithin = p.RecheckAfter - 1 },
		func(p *Params) { p.RecheckWait = -time.Hour },
	}
	for i, mutate := range bad {
		p := DefaultParams()
		mutate(&p)
		if err := p.Validate(); err == nil {
			t.Errorf("case %d: invalid params %+v accepted", i, p)
		}
		if _, err := New(p, 1); err == nil {
			t.Errorf("case %d: New accepted invalid params", i)
		}
	}
}

func BenchmarkFeaturize(b *testing.B) {
	text := strings.Repeat(fixtures[0].text+" "+fixtures[1].text+" ", 4)
	p := DefaultParams()
	at := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		Featurize(fixtures[0].title, text, "s", at, p)
	}
}

// Two stories that turn out to report one event merge once the evidence
// is in, and the older survives; both IDs resolve to it.
func TestMergeHealsASplit(t *testing.T) {
	p := DefaultParams()
	e, err := New(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	strike := fixtures[1]
	// A headline alone is too thin to join the strike story…
	first := Featurize(strike.title, strike.text, strike.source, at, p)
	e.Commit(first, 1, e.Assign(first))
	other := Featurize("Harbour authority rejects Valmora union demands", "", "Ledger", at.Add(time.Hour), p)
	b := Decision{Assignment: news.Assignment{StoryID: 2, NewStory: true}, runnerUp: 1}
	if m, merged := e.Commit(other, 2, b); merged {
		t.Fatalf("a one-line headline merged stories: %+v", m)
	}
	// …but a full report on the same strike, placed in the second story
	// with the first as runner-up, makes the two stories one.
	full := Featurize("Valmora strike enters second day", strike.text, "Gazette", at.Add(2*time.Hour), p)
	m, merged := e.Commit(full, 3, Decision{Assignment: news.Assignment{StoryID: 2}, runnerUp: 1})
	if !merged || m.From != 2 || m.Into != 1 || m.Score < p.MergeThreshold {
		t.Fatalf("Commit = %+v, %v; want story 2 merged into 1", m, merged)
	}
	if e.Resolve(2) != 1 || e.Resolve(1) != 1 || e.Stories() != 1 {
		t.Errorf("after merge: Resolve(2) = %d, Resolve(1) = %d, %d stories", e.Resolve(2), e.Resolve(1), e.Stories())
	}
	// A later reprint of an article of the merged-away story lands in the
	// surviving story.
	reprint := Featurize("", strike.text, "Echo", at.Add(3*time.Hour), p)
	if got := e.Assign(reprint); got.StoryID != 1 || got.DuplicateOf == 0 {
		t.Errorf("reprint assigned %+v, want story 1 as a copy", got)
	}
}

func TestMergeDisabled(t *testing.T) {
	p := DefaultParams()
	p.MergeThreshold = 0
	e, _ := New(p, 1)
	s := fixtures[1]
	d := Featurize(s.title, s.text, s.source, time.Time{}, p)
	e.Commit(d, 1, Decision{Assignment: news.Assignment{StoryID: 1}})
	if m, merged := e.Commit(d, 2, Decision{Assignment: news.Assignment{StoryID: 2}, runnerUp: 1}); merged {
		t.Errorf("merged with merging disabled: %+v", m)
	}
}

// An article dated decades ahead, by mistake or by design, neither makes
// the stories look quiet nor gets them forgotten: thousands of articles
// later, a follow-up on a story from before it still joins that story.
func TestAWrongDateDoesNotAgeTheStories(t *testing.T) {
	p := DefaultParams()
	e, err := New(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	place := func(id int64, title, text string, published time.Time) Decision {
		t.Helper()
		d := Featurize(title, text, "src", published, p)
		dec := e.Assign(d)
		e.Commit(d, id, dec)
		return dec
	}
	quake := place(1, fixtures[0].title, fixtures[0].text, at)
	place(2, "Garden show opens", "The garden show opened its gates with a thousand roses.", time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC))
	// Enough articles for the engine to sweep its stories several times.
	for i := range 3 * sweepEvery {
		place(int64(3+i), fmt.Sprintf("Council debates item %d", i),
			fmt.Sprintf("The council debated budget item %d for %d hours.", i, i%7+1), at.Add(time.Hour))
	}
	follow := place(9999, fixtures[2].title, fixtures[2].text, at.Add(3*time.Hour))
	if follow.NewStory || e.Resolve(follow.StoryID) != e.Resolve(quake.StoryID) {
		t.Errorf("the follow-up started story %d (score %.3f), want it in the quake story %d", follow.StoryID, follow.Score, quake.StoryID)
	}
}
