// commitment routes: a member's own commitments of the year (register, submit, self-assess), one commitment
// (the secretary approves or returns it, reviews its self-assessment), the secretary's list of the cell's
// members, the counts of a unit and its direct units for the levels above (and the year's dates, set by
// the office); the JSON API over the same handlers; the home page's to-do.
#include <algorithm>

#include "commitment/service.h"
#include "core/text.h"
#include "core/time.h"
#include "document/distribution.h"
#include "org/service.h"
#include "web/context.h"
#include "web/home.h"

namespace dv::web {

namespace {

constexpr int kRowsPerPage = 30;
constexpr size_t kBlankSlots = 3;  // empty item boxes the form offers beyond those written

std::string Href(int64_t id) { return "/commitments/" + std::to_string(id); }
int ThisYear(const Context& ctx) { return std::stoi(ctx.Today().substr(0, 4)); }

Result<int> YearQuery(Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto y, IntQuery(ctx, "year"));
    if (!y && ctx.input().from_form()) {
        if (auto v = text::ParseInt(FormValue(ctx, "year"))) y = static_cast<int>(*v);
    }
    const int year = y.value_or(ThisYear(ctx));
    if (year < 2000 || year > 2100) return Error::InvalidField("year", "out_of_range", "commitment.field.year");
    return year;
}

const char* StatusClass(const std::string& s) {
    if (s == "approved" || s == "reviewed") return "badge-ok";
    if (s == "submitted") return "badge-wait";
    if (s == "returned") return "badge-late";
    return "badge-off";
}

// The status line of a commitment: registration, then assessment once approved.
std::pair<std::string, std::string> StatusOf(Context& ctx, const std::string& status, const std::string& assessment) {
    if (status.empty()) return {ctx.T("commitment.status.none"), "badge-late"};
    if (status == "approved" && assessment != "none")
        return {ctx.T("commitment.assessment." + assessment), StatusClass(assessment)};
    return {ctx.T("commitment.status." + status), StatusClass(status)};
}

boost::json::object View(Context& ctx, const commitment::Commitment& c) {
    auto j = commitment::ToJson(c);
    auto [label, cls] = StatusOf(ctx, c.status, c.assessment);
    j["href"] = Href(c.id);
    j["status_label"] = label;
    j["status_class"] = cls;
    boost::json::array items;
    for (const auto& i : c.items) {
        boost::json::object o{{"position", i.position}, {"body", i.body}, {"note", i.note}, {"result", i.result}};
        if (!i.result.empty()) {
            o["result_label"] = ctx.T("commitment.result." + i.result);
            o["result_class"] = i.result == "done" ? "badge-ok" : i.result == "partly" ? "badge-wait" : "badge-late";
        }
        o["is_done"] = i.result == "done";
        o["is_partly"] = i.result == "partly";
        o["is_not_done"] = i.result == "not_done";
        items.push_back(std::move(o));
    }
    j["item_views"] = std::move(items);
    j["submitted_display"] = c.submitted_on.empty() ? "" : time::FormatShortViIso(c.submitted_on);
    j["approved_display"] = c.approved_on.empty() ? "" : time::FormatShortViIso(c.approved_on);
    j["reviewed_display"] = c.reviewed_on.empty() ? "" : time::FormatShortViIso(c.reviewed_on);
    return j;
}

// The form's item boxes: those written, then blank ones (at most kMaxItems).
boost::json::array Slots(const std::vector<std::string>& written) {
    boost::json::array out;
    const size_t n = std::min(commitment::kMaxItems, written.size() + kBlankSlots);
    for (size_t i = 0; i < n; ++i)
        out.push_back(boost::json::object{{"n", static_cast<int64_t>(i + 1)}, {"body", i < written.size() ? written[i] : ""}});
    return out;
}

boost::json::object DatesView(const commitment::YearDates& d) {
    auto j = commitment::ToJson(d);
    j["register_by_display"] = time::FormatShortViIso(d.register_by);
    j["assess_from_display"] = time::FormatShortViIso(d.assess_from);
    return j;
}

// GET /commitments: the caller's own commitments of the year (and the way to the cell's list and the counts).
Result<Outcome> OwnPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int year, YearQuery(ctx));
    const std::string today = ctx.Today();
    const auto dates = commitment::DatesOf(ctx.db(), year);
    Outcome out;
    out.model = {{"year", year}, {"dates", DatesView(dates)}};
    auto own = commitment::Own(ctx.db(), ctx.scope(), year);
    out.model["has_record"] = own.ok();
    std::vector<std::string> written;
    if (own.ok() && own.value()) {
        const auto& c = *own.value();
        out.model["own"] = View(ctx, c);
        for (const auto& i : c.items) written.push_back(i.body);
        const bool editable = c.status == "draft" || c.status == "returned";
        out.model["can_edit"] = editable;
        out.model["can_assess"] = c.status == "approved" && (c.assessment == "none" || c.assessment == "returned") &&
                                  today >= dates.assess_from;
        out.model["is_returned"] = c.status == "returned";
        out.model["assessment_returned"] = c.assessment == "returned";
        out.model["assess_action"] = Href(c.id) + "/assessment";
        out.model["version"] = c.version;
        // The assessment form shown again after a refusal: the choices as sent, the items still without one named.
        if (ctx.input().from_form() && !FormValue(ctx, "slot_1").empty()) {
            const bool sending = FormValue(ctx, "op") == "submit";
            auto& views = out.model["own"].as_object()["item_views"].as_array();
            for (auto& v : views) {
                auto& o = v.as_object();
                const std::string n = std::to_string(o["position"].as_int64());
                const std::string result = FormValue(ctx, "result_" + n);
                o["is_done"] = result == "done";
                o["is_partly"] = result == "partly";
                o["is_not_done"] = result == "not_done";
                o["note"] = FormValue(ctx, "note_" + n);
                o["missing"] = sending && result.empty();
            }
        }
    } else if (own.ok()) {
        out.model["own"] = nullptr;
        out.model["can_edit"] = true;
    }
    if (own.ok()) {
        out.model["late"] = today > dates.register_by && !(own.value() && own.value()->status != "draft");
        if (auto theme = commitment::OwnTheme(ctx.db(), ctx.scope(), year); !theme.empty()) out.model["theme_title"] = theme;
    }
    // A form shown again with its errors keeps what was typed.
    if (ctx.input().from_form()) {
        written.clear();
        for (size_t i = 1; i <= commitment::kMaxItems; ++i) written.push_back(FormValue(ctx, "item_" + std::to_string(i)));
        while (!written.empty() && written.back().empty()) written.pop_back();
    }
    out.model["slots"] = Slots(written);
    boost::json::array years;
    for (int y = ThisYear(ctx) + (today.substr(5, 2) >= "11" ? 1 : 0); y >= ThisYear(ctx) - 2; --y)
        years.push_back(boost::json::object{{"year", y}, {"href", "/commitments?year=" + std::to_string(y)}, {"current", y == year}});
    out.model["years"] = std::move(years);
    out.model["answers"] = commitment::AnswersForAny(ctx.db(), ctx.scope());
    if (auto roots = ctx.scope().Roots(auth::Permission::kRead); !roots.empty())
        out.model["summary_href"] = "/commitments/summary?org_id=" + std::to_string(roots.front()) + "&year=" + std::to_string(year);
    if (!out.model.contains("errors")) out.model["errors"] = boost::json::object{};
    out.title = ctx.T("commitment.title");
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"", ctx.T("commitment.title")}};
    return out;
}

// GET /api/v1/commitments: the caller's own (when they have a member record) and, for a secretary, the
// members of the cells they answer for with their commitments' state.
Result<Outcome> ListApi(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int year, YearQuery(ctx));
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    DV_ASSIGN_OR_RETURN(auto org, IdQuery(ctx, "org_id"));
    std::string show = ctx.Query("show");
    if (show.empty()) show = "all";
    Outcome out;
    out.model = {{"year", year}, {"dates", commitment::ToJson(commitment::DatesOf(ctx.db(), year))}};
    auto own = commitment::Own(ctx.db(), ctx.scope(), year);
    out.model["own"] = own.ok() && own.value() ? boost::json::value(commitment::ToJson(*own.value())) : boost::json::value(nullptr);
    boost::json::array rows;
    int64_t total = 0;
    if (org || commitment::AnswersForAny(ctx.db(), ctx.scope())) {
        DV_ASSIGN_OR_RETURN(auto cell, commitment::CellList(ctx.db(), ctx.scope(), org, year, show, page, kRowsPerPage));
        for (const auto& r : cell.rows)
            rows.push_back(boost::json::object{{"member_id", r.member_id},
                                               {"full_name", r.full_name},
                                               {"org_id", r.org_id},
                                               {"org_name", r.org_name},
                                               {"commitment_id", r.commitment_id ? boost::json::value(*r.commitment_id) : boost::json::value(nullptr)},
                                               {"status", r.status},
                                               {"assessment", r.assessment},
                                               {"items", r.items}});
        total = cell.total;
    }
    out.model["rows"] = std::move(rows);
    out.model["total"] = total;
    out.model["page"] = page;
    return out;
}

// POST /commitments (form: op=save|submit, item_1…) and POST /api/v1/commitments.
Result<Outcome> SaveOwn(Context& ctx) {
    auto& in = ctx.input();
    commitment::SaveInput s;
    if (auto y = in.Int("year", false)) s.year = static_cast<int>(*y);
    s.version = in.Int("version", false);
    if (in.from_form()) {
        for (size_t i = 1; i <= commitment::kMaxItems; ++i) {
            std::string v = FormValue(ctx, "item_" + std::to_string(i));
            if (!text::Trim(v).empty()) s.items.push_back(std::move(v));
        }
        s.submit = FormValue(ctx, "op") == "submit";
    } else {
        if (auto* a = in.fields().if_contains("items"); a && a->is_array()) {
            for (const auto& v : a->as_array()) s.items.push_back(v.is_string() ? std::string(v.as_string()) : "");
        } else if (a && !a->is_null()) {
            in.AddError("items", "not_array", "field.not_array");
        }
        s.theme_id = in.Int("theme_id", false);
        s.submit = in.Bool("submit", false).value_or(false);
    }
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto c, commitment::SaveOwn(ctx.db(), ctx.scope(), s, ctx.actor(), ctx.now(), ctx.Today()));
    Outcome out;
    out.model = {{"commitment", commitment::ToJson(c)}};
    out.redirect = "/commitments?year=" + std::to_string(c.year);
    out.flash = s.submit ? "flash.commitment_submitted" : "flash.commitment_saved";
    return out;
}

// GET /commitments/{id} and GET /api/v1/commitments/{id}.
Result<Outcome> ShowPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto rec, commitment::Get(ctx.db(), ctx.scope(), id));
    const auto& c = rec.commitment;
    Outcome out;
    out.model = {{"commitment", View(ctx, c)}, {"own", rec.own}, {"can_decide", rec.can_decide}};
    if (!ctx.json()) {
        out.model["can_approve"] = rec.can_decide && c.status == "submitted";
        out.model["can_review"] = rec.can_decide && c.assessment == "submitted";
        out.model["action"] = Href(id) + "/decision";
        out.model["own_href"] = "/commitments?year=" + std::to_string(c.year);
        out.model["cell_href"] = "/commitments/cell?year=" + std::to_string(c.year);
        out.model["has_results"] = c.assessment != "none";
        if (!out.model.contains("errors")) out.model["errors"] = boost::json::object{};
    }
    out.title = c.member_name + " – " + std::to_string(c.year);
    out.breadcrumbs = {{"/", ctx.T("nav.home")},
                       {rec.can_decide ? "/commitments/cell?year=" + std::to_string(c.year) : "/commitments", ctx.T("commitment.title")},
                       {"", c.member_name}};
    return out;
}

// POST /commitments/{id}/assessment (form: op=save|submit, result_N, note_N) and PUT
// /api/v1/commitments/{id}/assessment ({results: [{result, note}], submit}).
Result<Outcome> AssessOwn(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    commitment::AssessInput a;
    a.version = in.Int("version", false);
    if (in.from_form()) {
        for (size_t i = 1; i <= commitment::kMaxItems; ++i) {
            const std::string n = std::to_string(i);
            if (!in.Has("result_" + n) && !in.Has("note_" + n) && !in.Has("slot_" + n)) break;
            a.lines.push_back({FormValue(ctx, "result_" + n), FormValue(ctx, "note_" + n)});
        }
        a.submit = FormValue(ctx, "op") == "submit";
    } else {
        if (auto* r = in.fields().if_contains("results"); r && r->is_array()) {
            for (const auto& v : r->as_array()) {
                commitment::AssessInput::Line l;
                if (v.is_object()) {
                    if (auto* x = v.as_object().if_contains("result"); x && x->is_string()) l.result = x->as_string();
                    if (auto* x = v.as_object().if_contains("note"); x && x->is_string()) l.note = x->as_string();
                }
                a.lines.push_back(std::move(l));
            }
        } else {
            in.AddError("results", "required", "field.required");
        }
        a.submit = in.Bool("submit", false).value_or(false);
    }
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto c, commitment::Assess(ctx.db(), ctx.scope(), id, a, ctx.actor(), ctx.now(), ctx.Today()));
    Outcome out;
    out.model = {{"commitment", commitment::ToJson(c)}};
    out.redirect = "/commitments?year=" + std::to_string(c.year);
    out.flash = a.submit ? "flash.commitment_assessed" : "flash.commitment_saved";
    return out;
}

// POST /commitments/{id}/decision and POST /api/v1/commitments/{id}/decision.
Result<Outcome> Decide(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    const std::string decision = in.Str("decision", true, 1, 40);
    const std::string note = in.Text("note", false, 0, 2000);
    auto version = in.Int("version", false);
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto c, commitment::Decide(ctx.db(), ctx.scope(), id, decision, note, version, ctx.actor(),
                                                   ctx.now(), ctx.Today()));
    Outcome out;
    out.model = {{"commitment", commitment::ToJson(c)}};
    out.redirect = "/commitments/cell?year=" + std::to_string(c.year) + "&show=" +
                   (decision == "approve" || decision == "return" ? "to_approve" : "to_review");
    out.flash = "flash.commitment_decided";
    return out;
}

// GET /commitments/cell: the secretary's list.
Result<Outcome> CellPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int year, YearQuery(ctx));
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    DV_ASSIGN_OR_RETURN(auto org, IdQuery(ctx, "org_id"));
    std::string show = ctx.Query("show");
    if (show.empty()) show = "all";
    DV_ASSIGN_OR_RETURN(auto cell, commitment::CellList(ctx.db(), ctx.scope(), org, year, show, page, kRowsPerPage));
    boost::json::array rows;
    bool many_cells = false;
    for (const auto& r : cell.rows) {
        many_cells = many_cells || r.org_id != cell.rows.front().org_id;
        auto [label, cls] = StatusOf(ctx, r.status, r.assessment);
        boost::json::object o{{"full_name", r.full_name}, {"org_name", r.org_name}, {"status_label", label},
                              {"status_class", cls}, {"items", r.items},
                              {"has_items", r.items > 0}};
        if (r.commitment_id && r.status != "draft") o["href"] = Href(*r.commitment_id);
        rows.push_back(std::move(o));
    }
    Outcome out;
    out.model = {{"org_id", cell.org_id}, {"org_name", cell.org_name}, {"year", year}, {"rows", std::move(rows)},
                 {"total", cell.total}, {"to_approve", cell.to_approve}, {"to_review", cell.to_review}};
    const std::string base = "/commitments/cell?org_id=" + std::to_string(cell.org_id) + "&year=" + std::to_string(year);
    out.model["pager"] = Pager(ctx, cell.total, page, kRowsPerPage, base + "&show=" + show + "&page=");
    out.model["show_cell"] = many_cells;
    boost::json::array filters;
    for (const std::string key : {"all", "to_approve", "to_review", "missing"}) {
        std::string label = ctx.T("commitment.show." + key);
        if (key == "to_approve") label += " (" + std::to_string(cell.to_approve) + ")";
        if (key == "to_review") label += " (" + std::to_string(cell.to_review) + ")";
        filters.push_back(boost::json::object{{"href", base + "&show=" + key}, {"label", label}, {"current", key == show}});
    }
    out.model["filters"] = std::move(filters);
    out.title = ctx.T("commitment.cell.title");
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/commitments", ctx.T("commitment.title")}, {"", ctx.T("commitment.cell.title")}};
    return out;
}

boost::json::object CountsView(Context& ctx, const commitment::Counts& c) {
    auto j = commitment::ToJson(c);
    j["registered_rate"] = document::distribution::Percent(c.registered, c.members);
    const int64_t reviewed_items = c.done + c.partly + c.not_done;
    j["done_rate"] = document::distribution::Percent(c.done, reviewed_items);
    j["done_label"] = reviewed_items == 0
                          ? std::string("—")
                          : text::Fill(ctx.T("commitment.summary.done_line"), {{"done", text::GroupThousands(c.done)},
                                                                             {"reviewed", text::GroupThousands(reviewed_items)},
                                                                             {"rate", j["done_rate"].as_string().c_str()}});
    j["registered_label"] = text::Fill(ctx.T("commitment.summary.registered_line"),
                                       {{"registered", text::GroupThousands(c.registered)}, {"members", text::GroupThousands(c.members)}});
    j["href"] = "/commitments/summary?org_id=" + std::to_string(c.org_id) + "&year=" + std::to_string(c.year);
    if (!ctx.json()) {
        j["approved_text"] = text::GroupThousands(c.approved);
        j["assessed_text"] = text::GroupThousands(c.assessed);
        j["reviewed_text"] = text::GroupThousands(c.reviewed);
        j["partly_text"] = text::GroupThousands(c.partly);
        j["not_done_text"] = text::GroupThousands(c.not_done);
    }
    return j;
}

// GET /commitments/summary and GET /api/v1/commitments/summary: counts and rates, never the text.
Result<Outcome> SummaryPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int year, YearQuery(ctx));
    DV_ASSIGN_OR_RETURN(auto org, IdQuery(ctx, "org_id"));
    if (!org && ctx.input().from_form()) org = text::ParseInt(FormValue(ctx, "org_id"));
    if (!org) {
        auto roots = ctx.scope().Roots(auth::Permission::kRead);
        if (roots.empty()) return Error::NotFound();
        org = roots.front();
    }
    const std::string today = ctx.Today();
    const std::string year_end = std::to_string(year) + "-12-31";
    const std::string as_of = std::min(today, year_end);
    DV_ASSIGN_OR_RETURN(auto s, commitment::SummaryOf(ctx.db(), ctx.scope(), *org, year, as_of));
    boost::json::array units;
    for (const auto& u : s.units) units.push_back(CountsView(ctx, u));
    Outcome out;
    out.model = {{"total", CountsView(ctx, s.total)}, {"units", std::move(units)},
                 {"dates", DatesView(commitment::DatesOf(ctx.db(), year))}};
    if (!ctx.json()) {
        // The figures lead to the members behind them for whoever answers for the unit's cells.
        if (commitment::CellList(ctx.db(), ctx.scope(), *org, year, "all", 1, 1).ok()) {
            const std::string base = "/commitments/cell?org_id=" + std::to_string(*org) + "&year=" + std::to_string(year);
            out.model["total"].as_object()["list_href"] = base + "&show=all";
            out.model["total"].as_object()["review_href"] = base + "&show=to_review";
        }
        out.model["has_units"] = !s.units.empty();
        out.model["can_set_dates"] = commitment::CanSetDates(ctx.db(), ctx.scope());
        out.model["as_of_display"] = time::FormatShortViIso(as_of);
        boost::json::array years;
        for (int y = ThisYear(ctx); y >= ThisYear(ctx) - 3; --y)
            years.push_back(boost::json::object{{"year", y},
                                                {"href", "/commitments/summary?org_id=" + std::to_string(*org) + "&year=" + std::to_string(y)},
                                                {"current", y == year}});
        out.model["years"] = std::move(years);
        if (!out.model.contains("values")) {
            auto d = commitment::DatesOf(ctx.db(), year);
            out.model["values"] = boost::json::object{{"register_by", time::FormatShortViIso(d.register_by)},
                                                      {"assess_from", time::FormatShortViIso(d.assess_from)}};
        }
        if (!out.model.contains("errors")) out.model["errors"] = boost::json::object{};
    }
    out.title = ctx.T("commitment.summary.title");
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/commitments", ctx.T("commitment.title")}, {"", ctx.T("commitment.summary.title")}};
    return out;
}

// POST /commitments/dates (form) and PUT /api/v1/commitments/years/{year}.
Result<Outcome> SetDates(Context& ctx) {
    auto& in = ctx.input();
    commitment::YearDates d;
    if (!ctx.Param("year").empty()) {
        DV_ASSIGN_OR_RETURN(int64_t y, ctx.IdParam("year"));
        d.year = static_cast<int>(y);
    } else if (auto y = in.Int("year", true)) {
        d.year = static_cast<int>(*y);
    }
    d.register_by = in.DateForService("register_by");
    d.assess_from = in.DateForService("assess_from");
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto saved, commitment::SetDates(ctx.db(), ctx.scope(), d, ctx.actor(), ctx.now()));
    Outcome out;
    out.model = {{"dates", commitment::ToJson(saved)}};
    out.redirect = "/commitments/summary?year=" + std::to_string(saved.year);
    out.flash = "flash.commitment_dates_saved";
    return out;
}

}  // namespace

// The home page: a member's commitments to register or assess; a secretary's to approve or review.
std::vector<HomeItem> CommitmentHomeItems(Context& ctx) {
    std::vector<HomeItem> out;
    const int year = ThisYear(ctx);
    const std::string today = ctx.Today();
    auto own = commitment::Own(ctx.db(), ctx.scope(), year);
    if (own.ok()) {
        const auto dates = commitment::DatesOf(ctx.db(), year);
        const auto& c = own.value();
        const std::string y = std::to_string(year);
        if (!c || c->status == "draft" || c->status == "returned") {
            const bool late = today > dates.register_by;
            out.push_back({HomeItem::Kind::kTodo, text::Fill(ctx.T("home.commitments.register"), {{"year", y}}), "",
                           c && c->status == "returned"
                               ? ctx.T("home.commitments.returned")
                               : text::Fill(ctx.T("home.commitments.register_by"), {{"date", time::FormatShortViIso(dates.register_by)}}),
                           "/commitments", late});
        } else if (c->status == "approved" && (c->assessment == "none" || c->assessment == "returned") &&
                   today >= dates.assess_from) {
            out.push_back({HomeItem::Kind::kTodo, text::Fill(ctx.T("home.commitments.assess"), {{"year", y}}), "",
                           c->assessment == "returned" ? ctx.T("home.commitments.assessment_returned")
                                                       : ctx.T("home.commitments.assess_note"),
                           "/commitments", false});
        }
    }
    auto [to_approve, to_review] = commitment::WaitingFor(ctx.db(), ctx.scope(), year);
    if (to_approve > 0)
        out.push_back({HomeItem::Kind::kTodo,
                       text::Fill(ctx.T("home.commitments.to_approve"), {{"count", text::GroupThousands(to_approve)}}), "",
                       ctx.T("home.commitments.to_approve_note"), "/commitments/cell?show=to_approve", false});
    if (to_review > 0)
        out.push_back({HomeItem::Kind::kTodo,
                       text::Fill(ctx.T("home.commitments.to_review"), {{"count", text::GroupThousands(to_review)}}), "",
                       ctx.T("home.commitments.to_review_note"), "/commitments/cell?show=to_review", false});
    return out;
}

void RegisterCommitmentRoutes(Router& r) {
    using namespace schema;
    const Schema item = Object({{"position", Int()}, {"body", Str()}, {"result", Str()}, {"note", Str()}});
    r.AddComponent("Commitment", Object({{"id", Int()},
                                         {"member_id", Int()},
                                         {"member_name", Str()},
                                         {"year", Int()},
                                         {"org_id", Int()},
                                         {"org_name", Str()},
                                         {"theme_id", Nullable(Int())},
                                         {"theme_title", Str()},
                                         {"status", Str()},
                                         {"assessment", Str()},
                                         {"return_note", Str()},
                                         {"review_note", Str()},
                                         {"submitted_on", Str()},
                                         {"approved_on", Str()},
                                         {"approved_by", Str()},
                                         {"assessed_on", Str()},
                                         {"reviewed_on", Str()},
                                         {"reviewed_by", Str()},
                                         {"version", Int()},
                                         {"created_at", Int()},
                                         {"updated_at", Int()},
                                         {"items", ArrayOf(item)},
                                         {"href", Str(), kOptional},
                                         {"status_label", Str(), kOptional},
                                         {"status_class", Str(), kOptional},
                                         {"item_views", ArrayOf(AnyObject()), kOptional},
                                         {"submitted_display", Str(), kOptional},
                                         {"approved_display", Str(), kOptional},
                                         {"reviewed_display", Str(), kOptional}}));
    const Schema dates = Object({{"year", Int()},
                                 {"register_by", Str()},
                                 {"assess_from", Str()},
                                 {"set", Bool()},
                                 {"register_by_display", Str(), kOptional},
                                 {"assess_from_display", Str(), kOptional}});
    r.AddComponent("CommitmentDates", dates);
    const Schema counts = Object({{"org_id", Int()},
                                  {"org_name", Str()},
                                  {"year", Int()},
                                  {"as_of", Str()},
                                  {"members", Int()},
                                  {"registered", Int()},
                                  {"approved", Int()},
                                  {"assessed", Int()},
                                  {"reviewed", Int()},
                                  {"items", Int()},
                                  {"done", Int()},
                                  {"partly", Int()},
                                  {"not_done", Int()},
                                  {"registered_rate", Str()},
                                  {"done_rate", Str()},
                                  {"done_label", Str()},
                                  {"registered_label", Str()},
                                  {"href", Str()},
                                  {"list_href", Str(), kOptional},
                                  {"approved_text", Str(), kOptional},
                                  {"assessed_text", Str(), kOptional},
                                  {"reviewed_text", Str(), kOptional},
                                  {"partly_text", Str(), kOptional},
                                  {"not_done_text", Str(), kOptional},
                                  {"review_href", Str(), kOptional}});
    r.AddComponent("CommitmentCounts", counts);
    const Schema saved = Object({{"commitment", Ref("Commitment")}});
    const Schema list = Object({{"year", Int()},
                                {"dates", Ref("CommitmentDates")},
                                {"own", Nullable(Ref("Commitment"))},
                                {"rows", ArrayOf(Object({{"member_id", Int()},
                                                         {"full_name", Str()},
                                                         {"org_id", Int()},
                                                         {"org_name", Str()},
                                                         {"commitment_id", Nullable(Int())},
                                                         {"status", Str()},
                                                         {"assessment", Str()},
                                                         {"items", Int()}}))},
                                {"total", Int()},
                                {"page", Int()}});
    const Schema own_page = AnyObject();
    const Schema record = Object({{"commitment", Ref("Commitment")},
                                  {"own", Bool()},
                                  {"can_decide", Bool()},
                                  {"can_approve", Bool(), kOptional},
                                  {"can_review", Bool(), kOptional},
                                  {"action", Str(), kOptional},
                                  {"own_href", Str(), kOptional},
                                  {"cell_href", Str(), kOptional},
                                  {"has_results", Bool(), kOptional},
                                  {"errors", AnyObject(), kOptional}});
    const Schema summary = Object({{"total", Ref("CommitmentCounts")},
                                   {"units", ArrayOf(Ref("CommitmentCounts"))},
                                   {"dates", Ref("CommitmentDates")},
                                   {"has_units", Bool(), kOptional},
                                   {"can_set_dates", Bool(), kOptional},
                                   {"as_of_display", Str(), kOptional},
                                   {"years", ArrayOf(AnyObject()), kOptional},
                                   {"values", AnyObject(), kOptional},
                                   {"errors", AnyObject(), kOptional}});
    const std::vector<FieldSpec> year_query = {{"year", "integer", false, "the year (default: this year)"}};
    const std::vector<FieldSpec> list_query = {{"year", "integer", false, "the year (default: this year)"},
                                               {"org_id", "integer", false, "a secretary's unit (default: their first)"},
                                               {"show", "string", false, "all | missing | to_approve | to_review"},
                                               {"page", "integer", false, "page number, 30 a page"}};
    const std::vector<FieldSpec> save_fields = {
        {"year", "integer", false, "this year (default), or next year from November"},
        {"items", "array", true, "the commitments, 1 to 20 texts (form: item_1 … item_20, empty ones left out)"},
        {"theme_id", "integer", false, "the year's theme they follow (default: the cell's theme of the year)"},
        {"submit", "boolean", false, "true: send to the secretary (form: op=submit); else a draft"},
        {"version", "integer", false, "the version read; another since: 409"}};
    const std::vector<FieldSpec> assess_fields = {
        {"results", "array", true, "one per item in order: {result: done|partly|not_done, note} (form: result_N, note_N)"},
        {"submit", "boolean", false, "true: send to the secretary, every item assessed (form: op=submit)"},
        {"version", "integer", false, "the version read; another since: 409"}};
    const std::vector<FieldSpec> decision_fields = {
        {"decision", "string", true, "approve | return (a submitted commitment); accept | return_assessment (its self-assessment)"},
        {"note", "string", false, "to the member; required to return"},
        {"version", "integer", false, "the version read; another since: 409"}};
    const std::vector<FieldSpec> dates_fields = {
        {"year", "integer", true, "the year (form; the API takes it from the path)"},
        {"register_by", "string", true, "YYYY-MM-DD (or d/m/yyyy): members with nothing submitted after it are reminded"},
        {"assess_from", "string", true, "YYYY-MM-DD (or d/m/yyyy): self-assessment opens, members reminded"}};
    const std::vector<FieldSpec> summary_query = {{"org_id", "integer", false, "the unit (default: the caller's first)"},
                                                  {"year", "integer", false, "the year (default: this year)"}};

    r.Add({.method = "GET", .pattern = "/commitments", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "commitments/index", .summary = "commitment.title", .tag = "commitments",
           .handler = OwnPage, .query = year_query, .response = own_page});
    r.Add({.method = "GET", .pattern = "/api/v1/commitments", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "The caller's own commitments of a year and, for a secretary, the cells' members with theirs",
           .tag = "commitments", .handler = ListApi, .query = list_query, .response = list});
    r.Add({.method = "POST", .pattern = "/commitments", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "commitment.title", .tag = "commitments", .handler = SaveOwn, .form_template = "commitments/index",
           .form_model = OwnPage, .body = save_fields, .response = saved});
    r.Add({.method = "POST", .pattern = "/api/v1/commitments", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Write (and submit) the caller's own commitments of a year", .tag = "commitments",
           .handler = SaveOwn, .body = save_fields, .response = saved});
    r.Add({.method = "GET", .pattern = "/commitments/cell", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "commitments/cell", .summary = "commitment.cell.title", .tag = "commitments",
           .handler = CellPage, .query = list_query, .response = AnyObject()});
    r.Add({.method = "GET", .pattern = "/commitments/summary", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "commitments/summary", .summary = "commitment.summary.title", .tag = "commitments",
           .handler = SummaryPage, .query = summary_query, .response = summary});
    r.Add({.method = "GET", .pattern = "/api/v1/commitments/summary", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Counts and rates of a unit's subtree and its direct units (never the text)", .tag = "commitments",
           .handler = SummaryPage, .query = summary_query, .response = summary});
    r.Add({.method = "POST", .pattern = "/commitments/dates", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "commitment.summary.title", .tag = "commitments", .handler = SetDates,
           .form_template = "commitments/summary", .form_model = SummaryPage, .body = dates_fields,
           .response = Object({{"dates", Ref("CommitmentDates")}})});
    r.Add({.method = "PUT", .pattern = "/api/v1/commitments/years/{year}", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Set a year's registration and assessment dates", .tag = "commitments",
           .handler = SetDates, .body = {dates_fields[1], dates_fields[2]}, .response = Object({{"dates", Ref("CommitmentDates")}})});
    r.Add({.method = "GET", .pattern = "/commitments/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "commitments/show", .summary = "commitment.title", .tag = "commitments",
           .handler = ShowPage, .response = record});
    r.Add({.method = "GET", .pattern = "/api/v1/commitments/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "A commitment (its member's, or one the caller answers for)", .tag = "commitments",
           .handler = ShowPage, .response = record});
    r.Add({.method = "POST", .pattern = "/commitments/{id}/assessment", .kind = Kind::kHtml,
           .access = Access::kSignedIn, .summary = "commitment.title", .tag = "commitments", .handler = AssessOwn,
           .form_template = "commitments/index", .form_model = OwnPage, .body = assess_fields, .response = saved});
    r.Add({.method = "PUT", .pattern = "/api/v1/commitments/{id}/assessment", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "The member's self-assessment of their approved commitment",
           .tag = "commitments", .handler = AssessOwn, .body = assess_fields, .response = saved});
    r.Add({.method = "POST", .pattern = "/commitments/{id}/decision", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "commitment.title", .tag = "commitments", .handler = Decide, .form_template = "commitments/show",
           .form_model = ShowPage, .body = decision_fields, .response = saved});
    r.Add({.method = "POST", .pattern = "/api/v1/commitments/{id}/decision", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Approve or return a commitment, accept or return its self-assessment",
           .tag = "commitments", .handler = Decide, .body = decision_fields, .response = saved});
}

}  // namespace dv::web
