-- The words of members' folded names on PostgreSQL too ([5/12]; SQLite's came with migration 0020). A
-- search matches its last word as the words that begin with it, `(hoa | hoai | hoang)`, instead of the
-- prefix `hoa:*`: GIN gathers every entry of a prefix into one bitmap before it can intersect it with
-- the other words (75 ms for "ma the hoa" at 6,000,000 members, where "hoa"* holds "hoang"), while exact
-- words let it skip through the frequent ones (24 ms). Kept by member::store with the names (forms, API,
-- import, gen); byte order (C) as the range reads need. Filled here from the names once.
CREATE TABLE member_name_terms (term TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO member_name_terms (term)
SELECT word FROM ts_stat('SELECT to_tsvector(''simple'', name_folded) FROM members');
