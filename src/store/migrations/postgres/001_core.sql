-- 001_core: tenants, organisations, staff, accounts, persons, cases and
-- individual plans with every item of § 19 of the regulation.
--
-- Conventions (kept portable to PostgreSQL 15, see docs/ARCHITECTURE.md):
--   every table has id, tenant_id, version (optimistic concurrency, R9),
--   created_at and updated_at (UTC ISO 8601 text); dates are 'YYYY-MM-DD' text;
--   lists of enum values are JSON arrays in TEXT columns; "current holder" rules
--   (R2, R3) are backed by partial unique indexes.

-- PostgreSQL 15 edition of sqlite/001_core.sql: the same tables, columns and
-- indexes; INTEGER is BIGINT, `id INTEGER PRIMARY KEY` an identity column.
--
-- Compatibility functions, so that the store's SQL written for SQLite runs
-- here too (the schema checker, scripts/schema-compare.mjs, skips them):
--
--   json_each(text) -> (key text, value text): SQLite's json_each. An array
--     gives a row per element (key: the index as text), an object a row per
--     member in document order, a scalar one row with key NULL; value is the
--     element as text: a string unquoted, a number as written, an object or
--     array as JSON text, JSON null as SQL NULL. NULL gives no rows. It takes
--     TEXT, so a text column and an untyped parameter (json_each($1)) both pick
--     it over the built-in json_each(json) (jsonb's is jsonb_each). Unlike
--     SQLite's, value is always text: compare it with an integer column as
--     CAST(value AS BIGINT).
--   json_extract(text, text) -> text: SQLite's json_extract for paths like
--     '$.name', '$.a.b' and '$.a[0]'; NULL when the path is missing or JSON null.
--   group_concat(text[, text]): SQLite's aggregate (NULLs are skipped; the
--     separator defaults to ',').
--   max(bigint, bigint), min(bigint, bigint): SQLite's scalar max and min of
--     two (NULL when either is NULL, as in SQLite; max(x) stays the aggregate).
--   sum(boolean): SQLite counts a comparison as 0/1, sum(a = b) counts rows.

CREATE FUNCTION json_each(j text) RETURNS TABLE (key text, value text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    doc json := j::json;
BEGIN
    IF doc IS NULL THEN
        RETURN;
    END IF;
    CASE json_typeof(doc)
    WHEN 'array' THEN
        RETURN QUERY
            SELECT (e.n - 1)::text,
                   CASE json_typeof(e.v) WHEN 'null' THEN NULL WHEN 'string' THEN e.v #>> '{}'
                        ELSE e.v::text END
            FROM json_array_elements(doc) WITH ORDINALITY AS e (v, n)
            ORDER BY e.n;
    WHEN 'object' THEN
        RETURN QUERY
            SELECT m.k,
                   CASE json_typeof(m.v) WHEN 'null' THEN NULL WHEN 'string' THEN m.v #>> '{}'
                        ELSE m.v::text END
            FROM json_each(doc) WITH ORDINALITY AS m (k, v, n)
            ORDER BY m.n;
    ELSE
        RETURN QUERY
            SELECT NULL::text,
                   CASE json_typeof(doc) WHEN 'null' THEN NULL WHEN 'string' THEN doc #>> '{}'
                        ELSE doc::text END;
    END CASE;
END
$$;

CREATE FUNCTION json_extract(j text, path text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    keys text[];
    v json;
BEGIN
    IF j IS NULL OR path IS NULL THEN
        RETURN NULL;
    END IF;
    IF path !~ '^\$(\.[^.\[\]]+|\[[0-9]+\])*$' THEN
        RAISE EXCEPTION 'JSON path error near ''%''', path USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- '$.a.b[2]' -> {a,b,2}
    SELECT coalesce(array_agg(coalesce(r.t[1], r.t[2]) ORDER BY r.n), '{}')
    INTO keys
    FROM regexp_matches(substr(path, 2), '\.([^.\[\]]+)|\[([0-9]+)\]', 'g') WITH ORDINALITY AS r (t, n);
    v := j::json #> keys;
    IF v IS NULL OR json_typeof(v) = 'null' THEN
        RETURN NULL;
    END IF;
    IF json_typeof(v) = 'string' THEN
        RETURN v #>> '{}';
    END IF;
    RETURN v::text;
END
$$;

CREATE FUNCTION group_concat_step(acc text, v text, sep text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || coalesce(sep, '') || v END
$$;
CREATE FUNCTION group_concat_step(acc text, v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || ',' || v END
$$;
CREATE AGGREGATE group_concat(text, text) (SFUNC = group_concat_step, STYPE = text);
CREATE AGGREGATE group_concat(text) (SFUNC = group_concat_step, STYPE = text);

CREATE FUNCTION max(a bigint, b bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a >= b THEN a WHEN b > a THEN b END $$;
CREATE FUNCTION min(a bigint, b bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN a <= b THEN a WHEN b < a THEN b END $$;
CREATE FUNCTION sum_bool_step(acc bigint, v boolean) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN v IS NULL THEN acc ELSE coalesce(acc, 0) + v::int END $$;
CREATE AGGREGATE sum(boolean) (SFUNC = sum_bool_step, STYPE = bigint);

CREATE TABLE tenants (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    municipality_number TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE organisations (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    name TEXT NOT NULL,
    short_name TEXT,
    kind TEXT NOT NULL,            -- unit, department, team, coordinating_unit, external_agency
    level TEXT NOT NULL,           -- municipal, specialist, state, other
    parent_id BIGINT REFERENCES organisations(id),
    org_number TEXT,
    phone TEXT,
    email TEXT,
    active BIGINT NOT NULL DEFAULT 1,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organisations_tenant ON organisations(tenant_id, id);

CREATE TABLE staff (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    profession TEXT NOT NULL,
    title TEXT,
    email TEXT,
    phone TEXT,
    active BIGINT NOT NULL DEFAULT 1,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX staff_tenant ON staff(tenant_id, id);

CREATE TABLE memberships (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    staff_id BIGINT NOT NULL REFERENCES staff(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    position_percent BIGINT NOT NULL,
    role TEXT,
    valid_from TEXT,
    valid_to TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX memberships_staff ON memberships(staff_id);
CREATE INDEX memberships_org ON memberships(organisation_id);

-- Who can log in. An account is a staff member's or (later, through ID-porten)
-- a citizen's; `role` is refined into per-unit roles by the trust layer.
CREATE TABLE accounts (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    role TEXT NOT NULL,            -- admin, staff, citizen
    staff_id BIGINT REFERENCES staff(id),
    person_id BIGINT,              -- REFERENCES persons(id): added below, after persons
    active BIGINT NOT NULL DEFAULT 1,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE tokens (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    token_hash TEXT NOT NULL UNIQUE,   -- BLAKE2b of the token; the token itself is never stored
    label TEXT,
    expires_at TEXT,
    revoked_at TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    session_hash TEXT NOT NULL UNIQUE, -- BLAKE2b of the cookie value
    csrf_token TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE persons (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    national_id TEXT NOT NULL,
    national_id_kind TEXT NOT NULL,    -- fnr, dnr, synthetic
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    preferred_language TEXT,
    communication_needs TEXT NOT NULL DEFAULT '[]', -- JSON array: hearing, sight, reading, interpreter, speech, cognitive
    communication_note TEXT,
    interpreter_language TEXT,
    gp_organisation_id BIGINT REFERENCES organisations(id),
    gp_name TEXT,
    entitled_to_plan BIGINT NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX persons_national_id ON persons(tenant_id, national_id);
CREATE INDEX persons_family_name ON persons(tenant_id, family_name, given_name);
-- accounts is created before persons (SQLite accepts a reference to a table
-- not yet created, PostgreSQL does not)
ALTER TABLE accounts ADD FOREIGN KEY (person_id) REFERENCES persons(id);

CREATE TABLE person_addresses (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    street TEXT NOT NULL,
    postal_code TEXT,
    city TEXT,
    valid_from TEXT,
    valid_to TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX person_addresses_person ON person_addresses(person_id);
CREATE INDEX person_addresses_street ON person_addresses(tenant_id, street);

CREATE TABLE next_of_kin (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    name TEXT NOT NULL,
    relation TEXT NOT NULL,        -- parent, child, spouse, partner, sibling, guardian, friend, other
    phone TEXT,
    email TEXT,
    is_guardian BIGINT NOT NULL DEFAULT 0,
    note TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX next_of_kin_person ON next_of_kin(person_id);

CREATE TABLE cases (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    person_id BIGINT REFERENCES persons(id),    -- NULL for an anonymous worry report
    title TEXT NOT NULL,
    description TEXT,
    intake_channel TEXT NOT NULL,
    intake_date TEXT NOT NULL,
    anonymous_reporter BIGINT NOT NULL DEFAULT 0,
    domains TEXT NOT NULL DEFAULT '[]',          -- JSON array of life domains
    urgency TEXT NOT NULL,
    status TEXT NOT NULL,
    lead_organisation_id BIGINT REFERENCES organisations(id),
    contributing_organisation_ids TEXT NOT NULL DEFAULT '[]', -- JSON array of organisation ids
    contact_staff_id BIGINT REFERENCES staff(id),            -- the current contact person (R2)
    closed_at TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_tenant ON cases(tenant_id, id);
CREATE INDEX cases_person ON cases(person_id);
CREATE INDEX cases_contact ON cases(contact_staff_id);

-- Dated history of contact persons; at most one open row per case (R2).
CREATE TABLE case_contacts (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    staff_id BIGINT NOT NULL REFERENCES staff(id),
    from_at TEXT NOT NULL,
    to_at TEXT,
    assigned_by BIGINT REFERENCES accounts(id),
    reason TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX case_contacts_case ON case_contacts(case_id);
CREATE UNIQUE INDEX case_contacts_current ON case_contacts(case_id) WHERE to_at IS NULL;

CREATE TABLE plans (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    case_id BIGINT REFERENCES cases(id),
    status TEXT NOT NULL,                 -- draft, awaiting_consent, active, closed
    title TEXT,
    resources TEXT,                       -- § 19 a: the owner's resources
    needs TEXT,                           -- § 19 a: needs for services
    owner_contribution TEXT,              -- § 19 d
    next_of_kin_contribution TEXT,        -- § 19 d
    services_contribution TEXT,           -- § 19 d
    cooperation TEXT,                     -- § 19 i
    period_from TEXT,                     -- § 19 g
    period_to TEXT,
    revision_date TEXT,                   -- § 19 g, R8
    coordinator_id BIGINT REFERENCES staff(id), -- current coordinator (§ 19 c, R1, R2)
    revision BIGINT NOT NULL DEFAULT 0,  -- counts every change to the plan and its parts (history)
    activated_at TEXT,
    closed_at TEXT,
    close_reason TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX plans_tenant ON plans(tenant_id, id);
CREATE INDEX plans_person ON plans(person_id);
CREATE INDEX plans_coordinator ON plans(coordinator_id);
-- R3: one open (not closed) plan per person per tenant.
CREATE UNIQUE INDEX plans_one_open ON plans(tenant_id, person_id) WHERE status <> 'closed';

CREATE TABLE plan_coordinators (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    staff_id BIGINT NOT NULL REFERENCES staff(id),
    from_at TEXT NOT NULL,
    to_at TEXT,
    assigned_by BIGINT REFERENCES accounts(id),
    reason TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX plan_coordinators_plan ON plan_coordinators(plan_id);
CREATE UNIQUE INDEX plan_coordinators_current ON plan_coordinators(plan_id) WHERE to_at IS NULL;

CREATE TABLE goals (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    kind TEXT NOT NULL,                   -- main, sub
    parent_id BIGINT REFERENCES goals(id),
    text TEXT NOT NULL,                   -- in the owner's own words
    written_by TEXT NOT NULL,             -- owner, representative, staff
    author_account_id BIGINT REFERENCES accounts(id),
    domain TEXT,
    status TEXT NOT NULL,                 -- active, achieved, dropped
    evaluation_date TEXT,
    position BIGINT NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX goals_plan ON goals(plan_id, id);

CREATE TABLE measures (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    goal_id BIGINT REFERENCES goals(id),
    description TEXT NOT NULL,
    scope TEXT,                           -- § 19 e
    how TEXT,                             -- § 19 f
    responsible_staff_id BIGINT REFERENCES staff(id),
    responsible_organisation_id BIGINT REFERENCES organisations(id),
    start_date TEXT,
    end_date TEXT,
    deadline TEXT,                        -- e.g. a specialist service's start deadline (S7)
    status TEXT NOT NULL,                 -- planned, active, paused, ended, cancelled
    end_reason TEXT,
    deciding_organisation_id BIGINT REFERENCES organisations(id),
    decision_status TEXT NOT NULL,        -- not_required, pending, granted, refused, appealed
    evaluation_date TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX measures_plan ON measures(plan_id, id);
CREATE INDEX measures_staff ON measures(responsible_staff_id);

CREATE TABLE evaluations (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    goal_id BIGINT REFERENCES goals(id),
    measure_id BIGINT REFERENCES measures(id),
    date TEXT NOT NULL,
    what TEXT NOT NULL,
    outcome TEXT,
    owner_view TEXT,                      -- the owner's own view
    author_account_id BIGINT REFERENCES accounts(id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX evaluations_plan ON evaluations(plan_id, id);

-- § 19 b: who takes part (the responsibility group, ansvarsgruppe).
CREATE TABLE participants (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    staff_id BIGINT REFERENCES staff(id),
    organisation_id BIGINT REFERENCES organisations(id),
    name TEXT,                            -- for people without a staff account (next of kin)
    role TEXT NOT NULL,
    joined_on TEXT NOT NULL,
    left_on TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX participants_plan ON participants(plan_id, id);
CREATE INDEX participants_staff ON participants(staff_id);

-- § 19 h: consent to the plan and to sharing with participants.
CREATE TABLE consents (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    given_by TEXT NOT NULL,               -- owner, representative
    representative_name TEXT,
    method TEXT NOT NULL,                 -- in_person, paper_signed, digital
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    grants TEXT NOT NULL DEFAULT '[]',    -- JSON: [{organisation_id|staff_id, sections:[...]}]
    note TEXT,
    recorded_by BIGINT REFERENCES accounts(id),
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX consents_plan ON consents(plan_id, id);

-- Other plans (NAV activity plan, care plan, school plan) are linked, not copied.
CREATE TABLE linked_plans (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    reference TEXT,
    organisation_id BIGINT REFERENCES organisations(id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX linked_plans_plan ON linked_plans(plan_id, id);

-- R9: every change to a plan or its parts, with author and time. Append-only.
CREATE TABLE plan_history (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    revision BIGINT NOT NULL,
    at TEXT NOT NULL,
    account_id BIGINT REFERENCES accounts(id),
    action TEXT NOT NULL,                 -- create, update, delete, activate, close, reopen, ...
    object_type TEXT NOT NULL,            -- plan, goal, measure, ...
    object_id BIGINT NOT NULL,
    data TEXT NOT NULL                    -- JSON: the object after the change (before, for delete)
);
CREATE INDEX plan_history_plan ON plan_history(plan_id, revision);
