package cluster

import "slices"

// clockSpan is how many of the latest publication times the stream
// clock is the median of.
const clockSpan = 63

// streamClock tells the time a stream has reached: the median
// publication time of its latest clockSpan dated articles. The latest
// time itself would let one article dated years ahead, by mistake or by
// design, make every story look quiet for years, so that the engine
// forgets them all; it takes more than half of the latest articles to
// move the median. In a stream in time order the median lags the
// latest time by half the span's articles, minutes to hours, which is
// nothing against the quiet periods it measures.
type streamClock struct {
	// ring holds the latest times in arrival order, next the place of
	// the next, and sorted the same times in order.
	ring   [clockSpan]int64
	next   int
	sorted []int64
}

// observe adds a publication time (unix nanoseconds).
func (c *streamClock) observe(t int64) {
	if len(c.sorted) == clockSpan {
		old := c.ring[c.next]
		i, _ := slices.BinarySearch(c.sorted, old)
		c.sorted = slices.Delete(c.sorted, i, i+1)
	}
	c.ring[c.next] = t
	c.next = (c.next + 1) % clockSpan
	i, _ := slices.BinarySearch(c.sorted, t)
	c.sorted = slices.Insert(c.sorted, i, t)
}

// now returns the stream's time, 0 before any dated article.
func (c *streamClock) now() int64 {
	if len(c.sorted) == 0 {
		return 0
	}
	return c.sorted[len(c.sorted)/2]
}
