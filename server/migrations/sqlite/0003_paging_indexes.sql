-- Indexes for reading threads in pages: top-level comments in order, replies per parent,
-- and counts per thread.
DROP INDEX comments_by_parent;
CREATE INDEX comments_top_level ON comments (thread_id, created_at, id) WHERE parent_id IS NULL;
CREATE INDEX comments_children ON comments (parent_id, created_at, id);
CREATE INDEX comments_by_status ON comments (thread_id, status);
