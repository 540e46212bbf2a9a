package dedup

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"testing"
)

// referenceShingles hashes each run of k words whole: the XOR of its
// words' hashes, each rotated by 13 bits per position. AppendShingles,
// which rolls the hash from one run to the next, must agree with it bit
// for bit.
func referenceShingles(hashes []uint64, k int) []uint64 {
	var out []uint64
	for i := 0; k > 0 && i+k <= len(hashes); i++ {
		var h uint64
		for j := 0; j < k; j++ {
			h ^= bits.RotateLeft64(hashes[i+j], 13*j)
		}
		out = append(out, h)
	}
	return out
}

func TestAppendShinglesMatchesReference(t *testing.T) {
	hashes := make([]uint64, 300)
	for i := range hashes {
		hashes[i] = WordHash(string(rune('a' + i%26)))
	}
	for n := 0; n <= len(hashes); n += 7 {
		for k := -1; k <= 12; k++ {
			got := AppendShingles([]uint64{42}, hashes[:n], k)
			want := append([]uint64{42}, referenceShingles(hashes[:n], k)...)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d k=%d: AppendShingles differs from the reference", n, k)
			}
		}
	}
}

func FuzzAppendShinglesMatchesReference(f *testing.F) {
	f.Add([]byte("the harbour pilots walked out at dawn and the ferries stayed"), 5)
	f.Add([]byte{}, 1)
	f.Add([]byte("0123456789abcdef0123456789abcdef"), 70)
	f.Fuzz(func(t *testing.T, data []byte, k int) {
		k %= 80
		var hashes []uint64
		for ; len(data) >= 8; data = data[8:] {
			hashes = append(hashes, binary.LittleEndian.Uint64(data))
		}
		got := AppendShingles(nil, hashes, k)
		if want := referenceShingles(hashes, k); !slices.Equal(got, want) {
			t.Fatalf("k=%d, %d hashes: AppendShingles %x, want %x", k, len(hashes), got, want)
		}
	})
}
