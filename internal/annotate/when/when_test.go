package when

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	dps "github.com/markusmobius/go-dateparser"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sunday is a Sunday publication time: 8 May 2022, 09:00 UTC.
var sunday = time.Date(2022, 5, 8, 9, 0, 0, 0, time.UTC)

type want struct {
	text string
	date string // YYYY-MM-DD
	g    Granularity
}

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		text string
		pub  time.Time
		want []want
	}{
		{"day month year", "The court ruled on 8 May 2022.", sunday, []want{{"8 May 2022", "2022-05-08", Day}}},
		{"month day year", "It opened on March 14, 2023, in Lyon.", sunday, []want{{"March 14, 2023", "2023-03-14", Day}}},
		{"month year", "He first visited in February 2019.", sunday, []want{{"February 2019", "2019-02-01", Month}}},
		{"bare year", "The war began in 2011.", sunday, []want{{"2011", "2011-01-01", Year}}},
		{"year range", "The drought of 2019-2020 was the worst.", sunday, []want{{"2019", "2019-01-01", Year}, {"2020", "2020-01-01", Year}}},
		{"ordinal day", "Talks ended on May 3rd.", sunday, []want{{"May 3rd", "2022-05-03", Day}}},
		{"day of month", "It happened on the 3rd of May.", sunday, []want{{"3rd of May", "2022-05-03", Day}}},
		{"weekday same day", "Assad visited Tehran on Sunday.", sunday, []want{{"Sunday", "2022-05-08", Day}}},
		{"weekday before", "The talks began on Thursday.", sunday, []want{{"Thursday", "2022-05-05", Day}}},
		{"weekday with part of day", "He arrived on Sunday morning.", sunday, []want{{"Sunday morning", "2022-05-08", Day}}},
		{"weekday possessive", "Sunday's meeting was short.", sunday, []want{{"Sunday", "2022-05-08", Day}}},
		{"weekday future", "Talks will resume on Monday.", sunday, []want{{"Monday", "2022-05-09", Day}}},
		{"weekday future opening", "On Tuesday, the team will travel north.", sunday, []want{{"Tuesday", "2022-05-10", Day}}},
		{"weekday past despite later would", "On Monday, officials said the talks would resume.", sunday, []want{{"Monday", "2022-05-02", Day}}},
		{"last weekday", "Inspectors came last Sunday.", sunday, []want{{"last Sunday", "2022-05-01", Day}}},
		{"next weekday", "The vote is next Tuesday.", sunday, []want{{"next Tuesday", "2022-05-10", Day}}},
		{"the last friday of", "Quds Day falls on the last Friday of Ramadan.", sunday, nil},
		{"yesterday", "The ministry said yesterday that it agreed.", sunday, []want{{"yesterday", "2022-05-07", Day}}},
		{"last year", "Exports fell last year.", sunday, []want{{"last year", "2021-01-01", Year}}},
		{"this year", "Growth will slow this year.", sunday, []want{{"this year", "2022-01-01", Year}}},
		{"last month", "Prices rose last month.", sunday, []want{{"last month", "2022-04-01", Month}}},
		{"last week", "The storm hit last week.", sunday, []want{{"last week", "2022-04-25", Week}}},
		{"earlier this year", "He resigned earlier this year.", sunday, []want{{"earlier this year", "2022-01-01", Year}}},
		{"in month past", "In March, the president travelled to the UAE.", sunday, []want{{"March", "2022-03-01", Month}}},
		{"in month past wraps", "Exports peaked in June.", sunday, []want{{"June", "2021-06-01", Month}}},
		{"in month future", "The deal is expected to close by March.", time.Date(2024, 11, 5, 0, 0, 0, 0, time.UTC), []want{{"March", "2025-03-01", Month}}},
		{"month last year", "Fighting began in April last year.", sunday, []want{{"April last year", "2021-04-01", Month}}},
		{"mid month", "The rains came in mid-March.", sunday, []want{{"mid-March", "2022-03-01", Month}}},
		{"yearless day future", "An appeal hearing is set for June 5.", sunday, []want{{"June 5", "2022-06-05", Day}}},
		{"a decade ago", "A decade ago the partners were still bidding.", sunday, []want{{"A decade ago", "2012-01-01", Year}}},
		{"years ago", "He left two years ago.", sunday, []want{{"two years ago", "2020-01-01", Year}}},
		{"days ago", "She called 3 days ago.", sunday, []want{{"3 days ago", "2022-05-05", Day}}},
		{"decade", "Construction stalled in the 1990s.", sunday, []want{{"the 1990s", "1990-01-01", Decade}}},
		{"short decade", "A hit of the '80s.", sunday, []want{{"the '80s", "1980-01-01", Decade}}},
		{"iso", "Released 2022-05-08.", sunday, []want{{"2022-05-08", "2022-05-08", Day}}},
		{"numeric day first", "Signed on 13/05/2022.", sunday, []want{{"13/05/2022", "2022-05-13", Day}}},
		{"numeric ambiguous month first", "Signed on 08/05/2022.", sunday, []want{{"08/05/2022", "2022-08-05", Day}}},
		{"numeric ambiguous follows article", "Signed on 08/05/2022 and ratified on 13/05/2022.", sunday,
			[]want{{"08/05/2022", "2022-05-08", Day}, {"13/05/2022", "2022-05-13", Day}}},
		{"not a year: count", "Some 2000 people marched.", sunday, nil},
		{"not a year: grouped", "It cost 2,011 dollars.", sunday, nil},
		{"not a year: percent", "Turnout was 2011 percent.", sunday, nil},
		{"not a time", "At 10:30 the doors opened.", sunday, nil},
		{"may the verb", "It may rain.", sunday, nil},
		{"may the surname", "Theresa May said so.", sunday, nil},
		{"may the month", "Elections are due in May.", sunday, []want{{"May", "2022-05-01", Month}}},
		{"relative needs publication time", "He left on Sunday in 2011.", time.Time{}, []want{{"2011", "2011-01-01", Year}}},
		{"empty", "", sunday, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.text, tt.pub)
			if len(got) != len(tt.want) {
				t.Fatalf("Find(%q) = %v, want %d dates", tt.text, got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Text != w.text || g.Time.Format(time.DateOnly) != w.date || g.Granularity != w.g {
					t.Errorf("date %d = %q %s %s, want %q %s %s", i, g.Text, g.Time.Format(time.DateOnly), g.Granularity, w.text, w.date, w.g)
				}
				if tt.text[g.Start:g.End] != g.Text {
					t.Errorf("span [%d,%d) holds %q, not %q", g.Start, g.End, tt.text[g.Start:g.End], g.Text)
				}
			}
		})
	}
}

// TestFindAgreesWithDateparser checks Find's resolution against
// go-dateparser (PreferredDateSource Past) where their conventions agree:
// same period start for years and months (dateparser keeps the current
// day of month), same day otherwise. Weekday names differ on purpose:
// dateparser reads "Sunday" on a Sunday as a week earlier.
func TestFindAgreesWithDateparser(t *testing.T) {
	pub := time.Date(2024, 3, 20, 12, 0, 0, 0, time.UTC) // a Wednesday
	cfg := &dps.Configuration{Languages: []string{"en"}, CurrentTime: pub, PreferredDateSource: dps.Past}
	for _, expr := range []string{"yesterday", "last year", "February 2019", "2011", "8 May 2022", "May 8, 2022", "a decade ago", "two years ago", "3 days ago", "last month", "in June", "Monday"} {
		t.Run(expr, func(t *testing.T) {
			got := Find("It happened "+expr+".", pub)
			if len(got) != 1 {
				t.Fatalf("Find found %v", got)
			}
			dt, err := dps.Parse(cfg, strings.TrimPrefix(expr, "in "))
			if err != nil {
				t.Fatal(err)
			}
			g := got[0]
			var a, b string
			switch g.Granularity {
			case Year:
				a, b = g.Time.Format("2006"), dt.Time.Format("2006")
			case Month:
				a, b = g.Time.Format("2006-01"), dt.Time.Format("2006-01")
			default:
				a, b = g.Time.Format(time.DateOnly), dt.Time.Format(time.DateOnly)
			}
			if a != b {
				t.Errorf("%q: Find %s, dateparser %s", expr, a, b)
			}
		})
	}
}

func TestFindDateline(t *testing.T) {
	tests := []struct {
		name                        string
		text                        string
		ok                          bool
		place, region, date, agency string
	}{
		{"caps region agency", "TEHRAN, Iran (Reuters) – Syrian President", true, "TEHRAN", "Iran", "", "Reuters"},
		{"mixed case region", "Tehran, Iran – Syrian President", true, "Tehran", "Iran", "", ""},
		{"caps em dash", "LONDON — The chancellor", true, "LONDON", "", "", ""},
		{"agency", "WASHINGTON (AP) — The Senate", true, "WASHINGTON", "", "", "AP"},
		{"date in dateline", "PARIS, May 8 (Reuters) - French rail workers", true, "PARIS", "", "May 8", "Reuters"},
		{"two words and initials", "NEW YORK, N.Y. — Stocks fell", true, "NEW YORK", "N.Y.", "", ""},
		{"double hyphen", "WASHINGTON, D.C. -- The", true, "WASHINGTON", "D.C.", "", ""},
		{"after headline", "Syria’s Assad meets leaders\n\nERBIL, Kurdistan Region - Syrian President", true, "ERBIL", "Kurdistan Region", "", ""},
		{"mixed case alone is not one", "Hamas – the group said", false, "", "", "", ""},
		{"sentence is not one", "The man said - it rained", false, "", "", "", ""},
		{"hyphenated place is not a dash", "Abu-Dhabi is hot", false, "", "", "", ""},
		{"no dateline in body", "Rescue teams recovered three bodies.\nLONDON — later", false, "", "", "", ""},
		{"empty", "", false, "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := FindDateline(tt.text)
			if ok != tt.ok {
				t.Fatalf("FindDateline(%q) = %+v, %v; want ok %v", tt.text, d, ok, tt.ok)
			}
			if !ok {
				return
			}
			if d.Place != tt.place || d.Region != tt.region || d.Date != tt.date || d.Agency != tt.agency {
				t.Errorf("got %+v, want place %q region %q date %q agency %q", d, tt.place, tt.region, tt.date, tt.agency)
			}
			if tt.text[d.Start:d.End] != d.Text {
				t.Errorf("span [%d,%d) holds %q, not %q", d.Start, d.End, tt.text[d.Start:d.End], d.Text)
			}
		})
	}
}

func TestCoversAndAgree(t *testing.T) {
	at := func(y int, m time.Month, d int, g Granularity) Date {
		return Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Granularity: g}
	}
	year2019 := at(2019, 1, 1, Year)
	feb2019 := at(2019, 2, 1, Month)
	feb14 := at(2019, 2, 14, Day)
	mar2019 := at(2019, 3, 1, Month)
	tests := []struct {
		name   string
		a, b   Date
		covers bool
		agree  bool
	}{
		{"year covers month", year2019, feb2019, true, true},
		{"month covers day", feb2019, feb14, true, true},
		{"year covers day", year2019, feb14, true, true},
		{"month does not cover year", feb2019, year2019, false, true},
		{"different months", feb2019, mar2019, false, false},
		{"decade covers year", at(2010, 1, 1, Decade), year2019, true, true},
		{"other decade", at(2000, 1, 1, Decade), year2019, false, false},
		{"same day", feb14, feb14, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Covers(tt.b); got != tt.covers {
				t.Errorf("Covers = %v, want %v", got, tt.covers)
			}
			if got := Agree(tt.a, tt.b); got != tt.agree {
				t.Errorf("Agree = %v, want %v", got, tt.agree)
			}
		})
	}
}

func TestGranularityText(t *testing.T) {
	for g := Day; g <= Decade; g++ {
		b, _ := g.MarshalText()
		var back Granularity
		if err := back.UnmarshalText(b); err != nil || back != g {
			t.Errorf("%v round-trips to %v (%v)", g, back, err)
		}
	}
}

// TestGolden runs Find and FindDateline on a 600-word article written for
// the project and compares with testdata/article.golden.json; -update
// rewrites it.
func TestGolden(t *testing.T) {
	text, err := os.ReadFile("../gold/testdata/article.txt")
	if err != nil {
		t.Fatal(err)
	}
	pub := time.Date(2025, 10, 8, 10, 0, 0, 0, time.UTC)
	type result struct {
		Dateline *Dateline `json:"dateline"`
		Dates    []Date    `json:"dates"`
	}
	var r result
	if d, ok := FindDateline(string(text)); ok {
		r.Dateline = &d
	}
	r.Dates = Find(string(text), pub)
	got, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "article.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
		t.Errorf("golden mismatch; run with -update and review the diff\n%s", got)
	}
}

// TestSeeds checks the two seed articles, when ../shared is present:
// the war began in 2011 and the first visit was in (February) 2019.
func TestSeeds(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "shared", "seeds")
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("seed articles not available (%v): they live in ../shared, beside the repository", err)
		}
		return string(b)
	}
	a, b := read("000_577b2e3b5703147c.txt"), read("004_13313aead8ba8813.txt")
	find := func(text, expr string, g Granularity) Date {
		t.Helper()
		for _, d := range Find(text, sunday) {
			if d.Text == expr && d.Granularity == g {
				return d
			}
		}
		t.Fatalf("%q (%s) not found", expr, g)
		return Date{}
	}
	feb := find(a, "February 2019", Month)
	y2019 := find(b, "2019", Year)
	if !Agree(feb, y2019) || !y2019.Covers(feb) {
		t.Errorf("February 2019 and 2019 should agree, 2019 covering February")
	}
	w1, w2 := find(a, "2011", Year), find(b, "2011", Year)
	if !w1.Time.Equal(w2.Time) {
		t.Errorf("2011 differs: %v, %v", w1.Time, w2.Time)
	}
	if s := find(a, "Sunday morning", Day); s.Time.Format(time.DateOnly) != "2022-05-08" {
		t.Errorf("Sunday morning resolved to %v, want the visit day", s.Time)
	}
	for name, text := range map[string]string{"000": a, "004": b} {
		if _, ok := FindDateline(text); !ok {
			t.Errorf("%s: no dateline", name)
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"On Sunday, 8 May 2022, in 2011.", "TEHRAN, Iran (Reuters) – x", "08/05/2022 13/05/2022", "the '80s and 1990s", "May 8th", "a decade ago", "\"", "1,2/3-4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, d := range Find(text, sunday) {
			checkSpan(t, text, d.Start, d.End, d.Text)
			if d.Granularity < Day || d.Granularity > Decade {
				t.Errorf("bad granularity %v", d.Granularity)
			}
		}
		if d, ok := FindDateline(text); ok {
			checkSpan(t, text, d.Start, d.End, d.Text)
		}
	})
}

func checkSpan(t *testing.T, text string, s, e int, got string) {
	t.Helper()
	if s < 0 || e > len(text) || s > e {
		t.Fatalf("span [%d,%d) out of bounds (len %d)", s, e, len(text))
	}
	if !onBoundary(text, s) || !onBoundary(text, e) {
		t.Fatalf("span [%d,%d) not on rune boundaries", s, e)
	}
	if text[s:e] != got {
		t.Fatalf("span [%d,%d) holds %q, Text is %q", s, e, text[s:e], got)
	}
}

// onBoundary reports whether byte offset p starts a decoding step of
// text (a rune, or one byte of invalid UTF-8), or is its end.
func onBoundary(text string, p int) bool {
	for i := 0; i < len(text); {
		if i == p {
			return true
		}
		if i > p {
			return false
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		i += n
	}
	return p == len(text)
}
