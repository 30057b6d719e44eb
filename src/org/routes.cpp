// org routes: the tree and one organization, as pages and JSON; adding an organization (API).
#include "org/service.h"
#include "web/context.h"

namespace dv::web {

namespace {

Result<Outcome> ListOrgs(Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto orgs, org::List(ctx.db(), ctx.scope()));
    boost::json::array list;
    for (const auto& o : orgs) {
        auto j = org::ToJson(o);
        j["href"] = "/orgs/" + std::to_string(o.id);
        j["depth"] = std::min(o.depth, 6);
        list.push_back(std::move(j));
    }
    Outcome out;
    out.model = {{"orgs", std::move(list)}};
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/orgs", ctx.T("orgs.title")}};
    return out;
}

Result<Outcome> ShowOrg(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto o, org::Get(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto children, org::Children(ctx.db(), ctx.scope(), id));
    auto j = org::ToJson(o);
    // The parent is linked only when the caller may see it.
    if (o.parent_id && org::Get(ctx.db(), ctx.scope(), *o.parent_id).ok()) {
        j["parent_href"] = "/orgs/" + std::to_string(*o.parent_id);
        j["parent_name"] = o.parent_name;
    }
    boost::json::array kids;
    for (const auto& c : children) {
        auto k = org::ToJson(c);
        k["href"] = "/orgs/" + std::to_string(c.id);
        kids.push_back(std::move(k));
    }
    Outcome out;
    out.model = {{"org", std::move(j)}, {"children", std::move(kids)}};
    out.title = o.name;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/orgs", ctx.T("orgs.title")}, {"/orgs/" + std::to_string(id), o.name}};
    return out;
}

Result<Outcome> CreateOrg(Context& ctx) {
    auto& in = ctx.input();
    org::NewOrg n{in.Int("parent_id", false), in.Str("code", false, 0, 32), in.Str("name", false, 0, 200)};
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto o, org::Create(ctx.db(), ctx.scope(), n, ctx.actor(), ctx.now()));
    Outcome out;
    out.status = 201;
    out.model = {{"org", org::ToJson(o)}};
    out.redirect = "/orgs/" + std::to_string(o.id);
    return out;
}

const std::vector<FieldSpec> kOrgFields = {{"parent_id", "integer", true, "parent organization"},
                                           {"code", "string", true, "unique short code"},
                                           {"name", "string", true, "full name"}};

}  // namespace

void RegisterOrgRoutes(Router& r) {
    r.Add({.method = "GET", .pattern = "/orgs", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "orgs/list", .summary = "orgs.title", .tag = "orgs", .handler = ListOrgs});
    r.Add({.method = "GET", .pattern = "/api/v1/orgs", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Organizations the caller may see, in tree order", .tag = "orgs", .handler = ListOrgs});
    r.Add({.method = "GET", .pattern = "/orgs/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "orgs/show", .summary = "orgs.title", .tag = "orgs", .handler = ShowOrg});
    r.Add({.method = "GET", .pattern = "/api/v1/orgs/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "One organization and its direct units", .tag = "orgs", .handler = ShowOrg});
    r.Add({.method = "POST", .pattern = "/api/v1/orgs", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Add an organization under one the caller may write", .tag = "orgs", .handler = CreateOrg,
           .body = kOrgFields, .success_status = 201});
}

}  // namespace dv::web
