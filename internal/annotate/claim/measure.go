package claim

import (
	"strings"
)

// function words end noun phrases and never head them.
var function = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "in": true, "on": true, "at": true,
	"to": true, "for": true, "from": true, "by": true, "with": true, "and": true, "or": true,
	"but": true, "that": true, "which": true, "who": true, "as": true, "than": true,
	"was": true, "were": true, "is": true, "are": true, "be": true, "been": true, "being": true,
	"has": true, "have": true, "had": true, "will": true, "would": true, "could": true,
	"should": true, "may": true, "might": true, "can": true, "must": true, "its": true,
	"their": true, "his": true, "her": true, "our": true, "this": true, "these": true,
	"those": true, "it": true, "they": true, "he": true, "she": true, "we": true, "i": true,
	"you": true, "not": true, "no": true, "so": true, "now": true, "still": true, "also": true,
	"already": true, "just": true, "only": true, "said": true, "says": true, "say": true,
	"per": true, "each": true, "every": true, "all": true, "about": true, "around": true,
	"over": true, "under": true, "into": true, "after": true, "before": true, "since": true,
	"during": true, "while": true, "when": true, "where": true, "if": true, "then": true,
	"there": true, "here": true, "up": true, "down": true, "out": true, "off": true,
	"them": true, "him": true, "me": true, "us": true, "do": true, "did": true, "does": true,
	"across": true, "between": true, "against": true, "through": true, "within": true,
	"including": true, "among": true, "according": true, "some": true, "more": true,
	"most": true, "less": true, "a.m": true, "p.m": true, "ago": true, "whom": true,
	"whose": true, "both": true, "either": true, "neither": true, "nor": true, "yet": true,
	"reportedly": true, "allegedly": true, "apparently": true, "likely": true, "again": true,
	"told": true, "added": true, "adding": true, "saying": true, "last": true, "next": true,
	"until": true, "because": true, "though": true, "although": true, "whether": true,
}

// nounModifiers may open a counted phrase without heading it.
var nounModifiers = map[string]bool{
	"more": true, "additional": true, "extra": true, "further": true, "other": true,
}

// nounAfter finds the counted noun phrase after the figure: "three more
// bodies", "300 wounded people", "40 mobile clinics", "35 of the 40
// drones".
func (f *finder) nounAfter(c *found) {
	j := c.hi
	if c.kind == money && !c.adjective {
		return // "€68m in emergency aid" is read by measure
	}
	// "35 of the 40 drones"
	if f.tokAt(j).lower == "of" && f.tokAt(j+1).lower == "the" && f.tokAt(j+2).kind == number {
		j += 3
	}
	lo := -1
	k := j
	for ; k < len(f.toks) && k < j+4; k++ {
		t := f.toks[k]
		if !f.sameSentence(k, c.valueLo) || t.kind != word {
			break
		}
		if lo < 0 && nounModifiers[t.lower] {
			continue
		}
		if function[t.lower] || peopleContext[t.lower] && lo >= 0 {
			break
		}
		if capitalised(t.text) && !(strings.HasSuffix(t.lower, "s") && lo < 0) {
			break
		}
		if isMonth(t) || weekday(t.lower) {
			break
		}
		if lo < 0 {
			lo = k
		}
		// a participle after the head ends the phrase: "ballots cast"
		if lo >= 0 && k > lo && (strings.HasSuffix(f.toks[k-1].lower, "s") || humanNouns[f.toks[k-1].lower]) && (looksVerb(t.lower) || irregular[t.lower] != "") {
			break
		}
	}
	if lo < 0 {
		return
	}
	// "millions forced to flee": a verb, not a noun
	allVerbs := true
	for m := lo; m < k; m++ {
		if !looksVerb(f.toks[m].lower) || humanNouns[f.toks[m].lower] {
			allVerbs = false
		}
	}
	if allVerbs {
		return
	}
	// head: the last plural or human noun, else the last word
	head := k - 1
	for m := k - 1; m >= lo; m-- {
		w := f.toks[m].lower
		if humanNouns[w] || strings.HasSuffix(w, "s") {
			head = m
			break
		}
	}
	c.nounLo, c.nounHi = lo, head+1
}

func weekday(w string) bool {
	switch w {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return true
	}
	return false
}

// apposedAge reports whether the figure is an age in apposition to a
// name: "Priya Raman, 34, a passenger"; it records the name.
func (f *finder) apposedAge(c *found) bool {
	if c.valueHi-c.valueLo != 1 || f.toks[c.valueLo].kind != number || c.low < 1 || c.low > 120 || f.toks[c.valueLo].decimal {
		return false
	}
	p, n := f.tokAt(c.lo-1), f.tokAt(c.hi)
	if p.text != "," || n.text != "," && n.text != ")" && n.text != "." {
		return false
	}
	end := c.lo - 2
	if end < 0 || f.toks[end].kind != word || !capitalised(f.toks[end].text) {
		return false
	}
	start := end
	for start > 0 && f.sameSentence(start-1, end) {
		q := f.toks[start-1]
		if q.kind == word && (capitalised(q.text) || particle(q.lower)) || q.text == "-" && q.glued {
			start--
			continue
		}
		break
	}
	for start < end && (particle(f.toks[start].lower) || titleWord(f.toks[start].lower)) {
		start++
	}
	c.ofName = f.text[f.toks[start].start:f.toks[end].end]
	return true
}

// ageAfterNoun reports whether a hedged bare figure after a human noun is
// an age: "respondents over 65", "children under five".
func (f *finder) ageAfterNoun(c *found) bool {
	if c.low > 120 || c.nounLo >= 0 {
		return false
	}
	p := f.tokAt(c.lo - 1)
	if !humanNouns[p.lower] || !f.sameSentence(c.lo-1, c.lo) {
		return false
	}
	c.ofName = p.lower
	return true
}

// particle lists the lower-case parts of names.
func particle(w string) bool {
	switch w {
	case "al", "el", "bin", "ibn", "bint", "van", "von", "de", "der", "den", "la", "le",
		"da", "di", "del", "dos", "das", "du", "ter", "ten", "abu", "ní", "ni", "mac", "st":
		return true
	}
	return false
}

func titleWord(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "dr", "prof", "sir", "dame", "president", "minister", "judge",
		"mayor", "governor", "senator", "col", "gen", "general", "colonel", "captain":
		return true
	}
	return false
}

// complete fills in unit inheritance, measure and attribution of claim k.
func (f *finder) complete(all []found, k int) {
	c := &all[k]
	if c.kind == count && c.unit == "" {
		if f.peopleNear(c) {
			c.unit = "people"
		} else {
			// an elided noun: "the first 20,000 (homes)", "about 175,000
			// (jobs)", "more than 300 (people)"
			for m := k - 1; m >= 0; m-- {
				p := all[m]
				if f.toks[p.lo].paraStart && m < k-1 || f.paragraph(p.lo) != f.paragraph(c.lo) {
					break
				}
				if p.kind == count && p.unit != "" {
					c.unit = p.unit
					break
				}
			}
		}
	}
	c.measure = f.measure(c)
	// "the death toll … has risen to 47", "the number of dead … rose to
	// 15": a toll, a count of the dead or injured, counts people
	if c.kind == count && c.unit == "" && countsPeople(c.measure) {
		c.unit = "people"
	}
	c.attribution = f.attribution(c)
}

// countsPeople reports whether a measure holds a word of death, injury
// or flight ("death toll", "number of dead").
func countsPeople(measure string) bool {
	for _, x := range strings.Fields(measure) {
		if peopleContext[strings.ToLower(x)] {
			return true
		}
	}
	return false
}

// paragraph returns the index of the paragraph holding token i.
func (f *finder) paragraph(i int) int { return f.toks[i].para }

// peopleNear reports whether words of death, injury or flight sit within
// six tokens of the figure in its sentence.
func (f *finder) peopleNear(c *found) bool {
	for k := c.lo - 6; k < c.hi+6; k++ {
		if k >= c.lo && k < c.hi || !f.sameSentence(k, c.lo) {
			continue
		}
		if peopleContext[f.toks[k].lower] {
			return true
		}
	}
	return false
}

// sentenceBounds returns the token range of the sentence holding token i.
func (f *finder) sentenceBounds(i int) (int, int) {
	s, e := i, i
	for s > 0 && f.toks[s-1].sent == f.toks[i].sent {
		s--
	}
	for e < len(f.toks) && f.toks[e].sent == f.toks[i].sent {
		e++
	}
	return s, e
}

// clauseBounds narrows a sentence to the clause holding token i, split at
// ";" only: commas separate too much that belongs together.
func (f *finder) clauseBounds(i int) (int, int) {
	s, e := f.sentenceBounds(i)
	cs, ce := s, e
	for k := i - 1; k >= s; k-- {
		if f.toks[k].text == ";" {
			cs = k + 1
			break
		}
	}
	for k := i; k < e; k++ {
		if f.toks[k].text == ";" {
			ce = k
			break
		}
	}
	return cs, ce
}

var sayVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tells": true, "added": true,
	"adds": true, "estimated": true, "estimates": true, "estimate": true, "reported": true,
	"reports": true, "announced": true, "confirmed": true, "claimed": true, "claims": true,
	"claim": true, "stated": true, "warned": true, "noted": true, "found": true,
	"showed": true, "show": true, "shows": true, "forecast": true, "predicted": true,
	"projected": true, "insisted": true, "disclosed": true, "revealed": true, "put": true,
	"explained": true, "wrote": true, "tweeted": true, "acknowledged": true,
}

// attribution returns who the clause attributes the figure to: "according
// to X", "X said …", "…, X said", "said X", "X put the figure at …".
func (f *finder) attribution(c *found) string {
	s, e := f.clauseBounds(c.valueLo)
	for k := s; k+1 < e; k++ {
		if f.toks[k].lower == "according" && f.toks[k+1].lower == "to" {
			if ns, ne := f.npAfter(k+2, e); ns >= 0 {
				return f.span(ns, ne)
			}
		}
	}
	best, bestDist := -1, 1<<30
	for k := s; k < e; k++ {
		t := f.toks[k]
		if !sayVerbs[t.lower] || t.kind != word {
			continue
		}
		if t.lower == "put" && !(f.tokAt(k+1).lower == "the" && (f.tokAt(k+2).lower == "figure" || f.tokAt(k+2).lower == "toll" || f.tokAt(k+2).lower == "number" || f.tokAt(k+2).lower == "total")) {
			continue
		}
		if (t.lower == "shows" || t.lower == "show" || t.lower == "showed") && k > s && !dataNouns[f.toks[k-1].lower] {
			continue
		}
		// "damage estimated at $210 million", "an estimated cost": not a source
		if (t.lower == "estimated" || t.lower == "estimates") && (f.tokAt(k+1).lower == "at" || k > s && (f.toks[k-1].lower == "an" || f.toks[k-1].lower == "the")) {
			continue
		}
		if t.lower == "found" && k > s && f.toks[k-1].lower != "survey" && f.toks[k-1].lower != "study" && f.toks[k-1].lower != "report" && f.toks[k-1].lower != "analysis" {
			continue
		}
		d := k - c.valueLo
		if d < 0 {
			d = -d
		}
		if d < bestDist {
			best, bestDist = k, d
		}
	}
	if best < 0 {
		return ""
	}
	if ns, ne := f.subjectNP(best, s); ns >= 0 {
		return f.span(ns, ne)
	}
	// "said Mark Delgado", "…, said the ministry"
	if p := f.tokAt(best - 1); p.kind == punct && best-1 >= s {
		if ns, ne := f.npAfter(best+1, e); ns >= 0 {
			return f.span(ns, ne)
		}
		return ""
	}
	// "X declared … and said …": the clause's subject
	if f.tokAt(best-1).lower == "and" {
		if ns, ne := f.subjectOf(best, s); ns >= 0 {
			return f.span(ns, ne)
		}
	}
	return ""
}

// span returns the text of tokens [s, e).
func (f *finder) span(s, e int) string {
	return f.text[f.toks[s].start:f.toks[e-1].end]
}

// auxiliaries and adverbs that sit between a subject and its verb.
var betweenSubjectAndVerb = map[string]bool{
	"had": true, "has": true, "have": true, "also": true, "reportedly": true, "later": true,
	"previously": true, "earlier": true, "then": true, "again": true, "would": true,
	"will": true, "could": true, "did": true, "does": true, "do": true, "recently": true,
	"separately": true, "now": true, "further": true, "initially": true, "originally": true,
	"so": true, "far": true, "already": true, "still": true,
}

// subjectNP returns the token range of the noun phrase that is the subject
// of the verb at token k, not reaching before token s: "the Labor
// Department", "Health officials in Valencia", "the state treasurer,
// Cameron Hill," (the name), "Karl von Hessen, the chief executive of …,"
// (the name). It returns -1, -1 when there is none.
func (f *finder) subjectNP(k, s int) (int, int) {
	j := k - 1
	for j >= s && betweenSubjectAndVerb[f.toks[j].lower] {
		j--
	}
	if j < s {
		return -1, -1
	}
	switch f.toks[j].lower {
	case "he", "she", "it", "they", "we", "i", "you":
		return j, j + 1
	case "which", "that", "who":
		// "trade, which reached …": the phrase before the relative pronoun
		if j-1 >= s && f.toks[j-1].text == "," {
			return f.npBefore(j-2, s)
		}
		return f.npBefore(j-1, s)
	}
	if f.toks[j].text == "," {
		// an appositive or relative clause before the verb
		m := j - 1
		for m > s && f.toks[m].text != "," && j-m < 15 {
			m--
		}
		if m <= s || f.toks[m].text != "," {
			return -1, -1
		}
		// "Priya Raman, 34, a passenger, said": step back over an age
		if m-2 > s && f.toks[m-1].kind == number && f.toks[m-2].text == "," {
			m -= 2
		}
		inner := f.toks[m+1]
		if inner.lower == "who" || inner.lower == "which" || inner.lower == "whose" || inner.lower == "where" || inner.kind == number || determiner(inner.lower) {
			return f.npBefore(m-1, s)
		}
		if inner.kind == word && capitalised(inner.text) && !determiner(inner.lower) {
			is, ie := f.npBefore(j-1, m+1)
			if is >= 0 {
				return is, ie
			}
		}
		return f.npBefore(m-1, s)
	}
	return f.npBefore(j, s)
}

func determiner(w string) bool {
	switch w {
	case "the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those":
		return true
	}
	return false
}

// npBefore returns the noun phrase ending at token j (inclusive), not
// reaching before s.
func (f *finder) npBefore(j, s int) (int, int) {
	if j < s || j < 0 {
		return -1, -1
	}
	end := j + 1
	k := j
	for k >= s && end-k <= 8 {
		t := f.toks[k]
		if t.kind == word {
			if determiner(t.lower) {
				// "Annelies de Vries of the water board": go on past "of the"
				if p := k - 1; p > s && (f.toks[p].lower == "of" || f.toks[p].lower == "for" || f.toks[p].lower == "at" || f.toks[p].lower == "in" || f.toks[p].lower == "from" || f.toks[p].lower == "on") && f.toks[p-1].kind == word && !function[f.toks[p-1].lower] {
					k -= 2
					continue
				}
				k--
				break
			}
			if (t.lower == "of" || t.lower == "for" || t.lower == "at" || t.lower == "in" || t.lower == "to" || t.lower == "from" || t.lower == "on") && k > s && f.toks[k-1].kind == word && !function[f.toks[k-1].lower] && k < j {
				k--
				continue
			}
			if t.glued && k > s && f.toks[k-1].text == "-" {
				k-- // "run-off"
				continue
			}
			if function[t.lower] || sayVerbs[t.lower] || !capitalised(t.text) && looksVerb(t.lower) && !humanNouns[t.lower] {
				break
			}
			k--
			continue
		}
		if (t.text == "." || t.text == "-" || t.text == "'" || t.text == "’") && t.glued && k > s && f.toks[k-1].kind == word {
			k--
			continue
		}
		break
	}
	start := k + 1
	if start >= end {
		return -1, -1
	}
	// a phrase must hold a noun: not only adverbs or a number
	if f.toks[end-1].kind != word {
		return -1, -1
	}
	return start, end
}

// npAfter returns the noun phrase starting at token j, ending before a
// clause break, at most eight tokens, not reaching e.
func (f *finder) npAfter(j, e int) (int, int) {
	k := j
	for k < e && k-j < 8 {
		t := f.toks[k]
		if t.kind == punct && !(t.glued && (t.text == "." || t.text == "-" || t.text == "'" || t.text == "’")) {
			break
		}
		if t.kind == word && k > j && (t.lower == "and" || t.lower == "that" || t.lower == "who" || t.lower == "which" || t.lower == "said" || t.lower == "on" || t.lower == "in" && k > j+1 || weekday(t.lower)) {
			break
		}
		k++
	}
	if k == j {
		return -1, -1
	}
	for k > j && f.toks[k-1].kind == punct {
		k--
	}
	if k == j {
		return -1, -1
	}
	return j, k
}

// measure returns a short noun phrase for what the figure counts.
func (f *finder) measure(c *found) string {
	if c.kind == age {
		switch {
		case c.ofName != "":
			return "age of " + c.ofName
		case c.nounLo >= 0:
			return "age of " + f.clean(c.nounLo, c.nounHi)
		}
		return "age"
	}
	s, e := f.clauseBounds(c.valueLo)
	if c.adjective {
		if c.nounLo < 0 {
			return ""
		}
		m := f.clean(c.nounLo, c.nounHi)
		if f.tokAt(c.nounHi).lower == "of" {
			if ps, pe := f.chunk(c.nounHi, e); ps >= 0 {
				m = join(m, f.clean(ps, pe))
			}
		}
		return m
	}
	base := ""
	after := c.hi
	if c.nounLo >= 0 {
		base = f.clean(c.nounLo, c.nounHi)
		after = c.nounHi
	}
	// "60% of the province", "€68m in emergency aid", "$4 billion in pledges"
	if n := f.tokAt(c.hi).lower; c.kind == share && n == "of" || c.kind == money && n == "in" {
		if ps, pe := f.npAfter(c.hi+1, e); ps >= 0 {
			m := f.clean(ps, pe)
			if c.kind == share {
				return join("share of", m)
			}
			return m
		}
	}
	// "a net loss of $2.3 billion", "a crowd of 52,000", "the lives of …"
	if p := c.lo - 1; f.tokAt(p).lower == "of" && p > s {
		if ns, ne := f.npBefore(p-1, s); ns >= 0 {
			if f.toks[ne-1].lower == "lives" {
				m := join(or(base, "people"), "killed")
				if v := f.verbIndexBefore(ns, s); v >= 0 {
					if ss, se := f.subjectNP(v, s); ss >= 0 {
						m = join(m, "in", f.clean(ss, se))
					}
				}
				return m
			}
			of := f.clean(ns, ne)
			if base == "" {
				if ps, pe := f.chunk(c.hi, e); ps >= 0 && c.kind == money && f.toks[ps].lower == "for" {
					return join(of, f.clean(ps, pe))
				}
				return of
			}
			base = join(of, "of", base)
		}
	}
	// The figure is the subject: "400,000 people have been killed in …".
	if v, vi := f.verbAfter(after, e); v != "" {
		rest := ""
		if ps, pe := f.chunk(vi+1, e); ps >= 0 {
			rest = f.clean(ps, pe)
		}
		if base == "" && c.kind != count {
			// "The fire is now 60 percent contained": the clause's subject
			if b := f.verbIndexBefore(c.lo, s); b >= 0 {
				if ss, se := f.subjectOf(b, s); ss >= 0 {
					base = f.clean(ss, se)
				}
			}
		}
		return join(or(base, peopleIf(c)), v, rest)
	}
	// "bringing the death toll from the landslide to 41"
	for k := c.lo - 1; k >= s && k >= c.lo-10; k-- {
		if f.toks[k].lower == "toll" {
			ns, _ := f.npBefore(k, s)
			if ns < 0 {
				ns = k
			}
			end := c.lo
			if f.tokAt(end-1).lower == "to" || f.tokAt(end-1).lower == "at" {
				end--
			}
			return f.clean(ns, end)
		}
	}
	// The figure is the object: "evacuated 3,400 homes", "inflation eased
	// to 4.4%", "killing at least 17 people".
	if v := f.verbIndexBefore(c.lo, s); v >= 0 {
		w := f.toks[v].lower
		// "cut wheat yields by up to 30%": the verb and its object
		if by := c.lo - 1; f.tokAt(by).lower == "by" && by > v+1 {
			return f.clean(v, by)
		}
		if (base == "" || c.kind != count) && (changeVerbs[w] || copulas[w] || w == "reached" || w == "hit" || w == "stood" || w == "totalled" || w == "totaled" || w == "averaged" || w == "average") {
			if ss, se := f.subjectOf(v, s); ss >= 0 {
				m := f.clean(ss, se)
				if f.tokAt(after).lower == "in" || f.tokAt(after).lower == "on" {
					if ps, pe := f.chunk(after, e); ps >= 0 {
						m = join(m, f.clean(ps, pe))
					}
				}
				return m
			}
			return base
		}
		if w == "cost" || w == "costs" || w == "costing" {
			if ss, se := f.subjectOf(v, s); ss >= 0 {
				return join("cost of", f.clean(ss, se))
			}
			return "cost"
		}
		rest := ""
		if ps, pe := f.chunk(after, e); ps >= 0 {
			rest = f.clean(ps, pe)
		}
		if base == "" && c.kind != count {
			if ss, se := f.subjectOf(v, s); ss >= 0 {
				return join(f.clean(ss, se), w, rest)
			}
		}
		if rest == "" && c.kind == count && !strings.HasSuffix(w, "ing") {
			// "Fighting between rival factions has killed nearly 14,000
			// people": people killed by fighting between rival factions
			if ss, se := f.subjectOf(v, s); ss >= 0 && se-ss > 0 && !function[f.toks[ss].lower] {
				rest = join("by", f.clean(ss, se))
			}
		}
		return join(or(base, peopleIf(c)), participle(w), rest)
	}
	return base
}

func peopleIf(c *found) string {
	if c.unit == "people" {
		return "people"
	}
	return ""
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// join joins non-empty parts with spaces.
func join(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

var copulas = map[string]bool{"was": true, "were": true, "is": true, "are": true, "be": true, "been": true}

// auxiliaries between a subject and its main verb.
var auxiliaries = map[string]bool{
	"have": true, "has": true, "had": true, "been": true, "were": true, "was": true,
	"are": true, "is": true, "be": true, "will": true, "would": true, "could": true,
	"may": true, "might": true, "can": true, "should": true, "must": true, "reportedly": true,
	"so": true, "far": true, "now": true, "already": true, "still": true, "also": true,
	"all": true, "being": true, "allegedly": true,
}

// verbAfter returns the main verb after the counted phrase ending at
// token j, as a participle, and its index.
func (f *finder) verbAfter(j, e int) (string, int) {
	k := j
	// "20 passengers who are still missing"
	if w := f.tokAt(k).lower; (w == "who" || w == "that" || w == "which") && k+1 < e && auxiliaries[f.toks[k+1].lower] {
		k++
	}
	aux := false
	for k < e && (auxiliaries[f.toks[k].lower] || linkingVerbs[f.toks[k].lower]) {
		aux = true
		k++
	}
	if k >= e || f.toks[k].kind != word || capitalised(f.toks[k].text) {
		return "", -1
	}
	w := f.toks[k].lower
	if function[w] || sayVerbs[w] && !aux {
		return "", -1
	}
	if aux || looksVerb(w) {
		if strings.HasSuffix(w, "ing") {
			return w, k // "are still missing", "are working"
		}
		return participle(w), k
	}
	return "", -1
}

// verbIndexBefore returns the index of a verb just before token i (past
// a preposition such as "to", "at", "by", "from" and any figure they
// join), or -1.
func (f *finder) verbIndexBefore(i, s int) int {
	k := i - 1
	for steps := 0; k >= s && steps < 8; steps++ {
		t := f.toks[k]
		if t.kind == word && looksVerb(t.lower) && (!capitalised(t.text) || t.sentStart && strings.HasSuffix(t.lower, "ing")) {
			return k // "killed", "Spanning 12 kilometres"
		}
		if t.kind == word && !function[t.lower] && !capitalised(t.text) && k-1 >= s &&
			(modals[f.tokAt(k-1).lower] || f.tokAt(k-1).lower == "and" && f.modalBefore(k-1, s)) {
			return k // "will provide 600 megawatts", "will run … and carry 1.2 million barrels"
		}
		if f.presentVerb(k, s) {
			return k
		}
		if t.kind == word && (changeVerbs[t.lower] || copulas[t.lower]) {
			return k
		}
		switch {
		case t.kind == word && (t.lower == "to" || t.lower == "at" || t.lower == "by" || t.lower == "from" || t.lower == "up" || t.lower == "for" || t.lower == "every"),
			t.kind == word && verbParticle(t.lower) && (steps > 0 || looksVerb(f.tokAt(k-1).lower)), // "walk out for 72 hours", "voted through 310 million euros"
			t.kind == punct && (t.text == "\"" || t.text == "“" || t.text == "”"),
			t.kind == number, t.text == "%", t.text == "," && steps > 0, t.kind == punct && currencySigns[t.text] != "":
			k--
			continue
		}
		if t.kind == word && steps > 0 && !function[t.lower] && f.toks[i-1].lower == "by" {
			// "cut wheat yields by up to 30%": step over the object
			k--
			continue
		}
		if t.kind == word && adverbs[t.lower] {
			k--
			continue
		}
		if _, ok := unitWords[t.lower]; ok && steps > 0 {
			k--
			continue
		}
		break
	}
	return -1
}

// looksVerb reports whether a lower-case word reads as a verb form.
func looksVerb(w string) bool {
	if irregular[w] != "" || changeVerbs[w] {
		return true
	}
	if len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")) {
		switch w {
		case "during", "including", "according", "following", "morning", "evening", "building",
			"hundred", "need", "speed", "feed", "bed", "seed", "red", "shed", "wounded", "injured", "displaced":
			return w == "wounded" || w == "injured" || w == "displaced"
		}
		return true
	}
	return false
}

// irregular maps irregular verb forms to their participles.
var irregular = map[string]string{
	"took": "taken", "take": "taken", "takes": "taken", "left": "left", "leave": "left",
	"fled": "fled", "flee": "fled", "hit": "hit", "cut": "cut", "lost": "lost", "lose": "lost",
	"won": "won", "win": "won", "shot": "shot", "sold": "sold", "sell": "sold", "held": "held",
	"hold": "held", "built": "built", "build": "built", "spent": "spent", "spend": "spent",
	"brought": "brought", "struck": "struck", "put": "put", "kept": "kept", "sent": "sent",
	"gave": "given", "give": "given", "made": "made", "make": "made", "drove": "driven",
	"rose": "risen", "fell": "fallen", "grew": "grown", "saw": "seen", "cost": "cost",
	"paid": "paid", "pay": "paid", "lent": "lent", "lend": "lent", "raise": "raised",
	"invest": "invested", "kill": "killed", "killing": "killed", "leaving": "left",
	"taking": "taken", "making": "made", "depend": "depend", "need": "needed", "got": "got",
	"drew": "drawn", "threw": "thrown", "bore": "borne", "fought": "fought", "caught": "caught",
	"bought": "bought", "sank": "sunk", "stood": "stood", "met": "met", "ran": "run",
	"began": "begun", "came": "come", "went": "gone", "found": "found", "watched": "watched",
	"cast": "cast", "shut": "shut", "set": "set", "quit": "quit", "spread": "spread",
	"died": "died", "die": "died", "dies": "died", "dying": "died", "leaves": "left",
}

// modals make the word after them a verb: "will provide 600 megawatts".
var modals = map[string]bool{
	"will": true, "would": true, "could": true, "can": true, "may": true, "might": true,
	"must": true, "should": true, "shall": true,
}

// linkingVerbs join a counted phrase to what is said of it, as "are"
// does: "14 people remain missing".
var linkingVerbs = map[string]bool{
	"remain": true, "remains": true, "remained": true, "stay": true, "stays": true, "stayed": true,
}

// verbParticle reports whether w is an adverb particle of a phrasal verb
// ("walk out", "voted through").
func verbParticle(w string) bool {
	switch w {
	case "out", "off", "down", "away", "through", "back":
		return true
	}
	return false
}

// modalBefore reports whether a modal comes before token k in its clause,
// not reaching before s.
func (f *finder) modalBefore(k, s int) bool {
	for j := k - 1; j >= s && k-j <= 12; j-- {
		if t := f.toks[j]; modals[t.lower] {
			return true
		} else if t.kind == punct && t.text != "," && t.text != "-" {
			return false
		}
	}
	return false
}

// presentVerb reports whether token k reads as a verb in the present
// tense right before a figure, after its subject: "The bridge spans 12
// km", "The plan includes 400 homes". The word before must end a noun
// phrase.
func (f *finder) presentVerb(k, s int) bool {
	t := f.toks[k]
	w := t.lower
	if t.kind != word || capitalised(t.text) || len(w) < 4 || !strings.HasSuffix(w, "s") ||
		strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") ||
		function[w] || humanNouns[w] {
		return false
	}
	if _, ok := unitWords[w]; ok {
		return false
	}
	p := f.tokAt(k - 1)
	return k-1 >= s && p.kind == word && !function[p.lower] && !looksVerb(p.lower) && p.sent == t.sent
}

// participle turns a verb form into its past participle: "killing" →
// "killed", "evacuated" → "evacuated", "fled" → "fled".
func participle(w string) string {
	if p, ok := irregular[w]; ok {
		return p
	}
	if strings.HasSuffix(w, "ing") && len(w) > 5 {
		stem := w[:len(w)-3]
		if n := len(stem); n > 2 && stem[n-1] == stem[n-2] && stem[n-1] != 'l' && stem[n-1] != 's' {
			stem = stem[:n-1] // "stopping"
		}
		if strings.HasSuffix(stem, "e") {
			return stem + "d"
		}
		return stem + "ed"
	}
	return w
}

// chunk returns a short stretch after token j (an object or prepositional
// phrase): up to eight tokens, stopping at a clause break, a conjunction,
// a speech verb or "according".
func (f *finder) chunk(j, e int) (int, int) {
	k := j
	for k < e && k-j < 8 {
		t := f.toks[k]
		if t.kind == punct && !(t.glued && (t.text == "-" || t.text == "'" || t.text == "’")) {
			break
		}
		if t.kind == word && (t.lower == "and" || t.lower == "but" || t.lower == "while" || t.lower == "which" || t.lower == "who" || t.lower == "that" || t.lower == "according" || sayVerbs[t.lower] || t.lower == "as" || t.lower == "after" || t.lower == "since") {
			break
		}
		k++
	}
	if k == j {
		return -1, -1
	}
	return j, k
}

// clean writes tokens [s, e) as a phrase without figures, dates, years,
// "N-year" adjectives and leading determiners.
func (f *finder) clean(s, e int) string {
	var b strings.Builder
	for k := s; k < e; k++ {
		t := f.toks[k]
		switch {
		case t.kind == number:
			// drop "11" of "11-year" too, with its hyphen and unit
			if f.tokAt(k+1).text == "-" && f.tokAt(k+1).glued {
				k += 2
			}
			continue
		case t.kind == punct && t.text != "-" && t.text != "'" && t.text != "’":
			continue
		case t.kind == punct:
			if k == s || k+1 >= e {
				continue
			}
		case isMonth(t) || weekday(t.lower) || t.lower == "today" || t.lower == "yesterday":
			continue
		case (t.lower == "last" || t.lower == "this" || t.lower == "next") && k+1 < e && periodWord(f.toks[k+1].lower):
			k++
			continue
		case t.kind == word && (t.lower == "on" || t.lower == "in" || t.lower == "since") && k+1 < e && (f.toks[k+1].kind == number || weekday(f.toks[k+1].lower) || isMonth(f.toks[k+1])):
			continue
		}
		if b.Len() == 0 && t.kind == word && (determiner(t.lower) || t.lower == "some") {
			continue
		}
		if b.Len() > 0 && !t.glued {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	out := strings.TrimSpace(b.String())
	// drop dangling function words at the end ("in the", "of")
	for {
		i := strings.LastIndexByte(out, ' ')
		if i < 0 {
			break
		}
		if last := strings.ToLower(out[i+1:]); function[last] || last == "-" {
			out = out[:i]
			continue
		}
		break
	}
	if function[strings.ToLower(out)] {
		return ""
	}
	return out
}

// periodWord matches "week", "week's", "month", "year's" …
func periodWord(w string) bool {
	w = strings.TrimSuffix(w, "'s")
	return w == "week" || w == "month" || w == "year" || w == "weekend"
}

// subjectOf returns the subject of the verb at token v: the phrase right
// before it, or, for a verb after "and" ("The work cost €210 million and
// took three years"), the phrase that opens the clause.
func (f *finder) subjectOf(v, s int) (int, int) {
	if ss, se := f.subjectNP(v, s); ss >= 0 {
		return ss, se
	}
	// the first noun phrase of the clause, up to a verb, after an opening
	// phrase such as "According to X," or "During the meeting,"
	k := s
	if w := f.toks[k].lower; w == "according" || function[w] && !determiner(w) {
		for k < v && f.toks[k].text != "," {
			k++
		}
		k++
		if k >= v {
			return -1, -1
		}
	}
	start := k
	for k < v {
		t := f.toks[k]
		if t.kind == punct && t.text == "-" && t.glued || t.glued && k > start && f.toks[k-1].text == "-" {
			k++
			continue
		}
		if t.kind != word || k > start && (function[t.lower] && t.lower != "of" && t.lower != "in") || k > start && looksVerb(t.lower) {
			break
		}
		k++
	}
	if k == start || k > start && function[f.toks[k-1].lower] && !determiner(f.toks[k-1].lower) {
		return -1, -1
	}
	return start, k
}

// adverbs that may sit between a verb and its figure.
var adverbs = map[string]bool{
	"now": true, "still": true, "already": true, "currently": true, "only": true,
	"just": true, "roughly": false, "sharply": true, "nearly": false, "reportedly": true,
	"so": true, "far": true, "also": true,
}

// dataNouns make "shows" and "showed" attributions.
var dataNouns = map[string]bool{
	"data": true, "figures": true, "survey": true, "study": true, "poll": true,
	"census": true, "statistics": true, "numbers": true, "report": true, "records": true,
}
