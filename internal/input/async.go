package input

import (
	"context"
	"io"
)

// asyncReader reads from a source that may block indefinitely (a terminal
// or a pipe) in its own goroutine, so that a Read waiting for data returns
// as soon as the context is done. The caller must call close when done;
// the goroutine then ends after its pending read returns.
type asyncReader struct {
	ctx    context.Context
	chunks chan chunk
	free   chan []byte
	done   chan struct{}
	cur    chunk
	off    int
	err    error
}

type chunk struct {
	buf []byte
	n   int
	err error
}

const asyncChunk = 64 << 10

func newAsyncReader(ctx context.Context, src io.Reader) *asyncReader {
	a := &asyncReader{
		ctx:    ctx,
		chunks: make(chan chunk),
		free:   make(chan []byte, 2),
		done:   make(chan struct{}),
	}
	a.free <- make([]byte, asyncChunk)
	a.free <- make([]byte, asyncChunk)
	go a.loop(src)
	return a
}

func (a *asyncReader) loop(src io.Reader) {
	for {
		var buf []byte
		select {
		case buf = <-a.free:
		case <-a.done:
			return
		}
		n, err := src.Read(buf)
		select {
		case a.chunks <- chunk{buf: buf, n: n, err: err}:
		case <-a.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (a *asyncReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for a.off >= a.cur.n {
		if a.err != nil {
			return 0, a.err
		}
		if a.cur.buf != nil {
			a.free <- a.cur.buf
			a.cur = chunk{}
		}
		select {
		case c := <-a.chunks:
			a.cur, a.off = c, 0
			a.err = c.err
		case <-a.ctx.Done():
			return 0, a.ctx.Err()
		}
	}
	n := copy(p, a.cur.buf[a.off:a.cur.n])
	a.off += n
	return n, nil
}

// close stops the reading goroutine once its pending read returns.
func (a *asyncReader) close() {
	close(a.done)
}
