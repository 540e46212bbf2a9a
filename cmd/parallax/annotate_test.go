package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/news"
)

// annotatedLines are two reports of one invented event, written for these
// tests, with names, a quote and figures.
func annotatedLines(t *testing.T) []string {
	return []string{
		line(t, map[string]any{"id": "q1", "title": "Dam operator opens spillways as Lake Orsa rises",
			"text": "The Orsa Valley Water Board opened all four spillways of the Halden dam on Tuesday after the lake rose " +
				"by nearly two metres in a week. “The dam is safe, but the valley must prepare for high water,” " +
				"said board chairman Tomas Wendt. About 3,500 residents downstream were told to move their cars to higher ground.",
			"published": "2026-04-07T09:00:00Z", "source": "Valley Courier", "url": "https://courier.example/halden"}),
		line(t, map[string]any{"id": "q2", "title": "Halden dam spillways opened, residents warned",
			"text": "Water Board chairman Tomas Wendt said on Tuesday that the Halden dam was safe. " +
				"“The dam is safe, but the valley has to get ready for high water,” Wendt told reporters. " +
				"More than 3,000 people live below the dam, according to the county council.",
			"published": "2026-04-07T11:00:00Z", "source": "Orsa Today", "url": "https://orsatoday.example/dam"}),
	}
}

func TestStoryAndArticleShowAnnotations(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	f := writeFile(t, dir, "dam.jsonl", strings.Join(annotatedLines(t), "\n")+"\n")
	if code, out, errOut := runCmd(t, db, "", "ingest", f); code != exitOK {
		t.Fatalf("ingest: status %d\n%s\n%s", code, out, errOut)
	}

	code, out, errOut := runCmd(t, db, "", "story", "--json", "1")
	if code != exitOK {
		t.Fatalf("story --json: status %d\n%s", code, errOut)
	}
	var sv struct {
		Articles    []news.Article
		Annotations news.StoryAnnotations
	}
	if err := json.Unmarshal([]byte(out), &sv); err != nil {
		t.Fatalf("story --json: %v\n%s", err, out)
	}
	if len(sv.Articles) != 2 {
		t.Fatalf("story 1 has %d articles, want both reports", len(sv.Articles))
	}
	sa := sv.Annotations
	i := slices.IndexFunc(sa.Entities, func(e news.StoryEntity) bool { return e.Name == "Tomas Wendt" })
	if i < 0 {
		t.Fatalf("Tomas Wendt not among the story's entities %+v", sa.Entities)
	}
	if wendt := sa.Entities[i]; !slices.Equal(wendt.Sources, []string{"Valley Courier", "Orsa Today"}) ||
		!slices.Contains(wendt.Aliases, "Wendt") {
		t.Errorf("Tomas Wendt = %+v, want both sources and the alias Wendt", wendt)
	}
	q := slices.IndexFunc(sa.Quotes, func(q news.StoryQuote) bool { return q.Speaker == "Tomas Wendt" && len(q.Wordings) == 2 })
	if q < 0 {
		t.Errorf("no quote by Tomas Wendt in both wordings among %+v", sa.Quotes)
	}
	var claims []string
	for _, c := range sa.Claims {
		if c.Claim.Unit == "people" {
			claims = append(claims, c.Source+": "+c.Claim.Hedge+" "+c.Claim.Attribution)
		}
	}
	if !slices.Equal(claims, []string{"Valley Courier: around ", "Orsa Today: above the county council"}) {
		t.Errorf("claims about people %q", claims)
	}

	code, out, errOut = runCmd(t, db, "", "story", "1")
	if code != exitOK {
		t.Fatalf("story: status %d\n%s", code, errOut)
	}
	mustContainAll(t, "story", out,
		"\nEntities\n", "Tomas Wendt (PER; also Wendt)", "(Valley Courier, Orsa Today)",
		"\nQuotes\n", "Tomas Wendt, in 2 wordings:", "“The dam is safe, but the valley must prepare for high water”",
		"\nClaims\n", "More than 3,000 (above 3000 people;", "according to the county council)")

	id := sv.Articles[0].ID
	code, out, errOut = runCmd(t, db, "", "article", "--json", itoa(id))
	if code != exitOK {
		t.Fatalf("article --json: status %d\n%s", code, errOut)
	}
	var av struct{ Article news.Article }
	if err := json.Unmarshal([]byte(out), &av); err != nil {
		t.Fatalf("article --json: %v\n%s", err, out)
	}
	an := av.Article.Annotations
	if an == nil || len(an.Entities) == 0 || len(an.Quotes) == 0 || len(an.Claims) == 0 || len(an.Dates) == 0 {
		t.Fatalf("article %d annotations = %+v, want entities, quotes, claims and dates", id, an)
	}
	for _, m := range an.Mentions {
		if av.Article.Text[m.Start:m.End] != m.Text {
			t.Errorf("mention %+v does not match the stored text", m)
		}
	}
	code, out, _ = runCmd(t, db, "", "article", itoa(id))
	if code != exitOK {
		t.Fatalf("article: status %d", code)
	}
	mustContainAll(t, "article", out, "\nEntities\n", "Tomas Wendt (PER", "\nQuotes\n", "\nClaims\n", "\nDates\n")
}

// The seed story shows what shared/README.md expects of its entities,
// quotes and claims.
func TestSeedsShowAnnotations(t *testing.T) {
	seeds := filepath.Join("..", "..", "..", "shared", "seeds", "seeds.jsonl")
	if _, err := os.Stat(seeds); err != nil {
		t.Skipf("seed corpus not present at %s (it lives beside the repository, not in it)", seeds)
	}
	db := filepath.Join(t.TempDir(), "p.db")
	if code, out, errOut := runCmd(t, db, "", "ingest", seeds); code != exitOK {
		t.Fatalf("ingest seeds: status %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, db, "", "story", "--json", "1")
	if code != exitOK {
		t.Fatalf("story --json: status %d\n%s", code, errOut)
	}
	var sv struct{ Annotations news.StoryAnnotations }
	if err := json.Unmarshal([]byte(out), &sv); err != nil {
		t.Fatal(err)
	}
	sa := sv.Annotations
	person := func(name string) news.StoryEntity {
		t.Helper()
		i := slices.IndexFunc(sa.Entities, func(e news.StoryEntity) bool { return e.Type == "PER" && strings.Contains(e.Name, name) })
		if i < 0 {
			t.Fatalf("no person %q among %+v", name, sa.Entities)
		}
		return sa.Entities[i]
	}
	assad, khamenei, raisi := person("Assad"), person("Khamenei"), person("Raisi")
	for _, e := range []news.StoryEntity{assad, khamenei} {
		if len(e.Sources) != 2 {
			t.Errorf("%s named by %v, want both sources", e.Name, e.Sources)
		}
	}
	// The second seed speaks of "the country's president" without naming
	// Raisi, so only the first names him.
	if len(raisi.Sources) == 0 {
		t.Errorf("Raisi = %+v, want at least one source", raisi)
	}
	if !slices.Contains(assad.Aliases, "Bashar al-Asaad") {
		t.Errorf("Assad %+v: the spelling variant of the second seed did not merge", assad)
	}
	if !slices.ContainsFunc(sa.Quotes, func(q news.StoryQuote) bool {
		return q.Entity == khamenei.ID && len(q.Wordings) == 2 && strings.Contains(q.Wordings[1].Quote.Text, "vital for both countries")
	}) {
		t.Errorf("no Khamenei quote in both seeds among %+v", sa.Quotes)
	}
	for _, want := range []struct {
		hedge string
		value float64
	}{{"below", 400000}, {"above", 350000}} {
		if !slices.ContainsFunc(sa.Claims, func(c news.StoryClaim) bool {
			return c.Claim.Hedge == want.hedge && c.Claim.Value == want.value && strings.Contains(c.Claim.Attribution, "UN")
		}) {
			t.Errorf("no death toll %s %v from the UN among %+v", want.hedge, want.value, sa.Claims)
		}
	}
}

func TestEvalAnnotate(t *testing.T) {
	code, out, errOut := runCmd(t, "", "", "eval", "annotate", "--json")
	if code != exitOK {
		t.Fatalf("eval annotate --json: status %d\n%s", code, errOut)
	}
	var res map[string]annotateScores
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("eval annotate --json: %v\n%s", err, out)
	}
	all, ok := res["all"]
	if !ok || all.Items == 0 {
		t.Fatalf("eval annotate --json: no scores over all items:\n%s", out)
	}
	// Floors well under today's scores: a broken wiring scores near 0.
	for name, got := range map[string]float64{
		"entity F1":              all.Entities.F1,
		"quote speaker accuracy": all.Quotes.SpeakerAccuracyWithEntities,
		"claim value+hedge":      all.Claims.ValueHedgeAccuracy,
		"date accuracy":          all.Dates.Accuracy,
	} {
		if got < 0.7 {
			t.Errorf("%s = %.3f, want at least 0.7", name, got)
		}
	}
	code, out, _ = runCmd(t, "", "", "eval", "annotate")
	if code != exitOK || !strings.Contains(out, "entities P/R/F1") {
		t.Errorf("eval annotate: status %d\n%s", code, out)
	}
	if code, _, _ := runCmd(t, "", "", "eval", "annotate", "extra"); code != exitUsage {
		t.Errorf("eval annotate extra: status %d, want %d", code, exitUsage)
	}
}

func mustContainAll(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s output lacks %q:\n%s", what, w, got)
		}
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
