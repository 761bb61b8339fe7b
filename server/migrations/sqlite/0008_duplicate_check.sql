-- Finding the same comment posted twice in a thread without reading the thread's recent
-- comments one by one: by the start of the text, then the whole text.
CREATE INDEX comments_duplicates ON comments (thread_id, substr(body_markdown, 1, 64), created_at);
