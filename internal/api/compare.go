package api

import (
	"net/http"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/compare"
)

// storyComparisonBody is the body of GET /api/v1/stories/{id}/comparison.
type storyComparisonBody struct {
	StoryID int64 `json:"story_id"`
	compare.Comparison
}

// storyComparison serves a story's sources set side by side: what they
// agree on, figures, quotes and dates that differ with the reason in
// words, and what only one source reports. It is computed at read time.
func (a *API) storyComparison(w http.ResponseWriter, r *http.Request) {
	story, anns, err := a.annotatedStory(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	arts, err := a.store.StoryArticles(r.Context(), story.ID)
	if err != nil {
		a.fail(w, r, NotFound(err, "story %d", story.ID))
		return
	}
	c := compare.Compare(annotate.Story(anns), anns, arts)
	a.reply(w, r, storyComparisonBody{StoryID: story.ID, Comparison: c})
}
