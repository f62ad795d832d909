-- 006_auth_epoch: a counter that every change to what makes an actor moves:
-- tokens, accounts, memberships, organisations and representatives. The
-- server remembers a token's actor and roles while the counter stands still
-- (trust/actor_cache.h); a change by any process - the server itself, or
-- `helhet token revoke` from the command line - moves it, so the next request
-- reads the actor again (R4). Other commits (plans, the audit log) leave the
-- remembered actors alone.
CREATE TABLE auth_epoch (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO auth_epoch (id, n) VALUES (1, 1);

-- The triggers' one statement, as a row trigger function (as SQLite's
-- triggers, they fire once per row changed). Used by 012 too.
CREATE FUNCTION auth_epoch_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE auth_epoch SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER tokens_insert_auth_epoch AFTER INSERT ON tokens
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER tokens_update_auth_epoch AFTER UPDATE ON tokens
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER tokens_delete_auth_epoch AFTER DELETE ON tokens
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER accounts_insert_auth_epoch AFTER INSERT ON accounts
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER accounts_update_auth_epoch AFTER UPDATE ON accounts
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER accounts_delete_auth_epoch AFTER DELETE ON accounts
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER memberships_insert_auth_epoch AFTER INSERT ON memberships
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER memberships_update_auth_epoch AFTER UPDATE ON memberships
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER memberships_delete_auth_epoch AFTER DELETE ON memberships
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER organisations_insert_auth_epoch AFTER INSERT ON organisations
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER organisations_update_auth_epoch AFTER UPDATE ON organisations
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER organisations_delete_auth_epoch AFTER DELETE ON organisations
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER representatives_insert_auth_epoch AFTER INSERT ON representatives
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER representatives_update_auth_epoch AFTER UPDATE ON representatives
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE TRIGGER representatives_delete_auth_epoch AFTER DELETE ON representatives
FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
