// report routes: rounds (open one, its completeness and totals rolled up the tree, the reports behind each
// figure, reminders, the XLSX export, the texts gathered per unit), each unit's report (fill, save, submit;
// return or accept; every version and a comparison of two), and the JSON API over the same handlers.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/text.h"
#include "core/time.h"
#include "document/distribution.h"
#include "document/service.h"
#include "org/service.h"
#include "report/service.h"
#include "web/context.h"
#include "web/home.h"

namespace dv::web {

namespace {

constexpr int kRowsPerPage = 20;
constexpr size_t kMaxListedUnits = 300;
// Blank rows a table field offers below its filled ones.
constexpr int kBlankRows = 3;

std::string RoundHref(int64_t id) { return "/report-rounds/" + std::to_string(id); }
std::string ReportHref(int64_t round, int64_t org) { return RoundHref(round) + "/reports/" + std::to_string(org); }
std::string ListHref(int64_t round, int64_t under, const std::string& show) {
    return RoundHref(round) + "/reports?under=" + std::to_string(under) + (show.empty() ? "" : "&show=" + show);
}

std::string PeriodLabel(const report::Round& r) {
    return time::FormatShortViIso(r.period_from) + " – " + time::FormatShortViIso(r.period_to);
}

const char* StatusClass(report::Status s) {
    switch (s) {
        case report::Status::kAccepted: return "badge-ok";
        case report::Status::kSubmitted: return "badge-wait";
        case report::Status::kReturned: return "badge-late";
        default: return "badge-off";
    }
}

boost::json::object RoundView(Context& ctx, const report::Round& r) {
    auto j = report::ToJson(r);
    j["href"] = RoundHref(r.id);
    j["period_label"] = ctx.T(std::string("report.period.") + report::ToString(r.period_kind)) + ": " + PeriodLabel(r);
    j["opens_display"] = time::FormatShortViIso(r.opens_on);
    j["due_display"] = time::FormatShortViIso(r.due_on);
    j["template_href"] = "/report-templates/" + std::to_string(r.template_id) + "?version=" + std::to_string(r.template_version);
    if (r.document_id) j["document_href"] = "/documents/" + std::to_string(*r.document_id);
    return j;
}

boost::json::object ReportRow(Context& ctx, const report::Report& rep, const report::Round& r, const std::string& today) {
    auto j = report::ToJson(rep, r, today);
    j["href"] = ReportHref(r.id, rep.org_id);
    j["status_label"] = ctx.T(std::string("report.status.") + report::ToString(rep.status));
    j["status_class"] = StatusClass(rep.status);
    const auto t = report::TimelinessOf(rep, r.due_on, today);
    j["timeliness_label"] = ctx.T(std::string("report.timeliness.") + report::ToString(t));
    j["is_late"] = t == report::Timeliness::kLate || t == report::Timeliness::kOverdue;
    j["submitted_display"] = rep.first_submitted_on.empty() ? "" : time::FormatShortViIso(rep.first_submitted_on);
    j["can_remind"] = rep.status == report::Status::kNotStarted || rep.status == report::Status::kDraft ||
                      rep.status == report::Status::kReturned;
    return j;
}

// The completeness figures with their labels and the list behind each.
boost::json::object CountsView(Context& ctx, const report::Counts& c, int64_t round, int64_t under) {
    auto j = report::ToJson(c);
    boost::json::array items;
    auto item = [&](const char* key, int64_t n, const char* show, bool alert) {
        items.push_back(boost::json::object{{"label", ctx.T(std::string("report.counts.") + key)},
                                            {"value", text::GroupThousands(n)},
                                            {"href", ListHref(round, under, show)},
                                            {"alert", alert && n > 0}});
    };
    item("expected", c.expected, "", false);
    item("on_time", c.on_time, "submitted", false);
    item("late", c.late, "late", true);
    item("missing", c.missing, "chase", true);
    item("returned", c.returned, "returned", true);
    item("awaiting", c.awaiting, "awaiting", false);
    item("accepted", c.accepted, "accepted", false);
    j["items"] = std::move(items);
    j["summary"] = text::Fill(ctx.T("report.counts.summary"), {{"submitted", text::GroupThousands(c.submitted)},
                                                               {"expected", text::GroupThousands(c.expected)}});
    return j;
}

// The form's numbers summed (and percentages recomputed from the sums) as sections of lines.
boost::json::array TotalsView(Context& ctx, const report::Round& r, const std::map<std::string, int64_t>& totals) {
    auto get = [&](const std::string& k) {
        auto it = totals.find(k);
        return it == totals.end() ? int64_t{0} : it->second;
    };
    boost::json::array sections;
    for (const auto& s : r.form.sections) {
        boost::json::array lines;
        for (const auto& f : s.fields) {
            using report::FieldType;
            if (f.type == FieldType::kInt)
                lines.push_back(boost::json::object{{"label", f.label}, {"value", text::GroupThousands(get(f.key))}});
            else if (f.type == FieldType::kBool)
                lines.push_back(boost::json::object{
                    {"label", f.label}, {"value", text::Fill(ctx.T("report.totals.yes_units"), {{"n", text::GroupThousands(get(f.key))}})}});
            else if (f.type == FieldType::kPercent)
                lines.push_back(boost::json::object{{"label", f.label}, {"value", report::Percent(get(f.num), get(f.den))},
                                                    {"note", ctx.T("report.totals.percent_note")}});
            else if (f.type == FieldType::kTable)
                for (const auto& c : f.columns)
                    if (c.type == FieldType::kInt)
                        lines.push_back(boost::json::object{{"label", f.label + " — " + c.label},
                                                            {"value", text::GroupThousands(get(f.key + "." + c.key))}});
        }
        if (!lines.empty()) sections.push_back(boost::json::object{{"title", s.title}, {"lines", std::move(lines)}});
    }
    return sections;
}

// The caller's top for a round's views: the round's unit when readable, else their first read root.
std::optional<int64_t> DefaultUnder(Context& ctx, const report::Round& r) {
    if (org::Get(ctx.db(), ctx.scope(), r.owner_org_id).ok()) return r.owner_org_id;
    auto roots = ctx.scope().Roots(auth::Permission::kRead);
    if (roots.empty()) return std::nullopt;
    return roots.front();
}

Result<int64_t> UnderQuery(Context& ctx, const report::Round& r) {
    DV_ASSIGN_OR_RETURN(auto q, IdQuery(ctx, "under"));
    if (q) {
        if (!org::Get(ctx.db(), ctx.scope(), *q).ok()) return Error::NotFound();
        return *q;
    }
    auto d = DefaultUnder(ctx, r);
    if (!d) return Error::NotFound();
    return *d;
}

// GET /reports and GET /api/v1/report-rounds: the rounds the caller sees, and their own to-do.
Result<Outcome> RoundsPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    const std::string today = ctx.Today();
    auto rounds = report::Rounds(ctx.db(), ctx.scope(), page, kRowsPerPage);
    boost::json::array list;
    for (const auto& r : rounds.rounds) {
        auto v = RoundView(ctx, r);
        if (auto under = DefaultUnder(ctx, r)) {
            auto c = report::CountsOf(ctx.db(), r.id, *under, today);
            v["counts"] = report::ToJson(c);
            v["counts_label"] = text::Fill(ctx.T("report.counts.line"), {{"submitted", text::GroupThousands(c.submitted)},
                                                                         {"expected", text::GroupThousands(c.expected)},
                                                                         {"late", text::GroupThousands(c.late + c.overdue)},
                                                                         {"returned", text::GroupThousands(c.returned)}});
        }
        list.push_back(std::move(v));
    }
    Outcome out;
    out.model = {{"rounds", std::move(list)}, {"total", rounds.total}, {"page", page}};
    if (!ctx.json()) {
        auto todo = [&](const std::vector<report::Todo>& items) {
            boost::json::array a;
            for (const auto& t : items)
                a.push_back(boost::json::object{{"title", t.title},
                                                {"org_name", t.org_name},
                                                {"due_display", time::FormatShortViIso(t.due_on)},
                                                {"late", today > t.due_on},
                                                {"status_label", ctx.T(std::string("report.status.") + report::ToString(t.status))},
                                                {"href", ReportHref(t.round_id, t.org_id)}});
            return a;
        };
        auto fill = todo(report::ReportsToFill(ctx.db(), ctx.scope(), today, 20));
        auto review = todo(report::ReportsToReview(ctx.db(), ctx.scope(), 20));
        out.model["has_fill"] = !fill.empty();
        out.model["has_review"] = !review.empty();
        out.model["to_fill"] = std::move(fill);
        out.model["to_review"] = std::move(review);
        out.model["pager"] = Pager(ctx, rounds.total, page, kRowsPerPage, "/reports?page=");
        out.model["can_open"] = ctx.scope().AnyAllows(auth::Permission::kWrite);
    }
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"", ctx.T("report.title")}};
    return out;
}

// GET /report-rounds/new?template_id=: the form to open a round.
Result<Outcome> NewRoundPage(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kWrite)) return Error::Forbidden();
    std::vector<std::pair<std::string, std::string>> templates;
    for (const auto& t : report::Templates(ctx.db(), ctx.scope()))
        if (report::CanEditTemplate(ctx.db(), ctx.scope(), t))
            templates.emplace_back(std::to_string(t.id), t.name + " (" + t.owner_name + ")");
    std::string chosen = FormValue(ctx, "template_id");
    if (chosen.empty()) chosen = ctx.Query("template_id");
    auto units = document::distribution::SendableUnits(ctx.db(), ctx.scope());
    std::vector<std::pair<std::string, std::string>> tops;
    boost::json::array boxes;
    for (const auto& u : units) {
        if (units.size() <= kMaxListedUnits || u.level < 2) tops.emplace_back(std::to_string(u.org.id), u.org.name);
        if (units.size() <= kMaxListedUnits && u.org.depth > 0)
            boxes.push_back(boost::json::object{{"id", u.org.id},
                                                {"name", u.org.name},
                                                {"depth", u.org.depth},
                                                {"checked", ctx.input().fields().contains("unit_" + std::to_string(u.org.id))}});
    }
    std::vector<std::pair<std::string, std::string>> kinds;
    for (auto k : {report::PeriodKind::kHalf, report::PeriodKind::kYear, report::PeriodKind::kQuarter,
                   report::PeriodKind::kMonth, report::PeriodKind::kCustom})
        kinds.emplace_back(report::ToString(k), ctx.T(std::string("report.period.") + report::ToString(k)));
    std::string assign = FormValue(ctx, "assign");
    if (assign.empty()) assign = "grassroots";
    Outcome out;
    out.model = {{"template_options", Options(templates, chosen)},
                 {"has_templates", !templates.empty()},
                 {"kind_options", Options(kinds, FormValue(ctx, "period_kind"))},
                 {"under_options", Options(tops, FormValue(ctx, "under"))},
                 {"units", std::move(boxes)},
                 {"units_listed", units.size() <= kMaxListedUnits},
                 {"assign_grassroots", assign == "grassroots"},
                 {"assign_subtree", assign == "subtree"},
                 {"assign_list", assign == "list"},
                 {"values", boost::json::object{}},
                 {"errors", boost::json::object{}}};
    out.title = ctx.T("report.new_round.title");
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/reports", ctx.T("report.title")}, {"", ctx.T("report.new_round.title")}};
    return out;
}

// POST /report-rounds (form) and POST /api/v1/report-rounds (JSON).
Result<Outcome> OpenRound(Context& ctx) {
    auto& in = ctx.input();
    report::RoundInput r;
    r.template_id = in.Int("template_id").value_or(0);
    r.title = in.Str("title", false, 0, 300);
    r.period_kind = in.Str("period_kind", false, 0, 20);
    r.period_from = in.DateForService("period_from");
    r.period_to = in.DateForService("period_to");
    r.opens_on = in.DateForService("opens_on");
    r.due_on = in.DateForService("due_on");
    r.assign = in.Str("assign", false, 0, 20);
    r.under = in.Int("under", false);
    r.org_ids = in.Ids("org_ids", "unit_");
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto round, report::OpenRound(ctx.db(), ctx.scope(), r, ctx.actor(), ctx.now(), ctx.Today()));
    Outcome out;
    out.status = 201;
    out.model = {{"round", RoundView(ctx, round)}};
    out.redirect = RoundHref(round.id);
    out.flash = "flash.round_opened";
    return out;
}

// GET /report-rounds/{id}: completeness of the subtree of `under` and of its direct units, the totals.
Result<Outcome> RoundPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    DV_ASSIGN_OR_RETURN(auto r, report::GetRound(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(int64_t under, UnderQuery(ctx, r));
    const std::string today = ctx.Today();
    auto self = org::Get(ctx.db(), ctx.scope(), under);
    auto counts = report::CountsOf(ctx.db(), id, under, today);
    // The direct units with reports asked in their subtree, a page of them.
    std::vector<org::Org> kids;
    if (auto k = org::Children(ctx.db(), ctx.scope(), under, today); k.ok()) kids = std::move(k.value());
    std::vector<int64_t> ids;
    for (const auto& o : kids) ids.push_back(o.id);
    auto kid_counts = report::CountsOf(ctx.db(), id, ids, today);
    std::vector<const org::Org*> rows;
    for (const auto& o : kids)
        if (kid_counts[o.id].expected > 0) rows.push_back(&o);
    const auto total_rows = static_cast<int64_t>(rows.size());
    const size_t from = std::min(rows.size(), static_cast<size_t>(page - 1) * kRowsPerPage);
    const size_t to = std::min(rows.size(), from + kRowsPerPage);
    boost::json::array out_rows;
    for (size_t i = from; i < to; ++i) {
        const auto& o = *rows[i];
        const auto& c = kid_counts[o.id];
        boost::json::object row{{"org_id", o.id},
                                {"org_name", o.name},
                                {"href", RoundHref(id) + "?under=" + std::to_string(o.id)},
                                {"counts", report::ToJson(c)},
                                {"late_total", c.late + c.overdue},
                                {"chase_href", ListHref(id, o.id, "chase")}};
        // A unit that reports itself and has nothing under it: its own report, one click away.
        if (c.expected == 1) row["report_href"] = ReportHref(id, o.id);
        out_rows.push_back(std::move(row));
    }
    Outcome out;
    out.model = {{"round", RoundView(ctx, r)},
                 {"under", under},
                 {"under_name", self.ok() ? self.value().name : ""},
                 {"counts", CountsView(ctx, counts, id, under)},
                 {"rows", std::move(out_rows)},
                 {"total_rows", total_rows},
                 {"totals", TotalsView(ctx, r, report::TotalsOf(ctx.db(), r, under, today))},
                 {"can_manage", report::CanManageRound(ctx.db(), ctx.scope(), r)}};
    if (!ctx.json()) {
        if (self.ok() && self.value().parent_id && org::Get(ctx.db(), ctx.scope(), *self.value().parent_id).ok() &&
            under != r.owner_org_id)
            out.model["up_href"] = RoundHref(id) + "?under=" + std::to_string(*self.value().parent_id);
        out.model["pager"] = Pager(ctx, total_rows, page, kRowsPerPage, RoundHref(id) + "?under=" + std::to_string(under) + "&page=");
        out.model["chase_href"] = ListHref(id, under, "chase");
        out.model["all_href"] = ListHref(id, under, "");
        out.model["texts_href"] = RoundHref(id) + "/texts?under=" + std::to_string(under);
        out.model["export_href"] = RoundHref(id) + "/export.xlsx?under=" + std::to_string(under);
        out.model["remind_action"] = RoundHref(id) + "/remind";
        out.model["link_action"] = RoundHref(id) + "/document";
        out.model["has_missing"] = counts.missing + counts.returned > 0;
    }
    out.title = r.title;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/reports", ctx.T("report.title")}, {"", r.title}};
    return out;
}

// GET /report-rounds/{id}/reports: the reports behind a figure (filtered, paged), with boxes to remind.
Result<Outcome> ReportsPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    DV_ASSIGN_OR_RETURN(auto r, report::GetRound(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(int64_t under, UnderQuery(ctx, r));
    const std::string show = ctx.Query("show");
    const std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(auto rows, report::Reports(ctx.db(), ctx.scope(), r, under, show, page, kRowsPerPage));
    boost::json::array list;
    bool remindable = false;
    for (const auto& rep : rows.reports) {
        list.push_back(ReportRow(ctx, rep, r, today));
        remindable = remindable || list.back().as_object().at("can_remind").as_bool();
    }
    Outcome out;
    out.model = {{"round", RoundView(ctx, r)}, {"reports", std::move(list)}, {"total", rows.total}, {"page", page}};
    if (!ctx.json()) {
        out.model["has_remindable"] = remindable;
        boost::json::array filters;
        for (const char* s : {"", "chase", "late", "returned", "awaiting", "accepted", "submitted"})
            filters.push_back(boost::json::object{{"label", ctx.T(std::string("report.show.") + (*s ? s : "all"))},
                                                  {"href", ListHref(id, under, s)},
                                                  {"current", show == s}});
        out.model["filters"] = std::move(filters);
        auto self = org::Get(ctx.db(), ctx.scope(), under);
        out.model["under_name"] = self.ok() ? self.value().name : "";
        out.model["under"] = under;
        out.model["pager"] = Pager(ctx, rows.total, page, kRowsPerPage, ListHref(id, under, show) + "&page=");
        out.model["can_manage"] = report::CanManageRound(ctx.db(), ctx.scope(), r);
        out.model["remind_action"] = RoundHref(id) + "/remind";
        out.model["show_label"] = ctx.T(std::string("report.show.") + (show.empty() ? "all" : show));
    }
    out.title = r.title;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/reports", ctx.T("report.title")}, {RoundHref(id), r.title},
                       {"", ctx.T("report.list_title")}};
    return out;
}

// ---- One report

// The values a report form posts: v_<key> for a field, v_<key>__<row>__<column> for a table's cells.
boost::json::object PostedValues(Context& ctx, const report::Form& form) {
    boost::json::object raw;
    const auto& f = ctx.input().fields();
    auto text = [&](const std::string& name) -> std::string {
        const auto* v = f.if_contains(name);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    for (const auto& s : form.sections)
        for (const auto& x : s.fields) {
            const std::string name = "v_" + x.key;
            if (x.type == report::FieldType::kTable) {
                boost::json::array rows;
                for (int r = 0; r < x.max_rows + kBlankRows; ++r) {
                    boost::json::object row;
                    bool any_cell = false;
                    for (const auto& c : x.columns) {
                        const std::string cell = name + "__" + std::to_string(r) + "__" + c.key;
                        if (!f.contains(cell)) continue;
                        any_cell = true;
                        row[c.key] = text(cell);
                    }
                    if (!any_cell) break;
                    rows.push_back(std::move(row));
                }
                raw[x.key] = std::move(rows);
            } else if (x.type != report::FieldType::kPercent) {
                raw[x.key] = text(name);
            }
        }
    return raw;
}

std::string ValueText(const boost::json::value* v) {
    if (!v || v->is_null()) return "";
    if (v->is_int64()) return std::to_string(v->as_int64());
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_bool()) return v->as_bool() ? "1" : "0";
    return "";
}

std::string DisplayText(Context& ctx, const report::Field& f, const boost::json::value* v) {
    if (!v || v->is_null()) return ctx.T("report.empty_value");
    if (f.type == report::FieldType::kInt && v->is_int64()) return text::GroupThousands(v->as_int64());
    if (f.type == report::FieldType::kBool && v->is_bool()) return ctx.T(v->as_bool() ? "report.yes" : "report.no");
    return ValueText(v);
}

// The form's fields with what to show: values (stored, or as posted when shown again), each field's
// error (from a refused save) or problem (a rule the saved values break).
boost::json::array FieldsView(Context& ctx, const report::Form& form, const report::Values& stored,
                              const boost::json::object* posted, const std::vector<FieldError>& errors,
                              const std::vector<FieldError>& problems, bool editable) {
    std::map<std::string, std::string> message;  // field -> translated message
    auto note = [&](const std::vector<FieldError>& list) {
        for (const auto& e : list)
            if (!message.count(e.field)) message[e.field] = text::Fill(ctx.T(e.message), e.params);
    };
    note(errors);
    note(problems);
    auto num = [&](const std::string& key) -> std::optional<int64_t> {
        const auto* v = stored.if_contains(key);
        return v && v->is_int64() ? std::optional<int64_t>(v->as_int64()) : std::nullopt;
    };
    boost::json::array sections;
    for (const auto& s : form.sections) {
        boost::json::array fields;
        for (const auto& f : s.fields) {
            using report::FieldType;
            const std::string where = "values." + f.key;
            const boost::json::value* v = posted ? posted->if_contains(f.key) : stored.if_contains(f.key);
            boost::json::object o{{"key", f.key},
                                  {"name", "v_" + f.key},
                                  {"id", "v_" + f.key},
                                  {"label", f.label},
                                  {"hint", f.hint},
                                  {"required", f.required},
                                  {"is_int", f.type == FieldType::kInt},
                                  {"is_percent", f.type == FieldType::kPercent},
                                  {"is_bool", f.type == FieldType::kBool},
                                  {"is_text", f.type == FieldType::kText},
                                  {"is_table", f.type == FieldType::kTable},
                                  {"editable", editable}};
            if (message.count(where)) o["error"] = message[where];
            std::string rule;
            if (f.min && f.max) rule = text::Fill(ctx.T("report.rule.between"), {{"min", text::GroupThousands(*f.min)}, {"max", text::GroupThousands(*f.max)}});
            else if (f.min) rule = text::Fill(ctx.T("report.rule.min"), {{"min", text::GroupThousands(*f.min)}});
            else if (f.max) rule = text::Fill(ctx.T("report.rule.max"), {{"max", text::GroupThousands(*f.max)}});
            if (f.max_members) rule += (rule.empty() ? "" : "; ") + ctx.T("report.rule.max_members");
            if (!rule.empty()) o["rule"] = rule;
            if (f.type == FieldType::kPercent) {
                const auto* nf = form.Find(f.num);
                const auto* df = form.Find(f.den);
                o["display"] = num(f.num) && num(f.den) ? report::Percent(*num(f.num), *num(f.den)) : ctx.T("report.empty_value");
                o["rule"] = text::Fill(ctx.T("report.rule.percent"), {{"num", nf ? nf->label : f.num}, {"den", df ? df->label : f.den}});
            } else if (f.type == FieldType::kTable) {
                boost::json::array cols;
                for (const auto& c : f.columns) cols.push_back(boost::json::object{{"label", c.label}, {"is_int", c.type == FieldType::kInt}});
                o["columns"] = std::move(cols);
                boost::json::array rows;
                const auto* arr = v && v->is_array() ? &v->as_array() : nullptr;
                const size_t filled = arr ? arr->size() : 0;
                const size_t shown = editable ? std::min<size_t>(f.max_rows, filled + kBlankRows) : filled;
                for (size_t r = 0; r < shown; ++r) {
                    boost::json::array cells;
                    for (const auto& c : f.columns) {
                        const boost::json::value* cv = r < filled && (*arr)[r].is_object() ? (*arr)[r].as_object().if_contains(c.key) : nullptr;
                        const std::string cell_where = where + "[" + std::to_string(r) + "]." + c.key;
                        boost::json::object cell{{"name", "v_" + f.key + "__" + std::to_string(r) + "__" + c.key},
                                                 {"value", ValueText(cv)},
                                                 {"display", cv ? (c.type == FieldType::kInt && cv->is_int64() ? text::GroupThousands(cv->as_int64()) : ValueText(cv)) : ""},
                                                 {"label", c.label},
                                                 {"is_int", c.type == FieldType::kInt}};
                        if (message.count(cell_where)) cell["error"] = message[cell_where];
                        cells.push_back(std::move(cell));
                    }
                    rows.push_back(boost::json::object{{"n", r + 1}, {"cells", std::move(cells)}});
                }
                o["rows"] = std::move(rows);
                o["has_rows"] = shown > 0;
            } else {
                o["value"] = ValueText(v);
                o["display"] = DisplayText(ctx, f, v);
                if (f.type == FieldType::kBool) {
                    const std::string val = ValueText(v);
                    o["yes"] = val == "1" || val == "true";
                    o["no"] = val == "0" || val == "false";
                }
            }
            fields.push_back(std::move(o));
        }
        sections.push_back(boost::json::object{{"title", s.title}, {"fields", std::move(fields)}});
    }
    return sections;
}

// A comparison of two submissions: the fields whose values differ, before and after.
boost::json::array CompareView(Context& ctx, const report::Form& form, const report::Values& a, const report::Values& b) {
    boost::json::array out;
    for (const auto& s : form.sections)
        for (const auto& f : s.fields) {
            if (f.type == report::FieldType::kPercent) continue;
            const auto* va = a.if_contains(f.key);
            const auto* vb = b.if_contains(f.key);
            const bool same = (!va && !vb) || (va && vb && *va == *vb);
            auto show = [&](const boost::json::value* v) {
                if (f.type == report::FieldType::kTable)
                    return v && v->is_array() ? text::Fill(ctx.T("report.rows_count"), {{"n", std::to_string(v->as_array().size())}})
                                              : ctx.T("report.empty_value");
                return DisplayText(ctx, f, v);
            };
            out.push_back(boost::json::object{{"label", f.label}, {"before", show(va)}, {"after", show(vb)}, {"changed", !same}});
        }
    return out;
}

Result<Outcome> ReportModel(Context& ctx, const boost::json::object* posted, const std::vector<FieldError>& errors) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t org_id, ctx.IdParam("org_id"));
    DV_ASSIGN_OR_RETURN(auto compare_a, IntQuery(ctx, "a"));
    DV_ASSIGN_OR_RETURN(auto compare_b, IntQuery(ctx, "b"));
    DV_ASSIGN_OR_RETURN(auto version_q, IntQuery(ctx, "version"));
    const std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(auto r, report::GetRound(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto rec, report::ReportOf(ctx.db(), ctx.scope(), r, org_id, today));
    Outcome out;
    out.model = {{"round", RoundView(ctx, r)},
                 {"report", ReportRow(ctx, rec.report, r, today)},
                 {"can_edit", rec.can_edit},
                 {"can_review", rec.can_review},
                 {"members", rec.members ? boost::json::value(*rec.members) : boost::json::value(nullptr)}};
    boost::json::array problems;
    for (const auto& p : rec.problems)
        problems.push_back(boost::json::object{{"field", p.field}, {"code", p.code}, {"detail", text::Fill(ctx.T(p.message), p.params)}});
    out.model["problems"] = std::move(problems);
    boost::json::array events;
    const report::Event* last_return = nullptr;
    std::map<int, const report::Event*> submissions;
    for (const auto& e : rec.events) {
        auto j = report::ToJson(e);
        if (ctx.json()) {
            events.push_back(std::move(j));
        } else {
            j.erase("values");
            j["label"] = e.kind == "submit" ? text::Fill(ctx.T("report.event.submit"), {{"n", std::to_string(e.seq)}})
                                            : ctx.T("report.event." + e.kind);
            j["day_display"] = time::FormatShortViIso(e.on_day);
            j["at_display"] = DisplayDateTime(ctx, e.at);
            if (e.kind == "submit") j["view_href"] = ReportHref(id, org_id) + "?version=" + std::to_string(e.seq) + "#content";
            events.push_back(std::move(j));
        }
        if (e.kind == "return" && !last_return) last_return = &e;
        if (e.kind == "submit") submissions[e.seq] = &e;
    }
    out.model["events"] = std::move(events);
    if (!ctx.json()) {
        if (rec.report.status == report::Status::kReturned && last_return)
            out.model["returned_comment"] = last_return->comment;
        const bool old_version = version_q && submissions.count(*version_q);
        const report::Values& shown = old_version ? submissions[*version_q]->values : rec.report.values;
        const bool editable = rec.can_edit && !old_version;
        out.model["editing"] = editable;
        out.model["sections"] = FieldsView(ctx, r.form, shown, editable ? posted : nullptr, errors,
                                           editable && !posted ? rec.problems : std::vector<FieldError>{}, editable);
        if (old_version) out.model["version_label"] = text::Fill(ctx.T("report.viewing_version"), {{"n", std::to_string(*version_q)}});
        if (submissions.size() >= 2) {
            const int b = compare_b && submissions.count(*compare_b) ? *compare_b : submissions.rbegin()->first;
            const int a = compare_a && submissions.count(*compare_a) ? *compare_a : std::prev(submissions.end(), 2)->first;
            out.model["compare"] = boost::json::object{
                {"a", a}, {"b", b},
                {"title", text::Fill(ctx.T("report.compare_title"), {{"a", std::to_string(a)}, {"b", std::to_string(b)}})},
                {"lines", CompareView(ctx, r.form, submissions[a]->values, submissions[b]->values)}};
        }
        // The problems next to their fields' labels, each a link to its field.
        boost::json::array problem_list;
        if (editable && !posted)
            for (const auto& p : rec.problems) {
                std::string key = p.field.rfind("values.", 0) == 0 ? p.field.substr(7) : p.field;
                key = key.substr(0, key.find_first_of("[."));
                const auto* f = r.form.Find(key);
                problem_list.push_back(boost::json::object{{"label", f ? f->label : key},
                                                           {"anchor", "f-" + key},
                                                           {"detail", text::Fill(ctx.T(p.message), p.params)}});
            }
        out.model["has_problems"] = !problem_list.empty();
        out.model["problem_list"] = std::move(problem_list);
        if (rec.members)
            out.model["members_label"] = text::Fill(ctx.T("report.members_note"), {{"n", text::GroupThousands(*rec.members)}});
        boost::json::object errs;
        for (const auto& e : errors)
            if (!errs.contains(e.field)) errs[e.field] = text::Fill(ctx.T(e.message), e.params);
        if (!errors.empty()) out.model["error_summary"] = ctx.T(errors.front().code == "changed" ? "error.stale_version" : "error.invalid");
        out.model["errors"] = std::move(errs);
        out.model["version"] = rec.report.version;
        out.model["action"] = ReportHref(id, org_id);
        out.model["review_action"] = ReportHref(id, org_id) + "/review";
        out.model["round_href"] = RoundHref(id) + "?under=" + std::to_string(rec.report.parent_id.value_or(r.owner_org_id));
        if (rec.carried_by)
            if (auto c = org::Get(ctx.db(), auth::Scope::System(), *rec.carried_by); c.ok())
                out.model["carried_by_name"] = c.value().name;
        out.model["comment"] = FormValue(ctx, "comment");
    } else {
        out.model["carried_by"] = rec.carried_by ? boost::json::value(*rec.carried_by) : boost::json::value(nullptr);
    }
    out.title = rec.report.org_name + ": " + r.title;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/reports", ctx.T("report.title")}, {RoundHref(id), r.title},
                       {"", rec.report.org_name}};
    return out;
}

// GET /report-rounds/{id}/reports/{org_id} (page) and GET /api/v1/report-rounds/{id}/reports/{org_id}.
Result<Outcome> ReportPage(Context& ctx) { return ReportModel(ctx, nullptr, {}); }

// A refused form post shown again: the page with what was typed and what is wrong.
Result<Outcome> ShowAgain(Context& ctx, const boost::json::object& posted, const Error& err) {
    DV_ASSIGN_OR_RETURN(auto out, ReportModel(ctx, &posted, err.field_errors));
    out.status = HttpStatus(err.code);
    out.template_name = "reports/report";
    if (err.field_errors.empty()) out.model["error_summary"] = ctx.T(err.message);
    else if (err.message != "error.invalid") out.model["error_summary"] = ctx.T(err.message);
    return out;
}

// POST /report-rounds/{id}/reports/{org_id} (form: v_* fields, version, op=save|submit).
Result<Outcome> PostReport(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t org_id, ctx.IdParam("org_id"));
    DV_ASSIGN_OR_RETURN(auto r, report::GetRound(ctx.db(), ctx.scope(), id));
    auto& in = ctx.input();
    auto version = in.Int("version", false);
    const std::string op = in.Str("op", false, 0, 20);
    DV_TRY(in.Finish());
    const auto posted = PostedValues(ctx, r.form);
    const std::string today = ctx.Today();
    Outcome out;
    out.redirect = ReportHref(id, org_id);
    if (op == "submit") {
        auto s = report::Submit(ctx.db(), ctx.scope(), id, org_id, posted, version, ctx.actor(), ctx.now(), today);
        if (!s.ok()) {
            if (s.error().field_errors.empty() && s.error().code != ErrorCode::kConflict) return s.error();
            return ShowAgain(ctx, posted, s.error());
        }
        out.flash = today > r.due_on ? "flash.report_submitted_late" : "flash.report_submitted";
        return out;
    }
    auto s = report::SaveDraft(ctx.db(), ctx.scope(), id, org_id, posted, version, ctx.actor(), ctx.now(), today);
    if (!s.ok()) {
        if (s.error().field_errors.empty() && s.error().code != ErrorCode::kConflict) return s.error();
        return ShowAgain(ctx, posted, s.error());
    }
    out.flash = s.value().problems.empty() ? "flash.report_saved" : "flash.report_saved_problems";
    return out;
}

// PUT /api/v1/report-rounds/{id}/reports/{org_id}: save a draft ({values, version}).
Result<Outcome> PutReport(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t org_id, ctx.IdParam("org_id"));
    auto& in = ctx.input();
    auto version = in.Int("version", true);
    const auto* v = in.fields().if_contains("values");
    if (!v || !v->is_object()) in.AddError("values", "not_object", "field.not_object");
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto r, report::GetRound(ctx.db(), ctx.scope(), id));
    const std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(auto s, report::SaveDraft(ctx.db(), ctx.scope(), id, org_id, v->as_object(), version, ctx.actor(),
                                                  ctx.now(), today));
    boost::json::array problems;
    for (const auto& p : s.problems)
        problems.push_back(boost::json::object{{"field", p.field}, {"code", p.code}, {"detail", text::Fill(ctx.T(p.message), p.params)}});
    Outcome out;
    out.model = {{"report", report::ToJson(s.report, r, today)}, {"problems", std::move(problems)}};
    return out;
}

// POST /api/v1/report-rounds/{id}/reports/{org_id}/submit ({values?, version}).
Result<Outcome> SubmitApi(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t org_id, ctx.IdParam("org_id"));
    auto& in = ctx.input();
    auto version = in.Int("version", true);
    std::optional<boost::json::object> values;
    if (const auto* v = in.fields().if_contains("values")) {
        if (v->is_object()) values = v->as_object();
        else in.AddError("values", "not_object", "field.not_object");
    }
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto r, report::GetRound(ctx.db(), ctx.scope(), id));
    const std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(auto rep, report::Submit(ctx.db(), ctx.scope(), id, org_id, values, version, ctx.actor(), ctx.now(), today));
    Outcome out;
    out.model = {{"report", report::ToJson(rep, r, today)}};
    return out;
}

// POST /report-rounds/{id}/reports/{org_id}/review (form: op=accept|return, comment, version) and the API's
// POST …/return and …/accept.
Result<Outcome> Review(Context& ctx, std::optional<bool> accept_fixed) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t org_id, ctx.IdParam("org_id"));
    auto& in = ctx.input();
    auto version = in.Int("version", true);
    const std::string comment = in.Text("comment", false, 0, 4000);
    std::string op = accept_fixed ? (*accept_fixed ? "accept" : "return") : in.Str("op", true, 1, 20);
    if (op != "accept" && op != "return") in.AddError("op", "invalid_choice", "field.invalid_choice");
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto r, report::GetRound(ctx.db(), ctx.scope(), id));
    const std::string today = ctx.Today();
    auto rep = op == "accept"
                   ? report::Accept(ctx.db(), ctx.scope(), id, org_id, version, ctx.actor(), ctx.now(), today)
                   : report::Return(ctx.db(), ctx.scope(), id, org_id, comment, version, ctx.actor(), ctx.now(), today);
    if (!rep.ok()) {
        if (!ctx.json() && !rep.error().field_errors.empty()) return ShowAgain(ctx, boost::json::object{}, rep.error());
        return rep.error();
    }
    Outcome out;
    out.model = {{"report", report::ToJson(rep.value(), r, today)}};
    out.redirect = ReportHref(id, org_id);
    out.flash = op == "accept" ? "flash.report_accepted" : "flash.report_returned";
    return out;
}
Result<Outcome> ReviewForm(Context& ctx) { return Review(ctx, std::nullopt); }
Result<Outcome> ReturnApi(Context& ctx) { return Review(ctx, false); }
Result<Outcome> AcceptApi(Context& ctx) { return Review(ctx, true); }

// POST /report-rounds/{id}/remind (form: remind_<org> boxes, or none with `under`: everyone to chase) and
// POST /api/v1/report-rounds/{id}/remind ({org_ids?, under?}).
Result<Outcome> Remind(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    auto org_ids = in.Ids("org_ids", "remind_");
    auto under = in.Int("under", false);
    const std::string back = SameSitePath(in.Str("next", false, 0, 500));
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(int64_t n, report::Remind(ctx.db(), ctx.scope(), id, org_ids, under, ctx.actor(), ctx.now(), ctx.Today()));
    Outcome out;
    out.model = {{"reminded", n}};
    out.redirect = back == "/" ? RoundHref(id) : back;
    out.flash = "flash.reminders_sent";
    return out;
}

// POST /report-rounds/{id}/document (form: document symbol or id) and PUT /api/v1/report-rounds/{id}/document.
Result<Outcome> LinkDocument(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    auto doc = in.Int("document_id", false);
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto r, report::LinkDocument(ctx.db(), ctx.scope(), id, doc, ctx.actor(), ctx.now()));
    Outcome out;
    out.model = {{"round", RoundView(ctx, r)}};
    out.redirect = RoundHref(id);
    out.flash = "flash.round_document_linked";
    return out;
}

// GET /api/v1/report-rounds/{id}/rollup?org_id=: totals per field, recomputed percentages, completeness.
Result<Outcome> RollupApi(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto r, report::GetRound(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto org_q, IdQuery(ctx, "org_id"));
    int64_t org_id = 0;
    if (org_q) {
        if (!org::Get(ctx.db(), ctx.scope(), *org_q).ok()) return Error::NotFound();
        org_id = *org_q;
    } else {
        auto d = DefaultUnder(ctx, r);
        if (!d) return Error::NotFound();
        org_id = *d;
    }
    const std::string today = ctx.Today();
    auto totals = report::TotalsOf(ctx.db(), r, org_id, today);
    boost::json::object fields, percents;
    for (const auto& k : report::NumberKeys(r.form)) fields[k] = totals.count(k) ? totals[k] : 0;
    for (const auto& p : report::PercentagesOf(r.form, totals))
        percents[p.field->key] = boost::json::object{
            {"num", p.num}, {"den", p.den},
            {"value", p.den == 0 ? boost::json::value(nullptr)
                                 : boost::json::value(static_cast<double>(p.num) * 100.0 / static_cast<double>(p.den))}};
    Outcome out;
    out.model = {{"round_id", id},
                 {"org_id", org_id},
                 {"as_of", today},
                 {"counts", report::ToJson(report::CountsOf(ctx.db(), id, org_id, today))},
                 {"totals", std::move(fields)},
                 {"percentages", std::move(percents)}};
    return out;
}

// GET /api/v1/reports: every report the caller may read.
Result<Outcome> ReportsApi(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    const std::string today = ctx.Today();
    auto rows = report::AllReports(ctx.db(), ctx.scope(), page, kRowsPerPage);
    std::map<int64_t, report::Round> rounds;
    boost::json::array list;
    for (const auto& rep : rows.reports) {
        if (!rounds.count(rep.round_id)) {
            auto r = report::GetRound(ctx.db(), auth::Scope::System(), rep.round_id);
            if (!r.ok()) continue;
            rounds.emplace(rep.round_id, std::move(r.value()));
        }
        list.push_back(report::ToJson(rep, rounds.at(rep.round_id), today));
    }
    Outcome out;
    out.model = {{"reports", std::move(list)}, {"total", rows.total}, {"page", page}};
    return out;
}

// GET /report-rounds/{id}/texts: the free text of each unit's latest values under `under` (paged), for the
// reviewer to quote.
Result<Outcome> TextsPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    DV_ASSIGN_OR_RETURN(auto r, report::GetRound(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(int64_t under, UnderQuery(ctx, r));
    DV_ASSIGN_OR_RETURN(auto rows, report::Reports(ctx.db(), ctx.scope(), r, under, "submitted", page, kRowsPerPage));
    boost::json::array list;
    for (const auto& rep : rows.reports) {
        boost::json::array texts;
        for (const auto& s : r.form.sections)
            for (const auto& f : s.fields) {
                const auto* v = rep.values.if_contains(f.key);
                if (f.type == report::FieldType::kText && v && v->is_string())
                    texts.push_back(boost::json::object{{"label", f.label}, {"text", v->as_string()}});
                if (f.type == report::FieldType::kTable && v && v->is_array())
                    for (const auto& row : v->as_array()) {
                        std::string line;
                        for (const auto& c : f.columns)
                            if (const auto* cv = row.as_object().if_contains(c.key)) {
                                if (!line.empty()) line += " · ";
                                line += cv->is_int64() ? text::GroupThousands(cv->as_int64()) : ValueText(cv);
                            }
                        texts.push_back(boost::json::object{{"label", f.label}, {"text", line}});
                    }
            }
        list.push_back(boost::json::object{{"org_id", rep.org_id}, {"org_name", rep.org_name},
                                           {"href", ReportHref(id, rep.org_id)}, {"texts", std::move(texts)}});
    }
    Outcome out;
    out.model = {{"round", RoundView(ctx, r)}, {"units", std::move(list)}, {"total", rows.total}, {"page", page}};
    if (!ctx.json())
        out.model["pager"] = Pager(ctx, rows.total, page, kRowsPerPage, RoundHref(id) + "/texts?under=" + std::to_string(under) + "&page=");
    out.title = r.title;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/reports", ctx.T("report.title")}, {RoundHref(id), r.title},
                       {"", ctx.T("report.texts_title")}};
    return out;
}

// GET /report-rounds/{id}/export.xlsx?under=: one sheet per level (the unit itself, its direct units, the
// units under those, …), a row per unit with reports asked in its subtree: completeness and the numbers
// summed over its subtree, percentages recomputed from the sums; numbers as numbers.
Result<Outcome> Export(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto r, report::GetRound(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(int64_t under, UnderQuery(ctx, r));
    DV_ASSIGN_OR_RETURN(auto top, org::Get(ctx.db(), ctx.scope(), under));
    const std::string today = ctx.Today();
    constexpr int kMaxLevels = 8;
    std::vector<std::string> header{ctx.T("report.xlsx.code"), ctx.T("report.xlsx.unit")};
    for (const char* k : {"expected", "on_time", "late", "missing", "returned", "accepted"})
        header.push_back(ctx.T(std::string("report.counts.") + k));
    auto keys = report::NumberKeys(r.form);
    std::map<std::string, std::string> labels;
    for (const auto& s : r.form.sections)
        for (const auto& f : s.fields) {
            labels[f.key] = f.label;
            for (const auto& c : f.columns) labels[f.key + "." + c.key] = f.label + " — " + c.label;
        }
    for (const auto& k : keys) header.push_back(labels[k]);
    for (const auto& p : report::PercentagesOf(r.form, {})) header.push_back(p.field->label + " (%)");
    std::vector<tabular::CellKind> kinds(header.size(), tabular::CellKind::kNumber);
    kinds[0] = kinds[1] = tabular::CellKind::kText;
    std::vector<tabular::Sheet> sheets;
    std::vector<std::string> used;
    const auto levels = report::Levels(ctx.db(), ctx.scope(), r, top, today, kMaxLevels);
    for (size_t depth = 0; depth < levels.size(); ++depth) {
        tabular::Sheet sheet;
        sheet.name = tabular::SheetName(depth == 0 ? ctx.T("report.xlsx.summary")
                                                   : text::Fill(ctx.T("report.xlsx.level"), {{"n", std::to_string(depth)}}),
                                        used);
        sheet.columns = kinds;
        sheet.rows.push_back(header);
        for (const auto& [o, c, t] : levels[depth]) {
            std::vector<std::string> row{o.code, o.name};
            for (int64_t n : {c.expected, c.on_time, c.late, c.missing, c.returned, c.accepted}) row.push_back(std::to_string(n));
            for (const auto& k : keys) row.push_back(std::to_string(t.count(k) ? t.at(k) : 0));
            for (const auto& p : report::PercentagesOf(r.form, t)) {
                char buf[32] = "";
                if (p.den != 0) std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(p.num) * 100.0 / static_cast<double>(p.den));
                row.push_back(buf);
            }
            sheet.rows.push_back(std::move(row));
        }
        sheets.push_back(std::move(sheet));
    }
    DV_ASSIGN_OR_RETURN(std::string bytes, XlsxBookBytes(sheets));
    return FileDownload(std::move(bytes), kXlsxType, "dot-bao-cao-" + std::to_string(id) + ".xlsx");
}

}  // namespace

// The home page: reports the caller's own units must fill, and those awaiting their review.
std::vector<HomeItem> ReportHomeItems(Context& ctx) {
    constexpr int64_t kShown = 5;
    std::vector<HomeItem> out;
    const std::string today = ctx.Today();
    auto fill = report::ReportsToFill(ctx.db(), ctx.scope(), today, kShown + 1);
    for (size_t i = 0; i < fill.size() && static_cast<int64_t>(i) < kShown; ++i) {
        const auto& t = fill[i];
        const bool late = today > t.due_on;
        const bool returned = t.status == report::Status::kReturned;
        out.push_back({HomeItem::Kind::kTodo, (returned ? ctx.T("home.reports.fix") + ": " : ctx.T("home.reports.fill") + ": ") + t.title,
                       t.org_name,
                       ctx.T(late ? "home.reports.late_since" : "home.reports.due") + " " + time::FormatShortViIso(t.due_on),
                       ReportHref(t.round_id, t.org_id), late || returned});
    }
    for (const auto& t : report::ReportsToReview(ctx.db(), ctx.scope(), kShown))
        out.push_back({HomeItem::Kind::kTodo, ctx.T("home.reports.review") + ": " + t.title, t.org_name, "",
                       ReportHref(t.round_id, t.org_id), false});
    if (static_cast<int64_t>(fill.size()) > kShown)
        out.push_back({HomeItem::Kind::kTodo, ctx.T("home.reports.more"), "", "", "/reports", false});
    return out;
}

void RegisterReportRoutes(Router& r) {
    using namespace schema;
    r.AddComponent("RoundRef", Object({{"id", Int()},
                                       {"template_id", Int()},
                                       {"template_version", Int()},
                                       {"template_name", Str()},
                                       {"owner_org_id", Int()},
                                       {"owner_name", Str()},
                                       {"title", Str()},
                                       {"period_kind", Str()},
                                       {"period_from", Str()},
                                       {"period_to", Str()},
                                       {"opens_on", Str()},
                                       {"due_on", Str()},
                                       {"assigned_how", Str()},
                                       {"assigned_under", Nullable(Int())},
                                       {"document_id", Nullable(Int())},
                                       {"created_at", Int()},
                                       {"href", Str()},
                                       {"period_label", Str()},
                                       {"opens_display", Str()},
                                       {"due_display", Str()},
                                       {"template_href", Str()},
                                       {"document_href", Str(), kOptional},
                                       {"counts", AnyObject(), kOptional},
                                       {"counts_label", Str(), kOptional}}));
    const Schema counts = Object({{"expected", Int()}, {"submitted", Int()}, {"on_time", Int()}, {"late", Int()},
                                  {"missing", Int()}, {"overdue", Int()}, {"returned", Int()}, {"accepted", Int()},
                                  {"awaiting", Int()}});
    r.AddComponent("RoundCounts", counts);
    const Schema report_core = Object({{"round_id", Int()},
                                       {"org_id", Int()},
                                       {"org_code", Str()},
                                       {"org_name", Str()},
                                       {"status", Str()},
                                       {"timeliness", Str()},
                                       {"values", AnyObject()},
                                       {"first_submitted_on", Nullable(Str())},
                                       {"submitted_on", Nullable(Str())},
                                       {"accepted_on", Nullable(Str())},
                                       {"submissions", Int()},
                                       {"version", Int()},
                                       {"updated_at", Int()},
                                       {"updated_by", Str()}});
    r.AddComponent("Report", report_core);
    r.AddComponent("ReportRow", Extend(report_core, {{"href", Str()},
                                                      {"status_label", Str()},
                                                      {"status_class", Str()},
                                                      {"timeliness_label", Str()},
                                                      {"is_late", Bool()},
                                                      {"submitted_display", Str()},
                                                      {"can_remind", Bool()}}));
    const Schema problem = Object({{"field", Str()}, {"code", Str()}, {"detail", Str()}});
    const Schema rounds = Object({{"rounds", ArrayOf(Ref("RoundRef"))},
                                  {"total", Int()},
                                  {"page", Int()},
                                  {"to_fill", ArrayOf(AnyObject()), kOptional},
                                  {"to_review", ArrayOf(AnyObject()), kOptional},
                                  {"pager", AnyObject(), kOptional},
                                  {"can_open", Bool(), kOptional},
                                  {"has_fill", Bool(), kOptional},
                                  {"has_review", Bool(), kOptional}});
    const Schema round_page = Object({{"round", Ref("RoundRef")},
                                      {"under", Int()},
                                      {"under_name", Str()},
                                      {"counts", Extend(counts, {{"items", ArrayOf(AnyObject())}, {"summary", Str()}})},
                                      {"rows", ArrayOf(Object({{"org_id", Int()},
                                                               {"org_name", Str()},
                                                               {"href", Str()},
                                                               {"counts", Ref("RoundCounts")},
                                                               {"late_total", Int()},
                                                               {"chase_href", Str()},
                                                               {"report_href", Str(), kOptional}}))},
                                      {"total_rows", Int()},
                                      {"totals", ArrayOf(AnyObject())},
                                      {"can_manage", Bool()},
                                      {"up_href", Str(), kOptional},
                                      {"pager", AnyObject(), kOptional},
                                      {"chase_href", Str(), kOptional},
                                      {"all_href", Str(), kOptional},
                                      {"texts_href", Str(), kOptional},
                                      {"export_href", Str(), kOptional},
                                      {"remind_action", Str(), kOptional},
                                      {"link_action", Str(), kOptional},
                                      {"has_missing", Bool(), kOptional}});
    const Schema reports_page = Object({{"round", Ref("RoundRef")},
                                        {"reports", ArrayOf(Ref("ReportRow"))},
                                        {"total", Int()},
                                        {"page", Int()},
                                        {"filters", ArrayOf(AnyObject()), kOptional},
                                        {"under_name", Str(), kOptional},
                                        {"under", Int(), kOptional},
                                        {"pager", AnyObject(), kOptional},
                                        {"can_manage", Bool(), kOptional},
                                        {"remind_action", Str(), kOptional},
                                        {"show_label", Str(), kOptional},
                                        {"has_remindable", Bool(), kOptional}});
    const Schema event = Object({{"id", Int()},
                                 {"kind", Str()},
                                 {"seq", Int()},
                                 {"on_day", Str()},
                                 {"comment", Str()},
                                 {"by", Str()},
                                 {"at", Int()},
                                 {"values", AnyObject(), kOptional}});
    const Schema report_page = Object({{"round", Ref("RoundRef")},
                                       {"report", Ref("ReportRow")},
                                       {"can_edit", Bool()},
                                       {"can_review", Bool()},
                                       {"members", Nullable(Int())},
                                       {"problems", ArrayOf(problem)},
                                       {"events", ArrayOf(event)},
                                       {"carried_by", Nullable(Int()), kOptional}});
    const Schema saved = Object({{"report", Ref("Report")}, {"problems", ArrayOf(problem)}});
    const Schema one = Object({{"report", Ref("Report")}});
    const Schema rollup_answer = Object({{"round_id", Int()},
                                         {"org_id", Int()},
                                         {"as_of", Str()},
                                         {"counts", Ref("RoundCounts")},
                                         {"totals", AnyObject()},
                                         {"percentages", AnyObject()}});
    const Schema all_reports = Object({{"reports", ArrayOf(Ref("Report"))}, {"total", Int()}, {"page", Int()}});
    const Schema texts = Object({{"round", Ref("RoundRef")},
                                 {"units", ArrayOf(AnyObject())},
                                 {"total", Int()},
                                 {"page", Int()},
                                 {"pager", AnyObject(), kOptional}});
    const std::vector<FieldSpec> page_query = {{"page", "integer", false, "page number, 20 a page"}};
    const std::vector<FieldSpec> round_query = {{"under", "integer", false, "the unit whose subtree and direct units are shown"},
                                                {"page", "integer", false, "page of direct units, 20 a page"}};
    const std::vector<FieldSpec> list_query = {
        {"under", "integer", false, "the unit whose subtree is listed"},
        {"show", "string", false, "chase | late | returned | awaiting | accepted | submitted"},
        {"page", "integer", false, "page number, 20 a page"}};
    const std::vector<FieldSpec> report_query = {{"version", "integer", false, "a submission to show (1, 2, …)"},
                                                 {"a", "integer", false, "comparison: the earlier submission"},
                                                 {"b", "integer", false, "comparison: the later submission"}};
    const std::vector<FieldSpec> round_fields = {
        {"template_id", "integer", true, "the template (its current version is kept by the round)"},
        {"title", "string", true, "what the round asks"},
        {"period_kind", "string", true, "month | quarter | half | year | custom"},
        {"period_from", "string", true, "YYYY-MM-DD; a month, quarter, half or year starts on its first day"},
        {"period_to", "string", false, "YYYY-MM-DD; follows from the start except for custom"},
        {"opens_on", "string", false, "YYYY-MM-DD, default today"},
        {"due_on", "string", true, "YYYY-MM-DD, the deadline"},
        {"assign", "string", false, "grassroots | subtree (the units under `under`) | list (org_ids)"},
        {"under", "integer", false, "grassroots, subtree: the unit whose units must report"},
        {"org_ids", "array", false, "list: the units (integers)"}};
    const std::vector<FieldSpec> save_fields = {{"values", "object", true, "field key -> value (tables: arrays of rows)"},
                                                {"version", "integer", true, "the version read; another save since answers 409"}};
    const std::vector<FieldSpec> submit_fields = {{"values", "object", false, "saved first when given"},
                                                  {"version", "integer", true, "the version read"}};
    const std::vector<FieldSpec> form_fields = {{"v_<key>", "string", false, "each field's value as typed"},
                                                {"version", "integer", true, "the version read"},
                                                {"op", "string", false, "save | submit"}};
    const std::vector<FieldSpec> review_fields = {{"op", "string", true, "accept | return"},
                                                  {"comment", "string", false, "return: what to fix (required)"},
                                                  {"version", "integer", true, "the version read"}};
    const std::vector<FieldSpec> return_fields = {{"comment", "string", true, "what to fix"},
                                                  {"version", "integer", true, "the version read"}};
    const std::vector<FieldSpec> accept_fields = {{"version", "integer", true, "the version read"}};
    const std::vector<FieldSpec> remind_fields = {
        {"org_ids", "array", false, "the units to remind (form: remind_<id> boxes); none: all still to report under `under`"},
        {"under", "integer", false, "with no org_ids: the subtree whose units to chase"},
        {"next", "string", false, "form: the page to go back to"}};
    const std::vector<FieldSpec> link_fields = {{"document_id", "integer", false, "a report of the register; none unlinks"}};
    const std::vector<FieldSpec> rollup_query = {{"org_id", "integer", false, "the unit whose subtree is summed"}};

    r.Add({.method = "GET", .pattern = "/reports", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "reports/index", .summary = "report.title", .tag = "reports", .handler = RoundsPage,
           .query = page_query, .response = rounds});
    r.Add({.method = "GET", .pattern = "/api/v1/report-rounds", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Report rounds the caller sees, latest deadline first", .tag = "reports", .handler = RoundsPage,
           .query = page_query, .response = rounds});
    r.Add({.method = "GET", .pattern = "/report-rounds/new", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "reports/new_round", .summary = "report.new_round.title", .tag = "reports",
           .handler = NewRoundPage, .response = AnyObject()});
    r.Add({.method = "POST", .pattern = "/report-rounds", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "report.new_round.title", .tag = "reports", .handler = OpenRound, .form_template = "reports/new_round",
           .form_model = NewRoundPage, .body = round_fields, .response = Object({{"round", Ref("RoundRef")}}),
           .other_statuses = {201}});
    r.Add({.method = "POST", .pattern = "/api/v1/report-rounds", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Open a report round", .tag = "reports", .handler = OpenRound, .body = round_fields,
           .success_status = 201, .response = Object({{"round", Ref("RoundRef")}})});
    r.Add({.method = "GET", .pattern = "/report-rounds/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "reports/round", .summary = "report.title", .tag = "reports", .handler = RoundPage,
           .query = round_query, .response = round_page});
    r.Add({.method = "GET", .pattern = "/report-rounds/{id}/reports", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "reports/list", .summary = "report.list_title", .tag = "reports", .handler = ReportsPage,
           .query = list_query, .response = reports_page});
    r.Add({.method = "GET", .pattern = "/api/v1/report-rounds/{id}/reports", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "A round's reports under a unit, filtered", .tag = "reports",
           .handler = ReportsPage, .query = list_query, .response = reports_page});
    r.Add({.method = "GET", .pattern = "/report-rounds/{id}/texts", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "reports/texts", .summary = "report.texts_title", .tag = "reports", .handler = TextsPage,
           .query = {{"under", "integer", false, "the unit whose subtree"}, {"page", "integer", false, "page"}},
           .response = texts});
    r.Add({.method = "GET", .pattern = "/api/v1/report-rounds/{id}/rollup", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "A round's totals, percentages and completeness over a subtree",
           .tag = "reports", .handler = RollupApi, .query = rollup_query, .response = rollup_answer});
    r.Add({.method = "GET", .pattern = "/report-rounds/{id}/export.xlsx", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "A round's completeness and totals, one sheet per level (XLSX)", .tag = "reports",
           .handler = Export, .query = {{"under", "integer", false, "the unit whose subtree is exported"}},
           .response = File()});
    r.Add({.method = "POST", .pattern = "/report-rounds/{id}/remind", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "report.remind", .tag = "reports", .handler = Remind, .body = remind_fields,
           .response = Object({{"reminded", Int()}})});
    r.Add({.method = "POST", .pattern = "/api/v1/report-rounds/{id}/remind", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Remind units still to report", .tag = "reports", .handler = Remind,
           .body = remind_fields, .response = Object({{"reminded", Int()}})});
    r.Add({.method = "POST", .pattern = "/report-rounds/{id}/document", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "report.link_document", .tag = "reports", .handler = LinkDocument, .body = link_fields,
           .response = Object({{"round", Ref("RoundRef")}})});
    r.Add({.method = "PUT", .pattern = "/api/v1/report-rounds/{id}/document", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Link the report issued from a round", .tag = "reports",
           .handler = LinkDocument, .body = link_fields, .response = Object({{"round", Ref("RoundRef")}})});
    r.Add({.method = "GET", .pattern = "/report-rounds/{id}/reports/{org_id}", .kind = Kind::kHtml,
           .access = Access::kSignedIn, .template_name = "reports/report", .summary = "report.title", .tag = "reports",
           .handler = ReportPage, .query = report_query, .response = report_page});
    r.Add({.method = "GET", .pattern = "/api/v1/report-rounds/{id}/reports/{org_id}", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "One unit's report, its events and what blocks its submission",
           .tag = "reports", .handler = ReportPage, .response = report_page});
    r.Add({.method = "POST", .pattern = "/report-rounds/{id}/reports/{org_id}", .kind = Kind::kHtml,
           .access = Access::kSignedIn, .summary = "report.title", .tag = "reports", .handler = PostReport,
           .body = form_fields, .response = AnyObject()});
    r.Add({.method = "PUT", .pattern = "/api/v1/report-rounds/{id}/reports/{org_id}", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Save a report's draft", .tag = "reports", .handler = PutReport,
           .body = save_fields, .response = saved});
    r.Add({.method = "POST", .pattern = "/api/v1/report-rounds/{id}/reports/{org_id}/submit", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Submit a report", .tag = "reports", .handler = SubmitApi,
           .body = submit_fields, .response = one});
    r.Add({.method = "POST", .pattern = "/report-rounds/{id}/reports/{org_id}/review", .kind = Kind::kHtml,
           .access = Access::kSignedIn, .summary = "report.review_title", .tag = "reports", .handler = ReviewForm,
           .body = review_fields, .response = one});
    r.Add({.method = "POST", .pattern = "/api/v1/report-rounds/{id}/reports/{org_id}/return", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Return a submitted report with a comment", .tag = "reports",
           .handler = ReturnApi, .body = return_fields, .response = one});
    r.Add({.method = "POST", .pattern = "/api/v1/report-rounds/{id}/reports/{org_id}/accept", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Accept a submitted report", .tag = "reports", .handler = AcceptApi,
           .body = accept_fields, .response = one});
    r.Add({.method = "GET", .pattern = "/api/v1/reports", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Every report the caller may read, latest round first", .tag = "reports", .handler = ReportsApi,
           .query = page_query, .response = all_reports});
}

}  // namespace dv::web
