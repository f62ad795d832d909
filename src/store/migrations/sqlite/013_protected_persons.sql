-- 013_protected_persons: protected persons (SPEC R16, issue 11 point 4).
--
-- persons.protection_code: the population register's code, set by the
-- coordinating unit (Folkeregisteret `fortrolig` -> 'confidential',
-- `strengtFortrolig` -> 'strictly_confidential'; for the latter the register
-- gives the municipality no address at all).
-- persons.protection_flag: the municipality's own protection ('municipal'),
-- set by the coordinating unit or the contact person of an open case of the
-- person after violence or threats, with protection_reason.
-- A person with either is protected: her addresses (and the notes of her next
-- of kin) are shown only to herself and to the staff named in
-- person_address_access, and her addresses find her in no search.
ALTER TABLE persons ADD COLUMN protection_code TEXT
    CHECK (protection_code IN ('confidential', 'strictly_confidential'));
ALTER TABLE persons ADD COLUMN protection_flag TEXT CHECK (protection_flag IN ('municipal'));
ALTER TABLE persons ADD COLUMN protection_reason TEXT;

-- The named people: who sees a protected person's address, why, from whom
-- and for how long. Rows are ended (valid_to), never deleted, so the list of
-- who could see the address stays.
CREATE TABLE person_address_access (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    reason TEXT NOT NULL,
    granted_by INTEGER REFERENCES staff(id),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX person_address_access_person ON person_address_access(person_id, staff_id);
