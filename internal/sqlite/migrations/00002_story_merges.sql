-- Stories folded into others. from_id never names a row of stories after its
-- merge; into_id always does: merging into_id later rewrites these rows, so
-- one lookup resolves any old ID.

-- +goose Up
CREATE TABLE story_merges (
    from_id   INTEGER PRIMARY KEY,
    into_id   INTEGER NOT NULL,
    score     REAL    NOT NULL DEFAULT 0,
    merged_at INTEGER NOT NULL
);
CREATE INDEX story_merges_into ON story_merges (into_id);

-- +goose Down
DROP TABLE story_merges;
