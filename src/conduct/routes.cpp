// conduct routes: a unit's codes of conduct, house rules and working rules (the version in force on a day,
// and the form that adopts a new one), one norm with its versions (the form that revises it), the office's
// overview of which units adopted or revised one in a period and which have none; and the JSON API over
// the same handlers.
#include "conduct/service.h"
#include "core/text.h"
#include "core/time.h"
#include "org/service.h"
#include "web/context.h"

namespace dv::web {

namespace {

constexpr int kRowsPerPage = 25;

std::string CodeHref(int64_t id) { return "/conduct/" + std::to_string(id); }
std::string YearStart(const std::string& today) { return today.substr(0, 4) + "-01-01"; }

boost::json::object VersionView(const conduct::Version& v) {
    auto j = conduct::ToJson(v);
    j["adopted_display"] = time::FormatShortViIso(v.adopted_on);
    if (v.document_id) j["document_href"] = "/documents/" + std::to_string(*v.document_id);
    return j;
}

boost::json::object CodeView(const conduct::Code& c) {
    auto j = conduct::ToJson(c);
    j["href"] = CodeHref(c.id);
    if (c.in_force) j["in_force"] = VersionView(*c.in_force);
    j["last_display"] = c.last_adopted_on.empty() ? "" : time::FormatShortViIso(c.last_adopted_on);
    return j;
}

Result<std::string> DayQuery(Context& ctx, const char* name, const std::string& fallback) {
    const std::string raw = ctx.Query(name);
    if (raw.empty()) return fallback;
    Input q(boost::json::object{{name, raw}}, true);
    std::string day = q.Date(name);
    DV_TRY(q.Finish());
    return day;
}

boost::json::array KindOptions(Context& ctx, const std::string& selected) {
    std::vector<std::pair<std::string, std::string>> values;
    for (const auto& k : conduct::Kinds(ctx.db())) values.emplace_back(k.code, ctx.lang() == "en" ? k.name_en : k.name);
    return Options(values, selected);
}

// GET /conduct and GET /api/v1/codes-of-conduct: a unit's norms on a day.
Result<Outcome> CodesPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto org, IdQuery(ctx, "org_id"));
    if (!org && ctx.input().from_form()) org = text::ParseInt(FormValue(ctx, "org_id"));
    const std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(std::string on, DayQuery(ctx, "on", today));
    auto found = conduct::CodesOf(ctx.db(), ctx.scope(), org, on);
    // A form sent for a unit the caller may not write is shown again on their own unit, with its errors.
    if (!found.ok() && ctx.input().from_form() && found.error().IsNotFound())
        found = conduct::CodesOf(ctx.db(), ctx.scope(), std::nullopt, on);
    DV_ASSIGN_OR_RETURN(auto unit, std::move(found));
    boost::json::array codes;
    for (const auto& c : unit.codes) codes.push_back(CodeView(c));
    Outcome out;
    out.model = {{"org_id", unit.org_id}, {"org_name", unit.org_name}, {"on", unit.on}, {"codes", std::move(codes)},
                 {"can_write", unit.can_write}};
    if (!ctx.json()) {
        out.model["on_display"] = time::FormatShortViIso(unit.on);
        out.model["is_today"] = unit.on == today;
        out.model["has_codes"] = !unit.codes.empty();
        out.model["kinds"] = KindOptions(ctx, FormValue(ctx, "kind"));
        if (!out.model.contains("values")) out.model["values"] = boost::json::object{{"adopted_on", time::FormatShortViIso(today)}};
        if (!out.model.contains("errors")) out.model["errors"] = boost::json::object{};
        // The overview for whoever reads more than one unit.
        auto children = org::Children(ctx.db(), ctx.scope(), unit.org_id, today);
        out.model["can_overview"] = children.ok() && !children.value().empty();
        out.model["overview_href"] = "/conduct/overview?under=" + std::to_string(unit.org_id);
        // The way to other units' norms: a writer's other units; anyone else, the units above this one (their
        // norms apply to its members too).
        boost::json::array units;
        auto link = [&](const org::Org& o) {
            units.push_back(boost::json::object{{"name", o.name}, {"href", "/conduct?org_id=" + std::to_string(o.id)}});
        };
        const auto writable = org::ListWhere(ctx.db(), ctx.scope(), auth::Permission::kWrite);
        for (const auto& o : writable)
            if (o.id != unit.org_id && units.size() < 30) link(o);
        out.model["units_heading"] = ctx.T("conduct.other_units");
        if (writable.empty()) {
            out.model["units_heading"] = ctx.T("conduct.units_above");
            auto up = org::Find(ctx.db(), auth::Scope::System(), auth::Permission::kRead, unit.org_id);
            for (int i = 0; up && up->parent_id && i < 4; ++i) {
                up = org::Find(ctx.db(), auth::Scope::System(), auth::Permission::kRead, *up->parent_id);
                if (up && up->parent_id) link(*up);  // the root's norms are not a unit's own
            }
        }
        out.model["has_units"] = !units.empty();
        out.model["other_units"] = std::move(units);
    }
    out.title = ctx.T("conduct.title");
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"", ctx.T("conduct.title")}};
    return out;
}

conduct::AdoptInput AdoptInputOf(Context& ctx, bool new_code) {
    auto& in = ctx.input();
    conduct::AdoptInput a;
    if (new_code) {
        a.org_id = in.Int("org_id", false);
        a.kind = in.Str("kind", false, 0, 40);
        a.title = in.Str("title", false, 0, 600);
    }
    a.adopted_on = in.DateForService("adopted_on");
    a.body = in.Text("body", false, 0, 120000);
    a.note = in.Text("note", false, 0, 3000);
    if (in.from_form()) {
        if (auto d = text::ParseInt(FormValue(ctx, "document_id"))) a.document_id = *d;
    } else {
        a.document_id = in.Int("document_id", false);
    }
    return a;
}

Outcome Saved(const conduct::Code& c) {
    Outcome out;
    out.status = 201;
    out.model = {{"code", conduct::ToJson(c)}};
    out.redirect = CodeHref(c.id);
    out.flash = "flash.conduct_saved";
    return out;
}

// POST /conduct (form) and POST /api/v1/codes-of-conduct: a new norm with its first version.
Result<Outcome> CreateCode(Context& ctx) {
    auto in = AdoptInputOf(ctx, true);
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto c, conduct::Adopt(ctx.db(), ctx.scope(), in, ctx.actor(), ctx.now(), ctx.Today()));
    return Saved(c);
}

// POST /conduct/{id} (form) and POST /api/v1/codes-of-conduct/{id}/versions: a new version.
Result<Outcome> Revise(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto in = AdoptInputOf(ctx, false);
    in.code_id = id;
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto c, conduct::Adopt(ctx.db(), ctx.scope(), in, ctx.actor(), ctx.now(), ctx.Today()));
    return Saved(c);
}

// GET /conduct/{id} and GET /api/v1/codes-of-conduct/{id}: a norm and its versions.
Result<Outcome> CodePage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    const std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(std::string on, DayQuery(ctx, "on", today));
    DV_ASSIGN_OR_RETURN(auto rec, conduct::GetCode(ctx.db(), ctx.scope(), id, on));
    boost::json::array versions;
    for (const auto& v : rec.versions) {
        auto j = VersionView(v);
        j["in_force"] = rec.code.in_force && rec.code.in_force->id == v.id;
        versions.push_back(std::move(j));
    }
    Outcome out;
    out.model = {{"code", CodeView(rec.code)}, {"versions", std::move(versions)}, {"can_write", rec.can_write}};
    if (!ctx.json()) {
        out.model["action"] = CodeHref(id);
        out.model["unit_href"] = "/conduct?org_id=" + std::to_string(rec.code.org_id);
        if (!out.model.contains("values")) out.model["values"] = boost::json::object{{"adopted_on", time::FormatShortViIso(today)}};
        if (!out.model.contains("errors")) out.model["errors"] = boost::json::object{};
    }
    out.title = rec.code.title;
    out.breadcrumbs = {{"/", ctx.T("nav.home")},
                       {"/conduct?org_id=" + std::to_string(rec.code.org_id), ctx.T("conduct.title")},
                       {"", rec.code.title}};
    return out;
}

// GET /conduct/overview and GET /api/v1/codes-of-conduct/overview.
Result<Outcome> OverviewPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    DV_ASSIGN_OR_RETURN(auto under, IdQuery(ctx, "under"));
    const std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(std::string from, DayQuery(ctx, "from", YearStart(today)));
    DV_ASSIGN_OR_RETURN(std::string to, DayQuery(ctx, "to", today));
    std::string which = ctx.Query("list");
    if (which.empty()) which = "changed";
    DV_ASSIGN_OR_RETURN(auto ov, conduct::OverviewOf(ctx.db(), ctx.scope(), under, from, to, which, page, kRowsPerPage));
    boost::json::array rows;
    for (const auto& u : ov.rows) {
        auto j = conduct::ToJson(u);
        if (!ctx.json()) {
            j["href"] = "/conduct?org_id=" + std::to_string(u.org_id) + "&on=" + ov.to;
            j["last_display"] = u.last_adopted_on.empty() ? "" : time::FormatShortViIso(u.last_adopted_on);
            j["has_codes"] = u.codes > 0;
        }
        rows.push_back(std::move(j));
    }
    Outcome out;
    out.model = {{"under", ov.under}, {"under_name", ov.under_name}, {"from", ov.from},     {"to", ov.to},
                 {"list", ov.which},  {"units", ov.units},          {"with_codes", ov.with_codes}, {"changed", ov.changed},
                 {"none", ov.none},   {"rows", std::move(rows)},    {"total", ov.total},   {"page", page}};
    if (!ctx.json()) {
        const std::string base = "/conduct/overview?under=" + std::to_string(ov.under) + "&from=" + ov.from + "&to=" + ov.to;
        out.model["pager"] = Pager(ctx, ov.total, page, kRowsPerPage, base + "&list=" + ov.which + "&page=");
        out.model["period_label"] = time::FormatShortViIso(ov.from) + " – " + time::FormatShortViIso(ov.to);
        boost::json::array tabs;
        for (const auto& [key, count] : {std::pair<std::string, int64_t>{"changed", ov.changed}, {"none", ov.none}, {"all", ov.units}})
            tabs.push_back(boost::json::object{{"href", base + "&list=" + key},
                                               {"label", ctx.T("conduct.list." + key)},
                                               {"count", text::GroupThousands(count)},
                                               {"current", key == ov.which}});
        out.model["tabs"] = std::move(tabs);
        out.model["with_label"] = text::Fill(ctx.T("conduct.with_line"), {{"with", text::GroupThousands(ov.with_codes)},
                                                                          {"units", text::GroupThousands(ov.units)}});
        out.model["values"] = boost::json::object{{"from", time::FormatShortViIso(ov.from)}, {"to", time::FormatShortViIso(ov.to)}};
    }
    out.title = ctx.T("conduct.overview.title");
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/conduct", ctx.T("conduct.title")}, {"", ctx.T("conduct.overview.title")}};
    return out;
}

}  // namespace

void RegisterConductRoutes(Router& r) {
    using namespace schema;
    const Schema version = Object({{"id", Int()},
                                   {"code_id", Int()},
                                   {"number", Int()},
                                   {"adopted_on", Str()},
                                   {"body", Str()},
                                   {"note", Str()},
                                   {"document_id", Nullable(Int())},
                                   {"document_label", Str()},
                                   {"created_by", Str()},
                                   {"created_at", Int()},
                                   {"adopted_display", Str(), kOptional},
                                   {"document_href", Str(), kOptional},
                                   {"in_force", Bool(), kOptional}});
    r.AddComponent("ConductVersion", version);
    r.AddComponent("ConductCode", Object({{"id", Int()},
                                          {"org_id", Int()},
                                          {"org_name", Str()},
                                          {"kind", Str()},
                                          {"kind_name", Str()},
                                          {"title", Str()},
                                          {"created_at", Int()},
                                          {"versions", Int()},
                                          {"first_adopted_on", Str()},
                                          {"last_adopted_on", Str()},
                                          {"in_force", Nullable(Ref("ConductVersion"))},
                                          {"href", Str(), kOptional},
                                          {"last_display", Str(), kOptional}}));
    const Schema unit = Object({{"org_id", Int()},
                                {"org_name", Str()},
                                {"on", Str()},
                                {"codes", ArrayOf(Ref("ConductCode"))},
                                {"can_write", Bool()},
                                {"on_display", Str(), kOptional},
                                {"is_today", Bool(), kOptional},
                                {"has_codes", Bool(), kOptional},
                                {"kinds", ArrayOf(AnyObject()), kOptional},
                                {"values", AnyObject(), kOptional},
                                {"errors", AnyObject(), kOptional},
                                {"can_overview", Bool(), kOptional},
                                {"overview_href", Str(), kOptional},
                                {"other_units", ArrayOf(AnyObject()), kOptional},
                                {"units_heading", Str(), kOptional},
                                {"has_units", Bool(), kOptional}});
    const Schema record = Object({{"code", Ref("ConductCode")},
                                  {"versions", ArrayOf(Ref("ConductVersion"))},
                                  {"can_write", Bool()},
                                  {"action", Str(), kOptional},
                                  {"unit_href", Str(), kOptional},
                                  {"values", AnyObject(), kOptional},
                                  {"errors", AnyObject(), kOptional}});
    const Schema overview = Object({{"under", Int()},
                                    {"under_name", Str()},
                                    {"from", Str()},
                                    {"to", Str()},
                                    {"list", Str()},
                                    {"units", Int()},
                                    {"with_codes", Int()},
                                    {"changed", Int()},
                                    {"none", Int()},
                                    {"rows", ArrayOf(Object({{"org_id", Int()},
                                                             {"org_name", Str()},
                                                             {"type_name", Str()},
                                                             {"codes", Int()},
                                                             {"adopted_in_period", Int()},
                                                             {"last_adopted_on", Str()},
                                                             {"href", Str(), kOptional},
                                                             {"last_display", Str(), kOptional},
                                                             {"has_codes", Bool(), kOptional}}))},
                                    {"total", Int()},
                                    {"page", Int()},
                                    {"pager", AnyObject(), kOptional},
                                    {"period_label", Str(), kOptional},
                                    {"tabs", ArrayOf(AnyObject()), kOptional},
                                    {"with_label", Str(), kOptional},
                                    {"values", AnyObject(), kOptional}});
    const Schema saved = Object({{"code", Ref("ConductCode")}});
    const std::vector<FieldSpec> unit_query = {{"org_id", "integer", false, "the unit (default: the caller's own)"},
                                               {"on", "string", false, "YYYY-MM-DD: the versions in force that day (default today)"}};
    const std::vector<FieldSpec> new_fields = {
        {"org_id", "integer", true, "the unit (kWrite there)"},
        {"kind", "string", true, "code_of_conduct | house_rules | working_rules (conduct_kinds)"},
        {"title", "string", true, "its name, one per unit and kind"},
        {"adopted_on", "string", true, "YYYY-MM-DD (or d/m/yyyy), not after today"},
        {"body", "string", false, "its text (required unless document_id)"},
        {"document_id", "integer", false, "the register's copy"},
        {"note", "string", false, "what changed, who adopted it"}};
    const std::vector<FieldSpec> version_fields = {
        {"adopted_on", "string", true, "YYYY-MM-DD (or d/m/yyyy), after the last version's, not after today"},
        {"body", "string", false, "its text (required unless document_id)"},
        {"document_id", "integer", false, "the register's copy"},
        {"note", "string", false, "what changed"}};
    const std::vector<FieldSpec> overview_query = {
        {"under", "integer", false, "the unit whose subtree is covered (default: the caller's first)"},
        {"from", "string", false, "YYYY-MM-DD (default: 1 January this year)"},
        {"to", "string", false, "YYYY-MM-DD (default: today)"},
        {"list", "string", false, "changed (default) | none | all"},
        {"page", "integer", false, "page number, 25 a page"}};

    r.Add({.method = "GET", .pattern = "/conduct", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "conduct/index", .summary = "conduct.title", .tag = "conduct", .handler = CodesPage,
           .query = unit_query, .response = unit});
    r.Add({.method = "GET", .pattern = "/api/v1/codes-of-conduct", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "A unit's codes of conduct, house rules and working rules, with the version in force on a day",
           .tag = "conduct", .handler = CodesPage, .query = unit_query, .response = unit});
    r.Add({.method = "POST", .pattern = "/conduct", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "conduct.title", .tag = "conduct", .handler = CreateCode, .form_template = "conduct/index",
           .form_model = CodesPage, .body = new_fields, .response = saved, .other_statuses = {201}});
    r.Add({.method = "POST", .pattern = "/api/v1/codes-of-conduct", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Adopt a unit's new norm (its first version)", .tag = "conduct", .handler = CreateCode,
           .body = new_fields, .success_status = 201, .response = saved});
    r.Add({.method = "GET", .pattern = "/conduct/overview", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "conduct/overview", .summary = "conduct.overview.title", .tag = "conduct",
           .handler = OverviewPage, .query = overview_query, .response = overview});
    r.Add({.method = "GET", .pattern = "/api/v1/codes-of-conduct/overview", .kind = Kind::kApi,
           .access = Access::kSignedIn,
           .summary = "Units that adopted or revised a norm in a period, and units with none", .tag = "conduct",
           .handler = OverviewPage, .query = overview_query, .response = overview});
    r.Add({.method = "GET", .pattern = "/conduct/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "conduct/code", .summary = "conduct.title", .tag = "conduct", .handler = CodePage,
           .query = {{"on", "string", false, "YYYY-MM-DD: which version was in force"}}, .response = record});
    r.Add({.method = "GET", .pattern = "/api/v1/codes-of-conduct/{id}", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "A norm with its versions, newest first", .tag = "conduct",
           .handler = CodePage, .query = {{"on", "string", false, "YYYY-MM-DD: which version was in force"}},
           .response = record});
    r.Add({.method = "POST", .pattern = "/conduct/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "conduct.title", .tag = "conduct", .handler = Revise, .form_template = "conduct/code",
           .form_model = CodePage, .body = version_fields, .response = saved, .other_statuses = {201}});
    r.Add({.method = "POST", .pattern = "/api/v1/codes-of-conduct/{id}/versions", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Adopt a new version of a norm", .tag = "conduct",
           .handler = Revise, .body = version_fields, .success_status = 201, .response = saved});
}

}  // namespace dv::web
