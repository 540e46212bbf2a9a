package demo

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// record is one line of the corpus.
type record struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Published string `json:"published"`
	Source    string `json:"source"`
	URL       string `json:"url"`
	Lang      string `json:"lang"`
	Event     string `json:"event"`

	published time.Time
}

// The hard cases the corpus promises; see the package documentation.
const (
	reprintID      = "demo-003"
	reprintOf      = "demo-002"
	headlineOnlyID = "demo-022"
	quakeA         = "kestria-earthquake-2026-03-10"
	quakeB         = "solenne-earthquake-2026-03-12"
)

var fields = []string{"event", "id", "lang", "published", "source", "text", "title", "url"}

// parse reads every line of Corpus, failing the test on the first line
// that is not a well-formed record.
func parse(t *testing.T) []record {
	t.Helper()
	if !utf8.Valid(Corpus) {
		t.Fatal("corpus is not valid UTF-8")
	}
	if !bytes.HasSuffix(Corpus, []byte("\n")) {
		t.Error("corpus does not end with a newline")
	}
	var out []record
	sc := bufio.NewScanner(bytes.NewReader(Corpus))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &keys); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		got := make([]string, 0, len(keys))
		for k := range keys {
			got = append(got, k)
		}
		slices.Sort(got)
		if !slices.Equal(got, fields) {
			t.Fatalf("line %d: keys %v, want exactly %v", line, got, fields)
		}
		var r record
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		p, err := time.Parse(time.RFC3339, r.Published)
		if err != nil {
			t.Fatalf("line %d (%s): published: %v", line, r.ID, err)
		}
		r.published = p
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func byID(t *testing.T, recs []record, id string) record {
	t.Helper()
	for _, r := range recs {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no article %s", id)
	return record{}
}

func TestCorpusSize(t *testing.T) {
	if len(Corpus) == 0 || len(Corpus) >= 200<<10 {
		t.Errorf("corpus is %d bytes, want between 1 and 200 KiB", len(Corpus))
	}
}

func TestCorpusRecords(t *testing.T) {
	recs := parse(t)
	if n := len(recs); n < 25 || n > 35 {
		t.Errorf("%d articles, want about 30", n)
	}
	ids := make(map[string]bool)
	urls := make(map[string]bool)
	for _, r := range recs {
		if r.ID == "" || ids[r.ID] {
			t.Errorf("id %q empty or repeated", r.ID)
		}
		ids[r.ID] = true
		if urls[r.URL] {
			t.Errorf("%s: url %s repeated", r.ID, r.URL)
		}
		urls[r.URL] = true
		if strings.TrimSpace(r.Title) == "" {
			t.Errorf("%s: empty title", r.ID)
		}
		if r.Source == "" || r.Event == "" {
			t.Errorf("%s: source %q, event %q: want both set", r.ID, r.Source, r.Event)
		}
		if r.Lang != "en" {
			t.Errorf("%s: lang %q, want en", r.ID, r.Lang)
		}
		u, err := url.Parse(r.URL)
		if err != nil || u.Scheme != "https" || !strings.HasSuffix(u.Host, ".example") || len(u.Path) < 2 {
			t.Errorf("%s: url %q, want https on a .example host with a path", r.ID, r.URL)
		}
		if r.Text != "" {
			if n := len(strings.Fields(r.Text)); n < 150 || n > 400 {
				t.Errorf("%s: %d words, want 150 to 400", r.ID, n)
			}
		}
	}
}

func TestCorpusTimeline(t *testing.T) {
	recs := parse(t)
	first, last := recs[0].published, recs[0].published
	for i, r := range recs {
		if r.published.Year() != 2026 {
			t.Errorf("%s: published %s, want 2026", r.ID, r.Published)
		}
		if i > 0 && r.published.Before(recs[i-1].published) {
			t.Errorf("%s: published %s before the previous line: want publication order", r.ID, r.Published)
		}
		if r.published.Before(first) {
			first = r.published
		}
		if r.published.After(last) {
			last = r.published
		}
	}
	if span := last.Sub(first); span < 48*time.Hour || span > 72*time.Hour {
		t.Errorf("articles span %s, want two to three days", span)
	}
}

func TestCorpusEventsAndSources(t *testing.T) {
	recs := parse(t)
	events := make(map[string]map[string]bool) // event → sources
	hosts := make(map[string]string)           // source → host
	for _, r := range recs {
		if events[r.Event] == nil {
			events[r.Event] = make(map[string]bool)
		}
		events[r.Event][r.Source] = true
		u, _ := url.Parse(r.URL)
		if h, ok := hosts[r.Source]; ok && h != u.Host {
			t.Errorf("%s: source %s on host %s and %s", r.ID, r.Source, h, u.Host)
		}
		hosts[r.Source] = u.Host
	}
	if len(events) != 7 {
		t.Errorf("%d events, want 7", len(events))
	}
	for e, sources := range events {
		if n := len(sources); n < 3 || n > 5 {
			t.Errorf("event %s reported by %d outlets, want 3 to 5", e, n)
		}
	}
	if n := len(hosts); n < 7 || n > 9 {
		t.Errorf("%d outlets, want about 8", n)
	}
	seen := make(map[string]string)
	for s, h := range hosts {
		if other, ok := seen[h]; ok {
			t.Errorf("host %s used by %s and %s", h, s, other)
		}
		seen[h] = s
	}
}

func TestCorpusHeadlineOnly(t *testing.T) {
	recs := parse(t)
	var empty []string
	for _, r := range recs {
		if r.Text == "" {
			empty = append(empty, r.ID)
		}
	}
	if !slices.Equal(empty, []string{headlineOnlyID}) {
		t.Errorf("articles with empty text: %v, want only %s", empty, headlineOnlyID)
	}
	h := byID(t, recs, headlineOnlyID)
	if len(strings.Fields(h.Title)) < 5 {
		t.Errorf("%s: title %q too short to place", h.ID, h.Title)
	}
	var others int
	for _, r := range recs {
		if r.Event == h.Event && r.ID != h.ID {
			others++
		}
	}
	if others < 2 {
		t.Errorf("%s: event %s has %d other articles, want at least 2 for it to join",
			h.ID, h.Event, others)
	}
}

// shingles returns the set of word 5-grams of a text, lowercased.
func shingles(text string) map[string]bool {
	w := strings.Fields(strings.ToLower(text))
	out := make(map[string]bool)
	for i := 0; i+5 <= len(w); i++ {
		out[strings.Join(w[i:i+5], " ")] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	var inter int
	for s := range a {
		if b[s] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

func TestCorpusReprint(t *testing.T) {
	recs := parse(t)
	orig, rep := byID(t, recs, reprintOf), byID(t, recs, reprintID)
	if orig.Event != rep.Event {
		t.Errorf("reprint event %s, original %s", rep.Event, orig.Event)
	}
	if orig.Source == rep.Source || orig.Title == rep.Title || orig.URL == rep.URL {
		t.Errorf("reprint must differ from the original in source, headline and url")
	}
	if !rep.published.After(orig.published) {
		t.Errorf("reprint published %s, not after the original %s", rep.Published, orig.Published)
	}
	if !strings.Contains(rep.Text, "first published by "+orig.Source) {
		t.Errorf("reprint carries no credit line naming %s", orig.Source)
	}
	// Every reprinted paragraph but the credit line comes from the original,
	// and exactly one of the original's sentences is gone.
	paras := strings.Split(rep.Text, "\n\n")
	for _, p := range paras[:len(paras)-1] {
		if !strings.Contains(orig.Text, p) {
			t.Errorf("reprint paragraph not in the original: %.60q", p)
		}
	}
	if d := strings.Count(orig.Text, ". ") - strings.Count(rep.Text, ". "); d != 1 {
		t.Errorf("reprint has %d fewer sentence breaks than the original, want 1", d)
	}

	// The reprint is the only near-copy: every other pair was written
	// independently.
	sh := make([]map[string]bool, len(recs))
	for i, r := range recs {
		sh[i] = shingles(r.Text)
	}
	for i := range recs {
		for j := i + 1; j < len(recs); j++ {
			s := jaccard(sh[i], sh[j])
			isPair := recs[i].ID == reprintOf && recs[j].ID == reprintID
			switch {
			case isPair && s < 0.8:
				t.Errorf("reprint %s vs %s: shingle resemblance %.2f, want at least 0.8", recs[j].ID, recs[i].ID, s)
			case !isPair && s > 0.1:
				t.Errorf("%s vs %s: shingle resemblance %.2f: independent reports too alike", recs[i].ID, recs[j].ID, s)
			}
		}
	}
}

func TestCorpusLookAlikeEvents(t *testing.T) {
	recs := parse(t)
	var a, b []record
	for _, r := range recs {
		switch r.Event {
		case quakeA:
			a = append(a, r)
		case quakeB:
			b = append(b, r)
		}
	}
	if len(a) < 3 || len(b) < 3 {
		t.Fatalf("%d articles on %s and %d on %s, want at least 3 each", len(a), quakeA, len(b), quakeB)
	}
	// Same kind of event: every report speaks of an earthquake's magnitude.
	for _, r := range slices.Concat(a, b) {
		text := strings.ToLower(r.Text)
		if !strings.Contains(text, "quake") || !strings.Contains(text, "magnitude") {
			t.Errorf("%s: does not read as an earthquake report", r.ID)
		}
	}
	// Different days, different countries.
	lastA := slices.MaxFunc(a, func(x, y record) int { return x.published.Compare(y.published) })
	firstB := slices.MinFunc(b, func(x, y record) int { return x.published.Compare(y.published) })
	if !lastA.published.Before(firstB.published) {
		t.Errorf("%s runs until %s, after %s starts at %s", quakeA, lastA.Published, quakeB, firstB.Published)
	}
	for _, r := range a {
		if strings.Contains(r.Text, "Solenne") || strings.Contains(r.Text, "Maraval") {
			t.Errorf("%s names the other earthquake's country", r.ID)
		}
	}
	for _, r := range b {
		if strings.Contains(r.Text, "Kestria") || strings.Contains(r.Text, "Varno") {
			t.Errorf("%s names the other earthquake's country", r.ID)
		}
	}
}
