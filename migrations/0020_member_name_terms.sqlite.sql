-- The words of members' folded names ([5/12]), one row per distinct word: a search whose last word has four
-- letters or more matches it as the words that begin with it (member/store.cpp SqliteRowMatch). Migration
-- 0018 read them from an fts5vocab table, which counts every word's members to list it: 62 ms for the
-- words beginning "nguyen" at 6,000,000 members, against a range of this index. Kept by member::store in
-- the transaction that writes the name index (forms, API, import, gen), cut as the FTS5 tokenizer cuts
-- (letters, numbers, private use; vn::Fold has lowered the case). Never pruned: a word no name holds any
-- more only adds a term that matches nothing. Filled here from the index once.
CREATE TABLE member_name_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO member_name_terms (term) SELECT term FROM member_name_vocab;
DROP TABLE member_name_vocab;
