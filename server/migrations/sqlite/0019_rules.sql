-- Moderators' rules on new comments (see `rules.rs`): a site's (by name) or every site's
-- (site NULL). A comment a rule touched says which and why in `rule_note`, for
-- moderators. Ids are never reused, so a stale screen cannot remove another rule.
CREATE TABLE rules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    site        TEXT,
    kind        TEXT    NOT NULL,
    pattern     TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    message     TEXT,
    created_by  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

ALTER TABLE comments ADD COLUMN rule_note TEXT;
