package entity

import (
	"slices"
	"strings"
)

// Cross-article canonicalisation: the entities of many articles merged
// into canonical ones, across spelling and transliteration variants.

// Ref points at one entity of one article: Doc indexes the slice given to
// Canonicalize, Entity indexes that article's Entities.
type Ref struct {
	Doc    int `json:"doc"`
	Entity int `json:"entity"`
}

// MergeEvidence says why an article's entity joined a canonical entity.
type MergeEvidence struct {
	// Ref is the entity that joined.
	Ref Ref `json:"ref"`
	// Name is its name in its article; Into is the canonical entity's
	// name when it joined.
	Name string `json:"name"`
	Into string `json:"into"`
	// Rule is what matched:
	//   "same-name"    the same name key (case, diacritics, particles,
	//                  titles and doubled letters aside): "Bashar al-Assad" / "Bashar Assad"
	//   "alias"        a name or alias of one is a name or alias of the
	//                  other, or both are the same known organisation or
	//                  country: "UAE" / "United Arab Emirates"
	//   "name-variant" same given name, surname spelt differently:
	//                  "Muammar Gaddafi" / "Muammar Qadhafi"
	//   "name-subset"  one full name inside the other: "Lula da Silva" /
	//                  "Luiz Inácio Lula da Silva"
	//   "surname"      a surname alone joined the one full name (or the
	//                  most reported one) with that surname
	//   "spelling-variant" organisation or place names one edit apart
	Rule string `json:"rule"`
	// Similarity of the names compared, 1 − edit distance / length, in
	// [0, 1].
	Similarity float64 `json:"similarity"`
	// Candidates counts the canonical entities the rule could have chosen
	// (above 1 only for "surname").
	Candidates int `json:"candidates,omitempty"`
}

// Canonical is one entity across articles.
type Canonical struct {
	// ID numbers canonical entities from 1 in order of first appearance.
	ID   int    `json:"id"`
	Name string `json:"name"`
	Type Type   `json:"type"`
	// Aliases are every other name and acronym the articles use.
	Aliases []string `json:"aliases,omitempty"`
	// Members are the article entities merged, in input order.
	Members []Ref `json:"members"`
	// Evidence has one entry per member after the first.
	Evidence []MergeEvidence `json:"evidence,omitempty"`
}

// observation is one article entity being canonicalised.
type observation struct {
	ref   Ref
	name  string
	typ   Type
	names []string // name and aliases
	parts []string // person: name parts
	// joined is, for a person whose surname follows particles, the
	// surname written together with them (joinedSurname).
	joined string
	keys   []string // others: group keys of name and aliases
	count  int      // mentions
	fold   string   // name folded, for similarities
}

// cluster is a canonical entity being built.
type cluster struct {
	typ      Type
	obs      []int
	firsts   []string // person: given-name keys of full-name members
	lasts    []string // person: surname keys
	full     bool     // person: some member has a given name
	evidence []MergeEvidence
	mentions int
	distinct []int // members with distinct folded full names
}

// Canonicalize merges the entities of many articles into canonical
// entities. It is pure and deterministic: the same articles in the same
// order give the same result. People merge only when their given names
// agree (or one of them gives none), so "Ali Khamenei" and "Mojtaba
// Khamenei" stay apart; a surname alone joins the single full name that
// matches it, or the most reported one when several do.
func Canonicalize(docs []Article) []Canonical {
	g, _ := loadGazetteer()
	var obs []observation
	for di, a := range docs {
		for ei, e := range a.Entities {
			o := observation{ref: Ref{di, ei}, name: e.Name, typ: e.Type, names: append([]string{e.Name}, e.Aliases...),
				count: len(e.Mentions), fold: foldPhrase(e.Name)}
			if e.Type == PER {
				o.parts = personParts(g, e.Name)
				for _, al := range e.Aliases {
					// A fuller alias ("Bashar al-Assad" when the name is
					// a transliteration) can only add parts.
					if p := personParts(g, al); len(p) > len(o.parts) && compatibleNames(p, o.parts) {
						o.parts = p
					}
				}
				if len(o.parts) == 0 {
					continue
				}
				o.joined = joinedSurname(e.Name)
			} else {
				for _, n := range o.names {
					if k := groupKey(g, n); k != "" && !slices.Contains(o.keys, k) {
						o.keys = append(o.keys, k)
					}
				}
			}
			obs = append(obs, o)
		}
	}
	var cl []*cluster
	// Candidate clusters by the skeleton of a surname (people) or of the
	// name key (others), so that matching is not quadratic.
	personBucket := map[string][]int{}
	groupBucket := map[string][]int{}
	indexPerson := func(c int, o observation) {
		if o.typ != PER {
			return
		}
		for _, last := range o.surnames() {
			sk := skeleton(last)
			if !slices.Contains(personBucket[sk], c) {
				personBucket[sk] = append(personBucket[sk], c)
			}
		}
	}
	// personCandidates lists the clusters indexed under any of o's
	// surname keys, each once, in the order they were made.
	personCandidates := func(o observation) []int {
		var xs []int
		for _, last := range o.surnames() {
			for _, x := range personBucket[skeleton(last)] {
				if !slices.Contains(xs, x) {
					xs = append(xs, x)
				}
			}
		}
		slices.Sort(xs)
		return xs
	}
	newCluster := func(i int) int {
		c := &cluster{typ: obs[i].typ, obs: []int{i}, mentions: obs[i].count}
		c.addPerson(obs, i)
		cl = append(cl, c)
		indexPerson(len(cl)-1, obs[i])
		return len(cl) - 1
	}
	join := func(i, c int, ev MergeEvidence) {
		x := cl[c]
		ev.Ref, ev.Name, ev.Into = obs[i].ref, obs[i].name, obs[x.obs[0]].name
		x.obs = append(x.obs, i)
		x.evidence = append(x.evidence, ev)
		x.mentions += obs[i].count
		x.addPerson(obs, i)
		indexPerson(c, obs[i])
	}

	// Organisations, places and groups: shared keys, then near spellings.
	byKey := map[string]int{}
	for i, o := range obs {
		if o.typ == PER {
			continue
		}
		c, rule := -1, ""
		for ki, k := range o.keys {
			if x, ok := byKey[groupTypeKey(o.typ, k)]; ok {
				c = x
				if ki == 0 && groupKey(nil, obs[cl[x].obs[0]].name) == groupKey(nil, o.name) {
					rule = "same-name"
				} else {
					rule = "alias"
				}
				break
			}
		}
		sim := 1.0
		plain := len(o.keys) > 0 && !strings.Contains(o.keys[0], ":") && len(o.keys[0]) >= 6
		if c < 0 && plain {
			for _, x := range groupBucket[skeleton(o.keys[0])] {
				k := groupKey(g, obs[cl[x].obs[0]].name)
				if sameGroupType(cl[x].typ, o.typ) && editDistance(k, o.keys[0]) == 1 {
					c, rule, sim = x, "spelling-variant", similarity(k, o.keys[0])
					break
				}
			}
		}
		if c < 0 {
			c = newCluster(i)
			if plain {
				sk := skeleton(o.keys[0])
				groupBucket[sk] = append(groupBucket[sk], c)
			}
		} else {
			join(i, c, MergeEvidence{Rule: rule, Similarity: sim})
		}
		for _, k := range o.keys {
			if _, ok := byKey[groupTypeKey(o.typ, k)]; !ok {
				byKey[groupTypeKey(o.typ, k)] = c
			}
		}
	}

	// People with given names.
	for i, o := range obs {
		if o.typ != PER || len(o.parts) < 2 {
			continue
		}
		best, bestEv := -1, MergeEvidence{}
		for _, x := range personCandidates(o) {
			c := cl[x]
			if !c.full {
				continue
			}
			if ev, ok := c.matchFull(obs, o); ok && (best < 0 || ev.Similarity > bestEv.Similarity) {
				best, bestEv = x, ev
			}
		}
		if best < 0 {
			newCluster(i)
		} else {
			join(i, best, bestEv)
		}
	}

	// Surnames alone: to the one full name that fits, or the most
	// reported; else with each other.
	for i, o := range obs {
		if o.typ != PER || len(o.parts) != 1 {
			continue
		}
		var fits []int
		var sims []float64
		for _, x := range personCandidates(o) {
			c := cl[x]
			if !c.full {
				continue
			}
			if ok, sim := o.surnameMatch(c.lasts, true); ok {
				fits = append(fits, x)
				sims = append(sims, sim)
			}
		}
		if len(fits) > 0 {
			best := 0
			tie := false
			for k := 1; k < len(fits); k++ {
				switch {
				case cl[fits[k]].mentions > cl[fits[best]].mentions:
					best, tie = k, false
				case cl[fits[k]].mentions == cl[fits[best]].mentions:
					tie = true
				}
			}
			if !tie {
				join(i, fits[best], MergeEvidence{Rule: "surname", Similarity: sims[best], Candidates: len(fits)})
				continue
			}
		}
		// A one-word "person" that other articles name as a place or an
		// organisation is that place or organisation: the tagger takes
		// unknown one-word names for people more often than the rules
		// that type places (datelines, head words, lists) err. A given
		// name ("Jordan") may be a person's as well as a place's.
		if x, ok := byKey[groupTypeKey(LOC, groupKey(g, o.name))]; ok && !givenName(g, o.name) {
			join(i, x, MergeEvidence{Rule: "same-name", Similarity: 1})
			continue
		}
		joined := false
		for _, x := range personCandidates(o) {
			if c := cl[x]; !c.full && slices.ContainsFunc(o.surnames(), func(k string) bool { return slices.Contains(c.lasts, k) }) {
				join(i, x, MergeEvidence{Rule: "same-name", Similarity: 1})
				joined = true
				break
			}
		}
		if !joined {
			newCluster(i)
		}
	}

	// Output in order of first appearance.
	slices.SortStableFunc(cl, func(a, b *cluster) int { return slices.Min(a.obs) - slices.Min(b.obs) })
	out := make([]Canonical, 0, len(cl))
	for _, c := range cl {
		slices.Sort(c.obs)
		can := Canonical{ID: len(out) + 1, Type: c.typ, Evidence: c.evidence}
		can.Name = c.bestName(obs)
		votes := map[Type]int{}
		seen := map[string]bool{can.Name: true}
		for _, i := range c.obs {
			can.Members = append(can.Members, obs[i].ref)
			if c.typ == PER || obs[i].typ != PER {
				// One-word "people" in a place's or organisation's
				// entity do not vote for its type.
				votes[obs[i].typ] += obs[i].count
			}
			for _, n := range obs[i].names {
				if !seen[n] {
					seen[n] = true
					can.Aliases = append(can.Aliases, n)
				}
			}
		}
		for _, t := range []Type{PER, ORG, LOC, NORP} {
			if votes[t] > votes[can.Type] {
				can.Type = t
			}
		}
		slices.SortStableFunc(can.Evidence, func(a, b MergeEvidence) int {
			if a.Ref.Doc != b.Ref.Doc {
				return a.Ref.Doc - b.Ref.Doc
			}
			return a.Ref.Entity - b.Ref.Entity
		})
		out = append(out, can)
	}
	return out
}

// givenName reports whether a one-word name is a given name the lists
// know.
func givenName(g *gazetteer, name string) bool {
	if g == nil {
		return false
	}
	gz := make([]gazBits, 1)
	g.match([]string{gazWord(name)}, gz)
	return gazPos(gz[0], gzFirst) == posSingle || gazPos(gz[0], gzGiven) == posSingle
}

// surnames returns the keys of a person's surname: as personParts keys
// it, and written together with its particles when it has some.
func (o observation) surnames() []string {
	last := o.parts[len(o.parts)-1]
	if o.joined == "" || o.joined == last {
		return []string{last}
	}
	return []string{last, o.joined}
}

// surnameMatch is surnameMatch for the best of a person's surname keys.
func (o observation) surnameMatch(keys []string, strict bool) (bool, float64) {
	found, best := false, 0.0
	for _, s := range o.surnames() {
		if ok, sim := surnameMatch(s, keys, strict); ok && (!found || sim > best) {
			found, best = true, sim
		}
	}
	return found, best
}

// groupTypeKey keys organisations and places together (the tagger and the
// articles disagree on "Hezbollah", "Kremlin") and groups apart.
func groupTypeKey(t Type, k string) string {
	if t == NORP {
		return "norp|" + k
	}
	return "name|" + k
}

func sameGroupType(a, b Type) bool { return (a == NORP) == (b == NORP) }

func (c *cluster) addPerson(obs []observation, i int) {
	o := obs[i]
	if o.typ != PER || len(o.parts) == 0 {
		return
	}
	if len(o.parts) >= 2 && !slices.ContainsFunc(c.distinct, func(j int) bool { return obs[j].fold == o.fold }) {
		c.distinct = append(c.distinct, i)
	}
	for _, last := range o.surnames() {
		if !slices.Contains(c.lasts, last) {
			c.lasts = append(c.lasts, last)
		}
	}
	if len(o.parts) >= 2 {
		c.full = true
		if !slices.Contains(c.firsts, o.parts[0]) {
			c.firsts = append(c.firsts, o.parts[0])
		}
	}
}

// matchFull reports whether full name o belongs to person cluster c: a
// matching surname and a given name that agrees with every given name in
// the cluster.
func (c *cluster) matchFull(obs []observation, o observation) (MergeEvidence, bool) {
	first, last := o.parts[0], o.parts[len(o.parts)-1]
	for _, f := range c.firsts {
		if !givenMatch(first, f) {
			// "Lula" in "Lula da Silva" is not a given name of "Luiz
			// Inácio Lula da Silva", but the whole name is inside.
			if !c.subsetOf(obs, o) {
				return MergeEvidence{}, false
			}
		}
	}
	ok, _ := o.surnameMatch(c.lasts, false)
	if !ok {
		return MergeEvidence{}, false
	}
	// Compare with the closest member.
	best := MergeEvidence{}
	for _, i := range c.distinct {
		p := obs[i].parts
		// The similarity is of the names as written (folded), so that the
		// evidence shows "al-Asaad" and "al-Assad" apart.
		sim := 1.0
		if obs[i].fold != o.fold {
			sim = similarity(obs[i].fold, o.fold)
		}
		rule := "name-variant"
		switch {
		case slices.Equal(p, o.parts):
			rule = "same-name"
		case p[len(p)-1] == last && (subsequence(p, o.parts) || subsequence(o.parts, p)):
			rule = "name-subset"
		case p[len(p)-1] == last && p[0] == first:
			rule = "same-name"
		}
		if sim > best.Similarity || best.Rule == "" {
			best = MergeEvidence{Rule: rule, Similarity: sim}
		}
	}
	return best, best.Rule != ""
}

func (c *cluster) subsetOf(obs []observation, o observation) bool {
	for _, i := range c.distinct {
		p := obs[i].parts
		if len(p) >= 2 && p[len(p)-1] == o.parts[len(o.parts)-1] && (subsequence(p, o.parts) || subsequence(o.parts, p)) {
			return true
		}
	}
	return false
}

// givenMatch reports whether two given-name keys can be one name:
// equal, an initial of the other, or a transliteration ("mohamed" /
// "muhamad").
func givenMatch(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) == 1 || len(b) == 1 {
		return a[0] == b[0]
	}
	return len(a) >= 3 && len(b) >= 3 && skeleton(a) == skeleton(b) && similarity(a, b) >= 0.6
}

// surnameMatch reports whether surname key s matches one of keys, and how
// similar the best match is. strict (for a surname standing alone) asks
// for more.
func surnameMatch(s string, keys []string, strict bool) (bool, float64) {
	found, best := false, 0.0
	for _, k := range keys {
		sim := similarity(s, k)
		ok := s == k
		if !ok && len(s) >= 4 && len(k) >= 4 && skeleton(s) == skeleton(k) {
			ok = sim >= 0.5 && (!strict || sim >= 0.7)
		}
		if ok && (!found || sim > best) {
			found, best = true, sim
		}
	}
	return found, best
}

// bestName picks the canonical name: among the members' names with the
// most parts, the one most mentioned, then the earliest.
func (c *cluster) bestName(obs []observation) string {
	type cand struct {
		parts, mentions, first int
	}
	score := map[string]*cand{}
	var order []string
	for _, i := range c.obs {
		o := obs[i]
		n := len(o.parts)
		if o.typ != PER {
			n = len(strings.Fields(o.name))
			if acronymLetters(o.name) == strings.ReplaceAll(o.name, ".", "") {
				n = 0 // an acronym names last
			}
		}
		s, ok := score[o.name]
		if !ok {
			s = &cand{parts: n, first: i}
			score[o.name] = s
			order = append(order, o.name)
		}
		s.mentions += o.count
	}
	best := order[0]
	for _, n := range order[1:] {
		a, b := score[n], score[best]
		if a.parts > b.parts || (a.parts == b.parts && a.mentions > b.mentions) {
			best = n
		}
	}
	return best
}
