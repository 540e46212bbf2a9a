package loadgen

import (
	"html"
	"math/rand/v2"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// StoryRef is a story seen in the listing: its ID and size.
type StoryRef struct {
	ID       int64  `json:"id"`
	Articles int    `json:"articles"`
	Title    string `json:"title"`
}

// Pool holds the stories the load generator opens. Half of its draws are
// uniform over the stories, half are weighed by their article counts, so
// that big stories, which readers open most, get a large share of the
// requests while small ones still get some.
type Pool struct {
	stories []StoryRef
	cum     []float64 // running total of article counts
	seen    map[int64]bool
}

// Add puts a story in the pool; a story already there is ignored.
func (p *Pool) Add(s StoryRef) {
	if p.seen == nil {
		p.seen = make(map[int64]bool)
	}
	if p.seen[s.ID] {
		return
	}
	p.seen[s.ID] = true
	w := float64(max(s.Articles, 1))
	if n := len(p.cum); n > 0 {
		w += p.cum[n-1]
	}
	p.stories = append(p.stories, s)
	p.cum = append(p.cum, w)
}

// Len is the number of stories in the pool.
func (p *Pool) Len() int { return len(p.stories) }

// Sample draws a story; the pool must not be empty.
func (p *Pool) Sample(rng *rand.Rand) StoryRef {
	if rng.IntN(2) == 0 {
		return p.stories[rng.IntN(len(p.stories))]
	}
	x := rng.Float64() * p.cum[len(p.cum)-1]
	i := sort.Search(len(p.cum), func(i int) bool { return p.cum[i] > x })
	return p.stories[min(i, len(p.stories)-1)]
}

// Sizes summarises the pool: how many stories, how many hold at least big
// articles, and the largest size.
func (p *Pool) Sizes(big int) (stories, bigStories, largest int) {
	for _, s := range p.stories {
		if s.Articles >= big {
			bigStories++
		}
		largest = max(largest, s.Articles)
	}
	return len(p.stories), bigStories, largest
}

// stopWords are left out of search words: they match nearly every
// article, which no reader searches for.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the of and to in a that for on with as by at from said was were is are
		has had it their its after over this than then them they have been will would into about also`) {
		stopWords[w] = true
	}
}

// Words collects search words from story titles: the distinct
// lower-cased words of at least four letters, stop words left out, in
// order of first appearance. Drawn uniformly, they are mostly names and
// topic words, as readers' searches are; the few everyday words among
// them (in a synthetic stream some appear in nearly every article) make
// the slow tail of search.
func Words(titles []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range titles {
		for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(w)) < 4 || stopWords[w] || seen[w] {
				continue
			}
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// olderHref finds the links of a page that lead to an older page of the
// story list.
var olderHref = regexp.MustCompile(`href="(/\?[^"]*cursor=[^"]*)"`)

// OlderLink returns the path of the story list page's link to the next
// older page, with HTML entities decoded, or "" when the page has none.
func OlderLink(page []byte) string {
	m := olderHref.FindSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(string(m[1]))
}
