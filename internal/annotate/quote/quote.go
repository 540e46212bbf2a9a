// Package quote finds quotations in news text and who said them.
//
// Direct quotes are text between double quotation marks, straight or
// curly and in any mix (“…", "…”); a single-quoted quote inside a double
// one is reported too, with its own speaker ("‘Brace for impact,’" inside a
// passenger's quote is the captain's). A quote runs over several
// paragraphs when a paragraph ends inside it and the next one opens with a
// quotation mark, as news style has it.
//
// A quote may start anywhere in a sentence. One that opens no sentence
// and has no attribution of its own is a partial quote, a fragment quoted
// inside prose (Holt said the bridge “joins two halves of one country”;
// Rivera promised the tram would "cut travel times in half"): its speaker
// is the speaker of the reported speech around it, else the subject of
// the speech verb before it in its sentence ("said", "called", "promised",
// "described … as"). A one-word fragment is a scare quote, never a quote.
//
// Attribution patterns read around each quote: "…," X said; "…," said X,
// the title of Y; X said: "…"; X told the BBC: "…"; "…" according to X;
// "A," X said, "B." (both parts). Reported speech is found too: X said
// (that) …; X told reporters that …; …, X said.; according to X, …; …,
// according to X.; X was quoted as saying that ….
//
// Speakers are resolved to a person or organisation: a pronoun ("he
// said") to the most recent compatible person, preferring the subject of
// the nearest sentence that names one; a description ("the minister
// said") to the person introduced with that title; a surname to the full
// name. Entity mentions from a recogniser can be given; without them the
// package finds capitalised names itself, with titles, a small first-name
// list for gender, and surname linking.
//
// The package is pure and safe for concurrent use.
package quote

import (
	"strings"
)

// Kind tells a verbatim quote from reported speech.
type Kind string

// Kinds.
const (
	Direct   Kind = "direct"
	Reported Kind = "reported"
)

// Mention is one entity mention, as an entity recogniser gives it.
type Mention struct {
	// Name is the mention as written, without a title ("Ali Khamenei").
	Name string
	// Type is "PER", "ORG" or "LOC", or "" when unknown.
	Type string
	// Start and End are the mention's byte span in the text.
	Start, End int
	// Entity numbers the entity the mention refers to: mentions with the
	// same Entity are one entity. A negative Entity means not linked.
	Entity int
	// Title is the person's title or role when known ("Supreme Leader",
	// "the country's planning minister").
	Title string
	// Nominal is true for a description standing for an entity named
	// elsewhere ("the supreme leader"): it resolves a speaker like a name
	// does but never gives the entity its name.
	Nominal bool
}

// Quote is one quotation.
type Quote struct {
	// Text is what was said, without quotation marks or a trailing comma;
	// for reported speech, the reported clause. Start and End are its
	// byte span.
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  Kind   `json:"kind"`
	// Speaker is the speaker as written ("he", "the minister", "Health
	// Minister Zanele Mokoena"), with its byte span; empty with -1, -1
	// when none was found.
	Speaker      string `json:"speaker,omitempty"`
	SpeakerStart int    `json:"speaker_start"`
	SpeakerEnd   int    `json:"speaker_end"`
	// Name is who the speaker resolves to: the fullest name of the person
	// or organisation ("Zanele Mokoena" for "she"), or the speaker phrase
	// without its article when it names no one ("provincial officials").
	Name string `json:"name,omitempty"`
	// Entity is the resolved mention's Entity when mentions were given,
	// else -1.
	Entity int `json:"entity"`
	// Cue is the verb or phrase that attributes the quote ("said",
	// "according to"), or "".
	Cue string `json:"cue,omitempty"`
	// Nested is true for a quote inside another quote.
	Nested bool `json:"nested,omitempty"`
	// Partial is true for a direct quote of a fragment inside a sentence
	// of prose (Dahl said the talks had been “constructive but
	// difficult”): its speaker is the speaker of the reported speech
	// around it, or the subject of the verb that introduces it.
	Partial bool `json:"partial,omitempty"`
}

// sayVerbs attribute speech.
var sayVerbs = set(`said says say told tells added adds stated states explained noted
	wrote writes tweeted posted declared insisted warned argued claimed claims asked asks
	replied responded continued recalled remarked announced acknowledged admitted conceded
	confirmed cautioned urged vowed pledged promised suggested observed commented predicted
	complained lamented stressed emphasised emphasized maintained reiterated affirmed
	shouted joked quipped whispered concluded testified alleged boasted countered agreed
	reported estimated believes explains adds insists warns argues`)

// thatVerbs introduce reported speech with "that".
var thatVerbs = set(`said says say told tells added adds insisted insists claimed claims argued
	argues warned warns estimated predicted acknowledged admitted conceded announced
	confirmed stated noted explained stressed emphasised emphasized maintained reiterated
	affirmed alleged suggested believes agreed reported`)

// bareVerbs introduce reported speech without "that" too: "Dahl said the
// talks had been difficult".
var bareVerbs = set(`said says say told tells added adds insisted insists claimed claims
	argued argues warned warns believes predicted acknowledged admitted conceded
	maintained`)

// Find returns the quotes in text with their speakers, in text order.
// mentions, when given, are the entity mentions of the text (any order);
// without them Find looks for names itself.
func Find(text string, mentions []Mention) []Quote {
	f := newFinder(text, mentions)
	f.direct()
	f.reported()
	f.partials()
	f.promoteSpeakers()
	f.resolveAll()
	return f.output()
}

// finder holds one call's state.
type finder struct {
	text     string
	toks     []tok
	people   []person
	given    bool // mentions were given
	quotes   []*raw
	entities map[int][]int // entity → indexes into people
	inQuote  []bool        // tokens inside direct quotes
}

// raw is a quote being built.
type raw struct {
	kind       Kind
	start, end int // text span, bytes
	openTok    int // token index of the opening mark (direct), or first content token
	closeTok   int // token index of the closing mark, or -1 when unclosed
	spLo, spHi int // speaker phrase tokens, -1 when none
	cue        string
	nested     bool
	parent     *raw
	inherit    *raw // continues the quote before it: same speaker
	partial    bool // a fragment quoted inside a sentence of prose
	cont       *raw // the attributed quote a partial one may continue
	name       string
	entity     int
	personIdx  int // resolved person, -1
	drop       bool
	cueTok     int // token index of the attributing verb, -1
}

func newFinder(text string, mentions []Mention) *finder {
	f := &finder{text: text, toks: lex(text)}
	if len(mentions) > 0 {
		f.given = true
		for _, m := range mentions {
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
				continue
			}
			p := person{Mention: m, lo: -1, hi: -1}
			for k, t := range f.toks {
				if p.lo < 0 && t.end > m.Start {
					p.lo = k
				}
				if t.start < m.End {
					p.hi = k + 1
				}
			}
			if p.lo < 0 || p.hi <= p.lo {
				continue
			}
			f.people = append(f.people, p)
		}
		// Names the recogniser missed still count, unlinked.
		for _, p := range findNames(text, f.toks) {
			if p.Type == "PER" && !f.overlapsGiven(p) {
				p.Entity = -1
				f.people = append(f.people, p)
			}
		}
		sortPeople(f.people)
	} else {
		f.people = findNames(text, f.toks)
	}
	f.attachTitles()
	for k := range f.people {
		p := &f.people[k]
		p.gender = genderOf(p.Name, p.Title)
		p.sur = surname(p.Name)
		p.nwords = len(strings.Fields(p.Name))
	}
	f.link()
	return f
}

// sortPeople orders mentions by position.
func sortPeople(ps []person) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Start < ps[j-1].Start; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// output turns the raw quotes into Quotes in text order.
func (f *finder) output() []Quote {
	var out []Quote
	for _, q := range f.quotes {
		if q.drop {
			continue
		}
		s, e := q.start, q.end
		for s < e && isSpace(f.text[s]) {
			s++
		}
		for e > s && (isSpace(f.text[e-1]) || f.text[e-1] == ',') {
			e--
		}
		if s >= e {
			continue
		}
		o := Quote{Text: f.text[s:e], Start: s, End: e, Kind: q.kind, SpeakerStart: -1, SpeakerEnd: -1,
			Entity: -1, Cue: q.cue, Nested: q.nested, Name: q.name, Partial: q.partial}
		if q.spLo >= 0 {
			o.SpeakerStart, o.SpeakerEnd = f.toks[q.spLo].start, f.toks[q.spHi-1].end
			o.Speaker = f.text[o.SpeakerStart:o.SpeakerEnd]
		}
		if q.personIdx >= 0 && f.given {
			if e := f.people[q.personIdx].ent; e < firstInternalEntity {
				o.Entity = e
			}
		}
		out = append(out, o)
	}
	// text order
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Start < out[j-1].Start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// tokAt returns token i, or a zero token out of range.
func (f *finder) tokAt(i int) tok {
	if i < 0 || i >= len(f.toks) {
		return tok{}
	}
	return f.toks[i]
}

// tokenAt returns the index of the first token ending after byte b.
func (f *finder) tokenAt(b int) int {
	lo, hi := 0, len(f.toks)
	for lo < hi {
		m := (lo + hi) / 2
		if f.toks[m].end <= b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// words counts the words of text[s:e].
func words(s string) int { return len(strings.Fields(s)) }

// overlapsGiven reports whether a fallback name overlaps a given mention.
func (f *finder) overlapsGiven(p person) bool {
	for _, q := range f.people {
		if !q.fallback && q.Start < p.End && p.Start < q.End {
			return true
		}
	}
	return false
}
