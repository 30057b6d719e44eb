-- Member name search that ranks only the page it shows ([5/12]). When a query matches more members than
-- the count's cap (member::store::kSearchCountCap), the page is read in rank order through two indexes and
-- the walk stops once the page is full, instead of ranking every match:
-- the given name (tên: the last word of the folded name, vn::Fold) then name order, for the exact full name
-- and the given-name tier; name order (sort_key, then id) for the rest. The given-name expression works the
-- same on SQLite and PostgreSQL (rtrim strips the last word's characters back to the last space), and the
-- queries in member/store.cpp must repeat it exactly.
CREATE INDEX members_given_name ON members(substr(name_folded, length(rtrim(name_folded, replace(name_folded, ' ', ''))) + 1), sort_key, id);
CREATE INDEX members_name_order ON members(sort_key, id);
-- The terms of the FTS5 name index (its vocabulary): a walk checks each member against the index by rowid,
-- which is cheap for whole words and the 2- and 3-letter prefix indexes but rebuilds the whole doclist of a
-- longer prefix ("nguyen"*: every term that begins so, merged) for every row; the walk asks this table for
-- those terms once and checks the row against them instead.
CREATE VIRTUAL TABLE member_name_vocab USING fts5vocab(member_name_fts, 'row');
