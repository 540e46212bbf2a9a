// Package loadgen drives closed-loop HTTP load at a Parallax server and
// reports latency per endpoint: a fixed number of workers each send one
// request, wait for the whole response, and send the next, for a fixed
// time after a warm-up whose requests are not counted.
//
// The requests follow a mix of reader actions (see Mix): reading the story
// list and paging back through it by its "older" link or the API's
// next_cursor, opening stories sampled from the listing with a bias toward
// big ones, and searching for words taken from story titles. Latency
// quantiles are exact: every request's latency is kept and the samples
// are sorted (nearest-rank quantiles, see Quantile).
package loadgen

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
)

// An Action is one thing a simulated reader does; it sends one or more
// requests, each recorded under one of the action's rows.
type Action string

// The actions of a mix.
const (
	// ActIndex reads the story list page, then follows its "older" link
	// a few times.
	ActIndex Action = "index"
	// ActAPIStories reads /api/v1/stories, then follows next_cursor a few
	// times.
	ActAPIStories Action = "api-stories"
	// ActStory opens a story page.
	ActStory Action = "story"
	// ActAPIStory reads a story from the API.
	ActAPIStory Action = "api-story"
	// ActSearch searches the pages for one word.
	ActSearch Action = "search"
	// ActAPIAnnotations reads a story's annotations from the API.
	ActAPIAnnotations Action = "api-annotations"
	// ActAPIComparison reads a story's comparison from the API.
	ActAPIComparison Action = "api-comparison"
)

// Row is a line of the report: requests of one kind.
type Row struct {
	// Key names the row in JSON, in --p99-endpoints and in tests.
	Key string
	// Name is what the text report shows.
	Name string
	// Big is set on rows of requests for big stories (see
	// Options.BigStory); the report names the bound.
	Big bool
}

// rows lists every row in report order.
var rows = []Row{
	{Key: "index", Name: "GET /"},
	{Key: "index-older", Name: "GET /?cursor="},
	{Key: "story", Name: "GET /stories/{id}"},
	{Key: "story-big", Name: "GET /stories/{id}", Big: true},
	{Key: "api-stories", Name: "GET /api/v1/stories"},
	{Key: "api-stories-older", Name: "GET /api/v1/stories?cursor="},
	{Key: "api-story", Name: "GET /api/v1/stories/{id}"},
	{Key: "api-story-big", Name: "GET /api/v1/stories/{id}", Big: true},
	{Key: "search", Name: "GET /search?q="},
	{Key: "api-annotations", Name: "GET /api/v1/stories/{id}/annotations"},
	{Key: "api-annotations-big", Name: "GET /api/v1/stories/{id}/annotations", Big: true},
	{Key: "api-comparison", Name: "GET /api/v1/stories/{id}/comparison"},
	{Key: "api-comparison-big", Name: "GET /api/v1/stories/{id}/comparison", Big: true},
}

// Rows returns every row the load generator can report, in report order.
func Rows() []Row { return append([]Row(nil), rows...) }

// rowIndex maps a row key to its index in rows.
var rowIndex = func() map[string]int {
	m := make(map[string]int, len(rows))
	for i, r := range rows {
		m[r.Key] = i
	}
	return m
}()

// actionRows lists, for each action, the keys of the rows it records
// under.
var actionRows = map[Action][]string{
	ActIndex:          {"index", "index-older"},
	ActAPIStories:     {"api-stories", "api-stories-older"},
	ActStory:          {"story", "story-big"},
	ActAPIStory:       {"api-story", "api-story-big"},
	ActSearch:         {"search"},
	ActAPIAnnotations: {"api-annotations", "api-annotations-big"},
	ActAPIComparison:  {"api-comparison", "api-comparison-big"},
}

// actionOrder is the order actions are listed and parsed in.
var actionOrder = []Action{ActIndex, ActAPIStories, ActStory, ActAPIStory, ActSearch, ActAPIAnnotations, ActAPIComparison}

// Mix weighs the actions: each pick chooses an action with probability
// proportional to its weight.
type Mix map[Action]float64

// DefaultMix is the request mix when none is given: mostly pages, some
// API, some search. The annotations and comparison endpoints are left out
// unless asked for.
func DefaultMix() Mix {
	return Mix{ActIndex: 25, ActStory: 35, ActAPIStories: 10, ActAPIStory: 15, ActSearch: 15}
}

// ParseMix reads a mix such as "index=25,story=35,search=15". Actions left
// out weigh nothing; at least one must weigh more than nothing.
func ParseMix(s string) (Mix, error) {
	m := Mix{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("mix %q: want action=weight, got %q", s, part)
		}
		a := Action(strings.TrimSpace(name))
		if _, known := actionRows[a]; !known {
			return nil, fmt.Errorf("mix %q: unknown action %q (want %s)", s, name, actionList())
		}
		w, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || w < 0 || w != w || w > 1e9 {
			return nil, fmt.Errorf("mix %q: weight of %s must be a number from 0 up", s, a)
		}
		m[a] = w
	}
	if m.total() <= 0 {
		return nil, fmt.Errorf("mix %q: no action has a weight above 0", s)
	}
	return m, nil
}

func actionList() string {
	names := make([]string, len(actionOrder))
	for i, a := range actionOrder {
		names[i] = string(a)
	}
	return strings.Join(names, ", ")
}

// String writes the mix as ParseMix reads it, in a fixed order.
func (m Mix) String() string {
	var parts []string
	for _, a := range actionOrder {
		if w := m[a]; w > 0 {
			parts = append(parts, string(a)+"="+strconv.FormatFloat(w, 'g', -1, 64))
		}
	}
	return strings.Join(parts, ",")
}

func (m Mix) total() float64 {
	t := 0.0
	for _, a := range actionOrder {
		t += m[a]
	}
	return t
}

// Rows returns the report rows the mix can produce, in report order.
func (m Mix) Rows() []Row {
	want := map[string]bool{}
	for a, w := range m {
		if w > 0 {
			for _, k := range actionRows[a] {
				want[k] = true
			}
		}
	}
	var out []Row
	for _, r := range rows {
		if want[r.Key] {
			out = append(out, r)
		}
	}
	return out
}

// picker draws actions from a mix.
type picker struct {
	actions []Action
	cum     []float64
}

func newPicker(m Mix) picker {
	var p picker
	t := 0.0
	for _, a := range actionOrder {
		if w := m[a]; w > 0 {
			t += w
			p.actions = append(p.actions, a)
			p.cum = append(p.cum, t)
		}
	}
	return p
}

// pick draws one action; the mix must weigh at least one.
func (p picker) pick(rng *rand.Rand) Action {
	x := rng.Float64() * p.cum[len(p.cum)-1]
	i := sort.SearchFloat64s(p.cum, x)
	if i < len(p.cum) && p.cum[i] == x {
		i++ // x falls on a boundary: it belongs to the next action
	}
	return p.actions[min(i, len(p.actions)-1)]
}
