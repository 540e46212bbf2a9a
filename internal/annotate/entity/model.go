package entity

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// Tags of the sequence tagger, in BIO form.
const (
	tagO = iota
	tagBPER
	tagIPER
	tagBORG
	tagIORG
	tagBLOC
	tagILOC
	tagBMISC
	tagIMISC
	numTags
)

var tagNames = [numTags]string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"}

func tagIndex(name string) (int, bool) {
	for i, n := range tagNames {
		if n == name {
			return i, true
		}
	}
	return 0, false
}

// tagType is the entity type a tag belongs to, or "".
func tagType(t int) Type {
	switch t {
	case tagBPER, tagIPER:
		return PER
	case tagBORG, tagIORG:
		return ORG
	case tagBLOC, tagILOC:
		return LOC
	case tagBMISC, tagIMISC:
		return misc
	}
	return ""
}

func isInside(t int) bool { return t == tagIPER || t == tagIORG || t == tagILOC || t == tagIMISC }

// allowed reports whether tag t may follow tag prev (prev < 0 at the start
// of a sentence): an I- tag only continues a B- or I- tag of its type.
func allowed(prev, t int) bool {
	if prev < 0 {
		return allowedTab[numTags][t]
	}
	return allowedTab[prev][t]
}

// allowedTab[prev][t] is allowed(prev, t); row numTags is the start.
var allowedTab = func() (a [numTags + 1][numTags]bool) {
	for p := 0; p <= numTags; p++ {
		for t := 0; t < numTags; t++ {
			a[p][t] = !isInside(t) || (p < numTags && tagType(p) == tagType(t))
		}
	}
	return a
}()

// model is a linear sequence tagger: per-feature tag weights plus tag
// transition weights, decoded with Viterbi.
type model struct {
	index map[uint64]int32 // feature hash → row in weights
	w     []float32        // rows of numTags
	trans [numTags + 1][numTags]float32
	// tab holds the same weights as index and w in an open-addressing
	// table, key and weights side by side: one cache miss a feature
	// instead of a map probe and a second miss for the row.
	tab table
}

// slot is one feature of the table: the high half of its hash (the low
// bits pick the slot) and its weights, quantised to int16 (weight =
// int16 × table.scale). 24 bytes, so that more of the table stays in
// cache than with float32 weights and 64-bit keys.
type slot struct {
	key uint32 // 0: empty
	w   [numTags]int16
}

type table struct {
	mask  uint64
	scale float32
	slots []slot
}

// slotKey is the key a feature hash is stored under: never 0. Two
// features collide only when both their slot chain and their high 32
// bits agree, which is negligible at the table's size.
func slotKey(h uint64) uint32 {
	k := uint32(h >> 32)
	if k == 0 {
		k = 1
	}
	return k
}

// buildTable fills m.tab from m.index and m.w, at a load of at most one
// half, quantising the weights.
func (m *model) buildTable() {
	size := 1
	for size < 2*len(m.index)+2 {
		size <<= 1
	}
	var maxAbs float32
	for _, v := range m.w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
	}
	scale := maxAbs / math.MaxInt16
	if scale == 0 {
		scale = 1
	}
	m.tab = table{mask: uint64(size - 1), scale: scale, slots: make([]slot, size)}
	for h, row := range m.index {
		i := mix(h) & m.tab.mask
		for m.tab.slots[i].key != 0 {
			i = (i + 1) & m.tab.mask
		}
		m.tab.slots[i].key = slotKey(h)
		for t := 0; t < numTags; t++ {
			m.tab.slots[i].w[t] = int16(math.Round(float64(m.w[int(row)*numTags+t] / scale)))
		}
	}
}

// mix spreads a feature hash's bits over the low ones the table uses.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// lookup returns a feature's weights, or nil.
func (t *table) lookup(h uint64) *[numTags]int16 {
	if len(t.slots) == 0 {
		return nil
	}
	k := slotKey(h)
	i := mix(h) & t.mask
	for {
		s := &t.slots[i]
		if s.key == k {
			return &s.w
		}
		if s.key == 0 {
			return nil
		}
		i = (i + 1) & t.mask
	}
}

// modelFile is the model's serialised form: a gzip'd gob.
type modelFile struct {
	Version int
	Tags    []string
	// Keys are the feature hashes, sorted. Each has numTags weights in
	// Weights, quantised: weight = int16 × Scale.
	Keys    []uint64
	Weights []int16
	Scale   float32
	Trans   []float32
}

const modelVersion = 1

// encode writes the model as a gzip'd gob, deterministically.
func (m *model) encode(w io.Writer) error {
	keys := make([]uint64, 0, len(m.index))
	for k := range m.index {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var maxAbs float32
	for _, v := range m.w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
	}
	scale := maxAbs / math.MaxInt16
	if scale == 0 {
		scale = 1
	}
	f := modelFile{Version: modelVersion, Tags: tagNames[:], Keys: keys, Scale: scale,
		Weights: make([]int16, 0, len(keys)*numTags)}
	for _, k := range keys {
		row := m.index[k]
		for t := 0; t < numTags; t++ {
			f.Weights = append(f.Weights, int16(math.Round(float64(m.w[int(row)*numTags+t]/scale))))
		}
	}
	for p := range m.trans {
		f.Trans = append(f.Trans, m.trans[p][:]...)
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("encode model: %w", err)
	}
	if err := gob.NewEncoder(zw).Encode(&f); err != nil {
		return fmt.Errorf("encode model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("encode model: %w", err)
	}
	return nil
}

var errModel = errors.New("bad model")

// decodeModel reads what encode writes.
func decodeModel(b []byte) (*model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("decode model: %w", err)
	}
	var f modelFile
	if err := gob.NewDecoder(zr).Decode(&f); err != nil {
		return nil, fmt.Errorf("decode model: %w", err)
	}
	if f.Version != modelVersion || !slices.Equal(f.Tags, tagNames[:]) {
		return nil, fmt.Errorf("decode model: version %d tags %v: %w", f.Version, f.Tags, errModel)
	}
	if len(f.Weights) != len(f.Keys)*numTags || len(f.Trans) != (numTags+1)*numTags {
		return nil, fmt.Errorf("decode model: sizes do not match: %w", errModel)
	}
	m := &model{index: make(map[uint64]int32, len(f.Keys)), w: make([]float32, len(f.Weights))}
	for i, k := range f.Keys {
		m.index[k] = int32(i)
	}
	for i, q := range f.Weights {
		m.w[i] = float32(q) * f.Scale
	}
	for p := range m.trans {
		copy(m.trans[p][:], f.Trans[p*numTags:(p+1)*numTags])
	}
	m.buildTable()
	return m, nil
}

// emissions fills scores[i*numTags+t] with the feature score of tag t at
// token i.
func (m *model) emissions(b *featBuf, n int, scores []float32) {
	for i := 0; i < n; i++ {
		var acc [numTags]int32
		for _, h := range b.tokenFeats(i) {
			if w := m.tab.lookup(h); w != nil {
				for t := range acc {
					acc[t] += int32(w[t])
				}
			}
		}
		s := scores[i*numTags : (i+1)*numTags]
		for t := range s {
			s[t] = float32(acc[t]) * m.tab.scale
		}
	}
}

// viterbi returns the best tag sequence under emission scores em and the
// transition weights, honouring the BIO constraint.
func viterbi(em []float32, n int, trans *[numTags + 1][numTags]float32, out []int, dp []float32, back []int8) {
	if n == 0 {
		return
	}
	const negInf = float32(-1e30)
	for t := 0; t < numTags; t++ {
		if allowed(-1, t) {
			dp[t] = em[t] + trans[numTags][t]
		} else {
			dp[t] = negInf
		}
	}
	for i := 1; i < n; i++ {
		for t := 0; t < numTags; t++ {
			best, arg := negInf, 0
			for p := 0; p < numTags; p++ {
				if !allowedTab[p][t] {
					continue
				}
				if s := dp[(i-1)*numTags+p] + trans[p][t]; s > best {
					best, arg = s, p
				}
			}
			dp[i*numTags+t] = best + em[i*numTags+t]
			back[i*numTags+t] = int8(arg)
		}
	}
	best, arg := negInf, 0
	for t := 0; t < numTags; t++ {
		if s := dp[(n-1)*numTags+t]; s > best {
			best, arg = s, t
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = arg
		if i > 0 {
			arg = int(back[i*numTags+arg])
		}
	}
}

// decoder holds the buffers for tagging one sentence at a time.
type decoder struct {
	fb   featBuf
	em   []float32
	dp   []float32
	back []int8
	tags []int
}

// tag featurises and decodes one sentence; the result is valid until the
// next call.
func (d *decoder) tag(m *model, g *gazetteer, texts []string, starts []bool, doc []byte) []int {
	n := len(texts)
	g.featurize(texts, starts, doc, &d.fb)
	d.em = grow(d.em, n*numTags)
	d.dp = grow(d.dp, n*numTags)
	d.back = grow(d.back, n*numTags)
	d.tags = grow(d.tags, n)
	m.emissions(&d.fb, n, d.em)
	viterbi(d.em, n, &m.trans, d.tags, d.dp, d.back)
	return d.tags[:n]
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
