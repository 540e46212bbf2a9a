package fetch

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// Causes of an exchange's context ending, told apart from the caller's.
var (
	errExchangeTimeout = errors.New("request timeout")
	errSlow            = errors.New("too slow")
)

// exchange makes one request to u and reads the answer: the body of a 2xx
// (at most limit bytes; beyond that an error, or with truncate the first
// limit bytes), the Location of a redirect, only the status and header
// otherwise.
func (c *Client) exchange(ctx context.Context, u *url.URL, h http.Header, limit int64, truncate bool) (*hop, error) {
	xctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	xctx, stop := context.WithTimeoutCause(xctx, c.opts.RequestTimeout, errExchangeTimeout)
	defer stop()
	req, err := http.NewRequestWithContext(xctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header = h.Clone()
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.explain(ctx, xctx, err)
	}
	defer resp.Body.Close()
	res := &hop{status: resp.StatusCode, header: resp.Header, fetched: time.Now()}

	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		if loc := resp.Header.Get("Location"); loc != "" {
			if next, err := u.Parse(loc); err == nil {
				res.location = next
			}
		}
	}
	if res.location != nil || resp.StatusCode < 200 || resp.StatusCode >= 300 {
		// Read a short body so that the connection can be reused; a long one
		// is not worth the wait, and closing drops the connection.
		if resp.ContentLength >= 0 && resp.ContentLength <= 4<<10 {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		}
		return res, nil
	}

	if resp.ContentLength > limit && !truncate {
		return nil, fmt.Errorf("content-length %d over the %d byte limit: %w", resp.ContentLength, limit, ErrTooLarge)
	}
	var body io.Reader = resp.Body
	if c.opts.MinTransferRate > 0 {
		g := newRateGuard(resp.Body, c.opts.MinTransferRate, c.opts.TransferRateWindow, cancel)
		defer g.stop()
		body = g
	}
	res.body, err = readBody(body, resp.Header, resp.ContentLength, limit, truncate)
	if err != nil {
		return nil, c.explain(ctx, xctx, err)
	}
	res.fetched = time.Now()
	return res, nil
}

// explain turns what an exchange failed with into an error saying why:
// the caller's context, one of our limits, or the network.
func (c *Client) explain(parent, xctx context.Context, err error) error {
	if parent.Err() != nil {
		return context.Cause(parent)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // Get wraps with the URL itself
	}
	switch context.Cause(xctx) {
	case errSlow:
		return fmt.Errorf("body slower than %d bytes/s over %s: %w",
			c.opts.MinTransferRate, c.opts.TransferRateWindow, ErrTooSlow)
	case errExchangeTimeout:
		return fmt.Errorf("no complete answer within %s: %w", c.opts.RequestTimeout, ErrTimeout)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}

// readBody reads a body, decoding gzip and deflate, and enforces limit on
// both the bytes sent and the bytes decoded, so that a compression bomb is
// refused after limit bytes of output.
func readBody(r io.Reader, h http.Header, contentLength, limit int64, truncate bool) ([]byte, error) {
	raw := &capReader{r: r, left: limit}
	var dec io.Reader = raw
	encoding := strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding")))
	switch encoding {
	case "", "identity":
		encoding = ""
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(raw)
		switch {
		case err == io.EOF: // no body at all
			return nil, nil
		case err != nil:
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		dec = zr
	case "deflate":
		// "deflate" should be zlib (RFC 9110) but is sometimes raw deflate.
		br := bufio.NewReader(raw)
		if b, err := br.Peek(2); err == nil && b[0]&0x0f == 8 && (uint16(b[0])<<8|uint16(b[1]))%31 == 0 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return nil, fmt.Errorf("deflate body: %w", err)
			}
			dec = zr
		} else {
			dec = flate.NewReader(br)
		}
	default:
		// An encoding we did not ask for: passed through, Content-Encoding
		// left in the header for the caller to see.
		encoding = "unknown"
	}

	var buf bytes.Buffer
	if encoding == "" && contentLength > 0 && contentLength <= limit {
		buf.Grow(int(contentLength))
	}
	n, err := io.Copy(&buf, io.LimitReader(dec, limit+1))
	switch {
	case errors.Is(err, errRawLimit) || err == nil && n > limit:
		if truncate {
			b := buf.Bytes()
			return b[:min(int64(len(b)), limit)], nil
		}
		if encoding != "" && encoding != "unknown" && !errors.Is(err, errRawLimit) {
			return nil, fmt.Errorf("%s body decompresses to over the %d byte limit: %w", encoding, limit, ErrTooLarge)
		}
		return nil, fmt.Errorf("body over the %d byte limit: %w", limit, ErrTooLarge)
	case err != nil:
		if encoding != "" && encoding != "unknown" {
			return nil, fmt.Errorf("%s body: %w", encoding, err)
		}
		return nil, err
	}
	if encoding != "" && encoding != "unknown" {
		h.Del("Content-Encoding")
		h.Del("Content-Length")
	}
	return buf.Bytes(), nil
}

var errRawLimit = errors.New("raw body over limit")

// capReader fails with errRawLimit once more than left bytes are read.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, errRawLimit
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, errRawLimit
	}
	return n, err
}

// rateGuard counts body bytes, and ends the exchange (through cancel) when
// fewer than min arrive within a window.
type rateGuard struct {
	r      io.Reader
	n      atomic.Int64
	seen   atomic.Int64
	min    int64
	window time.Duration
	timer  *time.Timer
	cancel context.CancelCauseFunc
	done   atomic.Bool
}

func newRateGuard(r io.Reader, bytesPerSecond int64, window time.Duration, cancel context.CancelCauseFunc) *rateGuard {
	g := &rateGuard{r: r, window: window, cancel: cancel,
		min: max(1, int64(float64(bytesPerSecond)*window.Seconds()))}
	g.timer = time.AfterFunc(window, g.check)
	return g
}

func (g *rateGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.n.Add(int64(n))
	return n, err
}

func (g *rateGuard) check() {
	if g.done.Load() {
		return
	}
	n := g.n.Load()
	if n-g.seen.Load() < g.min {
		g.cancel(errSlow)
		return
	}
	g.seen.Store(n)
	g.timer.Reset(g.window)
}

func (g *rateGuard) stop() {
	g.done.Store(true)
	g.timer.Stop()
}
