package news

import (
	"context"
	"time"
)

// AnnotationStore keeps what was found in each article: entities, quotes,
// numeric claims and dates. Annotations are written by AddArticle, in the
// article's transaction, when Article.Annotations is set; Article,
// StoryArticles and ScanArticles never read them (their Annotations stay
// nil), so listings stay cheap. These two methods read them when asked.
type AnnotationStore interface {
	// ArticleAnnotations returns the annotations stored with an article,
	// or ErrNotFound when the article does not exist or was stored
	// without annotations.
	ArticleAnnotations(ctx context.Context, articleID int64) (Annotations, error)
	// StoryAnnotations returns the annotations of a story's annotated
	// articles, in StoryArticles order (merged story IDs resolve as in
	// StoryArticles), without their Mentions: a story is read for who is
	// named, quoted and counted, not where in each text (ArticleAnnotations
	// has the mentions). A story that does not exist is ErrNotFound; a
	// story without annotated articles gives an empty list.
	StoryAnnotations(ctx context.Context, storyID int64) ([]ArticleAnnotations, error)
}

// Annotations are what the annotators found in one article. Offsets are
// byte offsets into the article's Text; indexes into Entities are 0-based,
// -1 meaning none.
type Annotations struct {
	// Entities are in order of first mention.
	Entities []EntityRef `json:"entities,omitempty"`
	// Mentions are in text order.
	Mentions []Mention `json:"mentions,omitempty"`
	// Quotes are in text order.
	Quotes []Quote `json:"quotes,omitempty"`
	// Claims are the numeric claims, in text order.
	Claims []Claim `json:"claims,omitempty"`
	// Dates are the date expressions, in text order, resolved against the
	// article's publication time.
	Dates []Date `json:"dates,omitempty"`
	// Dateline is the place (and agency) the article opens with, or nil.
	Dateline *Dateline `json:"dateline,omitempty"`
}

// EntityRef is one person, organisation, place or group an article refers
// to.
type EntityRef struct {
	// Name is the fullest name the article uses, without titles.
	Name string `json:"name"`
	// Type is PER, ORG, LOC or NORP.
	Type string `json:"type"`
	// Aliases are the other names and acronyms the article uses, in order
	// of first use; Titles the titles it gives a person.
	Aliases []string `json:"aliases,omitempty"`
	Titles  []string `json:"titles,omitempty"`
	// Mentions counts the entity's mentions in the article.
	Mentions int `json:"mentions"`
	// Key is the name normalised for grouping across articles: the type,
	// a colon and the folded name ("PER:bashar al-assad"). Spelling
	// variants have different keys; they merge when a story's entities are
	// canonicalised.
	Key string `json:"key"`
}

// Mention is one place in the text that refers to an entity.
type Mention struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
	// Kind is "name", "acronym" or "nominal" (a title standing for a
	// person: "the supreme leader").
	Kind string `json:"kind"`
	// Entity indexes Annotations.Entities.
	Entity int `json:"entity"`
	// Title is the title written before a person's name, or the title a
	// nominal mention is made of.
	Title string `json:"title,omitempty"`
	// Source is true when the text cites the entity as its source
	// ("according to the UN").
	Source bool `json:"source,omitempty"`
}

// Quote is one quotation, direct or reported.
type Quote struct {
	// Text is what was said, without quotation marks.
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Kind is "direct" or "reported".
	Kind string `json:"kind"`
	// Speaker is the speaker as written ("he", "the minister"), with its
	// span; "" with -1, -1 when none was found.
	Speaker      string `json:"speaker,omitempty"`
	SpeakerStart int    `json:"speaker_start"`
	SpeakerEnd   int    `json:"speaker_end"`
	// Name is who the speaker resolves to: the fullest name of the person
	// or body, or the speaker phrase when it names no one.
	Name string `json:"name,omitempty"`
	// SpeakerEntity indexes Annotations.Entities, or is -1.
	SpeakerEntity int `json:"speaker_entity"`
	// Cue is the attributing verb or phrase ("said", "according to").
	Cue string `json:"cue,omitempty"`
	// Nested is true for a quote inside another quote.
	Nested bool `json:"nested,omitempty"`
	// Partial is true for a quoted fragment inside a sentence of the
	// writer's own ("called the talks “a new page”").
	Partial bool `json:"partial,omitempty"`
}

// Claim is one numeric claim.
type Claim struct {
	// Text is the figure as written, hedge and unit included.
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Value is the stated number, the midpoint of a range; Low and High
	// bound the stated range and equal Value for a single figure.
	Value float64 `json:"value"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
	// Hedge is "exact", "below" ("nearly"), "above" ("over") or "around".
	Hedge string `json:"hedge"`
	// Unit is "people", "%", a currency code, a unit symbol, a duration
	// unit or the counted noun.
	Unit string `json:"unit,omitempty"`
	// Measure is what the figure counts ("people killed in the war").
	Measure string `json:"measure,omitempty"`
	// Attribution is the source as written ("the UN"), or "".
	Attribution string `json:"attribution,omitempty"`
}

// Date is one date expression.
type Date struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Time is the first instant of the period named, in UTC.
	Time time.Time `json:"time"`
	// Granularity is "day", "week", "month", "year" or "decade".
	Granularity string `json:"granularity"`
	// Relative is true when resolving it needed the publication time.
	Relative bool `json:"relative,omitempty"`
}

// Dateline is the place, and the agency if any, that opens an article:
// "TEHRAN, Iran (Reuters) –".
type Dateline struct {
	Text   string `json:"text"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Place  string `json:"place"`
	Region string `json:"region,omitempty"`
	Date   string `json:"date,omitempty"`
	Agency string `json:"agency,omitempty"`
}

// ArticleAnnotations are one stored article's annotations, with what a
// story view needs to say where they come from.
type ArticleAnnotations struct {
	ArticleID int64     `json:"article_id"`
	Source    string    `json:"source,omitempty"`
	Published time.Time `json:"published,omitzero"`
	// DuplicateOf is the article this one reprints, as in Article, or 0.
	DuplicateOf int64       `json:"duplicate_of,omitempty"`
	Annotations Annotations `json:"annotations"`
}

// StoryAnnotations are a story's annotations across its articles: entities
// merged across spelling variants, quotes grouped by speaker and wording,
// and the claims of every article.
type StoryAnnotations struct {
	Entities []StoryEntity `json:"entities"`
	Quotes   []StoryQuote  `json:"quotes"`
	Claims   []StoryClaim  `json:"claims"`
}

// StoryEntity is one entity across a story's articles.
type StoryEntity struct {
	// ID numbers the story's entities from 1, in order of first appearance.
	ID   int    `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	// Aliases are every other name the articles use for it.
	Aliases []string `json:"aliases,omitempty"`
	Titles  []string `json:"titles,omitempty"`
	// Keys are the EntityRef keys merged into it, the key of Name first:
	// the entity page and StoryFilter.Entity take them.
	Keys []string `json:"keys,omitempty"`
	// Sources are the distinct outlets that mention it, Articles the IDs of
	// the articles, Mentions the mentions in all of them.
	Sources  []string `json:"sources"`
	Articles []int64  `json:"articles"`
	Mentions int      `json:"mentions"`
}

// StoryQuote is one statement as the story's articles quote it: the same
// speaker, and wordings that share most of their words.
type StoryQuote struct {
	// Speaker is the speaker's name; Entity the StoryEntity.ID, or 0.
	Speaker string `json:"speaker"`
	Entity  int    `json:"entity,omitempty"`
	// Wordings are the quote as each article gives it, in article order.
	Wordings []QuoteWording `json:"wordings"`
}

// QuoteWording is one article's wording of a quote.
type QuoteWording struct {
	ArticleID int64  `json:"article_id"`
	Source    string `json:"source,omitempty"`
	Quote     Quote  `json:"quote"`
}

// StoryClaim is one article's numeric claim.
type StoryClaim struct {
	ArticleID int64  `json:"article_id"`
	Source    string `json:"source,omitempty"`
	Claim     Claim  `json:"claim"`
}
