package cluster

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ecbPlusPath is the ECB+ development corpus in ../shared, beside the
// repository; a user's clone has none.
var ecbPlusPath = filepath.Join("..", "..", "..", "shared", "data", "ecbplus-dev.jsonl")

type goldArticle struct{ Title, Text, Event string }

func readGold(t *testing.T, path string) []goldArticle {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("gold corpus not available (%v): it lives in ../shared, beside the repository", err)
	}
	defer f.Close()
	var out []goldArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a goldArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// otherEvent is the other event of an ECB+ topic: each topic holds an
// "ecb" and an "ecbplus" event of one kind.
func otherEvent(ev string) string {
	if s, ok := strings.CutSuffix(ev, "-ecbplus"); ok {
		return s + "-ecb"
	}
	return ev + "plus"
}

// mergesOfPureStories scores, for each ECB+ event, a story of its first n
// reports against a story of its remaining reports (one event), and
// against stories of the other event of its topic's first n and
// remaining reports (two events of one kind), and counts the pairs of
// each kind that clear the merge bar.
func mergesOfPureStories(t *testing.T, arts []goldArticle, p Params, n int) (oneMerged, one, twoMerged, two int) {
	t.Helper()
	e, err := New(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	seen := map[string]int{}
	for i, a := range arts {
		part := "/rest"
		if seen[a.Event] < n {
			part = "/first"
		}
		seen[a.Event]++
		id, ok := ids[a.Event+part]
		if !ok {
			id = int64(len(ids) + 1)
			ids[a.Event+part] = id
		}
		e.Restore(Featurize(a.Title, a.Text, "", time.Time{}, p), int64(i+1), id)
	}
	for key, id := range ids {
		ev, ok := strings.CutSuffix(key, "/first")
		if !ok {
			continue
		}
		first := e.stories[id]
		if rest := e.stories[ids[ev+"/rest"]]; rest != nil {
			one++
			if e.storySimilarity(first, rest) >= e.mergeThreshold(first, rest) {
				oneMerged++
			}
		}
		for _, part := range []string{"/first", "/rest"} {
			if other := e.stories[ids[otherEvent(ev)+part]]; other != nil {
				two++
				if e.storySimilarity(first, other) >= e.mergeThreshold(first, other) {
					twoMerged++
				}
			}
		}
	}
	return oneMerged, one, twoMerged, two
}

// The merge bar, rising with the smaller story's size (MergeGrowth),
// keeps apart grown stories of the two events of an ECB+ topic that a
// flat bar merges, and still merges the stories of one event: scored on
// stories that each hold only their own event's reports.
func TestMergeBarSeparatesEventsOfOneKind(t *testing.T) {
	arts := readGold(t, ecbPlusPath)
	grows := DefaultParams()
	flat := grows
	flat.MergeGrowth = 0
	for _, n := range []int{2, 3, 5} {
		oneMerged, one, twoMerged, two := mergesOfPureStories(t, arts, grows, n)
		_, _, flatTwoMerged, _ := mergesOfPureStories(t, arts, flat, n)
		t.Logf("first %d reports against the rest: one event merges %d of %d; two events %d of %d (%d with a flat bar)",
			n, oneMerged, one, twoMerged, two, flatTwoMerged)
		if 20*oneMerged < 19*one {
			t.Errorf("stories of %d reports: one event merges %d of %d, want 19 in 20", n, oneMerged, one)
		}
		if 3*twoMerged > 2*flatTwoMerged {
			t.Errorf("stories of %d reports: two events merge %d times, a flat bar %d times: want a third fewer at least", n, twoMerged, flatTwoMerged)
		}
	}
}
