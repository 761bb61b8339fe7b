-- Sign-ins with an identity provider under way: made when the reader's popup leaves for
-- the provider, taken (once) when it comes back. Only a hash of the state is kept.
CREATE TABLE login_attempts (
    state_hash  TEXT    PRIMARY KEY,
    site        TEXT    NOT NULL,
    login_id    TEXT    NOT NULL,
    origin      TEXT    NOT NULL,  -- the host page's origin, told of the session
    callback    TEXT    NOT NULL,  -- the redirect_uri sent, sent again with the code
    nonce       TEXT    NOT NULL,
    verifier    TEXT    NOT NULL,  -- PKCE
    expires_at BIGINT NOT NULL
);

-- Commenters signed in with an identity provider: only a hash of the token is stored.
CREATE TABLE commenter_sessions (
    token_hash  TEXT    PRIMARY KEY,
    site        TEXT    NOT NULL,
    identity    TEXT    NOT NULL,  -- "<login id>:<subject>"
    name        TEXT    NOT NULL,
    email       TEXT,              -- only one the provider verified
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX commenter_sessions_by_identity ON commenter_sessions (identity);
