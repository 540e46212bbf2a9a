package entity

import (
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"possessive split", "Iran’s leader and Oman's", []string{"Iran", "’s", "leader", "and", "Oman", "'s"}},
		{"hyphen kept", "Bashar al-Assad met Iran-backed groups", []string{"Bashar", "al-Assad", "met", "Iran-backed", "groups"}},
		{"inner apostrophe", "Khamene'i and O'Brien", []string{"Khamene'i", "and", "O'Brien"}},
		{"initialism", "the U.S. and U.N. said", []string{"the", "U.S.", "and", "U.N.", "said"}},
		{"abbreviation", "Dr. Smith and Gen. Lee.", []string{"Dr.", "Smith", "and", "Gen.", "Lee", "."}},
		{"numbers", "nearly 400,000 people, 3.5 million", []string{"nearly", "400,000", "people", ",", "3.5", "million"}},
		{"brackets", "Council (SNSC).", []string{"Council", "(", "SNSC", ")", "."}},
		{"ampersand", "AT&T and S&P", []string{"AT&T", "and", "S&P"}},
		{"dashes", "TEHRAN — Iran -- yes", []string{"TEHRAN", "—", "Iran", "--", "yes"}},
		{"glued sentence", "followed suit.Syria", []string{"followed", "suit", ".", "Syria"}},
		{"invalid utf8", "a\xffb c", []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := tokenize(tt.in)
			var got []string
			for _, tok := range toks {
				got = append(got, tok.text)
				if tt.in[tok.start:tok.end] != tok.text {
					t.Errorf("token %q at [%d,%d) does not match the input", tok.text, tok.start, tok.end)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSentenceStarts(t *testing.T) {
	text := "Mr. Raisi spoke. “Today is new,” he said. He left.\nThe end"
	var starts []string
	for _, tok := range tokenize(text) {
		if tok.sentStart {
			starts = append(starts, tok.text)
		}
	}
	want := []string{"Mr.", "Today", "He", "The"}
	if strings.Join(starts, "|") != strings.Join(want, "|") {
		t.Errorf("sentence starts = %q, want %q", starts, want)
	}
}

func TestMiddleInitial(t *testing.T) {
	toks := tokenize("Bryant A. Dalton spoke.")
	if len(toks) != 5 || toks[1].text != "A." || toks[2].sentStart {
		t.Errorf("tokens %+v: want the initial with its dot, no sentence break", toks)
	}
}
