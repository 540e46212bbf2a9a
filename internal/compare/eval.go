package compare

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/annotate"
	"github.com/parallax-news/parallax/internal/news"
)

//go:embed testdata/scenarios.jsonl
var scenariosJSONL []byte

// Scenario is a story of several articles with the comparison expected of
// it. A claim or quote is named "I:snippet": a snippet of its text in
// article I (0-based).
type Scenario struct {
	Name     string            `json:"name"`
	Split    string            `json:"split"` // "dev" or "heldout"
	Articles []ScenarioArticle `json:"articles"`
	Claims   []GoldClaimGroup  `json:"claims"`
	Quotes   [][]string        `json:"quotes"`
}

// ScenarioArticle is one article of a scenario.
type ScenarioArticle struct {
	Source    string    `json:"source"`
	Published time.Time `json:"published"`
	Text      string    `json:"text"`
}

// GoldClaimGroup is a claim group with its expected class.
type GoldClaimGroup struct {
	Class  string   `json:"class"`
	Claims []string `json:"claims"`
}

// Scenarios returns the built-in scenarios.
func Scenarios() ([]Scenario, error) {
	var out []Scenario
	sc := bufio.NewScanner(bytes.NewReader(scenariosJSONL))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var s Scenario
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return nil, fmt.Errorf("scenario line %d: %w", line, err)
		}
		out = append(out, s)
	}
	return out, sc.Err()
}

// Run annotates a scenario's articles with the real annotators and
// compares them; articles get IDs 1, 2, … in order.
func (s Scenario) Run() (Comparison, []news.ArticleAnnotations) {
	arts := make([]news.ArticleAnnotations, len(s.Articles))
	full := make([]news.Article, len(s.Articles))
	for i, a := range s.Articles {
		id := int64(i + 1)
		arts[i] = news.ArticleAnnotations{ArticleID: id, Source: a.Source, Published: a.Published,
			Annotations: annotate.Annotate(a.Text, a.Published)}
		full[i] = news.Article{ID: id, Source: a.Source, Published: a.Published, Text: a.Text}
	}
	return Compare(annotate.Story(arts), arts, full), arts
}

// Score is the evaluation of a set of scenarios (see the package doc).
type Score struct {
	Split          string   `json:"split"`
	Scenarios      int      `json:"scenarios"`
	ClaimPrecision float64  `json:"claim_precision"`
	ClaimRecall    float64  `json:"claim_recall"`
	QuotePrecision float64  `json:"quote_precision"`
	QuoteRecall    float64  `json:"quote_recall"`
	ClaimPredicted int      `json:"claim_predicted"`
	ClaimGold      int      `json:"claim_gold"`
	ClaimCorrect   int      `json:"claim_correct"`
	QuotePairsTrue int      `json:"quote_pairs_true"`
	QuotePairsPred int      `json:"quote_pairs_predicted"`
	QuotePairsGold int      `json:"quote_pairs_gold"`
	Errors         []string `json:"errors,omitempty"`
}

// Evaluate scores the scenarios of one split ("" for all).
func Evaluate(scenarios []Scenario, split string) Score {
	sc := Score{Split: split}
	if sc.Split == "" {
		sc.Split = "all"
	}
	for _, s := range scenarios {
		if split != "" && s.Split != split {
			continue
		}
		sc.Scenarios++
		c, _ := s.Run()
		scoreClaims(&sc, s, c)
		scoreQuotes(&sc, s, c)
	}
	sc.ClaimPrecision = ratio(sc.ClaimCorrect, sc.ClaimPredicted)
	sc.ClaimRecall = ratio(sc.ClaimCorrect, sc.ClaimGold)
	sc.QuotePrecision = ratio(sc.QuotePairsTrue, sc.QuotePairsPred)
	sc.QuoteRecall = ratio(sc.QuotePairsTrue, sc.QuotePairsGold)
	return sc
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// matches reports whether an "I:snippet" names text in article id.
func matches(ref string, id int64, text string) bool {
	i, snip, ok := strings.Cut(ref, ":")
	n, err := strconv.Atoi(i)
	if !ok || err != nil || int64(n+1) != id {
		return false
	}
	t, snip := strings.ToLower(text), strings.ToLower(snip)
	return strings.Contains(t, snip) || strings.Contains(snip, t) && t != ""
}

func scoreClaims(sc *Score, s Scenario, c Comparison) {
	sc.ClaimGold += len(s.Claims)
	for _, g := range c.Claims {
		if len(g.Claims) < 2 {
			continue
		}
		sc.ClaimPredicted++
		var got []string
		for _, r := range g.Claims {
			got = append(got, fmt.Sprintf("%d:%s", r.ArticleID-1, r.Claim.Text))
		}
		ok := false
		for _, gold := range s.Claims {
			if len(gold.Claims) != len(g.Claims) {
				continue
			}
			all := true
			for _, ref := range gold.Claims {
				hit := false
				for _, r := range g.Claims {
					hit = hit || matches(ref, r.ArticleID, r.Claim.Text)
				}
				all = all && hit
			}
			if all && gold.Class == g.Class {
				ok = true
			}
		}
		if ok {
			sc.ClaimCorrect++
		} else {
			sc.Errors = append(sc.Errors, fmt.Sprintf("%s: claim group %v classed %s", s.Name, got, g.Class))
		}
	}
}

func scoreQuotes(sc *Score, s Scenario, c Comparison) {
	type q struct {
		id         int64
		pred, gold int
	}
	var qs []q
	for gi, g := range c.Quotes {
		for _, v := range g.Variants {
			if v.Kind != "direct" {
				continue
			}
			gold := -1
			for k, refs := range s.Quotes {
				for _, ref := range refs {
					if matches(ref, v.ArticleID, v.Text) {
						gold = k
					}
				}
			}
			qs = append(qs, q{v.ArticleID, gi, gold})
		}
	}
	for _, refs := range s.Quotes {
		sc.QuotePairsGold += len(refs) * (len(refs) - 1) / 2
	}
	for i := range qs {
		for j := i + 1; j < len(qs); j++ {
			if qs[i].id == qs[j].id {
				continue
			}
			same := qs[i].pred == qs[j].pred
			gold := qs[i].gold >= 0 && qs[i].gold == qs[j].gold
			if same {
				sc.QuotePairsPred++
				if gold {
					sc.QuotePairsTrue++
				} else {
					sc.Errors = append(sc.Errors, fmt.Sprintf("%s: quotes of articles %d and %d grouped", s.Name, qs[i].id, qs[j].id))
				}
			}
		}
	}
	for k, refs := range s.Quotes {
		found := false
		for _, g := range c.Quotes {
			n := 0
			for _, ref := range refs {
				for _, v := range g.Variants {
					if matches(ref, v.ArticleID, v.Text) {
						n++
						break
					}
				}
			}
			found = found || n == len(refs)
		}
		if !found {
			sc.Errors = append(sc.Errors, fmt.Sprintf("%s: gold quote group %d not found whole", s.Name, k))
		}
	}
}
