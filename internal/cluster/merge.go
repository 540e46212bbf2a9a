package cluster

import (
	"container/heap"
	"math"
	"slices"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// Resolve follows merges from a story ID to the story that holds its
// articles now.
func (e *Engine) Resolve(id int64) int64 {
	for {
		into, ok := e.mergedInto[id]
		if !ok {
			return id
		}
		id = into
	}
}

// mergeCheck compares story s, just grown, with the article's runner-up
// story; when the two are now so alike as wholes that they report one
// event, the newer folds into the older (the lower ID survives). Single-pass
// assignment errs towards starting a story; this is where such splits heal,
// once an article has shown itself close to both.
func (e *Engine) mergeCheck(s *story, runnerUp int64, at time.Time) (news.Merge, bool) {
	if e.p.MergeThreshold <= 0 || runnerUp == 0 {
		return news.Merge{}, false
	}
	if s.docs < 2 && s.length < int64(e.p.FullLength) {
		// A story of one short report is too thin to merge on.
		return news.Merge{}, false
	}
	other := e.stories[e.Resolve(runnerUp)]
	if other == nil || other == s {
		return news.Merge{}, false
	}
	score := e.storySimilarity(s, other)
	if score < e.mergeThreshold(s, other) {
		return news.Merge{}, false
	}
	into, from := other, s
	if from.id < into.id {
		into, from = from, into
	}
	e.fold(from, into)
	return news.Merge{From: from.id, Into: into.id, Score: score, At: at}, true
}

// mergeThreshold is the similarity two stories must reach to merge:
// MergeThreshold, lowered for stories of short reports, though less
// steeply than threshold lowers it for a short article (by the square
// root of that factor): two stories of headlines that share a few words
// are weaker evidence of one event than a headline and a story. It rises
// with the number of reports of the smaller story (see MergeGrowth), the
// less so the shorter the reports: stories of headlines hold few words
// each, and on the UCI headlines a bar that rises in full loses merges
// that heal them.
func (e *Engine) mergeThreshold(a, b *story) float64 {
	avg := float64(a.length+b.length) / float64(max(1, a.docs+b.docs))
	short := e.shortness(avg)
	n := float64(max(1, min(a.docs, b.docs)))
	growth := 1 + e.p.MergeGrowth*short*(1-1/n)
	return e.p.MergeThreshold * math.Sqrt(short) * growth
}

// storySimilarity compares two stories the way similarity compares an
// article with a story.
func (e *Engine) storySimilarity(a, b *story) float64 {
	e.refresh(a)
	e.refresh(b)
	sim := e.centroidCosine(&a.terms, &b.terms)
	if sim == 0 {
		return 0
	}
	// Two stories that each hold their own figures under the same names
	// are two events of one kind more often than one event and its
	// update, which would have joined the story report by report: their
	// disagreement counts in full.
	ev := evidence{names: -1, years: -1, numbers: -1, gap: -1, strict: true}
	if a.names.norm > 0 && b.names.norm > 0 {
		ev.names = e.centroidCosine(&a.names, &b.names)
	}
	if a.years.norm > 0 && b.years.norm > 0 {
		ev.years = e.centroidCosine(&a.years, &b.years)
	}
	if a.numbers.norm > 0 && b.numbers.norm > 0 {
		ev.numbers = e.centroidCosine(&a.numbers, &b.numbers)
	}
	if a.last != 0 && b.last != 0 {
		ev.gap = math.Abs(float64(a.last - b.last))
	}
	sim = e.weighEvidence(sim, ev)
	return sim
}

// centroidCosine is the cosine between two stories' channels. The walk
// through the two sorted lists moves on without branching on which id is
// lower, which no processor could predict.
func (e *Engine) centroidCosine(a, b *channel) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	var dot float64
	lnDocs := e.lnCount(e.docs)
	logs, df := e.logs, e.vocab.df
	aids, aws := a.c.ids, a.c.ws[:len(a.c.ids)]
	bids, bws := b.c.ids, b.c.ws[:len(b.c.ids)]
	i, j := 0, 0
	for i < len(aids) && j < len(bids) {
		x, y := aids[i], bids[j]
		if x == y {
			f := lnDocs - logs[df[x]] + 1
			dot += float64(aws[i]) * float64(bws[j]) * f * f
		}
		i += b2i(x <= y)
		j += b2i(y <= x)
	}
	return dot / (a.norm * b.norm)
}

// fold moves story from into story into.
func (e *Engine) fold(from, into *story) {
	limit, keep := e.termBounds()
	var pruned bool
	e.added, pruned = into.terms.c.addCentroid(&from.terms.c, limit, keep, &e.summing, e.added[:0])
	limit, keep = e.kindBounds()
	e.kindAdded, _ = into.names.c.addCentroid(&from.names.c, limit, keep, &e.summing, e.kindAdded[:0])
	e.kindAdded, _ = into.years.c.addCentroid(&from.years.c, limit, keep, &e.summing, e.kindAdded[:0])
	e.kindAdded, _ = into.numbers.c.addCentroid(&from.numbers.c, limit, keep, &e.summing, e.kindAdded[:0])
	into.docs += from.docs
	into.length += from.length
	into.last = max(into.last, from.last)
	into.seq = max(into.seq, from.seq)
	e.settle(into, pruned)
	e.close(from)
	e.mergedInto[from.id] = into.id
	// Second looks waiting on the folded story now wait on the one it
	// joined.
	if list, ok := e.waiting[from.id]; ok {
		delete(e.waiting, from.id)
		for _, rc := range list {
			rc.near = into.id
		}
		e.waiting[into.id] = append(e.waiting[into.id], list...)
	}
}

// recheck is a story started by an article that came close to story
// near, awaiting its second look: seen counts the later articles that
// touched near, and due is when the look falls due whatever the count,
// as a commit count or, for a dated article, a publication time (unix
// nanoseconds). done marks a look taken.
type recheck struct {
	story, near int64
	due         int64
	seen        int
	done        bool
	// order is the commit count when it was put in line, which orders
	// looks due at the same time.
	order uint64
}

// dueHeap orders the second looks of dated articles by when they fall
// due at the latest: publication times come out of order, a few hours
// apart in feeds that are late, years where a date is wrong, and a look
// must not wait behind one due later.
type dueHeap []*recheck

func (h dueHeap) Len() int { return len(h) }
func (h dueHeap) Less(i, j int) bool {
	return h[i].due < h[j].due || h[i].due == h[j].due && h[i].order < h[j].order
}
func (h dueHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)   { *h = append(*h, x.(*recheck)) }
func (h *dueHeap) Pop() any {
	old := *h
	rc := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return rc
}

// await puts story, just started by an article published at published
// that came close to story near, in line for its second look.
func (e *Engine) await(story, near int64, published time.Time) {
	near = e.Resolve(near)
	rc := &recheck{story: story, near: near, order: e.seq}
	if !published.IsZero() && e.p.RecheckWait > 0 {
		rc.due = published.UnixNano() + int64(e.p.RecheckWait)
		heap.Push(&e.rechecksAt, rc)
	} else {
		rc.due = int64(e.seq) + int64(e.p.RecheckWithin)
		e.rechecks = append(e.rechecks, rc)
	}
	e.waiting[near] = append(e.waiting[near], rc)
}

// touch counts the committed article, placed by dec in story placed, for
// the second looks waiting on the stories it touched: the one it joined,
// its runner-up and the one it came close to. A look whose count reaches
// RecheckAfter is ready.
func (e *Engine) touch(dec Decision, placed int64) {
	if len(e.waiting) == 0 {
		return
	}
	ids := [3]int64{placed, dec.runnerUp, dec.near}
	for i, id := range ids {
		if id == 0 {
			continue
		}
		id = e.Resolve(id)
		if slices.Contains(ids[:i], id) {
			continue
		}
		ids[i] = id
		for _, rc := range e.waiting[id] {
			if rc.story == placed {
				continue
			}
			if rc.seen++; rc.seen == e.p.RecheckAfter {
				e.ready = append(e.ready, rc)
			}
		}
	}
}

// secondLook takes the second looks now due (see Params.Recheck): those
// made ready by the articles that touched their candidate, then those
// whose wait ran out. A story that still holds only the article that
// started it folds into the story that article came close to, when the
// two now score at least Recheck times the article's threshold as whole
// stories, their disagreeing years and figures counting in full. It
// stops at the first merge, leaving the rest for the next commit, so a
// commit merges at most once.
func (e *Engine) secondLook(at time.Time) (news.Merge, bool) {
	for len(e.ready) > 0 {
		rc := e.ready[0]
		e.ready = e.ready[1:]
		if m, merged := e.look(rc, at); merged {
			return m, true
		}
	}
	for len(e.rechecks) > 0 && e.rechecks[0].due <= int64(e.seq) {
		rc := e.rechecks[0]
		e.rechecks = e.rechecks[1:]
		if m, merged := e.look(rc, at); merged {
			return m, true
		}
	}
	// As of the stream's time, or the article's when that is later, as
	// Assign judges dormancy.
	now := e.clock.now()
	if !at.IsZero() {
		now = max(now, at.UnixNano())
	}
	for len(e.rechecksAt) > 0 && e.rechecksAt[0].due <= now {
		rc := heap.Pop(&e.rechecksAt).(*recheck)
		if m, merged := e.look(rc, at); merged {
			return m, true
		}
	}
	return news.Merge{}, false
}

// look takes rc's second look, unless it was taken already, and takes it
// out of the waiting lists.
func (e *Engine) look(rc *recheck, at time.Time) (news.Merge, bool) {
	if rc.done {
		return news.Merge{}, false
	}
	rc.done = true
	near := e.Resolve(rc.near)
	if list := slices.DeleteFunc(e.waiting[near], func(x *recheck) bool { return x == rc }); len(list) > 0 {
		e.waiting[near] = list
	} else {
		delete(e.waiting, near)
	}
	s, into := e.stories[rc.story], e.stories[near]
	if s == nil || into == nil || s == into || s.docs != 1 {
		return news.Merge{}, false
	}
	score := e.storySimilarity(s, into)
	if score < e.p.Recheck*e.p.Threshold*e.shortness(float64(s.length)) {
		return news.Merge{}, false
	}
	from := s
	if from.id < into.id {
		into, from = from, into
	}
	e.fold(from, into)
	return news.Merge{From: from.id, Into: into.id, Score: score, At: at}, true
}
