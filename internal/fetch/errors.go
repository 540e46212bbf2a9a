package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Sentinel errors. Get wraps them with the URL concerned; test with
// errors.Is.
var (
	// ErrTooLarge: the body, as sent or once decompressed, is over
	// Options.MaxBodyBytes.
	ErrTooLarge = errors.New("response too large")
	// ErrDisallowed: robots.txt forbids the URL to our agent, or robots.txt
	// could not be read and the host is treated as closed for a while.
	ErrDisallowed = errors.New("disallowed by robots.txt")
	// ErrForbiddenAddress: the URL's host is, or resolves to, an address the
	// SSRF guard refuses.
	ErrForbiddenAddress = errors.New("forbidden address")
	// ErrTooManyRedirects: more than Options.MaxRedirects redirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrUnsupportedScheme: a URL, or a redirect, is not http or https.
	ErrUnsupportedScheme = errors.New("unsupported scheme")
	// ErrTooSlow: the body arrived slower than Options.MinTransferRate.
	ErrTooSlow = errors.New("transfer too slow")
	// ErrTimeout: a connect, TLS, header or whole-request timeout expired.
	ErrTimeout = errors.New("timed out")
	// ErrStatus: the server answered with a status other than 2xx or 304
	// (after retries, and redirects followed). The error is a *StatusError.
	ErrStatus = errors.New("unexpected status")
)

// StatusError is the error for an unwanted HTTP status. It matches
// ErrStatus with errors.Is.
type StatusError struct {
	// Code is the HTTP status code.
	Code int
	// URL is the URL that answered with Code (after any redirects).
	URL string
	// RetryAfter is how long the server asked us to wait (Retry-After on a
	// 429 or 503), zero when it did not say. When it asked for longer than
	// Options.RetryMaxDelay, Get gives up at once and leaves the waiting to
	// the caller's scheduler.
	RetryAfter time.Duration
}

// Error returns "fetch URL: status CODE TEXT".
func (e *StatusError) Error() string {
	msg := fmt.Sprintf("fetch %s: status %d %s", e.URL, e.Code, http.StatusText(e.Code))
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}

// Unwrap returns ErrStatus.
func (e *StatusError) Unwrap() error { return ErrStatus }
