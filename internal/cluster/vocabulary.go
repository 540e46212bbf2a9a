package cluster

// absent is the vocabulary number of a term the engine has not committed.
const absent = ^uint32(0)

// vocabulary numbers the terms of committed articles densely, in the order
// they were first committed, so that what the engine keeps per term (its
// document frequency, its posting list, where the article being placed
// holds it) lives in slices indexed by number: one map lookup per term of
// an article, then none. Numbers depend only on the order of commits, so
// an engine restored from a store numbers terms as the live one did.
type vocabulary struct {
	index    numbering
	df       []int32
	postings []posting
}

// intern returns the number of the term with this id, numbering it when
// it is new.
func (v *vocabulary) intern(id uint64) uint32 {
	n := v.index.find(id)
	if n == absent {
		n = uint32(len(v.df))
		v.index.insert(id, n)
		v.df = append(v.df, 0)
		v.postings = append(v.postings, posting{})
	}
	return n
}

// numbering maps term ids to vocabulary numbers: an open-addressing hash
// table with linear probing, at most half full. Term ids are already
// hashes, so their low bits index the table as they are. The slot of an
// id is empty when its number is absent.
type numbering struct {
	slots []numbered
	used  int
}

type numbered struct {
	id uint64
	n  uint32
}

// find returns the number of id, or absent.
func (t *numbering) find(id uint64) uint32 {
	return findNumber(t.slots, id)
}

// findNumber is find in a table's slots, for the loops that hold them in
// a local (see Engine.load).
func findNumber(slots []numbered, id uint64) uint32 {
	if len(slots) == 0 {
		return absent
	}
	mask := uint64(len(slots) - 1)
	for k := id & mask; ; k = (k + 1) & mask {
		sl := &slots[k]
		if sl.n == absent || sl.id == id {
			return sl.n
		}
	}
}

// insert numbers id, which must be new, as n.
func (t *numbering) insert(id uint64, n uint32) {
	if 2*(t.used+1) > len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	k := id & mask
	for t.slots[k].n != absent {
		k = (k + 1) & mask
	}
	t.slots[k] = numbered{id, n}
	t.used++
}

// grow doubles the table (to 1,024 slots at first) and reinserts every
// entry.
func (t *numbering) grow() {
	old := t.slots
	t.slots = make([]numbered, max(1024, 2*len(old)))
	for i := range t.slots {
		t.slots[i].n = absent
	}
	t.used = 0
	for _, sl := range old {
		if sl.n != absent {
			t.insert(sl.id, sl.n)
		}
	}
}

// posting lists the stories holding a term, oldest first. Entries for
// forgotten or merged stories, and for terms a story has since pruned, are
// dropped when the list doubles since it was last compacted, so each entry
// is checked a bounded number of times.
type posting struct {
	stories   []storyRef
	compactAt int32
}

// storyRef points at a story through its slot, as of one version of the
// slot: it is stale when the story has been forgotten or merged, and it
// may be stale (the story may have pruned the term) when the story has
// pruned since that version.
type storyRef struct {
	slot, version uint32
}

// post records that the story r refers to holds each of terms.
func (e *Engine) post(terms []uint32, r storyRef) {
	postings := e.vocab.postings
	for _, n := range terms {
		pl := &postings[n]
		if len(pl.stories) >= max(int(pl.compactAt), 64) {
			before := len(pl.stories)
			e.compact(n, pl)
			e.entries -= before - len(pl.stories)
		}
		pl.stories = append(pl.stories, r)
	}
	e.entries += len(terms)
}

// live returns the story a reference points at, or nil when the story
// is gone.
func (e *Engine) live(r storyRef) *story {
	if sl := &e.slots[r.slot]; r.version >= sl.first {
		return sl.s
	}
	return nil
}

// compact drops the entries of a posting list whose stories are gone or
// have pruned the term. Only the entries older than their story's last
// pruning need the story's terms searched; those kept are brought up to
// the slot's version.
func (e *Engine) compact(n uint32, pl *posting) {
	kept, slots := pl.stories[:0], e.slots
	for _, r := range pl.stories {
		sl := &slots[r.slot]
		if sl.s == nil || r.version < sl.first {
			continue
		}
		if r.version != sl.version {
			if !sl.s.holds(n) {
				continue
			}
			r.version = sl.version
		}
		kept = append(kept, r)
	}
	if cap(kept) > 2*len(kept) {
		kept = append([]storyRef(nil), kept...)
	}
	pl.stories = kept
	pl.compactAt = int32(max(64, 2*len(kept)))
}

// cleanPostings drops posting entries of forgotten stories and of terms
// their stories have pruned, and frees lists left empty.
func (e *Engine) cleanPostings() {
	e.entries = 0
	for n := range e.vocab.postings {
		pl := &e.vocab.postings[n]
		if len(pl.stories) == 0 {
			continue
		}
		e.compact(uint32(n), pl)
		if len(pl.stories) == 0 {
			*pl = posting{}
			continue
		}
		e.entries += len(pl.stories)
	}
	e.cleanAt = max(2*e.entries, 1<<16)
}

// slot holds a story for the references in posting lists. Its version
// moves on each time the slot is given a story and each time its story
// prunes terms; first is the version at which its story was given it.
type slot struct {
	s              *story
	version, first uint32
}

// open gives a new story a slot, reusing a freed one when there is one.
func (e *Engine) open(s *story) {
	if n := len(e.free); n > 0 {
		s.slot = e.free[n-1]
		e.free = e.free[:n-1]
	} else {
		s.slot = uint32(len(e.slots))
		e.slots = append(e.slots, slot{})
		e.accs = append(e.accs, 0)
	}
	sl := &e.slots[s.slot]
	sl.version++
	sl.s, sl.first = s, sl.version
	e.stories[s.id] = s
}

// close forgets a story: its ID no longer resolves and its posting
// entries go stale.
func (e *Engine) close(s *story) {
	e.slots[s.slot].s = nil
	e.free = append(e.free, s.slot)
	delete(e.stories, s.id)
}
