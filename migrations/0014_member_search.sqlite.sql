-- Member name search on SQLite ([5/12]): an FTS5 index of each member's folded name (members.name_folded:
-- no diacritics, đ as d, lower case, made by vn::Fold), so a search reads the doclists of the words typed
-- instead of scanning every name. External content (the names are not stored twice), keyed by the member
-- id (rowid). The tokenizer splits on what is not a letter or digit (spaces, hyphens, apostrophes: "y-moan",
-- "h'hen"). Prefix indexes of 2 and 3 letters serve the last word of a query, matched as a prefix
-- ("nguyen van tu" finds Tú and Tuấn). Kept in step by the stores in the transaction that writes the member:
-- member::store (forms, API, the demo) row by row; the import and gen once per batch (member::store::IndexNames),
-- ten times faster than a trigger per row at 200,000 members. Filled here for existing rows.
CREATE VIRTUAL TABLE member_name_fts USING fts5(
    name_folded,
    content = 'members',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);
INSERT INTO member_name_fts (member_name_fts) VALUES ('rebuild');
