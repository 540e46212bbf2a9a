package entity

import (
	"slices"
	"testing"
)

// entityOf returns the entity of the first mention with this text (and,
// for a nominal, starting at or after from).
func entityOf(t *testing.T, a Article, text string, from int) (Entity, bool) {
	t.Helper()
	for _, m := range a.Mentions {
		if m.Text == text && m.Start >= from {
			return a.Entities[m.Entity], true
		}
	}
	return Entity{}, false
}

func TestLinking(t *testing.T) {
	r := mustLoad(t)
	tests := []struct {
		name string
		text string
		// links: mention text → the name of the entity it must belong to.
		// A text may repeat: later pairs look after the previous match.
		links [][2]string
	}{
		{
			name:  "surname to full name",
			text:  "Bashar al-Assad landed in the morning. Assad then drove to the palace, and Assad's aides followed.",
			links: [][2]string{{"Bashar al-Assad", "Bashar al-Assad"}, {"Assad", "Bashar al-Assad"}, {"Assad", "Bashar al-Assad"}},
		},
		{
			name:  "title to the person who holds it",
			text:  "Supreme Leader Ayatollah Ali Khamenei met the delegation. Khamenei praised the talks, and the supreme leader's office published a statement.",
			links: [][2]string{{"Khamenei", "Ali Khamenei"}, {"the supreme leader", "Ali Khamenei"}},
		},
		{
			name:  "the president is the latest one introduced",
			text:  "President Ebrahim Raisi met Syrian President Bashar al-Assad in the capital. Later the president told reporters the talks had gone well. The Iranian president agreed.",
			links: [][2]string{{"the president", "Bashar al-Assad"}, {"The Iranian president", "Ebrahim Raisi"}},
		},
		{
			name:  "a nationality picks the president",
			text:  "Syrian President Bashar al-Assad met President Ebrahim Raisi. The Syrian president thanked his host.",
			links: [][2]string{{"The Syrian president", "Bashar al-Assad"}},
		},
		{
			name:  "a former president is not the president",
			text:  "President Joe Biden spoke after former President Donald Trump had left. The president said the vote was fair.",
			links: [][2]string{{"The president", "Joe Biden"}},
		},
		{
			name:  "acronym to expansion",
			text:  "Fighters of the Islamic Revolutionary Guard Corps (IRGC) crossed the river. Later the IRGC denied it.",
			links: [][2]string{{"IRGC", "Islamic Revolutionary Guard Corps"}, {"IRGC", "Islamic Revolutionary Guard Corps"}},
		},
		{
			name:  "two people with one surname stay apart",
			text:  "Ali Khamenei and his son Mojtaba Khamenei attended the ceremony.",
			links: [][2]string{{"Ali Khamenei", "Ali Khamenei"}, {"Mojtaba Khamenei", "Mojtaba Khamenei"}},
		},
		{
			name:  "capitals and mixed case are one place",
			text:  "GENEVA, Switzerland — Talks opened in Geneva on Thursday.",
			links: [][2]string{{"GENEVA", "Geneva"}, {"Geneva", "Geneva"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := r.Annotate(tt.text)
			from := map[string]int{}
			for _, l := range tt.links {
				e, ok := entityOf(t, a, l[0], from[l[0]])
				if !ok {
					t.Errorf("no mention %q after byte %d; got %s", l[0], from[l[0]], describe(a))
					continue
				}
				if e.Name != l[1] {
					t.Errorf("%q links to %q, want %q; got %s", l[0], e.Name, l[1], describe(a))
				}
				for _, m := range a.Mentions {
					if m.Text == l[0] && m.Start >= from[l[0]] {
						from[l[0]] = m.Start + 1
						break
					}
				}
			}
		})
	}
}

func TestEntityAliasesAndTitles(t *testing.T) {
	r := mustLoad(t)
	a := r.Annotate("Supreme Leader Ayatollah Ali Khamenei spoke first. Ayatollah Khamenei then left, and Khamenei's office closed.")
	e, ok := entityOf(t, a, "Ali Khamenei", 0)
	if !ok {
		t.Fatalf("no Ali Khamenei in %s", describe(a))
	}
	if !slices.Equal(e.Aliases, []string{"Khamenei"}) {
		t.Errorf("aliases = %q, want [Khamenei]", e.Aliases)
	}
	if !slices.Equal(e.Titles, []string{"Supreme Leader Ayatollah", "Ayatollah"}) {
		t.Errorf("titles = %q", e.Titles)
	}
	if len(e.Mentions) != 3 {
		t.Errorf("%d mentions, want 3: %s", len(e.Mentions), describe(a))
	}
}
