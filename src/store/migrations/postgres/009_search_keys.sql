-- 009_search_keys: folded keys for the person search (GET /persons?q=...,
-- ?address=...), so that it ignores case for every letter (æ/Æ, å/Å, č/Č, ...)
-- and an index serves it.
--
-- SQL has no Unicode case folding (SQLite's lower() folds ASCII only), so the
-- keys are folded in C (util/fold.c, with utf8proc): by the domain on every
-- create and update of a person's name or an address, and for the rows stored
-- before this migration by its C step (store/migration_steps.c), which runs in
-- the same transaction right after this file.
--
-- persons.name_keys: a JSON array of the folded words of the given and family
-- name (a hyphenated word also as its parts). The triggers keep one row a word
-- in person_name_keys, whose index serves a word's prefix as a range:
-- name_key >= 'kar' AND name_key < 'kar' || U+10FFFF.
ALTER TABLE persons ADD COLUMN name_keys TEXT;

CREATE TABLE person_name_keys (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    -- compared byte by byte, as SQLite does: the U+10FFFF end of a prefix
    -- range sorts after every key whatever the database's collation
    name_key TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (person_id, name_key)
);
CREATE INDEX person_name_keys_key ON person_name_keys(tenant_id, name_key, person_id);

-- json_each(text) is the compatibility function of 001_core.
CREATE FUNCTION persons_insert_name_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_name_keys (tenant_id, person_id, name_key)
    SELECT DISTINCT NEW.tenant_id, NEW.id, j.value FROM json_each(coalesce(NEW.name_keys, '[]')) j;
    RETURN NULL;
END
$$;
CREATE FUNCTION persons_update_name_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM person_name_keys WHERE person_id = OLD.id;
    INSERT INTO person_name_keys (tenant_id, person_id, name_key)
    SELECT DISTINCT NEW.tenant_id, NEW.id, j.value FROM json_each(coalesce(NEW.name_keys, '[]')) j;
    RETURN NULL;
END
$$;
CREATE FUNCTION persons_delete_name_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM person_name_keys WHERE person_id = OLD.id;
    RETURN OLD;
END
$$;
CREATE TRIGGER persons_insert_name_keys AFTER INSERT ON persons
FOR EACH ROW EXECUTE FUNCTION persons_insert_name_keys();
CREATE TRIGGER persons_update_name_keys AFTER UPDATE OF name_keys ON persons
FOR EACH ROW EXECUTE FUNCTION persons_update_name_keys();
CREATE TRIGGER persons_delete_name_keys BEFORE DELETE ON persons
FOR EACH ROW EXECUTE FUNCTION persons_delete_name_keys();

-- person_addresses.street_key: the folded street, matched by prefix. It
-- replaces the index on the street as written, which only the old lower()
-- search used.
ALTER TABLE person_addresses ADD COLUMN street_key TEXT COLLATE "C"; -- byte order, as name_key
CREATE INDEX person_addresses_street_key ON person_addresses(tenant_id, street_key, person_id);
DROP INDEX person_addresses_street;
