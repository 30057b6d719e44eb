// report service: templates, rounds, reports from draft to acceptance, completeness and totals.
#include "report/service.h"

#include <algorithm>
#include <limits>
#include <set>
#include <unordered_map>

#include "auth/service.h"
#include "core/text.h"
#include "core/time.h"
#include "document/service.h"
#include "notify/notify.h"
#include "org/service.h"
#include "plan/service.h"
#include "report/store.h"
#include "rollup/rollup.h"

namespace dv::report {

namespace {

using auth::Permission;
constexpr size_t kMaxName = 300;
constexpr size_t kMaxComment = 4000;


std::string LastDayOfMonth(int year, int month) {
    const time::Date next{month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1};
    return time::AddDaysIso(time::FormatIso(next), -1);
}

// The roll-up source: per round, each unit row counts in `expected` from the opening day, `submitted` from
// its first submission (and `late` then, when after the deadline), `overdue` from the day after the
// deadline until its first submission, `accepted` from its acceptance, `returned` from each return until
// the next submission; and each number of a submission in `rnum.<round>.<key>` from the day it was
// submitted until the next submission replaced it — for the units no unit above reports for in the round
// (a grassroots committee's report holds its cells'; theirs are not counted twice). A unit merged away
// counts where it stood until the merger and in the unit that absorbed it from then on (that unit answers
// for its report); a merger recomputes the rows of the units it touches (rollup::Change::Subtree).
rollup::Source ReportsSource() {
    return rollup::Source{.name = "reports",
                          .version = 2,
                          .ctes = R"(
ru (id, org_id, rid, opens_on, late_from, first_sub, accepted_on, top, merged_on, carrier) AS (
    SELECT u.id, u.org_id, u.round_id, r.opens_on, r.late_from, u.first_submitted_on, u.accepted_on, u.top,
        e.effective_on, e.target_id
    FROM round_units u JOIN report_rounds r ON r.id = u.round_id
        LEFT JOIN org_events e ON e.org_id = u.org_id AND e.kind = 'merge'
    WHERE ${WHERE}
),
raw (org_id, metric, lo, hi, w, merged_on, carrier) AS (
    SELECT org_id, 'round.' || rid || ':expected', opens_on, '9999-99-99', 1, merged_on, carrier FROM ru
    UNION ALL SELECT org_id, 'round.' || rid || ':submitted', first_sub, '9999-99-99', 1, merged_on, carrier FROM ru
        WHERE first_sub IS NOT NULL
    UNION ALL SELECT org_id, 'round.' || rid || ':late', first_sub, '9999-99-99', 1, merged_on, carrier FROM ru
        WHERE first_sub >= late_from
    UNION ALL SELECT org_id, 'round.' || rid || ':overdue', late_from, COALESCE(first_sub, '9999-99-99'), 1, merged_on,
        carrier FROM ru WHERE first_sub IS NULL OR first_sub > late_from
    UNION ALL SELECT org_id, 'round.' || rid || ':accepted', accepted_on, '9999-99-99', 1, merged_on, carrier FROM ru
        WHERE accepted_on IS NOT NULL
    UNION ALL SELECT x.org_id, 'round.' || x.rid || ':returned', x.lo, x.hi, 1, x.merged_on, x.carrier FROM (
        SELECT ru.org_id, ru.rid, ru.merged_on, ru.carrier, e.on_day AS lo,
            COALESCE((SELECT MIN(s.on_day) FROM report_events s
            WHERE s.round_unit_id = e.round_unit_id AND s.kind = 'submit' AND s.id > e.id), '9999-99-99') AS hi
        FROM report_events e JOIN ru ON ru.id = e.round_unit_id WHERE e.kind = 'return') x WHERE x.hi > x.lo
    UNION ALL SELECT ru.org_id, 'rnum.' || ru.rid || '.' || n.field, n.from_on, COALESCE(n.to_on, '9999-99-99'), n.value,
        ru.merged_on, ru.carrier
        FROM report_numbers n JOIN ru ON ru.id = n.round_unit_id
        WHERE ru.top = 1 AND (n.to_on IS NULL OR n.to_on > n.from_on)
),
spans (org_id, metric, lo, hi, w) AS (
    SELECT org_id, metric, lo, CASE WHEN merged_on IS NOT NULL AND merged_on < hi THEN merged_on ELSE hi END, w FROM raw
        WHERE merged_on IS NULL OR lo < merged_on
    UNION ALL SELECT carrier, metric, GREATEST(lo, merged_on), hi, w FROM raw
        WHERE merged_on IS NOT NULL AND carrier IS NOT NULL AND hi > merged_on
))",
                          .by_ids = "u.id IN (${IDS})",
                          .by_orgs = "u.org_id IN (${ORGS})",
                          .owns = {"round.", "rnum."}};
}

std::string Serialize(const Values& v) { return boost::json::serialize(v); }

// The unit that absorbed `r`'s unit when it was merged away (it answers for the report), if any.
std::optional<int64_t> CarrierOf(db::Connection& conn, const Report& r) {
    if (r.ended_on.empty()) return std::nullopt;
    auto h = org::HistoryOf(conn, auth::Scope::System(), r.org_id);
    if (!h.ok()) return std::nullopt;
    for (const auto& e : h.value().events)
        if (e.kind == org::EventKind::kMerge && e.org_id == r.org_id && e.target_id) return e.target_id;
    return std::nullopt;
}

bool Editable(Status s) { return s == Status::kNotStarted || s == Status::kDraft || s == Status::kReturned; }

std::string ReportHref(int64_t round_id, int64_t org_id) {
    return "/report-rounds/" + std::to_string(round_id) + "/reports/" + std::to_string(org_id);
}

// The keys whose values differ between two sets of values (the 409's "what changed").
std::vector<FieldError> Differences(const Form& form, const Values& mine, const Values& theirs) {
    std::vector<FieldError> out;
    for (const auto& s : form.sections)
        for (const auto& f : s.fields) {
            if (f.type == FieldType::kPercent) continue;
            const auto* a = mine.if_contains(f.key);
            const auto* b = theirs.if_contains(f.key);
            const bool same = (!a && !b) || (a && b && *a == *b);
            if (!same) out.push_back({"values." + f.key, "changed", "report.field.changed_since"});
        }
    return out;
}

}  // namespace

const char* ToString(PeriodKind k) {
    switch (k) {
        case PeriodKind::kMonth: return "month";
        case PeriodKind::kQuarter: return "quarter";
        case PeriodKind::kHalf: return "half";
        case PeriodKind::kYear: return "year";
        case PeriodKind::kCustom: return "custom";
    }
    return "custom";
}

std::optional<PeriodKind> ParsePeriodKind(const std::string& s) {
    for (auto k : {PeriodKind::kMonth, PeriodKind::kQuarter, PeriodKind::kHalf, PeriodKind::kYear, PeriodKind::kCustom})
        if (s == ToString(k)) return k;
    return std::nullopt;
}

const char* ToString(Status s) {
    switch (s) {
        case Status::kNotStarted: return "not_started";
        case Status::kDraft: return "draft";
        case Status::kSubmitted: return "submitted";
        case Status::kReturned: return "returned";
        case Status::kAccepted: return "accepted";
    }
    return "not_started";
}

std::optional<Status> ParseStatus(const std::string& s) {
    for (auto v : {Status::kNotStarted, Status::kDraft, Status::kSubmitted, Status::kReturned, Status::kAccepted})
        if (s == ToString(v)) return v;
    return std::nullopt;
}

Timeliness TimelinessOf(const Report& r, const std::string& due_on, const std::string& today) {
    if (!r.first_submitted_on.empty() && r.first_submitted_on <= today)
        return r.first_submitted_on <= due_on ? Timeliness::kOnTime : Timeliness::kLate;
    return today > due_on ? Timeliness::kOverdue : Timeliness::kWaiting;
}

const char* ToString(Timeliness t) {
    switch (t) {
        case Timeliness::kOnTime: return "on_time";
        case Timeliness::kLate: return "late";
        case Timeliness::kWaiting: return "waiting";
        case Timeliness::kOverdue: return "overdue";
    }
    return "waiting";
}

std::string RoundMetric(int64_t round_id, const char* what) { return "round." + std::to_string(round_id) + ":" + what; }
std::string NumberMetric(int64_t round_id, const std::string& key) {
    return "rnum." + std::to_string(round_id) + "." + key;
}

void Connect() { rollup::Register(ReportsSource()); }

boost::json::object ToJson(const Template& t) {
    return {{"id", t.id},
            {"owner_org_id", t.owner_org_id},
            {"owner_name", t.owner_name},
            {"name", t.name},
            {"version", t.version},
            {"form", ToJson(t.form)},
            {"created_at", t.created_at},
            {"updated_at", t.updated_at}};
}

boost::json::object ToJson(const Round& r) {
    return {{"id", r.id},
            {"template_id", r.template_id},
            {"template_version", r.template_version},
            {"template_name", r.template_name},
            {"owner_org_id", r.owner_org_id},
            {"owner_name", r.owner_name},
            {"title", r.title},
            {"period_kind", ToString(r.period_kind)},
            {"period_from", r.period_from},
            {"period_to", r.period_to},
            {"opens_on", r.opens_on},
            {"due_on", r.due_on},
            {"assigned_how", r.assigned_how},
            {"assigned_under", r.assigned_under ? boost::json::value(*r.assigned_under) : boost::json::value(nullptr)},
            {"document_id", r.document_id ? boost::json::value(*r.document_id) : boost::json::value(nullptr)},
            {"created_at", r.created_at}};
}

boost::json::object ToJson(const Report& r, const Round& round, const std::string& today) {
    auto opt = [](const std::string& s) { return s.empty() ? boost::json::value(nullptr) : boost::json::value(s); };
    return {{"round_id", r.round_id},
            {"org_id", r.org_id},
            {"org_code", r.org_code},
            {"org_name", r.org_name},
            {"status", ToString(r.status)},
            {"timeliness", ToString(TimelinessOf(r, round.due_on, today))},
            {"values", r.values},
            {"first_submitted_on", opt(r.first_submitted_on)},
            {"submitted_on", opt(r.submitted_on)},
            {"accepted_on", opt(r.accepted_on)},
            {"submissions", r.submissions},
            {"version", r.version},
            {"updated_at", r.updated_at},
            {"updated_by", r.updated_by_name}};
}

boost::json::object ToJson(const Event& e) {
    boost::json::object o{{"id", e.id}, {"kind", e.kind}, {"seq", e.seq}, {"on_day", e.on_day},
                          {"comment", e.comment}, {"by", e.by_name}, {"at", e.at}};
    if (e.kind == "submit") o["values"] = e.values;
    return o;
}

boost::json::object ToJson(const Counts& c) {
    return {{"expected", c.expected}, {"submitted", c.submitted}, {"on_time", c.on_time}, {"late", c.late},
            {"missing", c.missing},   {"overdue", c.overdue},     {"returned", c.returned}, {"accepted", c.accepted},
            {"awaiting", c.awaiting}};
}

// ---- Templates

bool CanEditTemplate(db::Connection& conn, const auth::Scope& scope, const Template& t) {
    return org::CanWrite(conn, scope, t.owner_org_id);
}

Result<Template> CreateTemplate(db::Connection& conn, const auth::Scope& scope, const TemplateInput& in,
                                const audit::Actor& actor, int64_t now) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    std::vector<FieldError> errors;
    const std::string name(text::Trim(in.name));
    if (name.empty()) errors.push_back({"name", "required", "field.required"});
    else if (text::Utf8Length(name) > kMaxName) errors.push_back({"name", "too_long", "field.too_long"});
    int64_t owner = 0;
    if (in.owner_org_id) owner = *in.owner_org_id;
    else if (auto roots = scope.Roots(Permission::kWrite); !roots.empty()) owner = roots.front();
    if (!owner || !org::CanWrite(conn, scope, owner))
        errors.push_back({"owner_org_id", "not_writable", "plan.field.unit_not_writable"});
    auto form = ParseForm(in.form);
    if (!form.ok())
        for (auto& e : form.error().field_errors) errors.push_back(e);
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    db::Transaction tx(conn);
    const int64_t id = store::InsertTemplate(conn, owner, name, actor.user_id, now);
    store::AddTemplateVersion(conn, id, 1, name, boost::json::serialize(ToJson(form.value())), actor.user_id, now);
    auto t = *store::GetTemplate(conn, id);
    audit::Append(conn, actor, now, "report_template.create", "report_template", id, owner, nullptr, ToJson(t));
    tx.Commit();
    return t;
}

Result<Template> ReviseTemplate(db::Connection& conn, const auth::Scope& scope, int64_t id, const TemplateInput& in,
                                const audit::Actor& actor, int64_t now) {
    DV_ASSIGN_OR_RETURN(auto before, GetTemplate(conn, scope, id));
    if (!CanEditTemplate(conn, scope, before)) return Error::Forbidden();
    std::vector<FieldError> errors;
    const std::string name(text::Trim(in.name));
    if (name.empty()) errors.push_back({"name", "required", "field.required"});
    else if (text::Utf8Length(name) > kMaxName) errors.push_back({"name", "too_long", "field.too_long"});
    if (!in.version) errors.push_back({"version", "required", "field.required"});
    auto form = ParseForm(in.form);
    if (!form.ok())
        for (auto& e : form.error().field_errors) errors.push_back(e);
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    db::Transaction tx(conn);
    if (*in.version != before.version ||
        !store::AddTemplateVersion(conn, id, before.version + 1, name, boost::json::serialize(ToJson(form.value())),
                                   actor.user_id, now))
        return Error::Conflict("error.stale_version");
    auto after = *store::GetTemplate(conn, id);
    audit::Append(conn, actor, now, "report_template.revise", "report_template", id, after.owner_org_id, ToJson(before),
                  ToJson(after));
    tx.Commit();
    return after;
}

Result<Template> GetTemplate(db::Connection& conn, const auth::Scope& scope, int64_t id, std::optional<int> version) {
    auto t = store::GetTemplate(conn, id, version);
    if (!t || !org::Find(conn, scope, Permission::kRead, t->owner_org_id)) return Error::NotFound();
    return *t;
}

std::vector<Template> Templates(db::Connection& conn, const auth::Scope& scope) { return store::Templates(conn, scope); }

std::vector<std::pair<int, int64_t>> TemplateVersions(db::Connection& conn, int64_t template_id) {
    return store::TemplateVersions(conn, template_id);
}

// ---- Rounds

Result<Round> OpenRound(db::Connection& conn, const auth::Scope& scope, const RoundInput& in, const audit::Actor& actor,
                        int64_t now, const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    std::vector<FieldError> errors;
    Round r;
    auto t = GetTemplate(conn, scope, in.template_id);
    if (!t.ok() || !CanEditTemplate(conn, scope, t.value())) {
        errors.push_back({"template_id", "not_found", "report.field.unknown_template"});
    } else {
        r.template_id = t.value().id;
        r.template_version_id = t.value().version_id;
        r.template_version = t.value().version;
        r.form = t.value().form;
        r.owner_org_id = t.value().owner_org_id;
    }
    r.title = std::string(text::Trim(in.title));
    if (r.title.empty()) errors.push_back({"title", "required", "field.required"});
    else if (text::Utf8Length(r.title) > kMaxName) errors.push_back({"title", "too_long", "field.too_long"});
    auto kind = ParsePeriodKind(in.period_kind);
    if (!kind) errors.push_back({"period_kind", "invalid_choice", "field.invalid_choice"});
    else r.period_kind = *kind;
    auto date_field = [&](const char* name, const std::string& value, bool required) {
        std::string v(text::Trim(value));
        if (v.empty()) {
            if (required) errors.push_back({name, "required", "field.required"});
        } else if (!time::ParseIsoDate(v)) {
            errors.push_back({name, "invalid_date", "field.invalid_date"});
        } else if (!time::InDateRange(v, today)) {
            errors.push_back({name, "out_of_range", "field.date_out_of_range"});
        }
        return v;
    };
    r.period_from = date_field("period_from", in.period_from, true);
    r.period_to = date_field("period_to", in.period_to, false);
    // A month, quarter, half or year is exactly one, from its first day: the end follows from the start.
    if (kind && *kind != PeriodKind::kCustom && !HasFieldError(errors, "period_from")) {
        auto d = *time::ParseIsoDate(r.period_from);
        bool starts = d.day == 1;
        int last_month = d.month;
        if (*kind == PeriodKind::kQuarter) starts = starts && (d.month - 1) % 3 == 0, last_month = d.month + 2;
        if (*kind == PeriodKind::kHalf) starts = starts && (d.month == 1 || d.month == 7), last_month = d.month + 5;
        if (*kind == PeriodKind::kYear) starts = starts && d.month == 1, last_month = 12;
        if (!starts) {
            errors.push_back({"period_from", "period_start", "report.field.period_start"});
        } else {
            const std::string end = LastDayOfMonth(d.year, last_month);
            if (r.period_to.empty()) r.period_to = end;
            else if (!HasFieldError(errors, "period_to") && r.period_to != end)
                errors.push_back({"period_to", "period_end", "report.field.period_end", {{"end", time::FormatShortViIso(end)}}});
        }
    } else if (r.period_to.empty() && !HasFieldError(errors, "period_to")) {
        errors.push_back({"period_to", "required", "field.required"});
    }
    if (!HasFieldError(errors, "period_from") && !HasFieldError(errors, "period_to") && !r.period_to.empty() &&
        r.period_to < r.period_from)
        errors.push_back({"period_to", "before_start", "report.field.period_to_before"});
    r.opens_on = date_field("opens_on", in.opens_on, false);
    if (r.opens_on.empty() && !HasFieldError(errors, "opens_on")) r.opens_on = today;
    r.due_on = date_field("due_on", in.due_on, true);
    if (!HasFieldError(errors, "opens_on") && !HasFieldError(errors, "due_on") && r.due_on < r.opens_on)
        errors.push_back({"due_on", "before_open", "report.field.due_before_open"});
    auto chosen = plan::ChooseUnits(conn, scope, {in.assign, in.under, in.org_ids}, r.owner_org_id,
                                    HasFieldError(errors, "opens_on") ? "" : r.opens_on, errors);
    // One walk of the caller's units in tree order (a unit follows its ancestors, deeper): which chosen
    // units lie inside the template's unit (the round's owner), and which have a chosen unit above them
    // (their numbers are in that unit's report: not summed again).
    std::set<int64_t> chosen_set(chosen.ids.begin(), chosen.ids.end()), inside, under_another;
    struct Step {
        int depth;
        bool inside, chosen_here_or_above;
    };
    std::vector<Step> path;  // the ancestors of the current unit
    for (const auto& u : chosen.units) {
        while (!path.empty() && path.back().depth >= u.org.depth) path.pop_back();
        const bool in_owner = u.org.id == r.owner_org_id || (!path.empty() && path.back().inside);
        const bool is_chosen = chosen_set.count(u.org.id) > 0;
        if (is_chosen && in_owner) inside.insert(u.org.id);
        if (is_chosen && !path.empty() && path.back().chosen_here_or_above) under_another.insert(u.org.id);
        path.push_back({u.org.depth, in_owner, is_chosen || (!path.empty() && path.back().chosen_here_or_above)});
    }
    std::vector<int64_t> targets;
    for (int64_t id : chosen.ids)
        if (inside.count(id)) targets.push_back(id);
    if (r.owner_org_id && targets.size() != chosen.ids.size() && !HasFieldError(errors, "org_ids") &&
        !HasFieldError(errors, "under"))
        errors.push_back({in.assign == "list" ? "org_ids" : "under", "outside_owner", "report.field.outside_owner"});
    r.assigned_how = plan::ToString(chosen.how);
    r.assigned_under = chosen.under;
    if (!errors.empty()) return Error::Invalid(std::move(errors));

    db::Transaction tx(conn);
    r.id = store::InsertRound(conn, r, time::AddDaysIso(r.due_on, 1), actor.user_id, now);
    std::vector<int64_t> rows;
    rows.reserve(targets.size());
    for (int64_t org : targets) rows.push_back(store::InsertUnit(conn, r.id, org, !under_another.count(org), now));
    rollup::Change::Added(conn, "reports", std::move(rows)).Apply();
    std::unordered_map<int64_t, std::string> names;
    for (const auto& u : chosen.units) names[u.org.id] = u.org.name;
    for (const auto& [user, their_units] : auth::AnsweringFor(conn, targets, r.owner_org_id)) {
        notify::Draft d;
        d.kind = their_units.size() == 1 ? "report_round_opened" : "report_round_opened_many";
        d.params = {{"round", r.title},
                    {"unit", names[their_units.front()]},
                    {"count", std::to_string(their_units.size())},
                    {"due", time::FormatShortViIso(r.due_on)}};
        d.href = their_units.size() == 1 ? ReportHref(r.id, their_units.front())
                                         : "/report-rounds/" + std::to_string(r.id) + "?under=" +
                                               std::to_string(their_units.front());
        d.org_id = their_units.front();
        notify::Send(conn, {user}, d, now);
    }
    auto after = ToJson(r);
    after["org_ids"] = boost::json::value_from(targets);
    audit::Append(conn, actor, now, "report_round.open", "report_round", r.id, r.owner_org_id, nullptr, after);
    tx.Commit();
    return *store::GetRound(conn, r.id);
}

Result<Round> GetRound(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    auto r = store::GetRound(conn, id);
    if (!r) return Error::NotFound();
    if (org::Find(conn, scope, Permission::kRead, r->owner_org_id) || store::HasUnitsIn(conn, scope, id)) return *r;
    return Error::NotFound();
}

RoundsPage Rounds(db::Connection& conn, const auth::Scope& scope, int page, int page_size) {
    auto rows = store::Rounds(conn, scope, page_size, static_cast<int64_t>(page - 1) * page_size);
    return {std::move(rows.rounds), rows.total};
}

bool CanManageRound(db::Connection& conn, const auth::Scope& scope, const Round& r) {
    return org::CanWrite(conn, scope, r.owner_org_id);
}

Result<Round> LinkDocument(db::Connection& conn, const auth::Scope& scope, int64_t round_id,
                           std::optional<int64_t> document_id, const audit::Actor& actor, int64_t now) {
    DV_ASSIGN_OR_RETURN(auto r, GetRound(conn, scope, round_id));
    if (!CanManageRound(conn, scope, r)) return Error::Forbidden();
    if (document_id) {
        auto d = document::Get(conn, scope, *document_id);
        if (!d.ok()) return Error::InvalidField("document_id", "not_found", "plan.field.unknown_document");
        if (d.value().type_code != "report")
            return Error::InvalidField("document_id", "not_a_report", "report.field.not_a_report");
    }
    db::Transaction tx(conn);
    store::SetRoundDocument(conn, round_id, document_id, now);
    audit::Append(conn, actor, now, "report_round.link", "report_round", round_id, r.owner_org_id,
                  boost::json::object{{"document_id", r.document_id ? boost::json::value(*r.document_id) : nullptr}},
                  boost::json::object{{"document_id", document_id ? boost::json::value(*document_id) : nullptr}});
    tx.Commit();
    return *store::GetRound(conn, round_id);
}

// ---- Completeness and figures

namespace {
Counts CountsFrom(int64_t expected, int64_t submitted, int64_t late, int64_t overdue, int64_t returned, int64_t accepted) {
    Counts c;
    c.expected = expected;
    c.submitted = submitted;
    c.late = late;
    c.on_time = submitted - late;
    c.missing = expected - submitted;
    c.overdue = overdue;
    c.returned = returned;
    c.accepted = accepted;
    c.awaiting = submitted - returned - accepted;
    return c;
}
}  // namespace

Counts CountsOf(db::Connection& conn, int64_t round_id, int64_t org_id, const std::string& day) {
    const std::string prefix = "round." + std::to_string(round_id) + ":";
    auto f = rollup::FiguresNamed(conn, org_id, prefix, "round." + std::to_string(round_id) + ";", day);
    auto get = [&](const char* what) {
        auto it = f.find(prefix + what);
        return it == f.end() ? 0 : it->second;
    };
    return CountsFrom(get("expected"), get("submitted"), get("late"), get("overdue"), get("returned"), get("accepted"));
}

std::map<int64_t, Counts> CountsOf(db::Connection& conn, int64_t round_id, const std::vector<int64_t>& org_ids,
                                   const std::string& day) {
    std::map<int64_t, Counts> out;
    if (org_ids.empty()) return out;
    std::map<std::string, std::unordered_map<int64_t, int64_t>> m;
    for (const char* what : {"expected", "submitted", "late", "overdue", "returned", "accepted"})
        m[what] = rollup::FigureOf(conn, org_ids, RoundMetric(round_id, what), day);
    auto get = [&](const char* what, int64_t id) {
        auto& x = m[what];
        auto it = x.find(id);
        return it == x.end() ? 0 : it->second;
    };
    for (int64_t id : org_ids)
        out[id] = CountsFrom(get("expected", id), get("submitted", id), get("late", id), get("overdue", id),
                             get("returned", id), get("accepted", id));
    return out;
}

std::map<std::string, int64_t> TotalsOf(db::Connection& conn, const Round& r, int64_t org_id, const std::string& day) {
    // A unit that reports under another one that does: its own report is its subtree's figures.
    if (auto own = store::NotTopReports(conn, r.id, {org_id}); !own.empty())
        return store::NumbersOn(conn, own.begin()->second, day);
    const std::string prefix = "rnum." + std::to_string(r.id) + ".";
    auto f = rollup::FiguresNamed(conn, org_id, prefix, "rnum." + std::to_string(r.id) + "/", day);
    std::map<std::string, int64_t> out;
    for (auto& [k, v] : f) out[k.substr(prefix.size())] = v;
    return out;
}

std::map<int64_t, std::map<std::string, int64_t>> TotalsOf(db::Connection& conn, const Round& r,
                                                           const std::vector<int64_t>& org_ids, const std::string& day) {
    std::map<int64_t, std::map<std::string, int64_t>> out;
    if (org_ids.empty()) return out;
    for (const auto& key : NumberKeys(r.form))
        for (auto& [id, v] : rollup::FigureOf(conn, org_ids, NumberMetric(r.id, key), day)) out[id][key] = v;
    for (const auto& [org, report_id] : store::NotTopReports(conn, r.id, org_ids)) out[org] = store::NumbersOn(conn, report_id, day);
    return out;
}

std::vector<std::vector<LevelRow>> Levels(db::Connection& conn, const auth::Scope& scope, const Round& r,
                                          const org::Org& top, const std::string& day, int max_levels) {
    std::vector<std::vector<LevelRow>> out;
    std::vector<org::Org> level{top};
    for (int depth = 0; depth < max_levels && !level.empty(); ++depth) {
        std::vector<int64_t> ids;
        for (const auto& o : level) ids.push_back(o.id);
        auto counts = CountsOf(conn, r.id, ids, day);
        auto totals = TotalsOf(conn, r, ids, day);
        std::vector<LevelRow> rows;
        std::vector<org::Org> next;
        for (auto& o : level) {
            if (counts[o.id].expected == 0) continue;
            if (auto kids = org::Children(conn, scope, o.id, day); kids.ok())
                for (auto& k : kids.value()) next.push_back(std::move(k));
            const int64_t id = o.id;
            rows.push_back({std::move(o), counts[id], std::move(totals[id])});
        }
        if (!rows.empty()) out.push_back(std::move(rows));
        level = std::move(next);
    }
    return out;
}

std::vector<PercentFigure> PercentagesOf(const Form& form, const std::map<std::string, int64_t>& totals) {
    auto get = [&](const std::string& k) {
        auto it = totals.find(k);
        return it == totals.end() ? int64_t{0} : it->second;
    };
    std::vector<PercentFigure> out;
    for (const auto& s : form.sections)
        for (const auto& f : s.fields)
            if (f.type == FieldType::kPercent) out.push_back({&f, get(f.num), get(f.den)});
    return out;
}

// ---- Reports

Result<ReportRecord> ReportOf(db::Connection& conn, const auth::Scope& scope, const Round& round, int64_t org_id,
                              const std::string& today) {
    ReportRecord out;
    if (auto r = store::GetReport(conn, &scope, round.id, org_id)) {
        out.report = std::move(*r);
        out.carried_by = CarrierOf(conn, out.report);
    } else {
        // A unit merged away is read by those who read the unit that absorbed it.
        auto any = store::GetReport(conn, nullptr, round.id, org_id);
        if (!any) return Error::NotFound();
        out.carried_by = CarrierOf(conn, *any);
        if (!out.carried_by || !org::Find(conn, scope, Permission::kRead, *out.carried_by)) return Error::NotFound();
        out.report = std::move(*any);
    }
    out.events = store::EventsOf(conn, out.report.id);
    const bool writer = (out.report.ended_on.empty() && org::CanWrite(conn, scope, org_id)) ||
                        (out.carried_by && org::CanWrite(conn, scope, *out.carried_by));
    out.can_edit = writer && Editable(out.report.status) && round.opens_on <= today;
    out.reviewer = out.report.parent_id && org::CanWrite(conn, scope, *out.report.parent_id);
    out.can_review = out.reviewer && out.report.status == Status::kSubmitted;
    if (NeedsMembers(round.form)) out.members = rollup::Figure(conn, org_id, "members", round.period_to);
    out.problems = Check(round.form, out.report.values, out.members);
    return out;
}

Result<ReportRecord> ReportOf(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t org_id,
                              const std::string& today) {
    DV_ASSIGN_OR_RETURN(auto round, GetRound(conn, scope, round_id));
    return ReportOf(conn, scope, round, org_id, today);
}

Result<ReportsPage> Reports(db::Connection& conn, const auth::Scope& scope, const Round& r, int64_t under,
                            const std::string& show, int page, int page_size) {
    static const std::set<std::string> kShows{"", "chase", "awaiting", "returned", "accepted", "submitted", "late"};
    if (!kShows.count(show)) return Error::InvalidField("show", "invalid_choice", "field.invalid_choice");
    auto rows = store::Reports(conn, scope, r.id, under, show, r.due_on, page_size,
                               static_cast<int64_t>(page - 1) * page_size);
    return ReportsPage{std::move(rows.reports), rows.total};
}

ReportsPage AllReports(db::Connection& conn, const auth::Scope& scope, int page, int page_size) {
    auto rows = store::ReportsOf(conn, scope, page_size, static_cast<int64_t>(page - 1) * page_size);
    return {std::move(rows.reports), rows.total};
}

namespace {

// Checks that the caller may change the report now; the reason when not.
dv::Status EditCheck(const ReportRecord& rec, const Round& round, const std::string& today) {
    if (rec.can_edit) return {};
    if (!Editable(rec.report.status)) return Error::Conflict("report.error.not_editable");
    if (round.opens_on > today) return Error::Conflict("report.error.not_open");
    return Error::Forbidden();
}

// Saves `values` over the row at `version` in the caller's transaction: kConflict with what differs when
// another save came first.
dv::Status SaveIn(db::Connection& conn, const Round& round, const ReportRecord& rec, const Values& values,
              std::optional<int64_t> version, const audit::Actor& actor, int64_t now) {
    if (!version) return Error::InvalidField("version", "required", "field.required");
    auto current = store::GetReport(conn, nullptr, round.id, rec.report.org_id);
    const Status status = current->status == Status::kReturned ? Status::kReturned : Status::kDraft;
    if (*version != current->version ||
        !store::SaveReport(conn, current->id, *version, status, Serialize(values), actor.user_id, now))
        return Error::Conflict("error.stale_version", Differences(round.form, values, current->values));
    audit::Append(conn, actor, now, "report.save", "round_unit", current->id, current->org_id,
                  boost::json::object{{"status", ToString(current->status)}, {"values", current->values}},
                  boost::json::object{{"status", ToString(status)}, {"values", values}});
    return {};
}

}  // namespace

Result<Saved> SaveDraft(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t org_id,
                        const boost::json::object& raw, std::optional<int64_t> version, const audit::Actor& actor,
                        int64_t now, const std::string& today) {
    DV_ASSIGN_OR_RETURN(auto round, GetRound(conn, scope, round_id));
    DV_ASSIGN_OR_RETURN(auto rec, ReportOf(conn, scope, round, org_id, today));
    DV_TRY(EditCheck(rec, round, today));
    DV_ASSIGN_OR_RETURN(auto values, ReadValues(round.form, raw));
    db::Transaction tx(conn);
    DV_TRY(SaveIn(conn, round, rec, values, version, actor, now));
    tx.Commit();
    Saved out;
    out.report = *store::GetReport(conn, nullptr, round_id, org_id);
    out.problems = Check(round.form, out.report.values, rec.members);
    return out;
}

Result<Report> Submit(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t org_id,
                      const std::optional<boost::json::object>& raw, std::optional<int64_t> version,
                      const audit::Actor& actor, int64_t now, const std::string& today) {
    DV_ASSIGN_OR_RETURN(auto round, GetRound(conn, scope, round_id));
    DV_ASSIGN_OR_RETURN(auto rec, ReportOf(conn, scope, round, org_id, today));
    DV_TRY(EditCheck(rec, round, today));
    if (!version) return Error::InvalidField("version", "required", "field.required");
    std::optional<Values> values;
    if (raw) {
        DV_ASSIGN_OR_RETURN(auto v, ReadValues(round.form, *raw));
        values = std::move(v);
    }
    db::Transaction tx(conn);
    int64_t at_version = *version;
    if (values) {
        DV_TRY(SaveIn(conn, round, rec, *values, version, actor, now));
        ++at_version;
    }
    auto current = *store::GetReport(conn, nullptr, round_id, org_id);
    if (current.version != at_version) return Error::Conflict("error.stale_version");
    // A rule broken: the draft stays saved, the submission is refused naming the fields.
    auto problems = Check(round.form, current.values, rec.members);
    if (!problems.empty()) {
        tx.Commit();
        return Error::Invalid(std::move(problems), "report.error.rules_broken");
    }
    auto change = rollup::Change::Of(conn, "reports", {current.id});
    if (!store::MarkSubmitted(conn, current.id, at_version, Serialize(current.values), today, actor.user_id, now))
        return Error::Conflict("error.stale_version");
    const int seq = current.submissions + 1;
    store::InsertEvent(conn, current.id, "submit", seq, today, Serialize(current.values), "", actor.user_id, now);
    store::ReplaceNumbers(conn, current.id, seq, Numbers(round.form, current.values), today);
    change.Apply();
    // The reviewers below the round's unit (a grassroots committee for its cells) are told; the round's
    // own office watches the completeness page instead of a notice per unit.
    if (current.parent_id)
        for (const auto& [user, units] : auth::AnsweringFor(conn, {*current.parent_id}, round.owner_org_id)) {
            (void)units;
            notify::Send(conn, {user},
                         {"report_submitted", {{"unit", current.org_name}, {"round", round.title}},
                          ReportHref(round_id, org_id), *current.parent_id},
                         now);
        }
    audit::Append(conn, actor, now, "report.submit", "round_unit", current.id, current.org_id,
                  boost::json::object{{"status", ToString(current.status)}},
                  boost::json::object{{"status", "submitted"}, {"seq", seq}, {"on_day", today},
                                      {"late", today > round.due_on}});
    tx.Commit();
    return *store::GetReport(conn, nullptr, round_id, org_id);
}

namespace {

Result<Report> Review(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t org_id, bool accept,
                      const std::string& comment_in, std::optional<int64_t> version, const audit::Actor& actor,
                      int64_t now, const std::string& today) {
    DV_ASSIGN_OR_RETURN(auto round, GetRound(conn, scope, round_id));
    DV_ASSIGN_OR_RETURN(auto rec, ReportOf(conn, scope, round, org_id, today));
    if (!rec.reviewer) return Error::Forbidden("report.error.not_reviewer");
    if (rec.report.status != Status::kSubmitted) return Error::Conflict("report.error.not_submitted");
    const std::string comment(text::Trim(comment_in));
    std::vector<FieldError> errors;
    if (!accept && comment.empty()) errors.push_back({"comment", "required", "report.field.comment_required"});
    if (text::Utf8Length(comment) > kMaxComment) errors.push_back({"comment", "too_long", "field.too_long"});
    if (!version) errors.push_back({"version", "required", "field.required"});
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    db::Transaction tx(conn);
    auto change = rollup::Change::Of(conn, "reports", {rec.report.id});
    if (!store::SetReviewed(conn, rec.report.id, *version, accept ? Status::kAccepted : Status::kReturned,
                            accept ? today : "", actor.user_id, now))
        return Error::Conflict("error.stale_version");
    store::InsertEvent(conn, rec.report.id, accept ? "accept" : "return", 0, today, std::nullopt, comment, actor.user_id, now);
    change.Apply();
    const int64_t unit = rec.carried_by.value_or(org_id);
    for (const auto& [user, units] : auth::AnsweringFor(conn, {unit}, round.owner_org_id)) {
        (void)units;
        notify::Send(conn, {user},
                     {accept ? "report_accepted" : "report_returned",
                      {{"unit", rec.report.org_name}, {"round", round.title}, {"comment", comment}},
                      ReportHref(round_id, org_id), unit},
                     now);
    }
    audit::Append(conn, actor, now, accept ? "report.accept" : "report.return", "round_unit", rec.report.id, org_id,
                  boost::json::object{{"status", "submitted"}},
                  boost::json::object{{"status", accept ? "accepted" : "returned"}, {"comment", comment}});
    tx.Commit();
    return *store::GetReport(conn, nullptr, round_id, org_id);
}

}  // namespace

Result<Report> Return(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t org_id,
                      const std::string& comment, std::optional<int64_t> version, const audit::Actor& actor,
                      int64_t now, const std::string& today) {
    return Review(conn, scope, round_id, org_id, false, comment, version, actor, now, today);
}

Result<Report> Accept(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t org_id,
                      std::optional<int64_t> version, const audit::Actor& actor, int64_t now, const std::string& today) {
    return Review(conn, scope, round_id, org_id, true, "", version, actor, now, today);
}

Result<int64_t> Remind(db::Connection& conn, const auth::Scope& scope, int64_t round_id, const std::vector<int64_t>& org_ids,
                       std::optional<int64_t> under, const audit::Actor& actor, int64_t now, const std::string& today) {
    DV_ASSIGN_OR_RETURN(auto round, GetRound(conn, scope, round_id));
    if (!CanManageRound(conn, scope, round)) return Error::Forbidden();
    std::vector<Report> targets;
    if (org_ids.empty()) {
        auto rows = store::Reports(conn, scope, round_id, under.value_or(round.owner_org_id), "chase", round.due_on,
                                   std::numeric_limits<int64_t>::max() / 2, 0);
        targets = std::move(rows.reports);
    } else {
        for (int64_t id : std::set<int64_t>(org_ids.begin(), org_ids.end())) {
            auto r = store::GetReport(conn, &scope, round_id, id);
            if (!r) return Error::InvalidField("org_ids", "not_found", "report.field.unknown_unit");
            if (!Editable(r->status)) return Error::InvalidField("org_ids", "already_submitted", "report.field.already_submitted");
            targets.push_back(std::move(*r));
        }
    }
    if (targets.empty()) return Error::InvalidField("org_ids", "nobody", "report.field.nobody_to_remind");
    std::vector<int64_t> units;
    std::unordered_map<int64_t, const Report*> by_unit;
    for (const auto& r : targets) {
        int64_t unit = r.org_id;
        if (auto c = CarrierOf(conn, r)) unit = *c;
        units.push_back(unit);
        by_unit[unit] = &r;
    }
    db::Transaction tx(conn);
    for (const auto& [user, their_units] : auth::AnsweringFor(conn, units, round.owner_org_id)) {
        const Report& first = *by_unit[their_units.front()];
        notify::Draft d;
        d.kind = their_units.size() == 1 ? "report_reminder" : "report_reminder_many";
        d.params = {{"round", round.title},
                    {"unit", first.org_name},
                    {"count", std::to_string(their_units.size())},
                    {"due", time::FormatShortViIso(round.due_on)}};
        d.href = ReportHref(round_id, first.org_id);
        d.org_id = their_units.front();
        notify::Send(conn, {user}, d, now);
    }
    boost::json::array reminded;
    for (const auto& r : targets) reminded.push_back(r.org_id);
    audit::Append(conn, actor, now, "report_round.remind", "report_round", round_id, round.owner_org_id, nullptr,
                  boost::json::object{{"org_ids", std::move(reminded)}, {"on_day", today}});
    tx.Commit();
    return static_cast<int64_t>(targets.size());
}

std::vector<Todo> ReportsToFill(db::Connection& conn, const auth::Scope& scope, const std::string& today, int64_t limit) {
    return store::TodoOf(conn, scope.AnsweringUnits(), today, limit);
}

std::vector<Todo> ReportsToReview(db::Connection& conn, const auth::Scope& scope, int64_t limit) {
    return store::AwaitingUnder(conn, scope.AnsweringUnits(), limit);
}

}  // namespace dv::report
