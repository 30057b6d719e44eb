// plan routes: plans with their tasks, the tasks × units view rolled up the tree (through the roll-up
// facility), a task's units, one unit's record with its update form, the add-task form, the XLSX export,
// and the JSON API over the same handlers.
#include <algorithm>
#include <map>

#include "core/text.h"
#include "core/time.h"
#include "document/distribution.h"
#include "document/service.h"
#include "org/service.h"
#include "plan/service.h"
#include "rollup/rollup.h"
#include "web/context.h"
#include "web/home.h"

namespace dv::web {

namespace {

namespace dist = document::distribution;
constexpr int kRowsPerPage = 20;
// The list of units to tick in the add-task form: beyond this, only a subtree or the grassroots under a
// unit can be chosen (a form of 250,000 boxes helps nobody).
constexpr size_t kMaxListedUnits = 300;

std::string PlanHref(int64_t id) { return "/plans/" + std::to_string(id); }
std::string TaskHref(int64_t plan, int64_t task) { return PlanHref(plan) + "/tasks/" + std::to_string(task); }
std::string UnitHref(int64_t plan, int64_t task, int64_t org) {
    return TaskHref(plan, task) + "/units/" + std::to_string(org);
}

const char* StandingClass(plan::Standing s) {
    switch (s) {
        case plan::Standing::kDoneOnTime: return "badge-ok";
        case plan::Standing::kDoneLate: return "badge-late";
        case plan::Standing::kOverdue: return "badge-off";
        default: return "badge-wait";
    }
}

boost::json::object PlanView(Context& ctx, const document::Document& d) {
    const bool in_register = document::Get(ctx.db(), ctx.scope(), d.id).ok();
    boost::json::object j{{"id", d.id},
                          {"label", document::Label(d)},
                          {"title", d.title},
                          {"issued_on", d.issued_on.empty() ? boost::json::value(nullptr) : boost::json::value(d.issued_on)},
                          {"href", PlanHref(d.id)}};
    if (in_register) j["document_href"] = "/documents/" + std::to_string(d.id);
    return j;
}

boost::json::object TaskView(Context& ctx, const plan::Task& t) {
    auto j = plan::ToJson(t);
    j["href"] = TaskHref(t.document_id, t.id);
    j["start_display"] = time::FormatShortViIso(t.start_on);
    j["due_display"] = time::FormatShortViIso(t.due_on);
    j["counts_label"] = text::Fill(ctx.T("plan.counts"), {{"done", text::GroupThousands(t.done)},
                                                           {"units", text::GroupThousands(t.units)},
                                                           {"overdue", text::GroupThousands(t.overdue)}});
    j["has_overdue"] = t.overdue > 0;
    return j;
}

boost::json::object UnitView(Context& ctx, const plan::TaskUnit& u, const plan::Task& t, const std::string& today) {
    auto j = plan::ToJson(u, t.due_on, today);
    const auto standing = plan::StandingOf(u, t.due_on, today);
    j["standing_label"] = ctx.T(std::string("plan.standing.") + plan::ToString(standing));
    j["standing_class"] = StandingClass(standing);
    j["done_display"] = u.done_on.empty() ? "" : time::FormatShortViIso(u.done_on);
    j["href"] = UnitHref(t.document_id, t.id, u.org_id);
    return j;
}

// GET /plans and /api/v1/plans: the plans with tasks for the caller's units, newest first.
Result<Outcome> PlansPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    auto plans = plan::PlansWithTasks(ctx.db(), ctx.scope());
    const auto total = static_cast<int64_t>(plans.size());
    boost::json::array list;
    const size_t from = std::min(plans.size(), static_cast<size_t>(page - 1) * kRowsPerPage);
    const size_t to = std::min(plans.size(), from + kRowsPerPage);
    for (size_t i = from; i < to; ++i) {
        auto d = plan::GetPlan(ctx.db(), ctx.scope(), plans[i].first);
        if (!d.ok()) continue;
        auto v = PlanView(ctx, d.value());
        v["tasks"] = plans[i].second;
        list.push_back(std::move(v));
    }
    Outcome out;
    out.model = {{"plans", std::move(list)}, {"total", total}, {"page", page}};
    if (!ctx.json()) {
        out.model["pager"] = Pager(ctx, total, page, kRowsPerPage, "/plans?page=");
        out.model["can_assign"] = ctx.scope().AnyAllows(auth::Permission::kWrite);
    }
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"", ctx.T("plan.title")}};
    return out;
}

// The tasks × units view of a plan: rows are the units directly under `under` that have units of the
// plan in their subtree (and `under` itself when it is one), each with, per task, the units done of those
// given it and the overdue ones, read from the roll-up facility (one indexed read per metric and row).
boost::json::object Matrix(Context& ctx, const document::Document& d, const std::vector<plan::Task>& tasks,
                           int64_t under, bool overdue_only, int page) {
    const std::string today = ctx.Today();
    std::vector<org::Org> candidates;
    if (auto self = org::Get(ctx.db(), ctx.scope(), under); self.ok()) candidates.push_back(self.value());
    if (auto kids = org::Children(ctx.db(), ctx.scope(), under, today); kids.ok())
        for (auto& k : kids.value()) candidates.push_back(std::move(k));
    std::vector<int64_t> ids;
    for (const auto& o : candidates) ids.push_back(o.id);
    auto assigned = rollup::FigureOf(ctx.db(), ids, plan::PlanMetric(d.id, "assigned"), today);
    auto overdue = rollup::FigureOf(ctx.db(), ids, plan::PlanMetric(d.id, "overdue"), today);
    auto done = rollup::FigureOf(ctx.db(), ids, plan::PlanMetric(d.id, "done"), today);
    // `under` itself counts its whole subtree: its own row is the total line.
    std::vector<const org::Org*> rows;
    for (size_t i = 1; i < candidates.size(); ++i) {
        const auto& o = candidates[i];
        if (!assigned.count(o.id)) continue;
        if (overdue_only && !overdue.count(o.id)) continue;
        rows.push_back(&o);
    }
    const auto total_rows = static_cast<int64_t>(rows.size());
    const size_t from = std::min(rows.size(), static_cast<size_t>(page - 1) * kRowsPerPage);
    const size_t to = std::min(rows.size(), from + kRowsPerPage);
    std::vector<int64_t> shown;
    for (size_t i = from; i < to; ++i) shown.push_back(rows[i]->id);
    if (!candidates.empty() && candidates.front().id == under) shown.push_back(under);
    // Per task, the figures of the shown rows and of `under`.
    std::map<std::pair<int64_t, int64_t>, std::array<int64_t, 3>> cell;  // (org, task) -> assigned, done, overdue
    for (const auto& t : tasks) {
        auto a = rollup::FigureOf(ctx.db(), shown, plan::TaskMetric(t.id, "assigned"), today);
        auto dn = rollup::FigureOf(ctx.db(), shown, plan::TaskMetric(t.id, "done"), today);
        auto od = rollup::FigureOf(ctx.db(), shown, plan::TaskMetric(t.id, "overdue"), today);
        for (int64_t id : shown) cell[{id, t.id}] = {a.count(id) ? a[id] : 0, dn.count(id) ? dn[id] : 0, od.count(id) ? od[id] : 0};
    }
    auto cells_of = [&](int64_t org) {
        boost::json::array out;
        for (const auto& t : tasks) {
            auto [a, dn, od] = cell[{org, t.id}];
            boost::json::object c{{"task_id", t.id}, {"assigned", a}, {"done", dn}, {"overdue", od}};
            c["label"] = a == 0 ? ctx.T("plan.cell_none")
                                : text::Fill(ctx.T("plan.cell"), {{"done", text::GroupThousands(dn)},
                                                                  {"assigned", text::GroupThousands(a)}});
            if (od > 0) c["overdue_label"] = text::Fill(ctx.T("plan.cell_overdue"), {{"overdue", text::GroupThousands(od)}});
            c["class"] = a == 0 ? "cell-none" : od > 0 ? "cell-late" : dn == a ? "cell-done" : "cell-open";
            c["task_title"] = t.title;
            out.push_back(std::move(c));
        }
        return out;
    };
    auto figure = [](std::unordered_map<int64_t, int64_t>& m, int64_t id) { return m.count(id) ? m[id] : 0; };
    boost::json::array out_rows;
    for (size_t i = from; i < to; ++i) {
        const auto& o = *rows[i];
        out_rows.push_back(boost::json::object{
            {"org_id", o.id},
            {"org_name", o.name},
            {"href", PlanHref(d.id) + "?under=" + std::to_string(o.id)},
            {"assigned", figure(assigned, o.id)},
            {"done", figure(done, o.id)},
            {"overdue", figure(overdue, o.id)},
            {"cells", cells_of(o.id)}});
    }
    boost::json::object m{{"under", under},
                          {"rows", std::move(out_rows)},
                          {"total_rows", total_rows},
                          {"overdue_only", overdue_only}};
    if (!candidates.empty() && candidates.front().id == under) {
        m["under_name"] = candidates.front().name;
        m["total"] = boost::json::object{{"assigned", figure(assigned, under)},
                                         {"done", figure(done, under)},
                                         {"overdue", figure(overdue, under)},
                                         {"cells", cells_of(under)}};
        if (candidates.front().parent_id && org::Get(ctx.db(), ctx.scope(), *candidates.front().parent_id).ok())
            m["up_href"] = PlanHref(d.id) + "?under=" + std::to_string(*candidates.front().parent_id);
    }
    return m;
}

// The caller's top for the view: the plan's unit when readable, else the first unit they may read.
std::optional<int64_t> DefaultUnder(Context& ctx, const document::Document& d) {
    if (org::Get(ctx.db(), ctx.scope(), d.owner_org_id).ok()) return d.owner_org_id;
    auto roots = ctx.scope().Roots(auth::Permission::kRead);
    if (roots.empty()) return std::nullopt;
    return roots.front();
}

// GET /plans/{id} and GET /api/v1/plans/{id}/tasks.
Result<Outcome> PlanPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto under_q, IdQuery(ctx, "under"));
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    const std::string show = ctx.Query("show");
    if (!show.empty() && show != "overdue") return Error::InvalidField("show", "invalid_choice", "field.invalid_choice");
    DV_ASSIGN_OR_RETURN(auto d, plan::GetPlan(ctx.db(), ctx.scope(), id));
    const std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(auto tasks, plan::TasksOf(ctx.db(), ctx.scope(), id, today));
    boost::json::array task_list;
    for (const auto& t : tasks) task_list.push_back(TaskView(ctx, t));
    Outcome out;
    out.model = {{"plan", PlanView(ctx, d)}, {"tasks", std::move(task_list)}, {"can_assign", plan::CanAssign(ctx.db(), ctx.scope(), d)}};
    if (!ctx.json()) {
        auto under = under_q ? under_q : DefaultUnder(ctx, d);
        if (under_q && !org::Get(ctx.db(), ctx.scope(), *under_q).ok()) return Error::NotFound();
        if (under && !tasks.empty()) {
            auto m = Matrix(ctx, d, tasks, *under, show == "overdue", page);
            const std::string base = PlanHref(id) + "?under=" + std::to_string(*under) + (show.empty() ? "" : "&show=" + show);
            m["pager"] = Pager(ctx, m["total_rows"].as_int64(), page, kRowsPerPage, base + "&page=");
            m["all_href"] = PlanHref(id) + "?under=" + std::to_string(*under);
            m["overdue_href"] = PlanHref(id) + "?under=" + std::to_string(*under) + "&show=overdue";
            out.model["matrix"] = std::move(m);
        }
        out.model["export_href"] = PlanHref(id) + "/export.xlsx";
        out.model["has_tasks"] = !tasks.empty();
        out.model["new_task_href"] = PlanHref(id) + "/tasks/new";
    }
    out.title = document::Label(d);
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/plans", ctx.T("plan.title")}, {"", document::Label(d)}};
    return out;
}

// GET /plans/{id}/tasks/new: the add-task form (also the model the form shows again with its errors).
Result<Outcome> NewTaskPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto d, plan::GetPlan(ctx.db(), ctx.scope(), id));
    if (!plan::CanAssign(ctx.db(), ctx.scope(), d)) return Error::Forbidden("error.plan_not_owner");
    auto units = dist::SendableUnits(ctx.db(), ctx.scope());
    std::vector<std::pair<std::string, std::string>> tops, all;
    boost::json::array boxes;
    const std::string under = FormValue(ctx, "under");
    const std::string lead = FormValue(ctx, "lead_org_id");
    for (const auto& u : units) {
        if (u.org.id == d.owner_org_id) continue;
        // The lead unit: any unit while the list is short, else the units above the grassroots (a select of
        // 250,000 options is no choice at all).
        if (units.size() <= kMaxListedUnits || u.level < 2) all.emplace_back(std::to_string(u.org.id), u.org.name);
        // A subtree or the grassroots under a unit: any unit while the list is short, else the units above
        // the grassroots (and the plan's own).
        if (units.size() <= kMaxListedUnits || u.level < 2) tops.emplace_back(std::to_string(u.org.id), u.org.name);
        if (units.size() <= kMaxListedUnits)
            boxes.push_back(boost::json::object{{"id", u.org.id},
                                                {"name", u.org.name},
                                                {"depth", u.org.depth},
                                                {"checked", ctx.input().fields().contains("unit_" + std::to_string(u.org.id))}});
    }
    tops.insert(tops.begin(), {std::to_string(d.owner_org_id), ctx.T("plan.form.whole_plan_unit")});
    Outcome out;
    std::string assign = FormValue(ctx, "assign");
    if (assign.empty()) assign = "grassroots";
    out.model = {{"plan", PlanView(ctx, d)},
                 {"under_options", Options(tops, under.empty() ? std::to_string(d.owner_org_id) : under)},
                 {"lead_options", Options([&] {
                      auto l = all;
                      l.insert(l.begin(), {"", ctx.T("plan.form.no_lead")});
                      return l;
                  }(), lead)},
                 {"units", std::move(boxes)},
                 {"units_listed", units.size() <= kMaxListedUnits},
                 {"assign_grassroots", assign == "grassroots"},
                 {"assign_subtree", assign == "subtree"},
                 {"assign_list", assign == "list"},
                 {"values", boost::json::object{}},
                 {"errors", boost::json::object{}}};
    out.title = ctx.T("plan.form.title");
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/plans", ctx.T("plan.title")}, {PlanHref(id), document::Label(d)},
                       {"", ctx.T("plan.form.title")}};
    return out;
}

// POST /plans/{id}/tasks (form: unit_<id> boxes) and POST /api/v1/plans/{id}/tasks (org_ids: [ids]).
Result<Outcome> AddTask(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    plan::NewTask t;
    t.title = in.Str("title", false, 0, 300);
    t.description = in.Text("description", false, 0, 4000);
    t.lead_org_id = in.Int("lead_org_id", false);
    t.start_on = in.DateForService("start_on");
    t.due_on = in.DateForService("due_on");
    t.assign = in.Str("assign", false, 0, 20);
    t.under = in.Int("under", false);
    t.org_ids = in.Ids("org_ids", "unit_");
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto task, plan::AddTask(ctx.db(), ctx.scope(), id, t, ctx.actor(), ctx.now(), ctx.Today()));
    Outcome out;
    out.status = 201;
    out.model = {{"task", TaskView(ctx, task)}};
    out.redirect = TaskHref(id, task.id);
    out.flash = "flash.task_added";
    return out;
}

// GET /plans/{id}/tasks/{tid}: the task and its units in the caller's scope (filter by standing, paged).
Result<Outcome> TaskPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t tid, ctx.IdParam("tid"));
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    const std::string show = ctx.Query("show");
    static const std::vector<std::string> kShows{"", "overdue", "open", "done"};
    const std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(auto d, plan::GetPlan(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto t, plan::GetTask(ctx.db(), ctx.scope(), id, tid, today));
    DV_ASSIGN_OR_RETURN(auto units, plan::UnitsStanding(ctx.db(), ctx.scope(), tid, show, today, page, kRowsPerPage));
    const int64_t total = units.total;
    boost::json::array list;
    for (const auto& u : units.units) list.push_back(UnitView(ctx, u, t, today));
    Outcome out;
    out.model = {{"plan", PlanView(ctx, d)}, {"task", TaskView(ctx, t)}, {"units", std::move(list)}, {"total", total}, {"page", page}};
    if (!ctx.json()) {
        const std::string base = TaskHref(id, tid) + "?";
        boost::json::array filters;
        for (const auto& s : kShows)
            filters.push_back(boost::json::object{{"label", ctx.T("plan.show." + (s.empty() ? std::string("all") : s))},
                                                  {"href", s.empty() ? TaskHref(id, tid) : base + "show=" + s},
                                                  {"current", s == show}});
        out.model["filters"] = std::move(filters);
        out.model["pager"] = Pager(ctx, total, page, kRowsPerPage, base + (show.empty() ? "" : "show=" + show + "&") + "page=");
    }
    out.title = t.title;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/plans", ctx.T("plan.title")}, {PlanHref(id), document::Label(d)},
                       {"", ctx.T("plan.task")}};
    return out;
}

// GET /plans/{id}/tasks/{tid}/units/{org_id}: one unit's record, history and (for its writers) the form.
Result<Outcome> UnitPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t tid, ctx.IdParam("tid"));
    DV_ASSIGN_OR_RETURN(int64_t org_id, ctx.IdParam("org_id"));
    const std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(auto d, plan::GetPlan(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto t, plan::GetTask(ctx.db(), ctx.scope(), id, tid, today));
    DV_ASSIGN_OR_RETURN(auto rec, plan::UnitOf(ctx.db(), ctx.scope(), tid, org_id));
    boost::json::array history;
    for (const auto& u : rec.updates) {
        auto j = plan::ToJson(u);
        j["status_label"] = ctx.T(std::string("plan.status.") + plan::ToString(u.status));
        j["at_display"] = DisplayDateTime(ctx, u.at);
        j["done_display"] = u.done_on.empty() ? "" : time::FormatShortViIso(u.done_on);
        boost::json::array files;
        for (const auto& e : u.evidence)
            if (e.kind == "file")
                files.push_back(boost::json::object{{"name", e.name}, {"href", UnitHref(id, tid, org_id) + "/files/" + e.sha256}});
        j["files"] = std::move(files);
        history.push_back(std::move(j));
    }
    Outcome out;
    out.model = {{"plan", PlanView(ctx, d)},
                 {"task", TaskView(ctx, t)},
                 {"unit", UnitView(ctx, rec.unit, t, today)},
                 {"history", std::move(history)},
                 {"can_update", rec.can_update}};
    if (!ctx.json() && rec.can_update) {
        std::string status = FormValue(ctx, "status");
        if (status.empty()) status = plan::ToString(rec.unit.status);
        std::vector<std::pair<std::string, std::string>> statuses;
        for (auto s : {plan::Status::kNotStarted, plan::Status::kInProgress, plan::Status::kDone})
            statuses.emplace_back(plan::ToString(s), ctx.T(std::string("plan.status.") + plan::ToString(s)));
        out.model["statuses"] = Options(statuses, status);
        out.model["values"] = boost::json::object{{"done_on", FormDate(rec.unit.done_on)},
                                                  {"comment", ""},
                                                  {"version", std::to_string(rec.unit.version)}};
        out.model["errors"] = boost::json::object{};
        out.model["action"] = UnitHref(id, tid, org_id);
    }
    out.title = rec.unit.org_name + ": " + t.title;
    out.breadcrumbs = {{"/", ctx.T("nav.home")},
                       {"/plans", ctx.T("plan.title")},
                       {PlanHref(id), document::Label(d)},
                       {TaskHref(id, tid), ctx.T("plan.task")},
                       {"", rec.unit.org_name}};
    return out;
}

// POST /plans/{id}/tasks/{tid}/units/{org_id} (form) and PUT /api/v1/tasks/{tid}/units/{org_id} (JSON):
// status, done_on, comment, evidence_documents (symbols, one a line, form) or evidence (JSON), version.
Result<Outcome> UpdateUnit(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t tid, ctx.IdParam("tid"));
    DV_ASSIGN_OR_RETURN(int64_t org_id, ctx.IdParam("org_id"));
    auto& in = ctx.input();
    plan::StatusChange c;
    c.status = in.Str("status", false, 0, 20);
    c.done_on = in.DateForService("done_on");
    c.comment = in.Text("comment", false, 0, 4000);
    c.version = in.Int("version", false);
    if (const UploadedFile* f = in.File("evidence_file"); f && !f->filename.empty())
        c.files.emplace_back(f->filename, f->bytes);
    c.files_dir = ctx.app().settings().FilesDir();
    for (int64_t doc : in.Ids("evidence_document_ids", "evidence_doc_")) {
        plan::Evidence e;
        e.kind = "document";
        e.document_id = doc;
        c.evidence.push_back(e);
    }
    DV_TRY(in.Finish());
    const std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(auto u, plan::UpdateUnit(ctx.db(), ctx.scope(), tid, org_id, c, ctx.actor(), ctx.now(), today));
    Outcome out;
    out.model = {{"unit", plan::ToJson(u.unit, u.task.due_on, today)}};
    out.redirect = UnitHref(u.task.document_id, tid, org_id);
    out.flash = "flash.task_updated";
    return out;
}

// GET /plans/{id}/export.xlsx: one row per unit given a task of the plan (in the caller's scope), a column
// per task with where the unit stands today.
Result<Outcome> Export(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    const std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(auto d, plan::GetPlan(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto tasks, plan::TasksOf(ctx.db(), ctx.scope(), id, today));
    std::map<int64_t, size_t> column;
    std::vector<std::string> header{ctx.T("plan.xlsx.unit_code"), ctx.T("plan.xlsx.unit")};
    for (const auto& t : tasks) {
        column[t.id] = header.size();
        header.push_back(t.title + " (" + ctx.T("plan.due") + " " + time::FormatShortViIso(t.due_on) + ")");
    }
    header.push_back(ctx.T("plan.xlsx.overdue_count"));
    std::map<int64_t, std::vector<std::string>> rows;  // by unit
    std::map<int64_t, int64_t> overdue;
    std::map<int64_t, std::string> due;
    for (const auto& t : tasks) due[t.id] = t.due_on;
    for (const auto& u : plan::UnitsOfPlan(ctx.db(), ctx.scope(), id)) {
        auto& row = rows[u.org_id];
        if (row.empty()) {
            row.assign(header.size(), "");
            row[0] = u.org_code;
            row[1] = u.org_name;
        }
        auto s = plan::StandingOf(u, due[u.task_id], today);
        std::string cell = ctx.T(std::string("plan.standing.") + plan::ToString(s));
        if (!u.done_on.empty()) cell += " " + time::FormatShortViIso(u.done_on);
        row[column[u.task_id]] = cell;
        if (s == plan::Standing::kOverdue) ++overdue[u.org_id];
    }
    std::vector<std::vector<std::string>> sheet{header};
    for (auto& [org, row] : rows) {
        row.back() = std::to_string(overdue[org]);
        sheet.push_back(std::move(row));
    }
    std::sort(sheet.begin() + 1, sheet.end(), [](const auto& a, const auto& b) { return a[1] < b[1]; });
    std::vector<tabular::CellKind> kinds(header.size(), tabular::CellKind::kText);
    kinds.back() = tabular::CellKind::kNumber;
    DV_ASSIGN_OR_RETURN(std::string bytes, XlsxBytes(ctx.T("plan.xlsx.sheet"), sheet, kinds));
    return FileDownload(std::move(bytes), kXlsxType, "ke-hoach-" + std::to_string(id) + "-nhiem-vu.xlsx");
}

// GET /plans/{id}/tasks/{tid}/units/{org_id}/files/{sha}: a file of the unit's evidence, for those who read
// the unit.
Result<Outcome> EvidenceFile(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t tid, ctx.IdParam("tid"));
    DV_ASSIGN_OR_RETURN(int64_t org_id, ctx.IdParam("org_id"));
    DV_ASSIGN_OR_RETURN(auto t, plan::GetTask(ctx.db(), ctx.scope(), id, tid, ctx.Today()));
    DV_ASSIGN_OR_RETURN(auto e, plan::EvidenceFile(ctx.db(), ctx.scope(), t.id, org_id, ctx.Param("sha")));
    DV_ASSIGN_OR_RETURN(std::string bytes, document::ReadStoredFile(ctx.app().settings().FilesDir(), e.sha256));
    std::string type = document::SniffContentType(bytes, e.name);
    return NamedFileDownload(std::move(bytes), type.empty() ? "application/octet-stream" : type, e.name);
}

}  // namespace

// The home page: the caller's own units' unfinished tasks (late ones marked), and for readers of
// organizations the tasks overdue under them today (the roll-up of their read roots).
std::vector<HomeItem> TaskHomeItems(Context& ctx) {
    constexpr int64_t kShown = 5;
    std::vector<HomeItem> out;
    const std::string today = ctx.Today();
    auto open = plan::OpenTasksOfOwnUnits(ctx.db(), ctx.scope(), kShown + 1);
    for (size_t i = 0; i < open.size() && static_cast<int64_t>(i) < kShown; ++i) {
        const auto& t = open[i];
        const bool late = today > t.due_on;
        out.push_back({HomeItem::Kind::kTodo, t.title, t.org_name,
                       ctx.T(late ? "home.tasks.overdue_since" : "home.tasks.due") + " " + time::FormatShortViIso(t.due_on),
                       UnitHref(t.document_id, t.task_id, t.org_id), late});
    }
    if (static_cast<int64_t>(open.size()) > kShown)
        out.push_back({HomeItem::Kind::kTodo, ctx.T("home.tasks.more"), "", "", "/plans", false});
    if (ctx.scope().AnyAllows(auth::Permission::kRead)) {
        int64_t overdue = 0;
        for (int64_t root : ctx.scope().Roots(auth::Permission::kRead))
            overdue += rollup::Figure(ctx.db(), root, "tasks:overdue", today);
        out.push_back({HomeItem::Kind::kFigure, ctx.T("home.tasks.overdue_figure"), text::GroupThousands(overdue),
                       ctx.T("home.tasks.overdue_figure_note"), "/plans", overdue > 0});
    }
    return out;
}

void RegisterPlanRoutes(Router& r) {
    using namespace schema;
    r.AddComponent("PlanRef", Object({{"id", Int()},
                                      {"label", Str()},
                                      {"title", Str()},
                                      {"issued_on", Nullable(Str())},
                                      {"href", Str()},
                                      {"document_href", Str(), kOptional}}));
    r.AddComponent("Task", Object({{"id", Int()},
                                   {"document_id", Int()},
                                   {"title", Str()},
                                   {"description", Str()},
                                   {"lead_org_id", Nullable(Int())},
                                   {"lead_org_name", Str()},
                                   {"start_on", Str()},
                                   {"due_on", Str()},
                                   {"assigned_how", Str()},
                                   {"assigned_under", Nullable(Int())},
                                   {"units", Int()},
                                   {"done", Int()},
                                   {"overdue", Int()},
                                   {"href", Str()},
                                   {"start_display", Str()},
                                   {"due_display", Str()},
                                   {"counts_label", Str()},
                                   {"has_overdue", Bool()}}));
    const Schema unit_core = Object({{"task_id", Int()},
                                     {"org_id", Int()},
                                     {"org_code", Str()},
                                     {"org_name", Str()},
                                     {"status", Str()},
                                     {"done_on", Nullable(Str())},
                                     {"standing", Str()},
                                     {"comment", Str()},
                                     {"version", Int()},
                                     {"updated_at", Int()},
                                     {"updated_by", Str()}});
    r.AddComponent("TaskUnit", Extend(unit_core, {{"standing_label", Str()},
                                                  {"standing_class", Str()},
                                                  {"done_display", Str()},
                                                  {"href", Str()}}));
    const Schema plans = Object({{"plans", ArrayOf(Extend(Ref("PlanRef"), {{"tasks", Int()}}))},
                                 {"total", Int()},
                                 {"page", Int()},
                                 {"pager", AnyObject(), kOptional},
                                 {"can_assign", Bool(), kOptional}});
    const Schema plan_page = Object({{"plan", Ref("PlanRef")},
                                     {"tasks", ArrayOf(Ref("Task"))},
                                     {"can_assign", Bool()},
                                     {"matrix", AnyObject(), kOptional},
                                     {"export_href", Str(), kOptional},
                                     {"has_tasks", Bool(), kOptional},
                                     {"new_task_href", Str(), kOptional}});
    const Schema task_page = Object({{"plan", Ref("PlanRef")},
                                     {"task", Ref("Task")},
                                     {"units", ArrayOf(Ref("TaskUnit"))},
                                     {"total", Int()},
                                     {"page", Int()},
                                     {"filters", AnyObject(), kOptional},
                                     {"pager", AnyObject(), kOptional}});
    const Schema evidence = Object({{"kind", Str()},
                                    {"sha256", Str(), kOptional},
                                    {"name", Str(), kOptional},
                                    {"document_id", Int(), kOptional}});
    const Schema unit_page = Object({{"plan", Ref("PlanRef")},
                                     {"task", Ref("Task")},
                                     {"unit", Ref("TaskUnit")},
                                     {"history", ArrayOf(Object({{"id", Int()},
                                                                 {"status", Str()},
                                                                 {"done_on", Nullable(Str())},
                                                                 {"comment", Str()},
                                                                 {"evidence", ArrayOf(evidence)},
                                                                 {"by", Str()},
                                                                 {"at", Int()},
                                                                 {"status_label", Str()},
                                                                 {"at_display", Str()},
                                                                 {"done_display", Str()},
                                                                 {"files", ArrayOf(Object({{"name", Str()}, {"href", Str()}})), kOptional}}))},
                                     {"can_update", Bool()},
                                     {"statuses", Choices(), kOptional},
                                     {"values", AnyObject(), kOptional},
                                     {"errors", AnyObject(), kOptional},
                                     {"action", Str(), kOptional}});
    const Schema added = Object({{"task", Ref("Task")}});
    const Schema updated = Object({{"unit", unit_core}});
    const std::vector<FieldSpec> page_query = {{"page", "integer", false, "page number, 20 a page"}};
    const std::vector<FieldSpec> plan_query = {
        {"under", "integer", false, "the unit whose direct units the tasks × units view shows"},
        {"show", "string", false, "\"overdue\": only units with overdue tasks"},
        {"page", "integer", false, "page of the view's rows, 20 a page"}};
    const std::vector<FieldSpec> task_query = {
        {"show", "string", false, "overdue | open | done: units standing so today"},
        {"page", "integer", false, "page number, 20 a page"}};
    const std::vector<FieldSpec> task_fields = {
        {"title", "string", true, "what is to be done"},
        {"description", "string", false, "details"},
        {"lead_org_id", "integer", false, "the unit that leads it"},
        {"start_on", "string", false, "YYYY-MM-DD, default today"},
        {"due_on", "string", true, "YYYY-MM-DD"},
        {"assign", "string", false, "grassroots | subtree (the units under `under`) | list (org_ids)"},
        {"under", "integer", false, "grassroots, subtree: the unit whose units are given the task"},
        {"org_ids", "array", false, "list: the units (integers)"}};
    const std::vector<FieldSpec> update_fields = {
        {"status", "string", true, "not_started | in_progress | done"},
        {"done_on", "string", false, "done: YYYY-MM-DD, default today"},
        {"comment", "string", false, "what was done"},
        {"evidence_document_ids", "array", false, "documents of the register behind it (integers)"},
        {"version", "integer", true, "the version read; another update since answers 409"}};
    r.Add({.method = "GET", .pattern = "/plans", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "plans/list", .summary = "plan.title", .tag = "plans", .handler = PlansPage,
           .query = page_query, .response = plans});
    r.Add({.method = "GET", .pattern = "/api/v1/plans", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Plans with tasks for the caller's units, newest first", .tag = "plans", .handler = PlansPage,
           .query = page_query, .response = plans});
    r.Add({.method = "GET", .pattern = "/plans/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "plans/show", .summary = "plan.title", .tag = "plans", .handler = PlanPage,
           .query = plan_query, .response = plan_page});
    r.Add({.method = "GET", .pattern = "/api/v1/plans/{id}/tasks", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "A plan's tasks with counts over the caller's units", .tag = "plans", .handler = PlanPage,
           .response = plan_page});
    r.Add({.method = "GET", .pattern = "/plans/{id}/export.xlsx", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "A plan's tasks × units, where each unit stands today (XLSX)", .tag = "plans", .handler = Export,
           .response = File()});
    r.Add({.method = "GET", .pattern = "/plans/{id}/tasks/new", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "plans/new_task", .summary = "plan.form.title", .tag = "plans", .handler = NewTaskPage,
           .response = AnyObject()});
    r.Add({.method = "POST", .pattern = "/plans/{id}/tasks", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "plan.form.title", .tag = "plans", .handler = AddTask, .form_template = "plans/new_task",
           .form_model = NewTaskPage, .body = task_fields, .response = added, .other_statuses = {201}});
    r.Add({.method = "POST", .pattern = "/api/v1/plans/{id}/tasks", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Add a task to a plan and give it to units", .tag = "plans", .handler = AddTask,
           .body = task_fields, .success_status = 201, .response = added});
    r.Add({.method = "GET", .pattern = "/plans/{id}/tasks/{tid}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "plans/task", .summary = "plan.task", .tag = "plans", .handler = TaskPage,
           .query = task_query, .response = task_page});
    r.Add({.method = "GET", .pattern = "/plans/{id}/tasks/{tid}/units/{org_id}", .kind = Kind::kHtml,
           .access = Access::kSignedIn, .template_name = "plans/unit", .summary = "plan.task", .tag = "plans",
           .handler = UnitPage, .response = unit_page});
    auto form_update_fields = update_fields;
    form_update_fields.push_back({"evidence_file", "file", false, "a file behind it (PDF, DOCX, DOC, XLSX, JPEG, PNG, TIFF)"});
    r.Add({.method = "POST", .pattern = "/plans/{id}/tasks/{tid}/units/{org_id}", .kind = Kind::kHtml,
           .access = Access::kSignedIn, .summary = "plan.task", .tag = "plans", .handler = UpdateUnit,
           .form_template = "plans/unit", .form_model = UnitPage, .body = form_update_fields, .response = updated});
    r.Add({.method = "GET", .pattern = "/plans/{id}/tasks/{tid}/units/{org_id}/files/{sha}", .kind = Kind::kHtml,
           .access = Access::kSignedIn, .summary = "A file of a unit's evidence on a task", .tag = "plans",
           .handler = EvidenceFile, .response = File()});
    r.Add({.method = "PUT", .pattern = "/api/v1/tasks/{tid}/units/{org_id}", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Record where a unit stands on a task", .tag = "plans",
           .handler = UpdateUnit, .body = update_fields, .response = updated});
}

}  // namespace dv::web
