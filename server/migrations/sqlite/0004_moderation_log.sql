-- Every moderation action, with who did it and when.
CREATE TABLE moderation_log (
    id          INTEGER PRIMARY KEY,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    comment_id  INTEGER,
    thread_key  TEXT,
    at          INTEGER NOT NULL
);
