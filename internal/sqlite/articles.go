package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parallax-news/parallax/internal/news"
)

// scanBatch is how many articles ScanArticles reads per query; fn runs
// between queries, so a slow fn never holds a connection open.
const scanBatch = 512

// articleColumns is the select list every article query shares; scanArticle
// reads it back in this order.
const articleColumns = `a.id, a.identity, a.url, a.source, a.title, a.text, a.lang,
	a.published, a.ingested, a.origin, a.story_id, a.duplicate_of,
	a.new_story, a.score, a.runner_up, a.terms, a.entities, a.time_gap,
	a.evidence_duplicate_of, a.similarity, COALESCE(a.placed_story, a.story_id)`

const (
	insertArticleSQL = `INSERT INTO articles (identity, url, source, title, text, lang,
	published, ingested, seen, origin, story_id, duplicate_of,
	new_story, score, runner_up, terms, entities, time_gap, evidence_duplicate_of, similarity, placed_story)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (identity) DO NOTHING
RETURNING id`

	insertStorySourceSQL = `INSERT INTO story_sources (story_id, source) VALUES (?, ?)
ON CONFLICT (story_id, source) DO NOTHING`

	insertSourceSQL = `INSERT INTO sources (name) VALUES (?) ON CONFLICT (name) DO NOTHING`

	// upsertStorySQL creates a story from its first article or folds one
	// more article into its totals. The title stays with the first article
	// that had one; until such an article arrives, it is an excerpt of the
	// first text.
	upsertStorySQL = `INSERT INTO stories (id, title, titled, articles, sources, originals, first_seen, last_seen)
VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?6)
ON CONFLICT (id) DO UPDATE SET
	title = CASE
		WHEN stories.titled THEN stories.title
		WHEN excluded.titled OR stories.title = '' THEN excluded.title
		ELSE stories.title END,
	titled = stories.titled OR excluded.titled,
	articles = stories.articles + 1,
	sources = stories.sources + excluded.sources,
	originals = stories.originals + excluded.originals,
	first_seen = min(stories.first_seen, excluded.first_seen),
	last_seen = max(stories.last_seen, excluded.last_seen)`

	insertSearchSQL = `INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)`
)

// writeStmts are the statements of AddArticle, prepared once on the writer
// connection.
type writeStmts struct {
	insertArticle, insertStorySource, insertSource, upsertStory, insertSearch *sql.Stmt
}

func (w *writeStmts) prepare(ctx context.Context, db *sql.DB) error {
	for _, p := range []struct {
		dst   **sql.Stmt
		query string
	}{
		{&w.insertArticle, insertArticleSQL},
		{&w.insertStorySource, insertStorySourceSQL},
		{&w.insertSource, insertSourceSQL},
		{&w.upsertStory, upsertStorySQL},
		{&w.insertSearch, insertSearchSQL},
	} {
		st, err := db.PrepareContext(ctx, p.query)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		*p.dst = st
	}
	return nil
}

func (w *writeStmts) close() error {
	var errs []error
	for _, st := range []*sql.Stmt{w.insertArticle, w.insertStorySource, w.insertSource, w.upsertStory, w.insertSearch} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	return errors.Join(errs...)
}

// AddArticle stores a and folds it into its story in one transaction. A
// zero a.Ingested is stored as the current time. Times are kept to the
// microsecond.
func (s *Store) AddArticle(ctx context.Context, a *news.Article) (int64, error) {
	if err := validateArticle(a); err != nil {
		return 0, fmt.Errorf("add article: %w", err)
	}
	ingested := a.Ingested
	if ingested.IsZero() {
		ingested = time.Now()
	}
	seen := a.Published
	if seen.IsZero() {
		seen = ingested
	}
	terms, err := encodeWords(a.Assignment.Terms)
	if err != nil {
		return 0, fmt.Errorf("add article %s: terms: %w", a.Identity, err)
	}
	entities, err := encodeWords(a.Assignment.Entities)
	if err != nil {
		return 0, fmt.Errorf("add article %s: entities: %w", a.Identity, err)
	}
	title, titled := storyTitle(a.Title, a.Text)
	var sourceCount, original int
	if a.DuplicateOf == 0 {
		original = 1
	}

	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("add article %s: begin: %w", a.Identity, err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit

	var id int64
	err = tx.StmtContext(ctx, s.stmts.insertArticle).QueryRowContext(ctx,
		a.Identity, a.URL, a.Source, a.Title, a.Text, a.Lang,
		nullMicros(a.Published), micros(ingested), micros(seen), a.Origin,
		a.StoryID, nullID(a.DuplicateOf),
		a.Assignment.NewStory, a.Assignment.Score, a.Assignment.RunnerUp,
		terms, entities, int64(a.Assignment.TimeGap),
		a.Assignment.DuplicateOf, a.Assignment.Similarity, a.StoryID,
	).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("add article %s: %w", a.Identity, news.ErrDuplicate)
	}
	if err != nil {
		return 0, fmt.Errorf("add article %s: insert: %w", a.Identity, err)
	}
	if a.Source != "" {
		res, err := tx.StmtContext(ctx, s.stmts.insertStorySource).ExecContext(ctx, a.StoryID, a.Source)
		if err != nil {
			return 0, fmt.Errorf("add article %s: story source: %w", a.Identity, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("add article %s: story source: %w", a.Identity, err)
		}
		sourceCount = int(n)
		if n > 0 { // new to the story, perhaps new to the store
			if _, err := tx.StmtContext(ctx, s.stmts.insertSource).ExecContext(ctx, a.Source); err != nil {
				return 0, fmt.Errorf("add article %s: source: %w", a.Identity, err)
			}
		}
	}
	if _, err := tx.StmtContext(ctx, s.stmts.upsertStory).ExecContext(ctx,
		a.StoryID, title, titled, sourceCount, original, micros(seen),
	); err != nil {
		return 0, fmt.Errorf("add article %s: story %d: %w", a.Identity, a.StoryID, err)
	}
	if _, err := tx.StmtContext(ctx, s.stmts.insertSearch).ExecContext(ctx, id, a.Title, a.Text); err != nil {
		return 0, fmt.Errorf("add article %s: search index: %w", a.Identity, err)
	}
	if a.Annotations != nil {
		if err := addAnnotations(ctx, tx, id, a.Annotations); err != nil {
			return 0, fmt.Errorf("add article %s: annotations: %w", a.Identity, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("add article %s: commit: %w", a.Identity, err)
	}
	return id, nil
}

func validateArticle(a *news.Article) error {
	switch {
	case a == nil:
		return fmt.Errorf("nil article: %w", news.ErrInvalid)
	case a.Identity == "":
		return fmt.Errorf("empty identity: %w", news.ErrInvalid)
	case a.StoryID <= 0:
		return fmt.Errorf("%s: story id %d: %w", a.Identity, a.StoryID, news.ErrInvalid)
	case a.Assignment.StoryID != 0 && a.Assignment.StoryID != a.StoryID:
		return fmt.Errorf("%s: assignment names story %d, article story %d: %w",
			a.Identity, a.Assignment.StoryID, a.StoryID, news.ErrInvalid)
	case a.DuplicateOf < 0:
		return fmt.Errorf("%s: duplicate of %d: %w", a.Identity, a.DuplicateOf, news.ErrInvalid)
	}
	return nil
}

// storyTitle is the title an article gives a story it starts: its own title,
// or else the opening of its text, cut at a word boundary near 80
// characters. titled reports whether it is a real title.
func storyTitle(title, text string) (_ string, titled bool) {
	if t := strings.TrimSpace(title); t != "" {
		return t, true
	}
	const limit = 80
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(text) {
		wn := len([]rune(w))
		if n > 0 && n+1+wn > limit {
			b.WriteString("…")
			break
		}
		if n == 0 && wn > limit {
			b.WriteString(string([]rune(w)[:limit]))
			b.WriteString("…")
			break
		}
		if n > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += wn
	}
	return b.String(), false
}

// HasIdentity reports whether an article with this identity is stored.
func (s *Store) HasIdentity(ctx context.Context, identity string) (bool, error) {
	var one int
	err := s.reader.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE identity = ?`, identity).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("has identity %s: %w", identity, err)
	}
	return true, nil
}

// Article returns the article with this ID, or news.ErrNotFound.
func (s *Store) Article(ctx context.Context, id int64) (news.Article, error) {
	row := s.reader.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.id = ?`, id)
	a, err := scanArticle(row)
	if errors.Is(err, sql.ErrNoRows) {
		return news.Article{}, fmt.Errorf("article %d: %w", id, news.ErrNotFound)
	}
	if err != nil {
		return news.Article{}, fmt.Errorf("article %d: %w", id, err)
	}
	return a, nil
}

// StoryArticles lists a story's articles by publication time (ingestion
// time for articles without one), then ID. A story that does not exist
// gives news.ErrNotFound.
func (s *Store) StoryArticles(ctx context.Context, storyID int64) ([]news.Article, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles a
WHERE a.story_id = `+resolvedStory+` ORDER BY a.seen, a.id`, storyID, storyID)
	if err != nil {
		return nil, fmt.Errorf("story %d articles: %w", storyID, err)
	}
	out, err := collectArticles(rows)
	if err != nil {
		return nil, fmt.Errorf("story %d articles: %w", storyID, err)
	}
	if len(out) == 0 {
		// Stories only come to be with their first article.
		return nil, fmt.Errorf("story %d articles: %w", storyID, news.ErrNotFound)
	}
	return out, nil
}

// ScanArticles calls fn for each article with an ID above afterID, in ID
// order, and returns the first error fn returns, unchanged.
func (s *Store) ScanArticles(ctx context.Context, afterID int64, fn func(news.Article) error) error {
	for {
		rows, err := s.reader.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles a
WHERE a.id > ? ORDER BY a.id LIMIT ?`, afterID, scanBatch)
		if err != nil {
			return fmt.Errorf("scan articles after %d: %w", afterID, err)
		}
		batch, err := collectArticles(rows)
		if err != nil {
			return fmt.Errorf("scan articles after %d: %w", afterID, err)
		}
		for _, a := range batch {
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(batch) < scanBatch {
			return nil
		}
		afterID = batch[len(batch)-1].ID
	}
}

// rowScanner is what *sql.Row and *sql.Rows share.
type rowScanner interface {
	Scan(dest ...any) error
}

func scanArticle(r rowScanner) (news.Article, error) {
	var (
		a               news.Article
		published       sql.NullInt64
		ingested        int64
		duplicateOf     sql.NullInt64
		terms, entities sql.NullString
		timeGap         int64
	)
	err := r.Scan(&a.ID, &a.Identity, &a.URL, &a.Source, &a.Title, &a.Text, &a.Lang,
		&published, &ingested, &a.Origin, &a.StoryID, &duplicateOf,
		&a.Assignment.NewStory, &a.Assignment.Score, &a.Assignment.RunnerUp,
		&terms, &entities, &timeGap, &a.Assignment.DuplicateOf, &a.Assignment.Similarity,
		&a.Assignment.StoryID)
	if err != nil {
		return news.Article{}, err
	}
	if published.Valid {
		a.Published = fromMicros(published.Int64)
	}
	a.Ingested = fromMicros(ingested)
	a.DuplicateOf = duplicateOf.Int64
	a.Assignment.TimeGap = time.Duration(timeGap)
	if a.Assignment.Terms, err = decodeWords(terms); err != nil {
		return news.Article{}, fmt.Errorf("article %d terms: %w", a.ID, err)
	}
	if a.Assignment.Entities, err = decodeWords(entities); err != nil {
		return news.Article{}, fmt.Errorf("article %d entities: %w", a.ID, err)
	}
	return a, nil
}

func collectArticles(rows *sql.Rows) ([]news.Article, error) {
	defer rows.Close()
	var out []news.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// micros is how the schema keeps a time: unix microseconds, UTC.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// nullMicros stores the zero time as NULL.
func nullMicros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return micros(t)
}

// nullID stores the ID 0, meaning none, as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// encodeWords keeps a word list as a JSON array, and an empty list as NULL.
func encodeWords(words []string) (any, error) {
	if len(words) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(words)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

func decodeWords(s sql.NullString) ([]string, error) {
	if !s.Valid || s.String == "" {
		return nil, nil
	}
	var words []string
	if err := json.Unmarshal([]byte(s.String), &words); err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, nil
	}
	return words, nil
}
