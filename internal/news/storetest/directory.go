package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

var filterTests = []test{
	{"time window", testFilterTime},
	{"source", testFilterSource},
	{"entity", testFilterEntity},
	{"language", testFilterLanguage},
	{"combined with cursor", testFilterCursor},
	{"invalid window", testFilterInvalid},
}

var directoryTests = []test{
	{"entity", testEntitySummary},
	{"entity not found", testEntityNotFound},
	{"entity after merge", testEntityMerged},
	{"outlet", testOutletSummary},
	{"outlet not found", testOutletNotFound},
	{"outlets", testOutlets},
}

func listIDs(t *testing.T, s news.Store, f news.StoryFilter) []int64 {
	t.Helper()
	got, err := s.Stories(t.Context(), f)
	if err != nil {
		t.Fatalf("Stories(%+v): %v", f, err)
	}
	return storyIDs(got)
}

// withEntities returns an article whose annotations name the entities.
func withEntities(a *news.Article, entities ...news.EntityRef) *news.Article {
	a.Annotations = &news.Annotations{Entities: entities}
	return a
}

func testFilterTime(t *testing.T, s news.Store) {
	// Story 1 spans hours 0–2, story 2 hours 5–6, story 3 hour 9.
	add(t, s, newArticle("a", 1, hours(0), "coast-daily"))
	add(t, s, newArticle("b", 1, hours(2), "coast-daily"))
	add(t, s, newArticle("c", 2, hours(5), "coast-daily"))
	add(t, s, newArticle("d", 2, hours(6), "coast-daily"))
	add(t, s, newArticle("e", 3, hours(9), "coast-daily"))
	for _, tc := range []struct {
		name         string
		since, until time.Time
		want         []int64
	}{
		{"since", hours(2), time.Time{}, []int64{3, 2, 1}},
		{"since excludes ended stories", hours(2.5), time.Time{}, []int64{3, 2}},
		{"until", time.Time{}, hours(5), []int64{1}},
		{"until includes overlap", time.Time{}, hours(5.5), []int64{2, 1}},
		{"window", hours(1), hours(6), []int64{2, 1}},
		{"window between stories", hours(3), hours(4), nil},
	} {
		got := listIDs(t, s, news.StoryFilter{Since: tc.since, Until: tc.until})
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: Stories = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func testFilterSource(t *testing.T, s news.Store) {
	add(t, s, newArticle("a", 1, hours(0), "coast-daily"))
	add(t, s, newArticle("b", 1, hours(1), "harbour-gazette"))
	add(t, s, newArticle("c", 2, hours(2), "harbour-gazette"))
	add(t, s, newArticle("d", 3, hours(3), "coast-daily"))
	if got, want := listIDs(t, s, news.StoryFilter{Source: "coast-daily"}), []int64{3, 1}; !slices.Equal(got, want) {
		t.Errorf("Source coast-daily: Stories = %v, want %v", got, want)
	}
	if got, want := listIDs(t, s, news.StoryFilter{Source: "harbour-gazette"}), []int64{2, 1}; !slices.Equal(got, want) {
		t.Errorf("Source harbour-gazette: Stories = %v, want %v", got, want)
	}
	if got := listIDs(t, s, news.StoryFilter{Source: "Coast-Daily"}); len(got) != 0 {
		t.Errorf("Source matched another case: Stories = %v, want none", got)
	}
}

var (
	olsen  = news.EntityRef{Name: "Marta Olsen", Type: "PER", Aliases: []string{"Olsen"}, Titles: []string{"Mayor"}, Mentions: 3, Key: "PER:marta olsen"}
	olsen2 = news.EntityRef{Name: "Marta Olsen", Type: "PER", Aliases: []string{"M. Olsen"}, Mentions: 1, Key: "PER:marta olsen"}
	quay   = news.EntityRef{Name: "Norvik Quay", Type: "LOC", Mentions: 2, Key: "LOC:norvik quay"}
)

func testFilterEntity(t *testing.T, s news.Store) {
	add(t, s, withEntities(newArticle("a", 1, hours(0), "coast-daily"), olsen, quay))
	add(t, s, withEntities(newArticle("b", 2, hours(1), "coast-daily"), quay))
	add(t, s, newArticle("c", 3, hours(2), "coast-daily"))
	add(t, s, withEntities(newArticle("d", 4, hours(3), "harbour-gazette"), olsen2))
	add(t, s, withEntities(newArticle("e", 4, hours(4), "coast-daily"), olsen))
	if got, want := listIDs(t, s, news.StoryFilter{Entity: olsen.Key}), []int64{4, 1}; !slices.Equal(got, want) {
		t.Errorf("Entity %s: Stories = %v, want %v", olsen.Key, got, want)
	}
	if got, want := listIDs(t, s, news.StoryFilter{Entity: quay.Key, Source: "coast-daily"}), []int64{2, 1}; !slices.Equal(got, want) {
		t.Errorf("Entity %s and source: Stories = %v, want %v", quay.Key, got, want)
	}
	if got := listIDs(t, s, news.StoryFilter{Entity: "PER:nobody"}); len(got) != 0 {
		t.Errorf("unknown entity: Stories = %v, want none", got)
	}
}

func testFilterLanguage(t *testing.T, s news.Store) {
	fr := newArticle("a", 1, hours(0), "coast-daily")
	fr.Lang = "fr"
	add(t, s, fr)
	add(t, s, newArticle("b", 1, hours(1), "coast-daily"))
	add(t, s, newArticle("c", 2, hours(2), "coast-daily"))
	if got, want := listIDs(t, s, news.StoryFilter{Language: "fr"}), []int64{1}; !slices.Equal(got, want) {
		t.Errorf("Language fr: Stories = %v, want %v", got, want)
	}
	if got, want := listIDs(t, s, news.StoryFilter{Language: "en"}), []int64{2, 1}; !slices.Equal(got, want) {
		t.Errorf("Language en: Stories = %v, want %v", got, want)
	}
}

func testFilterCursor(t *testing.T, s news.Store) {
	for i := int64(1); i <= 9; i++ {
		src := "coast-daily"
		if i%3 == 0 {
			src = "harbour-gazette"
		}
		add(t, s, newArticle("a"+string(rune('0'+i)), i, hours(float64(i)), src))
	}
	var got []int64
	f := news.StoryFilter{Source: "coast-daily", Limit: 2}
	for range 10 {
		page, err := s.Stories(t.Context(), f)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		got = append(got, storyIDs(page)...)
		last := page[len(page)-1]
		f.Before = &news.StoryCursor{LastSeen: last.LastSeen, ID: last.ID}
	}
	if want := []int64{8, 7, 5, 4, 2, 1}; !slices.Equal(got, want) {
		t.Errorf("paged by source: %v, want %v", got, want)
	}
}

func testFilterInvalid(t *testing.T, s news.Store) {
	add(t, s, newArticle("a", 1, hours(0), "coast-daily"))
	for _, f := range []news.StoryFilter{
		{Since: hours(2), Until: hours(1)},
		{Since: hours(1), Until: hours(1)},
	} {
		if _, err := s.Stories(t.Context(), f); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("Stories(since %v, until %v) = %v, want ErrInvalid", f.Since, f.Until, err)
		}
	}
}

func testEntitySummary(t *testing.T, s news.Store) {
	add(t, s, withEntities(newArticle("a", 1, hours(0), "coast-daily"), olsen, quay))
	add(t, s, withEntities(newArticle("b", 1, hours(1), "harbour-gazette"), olsen2))
	add(t, s, withEntities(newArticle("c", 2, hours(5), "coast-daily"), quay, olsen))
	got, err := s.Entity(t.Context(), olsen.Key)
	if err != nil {
		t.Fatal(err)
	}
	want := news.EntitySummary{
		Key: olsen.Key, Type: "PER", Name: "Marta Olsen",
		Names:    []news.NameCount{{Name: "Marta Olsen", Articles: 3}, {Name: "Olsen", Articles: 2}, {Name: "M. Olsen", Articles: 1}},
		Titles:   []string{"Mayor"},
		Articles: 3, Stories: 2, Sources: 2, Mentions: 7,
	}
	if got.Key != want.Key || got.Type != want.Type || got.Name != want.Name ||
		!slices.Equal(got.Names, want.Names) || !slices.Equal(got.Titles, want.Titles) ||
		got.Articles != want.Articles || got.Stories != want.Stories ||
		got.Sources != want.Sources || got.Mentions != want.Mentions {
		t.Errorf("Entity(%s) =\n%+v\nwant\n%+v", olsen.Key, got, want)
	}
	if !sameTime(got.FirstSeen, hours(0)) || !sameTime(got.LastSeen, hours(5)) {
		t.Errorf("Entity(%s) seen %v – %v, want %v – %v", olsen.Key, got.FirstSeen, got.LastSeen, hours(0), hours(5))
	}
}

func testEntityNotFound(t *testing.T, s news.Store) {
	add(t, s, withEntities(newArticle("a", 1, hours(0), "coast-daily"), quay))
	for _, key := range []string{"PER:marta olsen", "", "LOC:Norvik Quay"} {
		if _, err := s.Entity(t.Context(), key); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("Entity(%q) = %v, want ErrNotFound", key, err)
		}
	}
}

func testEntityMerged(t *testing.T, s news.Store) {
	add(t, s, withEntities(newArticle("a", 1, hours(0), "coast-daily"), olsen))
	add(t, s, withEntities(newArticle("b", 2, hours(1), "harbour-gazette"), olsen2))
	merge(t, s, 2, 1)
	got, err := s.Entity(t.Context(), olsen.Key)
	if err != nil {
		t.Fatal(err)
	}
	if got.Stories != 1 || got.Articles != 2 {
		t.Errorf("after merge: Entity stories %d articles %d, want 1 and 2", got.Stories, got.Articles)
	}
	if ids := listIDs(t, s, news.StoryFilter{Entity: olsen.Key}); !slices.Equal(ids, []int64{1}) {
		t.Errorf("after merge: Stories(entity) = %v, want [1]", ids)
	}
}

func testOutletSummary(t *testing.T, s news.Store) {
	// coast-daily is first on story 1 and ties first on story 3; the
	// gazette is first on story 2 and ties on story 3.
	add(t, s, newArticle("a", 1, hours(0), "coast-daily"))
	add(t, s, newArticle("b", 1, hours(1), "harbour-gazette"))
	add(t, s, newArticle("c", 2, hours(2), "harbour-gazette"))
	reprint := newArticle("d", 2, hours(3), "coast-daily")
	reprint.DuplicateOf = 3
	add(t, s, reprint)
	add(t, s, newArticle("e", 3, hours(4), "coast-daily"))
	add(t, s, newArticle("f", 3, hours(4), "harbour-gazette"))
	add(t, s, newArticle("g", 3, hours(6), "coast-daily"))
	got, err := s.Outlet(t.Context(), "coast-daily")
	if err != nil {
		t.Fatal(err)
	}
	want := news.OutletSummary{Name: "coast-daily", Articles: 4, Reprints: 1, Stories: 3, First: 2}
	if got.Name != want.Name || got.Articles != want.Articles || got.Reprints != want.Reprints ||
		got.Stories != want.Stories || got.First != want.First {
		t.Errorf("Outlet(coast-daily) = %+v, want %+v", got, want)
	}
	if !sameTime(got.FirstSeen, hours(0)) || !sameTime(got.LastSeen, hours(6)) {
		t.Errorf("Outlet(coast-daily) seen %v – %v, want %v – %v", got.FirstSeen, got.LastSeen, hours(0), hours(6))
	}
	g, err := s.Outlet(t.Context(), "harbour-gazette")
	if err != nil {
		t.Fatal(err)
	}
	if g.Articles != 3 || g.Stories != 3 || g.First != 2 || g.Reprints != 0 {
		t.Errorf("Outlet(harbour-gazette) = %+v, want 3 articles, 3 stories, first on 2, no reprints", g)
	}
}

func testOutletNotFound(t *testing.T, s news.Store) {
	add(t, s, newArticle("a", 1, hours(0), "coast-daily"))
	for _, name := range []string{"harbour-gazette", "", "Coast-Daily"} {
		if _, err := s.Outlet(t.Context(), name); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("Outlet(%q) = %v, want ErrNotFound", name, err)
		}
	}
}

func testOutlets(t *testing.T, s news.Store) {
	if got, err := s.Outlets(t.Context()); err != nil || len(got) != 0 {
		t.Fatalf("Outlets on an empty store = %v, %v; want none", got, err)
	}
	add(t, s, newArticle("a", 1, hours(0), "coast-daily"))
	add(t, s, newArticle("b", 1, hours(1), "harbour-gazette"))
	add(t, s, newArticle("c", 2, hours(2), "harbour-gazette"))
	add(t, s, newArticle("d", 3, hours(3), "bay-post"))
	nameless := newArticle("e", 3, hours(4), "")
	add(t, s, nameless)
	got, err := s.Outlets(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range got {
		names = append(names, o.Name)
	}
	if want := []string{"harbour-gazette", "bay-post", "coast-daily"}; !slices.Equal(names, want) {
		t.Errorf("Outlets = %v, want %v (most articles first, then by name; no nameless outlet)", names, want)
	}
}
