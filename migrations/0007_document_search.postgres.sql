-- Document search on PostgreSQL ([3/10]): each document's folded words (no diacritics, đ as d, lower case;
-- cut and folded by document/search.cpp) as tsvectors of the 'simple' configuration (no stemming, no stop
-- words: Vietnamese has neither). `tsv`: every field, weighted A (title; type name and symbol), B (issuer,
-- signer) and D (body); `heading`: the title and the label alone, for the first tier of results. Each with
-- a GIN index for @@. Filled by IndexDocument on every insert and update; `dangvu documents reindex`
-- rebuilds it.
CREATE TABLE document_search (
    document_id BIGINT PRIMARY KEY REFERENCES documents(id),
    tsv tsvector NOT NULL,
    heading tsvector NOT NULL
);
CREATE INDEX document_search_tsv ON document_search USING GIN (tsv);
CREATE INDEX document_search_heading ON document_search USING GIN (heading);
