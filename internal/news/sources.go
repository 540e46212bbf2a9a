package news

import (
	"context"
	"encoding/json"
	"time"
)

// Kinds of followed source.
const (
	// SourceFeed is an RSS, Atom or JSON Feed document.
	SourceFeed = "feed"
	// SourceSitemap is a sitemap or sitemap index (news sitemaps included).
	SourceSitemap = "sitemap"
)

// Source is a feed or sitemap that Parallax follows, with the state of its
// polling. Times are UTC; a store keeps them to the microsecond.
type Source struct {
	ID int64 `json:"id"`
	// URL is the address polled: the feed or sitemap itself, absolute,
	// http or https. Two sources cannot share a canonical URL
	// (CanonicalURL of URL).
	URL string `json:"url"`
	// Kind is SourceFeed or SourceSitemap. The poller trusts the bytes
	// more than Kind: a feed that turns into a sitemap is still read.
	Kind string `json:"kind"`
	// Title names the outlet; articles from the source carry it as their
	// Source. Empty until known.
	Title string `json:"title,omitempty"`
	// SiteURL is the site the feed belongs to, or empty.
	SiteURL string `json:"site_url,omitempty"`
	// Interval is how often the source is polled when all is well; zero
	// means the poller's default. JSON carries it as interval_seconds.
	Interval time.Duration `json:"-"`
	// Added is when the source was followed.
	Added time.Time `json:"added"`
	// LastFetched is when the source was last polled (zero: never);
	// NextFetch when it is due next.
	LastFetched time.Time `json:"last_fetched,omitzero"`
	NextFetch   time.Time `json:"next_fetch"`
	// ETag and LastModified are the validators of the last successful
	// fetch, sent back for a conditional GET.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// Failures counts consecutive failed polls; 0 after a success.
	Failures int `json:"failures"`
	// Unchanged counts consecutive successful polls that brought no new
	// article (a 304, or only items already stored); 0 after one that did.
	// The poller slows down sources that rarely change with it.
	Unchanged int `json:"unchanged"`
	// LastError is the message of the last failed poll; empty after a
	// success.
	LastError string `json:"last_error,omitempty"`
	// LastStatus is the HTTP status of the last poll, 0 when no response
	// came back.
	LastStatus int `json:"last_status,omitempty"`
	// Articles counts the articles stored from this source.
	Articles int `json:"articles"`
}

// sourceJSON is Source's JSON form, with the interval in seconds.
type sourceJSON struct {
	sourceFields
	IntervalSeconds float64 `json:"interval_seconds,omitempty"`
}

type sourceFields Source

// MarshalJSON writes the interval in seconds.
func (s Source) MarshalJSON() ([]byte, error) {
	return json.Marshal(sourceJSON{sourceFields(s), s.Interval.Seconds()})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (s *Source) UnmarshalJSON(b []byte) error {
	var v sourceJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = Source(v.sourceFields)
	s.Interval = time.Duration(v.IntervalSeconds * float64(time.Second))
	return nil
}

// FetchResult is the outcome of one poll of a source, as RecordFetch
// stores it.
type FetchResult struct {
	// At is when the poll happened; it becomes LastFetched.
	At time.Time
	// Status is the HTTP status (304 for not modified), 0 when no response
	// came back.
	Status int
	// ETag and LastModified replace the stored validators after a
	// successful poll (empty clears them); after a failure they are kept.
	ETag, LastModified string
	// Err is empty for a successful poll; otherwise it says what failed,
	// naming the URL, and the poll counts as a failure.
	Err string
	// NextFetch is when the source is due again.
	NextFetch time.Time
	// NewArticles is the number of articles stored by this poll; it is
	// added to Source.Articles.
	NewArticles int
	// Title and SiteURL, when not empty, fill the source's Title and
	// SiteURL if those are still empty; they never replace what is set.
	Title, SiteURL string
}

// SourceUpdate is a change to a followed source's settings: each field
// that is not nil replaces the stored one.
type SourceUpdate struct {
	// URL is the new address to poll, such as where the source moved
	// permanently (a 301 or 308). When its canonical URL differs from the
	// stored one the validators (ETag, LastModified) are cleared: they
	// belong to the old address.
	URL      *string
	Kind     *string
	Title    *string
	SiteURL  *string
	Interval *time.Duration
}

// SourceStore keeps the feeds and sitemaps Parallax follows and the state
// of their polling.
type SourceStore interface {
	// AddSource follows src and returns it as stored, with its ID set (IDs
	// of removed sources are never given out again). URL
	// must be an absolute http or https URL and Kind SourceFeed or
	// SourceSitemap, and Interval not negative, or the error wraps
	// ErrInvalid. A zero Added is stored as the current time; a zero
	// NextFetch as Added (due at once). Failures, Unchanged, LastError,
	// LastStatus, Articles and LastFetched start at zero whatever src
	// says. ErrDuplicate when a source with the same canonical URL is
	// followed.
	AddSource(ctx context.Context, src Source) (Source, error)
	// UpdateSource changes the settings of source id as u says and
	// returns the source as stored; its polling state (times, counters,
	// last error and status, articles) is kept, and so are the
	// validators unless the URL moves. The rules of AddSource hold for
	// the new values (ErrInvalid), and ErrDuplicate when another source
	// has the new canonical URL; ErrNotFound when there is no such
	// source. An empty update returns the source unchanged.
	UpdateSource(ctx context.Context, id int64, u SourceUpdate) (Source, error)
	// RemoveSource stops following a source; the articles it brought stay.
	// ErrNotFound when there is no such source.
	RemoveSource(ctx context.Context, id int64) error
	// Source returns one source, or ErrNotFound.
	Source(ctx context.Context, id int64) (Source, error)
	// Sources lists every followed source in ID order.
	Sources(ctx context.Context) ([]Source, error)
	// DueSources lists the sources whose NextFetch is at or before now,
	// earliest first (then by ID), at most limit of them (all when limit
	// is 0 or less).
	DueSources(ctx context.Context, now time.Time, limit int) ([]Source, error)
	// RecordFetch stores the outcome of a poll of source id, atomically:
	// LastFetched = r.At, LastStatus = r.Status, NextFetch = r.NextFetch,
	// Articles += r.NewArticles, Title and SiteURL filled when empty; then
	// on success (r.Err == "") Failures = 0, LastError = "", the
	// validators replaced, and Unchanged = 0 when r.NewArticles > 0 and
	// Unchanged + 1 otherwise; on failure Failures + 1, LastError = r.Err,
	// the validators and Unchanged kept. ErrNotFound when there is no such
	// source (it may have been removed while it was polled).
	RecordFetch(ctx context.Context, id int64, r FetchResult) error
}
