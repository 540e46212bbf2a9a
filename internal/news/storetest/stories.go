package storetest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

var storiesTests = []test{
	{"order", testStoriesOrder},
	{"limit", testStoriesLimit},
	{"pagination", testStoriesPagination},
	{"min articles", testStoriesMinArticles},
	{"invalid filter", testStoriesInvalid},
	{"empty store", testStoriesEmpty},
}

var storyArticlesTests = []test{
	{"order", testStoryArticlesOrder},
	{"not found", testStoryArticlesNotFound},
}

// addStories gives each story one article, at the LastSeen it names, in the
// order given.
func addStories(t *testing.T, s news.Store, lastSeen map[int64]time.Time, order []int64) {
	t.Helper()
	for _, id := range order {
		add(t, s, newArticle(fmt.Sprintf("story-%d", id), id, lastSeen[id], "harbour-gazette"))
	}
}

// listingOrder sorts story IDs as the listing must: LastSeen descending,
// then ID descending.
func listingOrder(lastSeen map[int64]time.Time) []int64 {
	ids := make([]int64, 0, len(lastSeen))
	for id := range lastSeen {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int64) int {
		if c := lastSeen[b].Compare(lastSeen[a]); c != 0 {
			return c
		}
		return int(b - a)
	})
	return ids
}

func testStoriesOrder(t *testing.T, s news.Store) {
	lastSeen := map[int64]time.Time{
		1:  hours(1),
		20: hours(3),
		30: hours(3), // ties with 20: the higher ID comes first
		4:  hours(2),
		5:  hours(0),
	}
	addStories(t, s, lastSeen, []int64{5, 20, 1, 30, 4})
	got, err := s.Stories(t.Context(), news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{30, 20, 4, 1, 5}; !slices.Equal(storyIDs(got), want) {
		t.Errorf("Stories order = %v, want %v", storyIDs(got), want)
	}
	for _, st := range got {
		if !sameTime(st.LastSeen, lastSeen[st.ID]) {
			t.Errorf("story %d LastSeen = %v, want %v", st.ID, st.LastSeen, lastSeen[st.ID])
		}
	}

	// A new report moves story 1 to the top; a late-arriving old report
	// does not move story 4.
	add(t, s, newArticle("story-1-update", 1, hours(10), "coast-daily"))
	add(t, s, newArticle("story-4-backfill", 4, hours(-10), "coast-daily"))
	got, err = s.Stories(t.Context(), news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{1, 30, 20, 4, 5}; !slices.Equal(storyIDs(got), want) {
		t.Errorf("Stories order after updates = %v, want %v", storyIDs(got), want)
	}
	if want := (storyTotals{2, 2, 2, hours(-10), hours(2)}); want.diff(got[3]) != "" {
		t.Error(want.diff(got[3]))
	}
}

func testStoriesLimit(t *testing.T, s news.Store) {
	lastSeen := map[int64]time.Time{}
	var order []int64
	for id := int64(1); id <= 55; id++ {
		lastSeen[id] = hours(float64(id))
		order = append(order, id)
	}
	addStories(t, s, lastSeen, order)
	all := listingOrder(lastSeen)
	cases := []struct {
		name  string
		limit int
		want  []int64
	}{
		{"default is 50", 0, all[:50]},
		{"one", 1, all[:1]},
		{"three", 3, all[:3]},
		{"exactly all", 55, all},
		{"more than all", 1000, all},
	}
	for _, tc := range cases {
		got, err := s.Stories(t.Context(), news.StoryFilter{Limit: tc.limit})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !slices.Equal(storyIDs(got), tc.want) {
			t.Errorf("%s: Stories(Limit %d) = %v, want %v", tc.name, tc.limit, storyIDs(got), tc.want)
		}
	}
}

func testStoriesPagination(t *testing.T, s news.Store) {
	// 37 stories over five distinct times, so most pages cut through ties,
	// added in a shuffled order.
	rng := rand.New(rand.NewPCG(1, 2))
	lastSeen := map[int64]time.Time{}
	order := rng.Perm(37)
	ids := make([]int64, len(order))
	for i, p := range order {
		id := int64(p + 1)
		ids[i] = id
		lastSeen[id] = hours(float64(id % 5))
	}
	addStories(t, s, lastSeen, ids)
	want := listingOrder(lastSeen)

	for _, size := range []int{1, 5, 6, 36, 37, 50} {
		var walked []int64
		var before *news.StoryCursor
		for pages := 0; ; pages++ {
			if pages > len(want)+1 {
				t.Fatalf("page size %d: pagination does not end", size)
			}
			page, err := s.Stories(t.Context(), news.StoryFilter{Limit: size, Before: before})
			if err != nil {
				t.Fatalf("page size %d, page %d: %v", size, pages, err)
			}
			if len(page) > size {
				t.Fatalf("page size %d: got %d stories", size, len(page))
			}
			walked = append(walked, storyIDs(page)...)
			if len(page) < size {
				break
			}
			last := page[len(page)-1]
			before = &news.StoryCursor{LastSeen: last.LastSeen, ID: last.ID}
		}
		if !slices.Equal(walked, want) {
			t.Errorf("page size %d: walked %v, want %v", size, walked, want)
		}
	}

	// A cursor built by a client, not taken from a story.
	got, err := s.Stories(t.Context(), news.StoryFilter{Limit: 100, Before: &news.StoryCursor{LastSeen: hours(3), ID: 20}})
	if err != nil {
		t.Fatal(err)
	}
	var wantAfter []int64
	for _, id := range want {
		if lastSeen[id].Before(hours(3)) || (lastSeen[id].Equal(hours(3)) && id < 20) {
			wantAfter = append(wantAfter, id)
		}
	}
	if !slices.Equal(storyIDs(got), wantAfter) {
		t.Errorf("Stories(Before 3h/20) = %v, want %v", storyIDs(got), wantAfter)
	}
}

func testStoriesMinArticles(t *testing.T, s news.Store) {
	sizes := map[int64]int{1: 1, 2: 3, 3: 2, 4: 1, 5: 4}
	lastSeen := map[int64]time.Time{}
	for id, n := range sizes {
		for i := range n {
			when := hours(float64(int(id)*10 + i))
			add(t, s, newArticle(fmt.Sprintf("min-%d-%d", id, i), id, when, fmt.Sprintf("outlet-%d", i)))
			lastSeen[id] = when
		}
	}
	order := listingOrder(lastSeen)
	cases := []struct {
		name   string
		filter news.StoryFilter
		want   []int64
	}{
		{"zero shows all", news.StoryFilter{}, order},
		{"one shows all", news.StoryFilter{MinArticles: 1}, order},
		{"two", news.StoryFilter{MinArticles: 2}, []int64{5, 3, 2}},
		{"four", news.StoryFilter{MinArticles: 4}, []int64{5}},
		{"five hides everything", news.StoryFilter{MinArticles: 5}, nil},
		{"with limit", news.StoryFilter{MinArticles: 2, Limit: 2}, []int64{5, 3}},
		{"with cursor", news.StoryFilter{MinArticles: 2, Before: &news.StoryCursor{LastSeen: lastSeen[3], ID: 3}}, []int64{2}},
	}
	for _, tc := range cases {
		got, err := s.Stories(t.Context(), tc.filter)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !slices.Equal(storyIDs(got), tc.want) {
			t.Errorf("%s: Stories = %v, want %v", tc.name, storyIDs(got), tc.want)
		}
		for _, st := range got {
			if st.Articles != sizes[st.ID] {
				t.Errorf("%s: story %d has %d articles, want %d", tc.name, st.ID, st.Articles, sizes[st.ID])
			}
		}
	}
}

func testStoriesInvalid(t *testing.T, s news.Store) {
	add(t, s, newArticle("only", 1, hours(1), "harbour-gazette"))
	for _, f := range []news.StoryFilter{{Limit: -1}, {MinArticles: -1}} {
		_, err := s.Stories(t.Context(), f)
		mustFailWith(t, fmt.Sprintf("Stories(%+v)", f), err, news.ErrInvalid)
	}
}

func testStoriesEmpty(t *testing.T, s news.Store) {
	got, err := s.Stories(t.Context(), news.StoryFilter{})
	if err != nil || len(got) != 0 {
		t.Errorf("Stories on an empty store = %v, %v; want none", got, err)
	}
}

func testStoryArticlesOrder(t *testing.T, s news.Store) {
	undated := newArticle("undated", 6, time.Time{}, "metro-post")
	undated.Ingested = hours(2) // falls between the dated reports
	in := []*news.Article{
		newArticle("late", 6, hours(3), "harbour-gazette"),
		newArticle("early-a", 6, hours(1), "coast-daily"),
		newArticle("early-b", 6, hours(1), "metro-post"), // same time: ID decides
		undated,
		newArticle("earliest", 6, hours(-1), "coast-daily"),
		newArticle("elsewhere", 7, hours(0), "coast-daily"),
	}
	ids := map[string]int64{}
	for _, a := range in {
		ids[a.Identity] = add(t, s, a)
	}
	got, err := s.StoryArticles(t.Context(), 6)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{ids["earliest"], ids["early-a"], ids["early-b"], ids["undated"], ids["late"]}
	if !slices.Equal(articleIDs(got), want) {
		t.Errorf("StoryArticles(6) = %v, want %v (earliest, early-a, early-b, undated, late)", articleIDs(got), want)
	}
	for _, a := range got {
		if a.StoryID != 6 {
			t.Errorf("article %d has story %d, want 6", a.ID, a.StoryID)
		}
	}
}

func testStoryArticlesNotFound(t *testing.T, s news.Store) {
	add(t, s, newArticle("only", 1, hours(1), "harbour-gazette"))
	got, err := s.StoryArticles(t.Context(), 2)
	if !errors.Is(err, news.ErrNotFound) {
		t.Errorf("StoryArticles(2) = %d articles, error %v; want ErrNotFound", len(got), err)
	}
}
