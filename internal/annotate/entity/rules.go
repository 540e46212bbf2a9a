package entity

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// document is one text being annotated: its tokens, their gazetteer
// matches and the spans found so far. The rules below edit the spans the
// tagger proposed; they keep spans sorted and never overlapping.
type document struct {
	text  string
	toks  []token
	words []string  // gazWord of each token
	gz    []gazBits // gazetteer positions of each token
	cues  []byte    // document cues of each token, computed when needed
	spans []span
	g     *gazetteer
}

// applyRules runs the rules in order; each sees the spans the previous
// ones left.
func (d *document) applyRules() {
	d.ruleMisc()
	d.ruleTrim()
	d.ruleDatelines()
	d.ruleTitles()
	d.ruleGivenNames()
	d.ruleParticles()
	d.ruleAppositives()
	d.ruleConnectors()
	d.ruleOrgNames()
	d.ruleHeadWords()
	d.ruleUnknownPlaces()
	d.ruleAcronyms()
	d.ruleAccordingTo()
	d.ruleGazetteer()
	d.ruleAcronymOrgs()
	d.ruleNORP()
}

// Token predicates.

func (d *document) capital(i int) bool {
	return i >= 0 && i < len(d.toks) && !d.toks[i].punct && isCapitalised(d.toks[i].text)
}

func (d *document) allCaps(i int) bool {
	if i < 0 || i >= len(d.toks) || d.toks[i].punct {
		return false
	}
	letters := 0
	for _, r := range d.toks[i].text {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

func (d *document) pos(i int, l gazList) int {
	if i < 0 || i >= len(d.toks) {
		return posNone
	}
	return gazPos(d.gz[i], l)
}

// phraseEnd returns the end of the list-l phrase starting at token i, or
// -1 when none starts there.
func (d *document) phraseEnd(i int, l gazList) int {
	switch d.pos(i, l) {
	case posSingle:
		return i + 1
	case posBegin:
		j := i + 1
		for j < len(d.toks) && d.pos(j, l) == posInside {
			j++
		}
		return j
	}
	return -1
}

// lineBreakBefore reports whether a line break separates token i from i-1.
func (d *document) lineBreakBefore(i int) bool { return i < len(d.toks) && d.toks[i].lineStart }

func (d *document) isParticle(i int) bool {
	if d.pos(i, gzParticle) != posSingle {
		return false
	}
	// Lower case ("bin", "von", "da") or Arabic "Al"/"El".
	w := d.toks[i].text
	return !isCapitalised(w) || d.words[i] == "al" || d.words[i] == "el"
}

// connector words may sit inside an organisation's name.
var connectors = setOf("of", "for", "and", "the", "on", "in", "&", "de", "du", "des", "la", "le", "del")

// isNameWord reports a capitalised word that may belong to a name: not
// punctuation, not a function word or a weekday ("WHO" in capitals is a
// name, "Who" is not).
func (d *document) isNameWord(i int) bool {
	return d.capital(i) && (!stopCaps[d.words[i]] || (d.allCaps(i) && d.words[i] != "i"))
}

// stopCaps are capitalised words that never start or continue a name.
var stopCaps = setOf("the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
	"i", "his", "her", "their", "our", "in", "on", "at", "for", "but", "and", "or", "if", "when", "while", "after",
	"before", "during", "since", "as", "by", "with", "from", "to", "of", "there", "here", "what", "who", "why",
	"how", "where", "which", "some", "several", "many", "most", "all", "no", "not", "yes", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may",
	"june", "july", "august", "september", "october", "november", "december", "today", "yesterday", "tomorrow",
	"mr", "mrs", "ms", "dr", "according", "also", "meanwhile", "however", "thousands", "hundreds", "millions")

// Span bookkeeping.

// owner returns the index of the span holding token i, or -1.
func (d *document) owner(i int) int {
	k, found := slices.BinarySearchFunc(d.spans, i, func(s span, i int) int {
		switch {
		case s.end <= i:
			return -1
		case s.start > i:
			return 1
		}
		return 0
	})
	if found {
		return k
	}
	return -1
}

// put inserts s, removing the spans it overlaps, and returns its index.
func (d *document) put(s span) int {
	if s.titleStart < 0 && s.title == "" {
		s.titleStart = -1
	}
	out := d.spans[:0:0]
	for _, o := range d.spans {
		if o.end <= s.start || o.start >= s.end {
			out = append(out, o)
		}
	}
	k, _ := slices.BinarySearchFunc(out, s.start, func(o span, st int) int { return o.start - st })
	out = slices.Insert(out, k, s)
	d.spans = out
	return k
}

// free reports whether no span covers tokens [i, j).
func (d *document) free(i, j int) bool {
	for k := i; k < j; k++ {
		if d.owner(k) >= 0 {
			return false
		}
	}
	return true
}

func newSpan(start, end int, t Type) span {
	return span{start: start, end: end, typ: t, kind: Name, titleStart: -1, link: -1}
}

// ruleMisc turns the tagger's MISC spans that are nationalities or groups
// into NORP and drops the rest (events, works, products).
func (d *document) ruleMisc() {
	out := d.spans[:0]
	for _, s := range d.spans {
		if s.typ == misc {
			if d.phraseEnd(s.start, gzNORP) != s.end {
				continue
			}
			s.typ = NORP
		}
		out = append(out, s)
	}
	d.spans = out
}

// notNames are capitalised words the tagger takes for places or
// organisations that are feasts, months and other non-entities.
var notNames = setOf("ramadan", "eid", "christmas", "easter", "nowruz", "hanukkah", "passover", "diwali", "lent",
	"quds day", "yom kippur", "thanksgiving", "new year", "ashura", "muharram", "internet", "covid", "covid-19",
	"coronavirus", "god", "allah", "brexit", "olympics", "olympic games", "paralympics", "paralympic games",
	"world cup", "games")

// ruleTrim takes lower-case words and punctuation off the edges of spans
// ("Assad family" → "Assad") and drops spans of non-entities ("Ramadan").
func (d *document) ruleTrim() {
	out := d.spans[:0]
	for _, s := range d.spans {
		for s.end > s.start && !d.nameish(s.end-1) {
			s.end--
		}
		for s.start < s.end && !d.nameish(s.start) && !d.isParticle(s.start) {
			s.start++
		}
		// "The European Commission" → "European Commission", but "The
		// Hague" and "The Guardian" stay whole.
		if s.end-s.start >= 2 && s.typ != PER && d.words[s.start] == "the" && !d.knownPhrase(s.start, s.end) {
			s.start++
		}
		// "Swimmer Summer McIntosh": a sentence-initial word for what the
		// person is or does.
		if s.typ == PER && s.end-s.start >= 2 && d.toks[s.start].sentStart && personNouns[d.words[s.start]] {
			s.start++
		}
		// "Shares of Halvorsen Shipping": a sentence-initial common word
		// and a connector are no part of the name.
		if s.end-s.start >= 3 && s.typ != PER && orgConnectors[d.words[s.start+1]] && d.plainStart(s.start) {
			s.start += 2
		}
		if s.start >= s.end || notNames[strings.Join(d.words[s.start:s.end], " ")] || d.countryPair(s) ||
			s.end-s.start == 1 && d.allCaps(s.start) && notAcronyms[d.words[s.start]] {
			continue
		}
		out = append(out, s)
	}
	d.spans = out
}

// knownPhrase reports whether tokens [i, j) are a whole entry of a
// gazetteer list of names.
func (d *document) knownPhrase(i, j int) bool {
	for _, l := range []gazList{gzOrg, gzCountry, gzPlace, gzCity, gzWNLoc, gzWNOrg} {
		if d.phraseEnd(i, l) == j {
			return true
		}
	}
	return false
}

// countryPair reports a single hyphenated token joining countries, as in
// "the Iran-Iraq War" or "US-China talks": a relation, not a place.
func (d *document) countryPair(s span) bool {
	if s.end-s.start != 1 || !strings.Contains(d.toks[s.start].text, "-") {
		return false
	}
	for _, p := range strings.Split(d.toks[s.start].text, "-") {
		if !d.g.has(gazWord(p), gzCountry) {
			return false
		}
	}
	return true
}

// nameish reports a token that can be part of a name: capitalised, with a
// capital after a hyphen or apostrophe ("al-Assad", "d'Estaing"), with a
// capital inside ("iPhone"), or a number ("G7" is one token, "2" in
// "Apollo 2" another).
func (d *document) nameish(i int) bool {
	if d.toks[i].punct {
		return false
	}
	for _, r := range d.toks[i].text {
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func isDash(t string) bool { return t == "-" || t == "–" || t == "—" || t == "--" || t == "―" }

// ruleDatelines reads "TEHRAN, Iran —" and "ERBIL, Kurdistan Region -" at
// the start of a line as places: groups of capitalised words split by
// commas, closed by a dash (an agency in brackets, of up to four words,
// may stand before it).
// The first word must be in capitals, or every group a known place.
func (d *document) ruleDatelines() {
	for i := range d.toks {
		if !d.toks[i].lineStart || !d.capital(i) {
			continue
		}
		var groups [][2]int
		j := i
		var agency [2]int
		ok := false
		for j < len(d.toks) && j-i < 10 {
			g0 := j
			for j < len(d.toks) && (j == i || !d.lineBreakBefore(j)) && (d.capital(j) || (j > g0 && d.isParticle(j))) {
				j++
			}
			if j == g0 {
				break
			}
			groups = append(groups, [2]int{g0, j})
			if j >= len(d.toks) || d.lineBreakBefore(j) {
				break
			}
			if d.toks[j].text == "(" {
				// An agency of up to four capitalised words: "(AFP)",
				// "(Coastline Wire)".
				k := j + 1
				for k < len(d.toks) && k-j <= 4 && d.capital(k) {
					k++
				}
				if k > j+1 && k < len(d.toks) && d.toks[k].text == ")" {
					agency = [2]int{j + 1, k}
					j = k + 1
				}
			}
			if j < len(d.toks) && isDash(d.toks[j].text) {
				ok = true
				break
			}
			if j < len(d.toks) && d.toks[j].text == "," {
				j++
				continue
			}
			break
		}
		if !ok || len(groups) == 0 {
			continue
		}
		known := true
		for _, gr := range groups {
			if d.phraseEnd(gr[0], gzCountry) != gr[1] && d.phraseEnd(gr[0], gzPlace) != gr[1] {
				known = false
			}
		}
		if !d.allCaps(groups[0][0]) && !known {
			continue
		}
		for _, gr := range groups {
			d.put(newSpan(gr[0], gr[1], LOC))
		}
		if agency[1] > 0 {
			d.put(newSpan(agency[0], agency[1], ORG))
		}
	}
}

// titleBefore returns the start of a run of titles that ends at token
// end ("Supreme Leader Ayatollah" before "Ali"), or end when there is none.
// Titles need a capital unless lower case ones touch the name ("ruler
// Sheikh Mohammed").
func (d *document) titleBefore(end int) int {
	start := end
	for {
		found := -1
		for k := start - 1; k >= 0 && k >= start-4; k-- {
			if d.lineBreakBefore(k+1) && k+1 < start {
				break
			}
			if e := d.phraseEnd(k, gzTitle); e == start && (d.capital(k) || (start == end && !kinship[d.words[k]])) {
				found = k
			}
		}
		if found < 0 {
			return start
		}
		// Skip full stops inside abbreviations such as "Gen." (kept in the
		// token already).
		start = found
	}
}

// kinship words are titles only with a capital ("Father Michael", not
// "his brother Jonathan").
var kinship = setOf("brother", "sister", "father", "mother")

// ruleTitles takes titles out of person spans and into their Title, finds
// people named after a title that the tagger missed, and splits off a
// nationality or country standing before the title ("Syrian President
// Bashar al-Assad" → NORP "Syrian", title "President", PER "Bashar
// al-Assad").
func (d *document) ruleTitles() {
	// Persons the tagger missed: a capitalised title, then capitalised
	// words that no span covers.
	for i := 0; i < len(d.toks); i++ {
		e := d.phraseEnd(i, gzTitle)
		if e < 0 || !d.capital(i) {
			continue
		}
		// Take the longest run of titles.
		for {
			e2 := d.phraseEnd(e, gzTitle)
			if e2 < 0 || !d.capital(e) {
				break
			}
			e = e2
		}
		j := e
		for j < len(d.toks) && j-e < 6 && (d.isNameWord(j) || (j > e && d.isParticle(j) && d.capital(j+1))) && !d.lineBreakBefore(j) {
			if d.pos(j, gzOrgWord) != posNone && j > e {
				break
			}
			j++
		}
		if j == e || d.toks[j-1].punct {
			i = e - 1
			continue
		}
		// "Minister of Defence", "President Hotel": skip when an
		// organisation word or a known place or organisation follows.
		if d.pos(e, gzCountry) != posNone || d.pos(e, gzPlace) != posNone || d.pos(e, gzOrg) != posNone {
			i = e - 1
			continue
		}
		orgLike := false
		for k := e; k < j; k++ {
			if d.pos(k, gzOrgWord) != posNone {
				orgLike = true
			}
		}
		if orgLike {
			i = j - 1
			continue
		}
		if d.free(e, j) {
			d.put(newSpan(e, j, PER))
		} else if k := d.owner(e); k >= 0 && d.spans[k].start == e && d.spans[k].typ != PER && d.spans[k].end <= j {
			// A person after a title, tagged as something else.
			if d.phraseEnd(e, gzFirst) > 0 || d.spans[k].end-d.spans[k].start <= 3 {
				d.spans[k].typ = PER
			}
		}
		i = j - 1
	}
	// Strip titles from the front of spans, and record titles before
	// person spans.
	for k := 0; k < len(d.spans); k++ {
		s := &d.spans[k]
		if s.kind != Name || s.typ == NORP {
			continue
		}
		// Leading nationality or country + title inside the span.
		st := s.start
		prefixType := Type("")
		if e := d.phraseEnd(st, gzNORP); e > 0 && e < s.end && d.phraseEnd(e, gzTitle) > 0 {
			st, prefixType = e, NORP
		} else if e := d.phraseEnd(st, gzCountry); e > 0 && e < s.end && d.phraseEnd(e, gzTitle) > 0 {
			st, prefixType = e, LOC
		} else if e := d.phraseEnd(st, gzPlace); e > 0 && e < s.end && d.phraseEnd(e, gzTitle) > 0 {
			st, prefixType = e, LOC
		}
		tEnd := st
		// The tail of a title that starts before the span ("Crown" +
		// "Prince Faisal ...").
		if s.typ == PER && st == s.start && d.pos(st, gzTitle) == posInside && d.capital(st) {
			for tEnd < s.end-1 && d.pos(tEnd, gzTitle) == posInside && d.capital(tEnd) {
				tEnd++
			}
		}
		for {
			e := d.phraseEnd(tEnd, gzTitle)
			if e < 0 || e >= s.end || !d.capital(tEnd) {
				break
			}
			tEnd = e
		}
		if tEnd > st {
			rest := s.end - tEnd
			switch {
			case s.typ == PER:
			case rest <= 3 && !d.hasOrgWord(tEnd, s.end) && d.pos(tEnd, gzCountry) == posNone && d.pos(tEnd, gzPlace) == posNone:
				// "Supreme Leader Ayatollah Ali Khamenei" tagged ORG.
				s.typ = PER
			default:
				continue // "President Hotel", "General Assembly"
			}
			if st > s.start {
				prefix := newSpan(s.start, st, prefixType)
				s.start = tEnd
				d.spans = slices.Insert(d.spans, k, prefix)
				k++
				s = &d.spans[k]
			}
			s.start = tEnd
		}
		if s.typ != PER {
			continue
		}
		ts := d.titleBefore(s.start)
		if ts == s.start {
			continue
		}
		if o := d.owner(ts); o >= 0 && o != k {
			// A title inside another span ("Foreign Minister" tagged ORG)
			// is dropped from that span.
			if d.spans[o].end <= s.start && d.phraseEnd(d.spans[o].start, gzTitle) >= d.spans[o].end {
				d.spans = slices.Delete(d.spans, o, o+1)
				if o < k {
					k--
				}
				s = &d.spans[k]
			} else {
				ts = d.spans[o].end
				for ts < s.start && d.phraseEnd(ts, gzTitle) < 0 {
					ts++
				}
				if ts >= s.start {
					continue
				}
			}
		}
		s.titleStart = ts
		s.title = d.text[d.toks[ts].start:d.toks[s.start-1].end]
		// What stands before the title: "former", a nationality, a
		// country's possessive.
		b := ts - 1
		if b >= 0 && (d.words[b] == "former" || d.words[b] == "ex" || d.words[b] == "late") {
			s.former = true
			b--
		}
		s.qualifier = d.countryBefore(b)
	}
}

// countryBefore returns the country named by a nationality ("Syrian"), a
// country ("Iran", "Iran's") or a known place's possessive ending at token
// b, or "".
func (d *document) countryBefore(b int) string {
	if b < 0 {
		return ""
	}
	if d.words[b] == "'s" || d.words[b] == "s" {
		b--
	}
	if b < 0 {
		return ""
	}
	for k := max(0, b-3); k <= b; k++ {
		if d.phraseEnd(k, gzNORP) == b+1 {
			if c := d.g.demonymCountry[strings.Join(d.words[k:b+1], " ")]; c != "" {
				return c
			}
		}
		if d.phraseEnd(k, gzCountry) == b+1 {
			if c := d.g.countryName[strings.Join(d.words[k:b+1], " ")]; c != "" {
				return c
			}
		}
	}
	return ""
}

func (d *document) hasOrgWord(i, j int) bool {
	for k := i; k < j; k++ {
		if d.pos(k, gzOrgWord) != posNone || d.pos(k, gzOrg) != posNone {
			return true
		}
	}
	return false
}

// ruleParticles keeps name particles inside person spans: "Ursula von der
// Leyen", "Luiz Inácio Lula da Silva", "Mohammed bin Rashid Al Maktoum".
func (d *document) ruleParticles() {
	for k := 0; k < len(d.spans); k++ {
		s := &d.spans[k]
		if s.typ != PER || s.kind != Name {
			continue
		}
		// Rightwards: particles, then capitalised words.
		for {
			j := s.end
			for j < len(d.toks) && d.isParticle(j) && !d.lineBreakBefore(j) {
				j++
			}
			endsInParticle := d.isParticle(s.end - 1)
			if (j == s.end && !endsInParticle) || !d.capital(j) || d.lineBreakBefore(j) {
				break
			}
			e := j
			for e < len(d.toks) && d.isNameWord(e) && !d.lineBreakBefore(e) && e-j < 3 {
				if o := d.owner(e); o >= 0 && o != k && d.spans[o].typ != PER && d.spans[o].typ != misc && d.spans[o].start < e {
					break
				}
				e++
			}
			if e == j {
				break
			}
			d.absorb(k, s.start, e)
			s = &d.spans[k]
		}
		// Lower-case particles that start the name: "said van der Berg".
		if b := s.start; b > 0 && s.end-s.start <= 2 {
			for b > 0 && s.start-b < 3 && d.isParticle(b-1) && !isCapitalised(d.toks[b-1].text) && !d.lineBreakBefore(b) {
				b--
			}
			if b < s.start && (b == 0 || !d.isNameWord(b-1)) && (b == 0 || !d.isParticle(b-1)) && dutchLike[d.words[b]] {
				d.absorb(k, b, s.end)
				s = &d.spans[k]
			}
		}
		// A capitalised particle that starts the name: "Van Dijk declined".
		if b := s.start - 1; b >= 0 && !d.lineBreakBefore(s.start) && d.capital(b) && !d.allCaps(b) &&
			d.pos(b, gzParticle) == posSingle && d.words[b] != "al" && d.words[b] != "el" && (b == 0 || !d.isNameWord(b-1)) {
			d.absorb(k, b, s.end)
			s = &d.spans[k]
		}
		// Leftwards: a capitalised word and particles ("Lula da" + "Silva").
		i := s.start
		for i > 0 && d.isParticle(i-1) && !d.lineBreakBefore(i) {
			i--
		}
		if i < s.start && d.isNameWord(i-1) && !d.lineBreakBefore(i) {
			b := i - 1
			for b > 0 && d.isNameWord(b-1) && !d.lineBreakBefore(b) && i-b < 3 && d.phraseEnd(b-1, gzTitle) < 0 {
				b--
			}
			if d.phraseEnd(b, gzTitle) < 0 {
				d.absorb(k, b, s.end)
			}
		}
	}
}

// dutchLike particles may start a surname written alone ("van der Berg",
// "de Vries", "von Trapp"); Arabic ones ("al", "bin") are left to the
// tagger, as "al" alone is often the article of an organisation's name.
var dutchLike = setOf("van", "von", "de", "der", "den", "ter", "ten", "du", "da", "di", "del", "della", "dos", "das", "le", "la")

// personNouns name what a person is or does; with the titles, they mark
// a name beside them as a person's: "the regional governor, Tunde
// Bakare", "Chinedu Okafor, a taxi driver", "runner Faith Chepkoech".
var personNouns = setOf("official", "officials", "analyst", "economist", "lawyer", "attorney", "researcher",
	"scientist", "engineer", "driver", "resident", "farmer", "teacher", "student", "nurse", "surgeon", "journalist",
	"reporter", "editor", "writer", "author", "activist", "campaigner", "founder", "owner", "manager", "coach",
	"player", "striker", "midfielder", "defender", "goalkeeper", "runner", "swimmer", "cyclist", "boxer", "athlete",
	"singer", "actor", "actress", "director", "producer", "artist", "musician", "historian", "professor", "expert",
	"candidate", "lawmaker", "legislator", "diplomat", "negotiator", "mediator", "commander", "soldier", "officer",
	"worker", "employee", "victim", "survivor", "witness", "suspect", "defendant", "plaintiff", "father", "mother",
	"son", "daughter", "wife", "husband", "brother", "sister", "widow", "chief", "head", "leader", "deputy",
	"adviser", "advisor", "aide", "secretary", "minister", "president", "governor", "mayor", "spokesman",
	"spokeswoman", "spokesperson", "chairman", "chairwoman", "chair", "executive", "ceo", "judge", "prosecutor",
	"ambassador", "envoy", "senator", "congressman", "congresswoman", "general", "colonel", "captain", "inspector",
	"detective", "superintendent", "sergeant", "pilot", "doctor", "physician", "priest", "imam", "rabbi", "bishop",
	"photographer", "filmmaker", "entrepreneur", "investor", "banker", "trader", "economist", "commissioner")

// nameRun returns the end of a run of two or three capitalised words
// (name particles allowed inside) starting at i that no span covers and
// no list calls a place, group or organisation, or -1.
func (d *document) nameRun(i int) int {
	j := i
	for ; j < len(d.toks) && j-i < 4 && (j == i || !d.lineBreakBefore(j)); j++ {
		if !(d.isNameWord(j) && !d.allCaps(j) || j > i && d.isParticle(j) && d.isNameWord(j+1)) {
			break
		}
		for _, l := range []gazList{gzCountry, gzPlace, gzNORP, gzOrg, gzOrgWord, gzTitle, gzLocWord} {
			if d.pos(j, l) != posNone {
				return -1
			}
		}
		// Free, or under one span of another type that starts with the
		// run (ruleAppositives retypes it when it is the whole run).
		if o := d.owner(j); o >= 0 && (d.spans[o].typ == PER || d.spans[o].start != i || d.spans[o].kind != Name) {
			return -1
		}
	}
	if j-i < 2 || j-i > 3 || d.isParticle(j-1) {
		return -1
	}
	return j
}

// ruleGivenNames finds the people the tagger missed whose given name is
// in the hand-written list and is followed by a surname: "Bashar
// al-Assad", "Ali Khamenei". Nothing of the name may be a known place,
// group, organisation or title.
func (d *document) ruleGivenNames() {
	for i := 0; i+1 < len(d.toks); i++ {
		if d.pos(i, gzFirst) != posSingle || !d.capital(i) || d.allCaps(i) || d.owner(i) >= 0 {
			continue
		}
		j := i + 1
		for j < len(d.toks) && j-i <= 3 && !d.lineBreakBefore(j) && d.owner(j) < 0 && !d.toks[j].punct &&
			(d.isNameWord(j) && !d.allCaps(j) || d.nameish(j) && strings.Contains(d.toks[j].text, "-") || d.isParticle(j) && d.capital(j+1)) {
			known := false
			for _, l := range []gazList{gzCountry, gzPlace, gzNORP, gzOrg, gzOrgWord, gzTitle, gzLocWord} {
				known = known || d.pos(j, l) != posNone
			}
			if known {
				break
			}
			j++
		}
		for j > i+1 && d.isParticle(j-1) {
			j--
		}
		if j > i+1 {
			d.put(newSpan(i, j, PER))
		}
		i = j - 1
	}
}

// ruleAppositives finds the people the tagger missed that an appositive
// or a person noun names: "the regional governor, Tunde Bakare,",
// "Chinedu Okafor, a taxi driver,", "runner Faith Chepkoech", "Faith
// Chepkoech, 29,".
func (d *document) ruleAppositives() {
	isNoun := func(i int) bool {
		return i >= 0 && i < len(d.toks) && !isCapitalised(d.toks[i].text) &&
			(personNouns[d.words[i]] || d.pos(i, gzTitle) == posSingle)
	}
	for i := 0; i < len(d.toks); i++ {
		if !d.isNameWord(i) || d.owner(i) >= 0 && d.spans[d.owner(i)].start != i {
			continue
		}
		e := d.nameRun(i)
		if e < 0 {
			continue
		}
		ok := false
		switch {
		case isNoun(i-1) || i >= 2 && d.toks[i-1].text == "," && isNoun(i-2):
			// "runner Faith Chepkoech", "the governor, Tunde Bakare"
			ok = true
		case e+2 < len(d.toks) && d.toks[e].text == "," && (d.words[e+1] == "the" || d.words[e+1] == "a" || d.words[e+1] == "an"):
			// "Chinedu Okafor, a taxi driver," : a person noun before the
			// next comma or full stop.
			for j := e + 2; j < len(d.toks) && j < e+8; j++ {
				if d.toks[j].punct {
					ok = isNoun(j-1) && (d.toks[j].text == "," || d.toks[j].text == ".")
					break
				}
			}
		case e+2 < len(d.toks) && d.toks[e].text == "," && d.toks[e+1].punct == false && isAge(d.toks[e+1].text) &&
			(e+2 >= len(d.toks) || d.toks[e+2].text == ","):
			// "Faith Chepkoech, 29,"
			ok = true
		}
		if o := d.owner(i); ok && (o < 0 || d.spans[o].end == e) {
			// Free, or one span of another type over exactly the name
			// ("Tunde Bakare" tagged ORG).
			d.put(newSpan(i, e, PER))
		}
		i = e - 1
	}
}

// isAge reports a number from 1 to 119 written in digits.
func isAge(w string) bool {
	if len(w) == 0 || len(w) > 3 {
		return false
	}
	n := 0
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n > 0 && n < 120
}

// foreignConnectors join the words of a place or an organisation's name
// ("Palais des Nations", "Banco do Brasil").
var foreignConnectors = setOf("des", "de", "du", "del", "della", "di", "do", "da", "la", "le")

// ruleConnectors extends place and organisation spans over a foreign
// connector and the capitalised words after it.
func (d *document) ruleConnectors() {
	for k := 0; k < len(d.spans); k++ {
		s := d.spans[k]
		if (s.typ != ORG && s.typ != LOC) || s.kind != Name || s.end >= len(d.toks) {
			continue
		}
		if !foreignConnectors[d.toks[s.end].text] || !d.isNameWord(s.end+1) || d.lineBreakBefore(s.end+1) {
			continue
		}
		e := s.end + 1
		for e < len(d.toks) && d.isNameWord(e) && !d.lineBreakBefore(e) && e-s.end < 4 {
			if o := d.owner(e); o >= 0 && d.spans[o].start < e {
				break
			}
			e++
		}
		d.absorb(k, s.start, e)
	}
}

// orgConnectors join the parts of an organisation's name ("Committee to
// Protect Journalists", "Bureau of Statistics", "Energy and Petroleum
// Regulatory Authority").
var orgConnectors = setOf("of", "for", "to", "and", "&", "on")

// ruleOrgNames completes organisation names that end in an organisation
// word ("Authority", "Federation", "Police") and that the tagger cut
// short or split: leftwards over capitalised words and place or
// organisation spans ("Greater Manchester Police", "Kenya National Bureau
// of Statistics"), across connectors between capitalised words; and
// rightwards over a connector and capitalised words ("Committee to
// Protect Journalists").
func (d *document) ruleOrgNames() {
	for k := 0; k < len(d.spans); k++ {
		s := d.spans[k]
		if s.typ != ORG || s.kind != Name || d.pos(s.end-1, gzOrgWord) == posNone {
			continue
		}
		start := s.start
		for {
			i := start - 1
			if i < 0 || d.lineBreakBefore(start) {
				break
			}
			if d.isNameWord(i) && d.words[i] != "the" {
				if o := d.owner(i); o >= 0 {
					if t := d.spans[o].typ; t != LOC && t != ORG || d.spans[o].kind != Name || d.spans[o].end != start {
						break
					}
					start = d.spans[o].start
					continue
				}
				if d.pos(i, gzTitle) != posNone && d.toks[i].sentStart || d.plainStart(i) {
					break
				}
				start = i
				continue
			}
			// A connector between two capitalised words.
			if orgConnectors[d.words[i]] && i > 0 && d.isNameWord(i-1) && !d.lineBreakBefore(i) && d.words[i-1] != "the" && !d.plainStart(i-1) {
				if o := d.owner(i - 1); o >= 0 && (d.spans[o].typ == PER || d.spans[o].kind != Name) {
					break
				}
				start = i
				continue
			}
			break
		}
		end := s.end
		for end+1 < len(d.toks) && (d.words[end] == "of" || d.words[end] == "for" || d.words[end] == "to") &&
			d.isNameWord(end+1) && !d.lineBreakBefore(end+1) && d.words[end+1] != "the" {
			e := end + 1
			for e < len(d.toks) && d.isNameWord(e) && !d.lineBreakBefore(e) && e-end <= 4 {
				if o := d.owner(e); o >= 0 && (d.spans[o].typ == PER || d.spans[o].start < e) {
					break
				}
				e++
			}
			if e == end+1 {
				break
			}
			if o := d.owner(end + 1); o >= 0 && d.spans[o].end > e {
				break
			}
			end = e
		}
		if start < s.start || end > s.end {
			d.absorb(k, start, end)
			k = d.owner(start)
		}
	}
}

// plainStart reports a sentence-initial capitalised word that need not be
// a name ("Shares", "Swimmer"): no name list knows it and the document
// never writes it capitalised in mid-sentence.
func (d *document) plainStart(i int) bool {
	if !d.toks[i].sentStart {
		return false
	}
	for _, l := range []gazList{gzCountry, gzPlace, gzFirst, gzOrgWord, gzOrg, gzCity, gzGiven, gzWNPer, gzWNLoc, gzWNOrg, gzName, gzLocWord} {
		if d.pos(i, l) != posNone {
			return false
		}
	}
	if d.cues == nil {
		texts := make([]string, len(d.toks))
		starts := make([]bool, len(d.toks))
		for k, t := range d.toks {
			texts[k], starts[k] = t.text, t.sentStart
		}
		d.cues = docCues(texts, starts)
	}
	return d.cues[i]&docCapMid == 0
}

// ruleHeadWords reads a capitalised name that ends in an organisation
// word ("National Highway Traffic Safety Administration") or a place word
// ("Panjshir Valley") as an organisation or a place: a run of free
// capitalised words of two or more that the tagger missed, or a span of
// the same type that stops just before the head word ("Samsung" +
// "Electronics").
func (d *document) ruleHeadWords() {
	head := func(i int) Type {
		// Not the start of a title: "Russia Energy Minister".
		if !d.capital(i) || d.allCaps(i) || d.pos(i, gzTitle) == posBegin {
			return ""
		}
		switch {
		case d.pos(i, gzOrgWord) == posSingle:
			return ORG
		case d.pos(i, gzLocWord) == posSingle:
			return LOC
		}
		return ""
	}
	// Spans that stop just before their head word.
	for k := 0; k < len(d.spans); k++ {
		s := d.spans[k]
		if s.kind != Name || (s.typ != ORG && s.typ != LOC) || s.end >= len(d.toks) || d.lineBreakBefore(s.end) {
			continue
		}
		if t := head(s.end); t != "" && d.owner(s.end) < 0 && (t == s.typ || s.typ == LOC && t == ORG) {
			s.typ = t
			d.spans[k].typ = t
			d.absorb(k, s.start, s.end+1)
		}
	}
	// People whose first word is no given name the lists know, and that
	// end in a place's head word or start or end with an organisation's,
	// are places and organisations the tagger took for people: "Ashby
	// Flats", "Orchard Lane", "CD Valdoria" (but "Nathan Lane" stays).
	for k := range d.spans {
		s := &d.spans[k]
		if s.kind != Name || s.typ != PER || s.end-s.start < 2 || s.title != "" ||
			d.pos(s.start, gzFirst) != posNone || d.pos(s.start, gzGiven) != posNone {
			continue
		}
		switch {
		case d.pos(s.start, gzOrgWord) == posSingle || d.pos(s.end-1, gzOrgWord) == posSingle && !d.allCaps(s.end-1):
			s.typ = ORG
		case d.pos(s.end-1, gzLocWord) == posSingle && !d.allCaps(s.end-1):
			s.typ = LOC
		}
	}
	// Free runs of capitalised words that end in a head word.
	for i := 0; i < len(d.toks); i++ {
		if !d.isNameWord(i) || d.allCaps(i) || d.owner(i) >= 0 || d.words[i] == "the" || d.pos(i, gzTitle) != posNone {
			continue
		}
		if d.plainStart(i) {
			// "Police Federation officials said": the run starts after
			// a sentence-initial word that need not be a name.
			if d.pos(i+1, gzTitle) != posNone {
				continue
			}
			i++
			if !d.isNameWord(i) || d.owner(i) >= 0 {
				continue
			}
		}
		j := i
		for j < len(d.toks) && d.isNameWord(j) && d.owner(j) < 0 && (j == i || !d.lineBreakBefore(j)) && j-i < 8 {
			j++
		}
		if j-i >= 2 {
			if t := head(j - 1); t != "" {
				d.put(newSpan(i, j, t))
			}
		}
		i = j - 1
	}
}

// orgBefore and orgAfter are words around a one-word name that make it
// an organisation rather than a place ("analysts at Nordea", "the
// newspaper Cumhuriyet", "Infosys said").
var (
	orgBefore = setOf("at", "joined", "newspaper", "daily", "broadcaster", "company", "firm", "group", "bank",
		"broker", "brokerage", "carrier", "insurer", "lender", "club", "label", "agency", "outlet", "magazine",
		"website", "startup", "giant", "maker", "operator", "airline", "retailer", "rival", "rivals")
	orgAfter = setOf("said", "says", "reported", "announced", "told", "shares", "stock", "spokesman", "spokeswoman",
		"spokesperson", "chief", "executives", "employees", "staff", "workers", "plans", "confirmed", "denied")
)

// ruleUnknownPlaces retypes a one-word place that no place list knows
// as an organisation when the words around it say so: places are rarely
// worked "at" or quoted, and the tagger calls most unknown names places.
func (d *document) ruleUnknownPlaces() {
	for k := range d.spans {
		s := &d.spans[k]
		if s.typ != LOC || s.kind != Name || s.end-s.start != 1 || d.allCaps(s.start) {
			continue
		}
		i := s.start
		known := false
		for _, l := range []gazList{gzCountry, gzPlace, gzCity, gzWNLoc, gzLocWord, gzNORP} {
			known = known || d.pos(i, l) != posNone
		}
		if known {
			continue
		}
		before := i > 0 && orgBefore[d.words[i-1]] && !d.lineBreakBefore(i)
		after := i+1 < len(d.toks) && (orgAfter[d.words[i+1]] || d.words[i+1] == "'s" && i+2 < len(d.toks) && orgAfter[d.words[i+2]])
		if before || after {
			s.typ = ORG
		}
	}
}

// absorb widens span k to [start, end), removing the spans it swallows.
func (d *document) absorb(k, start, end int) {
	s := d.spans[k]
	s.start, s.end = start, end
	if s.titleStart >= start {
		s.titleStart, s.title = -1, ""
	}
	d.put(s)
}

// ruleAcronyms reads "Supreme National Security Council (SNSC)": the
// capitalised words before the brackets become an ORG span when the tagger
// missed them, and the acronym becomes a mention of the same entity.
func (d *document) ruleAcronyms() {
	for i := 1; i+2 < len(d.toks); i++ {
		if d.toks[i].text != "(" || d.toks[i+2].text != ")" || !d.allCaps(i+1) || utf8.RuneCountInString(d.toks[i+1].text) > 10 {
			continue
		}
		acr := acronymLetters(d.toks[i+1].text)
		if len(acr) < 2 {
			continue
		}
		// Find where the expansion starts: the nearest start whose initials
		// spell the acronym.
		best := -1
		for st := i - 1; st >= 0 && st >= i-12; st-- {
			if d.lineBreakBefore(st+1) && st+1 < i {
				break
			}
			if d.toks[st].punct && d.toks[st].text != "&" {
				break
			}
			if d.capital(st) && initialsMatch(d.toks[st:i], acr) {
				best = st
			}
		}
		if best < 0 {
			// Looser: the initials appear in order in the acronym, which
			// starts with the first one ("Intergovernmental Authority on
			// Development (IGAD)").
			for st := i - 1; st >= 0 && st >= i-12; st-- {
				if (d.lineBreakBefore(st+1) && st+1 < i) || (d.toks[st].punct && d.toks[st].text != "&") {
					break
				}
				if d.capital(st) && looseInitialsMatch(d.toks[st:i], acr) {
					best = st
				}
			}
		}
		o := d.owner(i - 1)
		var target int
		switch {
		case best >= 0:
			typ := ORG
			if o >= 0 && d.spans[o].end == i && d.spans[o].typ != PER && d.spans[o].start <= best {
				typ = d.spans[o].typ
				best = d.spans[o].start
			} else if o >= 0 && d.spans[o].end == i && d.spans[o].typ != PER {
				typ = d.spans[o].typ
			}
			if d.phraseEnd(best, gzCountry) == i || d.phraseEnd(best, gzPlace) == i {
				typ = LOC
			}
			s := newSpan(best, i, typ)
			if o >= 0 {
				s.source = d.spans[o].source
			}
			target = d.put(s)
		case o >= 0 && d.spans[o].end == i && (d.spans[o].typ == ORG || d.spans[o].typ == LOC) && d.initialOf(o, acr):
			// "the Islamic Revolutionary Guard Corps (IRGC)" tagged
			// whole; not "NAIROBI, Kenya (AFP)".
			target = o
		default:
			continue
		}
		a := newSpan(i+1, i+2, d.spans[target].typ)
		a.kind = Acronym
		d.put(a)
		d.spans[d.owner(i+1)].link = d.spans[d.owner(i-1)].start
	}
}

// initialOf reports whether acronym acr starts with the initial of a
// word of span k.
func (d *document) initialOf(k int, acr string) bool {
	a, _ := utf8.DecodeRuneInString(acr)
	for i := d.spans[k].start; i < d.spans[k].end; i++ {
		if r, _ := utf8.DecodeRuneInString(d.toks[i].text); unicode.ToUpper(r) == a {
			return true
		}
	}
	return false
}

// acronymLetters returns the upper-case letters of an acronym ("U.N." → "UN").
func acronymLetters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// initialsMatch reports whether the initials of the capitalised words of
// toks (connectors skipped, or counted) spell acr.
func initialsMatch(toks []token, acr string) bool {
	var strict, loose strings.Builder
	for _, t := range toks {
		if t.punct {
			continue
		}
		for _, part := range strings.FieldsFunc(t.text, func(r rune) bool { return r == '-' }) {
			r, _ := utf8.DecodeRuneInString(part)
			u := unicode.ToUpper(r)
			loose.WriteRune(u)
			if unicode.IsUpper(r) {
				strict.WriteRune(u)
			}
		}
	}
	return strict.String() == acr || loose.String() == acr
}

// looseInitialsMatch reports whether the initials of the capitalised words
// of toks appear in order in acr, the first one first, and cover at least
// half its letters.
func looseInitialsMatch(toks []token, acr string) bool {
	var initials []rune
	for _, t := range toks {
		r, _ := utf8.DecodeRuneInString(t.text)
		if !t.punct && unicode.IsUpper(r) {
			initials = append(initials, r)
		}
	}
	a := []rune(acr)
	if len(initials) == 0 || len(initials)*2 < len(a) || initials[0] != a[0] {
		return false
	}
	j := 0
	for _, r := range a {
		if j < len(initials) && initials[j] == r {
			j++
		}
	}
	return j == len(initials)
}

// ruleAccordingTo marks the name after "according to" as a cited source,
// and makes it an entity when the tagger missed it.
func (d *document) ruleAccordingTo() {
	for i := 0; i+2 < len(d.toks); i++ {
		if d.words[i] != "according" || d.words[i+1] != "to" {
			continue
		}
		j := i + 2
		if j < len(d.toks) && (d.words[j] == "the" || d.words[j] == "a" || d.words[j] == "an") {
			j++
		}
		if !d.capital(j) {
			continue
		}
		if d.owner(j) >= 0 {
			continue
		}
		e := j
		for e < len(d.toks) && e-j < 8 && !d.lineBreakBefore(e) {
			if d.isNameWord(e) || (e > j && connectors[d.words[e]] && d.capital(e+1) && !isCapitalised(d.toks[e].text)) {
				e++
				continue
			}
			break
		}
		for e > j && !d.capital(e-1) {
			e--
		}
		if e == j || !d.free(j, e) {
			continue
		}
		typ := ORG
		switch {
		case d.phraseEnd(j, gzCountry) == e || d.phraseEnd(j, gzPlace) == e:
			typ = LOC
		case d.pos(j, gzFirst) != posNone && e-j >= 2 && !d.hasOrgWord(j, e):
			typ = PER
		}
		d.put(newSpan(j, e, typ))
	}
	d.markSources()
}

// markSources flags the span right after "according to (the)" as a source.
func (d *document) markSources() {
	for i := 0; i+2 < len(d.toks); i++ {
		if d.words[i] != "according" || d.words[i+1] != "to" {
			continue
		}
		j := i + 2
		if d.words[j] == "the" || d.words[j] == "a" || d.words[j] == "an" {
			j++
		}
		if o := d.owner(j); o >= 0 && d.spans[o].start == j {
			d.spans[o].source = true
		}
	}
}

// ruleGazetteer adds the well-known organisations and countries the tagger
// missed, and corrects the type of spans that are exactly a known
// organisation or country.
func (d *document) ruleGazetteer() {
	for k := range d.spans {
		s := &d.spans[k]
		if s.kind != Name || s.typ == NORP {
			continue
		}
		switch {
		case d.phraseEnd(s.start, gzOrg) == s.end:
			s.typ = ORG
		case d.phraseEnd(s.start, gzCountry) == s.end && s.typ != PER:
			s.typ = LOC
		case d.phraseEnd(s.start, gzPlace) == s.end && s.typ == PER && (s.end-s.start > 1 || d.pos(s.start, gzFirst) == posNone):
			s.typ = LOC
		}
	}
	for i := 0; i < len(d.toks); i++ {
		if !d.capital(i) {
			continue
		}
		for _, l := range []gazList{gzOrg, gzCountry, gzPlace} {
			e := d.phraseEnd(i, l)
			if e < 0 || !d.capital(e-1) {
				continue
			}
			if !d.free(i, e) {
				// A known name of several words that the tagger cut into
				// pieces ("Médecins Sans" + "Frontières") or short.
				if e-i >= 2 && d.within(i, e) {
					typ := ORG
					if l != gzOrg {
						typ = LOC
					}
					d.put(newSpan(i, e, typ))
					i = e - 1
					break
				}
				continue
			}
			// A known name inside a longer capitalised run ("Iran Air",
			// "New York Times") is left alone.
			if d.capital(e) && !d.toks[e].sentStart && d.owner(e) < 0 && d.pos(e, gzTitle) == posNone {
				continue
			}
			if i > 0 && d.capital(i-1) && !d.toks[i].sentStart && d.owner(i-1) < 0 && d.pos(i-1, gzTitle) == posNone {
				continue
			}
			// Single words that are also common ones ("US" is fine, "May"
			// is not in the lists) need a capital; "IS" needs more.
			if e-i == 1 && (d.words[i] == "is" || d.words[i] == "pa" || d.words[i] == "ap") && d.toks[i].text != "AP" {
				continue
			}
			typ := ORG
			if l != gzOrg {
				typ = LOC
			}
			d.put(newSpan(i, e, typ))
			i = e - 1
			break
		}
	}
}

// within reports whether every span that overlaps tokens [i, j) lies
// inside them, none of them a person, and at least one leaves part of
// [i, j) uncovered or there are several.
func (d *document) within(i, j int) bool {
	n, covered := 0, 0
	for k := i; k < j; k++ {
		o := d.owner(k)
		if o < 0 {
			continue
		}
		s := d.spans[o]
		if s.start < i || s.end > j || s.typ == PER || s.kind != Name {
			return false
		}
		covered++
		if s.start == k {
			n++
		}
	}
	return n > 1 || (n == 1 && covered < j-i)
}

// notAcronyms are capitalised abbreviations that name no organisation.
var notAcronyms = setOf("gdp", "ceo", "cfo", "coo", "cto", "ai", "tv", "pm", "am", "utc", "gmt", "covid", "hiv",
	"aids", "dna", "rna", "id", "it", "ok", "pr", "vat", "gst", "cpi", "ipo", "ev", "evs", "suv", "nft", "lng", "lpg",
	"ufo", "mp", "mps", "mep", "meps", "ngo", "ngos", "phd", "usd", "eur", "gbp", "km", "mph", "kg", "i", "ii",
	"iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "q1", "q2", "q3", "q4", "pc", "sms", "faq", "rip", "vip",
	"ceos", "dj", "gp", "iq", "ict", "lgbt", "lgbtq", "ppe", "icu", "er", "pcr", "sars", "mers", "wmd", "ied",
	"ieds", "rpg", "atm", "atms", "usb", "gps", "app", "apps", "emea", "esg", "gmo", "hq", "hr", "ipcc", "kw",
	"mw", "gw", "twh", "bc", "ad", "bce", "ce", "st", "no", "ps", "fyi", "asap", "nb",
	"rt", "op", "dm", "dms", "imo", "imho", "lol", "omg", "tbh", "btw", "smh", "wtf", "lmao", "idk", "irl", "tl", "dr",
	"edit", "hd", "os", "com", "ama", "ty", "thx", "pls", "plz", "np", "gg", "ftw", "nsfw")

// ruleAcronymOrgs makes an organisation of an acronym the tagger missed
// in running text ("until SNCF withdrew the plan"): a word of two to six
// capitals, not the whole line in capitals (a headline), not a known
// abbreviation of something else, not a known place.
func (d *document) ruleAcronymOrgs() {
	for i := range d.toks {
		if !d.allCaps(i) || d.owner(i) >= 0 || notAcronyms[d.words[i]] {
			continue
		}
		n := 0
		for _, r := range d.toks[i].text {
			if !unicode.IsUpper(r) {
				n = -100
			}
			n++
		}
		// Not in a run of words in capitals ("SO HAPPY"): shouting.
		if n < 2 || n > 6 || d.capsLine(i) || d.allCaps(i-1) || d.allCaps(i+1) {
			continue
		}
		known := false
		for _, l := range []gazList{gzCountry, gzPlace, gzCity, gzWNLoc, gzNORP, gzTitle} {
			known = known || d.pos(i, l) != posNone
		}
		if known {
			continue
		}
		s := newSpan(i, i+1, ORG)
		s.kind = Acronym
		d.put(s)
	}
}

// capsLine reports whether the line of token i is written in capitals
// (a headline or a dateline), counting its words of two letters or more.
func (d *document) capsLine(i int) bool {
	start := i
	for start > 0 && !d.toks[start].lineStart {
		start--
	}
	caps, lower := 0, 0
	for j := start; j < len(d.toks) && (j == start || !d.toks[j].lineStart); j++ {
		if d.toks[j].punct || len(d.toks[j].text) < 2 {
			continue
		}
		if d.allCaps(j) {
			caps++
		} else {
			lower++
		}
	}
	return caps > lower
}

// ruleNORP makes nationalities and groups NORP: spans that are exactly a
// demonym or group ("Iranian" tagged LOC), and capitalised ones no span
// covers.
func (d *document) ruleNORP() {
	for k := range d.spans {
		s := &d.spans[k]
		if s.kind == Name && d.phraseEnd(s.start, gzNORP) == s.end && d.phraseEnd(s.start, gzCountry) != s.end {
			s.typ = NORP
		}
	}
	for i := 0; i < len(d.toks); i++ {
		e := d.phraseEnd(i, gzNORP)
		if e < 0 || !d.capital(i) || !d.free(i, e) {
			continue
		}
		if d.phraseEnd(i, gzCountry) == e {
			continue
		}
		d.put(newSpan(i, e, NORP))
		i = e - 1
	}
}
