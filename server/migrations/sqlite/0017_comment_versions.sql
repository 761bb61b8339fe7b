-- Earlier versions of a comment, for moderators: each edit (by its author or by a
-- moderator) keeps the text and author fields it replaced, with when they were written
-- and by whom. A comment's `edited_by` names the moderator who wrote its current
-- version (readers see "edited by a moderator"); NULL when its author did.
CREATE TABLE comment_versions (
    id              INTEGER PRIMARY KEY,
    comment_id      INTEGER NOT NULL REFERENCES comments(id),
    written_at      INTEGER NOT NULL,
    written_by      TEXT,
    author_name     TEXT    NOT NULL,
    author_email    TEXT,
    author_website  TEXT,
    body_markdown   TEXT    NOT NULL,
    replaced_at     INTEGER NOT NULL
);
CREATE INDEX comment_versions_by_comment ON comment_versions (comment_id, id);

ALTER TABLE comments ADD COLUMN edited_by TEXT;
