// Command train fits the entity tagger on the shared NER corpora and
// writes the model that package entity embeds. It is deterministic: the
// same data and flags give the same bytes.
//
//	go run ./internal/annotate/entity/train -data ../shared/data/ner -out internal/annotate/entity/model.gob.gz
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/parallax-news/parallax/internal/annotate/entity"
	"github.com/parallax-news/parallax/internal/annotate/entity/nerdata"
)

func main() {
	data := flag.String("data", "../shared/data/ner", "directory holding wikigold/, BTC/, WNUT17/ and re3d/")
	out := flag.String("out", "internal/annotate/entity/model.gob.gz", "where to write the model")
	iters := flag.Int("iterations", 10, "passes over the training data")
	seed := flag.Uint64("seed", 1, "seed for the order sentences are visited in")
	minCount := flag.Int("min-count", 2, "drop features seen fewer times")
	flag.Parse()
	if err := run(*data, *out, *iters, *seed, *minCount); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(data, out string, iters int, seed uint64, minCount int) error {
	start := time.Now()
	split, err := nerdata.LoadSplit(data)
	if err != nil {
		return err
	}
	tokens := 0
	for _, s := range split.Train {
		tokens += len(s.Tokens)
	}
	fmt.Printf("training on %d sentences, %d tokens\n", len(split.Train), tokens)
	m, err := entity.Train(split.Train, entity.TrainOptions{
		Iterations: iters, Seed: seed, MinCount: minCount,
		Progress: func(it, wrong, n int) {
			fmt.Printf("iteration %d: %d of %d sentences wrong (%s)\n", it, wrong, n, time.Since(start).Round(time.Second))
		},
	})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	fmt.Printf("wrote %s: %d features, %d bytes, in %s\n", out, m.Features(), buf.Len(), time.Since(start).Round(time.Second))
	r, err := entity.LoadModel(buf.Bytes())
	if err != nil {
		return err
	}
	for _, name := range []string{"wikigold-test", "re3d", "wnut17-test"} {
		tagger, full := entity.Evaluate(r, split.Test[name])
		fmt.Printf("\n%s, tagger alone:\n%s%s, tagger and rules:\n%s", name, tagger.Report(), name, full.Report())
	}
	return nil
}
