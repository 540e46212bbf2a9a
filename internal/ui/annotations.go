package ui

import (
	"strconv"
	"strings"

	"github.com/parallax-news/parallax/internal/news"
)

// maxEntities caps the entities the story page lists; the JSON API has
// them all.
const maxEntities = 24

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

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
