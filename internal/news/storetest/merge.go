package storetest

import (
	"errors"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

var mergeTests = []test{
	{"folds articles and totals", testMergeTotals},
	{"old ID resolves", testMergeResolves},
	{"chains resolve", testMergeChain},
	{"errors", testMergeErrors},
	{"history", testMergeHistory},
}

func merge(t *testing.T, s news.Store, from, into int64) {
	t.Helper()
	if err := s.MergeStories(t.Context(), news.Merge{From: from, Into: into, Score: 0.6, At: hours(30)}); err != nil {
		t.Fatalf("MergeStories(%d → %d): %v", from, into, err)
	}
}

// A merged story has the totals it would have had if every article had
// been added to it in the first place.
func testMergeTotals(t *testing.T, s news.Store) {
	add(t, s, newArticle("a", 1, hours(1), "harbour-gazette"))
	reprintOf := add(t, s, newArticle("b", 2, hours(5), "coast-wire"))
	c := newArticle("c", 2, hours(6), "harbour-gazette")
	c.DuplicateOf = reprintOf
	add(t, s, c)
	add(t, s, newArticle("d", 1, hours(3), "valley-times"))
	merge(t, s, 2, 1)

	got := totalsOf(getStory(t, s, 1))
	want := storyTotals{Articles: 4, Sources: 3, Originals: 3, FirstSeen: hours(1), LastSeen: hours(6)}
	if !sameTime(got.FirstSeen, want.FirstSeen) || !sameTime(got.LastSeen, want.LastSeen) {
		t.Errorf("merged story seen %v–%v, want %v–%v", got.FirstSeen, got.LastSeen, want.FirstSeen, want.LastSeen)
	}
	got.FirstSeen, got.LastSeen = want.FirstSeen, want.LastSeen
	if got != want {
		t.Errorf("merged totals %+v, want %+v", got, want)
	}
	arts, err := s.StoryArticles(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 4 {
		t.Fatalf("merged story lists %d articles, want 4", len(arts))
	}
	for _, a := range arts {
		if a.StoryID != 1 {
			t.Errorf("article %d still in story %d", a.ID, a.StoryID)
		}
	}
	if st := getStats(t, s); st.Stories != 1 || st.Articles != 4 {
		t.Errorf("stats after merge %+v, want 1 story of 4 articles", st)
	}
	list, err := s.Stories(t.Context(), news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != 1 {
		t.Errorf("listing after merge %+v, want story 1 alone", list)
	}
	if getStory(t, s, 1).Title != "Report a" {
		t.Errorf("merged title %q, want the earliest article's title", getStory(t, s, 1).Title)
	}
}

func testMergeResolves(t *testing.T, s news.Store) {
	add(t, s, newArticle("a", 1, hours(1), "harbour-gazette"))
	add(t, s, newArticle("b", 7, hours(2), "coast-wire"))
	merge(t, s, 7, 1)
	if st := getStory(t, s, 7); st.ID != 1 || st.Articles != 2 {
		t.Errorf("Story(7) after merge = %+v, want story 1 with 2 articles", st)
	}
	arts, err := s.StoryArticles(t.Context(), 7)
	if err != nil || len(arts) != 2 {
		t.Errorf("StoryArticles(7) after merge = %d articles, %v; want 2", len(arts), err)
	}
	max, err := s.MaxStoryID(t.Context())
	if err != nil || max != 7 {
		t.Errorf("MaxStoryID = %d, %v; want 7, the merged story's ID stays used", max, err)
	}
	// The surviving story keeps growing after the merge.
	add(t, s, newArticle("c", 1, hours(3), "valley-times"))
	if st := getStory(t, s, 1); st.Articles != 3 {
		t.Errorf("story 1 has %d articles, want 3", st.Articles)
	}
}

func testMergeChain(t *testing.T, s news.Store) {
	add(t, s, newArticle("a", 1, hours(1), "harbour-gazette"))
	add(t, s, newArticle("b", 2, hours(2), "coast-wire"))
	add(t, s, newArticle("c", 3, hours(3), "valley-times"))
	merge(t, s, 3, 2)
	merge(t, s, 2, 1)
	for _, id := range []int64{1, 2, 3} {
		if st := getStory(t, s, id); st.ID != 1 || st.Articles != 3 || st.Sources != 3 {
			t.Errorf("Story(%d) = %+v, want story 1 with 3 articles from 3 sources", id, st)
		}
	}
}

func testMergeErrors(t *testing.T, s news.Store) {
	add(t, s, newArticle("a", 1, hours(1), "harbour-gazette"))
	add(t, s, newArticle("b", 2, hours(2), "coast-wire"))
	for _, tc := range []struct {
		name string
		m    news.Merge
		want error
	}{
		{"missing from", news.Merge{From: 9, Into: 1}, news.ErrNotFound},
		{"missing into", news.Merge{From: 1, Into: 9}, news.ErrNotFound},
		{"into itself", news.Merge{From: 1, Into: 1}, news.ErrInvalid},
	} {
		if err := s.MergeStories(t.Context(), tc.m); !errors.Is(err, tc.want) {
			t.Errorf("%s: MergeStories(%+v) = %v, want %v", tc.name, tc.m, err, tc.want)
		}
	}
	if st := getStats(t, s); st.Stories != 2 {
		t.Errorf("failed merges changed the store: %+v", st)
	}
}

// A merged story keeps how it formed: the merges that folded stories into
// it, each with the story it joined at the time, and each article's
// placement in the story the engine chose.
func testMergeHistory(t *testing.T, s news.Store) {
	a := add(t, s, newArticle("a", 1, hours(1), "harbour-gazette"))
	b := add(t, s, newArticle("b", 2, hours(2), "coast-wire"))
	c := add(t, s, newArticle("c", 3, hours(3), "valley-times"))
	add(t, s, newArticle("d", 4, hours(4), "coast-wire"))
	for _, m := range []news.Merge{
		{From: 3, Into: 2, Score: 0.5, At: hours(10)},
		{From: 2, Into: 1, Score: 0.4, At: hours(11)},
	} {
		if err := s.MergeStories(t.Context(), m); err != nil {
			t.Fatal(err)
		}
	}
	want := []news.Merge{{From: 3, Into: 2, Score: 0.5, At: hours(10)}, {From: 2, Into: 1, Score: 0.4, At: hours(11)}}
	for _, id := range []int64{1, 2, 3} {
		got, err := s.StoryMerges(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("StoryMerges(%d) = %+v, want %+v", id, got, want)
		}
		for i := range want {
			if got[i].From != want[i].From || got[i].Into != want[i].Into || got[i].Score != want[i].Score || !sameTime(got[i].At, want[i].At) {
				t.Errorf("StoryMerges(%d)[%d] = %+v, want %+v", id, i, got[i], want[i])
			}
		}
	}
	if got, err := s.StoryMerges(t.Context(), 4); err != nil || len(got) != 0 {
		t.Errorf("StoryMerges(4) = %+v, %v; want none", got, err)
	}
	for id, placed := range map[int64]int64{a: 1, b: 2, c: 3} {
		art, err := s.Article(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if art.StoryID != 1 || art.Assignment.StoryID != placed {
			t.Errorf("article %d in story %d, placed in %d; want story 1, placed in %d", id, art.StoryID, art.Assignment.StoryID, placed)
		}
	}
}
