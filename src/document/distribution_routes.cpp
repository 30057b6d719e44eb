// distribution routes: a document's roll-up page with the send form (/documents/{id}/distribution),
// one unit's record form (/documents/{id}/recipients/{org_id}), the signed-in user's list of documents
// to study (/study), and their JSON twins under /api/v1/.
#include <algorithm>
#include <unordered_map>

#include "core/text.h"
#include "core/time.h"
#include "document/distribution.h"
#include "document/service.h"
#include "web/context.h"
#include "web/home.h"

namespace dv::web {

namespace {

namespace dist = document::distribution;

std::string DocHref(int64_t id) { return "/documents/" + std::to_string(id); }
std::string DistributionHref(int64_t id) { return DocHref(id) + "/distribution"; }
std::string RecordHref(int64_t doc, int64_t org) { return DocHref(doc) + "/recipients/" + std::to_string(org); }

std::string Display(const std::string& iso) { return time::FormatShortViIso(iso); }

const char* StatusClass(dist::Status s) {
    switch (s) {
        case dist::Status::kOnTime:
            return "badge-ok";
        case dist::Status::kLate:
            return "badge-late";
        case dist::Status::kOverdue:
            return "badge-off";
        case dist::Status::kReceived:
        case dist::Status::kPending:
            return "badge-wait";
    }
    return "badge-wait";
}

boost::json::object DocumentView(const document::Document& d) {
    return {{"id", d.id},
            {"label", document::Label(d)},
            {"type_name", d.type_name},
            {"symbol", d.symbol},
            {"title", d.title},
            {"href", DocHref(d.id)},
            {"status", document::ToString(d.status)}};
}

// A unit's record as pages show it: the JSON fields, and for HTML the translated status and dates.
// Optional strings are left out when empty (kainjow treats "" as true).
boost::json::object RecipientView(Context& ctx, const dist::Recipient& r, const std::string& today) {
    auto j = dist::ToJson(r, today);
    if (ctx.json()) return j;
    auto st = dist::StatusOf(r, today);
    j["status_label"] = ctx.T(std::string("distribution.status.") + dist::ToString(st));
    j["status_class"] = StatusClass(st);
    j["deadline_display"] = Display(r.deadline);
    j["sent_display"] = Display(r.sent_on);
    if (!r.received_on.empty()) j["received_display"] = Display(r.received_on);
    if (!r.studied_on.empty()) {
        j["studied_display"] = Display(r.studied_on);
        if (r.study_form) j["form_label"] = ctx.T(std::string("distribution.form.") + dist::ToString(*r.study_form));
        if (r.attendees && r.members_total) {
            j["attendance_display"] = text::GroupThousands(*r.attendees) + "/" + text::GroupThousands(*r.members_total);
            std::string share = dist::Percent(*r.attendees, *r.members_total);
            if (!share.empty()) j["attendance_share"] = share;
        }
    }
    if (r.meeting_ref.empty()) j.erase("meeting_ref");
    if (r.note.empty()) j.erase("note");
    j["record_href"] = RecordHref(r.document_id, r.org_id);
    return j;
}

boost::json::object TotalsView(Context& ctx, const dist::Totals& t) {
    auto j = dist::ToJson(t);
    if (ctx.json()) return j;
    j["studied_display"] = text::GroupThousands(t.studied()) + "/" + text::GroupThousands(t.recipients);
    j["late_display"] = text::GroupThousands(t.late());
    j["overdue_display"] = text::GroupThousands(t.overdue);
    j["studied_late_display"] = text::GroupThousands(t.studied_late);
    j["waiting_display"] = text::GroupThousands(t.received + t.pending);
    j["members_display"] = text::GroupThousands(t.members_reached) + "/" + text::GroupThousands(t.members_total);
    std::string share = dist::Percent(t.members_reached, t.members_total);
    if (!share.empty()) j["members_share"] = share;
    j["has_late"] = t.late() > 0;
    return j;
}

// The send form's choices: a root for a subtree sending, and every unit for a list sending.
void SendFormModel(Context& ctx, const document::Document& d, boost::json::object& model) {
    auto units = dist::SendableUnits(ctx.db(), ctx.scope());
    std::string root = FormValue(ctx, "root_id");
    boost::json::array roots, boxes;
    for (const auto& u : units) {
        if (u.level > 3) continue;  // party groups study with their cell
        std::string indent;
        for (int i = 0; i < u.org.depth; ++i) indent += "\u2014 ";
        std::string id = std::to_string(u.org.id);
        roots.push_back(boost::json::object{
            {"value", id}, {"label", indent + u.org.name}, {"selected", root.empty() ? roots.empty() : root == id}});
        if (u.org.id == d.owner_org_id || u.level < 2) continue;
        std::string field = "unit_" + id;
        boxes.push_back(boost::json::object{{"field", field},
                                            {"label", u.org.name},
                                            {"code", u.org.code},
                                            {"depth", u.org.depth},
                                            {"checked", !FormValue(ctx, field).empty()}});
    }
    std::string mode = FormValue(ctx, "mode"), reach = FormValue(ctx, "reach");
    model["send"] = boost::json::object{{"roots", std::move(roots)},
                                        {"units", std::move(boxes)},
                                        {"mode_list", mode == "list"},
                                        {"reach_grassroots", reach == "grassroots"}};
    if (!model.contains("values")) model["values"] = boost::json::object{};
    if (!model.contains("errors")) model["errors"] = boost::json::object{};
    model["today"] = ctx.Today();
}

// GET /documents/{id}/distribution and /api/v1/documents/{id}/distribution: the roll-up over the
// caller's units (those who may read organizations), the caller's own units' rows (everyone, a member
// included), the sendings, and the send form for those who may send.
Result<Outcome> DistributionPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(auto doc, document::Get(ctx.db(), ctx.scope(), id));
    Outcome out;
    out.model["document"] = DocumentView(doc);
    out.model["today"] = today;
    bool has_rollup = ctx.scope().AnyAllows(auth::Permission::kRead);
    out.model["has_rollup"] = has_rollup;
    if (has_rollup) {
        DV_ASSIGN_OR_RETURN(auto rollup, dist::RollupOf(ctx.db(), ctx.scope(), id, today));
        boost::json::array units, sendings;
        const auto& nodes = rollup.nodes;
        int base = nodes.empty() ? 0 : nodes.front().org.depth;
        for (const auto& n : nodes) base = std::min(base, n.org.depth);
        for (size_t i = 0; i < nodes.size(); ++i) {
            const auto& n = nodes[i];
            boost::json::object j{
                {"id", n.org.id},
                {"code", n.org.code},
                {"name", n.org.name},
                {"parent_id", n.org.parent_id ? boost::json::value(*n.org.parent_id) : nullptr},
                {"depth", n.org.depth - base},
                {"recipient", n.recipient ? boost::json::value(RecipientView(ctx, *n.recipient, today))
                                          : boost::json::value(nullptr)},
                {"members_today", n.members_today},
                {"totals", TotalsView(ctx, n.totals)}};
            if (!ctx.json()) {
                int depth = n.org.depth - base;
                int next_depth = i + 1 < nodes.size() ? nodes[i + 1].org.depth - base : 0;
                bool has_children = next_depth > depth;
                j["has_children"] = has_children;
                j["open"] = depth == 0;
                j["is_recipient"] = n.recipient.has_value();
                // The roll-up line for a unit that has recipients below it.
                j["show_totals"] = n.totals.recipients > (n.recipient ? 1 : 0);
                if (!n.recipient) j.erase("recipient");
                boost::json::array closes;
                for (int d = depth; !has_children && d > next_depth; --d) closes.push_back(boost::json::object{});
                j["closes"] = std::move(closes);
            }
            units.push_back(std::move(j));
        }
        for (const auto& s : rollup.distributions) {
            auto j = dist::ToJson(s);
            if (!ctx.json()) {
                j["sent_display"] = Display(s.sent_on);
                j["deadline_display"] = Display(s.deadline);
                j["units_display"] = text::GroupThousands(s.units);
                if (s.note.empty()) j.erase("note");
                if (s.sent_by_name.empty()) j.erase("sent_by_name");
            }
            sendings.push_back(std::move(j));
        }
        if (!ctx.json()) {
            // The units to chase: not studied and past the deadline, in tree order.
            boost::json::array overdue;
            for (const auto& n : nodes)
                if (n.recipient && n.status == dist::Status::kOverdue)
                    overdue.push_back(boost::json::object{{"name", n.org.name},
                                                          {"href", RecordHref(id, n.org.id) + "?from=distribution"}});
            out.model["has_overdue"] = !overdue.empty();
            out.model["overdue_units"] = std::move(overdue);
        }
        out.model["overall"] = TotalsView(ctx, rollup.overall);
        out.model["units"] = std::move(units);
        out.model["distributions"] = std::move(sendings);
        out.model["has_units"] = !rollup.nodes.empty();
    }
    DV_ASSIGN_OR_RETURN(auto own, dist::OwnUnits(ctx.db(), ctx.scope(), id));
    boost::json::array own_rows;
    for (const auto& r : own) {
        auto j = RecipientView(ctx, r, today);
        if (!ctx.json()) j["can_record"] = dist::CanRecord(ctx.db(), ctx.scope(), r.org_id);
        own_rows.push_back(std::move(j));
    }
    if (!ctx.json()) out.model["has_own_units"] = !own_rows.empty();
    out.model["own_units"] = std::move(own_rows);
    bool can_send = dist::CanSend(ctx.db(), ctx.scope(), doc);
    out.model["can_send"] = can_send;
    if (!ctx.json()) {
        if (can_send) SendFormModel(ctx, doc, out.model);
        if (doc.status == document::Status::kDraft && document::CanWrite(ctx.db(), ctx.scope(), doc))
            out.model["draft_note"] = true;
    }
    out.title = ctx.T("distribution.title") + ": " + document::Label(doc);
    out.breadcrumbs = {{"/", ctx.T("nav.home")},
                       {"/documents", ctx.T("nav.documents")},
                       {DocHref(id), document::Label(doc)},
                       {"", ctx.T("distribution.title")}};
    return out;
}

// POST /documents/{id}/distribution (form: mode, root_id, reach, unit_<id>=1 …, sent_on, deadline, note)
// and POST /api/v1/documents/{id}/distribution (JSON: the same with org_ids: [ids]).
Result<Outcome> Send(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    dist::SendInput s;
    s.mode = in.Str("mode", false, 0, 20);
    s.root_id = in.Int("root_id", false);
    s.reach = in.Str("reach", false, 0, 20);
    s.sent_on = in.DateForService("sent_on");
    s.deadline = in.DateForService("deadline");
    s.note = in.Str("note", false, 0, 500);
    s.org_ids = in.Ids("org_ids", "unit_");
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto r, dist::Send(ctx.db(), ctx.scope(), id, s, ctx.actor(), ctx.now(), ctx.Today()));
    Outcome out;
    out.status = r.added.empty() ? 200 : 201;
    out.model = {{"distribution",
                  r.added.empty() ? boost::json::value(nullptr) : boost::json::value(dist::ToJson(r.distribution))},
                 {"added", boost::json::value_from(r.added)},
                 {"already", boost::json::value_from(r.already)}};
    out.redirect = DistributionHref(id);
    out.flash = r.added.empty() ? "flash.distribution_nothing_new" : "flash.distribution_sent";
    return out;
}

// GET /documents/{id}/recipients/{org_id} and its API twin: one unit's record, with the form for
// those who may record it (kWrite on the unit).
Result<Outcome> RecipientPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t org_id, ctx.IdParam("org_id"));
    std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(auto doc, document::Get(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto r, dist::GetRecipient(ctx.db(), ctx.scope(), id, org_id));
    bool can_record = dist::CanRecord(ctx.db(), ctx.scope(), org_id);
    Outcome out;
    out.model = {
        {"document", DocumentView(doc)}, {"recipient", RecipientView(ctx, r, today)}, {"can_record", can_record}};
    if (!ctx.json()) {
        out.model["members_today"] = text::GroupThousands(dist::MembersOn(ctx.db(), org_id, today));
        std::string from = FormValue(ctx, "from");
        if (from.empty()) from = ctx.Query("from");
        bool to_rollup = from == "distribution";
        out.model["from"] = to_rollup ? "distribution" : "study";
        out.model["back_href"] = to_rollup ? DistributionHref(id) : std::string("/study");
        out.model["back_label"] = ctx.T(to_rollup ? "distribution.back_to_rollup" : "study.back");
        if (can_record) {
            std::vector<std::pair<std::string, std::string>> forms;
            for (auto f : dist::AllStudyForms())
                forms.emplace_back(dist::ToString(f), ctx.T(std::string("distribution.form.") + dist::ToString(f)));
            std::string form = ctx.input().fields().contains("study_form")
                                   ? FormValue(ctx, "study_form")
                                   : (r.study_form ? dist::ToString(*r.study_form) : "");
            out.model["study_forms"] = Options(forms, form);
            out.model["values"] = boost::json::object{{"received_on", FormDate(r.received_on)},
                                                      {"studied_on", FormDate(r.studied_on)},
                                                      {"attendees", r.attendees ? std::to_string(*r.attendees) : ""},
                                                      {"meeting_ref", r.meeting_ref},
                                                      {"note", r.note}};
            out.model["errors"] = boost::json::object{};
            out.model["today"] = today;
        }
    }
    out.title = ctx.T("distribution.record_title") + ": " + r.org_name;
    out.breadcrumbs = {{"/", ctx.T("nav.home")},
                       {"/study", ctx.T("study.title")},
                       {DistributionHref(id), document::Label(doc)},
                       {"", r.org_name}};
    return out;
}

// POST /documents/{id}/recipients/{org_id} (form) and its API twin: received_on, studied_on,
// study_form, attendees, meeting_ref, note.
Result<Outcome> RecordStudy(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t org_id, ctx.IdParam("org_id"));
    auto& in = ctx.input();
    dist::RecordInput r;
    r.received_on = in.DateForService("received_on");
    r.studied_on = in.DateForService("studied_on");
    r.study_form = in.Str("study_form", false, 0, 20);
    r.attendees = in.Int("attendees", false);
    r.meeting_ref = in.Str("meeting_ref", false, 0, 300);
    r.note = in.Str("note", false, 0, 1000);
    std::string from = in.Str("from", false, 0, 20);
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto done,
                        dist::Record(ctx.db(), ctx.scope(), id, org_id, r, ctx.actor(), ctx.now(), ctx.Today()));
    Outcome out;
    out.model = {{"recipient", dist::ToJson(done, ctx.Today())}};
    // Back to the roll-up, or to the units of that document that have studied (where this one now is).
    out.redirect = from == "distribution" ? DistributionHref(id)
                                          : "/study?document=" + std::to_string(id) + "&status=studied";
    out.flash = "flash.study_recorded";
    return out;
}

// GET /study and /api/v1/study: documents sent to the caller's units, not yet studied first.
// ?show=open hides what has been studied. Readers of organizations get, on the HTML page, the summary
// of StudyOverview instead (StudySummaryPage).
constexpr int kStudyLimit = 200;
constexpr int kDocumentsPerPage = 20;
constexpr int kRowsPerPage = 30;

std::string StudyHref(const std::string& query) { return query.empty() ? "/study" : "/study?" + query; }
// A figure and the list behind it.
boost::json::object Figure(const std::string& value, const std::string& href) {
    return {{"value", value}, {"href", href}};
}

// The figures of a document or a group, each linking to the units it counts.
boost::json::object FiguresView(const dist::Figures& f, int64_t document, std::optional<int64_t> under,
                                const std::string& members_href) {
    const auto& t = f.totals;
    auto units = [&](dist::UnitFilter uf) {
        std::string q = "document=" + std::to_string(document) + (under ? "&under=" + std::to_string(*under) : "") +
                        "&status=" + dist::ToString(uf);
        return StudyHref(q);
    };
    boost::json::object j{{"sent", Figure(text::GroupThousands(t.recipients), units(dist::UnitFilter::kAll))},
                          {"received", Figure(text::GroupThousands(f.received), units(dist::UnitFilter::kReceived))},
                          {"studied", Figure(text::GroupThousands(t.studied()), units(dist::UnitFilter::kStudied))},
                          {"late", Figure(text::GroupThousands(t.late()), units(dist::UnitFilter::kLate))},
                          {"overdue", Figure(text::GroupThousands(t.overdue), units(dist::UnitFilter::kOverdue))},
                          {"members", Figure(text::GroupThousands(t.members_reached) + "/" +
                                                 text::GroupThousands(t.members_total),
                                             members_href)},
                          {"has_late", t.late() > 0}};
    std::string share = dist::Percent(t.members_reached, t.members_total);
    if (!share.empty()) j["members_share"] = share;
    return j;
}

// Paging over an in-memory list: ?page=N (1-based), the slice, and the links.
struct Paging {
    size_t from = 0, to = 0;
    boost::json::object view;
};
Paging Page(Context& ctx, size_t total, int per_page, const std::string& base_query, int page) {
    Paging p;
    size_t pages = total == 0 ? 1 : (total + per_page - 1) / per_page;
    size_t n = std::min<size_t>(std::max(page, 1), pages);
    p.from = (n - 1) * per_page;
    p.to = std::min(total, p.from + per_page);
    std::string sep = base_query.empty() ? "" : "&";
    if (n > 1) p.view["prev_href"] = StudyHref(base_query + sep + "page=" + std::to_string(n - 1));
    if (n < pages) p.view["next_href"] = StudyHref(base_query + sep + "page=" + std::to_string(n + 1));
    if (pages > 1)
        p.view["label"] = ctx.T("study.page") + " " + std::to_string(n) + "/" + std::to_string(pages);
    p.view["shown"] = pages > 1;
    return p;
}

std::string UnitName(const std::string& name, const std::string& parent) {
    return parent.empty() ? name : name + " \u2014 " + parent;
}

// The summary for readers of organizations: documents → grassroots organizations → units.
Result<Outcome> StudySummaryPage(Context& ctx) {
    std::string today = ctx.Today();
    Input q(boost::json::object{{"document", ctx.Query("document")}, {"under", ctx.Query("under")},
                                {"page", ctx.Query("page")}},
            true);
    auto document = q.Int("document", false);
    auto under = q.Int("under", false);
    int page = static_cast<int>(q.Int("page", false).value_or(1));
    auto filter = dist::ParseUnitFilter(ctx.Query("status"));
    if (!filter) q.AddError("status", "invalid_choice", "field.invalid_choice");
    DV_TRY(q.Finish());
    DV_ASSIGN_OR_RETURN(auto all, dist::StudyOverview(ctx.db(), ctx.scope(), today));
    Outcome out;
    out.model["summary"] = true;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/study", ctx.T("study.title")}};
    if (!document) {
        auto paging = Page(ctx, all.size(), kDocumentsPerPage, "", page);
        boost::json::array docs;
        for (size_t i = paging.from; i < paging.to; ++i) {
            const auto& d = all[i];
            std::string dq = "document=" + std::to_string(d.document.id);
            docs.push_back(boost::json::object{
                {"label", document::Label(d.document)},
                {"title", d.document.title},
                {"href", StudyHref(dq)},
                {"deadline_display", Display(d.deadline)},
                {"figures", FiguresView(d.figures, d.document.id, std::nullopt, StudyHref(dq))}});
        }
        out.model["documents"] = std::move(docs);
        out.model["has_documents"] = !all.empty();
        out.model["pager"] = std::move(paging.view);
        out.model["total_display"] = text::GroupThousands(static_cast<int64_t>(all.size()));
        return out;
    }
    auto it = std::find_if(all.begin(), all.end(), [&](const auto& d) { return d.document.id == *document; });
    if (it == all.end()) return Error::NotFound();
    const auto& d = *it;
    std::string doc_q = "document=" + std::to_string(d.document.id);
    out.model["document"] = boost::json::object{
        {"label", document::Label(d.document)},
        {"title", d.document.title},
        {"href", DocHref(d.document.id)},
        {"summary_href", StudyHref(doc_q)},
        {"distribution_href", DistributionHref(d.document.id)},
        {"deadline_display", Display(d.deadline)},
        {"figures", FiguresView(d.figures, d.document.id, std::nullopt, StudyHref(doc_q))}};
    out.breadcrumbs.push_back({StudyHref(doc_q), document::Label(d.document)});
    const bool units_view = under || !ctx.Query("status").empty();
    if (!units_view) {
        auto paging = Page(ctx, d.groups.size(), kRowsPerPage, doc_q, page);
        // Parents tell apart organizations of the same name; when all share one, it says nothing.
        bool one_parent = std::all_of(d.groups.begin(), d.groups.end(),
                                      [&](const auto& g) { return g.parent_name == d.groups.front().parent_name; });
        boost::json::array groups;
        for (size_t i = paging.from; i < paging.to; ++i) {
            const auto& g = d.groups[i];
            std::string gq = doc_q + "&under=" + std::to_string(g.org.id) + "&status=all";
            boost::json::object row{{"name", g.org.name},
                                    {"href", StudyHref(gq)},
                                    {"figures", FiguresView(g.figures, d.document.id, g.org.id, StudyHref(gq))}};
            if (!g.parent_name.empty() && !one_parent) row["parent_name"] = g.parent_name;
            groups.push_back(std::move(row));
        }
        out.model["has_groups"] = !groups.empty();
        out.model["groups"] = std::move(groups);
        out.model["pager"] = std::move(paging.view);
        return out;
    }
    std::vector<const dist::UnitRow*> rows;
    std::string group_name;
    for (const auto& u : d.units)
        if ((!under || u.group_id == *under) && dist::Matches(*filter, u.recipient, u.status)) rows.push_back(&u);
    if (under) {
        auto g = std::find_if(d.groups.begin(), d.groups.end(), [&](const auto& g) { return g.org.id == *under; });
        if (g == d.groups.end()) return Error::NotFound();
        group_name = UnitName(g->org.name, g->parent_name);
        out.breadcrumbs.push_back({StudyHref(doc_q + "&under=" + std::to_string(*under) + "&status=all"), g->org.name});
    }
    std::string base = doc_q + (under ? "&under=" + std::to_string(*under) : "") + "&status=" + dist::ToString(*filter);
    auto paging = Page(ctx, rows.size(), kRowsPerPage, base, page);
    boost::json::array units;
    std::unordered_map<int64_t, bool> writable;
    for (size_t i = paging.from; i < paging.to; ++i) {
        const auto& u = *rows[i];
        auto j = RecipientView(ctx, u.recipient, today);
        j["unit_name"] = UnitName(u.recipient.org_name, u.parent_name);
        auto w = writable.find(u.recipient.org_id);
        if (w == writable.end())
            w = writable.emplace(u.recipient.org_id, dist::CanRecord(ctx.db(), ctx.scope(), u.recipient.org_id)).first;
        j["can_record"] = w->second;
        j["record_href"] = RecordHref(u.recipient.document_id, u.recipient.org_id);
        units.push_back(std::move(j));
    }
    boost::json::array filters;
    for (auto f : {dist::UnitFilter::kAll, dist::UnitFilter::kReceived, dist::UnitFilter::kStudied,
                   dist::UnitFilter::kLate, dist::UnitFilter::kOverdue, dist::UnitFilter::kWaiting}) {
        std::string fq = doc_q + (under ? "&under=" + std::to_string(*under) : "") + "&status=" + dist::ToString(f);
        filters.push_back(boost::json::object{{"label", ctx.T(std::string("study.filter.") + dist::ToString(f))},
                                              {"href", StudyHref(fq)},
                                              {"current", f == *filter}});
    }
    out.model["units_view"] = true;
    out.model["filters"] = std::move(filters);
    out.model["filter_label"] = ctx.T(std::string("study.filter.") + dist::ToString(*filter));
    if (!group_name.empty()) out.model["group_name"] = group_name;
    out.model["units"] = std::move(units);
    out.model["units_count"] = text::GroupThousands(static_cast<int64_t>(rows.size()));
    out.model["pager"] = std::move(paging.view);
    return out;
}

Result<Outcome> StudyPage(Context& ctx) {
    if (!ctx.json() && ctx.scope().AnyAllows(auth::Permission::kRead)) return StudySummaryPage(ctx);
    std::string show = ctx.Query("show");
    if (!show.empty() && show != "open" && show != "all")
        return Error::InvalidField("show", "invalid_choice", "field.invalid_choice");
    dist::StudyFilter f;
    f.open_only = show == "open";
    f.limit = kStudyLimit;
    DV_ASSIGN_OR_RETURN(auto page, dist::StudyList(ctx.db(), ctx.scope(), f));
    std::string today = ctx.Today();
    std::unordered_map<int64_t, bool> writable;
    boost::json::array rows;
    for (const auto& r : page.rows) {
        auto j = RecipientView(ctx, r, today);
        if (!ctx.json()) {
            auto w = writable.find(r.org_id);
            if (w == writable.end())
                w = writable.emplace(r.org_id, dist::CanRecord(ctx.db(), ctx.scope(), r.org_id)).first;
            j["can_record"] = w->second;
            j["document_href"] = DocHref(r.document_id);
            j["distribution_href"] = DistributionHref(r.document_id);
        }
        rows.push_back(std::move(j));
    }
    Outcome out;
    if (!ctx.json()) {
        // The page groups the units under each document, in the order the documents first appear.
        boost::json::array documents;
        std::unordered_map<int64_t, size_t> at;
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto& r = page.rows[i];
            auto it = at.find(r.document_id);
            if (it == at.end()) {
                it = at.emplace(r.document_id, documents.size()).first;
                documents.push_back(boost::json::object{{"id", r.document_id},
                                                        {"label", r.document_label},
                                                        {"title", r.document_title},
                                                        {"href", DocHref(r.document_id)},
                                                        {"distribution_href", DistributionHref(r.document_id)},
                                                        {"units", boost::json::array{}}});
            }
            documents[it->second].as_object()["units"].as_array().push_back(rows[i]);
        }
        out.model["documents"] = std::move(documents);
    }
    out.model["rows"] = std::move(rows);
    out.model["total"] = page.total;
    if (!ctx.json()) {
        out.model["open_only"] = f.open_only;
        out.model["total_display"] = text::GroupThousands(page.total);
        out.model["cut"] = page.total > static_cast<int64_t>(page.rows.size());
    }
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"", ctx.T("study.title")}};
    return out;
}

}  // namespace

// Home: what the reader's own units (member and secretary grants) still have to study, by deadline;
// for readers of organizations, the units in their subtrees that are late.
std::vector<HomeItem> StudyHomeItems(Context& ctx) {
    constexpr int kTodoShown = 5;
    std::vector<HomeItem> out;
    const auto& scope = ctx.scope();
    std::string today = ctx.Today();
    std::vector<int64_t> own;
    for (const auto& g : scope.grants())
        if (g.role == auth::Role::kMember || g.role == auth::Role::kSecretary) own.push_back(g.org_id);
    if (!own.empty()) {
        dist::StudyFilter f;
        f.open_only = true;
        f.limit = kStudyLimit;
        auto page = dist::StudyList(ctx.db(), scope, f);
        int64_t more = 0;
        if (page.ok()) {
            for (const auto& r : page.value().rows) {
                if (std::find(own.begin(), own.end(), r.org_id) == own.end()) continue;
                if (static_cast<int>(out.size()) == kTodoShown) {
                    ++more;
                    continue;
                }
                bool late = dist::StatusOf(r, today) == dist::Status::kOverdue;
                out.push_back({HomeItem::Kind::kTodo, r.document_label + ": " + r.document_title, r.org_name,
                               ctx.T(late ? "home.study.overdue_since" : "home.study.deadline") + " " + Display(r.deadline),
                               RecordHref(r.document_id, r.org_id), late});
            }
        }
        if (more > 0)
            out.push_back({HomeItem::Kind::kTodo, ctx.T("home.study.more") + " " + text::GroupThousands(more), "", "",
                           "/study", false});
    }
    if (scope.AnyAllows(auth::Permission::kRead)) {
        auto all = dist::StudyOverview(ctx.db(), scope, today);
        if (all.ok()) {
            int64_t late = 0, open_docs = 0;
            for (const auto& d : all.value()) {
                late += d.figures.totals.overdue;
                open_docs += d.figures.totals.studied() < d.figures.totals.recipients ? 1 : 0;
            }
            out.push_back({HomeItem::Kind::kFigure, ctx.T("home.figures.overdue"), text::GroupThousands(late),
                           ctx.T("home.figures.overdue_note"), "/study", late > 0});
            out.push_back({HomeItem::Kind::kFigure, ctx.T("home.figures.open_documents"),
                           text::GroupThousands(open_docs), ctx.T("home.figures.open_documents_note"), "/study",
                           false});
        }
    }
    return out;
}

namespace {

const std::vector<FieldSpec> kSendFields = {
    {"mode", "string", false,
     "subtree (root_id and the party units under it) | list (org_ids); default: subtree "
     "when root_id is given"},
    {"root_id", "integer", false, "subtree: the unit whose subtree receives the document"},
    {"reach", "string", false,
     "subtree: all (grassroots organizations and the cells inside them, default) | "
     "grassroots (only đảng bộ cơ sở and chi bộ cơ sở)"},
    {"org_ids", "array", false, "list: the units (integers) that receive the document"},
    {"sent_on", "string", false, "YYYY-MM-DD, default today; not before the document was issued"},
    {"deadline", "string", true, "YYYY-MM-DD: study by this day, not before sent_on"},
    {"note", "string", false, "a note to the units"}};
const std::vector<FieldSpec> kRecordFields = {
    {"received_on", "string", false, "YYYY-MM-DD: receipt acknowledged (default studied_on when a study is recorded)"},
    {"studied_on", "string", false, "YYYY-MM-DD: the day the unit studied the document"},
    {"study_form", "string", false, "conference | cell_meeting | self_study | other (required with studied_on)"},
    {"attendees", "integer", false,
     "members who attended (required with studied_on); at most the members of the "
     "unit's subtree that day"},
    {"meeting_ref", "string", false, "the conference or cell meeting"},
    {"note", "string", false, ""}};
const std::vector<FieldSpec> kStudyQuery = {
    {"show", "string", false,
     "all (default) | open: only units that have not studied yet. At most 200 rows; total counts them all"},
    {"document", "integer", false, "HTML, readers of organizations: one document's figures per grassroots organization"},
    {"under", "integer", false, "HTML: the units of this grassroots organization"},
    {"status", "string", false, "HTML: all | received | studied | late | on_time | studied_late | overdue | waiting"},
    {"page", "integer", false, "HTML: page of the list (1-based)"}};

}  // namespace

void RegisterDistributionRoutes(Router& r) {
    using namespace schema;
    r.AddComponent("Distribution", Object({{"id", Int()},
                                           {"document_id", Int()},
                                           {"sent_on", Str()},
                                           {"deadline", Str()},
                                           {"note", Str()},
                                           {"sent_by", Nullable(Int())},
                                           {"sent_by_name", Str()},
                                           {"units", Int()}}));
    r.AddComponent("Recipient", Object({{"id", Int()},
                                        {"distribution_id", Int()},
                                        {"document_id", Int()},
                                        {"org_id", Int()},
                                        {"org_code", Str()},
                                        {"org_name", Str()},
                                        {"sent_on", Str()},
                                        {"deadline", Str()},
                                        {"status", Str()},
                                        {"received_on", Nullable(Str())},
                                        {"studied_on", Nullable(Str())},
                                        {"study_form", Nullable(Str())},
                                        {"attendees", Nullable(Int())},
                                        {"members_total", Nullable(Int())},
                                        {"meeting_ref", Str()},
                                        {"note", Str()},
                                        {"recorded_at", Nullable(Int())},
                                        {"document_label", Str(), kOptional},
                                        {"document_title", Str(), kOptional}}));
    r.AddComponent("StudyTotals", Object({{"recipients", Int()},
                                          {"studied", Int()},
                                          {"studied_on_time", Int()},
                                          {"studied_late", Int()},
                                          {"overdue", Int()},
                                          {"late", Int()},
                                          {"received", Int()},
                                          {"pending", Int()},
                                          {"members_reached", Int()},
                                          {"members_total", Int()}}));
    const Schema distribution_page = Object({{"document", Object({{"id", Int()},
                                                                  {"label", Str()},
                                                                  {"type_name", Str()},
                                                                  {"symbol", Str()},
                                                                  {"title", Str()},
                                                                  {"href", Str()},
                                                                  {"status", Str()}})},
                                             {"today", Str()},
                                             {"has_rollup", Bool()},
                                             {"overall", Ref("StudyTotals"), kOptional},
                                             {"units",
                                              ArrayOf(Object({{"id", Int()},
                                                              {"code", Str()},
                                                              {"name", Str()},
                                                              {"parent_id", Nullable(Int())},
                                                              {"depth", Int()},
                                                              {"recipient", Nullable(Ref("Recipient"))},
                                                              {"members_today", Int()},
                                                              {"totals", Ref("StudyTotals")}})),
                                              kOptional},
                                             {"distributions", ArrayOf(Ref("Distribution")), kOptional},
                                             {"has_units", Bool(), kOptional},
                                             {"own_units", ArrayOf(Ref("Recipient"))},
                                             {"can_send", Bool()}});
    const Schema send = Object(
        {{"distribution", Nullable(Ref("Distribution"))}, {"added", ArrayOf(Int())}, {"already", ArrayOf(Int())}});
    const Schema recipient_page = Object({{"document", Object({{"id", Int()},
                                                               {"label", Str()},
                                                               {"type_name", Str()},
                                                               {"symbol", Str()},
                                                               {"title", Str()},
                                                               {"href", Str()},
                                                               {"status", Str()}})},
                                          {"recipient", Ref("Recipient")},
                                          {"can_record", Bool()}});
    const Schema record_study = Object({{"recipient", Ref("Recipient")}});
    const Schema study_page = Object({{"rows", ArrayOf(Ref("Recipient"))}, {"total", Int()}});
    r.Add({.method = "GET",
           .pattern = "/documents/{id}/distribution",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .template_name = "documents/distribution",
           .summary = "distribution.title",
           .tag = "distribution",
           .handler = DistributionPage,
           .response = distribution_page});
    r.Add({.method = "GET",
           .pattern = "/api/v1/documents/{id}/distribution",
           .kind = Kind::kApi,
           .access = Access::kSignedIn,
           .summary = "Who studied a document: the roll-up over the caller's units, their own units, the sendings",
           .tag = "distribution",
           .handler = DistributionPage,
           .response = distribution_page});
    r.Add({.method = "POST",
           .pattern = "/documents/{id}/distribution",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .summary = "distribution.title",
           .tag = "distribution",
           .handler = Send,
           .form_template = "documents/distribution",
           .form_model = DistributionPage,
           .body = kSendFields,
           .response = send, .other_statuses = {200}});
    r.Add({.method = "POST",
           .pattern = "/api/v1/documents/{id}/distribution",
           .kind = Kind::kApi,
           .access = Access::kSignedIn,
           .summary = "Send an issued document to units with a deadline for studying it",
           .tag = "distribution",
           .handler = Send,
           .body = kSendFields,
           .success_status = 201,
           .response = send, .other_statuses = {200}});
    r.Add({.method = "GET",
           .pattern = "/documents/{id}/recipients/{org_id}",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .template_name = "documents/distribution_record",
           .summary = "distribution.record_title",
           .tag = "distribution",
           .handler = RecipientPage,
           .response = recipient_page});
    r.Add({.method = "GET",
           .pattern = "/api/v1/documents/{id}/recipients/{org_id}",
           .kind = Kind::kApi,
           .access = Access::kSignedIn,
           .summary = "One unit's receipt and study of a document",
           .tag = "distribution",
           .handler = RecipientPage,
           .response = recipient_page});
    r.Add({.method = "POST",
           .pattern = "/documents/{id}/recipients/{org_id}",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .summary = "distribution.record_title",
           .tag = "distribution",
           .handler = RecordStudy,
           .form_template = "documents/distribution_record",
           .form_model = RecipientPage,
           .body = kRecordFields,
           .response = record_study});
    r.Add({.method = "POST",
           .pattern = "/api/v1/documents/{id}/recipients/{org_id}",
           .kind = Kind::kApi,
           .access = Access::kSignedIn,
           .summary = "Record (or correct) a unit's receipt and study of a document",
           .tag = "distribution",
           .handler = RecordStudy,
           .body = kRecordFields,
           .response = record_study});
    r.Add({.method = "GET",
           .pattern = "/study",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .template_name = "documents/study",
           .summary = "study.title",
           .tag = "distribution",
           .handler = StudyPage,
           .query = kStudyQuery,
           .response = study_page});
    r.Add({.method = "GET",
           .pattern = "/api/v1/study",
           .kind = Kind::kApi,
           .access = Access::kSignedIn,
           .summary = "Documents sent to the caller's units to study, not yet studied first",
           .tag = "distribution",
           .handler = StudyPage,
           .query = kStudyQuery,
           .response = study_page});
}

}  // namespace dv::web
