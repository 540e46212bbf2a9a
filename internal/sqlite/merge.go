package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// resolvedStory is SQL for the ID a story ID resolves to after merges; it
// takes the ID twice.
const resolvedStory = `COALESCE((SELECT into_id FROM story_merges WHERE from_id = ?), ?)`

// MergeStories folds m.From into m.Into in one transaction.
func (s *Store) MergeStories(ctx context.Context, m news.Merge) error {
	if m.From == m.Into {
		return fmt.Errorf("merge story %d into itself: %w", m.From, news.ErrInvalid)
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("merge story %d into %d: begin: %w", m.From, m.Into, err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit

	for _, id := range []int64{m.From, m.Into} {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories WHERE id = ?`, id).Scan(&n); err != nil {
			return fmt.Errorf("merge story %d into %d: %w", m.From, m.Into, err)
		}
		if n == 0 {
			return fmt.Errorf("merge story %d into %d: story %d: %w", m.From, m.Into, id, news.ErrNotFound)
		}
	}
	at := m.At
	if at.IsZero() {
		at = time.Now()
	}
	steps := []struct {
		what  string
		query string
		args  []any
	}{
		{"move articles", `UPDATE articles SET story_id = ? WHERE story_id = ?`, []any{m.Into, m.From}},
		{"move sources", `INSERT OR IGNORE INTO story_sources (story_id, source)
SELECT ?, source FROM story_sources WHERE story_id = ?`, []any{m.Into, m.From}},
		{"drop old sources", `DELETE FROM story_sources WHERE story_id = ?`, []any{m.From}},
		{"recount", `UPDATE stories SET
	articles   = (SELECT COUNT(*) FROM articles WHERE story_id = stories.id),
	originals  = (SELECT COUNT(*) FROM articles WHERE story_id = stories.id AND duplicate_of IS NULL),
	sources    = (SELECT COUNT(*) FROM story_sources WHERE story_id = stories.id),
	first_seen = (SELECT MIN(seen) FROM articles WHERE story_id = stories.id),
	last_seen  = (SELECT MAX(seen) FROM articles WHERE story_id = stories.id),
	title  = CASE WHEN titled THEN title ELSE (SELECT o.title FROM stories o WHERE o.id = ?) END,
	titled = titled OR (SELECT o.titled FROM stories o WHERE o.id = ?)
WHERE id = ?`, []any{m.From, m.From, m.Into}},
		{"drop old story", `DELETE FROM stories WHERE id = ?`, []any{m.From}},
		{"redirect earlier merges", `UPDATE story_merges SET into_id = ? WHERE into_id = ?`, []any{m.Into, m.From}},
		{"record merge", `INSERT INTO story_merges (from_id, into_id, score, merged_at, merged_into) VALUES (?, ?, ?, ?, ?)`,
			[]any{m.From, m.Into, m.Score, micros(at), m.Into}},
	}
	for _, st := range steps {
		if _, err := tx.ExecContext(ctx, st.query, st.args...); err != nil {
			return fmt.Errorf("merge story %d into %d: %s: %w", m.From, m.Into, st.what, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("merge story %d into %d: commit: %w", m.From, m.Into, err)
	}
	return nil
}

// StoryMerges lists the stories folded into story id, directly or through
// a story that was folded in later, in the order they merged; Into is the
// story each was folded into at the time.
func (s *Store) StoryMerges(ctx context.Context, id int64) ([]news.Merge, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT from_id, COALESCE(merged_into, into_id), score, merged_at
FROM story_merges WHERE into_id = `+resolvedStory+` ORDER BY merged_at, from_id`, id, id)
	if err != nil {
		return nil, fmt.Errorf("merges of story %d: %w", id, err)
	}
	defer rows.Close()
	merges := []news.Merge{}
	for rows.Next() {
		var m news.Merge
		var at int64
		if err := rows.Scan(&m.From, &m.Into, &m.Score, &at); err != nil {
			return nil, fmt.Errorf("merges of story %d: %w", id, err)
		}
		m.At = fromMicros(at)
		merges = append(merges, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("merges of story %d: %w", id, err)
	}
	return merges, nil
}
