package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
)

// storyComparisonBody is the body of GET /api/v1/stories/{id}/comparison.
type storyComparisonBody struct {
	StoryID int64 `json:"story_id"`
	compare.Comparison
}

// ComparisonCacheStories is how many stories' comparisons an API keeps.
const ComparisonCacheStories = 256

// fewTexts is the most article texts read one by one; for more, the
// story's articles are read at once.
const fewTexts = 8

// Comparisons returns the API's comparison cache, for pages that show
// the same comparisons to share it.
func (a *API) Comparisons() *compare.Cache { return a.comparisons }

// storyComparison serves a story's sources set side by side: what they
// agree on, figures, quotes and dates that differ with the reason in
// words, and what only one source reports. It is computed at read time
// and cached: a story that gained articles since it was last compared
// has only those added, and only their texts are read.
func (a *API) storyComparison(w http.ResponseWriter, r *http.Request) {
	story, anns, err := a.annotatedStory(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.comparisons.Comparison(story.ID, anns, StoryTexts(r.Context(), a.store, story.ID))
	if err != nil {
		a.fail(w, r, NotFound(err, "story %d", story.ID))
		return
	}
	a.reply(w, r, storyComparisonBody{StoryID: story.ID, Comparison: c})
}

// TextReader reads articles, for StoryTexts.
type TextReader interface {
	Article(ctx context.Context, id int64) (news.Article, error)
	StoryArticles(ctx context.Context, storyID int64) ([]news.Article, error)
}

// StoryTexts reads the texts of a story's articles a comparison adds:
// one by one when they are few, with the story's articles otherwise.
func StoryTexts(ctx context.Context, store TextReader, storyID int64) compare.Texts {
	return func(ids []int64) (map[int64]string, error) {
		out := make(map[int64]string, len(ids))
		if len(ids) <= fewTexts {
			for _, id := range ids {
				art, err := store.Article(ctx, id)
				if err != nil {
					return nil, fmt.Errorf("article %d: %w", id, err)
				}
				out[id] = art.Text
			}
			return out, nil
		}
		arts, err := store.StoryArticles(ctx, storyID)
		if err != nil {
			return nil, fmt.Errorf("story %d articles: %w", storyID, err)
		}
		want := make(map[int64]bool, len(ids))
		for _, id := range ids {
			want[id] = true
		}
		for _, art := range arts {
			if want[art.ID] {
				out[art.ID] = art.Text
			}
		}
		return out, nil
	}
}
