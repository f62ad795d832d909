-- 004_oidc: log-in through OpenID Connect providers (ID-porten, HelseID).
--
-- accounts.oidc_provider + oidc_subject link a staff account to its subject at
-- a provider of kind `staff` (set by `helhet user add|link --oidc-provider
-- --oidc-subject`); a subject belongs to at most one account per provider.
-- Citizens are found by persons.national_id instead and need no link.
--
-- oidc_states holds the log-ins begun and not yet finished: the hash of the
-- `state` sent to the provider (never the state itself), the nonce expected in
-- the ID token and the PKCE code_verifier. A state lives 10 minutes and is used
-- once (used_at). It belongs to no tenant yet: the provider decides the tenant
-- when the log-in finishes. Rows are deleted a day after they expired.

ALTER TABLE accounts ADD COLUMN oidc_provider TEXT;
ALTER TABLE accounts ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX accounts_oidc_subject ON accounts(oidc_provider, oidc_subject)
    WHERE oidc_subject IS NOT NULL;
CREATE INDEX accounts_person ON accounts(person_id) WHERE person_id IS NOT NULL;

CREATE TABLE oidc_states (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    state_hash TEXT NOT NULL UNIQUE,   -- BLAKE2b of the state; the state itself is never stored
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    return_to TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX oidc_states_expires ON oidc_states(expires_at);
