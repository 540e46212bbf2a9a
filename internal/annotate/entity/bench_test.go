package entity

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkAnnotate annotates a 625-word news article written for the
// benchmark.
func BenchmarkAnnotate(b *testing.B) {
	r := mustLoad(b)
	text, err := os.ReadFile(filepath.Join("testdata", "bench.txt"))
	if err != nil {
		b.Fatal(err)
	}
	s := string(text)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		r.Annotate(s)
	}
}

func BenchmarkCanonicalize(b *testing.B) {
	r := mustLoad(b)
	text, err := os.ReadFile(filepath.Join("testdata", "bench.txt"))
	if err != nil {
		b.Fatal(err)
	}
	a := r.Annotate(string(text))
	docs := make([]Article, 50)
	for i := range docs {
		docs[i] = a
	}
	b.ReportAllocs()
	for b.Loop() {
		Canonicalize(docs)
	}
}
