// commitment service: the rules around the commitment store (see service.h).
#include "commitment/service.h"

#include <algorithm>
#include <map>
#include <set>

#include "auth/service.h"
#include "commitment/store.h"
#include "core/text.h"
#include "core/time.h"
#include "meeting/service.h"
#include "member/service.h"
#include "notify/notify.h"
#include "org/service.h"
#include "rollup/rollup.h"

namespace dv::commitment {

using auth::Permission;

namespace {

constexpr size_t kMaxItemLength = 1000;
constexpr size_t kMaxNote = 1000;
constexpr int kWaitDays = 7;  // a secretary is reminded of what waits this long

int YearOf(const std::string& day) { return std::stoi(day.substr(0, 4)); }
std::string Href(int64_t id) { return "/commitments/" + std::to_string(id); }

rollup::Source CommitmentsSource() {
    const std::string ctes = R"(
cm (id, org_id, y, status, assessment, s_on, a_on, as_on, r_on) AS (
    SELECT c.id, c.org_id, CAST(c.year AS TEXT), c.status, c.assessment, c.submitted_on, c.approved_on,
        c.assessed_on, c.reviewed_on
    FROM commitments c WHERE ${WHERE}
),
ci (id, n, done, partly, not_done) AS (
    SELECT i.commitment_id, COUNT(*), SUM(CASE WHEN i.result = 'done' THEN 1 ELSE 0 END),
        SUM(CASE WHEN i.result = 'partly' THEN 1 ELSE 0 END), SUM(CASE WHEN i.result = 'not_done' THEN 1 ELSE 0 END)
    FROM commitment_items i JOIN cm ON cm.id = i.commitment_id GROUP BY i.commitment_id
),
spans (org_id, metric, lo, hi, w) AS (
    SELECT org_id, 'cmt.' || y || ':registered', s_on, '9999-99-99', 1 FROM cm WHERE status <> 'draft' AND s_on IS NOT NULL
    UNION ALL SELECT org_id, 'cmt.' || y || ':approved', a_on, '9999-99-99', 1 FROM cm
        WHERE status = 'approved' AND a_on IS NOT NULL
    UNION ALL SELECT org_id, 'cmt.' || y || ':assessed', as_on, '9999-99-99', 1 FROM cm
        WHERE assessment IN ('submitted', 'reviewed') AND as_on IS NOT NULL
    UNION ALL SELECT org_id, 'cmt.' || y || ':reviewed', r_on, '9999-99-99', 1 FROM cm
        WHERE assessment = 'reviewed' AND r_on IS NOT NULL
    UNION ALL SELECT cm.org_id, 'cmt.' || cm.y || ':items', cm.s_on, '9999-99-99', ci.n FROM cm JOIN ci ON ci.id = cm.id
        WHERE cm.status <> 'draft' AND cm.s_on IS NOT NULL
    UNION ALL SELECT cm.org_id, 'cmt.' || cm.y || ':done', cm.r_on, '9999-99-99', ci.done FROM cm JOIN ci ON ci.id = cm.id
        WHERE cm.assessment = 'reviewed' AND cm.r_on IS NOT NULL AND ci.done > 0
    UNION ALL SELECT cm.org_id, 'cmt.' || cm.y || ':partly', cm.r_on, '9999-99-99', ci.partly FROM cm JOIN ci ON ci.id = cm.id
        WHERE cm.assessment = 'reviewed' AND cm.r_on IS NOT NULL AND ci.partly > 0
    UNION ALL SELECT cm.org_id, 'cmt.' || cm.y || ':not_done', cm.r_on, '9999-99-99', ci.not_done FROM cm
        JOIN ci ON ci.id = cm.id WHERE cm.assessment = 'reviewed' AND cm.r_on IS NOT NULL AND ci.not_done > 0
))";
    return rollup::Source{.name = "commitments",
                          .version = 1,
                          .ctes = ctes,
                          .by_ids = "c.id IN (${IDS})",
                          .by_orgs = "c.org_id IN (${ORGS})",
                          .owns = {"cmt"}};
}

// The accounts that answer for a cell (its secretaries; see service.h).
std::vector<int64_t> Approvers(db::Connection& conn, int64_t cell) {
    auto root = org::RootId(conn);
    if (!root || *root == cell) return {};
    std::vector<int64_t> out;
    for (const auto& [user, units] : auth::AnsweringFor(conn, {cell}, *root)) out.push_back(user);
    return out;
}

bool AnswersFor(db::Connection& conn, const auth::Scope& scope, int64_t cell) {
    if (scope.is_system()) return true;
    if (scope.AnsweringUnits().empty()) return false;
    auto users = Approvers(conn, cell);
    return std::find(users.begin(), users.end(), scope.user_id()) != users.end();
}

struct OwnRecordOf {
    int64_t member_id = 0;
    int64_t cell = 0;
    std::string name;
};
Result<OwnRecordOf> OwnOf(db::Connection& conn, const auth::Scope& scope) {
    auto own = member::OwnRecord(conn, scope);
    if (!own) return Error::Forbidden("commitment.no_member_record");
    auto m = member::Get(conn, auth::Scope::System(), *own);
    if (!m.ok() || !member::IsActive(m.value().status)) return Error::Forbidden("commitment.no_member_record");
    return OwnRecordOf{*own, m.value().org_id, m.value().full_name};
}

void Notify(db::Connection& conn, const std::vector<int64_t>& users, const std::string& kind, notify::Params params,
            const std::string& href, std::optional<int64_t> org_id, int64_t now) {
    if (users.empty()) return;
    notify::Draft d;
    d.kind = kind;
    d.params = std::move(params);
    d.href = href;
    d.org_id = org_id;
    notify::Send(conn, users, d, now);
}

// The member's own account (their notices are about them alone: no unit).
void NotifyMember(db::Connection& conn, const Commitment& c, const std::string& kind, const std::string& note,
                  int64_t now) {
    auto user = store::UserOf(conn, c.member_id);
    if (!user) return;
    Notify(conn, {*user}, kind, {{"year", std::to_string(c.year)}, {"note", note}}, Href(c.id), std::nullopt, now);
}

// The counts of each unit (id, name) as of `as_of`, in a few statements for all of them.
std::vector<Counts> CountsOf(db::Connection& conn, const std::vector<std::pair<int64_t, std::string>>& units, int year,
                             const std::string& as_of) {
    const std::string y = std::to_string(year);
    std::vector<std::pair<int64_t, std::string>> at;
    for (const auto& u : units) at.emplace_back(u.first, as_of);
    const auto figures = rollup::FiguresNamedAt(conn, at, "cmt." + y + ":", "cmt." + y + ";");
    // "members" alone: the names from it up to "members." ("members.here" and the like come after).
    const auto members = rollup::FiguresNamedAt(conn, at, "members", "members.");
    std::vector<Counts> out;
    for (size_t i = 0; i < units.size(); ++i) {
        const auto& f = figures[i];
        auto get = [&](const char* k) {
            auto it = f.find("cmt." + y + ":" + k);
            return it == f.end() ? int64_t{0} : it->second;
        };
        Counts c;
        c.org_id = units[i].first;
        c.org_name = units[i].second;
        c.year = year;
        c.as_of = as_of;
        c.registered = get("registered");
        c.approved = get("approved");
        c.assessed = get("assessed");
        c.reviewed = get("reviewed");
        c.items = get("items");
        c.done = get("done");
        c.partly = get("partly");
        c.not_done = get("not_done");
        auto m = members[i].find("members");
        c.members = m == members[i].end() ? 0 : m->second;
        out.push_back(std::move(c));
    }
    return out;
}

Result<Commitment> Stale() { return Error::Conflict("error.stale_version"); }

}  // namespace

void Connect() { rollup::Register(CommitmentsSource()); }

boost::json::object ToJson(const Commitment& c) {
    boost::json::array items;
    for (const auto& i : c.items)
        items.push_back(boost::json::object{{"position", i.position}, {"body", i.body}, {"result", i.result}, {"note", i.note}});
    return {{"id", c.id},
            {"member_id", c.member_id},
            {"member_name", c.member_name},
            {"year", c.year},
            {"org_id", c.org_id},
            {"org_name", c.org_name},
            {"theme_id", c.theme_id ? boost::json::value(*c.theme_id) : boost::json::value(nullptr)},
            {"theme_title", c.theme_title},
            {"status", c.status},
            {"assessment", c.assessment},
            {"return_note", c.return_note},
            {"review_note", c.review_note},
            {"submitted_on", c.submitted_on},
            {"approved_on", c.approved_on},
            {"approved_by", c.approved_by},
            {"assessed_on", c.assessed_on},
            {"reviewed_on", c.reviewed_on},
            {"reviewed_by", c.reviewed_by},
            {"version", c.version},
            {"created_at", c.created_at},
            {"updated_at", c.updated_at},
            {"items", std::move(items)}};
}

boost::json::object ToJson(const YearDates& d) {
    return {{"year", d.year}, {"register_by", d.register_by}, {"assess_from", d.assess_from}, {"set", d.set}};
}

boost::json::object ToJson(const Counts& c) {
    return {{"org_id", c.org_id},         {"org_name", c.org_name}, {"year", c.year},         {"as_of", c.as_of},
            {"members", c.members},       {"registered", c.registered}, {"approved", c.approved},
            {"assessed", c.assessed},     {"reviewed", c.reviewed}, {"items", c.items},       {"done", c.done},
            {"partly", c.partly},         {"not_done", c.not_done}};
}

YearDates DatesOf(db::Connection& conn, int year) {
    if (auto d = store::Dates(conn, year)) return *d;
    const std::string y = std::to_string(year);
    return YearDates{year, y + "-03-31", y + "-11-15", false};
}

bool CanSetDates(db::Connection& conn, const auth::Scope& scope) {
    auto root = org::RootId(conn);
    return root && org::Find(conn, scope, Permission::kWrite, *root).has_value();
}

Result<YearDates> SetDates(db::Connection& conn, const auth::Scope& scope, const YearDates& d, const audit::Actor& actor,
                           int64_t now) {
    if (!CanSetDates(conn, scope)) return Error::Forbidden();
    std::vector<FieldError> errors;
    if (d.year < 2000 || d.year > 2100) errors.push_back({"year", "out_of_range", "commitment.field.year"});
    const std::string y = std::to_string(d.year);
    for (const auto& [field, day] : {std::pair<const char*, std::string>{"register_by", d.register_by}, {"assess_from", d.assess_from}}) {
        if (day.empty())
            errors.push_back({field, "required", "field.required"});
        else if (!time::IsIsoDate(day))
            errors.push_back({field, "invalid_date", "field.not_a_date"});
        else if (day.substr(0, 4) != y)
            errors.push_back({field, "other_year", "commitment.field.day_of_year"});
    }
    if (errors.empty() && d.assess_from <= d.register_by)
        errors.push_back({"assess_from", "before_register_by", "commitment.field.assess_before_register"});
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    db::Transaction tx(conn);
    const auto before = DatesOf(conn, d.year);
    YearDates saved{d.year, d.register_by, d.assess_from, true};
    store::SetDates(conn, saved, actor.user_id, now);
    audit::Append(conn, actor, now, "commitment.dates", "commitment_year", d.year, org::RootId(conn),
                  before.set ? boost::json::value(ToJson(before)) : boost::json::value(nullptr), ToJson(saved));
    tx.Commit();
    return saved;
}

std::string OwnTheme(db::Connection& conn, const auth::Scope& scope, int year) {
    auto own = OwnOf(conn, scope);
    if (!own.ok()) return "";
    auto t = meeting::ThemeFor(conn, auth::Scope::System(), own.value().cell, year);
    return t ? t->title : "";
}

Result<std::optional<Commitment>> Own(db::Connection& conn, const auth::Scope& scope, int year) {
    DV_ASSIGN_OR_RETURN(auto own, OwnOf(conn, scope));
    return store::ForMember(conn, own.member_id, year);
}

namespace {

Result<OwnRecordOf> MemberFor(db::Connection& conn, const auth::Scope& scope, int64_t member_id) {
    if (!scope.is_system()) return Error::Forbidden();
    auto m = member::Get(conn, scope, member_id);
    if (!m.ok() || !member::IsActive(m.value().status)) return Error::NotFound();
    return OwnRecordOf{member_id, m.value().org_id, m.value().full_name};
}

Result<Commitment> Save(db::Connection& conn, const OwnRecordOf& own, const SaveInput& in, const audit::Actor& actor,
                        int64_t now, const std::string& today, bool tell) {
    std::vector<FieldError> errors;
    const int this_year = YearOf(today);
    const int year = in.year.value_or(this_year);
    const bool next_open = year == this_year + 1 && today.substr(5, 2) >= "11";
    if (year != this_year && !next_open) errors.push_back({"year", "not_open", "commitment.field.year_not_open"});
    std::vector<Item> items;
    if (in.items.empty()) errors.push_back({"items", "required", "commitment.field.items_required"});
    if (in.items.size() > kMaxItems) errors.push_back({"items", "too_many", "commitment.field.too_many_items"});
    for (size_t i = 0; i < in.items.size() && i < kMaxItems; ++i) {
        std::string body(text::Trim(in.items[i]));
        const std::string field = "items[" + std::to_string(i) + "]";
        if (body.empty())
            errors.push_back({field, "required", "field.required"});
        else if (text::Utf8Length(body) > kMaxItemLength)
            errors.push_back({field, "too_long", "field.too_long"});
        items.push_back({static_cast<int>(i + 1), std::move(body), "", ""});
    }
    std::optional<int64_t> theme_id = in.theme_id;
    if (theme_id) {
        bool found = false;
        for (const auto& t : meeting::Themes(conn, auth::Scope::System(), year)) found = found || t.id == *theme_id;
        if (!found) errors.push_back({"theme_id", "not_found", "commitment.field.theme_not_found"});
    } else if (auto t = meeting::ThemeFor(conn, auth::Scope::System(), own.cell, year)) {
        theme_id = t->id;
    }
    if (!errors.empty()) return Error::Invalid(std::move(errors));

    db::Transaction tx(conn);
    auto existing = store::ForMember(conn, own.member_id, year);
    if (existing) {
        if (existing->status != "draft" && existing->status != "returned") return Error::Conflict("commitment.locked");
        if (in.version && *in.version != existing->version) return Stale();
    }
    Commitment c = existing ? *existing : Commitment{};
    c.member_id = own.member_id;
    c.year = year;
    c.org_id = own.cell;
    c.theme_id = theme_id;
    if (in.submit) {
        c.status = "submitted";
        c.submitted_on = today;
        c.return_note.clear();
    }
    if (existing) {
        auto change = rollup::Change::Of(conn, "commitments", {c.id});
        if (!store::Update(conn, c, existing->version, 0, 0, now)) return Stale();
        store::ReplaceItems(conn, c.id, items);
        change.Apply();
    } else {
        c.id = store::Insert(conn, c, now);
        store::ReplaceItems(conn, c.id, items);
        rollup::Change::Added(conn, "commitments", {c.id}).Apply();
    }
    auto saved = *store::Get(conn, c.id);
    audit::Append(conn, actor, now, in.submit ? "commitment.submit" : "commitment.save", "commitment", saved.id,
                  saved.org_id, existing ? boost::json::value(ToJson(*existing)) : boost::json::value(nullptr),
                  ToJson(saved));
    if (in.submit && tell)
        Notify(conn, Approvers(conn, saved.org_id), "commitment_submitted",
               {{"member", saved.member_name}, {"year", std::to_string(year)}}, Href(saved.id), saved.org_id, now);
    tx.Commit();
    return saved;
}

Result<Commitment> AssessImpl(db::Connection& conn, const OwnRecordOf& own, int64_t id, const AssessInput& in,
                              const audit::Actor& actor, int64_t now, const std::string& today, bool tell) {
    db::Transaction tx(conn);
    auto before = store::Get(conn, id);
    if (!before || before->member_id != own.member_id) return Error::NotFound();
    if (before->status != "approved") return Error::Conflict("commitment.not_approved");
    if (before->assessment != "none" && before->assessment != "returned") return Error::Conflict("commitment.assessed");
    if (today < DatesOf(conn, before->year).assess_from) return Error::Conflict("commitment.assess_not_open");
    if (in.version && *in.version != before->version) return Stale();
    std::vector<FieldError> errors;
    if (in.lines.size() != before->items.size())
        errors.push_back({"results", "count", "commitment.field.results_count"});
    Commitment c = *before;
    for (size_t i = 0; i < in.lines.size() && i < c.items.size(); ++i) {
        const auto& l = in.lines[i];
        const std::string idx = "[" + std::to_string(i) + "]";
        if (!l.result.empty() && l.result != "done" && l.result != "partly" && l.result != "not_done")
            errors.push_back({"results" + idx, "unknown", "commitment.field.result_unknown"});
        else if (l.result.empty() && in.submit)
            errors.push_back({"results" + idx, "required", "commitment.field.result_required"});
        std::string note(text::Trim(l.note));
        if (text::Utf8Length(note) > kMaxNote) errors.push_back({"notes" + idx, "too_long", "field.too_long"});
        c.items[i].result = l.result;
        c.items[i].note = std::move(note);
    }
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    if (in.submit) {
        c.assessment = "submitted";
        c.assessed_on = today;
    }
    auto change = rollup::Change::Of(conn, "commitments", {id});
    if (!store::Update(conn, c, before->version, 0, 0, now)) return Stale();
    store::ReplaceItems(conn, id, c.items);
    change.Apply();
    auto saved = *store::Get(conn, id);
    audit::Append(conn, actor, now, "commitment.assess", "commitment", id, saved.org_id, ToJson(*before), ToJson(saved));
    if (in.submit && tell)
        Notify(conn, Approvers(conn, saved.org_id), "commitment_assessed",
               {{"member", saved.member_name}, {"year", std::to_string(saved.year)}}, Href(id), saved.org_id, now);
    tx.Commit();
    return saved;
}

}  // namespace

Result<Commitment> SaveOwn(db::Connection& conn, const auth::Scope& scope, const SaveInput& in,
                           const audit::Actor& actor, int64_t now, const std::string& today) {
    DV_ASSIGN_OR_RETURN(auto own, OwnOf(conn, scope));
    return Save(conn, own, in, actor, now, today, true);
}

Result<Commitment> SaveForMember(db::Connection& conn, const auth::Scope& scope, int64_t member_id, const SaveInput& in,
                                 const audit::Actor& actor, int64_t now, const std::string& today) {
    DV_ASSIGN_OR_RETURN(auto own, MemberFor(conn, scope, member_id));
    return Save(conn, own, in, actor, now, today, false);
}

Result<Commitment> Assess(db::Connection& conn, const auth::Scope& scope, int64_t id, const AssessInput& in,
                          const audit::Actor& actor, int64_t now, const std::string& today) {
    DV_ASSIGN_OR_RETURN(auto own, OwnOf(conn, scope));
    return AssessImpl(conn, own, id, in, actor, now, today, true);
}

Result<Commitment> AssessForMember(db::Connection& conn, const auth::Scope& scope, int64_t member_id, int64_t id,
                                   const AssessInput& in, const audit::Actor& actor, int64_t now,
                                   const std::string& today) {
    DV_ASSIGN_OR_RETURN(auto own, MemberFor(conn, scope, member_id));
    return AssessImpl(conn, own, id, in, actor, now, today, false);
}

Result<Commitment> Decide(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& decision,
                          const std::string& note_in, std::optional<int64_t> version, const audit::Actor& actor,
                          int64_t now, const std::string& today) {
    const std::string note(text::Trim(note_in));
    if (decision != "approve" && decision != "return" && decision != "accept" && decision != "return_assessment")
        return Error::InvalidField("decision", "unknown", "commitment.field.decision_unknown");
    if (text::Utf8Length(note) > kMaxNote) return Error::InvalidField("note", "too_long", "field.too_long");
    if ((decision == "return" || decision == "return_assessment") && note.empty())
        return Error::InvalidField("note", "required", "commitment.field.return_note_required");
    db::Transaction tx(conn);
    auto before = store::Get(conn, id);
    if (!before) return Error::NotFound();
    auto own = member::OwnRecord(conn, scope);
    const bool self = own && *own == before->member_id;
    if (!AnswersFor(conn, scope, before->org_id)) return self ? Error::Forbidden() : Error::NotFound();
    // A secretary's own commitments are decided by another who answers for the cell, never by themselves.
    if (self && !scope.is_system()) return Error::Forbidden("commitment.not_your_own");
    if (version && *version != before->version) return Stale();
    Commitment c = *before;
    int64_t approved_by = 0, reviewed_by = 0;
    std::string action, kind;
    if (decision == "approve" || decision == "return") {
        if (c.status != "submitted") return Error::Conflict("commitment.not_submitted");
        if (decision == "approve") {
            c.status = "approved";
            c.approved_on = today;
            approved_by = actor.user_id;
            c.return_note.clear();
        } else {
            c.status = "returned";
            c.return_note = note;
        }
        action = "commitment." + decision;
        kind = decision == "approve" ? "commitment_approved" : "commitment_returned";
    } else {
        if (c.assessment != "submitted") return Error::Conflict("commitment.assessment_not_submitted");
        if (decision == "accept") {
            c.assessment = "reviewed";
            c.reviewed_on = today;
            c.review_note = note;
            reviewed_by = actor.user_id;
            action = "commitment.review";
            kind = "commitment_reviewed";
        } else {
            c.assessment = "returned";
            c.review_note = note;
            action = "commitment.return_assessment";
            kind = "commitment_assessment_returned";
        }
    }
    auto change = rollup::Change::Of(conn, "commitments", {id});
    if (!store::Update(conn, c, before->version, approved_by, reviewed_by, now)) return Stale();
    change.Apply();
    auto saved = *store::Get(conn, id);
    audit::Append(conn, actor, now, action, "commitment", id, saved.org_id, ToJson(*before), ToJson(saved));
    NotifyMember(conn, saved, kind, note, now);
    tx.Commit();
    return saved;
}

Result<Record> Get(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    auto c = store::Get(conn, id);
    if (!c) return Error::NotFound();
    Record r;
    auto own = member::OwnRecord(conn, scope);
    r.own = own && *own == c->member_id;
    const bool answers = AnswersFor(conn, scope, c->org_id);
    if (!r.own && !answers) return Error::NotFound();
    r.can_decide = answers && !r.own;
    r.dates = DatesOf(conn, c->year);
    r.commitment = std::move(*c);
    return r;
}

Result<CellPage> CellList(db::Connection& conn, const auth::Scope& scope, std::optional<int64_t> org_id, int year,
                          const std::string& show, int page, int page_size) {
    if (show != "all" && show != "missing" && show != "to_approve" && show != "to_review")
        return Error::InvalidField("show", "unknown", "commitment.field.show_unknown");
    if (!org_id) {
        auto units = scope.AnsweringUnits();
        auto root = org::RootId(conn);
        for (int64_t u : units)
            if (!root || u != *root) {
                org_id = u;
                break;
            }
        if (!org_id) return Error::NotFound();
    }
    auto o = org::Find(conn, scope, Permission::kWrite, *org_id);
    if (!o) return Error::NotFound();
    std::vector<int64_t> cells;
    auto root = org::RootId(conn);
    // The cells of `org_id`'s subtree under the units the caller answers for (never every cell an admin of the
    // root may write: 200,000 at national scale), then those the caller is the nearest answerer of.
    std::set<int64_t> candidate_set;
    for (int64_t u : scope.AnsweringUnits()) {
        if (root && u == *root) continue;
        std::optional<int64_t> under;
        if (org::IsInSubtree(conn, *org_id, u))
            under = u;
        else if (org::IsInSubtree(conn, u, *org_id))
            under = *org_id;
        if (!under) continue;
        for (const auto& c : org::WritableCells(conn, scope, *under)) candidate_set.insert(c.id);
    }
    std::vector<int64_t> candidates(candidate_set.begin(), candidate_set.end());
    if (root && !candidates.empty())
        for (const auto& [user, units] : auth::AnsweringFor(conn, candidates, *root))
            if (user == scope.user_id()) cells = units;
    if (cells.empty()) return Error::NotFound();
    CellPage out;
    out.org_id = o->id;
    out.org_name = o->name;
    out.year = year;
    out.show = show;
    auto rows = store::MembersOf(conn, cells, year, show, page_size, static_cast<int64_t>(page - 1) * page_size);
    out.rows = std::move(rows.rows);
    out.total = rows.total;
    std::tie(out.to_approve, out.to_review) = store::Pending(conn, cells, year);
    return out;
}

bool AnswersForAny(db::Connection& conn, const auth::Scope& scope) {
    auto root = org::RootId(conn);
    for (int64_t u : scope.AnsweringUnits())
        if (!root || u != *root) return true;
    return false;
}

std::pair<int64_t, int64_t> WaitingFor(db::Connection& conn, const auth::Scope& scope, int year) {
    if (!AnswersForAny(conn, scope)) return {0, 0};
    std::vector<int64_t> cells;
    for (int64_t cell : store::PendingCells(conn, scope.AnsweringUnits(), year))
        if (AnswersFor(conn, scope, cell)) cells.push_back(cell);
    if (cells.empty()) return {0, 0};
    return store::Pending(conn, cells, year);
}

Result<Summary> SummaryOf(db::Connection& conn, const auth::Scope& scope, int64_t org_id, int year,
                          const std::string& as_of) {
    auto o = org::Find(conn, scope, Permission::kRead, org_id);
    if (!o) return Error::NotFound();
    if (!time::IsIsoDate(as_of)) return Error::InvalidField("as_of", "invalid_date", "field.not_a_date");
    std::vector<std::pair<int64_t, std::string>> units{{o->id, o->name}};
    auto children = org::Children(conn, scope, o->id, as_of);
    if (children.ok())
        for (const auto& c : children.value()) units.emplace_back(c.id, c.name);
    auto counts = CountsOf(conn, units, year, as_of);
    Summary out;
    out.total = std::move(counts.front());
    out.units.assign(std::make_move_iterator(counts.begin() + 1), std::make_move_iterator(counts.end()));
    return out;
}

int64_t SendReminders(db::Connection& conn, const std::string& today, int64_t now) {
    const int year = YearOf(today);
    const auto dates = DatesOf(conn, year);
    int64_t sent = 0;
    db::Transaction tx(conn);
    if (today > dates.register_by) {
        for (const auto& [member_id, user_id, cell] : store::NotRegistered(conn, year)) {
            Notify(conn, {user_id}, "commitment_missing", {{"year", std::to_string(year)}}, "/commitments", std::nullopt, now);
            store::MarkReminded(conn, year, member_id, "register", now);
            ++sent;
        }
    }
    if (today >= dates.assess_from) {
        for (const auto& [member_id, user_id, cell] : store::NotAssessed(conn, year)) {
            Notify(conn, {user_id}, "commitment_assess_due", {{"year", std::to_string(year)}}, "/commitments",
                   std::nullopt, now);
            store::MarkReminded(conn, year, member_id, "assess", now);
            ++sent;
        }
    }
    const std::string before = time::AddDaysIso(today, -kWaitDays);
    for (const std::string kind : {"approve", "review"}) {
        // One notice per secretary: how many wait for them.
        std::map<int64_t, std::pair<int64_t, int64_t>> per_user;  // user -> (count, first cell)
        std::map<int64_t, std::vector<int64_t>> approvers;
        for (const auto& [member_id, unused, cell] : store::Waiting(conn, year, kind, before)) {
            auto [it, added] = approvers.try_emplace(cell);
            if (added) it->second = Approvers(conn, cell);
            for (int64_t u : it->second) {
                auto& p = per_user[u];
                if (p.first++ == 0) p.second = cell;
            }
            store::MarkReminded(conn, year, member_id, kind, now);
        }
        for (const auto& [user, p] : per_user) {
            Notify(conn, {user}, kind == "approve" ? "commitment_waiting_approval" : "commitment_waiting_review",
                   {{"count", std::to_string(p.first)}, {"year", std::to_string(year)}},
                   "/commitments/cell?show=" + std::string(kind == "approve" ? "to_approve" : "to_review"), p.second, now);
            ++sent;
        }
    }
    tx.Commit();
    return sent;
}

}  // namespace dv::commitment
