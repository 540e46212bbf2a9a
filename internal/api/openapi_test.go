package api_test

// These tests hold openapi.json to the API as it runs: the document's
// operations are the route table's (both ways), and real responses of a
// real SQLite store, to requests made of the document's own examples,
// validate against the documented schemas.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/big"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parallax-news/parallax/internal/api"
	"github.com/parallax-news/parallax/internal/news"
	"github.com/parallax-news/parallax/internal/sqlite"
)

// ---- a validator for the JSON Schema subset the document uses ----

// schemaKeywords are the keywords the validator checks; annotations are
// the ones it may ignore. A schema with any other keyword fails
// TestOpenAPIDocument, so the document cannot say more than is checked.
var (
	schemaKeywords = []string{"$ref", "type", "enum", "properties", "required",
		"additionalProperties", "items", "oneOf", "format", "minimum", "maximum", "maxLength"}
	schemaAnnotations = []string{"description", "example", "default", "title"}
)

// validator validates JSON values, decoded with UseNumber, against the
// schemas of one document, and records the named schemas, and the
// properties of named schemas ("Story.id"), that values reached.
type validator struct {
	schemas map[string]any // components.schemas
	reached map[string]bool
}

func newValidator(doc map[string]any) *validator {
	return &validator{schemas: oaMap(oaMap(doc["components"])["schemas"]), reached: map[string]bool{}}
}

// validate returns the first way x breaks schema s, naming where in x.
func (v *validator) validate(s any, x any, at string) error {
	return v.check(s, x, at, "")
}

// check is validate within the named schema owner ("" when none).
func (v *validator) check(s any, x any, at, owner string) error {
	sm, ok := s.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: schema is %T, not an object", at, s)
	}
	if r, ok := sm["$ref"].(string); ok {
		name, found := strings.CutPrefix(r, "#/components/schemas/")
		sub, exists := v.schemas[name]
		if !found || !exists {
			return fmt.Errorf("%s: unresolved $ref %q", at, r)
		}
		v.reached[name] = true
		if err := v.check(sub, x, at, name); err != nil {
			return err
		}
	}
	if alts, ok := sm["oneOf"].([]any); ok {
		n := 0
		var errs []string
		for _, alt := range alts {
			if err := v.check(alt, x, at, owner); err != nil {
				errs = append(errs, err.Error())
			} else {
				n++
			}
		}
		if n != 1 {
			return fmt.Errorf("%s: matches %d of oneOf's %d schemas (%s)", at, n, len(alts), strings.Join(errs, "; "))
		}
	}
	if t, ok := sm["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, e := range t {
				types = append(types, fmt.Sprint(e))
			}
		}
		got := jsonType(x)
		if !slices.Contains(types, got) && !(got == "integer" && slices.Contains(types, "number")) {
			return fmt.Errorf("%s: %s, want %s", at, got, strings.Join(types, " or "))
		}
	}
	if enum, ok := sm["enum"].([]any); ok {
		if !slices.ContainsFunc(enum, func(e any) bool { return jsonEqual(e, x) }) {
			return fmt.Errorf("%s: %s is not one of %s", at, oaJSON(x), oaJSON(enum))
		}
	}
	switch x := x.(type) {
	case map[string]any:
		props := oaMap(sm["properties"])
		for _, r := range oaSlice(sm["required"]) {
			if _, ok := x[r.(string)]; !ok {
				return fmt.Errorf("%s: required %q missing", at, r)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			ps, ok := props[k]
			switch {
			case ok:
				if owner != "" {
					v.reached[owner+"."+k] = true
				}
			case sm["additionalProperties"] == false:
				return fmt.Errorf("%s: property %q not in the schema", at, k)
			case oaMap(sm["additionalProperties"]) != nil:
				ps = sm["additionalProperties"]
			default:
				continue
			}
			if err := v.check(ps, x[k], at+"."+k, ""); err != nil {
				return err
			}
		}
	case []any:
		if items, ok := sm["items"]; ok {
			for i, e := range x {
				if err := v.check(items, e, fmt.Sprintf("%s[%d]", at, i), ""); err != nil {
					return err
				}
			}
		}
	case string:
		if sm["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, x); err != nil {
				return fmt.Errorf("%s: %q is not a date-time", at, x)
			}
		}
		if n, ok := sm["maxLength"].(json.Number); ok && oaRat(n).Cmp(big.NewRat(int64(utf8.RuneCountInString(x)), 1)) < 0 {
			return fmt.Errorf("%s: longer than %s characters", at, n)
		}
	case json.Number:
		if n, ok := sm["minimum"].(json.Number); ok && oaRat(x).Cmp(oaRat(n)) < 0 {
			return fmt.Errorf("%s: %s below the minimum %s", at, x, n)
		}
		if n, ok := sm["maximum"].(json.Number); ok && oaRat(x).Cmp(oaRat(n)) > 0 {
			return fmt.Errorf("%s: %s above the maximum %s", at, x, n)
		}
	}
	return nil
}

func jsonType(x any) string {
	switch x := x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case json.Number:
		if oaRat(x).IsInt() {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", x)
}

func oaRat(n json.Number) *big.Rat {
	r, ok := new(big.Rat).SetString(n.String())
	if !ok {
		return new(big.Rat)
	}
	return r
}

func jsonEqual(a, b any) bool { return oaJSON(a) == oaJSON(b) }

func oaJSON(x any) string {
	b, _ := json.Marshal(x)
	return string(b)
}

func oaMap(x any) map[string]any { m, _ := x.(map[string]any); return m }
func oaSlice(x any) []any        { s, _ := x.([]any); return s }

// oaDecode decodes one JSON value, numbers kept as json.Number.
func oaDecode(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return v, nil
}

func TestSchemaValidator(t *testing.T) {
	doc, err := oaDecode([]byte(`{"components": {"schemas": {
		"Thing": {"type": "object", "required": ["id", "tags"], "additionalProperties": false,
			"properties": {
				"id": {"type": "integer", "minimum": 1},
				"tags": {"type": "array", "items": {"type": "string", "maxLength": 3}},
				"kind": {"type": "string", "enum": ["a", "b"]},
				"at": {"type": "string", "format": "date-time"},
				"parts": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/Part"}},
				"either": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
				"score": {"type": "number"}}},
		"Part": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	thing := map[string]any{"$ref": "#/components/schemas/Thing"}
	for _, tc := range []struct {
		value string
		ok    bool
	}{
		{`{"id": 1, "tags": []}`, true},
		{`{"id": 7, "tags": ["x", "abc"], "kind": "b", "at": "2024-03-10T08:00:00.5Z", "parts": [{"text": "t", "more": 1}], "either": "s", "score": 3}`, true},
		{`{"id": 1, "tags": [], "parts": null, "score": 0.25, "either": 2}`, true},
		{`{"id": 1}`, false},                                     // required missing
		{`{"id": 1, "tags": [], "name": "x"}`, false},            // additional property
		{`{"id": 1.5, "tags": []}`, false},                       // not an integer
		{`{"id": 0, "tags": []}`, false},                         // below the minimum
		{`{"id": "1", "tags": []}`, false},                       // wrong type
		{`{"id": 1, "tags": [2]}`, false},                        // wrong item type
		{`{"id": 1, "tags": ["abcd"]}`, false},                   // too long
		{`{"id": 1, "tags": [], "kind": "c"}`, false},            // not in the enum
		{`{"id": 1, "tags": [], "at": "yesterday"}`, false},      // not a date-time
		{`{"id": 1, "tags": [], "parts": [{}]}`, false},          // $ref'd schema's required missing
		{`{"id": 1, "tags": [], "parts": "none"}`, false},        // neither array nor null
		{`{"id": 1, "tags": [], "either": true}`, false},         // no oneOf branch
		{`{"id": 1, "tags": [], "score": "high"}`, false},        // number wanted
		{`[{"id": 1, "tags": []}]`, false},                       // not an object
		{`{"id": 1, "tags": null}`, false},                       // null where an array is required
		{`{"id": 1, "tags": [], "parts": [{"text": 3}]}`, false}, // nested type
	} {
		x, err := oaDecode([]byte(tc.value))
		if err != nil {
			t.Fatalf("%s: %v", tc.value, err)
		}
		v := newValidator(oaMap(doc))
		if err := v.validate(thing, x, "value"); (err == nil) != tc.ok {
			t.Errorf("validate(%s) = %v, want ok=%v", tc.value, err, tc.ok)
		}
	}
	v := newValidator(oaMap(doc))
	if err := v.validate(map[string]any{"$ref": "#/components/schemas/Nothing"}, nil, "value"); err == nil {
		t.Error("an unresolved $ref validated")
	}
}

// ---- the document ----

// loadOpenAPI reads openapi.json, numbers as json.Number.
func loadOpenAPI(t *testing.T) (map[string]any, []byte) {
	t.Helper()
	raw, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := oaDecode(raw)
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return oaMap(doc), raw
}

// oaOperation is one operation of the document.
type oaOperation struct {
	method string // upper case
	path   string
	op     map[string]any
	params []map[string]any // the path item's and the operation's, resolved
}

func (o oaOperation) String() string { return o.method + " " + o.path }

var oaMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// oaOperations lists the document's operations in path, then method order.
func oaOperations(t *testing.T, doc map[string]any) []oaOperation {
	t.Helper()
	paths := oaMap(doc["paths"])
	var ops []oaOperation
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		item := oaMap(paths[p])
		for _, m := range oaMethods {
			op := oaMap(item[m])
			if op == nil {
				continue
			}
			o := oaOperation{method: strings.ToUpper(m), path: p, op: op}
			for _, raw := range append(oaSlice(item["parameters"]), oaSlice(op["parameters"])...) {
				o.params = append(o.params, oaResolve(t, doc, raw))
			}
			ops = append(ops, o)
		}
	}
	return ops
}

// oaResolve follows a $ref to a component (parameter or response).
func oaResolve(t *testing.T, doc map[string]any, x any) map[string]any {
	t.Helper()
	m := oaMap(x)
	r, ok := m["$ref"].(string)
	if !ok {
		return m
	}
	var cur any = doc
	for _, part := range strings.Split(strings.TrimPrefix(r, "#/"), "/") {
		cur = oaMap(cur)[part]
	}
	if oaMap(cur) == nil {
		t.Fatalf("unresolved $ref %q", r)
	}
	return oaMap(cur)
}

// oaSchemas calls fn for every schema in the document: the components and
// the schema of every parameter, header, request and response body.
func oaSchemas(doc map[string]any, fn func(at string, s any)) {
	for name, s := range oaMap(oaMap(doc["components"])["schemas"]) {
		fn("components.schemas."+name, s)
	}
	var walk func(at string, x any)
	walk = func(at string, x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, v := range x {
				if k == "schema" {
					fn(at+".schema", v)
				} else if at+"."+k != ".components.schemas" {
					walk(at+"."+k, v)
				}
			}
		case []any:
			for i, v := range x {
				walk(fmt.Sprintf("%s[%d]", at, i), v)
			}
		}
	}
	walk("", doc)
}

// oaKeywords checks that schema s and those inside it use only keywords
// the validator knows, and that every object lists the properties it
// requires.
func oaKeywords(at string, s any) []string {
	sm := oaMap(s)
	if sm == nil {
		return []string{at + ": not an object"}
	}
	var bad []string
	for k := range sm {
		if !slices.Contains(schemaKeywords, k) && !slices.Contains(schemaAnnotations, k) {
			bad = append(bad, fmt.Sprintf("%s: keyword %q is not checked by the test's validator", at, k))
		}
	}
	props := oaMap(sm["properties"])
	for _, r := range oaSlice(sm["required"]) {
		if _, ok := props[fmt.Sprint(r)]; !ok {
			bad = append(bad, fmt.Sprintf("%s: required %q is not among the properties", at, r))
		}
	}
	for k, p := range props {
		bad = append(bad, oaKeywords(at+".properties."+k, p)...)
	}
	if items, ok := sm["items"]; ok {
		bad = append(bad, oaKeywords(at+".items", items)...)
	}
	for i, alt := range oaSlice(sm["oneOf"]) {
		bad = append(bad, oaKeywords(fmt.Sprintf("%s.oneOf[%d]", at, i), alt)...)
	}
	if ap := oaMap(sm["additionalProperties"]); ap != nil {
		bad = append(bad, oaKeywords(at+".additionalProperties", ap)...)
	}
	return bad
}

// TestOpenAPIDocument checks the document on its own: the schema keywords
// are the validator's, $refs resolve, examples fit their schemas, and
// every error response is the one shared Error response.
func TestOpenAPIDocument(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", doc["openapi"])
	}
	oaSchemas(doc, func(at string, s any) {
		for _, msg := range oaKeywords(at, s) {
			t.Error(msg)
		}
	})
	// Every $ref resolves, and to a component.
	var refs func(x any)
	refs = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			if r, ok := x["$ref"].(string); ok {
				oaResolve(t, doc, x)
				if !strings.HasPrefix(r, "#/components/") {
					t.Errorf("$ref %q is not to a component", r)
				}
			}
			for _, v := range x {
				refs(v)
			}
		case []any:
			for _, v := range x {
				refs(v)
			}
		}
	}
	refs(doc)

	v := newValidator(doc)
	ids := map[string]bool{}
	for _, o := range oaOperations(t, doc) {
		id, _ := o.op["operationId"].(string)
		if id == "" || ids[id] {
			t.Errorf("%s: operationId %q missing or not unique", o, id)
		}
		ids[id] = true
		var wildcards, pathParams []string
		for rest := o.path; strings.Contains(rest, "{"); {
			_, after, _ := strings.Cut(rest, "{")
			name, tail, _ := strings.Cut(after, "}")
			wildcards, rest = append(wildcards, name), tail
		}
		for _, p := range o.params {
			if p["in"] == "path" {
				pathParams = append(pathParams, fmt.Sprint(p["name"]))
			}
		}
		slices.Sort(wildcards)
		slices.Sort(pathParams)
		if !slices.Equal(wildcards, pathParams) {
			t.Errorf("%s: path wildcards %v, path parameters %v", o, wildcards, pathParams)
		}
		for _, p := range o.params {
			if p["in"] == "path" && p["required"] != true {
				t.Errorf("%s: path parameter %v not required", o, p["name"])
			}
			ex, ok := p["example"]
			if !ok {
				t.Errorf("%s: parameter %v has no example", o, p["name"])
				continue
			}
			if err := v.validate(p["schema"], ex, fmt.Sprintf("%s parameter %v example", o, p["name"])); err != nil {
				t.Error(err)
			}
		}
		if body := oaMap(o.op["requestBody"]); body != nil {
			media := oaMap(oaMap(body["content"])["application/json"])
			if err := v.validate(media["schema"], media["example"], o.String()+" request example"); err != nil {
				t.Error(err)
			}
		}
		responses := oaMap(o.op["responses"])
		errorRefs := 0
		for code, r := range responses {
			n, err := strconv.Atoi(code)
			if err != nil {
				t.Errorf("%s: response %q is not a status code", o, code)
				continue
			}
			if n < 400 {
				continue
			}
			if oaMap(r)["$ref"] != "#/components/responses/Error" {
				t.Errorf("%s: response %d is not the shared Error response", o, n)
			}
			errorRefs++
		}
		// The document is the one route that reads nothing that can fail.
		if errorRefs == 0 && o.path != "/api/v1/openapi.json" {
			t.Errorf("%s lists no error response", o)
		}
	}
}

// ---- the route table against the document ----

// oaPath turns a ServeMux pattern's path into an OpenAPI path: {name...}
// becomes {name}, and a trailing {$} goes.
func oaPath(pattern string) string {
	pattern = strings.TrimSuffix(pattern, "{$}")
	return strings.ReplaceAll(pattern, "...}", "}")
}

func TestOpenAPIRoutes(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	store := openAPIStore(t)
	registered := map[string]bool{}
	for _, rt := range api.New(store, nil).Routes() {
		key := rt.Method + " " + oaPath(rt.Pattern)
		if registered[key] {
			t.Errorf("route %s registered twice", key)
		}
		if rt.Handler == nil {
			t.Errorf("route %s has no handler", key)
		}
		registered[key] = true
	}
	documented := map[string]bool{}
	for _, o := range oaOperations(t, doc) {
		documented[o.String()] = true
	}
	for _, key := range slices.Sorted(maps.Keys(registered)) {
		if !documented[key] {
			t.Errorf("route %s is registered but not in openapi.json", key)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(documented)) {
		if !registered[key] {
			t.Errorf("openapi.json documents %s, which is not registered", key)
		}
	}
	if len(registered) < 15 {
		t.Errorf("only %d routes registered; the sources routes are missing?", len(registered))
	}
}

// ---- real responses against the document ----

// oaSpan returns the byte offsets of sub in text; the test fails when it
// is not there.
func oaSpan(t *testing.T, text, sub string) (int, int) {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, text)
	}
	return i, i + len(sub)
}

// openAPIStore opens a store whose contents reach every property of
// every schema of the document. Story 1: Coastal Herald, Northern Post
// and a Wire Digest reprint of the Herald, fully annotated (a person
// under two spellings, an organisation cited as a source, one statement
// quoted whole, as a partial quote inside reported speech, and again in
// the reprint, a nested quote, car counts that contradict, dates that
// agree at different precision, a relative date, a dateline); story 2:
// Coastal Herald, naming the same person; story 3: Northern Post in
// French, unannotated. Source 1 follows Coastal Herald's feed and has
// been polled once; source 2's last poll failed.
func openAPIStore(t *testing.T) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "parallax.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })

	heraldText := "HARBOURTON, Coastland, March 10 (Reuters) - The harbour bridge reopened on 9 March 2024 after nine days of storm repairs. " +
		"About 40,000 cars cross the bridge each day, the transport office said. " +
		"Mayor Ilse Varga said: \"The bridge joins two halves of one city and we are glad to have it back.\" " +
		"Commuters called it \"the 'long way round' month\". Varga thanked them for their patience."
	postText := "The harbour bridge reopened in March 2024 after storm repairs. " +
		"Some 25,000 cars cross the bridge each day. Traffic resumed on Sunday. " +
		"Varga said the bridge \"joins two halves of one city\"."
	cargoText := "Some 1,200 tonnes of cargo were stranded at the quay, Mayor Ilse Varga said."

	var herald news.Annotations
	{
		text := heraldText
		dlS, dlE := oaSpan(t, text, "HARBOURTON, Coastland, March 10 (Reuters) -")
		dS, dE := oaSpan(t, text, "9 March 2024")
		cS, cE := oaSpan(t, text, "About 40,000 cars")
		m1S, m1E := oaSpan(t, text, "Ilse Varga")
		m2S, _ := oaSpan(t, text, "Varga thanked")
		m3S, m3E := oaSpan(t, text, "transport office")
		spS, spE := oaSpan(t, text, "Mayor Ilse Varga")
		qS, qE := oaSpan(t, text, "The bridge joins two halves of one city and we are glad to have it back.")
		cmS, cmE := oaSpan(t, text, "Commuters")
		oS, oE := oaSpan(t, text, "the 'long way round' month")
		nS, nE := oaSpan(t, text, "long way round")
		herald = news.Annotations{
			Entities: []news.EntityRef{
				{Name: "Ilse Varga", Type: "PER", Aliases: []string{"Varga", "Ilse Warga"}, Titles: []string{"Mayor"}, Mentions: 2, Key: "PER:ilse varga"},
				{Name: "transport office", Type: "ORG", Mentions: 1, Key: "ORG:transport office"},
			},
			Mentions: []news.Mention{
				{Text: "Ilse Varga", Start: m1S, End: m1E, Type: "PER", Kind: "name", Entity: 0, Title: "Mayor"},
				{Text: "transport office", Start: m3S, End: m3E, Type: "ORG", Kind: "name", Entity: 1, Source: true},
				{Text: "Varga", Start: m2S, End: m2S + len("Varga"), Type: "PER", Kind: "name", Entity: 0},
			},
			Quotes: []news.Quote{
				{Text: text[qS:qE], Start: qS, End: qE, Kind: "direct", Speaker: "Mayor Ilse Varga",
					SpeakerStart: spS, SpeakerEnd: spE, Name: "Ilse Varga", SpeakerEntity: 0, Cue: "said"},
				{Text: text[oS:oE], Start: oS, End: oE, Kind: "direct", Speaker: "Commuters",
					SpeakerStart: cmS, SpeakerEnd: cmE, Name: "Commuters", SpeakerEntity: -1, Cue: "called", Partial: true},
				{Text: text[nS:nE], Start: nS, End: nE, Kind: "direct", Nested: true,
					SpeakerStart: -1, SpeakerEnd: -1, SpeakerEntity: -1},
			},
			Claims: []news.Claim{{Text: "About 40,000 cars", Start: cS, End: cE, Value: 40000, Low: 36000, High: 44000,
				Hedge: "around", Unit: "cars", Measure: "cars crossing the bridge each day", Attribution: "the transport office"}},
			Dates: []news.Date{{Text: "9 March 2024", Start: dS, End: dE,
				Time: time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC), Granularity: "day"}},
			Dateline: &news.Dateline{Text: text[dlS:dlE], Start: dlS, End: dlE, Place: "Harbourton",
				Region: "Coastland", Date: "March 10", Agency: "Reuters"},
		}
	}
	var post news.Annotations
	{
		text := postText
		dS, dE := oaSpan(t, text, "March 2024")
		rS, rE := oaSpan(t, text, "Sunday")
		cS, cE := oaSpan(t, text, "Some 25,000 cars")
		spS, _ := oaSpan(t, text, "Varga said")
		spE := spS + len("Varga")
		pS, pE := oaSpan(t, text, "joins two halves of one city")
		rqS, rqE := oaSpan(t, text, "the bridge \"joins two halves of one city\"")
		post = news.Annotations{
			Entities: []news.EntityRef{{Name: "Varga", Type: "PER", Mentions: 1, Key: "PER:varga"}},
			Mentions: []news.Mention{{Text: "Varga", Start: spS, End: spE, Type: "PER", Kind: "name", Entity: 0}},
			Quotes: []news.Quote{
				{Text: text[rqS:rqE], Start: rqS, End: rqE, Kind: "reported", Speaker: "Varga",
					SpeakerStart: spS, SpeakerEnd: spE, Name: "Varga", SpeakerEntity: 0, Cue: "said"},
				{Text: text[pS:pE], Start: pS, End: pE, Kind: "direct", Speaker: "Varga",
					SpeakerStart: spS, SpeakerEnd: spE, Name: "Varga", SpeakerEntity: 0, Cue: "said"},
			},
			Claims: []news.Claim{{Text: "Some 25,000 cars", Start: cS, End: cE, Value: 25000, Low: 22500, High: 27500,
				Hedge: "around", Unit: "cars", Measure: "cars crossing the bridge each day"}},
			Dates: []news.Date{
				{Text: "March 2024", Start: dS, End: dE, Time: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Granularity: "month"},
				{Text: "Sunday", Start: rS, End: rE, Time: time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC), Granularity: "day", Relative: true},
			},
		}
	}
	var cargo news.Annotations
	{
		text := cargoText
		tS, tE := oaSpan(t, text, "1,200 tonnes")
		mS, mE := oaSpan(t, text, "Ilse Varga")
		cargo = news.Annotations{
			Entities: []news.EntityRef{{Name: "Ilse Varga", Type: "PER", Titles: []string{"Mayor"}, Mentions: 1, Key: "PER:ilse varga"}},
			Mentions: []news.Mention{{Text: "Ilse Varga", Start: mS, End: mE, Type: "PER", Kind: "name", Entity: 0, Title: "Mayor"}},
			Claims: []news.Claim{{Text: "1,200 tonnes", Start: tS, End: tE, Value: 1200, Low: 1200, High: 1200,
				Hedge: "exact", Unit: "tonnes", Measure: "cargo stranded at the quay"}},
		}
	}

	for i, a := range []news.Article{
		{URL: "https://herald.example/bridge", Source: "Coastal Herald", Title: "Harbour bridge reopens",
			Text: heraldText, Lang: "en", StoryID: 1, Assignment: news.Assignment{NewStory: true}, Annotations: &herald},
		{URL: "https://post.example/bridge", Source: "Northern Post", Title: "Bridge traffic resumes",
			Text: postText, Lang: "en", StoryID: 1, Annotations: &post,
			Assignment: news.Assignment{Score: 0.62, RunnerUp: 0.11, Terms: []string{"bridge", "harbour"},
				Entities: []string{"Varga"}, TimeGap: time.Hour}},
		{URL: "https://wire.example/bridge", Source: "Wire Digest", Title: "Harbour bridge reopens",
			Text: heraldText, Lang: "en", StoryID: 1, DuplicateOf: 1, Annotations: &herald,
			Assignment: news.Assignment{Score: 0.9, DuplicateOf: 1, Similarity: 0.97, TimeGap: time.Hour}},
		{URL: "https://herald.example/cargo", Source: "Coastal Herald", Title: "Cargo stranded at the quay",
			Text: cargoText, Lang: "en", StoryID: 2, Assignment: news.Assignment{NewStory: true}, Annotations: &cargo},
		{Source: "Northern Post", Title: "Le marché rouvre", Text: "Le marché du port rouvre samedi.",
			Lang: "fr", StoryID: 3, Assignment: news.Assignment{NewStory: true}},
		// Placed in a story of its own, which is then merged into story 1.
		{URL: "https://post.example/bridge-tolls", Source: "Northern Post", Title: "Bridge tolls waived for a week",
			Text: "Drivers will pay no toll on the harbour bridge for a week after its reopening, the transport office said.",
			Lang: "en", StoryID: 4, Assignment: news.Assignment{NewStory: true, Score: 0.2}},
	} {
		a.Identity = fmt.Sprintf("test:%d", i)
		a.Published = base.Add(time.Duration(i) * time.Hour)
		a.Ingested = a.Published.Add(time.Minute)
		a.Assignment.StoryID = a.StoryID
		if _, err := st.AddArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.MergeStories(ctx, news.Merge{From: 4, Into: 1, Score: 0.44, At: base.Add(6 * time.Hour)}); err != nil {
		t.Fatal(err)
	}

	for _, s := range []struct {
		src   news.Source
		fetch news.FetchResult
	}{
		{news.Source{URL: "https://herald.example/feed.xml", Kind: news.SourceFeed, Title: "Coastal Herald",
			Interval: 30 * time.Minute, Added: base},
			news.FetchResult{At: base.Add(time.Hour), Status: http.StatusOK, ETag: `"v1"`,
				LastModified: "Sun, 10 Mar 2024 09:00:00 GMT", NextFetch: base.Add(90 * time.Minute),
				NewArticles: 2, SiteURL: "https://herald.example/"}},
		{news.Source{URL: "https://post.example/sitemap.xml", Kind: news.SourceSitemap, Added: base},
			news.FetchResult{At: base.Add(time.Hour), Status: http.StatusServiceUnavailable,
				Err: "fetch https://post.example/sitemap.xml: 503 Service Unavailable", NextFetch: base.Add(2 * time.Hour)}},
	} {
		src, err := st.AddSource(ctx, s.src)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.RecordFetch(ctx, src.ID, s.fetch); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// oaExchange is one request to the server and its response.
type oaExchange struct {
	resp *http.Response
	body []byte
}

func oaDo(t *testing.T, srv *httptest.Server, method, target, contentType, body string) oaExchange {
	t.Helper()
	resp, b := request(t, srv, method, target, contentType, body)
	return oaExchange{resp, b}
}

// oaCheck holds a response to operation o's documentation: its status
// is documented, and its body has the documented media type and validates
// against the documented schema (or is empty when none is documented).
// It returns the decoded body.
func oaCheck(t *testing.T, doc map[string]any, v *validator, o oaOperation, x oaExchange) any {
	t.Helper()
	status := strconv.Itoa(x.resp.StatusCode)
	raw, ok := oaMap(o.op["responses"])[status]
	if !ok {
		t.Errorf("%s: status %s is not documented; body %s", o, status, x.body)
		return nil
	}
	r := oaResolve(t, doc, raw)
	content := oaMap(r["content"])
	if len(content) == 0 {
		if len(x.body) != 0 {
			t.Errorf("%s: status %s documents no body, got %s", o, status, x.body)
		}
		return nil
	}
	mt, _, err := mime.ParseMediaType(x.resp.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		t.Errorf("%s: Content-Type %q, want JSON", o, x.resp.Header.Get("Content-Type"))
		return nil
	}
	media := oaMap(content[mt])
	if media == nil {
		t.Errorf("%s: status %s documents no %s body", o, status, mt)
		return nil
	}
	body, err := oaDecode(x.body)
	if err != nil {
		t.Errorf("%s: status %s: body %s: %v", o, status, x.body, err)
		return nil
	}
	if err := v.validate(media["schema"], body, "body"); err != nil {
		t.Errorf("%s: status %s: %v\nbody %s", o, status, err, x.body)
	}
	if x.resp.StatusCode >= 400 {
		if got := oaMap(oaMap(body)["error"])["status"]; fmt.Sprint(got) != status {
			t.Errorf("%s: error.status %v in a %s response", o, got, status)
		}
	}
	return body
}

// oaTarget builds a request target for o from its parameters' examples:
// every path parameter, and the query parameters that are required or,
// with all, every one.
func oaTarget(o oaOperation, all bool) string {
	path := o.path
	q := url.Values{}
	for _, p := range o.params {
		name, ex := fmt.Sprint(p["name"]), fmt.Sprint(p["example"])
		switch {
		case p["in"] == "path":
			path = strings.ReplaceAll(path, "{"+name+"}", url.PathEscape(ex))
		case p["in"] == "query" && (all || p["required"] == true):
			q.Set(name, ex)
		}
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return path
}

func openAPIServer(t *testing.T) (*httptest.Server, *sqlite.Store) {
	t.Helper()
	st := openAPIStore(t)
	mux := http.NewServeMux()
	api.New(st, slog.New(slog.DiscardHandler)).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, st
}

// TestOpenAPIResponses sends every documented operation a request made
// of the document's examples, then bad requests to every route that takes
// parameters or a body, then every GET again with the store closed, and
// holds each response to the document. Between them the responses must
// reach every schema the document defines.
func TestOpenAPIResponses(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	srv, st := openAPIServer(t)
	v := newValidator(doc)
	ops := oaOperations(t, doc)
	byKey := map[string]oaOperation{}
	for _, o := range ops {
		byKey[o.String()] = o
	}

	// Reads first, then writes, deletes last (the examples name source 1,
	// which the GETs read).
	order := map[string]int{"GET": 0, "POST": 1, "PUT": 1, "PATCH": 1, "DELETE": 2}
	sorted := slices.Clone(ops)
	slices.SortStableFunc(sorted, func(a, b oaOperation) int { return order[a.method] - order[b.method] })
	for _, o := range sorted {
		t.Run("examples "+o.String(), func(t *testing.T) {
			targets := []string{oaTarget(o, false)}
			if all := oaTarget(o, true); all != targets[0] {
				targets = append(targets, all)
			}
			for _, target := range targets {
				ct, body := "", ""
				if rb := oaMap(o.op["requestBody"]); rb != nil {
					media := oaMap(oaMap(rb["content"])["application/json"])
					if err := v.validate(media["schema"], media["example"], "request example"); err != nil {
						t.Error(err)
					}
					ct, body = "application/json", oaJSON(media["example"])
				}
				x := oaDo(t, srv, o.method, target, ct, body)
				if x.resp.StatusCode < 200 || x.resp.StatusCode > 299 {
					t.Errorf("%s %s: status %d, want success for the document's examples; body %s",
						o.method, target, x.resp.StatusCode, x.body)
				}
				oaCheck(t, doc, v, o, x)
				if o.method == "POST" && x.resp.StatusCode == http.StatusCreated && x.resp.Header.Get("Location") == "" {
					t.Errorf("%s: 201 without Location", o)
				}
			}
		})
	}

	// Pagination: pages of one follow next_cursor to the same stories as
	// one long page, and the last page has no next_cursor at all.
	t.Run("pagination", func(t *testing.T) {
		o := byKey["GET /api/v1/stories"]
		whole := oaMap(oaCheck(t, doc, v, o, oaDo(t, srv, "GET", "/api/v1/stories?limit=200", "", "")))
		var want, got []string
		for _, s := range oaSlice(whole["stories"]) {
			want = append(want, fmt.Sprint(oaMap(s)["id"]))
		}
		if _, ok := whole["next_cursor"]; ok {
			t.Errorf("single page has next_cursor %v", whole["next_cursor"])
		}
		target := "/api/v1/stories?limit=1"
		for range 10 {
			page := oaMap(oaCheck(t, doc, v, o, oaDo(t, srv, "GET", target, "", "")))
			for _, s := range oaSlice(page["stories"]) {
				got = append(got, fmt.Sprint(oaMap(s)["id"]))
			}
			next, ok := page["next_cursor"].(string)
			if !ok {
				break
			}
			if next == "" {
				t.Fatal("next_cursor present but empty")
			}
			target = "/api/v1/stories?limit=1&cursor=" + url.QueryEscape(next)
		}
		if len(want) < 3 || !slices.Equal(got, want) {
			t.Errorf("paged stories %v, want %v", got, want)
		}
	})

	// Requests beyond the examples, for what the examples do not show.
	for _, tc := range []struct{ op, target string }{
		{"GET /api/v1/articles/{id}", "/api/v1/articles/2"}, // a relative date
		{"GET /api/v1/articles/{id}", "/api/v1/articles/3"}, // a reprint
		{"GET /api/v1/articles/{id}", "/api/v1/articles/5"}, // not annotated
		{"GET /api/v1/stories/{id}/annotations", "/api/v1/stories/3/annotations"},
		{"GET /api/v1/stories/{id}/comparison", "/api/v1/stories/3/comparison"},
		{"GET /api/v1/entities/{key}", "/api/v1/entities/PER:ilse%20varga?limit=1"},
		{"GET /api/v1/outlets/{name}", "/api/v1/outlets/Coastal%20Herald?limit=1"},
	} {
		t.Run("more "+tc.target, func(t *testing.T) {
			x := oaDo(t, srv, "GET", tc.target, "", "")
			if x.resp.StatusCode != http.StatusOK {
				t.Errorf("status %d; body %s", x.resp.StatusCode, x.body)
			}
			oaCheck(t, doc, v, byKey[tc.op], x)
		})
	}

	// One bad request or more per route that takes parameters or a body.
	bad := []struct {
		op, method, target, contentType, body string
		status                                int
	}{
		{"GET /api/v1/stories", "GET", "/api/v1/stories?cursor=garbage", "", "", 400},
		{"GET /api/v1/stories", "GET", "/api/v1/stories?since=tomorrow", "", "", 400},
		{"GET /api/v1/stories", "GET", "/api/v1/stories?limit=0", "", "", 400},
		{"GET /api/v1/stories/{id}", "GET", "/api/v1/stories/x", "", "", 400},
		{"GET /api/v1/stories/{id}", "GET", "/api/v1/stories/999", "", "", 404},
		{"GET /api/v1/stories/{id}/annotations", "GET", "/api/v1/stories/x/annotations", "", "", 400},
		{"GET /api/v1/stories/{id}/annotations", "GET", "/api/v1/stories/999/annotations", "", "", 404},
		{"GET /api/v1/stories/{id}/comparison", "GET", "/api/v1/stories/0/comparison", "", "", 400},
		{"GET /api/v1/stories/{id}/comparison", "GET", "/api/v1/stories/999/comparison", "", "", 404},
		{"GET /api/v1/articles/{id}", "GET", "/api/v1/articles/x", "", "", 400},
		{"GET /api/v1/articles/{id}", "GET", "/api/v1/articles/999", "", "", 404},
		{"GET /api/v1/search", "GET", "/api/v1/search", "", "", 400},
		{"GET /api/v1/search", "GET", "/api/v1/search?q=bridge&limit=1000", "", "", 400},
		{"GET /api/v1/entities/{key}", "GET", "/api/v1/entities/PER:nobody", "", "", 404},
		{"GET /api/v1/entities/{key}", "GET", "/api/v1/entities/PER:varga?until=tomorrow", "", "", 400},
		{"GET /api/v1/outlets/{name}", "GET", "/api/v1/outlets/Nowhere", "", "", 404},
		{"GET /api/v1/outlets/{name}", "GET", "/api/v1/outlets/Northern%20Post?cursor=garbage", "", "", 400},
		{"GET /api/v1/sources/{id}", "GET", "/api/v1/sources/x", "", "", 400},
		{"GET /api/v1/sources/{id}", "GET", "/api/v1/sources/999", "", "", 404},
		{"DELETE /api/v1/sources/{id}", "DELETE", "/api/v1/sources/x", "", "", 400},
		{"DELETE /api/v1/sources/{id}", "DELETE", "/api/v1/sources/999", "", "", 404},
		{"POST /api/v1/sources", "POST", "/api/v1/sources", "application/json", `{"url": "/feed"}`, 400},
		{"POST /api/v1/sources", "POST", "/api/v1/sources", "application/json", `{"url": "https://a.example/f", "colour": "red"}`, 400},
		{"POST /api/v1/sources", "POST", "/api/v1/sources", "text/plain", `{"url": "https://a.example/f"}`, 400},
	}
	covered := map[string]bool{}
	for _, tc := range bad {
		t.Run(fmt.Sprintf("bad %s %s", tc.method, tc.target), func(t *testing.T) {
			o, ok := byKey[tc.op]
			if !ok {
				t.Fatalf("%s is not documented", tc.op)
			}
			covered[tc.op] = true
			x := oaDo(t, srv, tc.method, tc.target, tc.contentType, tc.body)
			if x.resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d; body %s", x.resp.StatusCode, tc.status, x.body)
			}
			oaCheck(t, doc, v, o, x)
		})
	}
	for _, o := range ops {
		if (len(o.params) > 0 || o.op["requestBody"] != nil) && !covered[o.String()] {
			t.Errorf("%s takes parameters but no bad request tries it", o)
		}
	}

	// Requests no route serves get the error shape too.
	t.Run("no route", func(t *testing.T) {
		errSchema := map[string]any{"$ref": "#/components/schemas/Error"}
		for _, tc := range []struct{ method, target string }{{"GET", "/api/v1/nothing"}, {"PUT", "/api/v1/stories"}} {
			x := oaDo(t, srv, tc.method, tc.target, "", "")
			body, err := oaDecode(x.body)
			if err == nil {
				err = v.validate(errSchema, body, "body")
			}
			if err != nil {
				t.Errorf("%s %s: %d %s: %v", tc.method, tc.target, x.resp.StatusCode, x.body, err)
			}
		}
	})

	// With the store gone, every route that reads it fails with a
	// documented status and the error shape.
	t.Run("store closed", func(t *testing.T) {
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		for _, o := range ops {
			if o.method != "GET" {
				continue
			}
			x := oaDo(t, srv, o.method, oaTarget(o, false), "", "")
			oaCheck(t, doc, v, o, x)
		}
	})

	for _, name := range slices.Sorted(maps.Keys(v.schemas)) {
		if !v.reached[name] {
			t.Errorf("schema %s was never held against a real response or request", name)
			continue
		}
		for _, prop := range slices.Sorted(maps.Keys(oaMap(oaMap(v.schemas[name])["properties"]))) {
			if !v.reached[name+"."+prop] {
				t.Errorf("property %s.%s never appeared in a real response or request", name, prop)
			}
		}
	}
}

// TestOpenAPIServed checks the document is served as embedded, with an
// ETag that makes a repeated request a 304.
func TestOpenAPIServed(t *testing.T) {
	_, raw := loadOpenAPI(t)
	srv, _ := openAPIServer(t)
	x := oaDo(t, srv, "GET", "/api/v1/openapi.json", "", "")
	if x.resp.StatusCode != http.StatusOK || !bytes.Equal(x.body, raw) {
		t.Fatalf("GET openapi.json: %d, body equal to openapi.json: %v", x.resp.StatusCode, bytes.Equal(x.body, raw))
	}
	if mt, _, _ := mime.ParseMediaType(x.resp.Header.Get("Content-Type")); mt != "application/json" {
		t.Errorf("Content-Type %q", x.resp.Header.Get("Content-Type"))
	}
	etag := x.resp.Header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || len(etag) < 4 {
		t.Fatalf("ETag %q", etag)
	}
	for _, inm := range []string{etag, `"other", ` + etag, "W/" + etag, "*"} {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/openapi.json", nil)
		req.Header.Set("If-None-Match", inm)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified || len(b) != 0 || resp.Header.Get("ETag") != etag {
			t.Errorf("If-None-Match %s: %d, %d bytes, ETag %q; want 304, none, the same", inm, resp.StatusCode, len(b), resp.Header.Get("ETag"))
		}
	}
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/openapi.json", nil)
	req.Header.Set("If-None-Match", `"stale"`)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("stale If-None-Match: %d, want 200", resp.StatusCode)
	}
	x = oaDo(t, srv, "HEAD", "/api/v1/openapi.json", "", "")
	if x.resp.StatusCode != http.StatusOK || len(x.body) != 0 || x.resp.Header.Get("ETag") != etag {
		t.Errorf("HEAD: %d, %d bytes, ETag %q", x.resp.StatusCode, len(x.body), x.resp.Header.Get("ETag"))
	}
}
