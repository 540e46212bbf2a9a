package annotate

import (
	"bufio"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// Two reports of one invented event, written for these tests: the second
// spells the minister's name differently, words her statement differently
// and gives another figure.
var (
	published = time.Date(2025, 6, 15, 18, 0, 0, 0, time.UTC)

	reportA = "VALDORA, Esteria (Coast Wire) – Floods have forced nearly 12,000 people from their homes " +
		"in the river delta, according to the Esterian Red Cross.\n" +
		"Interior Minister Katarina Novakovic visited the town of Brisk on Sunday. " +
		"“We will rebuild every bridge and every school that the water has taken,” Novakovic said. " +
		"The minister said the government would release 40 million euros for repairs.\n" +
		"The last flood of this size struck the delta in March 2019."

	reportB = "Interior Minister Katharina Novakovic promised on Sunday to rebuild what the floods destroyed. " +
		"“We are going to rebuild every bridge and every school the water took,” Novakovic told reporters in Brisk.\n" +
		"More than 10,000 residents have left the delta, the Esterian Red Cross said."
)

func TestAnnotate(t *testing.T) {
	an := Annotate(reportA, published)

	entities := make(map[string]news.EntityRef)
	for _, e := range an.Entities {
		entities[e.Name] = e
	}
	for _, tc := range []struct {
		name, typ, key string
	}{
		{"Katarina Novakovic", "PER", "PER:katarina novakovic"},
		{"Brisk", "LOC", "LOC:brisk"},
	} {
		e, ok := entities[tc.name]
		if !ok {
			t.Errorf("entity %q not found in %+v", tc.name, an.Entities)
			continue
		}
		if e.Type != tc.typ || e.Key != tc.key || e.Mentions < 1 {
			t.Errorf("entity %q = %+v, want type %s, key %q", tc.name, e, tc.typ, tc.key)
		}
	}
	for _, m := range an.Mentions {
		if reportA[m.Start:m.End] != m.Text || m.Entity < 0 || m.Entity >= len(an.Entities) {
			t.Errorf("mention %+v: span or entity index out of step with the text", m)
		}
	}

	var quoted bool
	for _, q := range an.Quotes {
		if strings.HasPrefix(q.Text, "We will rebuild every bridge") {
			quoted = true
			if q.Kind != "direct" || q.SpeakerEntity < 0 || an.Entities[q.SpeakerEntity].Name != "Katarina Novakovic" {
				t.Errorf("quote %+v: want a direct quote by Katarina Novakovic", q)
			}
		}
	}
	if !quoted {
		t.Errorf("direct quote not found in %+v", an.Quotes)
	}

	wantClaims := []struct {
		text, hedge, unit string
		value             float64
		attribution       string
	}{
		{"nearly 12,000", "below", "people", 12000, "the Esterian Red Cross"},
		{"40 million euros", "exact", "EUR", 40e6, "The minister"},
	}
	for _, w := range wantClaims {
		i := slices.IndexFunc(an.Claims, func(c news.Claim) bool { return strings.HasPrefix(c.Text, w.text) })
		if i < 0 {
			t.Errorf("claim %q not found in %+v", w.text, an.Claims)
			continue
		}
		c := an.Claims[i]
		if c.Hedge != w.hedge || c.Unit != w.unit || c.Value != w.value || c.Attribution != w.attribution {
			t.Errorf("claim %q = %+v, want %s %v %s by %q", w.text, c, w.hedge, w.value, w.unit, w.attribution)
		}
	}

	i := slices.IndexFunc(an.Dates, func(d news.Date) bool { return d.Text == "March 2019" })
	if i < 0 || an.Dates[i].Granularity != "month" || !an.Dates[i].Time.Equal(time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("dates %+v: want March 2019 to the month", an.Dates)
	}
	if d := an.Dateline; d == nil || d.Place != "VALDORA" || d.Agency != "Coast Wire" {
		t.Errorf("dateline %+v, want VALDORA (Coast Wire)", d)
	}
}

// A figure attributed to a pronoun is credited to the person the
// pronoun stands for.
func TestClaimAttributedToPronounNamesTheSpeaker(t *testing.T) {
	text := "Dr Helga Marstrand, a seismologist at the Velmore institute, said the fault had moved twice in a decade. " +
		"\"A shock only 9 kilometres down is felt very violently at the surface,\" she said. " +
		"Officials said 14 homes had collapsed."
	an := Annotate(text, time.Time{})
	got := map[string]string{}
	for _, c := range an.Claims {
		got[c.Text] = c.Attribution
	}
	if a := got["9 kilometres"]; a != "Helga Marstrand" {
		t.Errorf("9 kilometres attributed to %q, want Helga Marstrand; claims %+v", a, an.Claims)
	}
	if a := got["14"]; a != "Officials" {
		t.Errorf("14 attributed to %q, want Officials; claims %+v", a, an.Claims)
	}
}

func TestAnnotateEmpty(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"empty", ""},
		{"spaces", "  \n\t "},
		{"no names", "it rained all day and the roads were wet."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			an := Annotate(tc.text, time.Time{})
			if len(an.Quotes)+len(an.Claims)+len(an.Dates) != 0 || an.Dateline != nil {
				t.Errorf("Annotate(%q) = %+v, want nothing", tc.text, an)
			}
		})
	}
}

func TestKey(t *testing.T) {
	for _, tc := range []struct{ name, typ, in, want string }{
		{"person", "PER", "Bashar al-Assad", "PER:bashar al-assad"},
		{"diacritics and spaces", "PER", "  Raïsi  Ébrahim ", "PER:raisi ebrahim"},
		{"organisation", "ORG", "Red Cross", "ORG:red cross"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Key(tc.typ, tc.in); got != tc.want {
				t.Errorf("Key(%q, %q) = %q, want %q", tc.typ, tc.in, got, tc.want)
			}
		})
	}
}

func storyOf(texts ...string) news.StoryAnnotations {
	var arts []news.ArticleAnnotations
	for i, text := range texts {
		arts = append(arts, news.ArticleAnnotations{ArticleID: int64(i + 1), Source: []string{"coast-wire", "delta-daily"}[i%2],
			Published: published, Annotations: Annotate(text, published)})
	}
	return Story(arts)
}

func TestStory(t *testing.T) {
	sa := storyOf(reportA, reportB)

	i := slices.IndexFunc(sa.Entities, func(e news.StoryEntity) bool {
		return e.Name == "Katarina Novakovic" || e.Name == "Katharina Novakovic"
	})
	if i < 0 {
		t.Fatalf("minister not among %+v", sa.Entities)
	}
	minister := sa.Entities[i]
	if !slices.Equal(minister.Sources, []string{"coast-wire", "delta-daily"}) || !slices.Equal(minister.Articles, []int64{1, 2}) {
		t.Errorf("minister %+v: want both articles and sources (spelling variants merged)", minister)
	}
	if i != 0 && len(sa.Entities[0].Sources) < len(minister.Sources) {
		t.Errorf("entities not ordered by sources: %+v", sa.Entities)
	}

	var both *news.StoryQuote
	for k, q := range sa.Quotes {
		if len(q.Wordings) == 2 {
			both = &sa.Quotes[k]
		}
	}
	if both == nil {
		t.Fatalf("no quote in two wordings among %+v", sa.Quotes)
	}
	if both.Entity != minister.ID || both.Wordings[0].ArticleID != 1 || both.Wordings[1].ArticleID != 2 {
		t.Errorf("quote %+v: want the minister's, from articles 1 and 2", both)
	}

	var figures []string
	for _, c := range sa.Claims {
		if c.Claim.Unit == "people" {
			figures = append(figures, c.Source+" "+c.Claim.Hedge)
		}
	}
	if !slices.Equal(figures, []string{"coast-wire below", "delta-daily above"}) {
		t.Errorf("people claims %v, want nearly 12,000 (coast-wire) and more than 10,000 (delta-daily)", figures)
	}
}

func TestStoryEmpty(t *testing.T) {
	sa := Story(nil)
	if sa.Entities == nil || sa.Quotes == nil || sa.Claims == nil || len(sa.Entities)+len(sa.Quotes)+len(sa.Claims) != 0 {
		t.Errorf("Story(nil) = %#v, want empty, non-nil lists", sa)
	}
}

// TestStoryGolden pins the whole merged view of the two reports.
func TestStoryGolden(t *testing.T) {
	got, err := json.MarshalIndent(storyOf(reportA, reportB), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "story.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if string(got) != string(want) {
		t.Errorf("Story differs from %s; run go test -update and review the diff.\ngot:\n%s", path, got)
	}
}

// TestSeeds checks what shared/README.md expects of the seed articles, when
// shared/ sits beside the repository.
func TestSeeds(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "seeds", "seeds.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("seed corpus absent (it lives beside the repository, not in it): %v", err)
	}
	defer f.Close()
	var arts []news.ArticleAnnotations
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var row struct {
			Text, Source string
			Published    time.Time
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, news.ArticleAnnotations{ArticleID: int64(len(arts) + 1), Source: row.Source,
			Published: row.Published, Annotations: Annotate(row.Text, row.Published)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	checkSeeds(t, Story(arts))
}

// checkSeeds holds the merged seed story to shared/README.md: one entity
// for each of Assad (three spellings), Khamenei and Raisi, the first two
// named by both outlets (the second article does not name Raisi); the
// Khamenei quote in both wordings; the two death tolls, both from the UN.
func checkSeeds(t *testing.T, sa news.StoryAnnotations) {
	t.Helper()
	find := func(name string) news.StoryEntity {
		t.Helper()
		i := slices.IndexFunc(sa.Entities, func(e news.StoryEntity) bool { return e.Type == "PER" && strings.Contains(e.Name, name) })
		if i < 0 {
			t.Fatalf("no person %q among %+v", name, sa.Entities)
		}
		return sa.Entities[i]
	}
	assad, khamenei, raisi := find("Assad"), find("Khamenei"), find("Raisi")
	for _, e := range []news.StoryEntity{assad, khamenei} {
		if len(e.Sources) != 2 {
			t.Errorf("%s named by %v, want both sources", e.Name, e.Sources)
		}
	}
	if len(raisi.Sources) == 0 {
		t.Errorf("Raisi named by no source: %+v", raisi)
	}
	spellings := append([]string{assad.Name}, assad.Aliases...)
	for _, want := range []string{"Bashar al-Assad", "Assad", "Bashar al-Asaad"} {
		if !slices.Contains(spellings, want) {
			t.Errorf("Assad entity %+v lacks the spelling %q", assad, want)
		}
	}
	i := slices.IndexFunc(sa.Quotes, func(q news.StoryQuote) bool {
		return q.Entity == khamenei.ID && len(q.Wordings) == 2 &&
			strings.Contains(q.Wordings[0].Quote.Text, "vital for both countries") &&
			strings.Contains(q.Wordings[1].Quote.Text, "vital for both countries")
	})
	if i < 0 {
		t.Errorf("no Khamenei quote in two wordings among %+v", sa.Quotes)
	}
	for _, w := range []struct {
		hedge string
		value float64
	}{{"below", 400000}, {"above", 350000}} {
		i := slices.IndexFunc(sa.Claims, func(c news.StoryClaim) bool {
			return c.Claim.Hedge == w.hedge && c.Claim.Value == w.value && c.Claim.Unit == "people" &&
				strings.Contains(c.Claim.Attribution, "UN")
		})
		if i < 0 {
			t.Errorf("no death toll %s %v attributed to the UN among %+v", w.hedge, w.value, sa.Claims)
		}
	}
}
