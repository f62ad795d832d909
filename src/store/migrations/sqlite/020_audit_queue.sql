-- 020_audit_queue: the audit journal in the database (trust/audit_journal.h),
-- for servers that share one database (issue 13 point 3). A worker that
-- answered a read appends the read's entries here, in a transaction of its own
-- that takes no writers' lock, before the answer leaves; a server's writer
-- moves them into audit_log - extending the hash chain - and deletes them, in
-- one write transaction. Any server's writer takes every server's entries, so
-- the entries of a server that was killed and never comes back reach the log
-- all the same. Rows carry the fields of an audit entry, not yet chained.
-- Append-only but for that move: no trigger refuses the delete, as audit_log's
-- do, because the queue is not the record; the chain is.
CREATE TABLE audit_queue (
    id INTEGER PRIMARY KEY,
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
    subject_person_id INTEGER
);
