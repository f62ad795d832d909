-- 010_data_rules: what a goal and a consent must say about who was there.
--
-- goals.written_with_owner: the goal was written by staff together with the
-- owner (written_by stays "staff"; the server sets written_by from who is
-- logged in, never the client).
-- consents.child_view: the child's own view, heard when consent for a child
-- of 12 to 15 is given by the parents or guardian (pasient- og
-- brukerrettighetsloven § 4-4, SPEC R19).
ALTER TABLE goals ADD COLUMN written_with_owner BIGINT NOT NULL DEFAULT 0;
ALTER TABLE consents ADD COLUMN child_view TEXT;
