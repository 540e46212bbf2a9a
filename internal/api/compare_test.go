package api_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/api"
	"github.com/parallax-news/parallax/internal/compare"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite"
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
	// the body's shape: these fields and no others
	var fields map[string]json.RawMessage
	getJSON(t, srv, "/api/v1/stories/1/comparison", http.StatusOK, &fields)
	want := []string{"claims", "coverage", "dates", "entities", "matrix", "names", "quotes", "sources", "story_id"}
	if keys := slices.Sorted(maps.Keys(fields)); !slices.Equal(keys, want) {
		t.Errorf("fields %q, want %q", keys, want)
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

// textCountingStore counts the article texts the API reads.
type textCountingStore struct {
	*sqlite.Store
	mu         sync.Mutex
	articles   []int64 // Article calls
	storyReads int     // StoryArticles calls
}

func (s *textCountingStore) Article(ctx context.Context, id int64) (news.Article, error) {
	s.mu.Lock()
	s.articles = append(s.articles, id)
	s.mu.Unlock()
	return s.Store.Article(ctx, id)
}

func (s *textCountingStore) StoryArticles(ctx context.Context, storyID int64) ([]news.Article, error) {
	s.mu.Lock()
	s.storyReads++
	s.mu.Unlock()
	return s.Store.StoryArticles(ctx, storyID)
}

func (s *textCountingStore) reads() ([]int64, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, n := s.articles, s.storyReads
	s.articles, s.storyReads = nil, 0
	return a, n
}

// TestStoryComparisonGainsArticles compares a story, adds articles to it
// and compares it again: only the new articles' texts are read, and the
// answer is the comparison made from scratch.
func TestStoryComparisonGainsArticles(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "parallax.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	store := &textCountingStore{Store: st}
	mux := http.NewServeMux()
	api.New(store, slog.New(slog.DiscardHandler)).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	texts := []struct{ source, text string }{
		{"Harbour Wire", `Transport minister Lena Holt opened the 12 km bridge on Monday. "This bridge joins two halves of one country," Holt said.`},
		{"Bay Courier", `The bridge, 12 kilometres long, opened on Monday. Holt said it "joins two halves of one country".`},
		{"Coast Daily", "About 40,000 cars a day are expected to cross the 12 km bridge, the ministry said."},
		{"Island News", "The ministry said 40,000 cars a day would cross the bridge."},
		{"River Post", `"We waited thirty years for this," said Lena Holt, who opened the 12 km bridge on Monday.`},
		{"Delta Times", "More than 38,000 cars crossed the bridge on its first day, the ministry said."},
		{"Port Gazette", "The 12 km bridge cost 2.1 billion dollars."},
		{"North Ledger", "Lena Holt said the bridge cost $2.1 billion and spans 12 km."},
		{"Hill Herald", "The bridge was opened by Lena Holt on Monday."},
		{"South Echo", `Holt called it "a bridge between two halves of one country".`},
		{"West Wire", "The 12-kilometre bridge opened on Monday, the ministry said."},
		{"East Times", "About 40,000 cars are expected daily, the ministry said."},
	}
	add := func(i int) int64 {
		t.Helper()
		at := base.Add(time.Duration(i) * time.Hour)
		a := news.Article{Source: texts[i].source, Title: "Bridge", Text: texts[i].text, StoryID: 1,
			Identity: "test:bridge-" + string(rune('a'+i)), Published: at}
		a.Assignment.StoryID = 1
		an := annotate.Annotate(a.Text, at)
		a.Annotations = &an
		id, err := st.AddArticle(ctx, &a)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	oneShot := func() []byte {
		t.Helper()
		anns, err := st.StoryAnnotations(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		arts, err := st.StoryArticles(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(compare.Compare(annotate.Story(anns), anns, arts))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	check := func(step string, wantArticles []int64, wantStoryReads, wantSources int) {
		t.Helper()
		var got struct {
			StoryID int64 `json:"story_id"`
			compare.Comparison
		}
		getJSON(t, srv, "/api/v1/stories/1/comparison", http.StatusOK, &got)
		articles, storyReads := store.reads()
		if !slices.Equal(articles, wantArticles) || storyReads != wantStoryReads {
			t.Errorf("%s: texts read of articles %v and %d whole stories, want %v and %d", step, articles, storyReads, wantArticles, wantStoryReads)
		}
		if len(got.Sources) != wantSources {
			t.Errorf("%s: %d sources, want %d", step, len(got.Sources), wantSources)
		}
		gotJSON, err := json.Marshal(got.Comparison)
		if err != nil {
			t.Fatal(err)
		}
		if want := oneShot(); string(gotJSON) != string(want) {
			t.Errorf("%s: comparison differs from the one made from scratch:\n got %s\nwant %s", step, gotJSON, want)
		}
	}
	for i := range 10 {
		add(i)
	}
	check("first request", nil, 1, 10) // ten articles: the story's articles are read at once
	check("unchanged", nil, 0, 10)
	id := add(10)
	check("one more article", []int64{id}, 0, 11)
	id = add(11)
	check("another one", []int64{id}, 0, 12)
}
