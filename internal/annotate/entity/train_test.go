package entity

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/annotate/entity/nerdata"
)

// toySentences are written for this test: "word/TAG" tokens.
var toySentences = []string{
	"Marta/B-PER Kowalski/I-PER visited/O Lisbon/B-LOC ./O",
	"The/O Orvane/B-ORG Bank/I-ORG opened/O in/O Porto/B-LOC ./O",
	"Yusuf/B-PER Demir/I-PER works/O for/O Orvane/B-ORG Bank/I-ORG ./O",
	"Rain/O fell/O on/O Lisbon/B-LOC again/O ./O",
	"Kowalski/B-PER said/O the/O bank/O was/O closed/O ./O",
	"Demir/B-PER flew/O to/O Porto/B-LOC on/O Monday/O ./O",
}

func toyData(t *testing.T) []nerdata.Sentence {
	t.Helper()
	var out []nerdata.Sentence
	for _, line := range toySentences {
		var s nerdata.Sentence
		for _, f := range strings.Fields(line) {
			w, tag, _ := strings.Cut(f, "/")
			s.Tokens = append(s.Tokens, w)
			s.Tags = append(s.Tags, tag)
		}
		out = append(out, s)
	}
	return out
}

func TestTrainRoundTrip(t *testing.T) {
	data := toyData(t)
	opt := TrainOptions{Iterations: 5, Seed: 7, MinCount: 1}
	var encoded [2][]byte
	for i := range encoded {
		m, err := Train(data, opt)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := m.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		encoded[i] = buf.Bytes()
	}
	if !bytes.Equal(encoded[0], encoded[1]) {
		t.Fatal("two trainings with the same seed encode differently")
	}
	r, err := LoadModel(encoded[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range data {
		if got := r.TagTokens(s.Tokens); !slices.Equal(got, s.Tags) {
			t.Errorf("TagTokens(%q) = %q, want %q", s.Tokens, got, s.Tags)
		}
	}
}

// TestTrainOptions: dropout and repeats keep training deterministic,
// and pruning keeps fewer features.
func TestTrainOptions(t *testing.T) {
	data := toyData(t)
	for i := range data {
		data[i].Corpus = "toy"
		data[i].Doc = i / 2
	}
	opt := TrainOptions{Iterations: 4, Seed: 3, MinCount: 1, Dropout: 0.3, Repeat: map[string]int{"toy": 2}}
	var encoded [2][]byte
	var feats int
	for i := range encoded {
		m, err := Train(data, opt)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := m.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		encoded[i], feats = buf.Bytes(), m.Features()
	}
	if !bytes.Equal(encoded[0], encoded[1]) {
		t.Fatal("two trainings with dropout and the same seed encode differently")
	}
	opt.Prune = 1.5
	m, err := Train(data, opt)
	if err != nil {
		t.Fatal(err)
	}
	if m.Features() >= feats {
		t.Errorf("pruned model keeps %d features, unpruned %d", m.Features(), feats)
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(nil, TrainOptions{}); err == nil {
		t.Error("Train(nil) succeeded")
	}
	bad := []nerdata.Sentence{{Tokens: []string{"a"}, Tags: []string{"B-XYZ"}}}
	if _, err := Train(bad, TrainOptions{}); err == nil {
		t.Error("Train with an unknown tag succeeded")
	}
	if _, err := LoadModel([]byte("not a model")); err == nil {
		t.Error("LoadModel on garbage succeeded")
	}
}
