package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/parallax-news/parallax/internal/news"
)

// Entity sums up the articles naming the entity key, in one snapshot.
func (s *Store) Entity(ctx context.Context, key string) (news.EntitySummary, error) {
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return news.EntitySummary{}, fmt.Errorf("entity %q: %w", key, err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only

	out := news.EntitySummary{Key: key}
	var first, last sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT a.story_id),
	COUNT(DISTINCT NULLIF(a.source, '')), COALESCE(SUM(e.mentions), 0), MIN(a.seen), MAX(a.seen)
FROM article_entities e JOIN articles a ON a.id = e.article_id
WHERE e.name_key = ?`, key).Scan(&out.Articles, &out.Stories, &out.Sources, &out.Mentions, &first, &last)
	if err != nil {
		return news.EntitySummary{}, fmt.Errorf("entity %q: %w", key, err)
	}
	if out.Articles == 0 {
		return news.EntitySummary{}, fmt.Errorf("entity %q: %w", key, news.ErrNotFound)
	}
	out.FirstSeen, out.LastSeen = fromMicros(first.Int64), fromMicros(last.Int64)

	rows, err := tx.QueryContext(ctx, `SELECT name, type, aliases, titles FROM article_entities WHERE name_key = ?`, key)
	if err != nil {
		return news.EntitySummary{}, fmt.Errorf("entity %q names: %w", key, err)
	}
	defer rows.Close()
	names := make(map[string]int)
	titles := make(map[string]bool)
	types := make(map[string]int)
	for rows.Next() {
		var (
			name, typ       string
			aliases, titled sql.NullString
		)
		if err := rows.Scan(&name, &typ, &aliases, &titled); err != nil {
			return news.EntitySummary{}, fmt.Errorf("entity %q names: %w", key, err)
		}
		types[typ]++
		seen := map[string]bool{name: true}
		names[name]++
		list, err := decodeWords(aliases)
		if err != nil {
			return news.EntitySummary{}, fmt.Errorf("entity %q aliases: %w", key, err)
		}
		for _, a := range list {
			if !seen[a] {
				seen[a] = true
				names[a]++
			}
		}
		if list, err = decodeWords(titled); err != nil {
			return news.EntitySummary{}, fmt.Errorf("entity %q titles: %w", key, err)
		}
		for _, t := range list {
			titles[t] = true
		}
	}
	if err := rows.Err(); err != nil {
		return news.EntitySummary{}, fmt.Errorf("entity %q names: %w", key, err)
	}
	for n, c := range names {
		out.Names = append(out.Names, news.NameCount{Name: n, Articles: c})
	}
	slices.SortFunc(out.Names, func(a, b news.NameCount) int {
		if c := cmp.Compare(b.Articles, a.Articles); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.Name), len(a.Name)); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	out.Name = out.Names[0].Name
	for t := range titles {
		out.Titles = append(out.Titles, t)
	}
	slices.Sort(out.Titles)
	out.Type = mostCommon(types)
	return out, nil
}

// mostCommon returns the key with the highest count, the smallest on ties.
func mostCommon(counts map[string]int) string {
	best, n := "", -1
	for k, c := range counts {
		if c > n || (c == n && k < best) {
			best, n = k, c
		}
	}
	return best
}

// outletSQL sums up outlets; the WHERE clause is added by the caller.
// First counts the stories where one of the outlet's articles is as early
// as the story's first report, walking the articles_story index.
const outletSQL = `SELECT o.source, o.n, o.reprints, o.first_seen, o.last_seen,
	(SELECT COUNT(*) FROM story_sources ss WHERE ss.source = o.source),
	(SELECT COUNT(*) FROM story_sources ss JOIN stories st ON st.id = ss.story_id
	 WHERE ss.source = o.source AND EXISTS (SELECT 1 FROM articles f
	   WHERE f.story_id = st.id AND f.seen = st.first_seen AND f.source = o.source))
FROM (SELECT source, COUNT(*) AS n, COUNT(duplicate_of) AS reprints,
	MIN(seen) AS first_seen, MAX(seen) AS last_seen
	FROM articles WHERE source <> '' %s GROUP BY source) o`

func scanOutlet(r rowScanner) (news.OutletSummary, error) {
	var (
		o           news.OutletSummary
		first, last int64
	)
	if err := r.Scan(&o.Name, &o.Articles, &o.Reprints, &first, &last, &o.Stories, &o.First); err != nil {
		return news.OutletSummary{}, err
	}
	o.FirstSeen, o.LastSeen = fromMicros(first), fromMicros(last)
	return o, nil
}

// Outlet sums up the articles of the outlet name.
func (s *Store) Outlet(ctx context.Context, name string) (news.OutletSummary, error) {
	if name == "" {
		return news.OutletSummary{}, fmt.Errorf("outlet %q: %w", name, news.ErrNotFound)
	}
	row := s.reader.QueryRowContext(ctx, fmt.Sprintf(outletSQL, `AND source = ?`), name)
	o, err := scanOutlet(row)
	if errors.Is(err, sql.ErrNoRows) {
		return news.OutletSummary{}, fmt.Errorf("outlet %q: %w", name, news.ErrNotFound)
	}
	if err != nil {
		return news.OutletSummary{}, fmt.Errorf("outlet %q: %w", name, err)
	}
	return o, nil
}

// Outlets sums up every outlet, most articles first.
func (s *Store) Outlets(ctx context.Context) ([]news.OutletSummary, error) {
	rows, err := s.reader.QueryContext(ctx, fmt.Sprintf(outletSQL, ``)+` ORDER BY o.n DESC, o.source`)
	if err != nil {
		return nil, fmt.Errorf("outlets: %w", err)
	}
	defer rows.Close()
	out := []news.OutletSummary{}
	for rows.Next() {
		o, err := scanOutlet(rows)
		if err != nil {
			return nil, fmt.Errorf("outlets: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("outlets: %w", err)
	}
	return out, nil
}
