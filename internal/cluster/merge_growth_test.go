package cluster

import (
	"math"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Two warehouse fires in one town, months apart, three reports each: one
// kind of event, told in much the same words and with the same fire
// chief, but each with its own warehouse, owner and figures.
var (
	fireFurniture = []fixture{
		{"fire-furniture", "Valley Courier", "Warehouse fire sends smoke over Brenmoor",
			"A fire broke out at the Halvard furniture warehouse on the Brenmoor industrial estate on Thursday night, sending thick smoke over the town. Brenmoor fire chief Osric Pallant said 60 firefighters fought the blaze and residents of nearby streets were told to keep windows shut. The warehouse stored sofas, beds and tables for shops across the county, and flames could be seen from the motorway.", ""},
		{"fire-furniture", "Evening Standard", "Brenmoor warehouse blaze under control",
			"Firefighters brought the blaze at the Halvard furniture warehouse in Brenmoor under control on Friday morning. Osric Pallant, the fire chief, said the roof had collapsed and the cause of the fire was not yet known. No one was hurt, though two firefighters were treated for heat exhaustion. Crews stayed on the estate through the day to damp down hot spots in the timber stock.", ""},
		{"fire-furniture", "County Post", "Investigators search ruins of Brenmoor warehouse",
			"Fire investigators began searching the ruins of the Halvard furniture warehouse in Brenmoor on Saturday. Halvard said sofas worth 4 million had burnt and its 35 workers would be paid while the site is cleared. Investigators were looking at an electrical fault in the upholstery workshop as the likely cause.", ""},
	}
	firePaint = []fixture{
		{"fire-paint", "Valley Courier", "Paint warehouse fire forces evacuation in Brenmoor",
			"A fire at the Morrow paint warehouse in Brenmoor forced the evacuation of 200 homes on Monday as firefighters fought the blaze through the night. Brenmoor fire chief Osric Pallant said drums of solvent had exploded and smoke could be seen across the valley. The warehouse stands on the Brenmoor industrial estate, and residents of nearby streets were told to keep windows shut as thick smoke drifted over the town.", ""},
		{"fire-paint", "Evening Standard", "Brenmoor residents return after warehouse blaze",
			"Residents of Brenmoor returned to their homes on Tuesday after firefighters put out the fire at the Morrow paint warehouse. Osric Pallant said the blaze had been the largest in the town for a decade and the building would be demolished. The roof had collapsed, no one was hurt, and crews stayed on the industrial estate through the day to damp down hot spots.", ""},
		{"fire-paint", "County Post", "Brenmoor paint firm counts cost of fire",
			"Morrow, which owned the Brenmoor paint warehouse destroyed by fire, said on Wednesday that 12 of its staff had been moved to another site. Fire investigators said the blaze began in a loading bay where solvent drums were stacked beside a forklift charging point. Morrow said its workers would be paid while the site is cleared, and an electrical fault was not ruled out as the cause.", ""},
	}
)

// restoreStory places the reports in story id, as a store's replay does.
func restoreStory(t *testing.T, e *Engine, p Params, fs []fixture, firstArticle, id int64) *story {
	t.Helper()
	for i, f := range fs {
		e.Restore(Featurize(f.title, f.text, f.source, time.Time{}, p), firstArticle+int64(i), id)
	}
	return e.stories[id]
}

// Grown stories of two events of one kind score above the bar at which a
// lone report merges, and below the bar MergeGrowth sets for stories of
// three reports: they stay apart, where a flat bar would merge them.
func TestGrownStoriesOfTwoEventsStayApart(t *testing.T) {
	for _, tc := range []struct {
		growth     float64
		wantMerged bool
	}{{0, true}, {DefaultParams().MergeGrowth, false}} {
		p := DefaultParams()
		p.MergeGrowth = tc.growth
		e, err := New(p, 1)
		if err != nil {
			t.Fatal(err)
		}
		// Other news first, so that fire words are rarer than everyday
		// ones, as in a stream.
		for i, f := range fixtures {
			e.Restore(Featurize(f.title, f.text, f.source, time.Time{}, p), int64(10+i), int64(10+i))
		}
		a := restoreStory(t, e, p, fireFurniture, 1, 1)
		b := restoreStory(t, e, p, firePaint, 4, 2)
		sim := e.storySimilarity(a, b)
		t.Logf("growth %v: sim %.3f bar %.3f", tc.growth, sim, e.mergeThreshold(a, b))
		if sim < p.MergeThreshold {
			t.Fatalf("growth %v: the fires score %.3f, under the merge threshold %v: the fixture no longer tests the growth", tc.growth, sim, p.MergeThreshold)
		}
		// A fourth report of the paint fire joins its story with the
		// furniture fire as runner-up.
		f := fixture{title: "Brenmoor paint warehouse fire was arson, police say",
			text: "Police in Brenmoor said on Thursday that the fire which destroyed the Morrow paint warehouse had been started deliberately. Osric Pallant said firefighters had found two seats of fire in the loading bay.", source: "Valley Courier"}
		d := Featurize(f.title, f.text, f.source, time.Time{}, p)
		_, merged := e.Commit(d, 7, Decision{Assignment: news.Assignment{StoryID: 2}, runnerUp: 1})
		if merged != tc.wantMerged {
			t.Errorf("growth %v: stories of %d and %d reports scoring %.3f merged = %v, want %v (bar %.3f)",
				tc.growth, a.docs, b.docs, sim, merged, tc.wantMerged, e.mergeThreshold(a, b))
		}
	}
}

// The bar is MergeThreshold when the smaller story holds one report, and
// rises towards MergeThreshold·(1+MergeGrowth) as both grow, less for
// stories of short reports.
func TestMergeThresholdGrowsWithTheSmallerStory(t *testing.T) {
	p := DefaultParams()
	p.MergeThreshold, p.MergeGrowth, p.FullLength = 0.3, 0.5, 40
	e, err := New(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	full := func(docs int32) *story { return &story{docs: docs, length: int64(docs) * 80} }
	short := func(docs int32) *story { return &story{docs: docs, length: int64(docs) * 10} }
	for _, tc := range []struct {
		name string
		a, b *story
		want float64
	}{
		{"one report against many", full(1), full(20), 0.3},
		{"two against many", full(2), full(20), 0.3 * 1.25},
		{"many against many", full(100), full(100), 0.3 * (1 + 0.5*0.99)},
		// Headlines of 10 terms: shortness 1/2, a bar lowered by its
		// square root, growing by half as much.
		{"one headline against many", short(1), short(20), 0.3 * math.Sqrt(0.5)},
		{"two headlines against many", short(2), short(20), 0.3 * math.Sqrt(0.5) * (1 + 0.5*0.5*0.5)},
	} {
		if got := e.mergeThreshold(tc.a, tc.b); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: mergeThreshold = %v, want %v", tc.name, got, tc.want)
		}
	}
}
