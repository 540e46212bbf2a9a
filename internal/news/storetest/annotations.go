package storetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// annotationTests check news.AnnotationStore.
var annotationTests = []test{
	{"round trip", testAnnotationsRoundTrip},
	{"empty", testAnnotationsEmpty},
	{"not annotated", testAnnotationsAbsent},
	{"readers leave them out", testAnnotationsNotInListings},
	{"story", testStoryAnnotations},
	{"story after merge", testStoryAnnotationsMerged},
	{"duplicate stores none", testAnnotationsDuplicate},
}

// fullAnnotations sets every field of every annotation type.
func fullAnnotations() *news.Annotations {
	return &news.Annotations{
		Entities: []news.EntityRef{
			{Name: "Marta Olsen", Type: "PER", Aliases: []string{"Olsen", "M. Olsen"}, Titles: []string{"Mayor"},
				Mentions: 3, Key: "PER:marta olsen"},
			{Name: "Harbour Authority", Type: "ORG", Aliases: []string{"HA"}, Mentions: 2, Key: "ORG:harbour authority"},
			{Name: "Norvik", Type: "LOC", Mentions: 1, Key: "LOC:norvik"},
		},
		Mentions: []news.Mention{
			{Text: "NORVIK", Start: 0, End: 6, Type: "LOC", Kind: "name", Entity: 2},
			{Text: "Marta Olsen", Start: 15, End: 26, Type: "PER", Kind: "name", Entity: 0, Title: "Mayor"},
			{Text: "the mayor", Start: 80, End: 89, Type: "PER", Kind: "nominal", Entity: 0, Title: "mayor"},
			{Text: "HA", Start: 120, End: 122, Type: "ORG", Kind: "acronym", Entity: 1, Source: true},
		},
		Quotes: []news.Quote{
			{Text: "The quay will reopen by Friday", Start: 30, End: 60, Kind: "direct",
				Speaker: "the mayor", SpeakerStart: 80, SpeakerEnd: 89, Name: "Marta Olsen",
				SpeakerEntity: 0, Cue: "said", Nested: true},
			{Text: "repairs were under way", Start: 130, End: 152, Kind: "reported",
				SpeakerStart: -1, SpeakerEnd: -1, SpeakerEntity: -1},
		},
		Claims: []news.Claim{
			{Text: "nearly 1,200 tonnes", Start: 160, End: 179, Value: 1200, Low: 1200, High: 1200,
				Hedge: "below", Unit: "tonnes", Measure: "cargo stranded", Attribution: "the HA"},
			{Text: "between 30 and 40 ships", Start: 190, End: 213, Value: 35, Low: 30, High: 40.5,
				Hedge: "exact", Unit: "ships"},
		},
		Dates: []news.Date{
			{Text: "Friday", Start: 54, End: 60, Time: time.Date(2024, 3, 8, 0, 0, 0, 0, time.UTC),
				Granularity: "day", Relative: true},
			{Text: "2019", Start: 220, End: 224, Time: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), Granularity: "year"},
		},
		Dateline: &news.Dateline{Text: "NORVIK (Coast Wire) –", Start: 0, End: 22, Place: "NORVIK",
			Region: "Westland", Date: "March 1", Agency: "Coast Wire"},
	}
}

// annotationsDiff describes how stored annotations differ from what was
// written, or returns "". Empty and nil lists are alike; times compare as
// instants.
func annotationsDiff(got, want news.Annotations) string {
	norm := func(a news.Annotations) news.Annotations {
		a.Dates = append([]news.Date(nil), a.Dates...)
		for i := range a.Dates {
			a.Dates[i].Time = a.Dates[i].Time.UTC()
		}
		a.Entities = append([]news.EntityRef(nil), a.Entities...)
		for i := range a.Entities {
			if len(a.Entities[i].Aliases) == 0 {
				a.Entities[i].Aliases = nil
			}
			if len(a.Entities[i].Titles) == 0 {
				a.Entities[i].Titles = nil
			}
		}
		if len(a.Entities) == 0 {
			a.Entities = nil
		}
		if len(a.Mentions) == 0 {
			a.Mentions = nil
		}
		if len(a.Quotes) == 0 {
			a.Quotes = nil
		}
		if len(a.Claims) == 0 {
			a.Claims = nil
		}
		if len(a.Dates) == 0 {
			a.Dates = nil
		}
		return a
	}
	g, w := norm(got), norm(want)
	gv, wv := reflect.ValueOf(g), reflect.ValueOf(w)
	var diffs string
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			diffs += fmt.Sprintf("%s = %+v\n  want %+v\n", gv.Type().Field(i).Name,
				gv.Field(i).Interface(), wv.Field(i).Interface())
		}
	}
	return diffs
}

func getAnnotations(t *testing.T, s news.Store, id int64) news.Annotations {
	t.Helper()
	an, err := s.ArticleAnnotations(t.Context(), id)
	if err != nil {
		t.Fatalf("ArticleAnnotations(%d): %v", id, err)
	}
	return an
}

func testAnnotationsRoundTrip(t *testing.T, s news.Store) {
	a := newArticle("annotated", 1, hours(1), "harbour-gazette")
	a.Annotations = fullAnnotations()
	id := add(t, s, a)
	if d := annotationsDiff(getAnnotations(t, s, id), *fullAnnotations()); d != "" {
		t.Errorf("ArticleAnnotations(%d) differs from what was added:\n%s", id, d)
	}
}

func testAnnotationsEmpty(t *testing.T, s news.Store) {
	a := newArticle("nothing-found", 1, hours(1), "harbour-gazette")
	a.Annotations = &news.Annotations{}
	id := add(t, s, a)
	if d := annotationsDiff(getAnnotations(t, s, id), news.Annotations{}); d != "" {
		t.Errorf("ArticleAnnotations(%d) of an article with none found:\n%s", id, d)
	}
}

func testAnnotationsAbsent(t *testing.T, s news.Store) {
	id := add(t, s, newArticle("plain", 1, hours(1), "harbour-gazette"))
	_, err := s.ArticleAnnotations(t.Context(), id)
	mustFailWith(t, "ArticleAnnotations of an article stored without annotations", err, news.ErrNotFound)
	_, err = s.ArticleAnnotations(t.Context(), id+100)
	mustFailWith(t, "ArticleAnnotations of a missing article", err, news.ErrNotFound)
	_, err = s.StoryAnnotations(t.Context(), 99)
	mustFailWith(t, "StoryAnnotations of a missing story", err, news.ErrNotFound)
	got, err := s.StoryAnnotations(t.Context(), 1)
	if err != nil {
		t.Fatalf("StoryAnnotations(1): %v", err)
	}
	if len(got) != 0 {
		t.Errorf("StoryAnnotations of a story without annotations = %+v, want none", got)
	}
}

func testAnnotationsNotInListings(t *testing.T, s news.Store) {
	a := newArticle("annotated", 3, hours(1), "harbour-gazette")
	a.Annotations = fullAnnotations()
	id := add(t, s, a)
	if got := getArticle(t, s, id); got.Annotations != nil {
		t.Errorf("Article(%d).Annotations = %+v, want nil", id, got.Annotations)
	}
	arts, err := s.StoryArticles(t.Context(), 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if a.Annotations != nil {
			t.Errorf("StoryArticles: article %d carries annotations", a.ID)
		}
	}
	err = s.ScanArticles(t.Context(), 0, func(a news.Article) error {
		if a.Annotations != nil {
			t.Errorf("ScanArticles: article %d carries annotations", a.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testStoryAnnotations(t *testing.T, s news.Store) {
	// Stored out of publication order, with an unannotated article and
	// an annotated one in another story.
	late := newArticle("late", 5, hours(3), "coast-daily")
	late.Annotations = &news.Annotations{
		Entities: []news.EntityRef{{Name: "Olsen", Type: "PER", Mentions: 1, Key: "PER:olsen"}},
		Claims:   []news.Claim{{Text: "1,150 tonnes", Value: 1150, Low: 1150, High: 1150, Hedge: "exact", Unit: "tonnes"}},
	}
	lateID := add(t, s, late)
	add(t, s, newArticle("plain", 5, hours(2), "river-post"))
	early := newArticle("early", 5, hours(1), "harbour-gazette")
	early.Annotations = fullAnnotations()
	earlyID := add(t, s, early)
	copied := newArticle("copy", 5, hours(4), "bay-post")
	copied.DuplicateOf = earlyID
	copied.Annotations = fullAnnotations()
	copyID := add(t, s, copied)
	other := newArticle("other", 6, hours(1), "river-post")
	other.Annotations = fullAnnotations()
	add(t, s, other)

	got, err := s.StoryAnnotations(t.Context(), 5)
	if err != nil {
		t.Fatalf("StoryAnnotations(5): %v", err)
	}
	// A story's annotations leave the mentions out.
	brief := func(a *news.Annotations) news.Annotations {
		b := *a
		b.Mentions = nil
		return b
	}
	want := []news.ArticleAnnotations{
		{ArticleID: earlyID, Source: "harbour-gazette", Published: hours(1), Annotations: brief(fullAnnotations())},
		{ArticleID: lateID, Source: "coast-daily", Published: hours(3), Annotations: brief(late.Annotations)},
		{ArticleID: copyID, Source: "bay-post", Published: hours(4), DuplicateOf: earlyID, Annotations: brief(fullAnnotations())},
	}
	if len(got) != len(want) {
		t.Fatalf("StoryAnnotations(5) = %d articles, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.ArticleID != w.ArticleID || g.Source != w.Source || !sameTime(g.Published, w.Published) || g.DuplicateOf != w.DuplicateOf {
			t.Errorf("StoryAnnotations(5)[%d] = article %d from %q at %v reprinting %d, want %d from %q at %v reprinting %d",
				i, g.ArticleID, g.Source, g.Published, g.DuplicateOf, w.ArticleID, w.Source, w.Published, w.DuplicateOf)
		}
		if d := annotationsDiff(g.Annotations, w.Annotations); d != "" {
			t.Errorf("StoryAnnotations(5)[%d] annotations:\n%s", i, d)
		}
	}
}

func testStoryAnnotationsMerged(t *testing.T, s news.Store) {
	a := newArticle("a", 1, hours(1), "harbour-gazette")
	a.Annotations = fullAnnotations()
	aID := add(t, s, a)
	b := newArticle("b", 2, hours(2), "coast-daily")
	b.Annotations = fullAnnotations()
	bID := add(t, s, b)
	if err := s.MergeStories(t.Context(), news.Merge{From: 2, Into: 1, Score: 0.4, At: hours(3)}); err != nil {
		t.Fatal(err)
	}
	for _, story := range []int64{1, 2} {
		got, err := s.StoryAnnotations(t.Context(), story)
		if err != nil {
			t.Fatalf("StoryAnnotations(%d): %v", story, err)
		}
		var ids []int64
		for _, g := range got {
			ids = append(ids, g.ArticleID)
			if len(g.Annotations.Entities) != 3 {
				t.Errorf("StoryAnnotations(%d): article %d has %d entities, want 3", story, g.ArticleID, len(g.Annotations.Entities))
			}
		}
		if !reflect.DeepEqual(ids, []int64{aID, bID}) {
			t.Errorf("StoryAnnotations(%d) articles = %v, want %v", story, ids, []int64{aID, bID})
		}
	}
}

func testAnnotationsDuplicate(t *testing.T, s news.Store) {
	a := newArticle("same", 1, hours(1), "harbour-gazette")
	id := add(t, s, a)
	dup := newArticle("same", 1, hours(1), "harbour-gazette")
	dup.Annotations = fullAnnotations()
	_, err := s.AddArticle(t.Context(), dup)
	mustFailWith(t, "AddArticle of a duplicate", err, news.ErrDuplicate)
	_, err = s.ArticleAnnotations(t.Context(), id)
	mustFailWith(t, "ArticleAnnotations after a rejected duplicate", err, news.ErrNotFound)
}
