// committee routes: an organization's committee as of a date, the history of its seats, and the
// forms and API to appoint members to seats and end their terms.
#include "committee/service.h"
#include "core/time.h"
#include "member/service.h"
#include "org/service.h"
#include "web/context.h"

namespace dv::web {

namespace {

boost::json::object View(Context& ctx, const committee::Position& p) {
    auto j = committee::ToJson(p);
    j["member_href"] = "/members/" + std::to_string(p.member_id);
    j["from_display"] = time::FormatShortViIso(p.from_date);
    j["to_display"] = p.to_date.empty() ? ctx.T("orgs.until_now") : time::FormatShortViIso(p.to_date);
    if (!p.end_reason.empty()) j["end_reason_label"] = ctx.T("committee.end_reason." + p.end_reason);
    j["open"] = p.to_date.empty();
    return j;
}

// The page and GET /api/v1/orgs/{id}/committee: the committee held on the date, every term ever,
// and (for those who may change it) the choices of the appointment form.
Result<Outcome> CommitteePage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(std::string as_of, AsOfQuery(ctx));
    DV_ASSIGN_OR_RETURN(auto o, org::Get(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto held, committee::OfOrg(ctx.db(), ctx.scope(), id, as_of));
    DV_ASSIGN_OR_RETURN(auto all, committee::OfOrg(ctx.db(), ctx.scope(), id, ""));
    boost::json::array now_list, history;
    for (const auto& p : held) now_list.push_back(View(ctx, p));
    for (const auto& p : all) history.push_back(View(ctx, p));
    Outcome out;
    out.model = {{"org", org::ToJson(o)},
                 {"committee", std::move(now_list)},
                 {"history", std::move(history)},
                 {"as_of", as_of},
                 {"as_of_display", time::FormatShortViIso(as_of)},
                 {"is_today", as_of == ctx.Today()}};
    bool can_change = o.ended_on.empty() && org::CanWrite(ctx.db(), ctx.scope(), id);
    out.model["can_change"] = can_change;
    if (can_change && !ctx.json()) {
        std::vector<std::pair<std::string, std::string>> roles;
        for (const auto& r : committee::Roles(ctx.db())) roles.emplace_back(r.code, r.name);
        member::Filter f;
        f.org_id = id;
        f.page_size = 1000;
        DV_ASSIGN_OR_RETURN(auto page, member::List(ctx.db(), ctx.scope(), f, ctx.Today()));
        std::vector<std::pair<std::string, std::string>> members;
        for (const auto& m : page.members)
            members.emplace_back(std::to_string(m.id), m.full_name + " — " + m.org_name);
        out.model["roles"] = Options(roles, FormValue(ctx, "role"));
        out.model["members"] = Options(members, FormValue(ctx, "member_id"));
        out.model["today"] = ctx.Today();
        out.model["values"] = boost::json::object{};
        out.model["errors"] = boost::json::object{};
    }
    out.title = ctx.T("committee.title") + ": " + o.name;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/orgs", ctx.T("orgs.title")},
                       {"/orgs/" + std::to_string(id), o.name}, {"", ctx.T("committee.title")}};
    return out;
}

Result<Outcome> Appoint(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    committee::Appointment a{in.Int("member_id", false), in.Str("role", false, 0, 40),
                             in.DateForService("from_date"), in.Str("decision", false, 0, 300)};
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto p,
                        committee::Appoint(ctx.db(), ctx.scope(), id, a, ctx.actor(), ctx.now(), ctx.Today()));
    Outcome out;
    out.status = 201;
    out.model = {{"position", committee::ToJson(p)}};
    out.redirect = "/orgs/" + std::to_string(id) + "/committee";
    out.flash = "flash.committee_appointed";
    return out;
}

Result<Outcome> EndTerm(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t pid, ctx.IdParam("pid"));
    auto& in = ctx.input();
    std::string to = in.DateForService("to_date");
    std::string decision = in.Str("decision", false, 0, 300);
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto p, committee::End(ctx.db(), ctx.scope(), id, pid, to, decision, ctx.actor(), ctx.now(),
                                               ctx.Today()));
    Outcome out;
    out.model = {{"position", committee::ToJson(p)}};
    out.redirect = "/orgs/" + std::to_string(id) + "/committee";
    out.flash = "flash.committee_ended";
    return out;
}

Result<Outcome> ListRoles(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kRead)) return Error::Forbidden();
    boost::json::array roles;
    for (const auto& r : committee::Roles(ctx.db())) roles.push_back(committee::ToJson(r));
    Outcome out;
    out.model = {{"roles", std::move(roles)}};
    return out;
}

const std::vector<FieldSpec> kAppointFields = {
    {"member_id", "integer", true, "an active member whose cell lies in this organization's subtree"},
    {"role", "string", true, "committee_roles code (GET /api/v1/committee-roles)"},
    {"from_date", "string", false, "YYYY-MM-DD, default today; a full seat (bí thư) is handed over that day"},
    {"decision", "string", false, "the decision that appointed them"}};
const std::vector<FieldSpec> kEndFields = {{"to_date", "string", false, "YYYY-MM-DD, default today"},
                                           {"decision", "string", false, "the decision that ended the term"}};
const std::vector<FieldSpec> kAsOf = {{"as_of", "string", false, "YYYY-MM-DD: the committee as it was that day"}};

}  // namespace

void RegisterCommitteeRoutes(Router& r) {
    using namespace schema;
    r.AddComponent("CommitteeSeat", Object({{"id", Int()},
                                            {"org_id", Int()},
                                            {"org_name", Str()},
                                            {"member_id", Int()},
                                            {"member_name", Str()},
                                            {"role", Str()},
                                            {"role_name", Str()},
                                            {"from_date", Str()},
                                            {"to_date", Nullable(Str())},
                                            {"decision", Str()},
                                            {"end_reason", Str()}}));
    r.AddComponent("CommitteeRole",
                   Object({{"code", Str()}, {"name", Str()}, {"name_en", Str()}, {"max_holders", Nullable(Int())}}));
    const Schema committee_page =
        Object({{"org", Ref("Org")},
                {"committee", ArrayOf(Extend(Ref("CommitteeSeat"), {{"member_href", Str()},
                                                                    {"from_display", Str()},
                                                                    {"to_display", Str()},
                                                                    {"end_reason_label", Str(), kOptional},
                                                                    {"open", Bool()}}))},
                {"history", ArrayOf(Extend(Ref("CommitteeSeat"), {{"member_href", Str()},
                                                                  {"from_display", Str()},
                                                                  {"to_display", Str()},
                                                                  {"end_reason_label", Str(), kOptional},
                                                                  {"open", Bool()}}))},
                {"as_of", Str()},
                {"as_of_display", Str()},
                {"is_today", Bool()},
                {"can_change", Bool()}});
    const Schema appoint = Object({{"position", Ref("CommitteeSeat")}});
    const Schema end_term = Object({{"position", Ref("CommitteeSeat")}});
    const Schema list_roles = Object({{"roles", ArrayOf(Ref("CommitteeRole"))}});
    r.Add({.method = "GET", .pattern = "/orgs/{id}/committee", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "committee/show", .summary = "committee.title", .tag = "committee",
           .handler = CommitteePage, .query = kAsOf,
           .response = committee_page});
    r.Add({.method = "GET", .pattern = "/api/v1/orgs/{id}/committee", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "An organization's committee as of a date, and every term in its seats", .tag = "committee",
           .handler = CommitteePage, .query = kAsOf,
           .response = committee_page});
    r.Add({.method = "POST", .pattern = "/orgs/{id}/committee", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "committee.title", .tag = "committee", .handler = Appoint,
           .form_template = "committee/show", .form_model = CommitteePage, .body = kAppointFields,
           .response = appoint, .other_statuses = {201}});
    r.Add({.method = "POST", .pattern = "/api/v1/orgs/{id}/committee", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Appoint a member to a seat of the committee", .tag = "committee",
           .handler = Appoint, .body = kAppointFields, .success_status = 201,
           .response = appoint});
    r.Add({.method = "POST", .pattern = "/orgs/{id}/committee/{pid}/end", .kind = Kind::kHtml,
           .access = Access::kSignedIn, .summary = "committee.title", .tag = "committee", .handler = EndTerm,
           .form_template = "committee/show", .form_model = CommitteePage, .body = kEndFields,
           .response = end_term});
    r.Add({.method = "POST", .pattern = "/api/v1/orgs/{id}/committee/{pid}/end", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "End a term in a seat of the committee", .tag = "committee",
           .handler = EndTerm, .body = kEndFields,
           .response = end_term});
    r.Add({.method = "GET", .pattern = "/api/v1/committee-roles", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Committee seats (data, not code)", .tag = "committee", .handler = ListRoles,
           .response = list_roles});
}

}  // namespace dv::web
