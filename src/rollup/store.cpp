// rollup store: SQL for the roll-up aggregates.
#include "rollup/store.h"

#include <algorithm>
#include <utility>

namespace dv::rollup::store {

namespace {

// Spans to dated changes. `paths` is the tree over time: one row per (ancestor, organization, days)
// with the organization itself always above itself, and each parent from org_versions for the days
// that version held, so a move, merge or split dated D sends the figures from D on to the new
// parents and keeps them where they were before D. `cut` is each span on each ancestor for the days
// both hold; each becomes +w on its first day and -w on the day after its last.
constexpr const char* kSpansToDeltas = R"(,
paths (anc, org_id, lo, hi) AS (
    SELECT o.org_id, o.org_id, CAST('0000-00-00' AS TEXT), CAST('9999-99-99' AS TEXT)
    FROM (SELECT DISTINCT org_id FROM spans) o
    UNION ALL
    SELECT v.parent_id, p.org_id, GREATEST(p.lo, v.valid_from), LEAST(p.hi, COALESCE(v.valid_to, '9999-99-99'))
    FROM paths p JOIN org_versions v ON v.org_id = p.anc
    WHERE v.parent_id IS NOT NULL AND v.valid_from < p.hi AND COALESCE(v.valid_to, '9999-99-99') > p.lo
),
cut (anc, metric, lo, hi, w) AS (
    SELECT p.anc, s.metric, GREATEST(s.lo, p.lo), LEAST(s.hi, p.hi), s.w
    FROM spans s JOIN paths p ON p.org_id = s.org_id
    WHERE s.lo < s.hi AND s.lo < p.hi AND p.lo < s.hi AND (p.anc = p.org_id OR s.metric NOT LIKE '%.here')
)
SELECT anc, metric, day, SUM(d) AS delta FROM (
    SELECT anc, metric, lo AS day, w AS d FROM cut
    UNION ALL
    SELECT anc, metric, hi AS day, -w AS d FROM cut WHERE hi <> '9999-99-99'
) x GROUP BY anc, metric, day HAVING SUM(d) <> 0)";

constexpr const char* kUpsertHead = "INSERT INTO rollup_deltas (org_id, metric, day, delta) VALUES ";
constexpr const char* kUpsertRow = "(?, ?, ?, ?)";
constexpr const char* kUpsertTail =
    " ON CONFLICT (org_id, metric, day) DO UPDATE SET delta = rollup_deltas.delta + excluded.delta";
constexpr const char* kDropZeros = "DELETE FROM rollup_deltas WHERE delta = 0 AND org_id = ? AND metric = ? AND day = ?";
// Totals: every (organization, metric) a change touches gets a row (+0 when dated after the checkpoint),
// so the totals list every metric an organization has deltas for.
constexpr const char* kTotalsHead = "INSERT INTO rollup_totals (org_id, metric, total) VALUES ";
constexpr const char* kTotalsRow = "(?, ?, ?)";
constexpr const char* kTotalsTail =
    " ON CONFLICT (org_id, metric) DO UPDATE SET total = rollup_totals.total + excluded.total";
constexpr const char* kDeleteAll = "DELETE FROM rollup_deltas";
constexpr const char* kDeleteTotals = "DELETE FROM rollup_totals";
constexpr const char* kInsertAll = "INSERT INTO rollup_deltas (org_id, metric, day, delta) ";
// The totals from the deltas, in one pass (rebuild).
constexpr const char* kInsertTotals = R"(
INSERT INTO rollup_totals (org_id, metric, total)
SELECT d.org_id, d.metric, SUM(CASE WHEN d.day <= c.day THEN d.delta ELSE 0 END)
FROM rollup_deltas d CROSS JOIN rollup_checkpoint c
GROUP BY d.org_id, d.metric)";

// The totals of one source's deltas (its query), as kInsertTotals computes them for all.
constexpr const char* kInsertTotalsOfHead = R"(
INSERT INTO rollup_totals (org_id, metric, total)
SELECT d.anc, d.metric, SUM(CASE WHEN d.day <= c.day THEN d.delta ELSE 0 END)
FROM ()";
constexpr const char* kInsertTotalsOfTail = R"() d CROSS JOIN rollup_checkpoint c WHERE true
GROUP BY d.anc, d.metric
ON CONFLICT (org_id, metric) DO UPDATE SET total = excluded.total)";
// One source's deltas over what its writes kept (a source recorded as never built still has the rows its
// writes added): each row set to the computed value. `WHERE true` keeps SQLite from reading ON as a join's.
constexpr const char* kUpsertAllHead = "INSERT INTO rollup_deltas (org_id, metric, day, delta) SELECT * FROM (";
constexpr const char* kUpsertAllTail =
    ") q WHERE true ON CONFLICT (org_id, metric, day) DO UPDATE SET delta = excluded.delta";

// PostgreSQL plans the reads from statistics: right after a rebuild (tens of rows per member, none
// analyzed yet) it guessed millions of rows per read and spent 0.7 s compiling it (JIT).
constexpr const char* kAnalyzePostgres = "ANALYZE rollup_deltas, rollup_totals, rollup_checkpoint";

// The checkpoint. Writers read it FOR SHARE on PostgreSQL and a move takes it FOR UPDATE, so a write
// dated in the days a move covers is either seen by the move or adds to the totals itself.
constexpr const char* kCheckpoint = "SELECT day FROM rollup_checkpoint WHERE id = 1";
constexpr const char* kCheckpointShared = "SELECT day FROM rollup_checkpoint WHERE id = 1 FOR SHARE";
constexpr const char* kCheckpointLocked = "SELECT day FROM rollup_checkpoint WHERE id = 1 FOR UPDATE";
constexpr const char* kSetCheckpoint = "UPDATE rollup_checkpoint SET day = ? WHERE id = 1";
// Moving the checkpoint from A to B: the deltas dated in (min, max] added to (forward) or taken from
// (backward) the totals. Every (organization, metric) with deltas already has its row.
constexpr const char* kMoveTotals = R"(
INSERT INTO rollup_totals (org_id, metric, total)
SELECT org_id, metric, ? * SUM(delta) FROM rollup_deltas WHERE day > ? AND day <= ?
GROUP BY org_id, metric
ON CONFLICT (org_id, metric) DO UPDATE SET total = rollup_totals.total + excluded.total)";

constexpr const char* kCreateExpectedSqlite =
    "CREATE TEMP TABLE rollup_expected (org_id BIGINT NOT NULL, metric TEXT NOT NULL, day TEXT NOT NULL, "
    "delta BIGINT NOT NULL, PRIMARY KEY (org_id, metric, day))";
constexpr const char* kCreateExpectedPostgres =
    "CREATE TEMP TABLE rollup_expected (org_id BIGINT NOT NULL, metric TEXT COLLATE \"C\" NOT NULL, "
    "day TEXT COLLATE \"C\" NOT NULL, delta BIGINT NOT NULL, PRIMARY KEY (org_id, metric, day)) ON COMMIT DROP";
constexpr const char* kCreateExpectedTotalsSqlite =
    "CREATE TEMP TABLE rollup_expected_totals (org_id BIGINT NOT NULL, metric TEXT NOT NULL, "
    "total BIGINT NOT NULL, PRIMARY KEY (org_id, metric))";
constexpr const char* kCreateExpectedTotalsPostgres =
    "CREATE TEMP TABLE rollup_expected_totals (org_id BIGINT NOT NULL, metric TEXT COLLATE \"C\" NOT NULL, "
    "total BIGINT NOT NULL, PRIMARY KEY (org_id, metric)) ON COMMIT DROP";
constexpr const char* kInsertExpected = "INSERT INTO rollup_expected (org_id, metric, day, delta) ";
constexpr const char* kInsertExpectedTotals = R"(
INSERT INTO rollup_expected_totals (org_id, metric, total)
SELECT e.org_id, e.metric, SUM(CASE WHEN e.day <= c.day THEN e.delta ELSE 0 END)
FROM rollup_expected e CROSS JOIN rollup_checkpoint c
GROUP BY e.org_id, e.metric)";
constexpr const char* kExpectedRows =
    "SELECT (SELECT COUNT(*) FROM rollup_expected) + (SELECT COUNT(*) FROM rollup_expected_totals)";
// Both directions: rows that differ or are missing, and stored rows nothing accounts for; then the
// same for the totals (named by the day 'total to <checkpoint>'). A stored total of zero that nothing
// accounts for is harmless (a metric whose deltas all cancelled) and not a difference.
constexpr const char* kDifferences = R"(
SELECT e.org_id, e.metric, e.day, COALESCE(d.delta, 0), e.delta
FROM rollup_expected e LEFT JOIN rollup_deltas d ON d.org_id = e.org_id AND d.metric = e.metric AND d.day = e.day
WHERE d.delta IS NULL OR d.delta <> e.delta
UNION ALL
SELECT d.org_id, d.metric, d.day, d.delta, 0
FROM rollup_deltas d LEFT JOIN rollup_expected e ON e.org_id = d.org_id AND e.metric = d.metric AND e.day = d.day
WHERE e.delta IS NULL AND d.delta <> 0
UNION ALL
SELECT e.org_id, e.metric, 'total to ' || c.day, COALESCE(t.total, 0), e.total
FROM rollup_expected_totals e CROSS JOIN rollup_checkpoint c
LEFT JOIN rollup_totals t ON t.org_id = e.org_id AND t.metric = e.metric
WHERE t.total IS NULL OR t.total <> e.total
UNION ALL
SELECT t.org_id, t.metric, 'total to ' || c.day, t.total, 0
FROM rollup_totals t CROSS JOIN rollup_checkpoint c
LEFT JOIN rollup_expected_totals e ON e.org_id = t.org_id AND e.metric = t.metric
WHERE e.total IS NULL AND t.total <> 0)";
constexpr const char* kDropExpected = "DROP TABLE IF EXISTS rollup_expected";
constexpr const char* kDropExpectedTotals = "DROP TABLE IF EXISTS rollup_expected_totals";

// 0x726f6c6c = "roll": any constant works, it only has to be the same in every process.
constexpr const char* kLockBuild = "SELECT pg_advisory_xact_lock(1919904876)";
constexpr const char* kBuiltVersion = "SELECT version FROM rollup_sources WHERE name = ?";
constexpr const char* kSetBuilt =
    "INSERT INTO rollup_sources (name, version, built_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
    "version = excluded.version, built_at = excluded.built_at";

// Reads: one row per (organization, metric) from the totals, plus that metric's deltas through one
// primary-key range: dated in (checkpoint, D] when D is on or after the checkpoint, up to D otherwise.
// One statement, so on PostgreSQL a checkpoint moving meanwhile is seen entirely or not at all.
#define DV_ROLLUP_FIGURE                                                                              \
    "CASE WHEN c.day <= ? THEN t.total ELSE 0 END + COALESCE((SELECT SUM(d.delta) FROM rollup_deltas d " \
    "WHERE d.org_id = t.org_id AND d.metric = t.metric AND d.day > CASE WHEN c.day <= ? THEN c.day ELSE '' END " \
    "AND d.day <= ?), 0)"
// Read's parts, joined by UNION ALL: the part (0 for a figure, k for the k-th sum range), the metric, the figure.
constexpr const char* kListPart = "SELECT 0, t.metric, " DV_ROLLUP_FIGURE
                                  " FROM rollup_totals t CROSS JOIN rollup_checkpoint c "
                                  "WHERE t.org_id = ? AND t.metric >= ? AND t.metric < ?";
constexpr const char* kListFromPart = "SELECT 0, t.metric, " DV_ROLLUP_FIGURE
                                      " FROM rollup_totals t CROSS JOIN rollup_checkpoint c "
                                      "WHERE t.org_id = ? AND t.metric >= ?";
constexpr const char* kSumPart = "SELECT ?, NULL, COALESCE(SUM(" DV_ROLLUP_FIGURE
                                 "), 0) FROM rollup_totals t CROSS JOIN rollup_checkpoint c "
                                 "WHERE t.org_id = ? AND t.metric > ? AND t.metric <= ?";
constexpr const char* kFigure = "SELECT " DV_ROLLUP_FIGURE
                                " FROM rollup_totals t CROSS JOIN rollup_checkpoint c "
                                "WHERE t.org_id = ? AND t.metric = ?";
constexpr const char* kFigureOfHead = "SELECT t.org_id, " DV_ROLLUP_FIGURE
                                      " FROM rollup_totals t CROSS JOIN rollup_checkpoint c "
                                      "WHERE t.metric = ? AND t.org_id IN (";
constexpr const char* kFigureOfTail = ")";
#undef DV_ROLLUP_FIGURE

constexpr const char* kEverUnder = R"(
WITH RECURSIVE d (id) AS (
    SELECT CAST(? AS BIGINT)
    UNION
    SELECT v.org_id FROM org_versions v JOIN d ON v.parent_id = d.id
)
SELECT id FROM d)";

// Rows per multi-row statement: 4 placeholders each, well under either engine's limit.
constexpr size_t kBatch = 250;

std::string Placeholders(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
    return out;
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

}  // namespace

std::string DeltasQuery(const Source& source, const std::string& where, db::Engine engine) {
    std::string sql = "WITH RECURSIVE " + source.ctes + kSpansToDeltas;
    ReplaceAll(sql, "${WHERE}", where);
    if (engine == db::Engine::kSqlite) {
        // SQLite's many-argument MAX and MIN are PostgreSQL's GREATEST and LEAST (no NULLs reach them).
        ReplaceAll(sql, "GREATEST(", "MAX(");
        ReplaceAll(sql, "LEAST(", "MIN(");
    }
    return sql;
}

Deltas Compute(db::Connection& conn, const std::string& query, const db::Params& params) {
    Deltas out;
    for (const auto& r : conn.Query(query, params)) out[{r.Int(0), r.Text(1), r.Text(2)}] += r.Int(3);
    return out;
}

std::string CheckpointDay(db::Connection& conn) { return conn.QueryOne(kCheckpoint)->Text(0); }

void Add(db::Connection& conn, const Deltas& changes) {
    std::vector<const Deltas::value_type*> rows;
    for (const auto& kv : changes)
        if (kv.second != 0) rows.push_back(&kv);
    if (rows.empty()) return;
    const std::string checkpoint =
        conn.QueryOne(conn.engine() == db::Engine::kPostgres ? kCheckpointShared : kCheckpoint)->Text(0);
    std::map<std::pair<int64_t, std::string>, int64_t> totals;
    for (size_t start = 0; start < rows.size(); start += kBatch) {
        size_t n = std::min(kBatch, rows.size() - start);
        std::string sql = kUpsertHead;
        db::Params params;
        for (size_t i = 0; i < n; ++i) {
            const auto& [key, delta] = *rows[start + i];
            sql += i ? ", " : "";
            sql += kUpsertRow;
            params.insert(params.end(), {std::get<0>(key), std::get<1>(key), std::get<2>(key), delta});
            totals[{std::get<0>(key), std::get<1>(key)}] += std::get<2>(key) <= checkpoint ? delta : 0;
        }
        conn.Exec(sql + kUpsertTail, params);
    }
    for (const auto* kv : rows) conn.Exec(kDropZeros, {std::get<0>(kv->first), std::get<1>(kv->first), std::get<2>(kv->first)});
    std::vector<const decltype(totals)::value_type*> list;
    for (const auto& kv : totals) list.push_back(&kv);
    for (size_t start = 0; start < list.size(); start += kBatch) {
        size_t n = std::min(kBatch, list.size() - start);
        std::string sql = kTotalsHead;
        db::Params params;
        for (size_t i = 0; i < n; ++i) {
            const auto& [key, total] = *list[start + i];
            sql += i ? ", " : "";
            sql += kTotalsRow;
            params.insert(params.end(), {key.first, key.second, total});
        }
        conn.Exec(sql + kTotalsTail, params);
    }
}

void DeleteAll(db::Connection& conn) {
    conn.Exec(kDeleteAll);
    conn.Exec(kDeleteTotals);
}

void InsertAll(db::Connection& conn, const std::string& query) { conn.Exec(kInsertAll + query); }

void InsertTotals(db::Connection& conn) { conn.Exec(kInsertTotals); }

void DeletePrefix(db::Connection& conn, const std::string& prefix) {
    // The names that begin with `prefix`, in byte order (C collation on PostgreSQL, BINARY on SQLite):
    // from the prefix to the prefix with its last byte raised.
    std::string after = prefix;
    after.back() = static_cast<char>(after.back() + 1);
    conn.Exec("DELETE FROM rollup_deltas WHERE metric >= ? AND metric < ?", {prefix, after});
    conn.Exec("DELETE FROM rollup_totals WHERE metric >= ? AND metric < ?", {prefix, after});
}

void UpsertAll(db::Connection& conn, const std::string& query) {
    conn.Exec(std::string(kUpsertAllHead) + query + kUpsertAllTail);
}

void InsertTotalsOf(db::Connection& conn, const std::string& query) {
    conn.Exec(std::string(kInsertTotalsOfHead) + query + kInsertTotalsOfTail);
}

void Analyze(db::Connection& conn) {
    if (conn.engine() == db::Engine::kPostgres) conn.Exec(kAnalyzePostgres);
}

void MoveCheckpoint(db::Connection& conn, const std::string& day) {
    std::string from = conn.QueryOne(conn.engine() == db::Engine::kPostgres ? kCheckpointLocked : kCheckpoint)->Text(0);
    if (from == day) return;
    if (from < day) conn.Exec(kMoveTotals, {int64_t{1}, from, day});
    else conn.Exec(kMoveTotals, {int64_t{-1}, day, from});
    conn.Exec(kSetCheckpoint, {day});
}

void BeginExpected(db::Connection& conn) {
    conn.Exec(kDropExpected);
    conn.Exec(kDropExpectedTotals);
    bool sqlite = conn.engine() == db::Engine::kSqlite;
    conn.Exec(sqlite ? kCreateExpectedSqlite : kCreateExpectedPostgres);
    conn.Exec(sqlite ? kCreateExpectedTotalsSqlite : kCreateExpectedTotalsPostgres);
}

void InsertExpected(db::Connection& conn, const std::string& query) { conn.Exec(kInsertExpected + query); }

void InsertExpectedTotals(db::Connection& conn) { conn.Exec(kInsertExpectedTotals); }

int64_t ExpectedRows(db::Connection& conn) { return conn.QueryOne(kExpectedRows)->Int(0); }

int64_t CountDifferences(db::Connection& conn) {
    return conn.QueryOne(std::string("SELECT COUNT(*) FROM (") + kDifferences + ") x")->Int(0);
}

std::vector<Difference> FirstDifferences(db::Connection& conn, size_t limit) {
    std::vector<Difference> out;
    for (const auto& r : conn.Query(std::string("SELECT * FROM (") + kDifferences + ") x ORDER BY 1, 2, 3 LIMIT ?",
                                    {static_cast<int64_t>(limit)}))
        out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4)});
    return out;
}

void EndExpected(db::Connection& conn) {
    conn.Exec(kDropExpected);
    conn.Exec(kDropExpectedTotals);
}

void LockBuild(db::Connection& conn) {
    if (conn.engine() == db::Engine::kPostgres) conn.Query(kLockBuild);
}

std::optional<int> BuiltVersion(db::Connection& conn, const std::string& source) {
    auto r = conn.QueryOne(kBuiltVersion, {source});
    if (!r) return std::nullopt;
    return static_cast<int>(r->Int(0));
}

void SetBuilt(db::Connection& conn, const std::string& source, int version, int64_t now_ms) {
    conn.Exec(kSetBuilt, {source, int64_t{version}, now_ms});
}

Reading Read(db::Connection& conn, int64_t org_id, const std::string& date, const std::vector<NameRange>& lists,
             const std::vector<SumRange>& sums) {
    std::string sql;
    db::Params params;
    auto part = [&](const char* text) { sql += (sql.empty() ? "" : " UNION ALL ") + std::string(text); };
    for (const auto& range : lists) {
        part(range.to ? kListPart : kListFromPart);
        params.insert(params.end(), {date, date, date, org_id, range.from});
        if (range.to) params.emplace_back(*range.to);
    }
    for (size_t i = 0; i < sums.size(); ++i) {
        part(kSumPart);
        params.insert(params.end(), {static_cast<int64_t>(i + 1), date, date, date, org_id, sums[i].after, sums[i].through});
    }
    Reading out;
    out.sums.assign(sums.size(), 0);
    if (sql.empty()) return out;
    for (const auto& r : conn.Query(sql, params)) {
        const int64_t k = r.Int(0);
        if (k == 0) {
            if (r.Int(2) != 0) out.figures[r.Text(1)] = r.Int(2);
        } else {
            out.sums[static_cast<size_t>(k - 1)] = r.Int(2);
        }
    }
    return out;
}

std::vector<std::map<std::string, int64_t>> ReadMany(db::Connection& conn,
                                                     const std::vector<std::pair<int64_t, std::string>>& at,
                                                     const std::string& from, const std::string& to) {
    // One join of the pairs (a CTE of VALUES) with the totals, rather than a UNION ALL of a part per pair:
    // PostgreSQL plans it once, not a hundred times.
    std::vector<std::map<std::string, int64_t>> out(at.size());
    constexpr size_t kPairs = 500;
    for (size_t start = 0; start < at.size(); start += kPairs) {
        const size_t end = std::min(at.size(), start + kPairs);
        std::string sql = "WITH q (i, org_id, day) AS (VALUES ";
        db::Params params;
        for (size_t i = start; i < end; ++i) {
            sql += i == start ? "" : ", ";
            sql += "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT))";
            params.insert(params.end(), {static_cast<int64_t>(i), at[i].first, at[i].second});
        }
        sql += ") SELECT q.i, t.metric, CASE WHEN c.day <= q.day THEN t.total ELSE 0 END + COALESCE((SELECT SUM(d.delta) "
               "FROM rollup_deltas d WHERE d.org_id = t.org_id AND d.metric = t.metric AND d.day > CASE WHEN c.day <= q.day "
               "THEN c.day ELSE '' END AND d.day <= q.day), 0) FROM q JOIN rollup_totals t ON t.org_id = q.org_id "
               "AND t.metric >= ? AND t.metric < ? CROSS JOIN rollup_checkpoint c";
        params.insert(params.end(), {from, to});
        for (const auto& r : conn.Query(sql, params))
            if (r.Int(2) != 0) out[static_cast<size_t>(r.Int(0))][r.Text(1)] = r.Int(2);
    }
    return out;
}

int64_t Figure(db::Connection& conn, int64_t org_id, const std::string& metric, const std::string& date) {
    auto r = conn.QueryOne(kFigure, {date, date, date, org_id, metric});
    return r ? r->Int(0) : 0;
}

std::unordered_map<int64_t, int64_t> FigureOf(db::Connection& conn, const std::vector<int64_t>& org_ids,
                                              const std::string& metric, const std::string& date) {
    std::unordered_map<int64_t, int64_t> out;
    constexpr size_t kIds = 500;
    for (size_t start = 0; start < org_ids.size(); start += kIds) {
        size_t n = std::min(kIds, org_ids.size() - start);
        db::Params params{date, date, date, metric};
        for (size_t i = 0; i < n; ++i) params.emplace_back(org_ids[start + i]);
        for (const auto& r : conn.Query(kFigureOfHead + Placeholders(n) + kFigureOfTail, params))
            if (r.Int(1) != 0) out[r.Int(0)] = r.Int(1);
    }
    return out;
}

std::vector<int64_t> EverUnder(db::Connection& conn, int64_t org_id) {
    std::vector<int64_t> out;
    for (const auto& r : conn.Query(kEverUnder, {org_id})) out.push_back(r.Int(0));
    return out;
}

}  // namespace dv::rollup::store
