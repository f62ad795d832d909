-- 005_audit_journal: where the audit log stands in the server's audit journal.
-- Reads' audit entries are written to an append-only journal file before the
-- answer leaves and moved into audit_log by the writer (trust/audit_journal.c).
-- This row names the journal file (by the random generation in its header)
-- and the byte offset up to which its entries are in audit_log, so a restart
-- appends exactly the entries that were not yet moved.
CREATE TABLE audit_journal (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    generation TEXT NOT NULL,
    byte_offset BIGINT NOT NULL CHECK (byte_offset >= 0)
);
