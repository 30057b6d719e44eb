// gen documents: synthetic party documents (directives, plans, reports…) with Vietnamese titles and bodies
// of a few hundred words, for the search benchmark (bench/search.sh).
#pragma once

#include <cstdint>

#include "core/result.h"
#include "db/db.h"
#include "gen/gen.h"

namespace dv::gen {

inline constexpr int64_t kMaxDocuments = 2'000'000;

struct DocumentOptions {
    int64_t documents = 0;  // 1 .. kMaxDocuments
    uint64_t seed = 1;
};

struct DocumentSummary {
    int64_t documents = 0;
    int64_t words = 0;  // in titles and bodies
};

// Adds the documents to a database that already holds organizations (`seed-demo`, or `gen --members`):
// each owned by an organization drawn from all of them, typed, numbered and dated 2016–2025 as a party
// committee would issue them (about a third public, a few drafts), its title and body put together from
// tables of topics, actions and sentences, so words have the skewed frequencies of real text. Every
// document is indexed for search as the service indexes it (search::IndexDocument). Ids continue after the
// largest; the same options on the same organizations give the same documents. One transaction per
// 2,000 documents; progress phase "documents". Error kInvalid for a count out of range, kConflict when
// the database has no organizations.
Result<DocumentSummary> GenerateDocuments(db::Connection& conn, const DocumentOptions& options, int64_t now,
                                          const ProgressFn& progress = {});

}  // namespace dv::gen
