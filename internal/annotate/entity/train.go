package entity

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"

	"github.com/parallax-news/parallax/internal/annotate/entity/nerdata"
)

// TrainOptions controls Train. The zero value trains with the defaults.
type TrainOptions struct {
	// Iterations over the data; 0 means 10.
	Iterations int
	// Seed fixes the order sentences are visited in each iteration and
	// the features dropped.
	Seed uint64
	// MinCount drops features seen fewer times in the data; 0 means 2.
	MinCount int
	// Repeat visits the sentences of the named corpora (Sentence.Corpus)
	// that many times an iteration instead of once.
	Repeat map[string]int
	// Dropout is the chance that a capitalised token's identity features
	// (the word itself, alone or with a neighbour) are left out of one
	// visit, so that the tagger learns to read names from their context,
	// shape and the gazetteers instead of memorising them.
	Dropout float64
	// Prune drops the features whose averaged weights all stay below it
	// in magnitude (a weight of 1 is one perceptron update's worth); 0
	// means 0.01. A smaller model is a faster one: its table fits better
	// in the processor's cache.
	Prune float64
	// Progress, when set, is called after each iteration with the number
	// of sentences the tagger got wrong in it.
	Progress func(iteration, wrong, sentences int)
}

// Model is a trained tagger, as Train returns it and the training command
// writes it.
type Model struct{ m *model }

// Encode writes the model as a gzip'd gob; the same model always encodes
// to the same bytes.
func (m *Model) Encode(w io.Writer) error { return m.m.encode(w) }

// Features counts the features the model keeps.
func (m *Model) Features() int { return len(m.m.index) }

// Train fits an averaged structured perceptron (Collins 2002) with Viterbi
// decoding on BIO-tagged sentences. It is deterministic: the same
// sentences and options give the same model.
func Train(sents []nerdata.Sentence, opt TrainOptions) (*Model, error) {
	if opt.Iterations <= 0 {
		opt.Iterations = 10
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 2
	}
	if opt.Prune <= 0 {
		opt.Prune = 0.01
	}
	g, err := loadGazetteer()
	if err != nil {
		return nil, err
	}
	if len(sents) == 0 {
		return nil, errors.New("train: no sentences")
	}
	// Featurise every sentence once, with the cues of its document, and
	// count the features.
	type example struct {
		gold []int
		offs []int32 // token i's rows: rows[offs[i]:offs[i+1]]
		ids  []int32 // its identity rows: rows[offs[i]:ids[i]]
		caps []bool  // capitalised tokens, whose identity may drop out
		rows []int32
	}
	var (
		fb     featBuf
		counts = make(map[uint64]int32, 1<<20)
		hashes = make([][]uint64, len(sents))
		nids   = make([][]int32, len(sents))
		exs    = make([]example, len(sents))
	)
	for si, s := range sents {
		if len(s.Tokens) != len(s.Tags) {
			return nil, fmt.Errorf("train: sentence %d: %d tokens, %d tags", si, len(s.Tokens), len(s.Tags))
		}
		gold := make([]int, len(s.Tags))
		for i, t := range s.Tags {
			ti, ok := tagIndex(t)
			if !ok {
				return nil, fmt.Errorf("train: sentence %d: unknown tag %q", si, t)
			}
			gold[i] = ti
		}
		caps := make([]bool, len(s.Tokens))
		for i, t := range s.Tokens {
			caps[i] = isCapitalised(t)
		}
		exs[si] = example{gold: gold, caps: caps}
	}
	for _, doc := range documents(sents) {
		var docSents [][]string
		for si := doc[0]; si < doc[1]; si++ {
			docSents = append(docSents, sents[si].Tokens)
		}
		texts, starts := docTokens(docSents)
		cues := docCues(texts, starts)
		at := 0
		for si := doc[0]; si < doc[1]; si++ {
			n := len(sents[si].Tokens)
			g.featurize(sents[si].Tokens, starts[at:at+n], cues[at:at+n], &fb)
			at += n
			feats := append([]uint64(nil), fb.feats...)
			offs := make([]int32, len(fb.offs))
			for i, o := range fb.offs {
				offs[i] = int32(o)
			}
			nid := make([]int32, len(fb.nid))
			for i, v := range fb.nid {
				nid[i] = int32(v)
			}
			hashes[si] = feats
			exs[si].offs, nids[si] = offs, nid
			for _, h := range feats {
				counts[h]++
			}
		}
	}
	// Number the features kept, in the order they are first met (which
	// is fixed), and rewrite the examples as rows.
	index := make(map[uint64]int32, len(counts)/2)
	for si := range exs {
		ex := &exs[si]
		rows := make([]int32, 0, len(hashes[si]))
		newOffs := make([]int32, 1, len(ex.offs))
		ids := make([]int32, 0, len(ex.offs))
		for i := 0; i+1 < len(ex.offs); i++ {
			for k, h := range hashes[si][ex.offs[i]:ex.offs[i+1]] {
				if k == int(nids[si][i]) {
					ids = append(ids, int32(len(rows)))
				}
				if counts[h] < int32(opt.MinCount) {
					continue
				}
				row, ok := index[h]
				if !ok {
					row = int32(len(index))
					index[h] = row
				}
				rows = append(rows, row)
			}
			if len(ids) == i {
				ids = append(ids, int32(len(rows)))
			}
			newOffs = append(newOffs, int32(len(rows)))
		}
		ex.rows, ex.offs, ex.ids = rows, newOffs, ids
		hashes[si], nids[si] = nil, nil
	}
	counts = nil

	nrows := len(index)
	w := make([]float32, nrows*numTags)
	u := make([]float64, nrows*numTags) // Σ step × update, for averaging
	var trans, transU [numTags + 1][numTags]float64
	var transF [numTags + 1][numTags]float32
	step := 1.0
	var em, dp []float32
	var back []int8
	var pred []int
	var order []int
	for si, s := range sents {
		times := 1
		if r, ok := opt.Repeat[s.Corpus]; ok {
			times = r
		}
		for range times {
			order = append(order, si)
		}
	}
	var dropped []bool
	update := func(rows []int32, t int, d float32) {
		for _, r := range rows {
			w[int(r)*numTags+t] += d
			u[int(r)*numTags+t] += step * float64(d)
		}
	}
	for it := 0; it < opt.Iterations; it++ {
		rng := rand.New(rand.NewPCG(opt.Seed, uint64(it)))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		wrong := 0
		for _, si := range order {
			ex := &exs[si]
			n := len(ex.gold)
			em, dp, back, pred = grow(em, n*numTags), grow(dp, n*numTags), grow(back, n*numTags), grow(pred, n)
			dropped = grow(dropped, n)
			for i := 0; i < n; i++ {
				dropped[i] = opt.Dropout > 0 && ex.caps[i] && rng.Float64() < opt.Dropout
			}
			tokenRows := func(i int) []int32 {
				if dropped[i] {
					return ex.rows[ex.ids[i]:ex.offs[i+1]]
				}
				return ex.rows[ex.offs[i]:ex.offs[i+1]]
			}
			for i := 0; i < n; i++ {
				s := em[i*numTags : (i+1)*numTags]
				clear(s)
				for _, r := range tokenRows(i) {
					row := w[int(r)*numTags : int(r)*numTags+numTags]
					for t := range s {
						s[t] += row[t]
					}
				}
			}
			for p := range trans {
				for t := range trans[p] {
					transF[p][t] = float32(trans[p][t])
				}
			}
			viterbi(em, n, &transF, pred, dp, back)
			bad := false
			for i := 0; i < n; i++ {
				gp, pp := numTags, numTags
				if i > 0 {
					gp, pp = ex.gold[i-1], pred[i-1]
				}
				if ex.gold[i] != pred[i] {
					bad = true
					rows := tokenRows(i)
					update(rows, ex.gold[i], 1)
					update(rows, pred[i], -1)
				}
				if gp != pp || ex.gold[i] != pred[i] {
					trans[gp][ex.gold[i]]++
					transU[gp][ex.gold[i]] += step
					trans[pp][pred[i]]--
					transU[pp][pred[i]] -= step
				}
			}
			if bad {
				wrong++
			}
			step++
		}
		if opt.Progress != nil {
			opt.Progress(it+1, wrong, len(order))
		}
	}
	// Average, and keep the features whose averaged weights matter.
	m := &model{index: make(map[uint64]int32, nrows/2)}
	for h, r := range index {
		var row [numTags]float32
		keep := false
		for t := 0; t < numTags; t++ {
			v := float64(w[int(r)*numTags+t]) - u[int(r)*numTags+t]/step
			row[t] = float32(v)
			if math.Abs(v) >= opt.Prune {
				keep = true
			}
		}
		if !keep {
			continue
		}
		m.index[h] = int32(len(m.w) / numTags)
		m.w = append(m.w, row[:]...)
	}
	for p := range trans {
		for t := range trans[p] {
			m.trans[p][t] = float32(trans[p][t] - transU[p][t]/step)
		}
	}
	m.buildTable()
	return &Model{m: m}, nil
}

// documents returns the [start, end) ranges of consecutive sentences of
// one document (same Corpus and Doc).
func documents(sents []nerdata.Sentence) [][2]int {
	var out [][2]int
	begin := 0
	for i := 1; i <= len(sents); i++ {
		if i == len(sents) || sents[i].Doc != sents[begin].Doc || sents[i].Corpus != sents[begin].Corpus {
			out = append(out, [2]int{begin, i})
			begin = i
		}
	}
	return out
}
