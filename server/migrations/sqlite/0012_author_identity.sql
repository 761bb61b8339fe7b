-- Who a signed-in author is, as the site or the identity provider vouched for them
-- ("sso:<sub>"); none for guests. Shown to moderators, exported and imported.
ALTER TABLE comments ADD COLUMN author_identity TEXT;
