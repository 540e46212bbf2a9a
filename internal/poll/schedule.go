// Package poll follows feeds and sitemaps: it decides when each source is
// due (a pure scheduling core, Policy.Next), and a Poller fetches the due
// sources, turns their new items into articles (the feed's own text when
// it is a full article, the linked page extracted otherwise) and sends
// them through the pipeline into stories, in publication order.
package poll

import (
	"time"
)

// Defaults of Policy's zero fields.
const (
	DefaultInterval    = 15 * time.Minute
	DefaultMinInterval = time.Minute
	DefaultMaxBackoff  = 24 * time.Hour
	DefaultSlowAfter   = 4
	DefaultMaxSlow     = 6 * time.Hour
)

// Policy decides when a source is polled next. The zero value uses the
// defaults above. It is deterministic: no jitter, so schedules can be
// tested and explained.
type Policy struct {
	// DefaultInterval is the interval of a source that sets none.
	DefaultInterval time.Duration
	// MinInterval is the shortest interval allowed, whatever a source
	// asks for.
	MinInterval time.Duration
	// MaxBackoff caps the wait after failures, and a Retry-After.
	MaxBackoff time.Duration
	// SlowAfter is how many consecutive polls without a new article a
	// source may have before its interval starts doubling; each further
	// such poll doubles it again, up to MaxSlow (or the source's own
	// interval when that is longer). A poll with new articles resets it.
	SlowAfter int
	MaxSlow   time.Duration
}

func (p Policy) withDefaults() Policy {
	if p.DefaultInterval <= 0 {
		p.DefaultInterval = DefaultInterval
	}
	if p.MinInterval <= 0 {
		p.MinInterval = DefaultMinInterval
	}
	if p.MaxBackoff <= 0 {
		p.MaxBackoff = DefaultMaxBackoff
	}
	if p.SlowAfter <= 0 {
		p.SlowAfter = DefaultSlowAfter
	}
	if p.MaxSlow <= 0 {
		p.MaxSlow = DefaultMaxSlow
	}
	return p
}

// Outcome is what one poll of a source found, as far as scheduling cares.
type Outcome struct {
	// Failed is true when the poll failed (no usable response).
	Failed bool
	// RetryAfter is how long the server asked us to wait, zero if it did
	// not say.
	RetryAfter time.Duration
	// NewArticles counts the articles the poll stored.
	NewArticles int
}

// Interval returns the interval a source is polled at when all is well:
// its own, or the default, never under MinInterval.
func (p Policy) Interval(sourceInterval time.Duration) time.Duration {
	p = p.withDefaults()
	d := sourceInterval
	if d <= 0 {
		d = p.DefaultInterval
	}
	return max(d, p.MinInterval)
}

// Next returns when a source is due again after a poll at now.
// failures and unchanged are the source's counters before this poll
// (news.Source.Failures and Unchanged).
//
//   - After a failure, the wait is interval × 2^(failures+1), at most
//     MaxBackoff (or the interval when that is longer), and at least the
//     server's Retry-After (under the same cap).
//   - After a poll with new articles, the wait is the interval.
//   - After a poll without any, the wait is the interval until the source
//     has had SlowAfter such polls in a row, then interval × 2, × 4, … up
//     to MaxSlow (or the interval when that is longer).
func (p Policy) Next(now time.Time, interval time.Duration, failures, unchanged int, o Outcome) time.Time {
	p = p.withDefaults()
	base := p.Interval(interval)
	switch {
	case o.Failed:
		limit := max(p.MaxBackoff, base)
		d := doubled(base, failures+1, limit)
		if o.RetryAfter > d {
			d = min(o.RetryAfter, limit)
		}
		return now.Add(d)
	case o.NewArticles > 0:
		return now.Add(base)
	default:
		quiet := unchanged + 1 // this poll included
		if quiet < p.SlowAfter {
			return now.Add(base)
		}
		return now.Add(doubled(base, quiet-p.SlowAfter+1, max(p.MaxSlow, base)))
	}
}

// doubled returns d × 2^n, at most limit, without overflowing.
func doubled(d time.Duration, n int, limit time.Duration) time.Duration {
	if d >= limit {
		return limit
	}
	for range n {
		if d >= limit/2 {
			return limit
		}
		d *= 2
	}
	return d
}
