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
	story, arts, err := a.annotatedStory(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.reply(w, r, storyAnnotationsBody{StoryID: story.ID, StoryAnnotations: annotate.Story(arts)})
}

// annotatedStory reads the story named by the request's {id}, resolving a
// merged ID, with its articles' annotations.
func (a *API) annotatedStory(r *http.Request) (news.Story, []news.ArticleAnnotations, error) {
	id, err := ParseID("story", r.PathValue("id"))
	if err != nil {
		return news.Story{}, nil, err
	}
	story, err := a.store.Story(r.Context(), id)
	if err != nil {
		return news.Story{}, nil, NotFound(err, "story %d", id)
	}
	arts, err := a.store.StoryAnnotations(r.Context(), story.ID)
	if err != nil {
		return news.Story{}, nil, NotFound(err, "story %d", id)
	}
	return story, arts, nil
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
