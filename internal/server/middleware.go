package server

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// securityHeaders go on every response. The pages load nothing but their
// own style sheet and run no script.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options":  "nosniff",
	"Referrer-Policy":         "no-referrer",
	"X-Frame-Options":         "DENY",
}

// wrap puts h behind the middleware, outermost first: the request log
// sees the final status, including the 500 written by recovery, and
// recovery runs after the security headers are set.
func wrap(logger *slog.Logger, h http.Handler) http.Handler {
	return logRequests(logger, recoverPanics(logger, secure(h)))
}

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// Flush sends buffered data to the client; handlers that stream assert
// http.Flusher directly.
func (r *statusRecorder) Flush() {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	_ = http.NewResponseController(r.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// recorderFor returns the statusRecorder around w, wrapping it when the
// outer middleware did not.
func recorderFor(w http.ResponseWriter) *statusRecorder {
	if rec, ok := w.(*statusRecorder); ok {
		return rec
	}
	return &statusRecorder{ResponseWriter: w}
}

// logRequests logs one line per request: method, path, status, size and
// duration.
func logRequests(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := recorderFor(w)
		finished := false
		// Deferred so that a request aborted by a panic is logged too.
		defer func() {
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			level := slog.LevelInfo
			if status >= http.StatusInternalServerError || !finished {
				level = slog.LevelWarn
			}
			attrs := []slog.Attr{
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", status),
				slog.Int64("bytes", rec.bytes),
				slog.Duration("duration", time.Since(start)),
			}
			if !finished {
				attrs = append(attrs, slog.Bool("aborted", true))
			}
			logger.LogAttrs(r.Context(), level, "http request", attrs...)
		}()
		next.ServeHTTP(rec, r)
		finished = true
	})
}

// recoverPanics turns a panicking handler into a 500 and a log entry with
// the stack. When the response has already started it can only log; the
// server then drops the connection. http.ErrAbortHandler passes through,
// as net/http expects.
func recoverPanics(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := recorderFor(w)
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler { //nolint:errorlint // net/http panics with this exact value
				panic(v)
			}
			logger.ErrorContext(r.Context(), "http handler panic",
				"method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if rec.status != 0 {
				panic(http.ErrAbortHandler)
			}
			h := rec.Header()
			for k := range h {
				if _, keep := securityHeaders[k]; !keep {
					h.Del(k)
				}
			}
			if strings.HasPrefix(r.URL.Path, "/api/") {
				h.Set("Content-Type", "application/json; charset=utf-8")
				rec.WriteHeader(http.StatusInternalServerError)
				_, _ = io.WriteString(rec, `{"error":{"status":500,"code":"internal","message":"internal server error"}}`+"\n")
				return
			}
			h.Set("Content-Type", "text/plain; charset=utf-8")
			rec.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(rec, "500 internal server error\n")
		}()
		next.ServeHTTP(rec, r)
	})
}

// secure sets the security headers before the handler writes anything.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range securityHeaders {
			h.Set(k, v)
		}
		next.ServeHTTP(w, r)
	})
}
