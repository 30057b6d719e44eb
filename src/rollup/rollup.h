// rollup: figures summed over an organization's subtree as of any date, from aggregates maintained
// in the write transaction (rollup_deltas), never by scanning members at read time.
//
// The model: a metric source turns its raw rows into spans — "this counts w (1, or an amount) in
// metric M at organization O over the days [lo, hi)". The facility spreads each span over the organizations
// above O as the tree stood on each of those days (org_versions, not the current closure table),
// and keeps, per (organization, metric, day), the change of the figure on that day. The figure as
// of D is the sum of the changes dated on or before D. To read few rows however long the history,
// rollup_totals holds each (organization, metric)'s sum up to a checkpoint day (moved to today at
// start-up): as of D on or after it, the total plus the changes dated after the checkpoint; before
// it, the changes up to D. Either way one primary-key range per (organization, metric).
// Metrics whose name ends in ".here" count at the organization itself only (own members).
//
// Writers keep the aggregates right with a Change around their writes, in their own transaction:
//     auto change = rollup::Change::Members(conn, {id});   // before the writes
//     ... writes ...
//     change.Apply();                                      // after them, before Commit
// Apply recomputes the touched subjects' spans and writes only the difference. Bulk writers
// (gen, import) call Rebuild or Added. Thread-safety: none of its own; one Connection per thread,
// as everywhere.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "db/db.h"

namespace dv::rollup {

// A metric source: how its raw rows become spans. Each coming feature registers one (Register)
// before the first connection is opened; the members and study sources are built in.
struct Source {
    std::string name;  // "members"
    int version = 1;   // raised when `ctes` changes meaning: the next start rebuilds the source
    // Common table expressions ending with one named `spans(org_id, metric, lo, hi, w)`: w counts in
    // the metric over the days [lo, hi), 'YYYY-MM-DD', hi '9999-99-99' when open (w = 1 for counts,
    // the amount for sums). `${WHERE}` is the subject filter; GREATEST and LEAST
    // are written as PostgreSQL spells them (the facility renames them for SQLite).
    std::string ctes;
    // The filter for given subject ids (`${IDS}`: a list of placeholders) and for subjects with rows
    // in given organizations (`${ORGS}`), each a condition over the aliases `ctes` uses.
    std::string by_ids;
    std::string by_orgs;
    // The beginnings of the metric names it writes ("task.", "plan."), none shared with another source.
    // With them, a source added or changed is rebuilt alone at start-up (its rows replaced); without
    // them, every source is (at 6,000,000 members that is most of an hour on PostgreSQL).
    std::vector<std::string> owns;
    // Its subjects are organizations (by_ids names organization ids): a new organization is a new subject
    // with spans of its own before any row of the feature (meetings expected of a new cell), so
    // org::Create adds it (Change::NewOrgs).
    bool by_org = false;
};
void Register(Source source);
const std::vector<Source>& Sources();

// The age bands of the members source, as party statistics count them: up to 30, 31–40, 41–50,
// 51–60, 61–70, over 70 (completed years), and unknown when no birth date is recorded.
extern const std::vector<std::string> kAgeBands;

using Key = std::tuple<int64_t, std::string, std::string>;  // organization, metric, day
using Deltas = std::map<Key, int64_t>;

// A write about to happen; see the file comment. Must not outlive `conn`'s transaction.
class Change {
public:
    // The write touches these subjects of the named source (its by_ids filter).
    static Change Of(db::Connection& conn, const std::string& source, std::vector<int64_t> ids);
    // The write touches these members' records or placements.
    static Change Members(db::Connection& conn, std::vector<int64_t> ids);
    // A reorganization of `org_id` (move, merge, split, dissolve): it and every organization ever under it.
    static Change Subtree(db::Connection& conn, int64_t org_id);
    // New organizations, for every source whose subjects are organizations (Source::by_org).
    static Change NewOrgs(db::Connection& conn, const std::vector<int64_t>& ids);
    // New subjects only (nothing to take back): rows just inserted, e.g. members.
    static Change Added(db::Connection& conn, const std::string& source, std::vector<int64_t> ids);
    // Writes the difference between the spans now and before. Call once, after the writes.
    void Apply();

private:
    struct Part {
        const Source* source;
        std::string where;
        db::Params params;
    };
    Change(db::Connection& conn, std::vector<Part> parts, bool compute_before);
    db::Connection& conn_;
    std::vector<Part> parts_;
    Deltas before_;
};

// Bulk writers that go through the services (the demo seed: thousands of writes in one transaction):
// while a Deferral lives, Changes made on this thread for `conn` do nothing, and Finish() rebuilds
// every source once in the caller's transaction. Without Finish (an early return on an error) the
// transaction is expected to roll back, and nothing is left half done.
class Deferral {
public:
    explicit Deferral(db::Connection& conn);
    ~Deferral();
    Deferral(const Deferral&) = delete;
    Deferral& operator=(const Deferral&) = delete;
    void Finish();

private:
    db::Connection& conn_;
    db::Connection* outer_;
};

// Recomputes every aggregate from the raw tables in one SQL pass per source, and the totals as of the
// checkpoint (bulk loads, start-up after a source was added or changed, `dangvu rollup rebuild`). The
// caller's transaction if any.
void Rebuild(db::Connection& conn);
// Recomputes one source's aggregates and their totals as of the checkpoint, the rows of the names it owns
// replaced and every other source's kept (a bulk load of one feature's rows: `gen --meetings`). A source
// that owns no names rebuilds everything. The caller's transaction if any.
void RebuildSource(db::Connection& conn, const std::string& name);
// Moves the checkpoint of the totals to `day` ('YYYY-MM-DD'; start-up: today), carrying the changes
// dated in between into them. Exact whatever the day; it only decides how many rows a read sums.
void Checkpoint(db::Connection& conn, const std::string& day);
std::string CheckpointDay(db::Connection& conn);
// Rebuilds when a registered source was never built or changed version — that source alone when every
// stale source declares the names it owns, else all of them; records the versions. Safe from several
// processes starting at once (PostgreSQL: an advisory lock).
void EnsureBuilt(db::Connection& conn, int64_t now_ms);

// One aggregate row that differs from what the raw tables give.
struct Difference {
    int64_t org_id = 0;
    std::string metric, day;
    int64_t stored = 0, expected = 0;
};
struct VerifyReport {
    int64_t rows = 0;                     // aggregate rows expected
    int64_t differences = 0;              // how many differ
    std::vector<Difference> first;       // the first ones, by organization, metric, day
};
VerifyReport Verify(db::Connection& conn, size_t show = 20);

// Reads, O(metrics of the organization + their changes between the checkpoint and the date).
// Every non-zero figure over the subtree of `org_id` as of `date`. The age bands (`age:*`) are derived
// from the members' years and days of birth (internal metrics `birth_year:YYYY`, `birth_day:YYYY-MM-DD`,
// not listed here) as of the date, so they move on birthdays without rows dated at them.
std::map<std::string, int64_t> Figures(db::Connection& conn, int64_t org_id, const std::string& date);
int64_t Figure(db::Connection& conn, int64_t org_id, const std::string& metric, const std::string& date);
// The non-zero figures whose names lie in [from, to) (byte order) over the subtree of `org_id` as of
// `date`, in one statement: a feature's own metrics ("round.12:" up to "round.12;").
std::map<std::string, int64_t> FiguresNamed(db::Connection& conn, int64_t org_id, const std::string& from,
                                            const std::string& to, const std::string& date);
// The same for many (organization, day) pairs in a few statements: out[i] for at[i] (a summary reading each
// month's end for a unit and its direct units).
std::vector<std::map<std::string, int64_t>> FiguresNamedAt(db::Connection& conn,
                                                           const std::vector<std::pair<int64_t, std::string>>& at,
                                                           const std::string& from, const std::string& to);
// One metric for many organizations (the tree page): organization -> figure, zeros left out.
std::unordered_map<int64_t, int64_t> FigureOf(db::Connection& conn, const std::vector<int64_t>& org_ids,
                                              const std::string& metric, const std::string& date);

}  // namespace dv::rollup
