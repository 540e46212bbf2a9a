package sqlitetest

import (
	"slices"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

func TestOpenAndAdd(t *testing.T) {
	st := Open(t)
	ids := Add(t, st,
		news.Article{Title: "One", Text: "First report.", StoryID: 1},
		news.Article{Title: "Two", Text: "Second report.", StoryID: 1},
		news.Article{Identity: "url:x", Title: "Three", Text: "Third report.", StoryID: 2})
	if !slices.Equal(ids, []int64{1, 2, 3}) {
		t.Fatalf("ids %v", ids)
	}
	a, err := st.Article(t.Context(), 3)
	if err != nil || a.Identity != "url:x" || a.StoryID != 2 || a.Assignment.StoryID != 2 {
		t.Errorf("article 3 = %+v, %v", a, err)
	}
	s, err := st.Story(t.Context(), 1)
	if err != nil || s.Articles != 2 {
		t.Errorf("story 1 = %+v, %v; want 2 articles", s, err)
	}
}
