package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// defaultStoryLimit is the listing size when a filter sets none.
const defaultStoryLimit = 50

const storyColumns = `id, title, articles, sources, originals, first_seen, last_seen`

// Story returns the story with this ID, or news.ErrNotFound.
func (s *Store) Story(ctx context.Context, id int64) (news.Story, error) {
	row := s.reader.QueryRowContext(ctx, `SELECT `+storyColumns+` FROM stories WHERE id = `+resolvedStory, id, id)
	st, err := scanStory(row)
	if errors.Is(err, sql.ErrNoRows) {
		return news.Story{}, fmt.Errorf("story %d: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return news.Story{}, fmt.Errorf("story %d: %w", id, err)
	}
	return st, nil
}

// Stories lists stories by LastSeen, newest first, then by ID, highest
// first. A negative Limit or MinArticles is news.ErrInvalid.
func (s *Store) Stories(ctx context.Context, f news.StoryFilter) ([]news.Story, error) {
	if f.Limit < 0 || f.MinArticles < 0 {
		return nil, fmt.Errorf("stories: limit %d, min articles %d: %w", f.Limit, f.MinArticles, news.ErrInvalid)
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return nil, fmt.Errorf("stories: since %s not before until %s: %w",
			f.Since.Format(time.RFC3339), f.Until.Format(time.RFC3339), news.ErrInvalid)
	}
	limit := f.Limit
	if limit == 0 {
		limit = defaultStoryLimit
	}
	var (
		where []string
		args  []any
	)
	if f.Before != nil {
		// Spelled so that the first term is an index range on last_seen.
		ls := micros(f.Before.LastSeen)
		where = append(where, `last_seen <= ? AND (last_seen < ? OR id < ?)`)
		args = append(args, ls, ls, f.Before.ID)
	}
	if f.MinArticles > 1 {
		where = append(where, `articles >= ?`)
		args = append(args, f.MinArticles)
	}
	if !f.Since.IsZero() {
		where = append(where, `last_seen >= ?`)
		args = append(args, micros(f.Since))
	}
	if !f.Until.IsZero() {
		where = append(where, `first_seen < ?`)
		args = append(args, micros(f.Until))
	}
	if f.Source != "" {
		where = append(where, `id IN (SELECT story_id FROM story_sources WHERE source = ?)`)
		args = append(args, f.Source)
	}
	if f.Entity != "" {
		where = append(where, `id IN (SELECT a.story_id FROM article_entities e
JOIN articles a ON a.id = e.article_id WHERE e.name_key = ?)`)
		args = append(args, f.Entity)
	}
	if f.Language != "" {
		where = append(where, `id IN (SELECT story_id FROM articles WHERE lang = ?)`)
		args = append(args, f.Language)
	}
	q := `SELECT ` + storyColumns + ` FROM stories`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY last_seen DESC, id DESC LIMIT ?`
	args = append(args, limit)

	rows, err := s.reader.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	defer rows.Close()
	out := make([]news.Story, 0, min(limit, 256))
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, fmt.Errorf("stories: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	return out, nil
}

func scanStory(r rowScanner) (news.Story, error) {
	var (
		st          news.Story
		first, last int64
	)
	if err := r.Scan(&st.ID, &st.Title, &st.Articles, &st.Sources, &st.Originals, &first, &last); err != nil {
		return news.Story{}, err
	}
	st.FirstSeen = fromMicros(first)
	st.LastSeen = fromMicros(last)
	return st, nil
}

// MaxStoryID returns the highest story ID ever used, merged ones included,
// or 0 for an empty store.
func (s *Store) MaxStoryID(ctx context.Context) (int64, error) {
	var id int64
	if err := s.reader.QueryRowContext(ctx, `SELECT MAX(
	(SELECT COALESCE(MAX(id), 0) FROM stories),
	(SELECT COALESCE(MAX(from_id), 0) FROM story_merges))`).Scan(&id); err != nil {
		return 0, fmt.Errorf("max story id: %w", err)
	}
	return id, nil
}

// Stats counts articles, stories, reprints and distinct sources. One
// statement reads them all, so they come from one snapshot; each count
// walks an index.
func (s *Store) Stats(ctx context.Context) (news.Stats, error) {
	var st news.Stats
	err := s.reader.QueryRowContext(ctx, `SELECT
	(SELECT COUNT(*) FROM articles),
	(SELECT COUNT(*) FROM stories),
	(SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL),
	(SELECT COUNT(*) FROM sources)`).Scan(&st.Articles, &st.Stories, &st.Reprints, &st.Sources)
	if err != nil {
		return news.Stats{}, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}
