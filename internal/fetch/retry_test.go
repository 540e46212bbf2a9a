package fetch

import (
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   string
		want time.Duration
		ok   bool
	}{
		{"seconds", "120", 2 * time.Minute, true},
		{"zero", "0", 0, true},
		{"spaces", " 7 ", 7 * time.Second, true},
		{"http date", "Sat, 01 Mar 2025 12:00:30 GMT", 30 * time.Second, true},
		{"rfc850 date", "Saturday, 01-Mar-25 12:01:00 GMT", time.Minute, true},
		{"date in the past", "Sat, 01 Mar 2025 11:00:00 GMT", 0, true},
		{"huge seconds", "99999999999999999999999", maxRetryAfter, true},
		{"empty", "", 0, false},
		{"negative", "-5", 0, false},
		{"fraction", "1.5", 0, false},
		{"junk", "soon", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseRetryAfter(tt.in, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	f.Add("120")
	f.Add("Sat, 01 Mar 2025 12:00:30 GMT")
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := parseRetryAfter(v, time.Now())
		if d < 0 || d > maxRetryAfter || !ok && d != 0 {
			t.Errorf("parseRetryAfter(%q) = %s, %v", v, d, ok)
		}
	})
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		name     string
		attempt  int
		lo, hi   time.Duration
		base, mx time.Duration
	}{
		{"first", 0, 50 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond, time.Second},
		{"second doubles", 1, 100 * time.Millisecond, 200 * time.Millisecond, 100 * time.Millisecond, time.Second},
		{"capped", 10, 500 * time.Millisecond, time.Second, 100 * time.Millisecond, time.Second},
		{"no overflow", 200, 15 * time.Second, 30 * time.Second, time.Second, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, u := range []float64{0, 0.5, 0.999999} {
				d := backoff(tt.attempt, tt.base, tt.mx, u)
				if d < tt.lo || d > tt.hi {
					t.Errorf("backoff(%d, u=%v) = %s, want within [%s, %s]", tt.attempt, u, d, tt.lo, tt.hi)
				}
			}
		})
	}
}

func TestTransient(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"refused", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true},
		{"reset", fmt.Errorf("read: %w", syscall.ECONNRESET), true},
		{"eof", io.EOF, true},
		{"unexpected eof", io.ErrUnexpectedEOF, true},
		{"dns temporary", &net.DNSError{IsTemporary: true}, true},
		{"dns not found", &net.DNSError{IsNotFound: true}, false},
		{"forbidden", fmt.Errorf("x: %w", ErrForbiddenAddress), false},
		{"too large", ErrTooLarge, false},
		{"timeout", fmt.Errorf("%w: %w", ErrTimeout, io.EOF), false},
		{"other", errors.New("tls: bad certificate"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := transient(tt.err); got != tt.want {
				t.Errorf("transient(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
