// Package fetch is the only part of Parallax that makes outbound HTTP
// requests. A Client fetches one URL at a time on behalf of many workers and
// keeps them polite and safe:
//
//   - robots.txt is fetched once per origin, cached, and obeyed for the agent
//     token "parallax" (falling back to "*"); Crawl-delay sets a minimum
//     interval between requests to that host;
//   - each host gets at most HostRate requests a second and HostConcurrency
//     requests at a time, and the Client as a whole MaxConcurrency;
//   - transient failures (408, 429, 500, 502, 503, 504, refused or dropped
//     connections) are retried with exponential backoff and jitter,
//     honouring Retry-After;
//   - every response is bounded: redirects, header and whole-request
//     timeouts, a minimum transfer rate, a body-size cap that also applies
//     after gzip or deflate decoding;
//   - the SSRF guard refuses loopback, private, link-local, multicast and
//     other special-use addresses after name resolution, at dial time and so
//     on every redirect, unless Options.AllowPrivate names the range.
//
// Conditional GET is supported through Request.ETag and
// Request.LastModified; a 304 answer comes back as Response.NotModified.
//
// Failures are reported with sentinel errors (ErrTooLarge, ErrDisallowed,
// ErrForbiddenAddress, ErrTooManyRedirects, ErrUnsupportedScheme,
// ErrTooSlow, ErrTimeout) wrapped with the URL, and unwanted statuses as a
// *StatusError, which matches ErrStatus.
package fetch
