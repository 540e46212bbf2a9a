package api_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/api"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite"
)

// annotatedServer serves a store holding story 1 of two annotated reports,
// with markup in a quote, and story 2 of one report without annotations.
func annotatedServer(t *testing.T) (*httptest.Server, []int64) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "parallax.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	var ids []int64
	for i, a := range []news.Article{
		{Source: "Coastal Herald", Title: "Bridge reopens", Text: "Mayor Ilse Varga said: “The bridge is <b>open</b>.”", StoryID: 1,
			Annotations: &news.Annotations{
				Entities: []news.EntityRef{{Name: "Ilse Varga", Type: "PER", Titles: []string{"Mayor"}, Mentions: 1, Key: "PER:ilse varga"}},
				Mentions: []news.Mention{{Text: "Ilse Varga", Start: 6, End: 16, Type: "PER", Kind: "name", Title: "Mayor"}},
				Quotes: []news.Quote{{Text: "The bridge is <b>open</b>.", Start: 26, End: 52, Kind: "direct", Speaker: "Mayor Ilse Varga",
					Name: "Ilse Varga", SpeakerEntity: 0, SpeakerStart: 0, SpeakerEnd: 16, Cue: "said"}},
				Claims: []news.Claim{{Text: "about 40,000 cars", Value: 40000, Low: 40000, High: 40000, Hedge: "around", Unit: "cars"}},
			}},
		{Source: "Northern Post", Title: "Bridge traffic resumes", Text: "Varga said the bridge is open.", StoryID: 1,
			Annotations: &news.Annotations{
				Entities: []news.EntityRef{{Name: "Varga", Type: "PER", Mentions: 1, Key: "PER:varga"}},
				Mentions: []news.Mention{{Text: "Varga", Start: 0, End: 5, Type: "PER", Kind: "name"}},
				Quotes: []news.Quote{{Text: "the bridge is open", Start: 11, End: 29, Kind: "reported", Speaker: "Varga",
					Name: "Varga", SpeakerEntity: 0, SpeakerStart: 0, SpeakerEnd: 5, Cue: "said"}},
			}},
		{Source: "Local Ledger", Title: "Library hours", Text: "The library opens on Sundays.", StoryID: 2},
	} {
		a.Identity = "test:" + string(rune('a'+i))
		a.Published = base.Add(time.Duration(i) * time.Hour)
		a.Assignment.StoryID = a.StoryID
		id, err := st.AddArticle(ctx, &a)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	mux := http.NewServeMux()
	api.New(st, slog.New(slog.DiscardHandler)).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, ids
}

func TestStoryAnnotations(t *testing.T) {
	srv, ids := annotatedServer(t)
	var got struct {
		StoryID int64 `json:"story_id"`
		news.StoryAnnotations
	}
	getJSON(t, srv, "/api/v1/stories/1/annotations", http.StatusOK, &got)
	if got.StoryID != 1 || len(got.Entities) != 1 {
		t.Fatalf("story 1 annotations = %+v, want one entity", got)
	}
	varga := got.Entities[0]
	if varga.Name != "Ilse Varga" || !slices.Equal(varga.Aliases, []string{"Varga"}) ||
		!slices.Equal(varga.Sources, []string{"Coastal Herald", "Northern Post"}) || !slices.Equal(varga.Articles, ids[:2]) ||
		varga.Mentions != 2 || !slices.Equal(varga.Titles, []string{"Mayor"}) {
		t.Errorf("entity %+v, want Ilse Varga (also Varga) from both outlets", varga)
	}
	if len(got.Quotes) != 1 || len(got.Quotes[0].Wordings) != 2 || got.Quotes[0].Entity != varga.ID ||
		got.Quotes[0].Wordings[0].Quote.Text != "The bridge is <b>open</b>." {
		t.Errorf("quotes %+v, want Varga's quote in two wordings, markup kept as text", got.Quotes)
	}
	if len(got.Claims) != 1 || got.Claims[0].ArticleID != ids[0] || got.Claims[0].Claim.Hedge != "around" {
		t.Errorf("claims %+v", got.Claims)
	}

	var empty struct{ news.StoryAnnotations }
	getJSON(t, srv, "/api/v1/stories/2/annotations", http.StatusOK, &empty)
	if empty.Entities == nil || len(empty.Entities)+len(empty.Quotes)+len(empty.Claims) != 0 {
		t.Errorf("story 2 annotations = %+v, want empty lists", empty)
	}
	for _, tc := range []struct {
		name, path string
		status     int
	}{
		{"missing story", "/api/v1/stories/99/annotations", http.StatusNotFound},
		{"bad id", "/api/v1/stories/x/annotations", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body map[string]any
			getJSON(t, srv, tc.path, tc.status, &body)
		})
	}
}

func TestArticleAnnotations(t *testing.T) {
	srv, ids := annotatedServer(t)
	var got struct {
		Article news.Article `json:"article"`
	}
	getJSON(t, srv, "/api/v1/articles/"+itoa(int(ids[0])), http.StatusOK, &got)
	an := got.Article.Annotations
	if an == nil || len(an.Entities) != 1 || len(an.Mentions) != 1 || len(an.Quotes) != 1 || len(an.Claims) != 1 {
		t.Fatalf("article annotations = %+v", an)
	}
	resp, body := get(t, srv, "/api/v1/articles/"+itoa(int(ids[2])))
	if resp.StatusCode != http.StatusOK || strings.Contains(string(body), `"annotations"`) {
		t.Errorf("unannotated article: status %d, body %s; want no annotations key", resp.StatusCode, body)
	}
}
