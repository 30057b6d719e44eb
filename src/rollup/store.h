// rollup store: the only SQL over rollup_deltas, rollup_totals, rollup_checkpoint and rollup_sources,
// and the query that turns a source's spans into dated changes over the organizations above them.
#pragma once

#include <optional>
#include <string>

#include "db/db.h"
#include "rollup/rollup.h"

namespace dv::rollup::store {

// The query giving (org_id, metric, day, delta) for `source`'s subjects that pass `where`.
std::string DeltasQuery(const Source& source, const std::string& where, db::Engine engine);
Deltas Compute(db::Connection& conn, const std::string& query, const db::Params& params);
// Adds the changes (upsert), then drops the rows they brought to zero; adds those dated on or before
// the checkpoint to the totals (and gives every touched organization and metric its totals row).
void Add(db::Connection& conn, const Deltas& changes);
// Deltas and totals.
void DeleteAll(db::Connection& conn);
void InsertAll(db::Connection& conn, const std::string& query);
// The totals of every (organization, metric) from the deltas, as of the checkpoint.
void InsertTotals(db::Connection& conn);
// One source's part, for rebuilding it alone: removes the deltas and totals whose metric begins with
// `prefix` (a scan of every row: no index leads with the metric).
void DeletePrefix(db::Connection& conn, const std::string& prefix);
// Sets the totals as of the checkpoint of the deltas `query` gives (InsertAll's query), replacing any.
void InsertTotalsOf(db::Connection& conn, const std::string& query);
// Sets the deltas `query` gives, over any rows already there for the same keys.
void UpsertAll(db::Connection& conn, const std::string& query);
// Fresh planner statistics of the roll-up tables (PostgreSQL), after a rebuild.
void Analyze(db::Connection& conn);
std::string CheckpointDay(db::Connection& conn);
// Moves the checkpoint to `day` (either way), carrying the deltas in between into or out of the totals.
void MoveCheckpoint(db::Connection& conn, const std::string& day);

// Verify: the expected rows into a temporary table, then both ways of the difference.
void BeginExpected(db::Connection& conn);
void InsertExpected(db::Connection& conn, const std::string& query);
void InsertExpectedTotals(db::Connection& conn);
int64_t ExpectedRows(db::Connection& conn);
int64_t CountDifferences(db::Connection& conn);
std::vector<Difference> FirstDifferences(db::Connection& conn, size_t limit);
void EndExpected(db::Connection& conn);

// PostgreSQL: until the transaction ends, no other process builds (SQLite's write lock already serializes).
void LockBuild(db::Connection& conn);
std::optional<int> BuiltVersion(db::Connection& conn, const std::string& source);
void SetBuilt(db::Connection& conn, const std::string& source, int version, int64_t now_ms);

// A range of metric names: from `from` (included) to `to` (excluded; no end when absent), byte order.
struct NameRange {
    std::string from;
    std::optional<std::string> to;
};
// A range of metric names after `after`, up to `through` included.
struct SumRange {
    std::string after, through;
};
struct Reading {
    std::map<std::string, int64_t> figures;  // every non-zero figure named in one of the name ranges
    std::vector<int64_t> sums;               // per sum range, the sum of its figures
};
// The figures of `org_id` as of `date` in one statement (one round trip, one snapshot).
Reading Read(db::Connection& conn, int64_t org_id, const std::string& date, const std::vector<NameRange>& lists,
             const std::vector<SumRange>& sums);
// The figures named in [from, to) of each (organization, day) of `at` (out[i] for at[i], zeros left out), in
// one statement per 500 pairs: a summary over many units and months is one round trip, not hundreds.
std::vector<std::map<std::string, int64_t>> ReadMany(db::Connection& conn,
                                                     const std::vector<std::pair<int64_t, std::string>>& at,
                                                     const std::string& from, const std::string& to);
int64_t Figure(db::Connection& conn, int64_t org_id, const std::string& metric, const std::string& date);
std::unordered_map<int64_t, int64_t> FigureOf(db::Connection& conn, const std::vector<int64_t>& org_ids,
                                              const std::string& metric, const std::string& date);

// Organizations `org_id` is or ever was above (org_versions), itself included.
std::vector<int64_t> EverUnder(db::Connection& conn, int64_t org_id);

}  // namespace dv::rollup::store
