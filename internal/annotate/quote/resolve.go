package quote

import (
	"strings"
)

// attachTitles gives people the titles the text shows around them:
// "opposition leader Khalid al-Mansouri", "Rania al-Khatib, the country's
// planning minister,", "A club spokesman, Neil Fraser,".
func (f *finder) attachTitles() {
	for k := range f.people {
		p := &f.people[k]
		if p.Type == "ORG" || p.Type == "LOC" {
			continue
		}
		var parts []string
		add := func(t string) {
			for _, q := range parts {
				if strings.Contains(q, t) {
					return
				}
			}
			if t != "" {
				parts = append(parts, t)
			}
		}
		add(p.Title)
		if p.Title == "" || !f.given {
			add(f.titleBefore(p))
		}
		add(f.appositive(p.hi))
		add(f.appositiveBefore(p.lo))
		p.Title = strings.Join(parts, "; ")
	}
}

// titleBefore reads lower-case role words right before a name:
// "opposition leader", "regional health chief", "Kenyan runner".
func (f *finder) titleBefore(p *person) string {
	j := p.lo - 1
	if j < 0 || f.toks[j].kind != word || !roleNouns[f.toks[j].lower] {
		return ""
	}
	s := j
	for s-1 >= 0 && p.lo-s < 4 {
		t := f.toks[s-1]
		if t.kind != word || stopWords[t.lower] || determiner(t.lower) || t.sentStart && notNames[t.lower] {
			break
		}
		s--
		if t.sentStart {
			break
		}
	}
	return f.text[f.toks[s].start:f.toks[j].end]
}

// appositive reads ", the/a … ROLE …," after token k (the end of a name),
// skipping an age (", 34,").
func (f *finder) appositive(k int) string {
	if k >= len(f.toks) || f.toks[k].text != "," {
		return ""
	}
	j := k + 1
	if f.tokAt(j).kind == number && f.tokAt(j+1).text == "," {
		j += 2
	}
	s := j
	for j < len(f.toks) && j-s < 12 {
		t := f.toks[j]
		if t.kind == punct && !(t.glued && (t.text == "." || t.text == "-")) || t.paraStart && j > s || sayVerbs[t.lower] {
			break
		}
		if (strings.HasSuffix(t.lower, "ed") || pastVerbs[t.lower]) && !t.cap {
			return "" // "Assad, the Iranian president lamented": a clause
		}
		j++
	}
	if j == s || j >= len(f.toks) {
		return ""
	}
	if end := f.toks[j]; !(end.text == "," || end.text == "." || end.text == ")" || end.text == ";") {
		return ""
	}
	first := f.toks[s].lower
	if !determiner(first) && !roleNouns[first] {
		return ""
	}
	for m := s; m < j; m++ {
		if roleNouns[f.toks[m].lower] {
			return f.text[f.toks[s].start:f.toks[j-1].end]
		}
	}
	return ""
}

// appositiveBefore reads "the/a … ROLE, " ending right before token k (the
// start of a name).
func (f *finder) appositiveBefore(k int) string {
	c := k - 1
	if c < 1 || f.toks[c].text != "," {
		return ""
	}
	e := c
	s := c - 1
	for s >= 0 && e-s < 10 {
		t := f.toks[s]
		if t.kind == punct && !(t.glued && (t.text == "." || t.text == "-")) {
			s++
			break
		}
		if determiner(t.lower) || t.sentStart {
			break
		}
		s--
	}
	if s < 0 {
		s = 0
	}
	if s >= e {
		return ""
	}
	hasRole := false
	for m := s; m < e; m++ {
		if roleNouns[f.toks[m].lower] {
			hasRole = true
		}
	}
	if !hasRole || !determiner(f.toks[s].lower) && !f.toks[s].sentStart {
		return ""
	}
	return f.text[f.toks[s].start:f.toks[e-1].end]
}

// firstInternalEntity numbers the entities link makes itself, above any
// a recogniser gives.
const firstInternalEntity = 1 << 30

// link groups people into entities: given mentions by their Entity,
// others by a shared last name ("Khalid al-Mansouri" … "Al-Mansouri").
func (f *finder) link() {
	f.entities = make(map[int][]int)
	next := firstInternalEntity
	for k := range f.people {
		p := &f.people[k]
		if f.given && p.Entity >= 0 && p.Entity < firstInternalEntity {
			p.ent = p.Entity
			f.entities[p.ent] = append(f.entities[p.ent], k)
			continue
		}
		p.ent = -1
		last := p.sur
		for m := k - 1; m >= 0; m-- {
			q := &f.people[m]
			if q.Type != p.Type && p.Type != "" && q.Type != "" {
				continue
			}
			if last != "" && q.sur == last && (p.Type == "PER" || q.Type == "PER") || q.sur == last && strings.EqualFold(q.Name, p.Name) {
				p.ent = q.ent
				if p.Type == "" {
					p.Type = q.Type
				}
				break
			}
		}
		if p.ent < 0 {
			p.ent = next
			next++
		}
		f.entities[p.ent] = append(f.entities[p.ent], k)
	}
}

// surname returns the folded last word of a name, without a particle
// prefix: "Al-Mansouri" and "Khalid al-Mansouri" share "mansouri".
func surname(name string) string {
	w := strings.Fields(name)
	if len(w) == 0 {
		return ""
	}
	last := lower(w[len(w)-1])
	if i := strings.IndexByte(last, '-'); i > 0 && particles[last[:i]] {
		last = last[i+1:]
	}
	return last
}

// canonical returns the fullest name of person k's entity.
func (f *finder) canonical(k int) string {
	best := k
	for _, m := range f.entities[f.people[k].ent] {
		a, b := &f.people[m], &f.people[best]
		if a.Nominal != b.Nominal {
			if b.Nominal {
				best = m
			}
			continue
		}
		if a.nwords > b.nwords || a.nwords == b.nwords && len(a.Name) > len(b.Name) {
			best = m
		}
	}
	return f.people[best].Name
}

// resolveAll resolves every quote's speaker, in text order, so that a
// later "the ministry added" can follow an earlier "the health ministry
// said".
func (f *finder) resolveAll() {
	order := append([]*raw(nil), f.quotes...)
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && order[j].start < order[j-1].start; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	f.inQuote = make([]bool, len(f.toks))
	for _, q := range f.quotes {
		if q.kind != Direct || q.nested || q.drop {
			continue
		}
		for k := f.tokenAt(q.start); k < len(f.toks) && f.toks[k].start < q.end; k++ {
			f.inQuote[k] = true
		}
	}
	for _, q := range order {
		if q.inherit != nil {
			src := q.inherit
			q.spLo, q.spHi, q.name, q.personIdx, q.cue = src.spLo, src.spHi, src.name, src.personIdx, src.cue
			continue
		}
		if q.spLo < 0 {
			continue
		}
		q.name, q.personIdx = f.resolve(q, order)
	}
}

// resolve returns the name a quote's speaker phrase stands for and the
// person it resolved to (-1 when none).
func (f *finder) resolve(q *raw, order []*raw) (string, int) {
	s, e := q.spLo, q.spHi
	anchor := min(s, q.openTok)
	if q.kind == Reported {
		anchor = min(s, f.tokenAt(q.start))
	}
	phrase := f.text[f.toks[s].start:f.toks[e-1].end]
	// a recogniser that linked the speaker phrase itself knows best
	if f.given {
		if k := f.mentionIn(s, e); k >= 0 {
			return f.canonical(k), k
		}
	}
	if e-s == 1 {
		switch f.toks[s].lower {
		case "i", "we", "me":
			if q.nested && q.parent != nil {
				return q.parent.name, q.parent.personIdx
			}
			return phrase, -1
		case "he", "she":
			g := male
			if f.toks[s].lower == "she" {
				g = female
			}
			if k := f.antecedent(anchor, g); k >= 0 {
				f.setGender(k, g)
				return f.canonical(k), k
			}
			return phrase, -1
		case "it", "they":
			if k := f.recentOrg(anchor); k >= 0 {
				return f.canonical(k), k
			}
			// "they" after a group that spoke before
			for i := len(order) - 1; i >= 0; i-- {
				p := order[i]
				if p == q || p.start >= q.start || p.spLo < 0 {
					continue
				}
				if f.toks[p.spLo].para == f.toks[s].para && !pronouns[f.toks[p.spLo].lower] {
					return p.name, p.personIdx
				}
				break
			}
			return phrase, -1
		}
	}
	// a mention inside the phrase: "Health Minister Zanele Mokoena said"
	if k := f.mentionIn(s, e); k >= 0 {
		return f.canonical(k), k
	}
	head, role := f.head(s, e)
	if determiner(f.toks[s].lower) && f.toks[s].lower != "a" && f.toks[s].lower != "an" && head != "" {
		// "the minister", "the supreme leader"
		if roleNouns[head] || role != "" {
			if k := f.titled(anchor, head, role); k >= 0 {
				return f.canonical(k), k
			}
		}
		// "the ministry added" after "the health ministry said"
		for i := len(order) - 1; i >= 0; i-- {
			p := order[i]
			if p == q || p.start >= q.start || p.spLo < 0 || p.name == "" {
				continue
			}
			if h, _ := f.head(p.spLo, p.spHi); h == head {
				return p.name, p.personIdx
			}
		}
		if orgWords[head] || orgHeads[head] {
			if k := f.recentOrgWith(anchor, head); k >= 0 {
				return f.canonical(k), k
			}
			if genericOrgs[head] {
				if k := f.recentOrg(anchor); k >= 0 {
					return f.canonical(k), k
				}
			}
			// "The agency said" after the World Health Organization spoke
			for i := len(order) - 1; i >= 0; i-- {
				p := order[i]
				if p == q || p.start >= q.start || p.personIdx < 0 {
					continue
				}
				if f.people[p.personIdx].Type == "ORG" && f.toks[q.spLo].para-f.toks[p.spLo].para <= 1 {
					return p.name, p.personIdx
				}
				break
			}
		}
		// "the 61-year-old farmer": an age makes it a second reference
		for m := s; m < e; m++ {
			if strings.Contains(f.toks[m].lower, "-year-old") {
				if k := f.antecedent(anchor, unknownGender); k >= 0 {
					return f.canonical(k), k
				}
			}
		}
	}
	return bare(f, s, e), -1
}

// bare returns the phrase [s, e) without a leading article or
// possessive and without a title before a name.
func bare(f *finder, s, e int) string {
	for s < e-1 && determiner(f.toks[s].lower) {
		s++
	}
	return f.text[f.toks[s].start:f.toks[e-1].end]
}

// orgHeads and genericOrgs are heads of descriptions of organisations;
// a generic one ("the company") can stand for the last organisation named.
var orgHeads = set(`carrier airline firm company group bank ministry agency commission union
	club charity government army police council department court party authority
	authorities organisation organization office board institute university militia
	broadcaster network outlet website newspaper agency's lender insurer retailer
	manufacturer operator regulator`)

var genericOrgs = set(`carrier airline firm company group lender insurer retailer manufacturer
	operator`)

// head returns the head noun of the phrase [s, e) (before any "of", "for",
// "at", "in"), and a two-word role ending in it ("prime minister",
// "supreme leader") when there is one.
func (f *finder) head(s, e int) (string, string) {
	end := e
	for m := s; m < e; m++ {
		switch f.toks[m].lower {
		case "of", "for", "at", "in", "from":
			end = m
		}
		if end != e {
			break
		}
	}
	if end <= s {
		return "", ""
	}
	h := f.toks[end-1].lower
	role := ""
	if end-2 >= s && f.toks[end-2].kind == word && !determiner(f.toks[end-2].lower) {
		role = f.toks[end-2].lower + " " + h
	}
	return h, role
}

// mentionIn returns a person or organisation mention inside tokens [s,
// e) that holds the phrase's head ("Health Minister Zanele Mokoena", not
// "Valencia" in "Health officials in Valencia"), preferring a person, or
// -1.
func (f *finder) mentionIn(s, e int) int {
	best := -1
	hd := f.headToken(s, e)
	for k, p := range f.people {
		if p.lo >= s && p.hi <= e || p.lo < e && p.hi > s && f.given {
			if p.Type != "PER" && p.Type != "ORG" && p.Type != "" || hd < p.lo || hd >= p.hi && p.Type != "PER" {
				continue
			}
			if best < 0 || p.Type == "PER" && f.people[best].Type != "PER" {
				best = k
			}
		}
	}
	return best
}

// titled returns the most recent person before token anchor whose title
// holds the role ("minister", or "prime minister" when given), or -1.
func (f *finder) titled(anchor int, head, role string) int {
	for _, want := range []string{role, head} {
		if want == "" {
			continue
		}
		for k := len(f.people) - 1; k >= 0; k-- {
			p := f.people[k]
			if p.lo >= anchor || p.Type == "ORG" || p.Type == "LOC" {
				continue
			}
			title := lower(f.entityTitle(k))
			if title == "" || !containsWords(title, want) {
				continue
			}
			// "the Iranian president" is not the "Syrian President"
			if role != "" && want == head && conflicts(title, strings.Fields(role)[0]) {
				continue
			}
			return k
		}
	}
	return -1
}

// entityTitle joins the titles of all mentions of person k's entity.
func (f *finder) entityTitle(k int) string {
	var parts []string
	for _, m := range f.entities[f.people[k].ent] {
		if t := f.people[m].Title; t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "; ")
}

// conflicts reports whether a title holds a nationality other than the
// one a description gives ("syrian president" against "iranian").
func conflicts(title, adj string) bool {
	if !nationality(adj) {
		return false
	}
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return r == ' ' || r == ';' || r == ',' }) {
		if nationality(w) && w != adj {
			return true
		}
	}
	return false
}

// nationality spots nationality adjectives by their endings.
func nationality(w string) bool {
	for _, suf := range []string{"ian", "ese", "ish", "ean", "ani", "i", "an"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 && !roleNouns[w] && !titleWords[w] {
			return true
		}
	}
	return false
}

// containsWords reports whether title holds the words of want, whole.
func containsWords(title, want string) bool {
	i := strings.Index(title, want)
	for i >= 0 {
		before := i == 0 || !isLetter(title[i-1])
		after := i+len(want) == len(title) || !isLetter(title[i+len(want)]) || title[i+len(want)] == 's' && (i+len(want)+1 == len(title) || !isLetter(title[i+len(want)+1]))
		if before && after {
			return true
		}
		n := strings.Index(title[i+1:], want)
		if n < 0 {
			break
		}
		i += 1 + n
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

// antecedent returns the person a pronoun before token anchor refers to:
// the first person of gender g (or of unknown gender) named in the
// nearest sentence that names one, outside direct quotes; -1 when none.
func (f *finder) antecedent(anchor int, g gender) int {
	if anchor >= len(f.toks) {
		anchor = len(f.toks) - 1
	}
	if anchor < 0 {
		return -1
	}
	sent := f.toks[anchor].sent
	for back := 0; back <= 8 && sent-back >= 0; back++ {
		sn := sent - back
		best := -1
		for k, p := range f.people {
			if p.lo >= anchor || p.lo < 0 || f.toks[p.lo].sent != sn {
				continue
			}
			if p.Type != "PER" && !(p.Type == "" && f.given) {
				continue
			}
			if f.inQuote[p.lo] {
				continue
			}
			pg := f.genderOfEntity(k)
			if g != unknownGender && pg != unknownGender && pg != g {
				continue
			}
			if best < 0 || p.lo < f.people[best].lo {
				best = k
			}
		}
		if best >= 0 {
			return best
		}
	}
	return -1
}

// genderOfEntity returns the gender any mention of person k's entity
// shows.
func (f *finder) genderOfEntity(k int) gender {
	for _, m := range f.entities[f.people[k].ent] {
		if g := f.people[m].gender; g != unknownGender {
			return g
		}
	}
	return unknownGender
}

// setGender records a gender learnt from a pronoun.
func (f *finder) setGender(k int, g gender) {
	if f.genderOfEntity(k) != unknownGender {
		return
	}
	f.people[k].gender = g
}

// recentOrg returns the last organisation named before token anchor in
// the last few sentences, or -1.
func (f *finder) recentOrg(anchor int) int {
	return f.recentOrgWith(anchor, "")
}

// recentOrgWith returns the last organisation before token anchor whose
// name holds word (any organisation for ""), or -1.
func (f *finder) recentOrgWith(anchor int, word string) int {
	if anchor >= len(f.toks) {
		anchor = len(f.toks) - 1
	}
	for k := len(f.people) - 1; k >= 0; k-- {
		p := f.people[k]
		if p.lo >= anchor || p.Type != "ORG" || f.inQuote[p.lo] {
			continue
		}
		if f.toks[anchor].sent-f.toks[p.lo].sent > 6 {
			break
		}
		if word == "" || containsWords(lower(p.Name), word) {
			return k
		}
	}
	return -1
}

// promoteSpeakers marks fallback mentions that speak as people: a name
// the text attributes speech to is a person unless it names an
// organisation or a place. Links are then redone.
func (f *finder) promoteSpeakers() {
	if f.given {
		return
	}
	changed := false
	for _, q := range f.quotes {
		if q.spLo < 0 {
			continue
		}
		hd := f.headToken(q.spLo, q.spHi)
		for k := range f.people {
			p := &f.people[k]
			if p.Type == "" && p.lo >= q.spLo && p.hi <= q.spHi && p.lo <= hd && hd < p.hi {
				p.Type = "PER"
				changed = true
			}
		}
	}
	if !changed {
		return
	}
	// a surname of a speaker is that speaker
	for k := range f.people {
		p := &f.people[k]
		if p.Type != "" {
			continue
		}
		for m := range f.people {
			if f.people[m].Type == "PER" && m != k && f.people[m].sur == p.sur {
				p.Type = "PER"
				break
			}
		}
	}
	f.link()
}

// headToken returns the index of the head of the phrase [s, e): its last
// token before "of", "for", "in", "at" or "from".
func (f *finder) headToken(s, e int) int {
	hd := s
	for hd < e {
		if w := f.toks[hd].lower; w == "of" || w == "for" || w == "in" || w == "at" || w == "from" {
			break
		}
		hd++
	}
	return hd - 1
}
