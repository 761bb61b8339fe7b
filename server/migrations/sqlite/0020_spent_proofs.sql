-- Proofs of work already spent: each challenge (by its hash) proves one post only, on
-- every server of the database. `request_key` is the post's idempotency key, so a retry
-- of the same post may show the same proof again. Rows are swept out once the challenge
-- has expired, when it could not be spent anyway.
CREATE TABLE spent_proofs (
    challenge_hash  TEXT    PRIMARY KEY,
    request_key     TEXT,
    expires_at      INTEGER NOT NULL
);
CREATE INDEX spent_proofs_by_expiry ON spent_proofs (expires_at);
