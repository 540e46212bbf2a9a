package cluster

import (
	"fmt"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/textproc"
	"github.com/zeebo/xxh3"
)

func stemID(w string) uint64 {
	var st textproc.Stemmer
	return xxh3.HashString(st.Stem(w))
}

func holds(terms []term, w string) bool {
	id := stemID(w)
	for _, t := range terms {
		if t.id == id {
			return true
		}
	}
	return false
}

func TestFeaturizeYearsFiguresAndCalendar(t *testing.T) {
	d := Featurize("Magnitude 6.1 quake strikes Orvania",
		"The earthquake struck on Monday, 4 March 2019, near the town of Lisk, killing 42 people. "+
			"It was the strongest since 1987, the Orvanian Seismic Office said on Tuesday.",
		"", time.Time{}, DefaultParams())
	for _, y := range []string{"2019", "1987"} {
		if !holds(d.years, y) {
			t.Errorf("years lack %s", y)
		}
		if holds(d.numbers, y) {
			t.Errorf("numbers hold the year %s", y)
		}
	}
	for _, n := range []string{"6.1", "42", "4"} {
		if !holds(d.numbers, n) {
			t.Errorf("numbers lack %s", n)
		}
	}
	for _, w := range []string{"monday", "march", "tuesday"} {
		if holds(d.names, w) {
			t.Errorf("names hold the calendar word %q", w)
		}
		if !holds(d.terms, w) {
			t.Errorf("terms lack %q", w)
		}
	}
	if !holds(d.names, "lisk") || !holds(d.names, "orvanian") {
		t.Errorf("names %v lack the place names", d.nameWords)
	}
}

// addBackground restores 20 unrelated one-report stories (articles and
// stories 2 to 21), so that inverse document frequencies mean something.
func addBackground(e *Engine, p Params) {
	for i := range 20 {
		bg := Featurize(fmt.Sprintf("Council debates budget item %d", i),
			fmt.Sprintf("The council debated budget item %d on roads and schools for %d hours.", i, i+2), "", time.Time{}, p)
		e.Restore(bg, int64(i+2), int64(i+2))
	}
}

func TestIsYear(t *testing.T) {
	for s, want := range map[string]bool{"2013": true, "1999": true, "1899": false, "2100": false, "201": false, "20133": false, "20a3": false, "6.10": false} {
		if got := isYear(s); got != want {
			t.Errorf("isYear(%q) = %v, want %v", s, got, want)
		}
	}
}

// Two reports of one kind, worded alike, differ in their year and their
// figures: a report that agrees with the story on both scores higher than
// one that agrees on neither.
func TestYearsAndFiguresTellEventsApart(t *testing.T) {
	p := DefaultParams()
	e, _ := New(p, 1)
	story := Featurize("Ferry capsizes off Tarnholm, 31 missing",
		"A passenger ferry capsized off the island of Tarnholm in heavy seas in October 2014, the coast guard said. "+
			"Thirty-one people were missing and 112 were rescued, harbour master Ilse Brandvik told reporters.",
		"", time.Time{}, p)
	e.Commit(story, 1, e.Assign(story))
	addBackground(e, p)
	same := Featurize("Tarnholm ferry: 31 still missing",
		"Divers searched the wreck of the ferry that capsized off Tarnholm in October 2014. "+
			"Thirty-one people remain missing and 112 were rescued, the coast guard said.",
		"", time.Time{}, p)
	other := Featurize("Tarnholm ferry: 9 missing",
		"Divers searched the wreck of the ferry that capsized off Tarnholm in May 2021. "+
			"Nine people remain missing and 64 were rescued, the coast guard said.",
		"", time.Time{}, p)
	s := e.stories[1]
	e.weigh(same)
	simSame := e.similarity(same, s)
	e.weigh(other)
	simOther := e.similarity(other, s)
	if simSame <= simOther*1.3 {
		t.Errorf("same year and figures %.3f, other year and figures %.3f: want the first clearly higher", simSame, simOther)
	}
	p.YearWeight, p.NumberWeight = 0, 0
	e.p = p
	e.weigh(same)
	plainSame := e.similarity(same, s)
	e.weigh(other)
	plainOther := e.similarity(other, s)
	if simSame/simOther <= plainSame/plainOther {
		t.Errorf("years and figures do not widen the gap: %.3f/%.3f with, %.3f/%.3f without", simSame, simOther, plainSame, plainOther)
	}
}

func TestAgreement(t *testing.T) {
	for _, c := range []struct{ cos, w, soft, want float64 }{
		{1, 0.4, 1, 1.4}, {0, 0.4, 1, 0.6}, {0.5, 0.4, 1, 1}, {1.2, 0.4, 1, 1.4}, {0.3, 0, 1, 1},
		// Agreement raises the score whatever the names; disagreement
		// lowers it less as the names agree more.
		{1, 0.4, 0, 1.4}, {0, 0.4, 0.5, 0.8}, {0, 0.4, 0, 1}, {0.25, 0.4, 0.5, 0.9},
	} {
		if got := agreement(c.cos, c.w, c.soft); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("agreement(%v, %v, %v) = %v, want %v", c.cos, c.w, c.soft, got, c.want)
		}
	}
}

func TestSoftening(t *testing.T) {
	e, _ := New(DefaultParams(), 1)
	u := e.p.UpdateNames
	for _, c := range []struct{ names, want float64 }{{0, 1}, {u / 2, 0.5}, {u, 0}, {1, 0}} {
		if got := e.softening(c.names); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("softening(%v) = %v, want %v", c.names, got, c.want)
		}
	}
}

// A follow-up that names the same people and places as its story but
// gives a newer toll a few hours later is an update: its figures must not
// cost it the story. Undated, nothing says it came later, and the figures
// count in full.
func TestUpdatedFiguresUnderTheSameNames(t *testing.T) {
	at := time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name          string
		first, update time.Time
		cheap         bool
	}{
		{"dated", at, at.Add(5 * time.Hour), true},
		{"undated", time.Time{}, time.Time{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := DefaultParams()
			e, _ := New(p, 1)
			story := Featurize("Floods in Marrowdale: 14 dead",
				"Flash floods swept through Marrowdale and Quillon overnight, killing 14 people, "+
					"regional governor Anselm Okafor said. Rescuers from Quillon searched for 30 missing.",
				"", c.first, p)
			e.Commit(story, 1, e.Assign(story))
			addBackground(e, p)
			update := Featurize("Marrowdale floods: toll rises to 22",
				"The toll from the floods in Marrowdale and Quillon rose to 22, governor Anselm Okafor said, "+
					"with 11 people still missing in Quillon.",
				"", c.update, p)
			s := e.stories[1]
			e.weigh(update)
			with := e.similarity(update, s)
			e.p.NumberWeight = 0
			without := e.similarity(update, s)
			if cheap := with >= without*0.95; cheap != c.cheap {
				t.Errorf("an update under the same names scores %.3f with figures weighed, %.3f without; want the figures to cost little: %v", with, without, c.cheap)
			}
		})
	}
}

// As documents arrive, inverse document frequencies grow; a story that
// does not change must not come to look much more alike its own report
// than a cosine allows (a story's norms are recomputed when it is scored
// after the count of documents has grown by a quarter, so they lag by
// less than that).
func TestNormsFollowDocumentFrequencies(t *testing.T) {
	p := DefaultParams()
	e, _ := New(p, 1)
	f := fixtures[0]
	d := Featurize(f.title, f.text, f.source, time.Time{}, p)
	e.Commit(d, 1, e.Assign(d))
	for i := range 300 {
		bg := Featurize(fmt.Sprintf("Market report %d", i), fmt.Sprintf("Shares of firm %d rose as traders weighed quarter %d results.", i, i%4), "", time.Time{}, p)
		e.Restore(bg, int64(i+2), int64(i+2))
	}
	e.weigh(d)
	s := e.stories[1]
	// termCosine refreshes the story's norms, as scoring does.
	if got := e.termCosine(s); got > 1.1 || got < 0.99 {
		t.Errorf("cosine of a story's only report with the story = %.4f, want about 1", got)
	}
}
