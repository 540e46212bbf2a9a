// Package news holds Parallax's domain types, the Store contract every
// storage backend implements, and the sentinel errors shared across stages.
// It imports the standard library only.
package news

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// Sentinel errors. Callers test them with errors.Is.
var (
	// ErrNotFound reports that the requested record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate reports that an article with the same identity
	// (canonical URL or content hash) is already stored.
	ErrDuplicate = errors.New("duplicate article")
	// ErrInvalid reports a request or record that fails validation.
	ErrInvalid = errors.New("invalid")
)

// Article is one report by one outlet, as stored.
type Article struct {
	ID int64 `json:"id"`
	// Identity is what makes an article unique in the store: "url:" plus
	// the canonical URL when there is one, else "sha256:" plus the hash of
	// the normalised title and text. See Identity.
	Identity  string    `json:"-"`
	URL       string    `json:"url,omitempty"`
	Source    string    `json:"source,omitempty"`
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	Lang      string    `json:"lang,omitempty"`
	Published time.Time `json:"published,omitzero"`
	// Ingested is when Parallax first stored the article.
	Ingested time.Time `json:"ingested"`
	// Origin names where the article came from (file and line, feed URL).
	// It can hold local paths, so it stays out of JSON.
	Origin  string `json:"-"`
	StoryID int64  `json:"story_id"`
	// DuplicateOf is the ID of the earlier article this one reprints, or 0.
	DuplicateOf int64 `json:"duplicate_of,omitempty"`
	// Assignment is the evidence for the article's place in its story.
	Assignment Assignment `json:"assignment"`
	// Annotations are what the annotators found in the text. AddArticle
	// stores them when set; the article readers leave them nil, and
	// AnnotationStore reads them.
	Annotations *Annotations `json:"annotations,omitempty"`
}

// Assignment records why an article joined its story.
type Assignment struct {
	// StoryID is the story the article was placed in, which a later merge
	// may have folded into another (Article.StoryID is where it is now).
	StoryID int64 `json:"story_id"`
	// NewStory is true when the article started the story.
	NewStory bool `json:"new_story"`
	// Score is the similarity to the story that won (0 for a new story
	// with no candidate above zero).
	Score float64 `json:"score"`
	// RunnerUp is the best score among the other candidate stories.
	RunnerUp float64 `json:"runner_up,omitempty"`
	// Terms are the strongest shared terms between article and story.
	Terms []string `json:"terms,omitempty"`
	// Entities are the shared names (capitalised terms) between article and story.
	Entities []string `json:"entities,omitempty"`
	// TimeGap is the time between the article and the story's last report;
	// JSON carries it as time_gap_seconds.
	TimeGap time.Duration `json:"-"`
	// DuplicateOf is set when the article was placed as a reprint.
	DuplicateOf int64 `json:"duplicate_of,omitempty"`
	// Similarity is the estimated resemblance to DuplicateOf.
	Similarity float64 `json:"similarity,omitempty"`
}

// assignmentJSON is Assignment's JSON form, with the time gap in seconds.
type assignmentJSON struct {
	assignmentFields
	TimeGapSeconds float64 `json:"time_gap_seconds,omitempty"`
}

type assignmentFields Assignment

// MarshalJSON writes the time gap in seconds.
func (a Assignment) MarshalJSON() ([]byte, error) {
	return json.Marshal(assignmentJSON{assignmentFields(a), a.TimeGap.Seconds()})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (a *Assignment) UnmarshalJSON(b []byte) error {
	var v assignmentJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*a = Assignment(v.assignmentFields)
	a.TimeGap = time.Duration(v.TimeGapSeconds * float64(time.Second))
	return nil
}

// Story is a group of articles about one real-world event.
type Story struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	// Articles counts every article in the story, reprints included.
	Articles int `json:"articles"`
	// Sources counts distinct outlets.
	Sources int `json:"sources"`
	// Originals counts articles that are not reprints of another.
	Originals int       `json:"originals"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// Merge records that one story turned out to report the same event as
// another and was folded into it.
type Merge struct {
	From int64 `json:"from"`
	Into int64 `json:"into"`
	// Score is the similarity of the two stories when they merged.
	Score float64 `json:"score"`
	// At is when the merge happened (the time of the report that caused it).
	At time.Time `json:"at"`
}

// StoryFilter narrows a story listing.
type StoryFilter struct {
	// Limit caps the number of stories; 0 means the store's default (50).
	Limit int
	// Before, when non-zero, returns only stories whose (LastSeen, ID) sorts
	// before this cursor in the listing order, for pagination.
	Before *StoryCursor
	// MinArticles, when above zero, hides smaller stories.
	MinArticles int
	// Since and Until, when non-zero, keep stories whose activity
	// (FirstSeen to LastSeen) overlaps [Since, Until).
	Since, Until time.Time
	// Source, when set, keeps stories with an article from this outlet
	// (exact name, as in Article.Source).
	Source string
	// Entity, when set, keeps stories with an article naming this entity,
	// by its key (EntityRef.Key, "PER:bashar al-assad").
	Entity string
	// Language, when set, keeps stories with an article in this language
	// (Article.Lang, "en").
	Language string
}

// StoryCursor is a position in the story listing, which is ordered by
// LastSeen descending, then ID descending.
type StoryCursor struct {
	LastSeen time.Time
	ID       int64
}

// SearchHit is one article matching a full-text query.
type SearchHit struct {
	Article Article `json:"article"`
	// Snippet is a short extract around the match, plain text with each
	// matched run between MatchStart and MatchEnd (see SnippetParts).
	Snippet string  `json:"snippet"`
	Rank    float64 `json:"rank"`
}

// Stats summarises what a store holds.
type Stats struct {
	Articles int `json:"articles"`
	Stories  int `json:"stories"`
	Reprints int `json:"reprints"`
	Sources  int `json:"sources"`
}

// Store is the persistence contract. Every backend passes the conformance
// suite in news/storetest. Methods that take a context block on I/O. The
// parts about followed sources and about annotations are declared beside
// their types, in sources.go and annotations.go.
type Store interface {
	SourceStore
	AnnotationStore
	DirectoryStore

	// AddArticle stores a new article together with its story assignment,
	// atomically: either the article, its story's new totals and the
	// evidence are all stored, or none is. a.StoryID must be set; the story
	// is created when it does not exist. It returns the new article ID, or
	// ErrDuplicate when an article with the same Identity exists.
	AddArticle(ctx context.Context, a *Article) (int64, error)
	// HasIdentity reports whether an article with this identity is stored.
	HasIdentity(ctx context.Context, identity string) (bool, error)
	// Article returns one article, or ErrNotFound.
	Article(ctx context.Context, id int64) (Article, error)
	// Story returns one story, or ErrNotFound. The ID of a merged story
	// returns the story it was merged into, whose ID differs.
	Story(ctx context.Context, id int64) (Story, error)
	// Stories lists stories, most recently active first.
	Stories(ctx context.Context, f StoryFilter) ([]Story, error)
	// StoryArticles lists a story's articles in publication order.
	StoryArticles(ctx context.Context, storyID int64) ([]Article, error)
	// Search runs a full-text query over titles and texts, best first.
	// A backend may rank only the newest few thousand matches of a query
	// that matches very many articles (SQLite: 5,000), so that a common
	// word costs no more than a rare one.
	Search(ctx context.Context, query string, limit int) ([]SearchHit, error)
	// ScanArticles calls fn for every stored article in insertion (ID)
	// order, starting after ID afterID; it stops at the first error fn
	// returns and returns it. Used to rebuild in-memory state on start.
	ScanArticles(ctx context.Context, afterID int64, fn func(Article) error) error
	// MergeStories folds story from into story into, atomically: from's
	// articles move to into, into's totals are recomputed, and from is
	// recorded as merged so that Story and StoryArticles of from resolve
	// to into from then on (through any later merges of into as well).
	// A missing story is ErrNotFound; from == into is ErrInvalid.
	MergeStories(ctx context.Context, m Merge) error
	// StoryMerges lists the merges that formed story id (or the story id
	// was merged into), oldest first: each story folded into it, directly
	// or through a story folded in later, with the story it was folded
	// into at the time.
	StoryMerges(ctx context.Context, id int64) ([]Merge, error)
	// MaxStoryID returns the highest story ID ever used, merged stories
	// included, or 0.
	MaxStoryID(ctx context.Context) (int64, error)
	// Stats counts what the store holds.
	Stats(ctx context.Context) (Stats, error)
	// Close releases the store.
	Close() error
}
