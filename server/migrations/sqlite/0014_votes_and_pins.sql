-- Readers' votes: one row per comment and voter (a hash of the widget's key, or a
-- signed-in identity), with the voter's network for the per-network budget. The totals
-- are kept on the comment, with the rank `sort=best` orders by, and when they last
-- changed (live updates send them on).
CREATE TABLE votes (
    id          INTEGER PRIMARY KEY,
    comment_id  INTEGER NOT NULL REFERENCES comments(id),
    voter       TEXT    NOT NULL,
    value       INTEGER NOT NULL,  -- 1 or -1
    network     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (comment_id, voter)
);
CREATE INDEX votes_by_network ON votes (comment_id, network);

ALTER TABLE comments ADD COLUMN up_votes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN down_votes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN score_rank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN tallied_at INTEGER;
-- The voter who wrote it, who may not vote on it.
ALTER TABLE comments ADD COLUMN author_voter TEXT;
-- Pinned by a moderator: shown first.
ALTER TABLE comments ADD COLUMN pinned_at INTEGER;
CREATE INDEX comments_by_tally ON comments (tallied_at) WHERE tallied_at IS NOT NULL;
CREATE INDEX comments_pinned ON comments (thread_id) WHERE pinned_at IS NOT NULL;
