-- What the annotators found in each article, written by AddArticle in the
-- article's transaction. Entities have rows of their own, keyed by a
-- normalised name, so that a story's entities, or the articles naming an
-- entity, are one indexed query; mentions, quotes, claims, dates and the
-- dateline are read only with their article and are JSON in TEXT columns
-- (jsonb in PostgreSQL). Spelling variants ("Assad" / "Asaad") keep their
-- own keys: stories merge them when read (annotate.Story).

-- +goose Up
CREATE TABLE article_annotations (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id),
    mentions   TEXT NOT NULL DEFAULT '[]', -- JSON array of news.Mention
    quotes     TEXT NOT NULL DEFAULT '[]', -- JSON array of news.Quote
    claims     TEXT NOT NULL DEFAULT '[]', -- JSON array of news.Claim
    dates      TEXT NOT NULL DEFAULT '[]', -- JSON array of news.Date
    dateline   TEXT                        -- JSON object, NULL when none
);

CREATE TABLE article_entities (
    article_id INTEGER NOT NULL REFERENCES articles (id),
    position   INTEGER NOT NULL, -- index in news.Annotations.Entities
    name       TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    name_key   TEXT    NOT NULL, -- news.EntityRef.Key: type and folded name
    aliases    TEXT,             -- JSON array, NULL when empty
    titles     TEXT,             -- JSON array, NULL when empty
    mentions   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, position)
);

-- Which articles name an entity: WHERE name_key = ?.
CREATE INDEX article_entities_key ON article_entities (name_key, article_id);

-- +goose Down
DROP TABLE article_entities;
DROP TABLE article_annotations;
