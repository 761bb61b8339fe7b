-- Text keys in bytewise order, as `confab-server migrate` pages through tables (and as
-- SQLite sorts them): without these, a database whose collation is not C would sort and
-- scan the whole table for every page of a copy.
CREATE INDEX settings_bytewise ON settings (name COLLATE "C");
CREATE INDEX idempotency_keys_bytewise ON idempotency_keys (key COLLATE "C");
CREATE INDEX admin_sessions_bytewise ON admin_sessions (token_hash COLLATE "C");
CREATE INDEX mail_addresses_bytewise ON mail_addresses (address COLLATE "C");
