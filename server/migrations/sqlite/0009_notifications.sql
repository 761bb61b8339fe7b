-- Notifications. A comment's author may ask to hear of replies (by email, once the
-- address is confirmed).
ALTER TABLE comments ADD COLUMN notify_replies INTEGER NOT NULL DEFAULT 0;
-- The language of the author's widget, for the mails they get.
ALTER TABLE comments ADD COLUMN lang TEXT;

-- What happened to comments, written in the same transaction as the change itself: a
-- crash after the commit delays the mails and webhook calls it causes, never drops them.
CREATE TABLE outbox_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT    NOT NULL,  -- created, approved, edited, deleted
    comment_id   INTEGER NOT NULL,
    status       TEXT,              -- the comment's status when it was created
    created_at   INTEGER NOT NULL,
    expanded_at  INTEGER            -- when its deliveries were written
);
CREATE INDEX outbox_events_waiting ON outbox_events (id) WHERE expanded_at IS NULL;
-- A thread's events, found through its comments (live updates catching up).
CREATE INDEX outbox_events_by_comment ON outbox_events (comment_id, id);

-- One mail or webhook call an event causes, written whole (rendered) so that every
-- attempt sends the same thing; sent_at is set once it went out.
CREATE TABLE deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id         INTEGER NOT NULL REFERENCES outbox_events(id),
    comment_id       INTEGER NOT NULL,
    purpose          TEXT    NOT NULL,  -- owner, reply, confirm, webhook
    recipient        TEXT    NOT NULL,  -- a mail address or a webhook URL
    payload          TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    sent_at          INTEGER,
    gave_up_at       INTEGER,
    last_error       TEXT,
    UNIQUE (event_id, purpose, recipient)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE sent_at IS NULL AND gave_up_at IS NULL;
-- A mail about one comment goes to one address once, whatever events the comment had
-- (published, marked as spam, approved again).
CREATE UNIQUE INDEX deliveries_once ON deliveries (comment_id, purpose, recipient)
    WHERE purpose IN ('owner', 'reply', 'confirm');

-- Addresses that asked for reply notifications: nothing but one confirmation mail goes to
-- an address until it is confirmed, and nothing at all once it unsubscribed.
CREATE TABLE mail_addresses (
    address          TEXT    PRIMARY KEY,  -- lower-cased
    state            TEXT    NOT NULL,     -- pending, confirmed, unsubscribed
    confirm_sent_at  INTEGER,
    requested_by     TEXT,                 -- the client of the last opt-in (IPv6: its /64)
    updated_at       INTEGER NOT NULL
);
CREATE INDEX mail_addresses_by_client ON mail_addresses (requested_by, confirm_sent_at);
