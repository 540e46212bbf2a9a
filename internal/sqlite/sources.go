package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// sourceColumns is the select list of every source query; scanSource reads
// it back in this order.
const sourceColumns = `id, url, kind, title, site_url, poll_interval, added, last_fetched, next_fetch,
	etag, last_modified, failures, unchanged, last_error, last_status, articles`

// recordFetchSQL applies one poll's outcome in a single statement, so
// concurrent polls of one source never lose an update. ?6 is 1 for a
// success and 0 for a failure.
const recordFetchSQL = `UPDATE followed_sources SET
	last_fetched  = ?1,
	last_status   = ?2,
	next_fetch    = ?3,
	articles      = articles + ?4,
	title         = CASE WHEN title = '' THEN ?5 ELSE title END,
	site_url      = CASE WHEN site_url = '' THEN ?9 ELSE site_url END,
	failures      = CASE WHEN ?6 = 1 THEN 0 ELSE failures + 1 END,
	last_error    = CASE WHEN ?6 = 1 THEN '' ELSE ?7 END,
	etag          = CASE WHEN ?6 = 1 THEN ?8 ELSE etag END,
	last_modified = CASE WHEN ?6 = 1 THEN ?10 ELSE last_modified END,
	unchanged     = CASE WHEN ?6 = 0 THEN unchanged WHEN ?4 > 0 THEN 0 ELSE unchanged + 1 END
WHERE id = ?11`

// AddSource follows src; see news.SourceStore.
func (s *Store) AddSource(ctx context.Context, src news.Source) (news.Source, error) {
	canonical := news.CanonicalURL(src.URL)
	switch {
	case canonical == "":
		return news.Source{}, fmt.Errorf("add source %q: not an absolute http or https URL: %w", src.URL, news.ErrInvalid)
	case src.Kind != news.SourceFeed && src.Kind != news.SourceSitemap:
		return news.Source{}, fmt.Errorf("add source %s: kind %q: %w", src.URL, src.Kind, news.ErrInvalid)
	case src.Interval < 0:
		return news.Source{}, fmt.Errorf("add source %s: interval %s: %w", src.URL, src.Interval, news.ErrInvalid)
	}
	if src.Added.IsZero() {
		src.Added = time.Now()
	}
	if src.NextFetch.IsZero() {
		src.NextFetch = src.Added
	}
	var id int64
	err := s.writer.QueryRowContext(ctx, `INSERT INTO followed_sources
	(url, canonical, kind, title, site_url, poll_interval, added, next_fetch, etag, last_modified)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (canonical) DO NOTHING
RETURNING id`,
		src.URL, canonical, src.Kind, src.Title, src.SiteURL, src.Interval.Microseconds(),
		micros(src.Added), micros(src.NextFetch), src.ETag, src.LastModified,
	).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return news.Source{}, fmt.Errorf("add source %s: %w", src.URL, news.ErrDuplicate)
	}
	if err != nil {
		return news.Source{}, fmt.Errorf("add source %s: %w", src.URL, err)
	}
	return s.sourceFrom(ctx, s.writer, id)
}

// UpdateSource changes the settings of source id; see news.SourceStore.
func (s *Store) UpdateSource(ctx context.Context, id int64, u news.SourceUpdate) (news.Source, error) {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return news.Source{}, fmt.Errorf("update source %d: %w", id, err)
	}
	defer tx.Rollback()
	src, err := scanSource(tx.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM followed_sources WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return news.Source{}, fmt.Errorf("update source %d: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return news.Source{}, fmt.Errorf("update source %d: %w", id, err)
	}
	var stored string
	if err := tx.QueryRowContext(ctx, `SELECT canonical FROM followed_sources WHERE id = ?`, id).Scan(&stored); err != nil {
		return news.Source{}, fmt.Errorf("update source %d: %w", id, err)
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&src.URL, u.URL)
	set(&src.Kind, u.Kind)
	set(&src.Title, u.Title)
	set(&src.SiteURL, u.SiteURL)
	if u.Interval != nil {
		src.Interval = *u.Interval
	}
	canonical := news.CanonicalURL(src.URL)
	switch {
	case canonical == "":
		return news.Source{}, fmt.Errorf("update source %d: %q is not an absolute http or https URL: %w", id, src.URL, news.ErrInvalid)
	case src.Kind != news.SourceFeed && src.Kind != news.SourceSitemap:
		return news.Source{}, fmt.Errorf("update source %d: kind %q: %w", id, src.Kind, news.ErrInvalid)
	case src.Interval < 0:
		return news.Source{}, fmt.Errorf("update source %d: interval %s: %w", id, src.Interval, news.ErrInvalid)
	}
	if canonical != stored {
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM followed_sources WHERE canonical = ?`, canonical).Scan(&other)
		if err == nil {
			return news.Source{}, fmt.Errorf("update source %d: %s is source %d: %w", id, src.URL, other, news.ErrDuplicate)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return news.Source{}, fmt.Errorf("update source %d: %w", id, err)
		}
		// The validators were the old address's.
		src.ETag, src.LastModified = "", ""
	}
	_, err = tx.ExecContext(ctx, `UPDATE followed_sources SET
	url = ?, canonical = ?, kind = ?, title = ?, site_url = ?, poll_interval = ?, etag = ?, last_modified = ?
WHERE id = ?`,
		src.URL, canonical, src.Kind, src.Title, src.SiteURL, src.Interval.Microseconds(), src.ETag, src.LastModified, id)
	if err != nil {
		return news.Source{}, fmt.Errorf("update source %d: %w", id, err)
	}
	if src, err = scanSource(tx.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM followed_sources WHERE id = ?`, id)); err != nil {
		return news.Source{}, fmt.Errorf("update source %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return news.Source{}, fmt.Errorf("update source %d: %w", id, err)
	}
	return src, nil
}

// RemoveSource stops following source id.
func (s *Store) RemoveSource(ctx context.Context, id int64) error {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM followed_sources WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("remove source %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("remove source %d: %w", id, err)
	} else if n == 0 {
		return fmt.Errorf("remove source %d: %w", id, news.ErrNotFound)
	}
	return nil
}

// Source returns source id.
func (s *Store) Source(ctx context.Context, id int64) (news.Source, error) {
	return s.sourceFrom(ctx, s.reader, id)
}

func (s *Store) sourceFrom(ctx context.Context, db *sql.DB, id int64) (news.Source, error) {
	src, err := scanSource(db.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM followed_sources WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return news.Source{}, fmt.Errorf("source %d: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return news.Source{}, fmt.Errorf("source %d: %w", id, err)
	}
	return src, nil
}

// Sources lists every source in ID order.
func (s *Store) Sources(ctx context.Context) ([]news.Source, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT `+sourceColumns+` FROM followed_sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	list, err := collectSources(rows)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return list, nil
}

// DueSources lists the sources due at now, earliest first.
func (s *Store) DueSources(ctx context.Context, now time.Time, limit int) ([]news.Source, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.reader.QueryContext(ctx, `SELECT `+sourceColumns+` FROM followed_sources
WHERE next_fetch <= ? ORDER BY next_fetch, id LIMIT ?`, micros(now), limit)
	if err != nil {
		return nil, fmt.Errorf("due sources: %w", err)
	}
	list, err := collectSources(rows)
	if err != nil {
		return nil, fmt.Errorf("due sources: %w", err)
	}
	return list, nil
}

// RecordFetch stores the outcome of a poll of source id in one statement.
func (s *Store) RecordFetch(ctx context.Context, id int64, r news.FetchResult) error {
	if r.NewArticles < 0 {
		return fmt.Errorf("record fetch of source %d: %d new articles: %w", id, r.NewArticles, news.ErrInvalid)
	}
	ok := 0
	if r.Err == "" {
		ok = 1
	}
	res, err := s.writer.ExecContext(ctx, recordFetchSQL,
		nullMicros(r.At), r.Status, micros(r.NextFetch), r.NewArticles, r.Title,
		ok, r.Err, r.ETag, r.SiteURL, r.LastModified, id)
	if err != nil {
		return fmt.Errorf("record fetch of source %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("record fetch of source %d: %w", id, err)
	} else if n == 0 {
		return fmt.Errorf("record fetch of source %d: %w", id, news.ErrNotFound)
	}
	return nil
}

func scanSource(r rowScanner) (news.Source, error) {
	var (
		src                   news.Source
		interval, added, next int64
		lastFetched           sql.NullInt64
	)
	err := r.Scan(&src.ID, &src.URL, &src.Kind, &src.Title, &src.SiteURL, &interval, &added, &lastFetched, &next,
		&src.ETag, &src.LastModified, &src.Failures, &src.Unchanged, &src.LastError, &src.LastStatus, &src.Articles)
	if err != nil {
		return news.Source{}, err
	}
	src.Interval = time.Duration(interval) * time.Microsecond
	src.Added, src.NextFetch = fromMicros(added), fromMicros(next)
	if lastFetched.Valid {
		src.LastFetched = fromMicros(lastFetched.Int64)
	}
	return src, nil
}

func collectSources(rows *sql.Rows) ([]news.Source, error) {
	defer rows.Close()
	var list []news.Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, src)
	}
	return list, rows.Err()
}
