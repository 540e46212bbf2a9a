package fetch

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"
)

// Request is one URL to fetch.
type Request struct {
	URL string
	// ETag and LastModified are the validators of the previous fetch of
	// URL (Response.ETag and Response.LastModified); when set they are sent
	// as If-None-Match and If-Modified-Since.
	ETag, LastModified string
	// Accept is the Accept header; empty means "*/*".
	Accept string
}

// Response is a successful fetch: a 2xx status, or 304 Not Modified.
type Response struct {
	// URL is the final URL, after redirects.
	URL string
	// MovedTo is where the requested URL has moved for good: the end of
	// the run of permanent redirects (301, 308) it starts with; empty when
	// the first answer was not one. After 301 then 302 it is the 301's
	// target, which is permanent, not the final URL, which is not. A
	// poller should follow the source there from now on.
	MovedTo string
	// Status is the HTTP status code.
	Status int
	// Header is the response header. Content-Encoding and Content-Length
	// are removed when the body was decoded.
	Header http.Header
	// Body is the decoded body, nil when NotModified.
	Body []byte
	// ETag and LastModified are the validators to send next time; on a 304
	// without them, those of the Request.
	ETag, LastModified string
	// NotModified is true on a 304 answer to a conditional request.
	NotModified bool
	// Fetched is when the response arrived.
	Fetched time.Time
	// ContentType is the Content-Type header, unchecked: whether the type
	// suits is the caller's decision.
	ContentType string
}

// Client fetches URLs politely and safely; see the package documentation.
// It is safe for concurrent use, and meant to be shared by every worker of
// a process so that the per-host limits hold.
type Client struct {
	opts      Options
	ua        string
	log       *slog.Logger
	guard     *guard
	transport *http.Transport
	http      *http.Client
	hosts     *hosts
	robots    *robotsCache
	interval  time.Duration
}

// New returns a Client for opts, or an error naming the options that
// cannot work.
func New(opts Options) (*Client, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	c := &Client{opts: o, ua: o.userAgent(), log: o.Logger, guard: newGuard(o), hosts: newHosts(o), interval: o.hostInterval()}
	c.transport = &http.Transport{
		Proxy:                  nil, // a proxy would dial on our behalf, past the guard
		DialContext:            c.guard.dial,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: o.RootCAs},
		TLSHandshakeTimeout:    o.TLSHandshakeTimeout,
		ResponseHeaderTimeout:  o.ResponseHeaderTimeout,
		ExpectContinueTimeout:  time.Second,
		DisableCompression:     true, // decoded here, under the size cap
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           4 * o.MaxConcurrency,
		MaxIdleConnsPerHost:    o.HostConcurrency,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	c.http = &http.Client{
		Transport: c.transport,
		// Redirects are followed by Get, one hop at a time, so that each hop
		// goes through robots.txt, the limits and the guard.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	c.robots = newRobotsCache(c)
	return c, nil
}

// CloseIdleConnections closes the connections kept for reuse.
func (c *Client) CloseIdleConnections() { c.transport.CloseIdleConnections() }

// UserAgent returns the User-Agent header the Client sends.
func (c *Client) UserAgent() string { return c.ua }

// Get fetches req.URL, following redirects, and returns the response when
// the final status is 2xx or 304. It blocks until the host's limits allow
// the request (and its retries), so ctx should carry the caller's
// deadline. Errors name the URL; an unwanted status is a *StatusError.
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	h := make(http.Header, 6)
	h.Set("User-Agent", c.ua)
	h.Set("Accept-Encoding", "gzip, deflate")
	h.Set("Accept", "*/*")
	if req.Accept != "" {
		h.Set("Accept", req.Accept)
	}
	if req.ETag != "" {
		h.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		h.Set("If-Modified-Since", req.LastModified)
	}
	res, final, moved, err := c.follow(ctx, u, h, !c.opts.IgnoreRobots, c.opts.MaxBodyBytes, false)
	if err != nil {
		return nil, err
	}
	switch {
	case res.status == http.StatusNotModified:
		r := res.response(final, moved)
		r.NotModified = true
		r.ETag = cmp(r.ETag, req.ETag)
		r.LastModified = cmp(r.LastModified, req.LastModified)
		return r, nil
	case res.status >= 200 && res.status < 300:
		return res.response(final, moved), nil
	}
	se := &StatusError{Code: res.status, URL: final.String()}
	if d, ok := parseRetryAfter(res.header.Get("Retry-After"), time.Now()); ok {
		se.RetryAfter = d
	}
	return nil, se
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// hop is what one exchange brought back.
type hop struct {
	status   int
	header   http.Header
	body     []byte
	location *url.URL // set on a redirect
	fetched  time.Time
}

func (h *hop) response(u, moved *url.URL) *Response {
	r := &Response{
		URL: u.String(), Status: h.status, Header: h.header, Body: h.body,
		ETag: h.header.Get("ETag"), LastModified: h.header.Get("Last-Modified"),
		Fetched: h.fetched, ContentType: h.header.Get("Content-Type"),
	}
	if moved != nil {
		r.MovedTo = moved.String()
	}
	return r
}

// follow fetches u and the redirects it leads to, and returns the last
// answer, whatever its status, with its URL, and the end of the run of
// permanent redirects u starts with (nil when it starts with none). Errors
// are wrapped with the URL that failed.
func (c *Client) follow(ctx context.Context, u *url.URL, h http.Header, robots bool, limit int64, truncate bool) (last *hop, final, moved *url.URL, err error) {
	origin := u
	wrap := func(err error) error {
		if u == origin {
			return fmt.Errorf("fetch %s: %w", u, err)
		}
		return fmt.Errorf("fetch %s (redirected from %s): %w", u, origin, err)
	}
	permanent := true // every hop so far was a permanent redirect
	for n := 0; ; n++ {
		u.Fragment, u.RawFragment = "", ""
		if err := c.guard.checkURL(u); err != nil {
			return nil, nil, nil, wrap(err)
		}
		res, err := c.attempts(ctx, u, h, robots, limit, truncate)
		if err != nil {
			return nil, nil, nil, wrap(err)
		}
		if res.location == nil {
			return res, u, moved, nil
		}
		if n >= c.opts.MaxRedirects {
			return nil, nil, nil, wrap(fmt.Errorf("redirect to %s after %d redirects: %w", res.location, n, ErrTooManyRedirects))
		}
		c.log.Debug("fetch: redirect", "from", u.String(), "to", res.location.String(), "status", res.status)
		if permanent = permanent && (res.status == http.StatusMovedPermanently || res.status == http.StatusPermanentRedirect); permanent {
			m := *res.location
			m.Fragment, m.RawFragment = "", ""
			moved = &m
		}
		u = res.location
	}
}

// attempts fetches u once, and again after transient failures.
func (c *Client) attempts(ctx context.Context, u *url.URL, h http.Header, robots bool, limit int64, truncate bool) (*hop, error) {
	interval := c.interval
	if robots {
		p, err := c.robots.policy(ctx, u)
		if err != nil {
			return nil, err
		}
		if !p.AllowsURL(u) {
			if p.closed {
				return nil, fmt.Errorf("robots.txt unavailable, host closed for a while: %w", ErrDisallowed)
			}
			return nil, ErrDisallowed
		}
		interval = max(interval, min(p.CrawlDelay, c.opts.MaxCrawlDelay))
	}
	key := hostKey(u)
	for attempt := 0; ; attempt++ {
		release, err := c.hosts.acquire(ctx, key, interval)
		if err != nil {
			return nil, err
		}
		res, err := c.exchange(ctx, u, h, limit, truncate)
		release()
		var wait time.Duration
		switch {
		case attempt >= c.opts.MaxRetries:
			return res, err
		case err != nil:
			if !transient(err) || ctx.Err() != nil {
				return nil, err
			}
			wait = backoff(attempt, c.opts.RetryBaseDelay, c.opts.RetryMaxDelay, rand.Float64())
		case retryableStatus(res.status):
			wait = backoff(attempt, c.opts.RetryBaseDelay, c.opts.RetryMaxDelay, rand.Float64())
			if ra, ok := parseRetryAfter(res.header.Get("Retry-After"), time.Now()); ok && ra > 0 {
				if ra > c.opts.RetryMaxDelay {
					return res, nil // the caller's scheduler should wait that long, not a worker
				}
				wait = ra
			}
		default:
			return res, nil
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return res, err // cannot wait that long; report what we have
		}
		var reason string
		if err != nil {
			reason = err.Error()
		} else {
			reason = fmt.Sprintf("status %d, retry-after %q", res.status, res.header.Get("Retry-After"))
		}
		c.log.Debug("fetch: retrying", "url", u.String(), "attempt", attempt+1, "wait", wait, "reason", reason)
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}
