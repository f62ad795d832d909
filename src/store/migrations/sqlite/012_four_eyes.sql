-- 012_four_eyes: relations that open content without the owner's consent
-- take effect only when a second person approves them (SPEC R14, issue 11
-- point 1).
--
-- pending = 1: the relation is recorded but grants nothing yet. A membership
-- of the coordinating unit or of a unit that receives requests is pending
-- until a second administrator approves it; a representative recorded by
-- staff (a guardian, a parent, an authorisation on paper) until a second
-- member of the coordinating unit does; a representative the owner
-- authorises herself is in force at once.
ALTER TABLE memberships ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE representatives ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
-- the documented basis of a representation (the guardianship decision, the
-- parental responsibility in the population register, the signed authorisation)
ALTER TABLE representatives ADD COLUMN basis TEXT;

-- One request for a second person's approval. kind: membership, representative
-- (object_id names the row), coordinator (object_id names the plan, staff_id
-- whom the requester would appoint: herself). person_id: whose data the
-- relation opens, for the audit log and the owner.
CREATE TABLE approvals (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    kind TEXT NOT NULL,
    object_id INTEGER NOT NULL,
    person_id INTEGER REFERENCES persons(id),
    staff_id INTEGER REFERENCES staff(id),
    reason TEXT,
    requested_by INTEGER NOT NULL REFERENCES accounts(id),
    requested_at TEXT NOT NULL,
    decided_by INTEGER REFERENCES accounts(id),
    decided_at TEXT,
    outcome TEXT,                       -- approved, refused
    note TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX approvals_tenant ON approvals(tenant_id, id);
CREATE TRIGGER approvals_insert_auth_epoch AFTER INSERT ON approvals
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER approvals_update_auth_epoch AFTER UPDATE ON approvals
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
