package api_test

import (
	"net/http"
	"testing"

	"github.com/parallax-news/parallax/internal/compare"
)

func TestStoryComparison(t *testing.T) {
	srv, _ := annotatedServer(t)
	var got struct {
		StoryID int64 `json:"story_id"`
		compare.Comparison
	}
	getJSON(t, srv, "/api/v1/stories/1/comparison", http.StatusOK, &got)
	if got.StoryID != 1 || len(got.Sources) != 2 || len(got.Matrix) != 2 {
		t.Fatalf("comparison %+v, want two sources", got)
	}
	if len(got.Quotes) != 1 || len(got.Quotes[0].Variants) != 2 || got.Quotes[0].Variants[1].Partial != true {
		t.Errorf("quotes %+v, want one quote, the second wording partial", got.Quotes)
	}
	if len(got.Coverage.OnlyOne) == 0 {
		t.Errorf("coverage %+v, want the claim only one source reports", got.Coverage)
	}
	for _, tc := range []struct {
		name, path string
		status     int
	}{
		{"missing story", "/api/v1/stories/99/comparison", http.StatusNotFound},
		{"bad id", "/api/v1/stories/x/comparison", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body map[string]any
			getJSON(t, srv, tc.path, tc.status, &body)
		})
	}
}
