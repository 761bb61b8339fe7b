-- Failed moderator logins per client address and per login name, shared by every server
-- on this database (the throttle on guessing passwords holds across replicas).
CREATE TABLE login_failures (
    key       TEXT    PRIMARY KEY,  -- "name:<login name>" or "client:<address>"
    failures  BIGINT  NOT NULL,
    since     BIGINT  NOT NULL      -- the first failure of the current window
);
