package quote

import "strings"

// role is what a quotation mark does.
type role uint8

const (
	opens role = iota + 1
	closes
	either
)

// markRole tells whether the double mark at token m opens or closes: curly
// marks say so; a straight one opens after a space and before a word, and
// closes after a word and before a space or punctuation.
func (f *finder) markRole(m int) role {
	t := f.toks[m]
	switch t.text {
	case "“", "„", "«":
		return opens
	case "”", "»":
		return closes
	}
	if t.paraStart {
		return opens
	}
	before := m == 0 || !t.glued || f.toks[m-1].kind == punct && (f.toks[m-1].text == "(" || f.toks[m-1].text == "—" || f.toks[m-1].text == "–" || f.toks[m-1].text == ":")
	after := m+1 >= len(f.toks) || !f.toks[m+1].glued || f.toks[m+1].kind == punct && !isDouble(f.toks[m+1].text) && f.toks[m+1].text != "‘" && f.toks[m+1].text != "'"
	switch {
	case before && !after:
		return opens
	case after && !before:
		return closes
	}
	return either
}

// direct finds the double-quoted quotes and their attributions.
func (f *finder) direct() {
	var cur *raw
	closeAt := func(end, closeTok int) {
		cur.end, cur.closeTok = end, closeTok
		if cur.end > cur.start {
			f.quotes = append(f.quotes, cur)
		}
		cur = nil
	}
	for m := range f.toks {
		t := f.toks[m]
		if cur != nil && t.paraStart && m > cur.openTok+1 {
			// A paragraph ends inside the quote: it goes on when the next
			// paragraph opens with a quotation mark, and ends otherwise.
			if isDouble(t.text) && f.markRole(m) != closes {
				continue
			}
			closeAt(f.toks[m-1].end, -1)
		}
		if t.kind != punct || !isDouble(t.text) {
			continue
		}
		r := f.markRole(m)
		if cur == nil {
			if r != closes {
				cur = &raw{kind: Direct, start: t.end, openTok: m, spLo: -1, spHi: -1, personIdx: -1, entity: -1}
			}
			continue
		}
		if r == opens && t.text != "\"" {
			// an opening mark inside a quote: the quote before was never
			// closed
			closeAt(t.start, -1)
			cur = &raw{kind: Direct, start: t.end, openTok: m, spLo: -1, spHi: -1, personIdx: -1, entity: -1}
			continue
		}
		closeAt(t.start, m)
	}
	if cur != nil {
		closeAt(len(f.text), -1)
	}
	outer := append([]*raw(nil), f.quotes...)
	for _, q := range outer {
		f.attribute(q, 0, len(f.toks))
	}
	// continuation, partial and scare quotes
	for k, q := range outer {
		if q.spLo >= 0 || q.drop {
			continue
		}
		n := words(f.text[q.start:q.end])
		var prev *raw
		if k > 0 {
			p := outer[k-1]
			sameOrNextPara := f.toks[p.openTok].para == f.toks[q.openTok].para ||
				f.toks[q.openTok].paraStart && f.toks[q.openTok].para == f.paraOfEnd(p)+1
			if sameOrNextPara && (p.spLo >= 0 || p.inherit != nil) && n >= 2 {
				prev = p
			}
		}
		switch {
		case !f.opensSentence(q.openTok) && n >= minPartialWords:
			// a fragment inside prose: its speaker is found once reported
			// speech is known (partials)
			q.partial, q.cont = true, prev
		case prev != nil:
			q.inherit = prev
		case n < 4 || !f.opensSentence(q.openTok):
			q.drop = true // a scare quote or a fragment
		}
	}
	for _, q := range outer {
		if !q.drop && q.closeTok >= 0 {
			f.nested(q)
		}
	}
}

// paraOfEnd returns the paragraph where quote q ends.
func (f *finder) paraOfEnd(q *raw) int {
	if q.closeTok >= 0 {
		return f.toks[q.closeTok].para
	}
	k := f.tokenAt(q.end - 1)
	if k >= len(f.toks) {
		k = len(f.toks) - 1
	}
	return f.toks[k].para
}

// opensSentence reports whether the mark at token m starts a sentence or
// follows a colon.
func (f *finder) opensSentence(m int) bool {
	t := f.toks[m]
	if t.sentStart || t.paraStart {
		return true
	}
	p := f.tokAt(m - 1)
	return p.text == ":" || p.text == "." || p.text == "—" || p.text == "–"
}

// attribute finds the speaker of direct quote q, reading tokens in [lo,
// hi) only (the parent's content for a nested quote).
func (f *finder) attribute(q *raw, lo, hi int) {
	q.cueTok = -1
	if q.closeTok >= 0 {
		if sLo, sHi, cue, ok := f.afterQuote(q.closeTok+1, hi); ok {
			q.spLo, q.spHi, q.cue = sLo, sHi, cue
			q.cueTok = f.cueIndex(q.closeTok+1, max(sHi, q.closeTok+1)+4)
			return
		}
	}
	if sLo, sHi, cue, ok := f.beforeQuote(q.openTok-1, lo); ok {
		q.spLo, q.spHi, q.cue = sLo, sHi, cue
		q.cueTok = f.cueIndex(sHi, q.openTok)
		// "He added that “strategic” ties …": a fragment inside reported
		// speech, which the reported clause will carry; the fragment
		// itself is a partial quote (or, of one word, a scare quote)
		if f.tokAt(q.openTok-1).lower == "that" && q.closeTok >= 0 && words(f.text[q.start:q.end]) < 4 {
			if n := f.tokAt(q.closeTok + 1); n.kind == word && !n.paraStart && n.sent == f.toks[q.closeTok].sent {
				q.spLo, q.spHi, q.cueTok, q.cue = -1, -1, -1, ""
			}
		}
	}
}

// cueIndex returns the first speech verb in tokens [lo, hi), or -1.
func (f *finder) cueIndex(lo, hi int) int {
	for k := lo; k < hi && k < len(f.toks); k++ {
		if sayVerbs[f.toks[k].lower] || f.toks[k].lower == "quoted" {
			return k
		}
	}
	return -1
}

// afterQuote reads an attribution starting at token k, right after a
// closing mark: "…," X said; "…," said X, the title of Y; "…" according
// to X; "…," X was quoted as saying.
func (f *finder) afterQuote(k, hi int) (int, int, string, bool) {
	if k < hi && f.toks[k].text == "," {
		k++
	}
	if k >= hi || f.toks[k].paraStart {
		return 0, 0, "", false
	}
	// After a quote that ends its sentence ("… yet.” He said exports …"),
	// a new sentence starts: it attributes the quote only when it is no
	// more than the attribution ("He said.").
	newSentence := f.toks[k].sentStart
	t := f.toks[k]
	// "according to X"
	if t.lower == "according" && f.tokAt(k+1).lower == "to" {
		if s, e := f.npForward(k+2, hi); s >= 0 {
			return s, e, "according to", true
		}
		return 0, 0, "", false
	}
	// "said X", "added X", "said the agency's director, Jonas Weber"
	if sayVerbs[t.lower] && t.lower != "told" && t.lower != "tells" {
		if s, e := f.npForward(k+1, hi); s >= 0 {
			if ns, ne := f.apposedName(s, e, hi); ns >= 0 {
				return ns, ne, t.lower, true
			}
			return s, e, t.lower, true
		}
		return 0, 0, "", false
	}
	// "X said", "X also said", "X was quoted as saying"
	j := k
	for j < hi && j-k < 10 {
		u := f.toks[j]
		if j > k && (sayVerbs[u.lower] || u.lower == "quoted") {
			break
		}
		if u.kind == punct && !(u.glued && (u.text == "." || u.text == "-")) {
			return 0, 0, "", false
		}
		if j > k && (u.paraStart || u.sentStart) {
			return 0, 0, "", false // the attribution would cross a sentence
		}
		j++
	}
	if j >= hi || j-k >= 10 {
		return 0, 0, "", false
	}
	v := j
	cue := f.toks[v].lower
	if cue == "quoted" {
		if f.tokAt(v+1).lower != "as" {
			return 0, 0, "", false
		}
		cue = "quoted as saying"
	}
	e := v
	for e > k && (adverbs[f.toks[e-1].lower] || f.toks[e-1].lower == "was" && cue == "quoted as saying") {
		e--
	}
	if e == k || !f.isSpeakerPhrase(k, e) {
		return 0, 0, "", false
	}
	if newSentence && !f.verbEndsClause(v, hi) {
		return 0, 0, "", false
	}
	return k, e, cue, true
}

// apposedName returns the name apposed to the description [s, e): "the
// authority's director, Jonas Weber" (ending the clause) gives "Jonas
// Weber"; -1, -1 when there is none.
func (f *finder) apposedName(s, e, hi int) (int, int) {
	if !determiner(f.toks[s].lower) || e+1 >= hi || f.toks[e].text != "," {
		return -1, -1
	}
	ns, ne := f.npForward(e+1, hi)
	if ns < 0 {
		return -1, -1
	}
	for k := ns; k < ne; k++ {
		if t := f.toks[k]; t.kind != punct && !nameWord(t) && !particles[t.lower] || t.sentStart {
			return -1, -1
		}
	}
	if ne < hi {
		if n := f.toks[ne]; n.kind != punct || !(n.text == "." || n.text == "," || n.text == ";") {
			return -1, -1
		}
	}
	return ns, ne
}

// verbEndsClause reports whether the verb at v ends its clause, maybe
// after a short phrase: "he said.", "she said, laughing", "X said in a
// statement.".
func (f *finder) verbEndsClause(v, hi int) bool {
	for k := v + 1; k < hi && k-v <= 6; k++ {
		t := f.toks[k]
		if t.kind == punct {
			return t.text == "." || t.text == "," || t.text == ";" || t.text == "!" || t.text == "?"
		}
		if t.paraStart {
			return true
		}
		switch t.lower {
		case "on", "in", "at", "a", "an", "the", "statement", "interview", "briefing", "later",
			"afterwards", "then", "again", "quietly", "monday", "tuesday", "wednesday",
			"thursday", "friday", "saturday", "sunday", "morning", "evening", "night",
			"yesterday", "today", "reporters", "him", "her", "them", "me", "us":
			continue
		}
		return false
	}
	return true
}

// beforeQuote reads an attribution ending at token k, right before an
// opening mark: X said: "…"; X told the BBC: "…"; X said, "…"; X affirmed
// that "…"; According to X, "…".
func (f *finder) beforeQuote(k, lo int) (int, int, string, bool) {
	if k < lo {
		return 0, 0, "", false
	}
	p := f.toks[k]
	v := -1
	switch {
	case p.text == ":" || p.text == ",":
		// the verb, maybe followed by an object or a phrase: "told the
		// BBC:", "wrote on social media:", "told myself,"
		for j := k - 1; j >= lo && k-j <= 6; j-- {
			u := f.toks[j]
			if u.kind == punct && !(u.glued && u.text == ".") {
				if u.text == "," && sayVerbs[f.tokAt(j-1).lower] && k-j <= 2 {
					continue // "said, however,"
				}
				break
			}
			if sayVerbs[u.lower] {
				v = j
				break
			}
		}
		if v < 0 && p.text == "," && f.tokAt(k-1).kind == word && k-1 >= lo {
			// "According to X, “…”"
			for j := k - 1; j >= lo && k-j <= 8; j-- {
				if f.toks[j].lower == "according" && f.tokAt(j+1).lower == "to" {
					if s, e := f.npForward(j+2, k); s >= 0 {
						return s, e, "according to", true
					}
				}
			}
		}
	case p.lower == "that":
		for j := k - 1; j >= lo && k-j <= 6; j-- {
			u := f.toks[j]
			if u.kind == punct {
				break
			}
			if sayVerbs[u.lower] {
				v = j
				break
			}
		}
	case sayVerbs[p.lower] && p.lower != "told":
		v = k
	}
	if v < 0 {
		return 0, 0, "", false
	}
	if s, e := f.subjectNP(v, lo); s >= 0 {
		return s, e, f.toks[v].lower, true
	}
	return 0, 0, "", false
}

// adverbs that sit between a speaker and the verb.
var adverbs = set(`also reportedly later then again previously separately earlier once
	further finally simply quickly recently repeatedly told has had have would will`)

// pronouns that can be speakers.
var pronouns = set(`he she it they we i you`)

// isSpeakerPhrase checks that tokens [s, e) can name a speaker: a
// pronoun, a name, a description or a group ("police", "officials").
func (f *finder) isSpeakerPhrase(s, e int) bool {
	if e-s == 1 && pronouns[f.toks[s].lower] {
		return true
	}
	for k := s; k < e; k++ {
		t := f.toks[k]
		switch {
		case t.kind == word && (pronouns[t.lower] && e-s > 1):
			return false
		case t.kind == word && (t.lower == "and" || t.lower == "but" || t.lower == "that" || t.lower == "which" || t.lower == "who" || t.lower == "when" || t.lower == "if" || t.lower == "because" || t.lower == "not"):
			return false
		case t.kind == word && (t.lower == "is" || t.lower == "are" || t.lower == "were" || t.lower == "be"):
			return false
		}
	}
	return true
}

// npForward reads a speaker phrase starting at token k: a pronoun, a
// name with its title ("Health Minister Zanele Mokoena", "Dr. Amal
// Osman"), a description ("the commissioner", "a spokesman for the
// ministry") or a group ("police"); it stops at punctuation or a verb.
func (f *finder) npForward(k, hi int) (int, int) {
	if k >= hi || f.toks[k].paraStart {
		return -1, -1
	}
	if pronouns[f.toks[k].lower] {
		return k, k + 1
	}
	j := k
	for j < hi && j-k < 8 {
		t := f.toks[j]
		if t.kind == punct {
			if t.glued && (t.text == "." && j > k && abbreviations[f.toks[j-1].lower] || t.text == "-") {
				j++
				continue
			}
			break
		}
		if j > k && (sayVerbs[t.lower] || stopWords[t.lower] && !particles[t.lower] || t.paraStart) {
			break
		}
		j++
		if t.poss && j-k >= 2 {
			// "the kingdom's Foreign Ministry" goes on
		}
	}
	for j > k && (f.toks[j-1].kind == punct || stopWords[f.toks[j-1].lower] && !particles[f.toks[j-1].lower]) {
		j--
	}
	if j == k || stopWords[f.toks[k].lower] && !determiner(f.toks[k].lower) && !particles[f.toks[k].lower] {
		return -1, -1
	}
	return k, j
}

// stopWords end a speaker phrase.
var stopWords = set(`and or but that which who whom whose when where while as if because
	is are was were be been being has have had will would could should can may might must
	do does did not no to on in at by with from into after before since during about than
	it he she they we i you this these those there here then now also said says told
	according according until however saying standing speaking adding laughing who's`)

func determiner(w string) bool {
	switch w {
	case "the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those":
		return true
	}
	return false
}

// subjectNP returns the speaker phrase that is the subject of the verb at
// token v: "Kravets", "The commission's chairwoman, Ines Duarte," (the
// name), "Karl von Hessen, the chief executive of …," (the name), "Amir
// Haddad, who has run …," (the name), "When the captain came … and said"
// (the clause's subject).
func (f *finder) subjectNP(v, lo int) (int, int) {
	j := v - 1
	for j >= lo && adverbs[f.toks[j].lower] {
		j--
	}
	if j >= lo && (f.toks[j].lower == "was" || f.toks[j].lower == "were") {
		j-- // "was quoted"
	}
	if j < lo || f.toks[j].paraStart && f.toks[j].kind == punct {
		return -1, -1
	}
	t := f.toks[j]
	if pronouns[t.lower] {
		return j, j + 1
	}
	if t.lower == "and" {
		return f.clauseSubject(j, lo)
	}
	if t.text == "," {
		m := j - 1
		for m > lo && f.toks[m].text != "," && j-m < 16 && f.toks[m].sent == t.sent {
			m--
		}
		if m < lo || f.toks[m].text != "," {
			// "However, X said" is not an appositive
			return -1, -1
		}
		inner := f.toks[m+1]
		switch {
		case inner.lower == "who" || inner.lower == "which" || inner.lower == "whose" || inner.kind == number:
			return f.npBackward(m-1, lo)
		case inner.lower == "however":
			return f.npBackward(m-1, lo)
		case nameWord(inner) && !determiner(inner.lower) && !notNames[inner.lower]:
			// "the treasurer, Cameron Hill, said": the name
			if s, e := f.npBackward(j-1, m+1); s >= 0 {
				return s, e
			}
		}
		return f.npBackward(m-1, lo)
	}
	return f.npBackward(j, lo)
}

// npBackward returns the speaker phrase ending at token j (inclusive).
func (f *finder) npBackward(j, lo int) (int, int) {
	if j < lo {
		return -1, -1
	}
	end := j + 1
	k := j
	for k >= lo && end-k <= 9 {
		t := f.toks[k]
		if t.kind == punct {
			if t.glued && (t.text == "." && k > lo && abbreviations[f.toks[k-1].lower] || t.text == "-") {
				k--
				continue
			}
			// "the farmers' association": a plural possessive
			if (t.text == "'" || t.text == "’") && t.glued && k > lo && k < j && strings.HasSuffix(f.toks[k-1].lower, "s") {
				k--
				continue
			}
			break
		}
		if determiner(t.lower) {
			// "Annelies de Vries of the water board": go on past "of the"
			if p := k - 1; p > lo && (f.toks[p].lower == "of" || f.toks[p].lower == "for" || f.toks[p].lower == "at") && f.toks[p-1].kind == word && !stopWords[f.toks[p-1].lower] {
				k -= 2
				continue
			}
			k--
			break
		}
		if (t.lower == "of" || t.lower == "for" || t.lower == "at" || t.lower == "in") && k > lo && k < j && f.toks[k-1].kind == word && !stopWords[f.toks[k-1].lower] {
			k--
			continue
		}
		if stopWords[t.lower] && !particles[t.lower] || sayVerbs[t.lower] {
			break
		}
		if k < j && t.lower != "" && verbLike(t.lower) && !nameWord(t) {
			break
		}
		if t.sentStart && k > lo {
			k--
			break
		}
		k--
	}
	s := k + 1
	for s < end && (f.toks[s].lower == "speaking" || f.toks[s].kind == punct) {
		s++
	}
	if s >= end {
		return -1, -1
	}
	if !f.isSpeakerPhrase(s, end) {
		return -1, -1
	}
	return s, end
}

// verbLike spots verb forms inside what would otherwise be a phrase.
func verbLike(w string) bool {
	if pastVerbs[w] {
		return true
	}
	n := len(w)
	return n > 4 && (w[n-2:] == "ed" || w[n-3:] == "ing") && w != "united" && w != "wounded" && w != "injured"
}

// pastVerbs are common irregular verb forms.
var pastVerbs = set(`came went took got made saw gave ran stood sat left fell held brought began
	kept felt met found thought knew became sent spent built lost won paid put set cut hit
	shot struck led fled rose grew drove wrote spoke broke chose flew threw bought sold
	caught fought taught sought heard meant read told said is are was were has have had
	comes goes takes gets makes sees gives runs stands sits leaves falls holds brings begins
	keeps feels meets finds thinks knows becomes sends spends builds loses wins pays puts`)

// clauseSubject returns the subject of the clause holding the verb after
// the "and" at token j: the first phrase after the clause's start (the
// sentence start, a comma or a subordinator such as "When").
func (f *finder) clauseSubject(j, lo int) (int, int) {
	k := j - 1
	for k >= lo && f.toks[k].kind != punct && !f.toks[k].sentStart {
		switch f.toks[k].lower {
		case "when", "as", "while", "after", "before", "because", "since", "if":
			goto found
		}
		k--
	}
	if k >= lo && f.toks[k].sentStart && f.toks[k].kind != punct {
		k--
	}
found:
	s := k + 1
	e := s
	for e < j && !stopWords[f.toks[e].lower] || e < j && determiner(f.toks[e].lower) {
		if e > s && verbLike(f.toks[e].lower) {
			break
		}
		e++
	}
	if e == s || !f.isSpeakerPhrase(s, e) {
		return -1, -1
	}
	return s, e
}

// nested finds single-quoted quotes inside direct quote q.
func (f *finder) nested(q *raw) {
	lo, hi := q.openTok+1, q.closeTok
	open := -1
	for m := lo; m < hi; m++ {
		t := f.toks[m]
		if t.kind != punct || !isSingle(t.text) {
			continue
		}
		next := f.tokAt(m + 1)
		if open < 0 && (t.text == "‘" || t.text == "'") && (!t.glued || f.tokAt(m-1).kind == punct) && next.glued && next.kind != punct {
			open = m
			continue
		}
		if open >= 0 && (t.text == "’" || t.text == "'") && t.glued && (m+1 >= hi || !next.glued || next.kind == punct) {
			n := &raw{kind: Direct, start: f.toks[open].end, end: t.start, openTok: open, closeTok: m,
				spLo: -1, spHi: -1, personIdx: -1, entity: -1, nested: true, parent: q}
			f.attribute(n, lo, hi)
			if n.spLo >= 0 || words(f.text[n.start:n.end]) >= 3 {
				f.quotes = append(f.quotes, n)
			}
			open = -1
		}
	}
}
