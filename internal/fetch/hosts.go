package fetch

import (
	"context"
	"sync"
	"time"
)

// hosts enforces the per-host rate and concurrency limits and the global
// concurrency cap. Waiting is ordered so that a request holds a global
// slot only when its host is ready for it.
type hosts struct {
	burst   int
	perHost int
	global  chan struct{}

	mu      sync.Mutex
	m       map[string]*hostState
	sweepAt int
}

type hostState struct {
	sem   chan struct{} // per-host concurrency
	tat   time.Time     // theoretical arrival time of the next request (GCRA)
	users int           // goroutines holding or waiting for sem; under hosts.mu
}

const minSweep = 1024

func newHosts(o Options) *hosts {
	return &hosts{
		burst:   o.HostBurst,
		perHost: o.HostConcurrency,
		global:  make(chan struct{}, o.MaxConcurrency),
		m:       make(map[string]*hostState),
		sweepAt: minSweep,
	}
}

// acquire waits until a request to the host key may start, no sooner than
// interval after the previous one (bursts of h.burst aside), and returns
// the function that ends it.
func (h *hosts) acquire(ctx context.Context, key string, interval time.Duration) (func(), error) {
	h.mu.Lock()
	s := h.m[key]
	if s == nil {
		if len(h.m) >= h.sweepAt {
			h.sweep(time.Now())
		}
		s = &hostState{sem: make(chan struct{}, h.perHost)}
		h.m[key] = s
	}
	s.users++
	h.mu.Unlock()
	leave := func() {
		h.mu.Lock()
		s.users--
		h.mu.Unlock()
	}

	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
	for {
		h.mu.Lock()
		wait := s.wait(time.Now(), interval, h.burst)
		h.mu.Unlock()
		if err := sleep(ctx, wait); err != nil {
			<-s.sem
			leave()
			return nil, err
		}
		select {
		case h.global <- struct{}{}:
		case <-ctx.Done():
			<-s.sem
			leave()
			return nil, ctx.Err()
		}
		// Waiting for the global slot may have let the other request to this
		// host go first; if so, give the slot back and wait again.
		h.mu.Lock()
		ok := s.reserve(time.Now(), interval, h.burst)
		h.mu.Unlock()
		if ok {
			return func() {
				<-h.global
				<-s.sem
				leave()
			}, nil
		}
		<-h.global
	}
}

// wait is how long until a request is allowed: the generic cell rate
// algorithm, a token bucket of size burst refilled every interval.
func (s *hostState) wait(now time.Time, interval time.Duration, burst int) time.Duration {
	earliest := s.tat.Add(-time.Duration(burst-1) * interval)
	return max(earliest.Sub(now), 0)
}

// reserve takes a token if one is available at now.
func (s *hostState) reserve(now time.Time, interval time.Duration, burst int) bool {
	if s.wait(now, interval, burst) > 0 {
		return false
	}
	s.tat = later(s.tat, now).Add(interval)
	return true
}

// sweep forgets hosts nobody is using whose bucket is full again, which
// loses nothing. It runs when the map has doubled since the last sweep.
func (h *hosts) sweep(now time.Time) {
	for k, s := range h.m {
		if s.users == 0 && !s.tat.After(now) {
			delete(h.m, k)
		}
	}
	h.sweepAt = max(minSweep, 2*len(h.m))
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
