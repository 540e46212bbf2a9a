// Package gold holds Parallax's hand-made gold set for the annotators
// (entities, quotes, numeric claims, dates, datelines), pure scorers for
// each, and Run, which scores the annotators on the set.
//
// The set is 66 short news-style paragraphs written for the project
// (invented or generic events), in gold.jsonl, one item a line. Items of
// split "dev" (22) are the ones the annotators were tuned on; "test" items
// (44) were held out and looked at only to report. Keep it that way: a
// change that only helps test items is overfitting.
//
// To add or edit an item, write its annotations' texts in text order and
// run "go test ./internal/annotate/gold -run TestGoldFile -update": the
// spans are recomputed and checked.
//
// Annotation conventions:
//   - entities: PER, ORG, LOC (countries, cities, regions; nationality
//     adjectives are not entities); spans exclude titles and honorifics
//     ("Ali Khamenei", not "Ayatollah Ali Khamenei"), include particles
//     ("Bashar al-Assad", "Willem van der Berg") and exclude a possessive
//     "'s"; every mention is listed, datelines included;
//   - quotes: the words between the marks, without a trailing comma; a
//     quote broken by its attribution ("A," she said, "B.") is two
//     quotes; a quote inside a quote is listed with its own speaker;
//     reported speech is the clause after "said (that)", "told … that",
//     "according to X," or before ", X said" / ", according to X"; a
//     quoted fragment of two words or more inside reported speech is
//     also a direct quote of the same speaker (a partial quote), while
//     scare quotes ("so-called", one word) are not quotes;
//     the speaker is the fullest name of the person or body, or the
//     phrase without its article when it names no one ("provincial
//     officials");
//   - claims: see package claim for what counts (ages do, dates do not);
//     "value" for a single figure, "low"/"high" for a range; hedge, unit,
//     measure and attribution as package claim defines them;
//   - dates: the expression without "on"/"in"; "date" is the first day
//     of the period, granularity day, week, month, year or decade;
//   - dateline: place as written, region, agency.
package gold

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

//go:embed gold.jsonl
var goldJSONL []byte

// Item is one gold paragraph with its annotations.
type Item struct {
	ID        string       `json:"id"`
	Split     string       `json:"split"`
	Published time.Time    `json:"published"`
	Text      string       `json:"text"`
	Entities  []EntitySpan `json:"entities"`
	Quotes    []Quote      `json:"quotes"`
	Claims    []Claim      `json:"claims"`
	Dates     []Date       `json:"dates"`
	Dateline  *Dateline    `json:"dateline"`
}

// EntitySpan is one entity mention. Annotators fill Text, Type, Start and
// End; Entity, Title and Kind are optional.
type EntitySpan struct {
	Text  string `json:"text"`
	Type  string `json:"type"` // PER, ORG or LOC; other types are not scored
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Entity links mentions of one entity within a text: mentions with the
	// same non-zero Entity are one entity; 0 means not linked. (From
	// package entity: Mention.Entity + 1, its index being 0-based.)
	Entity int `json:"entity,omitempty"`
	// Title is a person's title or role, when the annotator knows it.
	Title string `json:"title,omitempty"`
	// Kind is "name" (or ""), "acronym" or "nominal"; nominal mentions
	// ("the supreme leader") help resolve speakers but are not scored as
	// entities, the gold set listing names only.
	Kind string `json:"kind,omitempty"`
}

// Quote is a gold quotation.
type Quote struct {
	Text    string `json:"text"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Speaker string `json:"speaker"`
	Kind    string `json:"kind"` // direct or reported
}

// Claim is a gold numeric claim: Value for a single figure, Low and High
// for a range.
type Claim struct {
	Text        string   `json:"text"`
	Start       int      `json:"start"`
	End         int      `json:"end"`
	Value       *float64 `json:"value,omitempty"`
	Low         *float64 `json:"low,omitempty"`
	High        *float64 `json:"high,omitempty"`
	Hedge       string   `json:"hedge"`
	Unit        string   `json:"unit"`
	Measure     string   `json:"measure"`
	Attribution string   `json:"attribution"`
}

// Date is a gold date expression.
type Date struct {
	Text        string `json:"text"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Date        string `json:"date"`        // YYYY-MM-DD, first day of the period
	Granularity string `json:"granularity"` // day, week, month, year, decade
}

// Dateline is a gold dateline.
type Dateline struct {
	Place  string `json:"place"`
	Region string `json:"region"`
	Agency string `json:"agency"`
}

// Load returns the embedded gold set.
func Load() ([]Item, error) {
	items, err := Parse(bytes.NewReader(goldJSONL))
	if err != nil {
		return nil, fmt.Errorf("load gold set: %w", err)
	}
	return items, nil
}

// Parse reads a gold set in JSON Lines and checks that every span points
// at its text.
func Parse(r io.Reader) ([]Item, error) {
	var items []Item
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var it Item
		if err := json.Unmarshal(b, &it); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if err := it.check(); err != nil {
			return nil, fmt.Errorf("line %d (%s): %w", line, it.ID, err)
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read gold set: %w", err)
	}
	return items, nil
}

// check verifies the item's spans.
func (it *Item) check() error {
	span := func(kind, text string, s, e int) error {
		if s < 0 || e > len(it.Text) || s > e || it.Text[s:e] != text {
			return fmt.Errorf("%s %q: span [%d,%d) does not hold it", kind, text, s, e)
		}
		return nil
	}
	for _, e := range it.Entities {
		if err := span("entity", e.Text, e.Start, e.End); err != nil {
			return err
		}
	}
	for _, q := range it.Quotes {
		if err := span("quote", q.Text, q.Start, q.End); err != nil {
			return err
		}
	}
	for _, c := range it.Claims {
		if err := span("claim", c.Text, c.Start, c.End); err != nil {
			return err
		}
		if (c.Value == nil) == (c.Low == nil || c.High == nil) {
			return fmt.Errorf("claim %q: give either value or low and high", c.Text)
		}
	}
	for _, d := range it.Dates {
		if err := span("date", d.Text, d.Start, d.End); err != nil {
			return err
		}
		if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
			return fmt.Errorf("date %q: %w", d.Text, err)
		}
	}
	if it.Split != "dev" && it.Split != "test" {
		return fmt.Errorf("split %q: want dev or test", it.Split)
	}
	return nil
}
