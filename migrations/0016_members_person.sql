-- The duplicate-person rule (a record without a card number is the person with the same folded name and
-- birth date: member::Create, member::Update, the import) looks members up by both; without this index each
-- check read every member.
CREATE INDEX members_person ON members (name_folded, birth_date);
