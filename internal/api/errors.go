package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/parallax-news/parallax/internal/news"
)

// ErrBadParam marks a malformed request parameter: an id, limit, cursor or
// query that the handler refuses before asking the store.
var ErrBadParam = errors.New("bad parameter")

// Problem is the body of every error response, and what the UI shows on
// its error page.
type Problem struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// errorTable maps errors to responses, first match wins. Anything not
// listed is a 500 whose details stay in the log.
var errorTable = []struct {
	target error
	status int
	code   string
}{
	{news.ErrNotFound, http.StatusNotFound, "not_found"},
	{news.ErrInvalid, http.StatusBadRequest, "invalid"},
	{ErrBadParam, http.StatusBadRequest, "bad_request"},
}

// publicError carries a message that is safe to show to a client next to
// the error it describes.
type publicError struct {
	msg string
	err error
}

func (e *publicError) Error() string { return e.msg + ": " + e.err.Error() }
func (e *publicError) Unwrap() error { return e.err }

// Describe attaches a client-facing message to err. The message is shown
// only when err maps to a 4xx status; a 500 always says
// "internal server error".
func Describe(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return &publicError{msg: fmt.Sprintf(format, args...), err: err}
}

// NotFound describes err as "<what> not found" when it is
// news.ErrNotFound, and returns it unchanged otherwise.
func NotFound(err error, format string, args ...any) error {
	if !errors.Is(err, news.ErrNotFound) {
		return err
	}
	return Describe(err, "%s not found", fmt.Sprintf(format, args...))
}

// BadParam returns an ErrBadParam error for parameter name with the raw
// value and the reason it was refused.
func BadParam(name, value, reason string) error {
	return Describe(ErrBadParam, "invalid %s %q: %s", name, value, reason)
}

// Classify maps err to the response a client sees, using the one error
// table. Messages of 4xx responses come from Describe (or the error text
// of the sentinel); a 500 never reveals err.
func Classify(err error) Problem {
	for _, row := range errorTable {
		if !errors.Is(err, row.target) {
			continue
		}
		msg := row.target.Error()
		if pe, ok := errors.AsType[*publicError](err); ok {
			msg = pe.msg
		}
		return Problem{Status: row.status, Code: row.code, Message: msg}
	}
	return Problem{
		Status:  http.StatusInternalServerError,
		Code:    "internal",
		Message: "internal server error",
	}
}
