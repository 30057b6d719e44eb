// notify routes: the caller's notifications (the list behind the bell), opening one (marked read, then
// where it leads) and marking all read; the same handlers answer the JSON API.
#include "core/text.h"
#include "notify/notify.h"
#include "web/context.h"

namespace dv::web {

namespace {

constexpr int kPerPage = 20;

boost::json::object View(Context& ctx, const notify::Notice& n) {
    auto j = notify::ToJson(n);
    j["text"] = text::Fill(ctx.T("notify.kind." + n.kind), n.params);
    j["created_display"] = DisplayDateTime(ctx, n.created_at);
    j["open_action"] = "/notifications/" + std::to_string(n.id) + "/open";
    return j;
}

Result<Outcome> ListPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    const std::string show = ctx.Query("show");
    if (!show.empty() && show != "unread") return Error::InvalidField("show", "invalid_choice", "field.invalid_choice");
    notify::Filter f{.unread_only = show == "unread", .page = page, .page_size = kPerPage};
    auto listed = notify::List(ctx.db(), ctx.scope(), f);
    boost::json::array items;
    for (const auto& n : listed.items) items.push_back(View(ctx, n));
    Outcome out;
    out.model = {{"notifications", std::move(items)},
                 {"total", listed.total},
                 {"unread", listed.unread},
                 {"page", page},
                 {"unread_only", f.unread_only}};
    if (!ctx.json()) {
        out.model["pager"] = Pager(ctx, listed.total, page, kPerPage,
                                   std::string("/notifications?") + (f.unread_only ? "show=unread&" : "") + "page=");
        out.model["unread_label"] =
            text::Fill(ctx.T("notify.unread_count"), {{"count", text::GroupThousands(listed.unread)}});
    }
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"", ctx.T("notify.title")}};
    return out;
}

// Opening a notice marks it read and goes where it leads (a same-site path only).
Result<Outcome> OpenNotice(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto n, notify::MarkRead(ctx.db(), ctx.scope(), id, ctx.actor(), ctx.now()));
    Outcome out;
    out.model = {{"notification", View(ctx, n)}};
    out.redirect = SameSitePath(n.href);
    return out;
}

Result<Outcome> ReadAll(Context& ctx) {
    DV_TRY(ctx.input().Finish());
    int64_t n = notify::MarkAllRead(ctx.db(), ctx.scope(), ctx.actor(), ctx.now());
    Outcome out;
    out.model = {{"marked_read", n}};
    out.redirect = "/notifications";
    out.flash = "flash.notifications_read";
    return out;
}

}  // namespace

void RegisterNotifyRoutes(Router& r) {
    using namespace schema;
    r.AddComponent("Notification", Object({{"id", Int()},
                                            {"kind", Str()},
                                            {"params", MapOf(Str())},
                                            {"href", Str()},
                                            {"org_id", Nullable(Int())},
                                            {"created_at", Int()},
                                            {"read", Bool()},
                                            {"text", Str()},
                                            {"created_display", Str()},
                                            {"open_action", Str()}}));
    const Schema list = Object({{"notifications", ArrayOf(Ref("Notification"))},
                                {"total", Int()},
                                {"unread", Int()},
                                {"page", Int()},
                                {"unread_only", Bool()},
                                {"pager", Object({{"shown", Bool()}, {"label", Str(), kOptional}, {"prev_href", Str(), kOptional},
                                                  {"next_href", Str(), kOptional}}),
                                 kOptional},
                                {"unread_label", Str(), kOptional}});
    const Schema one = Object({{"notification", Ref("Notification")}});
    const Schema all = Object({{"marked_read", Int()}});
    const std::vector<FieldSpec> list_query = {
        {"show", "string", false, "\"unread\": only those not read yet"},
        {"page", "integer", false, "page number, 20 a page, newest first"}};
    r.Add({.method = "GET", .pattern = "/notifications", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "notify/list", .summary = "notify.title", .tag = "notifications", .handler = ListPage,
           .query = list_query, .response = list});
    r.Add({.method = "GET", .pattern = "/api/v1/notifications", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "The caller's notifications, newest first", .tag = "notifications", .handler = ListPage,
           .query = list_query, .response = list});
    r.Add({.method = "POST", .pattern = "/notifications/{id}/open", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "notify.title", .tag = "notifications", .handler = OpenNotice, .response = one});
    r.Add({.method = "POST", .pattern = "/api/v1/notifications/{id}/read", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Mark one of the caller's notifications read",
           .tag = "notifications", .handler = OpenNotice, .response = one});
    r.Add({.method = "POST", .pattern = "/notifications/read-all", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "notify.title", .tag = "notifications", .handler = ReadAll, .response = all});
    r.Add({.method = "POST", .pattern = "/api/v1/notifications/read-all", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Mark every notification of the caller read",
           .tag = "notifications", .handler = ReadAll, .response = all});
}

}  // namespace dv::web
