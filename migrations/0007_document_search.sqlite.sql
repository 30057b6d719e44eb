-- Document search on SQLite ([3/10]): FTS5 tables of each document's folded words (no diacritics, đ as d,
-- lower case; cut and folded by document/search.cpp, so the tokenizer only splits on the spaces it puts),
-- keyed by the document id (rowid). Contentful: SQLite 3.40 has no contentless_delete, and a contentful
-- table can delete and replace a row by itself. Prefix indexes of 2 and 3 letters serve the last word of a
-- query, which also matches as a prefix ("quy din"). Filled by IndexDocument on every insert and update;
-- `dangvu documents reindex` rebuilds them.
CREATE VIRTUAL TABLE document_fts USING fts5(
    title,   -- trích yếu
    label,   -- type name and symbol as cited: "chi thi so 05 ct tw"
    issuer,  -- issuing body and signer
    body,    -- full text
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);
-- The title and label alone, for the first tier of results (every word in the heading): its doclists are
-- short, where a column filter on document_fts would walk the bodies' long ones.
CREATE VIRTUAL TABLE document_heading_fts USING fts5(
    title,
    label,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);
-- The columns a search reads for each candidate (store::VisibleFilter's and the date), so the join does
-- not walk each row's body: in `documents` they come after it, in its overflow pages.
CREATE INDEX documents_search_visible ON documents(id, status, visibility, owner_org_id, issued_on);
