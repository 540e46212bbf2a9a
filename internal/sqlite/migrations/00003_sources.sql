-- The feeds and sitemaps Parallax follows, with the state of their polling.
-- (The table "sources" of 00001 holds the outlet names found in articles;
-- this one is what the poller reads.) Times are unix microseconds in UTC,
-- last_fetched NULL before the first poll; the interval is in microseconds,
-- 0 for the poller's default. PostgreSQL mirrors it with BIGINT columns and
-- an identity id.

-- +goose Up
CREATE TABLE followed_sources (
    id            INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: PostgreSQL identity
    url           TEXT    NOT NULL,
    canonical     TEXT    NOT NULL UNIQUE, -- news.CanonicalURL(url): one source per feed
    kind          TEXT    NOT NULL CHECK (kind IN ('feed', 'sitemap')),
    title         TEXT    NOT NULL DEFAULT '',
    site_url      TEXT    NOT NULL DEFAULT '',
    poll_interval BIGINT  NOT NULL DEFAULT 0,
    added         BIGINT  NOT NULL,
    last_fetched  BIGINT,
    next_fetch    BIGINT  NOT NULL,
    etag          TEXT    NOT NULL DEFAULT '',
    last_modified TEXT    NOT NULL DEFAULT '',
    failures      INTEGER NOT NULL DEFAULT 0,
    unchanged     INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT    NOT NULL DEFAULT '',
    last_status   INTEGER NOT NULL DEFAULT 0,
    articles      INTEGER NOT NULL DEFAULT 0
);

-- DueSources walks this index: WHERE next_fetch <= ? ORDER BY next_fetch, id.
CREATE INDEX followed_sources_due ON followed_sources (next_fetch, id);

-- +goose Down
DROP TABLE followed_sources;
