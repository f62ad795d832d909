-- 008_need_to_know: persons are need-to-know (SPEC R13, issue 11 point 3).
--
-- receives_requests marks a unit whose role is to receive and route requests
-- (the interdisciplinary reception, the allocation office): its members find
-- every person of the tenant, as the coordinating unit does. Other staff see a
-- person only through a relation of their own or of their unit (an open case
-- the unit leads or contributes to, or whose contact person they are; an open
-- plan they coordinate or take part in; a measure they are responsible for).
ALTER TABLE organisations ADD COLUMN receives_requests BIGINT NOT NULL DEFAULT 0;
-- the relation queries ask cases by their lead unit
CREATE INDEX cases_lead ON cases(lead_organisation_id, tenant_id);
-- the account that registered a case: she keeps reading the report she made
-- (a worry report about someone her unit has no case with), and nothing more
ALTER TABLE cases ADD COLUMN created_by BIGINT REFERENCES accounts(id);
