// rollup: metric sources, keeping the aggregates in step with writes, rebuilding and verifying them.
#include "rollup/rollup.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "rollup/store.h"

namespace dv::rollup {

namespace {

// Completed years at which a member enters the next band (kAgeBands).
constexpr int kBandStarts[] = {31, 41, 51, 61, 71};

// The birth histogram the age bands are read from (see AddAgeBands): members placed in the subtree by year
// of birth, and by day of birth (read one year at a time). Internal: Figures shows the bands instead.
constexpr const char* kBirthYear = "birth_year:";
constexpr const char* kBirthDay = "birth_day:";
constexpr const char* kBirthDayEnd = "birth_day;";  // the first name after every "birth_day:…"

// The members source: each placement counts in `members` (and `members.here`, the organization's
// own) over its days, and in the member's gender, ethnicity, status (probationary until official_on,
// official from then), and year and day of birth (the age bands are derived from those when read, so
// no rows are dated at birthdays).
Source MembersSource() {
    std::string ctes = R"(
mp (org_id, f, t, gender, ethnicity, official_on, m_b) AS (
    SELECT p.org_id, p.from_date, COALESCE(p.to_date, '9999-99-99'), m.gender, m.ethnicity, m.official_on, m.birth_date
    FROM member_placements p JOIN members m ON m.id = p.member_id
    WHERE ${WHERE}
),
spans (org_id, metric, lo, hi, w) AS (
    SELECT org_id, 'members', f, t, 1 FROM mp
    UNION ALL SELECT org_id, 'members.here', f, t, 1 FROM mp
    UNION ALL SELECT org_id, 'gender:' || gender, f, t, 1 FROM mp
    UNION ALL SELECT org_id, 'ethnicity:' || ethnicity, f, t, 1 FROM mp
    UNION ALL SELECT org_id, 'status:probationary', f,
        CASE WHEN official_on IS NOT NULL AND official_on < t THEN official_on ELSE t END, 1 FROM mp
    UNION ALL SELECT org_id, 'status:official', GREATEST(f, official_on), t, 1 FROM mp WHERE official_on IS NOT NULL
    UNION ALL SELECT org_id, 'age:unknown', f, t, 1 FROM mp WHERE m_b IS NULL
    UNION ALL SELECT org_id, 'birth_year:' || substr(m_b, 1, 4), f, t, 1 FROM mp WHERE m_b IS NOT NULL
    UNION ALL SELECT org_id, 'birth_day:' || m_b, f, t, 1 FROM mp WHERE m_b IS NOT NULL
))";
    return Source{.name = "members",
                  .version = 2,
                  .ctes = ctes,
                  .by_ids = "m.id IN (${IDS})",
                  .by_orgs = "m.id IN (SELECT q.member_id FROM member_placements q WHERE q.org_id IN (${ORGS}))",
                  .owns = {"members", "gender:", "ethnicity:", "status:", "age:", "birth_year:", "birth_day:"}};
}

// The study figures of documents sent to units for study ([3/10]), per document: units it was sent
// to, units that received it, units that studied it (from each day on), and the members who
// attended (a sum). Subjects are recipient rows (document_recipients.id).
Source StudySource() {
    return Source{.name = "study",
                  .version = 1,
                  .ctes = R"(
sr (org_id, doc, sent_on, received_on, studied_on, attendees) AS (
    SELECT r.org_id, r.document_id, d.sent_on, r.received_on, r.studied_on, r.attendees
    FROM document_recipients r JOIN document_distributions d ON d.id = r.distribution_id
    WHERE ${WHERE}
),
spans (org_id, metric, lo, hi, w) AS (
    SELECT org_id, 'study.' || doc || ':sent', sent_on, '9999-99-99', 1 FROM sr
    UNION ALL SELECT org_id, 'study.' || doc || ':received', received_on, '9999-99-99', 1 FROM sr
        WHERE received_on IS NOT NULL
    UNION ALL SELECT org_id, 'study.' || doc || ':studied', studied_on, '9999-99-99', 1 FROM sr
        WHERE studied_on IS NOT NULL
    UNION ALL SELECT org_id, 'study.' || doc || ':attendees', studied_on, '9999-99-99', attendees FROM sr
        WHERE studied_on IS NOT NULL AND attendees IS NOT NULL
))",
                  .by_ids = "r.id IN (${IDS})",
                  .by_orgs = "r.org_id IN (${ORGS})",
                  .owns = {"study."}};
}

std::vector<Source>& Registry() {
    static std::vector<Source> sources{MembersSource(), StudySource()};
    return sources;
}

const Source& Named(const std::string& name) {
    for (const auto& s : Registry())
        if (s.name == name) return s;
    throw std::logic_error("rollup: no source named " + name);
}

std::string Placeholders(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
    return out;
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool IsAgeBand(const std::string& metric) { return StartsWith(metric, "age:") && metric != "age:unknown"; }

std::string Year(int year) {
    std::string y = std::to_string(year);
    return std::string(y.size() < 4 ? 4 - y.size() : 0, '0') + y;
}

// The age bands as of `date` from the birth histogram: a member is at least k (completed years) on D
// when born in a year before year(D) - k, or in that year on a month and day up to D's (29 February
// turns a year older on 1 March in other years, as member::YearsLater counts). So "at least k" is the
// count of the years before, plus part of one year's birth days, summed in SQL: the days up to D's in
// the first half of the year, else the year's count less the days after D's. At most 5 x 183 birth
// days read per date, whatever the subtree's size (in the one statement of Figures).
// The birth-day ranges AddAgeBands needs as of `date`, one per band start k (in kBandStarts' order): the
// days up to D's month and day of the year year(D) - k when D is in the first half of the year, else
// the days after it.
std::vector<store::SumRange> BirthDayRanges(const std::string& date) {
    const int year = std::stoi(date.substr(0, 4));
    const std::string month_day = date.substr(4);  // "-MM-DD"
    std::vector<store::SumRange> out;
    for (int k : kBandStarts) {
        const std::string day = kBirthDay + Year(year - k);
        if (month_day <= "-07-01")
            out.push_back({day + "-", day + month_day});
        else
            out.push_back({day + month_day, day + "-99"});
    }
    return out;
}

void AddAgeBands(const std::string& date, const std::map<std::string, int64_t>& years,
                 const std::vector<int64_t>& day_sums, std::map<std::string, int64_t>& out) {
    const int year = std::stoi(date.substr(0, 4));
    const std::string month_day = date.substr(4);  // "-MM-DD"
    const size_t name = std::char_traits<char>::length(kBirthYear);
    int64_t known = 0;
    for (const auto& [metric, n] : years) known += n;
    if (known == 0) return;
    std::vector<int64_t> at_least;  // members at least kBandStarts[i] years old
    for (size_t b = 0; b < std::size(kBandStarts); ++b) {
        const std::string y = Year(year - kBandStarts[b]);
        int64_t n = 0, in_year = 0;
        for (const auto& [metric, count] : years) {
            if (metric.substr(name) < y) n += count;
            if (metric.substr(name) == y) in_year = count;
        }
        n += month_day <= "-07-01" ? day_sums[b] : in_year - day_sums[b];
        at_least.push_back(n);
    }
    for (size_t i = 0; i < kAgeBands.size(); ++i) {
        int64_t from = i == 0 ? known : at_least[i - 1];
        int64_t to = i < at_least.size() ? at_least[i] : 0;
        if (from - to != 0) out["age:" + kAgeBands[i]] = from - to;
    }
}

std::string Replaced(std::string s, const std::string& token, const std::string& with) {
    auto pos = s.find(token);
    if (pos != std::string::npos) s.replace(pos, token.size(), with);
    return s;
}

Deltas ComputeAll(db::Connection& conn, const std::vector<std::tuple<const Source*, std::string, db::Params>>& parts) {
    Deltas out;
    for (const auto& [source, where, params] : parts)
        for (auto& [k, v] : store::Compute(conn, store::DeltasQuery(*source, where, conn.engine()), params)) out[k] += v;
    return out;
}

}  // namespace

const std::vector<std::string> kAgeBands = {"to_30", "31_40", "41_50", "51_60", "61_70", "over_70"};

void Register(Source source) { Registry().push_back(std::move(source)); }

const std::vector<Source>& Sources() { return Registry(); }

// The connection whose Changes are deferred on this thread (Deferral), if any.
thread_local db::Connection* deferred = nullptr;

Change::Change(db::Connection& conn, std::vector<Part> parts, bool compute_before) : conn_(conn), parts_(std::move(parts)) {
    if (deferred == &conn_) {
        parts_.clear();
        return;
    }
    if (!compute_before) return;
    std::vector<std::tuple<const Source*, std::string, db::Params>> q;
    for (const auto& p : parts_) q.emplace_back(p.source, p.where, p.params);
    before_ = ComputeAll(conn_, q);
}

Change Change::Of(db::Connection& conn, const std::string& source, std::vector<int64_t> ids) {
    std::vector<Part> parts;
    const Source& s = Named(source);
    if (!ids.empty()) {
        db::Params params(ids.begin(), ids.end());
        parts.push_back({&s, Replaced(s.by_ids, "${IDS}", Placeholders(ids.size())), std::move(params)});
    }
    return Change(conn, std::move(parts), true);
}

Change Change::Members(db::Connection& conn, std::vector<int64_t> ids) { return Of(conn, "members", std::move(ids)); }

Change Change::Added(db::Connection& conn, const std::string& source, std::vector<int64_t> ids) {
    Change c(conn, {}, false);
    if (deferred == &conn) return c;
    const Source& s = Named(source);
    // In slices, so no statement carries more placeholders than an engine takes.
    constexpr size_t kSlice = 5000;
    for (size_t start = 0; start < ids.size(); start += kSlice) {
        size_t n = std::min(kSlice, ids.size() - start);
        db::Params params(ids.begin() + static_cast<long>(start), ids.begin() + static_cast<long>(start + n));
        c.parts_.push_back({&s, Replaced(s.by_ids, "${IDS}", Placeholders(n)), std::move(params)});
    }
    return c;
}

Change Change::NewOrgs(db::Connection& conn, const std::vector<int64_t>& ids) {
    Change c(conn, {}, false);
    if (deferred == &conn || ids.empty()) return c;
    for (const auto& s : Registry())
        if (s.by_org) {
            db::Params params(ids.begin(), ids.end());
            c.parts_.push_back({&s, Replaced(s.by_ids, "${IDS}", Placeholders(ids.size())), std::move(params)});
        }
    return c;
}

Change Change::Subtree(db::Connection& conn, int64_t org_id) {
    // Computed before the write: a split's new parts are not under it, but every subject that moves
    // there had rows under it, and the filter selects subjects (all their rows), not rows.
    auto orgs = store::EverUnder(conn, org_id);
    std::vector<Part> parts;
    for (const auto& s : Registry()) {
        db::Params params(orgs.begin(), orgs.end());
        parts.push_back({&s, Replaced(s.by_orgs, "${ORGS}", Placeholders(orgs.size())), std::move(params)});
    }
    return Change(conn, std::move(parts), true);
}

void Change::Apply() {
    if (parts_.empty() && before_.empty()) return;
    std::vector<std::tuple<const Source*, std::string, db::Params>> q;
    for (const auto& p : parts_) q.emplace_back(p.source, p.where, p.params);
    Deltas diff = ComputeAll(conn_, q);
    for (const auto& [k, v] : before_) diff[k] -= v;
    store::Add(conn_, diff);
    before_.clear();
    parts_.clear();
}

Deferral::Deferral(db::Connection& conn) : conn_(conn), outer_(deferred) { deferred = &conn_; }

Deferral::~Deferral() { deferred = outer_; }

void Deferral::Finish() {
    deferred = outer_;
    Rebuild(conn_);
}

void Rebuild(db::Connection& conn) {
    db::Transaction tx(conn);
    store::DeleteAll(conn);
    for (const auto& s : Registry()) store::InsertAll(conn, store::DeltasQuery(s, "1 = 1", conn.engine()));
    store::InsertTotals(conn);
    store::Analyze(conn);
    tx.Commit();
}

void RebuildSource(db::Connection& conn, const std::string& name) {
    const Source& s = Named(name);
    if (s.owns.empty()) return Rebuild(conn);
    db::Transaction tx(conn);
    const std::string query = store::DeltasQuery(s, "1 = 1", conn.engine());
    for (const auto& prefix : s.owns) store::DeletePrefix(conn, prefix);
    store::InsertAll(conn, query);
    store::InsertTotalsOf(conn, query);
    store::Analyze(conn);
    tx.Commit();
}

void EnsureBuilt(db::Connection& conn, int64_t now_ms) {
    db::Transaction tx(conn);
    store::LockBuild(conn);
    std::vector<const Source*> stale;
    for (const auto& s : Registry())
        if (store::BuiltVersion(conn, s.name) != s.version) stale.push_back(&s);
    if (!stale.empty()) {
        const bool alone = std::all_of(stale.begin(), stale.end(), [](const Source* s) { return !s->owns.empty(); });
        if (alone) {
            // Each stale source's rows replaced, the others' kept (a new feature's source on a national set).
            for (const Source* s : stale) {
                // A source built under another version: its rows removed (a scan of every row). One never
                // built holds only what its writes kept, which the recomputed rows overwrite key by key
                // (a new feature's source is empty on an existing install: nothing to scan).
                const std::string query = store::DeltasQuery(*s, "1 = 1", conn.engine());
                if (store::BuiltVersion(conn, s->name)) {
                    for (const auto& prefix : s->owns) store::DeletePrefix(conn, prefix);
                    store::InsertAll(conn, query);
                } else {
                    store::UpsertAll(conn, query);
                }
                store::InsertTotalsOf(conn, query);
            }
            store::Analyze(conn);
        } else {
            Rebuild(conn);
        }
        for (const auto& s : Registry()) store::SetBuilt(conn, s.name, s.version, now_ms);
    }
    tx.Commit();
}

void Checkpoint(db::Connection& conn, const std::string& day) {
    db::Transaction tx(conn);
    store::MoveCheckpoint(conn, day);
    tx.Commit();
}

std::string CheckpointDay(db::Connection& conn) { return store::CheckpointDay(conn); }

VerifyReport Verify(db::Connection& conn, size_t show) {
    db::Transaction tx(conn);
    store::BeginExpected(conn);
    for (const auto& s : Registry()) store::InsertExpected(conn, store::DeltasQuery(s, "1 = 1", conn.engine()));
    store::InsertExpectedTotals(conn);
    VerifyReport report;
    report.rows = store::ExpectedRows(conn);
    report.differences = store::CountDifferences(conn);
    report.first = store::FirstDifferences(conn, show);
    store::EndExpected(conn);
    tx.Commit();
    return report;
}

std::map<std::string, int64_t> Figures(db::Connection& conn, int64_t org_id, const std::string& date) {
    // One statement: everything but the birth days (two ranges of names) and the birth-day sums the age
    // bands need; then the bands from the birth years.
    auto reading = store::Read(conn, org_id, date, {{"", std::string(kBirthDay)}, {kBirthDayEnd, std::nullopt}},
                               BirthDayRanges(date));
    auto& out = reading.figures;
    std::map<std::string, int64_t> years;
    for (auto it = out.lower_bound(kBirthYear); it != out.end() && StartsWith(it->first, kBirthYear);)
        years.insert(out.extract(it++));
    AddAgeBands(date, years, reading.sums, out);
    return std::move(out);
}

int64_t Figure(db::Connection& conn, int64_t org_id, const std::string& metric, const std::string& date) {
    if (IsAgeBand(metric)) {
        auto all = Figures(conn, org_id, date);
        auto it = all.find(metric);
        return it == all.end() ? 0 : it->second;
    }
    return store::Figure(conn, org_id, metric, date);
}

std::map<std::string, int64_t> FiguresNamed(db::Connection& conn, int64_t org_id, const std::string& from,
                                            const std::string& to, const std::string& date) {
    return store::Read(conn, org_id, date, {{from, to}}, {}).figures;
}

std::vector<std::map<std::string, int64_t>> FiguresNamedAt(db::Connection& conn,
                                                           const std::vector<std::pair<int64_t, std::string>>& at,
                                                           const std::string& from, const std::string& to) {
    return store::ReadMany(conn, at, from, to);
}

std::unordered_map<int64_t, int64_t> FigureOf(db::Connection& conn, const std::vector<int64_t>& org_ids,
                                              const std::string& metric, const std::string& date) {
    if (IsAgeBand(metric)) {
        std::unordered_map<int64_t, int64_t> out;
        for (int64_t id : org_ids)
            if (int64_t n = Figure(conn, id, metric, date); n != 0) out[id] = n;
        return out;
    }
    return store::FigureOf(conn, org_ids, metric, date);
}

}  // namespace dv::rollup
