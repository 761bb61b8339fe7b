-- Failed moderator logins per client address and per login name, so that the throttle on
-- guessing passwords outlives a restart (and, on PostgreSQL, holds across servers).
CREATE TABLE login_failures (
    key       TEXT    PRIMARY KEY,  -- "name:<login name>" or "client:<address>"
    failures  INTEGER NOT NULL,
    since     INTEGER NOT NULL      -- the first failure of the current window
);
