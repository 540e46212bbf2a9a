package cluster

import (
	"fmt"
	"time"
)

// Params are the clustering settings. One set serves every kind of input;
// DefaultParams documents what each was tuned on.
type Params struct {
	// Threshold is the least similarity at which an article joins an
	// existing story.
	Threshold float64
	// FullLength is the number of distinct terms at which an article
	// counts as full length. Shorter articles (headlines, summaries) meet a
	// threshold lowered by the square root of their share of FullLength,
	// because a short text's cosine to a story centroid is smaller even
	// when it reports the same event.
	FullLength int
	// MergeThreshold is the least similarity between two stories' centroids
	// at which they merge; zero disables merging.
	MergeThreshold float64
	// TitleBoost multiplies the weight of words in the title.
	TitleBoost float64
	// NameBoost multiplies the weight of capitalised words inside a
	// sentence, which are mostly names of people, places and organisations.
	NameBoost float64
	// NameWeight is the share of the similarity that comes from names
	// alone, when both article and story have names.
	NameWeight float64
	// HalfLife is the time gap at which a story's similarity is halved;
	// zero disables time decay.
	HalfLife time.Duration
	// Window is how long a story stays open after its last report; older
	// stories are not candidates. Zero keeps every story open.
	Window time.Duration
	// CentroidTerms caps the terms kept per story.
	CentroidTerms int
	// QueryTerms is how many of an article's strongest terms retrieve
	// candidate stories.
	QueryTerms int
	// DuplicateThreshold is the least estimated shingle resemblance at
	// which an article counts as a reprint of an earlier one.
	DuplicateThreshold float64
	// ShingleSize is the number of words per shingle; ShingleMinWords is
	// the shortest text that is fingerprinted at all.
	ShingleSize     int
	ShingleMinWords int
}

// DefaultParams returns the settings Parallax ships with.
func DefaultParams() Params {
	return Params{
		Threshold:          0.3,
		FullLength:         80,
		MergeThreshold:     0.6,
		TitleBoost:         2,
		NameBoost:          1.5,
		NameWeight:         0.3,
		HalfLife:           72 * time.Hour,
		Window:             14 * 24 * time.Hour,
		CentroidTerms:      200,
		QueryTerms:         12,
		DuplicateThreshold: 0.7,
		ShingleSize:        5,
		ShingleMinWords:    25,
	}
}

// Validate reports settings that cannot work.
func (p Params) Validate() error {
	switch {
	case p.Threshold <= 0 || p.Threshold >= 1:
		return fmt.Errorf("cluster threshold %v: must be between 0 and 1", p.Threshold)
	case p.MergeThreshold < 0 || p.MergeThreshold > 1:
		return fmt.Errorf("cluster merge threshold %v: must be between 0 and 1", p.MergeThreshold)
	case p.FullLength < 1:
		return fmt.Errorf("cluster full length %d: must be at least 1", p.FullLength)
	case p.TitleBoost <= 0 || p.NameBoost <= 0:
		return fmt.Errorf("cluster boosts must be positive")
	case p.NameWeight < 0 || p.NameWeight > 1:
		return fmt.Errorf("cluster name weight %v: must be between 0 and 1", p.NameWeight)
	case p.HalfLife < 0 || p.Window < 0:
		return fmt.Errorf("cluster half-life and window must not be negative")
	case p.CentroidTerms < 1 || p.QueryTerms < 1:
		return fmt.Errorf("cluster centroid and query terms must be at least 1")
	case p.DuplicateThreshold <= 0 || p.DuplicateThreshold > 1:
		return fmt.Errorf("duplicate threshold %v: must be in (0, 1]", p.DuplicateThreshold)
	case p.ShingleSize < 1 || p.ShingleMinWords < p.ShingleSize:
		return fmt.Errorf("shingle size %d and minimum words %d: need 1 ≤ size ≤ minimum", p.ShingleSize, p.ShingleMinWords)
	}
	return nil
}
