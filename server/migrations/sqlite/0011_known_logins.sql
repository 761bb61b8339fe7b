-- The client addresses each moderator logged in from: wrong passwords sent for their name
-- from elsewhere never lock them out where they logged in before.
CREATE TABLE known_logins (
    key      TEXT    PRIMARY KEY,  -- "<login name>\n<client address or IPv6 /64>", hashed when long
    last_at  INTEGER NOT NULL      -- the latest successful login from there
);
