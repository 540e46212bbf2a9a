package entity

import (
	"strings"
	"testing"
)

func mustLoad(t testing.TB) *Recognizer {
	t.Helper()
	r, err := Load()
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return r
}

// want is a mention a test expects.
type want struct {
	text  string
	typ   Type
	title string // checked when not empty
}

func findMention(a Article, text string) (Mention, bool) {
	for _, m := range a.Mentions {
		if m.Text == text {
			return m, true
		}
	}
	return Mention{}, false
}

func describe(a Article) string {
	var b strings.Builder
	for _, m := range a.Mentions {
		b.WriteString(m.Text + "/" + string(m.Type))
		if m.Title != "" {
			b.WriteString("[" + m.Title + "]")
		}
		b.WriteString(" ")
	}
	return b.String()
}

func TestAnnotateRules(t *testing.T) {
	r := mustLoad(t)
	tests := []struct {
		name string
		text string
		want []want
		// none are texts that must not be a mention of the given type.
		none []want
	}{
		{
			name: "titles before a name",
			text: "Supreme Leader Ayatollah Ali Khamenei received the visitors in the afternoon.",
			want: []want{{"Ali Khamenei", PER, "Supreme Leader Ayatollah"}},
			none: []want{{"Supreme Leader Ayatollah Ali Khamenei", PER, ""}, {"Supreme Leader", ORG, ""}},
		},
		{
			name: "president and a name",
			text: "On Monday President Ebrahim Raisi welcomed the guests at the airport.",
			want: []want{{"Ebrahim Raisi", PER, "President"}},
		},
		{
			name: "nationality before a title",
			text: "Syrian President Bashar al-Assad flew home after the talks.",
			want: []want{{"Syrian", NORP, ""}, {"Bashar al-Assad", PER, "President"}},
		},
		{
			name: "honorifics",
			text: "The report was written by Dr. Leila Haddad and presented by Sheikh Tamim bin Hamad Al Thani.",
			want: []want{{"Leila Haddad", PER, "Dr."}, {"Tamim bin Hamad Al Thani", PER, "Sheikh"}},
		},
		{
			name: "particles stay inside",
			text: "Ursula von der Leyen and Luiz Inácio Lula da Silva spoke by phone about trade.",
			want: []want{{"Ursula von der Leyen", PER, ""}, {"Luiz Inácio Lula da Silva", PER, ""}},
		},
		{
			name: "dateline in capitals",
			text: "TEHRAN, Iran — Officials gathered on Monday to discuss the budget.",
			want: []want{{"TEHRAN", LOC, ""}, {"Iran", LOC, ""}},
			none: []want{{"TEHRAN", PER, ""}, {"TEHRAN", ORG, ""}},
		},
		{
			name: "dateline of known places",
			text: "Erbil, Kurdistan Region - The regional government met on Sunday.",
			want: []want{{"Erbil", LOC, ""}, {"Kurdistan Region", LOC, ""}},
		},
		{
			name: "nationalities are not places",
			text: "Iranian and Syrian officials met Iraqi diplomats in the capital.",
			want: []want{{"Iranian", NORP, ""}, {"Syrian", NORP, ""}, {"Iraqi", NORP, ""}},
			none: []want{{"Iranian", LOC, ""}, {"Syrian", LOC, ""}},
		},
		{
			name: "acronym after an organisation",
			text: "The Supreme National Security Council (SNSC) met late into the night.",
			want: []want{{"Supreme National Security Council", ORG, ""}, {"SNSC", ORG, ""}},
		},
		{
			name: "according to an unknown outlet",
			text: "The two men spoke for an hour, according to Velonews, a local outlet.",
			want: []want{{"Velonews", ORG, ""}},
		},
		{
			name: "according to the UN",
			text: "More than 300 people were hurt, according to the UN.",
			want: []want{{"UN", ORG, ""}},
		},
		{
			name: "event compound is not a place",
			text: "He fought in the Iran-Iraq war as a young man.",
			none: []want{{"Iran-Iraq", LOC, ""}},
		},
		{
			name: "agency in a dateline is an organisation",
			text: "NAIROBI, Kenya (AFP) — The utility said on Thursday it would raise prices.",
			want: []want{{"NAIROBI", LOC, ""}, {"Kenya", LOC, ""}, {"AFP", ORG, ""}},
			none: []want{{"AFP", LOC, ""}},
		},
		{
			name: "a street is no person",
			text: "Crews cleared Orchard Lane and the bridge at Ashby Flats before dusk, said Nathan Lane, a volunteer.",
			want: []want{{"Orchard Lane", LOC, ""}, {"Ashby Flats", LOC, ""}, {"Nathan Lane", PER, ""}},
		},
		{
			name: "a club is no person",
			text: "Ashford Rovers agreed a fee with CD Valdoria for the striker Marco Ventresca.",
			want: []want{{"CD Valdoria", ORG, ""}, {"Marco Ventresca", PER, ""}},
		},
		{
			name: "agency of two words in a dateline",
			text: "VELMORE (Harbour Ledger) - Ferry crews walked out at dawn on Friday.",
			want: []want{{"VELMORE", LOC, ""}, {"Harbour Ledger", ORG, ""}},
			none: []want{{"VELMORE", PER, ""}},
		},
		{
			name: "leading article outside an organisation",
			text: "BRUSSELS — The European Commission on Tuesday proposed new rules for farmers.",
			want: []want{{"European Commission", ORG, ""}},
			none: []want{{"The European Commission", ORG, ""}},
		},
		{
			name: "organisation names with connectors",
			text: "The Committee to Protect Journalists and the Energy and Petroleum Regulatory Authority both objected.",
			want: []want{{"Committee to Protect Journalists", ORG, ""}, {"Energy and Petroleum Regulatory Authority", ORG, ""}},
		},
		{
			name: "a place word ends a place",
			text: "The fighters said they still held the Panjshir Valley and the road to it.",
			want: []want{{"Panjshir Valley", LOC, ""}},
		},
		{
			name: "a portfolio before a title is no organisation word",
			text: "Russia Energy Minister Sergei Tsivilev said output would rise.",
			want: []want{{"Russia", LOC, ""}, {"Sergei Tsivilev", PER, ""}},
			none: []want{{"Russia Energy", ORG, ""}},
		},
		{
			name: "an unknown one-word name at work is an organisation",
			text: "Zhang Wei, an economist at Quorvant in Hong Kong, said demand had held up.",
			want: []want{{"Zhang Wei", PER, ""}, {"Quorvant", ORG, ""}, {"Hong Kong", LOC, ""}},
		},
		{
			name: "appositives name people",
			text: "Mayor Grace Adeyemi toured the districts with the regional governor, Tunde Bakare, on Tuesday. Chinedu Okafor, a taxi driver, had waited six hours.",
			want: []want{{"Grace Adeyemi", PER, "Mayor"}, {"Tunde Bakare", PER, ""}, {"Chinedu Okafor", PER, ""}},
		},
		{
			name: "a name and an age",
			text: "Kenyan runner Faith Chepkoech, 29, won the women's race on Sunday.",
			want: []want{{"Faith Chepkoech", PER, ""}},
		},
		{
			name: "lower-case particles start a surname",
			text: "The head of the port, Willem van der Berg, described the collision. Later van der Berg said the pier would reopen.",
			want: []want{{"Willem van der Berg", PER, ""}, {"van der Berg", PER, ""}},
			none: []want{{"Berg", PER, ""}},
		},
		{
			name: "an acronym in running text",
			text: "The union said the strike would go on until SNCF withdrew its plan to cut jobs.",
			want: []want{{"SNCF", ORG, ""}},
		},
		{
			name: "shouting is not an organisation",
			text: "I am SO HAPPY today and the GDP figures are out.",
			none: []want{{"SO", ORG, ""}, {"HAPPY", ORG, ""}, {"GDP", ORG, ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := r.Annotate(tt.text)
			for _, w := range tt.want {
				m, ok := findMention(a, w.text)
				if !ok || m.Type != w.typ {
					t.Errorf("want %s %q; got %s", w.typ, w.text, describe(a))
					continue
				}
				if w.title != "" && m.Title != w.title {
					t.Errorf("%q: title %q, want %q", w.text, m.Title, w.title)
				}
			}
			for _, w := range tt.none {
				if m, ok := findMention(a, w.text); ok && m.Type == w.typ {
					t.Errorf("unwanted %s %q; got %s", w.typ, w.text, describe(a))
				}
			}
		})
	}
}

func TestAnnotateSource(t *testing.T) {
	r := mustLoad(t)
	a := r.Annotate("The toll rose to 40, according to the World Health Organization (WHO). According to the WHO, the clinics are full.")
	var sources []string
	for _, m := range a.Mentions {
		if m.Source {
			sources = append(sources, m.Text)
		}
	}
	if strings.Join(sources, "|") != "World Health Organization|WHO" {
		t.Errorf("sources = %q, want the organisation and its acronym; got %s", sources, describe(a))
	}
}

func TestAnnotateEmpty(t *testing.T) {
	r := mustLoad(t)
	for _, s := range []string{"", " ", "\n\n", "—", "(", "according to", "the president said."} {
		a := r.Annotate(s)
		if len(a.Mentions) != 0 || len(a.Entities) != 0 {
			t.Errorf("Annotate(%q) = %+v, want nothing", s, a)
		}
	}
}

func TestAnnotateConcurrent(t *testing.T) {
	r := mustLoad(t)
	texts := []string{
		"President Ebrahim Raisi met Syrian President Bashar al-Assad in Tehran.",
		"The World Food Programme (WFP) said, according to the UN, that aid had arrived.",
	}
	want := make([]string, len(texts))
	for i, s := range texts {
		want[i] = describe(r.Annotate(s))
	}
	done := make(chan string, 8)
	for g := 0; g < 8; g++ {
		go func() {
			for k := 0; k < 20; k++ {
				i := (g + k) % len(texts)
				if got := describe(r.Annotate(texts[i])); got != want[i] {
					done <- got
					return
				}
			}
			done <- ""
		}()
	}
	for g := 0; g < 8; g++ {
		if bad := <-done; bad != "" {
			t.Errorf("concurrent result differs: %s", bad)
		}
	}
}
