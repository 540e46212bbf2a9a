// Package eval scores a clustering of articles into stories against gold
// event labels, and measures the memory a run used. The scorers are pure:
// they take label slices and return numbers.
//
// Three families of scores are reported, as defined in the project's shared
// README:
//
//   - pairwise precision, recall and F1 over all unordered pairs of items
//     (the "standard F1" of news-stream clustering papers);
//   - BCubed precision, recall and F1, averaged over items;
//   - NMI, normalised mutual information with arithmetic-mean
//     normalisation.
//
// All of them are computed from the contingency table of (predicted cluster,
// gold class) counts, in O(n log n) time for n items.
package eval

import (
	"fmt"
	"math"
	"slices"

	"github.com/parallax-news/parallax/internal/news"
)

// Scores holds every clustering score for one run. All scores lie in [0, 1].
type Scores struct {
	// PairPrecision is TP / (pairs placed in one predicted cluster), where
	// TP counts those pairs that also share a gold class.
	PairPrecision float64 `json:"pair_precision"`
	// PairRecall is TP / (pairs sharing a gold class).
	PairRecall float64 `json:"pair_recall"`
	// PairF1 is the harmonic mean of PairPrecision and PairRecall.
	PairF1 float64 `json:"pair_f1"`

	// BCubedPrecision averages, over items, the share of the item's
	// predicted cluster that shares its gold class.
	BCubedPrecision float64 `json:"bcubed_precision"`
	// BCubedRecall averages, over items, the share of the item's gold class
	// that lands in its predicted cluster.
	BCubedRecall float64 `json:"bcubed_recall"`
	// BCubedF1 is the harmonic mean of BCubedPrecision and BCubedRecall.
	BCubedF1 float64 `json:"bcubed_f1"`

	// NMI is I(C;K) / ((H(C)+H(K))/2).
	NMI float64 `json:"nmi"`

	// Items is the number of labelled items scored.
	Items int `json:"items"`
	// Clusters is the number of distinct predicted labels.
	Clusters int `json:"clusters"`
	// Classes is the number of distinct gold labels.
	Classes int `json:"classes"`
}

// Score compares a predicted clustering with the gold one: gold[i] and
// predicted[i] are the labels of item i. Labels are opaque strings; only
// equality matters, so renaming labels never changes a score.
//
// Edge cases, chosen so that a clustering that makes no mistake of a kind
// scores 1 on the matching measure:
//
//   - Pairwise precision is 1 when no two items share a predicted cluster
//     (all singletons: no pair was claimed, so none was claimed wrongly).
//     Pairwise recall is 1 when no two items share a gold class. An
//     all-singleton prediction of an all-singleton gold scores 1 on both.
//   - An F1 is 0 when both its precision and recall are 0.
//   - NMI is 1 when both clusterings have zero entropy, which for a
//     non-empty input means both put every item in one group: they agree.
//     When only one has zero entropy the mutual information is 0, so NMI
//     is 0.
//
// Score returns an error wrapping news.ErrInvalid when the slices differ
// in length or are empty (an empty run has nothing to score, and a perfect
// score for it would hide a broken harness).
func Score(gold, predicted []string) (Scores, error) {
	if len(gold) != len(predicted) {
		return Scores{}, fmt.Errorf("score: %d gold labels but %d predicted: %w",
			len(gold), len(predicted), news.ErrInvalid)
	}
	if len(gold) == 0 {
		return Scores{}, fmt.Errorf("score: no items: %w", news.ErrInvalid)
	}
	t := newTable(gold, predicted)
	s := Scores{
		Items:    t.n,
		Clusters: len(t.clusterSize),
		Classes:  len(t.classSize),
	}
	s.PairPrecision, s.PairRecall, s.PairF1 = t.pairwise()
	s.BCubedPrecision, s.BCubedRecall, s.BCubedF1 = t.bcubed()
	s.NMI = t.nmi()
	return s, nil
}

// table is the contingency table of a clustering against gold classes,
// stored sparsely: only non-zero cells are kept.
type table struct {
	n           int
	clusterSize []int // by cluster index
	classSize   []int // by class index
	cells       []cell
}

// cell is one non-zero entry of the contingency table.
type cell struct {
	cluster, class int
	count          int
}

// newTable interns the labels and counts the items in each (cluster,
// class) cell. gold and predicted have equal, non-zero length.
func newTable(gold, predicted []string) table {
	classes := intern(gold)
	clusters := intern(predicted)
	t := table{n: len(gold)}
	// One key per item, (cluster << 32 | class); sorting gathers the items
	// of each cell into one run.
	keys := make([]uint64, len(gold))
	for i := range keys {
		keys[i] = uint64(clusters.ids[i])<<32 | uint64(classes.ids[i])
	}
	slices.Sort(keys)
	t.clusterSize = make([]int, clusters.count)
	t.classSize = make([]int, classes.count)
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		c := cell{cluster: int(keys[i] >> 32), class: int(uint32(keys[i])), count: j - i}
		t.cells = append(t.cells, c)
		t.clusterSize[c.cluster] += c.count
		t.classSize[c.class] += c.count
		i = j
	}
	return t
}

// interned maps each label of a slice to a dense index.
type interned struct {
	ids   []uint32
	count int
}

func intern(labels []string) interned {
	index := make(map[string]uint32)
	ids := make([]uint32, len(labels))
	for i, l := range labels {
		id, ok := index[l]
		if !ok {
			id = uint32(len(index))
			index[l] = id
		}
		ids[i] = id
	}
	return interned{ids: ids, count: len(index)}
}

// pairs is n choose 2, as a float64 so that large corpora cannot overflow.
func pairs(n int) float64 {
	return float64(n) * float64(n-1) / 2
}

// pairwise returns pair precision, recall and F1.
func (t table) pairwise() (p, r, f float64) {
	var tp, predicted, gold float64
	for _, c := range t.cells {
		tp += pairs(c.count)
	}
	for _, size := range t.clusterSize {
		predicted += pairs(size)
	}
	for _, size := range t.classSize {
		gold += pairs(size)
	}
	p, r = 1, 1
	if predicted > 0 {
		p = tp / predicted
	}
	if gold > 0 {
		r = tp / gold
	}
	return p, r, harmonic(p, r)
}

// bcubed returns BCubed precision, recall and F1. The count items of a cell
// each have precision count/|cluster| and recall count/|class|, so a cell
// contributes count²/|cluster| and count²/|class| to the sums.
func (t table) bcubed() (p, r, f float64) {
	for _, c := range t.cells {
		sq := float64(c.count) * float64(c.count)
		p += sq / float64(t.clusterSize[c.cluster])
		r += sq / float64(t.classSize[c.class])
	}
	n := float64(t.n)
	p, r = clamp(p/n), clamp(r/n)
	return p, r, harmonic(p, r)
}

// nmi returns I(C;K) / ((H(C)+H(K))/2), in nats (the base cancels out).
func (t table) nmi() float64 {
	n := float64(t.n)
	var mi float64
	for _, c := range t.cells {
		nij := float64(c.count)
		a := float64(t.clusterSize[c.cluster])
		b := float64(t.classSize[c.class])
		mi += nij / n * math.Log(n*nij/(a*b))
	}
	hc, hk := entropy(t.clusterSize, n), entropy(t.classSize, n)
	if hc+hk == 0 {
		// Both clusterings put every item in one group.
		return 1
	}
	return clamp(mi / ((hc + hk) / 2))
}

// entropy is the Shannon entropy, in nats, of a partition with these group
// sizes over n items.
func entropy(sizes []int, n float64) float64 {
	var h float64
	for _, size := range sizes {
		q := float64(size) / n
		h -= q * math.Log(q)
	}
	return h
}

func harmonic(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// clamp removes floating-point excursions just outside [0, 1].
func clamp(x float64) float64 {
	return min(max(x, 0), 1)
}
