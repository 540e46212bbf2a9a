// Package dedup recognises reprints: copies of one text with small edits,
// such as wire copy republished by several outlets. It estimates the
// Jaccard resemblance of word shingles with MinHash signatures and finds
// candidates through locality-sensitive hashing (LSH) over signature bands,
// so a lookup costs the same however many texts are indexed.
package dedup

import (
	"math/bits"
	"slices"

	"github.com/zeebo/xxh3"
)

const (
	// SignatureSize is the number of MinHash values per text.
	SignatureSize = 128
	// The index buckets texts by bands of rows values from the first
	// bands*rows of the signature: a pair at resemblance 0.7 shares a band
	// with probability 0.99, at 0.5 with 0.64, at 0.3 with 0.12; every
	// candidate is then checked on the whole signature.
	bands = 16
	rows  = 4
)

// Signature is a MinHash sketch of a text's shingles: per bin, the top 32
// bits of the least hash, which is plenty to estimate resemblance and keeps
// an indexed text at 512 bytes.
type Signature [SignatureSize]uint32

// Shingles returns the hashes of the overlapping runs of k folded words.
// Each word is hashed once and a run's hash combines its words' hashes by
// position, so the cost does not grow with k. It returns nil when the text
// has fewer than k words.
func Shingles(words []string, k int) []uint64 {
	if k <= 0 || len(words) < k {
		return nil
	}
	hashes := make([]uint64, len(words))
	for i, w := range words {
		hashes[i] = WordHash(w)
	}
	return AppendShingles(make([]uint64, 0, len(words)-k+1), hashes, k)
}

// WordHash is the hash of one word that shingles are built from.
func WordHash(w string) uint64 { return xxh3.HashString(w) }

// AppendShingles appends to dst the shingles of the words whose WordHash
// values are given, as Shingles computes them: a run of k words hashes to
// the XOR of its words' hashes, each rotated by 13 bits per position.
// Callers that already hold the words' hashes save hashing them again.
//
// The runs are hashed rolling: rotation distributes over XOR, so the
// next run's hash is this one's without its first word, rotated back one
// position, with the new last word in the last position; the result is
// the same, bit for bit, as hashing each run whole.
func AppendShingles(dst, hashes []uint64, k int) []uint64 {
	if k <= 0 || len(hashes) < k {
		return dst
	}
	dst = slices.Grow(dst, len(hashes)-k+1)
	var h uint64
	for j := 0; j < k; j++ {
		h ^= bits.RotateLeft64(hashes[j], 13*j)
	}
	dst = append(dst, h)
	last := 13 * (k - 1)
	for i, out := range hashes[:len(hashes)-k] {
		h = bits.RotateLeft64(h^out, -13) ^ bits.RotateLeft64(hashes[i+k], last)
		dst = append(dst, h)
	}
	return dst
}

// Sign computes a MinHash signature of a set of shingle hashes with
// one-permutation hashing: the hash space is cut into SignatureSize bins and
// each bin keeps the least hash that falls in it, so signing costs one pass
// over the shingles. Empty bins borrow from the next non-empty bin
// (rotation densification, Shrivastava and Li, 2014), which keeps the
// estimate unbiased for short texts. The second result is false when there
// are no shingles.
func Sign(shingles []uint64) (Signature, bool) {
	var sig Signature
	if len(shingles) == 0 {
		return sig, false
	}
	const empty = ^uint64(0)
	var mins [SignatureSize]uint64
	for i := range mins {
		mins[i] = empty
	}
	for _, h := range shingles {
		h = mix(h)
		bin := h >> (64 - binBits)
		// min, not a branch: which shingles lower a bin is a coin
		// toss, which branch prediction loses.
		mins[bin] = min(mins[bin], h&valueMask)
	}
	for i, v := range mins {
		if v != empty {
			sig[i] = uint32(v >> (64 - binBits - 32))
			continue
		}
		for d := 1; d < SignatureSize; d++ {
			if w := mins[(i+d)%SignatureSize]; w != empty {
				// Borrow, and tell the borrowed value from the original
				// by the distance it travelled.
				sig[i] = uint32(w>>(64-binBits-32)) ^ uint32(mix(uint64(d)))
				break
			}
		}
	}
	return sig, true
}

// binBits is log2(SignatureSize); valueMask keeps a hash's bits below the
// bin number.
const (
	binBits   = 7 // SignatureSize == 1 << binBits
	valueMask = 1<<(64-binBits) - 1
)

// mix spreads a shingle hash over all 64 bits (the splitmix64 finaliser).
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// Resemblance estimates the Jaccard similarity of the shingle sets behind
// two signatures.
func Resemblance(a, b *Signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / SignatureSize
}

// SignatureSize must be 1<<binBits: a mismatch makes one of these constants
// negative, which does not compile.
const (
	_ uint = SignatureSize - 1<<binBits
	_ uint = 1<<binBits - SignatureSize
)
