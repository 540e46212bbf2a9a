package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/cluster"
	"github.com/parallax-news/parallax/internal/news"
)

// at is an article named name, published hour hours after a fixed time,
// or undated when hour is negative.
func at(name string, hour int) *news.Article {
	a := &news.Article{Origin: name, Title: name}
	if hour >= 0 {
		a.Published = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(hour) * time.Hour)
	}
	return a
}

func origins(arts []*news.Article) string {
	names := make([]string, len(arts))
	for i, a := range arts {
		names[i] = a.Origin
	}
	return strings.Join(names, " ")
}

func TestReordererSortsWhatFits(t *testing.T) {
	tests := []struct {
		name string
		in   []*news.Article
		want string
	}{
		{"newest first", []*news.Article{at("c", 30), at("b", 20), at("a", 10)}, "a b c"},
		{"one time keeps read order", []*news.Article{at("x", 5), at("y", 5), at("w", 1), at("z", 5)}, "w x y z"},
		{"undated follows the article read before it",
			[]*news.Article{at("late", 40), at("u1", -1), at("early", 10), at("u2", -1), at("mid", 20)},
			"early u2 mid late u1"},
		{"undated before any dated go first", []*news.Article{at("u1", -1), at("d", 3), at("u2", -1), at("c", 1)}, "u1 c d u2"},
		{"all undated keep read order", []*news.Article{at("p", -1), at("q", -1), at("r", -1)}, "p q r"},
		{"empty", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReorderer(1 << 30)
			for _, a := range tc.in {
				r.Push(a)
				if r.Full() {
					t.Fatalf("full after %s with room to spare", a.Origin)
				}
			}
			if n, b := r.Held(); n != len(tc.in) || (n == 0) != (b == 0) {
				t.Errorf("holds %d articles of %d bytes, want %d", n, b, len(tc.in))
			}
			if got := origins(drain(r, nil)); got != tc.want {
				t.Errorf("order %q, want %q", got, tc.want)
			}
			if n, b := r.Held(); n != 0 || b != 0 {
				t.Errorf("after flushing holds %d articles of %d bytes", n, b)
			}
		})
	}
}

// The window never holds more than its budget, and what it releases is
// what a plain simulation of the rule releases: on each arrival, the
// earliest held article leaves while the held articles exceed the budget.
func TestReordererWithinBudgetMatchesSimulation(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for round := range 200 {
		n := rng.IntN(60)
		in := make([]*news.Article, n)
		for i := range in {
			hour := rng.IntN(48)
			if rng.IntN(5) == 0 {
				hour = -1
			}
			in[i] = at(fmt.Sprintf("a%d", i), hour)
			in[i].Text = strings.Repeat("x", rng.IntN(3000))
		}
		budget := int64(500 + rng.IntN(20000))
		r := NewReorderer(budget)
		var got []*news.Article
		for _, a := range in {
			r.Push(a)
			for r.Full() {
				a, _ := r.Pop()
				got = append(got, a)
			}
			if _, held := r.Held(); held > budget {
				t.Fatalf("round %d: holds %d bytes, budget %d", round, held, budget)
			}
		}
		got = drain(r, got)
		if want := simulateReorder(in, budget); origins(got) != origins(want) {
			t.Fatalf("round %d, budget %d:\n got %s\nwant %s", round, budget, origins(got), origins(want))
		}
	}
}

// drain appends what r holds to out, in the order it releases it.
func drain(r *Reorderer, out []*news.Article) []*news.Article {
	for a, ok := r.Pop(); ok; a, ok = r.Pop() {
		out = append(out, a)
	}
	return out
}

// simulateReorder applies the window's rule by scanning a list.
func simulateReorder(in []*news.Article, budget int64) []*news.Article {
	type held struct {
		key  time.Time
		seq  int
		a    *news.Article
		size int64
	}
	var window []held
	var out []*news.Article
	var last time.Time
	var total int64
	takeEarliest := func() {
		k := 0
		for i, h := range window {
			if c := h.key.Compare(window[k].key); c < 0 || c == 0 && h.seq < window[k].seq {
				k = i
			}
		}
		out = append(out, window[k].a)
		total -= window[k].size
		window = slices.Delete(window, k, k+1)
	}
	for i, a := range in {
		key := a.Published
		if key.IsZero() {
			key = last
		} else {
			last = key
		}
		size := articleSize(a)
		window = append(window, held{key, i, a, size})
		total += size
		for total > budget && len(window) > 0 {
			takeEarliest()
		}
	}
	for len(window) > 0 {
		takeEarliest()
	}
	return out
}

func TestReorderStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	in := make(chan *news.Article)
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		defer close(in)
		for i := range 1000 {
			in <- at(fmt.Sprint(i), 1000-i)
		}
	}()
	// A window of one article releases at every arrival.
	out := Reorder(ctx, in, 1)
	<-out
	cancel()
	for range out {
		// Whatever was sent before the cancellation was seen.
	}
	select {
	case <-sent:
	case <-time.After(10 * time.Second):
		t.Fatal("the sender is still blocked after the window closed")
	}
}

// The articles Reorder has handed on are not kept alive by it: placed
// articles carry their annotations, and a window of tens of thousands
// of them flushed at the end of an archive must not pile up in memory.
func TestReorderKeepsNothingHandedOn(t *testing.T) {
	const n = 400
	in := make(chan *news.Article)
	go func() {
		defer close(in)
		for i := range n {
			in <- at(fmt.Sprint(i), n-i)
		}
	}()
	// The window holds everything, so all of it leaves in the flush.
	out := Reorder(context.Background(), in, 1<<30)
	var freed atomic.Int64
	for range n / 2 {
		a := <-out
		runtime.AddCleanup(a, func(*atomic.Int64) { freed.Add(1) }, &freed)
	}
	// Half the flush has been handed on and dropped; the rest is held.
	deadline := time.Now().Add(10 * time.Second)
	for freed.Load() < n/2*9/10 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if got := freed.Load(); got < n/2*9/10 {
		t.Errorf("%d of the %d articles handed on were freed; Reorder keeps them", got, n/2)
	}
	for range out {
	}
}

// writeJSONL writes articles as a JSON Lines corpus, in the order given.
func writeJSONL(t *testing.T, path string, arts []*news.Article) {
	t.Helper()
	var b strings.Builder
	for _, a := range arts {
		line, err := json.Marshal(map[string]string{
			"id": a.Origin, "title": a.Title, "text": a.Text, "source": a.Source, "url": a.URL,
			"published": a.Published.Format(time.RFC3339),
		})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// storedOrder lists the stored articles' titles in ID order, which is the
// order they were placed in, and their stories as groups of titles.
func storedOrder(t *testing.T, st interface {
	ScanArticles(context.Context, int64, func(news.Article) error) error
}) (placed []string, stories string) {
	t.Helper()
	byStory := map[int64][]string{}
	err := st.ScanArticles(context.Background(), 0, func(a news.Article) error {
		placed = append(placed, a.Title)
		byStory[a.StoryID] = append(byStory[a.StoryID], a.Title)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var groups []string
	for _, g := range byStory {
		slices.Sort(g)
		groups = append(groups, strings.Join(g, " | "))
	}
	slices.Sort(groups)
	return placed, strings.Join(groups, "\n")
}

// An archive written out of publication order is placed in publication
// order and makes the stories the sorted archive makes.
func TestIngestPlacesAnArchiveInPublicationOrder(t *testing.T) {
	arts := demoArticles(t)
	sorted := slices.Clone(arts)
	slices.SortStableFunc(sorted, func(a, b *news.Article) int { return a.Published.Compare(b.Published) })
	scrambled := slices.Clone(sorted)
	rand.New(rand.NewPCG(3, 5)).Shuffle(len(scrambled), func(i, j int) { scrambled[i], scrambled[j] = scrambled[j], scrambled[i] })
	dir := t.TempDir()
	writeJSONL(t, filepath.Join(dir, "sorted.jsonl"), sorted)
	writeJSONL(t, filepath.Join(dir, "scrambled.jsonl"), scrambled)
	ingest := func(file string, window int64) (placed []string, stories string) {
		st := openStore(t)
		sum, err := Ingest(context.Background(), st, IngestOptions{
			Paths: []string{filepath.Join(dir, file)}, Params: cluster.DefaultParams(), ReorderBytes: window,
		})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Added != len(arts) {
			t.Fatalf("%s: added %d of %d", file, sum.Added, len(arts))
		}
		return storedOrder(t, st)
	}
	titles := func(arts []*news.Article) []string {
		out := make([]string, len(arts))
		for i, a := range arts {
			out[i] = a.Title
		}
		return out
	}
	sortedPlaced, sortedStories := ingest("sorted.jsonl", 0)
	if !slices.Equal(sortedPlaced, titles(sorted)) {
		t.Fatal("the sorted archive was not placed in file order")
	}
	if readPlaced, _ := ingest("scrambled.jsonl", 0); !slices.Equal(readPlaced, titles(scrambled)) {
		t.Error("without a window the scrambled archive was not placed in the order read")
	}
	placed, stories := ingest("scrambled.jsonl", 64<<20)
	if !slices.Equal(placed, sortedPlaced) {
		t.Errorf("placed in the order\n%s\nwant publication order\n%s", strings.Join(placed, "\n"), strings.Join(sortedPlaced, "\n"))
	}
	if stories != sortedStories {
		t.Errorf("stories\n%s\nwant the sorted archive's\n%s", stories, sortedStories)
	}
}
