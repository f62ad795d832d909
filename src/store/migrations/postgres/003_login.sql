-- 003_login: strong password log-in. Failed attempts and lockouts of known
-- accounts (the server also limits attempts in memory, the same way for
-- unknown usernames), the account's time-based one-time code (TOTP, RFC 6238)
-- and the last time step a code was accepted for (a code is used only once),
-- and an index to end every session of an account ("log out everywhere").

ALTER TABLE accounts ADD COLUMN failed_logins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN locked_until TEXT;      -- UTC; NULL when not locked
ALTER TABLE accounts ADD COLUMN totp_secret TEXT;       -- base32; NULL: not enrolled
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT; -- unix time / 30 of the last accepted code

CREATE INDEX sessions_account ON sessions(account_id);
CREATE INDEX tokens_account ON tokens(account_id);
