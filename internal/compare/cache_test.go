package compare

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/news"
)

var (
	baseOnce  sync.Once
	baseAnns  []news.ArticleAnnotations
	baseTexts []string
	baseErr   error
)

// syntheticStory returns a story of n articles made from the scenario
// articles (written for the project), repeated with new IDs, outlets,
// publication times a minute apart and figures shifted by up to 4 %, with
// the articles' texts.
func syntheticStory(tb testing.TB, n int) ([]news.ArticleAnnotations, []news.Article) {
	tb.Helper()
	baseOnce.Do(func() {
		ss, err := Scenarios()
		if err != nil {
			baseErr = err
			return
		}
		for _, s := range ss {
			_, arts := s.Run()
			baseAnns = append(baseAnns, arts...)
			for _, a := range s.Articles {
				baseTexts = append(baseTexts, a.Text)
			}
		}
	})
	if baseErr != nil {
		tb.Fatal(baseErr)
	}
	t0 := time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC)
	arts := make([]news.ArticleAnnotations, n)
	full := make([]news.Article, n)
	for i := range arts {
		a := baseAnns[i%len(baseAnns)]
		a.ArticleID = int64(i + 1)
		a.Source = fmt.Sprintf("outlet-%d", i%37)
		a.Published = t0.Add(time.Duration(i) * time.Minute)
		a.Annotations.Claims = slices.Clone(a.Annotations.Claims)
		f := 1 + float64(i%5)/100
		for j := range a.Annotations.Claims {
			c := &a.Annotations.Claims[j]
			c.Value, c.Low, c.High = c.Value*f, c.Low*f, c.High*f
		}
		arts[i] = a
		full[i] = news.Article{ID: a.ArticleID, Source: a.Source, Published: a.Published, Text: baseTexts[i%len(baseTexts)]}
	}
	return arts, full
}

// oneShot is the comparison computed from scratch.
func oneShot(arts []news.ArticleAnnotations, full []news.Article) Comparison {
	return Compare(annotate.Story(arts), arts, full)
}

// countingTexts serves texts and records the articles asked for.
type countingTexts struct {
	mu    sync.Mutex
	full  []news.Article
	asked []int64
	fail  error
}

func (c *countingTexts) texts(ids []int64) (map[int64]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail != nil {
		return nil, c.fail
	}
	c.asked = append(c.asked, ids...)
	return TextsOf(c.full)(ids)
}

func (c *countingTexts) take() []int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.asked
	c.asked = nil
	return out
}

func TestCache(t *testing.T) {
	arts, full := syntheticStory(t, 40)
	reannotated := slices.Clone(arts[:30])
	reannotated[7].Annotations.Claims = reannotated[7].Annotations.Claims[:0]
	merged := slices.Concat(arts[:10], arts[30:33], arts[10:30]) // another story's articles came in between
	type step struct {
		arts  []news.ArticleAnnotations
		added []int64 // the articles whose texts are read, so added
		want  CacheStats
	}
	ids := func(as []news.ArticleAnnotations) []int64 {
		out := make([]int64, len(as))
		for i, a := range as {
			out[i] = a.ArticleID
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"gains an article", []step{
			{arts[:30], ids(arts[:30]), CacheStats{Stories: 1, Builds: 1, Added: 30}},
			{arts[:31], ids(arts[30:31]), CacheStats{Stories: 1, Builds: 1, Updates: 1, Added: 31}},
		}},
		{"gains several", []step{
			{arts[:30], ids(arts[:30]), CacheStats{Stories: 1, Builds: 1, Added: 30}},
			{arts[:34], ids(arts[30:34]), CacheStats{Stories: 1, Builds: 1, Updates: 1, Added: 34}},
		}},
		{"unchanged", []step{
			{arts[:30], ids(arts[:30]), CacheStats{Stories: 1, Builds: 1, Added: 30}},
			{arts[:30], nil, CacheStats{Stories: 1, Builds: 1, Hits: 1, Added: 30}},
		}},
		{"shrinks", []step{
			{arts[:30], ids(arts[:30]), CacheStats{Stories: 1, Builds: 1, Added: 30}},
			{arts[:29], ids(arts[:29]), CacheStats{Stories: 1, Builds: 1, Rebuilds: 1, Added: 59}},
		}},
		{"loses an article in the middle", []step{
			{arts[:30], ids(arts[:30]), CacheStats{Stories: 1, Builds: 1, Added: 30}},
			{slices.Delete(slices.Clone(arts[:31]), 5, 6), ids(slices.Delete(slices.Clone(arts[:31]), 5, 6)),
				CacheStats{Stories: 1, Builds: 1, Rebuilds: 1, Added: 60}},
		}},
		{"merged with another story", []step{
			{arts[:30], ids(arts[:30]), CacheStats{Stories: 1, Builds: 1, Added: 30}},
			{merged, ids(merged), CacheStats{Stories: 1, Builds: 1, Rebuilds: 1, Added: 63}},
		}},
		{"article annotated again", []step{
			{arts[:30], ids(arts[:30]), CacheStats{Stories: 1, Builds: 1, Added: 30}},
			{reannotated, ids(reannotated), CacheStats{Stories: 1, Builds: 1, Rebuilds: 1, Added: 60}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCache(4)
			tx := &countingTexts{full: full}
			for i, s := range tc.steps {
				got, err := c.Comparison(7, s.arts, tx.texts)
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				if asked := tx.take(); !slices.Equal(asked, s.added) {
					t.Errorf("step %d: texts of %v read, want %v", i, asked, s.added)
				}
				if st := c.Stats(); st != s.want {
					t.Errorf("step %d: stats %+v, want %+v", i, st, s.want)
				}
				if want := oneShot(s.arts, full); !reflect.DeepEqual(got, want) {
					t.Errorf("step %d: cached comparison differs from Compare", i)
				}
			}
		})
	}
}

func TestCacheTextsFail(t *testing.T) {
	arts, full := syntheticStory(t, 12)
	c := NewCache(4)
	tx := &countingTexts{full: full}
	if _, err := c.Comparison(1, arts[:10], tx.texts); err != nil {
		t.Fatal(err)
	}
	tx.take()
	boom := errors.New("store closed")
	tx.fail = boom
	if _, err := c.Comparison(1, arts[:12], tx.texts); !errors.Is(err, boom) {
		t.Fatalf("error %v, want %v", err, boom)
	}
	tx.fail = nil
	got, err := c.Comparison(1, arts[:12], tx.texts)
	if err != nil {
		t.Fatal(err)
	}
	if asked := tx.take(); !slices.Equal(asked, []int64{11, 12}) {
		t.Errorf("after a failure, texts of %v read, want [11 12]", asked)
	}
	if want := oneShot(arts[:12], full); !reflect.DeepEqual(got, want) {
		t.Error("comparison after a failed update differs from Compare")
	}
}

func TestCacheEvictsLeastRecent(t *testing.T) {
	arts, full := syntheticStory(t, 6)
	c := NewCache(2)
	for _, story := range []int64{1, 2, 1, 3, 1, 2} {
		if _, err := c.Comparison(story, arts, TextsOf(full)); err != nil {
			t.Fatal(err)
		}
	}
	// 1, 2 built; 1 hit; 3 built, evicting 2; 1 hit; 2 built, evicting 3
	want := CacheStats{Stories: 2, Hits: 2, Builds: 4, Added: 24, Evictions: 2}
	if st := c.Stats(); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	c.Invalidate(1)
	if _, err := c.Comparison(1, arts, TextsOf(full)); err != nil {
		t.Fatal(err)
	}
	if st := c.Stats(); st.Builds != 5 {
		t.Errorf("after Invalidate, %d builds, want 5", st.Builds)
	}
}

// TestCacheConcurrent compares stories that grow from many goroutines
// at once; run with -race.
func TestCacheConcurrent(t *testing.T) {
	arts, full := syntheticStory(t, 30)
	c := NewCache(3)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Go(func() {
			for n := 20; n <= 30; n++ {
				story := int64(g%4 + 1)
				got, err := c.Comparison(story, arts[:n], TextsOf(full))
				if err != nil {
					errs <- err
					return
				}
				if len(got.Sources) == 0 || len(got.Matrix) != len(got.Sources) {
					errs <- fmt.Errorf("story %d with %d articles: %d sources, %d rows", story, n, len(got.Sources), len(got.Matrix))
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, err := c.Comparison(1, arts, TextsOf(full))
	if err != nil {
		t.Fatal(err)
	}
	if want := oneShot(arts, full); !reflect.DeepEqual(got, want) {
		t.Error("comparison after concurrent use differs from Compare")
	}
}

// BenchmarkCompare200 compares a 200-article story from scratch, as a
// request did before the cache: merging the story's annotations
// (annotate.Story) and comparing every article.
func BenchmarkCompare200(b *testing.B) {
	arts, full := syntheticStory(b, 200)
	b.ReportAllocs()
	for b.Loop() {
		Compare(annotate.Story(arts), arts, full)
	}
}

// BenchmarkAddOneTo200 brings a cached comparison of 200 articles up to
// date with a 201st: only that article is added, but the story's
// annotations are merged again.
func BenchmarkAddOneTo200(b *testing.B) {
	arts, full := syntheticStory(b, 201)
	texts := TextsOf(full)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c := NewCache(1)
		if _, err := c.Comparison(1, arts[:200], texts); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := c.Comparison(1, arts, texts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStory200 is the part of BenchmarkAddOneTo200 that is not
// incremental, merging the entities of the story's 201 articles
// ("entities", what the cache does), beside annotate.Story with its
// grouping of quotes ("full", what a request did before the cache).
func BenchmarkStory200(b *testing.B) {
	arts, _ := syntheticStory(b, 201)
	for _, bc := range []struct {
		name  string
		merge func([]news.ArticleAnnotations) news.StoryAnnotations
	}{{"entities", storyEntities}, {"full", annotate.Story}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.merge(arts)
			}
		})
	}
}
