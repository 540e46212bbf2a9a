package fetch

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestHostStateBucket(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		burst  int
		offset []time.Duration // request times from t0
		want   []bool
	}{
		{"one a second", 1, []time.Duration{0, 500 * time.Millisecond, time.Second, 1500 * time.Millisecond, 2 * time.Second}, []bool{true, false, true, false, true}},
		{"burst of three", 3, []time.Duration{0, 0, 0, 0, time.Second, time.Second}, []bool{true, true, true, false, true, false}},
		{"idle refills", 2, []time.Duration{0, 0, 10 * time.Second, 10 * time.Second, 10 * time.Second}, []bool{true, true, true, true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s hostState
			for i, off := range tt.offset {
				if got := s.reserve(t0.Add(off), time.Second, tt.burst); got != tt.want[i] {
					t.Errorf("request %d at %s: allowed %v, want %v", i, off, got, tt.want[i])
				}
			}
		})
	}
}

func TestHostsLimits(t *testing.T) {
	h := newHosts(Options{HostBurst: 1, HostConcurrency: 2, MaxConcurrency: 3})
	ctx := context.Background()
	var inHost, maxHost, inAll, maxAll atomic.Int32
	bump := func(cur, peak *atomic.Int32) {
		n := cur.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
	}
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			key := "a:80"
			if i%2 == 1 {
				key = "host" + string(rune('b'+i)) + ":80"
			}
			release, err := h.acquire(ctx, key, 0)
			if err != nil {
				t.Error(err)
				return
			}
			if key == "a:80" {
				bump(&inHost, &maxHost)
			}
			bump(&inAll, &maxAll)
			time.Sleep(20 * time.Millisecond)
			inAll.Add(-1)
			if key == "a:80" {
				inHost.Add(-1)
			}
			release()
		})
	}
	wg.Wait()
	if maxHost.Load() > 2 || maxAll.Load() > 3 {
		t.Errorf("peak per host %d (cap 2), overall %d (cap 3)", maxHost.Load(), maxAll.Load())
	}
	if len(h.global) != 0 {
		t.Errorf("%d global slots leaked", len(h.global))
	}
}

func TestHostsAcquireCancelled(t *testing.T) {
	h := newHosts(Options{HostBurst: 1, HostConcurrency: 1, MaxConcurrency: 1})
	release, err := h.acquire(context.Background(), "a:80", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	release()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := h.acquire(ctx, "a:80", time.Hour); err == nil {
		t.Fatal("acquire within the interval succeeded")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("cancelled acquire took %s", d)
	}
	if len(h.global) != 0 || len(h.m["a:80"].sem) != 0 {
		t.Error("slots leaked by a cancelled acquire")
	}
}

func TestHostsSweep(t *testing.T) {
	h := newHosts(Options{HostBurst: 1, HostConcurrency: 1, MaxConcurrency: 1})
	for i := range minSweep + 10 {
		release, err := h.acquire(context.Background(), "h"+string(rune(i))+":80", time.Nanosecond)
		if err != nil {
			t.Fatal(err)
		}
		release()
	}
	if len(h.m) > minSweep {
		t.Errorf("%d hosts remembered after a sweep", len(h.m))
	}
}
