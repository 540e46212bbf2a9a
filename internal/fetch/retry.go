package fetch

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// retryableStatus reports whether a status is worth repeating the request
// for: the server is overloaded, restarting, or behind a failing gateway.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// transient reports whether a network error may well not happen again: a
// refused, reset or dropped connection, a temporary DNS failure. Timeouts
// are not retried (a slow server gets no more load from us), nor are our
// own refusals.
func transient(err error) bool {
	switch {
	case err == nil,
		errors.Is(err, ErrForbiddenAddress), errors.Is(err, ErrTooLarge),
		errors.Is(err, ErrTooSlow), errors.Is(err, ErrTimeout),
		errors.Is(err, ErrUnsupportedScheme):
		return false
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.IsTemporary && !dns.IsNotFound
	}
	return false
}

// maxRetryAfter bounds a parsed Retry-After so that it cannot overflow.
const maxRetryAfter = 365 * 24 * time.Hour

// parseRetryAfter reads a Retry-After value, delay-seconds or an HTTP date,
// as a wait from now; ok is false when v is neither.
func parseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			if ne, isNum := err.(*strconv.NumError); isNum && ne.Err == strconv.ErrRange {
				return maxRetryAfter, true
			}
			return 0, false
		}
		if n > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), maxRetryAfter), true
}

// backoff is the wait before retry number attempt+1: base doubled per
// attempt, capped at limit, then jittered into its upper half by u, a
// uniform number in [0, 1).
func backoff(attempt int, base, limit time.Duration, u float64) time.Duration {
	d := limit
	if attempt < 32 && base<<attempt > 0 && base<<attempt < limit {
		d = base << attempt
	}
	return d/2 + time.Duration(u*float64(d/2))
}
