-- Rate-limit buckets shared by every server on this database (posting limits hold across
-- replicas). Unlogged: after a crash the buckets start full, which costs nothing.
CREATE UNLOGGED TABLE rate_buckets (
    key         TEXT              PRIMARY KEY,
    tokens      DOUBLE PRECISION  NOT NULL,
    updated_at  BIGINT            NOT NULL,
    granted     BOOLEAN           NOT NULL
);
CREATE INDEX rate_buckets_by_age ON rate_buckets (updated_at);
