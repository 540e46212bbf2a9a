package compare

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

func TestClassify(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	c := func(src string, at time.Duration, text string, v float64, hedge, attr string) ClaimRef {
		return ClaimRef{Source: src, Published: t0.Add(at), Claim: news.Claim{Text: text, Value: v, Low: v, High: v,
			Hedge: hedge, Unit: "people", Attribution: attr}}
	}
	toll := func(r ClaimRef) ClaimRef {
		r.Claim.Measure = "people killed in the storm"
		return r
	}
	missingPeople := func(r ClaimRef) ClaimRef {
		r.Claim.Measure = "passengers missing"
		return r
	}
	reprint := func(r ClaimRef) ClaimRef {
		r.Reprint = true
		return r
	}
	for _, tc := range []struct {
		name   string
		claims []ClaimRef
		want   string
	}{
		{"same figure", []ClaimRef{c("a", 0, "1.2 million", 1.2e6, "exact", ""), c("b", 0, "1,200,000", 1.2e6, "exact", "")}, Agree},
		{"overlapping hedges", []ClaimRef{c("a", 0, "nearly 400,000", 4e5, "below", "the UN"), c("b", 0, "over 350,000", 3.5e5, "above", "UN numbers")}, Compatible},
		{"rounding", []ClaimRef{c("a", 0, "1.2 million", 1.2e6, "exact", ""), c("b", 0, "1.23 million", 1.23e6, "exact", "")}, Compatible},
		{"disjoint", []ClaimRef{c("a", 0, "5,000", 5000, "exact", ""), c("b", 0, "15,000", 15000, "exact", "")}, Contradict},
		{"rising toll", []ClaimRef{toll(c("a", 0, "12", 12, "exact", "")), toll(c("b", 6*time.Hour, "31", 31, "exact", ""))}, Update},
		{"falling later is no update", []ClaimRef{toll(c("a", 0, "31", 31, "exact", "")), toll(c("b", 6*time.Hour, "12", 12, "exact", ""))}, Contradict},
		{"the missing fall as people are found", []ClaimRef{missingPeople(c("a", 0, "20", 20, "exact", "")), missingPeople(c("b", 8*time.Hour, "14", 14, "exact", ""))}, Update},
		{"a falling toll is no update", []ClaimRef{toll(c("a", 0, "20", 20, "exact", "")), toll(c("b", 8*time.Hour, "14", 14, "exact", ""))}, Contradict},
		{"a rising crowd is no update", []ClaimRef{c("a", 0, "5,000", 5000, "exact", ""), c("b", 6*time.Hour, "15,000", 15000, "exact", "")}, Contradict},
		{"a reprint is no second source", []ClaimRef{c("a", 0, "5,000", 5000, "exact", ""), reprint(c("b", time.Hour, "5,000", 5000, "exact", ""))}, Single},
		{"a reprint does not outvote", []ClaimRef{c("a", 0, "5,000", 5000, "exact", ""), reprint(c("b", time.Hour, "5,000", 5000, "exact", "")),
			c("c", 0, "15,000", 15000, "exact", "")}, Contradict},
		{"reprints alone count as reports", []ClaimRef{reprint(c("a", 0, "5,000", 5000, "exact", "")), reprint(c("b", 0, "5,000", 5000, "exact", ""))}, Agree},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := ClaimGroup{Claims: tc.claims}
			classify(&g)
			if g.Class != tc.want {
				t.Errorf("class %s (%s), want %s", g.Class, g.Reason, tc.want)
			}
			if slices.ContainsFunc(tc.claims, func(r ClaimRef) bool { return r.Reprint }) && tc.name != "reprints alone count as reports" &&
				!strings.Contains(g.Reason, "b reprints a copy") {
				t.Errorf("reason %q does not name the reprint", g.Reason)
			}
		})
	}
}

func TestDiff(t *testing.T) {
	for _, tc := range []struct{ name, a, b, want string }{
		{"same", "we will fight", "we will fight", "=we will fight"},
		{"changed word", "we must not allow it", "we should not allow it", "=we -must +should =not allow it"},
		{"partial", "the tram will cut travel times in half", "cut travel times in half", "-the tram will =cut travel times in half"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			for i, s := range DiffText(tc.a, tc.b) {
				if i > 0 {
					got += " "
				}
				got += map[string]string{"kept": "=", "removed": "-", "added": "+"}[s.Op] + s.Text
			}
			if got != tc.want {
				t.Errorf("diff %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRounds(t *testing.T) {
	for _, tc := range []struct {
		x, y float64
		want bool
	}{{1.2e6, 1.23e6, true}, {3.4, 3.42, true}, {6, 5.8, true}, {5000, 15000, false}, {12, 31, false}} {
		if got := rounds(tc.x, tc.y); got != tc.want {
			t.Errorf("rounds(%v, %v) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
}

// groupsOf lists each claim group's claims as "article:text".
func groupsOf(gs []ClaimGroup) [][]string {
	var out [][]string
	for _, g := range gs {
		var refs []string
		for _, c := range g.Claims {
			refs = append(refs, fmt.Sprintf("%d:%s", c.ArticleID, c.Claim.Text))
		}
		out = append(out, refs)
	}
	return out
}

func TestClaimGrouping(t *testing.T) {
	t0 := time.Date(2024, 10, 10, 7, 0, 0, 0, time.UTC)
	claim := func(text string, v float64, unit, measure string) news.Claim {
		return news.Claim{Text: text, Value: v, Low: v, High: v, Hedge: "exact", Unit: unit, Measure: measure}
	}
	for _, tc := range []struct {
		name   string
		claims []news.Claim // one per article, articles an hour apart
		want   [][]string
	}{
		{"modifiers tell different things", []news.Claim{
			claim("12", 12, "people", "people killed in the coastal towns"),
			claim("31", 31, "people", "people killed by Hurricane Delia"),
		}, [][]string{{"1:12", "2:31"}}},
		{"one modifier differs wholly", []news.Claim{
			claim("12", 12, "people", "people killed in the coastal towns of the north"),
			claim("31", 31, "people", "people killed in the capital city"),
		}, [][]string{{"1:12"}, {"2:31"}}},
		{"ages of two people", []news.Claim{
			claim("58", 58, "years", "age of Tomas Berka"),
			claim("71-year-old", 71, "years", "age of woman"),
		}, [][]string{{"1:58"}, {"2:71-year-old"}}},
		{"one person's age twice", []news.Claim{
			claim("58", 58, "years", "age of Tomas Berka"),
			claim("58-year-old", 58, "years", "age of Berka"),
		}, [][]string{{"1:58", "2:58-year-old"}}},
		{"agent noun and its base", []news.Claim{
			claim("about 3,000", 3000, "dockers", "dockers"),
			claim("more than 2,500", 2500, "people", "dock workers stayed off the job"),
		}, [][]string{{"1:about 3,000", "2:more than 2,500"}}},
		{"bodies count the dead", []news.Claim{
			claim("47", 47, "people", "death toll from the earthquake has risen"),
			claim("63", 63, "bodies", "bodies recovered by rescuers"),
		}, [][]string{{"1:47", "2:63"}}},
		{"no measure, the same figure", []news.Claim{
			claim("nine days", 9, "days", ""),
			claim("nine days", 9, "days", ""),
		}, [][]string{{"1:nine days", "2:nine days"}}},
		{"no measure, other figures", []news.Claim{
			claim("nine days", 9, "days", ""),
			claim("ten days", 10, "days", ""),
		}, [][]string{{"1:nine days"}, {"2:ten days"}}},
		{"look-alike lengths of other things", []news.Claim{
			claim("18 kilometres", 18, "km", "new metro line runs under the city centre"),
			claim("18 km", 18, "km", "cycle path"),
		}, [][]string{{"1:18 kilometres"}, {"2:18 km"}}},
		{"other units", []news.Claim{
			claim("64%", 64, "%", "turnout in the election"),
			claim("64", 64, "people", "turnout in the election"),
		}, [][]string{{"1:64%"}, {"2:64"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b Builder
			for i, c := range tc.claims {
				b.Add(news.ArticleAnnotations{ArticleID: int64(i + 1), Source: fmt.Sprintf("s%d", i),
					Published: t0.Add(time.Duration(i) * time.Hour), Annotations: news.Annotations{Claims: []news.Claim{c}}}, "")
			}
			if got := groupsOf(b.Comparison(news.StoryAnnotations{}).Claims); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("groups %q, want %q", got, tc.want)
			}
		})
	}
}

// quoteArticle is an article's quotes for TestQuoteGroups: speaker is the
// resolved name, key the key of the article's entity it resolved to ("" for
// none).
type quoteArticle struct {
	quotes []news.Quote
	keys   []string
}

func TestQuoteGroups(t *testing.T) {
	rivera := news.StoryEntity{ID: 1, Name: "Tomas Rivera", Type: "PER", Keys: []string{"PER:tomas rivera"}}
	assad := news.StoryEntity{ID: 2, Name: "Bashar al-Assad", Type: "PER", Aliases: []string{"Bashar al-Asaad"},
		Keys: []string{"PER:bashar al-assad"}}
	holt := news.StoryEntity{ID: 3, Name: "Lena Holt", Type: "PER", Keys: []string{"PER:lena holt"}}
	direct := func(text, name string, start int) news.Quote {
		return news.Quote{Text: text, Kind: "direct", Name: name, Start: start, End: start + len(text), SpeakerEntity: -1}
	}
	reported := func(text, name string, start int) news.Quote {
		q := direct(text, name, start)
		q.Kind = "reported"
		return q
	}
	for _, tc := range []struct {
		name     string
		entities []news.StoryEntity
		articles []quoteArticle
		// want lists each group's variants as "article:kind:text", the
		// fullest first, with "partial" added for a partial variant
		want [][]string
	}{
		{"partial joins the fuller wording", []news.StoryEntity{rivera}, []quoteArticle{
			{[]news.Quote{direct("The new tram line will cut travel times in half", "Tomas Rivera", 0)}, []string{"PER:tomas rivera"}},
			{[]news.Quote{direct("cut travel times in half", "Rivera", 40)}, []string{""}},
		}, [][]string{{"1:direct:The new tram line will cut travel times in half", "2:direct:cut travel times in half partial"}}},
		{"reported clause gives way to its partial quote", []news.StoryEntity{holt}, []quoteArticle{
			{[]news.Quote{direct("This bridge joins two halves of one country", "Lena Holt", 0)}, []string{"PER:lena holt"}},
			{[]news.Quote{
				reported("the bridge “joins two halves of one country”", "Lena Holt", 30),
				direct("joins two halves of one country", "Lena Holt", 44),
			}, []string{"PER:lena holt", "PER:lena holt"}},
		}, [][]string{{"1:direct:This bridge joins two halves of one country", "2:direct:joins two halves of one country partial"}}},
		{"an alias is the same speaker", []news.StoryEntity{assad}, []quoteArticle{
			{[]news.Quote{direct("We will rebuild every city", "Bashar al-Assad", 0)}, []string{"PER:bashar al-assad"}},
			{[]news.Quote{direct("We will rebuild every city", "Bashar al-Asaad", 0)}, []string{""}},
		}, [][]string{{"1:direct:We will rebuild every city", "2:direct:We will rebuild every city"}}},
		{"other speakers stay apart", []news.StoryEntity{rivera, holt}, []quoteArticle{
			{[]news.Quote{direct("The bridge joins two halves of one country", "Lena Holt", 0)}, []string{"PER:lena holt"}},
			{[]news.Quote{direct("The bridge joins two halves of one country", "Tomas Rivera", 0)}, []string{"PER:tomas rivera"}},
		}, [][]string{{"1:direct:The bridge joins two halves of one country"}, {"2:direct:The bridge joins two halves of one country"}}},
		{"other statements of one speaker stay apart", []news.StoryEntity{rivera}, []quoteArticle{
			{[]news.Quote{direct("The new tram line will cut travel times in half", "Tomas Rivera", 0)}, []string{"PER:tomas rivera"}},
			{[]news.Quote{direct("Taxes will not rise next year", "Tomas Rivera", 0)}, []string{"PER:tomas rivera"}},
		}, [][]string{{"1:direct:The new tram line will cut travel times in half"}, {"2:direct:Taxes will not rise next year"}}},
		{"one wording per article", []news.StoryEntity{rivera}, []quoteArticle{
			{[]news.Quote{
				direct("The tram will cut travel times in half", "Tomas Rivera", 0),
				direct("cut travel times in half", "Tomas Rivera", 60),
			}, []string{"PER:tomas rivera", "PER:tomas rivera"}},
		}, [][]string{{"1:direct:The tram will cut travel times in half"}, {"1:direct:cut travel times in half"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b Builder
			for i, a := range tc.articles {
				an := news.ArticleAnnotations{ArticleID: int64(i + 1), Source: fmt.Sprintf("s%d", i+1)}
				for j, q := range a.quotes {
					if a.keys[j] != "" {
						q.SpeakerEntity = len(an.Annotations.Entities)
						an.Annotations.Entities = append(an.Annotations.Entities, news.EntityRef{Name: q.Name, Type: "PER", Key: a.keys[j]})
					}
					an.Annotations.Quotes = append(an.Annotations.Quotes, q)
				}
				b.Add(an, "")
			}
			var got [][]string
			for _, g := range b.Comparison(news.StoryAnnotations{Entities: tc.entities}).Quotes {
				var vs []string
				for _, v := range g.Variants {
					s := fmt.Sprintf("%d:%s:%s", v.ArticleID, v.Kind, v.Text)
					if v.Partial {
						s += " partial"
					}
					vs = append(vs, s)
				}
				got = append(got, vs)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("groups %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSpellings(t *testing.T) {
	for _, tc := range []struct {
		name    string
		aliases []string
		want    []string
	}{
		{"Bashar al-Assad", []string{"Assad", "Bashar al-Asaad", "al-Assad"}, []string{"Bashar al-Asaad"}},
		{"Ali Khamenei", []string{"Khamenei", "KHAMENEI"}, nil},
		{"United Arab Emirates", []string{"UAE", "Emirates"}, nil},
		{"Irina Moskalyk", []string{"Moskalik", "Irina Moskalik"}, []string{"Moskalik", "Irina Moskalik"}},
		{"Varno", []string{"VARNO"}, nil},
	} {
		if got := spellings(tc.name, tc.aliases); !slices.Equal(got, tc.want) {
			t.Errorf("spellings(%q, %q) = %q, want %q", tc.name, tc.aliases, got, tc.want)
		}
	}
}
