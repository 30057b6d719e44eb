// gen: a synthetic, deterministic, national-scale data set (organizations and members) for benchmarks.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "audit/audit.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::gen {

inline constexpr int64_t kMaxMembers = 10'000'000;

// Member dates (birth, admission, official) are drawn up to this day, whatever the clock says, so the
// same options give the same data on any day.
inline constexpr const char* kAsOf = "2025-12-31";

struct Options {
    int64_t members = 0;  // 1 .. kMaxMembers
    uint64_t seed = 1;
};

struct Summary {
    int64_t orgs = 0;
    int64_t members = 0;
    int64_t probationary = 0;
    std::map<std::string, int64_t> orgs_by_type;  // org_types.code -> organizations
};

// Called after each step: phase "orgs" (once, when all are written) or "members" (after each chunk).
using ProgressFn = std::function<void(std::string_view phase, int64_t done, int64_t total)>;

// Writes the data set into an empty database: one party (root) with the 34 provinces, their
// above-grassroots organizations (provincial agencies, police, military, communes and wards, type
// "bloc"), about one grassroots organization per 110 members (committees with sub-committees and
// attached cells, or grassroots cells) and the members, each with an "admitted" placement. Every
// organization gets its version, its "create" event and its closure rows, exactly what org::Create
// writes; members carry the derived columns member::store::Insert writes. One audit row
// ("gen.dataset", with the counts) is written with the last chunk, so it marks a complete data set.
//
// The same options give the same rows, ids included (only created_at/updated_at and the audit row's
// time carry `now`). Writes one transaction for the organizations and one per chunk of members; on
// SQLite without the WAL, fsync and foreign-key checks until the end (store::BeginBulkLoad), so a
// failure or a crash part-way leaves a partial or damaged database: delete it and start again. Uses a
// second thread to generate the rows while the previous chunk is written. Error kInvalid for a member
// count out of range, kConflict when the database already holds organizations.
Result<Summary> Generate(db::Connection& conn, const Options& options, const audit::Actor& actor, int64_t now,
                         const ProgressFn& progress = {});

}  // namespace dv::gen
