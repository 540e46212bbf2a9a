package ui

import (
	"context"
	"strconv"
	"strings"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/news"
)

// maxEntities caps the entities the story page lists; the JSON API has
// them all.
const maxEntities = 12

// annotationsView is the story page's section on who and what the
// articles name, quote and count.
type annotationsView struct {
	Entities []news.StoryEntity
	// MoreEntities counts the entities left out.
	MoreEntities int
	Quotes       []news.StoryQuote
	Claims       []news.StoryClaim
}

// storyAnnotations merges the annotations of a story's articles, or
// returns nil when there are none.
func (u *UI) storyAnnotations(ctx context.Context, storyID int64) (*annotationsView, error) {
	arts, err := u.store.StoryAnnotations(ctx, storyID)
	if err != nil {
		return nil, err
	}
	sa := annotate.Story(arts)
	if len(sa.Entities) == 0 && len(sa.Quotes) == 0 && len(sa.Claims) == 0 {
		return nil, nil
	}
	v := &annotationsView{Entities: sa.Entities, Quotes: sa.Quotes, Claims: sa.Claims}
	if len(v.Entities) > maxEntities {
		v.MoreEntities = len(v.Entities) - maxEntities
		v.Entities = v.Entities[:maxEntities]
	}
	return v, nil
}

// claimFigure says what a claim states: "below 400000 people",
// "200–999 airstrikes".
func claimFigure(c news.Claim) string {
	v := strconv.FormatFloat(c.Low, 'f', -1, 64)
	if c.High != c.Low {
		v += "–" + strconv.FormatFloat(c.High, 'f', -1, 64)
	}
	parts := []string{v}
	if c.Hedge != "" && c.Hedge != "exact" {
		parts = append([]string{c.Hedge}, parts...)
	}
	if c.Unit != "" {
		parts = append(parts, c.Unit)
	}
	return strings.Join(parts, " ")
}
