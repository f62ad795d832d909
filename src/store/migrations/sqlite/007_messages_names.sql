-- 007_messages_names: the plan's message thread (the "messages" section) and
-- a counter for the names plan answers carry.
--
-- messages: written by the owner, a representative, the coordinator or a
-- participant whose consent covers messages. kind says whether it is a comment
-- or a request about consent; a request is open until the coordinator sets
-- handled_at. The author is kept as ids (account, and the person or staff
-- member it acted as) and answered with a display name.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    kind TEXT NOT NULL,                   -- comment, consent_change_request, consent_withdrawal_request
    text TEXT NOT NULL,
    consent_id INTEGER REFERENCES consents(id),
    author_role TEXT NOT NULL,            -- owner, representative, coordinator, participant
    author_account_id INTEGER NOT NULL REFERENCES accounts(id),
    author_person_id INTEGER REFERENCES persons(id),
    author_staff_id INTEGER REFERENCES staff(id),
    handled_at TEXT,
    handled_by INTEGER REFERENCES accounts(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX messages_plan ON messages(plan_id, id);

-- name_epoch: plan answers carry the names of the coordinator, the
-- participants, the people responsible for measures and the authors of
-- messages, and the agencies they work in. Cached plan documents are stamped
-- with this counter as well as the plan's revision, so a change of a name (or
-- of where someone works) by any process re-renders every cached plan once.
-- Such changes are rare; plan reads are not.
CREATE TABLE name_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
);
INSERT INTO name_epoch (id, n) VALUES (1, 1);

CREATE TRIGGER staff_update_name_epoch AFTER UPDATE OF given_name, family_name ON staff
BEGIN UPDATE name_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER persons_update_name_epoch AFTER UPDATE OF given_name, family_name ON persons
BEGIN UPDATE name_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_update_name_epoch AFTER UPDATE OF name ON organisations
BEGIN UPDATE name_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER memberships_insert_name_epoch AFTER INSERT ON memberships
BEGIN UPDATE name_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER memberships_update_name_epoch AFTER UPDATE ON memberships
BEGIN UPDATE name_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER memberships_delete_name_epoch AFTER DELETE ON memberships
BEGIN UPDATE name_epoch SET n = n + 1 WHERE id = 1; END;
