-- "Manage my comments": the links a commenter gets (by mail to their address, or at once
-- when signed in) to the page that lists, downloads and erases their comments on one
-- site. Only the hash of a link's token is kept; a link works until it expires, until a
-- newer one is issued to the same commenter, or until everything was erased with it.
-- Rows are swept out a day after they expire.
CREATE TABLE manage_links (
    token_hash  TEXT    PRIMARY KEY,
    site        TEXT    NOT NULL,
    address     TEXT,
    identity    TEXT,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    spent_at    BIGINT
);
CREATE INDEX manage_links_by_address ON manage_links (site, address, created_at);
CREATE INDEX manage_links_by_identity ON manage_links (site, identity, created_at);
