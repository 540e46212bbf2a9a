package poll

import (
	"testing"
	"time"
)

func TestPolicyNext(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name                string
		policy              Policy
		interval            time.Duration
		failures, unchanged int
		outcome             Outcome
		want                time.Duration
	}{
		{"new articles, default interval", Policy{}, 0, 0, 0, Outcome{NewArticles: 3}, 15 * time.Minute},
		{"new articles, own interval", Policy{}, time.Hour, 0, 9, Outcome{NewArticles: 1}, time.Hour},
		{"interval under the minimum", Policy{}, 10 * time.Second, 0, 0, Outcome{NewArticles: 1}, time.Minute},
		{"custom minimum", Policy{MinInterval: 5 * time.Minute}, time.Minute, 0, 0, Outcome{NewArticles: 1}, 5 * time.Minute},
		{"first failure doubles", Policy{}, 0, 0, 0, Outcome{Failed: true}, 30 * time.Minute},
		{"third failure", Policy{}, 0, 2, 0, Outcome{Failed: true}, 2 * time.Hour},
		{"failures cap at 24h", Policy{}, 0, 10, 0, Outcome{Failed: true}, 24 * time.Hour},
		{"huge failure count does not overflow", Policy{}, 0, 1 << 30, 0, Outcome{Failed: true}, 24 * time.Hour},
		{"custom backoff cap", Policy{MaxBackoff: time.Hour}, 0, 5, 0, Outcome{Failed: true}, time.Hour},
		{"interval beyond the cap is kept", Policy{}, 48 * time.Hour, 3, 0, Outcome{Failed: true}, 48 * time.Hour},
		{"retry-after longer than backoff", Policy{}, 0, 0, 0, Outcome{Failed: true, RetryAfter: 3 * time.Hour}, 3 * time.Hour},
		{"retry-after shorter than backoff", Policy{}, 0, 2, 0, Outcome{Failed: true, RetryAfter: time.Minute}, 2 * time.Hour},
		{"retry-after capped", Policy{}, 0, 0, 0, Outcome{Failed: true, RetryAfter: 100 * time.Hour}, 24 * time.Hour},
		{"failure ignores unchanged", Policy{}, 0, 0, 20, Outcome{Failed: true}, 30 * time.Minute},
		{"quiet poll below the threshold", Policy{}, 0, 0, 0, Outcome{}, 15 * time.Minute},
		{"third quiet poll in a row", Policy{}, 0, 0, 2, Outcome{}, 15 * time.Minute},
		{"fourth quiet poll doubles", Policy{}, 0, 0, 3, Outcome{}, 30 * time.Minute},
		{"fifth quiet poll quadruples", Policy{}, 0, 0, 4, Outcome{}, time.Hour},
		{"slow-down capped at 6h", Policy{}, 0, 0, 50, Outcome{}, 6 * time.Hour},
		{"slow-down never below own interval", Policy{}, 12 * time.Hour, 0, 50, Outcome{}, 12 * time.Hour},
		{"custom slow-down", Policy{SlowAfter: 1, MaxSlow: 40 * time.Minute}, 10 * time.Minute, 0, 0, Outcome{}, 20 * time.Minute},
		{"new articles reset the slow-down", Policy{}, 0, 0, 50, Outcome{NewArticles: 1}, 15 * time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.policy.Next(now, tc.interval, tc.failures, tc.unchanged, tc.outcome).Sub(now)
			if got != tc.want {
				t.Errorf("Next = now + %s, want now + %s", got, tc.want)
			}
		})
	}
}

// A source that fails again and again backs off monotonically up to the
// cap, and one success brings it back to its interval.
func TestPolicyBackoffSequence(t *testing.T) {
	var p Policy
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	prev := time.Duration(0)
	for failures := range 12 {
		d := p.Next(now, 0, failures, 0, Outcome{Failed: true}).Sub(now)
		if d < prev || d > DefaultMaxBackoff {
			t.Fatalf("failure %d: wait %s after %s", failures+1, d, prev)
		}
		prev = d
	}
	if prev != DefaultMaxBackoff {
		t.Errorf("wait after 12 failures = %s, want the cap", prev)
	}
	if d := p.Next(now, 0, 12, 0, Outcome{NewArticles: 1}).Sub(now); d != DefaultInterval {
		t.Errorf("wait after a success = %s", d)
	}
}

func BenchmarkPolicyNext(b *testing.B) {
	b.ReportAllocs()
	var p Policy
	now := time.Now()
	for i := range b.N {
		_ = p.Next(now, 0, i%20, i%30, Outcome{Failed: i%3 == 0, NewArticles: i % 2})
	}
}
