package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// robotsCache holds one Policy per origin (scheme, host and port), fetched
// once however many requests want it at the same time.
type robotsCache struct {
	c  *Client
	mu sync.Mutex
	m  map[string]*robotsEntry
	// sweepAt is the size at which expired entries are next dropped.
	sweepAt int
}

type robotsEntry struct {
	ready   chan struct{} // closed once policy and expires are set, or the load failed
	policy  *Policy
	expires time.Time
	failed  bool // the load ended without a policy (caller gone, forbidden address)
}

func newRobotsCache(c *Client) *robotsCache {
	return &robotsCache{c: c, m: make(map[string]*robotsEntry), sweepAt: minSweep}
}

// policy returns the robots.txt policy for u's origin, loading it when it
// is missing or expired.
func (rc *robotsCache) policy(ctx context.Context, u *url.URL) (*Policy, error) {
	key := u.Scheme + "://" + hostKey(u)
	for {
		rc.mu.Lock()
		e := rc.m[key]
		var stale *Policy
		if e != nil {
			select {
			case <-e.ready:
				if time.Now().Before(e.expires) {
					rc.mu.Unlock()
					return e.policy, nil
				}
				stale = e.policy
			default:
				rc.mu.Unlock()
				select {
				case <-e.ready:
					continue // loaded, or failed and to be tried again
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}
		}
		if len(rc.m) >= rc.sweepAt {
			rc.sweep(time.Now())
		}
		mine := &robotsEntry{ready: make(chan struct{})}
		rc.m[key] = mine
		rc.mu.Unlock()

		p, ttl, err := rc.load(ctx, u, stale)
		rc.mu.Lock()
		if err != nil {
			mine.failed = true
			if e != nil {
				rc.m[key] = e // keep the expired entry; the next caller retries
			} else {
				delete(rc.m, key)
			}
		} else {
			mine.policy, mine.expires = p, time.Now().Add(ttl)
		}
		close(mine.ready)
		rc.mu.Unlock()
		return p, err
	}
}

// sweep drops expired entries once the map has doubled since the last
// sweep.
func (rc *robotsCache) sweep(now time.Time) {
	for k, e := range rc.m {
		select {
		case <-e.ready:
			if !now.Before(e.expires) {
				delete(rc.m, k)
			}
		default:
		}
	}
	rc.sweepAt = max(minSweep, 2*len(rc.m))
}

// load fetches and parses the robots.txt of u's origin, and says how long
// the answer holds. Per RFC 9309: a 4xx (but 429) means no rules; a 429,
// a 5xx or no answer at all closes the host for RobotsErrorTTL (or keeps
// the stale rules that long, if there are some); too many redirects count
// as no file. An error is returned only when the caller's context ended or
// the guard refused an address, and nothing is cached then.
func (rc *robotsCache) load(ctx context.Context, u *url.URL, stale *Policy) (*Policy, time.Duration, error) {
	c := rc.c
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	h := make(http.Header, 3)
	h.Set("User-Agent", c.ua)
	h.Set("Accept-Encoding", "gzip, deflate")
	h.Set("Accept", "text/plain, */*;q=0.5")
	res, _, _, err := c.follow(ctx, ru, h, false, MaxRobotsBytes, true)
	unreachable := func(why string, args ...any) (*Policy, time.Duration, error) {
		c.log.Warn("fetch: robots.txt unavailable, host closed for a while",
			append([]any{"url", ru.String(), "reason", why, "for", c.opts.RobotsErrorTTL, "stale", stale != nil}, args...)...)
		if stale != nil {
			return stale, c.opts.RobotsErrorTTL, nil
		}
		return disallowAll, c.opts.RobotsErrorTTL, nil
	}
	switch {
	case ctx.Err() != nil:
		return nil, 0, ctx.Err()
	case errors.Is(err, ErrForbiddenAddress), errors.Is(err, ErrUnsupportedScheme):
		return nil, 0, err
	case errors.Is(err, ErrTooManyRedirects):
		c.log.Debug("fetch: robots.txt redirects too often, no rules", "url", ru.String())
		return allowAll, c.opts.RobotsTTL, nil
	case err != nil:
		return unreachable(err.Error())
	case res.status >= 200 && res.status < 300:
		p := ParseRobots(res.body).For(AgentToken)
		c.log.Debug("fetch: robots.txt loaded", "url", ru.String(), "rules", len(p.rules), "crawl_delay", p.CrawlDelay)
		return p, c.opts.RobotsTTL, nil
	case res.status == http.StatusTooManyRequests || res.status >= 500:
		return unreachable("status", "status", res.status)
	default: // 4xx, or an odd status: no usable file, no rules
		c.log.Debug("fetch: no robots.txt, no rules", "url", ru.String(), "status", res.status)
		return allowAll, c.opts.RobotsTTL, nil
	}
}
