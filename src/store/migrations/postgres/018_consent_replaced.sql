-- 018_consent_replaced: a new consent for the same recipients replaces the one
-- in force (issue 12 point 7). replaced_by names the consent that replaced it;
-- its valid_to was brought forward to the day before the new one holds (or to
-- yesterday), in the same transaction, with a history entry. A consent that
-- had not begun by then may end before its valid_from: it never held.
-- The coordinator's phone is shown in plan answers (the printed consent form,
-- the citizen's page): a change to it renews the plan answers' names.
ALTER TABLE consents ADD COLUMN replaced_by BIGINT REFERENCES consents(id);
CREATE TRIGGER staff_update_phone_name_epoch AFTER UPDATE OF phone, email ON staff
FOR EACH ROW EXECUTE FUNCTION name_epoch_bump();
