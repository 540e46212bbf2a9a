-- What merges rewrite, kept as it was, so that a story can show how it
-- formed: placed_story is the story the engine put the article in
-- (articles.story_id follows later merges), and merged_into is the story
-- a merged story was folded into at the time (story_merges.into_id
-- follows later merges of that story). Rows written before this
-- migration have NULL, read as the current story.

-- +goose Up
ALTER TABLE articles ADD COLUMN placed_story INTEGER;
ALTER TABLE story_merges ADD COLUMN merged_into INTEGER;

-- +goose Down
ALTER TABLE story_merges DROP COLUMN merged_into;
ALTER TABLE articles DROP COLUMN placed_story;
