package eval

import (
	"fmt"
	"slices"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

func TestTopicOf(t *testing.T) {
	for _, tc := range []struct{ label, want string }{
		{"ecbplus-12-ecb", "ecbplus-12"},
		{"ecbplus-12-ecbplus", "ecbplus-12"},
		{"uci-dX8f", "uci"},
		{"quake", "quake"},
		{"-lead", "-lead"},
		{"", ""},
	} {
		if got := topicOf(tc.label); got != tc.want {
			t.Errorf("topicOf(%q) = %q, want %q", tc.label, got, tc.want)
		}
	}
}

// labelledCorpus returns a corpus of an article per event label, titled
// by its place.
func labelledCorpus(skipped int, events ...string) *Corpus {
	c := &Corpus{Skipped: skipped}
	for i, ev := range events {
		c.Articles = append(c.Articles, &news.Article{Title: fmt.Sprintf("%d", i)})
		c.Events = append(c.Events, ev)
	}
	return c
}

// checkOrders checks that shuffle gives, for 20 seeds, orders of c's own
// articles each with its event, every article once, the same order for
// the same seed, and mostly different orders; it returns how many
// articles over all seeds came to a place of another topic.
func checkOrders(t *testing.T, c *Corpus, shuffle func(seed uint64) *Corpus) (movedTopics int) {
	t.Helper()
	orders := map[string]bool{}
	for seed := range uint64(20) {
		s := shuffle(seed)
		if s.Skipped != c.Skipped || len(s.Articles) != len(c.Articles) {
			t.Fatalf("seed %d: %d articles, %d skipped", seed, len(s.Articles), s.Skipped)
		}
		var titles []string
		for i, a := range s.Articles {
			k := slices.Index(c.Articles, a)
			if k < 0 || s.Events[i] != c.Events[k] {
				t.Fatalf("seed %d: place %d holds an article that is not the corpus's with its event", seed, i)
			}
			if topicOf(c.Events[k]) != topicOf(c.Events[i]) {
				movedTopics++
			}
			titles = append(titles, a.Title)
		}
		sorted := slices.Clone(titles)
		slices.Sort(sorted)
		if len(slices.Compact(sorted)) != len(titles) {
			t.Errorf("seed %d: an article appears twice: %v", seed, titles)
		}
		if again := shuffle(seed); !slices.Equal(again.Articles, s.Articles) {
			t.Errorf("seed %d: two shuffles differ", seed)
		}
		orders[fmt.Sprint(titles)] = true
	}
	if len(orders) < 15 {
		t.Errorf("20 seeds gave %d orders; want most of them different", len(orders))
	}
	return movedTopics
}

func TestShuffledWithinTopics(t *testing.T) {
	c := labelledCorpus(3, "t1-a", "t1-b", "t1-a", "t2-a", "t1-b", "t2-b", "t2-a", "t1-a", "solo", "t2-b", "t1-a")
	if moved := checkOrders(t, c, c.shuffledWithinTopics); moved > 0 {
		t.Errorf("%d articles came to a place of another topic", moved)
	}
}

func TestInterleaved(t *testing.T) {
	c := labelledCorpus(2, "t1-a", "t1-a", "t1-b", "t1-b", "t2-a", "t2-a", "t2-b", "t3-a", "t3-a", "t3-b", "solo")
	// Unlike shuffledWithinTopics, articles leave their topic's places.
	if moved := checkOrders(t, c, c.interleaved); moved == 0 {
		t.Error("no article ever moved to another topic's place")
	}
}
