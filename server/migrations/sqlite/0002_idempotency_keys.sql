-- Keys of POST requests already answered, so a retry returns the first result.
CREATE TABLE idempotency_keys (
    key           TEXT    PRIMARY KEY,
    request_hash  TEXT    NOT NULL,
    comment_id    INTEGER NOT NULL REFERENCES comments(id),
    created_at    INTEGER NOT NULL
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
