// rollup store: the only SQL over rollup_deltas and rollup_sources, and the query that turns a
// source's spans into dated changes over the organizations above them.
#pragma once

#include <optional>
#include <string>

#include "db/db.h"
#include "rollup/rollup.h"

namespace dv::rollup::store {

// The query giving (org_id, metric, day, delta) for `source`'s subjects that pass `where`.
std::string DeltasQuery(const Source& source, const std::string& where, db::Engine engine);
Deltas Compute(db::Connection& conn, const std::string& query, const db::Params& params);
// Adds the changes (upsert), then drops the rows they brought to zero.
void Add(db::Connection& conn, const Deltas& changes);
void DeleteAll(db::Connection& conn);
void InsertAll(db::Connection& conn, const std::string& query);

// Verify: the expected rows into a temporary table, then both ways of the difference.
void BeginExpected(db::Connection& conn);
void InsertExpected(db::Connection& conn, const std::string& query);
int64_t ExpectedRows(db::Connection& conn);
int64_t CountDifferences(db::Connection& conn);
std::vector<Difference> FirstDifferences(db::Connection& conn, size_t limit);
void EndExpected(db::Connection& conn);

// PostgreSQL: until the transaction ends, no other process builds (SQLite's write lock already serializes).
void LockBuild(db::Connection& conn);
std::optional<int> BuiltVersion(db::Connection& conn, const std::string& source);
void SetBuilt(db::Connection& conn, const std::string& source, int version, int64_t now_ms);

std::map<std::string, int64_t> Figures(db::Connection& conn, int64_t org_id, const std::string& date);
int64_t Figure(db::Connection& conn, int64_t org_id, const std::string& metric, const std::string& date);
std::unordered_map<int64_t, int64_t> FigureOf(db::Connection& conn, const std::vector<int64_t>& org_ids,
                                              const std::string& metric, const std::string& date);

// Organizations `org_id` is or ever was above (org_versions), itself included.
std::vector<int64_t> EverUnder(db::Connection& conn, int64_t org_id);

}  // namespace dv::rollup::store
