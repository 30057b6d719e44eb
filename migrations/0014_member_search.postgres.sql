-- Member name search on PostgreSQL ([5/12]): a GIN index over the words of each member's folded name
-- (members.name_folded: no diacritics, đ as d, lower case, made by vn::Fold) as a tsvector of the 'simple'
-- configuration (no stemming, no stop words), the same as document search. An expression index: the
-- database keeps it right on every insert and update, whatever path writes (forms and API, import, gen),
-- and builds it here for existing rows. The query must write the expression exactly so:
-- to_tsvector('simple', m.name_folded) @@ to_tsquery('simple', ?).
CREATE INDEX members_name_search ON members USING GIN (to_tsvector('simple', name_folded));
