package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/parallax-news/parallax/internal/news"
)

const (
	defaultSearchLimit = 20
	maxSearchLimit     = 1000
	// maxSearchTerms bounds the work one query can ask of the index.
	maxSearchTerms = 32
	// searchWindow is how many of the newest matching articles are ranked:
	// a word found in most articles would otherwise have every one of
	// them scored. Queries with fewer matches rank them all.
	searchWindow = 5000
)

// searchFloorSQL finds the lowest article ID among the newest searchWindow
// matches, walking the index by row ID alone.
const searchFloorSQL = `SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?
ORDER BY rowid DESC LIMIT 1 OFFSET ?`

// searchSQL ranks with bm25, a title match weighing four times a text match,
// and cuts a snippet of about 24 tokens from whichever column matched best.
// It ranks row IDs alone first, so that sorting every match carries no
// article columns, then reads the few rows kept and cuts their snippets.
const searchSQL = `WITH top AS (
	SELECT rowid AS id, bm25(articles_fts, 4.0, 1.0) AS score
	FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid >= ?3
	ORDER BY score, rowid LIMIT ?2
)
SELECT ` + articleColumns + `,
	snippet(articles_fts, -1, char(57344), char(57345), '…', 24),
	top.score
FROM top
JOIN articles_fts ON articles_fts.rowid = top.id
JOIN articles a ON a.id = top.id
WHERE articles_fts MATCH ?1
ORDER BY top.score, top.id`

// Search finds articles whose title or text holds every word of query,
// best first; Rank is the negated bm25 score, so higher is better. Words are
// matched after stemming and without diacritics. A double-quoted part is a
// phrase, and a word ending in * matches as a prefix; every other character
// is taken literally, so no query is a syntax error. A query with no words
// returns no hits. limit 0 means 20. Of a query matching more than 5,000
// articles, the newest 5,000 are ranked.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]news.SearchHit, error) {
	if limit < 0 {
		return nil, fmt.Errorf("search: limit %d: %w", limit, news.ErrInvalid)
	}
	if limit == 0 {
		limit = defaultSearchLimit
	}
	limit = min(limit, maxSearchLimit)
	match := matchQuery(query)
	if match == "" {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		return []news.SearchHit{}, nil
	}
	var floor int64
	err := s.reader.QueryRowContext(ctx, searchFloorSQL, match, s.searchWindow-1).Scan(&floor)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, searchError(query, err)
	}
	rows, err := s.reader.QueryContext(ctx, searchSQL, match, limit, floor)
	if err != nil {
		return nil, searchError(query, err)
	}
	defer rows.Close()
	hits := []news.SearchHit{}
	for rows.Next() {
		var h news.SearchHit
		var score float64
		a, err := scanArticle(scanWithTail{rows, []any{&h.Snippet, &score}})
		if err != nil {
			return nil, searchError(query, err)
		}
		h.Article = a
		h.Rank = -score
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, searchError(query, err)
	}
	return hits, nil
}

// searchError wraps a failed search. matchQuery only produces well-formed
// FTS5 queries, but should one ever be refused, the caller sees an invalid
// query rather than an SQL error.
func searchError(query string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_ERROR {
		return fmt.Errorf("search %q: query not understood: %w", query, news.ErrInvalid)
	}
	return fmt.Errorf("search %q: %w", query, err)
}

// scanWithTail scans the article columns followed by extra ones.
type scanWithTail struct {
	r    rowScanner
	tail []any
}

func (s scanWithTail) Scan(dest ...any) error {
	return s.r.Scan(append(dest, s.tail...)...)
}

// matchQuery turns what a reader typed into an FTS5 query that cannot fail
// to parse. Each whitespace-separated part becomes a quoted FTS5 string, so
// operators (AND, OR, NOT, NEAR), column filters and punctuation are plain
// text; the tokenizer then splits the string as it split the indexed text,
// so "covid-19" is the phrase covid 19. A part in double quotes is kept
// together as a phrase; a trailing * asks for a prefix match. Parts with no
// letter or digit are dropped. The parts are joined with spaces, which FTS5
// reads as AND. It returns "" when nothing searchable remains.
func matchQuery(query string) string {
	var (
		b     strings.Builder
		terms int
	)
	emit := func(part string, prefix bool) {
		if terms >= maxSearchTerms || !strings.ContainsFunc(part, isWordRune) {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.WriteString(part) // part never holds '"', the only special rune in an FTS5 string
		b.WriteByte('"')
		if prefix {
			b.WriteByte('*')
		}
		terms++
	}
	rest := strings.ToValidUTF8(strings.ReplaceAll(query, "\x00", " "), " ")
	for rest != "" {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		var part string
		if rest[0] == '"' {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 { // an unclosed quote runs to the end
				part, rest = rest[1:], ""
			} else {
				part, rest = rest[1:1+end], rest[2+end:]
			}
		} else {
			end := strings.IndexFunc(rest, func(r rune) bool { return r == '"' || unicode.IsSpace(r) })
			if end < 0 {
				end = len(rest)
			}
			part, rest = rest[:end], rest[end:]
		}
		prefix := false
		if strings.HasPrefix(rest, "*") {
			prefix = true
			rest = strings.TrimLeft(rest, "*")
		}
		trimmed := strings.TrimRight(part, "*")
		if trimmed != part {
			prefix = true
		}
		// A prefix must follow a word, not punctuation ("foo-*").
		if prefix {
			trimmed = strings.TrimRightFunc(trimmed, func(r rune) bool { return !isWordRune(r) })
		}
		emit(trimmed, prefix)
	}
	return b.String()
}

// isWordRune matches the runes FTS5's unicode61 tokenizer keeps in tokens.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}
