package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/news"
)

// storyAnnotationsBody is the body of GET /api/v1/stories/{id}/annotations.
type storyAnnotationsBody struct {
	// StoryID is the story the ID resolved to (a merged story's ID gives
	// the story it was merged into).
	StoryID int64 `json:"story_id"`
	news.StoryAnnotations
}

// storyAnnotations serves a story's entities (merged across its articles,
// with the sources that mention them), quotes grouped by speaker and
// wording, and numeric claims.
func (a *API) storyAnnotations(w http.ResponseWriter, r *http.Request) {
	id, err := ParseID("story", r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	story, err := a.store.Story(r.Context(), id)
	if err != nil {
		a.fail(w, r, NotFound(err, "story %d", id))
		return
	}
	arts, err := a.store.StoryAnnotations(r.Context(), story.ID)
	if err != nil {
		a.fail(w, r, NotFound(err, "story %d", id))
		return
	}
	a.reply(w, r, storyAnnotationsBody{StoryID: story.ID, StoryAnnotations: annotate.Story(arts)})
}

// withAnnotations sets art.Annotations from the store; an article stored
// without annotations keeps none.
func (a *API) withAnnotations(ctx context.Context, art *news.Article) error {
	an, err := a.store.ArticleAnnotations(ctx, art.ID)
	if errors.Is(err, news.ErrNotFound) {
		return nil
	}
	if err != nil {
		return Describe(err, "cannot read the annotations of article %d", art.ID)
	}
	art.Annotations = &an
	return nil
}
