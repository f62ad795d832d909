-- 016_message_reads: how far each account has read each plan's message thread
-- (issue 12 point 3: unread counts in "Mine saker"). message_id is the newest
-- message the account has seen in the plan's thread; every later message that
-- someone else wrote is unread for it. It only moves forward (a page showing an
-- older thread never makes seen messages unread again). Written by PUT
-- /plans/{id}/messages/seen, never by a read.
CREATE TABLE message_reads (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    message_id BIGINT NOT NULL REFERENCES messages(id),
    seen_at TEXT NOT NULL,
    PRIMARY KEY (plan_id, account_id)
);
CREATE INDEX message_reads_account ON message_reads(account_id, plan_id);
