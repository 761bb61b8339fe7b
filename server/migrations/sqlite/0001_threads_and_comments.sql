-- Threads (one per page) and their comments.
CREATE TABLE threads (
    id          INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE,
    title       TEXT,
    url         TEXT,
    locked      INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);

CREATE TABLE comments (
    id               INTEGER PRIMARY KEY,
    thread_id        INTEGER NOT NULL REFERENCES threads(id),
    parent_id        INTEGER REFERENCES comments(id),
    depth            INTEGER NOT NULL DEFAULT 0,
    kind             TEXT    NOT NULL DEFAULT 'comment',
    status           TEXT    NOT NULL DEFAULT 'published',
    author_name      TEXT    NOT NULL,
    author_email     TEXT,
    author_website   TEXT,
    avatar_seed      TEXT    NOT NULL,
    badge            TEXT,
    body_markdown    TEXT    NOT NULL,
    body_tree        TEXT    NOT NULL,
    edit_token_hash  TEXT,
    created_at       INTEGER NOT NULL,
    edited_at        INTEGER
);

CREATE INDEX comments_by_thread ON comments (thread_id, created_at, id);
CREATE INDEX comments_by_parent ON comments (parent_id);

-- Server-wide values created once, such as the key for avatar seeds.
CREATE TABLE settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
