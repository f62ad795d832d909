-- 017_goal_authors: who wrote a goal's text, as the session knew them (issue 12
-- point 6). goals.author_staff_id is the staff member who wrote it (alone, or
-- together with the owner: written_with_owner), goals.author_person_id the
-- citizen who wrote it (the owner, or her representative); both are set by the
-- server whenever the text is written, never by the client. Goals written
-- before 017 take them from the account that wrote them.
ALTER TABLE goals ADD COLUMN author_staff_id BIGINT REFERENCES staff(id);
ALTER TABLE goals ADD COLUMN author_person_id BIGINT REFERENCES persons(id);
UPDATE goals SET
    author_staff_id = (SELECT a.staff_id FROM accounts a WHERE a.id = goals.author_account_id
                       AND goals.written_by = 'staff'),
    author_person_id = (SELECT a.person_id FROM accounts a WHERE a.id = goals.author_account_id
                        AND goals.written_by <> 'staff')
WHERE author_account_id IS NOT NULL;
