package quote

// minPartialWords is the fewest words a partial quote holds: a single
// quoted word inside prose is a scare quote ("called the violence
// “disgraceful”").
const minPartialWords = 2

// partialVerbs introduce a quoted fragment without reporting a clause:
// "called the line “the backbone of our economy”", "described the talks
// as “frank”".
var partialVerbs = set(`called calls call calling described describes describing termed
	terms branded brands dubbed labelled labeled hailed hails praised praises condemned
	condemns denounced denounces dismissed dismisses criticised criticized criticises
	criticizes likened likens characterised characterized welcomed welcomes accused
	accuses rejected rejects defended defends`)

// partials finds the speakers of the partial quotes, once reported
// speech is known: the reported clause holding the fragment speaks it;
// else the subject of the speech verb before it in its sentence; else,
// for a fragment right after an attributed quote, that quote's speaker.
// A fragment with none of these is dropped.
func (f *finder) partials() {
	for _, q := range f.quotes {
		if !q.partial || q.drop {
			continue
		}
		if f.soCalled(q.openTok) {
			f.dropPartial(q) // the writer's scare quote: "its so-called “axis of resistance”"
			continue
		}
		if r := f.reportedAround(q); r != nil {
			q.inherit = r
			continue
		}
		if v := f.partialVerb(q); v >= 0 {
			if s, e := f.subjectNP(v, f.sentenceStart(q.openTok)); s >= 0 {
				q.spLo, q.spHi, q.cue, q.cueTok = s, e, f.toks[v].lower, v
				continue
			}
		}
		if q.cont != nil {
			q.inherit = q.cont
			continue
		}
		f.dropPartial(q)
	}
}

// dropPartial drops partial quote q and the quotes inside it.
func (f *finder) dropPartial(q *raw) {
	q.drop = true
	for _, n := range f.quotes {
		if n.parent == q {
			n.drop = true
		}
	}
}

// soCalled reports whether "so-called" comes right before the mark at
// token m.
func (f *finder) soCalled(m int) bool {
	p := f.tokAt(m - 1)
	return p.lower == "so-called" || p.lower == "called" && f.tokAt(m-2).text == "-" && f.tokAt(m-3).lower == "so"
}

// reportedAround returns the reported speech whose clause holds partial
// quote q, or nil.
func (f *finder) reportedAround(q *raw) *raw {
	for _, r := range f.quotes {
		if r.kind == Reported && !r.drop && r.start < q.start && q.end <= r.end && r.spLo >= 0 {
			return r
		}
	}
	return nil
}

// partialVerb returns the speech verb that introduces partial quote q:
// the nearest one before its opening mark in its sentence, outside other
// quotes; -1 when there is none.
func (f *finder) partialVerb(q *raw) int {
	lo := f.sentenceStart(q.openTok)
	for k := q.openTok - 1; k >= lo && q.openTok-k <= 16; k-- {
		t := f.toks[k]
		if t.kind == punct && isDouble(t.text) {
			return -1 // another quote between them
		}
		if t.kind == word && (sayVerbs[t.lower] || partialVerbs[t.lower]) {
			return k
		}
	}
	return -1
}

// sentenceStart returns the first token of the sentence holding token k.
func (f *finder) sentenceStart(k int) int {
	for k > 0 && !f.toks[k].sentStart {
		k--
	}
	return k
}
