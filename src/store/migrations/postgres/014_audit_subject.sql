-- 014_audit_subject: each audit entry names whose data it was (issue 11,
-- point 7). audit_log.person_id is the actor's person (a citizen acting for
-- herself); subject_person_id is the person the request was about: the
-- person, her addresses, next of kin, representatives, protection and address
-- access, her cases and plans and every plan part, an approval concerning
-- her, emergency access to her plan. NULL when the request was about no one
-- person (the directory, a search, a list of cases or plans).
--
-- The hash of an entry covers the subject as one more field after the
-- request id when it is set (trust/audit.c); an entry without one hashes as
-- before. Entries already in the log have none, so they verify as they did,
-- and setting a subject on one of them afterwards breaks its hash.
ALTER TABLE audit_log ADD COLUMN subject_person_id BIGINT;
CREATE INDEX audit_log_subject ON audit_log(tenant_id, subject_person_id, seq)
    WHERE subject_person_id IS NOT NULL;
