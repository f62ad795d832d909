-- 015_case_history: every change to a case is kept, before -> after, with
-- author and time (R9 for cases, issue 11 point 2), as plan_history does for
-- plans. revision numbers a case's entries from 1. Append-only: no code path
-- updates or deletes an entry, and the triggers refuse it.
CREATE TABLE case_history (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    case_id INTEGER NOT NULL REFERENCES cases(id),
    revision INTEGER NOT NULL,
    at TEXT NOT NULL,
    account_id INTEGER REFERENCES accounts(id),
    action TEXT NOT NULL,                 -- create, update, contact
    object_type TEXT NOT NULL,            -- case, contact
    object_id INTEGER NOT NULL,
    data TEXT NOT NULL                    -- JSON: {"before": ..., "after": ...}
);
CREATE UNIQUE INDEX case_history_case ON case_history(case_id, revision);
CREATE TRIGGER case_history_no_update BEFORE UPDATE ON case_history
BEGIN SELECT RAISE(ABORT, 'case_history is append-only'); END;
CREATE TRIGGER case_history_no_delete BEFORE DELETE ON case_history
BEGIN SELECT RAISE(ABORT, 'case_history is append-only'); END;
