-- 011_audit_key: the audit log's hash chain becomes keyed (issue 11, point 7).
-- From this migration on, each entry's hash is a keyed BLAKE2b under a subkey
-- of the key file (trust/keys.h), which the database does not hold, so a log
-- rebuilt by someone with only the database no longer verifies. Entries
-- already in the log keep their unkeyed hashes (rewriting them would launder
-- whatever was done to them before): keyed_from names the first keyed entry,
-- and its hash covers the last unkeyed one's, so the old part is protected by
-- the first keyed entry and by the anchor file (trust/audit_anchor.c), whose
-- lines name keyed_from too. A new database is keyed from entry 1.
CREATE TABLE audit_chain (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    keyed_from BIGINT NOT NULL CHECK (keyed_from >= 1)
);
INSERT INTO audit_chain (id, keyed_from) SELECT 1, COALESCE(MAX(seq), 0) + 1 FROM audit_log;
-- refuse_change() is 002_trust's.
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
FOR EACH ROW EXECUTE FUNCTION refuse_change('the audit chain settings are fixed');
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
FOR EACH ROW EXECUTE FUNCTION refuse_change('the audit chain settings are fixed');
