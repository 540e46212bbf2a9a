package feed

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// toUTF8 returns data as UTF-8 (or as XML whose declaration names an
// encoding the XML decoder's charset reader converts), with notes on what
// was repaired. It strips a UTF-8 byte order mark, converts UTF-16 with a
// byte order mark, drops an XML encoding declaration that is unknown or
// wrong, and repairs invalid UTF-8 as Parse documents.
func toUTF8(data []byte) ([]byte, []string, error) {
	var notes []string
	if bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		out, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: invalid UTF-16: %v", ErrMalformed, err)
		}
		data = dropDeclaredEncoding(out)
		notes = append(notes, "converted from UTF-16")
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if firstByte(data) == '<' {
		if enc := declaredEncoding(data); enc != "" && !isUTF8Label(enc) {
			e, name := charset.Lookup(enc)
			switch {
			case e == nil:
				data = dropDeclaredEncoding(data)
				notes = append(notes, fmt.Sprintf("unknown encoding %q read as UTF-8", enc))
			case strings.HasPrefix(name, "utf-16"):
				// Without a byte order mark the '<' above was one byte:
				// the declaration is wrong.
				data = dropDeclaredEncoding(data)
				notes = append(notes, fmt.Sprintf("declared encoding %q is wrong, read as UTF-8", enc))
			default:
				return data, notes, nil // the XML decoder converts it
			}
		}
	}
	if utf8.Valid(data) {
		return data, notes, nil
	}
	if !hasMultibyte(data) {
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err == nil {
			return out, append(notes, "not UTF-8: read as Windows-1252"), nil
		}
	}
	out, n := replaceInvalid(data)
	return out, append(notes, fmt.Sprintf("replaced %d invalid UTF-8 %s with U+FFFD", n, plural(n, "sequence", "sequences"))), nil
}

// hasMultibyte reports whether data holds at least one valid multi-byte
// UTF-8 sequence.
func hasMultibyte(data []byte) bool {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r != utf8.RuneError || size > 1 {
			return true
		}
		i += size
	}
	return false
}

// replaceInvalid replaces each run of invalid UTF-8 with U+FFFD and
// returns the number of runs.
func replaceInvalid(data []byte) ([]byte, int) {
	out := make([]byte, 0, len(data)+16)
	n := 0
	bad := false
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			if !bad {
				out = append(out, "\uFFFD"...)
				n++
			}
			bad = true
			i++
			continue
		}
		bad = false
		out = append(out, data[i:i+size]...)
		i += size
	}
	return out, n
}

func isUTF8Label(enc string) bool {
	switch strings.ToLower(enc) {
	case "utf-8", "utf8":
		return true
	}
	return false
}

// xmlDecl returns the bounds of the XML declaration at the start of data
// (after white space), or -1, -1.
func xmlDecl(data []byte) (int, int) {
	start := len(data) - len(bytes.TrimLeft(data, " \t\r\n"))
	if !bytes.HasPrefix(data[start:], []byte("<?xml")) {
		return -1, -1
	}
	end := bytes.Index(data[start:], []byte("?>"))
	if end < 0 || end > 1024 {
		return -1, -1
	}
	return start, start + end + 2
}

// declaredEncoding returns the encoding named in the XML declaration, or "".
func declaredEncoding(data []byte) string {
	start, end := xmlDecl(data)
	if start < 0 {
		return ""
	}
	_, val, ok := encodingAttr(data[start:end])
	if !ok {
		return ""
	}
	return val
}

// encodingAttr finds encoding="..." in an XML declaration and returns its
// bounds and value.
func encodingAttr(decl []byte) ([2]int, string, bool) {
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return [2]int{}, "", false
	}
	j := i + len("encoding")
	for j < len(decl) && (decl[j] == ' ' || decl[j] == '\t' || decl[j] == '\r' || decl[j] == '\n') {
		j++
	}
	if j >= len(decl) || decl[j] != '=' {
		return [2]int{}, "", false
	}
	j++
	for j < len(decl) && (decl[j] == ' ' || decl[j] == '\t' || decl[j] == '\r' || decl[j] == '\n') {
		j++
	}
	if j >= len(decl) || (decl[j] != '"' && decl[j] != '\'') {
		return [2]int{}, "", false
	}
	q := decl[j]
	k := bytes.IndexByte(decl[j+1:], q)
	if k < 0 {
		return [2]int{}, "", false
	}
	return [2]int{i, j + 1 + k + 1}, strings.TrimSpace(string(decl[j+1 : j+1+k])), true
}

// dropDeclaredEncoding removes the encoding attribute from the XML
// declaration at the start of data, if any.
func dropDeclaredEncoding(data []byte) []byte {
	start, end := xmlDecl(data)
	if start < 0 {
		return data
	}
	span, _, ok := encodingAttr(data[start:end])
	if !ok {
		return data
	}
	out := make([]byte, 0, len(data))
	out = append(out, data[:start+span[0]]...)
	return append(out, data[start+span[1]:]...)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
