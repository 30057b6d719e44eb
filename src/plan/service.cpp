// plan service: validation, expanding a task's units, status updates with their history, standings.
#include "plan/service.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "auth/service.h"
#include "core/text.h"
#include "core/time.h"
#include "document/distribution.h"
#include "document/service.h"
#include "notify/notify.h"
#include "org/service.h"
#include "plan/store.h"
#include "rollup/rollup.h"

namespace dv::plan {

namespace {

using auth::Permission;
namespace dist = document::distribution;

// org_types.level: 2 grassroots organizations, 3 the units inside one (as distribution counts them).
constexpr int kGrassrootsLevel = 2;
constexpr int kInsideGrassrootsLevel = 3;
constexpr size_t kMaxTitle = 300;
constexpr size_t kMaxText = 4000;


// The roll-up source: each unit row counts in its task's, its plan's and all tasks' metrics: assigned
// from the start, done from the day it was done, overdue from the day after the due date until it was
// done (never when done by then).
rollup::Source TasksSource() {
    return rollup::Source{.name = "tasks",
                          .version = 1,
                          .ctes = R"(
tu (org_id, task, plan, start_on, overdue_from, done_on) AS (
    SELECT u.org_id, u.task_id, t.document_id, t.start_on, t.overdue_from,
        CASE WHEN u.status = 'done' THEN u.done_on ELSE NULL END
    FROM task_units u JOIN plan_tasks t ON t.id = u.task_id
    WHERE ${WHERE}
),
spans (org_id, metric, lo, hi, w) AS (
    SELECT org_id, 'task.' || task || ':assigned', start_on, '9999-99-99', 1 FROM tu
    UNION ALL SELECT org_id, 'task.' || task || ':done', done_on, '9999-99-99', 1 FROM tu WHERE done_on IS NOT NULL
    UNION ALL SELECT org_id, 'task.' || task || ':overdue', overdue_from, COALESCE(done_on, '9999-99-99'), 1 FROM tu
        WHERE done_on IS NULL OR done_on > overdue_from
    UNION ALL SELECT org_id, 'plan.' || plan || ':assigned', start_on, '9999-99-99', 1 FROM tu
    UNION ALL SELECT org_id, 'plan.' || plan || ':done', done_on, '9999-99-99', 1 FROM tu WHERE done_on IS NOT NULL
    UNION ALL SELECT org_id, 'plan.' || plan || ':overdue', overdue_from, COALESCE(done_on, '9999-99-99'), 1 FROM tu
        WHERE done_on IS NULL OR done_on > overdue_from
    UNION ALL SELECT org_id, 'tasks:assigned', start_on, '9999-99-99', 1 FROM tu
    UNION ALL SELECT org_id, 'tasks:done', done_on, '9999-99-99', 1 FROM tu WHERE done_on IS NOT NULL
    UNION ALL SELECT org_id, 'tasks:overdue', overdue_from, COALESCE(done_on, '9999-99-99'), 1 FROM tu
        WHERE done_on IS NULL OR done_on > overdue_from
))",
                          .by_ids = "u.id IN (${IDS})",
                          .by_orgs = "u.org_id IN (${ORGS})",
                          .owns = {"task.", "plan.", "tasks:"}};
}

boost::json::array EvidenceJson(const std::vector<Evidence>& evidence) {
    boost::json::array out;
    for (const auto& e : evidence) {
        if (e.kind == "file")
            out.push_back(boost::json::object{{"kind", "file"}, {"sha256", e.sha256}, {"name", e.name}});
        else
            out.push_back(boost::json::object{{"kind", "document"}, {"document_id", e.document_id}});
    }
    return out;
}

}  // namespace

const char* ToString(Status s) {
    switch (s) {
        case Status::kNotStarted: return "not_started";
        case Status::kInProgress: return "in_progress";
        case Status::kDone: return "done";
    }
    return "not_started";
}

std::optional<Status> ParseStatus(const std::string& s) {
    for (auto v : {Status::kNotStarted, Status::kInProgress, Status::kDone})
        if (s == ToString(v)) return v;
    return std::nullopt;
}

const char* ToString(Standing s) {
    switch (s) {
        case Standing::kNotStarted: return "not_started";
        case Standing::kInProgress: return "in_progress";
        case Standing::kOverdue: return "overdue";
        case Standing::kDoneOnTime: return "done_on_time";
        case Standing::kDoneLate: return "done_late";
    }
    return "not_started";
}

const char* ToString(Assignment a) {
    switch (a) {
        case Assignment::kList: return "list";
        case Assignment::kSubtree: return "subtree";
        case Assignment::kGrassroots: return "grassroots";
    }
    return "list";
}

std::optional<Assignment> ParseAssignment(const std::string& s) {
    for (auto v : {Assignment::kList, Assignment::kSubtree, Assignment::kGrassroots})
        if (s == ToString(v)) return v;
    return std::nullopt;
}

Standing StandingOf(const TaskUnit& u, const std::string& due_on, const std::string& day) {
    if (u.status == Status::kDone && !u.done_on.empty() && u.done_on <= day)
        return u.done_on <= due_on ? Standing::kDoneOnTime : Standing::kDoneLate;
    if (day > due_on) return Standing::kOverdue;
    return u.status == Status::kInProgress ? Standing::kInProgress : Standing::kNotStarted;
}

std::string TaskMetric(int64_t task_id, const char* what) { return "task." + std::to_string(task_id) + ":" + what; }
std::string PlanMetric(int64_t document_id, const char* what) {
    return "plan." + std::to_string(document_id) + ":" + what;
}

void Connect() { rollup::Register(TasksSource()); }

boost::json::object ToJson(const Task& t) {
    return {{"id", t.id},
            {"document_id", t.document_id},
            {"title", t.title},
            {"description", t.description},
            {"lead_org_id", t.lead_org_id ? boost::json::value(*t.lead_org_id) : boost::json::value(nullptr)},
            {"lead_org_name", t.lead_org_name},
            {"start_on", t.start_on},
            {"due_on", t.due_on},
            {"assigned_how", ToString(t.assigned_how)},
            {"assigned_under", t.assigned_under ? boost::json::value(*t.assigned_under) : boost::json::value(nullptr)},
            {"units", t.units},
            {"done", t.done},
            {"overdue", t.overdue}};
}

boost::json::object ToJson(const TaskUnit& u, const std::string& due_on, const std::string& today) {
    return {{"task_id", u.task_id},
            {"org_id", u.org_id},
            {"org_code", u.org_code},
            {"org_name", u.org_name},
            {"status", ToString(u.status)},
            {"done_on", u.done_on.empty() ? boost::json::value(nullptr) : boost::json::value(u.done_on)},
            {"standing", ToString(StandingOf(u, due_on, today))},
            {"comment", u.comment},
            {"version", u.version},
            {"updated_at", u.updated_at},
            {"updated_by", u.updated_by_name}};
}

boost::json::object ToJson(const Update& u) {
    return {{"id", u.id},
            {"status", ToString(u.status)},
            {"done_on", u.done_on.empty() ? boost::json::value(nullptr) : boost::json::value(u.done_on)},
            {"comment", u.comment},
            {"evidence", EvidenceJson(u.evidence)},
            {"by", u.by_name},
            {"at", u.at}};
}

Result<document::Document> GetPlan(db::Connection& conn, const auth::Scope& scope, int64_t document_id) {
    auto d = document::Get(conn, scope, document_id);
    // A unit given a task of a plan reads the plan, whether or not the register shows it the document.
    if (!d.ok() && d.error().code == ErrorCode::kNotFound && store::HasUnitsIn(conn, scope, document_id))
        d = document::Get(conn, auth::Scope::System(), document_id);
    if (!d.ok()) return d.error();
    if (d.value().type_code != "plan") return Error::NotFound("error.not_a_plan");
    return d;
}

bool CanAssign(db::Connection& conn, const auth::Scope& scope, const document::Document& plan) {
    return plan.status == document::Status::kIssued && document::CanWrite(conn, scope, plan);
}

Chosen ChooseUnits(db::Connection& conn, const auth::Scope& scope, const UnitChoice& in, int64_t owner_org_id,
                   const std::string& on_day, std::vector<FieldError>& errors) {
    Chosen out;
    out.units = dist::SendableUnits(conn, scope);
    const auto& units = out.units;
    auto how = ParseAssignment(in.assign.empty() ? (in.under ? "subtree" : "list") : in.assign);
    if (!how) errors.push_back({"assign", "invalid_choice", "field.invalid_choice"});
    else out.how = *how;
    std::unordered_map<int64_t, const dist::Unit*> writable;
    for (const auto& u : units) writable[u.org.id] = &u;
    auto eligible = [&](const dist::Unit& u) {
        return u.org.id != owner_org_id && (on_day.empty() || u.org.founded_on <= on_day);
    };
    auto& targets = out.ids;
    if (how == Assignment::kSubtree || how == Assignment::kGrassroots) {
        auto root = std::find_if(units.begin(), units.end(), [&](const dist::Unit& u) { return in.under && u.org.id == *in.under; });
        if (!in.under) {
            errors.push_back({"under", "required", "field.required"});
        } else if (root == units.end()) {
            errors.push_back({"under", "not_writable", "plan.field.unit_not_writable"});
        } else {
            out.under = *in.under;
            // In tree order a subtree is its top and the units after it that lie deeper.
            for (auto it = root; it != units.end() && (it == root || it->org.depth > root->org.depth); ++it) {
                if (!eligible(*it)) continue;
                if (how == Assignment::kGrassroots && (it->level < kGrassrootsLevel || it->level > kInsideGrassrootsLevel))
                    continue;
                targets.push_back(it->org.id);
            }
            if (targets.empty() && !on_day.empty()) errors.push_back({"under", "no_units", "plan.field.no_units"});
        }
    } else if (how == Assignment::kList) {
        std::set<int64_t> seen;
        for (int64_t id : in.org_ids) {
            if (!seen.insert(id).second) continue;
            auto it = writable.find(id);
            if (it == writable.end() || id == owner_org_id) {
                if (!HasFieldError(errors, "org_ids")) errors.push_back({"org_ids", "not_writable", "plan.field.unit_not_writable"});
            } else if (!on_day.empty() && it->second->org.founded_on > on_day) {
                if (!HasFieldError(errors, "org_ids")) errors.push_back({"org_ids", "founded_later", "plan.field.founded_later"});
            } else {
                targets.push_back(id);
            }
        }
        if (in.org_ids.empty()) errors.push_back({"org_ids", "required", "plan.field.choose_units"});
    }
    return out;
}

Result<Task> AddTask(db::Connection& conn, const auth::Scope& scope, int64_t document_id, const NewTask& in,
                     const audit::Actor& actor, int64_t now, const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    DV_ASSIGN_OR_RETURN(auto plan, GetPlan(conn, scope, document_id));
    if (!document::CanWrite(conn, scope, plan)) return Error::Forbidden("error.plan_not_owner");
    if (plan.status != document::Status::kIssued) return Error::Conflict("error.plan_not_issued");

    std::vector<FieldError> errors;
    Task t;
    t.document_id = document_id;
    t.title = std::string(text::Trim(in.title));
    t.description = std::string(text::Trim(in.description));
    if (t.title.empty()) errors.push_back({"title", "required", "field.required"});
    else if (text::Utf8Length(t.title) > kMaxTitle) errors.push_back({"title", "too_long", "field.too_long"});
    if (text::Utf8Length(t.description) > kMaxText) errors.push_back({"description", "too_long", "field.too_long"});
    // The start: today when empty; any real date in range (a plan may schedule ahead or record what began).
    t.start_on = std::string(text::Trim(in.start_on));
    if (t.start_on.empty()) t.start_on = today;
    if (!time::ParseIsoDate(t.start_on)) errors.push_back({"start_on", "invalid_date", "field.invalid_date"});
    else if (!time::InDateRange(t.start_on, today)) errors.push_back({"start_on", "out_of_range", "field.date_out_of_range"});
    else if (!plan.issued_on.empty() && t.start_on < plan.issued_on)
        errors.push_back({"start_on", "before_issued", "plan.field.before_issued"});
    t.due_on = std::string(text::Trim(in.due_on));
    if (t.due_on.empty()) errors.push_back({"due_on", "required", "field.required"});
    else if (!time::ParseIsoDate(t.due_on)) errors.push_back({"due_on", "invalid_date", "field.invalid_date"});
    else if (!time::InDateRange(t.due_on, today)) errors.push_back({"due_on", "out_of_range", "field.date_out_of_range"});
    else if (!HasFieldError(errors, "start_on") && t.due_on < t.start_on)
        errors.push_back({"due_on", "before_start", "plan.field.due_before_start"});
    auto chosen = ChooseUnits(conn, scope, {in.assign, in.under, in.org_ids}, plan.owner_org_id,
                              HasFieldError(errors, "start_on") ? "" : t.start_on, errors);
    t.assigned_how = chosen.how;
    t.assigned_under = chosen.under;
    std::unordered_map<int64_t, const dist::Unit*> writable;
    for (const auto& u : chosen.units) writable[u.org.id] = &u;
    if (in.lead_org_id) {
        if (!writable.count(*in.lead_org_id)) errors.push_back({"lead_org_id", "not_writable", "plan.field.unit_not_writable"});
        else t.lead_org_id = *in.lead_org_id;
    }
    const auto& targets = chosen.ids;
    const auto& units = chosen.units;
    if (!errors.empty()) return Error::Invalid(std::move(errors));

    db::Transaction tx(conn);
    t.id = store::InsertTask(conn, t, time::AddDaysIso(t.due_on, 1), actor.user_id, now);
    std::vector<int64_t> rows;
    for (int64_t org : targets) rows.push_back(store::InsertUnit(conn, t.id, org, now));
    rollup::Change::Added(conn, "tasks", std::move(rows)).Apply();
    // Each unit's secretaries (or the nearest ones above it, inside the plan's unit), one notice per task.
    std::unordered_map<int64_t, std::string> names;
    for (const auto& u : units) names[u.org.id] = u.org.name;
    const std::string href = "/plans/" + std::to_string(document_id) + "/tasks/" + std::to_string(t.id);
    for (const auto& [user, their_units] : auth::AnsweringFor(conn, targets, plan.owner_org_id)) {
        notify::Draft d;
        d.kind = their_units.size() == 1 ? "task_assigned" : "task_assigned_many";
        d.params = {{"task", t.title},
                    {"unit", names[their_units.front()]},
                    {"count", std::to_string(their_units.size())},
                    {"due", time::FormatShortViIso(t.due_on)}};
        d.href = their_units.size() == 1 ? href + "/units/" + std::to_string(their_units.front()) : href;
        d.org_id = their_units.front();
        notify::Send(conn, {user}, d, now);
    }
    auto after = ToJson(t);
    after["org_ids"] = boost::json::value_from(targets);
    audit::Append(conn, actor, now, "task.create", "plan_task", t.id, plan.owner_org_id, nullptr, after);
    tx.Commit();
    return GetTask(conn, scope, document_id, t.id, today);
}

Result<std::vector<Task>> TasksOf(db::Connection& conn, const auth::Scope& scope, int64_t document_id,
                                  const std::string& today) {
    DV_TRY(GetPlan(conn, scope, document_id));
    return store::TasksOf(conn, scope, document_id, today);
}

Result<Task> GetTask(db::Connection& conn, const auth::Scope& scope, int64_t document_id, int64_t task_id,
                     const std::string& today) {
    DV_TRY(GetPlan(conn, scope, document_id));
    auto t = store::GetTask(conn, scope, task_id, today);
    if (!t || t->document_id != document_id) return Error::NotFound();
    return *t;
}

Result<std::vector<TaskUnit>> UnitsOf(db::Connection& conn, const auth::Scope& scope, int64_t task_id) {
    return store::UnitsOf(conn, scope, task_id);
}

Result<UnitsPage> UnitsStanding(db::Connection& conn, const auth::Scope& scope, int64_t task_id, const std::string& show,
                                const std::string& today, int page, int page_size) {
    if (show != "" && show != "overdue" && show != "open" && show != "done")
        return Error::InvalidField("show", "invalid_choice", "field.invalid_choice");
    auto rows = store::UnitsPage(conn, scope, task_id, show, today, page_size, int64_t{page - 1} * page_size);
    return UnitsPage{std::move(rows.units), rows.total};
}

std::vector<TaskUnit> UnitsOfPlan(db::Connection& conn, const auth::Scope& scope, int64_t document_id) {
    return store::UnitsOfPlan(conn, scope, document_id);
}

Result<UnitRecord> UnitOf(db::Connection& conn, const auth::Scope& scope, int64_t task_id, int64_t org_id) {
    auto u = store::GetUnit(conn, scope, task_id, org_id);
    if (!u) return Error::NotFound();
    UnitRecord out;
    out.unit = *u;
    out.updates = store::UpdatesOf(conn, u->id);
    out.can_update = org::CanWrite(conn, scope, org_id);
    return out;
}

Result<Updated> UpdateUnit(db::Connection& conn, const auth::Scope& scope, int64_t task_id, int64_t org_id,
                           const StatusChange& in, const audit::Actor& actor, int64_t now, const std::string& today) {
    auto before = store::GetUnit(conn, scope, task_id, org_id);
    if (!before) return Error::NotFound();
    if (!org::CanWrite(conn, scope, org_id)) return Error::Forbidden();
    auto task = store::FindTask(conn, task_id);
    if (!task) return Error::NotFound();
    std::vector<FieldError> errors;
    auto status = ParseStatus(in.status);
    if (!status) errors.push_back({"status", in.status.empty() ? "required" : "invalid_choice",
                                   in.status.empty() ? "field.required" : "field.invalid_choice"});
    std::string done_on;
    if (status == Status::kDone) {
        auto d = time::PastOrToday(in.done_on, today, "done_on", errors);
        if (d && *d < task->start_on) errors.push_back({"done_on", "before_start", "plan.field.done_before_start"});
        if (d) done_on = *d;
    } else if (!text::Trim(in.done_on).empty()) {
        errors.push_back({"done_on", "not_done", "plan.field.done_on_not_done"});
    }
    std::string comment(text::Trim(in.comment));
    if (text::Utf8Length(comment) > kMaxText) errors.push_back({"comment", "too_long", "field.too_long"});
    for (const auto& e : in.evidence) {
        if (e.kind == "document") {
            if (!document::Get(conn, scope, e.document_id).ok() && !HasFieldError(errors, "evidence"))
                errors.push_back({"evidence", "unknown_document", "plan.field.unknown_document"});
        } else if (e.kind != "file" || e.sha256.size() != 64) {
            if (!HasFieldError(errors, "evidence")) errors.push_back({"evidence", "invalid", "field.invalid_choice"});
        }
    }
    if (!in.version) errors.push_back({"version", "required", "field.required"});
    // Files uploaded with the update: kept in the content-addressed store (written once; a file no update
    // names is harmless), named in the update's evidence.
    auto evidence = in.evidence;
    for (const auto& [filename, bytes] : in.files) {
        if (HasFieldError(errors, "evidence_file")) break;
        auto stored = document::StoreFile(conn, "evidence_file", filename, bytes, in.files_dir, now);
        if (!stored.ok()) {
            for (const auto& f : stored.error().field_errors) errors.push_back(f);
            continue;
        }
        evidence.push_back({"file", stored->sha256, stored->filename, 0});
    }
    if (!errors.empty()) return Error::Invalid(std::move(errors));

    db::Transaction tx(conn);
    auto change = rollup::Change::Of(conn, "tasks", {before->id});
    if (!store::UpdateUnit(conn, before->id, *in.version, *status, done_on, comment, actor.user_id, now))
        return Error::Conflict("error.stale_version");
    store::InsertUpdate(conn, before->id, *status, done_on, comment, boost::json::serialize(EvidenceJson(evidence)),
                        actor.user_id, now);
    change.Apply();
    auto after = store::GetUnit(conn, auth::Scope::System(), task_id, org_id);
    auto after_json = ToJson(*after, task->due_on, today);
    after_json["evidence"] = EvidenceJson(evidence);
    audit::Append(conn, actor, now, "task.update", "task_unit", before->id, org_id, ToJson(*before, task->due_on, today),
                  after_json);
    tx.Commit();
    return Updated{*after, *task};
}

Result<Evidence> EvidenceFile(db::Connection& conn, const auth::Scope& scope, int64_t task_id, int64_t org_id,
                              const std::string& sha256) {
    auto unit = store::GetUnit(conn, scope, task_id, org_id);
    if (!unit) return Error::NotFound();
    for (const auto& u : store::UpdatesOf(conn, unit->id))
        for (const auto& e : u.evidence)
            if (e.kind == "file" && e.sha256 == sha256) return e;
    return Error::NotFound();
}

std::vector<std::pair<int64_t, int64_t>> PlansWithTasks(db::Connection& conn, const auth::Scope& scope) {
    return store::PlansWithTasks(conn, scope);
}

std::vector<OpenTask> OpenTasksOfOwnUnits(db::Connection& conn, const auth::Scope& scope, int64_t limit) {
    return store::OpenTasksOf(conn, scope.AnsweringUnits(), limit);
}

int64_t CountOverdue(db::Connection& conn, const auth::Scope& scope, const std::string& today) {
    return store::CountOverdue(conn, scope, today);
}

}  // namespace dv::plan
