-- 002_trust: unit roles (leaders), representatives, emergency access and the
-- tamper-evident audit log (issue 3; docs/security.md).

-- A leader of a unit sees numbers for it, not content.
ALTER TABLE memberships ADD COLUMN leader INTEGER NOT NULL DEFAULT 0;

-- An account that may act for a person (guardian, parent of a child, next of
-- kin authorised by the owner), within a scope: read, or act (read and write
-- what the owner may write).
CREATE TABLE representatives (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL,                -- guardian, parent, authorised
    scope TEXT NOT NULL,               -- read, act
    valid_from TEXT,
    valid_to TEXT,
    note TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX representatives_person ON representatives(person_id);
CREATE INDEX representatives_account ON representatives(account_id);

-- A staff member's stated reason for opening a plan without consent; reads
-- rest on it until expires_at and are flagged in the audit log.
CREATE TABLE emergency_access (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    reason TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX emergency_access_plan ON emergency_access(plan_id, staff_id, expires_at);

-- The audit log (R6). seq is gap-free and each hash covers the entry's fields
-- and the previous entry's hash (trust/audit.c), so `helhet audit verify`
-- finds the first entry altered, removed or reordered. Append-only: the
-- triggers below refuse every UPDATE and DELETE.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    tenant_id INTEGER,
    account_id INTEGER,
    staff_id INTEGER,
    person_id INTEGER,
    organisation_id INTEGER,
    role TEXT,
    object TEXT NOT NULL,
    object_id INTEGER,
    plan_id INTEGER,
    section TEXT,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    code TEXT,
    reason TEXT,
    emergency INTEGER NOT NULL DEFAULT 0,
    request_id TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_plan ON audit_log(plan_id, seq) WHERE plan_id IS NOT NULL;
CREATE INDEX audit_log_tenant ON audit_log(tenant_id, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
