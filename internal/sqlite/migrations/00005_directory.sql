-- Indexes for the filtered story listing and the entity and outlet pages:
-- the stories of an outlet, the articles of an outlet or in a language.

-- +goose Up
CREATE INDEX story_sources_source ON story_sources (source, story_id);
CREATE INDEX articles_source ON articles (source, seen);
CREATE INDEX articles_lang ON articles (lang, story_id);

-- +goose Down
DROP INDEX articles_lang;
DROP INDEX articles_source;
DROP INDEX story_sources_source;
