-- The spam filter that learns from moderators, one per site (`site` is the start of its
-- threads' keys: '' for the first site, 'name:' for the others), shared by every server:
-- how many spam and good comments it learned from, and in how many of each every feature
-- appeared. A comment remembers what it was learned as and its features then, so that a
-- changed decision takes back exactly what it added (erasing a comment takes back what it
-- taught).
CREATE TABLE filter_totals (
    site  TEXT    PRIMARY KEY,
    spam  BIGINT  NOT NULL DEFAULT 0,
    good  BIGINT  NOT NULL DEFAULT 0
);
CREATE TABLE filter_features (
    site     TEXT    NOT NULL,
    feature  TEXT    NOT NULL,
    spam     BIGINT  NOT NULL DEFAULT 0,
    good     BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (site, feature)
);
ALTER TABLE comments ADD COLUMN learned_as TEXT;
ALTER TABLE comments ADD COLUMN learned_features TEXT;
