package api

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
)

// openAPIDocument is the OpenAPI 3.1 description of every route Routes
// returns; TestOpenAPI holds the two to each other and the document's
// schemas to real responses.
//
//go:embed openapi.json
var openAPIDocument []byte

// openAPIETag is the strong validator of openAPIDocument.
var openAPIETag = func() string {
	sum := sha256.Sum256(openAPIDocument)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}()

// openAPI serves the OpenAPI document with an ETag, answering 304 when
// the client's copy is current.
func (a *API) openAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("ETag", openAPIETag)
	// Clients may keep the document but must check it is current.
	h.Set("Cache-Control", "no-cache")
	if etagListed(r.Header.Get("If-None-Match"), openAPIETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(openAPIDocument)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(openAPIDocument)
	}
}

// etagListed reports whether an If-None-Match header value names etag:
// "*", or a list of entity tags compared weakly (RFC 9110, 13.1.2).
func etagListed(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}
