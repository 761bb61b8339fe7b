-- Where an imported comment came from (format, thread and its id in the file), so that
-- importing the same file again stores nothing twice.
ALTER TABLE comments ADD COLUMN import_ref TEXT;
CREATE UNIQUE INDEX comments_by_import_ref ON comments (import_ref) WHERE import_ref IS NOT NULL;
