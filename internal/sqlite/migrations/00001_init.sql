-- The first schema of a Parallax store. Times are unix microseconds in UTC
-- (BIGINT-compatible integers), so the PostgreSQL backend can mirror every
-- column without conversion. Lists of words are JSON arrays in TEXT columns.

-- +goose Up
CREATE TABLE stories (
    id         INTEGER PRIMARY KEY,          -- chosen by the clusterer, not generated
    title      TEXT    NOT NULL DEFAULT '',
    titled     BOOLEAN NOT NULL DEFAULT FALSE, -- title comes from an article title, not its text
    articles   INTEGER NOT NULL DEFAULT 0,
    sources    INTEGER NOT NULL DEFAULT 0,
    originals  INTEGER NOT NULL DEFAULT 0,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
);

-- The story listing walks this index: ORDER BY last_seen DESC, id DESC.
CREATE INDEX stories_listing ON stories (last_seen DESC, id DESC);

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    identity     TEXT    NOT NULL UNIQUE,
    url          TEXT    NOT NULL DEFAULT '',
    source       TEXT    NOT NULL DEFAULT '',
    title        TEXT    NOT NULL DEFAULT '',
    text         TEXT    NOT NULL DEFAULT '',
    lang         TEXT    NOT NULL DEFAULT '',
    published    INTEGER,                    -- NULL when the outlet gave no date
    ingested     INTEGER NOT NULL,
    seen         INTEGER NOT NULL,           -- published, else ingested: the article's place in time
    origin       TEXT    NOT NULL DEFAULT '',
    story_id     INTEGER NOT NULL REFERENCES stories (id) DEFERRABLE INITIALLY DEFERRED,
    duplicate_of INTEGER,                    -- NULL for an original
    -- Assignment evidence.
    new_story    BOOLEAN NOT NULL DEFAULT FALSE,
    score        REAL    NOT NULL DEFAULT 0,
    runner_up    REAL    NOT NULL DEFAULT 0,
    terms        TEXT,                       -- JSON array, NULL when empty
    entities     TEXT,                       -- JSON array, NULL when empty
    time_gap     INTEGER NOT NULL DEFAULT 0, -- nanoseconds
    evidence_duplicate_of INTEGER NOT NULL DEFAULT 0,
    similarity   REAL    NOT NULL DEFAULT 0
);

-- StoryArticles walks this index: WHERE story_id = ? ORDER BY seen, id.
CREATE INDEX articles_story ON articles (story_id, seen, id);

-- Counting reprints reads only this small index.
CREATE INDEX articles_reprints ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- One row per distinct non-empty source of a story; stories.sources counts them.
CREATE TABLE story_sources (
    story_id INTEGER NOT NULL REFERENCES stories (id) DEFERRABLE INITIALLY DEFERRED,
    source   TEXT    NOT NULL,
    PRIMARY KEY (story_id, source)
);

-- Every distinct non-empty source in the store.
CREATE TABLE sources (
    name TEXT PRIMARY KEY
);

-- Full-text index over titles and texts, kept in step with articles by
-- AddArticle inside the same transaction. Porter stemming over unicode61
-- with diacritics folded: "élections" finds "election".
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title,
    text,
    content = 'articles',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- +goose Down
DROP TABLE articles_fts;
DROP TABLE sources;
DROP TABLE story_sources;
DROP TABLE articles;
DROP TABLE stories;
