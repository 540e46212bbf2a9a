package quote

// reported finds reported speech, sentence by sentence: "according to X,
// …"; "…, according to X."; "X was quoted as saying that …"; "X said
// (that) …"; "X told reporters that …"; "…, X said.".
func (f *finder) reported() {
	inQuote := make([]bool, len(f.toks))
	cues := make(map[int]bool)
	for _, q := range f.quotes {
		// a partial quote is part of the reported speech around it
		if q.nested || q.drop || q.partial {
			continue
		}
		if q.cueTok >= 0 {
			cues[q.cueTok] = true
		}
		end := q.closeTok
		if end < 0 {
			end = f.tokenAt(q.end) - 1
		}
		for k := q.openTok; k <= end && k < len(inQuote); k++ {
			inQuote[k] = true
		}
	}
	for ss := 0; ss < len(f.toks); {
		se := ss + 1
		for se < len(f.toks) && !f.toks[se].sentStart {
			se++
		}
		f.reportedIn(ss, se, inQuote, cues)
		ss = se
	}
}

// reportedIn looks for reported speech in the sentence [ss, se).
func (f *finder) reportedIn(ss, se int, inQuote []bool, cues map[int]bool) {
	if ss >= se {
		return
	}
	cs := f.contentStart(ss, se)
	ce := se
	// a semicolon ends the clause a speaker can report
	for k := cs; k < se; k++ {
		if f.toks[k].text == ";" && !inQuote[k] {
			f.reportedIn(k+1, se, inQuote, cues)
			ce = k
			break
		}
	}
	for ce > cs && f.toks[ce-1].kind == punct && trailing(f.toks[ce-1].text) {
		ce--
	}
	if ce-cs < 3 {
		return
	}
	// "According to X, …"
	if f.toks[cs].lower == "according" && f.tokAt(cs+1).lower == "to" && !inQuote[cs] {
		if s, e := f.npForward(cs+2, ce); s >= 0 && e < ce && f.toks[e].text == "," {
			f.addReported(e+1, ce, s, e, "according to", inQuote)
			return
		}
	}
	for k := cs + 1; k+1 < ce; k++ {
		// "…, according to X."
		if f.toks[k].lower == "according" && f.toks[k+1].lower == "to" && f.toks[k-1].text == "," && !inQuote[k] {
			if s, e := f.npForward(k+2, ce); s >= 0 {
				f.addReported(cs, k-1, s, e, "according to", inQuote)
				return
			}
		}
	}
	for v := cs; v < ce; v++ {
		t := f.toks[v]
		if inQuote[v] || t.kind != word {
			continue
		}
		// "X was quoted (by …) as saying (that) …"
		if t.lower == "quoted" {
			if f.quotedAsSaying(v, cs, ce, inQuote) {
				return
			}
			continue
		}
		if !thatVerbs[t.lower] || cues[v] {
			continue // not a speech verb, or one that attributes a direct quote
		}
		s, e, full := f.subject(v, cs)
		if s < 0 {
			continue
		}
		// "…, X said." / "…, X said on Monday, as …"
		if full > cs && f.toks[full-1].text == "," && f.endsAfterVerb(v, ce) {
			if f.addReported(cs, full-1, s, e, t.lower, inQuote) {
				return
			}
			continue
		}
		if c := f.clauseAfter(v, ce); c >= 0 {
			if f.addReported(c, ce, s, e, t.lower, inQuote) {
				return
			}
		}
	}
}

// contentStart skips a dateline ("RIYADH (AP) — ") at the start of a
// paragraph's first sentence.
func (f *finder) contentStart(ss, se int) int {
	if !f.toks[ss].paraStart {
		return ss
	}
	for k := ss; k < se && k-ss < 14; k++ {
		t := f.toks[k]
		switch {
		case t.text == "—" || t.text == "–" || t.text == "-" && !t.glued:
			if k > ss {
				return k + 1
			}
			return ss
		case t.kind == word && !t.cap && !particles[t.lower]:
			return ss
		case t.kind == number:
		}
	}
	return ss
}

// subject returns the speaker phrase of the verb at v and where the whole
// subject, appositives included, starts.
func (f *finder) subject(v, cs int) (int, int, int) {
	s, e := f.subjectNP(v, cs)
	if s < 0 {
		return -1, -1, -1
	}
	full := s
	// "the state treasurer, Cameron Hill, said": the subject starts at
	// "the state treasurer"
	if e < v && f.toks[e].text == "," && s > cs && f.toks[s-1].text == "," {
		if ps, _ := f.npBackward(s-2, cs); ps >= 0 {
			full = ps
		}
	}
	// "Karl von Hessen, the chief executive of Rhein Logistik, said"
	if e < v && f.toks[e].text == "," {
		// the phrase ends before an appositive; the subject starts at s
	}
	return s, e, full
}

// endsAfterVerb reports whether the sentence ends after the verb at v,
// allowing a short phrase ("on Monday", "in a statement") and a trailing
// clause after a comma.
func (f *finder) endsAfterVerb(v, ce int) bool {
	k := v + 1
	if w := f.toks[v].lower; w == "told" || w == "tells" {
		// "…, X told the newspaper De Telegraaf."
		if _, e := f.npForward(k, ce); e > k {
			k = e
		}
	}
	for n := 0; k < ce && n < 6; n++ {
		t := f.toks[k]
		if t.text == "," {
			return true
		}
		if t.kind == punct {
			return false
		}
		switch t.lower {
		case "on", "in", "at", "late", "early", "earlier", "later", "during", "after", "a", "an",
			"the", "joint", "statement", "interview", "briefing", "conference", "news", "press",
			"told", "reporters", "yesterday", "today", "tonight", "last", "week", "night",
			"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
			"morning", "afternoon", "evening", "also", "separately", "him", "her", "them", "us":
			k++
			continue
		}
		return false
	}
	return k >= ce
}

// clauseAfter returns where the reported clause after the verb at v
// starts: after "that", possibly past an object or a short phrase ("told
// reporters that", "said in a statement on Wednesday that"), or right
// after the verb or a short phrase when a clause starts there ("said the
// talks …", "said on Thursday it would …"). It returns -1 when no clause
// follows.
func (f *finder) clauseAfter(v, ce int) int {
	// with "that"
	for k := v + 1; k < ce && k-v <= 10; k++ {
		t := f.toks[k]
		if t.lower == "that" {
			n := f.tokAt(k + 1)
			if k+1 < ce && !(n.kind == punct && !openingMark(n.text)) {
				return k + 1
			}
			return -1
		}
		if t.kind == punct && t.text != "," || sayVerbs[t.lower] || t.lower == "and" || t.lower == "but" {
			break
		}
		if t.text == "," && !(f.tokAt(k+1).lower == "however" || f.tokAt(k-1).lower == "however") {
			break
		}
	}
	// without "that"
	k := v + 1
	w := f.toks[v].lower
	if !bareVerbs[w] {
		return -1
	}
	if w == "told" || w == "tells" {
		// the object: "told reporters", "told the newspaper De Telegraaf"
		s, e := f.npForward(k, ce)
		if s < 0 {
			return -1
		}
		k = e
	}
	// a short phrase: "on Thursday", "in a statement"
	if p := f.tokAt(k).lower; p == "on" || p == "in" || p == "at" || p == "late" || p == "earlier" || p == "later" {
		j := k + 1
		for j < ce && j-k <= 4 && !f.clauseStarts(j) {
			j++
		}
		if j >= ce || j-k > 4 {
			return -1
		}
		k = j
		// "on Thursday it would": the clause must start with a pronoun,
		// a determiner or a name after such a phrase
		if t := f.toks[k]; !(pronouns[t.lower] || determiner(t.lower) || t.cap) {
			return -1
		}
	}
	if k >= ce || !f.clauseStarts(k) || ce-k < 3 || !f.hasVerb(k, ce) && !f.holdsPartial(k, ce) {
		return -1
	}
	return k
}

// hasVerb reports whether tokens [s, e) hold a verb form: an auxiliary,
// a modal, a past tense or participle.
func (f *finder) hasVerb(s, e int) bool {
	for k := s; k < e; k++ {
		w := f.toks[k].lower
		if auxiliaries[w] || verbLike(w) || sayVerbs[w] {
			return true
		}
	}
	return false
}

// holdsPartial reports whether tokens [s, e) hold a partial quote after
// their first token: "said the bridge “joins two halves …”" is a clause
// whose verb is quoted.
func (f *finder) holdsPartial(s, e int) bool {
	for _, q := range f.quotes {
		if q.partial && !q.drop && q.openTok > s && q.openTok < e {
			return true
		}
	}
	return false
}

// auxiliaries and modals.
var auxiliaries = set(`is are was were be been being has have had will would could can may
	might must should shall do does did won't wouldn't can't couldn't isn't wasn't aren't
	weren't hasn't haven't hadn't doesn't didn't`)

// clauseStarts reports whether a reported clause can start at token k.
func (f *finder) clauseStarts(k int) bool {
	t := f.toks[k]
	switch {
	case t.kind == punct:
		return false
	case pronouns[t.lower] || determiner(t.lower) || t.kind == number:
		return t.lower != "you" && t.lower != "it" || f.tokAt(k+1).kind == word
	case t.cap:
		return !notNames[t.lower] || t.lower == "there" || t.lower == "some" || t.lower == "more" || t.lower == "about" || t.lower == "nearly" || t.lower == "almost"
	}
	switch t.lower {
	case "there", "some", "about", "nearly", "almost", "more", "at", "as", "up", "just", "only",
		"around", "over", "roughly", "many", "most", "all", "no", "few", "several", "each":
		return true
	case "so", "nothing", "yes", "goodbye", "hello", "sorry", "thanks", "little", "much", "to", "by", "of", "for", "with":
		return false
	}
	return !stopWords[t.lower] && !verbLike(t.lower) && !sayVerbs[t.lower]
}

// quotedAsSaying reads "X was quoted (by Y) as saying (that) …" and
// "quoted X as saying/telling (Y) that …" at the token "quoted".
func (f *finder) quotedAsSaying(v, cs, ce int, inQuote []bool) bool {
	k := v + 1
	var s, e int = -1, -1
	if f.tokAt(v-1).lower == "was" || f.tokAt(v-1).lower == "were" {
		s, e = f.subjectNP(v, cs)
	} else if ns, ne := f.npForward(k, ce); ns >= 0 {
		s, e = ns, ne
		k = ne
	}
	if s < 0 {
		return false
	}
	for ; k < ce && k-v <= 12; k++ {
		if f.toks[k].lower == "as" && (f.tokAt(k+1).lower == "saying" || f.tokAt(k+1).lower == "telling") {
			c := k + 2
			if f.tokAt(k+1).lower == "telling" {
				for c < ce && f.toks[c].lower != "that" && c-k < 8 {
					c++
				}
				if c >= ce {
					return false
				}
				c++
			} else if f.tokAt(c).lower == "that" {
				c++
			}
			if c < ce && f.toks[c].kind == punct && openingMark(f.toks[c].text) {
				return false
			}
			return f.addReported(c, ce, s, e, "quoted as saying", inQuote)
		}
	}
	return false
}

// addReported records the reported clause [cs, ce) with speaker tokens
// [s, e), unless it is mostly a direct quote already found. It reports
// whether it was added.
func (f *finder) addReported(cs, ce, s, e int, cue string, inQuote []bool) bool {
	for ce > cs && f.toks[ce-1].kind == punct && trailing(f.toks[ce-1].text) {
		ce--
	}
	if ce-cs < 2 {
		return false
	}
	if f.toks[cs].kind == punct && openingMark(f.toks[cs].text) && inQuote[cs] {
		return false // a direct quote, found already
	}
	start, end := f.toks[cs].start, f.toks[ce-1].end
	for _, q := range f.quotes {
		if q.nested || q.drop || q.partial {
			continue
		}
		ov := min(end, q.end) - max(start, q.start)
		if ov > 0 && 2*ov > q.end-q.start {
			return false
		}
	}
	f.quotes = append(f.quotes, &raw{kind: Reported, start: start, end: end, openTok: cs, closeTok: -1,
		spLo: s, spHi: e, cue: cue, personIdx: -1, entity: -1})
	return true
}

// trailing punctuation is cut from the end of a reported clause.
func trailing(s string) bool {
	switch s {
	case ".", ",", ";", ":", "!", "?", "—", "–", "-":
		return true
	}
	return false
}
