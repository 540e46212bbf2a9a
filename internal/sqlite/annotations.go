package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/parallax-news/parallax/internal/news"
)

const (
	insertAnnotationsSQL = `INSERT INTO article_annotations (article_id, mentions, quotes, claims, dates, dateline)
VALUES (?, ?, ?, ?, ?, ?)`

	insertEntitySQL = `INSERT INTO article_entities (article_id, position, name, type, name_key, aliases, titles, mentions)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

	annotationColumns = `n.mentions, n.quotes, n.claims, n.dates, n.dateline`
	// storyAnnotationColumns leave the mentions out (see
	// news.AnnotationStore.StoryAnnotations): they are most of the bytes.
	storyAnnotationColumns = `'[]', n.quotes, n.claims, n.dates, n.dateline`

	entityColumns = `e.article_id, e.position, e.name, e.type, e.name_key, e.aliases, e.titles, e.mentions`
)

// addAnnotations stores the annotations of the article id inside tx, the
// transaction that stores the article.
func addAnnotations(ctx context.Context, tx *sql.Tx, id int64, an *news.Annotations) error {
	var cols [4]string
	for i, v := range []any{an.Mentions, an.Quotes, an.Claims, an.Dates} {
		s, err := encodeList(v)
		if err != nil {
			return err
		}
		cols[i] = s
	}
	var dateline any
	if an.Dateline != nil {
		b, err := json.Marshal(an.Dateline)
		if err != nil {
			return fmt.Errorf("dateline: %w", err)
		}
		dateline = string(b)
	}
	if _, err := tx.ExecContext(ctx, insertAnnotationsSQL, id, cols[0], cols[1], cols[2], cols[3], dateline); err != nil {
		return err
	}
	if len(an.Entities) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, insertEntitySQL)
	if err != nil {
		return fmt.Errorf("entities: %w", err)
	}
	defer st.Close()
	for i, e := range an.Entities {
		aliases, err := encodeWords(e.Aliases)
		if err != nil {
			return fmt.Errorf("entity %q: %w", e.Name, err)
		}
		titles, err := encodeWords(e.Titles)
		if err != nil {
			return fmt.Errorf("entity %q: %w", e.Name, err)
		}
		if _, err := st.ExecContext(ctx, id, i, e.Name, e.Type, e.Key, aliases, titles, e.Mentions); err != nil {
			return fmt.Errorf("entity %q: %w", e.Name, err)
		}
	}
	return nil
}

// encodeList keeps a slice as a JSON array, "[]" when empty.
func encodeList(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if string(b) == "null" {
		return "[]", nil
	}
	return string(b), nil
}

// decodeList reads what encodeList writes; an empty array is a nil slice.
func decodeList[T any](s string, dst *[]T) error {
	if s == "" || s == "[]" || s == "null" {
		*dst = nil
		return nil
	}
	if err := json.Unmarshal([]byte(s), dst); err != nil {
		return err
	}
	if len(*dst) == 0 {
		*dst = nil
	}
	return nil
}

// ArticleAnnotations returns the annotations stored with the article id,
// or news.ErrNotFound when the article does not exist or has none.
func (s *Store) ArticleAnnotations(ctx context.Context, id int64) (news.Annotations, error) {
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return news.Annotations{}, fmt.Errorf("article %d annotations: %w", id, err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only

	var an news.Annotations
	row := tx.QueryRowContext(ctx, `SELECT `+annotationColumns+` FROM article_annotations n WHERE n.article_id = ?`, id)
	err = scanAnnotations(row, &an)
	if errors.Is(err, sql.ErrNoRows) {
		return news.Annotations{}, fmt.Errorf("article %d annotations: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return news.Annotations{}, fmt.Errorf("article %d annotations: %w", id, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+entityColumns+` FROM article_entities e
WHERE e.article_id = ? ORDER BY e.position`, id)
	if err != nil {
		return news.Annotations{}, fmt.Errorf("article %d entities: %w", id, err)
	}
	err = collectEntities(rows, func(_ int64, e news.EntityRef) error {
		an.Entities = append(an.Entities, e)
		return nil
	})
	if err != nil {
		return news.Annotations{}, fmt.Errorf("article %d entities: %w", id, err)
	}
	return an, nil
}

// StoryAnnotations returns the annotations of a story's annotated
// articles, in StoryArticles order, read in one snapshot.
func (s *Store) StoryAnnotations(ctx context.Context, storyID int64) ([]news.ArticleAnnotations, error) {
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("story %d annotations: %w", storyID, err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only

	var resolved int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM stories WHERE id = `+resolvedStory, storyID, storyID).Scan(&resolved)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("story %d annotations: %w", storyID, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("story %d annotations: %w", storyID, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.source, a.published, COALESCE(a.duplicate_of, 0), `+storyAnnotationColumns+`
FROM articles a JOIN article_annotations n ON n.article_id = a.id
WHERE a.story_id = ? ORDER BY a.seen, a.id`, resolved)
	if err != nil {
		return nil, fmt.Errorf("story %d annotations: %w", storyID, err)
	}
	out := []news.ArticleAnnotations{}
	index := make(map[int64]int)
	err = func() error {
		defer rows.Close()
		for rows.Next() {
			var (
				a         news.ArticleAnnotations
				published sql.NullInt64
			)
			if err := scanAnnotations(rows, &a.Annotations, &a.ArticleID, &a.Source, &published, &a.DuplicateOf); err != nil {
				return err
			}
			if published.Valid {
				a.Published = fromMicros(published.Int64)
			}
			index[a.ArticleID] = len(out)
			out = append(out, a)
		}
		return rows.Err()
	}()
	if err != nil {
		return nil, fmt.Errorf("story %d annotations: %w", storyID, err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT `+entityColumns+`
FROM articles a JOIN article_entities e ON e.article_id = a.id
WHERE a.story_id = ? ORDER BY e.article_id, e.position`, resolved)
	if err != nil {
		return nil, fmt.Errorf("story %d entities: %w", storyID, err)
	}
	err = collectEntities(rows, func(article int64, e news.EntityRef) error {
		i, ok := index[article]
		if !ok {
			return fmt.Errorf("entity %q of article %d without annotations", e.Name, article)
		}
		out[i].Annotations.Entities = append(out[i].Annotations.Entities, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("story %d entities: %w", storyID, err)
	}
	return out, nil
}

// scanAnnotations reads annotationColumns, after the columns of lead.
func scanAnnotations(r rowScanner, an *news.Annotations, lead ...any) error {
	var (
		mentions, quotes, claims, dates string
		dateline                        sql.NullString
	)
	if err := r.Scan(append(lead, &mentions, &quotes, &claims, &dates, &dateline)...); err != nil {
		return err
	}
	for _, c := range []struct {
		name   string
		decode func() error
	}{
		{"mentions", func() error { return decodeList(mentions, &an.Mentions) }},
		{"quotes", func() error { return decodeList(quotes, &an.Quotes) }},
		{"claims", func() error { return decodeList(claims, &an.Claims) }},
		{"dates", func() error { return decodeList(dates, &an.Dates) }},
	} {
		if err := c.decode(); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
	}
	if dateline.Valid {
		an.Dateline = new(news.Dateline)
		if err := json.Unmarshal([]byte(dateline.String), an.Dateline); err != nil {
			return fmt.Errorf("dateline: %w", err)
		}
	}
	return nil
}

// collectEntities reads entityColumns rows, checking that each article's
// positions run from 0 without gaps, and calls fn for each.
func collectEntities(rows *sql.Rows, fn func(article int64, e news.EntityRef) error) error {
	defer rows.Close()
	var (
		last int64 = -1
		next int
	)
	for rows.Next() {
		var (
			e               news.EntityRef
			article         int64
			position        int
			aliases, titles sql.NullString
		)
		if err := rows.Scan(&article, &position, &e.Name, &e.Type, &e.Key, &aliases, &titles, &e.Mentions); err != nil {
			return err
		}
		if article != last {
			last, next = article, 0
		}
		if position != next {
			return fmt.Errorf("article %d: entity at position %d, want %d", article, position, next)
		}
		next++
		var err error
		if e.Aliases, err = decodeWords(aliases); err != nil {
			return fmt.Errorf("article %d entity %d aliases: %w", article, position, err)
		}
		if e.Titles, err = decodeWords(titles); err != nil {
			return fmt.Errorf("article %d entity %d titles: %w", article, position, err)
		}
		if err := fn(article, e); err != nil {
			return err
		}
	}
	return rows.Err()
}
