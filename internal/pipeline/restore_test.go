package pipeline

import (
	"context"
	"fmt"
	"testing"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/synth"
)

// shortStream is a synthetic stream of short reports of many events at
// once: close enough to each other that stories merge and second looks
// fall due all along it.
func shortStream(n int) []*news.Article {
	cfg := synth.DefaultConfig()
	cfg.Articles, cfg.Words, cfg.ActiveEvents = n, 30, 30
	var arts []*news.Article
	for _, a := range synth.Generate(cfg) {
		arts = append(arts, &news.Article{Origin: a.URL, URL: a.URL, Title: a.Title, Text: a.Text, Source: a.Source, Published: a.Published})
	}
	return arts
}

// A stream stopped after any article and started again gives the stories
// and IDs one run gives, merges included: the restored engine is the one
// that stopped, down to the second looks it had pending.
func TestRestartAnywhereGivesTheStoriesOfOneRun(t *testing.T) {
	arts := shortStream(90)
	ctx := context.Background()
	once := openStore(t)
	placed, err := streamInto(t, ctx, once, arts, 0)
	if err != nil {
		t.Fatal(err)
	}
	started := map[int64]bool{}
	for _, a := range placed {
		started[a.StoryID] = true
	}
	stats, err := once.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Stories >= len(started) {
		t.Fatalf("one run started %d stories and kept %d: the stream must merge some for this test to check them", len(started), stats.Stories)
	}
	want := assignments(t, once)
	for k := 1; k < len(arts); k++ {
		twice := openStore(t)
		if _, err := streamInto(t, ctx, twice, arts[:k], 0); err != nil {
			t.Fatal(err)
		}
		if _, err := streamInto(t, ctx, twice, arts, 0); err != nil {
			t.Fatal(err)
		}
		got := assignments(t, twice)
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("stopped after %d articles: article %d placed %s, one run placed %s", k, i+1, got[i], want[i])
				break
			}
		}
	}
}

// A store written with other settings is continued as it is stored:
// restoring it moves no article, numbers new stories after the stored
// ones, and a reprint of a stored article joins that article's story.
func TestRestoreWithOtherSettingsKeepsStoredStories(t *testing.T) {
	arts := shortStream(60)
	ctx := context.Background()
	st := openStore(t)
	other := cluster.DefaultParams()
	other.Threshold = 0.6
	eng, _, err := Restore(ctx, st, other)
	if err != nil {
		t.Fatal(err)
	}
	s := &Stream{Engine: eng, Params: other, Sink: st.AddArticle, Merge: st.MergeStories}
	if err := s.Run(ctx, feed(arts)); err != nil {
		t.Fatal(err)
	}
	before := assignments(t, st)

	p := cluster.DefaultParams()
	eng, restored, err := Restore(ctx, st, p)
	if err != nil {
		t.Fatal(err)
	}
	if restored.Articles != len(arts) || !restored.AsStored {
		t.Fatalf("restored %+v, want %d articles continued as stored", restored, len(arts))
	}
	maxStory, err := st.MaxStoryID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := eng.NextStoryID(); got != maxStory+1 {
		t.Errorf("next story ID %d, want %d", got, maxStory+1)
	}
	// The default settings place this stream differently, or restoring
	// would have rebuilt the engine by placing it again.
	fresh := openStore(t)
	if _, err := streamInto(t, ctx, fresh, arts, 0); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(assignments(t, fresh)) == fmt.Sprint(before) {
		t.Fatal("both settings give the same stories; the test needs settings that differ")
	}

	orig := arts[len(arts)-1]
	reprint := *orig
	reprint.URL, reprint.Origin, reprint.Source = "https://reprints.example/1", "https://reprints.example/1", "Reprints"
	s = &Stream{Engine: eng, Params: p, Sink: st.AddArticle, Merge: st.MergeStories}
	if err := s.Run(ctx, feed([]*news.Article{&reprint})); err != nil {
		t.Fatal(err)
	}
	after := assignments(t, st)
	if fmt.Sprint(after[:len(before)]) != fmt.Sprint(before) {
		t.Errorf("stored articles moved:\nbefore %v\nafter  %v", before, after[:len(before)])
	}
	last, err := st.Article(ctx, int64(len(arts)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Article(ctx, int64(len(arts)+1))
	if err != nil {
		t.Fatal(err)
	}
	if got.StoryID != last.StoryID || got.DuplicateOf != last.ID {
		t.Errorf("reprint placed in story %d as a copy of %d, want story %d as a copy of %d", got.StoryID, got.DuplicateOf, last.StoryID, last.ID)
	}
}
