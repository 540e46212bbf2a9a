package dedup

import "math/bits"

// Index finds earlier texts that a new text resembles. It holds at most
// Capacity texts, forgetting the oldest first: reprints follow their
// original within days, and the bound keeps memory flat on endless
// streams. It is not safe for concurrent use.
//
// Texts are numbered in the order they are added and kept in a ring of
// Capacity slots, so the oldest is always the one the next text
// displaces. Each band of a signature hashes to a bucket; the bucket
// table holds the number of the newest text in each bucket, and every
// text links, per band, to the next older text in its bucket. A lookup
// walks those chains until it meets a text older than the oldest held, so
// forgetting a text costs nothing but moving the oldest number on, and
// no lookup allocates. The ring is held in chunks of textsPerChunk
// slots, allocated as it fills: one growing array would copy the texts
// it held each time it grew, several times its size in all.
type Index struct {
	// Threshold is the least estimated resemblance that counts as a copy.
	Threshold float64
	// Capacity bounds the texts held; zero means no bound.
	Capacity int
	// texts holds the slots, textsPerChunk to a chunk (the last may
	// hold fewer); slots counts them.
	texts [][]indexed
	slots int
	// added counts the texts ever added; texts numbered below oldest
	// are forgotten. Numbers start at 1, so 0 links to nothing.
	added, oldest uint64
	// held counts the texts held and not removed; byID finds them.
	held    int
	byID    map[int64]uint64
	buckets bucketTable
	// visit stamps the texts a lookup has compared, so that a text met
	// in several bands is compared once.
	visit uint64
}

// textsPerChunk is the number of slots in a chunk of the ring (about
// 170 KB of texts).
const textsPerChunk = 256

// indexed is a text in the index.
type indexed struct {
	id  int64
	sig Signature
	// next is, per band, the number of the next older text in the
	// text's bucket.
	next [bands]uint64
	// removed marks a text taken out before its turn to be forgotten;
	// visited is the stamp of the last lookup that compared it.
	removed bool
	visited uint64
}

// NewIndex returns an empty index that reports copies at or above the
// given resemblance and holds at most capacity texts (0: no bound).
func NewIndex(threshold float64, capacity int) *Index {
	return &Index{Threshold: threshold, Capacity: max(capacity, 0), oldest: 1, byID: make(map[int64]uint64)}
}

// Len returns the number of indexed texts.
func (ix *Index) Len() int { return ix.held }

// text returns the slot of the text numbered n, which must be held.
func (ix *Index) text(n uint64) *indexed {
	i := n - 1
	if ix.Capacity > 0 {
		i %= uint64(ix.Capacity)
	}
	return &ix.texts[i/textsPerChunk][i%textsPerChunk]
}

// grow adds a slot to the ring, starting a chunk when the last is full;
// a ring of bounded capacity gets no more chunk than it fills.
func (ix *Index) grow() {
	if ix.slots%textsPerChunk == 0 {
		size := textsPerChunk
		if ix.Capacity > 0 {
			size = min(size, ix.Capacity-ix.slots)
		}
		ix.texts = append(ix.texts, make([]indexed, size))
	}
	ix.slots++
}

// bandKey is the bucket of a signature's band: its rows values and the
// band's number, mixed.
func bandKey(sig *Signature, band int) uint64 {
	r := sig[band*rows : band*rows+rows]
	lo := uint64(r[0]) | uint64(r[1])<<32
	hi := uint64(r[2]) | uint64(r[3])<<32
	return mix(mix(lo^uint64(band)<<59) ^ bits.RotateLeft64(hi, 17))
}

// Nearest returns the indexed text that sig resembles most, if its
// resemblance reaches the threshold. Ties go to the earliest added ID.
//
// The buckets of all bands are found first, in a loop that does nothing
// else: the table is far larger than the processor's caches, and this
// way the processor fetches the buckets' slots at once rather than one
// band after another.
func (ix *Index) Nearest(sig *Signature) (id int64, resemblance float64, ok bool) {
	ix.visit++
	var newest [bands]uint64
	for b := range newest {
		newest[b] = ix.buckets.find(bandKey(sig, b), ix.oldest)
	}
	for b, n := range newest {
		for n >= ix.oldest {
			t := ix.text(n)
			n = t.next[b]
			if t.visited == ix.visit || t.removed {
				continue
			}
			t.visited = ix.visit
			r := Resemblance(sig, &t.sig)
			if r < ix.Threshold {
				continue
			}
			if !ok || r > resemblance || (r == resemblance && t.id < id) {
				id, resemblance, ok = t.id, r, true
			}
		}
	}
	return id, resemblance, ok
}

// Add indexes a signature under an ID. Adding an ID twice replaces nothing:
// the first signature stays. When the index is full it forgets its oldest
// text and returns that text's ID.
func (ix *Index) Add(id int64, sig Signature) (forgotten int64, ok bool) {
	if _, exists := ix.byID[id]; exists {
		return 0, false
	}
	n := ix.added + 1
	if ix.Capacity > 0 && n > uint64(ix.Capacity) {
		// The ring is full: the oldest text's slot is the new one's.
		gone := ix.text(ix.oldest)
		if !gone.removed {
			forgotten, ok = gone.id, true
			delete(ix.byID, gone.id)
			ix.held--
		}
		ix.oldest++
	} else {
		ix.grow()
	}
	ix.added = n
	t := ix.text(n)
	*t = indexed{id: id, sig: sig}
	for b := 0; b < bands; b++ {
		t.next[b] = ix.buckets.push(bandKey(&t.sig, b), n, ix.oldest)
	}
	ix.byID[id] = n
	ix.held++
	return forgotten, ok
}

// Remove drops an ID from the index before its turn to be forgotten.
func (ix *Index) Remove(id int64) {
	n, ok := ix.byID[id]
	if !ok {
		return
	}
	ix.text(n).removed = true
	delete(ix.byID, id)
	ix.held--
}

// bucketTable maps bucket keys to the number of the newest text in the
// bucket: open addressing with linear probing. An entry whose number is
// below the oldest held is stale, and its slot is reused; the table is
// rebuilt with its live entries when live and stale together fill half
// of it.
type bucketTable struct {
	slots []bucket
	used  int
}

type bucket struct {
	key, newest uint64
}

// find returns the newest text numbered at least oldest in the bucket
// key, or 0.
func (t *bucketTable) find(key, oldest uint64) uint64 {
	if len(t.slots) == 0 {
		return 0
	}
	mask := uint64(len(t.slots) - 1)
	for k := key & mask; ; k = (k + 1) & mask {
		sl := &t.slots[k]
		if sl.newest == 0 {
			return 0
		}
		if sl.key == key {
			if sl.newest < oldest {
				return 0
			}
			return sl.newest
		}
	}
}

// push makes text n the newest in bucket key and returns the previous
// newest still held (numbered at least oldest), or 0.
func (t *bucketTable) push(key, n, oldest uint64) uint64 {
	if 2*(t.used+1) > len(t.slots) {
		t.rebuild(oldest)
	}
	mask := uint64(len(t.slots) - 1)
	reuse := -1
	for k := key & mask; ; k = (k + 1) & mask {
		sl := &t.slots[k]
		switch {
		case sl.newest == 0:
			if reuse >= 0 {
				t.slots[reuse] = bucket{key, n}
			} else {
				*sl = bucket{key, n}
				t.used++
			}
			return 0
		case sl.key == key:
			prev := sl.newest
			sl.newest = n
			if prev < oldest {
				return 0
			}
			return prev
		case sl.newest < oldest && reuse < 0:
			reuse = int(k)
		}
	}
}

// rebuild reinserts the live entries into a table of at least 1,024
// slots, four times their number.
func (t *bucketTable) rebuild(oldest uint64) {
	live := 0
	for _, sl := range t.slots {
		if sl.newest >= oldest {
			live++
		}
	}
	size := 1024
	for size < 4*(live+1) {
		size *= 2
	}
	old := t.slots
	t.slots = make([]bucket, size)
	t.used = 0
	mask := uint64(size - 1)
	for _, sl := range old {
		if sl.newest < oldest {
			continue
		}
		k := sl.key & mask
		for t.slots[k].newest != 0 {
			k = (k + 1) & mask
		}
		t.slots[k] = sl
		t.used++
	}
}
