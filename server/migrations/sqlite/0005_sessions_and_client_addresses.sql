-- The address a comment was posted from, for moderators; and the first-time check.
ALTER TABLE comments ADD COLUMN client_address TEXT;
CREATE INDEX comments_by_author ON comments (avatar_seed, status);

-- Moderators' login sessions: only a hash of the cookie's token is stored.
CREATE TABLE admin_sessions (
    token_hash  TEXT    PRIMARY KEY,
    moderator   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
