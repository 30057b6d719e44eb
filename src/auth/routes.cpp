// auth routes: log-in/out pages and API, the account page, user management. Handlers only read
// input, call auth/service, and shape the view model.
#include "auth/service.h"
#include "core/crypto.h"
#include "org/service.h"
#include "web/context.h"

namespace dv::web {

namespace {

constexpr const char* kSessionCookie = "dv_session";
constexpr const char* kLoginCsrfCookie = "dv_login_csrf";

// Only a same-site path may be a redirect target, and never the log-in or log-out pages themselves.
std::string SafeNext(const std::string& next) {
    std::string path = SameSitePath(next);
    if (path.rfind("/login", 0) == 0 || path.rfind("/logout", 0) == 0) return "/";
    return path;
}

boost::json::object SessionJson(const auth::Session& s) {
    return {{"user", auth::ToJson(s.user)}, {"csrf_token", s.csrf_token}};
}

std::string RoleLabel(const Context& ctx, auth::Role r) { return ctx.T(std::string("roles.") + auth::ToString(r)); }

boost::json::array GrantsView(const Context& ctx, const std::vector<auth::Grant>& grants) {
    boost::json::array out;
    for (const auto& g : grants)
        out.push_back(boost::json::object{{"id", g.id},
                                          {"role", auth::ToString(g.role)},
                                          {"role_label", RoleLabel(ctx, g.role)},
                                          {"org_id", g.org_id},
                                          {"org_name", g.org_name},
                                          {"org_href", "/orgs/" + std::to_string(g.org_id)}});
    return out;
}

boost::json::object UserView(Context& ctx, const auth::User& u) {
    boost::json::object v = auth::ToJson(u);
    v["href"] = "/users/" + std::to_string(u.id);
    v["status_label"] = ctx.T(u.active ? "users.status_active" : "users.status_locked");
    v["created_display"] = DisplayDateTime(ctx, u.created_at);
    v["grants"] = GrantsView(ctx, u.grants);
    return v;
}

// Role and organization choices for forms: the organizations where the caller manages users.
Result<std::pair<boost::json::array, boost::json::array>> Choices(Context& ctx, const std::string& role,
                                                                  const std::string& org_id) {
    std::vector<std::pair<std::string, std::string>> roles;
    for (auto r : auth::AllRoles()) roles.emplace_back(auth::ToString(r), RoleLabel(ctx, r));
    auto orgs = org::List(ctx.db(), ctx.scope());
    if (!orgs.ok()) return orgs.take_error();
    std::vector<std::pair<std::string, std::string>> org_opts;
    for (const auto& o : orgs.value())
    {
        // Browsers collapse plain spaces inside <option>: indent with no-break spaces.
        std::string indent;
        for (int i = 0; i < o.depth; ++i) indent += "\u00a0\u00a0\u00a0";
        org_opts.emplace_back(std::to_string(o.id), indent + o.name);
    }
    boost::json::array org_arr;
    for (const auto& [id, label] : org_opts)
        org_arr.push_back(boost::json::object{{"id", id}, {"label", label}, {"selected", id == org_id}});
    return std::make_pair(Options(roles, role), std::move(org_arr));
}

std::string InputText(Context& ctx, const char* name) {
    auto it = ctx.input().fields().find(name);
    if (it == ctx.input().fields().end()) return {};
    if (it->value().is_string()) return std::string(it->value().get_string());
    if (it->value().is_int64()) return std::to_string(it->value().get_int64());
    return {};
}

// ---- log-in and log-out ----

Result<Outcome> LoginPage(Context& ctx) {
    std::string next = SafeNext(ctx.Query("next"));
    // Double-submit token: there is no session yet to tie a CSRF token to.
    std::string token = ctx.Cookie(kLoginCsrfCookie);
    if (token.size() < 20 || token.size() > 64) {
        token = crypto::RandomToken(24);
        ctx.SetCookie(kLoginCsrfCookie, token, 3600);
    }
    Outcome o;
    if (ctx.session()) {
        o.redirect = next;
        o.model = SessionJson(*ctx.session());
        return o;
    }
    o.model = {{"next", next}, {"values", boost::json::object{}}, {"errors", boost::json::object{}}, {"csrf_token", token}};
    return o;
}

Result<Outcome> LoginFormModel(Context& ctx) {
    std::string token = ctx.Cookie(kLoginCsrfCookie);
    if (token.empty()) {
        token = crypto::RandomToken(24);
        ctx.SetCookie(kLoginCsrfCookie, token, 3600);
    }
    Outcome o;
    o.model = {{"next", SafeNext(InputText(ctx, "next"))}, {"csrf_token", token}};
    return o;
}

Result<Outcome> DoLogin(Context& ctx, bool html) {
    if (html) {
        std::string cookie = ctx.Cookie(kLoginCsrfCookie);
        std::string sent = InputText(ctx, "_csrf");
        if (cookie.empty() || !crypto::ConstantTimeEquals(cookie, sent)) return Error::Forbidden("error.csrf");
    } else if (ctx.input().from_form()) {
        // The API log-in takes JSON only: a cross-site HTML form cannot send it without CORS.
        return Error{ErrorCode::kUnsupported, "error.unsupported", {}};
    }
    auto& in = ctx.input();
    std::string username = in.Str("username", false, 0, 64);
    std::string password = in.Secret("password", false, 0, 200);
    DV_TRY(in.Finish());
    const auto& req = ctx.request();
    DV_ASSIGN_OR_RETURN(auto login, auth::Login(ctx.db(), username, password, req.remote_addr,
                                                std::string(req.Header("User-Agent")), ctx.now(),
                                                ctx.app().settings().session_hours));
    ctx.SetCookie(kSessionCookie, login.token, int64_t{ctx.app().settings().session_hours} * 3600);
    Outcome o;
    o.model = SessionJson(login.session);
    if (html) o.redirect = SafeNext(InputText(ctx, "next"));
    return o;
}

Result<Outcome> LoginForm(Context& ctx) { return DoLogin(ctx, true); }
Result<Outcome> LoginApi(Context& ctx) { return DoLogin(ctx, false); }

Result<Outcome> SessionGet(Context& ctx) {
    Outcome o;
    o.model = SessionJson(*ctx.session());
    return o;
}

Result<Outcome> Logout(Context& ctx) {
    DV_TRY(auth::Logout(ctx.db(), *ctx.session(), ctx.actor(), ctx.now()));
    ctx.SetCookie(kSessionCookie, "", 0);
    Outcome o;
    o.status = ctx.json() ? 204 : 200;
    o.redirect = "/login";
    o.flash = "flash.logged_out";
    return o;
}

// ---- own account ----

Result<Outcome> AccountPage(Context& ctx) {
    const auto& u = ctx.session()->user;
    Outcome o;
    o.model = {{"user", auth::ToJson(u)}, {"grants", GrantsView(ctx, u.grants)}, {"values", boost::json::object{}},
               {"errors", boost::json::object{}}};
    o.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/account", ctx.T("account.title")}};
    return o;
}

Result<Outcome> ChangePassword(Context& ctx) {
    auto& in = ctx.input();
    auth::PasswordChange change{in.Secret("current_password", false), in.Secret("new_password", false),
                                in.Secret("new_password_confirm", false)};
    DV_TRY(in.Finish());
    DV_TRY(auth::ChangePassword(ctx.db(), *ctx.session(), change, ctx.actor(), ctx.now()));
    Outcome o;
    o.model = {{"password_changed", true}};
    // After a one-time password, on into the application; otherwise back to the account page.
    o.redirect = ctx.session()->user.must_change_password ? "/" : "/account";
    o.flash = "flash.password_changed";
    return o;
}

// ---- users ----

Result<Outcome> ListUsers(Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto users, auth::ListUsers(ctx.db(), ctx.scope()));
    boost::json::array list;
    for (const auto& u : users) list.push_back(UserView(ctx, u));
    Outcome o;
    o.model = {{"users", std::move(list)}, {"can_create", true}, {"new_href", "/users/new"}};
    o.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/users", ctx.T("users.title")}};
    return o;
}

Result<Outcome> NewUserForm(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kManageUsers)) return Error::Forbidden();
    DV_ASSIGN_OR_RETURN(auto choices, Choices(ctx, InputText(ctx, "role"), InputText(ctx, "org_id")));
    Outcome o;
    o.model = {{"values", boost::json::object{}}, {"errors", boost::json::object{}}, {"roles", choices.first},
               {"orgs", choices.second}};
    o.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/users", ctx.T("users.title")}, {"/users/new", ctx.T("users.new_title")}};
    return o;
}

Result<Outcome> CreateUser(Context& ctx) {
    auto& in = ctx.input();
    auth::NewUser nu{in.Str("username", false, 0, 64), in.Str("display_name", false, 0, 100),
                     in.Secret("password", false, 0, 200), in.Str("role", false, 0, 20), in.Int("org_id", false)};
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto user, auth::CreateUser(ctx.db(), ctx.scope(), nu, ctx.actor(), ctx.now()));
    Outcome o;
    o.status = 201;
    o.model = {{"user", auth::ToJson(user)}};
    o.redirect = "/users/" + std::to_string(user.id);
    o.flash = "flash.user_created";
    return o;
}

Result<Outcome> ShowUser(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto user, auth::GetUser(ctx.db(), ctx.scope(), id));
    Outcome o;
    bool can_manage = ctx.scope().AnyAllows(auth::Permission::kManageUsers);
    o.model = {{"user", UserView(ctx, user)}, {"grants", GrantsView(ctx, user.grants)}, {"can_manage", can_manage},
               {"can_reset", can_manage && user.id != ctx.scope().user_id()}};
    if (can_manage && !ctx.json()) {
        DV_ASSIGN_OR_RETURN(auto choices, Choices(ctx, InputText(ctx, "role"), InputText(ctx, "org_id")));
        o.model["roles"] = choices.first;
        o.model["orgs"] = choices.second;
    }
    o.title = user.display_name;
    o.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/users", ctx.T("users.title")},
                     {"/users/" + std::to_string(id), user.display_name}};
    return o;
}

Result<Outcome> AddGrant(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    std::string role = in.Str("role", false, 0, 20);
    auto org_id = in.Int("org_id", false);
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto grant, auth::AddGrant(ctx.db(), ctx.scope(), id, role, org_id, ctx.actor(), ctx.now()));
    Outcome o;
    o.status = 201;
    o.model = {{"grant", auth::ToJson(grant)}};
    o.redirect = "/users/" + std::to_string(id);
    o.flash = "flash.grant_added";
    return o;
}

Result<Outcome> RemoveGrant(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t grant_id, ctx.IdParam("grant_id"));
    DV_TRY(auth::RemoveGrant(ctx.db(), ctx.scope(), id, grant_id, ctx.actor(), ctx.now()));
    Outcome o;
    o.status = 204;
    return o;
}

Result<Outcome> SetActive(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto active = ctx.input().Bool("active");
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto user, auth::SetActive(ctx.db(), ctx.scope(), id, *active, ctx.actor(), ctx.now()));
    Outcome o;
    o.model = {{"user", auth::ToJson(user)}};
    o.redirect = "/users/" + std::to_string(id);
    o.flash = *active ? "flash.user_unlocked" : "flash.user_locked";
    return o;
}

// An admin's reset: a new one-time password, shown once (HTML: a page that is never cached; API: the body).
Result<Outcome> ResetPassword(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto issued, auth::IssueOneTimePassword(ctx.db(), ctx.scope(), id, ctx.actor(), ctx.now()));
    Outcome o;
    o.model = {{"user_id", issued.user_id}, {"username", issued.username}, {"password", issued.password},
               {"must_change_password", true}};
    o.template_name = "users/password_issued";
    o.title = ctx.T("users.password_issued_title");
    o.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/users", ctx.T("users.title")},
                     {"/users/" + std::to_string(id), issued.username}};
    return o;
}

const std::vector<FieldSpec> kLoginFields = {{"username", "string", true, "user name"},
                                             {"password", "string", true, "password"}};
const std::vector<FieldSpec> kPasswordFields = {{"current_password", "string", true, ""},
                                                {"new_password", "string", true, "at least 10 characters"},
                                                {"new_password_confirm", "string", true, "same as new_password"}};
const std::vector<FieldSpec> kNewUserFields = {
    {"username", "string", true, "3-64 of a-z 0-9 . _ -"},
    {"display_name", "string", true, "full name"},
    {"password", "string", true, "at least 10 characters"},
    {"role", "string", true, "admin, office, inspector, secretary or member"},
    {"org_id", "integer", true, "organization the role is granted on (its subtree)"}};
const std::vector<FieldSpec> kGrantFields = {{"role", "string", true, "admin, office, inspector, secretary or member"},
                                             {"org_id", "integer", true, "organization (subtree)"}};
const std::vector<FieldSpec> kActiveFields = {{"active", "boolean", true, "false locks the account"}};

}  // namespace

void RegisterAuthRoutes(Router& r) {
    using namespace schema;
    r.AddComponent("Grant", Object({{"id", Int()}, {"role", Str()}, {"org_id", Int()}, {"org_name", Str()}}));
    r.AddComponent("User", Object({{"id", Int()},
                                   {"username", Str()},
                                   {"display_name", Str()},
                                   {"active", Bool()},
                                   {"must_change_password", Bool()},
                                   {"created_at", Str()},
                                   {"grants", ArrayOf(Ref("Grant"))}}));
    const Schema login_page =
        AnyOf({Object({{"next", Str()}, {"values", MapOf(Str())}, {"errors", MapOf(Str())}, {"csrf_token", Str()}}),
               Object({{"user", Ref("User")}, {"csrf_token", Str()}})});
    const Schema login_api = Object({{"user", Ref("User")}, {"csrf_token", Str()}});
    const Schema session_get = Object({{"user", Ref("User")}, {"csrf_token", Str()}});
    const Schema account_page =
        Object({{"user", Ref("User")},
                {"grants", ArrayOf(Extend(Ref("Grant"), {{"role_label", Str()}, {"org_href", Str()}}))},
                {"values", MapOf(Str())},
                {"errors", MapOf(Str())}});
    const Schema change_password = Object({{"password_changed", Bool()}});
    const Schema list_users = Object(
        {{"users",
          ArrayOf(Object({{"id", Int()},
                          {"username", Str()},
                          {"display_name", Str()},
                          {"active", Bool()},
                          {"must_change_password", Bool()},
                          {"created_at", Str()},
                          {"grants", ArrayOf(Extend(Ref("Grant"), {{"role_label", Str()}, {"org_href", Str()}}))},
                          {"href", Str()},
                          {"status_label", Str()},
                          {"created_display", Str()}}))},
         {"can_create", Bool()},
         {"new_href", Str()}});
    const Schema new_user_form =
        Object({{"values", MapOf(Str())},
                {"errors", MapOf(Str())},
                {"roles", Choices()},
                {"orgs", ArrayOf(Object({{"id", Str()}, {"label", Str()}, {"selected", Bool()}}))}});
    const Schema create_user = Object({{"user", Ref("User")}});
    const Schema show_user = Object(
        {{"user", Object({{"id", Int()},
                          {"username", Str()},
                          {"display_name", Str()},
                          {"active", Bool()},
                          {"must_change_password", Bool()},
                          {"created_at", Str()},
                          {"grants", ArrayOf(Extend(Ref("Grant"), {{"role_label", Str()}, {"org_href", Str()}}))},
                          {"href", Str()},
                          {"status_label", Str()},
                          {"created_display", Str()}})},
         {"grants", ArrayOf(Extend(Ref("Grant"), {{"role_label", Str()}, {"org_href", Str()}}))},
         {"can_manage", Bool()},
         {"can_reset", Bool()}});
    const Schema add_grant = Object({{"grant", Ref("Grant")}});
    const Schema set_active = Object({{"user", Ref("User")}});
    const Schema reset_password =
        Object({{"user_id", Int()}, {"username", Str()}, {"password", Str()}, {"must_change_password", Bool()}});
    const Schema logout = Object({});
    // Log-in and log-out.
    r.Add({.method = "GET", .pattern = "/login", .kind = Kind::kHtml, .access = Access::kPublic,
           .template_name = "auth/login", .summary = "auth.title", .tag = "session", .handler = LoginPage,
           .query = {{"next", "string", false, "local path to go to after log-in"}},
           .response = login_page});
    r.Add({.method = "POST", .pattern = "/login", .kind = Kind::kHtml, .access = Access::kPublic,
           .summary = "auth.title", .tag = "session", .handler = LoginForm, .form_template = "auth/login",
           .form_model = LoginFormModel, .csrf_exempt = true, .body = kLoginFields,
           .response = login_api});
    r.Add({.method = "POST", .pattern = "/logout", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "auth.logout", .tag = "session", .handler = Logout, .before_password_change = true,
           .response = logout});
    r.Add({.method = "POST", .pattern = "/api/v1/session", .kind = Kind::kApi, .access = Access::kPublic,
           .summary = "Log in: sets the session cookie; returns the user and the CSRF token", .tag = "session",
           .handler = LoginApi, .csrf_exempt = true, .body = kLoginFields,
           .response = login_api});
    r.Add({.method = "GET", .pattern = "/api/v1/session", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "The signed-in user (must_change_password: a one-time password to change first) and the CSRF token",
           .tag = "session", .handler = SessionGet, .before_password_change = true,
           .response = session_get});
    r.Add({.method = "DELETE", .pattern = "/api/v1/session", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Log out", .tag = "session", .handler = Logout, .success_status = 204,
           .before_password_change = true});

    // Own account.
    r.Add({.method = "GET", .pattern = "/account", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "account/index", .summary = "account.title", .tag = "account", .handler = AccountPage,
           .before_password_change = true,
           .response = account_page});
    r.Add({.method = "POST", .pattern = "/account/password", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "account.change_password", .tag = "account", .handler = ChangePassword,
           .form_template = "account/index", .form_model = AccountPage, .body = kPasswordFields,
           .before_password_change = true,
           .response = change_password});
    r.Add({.method = "PUT", .pattern = "/api/v1/account/password", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Change one's own password (ends one's other sessions; ends a one-time password's restrictions)",
           .tag = "account", .handler = ChangePassword, .body = kPasswordFields, .before_password_change = true,
           .response = change_password});

    // Users and grants: one handler per action, an HTML path and an API path each.
    r.Add({.method = "GET", .pattern = "/users", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "users/list", .summary = "users.title", .tag = "users", .handler = ListUsers,
           .response = list_users});
    r.Add({.method = "GET", .pattern = "/api/v1/users", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Accounts the caller manages", .tag = "users", .handler = ListUsers,
           .response = list_users});
    r.Add({.method = "GET", .pattern = "/users/new", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "users/new", .summary = "users.new_title", .tag = "users", .handler = NewUserForm,
           .response = new_user_form});
    r.Add({.method = "POST", .pattern = "/users", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "users.new_title", .tag = "users", .handler = CreateUser, .form_template = "users/new",
           .form_model = NewUserForm, .body = kNewUserFields,
           .response = create_user, .other_statuses = {201}});
    r.Add({.method = "POST", .pattern = "/api/v1/users", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Create an account with its first role grant", .tag = "users", .handler = CreateUser,
           .body = kNewUserFields, .success_status = 201,
           .response = create_user});
    r.Add({.method = "GET", .pattern = "/users/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "users/show", .summary = "users.title", .tag = "users", .handler = ShowUser,
           .response = show_user});
    r.Add({.method = "GET", .pattern = "/api/v1/users/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "One account (one's own, or one the caller manages)", .tag = "users", .handler = ShowUser,
           .response = show_user});
    r.Add({.method = "POST", .pattern = "/users/{id}/grants", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "users.add_grant", .tag = "users", .handler = AddGrant, .form_template = "users/show",
           .form_model = ShowUser, .body = kGrantFields,
           .response = add_grant, .other_statuses = {201}});
    r.Add({.method = "POST", .pattern = "/api/v1/users/{id}/grants", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Grant a role on an organization subtree", .tag = "users", .handler = AddGrant,
           .body = kGrantFields, .success_status = 201,
           .response = add_grant});
    r.Add({.method = "DELETE", .pattern = "/api/v1/users/{id}/grants/{grant_id}", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Remove a role grant", .tag = "users", .handler = RemoveGrant,
           .success_status = 204});
    r.Add({.method = "POST", .pattern = "/users/{id}/active", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "users.lock", .tag = "users", .handler = SetActive, .body = kActiveFields,
           .response = set_active});
    r.Add({.method = "PATCH", .pattern = "/api/v1/users/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Lock or unlock an account", .tag = "users", .handler = SetActive, .body = kActiveFields,
           .response = set_active});
    r.Add({.method = "POST", .pattern = "/users/{id}/password", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "users.reset_password", .tag = "users", .handler = ResetPassword,
           .response = reset_password});
    r.Add({.method = "POST", .pattern = "/api/v1/users/{id}/password", .kind = Kind::kApi,
           .access = Access::kSignedIn,
           .summary = "Replace an account's password with a one-time one (returned once; its sessions end; it must "
                      "be changed at the next log-in)",
           .tag = "users", .handler = ResetPassword,
           .response = reset_password});
}

}  // namespace dv::web
