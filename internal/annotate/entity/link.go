package entity

import (
	"slices"
	"strings"
	"unicode"
)

// Linking within one article: names to the entities they stand for,
// short forms to full forms ("Assad" → "Bashar al-Assad"), acronyms to
// their expansions, titles to the people the article gave them ("the
// supreme leader" → "Ali Khamenei").

// ent is an entity while linking.
type ent struct {
	typ   Type
	parts []string // person: name parts (keys); others: nil
	key   string   // others: groupKey
	spans []int    // indexes into document.spans
	// titles the article gave a person, with where each was first given.
	titles []entTitle
	votes  map[Type]int
}

type entTitle struct {
	key       string // folded title words joined by spaces
	at        int    // token index of the titled mention
	qualifier string
	former    bool
}

// genericTitles are titles too vague to stand for one person as a
// nominal ("the doctor", "the head").
var genericTitles = setOf("mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "sir", "dame", "lord", "lady",
	"father", "brother", "sister", "private", "head", "chief", "leader", "officer", "director", "chair", "major",
	"justice", "madam", "comrade", "monsieur", "herr", "frau", "senor", "señor", "mp", "mep", "representative",
	"rep", "general", "captain", "spokesman", "spokeswoman", "spokesperson", "judge", "prosecutor", "inspector",
	"detective", "constable", "officer", "commissioner", "ambassador", "envoy", "minister", "secretary", "senator",
	"governor", "mayor", "bishop", "imam", "rabbi", "pastor", "professor", "prof", "reverend", "rev", "ruler")

func (d *document) spanText(s span) string {
	return d.text[d.toks[s.start].start:d.toks[s.end-1].end]
}

// link builds the Article: it makes names consistent across the text,
// groups mentions into entities and resolves nominal titles.
func (d *document) link() Article {
	d.harmonise()
	ents, spanEnt := d.group()
	nominals := d.nominals(ents)
	return d.assemble(ents, spanEnt, nominals)
}

// harmonise applies one sense per article: a word that is a person's
// surname elsewhere is that person here too (the tagger may have called
// "Assad" a place in one sentence and missed it in another), and a name or
// acronym found once is found everywhere.
func (d *document) harmonise() {
	surnames := map[string]bool{}
	// particles before a surname in the full name ("van der" of "Willem
	// van der Berg"), folded, so that "Van der Berg" is found whole.
	particlesOf := map[string][]string{}
	names := map[string]Type{} // folded multi-word names and acronyms
	for _, s := range d.spans {
		switch {
		case s.typ == PER && s.kind == Name:
			if p := personParts(nil, d.spanText(s)); len(p) > 0 {
				last := p[len(p)-1]
				surnames[last] = true
				var parts []string
				for j := s.end - 2; j > s.start && d.pos(j, gzParticle) == posSingle; j-- {
					parts = append([]string{d.words[j]}, parts...)
				}
				if len(parts) > 0 {
					particlesOf[last] = parts
				}
			}
		case s.kind == Acronym || (s.typ != NORP && s.end-s.start >= 2):
			names[strings.Join(d.words[s.start:s.end], " ")] = s.typ
		}
	}
	for k := range d.spans {
		s := &d.spans[k]
		if s.typ == PER || s.typ == NORP || s.kind != Name || s.end-s.start != 1 {
			continue
		}
		if surnames[nameKey(d.toks[s.start].text)] && d.pos(s.start, gzCountry) == posNone && d.pos(s.start, gzPlace) == posNone && d.pos(s.start, gzOrg) == posNone {
			s.typ = PER
		}
	}
	for i := 0; i < len(d.toks); i++ {
		if !d.capital(i) || d.owner(i) >= 0 {
			continue
		}
		// Multi-word names and acronyms seen elsewhere.
		matched := false
		for n := 6; n >= 1 && !matched; n-- {
			if i+n > len(d.toks) {
				continue
			}
			t, ok := names[strings.Join(d.words[i:i+n], " ")]
			if !ok || !d.free(i, i+n) || !d.capital(i+n-1) {
				continue
			}
			s := newSpan(i, i+n, t)
			if n == 1 && d.allCaps(i) {
				s.kind = Acronym
			}
			d.put(s)
			i += n - 1
			matched = true
		}
		if matched {
			continue
		}
		if len([]rune(d.toks[i].text)) >= 3 && surnames[nameKey(d.toks[i].text)] && !stopCaps[d.words[i]] &&
			d.pos(i, gzCountry) == posNone && d.pos(i, gzPlace) == posNone && d.pos(i, gzNORP) == posNone {
			start := i
			if ps := particlesOf[nameKey(d.toks[i].text)]; len(ps) > 0 && i >= len(ps) && slices.Equal(d.words[i-len(ps):i], ps) &&
				d.free(i-len(ps), i) && !d.lineBreakBefore(i-len(ps)+1) {
				start = i - len(ps)
			}
			d.put(newSpan(start, i+1, PER))
		}
	}
	d.markSources()
	// Acronyms found without their brackets link to the same expansion.
	byText := map[string]int{}
	for _, s := range d.spans {
		if s.kind == Acronym && s.link >= 0 {
			byText[d.toks[s.start].text] = s.link
		}
	}
	for k := range d.spans {
		s := &d.spans[k]
		if s.kind == Acronym && s.link < 0 {
			if t, ok := byText[d.toks[s.start].text]; ok {
				s.link = t
				if o := d.owner(t); o >= 0 {
					s.typ = d.spans[o].typ
				}
			}
		}
	}
}

// group assigns every name and acronym span to an entity.
func (d *document) group() ([]*ent, []int) {
	spanEnt := make([]int, len(d.spans))
	for i := range spanEnt {
		spanEnt[i] = -1
	}
	var ents []*ent
	byKey := map[string]int{}
	lastSeen := map[int]int{} // entity → last span index
	addTo := func(e, k int) {
		ents[e].spans = append(ents[e].spans, k)
		ents[e].votes[d.spans[k].typ]++
		spanEnt[k] = e
		lastSeen[e] = k
	}
	newEnt := func(k int, parts []string, key string) int {
		ents = append(ents, &ent{typ: d.spans[k].typ, parts: parts, key: key, votes: map[Type]int{}})
		addTo(len(ents)-1, k)
		return len(ents) - 1
	}
	for k, s := range d.spans {
		if s.kind == Nominal {
			continue
		}
		if s.kind == Acronym && s.link >= 0 {
			if t := d.owner(s.link); t >= 0 && t < k && spanEnt[t] >= 0 {
				addTo(spanEnt[t], k)
				continue
			}
		}
		if s.typ == PER {
			parts := personParts(nil, d.spanText(s))
			if len(parts) == 0 {
				continue
			}
			best := -1
			for e, en := range ents {
				if en.typ != PER || !compatibleNames(parts, en.parts) {
					continue
				}
				if best < 0 || lastSeen[e] > lastSeen[best] {
					best = e
				}
			}
			if best < 0 {
				newEnt(k, parts, "")
				continue
			}
			if len(parts) > len(ents[best].parts) {
				ents[best].parts = parts
			}
			addTo(best, k)
			continue
		}
		key := groupKey(d.g, d.spanText(s))
		kt := key
		if s.typ == NORP {
			kt = "norp:" + key
		}
		if e, ok := byKey[kt]; ok {
			addTo(e, k)
			continue
		}
		byKey[kt] = newEnt(k, nil, key)
	}
	// An acronym whose expansion came later.
	for k, s := range d.spans {
		if spanEnt[k] >= 0 || s.kind != Acronym || s.link < 0 {
			continue
		}
		if t := d.owner(s.link); t >= 0 && spanEnt[t] >= 0 {
			addTo(spanEnt[t], k)
		}
	}
	// Types by majority; a tie keeps the first mention's type.
	for _, en := range ents {
		best := en.typ
		for _, t := range []Type{PER, ORG, LOC, NORP} {
			if en.votes[t] > en.votes[best] {
				best = t
			}
		}
		en.typ = best
		for _, k := range en.spans {
			s := d.spans[k]
			if s.title == "" {
				continue
			}
			tk := strings.Join(d.words[s.titleStart:s.start], " ")
			en.titles = append(en.titles, entTitle{key: tk, at: s.start, qualifier: s.qualifier, former: s.former})
		}
	}
	return ents, spanEnt
}

// compatibleNames reports whether two person names can be one person in an
// article: one name's parts appear in order in the other's ("Assad" in
// "Bashar Assad", "Lula da Silva" in "Luiz Inácio Lula da Silva"), or a
// single word matches the other's given name.
func compatibleNames(a, b []string) bool {
	short, long := a, b
	if len(short) > len(long) {
		short, long = long, short
	}
	if !subsequence(short, long) {
		return false
	}
	if len(short) == 1 && len(long) >= 2 && short[0] != long[len(long)-1] {
		// A lone given name ("Bashar") is the same person only when it is
		// the first word; a middle word alone is too weak.
		return short[0] == long[0]
	}
	if len(short) >= 2 && short[len(short)-1] != long[len(long)-1] {
		return false
	}
	return true
}

// nominal is a title standing for a person: "the supreme leader".
type nominal struct {
	start, end int // tokens of the mention text
	title      string
	entity     int
}

// nominals finds titles used as names ("the supreme leader", "Iran's
// supreme leader", "the Syrian president") and resolves each to the person
// the article gave that title: among the people with a compatible country
// and the same "former" status, the one most recently introduced with the
// title before the mention, else the first introduced after it.
func (d *document) nominals(ents []*ent) []nominal {
	var out []nominal
	// Countries mentioned so far, for "the country's president".
	for i := 0; i < len(d.toks); i++ {
		if d.pos(i, gzTitle) != posSingle && d.pos(i, gzTitle) != posBegin {
			continue
		}
		e := d.phraseEnd(i, gzTitle)
		if o := d.owner(i); o >= 0 {
			// Only a span made of title words alone ("Supreme Leader"
			// tagged ORG) may be a nominal.
			s := d.spans[o]
			if s.start != i || s.end != e || s.kind != Name {
				i = e - 1
				continue
			}
		}
		key := strings.Join(d.words[i:e], " ")
		if genericTitles[key] {
			i = e - 1
			continue
		}
		// A title before a name is part of a named mention.
		if e < len(d.toks) && (d.capital(e) && !d.toks[e].punct && d.words[e] != "'s") {
			i = e - 1
			continue
		}
		b := i - 1
		former := false
		if b >= 0 && (d.words[b] == "former" || d.words[b] == "late") {
			former = true
			b--
		}
		start := i
		qualifier := ""
		// "the Syrian president"
		for k := max(0, b-2); k <= b; k++ {
			if d.phraseEnd(k, gzNORP) == b+1 && d.capital(k) {
				qualifier = d.g.demonymCountry[strings.Join(d.words[k:b+1], " ")]
				if qualifier == "" {
					qualifier = "?"
				}
				start = k
				b = k - 1
				break
			}
		}
		ok := false
		switch {
		case b >= 0 && d.words[b] == "the":
			start, ok = b, true
		case b >= 0 && (d.words[b] == "its" || d.words[b] == "his" || d.words[b] == "her" || d.words[b] == "their"):
			ok = true
		case b >= 1 && (d.words[b] == "'s" || d.toks[b].text == "’s" || d.toks[b].text == "'s"):
			ok = true
			if qualifier == "" {
				if d.words[b-1] == "country" || d.words[b-1] == "nation" {
					qualifier = d.lastCountry(b - 1)
					if b >= 2 && d.words[b-2] == "the" {
						start = b - 2
					}
				} else if c := d.countryBefore(b); c != "" {
					qualifier = c
				} else if o := d.owner(b - 1); o >= 0 && d.spans[o].typ == PER {
					ok = false // "Trump's president" makes no sense; "Assad's minister" is another person
				}
			}
		}
		if !ok {
			i = e - 1
			continue
		}
		type cand struct {
			ent, at int
			exact   bool
		}
		var cands []cand
		anyExact := false
		for en, x := range ents {
			if x.typ != PER {
				continue
			}
			for _, t := range x.titles {
				if !containsWords(t.key, key) || t.former != former {
					continue
				}
				if qualifier != "" && t.qualifier != "" && qualifier != t.qualifier {
					continue
				}
				if qualifier == "?" && t.qualifier != "" {
					continue
				}
				exact := qualifier != "" && qualifier == t.qualifier
				anyExact = anyExact || exact
				cands = append(cands, cand{en, t.at, exact})
				break
			}
		}
		best, bestAt, after := -1, -1, false
		for _, c := range cands {
			if anyExact && !c.exact {
				continue
			}
			if c.at < i {
				if after || c.at > bestAt {
					best, bestAt, after = c.ent, c.at, false
				}
			} else if best < 0 || (after && c.at < bestAt) {
				best, bestAt, after = c.ent, c.at, true
			}
		}
		if best >= 0 {
			if o := d.owner(i); o >= 0 {
				d.spans[o].kind = Nominal // removed from the names below
			}
			out = append(out, nominal{start: start, end: e, title: d.text[d.toks[i].start:d.toks[e-1].end], entity: best})
		}
		i = e - 1
	}
	return out
}

// lastCountry returns the country most recently named before token i.
func (d *document) lastCountry(i int) string {
	for k := i - 1; k >= 0; k-- {
		o := d.owner(k)
		if o < 0 || d.spans[o].typ != LOC {
			continue
		}
		s := d.spans[o]
		if c := d.g.countryName[strings.Join(d.words[s.start:s.end], " ")]; c != "" {
			return c
		}
		k = s.start
	}
	return ""
}

// containsWords reports whether the words of sub appear together in s.
func containsWords(s, sub string) bool {
	return s == sub || strings.HasPrefix(s, sub+" ") || strings.HasSuffix(s, " "+sub) || strings.Contains(s, " "+sub+" ")
}

// assemble turns entities, spans and nominals into the Article, with
// mentions in text order and entities in order of first mention.
func (d *document) assemble(ents []*ent, spanEnt []int, nominals []nominal) Article {
	type pending struct {
		m   Mention
		ent int
	}
	var ms []pending
	for k, s := range d.spans {
		e := spanEnt[k]
		if e < 0 || s.kind == Nominal {
			continue
		}
		st, en := d.toks[s.start].start, d.toks[s.end-1].end
		m := Mention{Text: d.text[st:en], Start: st, End: en, Type: ents[e].typ, Kind: s.kind, Title: s.title, Source: s.source}
		ms = append(ms, pending{m, e})
	}
	for _, n := range nominals {
		st, en := d.toks[n.start].start, d.toks[n.end-1].end
		ms = append(ms, pending{Mention{Text: d.text[st:en], Start: st, End: en, Type: PER, Kind: Nominal, Title: n.title}, n.entity})
	}
	slices.SortStableFunc(ms, func(a, b pending) int { return a.m.Start - b.m.Start })
	var a Article
	order := map[int]int{}
	for _, p := range ms {
		idx, ok := order[p.ent]
		if !ok {
			idx = len(a.Entities)
			order[p.ent] = idx
			a.Entities = append(a.Entities, Entity{Type: ents[p.ent].typ})
		}
		p.m.Entity = idx
		a.Entities[idx].Mentions = append(a.Entities[idx].Mentions, len(a.Mentions))
		a.Mentions = append(a.Mentions, p.m)
	}
	for i := range a.Entities {
		e := &a.Entities[i]
		e.Name = bestName(a.Mentions, e.Mentions)
		seen := map[string]bool{e.Name: true}
		seenTitle := map[string]bool{}
		for _, mi := range e.Mentions {
			m := a.Mentions[mi]
			if m.Kind != Nominal && !seen[m.Text] {
				seen[m.Text] = true
				e.Aliases = append(e.Aliases, m.Text)
			}
			if m.Kind != Nominal && m.Title != "" && !seenTitle[m.Title] {
				seenTitle[m.Title] = true
				e.Titles = append(e.Titles, m.Title)
			}
		}
	}
	return a
}

// bestName picks an entity's name: the name mention with the most words,
// preferring mixed case over capitals ("Tehran" over "TEHRAN") and the
// earliest on ties.
func bestName(ms []Mention, idx []int) string {
	best := ""
	bestScore := -1
	for _, i := range idx {
		m := ms[i]
		if m.Kind == Nominal {
			continue
		}
		score := len(strings.Fields(m.Text)) * 4
		if strings.Contains(m.Text, "-") {
			score += 2 // "al-Assad" is two words
		}
		if m.Kind == Acronym {
			score -= 8
		}
		if hasLower(m.Text) {
			score++
		}
		if score > bestScore {
			best, bestScore = m.Text, score
		}
	}
	if best == "" && len(idx) > 0 {
		best = ms[idx[0]].Text
	}
	return best
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}
