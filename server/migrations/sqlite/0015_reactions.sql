-- Readers' reactions: one row per reaction, reader (as for votes) and comment, or the
-- page itself (no comment), with the reader's network for the per-network budget. The
-- totals are kept as JSON on the comment or the thread (`{"👍": 3}`), and a comment's
-- `tallied_at` moves with them, so live updates send them on with its votes.
CREATE TABLE reactions (
    id          INTEGER PRIMARY KEY,
    thread_id   INTEGER NOT NULL REFERENCES threads(id),
    comment_id  INTEGER REFERENCES comments(id),
    reaction    TEXT    NOT NULL,
    voter       TEXT    NOT NULL,
    network     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX reactions_once
    ON reactions (thread_id, COALESCE(comment_id, 0), reaction, voter);
CREATE INDEX reactions_by_network
    ON reactions (thread_id, COALESCE(comment_id, 0), reaction, network);

ALTER TABLE comments ADD COLUMN reactions TEXT NOT NULL DEFAULT '';
ALTER TABLE threads ADD COLUMN reactions TEXT NOT NULL DEFAULT '';
