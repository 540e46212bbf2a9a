package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/demo"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite"
)

// demoArticles parses the built-in demo corpus.
func demoArticles(t testing.TB) []*news.Article {
	t.Helper()
	var out []*news.Article
	sc := bufio.NewScanner(bytes.NewReader(demo.Corpus))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var row struct{ ID, Title, Text, Published, Source, URL string }
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		at, err := time.Parse(time.RFC3339, row.Published)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &news.Article{Title: row.Title, Text: row.Text, Published: at, Source: row.Source, URL: row.URL, Origin: row.ID})
	}
	return out
}

func feed(arts []*news.Article) <-chan *news.Article {
	ch := make(chan *news.Article, len(arts))
	for _, a := range arts {
		c := *a
		ch <- &c
	}
	close(ch)
	return ch
}

func openStore(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// streamInto runs articles into a store, continuing its stories.
func streamInto(t *testing.T, ctx context.Context, st *sqlite.Store, arts []*news.Article, workers int) ([]news.Article, error) {
	t.Helper()
	p := cluster.DefaultParams()
	eng, restored, err := Restore(ctx, st, p)
	if err != nil {
		t.Fatal(err)
	}
	if restored.AsStored {
		// Every store here was written with the default settings.
		t.Errorf("restoring %d articles fell back to continuing them as stored", restored.Articles)
	}
	var placed []news.Article
	s := &Stream{Engine: eng, Params: p, Sink: st.AddArticle, Merge: st.MergeStories, Workers: workers, Report: func(o Outcome) {
		if !o.Duplicate {
			placed = append(placed, *o.Article)
		}
	}}
	return placed, s.Run(ctx, feed(arts))
}

// assignments lists each stored article's origin with its story and
// reprint link, in ID order.
func assignments(t *testing.T, st *sqlite.Store) []string {
	t.Helper()
	var out []string
	err := st.ScanArticles(context.Background(), 0, func(a news.Article) error {
		out = append(out, fmt.Sprintf("%s→story %d dup %d", a.Origin, a.StoryID, a.DuplicateOf))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStreamSameResultForAnyWorkerCount(t *testing.T) {
	arts := demoArticles(t)
	var want []string
	for _, workers := range []int{1, 2, 7} {
		st := openStore(t)
		if _, err := streamInto(t, context.Background(), st, arts, workers); err != nil {
			t.Fatal(err)
		}
		got := assignments(t, st)
		if want == nil {
			want = got
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%d workers:\n%v\nwant\n%v", workers, got, want)
		}
	}
}

func TestStreamDemoStories(t *testing.T) {
	st := openStore(t)
	arts := demoArticles(t)
	placed, err := streamInto(t, context.Background(), st, arts, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(placed) != len(arts) {
		t.Fatalf("placed %d of %d", len(placed), len(arts))
	}
	byOrigin := map[string]news.Article{}
	for _, a := range placed {
		byOrigin[a.Origin] = a
	}
	if r := byOrigin["demo-003"]; r.DuplicateOf != byOrigin["demo-002"].ID {
		t.Errorf("demo-003 duplicate of %d, want demo-002 (#%d)", r.DuplicateOf, byOrigin["demo-002"].ID)
	}
	if h := byOrigin["demo-022"]; h.StoryID != byOrigin["demo-024"].StoryID {
		t.Errorf("headline-only demo-022 in story %d, transfer report demo-024 in %d", h.StoryID, byOrigin["demo-024"].StoryID)
	}
	if byOrigin["demo-001"].StoryID == byOrigin["demo-028"].StoryID {
		t.Error("the Kestria and Solenne earthquakes share a story")
	}
	s, err := st.Story(context.Background(), byOrigin["demo-002"].StoryID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Originals != s.Articles-1 {
		t.Errorf("strike story: %d articles, %d originals; want one reprint", s.Articles, s.Originals)
	}
}

// Ingesting in two runs, with a restart between, gives the stories one run
// gives; running everything again adds nothing.
func TestStreamContinuesAfterRestartWithoutDuplicates(t *testing.T) {
	arts := demoArticles(t)
	ctx := context.Background()
	once := openStore(t)
	if _, err := streamInto(t, ctx, once, arts, 0); err != nil {
		t.Fatal(err)
	}
	twice := openStore(t)
	if _, err := streamInto(t, ctx, twice, arts[:13], 0); err != nil {
		t.Fatal(err)
	}
	again, err := streamInto(t, ctx, twice, arts, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(arts)-13 {
		t.Errorf("second run stored %d articles, want %d", len(again), len(arts)-13)
	}
	if a, b := assignments(t, once), assignments(t, twice); fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("one run:\n%v\ntwo runs:\n%v", a, b)
	}
	if extra, err := streamInto(t, ctx, twice, arts, 0); err != nil || len(extra) != 0 {
		t.Errorf("third run stored %d articles (err %v), want 0", len(extra), err)
	}
}

// cancellingSink cancels the run after n articles were stored.
func TestStreamCancelledLeavesConsistentStore(t *testing.T) {
	arts := demoArticles(t)
	st := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	p := cluster.DefaultParams()
	eng, _, err := Restore(ctx, st, p)
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	s := &Stream{Engine: eng, Params: p, Sink: func(ctx context.Context, a *news.Article) (int64, error) {
		id, err := st.AddArticle(ctx, a)
		if err == nil {
			stored++
			if stored == 10 {
				cancel()
			}
		}
		return id, err
	}}
	if err := s.Run(ctx, feed(arts)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != stored {
		t.Fatalf("store holds %d articles, sink stored %d", stats.Articles, stored)
	}
	if _, err := streamInto(t, context.Background(), st, arts, 0); err != nil {
		t.Fatal(err)
	}
	stats, _ = st.Stats(context.Background())
	if stats.Articles != len(arts) {
		t.Errorf("after resuming, %d articles, want %d", stats.Articles, len(arts))
	}
}

func TestStreamSinkErrorStops(t *testing.T) {
	boom := errors.New("disk full")
	eng, _ := cluster.New(cluster.DefaultParams(), 1)
	calls := 0
	s := &Stream{Engine: eng, Params: cluster.DefaultParams(), Sink: func(context.Context, *news.Article) (int64, error) {
		calls++
		return 0, boom
	}}
	err := s.Run(context.Background(), feed(demoArticles(t)))
	if !errors.Is(err, boom) || calls != 1 {
		t.Errorf("Run = %v after %d calls, want the sink error after 1", err, calls)
	}
	if eng.Stories() != 0 {
		t.Errorf("a refused article left %d stories in the engine", eng.Stories())
	}
}
