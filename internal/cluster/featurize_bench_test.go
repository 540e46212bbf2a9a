package cluster

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/cputime"
)

// BenchmarkFeaturizeBench featurises the stream of `parallax bench` as
// its pipeline does: through Featurize, on two goroutines, from a cold
// start (no words learnt). Besides the time per stream it reports the
// processor time per article, which other programs on a shared machine
// disturb less than the elapsed time.
func BenchmarkFeaturizeBench(b *testing.B) {
	arts := streamArticles()
	p := DefaultParams()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		forgetWords()
		before := cpuTime()
		b.StartTimer()
		var next atomic.Int64
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for {
					i := int(next.Add(1) - 1)
					if i >= len(arts) {
						return
					}
					a := arts[i]
					Featurize(a.Title, a.Text, a.Source, a.Published, p)
				}
			})
		}
		wg.Wait()
		cpu += cpuTime() - before
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/1e3/float64(b.N*len(arts)), "cpu-µs/article")
}

// cpuTime is the processor time the process has used, 0 where the
// platform does not tell.
func cpuTime() time.Duration {
	d, _ := cputime.Process()
	return d
}

// forgetWords makes Featurize start cold: no idle scratches, and a word
// cache that has met no words.
func forgetWords() {
	scratches.mu.Lock()
	scratches.idle = nil
	scratches.mu.Unlock()
	featureWords.mu.Lock()
	featureWords.cur = nil
	featureWords.mu.Unlock()
}
