package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// The stream clock is the median of the latest clockSpan times, checked
// against sorting them afresh after every time.
func TestStreamClockIsTheMedianOfTheLatest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var c streamClock
	var all []int64
	if c.now() != 0 {
		t.Fatalf("clock before any time: %d", c.now())
	}
	for i := range 1000 {
		// Mostly rising, out of order by hours, with now and then a time
		// years off either way.
		x := int64(i)*int64(time.Minute) + rng.Int64N(int64(3*time.Hour))
		if rng.IntN(50) == 0 {
			x += (rng.Int64N(40) - 20) * int64(365*24*time.Hour)
		}
		c.observe(x)
		all = append(all, x)
		latest := slices.Clone(all[max(0, len(all)-clockSpan):])
		slices.Sort(latest)
		if want := latest[len(latest)/2]; c.now() != want {
			t.Fatalf("after %d times: clock %d, want %d", i+1, c.now(), want)
		}
	}
}

// One article dated decades ahead does not move the clock; a stream
// that has moved on does, once most of the latest articles are later.
func TestStreamClockIgnoresAFewWrongDates(t *testing.T) {
	var c streamClock
	start := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	for i := range 100 {
		c.observe(start.Add(time.Duration(i) * time.Minute).UnixNano())
	}
	before := c.now()
	for range 3 {
		c.observe(time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	}
	if c.now() > start.Add(100*time.Minute).UnixNano() {
		t.Errorf("three articles dated 2099 moved the clock from %v to %v", time.Unix(0, before), time.Unix(0, c.now()))
	}
	later := start.Add(30 * 24 * time.Hour)
	for i := range clockSpan/2 + 1 {
		c.observe(later.Add(time.Duration(i) * time.Minute).UnixNano())
	}
	if c.now() < later.UnixNano() {
		t.Errorf("clock %v after most of the latest articles came a month later", time.Unix(0, c.now()))
	}
}
