-- The moderators' comment list pages through a site's comments newest first, across
-- threads, for every status or one (keyset paging on created_at and id).
CREATE INDEX comments_by_time ON comments (created_at, id);
CREATE INDEX comments_by_status_and_time ON comments (status, created_at, id);
