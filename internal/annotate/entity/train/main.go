// Command train fits the entity tagger on the shared NER corpora and
// writes the model that package entity embeds. It is deterministic: the
// same data and flags give the same bytes.
//
//	go run ./internal/annotate/entity/train -data ../shared/data/ner -out internal/annotate/entity/model.gob.gz
//
// With -holdout wikigold it leaves wikigold out of training and scores the
// model on all of it (the cross-corpus check); with -dev it holds a
// development fifth of wikigold out for tuning and never reads the test
// fifth. Neither writes a model unless -out is given explicitly.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/annotate/entity"
	"github.com/parallax-news/parallax/internal/annotate/entity/nerdata"
	"github.com/parallax-news/parallax/internal/annotate/gold"
)

// Defaults of the shipped model.
const (
	defIterations = 10
	defSeed       = 1
	defMinCount   = 2
	defDropout    = 0.0
	defRepeat     = "wikigold=2"
	defPrune      = 2.0
)

func main() {
	data := flag.String("data", "../shared/data/ner", "directory holding wikigold/, BTC/, WNUT17/ and re3d/")
	out := flag.String("out", "internal/annotate/entity/model.gob.gz", "where to write the model")
	iters := flag.Int("iterations", defIterations, "passes over the training data")
	seed := flag.Uint64("seed", defSeed, "seed for the order sentences are visited in and the features dropped")
	minCount := flag.Int("min-count", defMinCount, "drop features seen fewer times")
	dropout := flag.Float64("dropout", defDropout, "chance that a capitalised token's identity features are left out of one visit")
	repeat := flag.String("repeat", defRepeat, "corpus=times,... : visit those corpora's sentences that many times an iteration")
	prune := flag.Float64("prune", defPrune, "drop features whose averaged weights all stay below this in magnitude")
	re3d := flag.Bool("re3d", false, "train on re3d (person spans cut down to the name) instead of testing on it")
	holdout := flag.String("holdout", "", "corpus (wikigold, btc, wnut17, re3d) to leave out of training and score whole")
	newsdev := flag.String("newsdev", "internal/annotate/entity/testdata/newsdev.txt", "marked-up news paragraphs to tune on (\"\" for none)")
	newstest := flag.String("newstest", "internal/annotate/entity/testdata/newstest.txt", "marked-up news paragraphs held out (\"\" for none; never read with -dev)")
	errors := flag.Bool("errors", false, "list the misses and false alarms on -newsdev")
	dev := flag.Bool("dev", false, "hold the wikigold development fifth out for tuning; never read the test fifth")
	flag.Parse()
	outSet := false
	flag.Visit(func(f *flag.Flag) { outSet = outSet || f.Name == "out" })
	if (*holdout != "" || *dev) && !outSet {
		*out = ""
	}
	rep, err := parseRepeat(*repeat)
	if err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(2)
	}
	opt := entity.TrainOptions{Iterations: *iters, Seed: *seed, MinCount: *minCount, Dropout: *dropout, Repeat: rep,
		Prune: *prune}
	split := nerdata.SplitOptions{Re3d: *re3d, Holdout: *holdout, Dev: *dev}
	if *dev {
		*newstest = ""
	}
	if err := run(*data, *out, split, opt, *newsdev, *newstest, *errors); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func parseRepeat(s string) (map[string]int, error) {
	pairs, err := parsePairs(s)
	if err != nil {
		return nil, fmt.Errorf("-repeat: %w", err)
	}
	out := map[string]int{}
	for name, n := range pairs {
		k, err := strconv.Atoi(n)
		if err != nil || k < 0 {
			return nil, fmt.Errorf("-repeat: want corpus=times, got %s=%s", name, n)
		}
		out[name] = k
	}
	return out, nil
}

// parsePairs reads "a=x,b=y".
func parsePairs(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("want name=value, got %q", p)
		}
		out[k] = v
	}
	return out, nil
}

func run(data, out string, so nerdata.SplitOptions, opt entity.TrainOptions, newsdev, newstest string, listErrors bool) error {
	start := time.Now()
	split, err := nerdata.LoadSplitWith(data, so)
	if err != nil {
		return err
	}
	if so.Re3d {
		nerdata.Re3dPeople(split.Train, entity.IsTitleWord)
	}
	tokens := 0
	for _, s := range split.Train {
		tokens += len(s.Tokens)
	}
	fmt.Printf("training on %d sentences, %d tokens\n", len(split.Train), tokens)
	opt.Progress = func(it, wrong, n int) {
		fmt.Printf("iteration %d: %d of %d sentences wrong (%s)\n", it, wrong, n, time.Since(start).Round(time.Second))
	}
	m, err := entity.Train(split.Train, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		return err
	}
	if out != "" {
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write model: %w", err)
		}
		fmt.Printf("wrote %s: ", out)
	}
	fmt.Printf("%d features, %d bytes, in %s\n", m.Features(), buf.Len(), time.Since(start).Round(time.Second))
	r, err := entity.LoadModel(buf.Bytes())
	if err != nil {
		return err
	}
	var names []string
	for name := range split.Test {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		tagger, full := entity.Evaluate(r, split.Test[name])
		fmt.Printf("\n%s (%d sentences), tagger alone:\n%s%s, tagger and rules:\n%s", name, len(split.Test[name]), tagger.Report(), name, full.Report())
	}
	for _, f := range []struct {
		name, path string
		errors     bool
	}{{"newsdev", newsdev, listErrors}, {"newstest", newstest, false}} {
		if f.path == "" {
			continue
		}
		b, err := os.ReadFile(f.path)
		if err != nil {
			return err
		}
		texts, ments, err := entity.ParseMarkup(string(b))
		if err != nil {
			return fmt.Errorf("%s: %w", f.path, err)
		}
		var errs func(int, string, entity.Marked)
		if f.errors {
			errs = func(p int, kind string, m entity.Marked) {
				fmt.Printf("  para %d %s %s %q\n", p, kind, m.Type, m.Text)
			}
		}
		sc := entity.EvaluateMarked(r, texts, ments, errs)
		fmt.Printf("\n%s (%d paragraphs), tagger and rules:\n%s", f.name, len(texts), sc.Report())
	}
	return goldReport(r, so.Dev)
}

// goldReport scores the model on Parallax's gold paragraphs (entities
// only), per type; with devOnly, on the development items alone.
func goldReport(r *entity.Recognizer, devOnly bool) error {
	items, err := gold.Load()
	if err != nil {
		return err
	}
	splits := []string{"dev", "test"}
	if devOnly {
		splits = splits[:1]
	}
	for _, split := range splits {
		var all gold.PRF
		types := map[string]gold.PRF{}
		for _, it := range items {
			if it.Split != split {
				continue
			}
			a := r.Annotate(it.Text)
			pred := make([]gold.EntitySpan, len(a.Mentions))
			for i, m := range a.Mentions {
				pred[i] = gold.EntitySpan{Text: m.Text, Type: string(m.Type), Start: m.Start, End: m.End, Kind: string(m.Kind)}
			}
			all = all.Add(gold.ScoreEntities(it.Entities, pred))
			for t, p := range gold.ScoreEntityTypes(it.Entities, pred) {
				types[t] = types[t].Add(p)
			}
		}
		fmt.Printf("\ngold %s, entities:\n", split)
		for _, t := range []string{"PER", "ORG", "LOC"} {
			p := types[t]
			fmt.Printf("%-4s P %.3f R %.3f F1 %.3f (gold %d)\n", t, p.Precision(), p.Recall(), p.F1(), p.TP+p.FN)
		}
		fmt.Printf("all  P %.3f R %.3f F1 %.3f (gold %d)\n", all.Precision(), all.Recall(), all.F1(), all.TP+all.FN)
	}
	return nil
}
