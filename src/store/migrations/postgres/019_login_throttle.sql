-- 019_login_throttle: the log-in throttle's counts (trust/throttle.h), kept in
-- the database so that every server on it counts the same attempts and a
-- lockout holds across servers and restarts (issue 13 point 3). One row per
-- key: kind 0 a (username as typed, client address) pair, 1 a username, 2 a
-- client address. The tag is a keyed hash (BLAKE2b under a subkey of the key
-- file) of the kind and the strings with their lengths: neither a username as
-- typed (it may be a national ID number) nor an address is stored in clear.
-- Times are seconds since 1970 (UTC), 0 for none. inflight counts attempts
-- begun and not yet ended; they count until inflight_until, so a server killed
-- mid-attempt does not block the key for ever. Rows with nothing left to count
-- are deleted a day after their last use (trust/throttle.c).
CREATE TABLE login_throttle (
    kind BIGINT NOT NULL,
    tag TEXT NOT NULL,
    window_start BIGINT NOT NULL DEFAULT 0, -- first failure of the current window
    failures BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0,
    strikes BIGINT NOT NULL DEFAULT 0,      -- lockouts without a success between
    known BIGINT NOT NULL DEFAULT 0,        -- a pair that logged in successfully
    inflight BIGINT NOT NULL DEFAULT 0,
    inflight_until BIGINT NOT NULL DEFAULT 0,
    last_at BIGINT NOT NULL,
    PRIMARY KEY (kind, tag)
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);
