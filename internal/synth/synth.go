// Package synth generates synthetic news streams for benchmarks: events
// with their own vocabulary, named people, places and organisations, and
// figures, reported by several outlets in articles of realistic length,
// with story sizes that follow a long tail and occasional wire reprints.
// The same Config and seed always give the same stream.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// Config shapes a stream.
type Config struct {
	// Seed makes the stream reproducible.
	Seed uint64
	// Articles is the stream's length.
	Articles int
	// Words is the mean length of an article's text; 0 gives headlines.
	Words int
	// StorySizeAlpha is the Pareto tail index of story sizes: smaller
	// means more very large stories. Typical news streams sit near 1.5.
	StorySizeAlpha float64
	// ActiveEvents is how many events are being reported at any moment.
	ActiveEvents int
	// PerHour is how many articles arrive per hour of stream time.
	PerHour int
	// ReprintShare is the share of articles that reprint an earlier one.
	ReprintShare float64
	// Start is the publication time of the first article.
	Start time.Time
}

// DefaultConfig is a stream of full-length articles.
func DefaultConfig() Config {
	return Config{
		Seed:           1,
		Articles:       10_000,
		Words:          600,
		StorySizeAlpha: 1.5,
		ActiveEvents:   400,
		PerHour:        400,
		ReprintShare:   0.05,
		Start:          time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
}

// Article is one generated report.
type Article struct {
	Title, Text, Source, URL string
	Published                time.Time
	// Event is the generated event the article reports.
	Event int
}

type event struct {
	id        int
	remaining int
	topic     []string // event-specific content words
	kind      []string // words of the event's kind, shared with its kind
	people    []string
	places    []string
	orgs      []string
	figures   []string
}

// Stream generates articles one at a time.
type Stream struct {
	cfg     Config
	rng     *rand.Rand
	active  []*event
	nextID  int
	emitted int
	vocab   []string
	kinds   [][]string
	outlets []string
	recent  []Article
}

// New returns a stream for cfg.
func New(cfg Config) *Stream {
	if cfg.StorySizeAlpha <= 0 {
		cfg.StorySizeAlpha = 1.5
	}
	if cfg.ActiveEvents <= 0 {
		cfg.ActiveEvents = 1
	}
	if cfg.PerHour <= 0 {
		cfg.PerHour = 1
	}
	s := &Stream{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))}
	s.vocab = s.makeVocab(20_000)
	for range 40 {
		s.kinds = append(s.kinds, s.pick(s.vocab[:2000], 25))
	}
	for i := range 60 {
		s.outlets = append(s.outlets, fmt.Sprintf("%s %s", s.name(), outletKinds[i%len(outletKinds)]))
	}
	return s
}

var outletKinds = []string{"Herald", "Times", "Post", "Wire", "Gazette", "Courier", "Observer", "Ledger", "Tribune", "Chronicle"}

// common holds everyday news words, the head of the vocabulary.
var common = strings.Fields(`government minister police officials city country president court security election
 party report year week people company market prices workers union strike fire water power talks deal vote
 health hospital school children families village region border army troops attack killed injured rescue
 search damage storm flood quake earthquake wildfire drought crops farmers bank rates inflation budget tax
 trade exports imports oil gas energy climate summit leaders agreement sanctions protest march police arrest
 trial judge lawyer prison charges investigation inquiry scandal resignation coalition parliament senate law
 bill reform pension wages jobs factory plant port ship airport flight train road bridge tunnel project
 contract billion million percent spokesman statement interview conference visit capital province district
 match season club coach player transfer goal league cup final title record festival film music award`)

// makeVocab builds a Zipf-ranked vocabulary: everyday words first, then
// invented words for the long tail.
func (s *Stream) makeVocab(n int) []string {
	out := append([]string(nil), common...)
	seen := make(map[string]bool, n)
	for _, w := range out {
		seen[w] = true
	}
	for len(out) < n {
		w := s.word(2 + s.rng.IntN(3))
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

var syllables = strings.Fields("ka ri to me sa lo ven dar mil tes ro na bel cor fan gu hal is jor ke lun mar nor or pel qua ras sol tir ul var wen yar zel an bri cha del ev fro gil ham ith jun")

func (s *Stream) word(n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(syllables[s.rng.IntN(len(syllables))])
	}
	return b.String()
}

func (s *Stream) name() string {
	w := s.word(2 + s.rng.IntN(2))
	return strings.ToUpper(w[:1]) + w[1:]
}

func (s *Stream) pick(from []string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = from[s.rng.IntN(len(from))]
	}
	return out
}

// zipf draws a vocabulary rank with a Zipf-like distribution.
func (s *Stream) zipf(n int) int {
	r := int(math.Exp(s.rng.Float64() * math.Log(float64(n))))
	return min(r-1, n-1)
}

func (s *Stream) newEvent() *event {
	size := int(math.Ceil(math.Pow(1-s.rng.Float64(), -1/s.cfg.StorySizeAlpha)))
	size = min(size, 500)
	e := &event{id: s.nextID, remaining: size, kind: s.kinds[s.rng.IntN(len(s.kinds))]}
	s.nextID++
	for range 12 {
		e.topic = append(e.topic, s.vocab[2000+s.rng.IntN(len(s.vocab)-2000)])
	}
	for range 2 + s.rng.IntN(3) {
		e.people = append(e.people, s.name()+" "+s.name())
	}
	for range 1 + s.rng.IntN(2) {
		e.places = append(e.places, s.name())
	}
	e.orgs = append(e.orgs, s.name()+" "+[]string{"Ministry", "Council", "Authority", "Agency", "Union"}[s.rng.IntN(5)])
	for range 3 {
		e.figures = append(e.figures, fmt.Sprint(10+s.rng.IntN(5000)))
	}
	return e
}

// sentence writes one sentence about e.
func (s *Stream) sentence(e *event) string {
	var b strings.Builder
	n := 12 + s.rng.IntN(14)
	for i := range n {
		var w string
		switch r := s.rng.Float64(); {
		case r < 0.12:
			w = e.topic[s.rng.IntN(len(e.topic))]
		case r < 0.22:
			w = e.kind[s.rng.IntN(len(e.kind))]
		case r < 0.26:
			w = e.people[s.rng.IntN(len(e.people))]
		case r < 0.29:
			w = e.places[s.rng.IntN(len(e.places))]
		case r < 0.30:
			w = e.orgs[0]
		case r < 0.32:
			w = e.figures[s.rng.IntN(len(e.figures))]
		case r < 0.55:
			w = functionWords[s.rng.IntN(len(functionWords))]
		default:
			w = s.vocab[s.zipf(len(s.vocab))]
		}
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	b.WriteString(". ")
	return b.String()
}

var functionWords = strings.Fields("the of and to in a that for on with as by at from said was were is are has had it their its after over")

// Generate returns the whole stream of cfg at once.
func Generate(cfg Config) []Article {
	s := New(cfg)
	out := make([]Article, 0, cfg.Articles)
	for {
		a, ok := s.Next()
		if !ok {
			return out
		}
		out = append(out, a)
	}
}

// Next returns the next article, or false when the stream has ended.
func (s *Stream) Next() (Article, bool) {
	if s.emitted >= s.cfg.Articles {
		return Article{}, false
	}
	at := s.cfg.Start.Add(time.Duration(float64(s.emitted) / float64(s.cfg.PerHour) * float64(time.Hour)))
	s.emitted++
	if len(s.recent) > 0 && s.rng.Float64() < s.cfg.ReprintShare {
		orig := s.recent[s.rng.IntN(len(s.recent))]
		a := orig
		a.Source = s.outlets[s.rng.IntN(len(s.outlets))]
		a.URL = fmt.Sprintf("https://%s.example/%d", strings.ToLower(strings.ReplaceAll(a.Source, " ", "-")), s.emitted)
		a.Published = at
		if i := strings.LastIndex(a.Text, ". "); i > 0 && i < len(a.Text)-2 {
			a.Text = a.Text[:i+1] + " Reporting by " + orig.Source + "."
		}
		return a, true
	}
	for len(s.active) < s.cfg.ActiveEvents {
		s.active = append(s.active, s.newEvent())
	}
	i := s.rng.IntN(len(s.active))
	e := s.active[i]
	e.remaining--
	if e.remaining <= 0 {
		s.active[i] = s.active[len(s.active)-1]
		s.active = s.active[:len(s.active)-1]
	}
	a := Article{Event: e.id, Published: at, Source: s.outlets[s.rng.IntN(len(s.outlets))]}
	a.URL = fmt.Sprintf("https://%s.example/%d", strings.ToLower(strings.ReplaceAll(a.Source, " ", "-")), s.emitted)
	a.Title = strings.TrimSuffix(s.sentence(e), ". ")
	var b strings.Builder
	for words := 0; words < s.cfg.Words; {
		sent := s.sentence(e)
		words += strings.Count(sent, " ")
		b.WriteString(sent)
	}
	a.Text = strings.TrimSpace(b.String())
	if len(s.recent) < 256 {
		s.recent = append(s.recent, a)
	} else {
		s.recent[s.rng.IntN(len(s.recent))] = a
	}
	return a, true
}
