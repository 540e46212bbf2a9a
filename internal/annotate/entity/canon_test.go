package entity

import (
	"slices"
	"testing"
)

// art builds an article with one mention per name, for Canonicalize tests.
func art(ents ...Entity) Article {
	var a Article
	for i := range ents {
		ents[i].Mentions = []int{len(a.Mentions)}
		a.Mentions = append(a.Mentions, Mention{Text: ents[i].Name, Type: ents[i].Type, Kind: Name, Entity: i})
	}
	a.Entities = ents
	return a
}

func per(name string, aliases ...string) Entity {
	return Entity{Name: name, Type: PER, Aliases: aliases}
}

// canonicalOf returns the canonical entity holding doc's entity.
func canonicalOf(cs []Canonical, ref Ref) Canonical {
	for _, c := range cs {
		if slices.Contains(c.Members, ref) {
			return c
		}
	}
	return Canonical{}
}

func TestCanonicalize(t *testing.T) {
	tests := []struct {
		name string
		docs []Article
		// same lists groups of refs that must share a canonical entity;
		// apart lists pairs that must not.
		same  [][]Ref
		apart [][2]Ref
		rule  string // the rule of the first merge, when set
		// typ is the type of the canonical entity of the first same
		// group, when set.
		typ Type
	}{
		{
			name: "doubled letters",
			docs: []Article{art(per("Bashar al-Assad", "Assad")), art(per("Bashar al-Asaad", "Assad"))},
			same: [][]Ref{{{0, 0}, {1, 0}}},
			rule: "same-name",
		},
		{
			name: "apostrophe in a transliteration",
			docs: []Article{art(per("Ali Khamenei")), art(per("Ali Khamene'i"))},
			same: [][]Ref{{{0, 0}, {1, 0}}},
		},
		{
			name: "transliterations of one surname",
			docs: []Article{art(per("Muammar Gaddafi")), art(per("Muammar al-Qadhafi")), art(per("Moammar Kadhafi"))},
			same: [][]Ref{{{0, 0}, {1, 0}, {2, 0}}},
			rule: "name-variant",
		},
		{
			name:  "same surname, other given name",
			docs:  []Article{art(per("Ali Khamenei")), art(per("Mojtaba Khamenei")), art(per("Ali Khamenei"))},
			same:  [][]Ref{{{0, 0}, {2, 0}}},
			apart: [][2]Ref{{{0, 0}, {1, 0}}},
		},
		{
			name: "a surname alone joins the one full name",
			docs: []Article{art(per("Ebrahim Raisi")), art(per("Raisi"))},
			same: [][]Ref{{{0, 0}, {1, 0}}},
			rule: "surname",
		},
		{
			name: "a full name inside a longer one",
			docs: []Article{art(per("Luiz Inácio Lula da Silva")), art(per("Lula da Silva"))},
			same: [][]Ref{{{0, 0}, {1, 0}}},
			rule: "name-subset",
		},
		{
			name: "particles written apart or together",
			docs: []Article{art(per("Pieter van Aalst")), art(per("Pieter Vanaalst")), art(per("van Aalst"))},
			same: [][]Ref{{{0, 0}, {1, 0}, {2, 0}}},
			rule: "name-variant",
		},
		{
			name: "particles together first",
			docs: []Article{art(per("Lotte Vandermeer")), art(per("Lotte van der Meer"))},
			same: [][]Ref{{{0, 0}, {1, 0}}},
		},
		{
			name:  "a joined surname keeps its given name",
			docs:  []Article{art(per("Pieter van Aalst")), art(per("Anna Vanaalst"))},
			apart: [][2]Ref{{{0, 0}, {1, 0}}},
		},
		{
			name:  "different surnames stay apart",
			docs:  []Article{art(per("Hassan Rouhani")), art(per("Hassan Nasrallah"))},
			apart: [][2]Ref{{{0, 0}, {1, 0}}},
		},
		{
			name: "an acronym and its expansion",
			docs: []Article{
				art(Entity{Name: "United Nations", Type: ORG}),
				art(Entity{Name: "UN", Type: ORG}),
				art(Entity{Name: "Supreme National Security Council", Type: ORG, Aliases: []string{"SNSC"}}),
				art(Entity{Name: "SNSC", Type: ORG}),
			},
			same:  [][]Ref{{{0, 0}, {1, 0}}, {{2, 0}, {3, 0}}},
			apart: [][2]Ref{{{0, 0}, {2, 0}}},
			rule:  "alias",
		},
		{
			name:  "a person and a place of one name",
			docs:  []Article{art(per("Jordan")), art(Entity{Name: "Jordan", Type: LOC})},
			apart: [][2]Ref{{{0, 0}, {1, 0}}},
		},
		{
			name: "a one-word person that is a place elsewhere",
			docs: []Article{art(per("Kestria")), art(Entity{Name: "Kestria", Type: LOC}), art(per("Kestria"))},
			same: [][]Ref{{{0, 0}, {1, 0}, {2, 0}}},
			rule: "same-name",
			typ:  LOC,
		},
		{
			name: "capitals and mixed case",
			docs: []Article{art(Entity{Name: "TEHRAN", Type: LOC}), art(Entity{Name: "Tehran", Type: LOC})},
			same: [][]Ref{{{0, 0}, {1, 0}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := Canonicalize(tt.docs)
			for _, group := range tt.same {
				c := canonicalOf(cs, group[0])
				for _, ref := range group[1:] {
					if !slices.Contains(c.Members, ref) {
						t.Errorf("%v and %v not merged: %+v", group[0], ref, cs)
					}
				}
			}
			if tt.typ != "" {
				if c := canonicalOf(cs, tt.same[0][0]); c.Type != tt.typ {
					t.Errorf("type %s, want %s: %+v", c.Type, tt.typ, c)
				}
			}
			for _, p := range tt.apart {
				if c := canonicalOf(cs, p[0]); slices.Contains(c.Members, p[1]) {
					t.Errorf("%v and %v merged: %+v", p[0], p[1], c)
				}
			}
			if tt.rule != "" {
				found := false
				for _, c := range cs {
					if len(c.Evidence) > 0 {
						found = true
						if c.Evidence[0].Rule != tt.rule {
							t.Errorf("rule %q, want %q: %+v", c.Evidence[0].Rule, tt.rule, c.Evidence[0])
						}
						break
					}
				}
				if !found {
					t.Errorf("no merge evidence: %+v", cs)
				}
			}
			for i, c := range cs {
				if c.ID != i+1 || len(c.Evidence) != len(c.Members)-1 {
					t.Errorf("canonical %d: ID %d, %d members, %d evidence", i, c.ID, len(c.Members), len(c.Evidence))
				}
			}
		})
	}
}

func TestCanonicalizeSurnameAmbiguity(t *testing.T) {
	// "Khamenei" alone goes to the Khamenei reported most.
	docs := []Article{
		art(per("Ali Khamenei")), art(per("Ali Khamenei")), art(per("Mojtaba Khamenei")), art(per("Khamenei")),
	}
	cs := Canonicalize(docs)
	c := canonicalOf(cs, Ref{3, 0})
	if c.Name != "Ali Khamenei" {
		t.Fatalf("Khamenei joined %q, want Ali Khamenei", c.Name)
	}
	last := c.Evidence[len(c.Evidence)-1]
	if last.Rule != "surname" || last.Candidates != 2 || last.Name != "Khamenei" {
		t.Errorf("evidence = %+v, want surname with 2 candidates", last)
	}
}

func TestCanonicalizeNameAndAliases(t *testing.T) {
	docs := []Article{art(per("Assad")), art(per("Bashar al-Assad", "Assad")), art(per("Bashar al-Asaad", "Asaad"))}
	cs := Canonicalize(docs)
	if len(cs) != 1 {
		t.Fatalf("%d canonical entities, want 1: %+v", len(cs), cs)
	}
	c := cs[0]
	if c.Name != "Bashar al-Assad" || c.Type != PER {
		t.Errorf("name %q type %s, want Bashar al-Assad PER", c.Name, c.Type)
	}
	if !slices.Equal(c.Aliases, []string{"Assad", "Bashar al-Asaad", "Asaad"}) {
		t.Errorf("aliases = %q", c.Aliases)
	}
	if len(Canonicalize(nil)) != 0 {
		t.Error("Canonicalize(nil) not empty")
	}
}
