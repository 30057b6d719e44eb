// search store: the SQL of document search, one form per engine (FTS5 tables `document_fts` and
// `document_heading_fts` on SQLite, tsvector table `document_search` on PostgreSQL; migrations
// 0007_document_search.*.sql). Internal to document/search.cpp, which folds the text and builds the
// queries' words.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/scope.h"
#include "db/db.h"
#include "document/search.h"

namespace dv::document::search::store {

// The folded words of one document's fields, each field's words separated by single spaces.
struct Fields {
    std::string title, label, issuer, body;
};

// Replaces the document's index entry. `fresh`: the index is known to hold none (after Clear).
void Put(db::Connection& conn, int64_t id, const Fields& f, bool fresh = false);
// Empties the index. The caller holds a write transaction.
void Clear(db::Connection& conn);
// After a bulk rebuild: SQLite merges the FTS5 index into one segment (faster queries); no-op on PostgreSQL.
void Optimize(db::Connection& conn);

// A document's indexed text as stored (original, not folded).
struct Source {
    int64_t id = 0;
    std::string type_name, title, symbol, issuer_name, signer, body;
};
// Documents with id > after_id, by id, at most `limit` (unscoped: for rebuilding the index).
std::vector<Source> Sources(db::Connection& conn, int64_t after_id, int limit);

struct Ranked {
    int64_t id = 0;
    double score = 0;  // the engine's relevance mapped into [0, 1): higher is better
};
// One tier of a search: the documents visible to `scope` that match every group of `q` (non-empty) — in
// the title and label (the heading index) when `heading_only`, anywhere otherwise — except `except`; of the newest
// `window` of them (by id, which is registration order), the best `limit`, best first. The window bounds the work for
// words that half the register contains: FTS5 and GIN find matches cheaply, but ranking costs per match.
std::vector<Ranked> Match(db::Connection& conn, const auth::Scope& scope, const Query& q, bool heading_only,
                          const std::vector<int64_t>& except, int window, int limit);

// PostgreSQL, until the caller's transaction ends: each execution of a prepared statement is planned for its
// parameters (plan_cache_mode = force_custom_plan). A generic plan cannot know whether a tsquery matches ten
// documents or all of them, and its one choice is 10–100 times slower for the other case (a scan of the
// whole table in id order, or every match fetched and sorted). A no-op on SQLite.
void PlanForParameters(db::Connection& conn);

// The first `max_chars` characters of the bodies of the visible documents among `ids`: (id, text).
std::vector<std::pair<int64_t, std::string>> Bodies(db::Connection& conn, const auth::Scope& scope,
                                                    const std::vector<int64_t>& ids, int64_t max_chars);

// The query in each engine's syntax, every word quoted (exposed for tests).
std::string Fts5Expression(const Query& q);
std::string TsQueryText(const Query& q);

}  // namespace dv::document::search::store
