-- The latest published comments across threads, for a site's comment feed.
CREATE INDEX comments_recent ON comments (created_at, id) WHERE status = 'published';
