// App: the request pipeline and rendering.
#include "web/app.h"

#include <algorithm>
#include <cstdio>

#include "auth/install.h"
#include "auth/service.h"
#include "core/crypto.h"
#include "core/gzip.h"
#include "core/log.h"
#include "core/text.h"
#include "notify/notify.h"
#include "org/service.h"
#include "tabular/table.h"
#include "web/context.h"
#include "web/multipart.h"
#include "web/problems.h"

namespace dv::web {

namespace {

constexpr const char* kSessionCookie = "dv_session";
constexpr const char* kFlashCookie = "dv_flash";
constexpr const char* kLangCookie = "dv_lang";
// RFC 9110 asks every 401 to say how to authenticate. The session is a cookie that POST /api/v1/session
// sets; "Cookie" is not a registered scheme, so clients read the realm and the problem's type page.
constexpr const char* kAuthenticateChallenge = "Cookie realm=\"dangvu\"";

bool IsSafeMethod(std::string_view m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

bool WantsJson(const http::Request& req) {
    if (req.path.rfind("/api/", 0) == 0) return true;
    std::string_view accept = req.Header("Accept");
    return accept.find("application/json") != std::string_view::npos ||
           accept.find("application/problem+json") != std::string_view::npos;
}

std::string CookieValue(const http::Request& req, std::string_view name) {
    for (const auto& [k, v] : req.headers) {
        if (!http::IEquals(k, "Cookie")) continue;
        std::string_view rest = v;
        while (!rest.empty()) {
            size_t semi = rest.find(';');
            std::string_view item = text::Trim(rest.substr(0, semi));
            size_t eq = item.find('=');
            if (eq != std::string_view::npos && item.substr(0, eq) == name) return std::string(item.substr(eq + 1));
            if (semi == std::string_view::npos) break;
            rest.remove_prefix(semi + 1);
        }
    }
    return {};
}

std::string LangOf(const http::Request& req, const I18n& i18n) {
    std::string lang = CookieValue(req, kLangCookie);
    return i18n.Supports(lang) ? lang : I18n::kDefault;
}

void AddSecurityHeaders(http::Response& res, bool html) {
    res.SetHeader("X-Content-Type-Options", "nosniff");
    res.SetHeader("Referrer-Policy", "same-origin");
    if (html) {
        res.SetHeader("X-Frame-Options", "DENY");
        res.SetHeader("Content-Security-Policy",
                      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                      "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    }
}

// Reads the request body into an Input: a JSON object or an HTML form (urlencoded, or multipart with
// files). Invalid UTF-8 outside files, malformed JSON or multipart, a JSON value that is not an object,
// or another media type are errors. A multipart text field may be as long as a whole urlencoded body
// (`body_limit`): the media type of a form changes nothing about its fields.
Result<Input> ParseBody(const http::Request& req, int64_t body_limit) {
    std::string_view ct = req.Header("Content-Type");
    std::string_view media = ct.substr(0, ct.find(';'));
    media = text::Trim(media);
    if (req.body.empty() && media.empty()) return Input(boost::json::object{}, false);
    if (http::IEquals(media, "application/json") || (media.size() > 5 && media.substr(media.size() - 5) == "+json")) {
        if (text::Trim(req.body).empty()) return Input(boost::json::object{}, false);
        if (!text::IsValidUtf8(req.body)) return Error::BadRequest("error.invalid_utf8");
        boost::system::error_code ec;
        boost::json::value v = boost::json::parse(req.body, ec);
        if (ec) return Error::BadRequest("error.bad_json");
        if (!v.is_object()) return Error::BadRequest("error.json_not_object");
        return Input(std::move(v.as_object()), false);
    }
    if (http::IEquals(media, "application/x-www-form-urlencoded")) {
        std::vector<std::pair<std::string, std::string>> pairs;
        if (!http::ParseUrlEncoded(req.body, pairs)) return Error::BadRequest("error.bad_form");
        boost::json::object obj;
        for (auto& [k, v] : pairs) {
            if (!text::IsValidUtf8(k) || !text::IsValidUtf8(v)) return Error::BadRequest("error.invalid_utf8");
            obj[k] = v;
        }
        return Input(std::move(obj), true);
    }
    if (http::IEquals(media, "multipart/form-data")) {
        // A form with a file: its text parts read like a urlencoded form's fields (so `_csrf` is checked
        // the same way), its file parts are kept as they came.
        DV_ASSIGN_OR_RETURN(std::string boundary, multipart::Boundary(ct));
        multipart::Limits limits;
        limits.max_field_bytes = static_cast<size_t>(body_limit);
        DV_ASSIGN_OR_RETURN(auto parts, multipart::Parse(req.body, boundary, limits));
        boost::json::object obj;
        std::vector<UploadedFile> files;
        for (auto& p : parts) {
            if (!text::IsValidUtf8(p.name) || !text::IsValidUtf8(p.filename.value_or("")))
                return Error::BadRequest("error.invalid_utf8");
            if (p.filename) {
                files.push_back(
                    {std::move(p.name), std::move(*p.filename), std::move(p.content_type), std::string(p.data)});
                continue;
            }
            if (!text::IsValidUtf8(p.data)) return Error::BadRequest("error.invalid_utf8");
            obj[p.name] = p.data;
        }
        return Input(std::move(obj), true, std::move(files));
    }
    return Error{ErrorCode::kUnsupported, "error.unsupported", {}};
}

boost::json::object TranslatedFieldErrors(const Context& ctx, const Error& e) {
    boost::json::object out;
    for (const auto& f : e.field_errors) out[f.field] = ctx.T(f.message);
    return out;
}

}  // namespace

// ---- Context -----------------------------------------------------------------------------

std::string Context::Param(std::string_view name) const {
    for (const auto& [k, v] : params_)
        if (k == name) return v;
    return {};
}

Result<int64_t> Context::IdParam(std::string_view name) const {
    std::string s = Param(name);
    if (s.empty() || s.size() > 18) return Error::NotFound();
    int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return Error::NotFound();
        v = v * 10 + (c - '0');
    }
    return v;
}

std::string Context::Query(std::string_view name) const {
    for (const auto& [k, v] : query_)
        if (k == name) return v;
    return {};
}

std::string Context::Cookie(std::string_view name) const { return CookieValue(req_, name); }

audit::Actor Context::actor() const {
    if (session_) return {session_->user.id, session_->user.username, req_.remote_addr};
    return {0, "anonymous", req_.remote_addr};
}

db::Connection& Context::db() {
    if (!lease_) lease_.emplace(app_.pool().Acquire());
    return lease_->get();
}

void Context::SetCookie(std::string name, std::string value, int64_t max_age, bool http_only) {
    std::string c = name + "=" + value + "; Path=/; SameSite=Lax";
    if (max_age >= 0) c += "; Max-Age=" + std::to_string(max_age);
    if (http_only) c += "; HttpOnly";
    if (app_.settings().secure_cookies) c += "; Secure";
    set_cookies_.push_back(std::move(c));
}

boost::json::array Options(const std::vector<std::pair<std::string, std::string>>& values_labels,
                           const std::string& selected) {
    boost::json::array out;
    for (const auto& [v, l] : values_labels)
        out.push_back(boost::json::object{{"value", v}, {"label", l}, {"selected", v == selected}});
    return out;
}

std::string DisplayDateTime(const Context& ctx, int64_t ms) {
    return time::FormatDateTimeVi(ms, ctx.app().settings().utc_offset_minutes);
}

Result<std::optional<int>> IntQuery(const Context& ctx, const char* name) {
    std::string v = ctx.Query(name);
    if (v.empty()) return std::optional<int>{};
    auto n = text::ParseInt(v);
    if (n && *n >= 0 && *n < 1000000) return std::optional<int>(static_cast<int>(*n));
    return Error::InvalidField(name, "not_integer", "field.not_integer");
}

std::string FormValue(Context& ctx, std::string_view name) {
    const auto* v = ctx.input().fields().if_contains(name);
    if (!v) return "";
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    return "";
}

Result<int> PageQuery(const Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto page, IntQuery(ctx, "page"));
    if (page && *page == 0) return Error::InvalidField("page", "not_integer", "field.not_integer");
    return page.value_or(1);
}

boost::json::object Pager(const Context& ctx, int64_t total, int page, int per_page, const std::string& base) {
    const int64_t pages = total <= 0 ? 1 : (total + per_page - 1) / per_page;
    boost::json::object out{{"shown", pages > 1}};
    if (pages > 1)
        out["label"] = text::Fill(ctx.T("pager.label"), {{"page", std::to_string(std::min<int64_t>(page, pages))},
                                                         {"pages", std::to_string(pages)}});
    if (page > 1) out["prev_href"] = base + std::to_string(std::min<int64_t>(page - 1, pages));
    if (page < pages) out["next_href"] = base + std::to_string(page + 1);
    return out;
}

Result<std::optional<int64_t>> IdQuery(const Context& ctx, const char* name) {
    std::string v = ctx.Query(name);
    if (v.empty()) return std::optional<int64_t>{};
    auto n = text::ParseInt(v);
    if (n && *n > 0) return n;
    return Error::InvalidField(name, "not_integer", "field.not_integer");
}

Result<std::string> AsOfQuery(const Context& ctx) {
    std::string v = ctx.Query("as_of");
    if (v.empty()) return ctx.Today();
    auto iso = tabular::ParseDate(v);  // the date forms' dd/mm/yyyy, or the links' YYYY-MM-DD
    if (!iso) return Error::InvalidField("as_of", "invalid_date", "field.invalid_date");
    return *iso;
}

// ---- App ----------------------------------------------------------------------------------

App::App(config::Settings settings, db::Pool& pool, const time::Clock& clock)
    : settings_(std::move(settings)),
      pool_(pool),
      clock_(clock),
      templates_(i18n_),
      generation_(pool.url()),
      pages_(static_cast<size_t>(std::max<int64_t>(0, settings_.page_cache_bytes))) {
    RegisterSystemRoutes(router_);
    RegisterHomeRoutes(router_);
    RegisterProblemRoutes(router_);
    // Before /users/{id}, /orgs/{id} and /members/{id}, which would match /users/import, /orgs/import and
    // /members/import.
    RegisterImportRoutes(router_);
    RegisterAuthRoutes(router_);
    RegisterOrgRoutes(router_);
    RegisterMemberRoutes(router_);
    RegisterCommitteeRoutes(router_);
    RegisterDocumentRoutes(router_);
    RegisterDistributionRoutes(router_);
    RegisterNotifyRoutes(router_);
    RegisterPlanRoutes(router_);
    RegisterReportTemplateRoutes(router_);
    RegisterReportRoutes(router_);
    RegisterMeetingRoutes(router_);
    RegisterConductRoutes(router_);
    RegisterCommitmentRoutes(router_);
    RegisterAuditRoutes(router_);
    for (const auto& r : router_.routes())
        if (!r.template_name.empty() && !templates_.Has(r.template_name))
            throw std::runtime_error("route " + r.pattern + " names a missing template " + r.template_name);
    if (settings_.access_log == "-") {
        access_log_ = stdout;
    } else if (settings_.access_log != "off" && !settings_.access_log.empty()) {
        access_log_ = std::fopen(settings_.access_log.c_str(), "a");
        if (!access_log_) throw std::runtime_error("cannot open the access log " + settings_.access_log);
        owns_log_ = true;
    }
}

App::~App() {
    if (owns_log_ && access_log_) std::fclose(access_log_);
}

http::Response App::Handle(http::Request& req) {
    if (settings_.trust_proxy) {
        // The last entry is the one our own proxy appended: the only one we can trust.
        std::string_view fwd = req.Header("X-Forwarded-For");
        if (!fwd.empty()) {
            std::string_view last = text::Trim(fwd.substr(fwd.rfind(',') == std::string_view::npos ? 0 : fwd.rfind(',') + 1));
            if (!last.empty() && last.size() <= 45) req.remote_addr = std::string(last);
        }
    }
    http::Response res;
    CacheNote note;
    try {
        res = Dispatch(req, note);
    } catch (const db::DbError& e) {
        log::Write(log::Level::kError, "database", {{"path", req.path}, {"error", e.what()}});
        bool outage = e.kind() == db::DbError::Kind::kBusy || e.kind() == db::DbError::Kind::kConnection;
        res = ErrorResponse(Error{outage ? ErrorCode::kUnavailable : ErrorCode::kInternal,
                                  outage ? "error.unavailable" : "error.internal", {}},
                            WantsJson(req), LangOf(req, i18n_), nullptr);
    } catch (const std::exception& e) {
        log::Write(log::Level::kError, "exception", {{"path", req.path}, {"error", e.what()}});
        res = ErrorResponse(Error::Internal("error.internal"), WantsJson(req), LangOf(req, i18n_), nullptr);
    }
    // Compress text responses for slow connections when the client allows it.
    std::string_view ct = res.Header("Content-Type");
    bool compressible = ct.rfind("text/", 0) == 0 || ct.find("json") != std::string_view::npos ||
                        ct.find("javascript") != std::string_view::npos;
    if (compressible && res.body.size() > 1400 && res.Header("Content-Encoding").empty() &&
        gzip::Accepts(req.Header("Accept-Encoding"))) {
        // A cached answer keeps its gzip body too: compressing costs more than the rest of a cached answer.
        if (note.answer && !note.answer->gzip.empty()) {
            res.body = note.answer->gzip;
        } else {
            res.body = gzip::Compress(res.body, 5);
            if (note.answer) pages_.WithGzip(note.key, note.gen, note.answer, res.body);
        }
        res.SetHeader("Content-Encoding", "gzip");
        res.SetHeader("Vary", "Accept-Encoding");
    }
    return res;
}

http::Response App::Dispatch(http::Request& req, CacheNote& note) {
    Context ctx(*this, req);
    ctx.json_ = WantsJson(req);
    ctx.lang_ = LangOf(req, i18n_);
    if (!http::ParseUrlEncoded(req.query, ctx.query_)) return ErrorResponse(Error::BadRequest("error.bad_query"), ctx.json_, ctx.lang_, &ctx);
    for (const auto& [k, v] : ctx.query_)
        if (!text::IsValidUtf8(v)) return ErrorResponse(Error::BadRequest("error.invalid_utf8"), ctx.json_, ctx.lang_, &ctx);

    auto match = router_.Find(req.method, req.path);
    const Route* route = match.route;

    // Raw routes (static files, health, metrics) skip sessions entirely: they must stay cheap.
    if (route && route->kind == Kind::kRaw) {
        ctx.params_ = std::move(match.params);
        // A raw route that answers JSON (/healthz) answers its problems in JSON too, whatever the Accept.
        if (!route->response.empty()) ctx.json_ = true;
        auto out = route->handler(ctx);
        if (!out.ok()) {
            auto r = ErrorResponse(out.error(), ctx.json_, ctx.lang_, &ctx);
            r.route = route->pattern;
            return r;
        }
        auto r = Render(ctx, *route, out.value());
        r.route = route->pattern;
        return r;
    }
    if (route && route->kind == Kind::kApi) ctx.json_ = true;
    // An empty install is set up from the command line only: whoever reaches it first must not own it.
    // The language switch and the problem pages (an empty install's own problem links to one) still answer.
    if (!Installed(ctx) && !(route && (route->pattern == "/lang" || route->pattern == "/problems/{code}"))) {
        auto r = EmptyInstall(ctx);
        if (route) r.route = route->pattern;
        return r;
    }

    // Who is asking.
    std::string token = CookieValue(req, kSessionCookie);
    if (!token.empty()) {
        // The generation is read before the session and the page, so nothing read after a change is
        // kept under the generation before it (web/cache.h).
        note.gen = generation_.Current();
        std::string token_hash = token.size() <= 128 ? crypto::Sha256Hex(token) : std::string();
        auto cached = token_hash.empty() ? std::nullopt : sessions_.Find(token_hash, note.gen, ctx.now());
        if (cached) {
            ctx.session_ = std::move(cached);
            ctx.scope_ = auth::ScopeOf(*ctx.session_);
        } else if (auto s = auth::Authenticate(ctx.db(), token, ctx.now()); s.ok()) {
            ctx.session_ = std::move(s).value();
            ctx.scope_ = auth::ScopeOf(*ctx.session_);
            sessions_.Store(token_hash, note.gen, ctx.now(), *ctx.session_);
        } else {
            ctx.SetCookie(kSessionCookie, "", 0);  // stale cookie: drop it
        }
    }

    auto finish = [&](http::Response r) {
        if (route) r.route = route->pattern;
        for (auto& c : ctx.set_cookies_) r.AddHeader("Set-Cookie", c);
        return r;
    };

    if (!route) {
        if (!match.allowed_methods.empty()) {
            auto r = ErrorResponse(Error{ErrorCode::kBadRequest, "error.method_not_allowed", {}}, ctx.json_, ctx.lang_, &ctx);
            r.status = 405;
            std::string allow;
            for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
            r.SetHeader("Allow", allow);
            return finish(std::move(r));
        }
        return finish(ErrorResponse(Error::NotFound(), ctx.json_, ctx.lang_, &ctx));
    }
    ctx.params_ = std::move(match.params);

    if (route->access == Access::kSignedIn && !ctx.session_) {
        if (!ctx.json_ && IsSafeMethod(req.method)) {
            http::Response r;
            r.status = 303;
            r.SetHeader("Location", "/login?next=" + http::PercentEncode(req.target));
            r.SetHeader("Cache-Control", "no-store");
            return finish(std::move(r));
        }
        return finish(ErrorResponse(Error::Unauthenticated(), ctx.json_, ctx.lang_, &ctx));
    }

    // A one-time password was seen by whoever issued it: its holder chooses their own before anything else.
    if (ctx.session_ && ctx.session_->user.must_change_password && route->access == Access::kSignedIn &&
        !route->before_password_change) {
        if (ctx.json_)
            return finish(ErrorResponse(Error::Forbidden("error.password_change_required"), true, ctx.lang_, &ctx));
        http::Response r;
        r.status = 303;
        r.SetHeader("Location", "/account");
        r.SetHeader("Cache-Control", "no-store");
        return finish(std::move(r));
    }

    if (!IsSafeMethod(req.method)) {
        auto input = ParseBody(req, settings_.body_limit);
        if (!input.ok()) return finish(ErrorResponse(input.error(), ctx.json_, ctx.lang_, &ctx));
        ctx.input_ = std::move(input).value();
        if (ctx.session_ && !route->csrf_exempt) {
            std::string sent(req.Header("X-CSRF-Token"));
            if (sent.empty()) {
                auto it = ctx.input_.fields().find("_csrf");
                if (it != ctx.input_.fields().end() && it->value().is_string()) sent = it->value().get_string();
            }
            if (sent.empty() || !crypto::ConstantTimeEquals(sent, ctx.session_->csrf_token))
                return finish(ErrorResponse(Error::Forbidden("error.csrf"), ctx.json_, ctx.lang_, &ctx));
        }
    }

    if (Cacheable(ctx, *route)) {
        note.key = std::to_string(ctx.session_->id) + '\n' + ctx.lang_ + '\n' + (ctx.json_ ? "json" : "html") + '\n' +
                   ctx.Today() + '\n' + req.target;
        if (auto hit = pages_.Find(note.key, note.gen)) {
            note.answer = hit;
            return finish(hit->response);
        }
    }
    auto out = route->handler(ctx);
    if (out.ok()) {
        bool raw = out.value().raw;  // files and downloads: read afresh (attachments re-check their hash)
        auto r = finish(Render(ctx, *route, out.value()));
        if (!note.key.empty() && !raw && r.status == 200 && ctx.set_cookies_.empty())
            note.answer = pages_.Store(note.key, note.gen, r, {});
        return r;
    }

    Error err = out.error();
    // A date the form could not read says why (no such day, or not dd/mm/yyyy) instead of the
    // service's general "invalid date" for that field (Input::DateForService).
    for (const auto& reason : ctx.input_.date_reasons()) {
        if (err.code != ErrorCode::kInvalid) break;
        auto it = std::find_if(err.field_errors.begin(), err.field_errors.end(),
                               [&](const FieldError& f) { return f.field == reason.field; });
        if (it == err.field_errors.end()) err.field_errors.push_back(reason);
        else if (it->code == reason.code) it->message = reason.message;
    }
    // A form that failed validation is shown again with the values and what is wrong.
    if (!ctx.json_ && !route->form_template.empty() && !err.field_errors.empty()) {
        boost::json::object model;
        if (route->form_model) {
            auto base = route->form_model(ctx);
            if (!base.ok()) return finish(ErrorResponse(base.error(), ctx.json_, ctx.lang_, &ctx));
            model = std::move(base.value().model);
        }
        boost::json::object values;
        for (const auto& [k, v] : ctx.input_.fields()) {
            std::string key(k);
            if (key == "_csrf" || key.find("password") != std::string::npos) continue;
            values[key] = v;
        }
        model["values"] = std::move(values);
        model["errors"] = TranslatedFieldErrors(ctx, err);
        // The summary adds to the field messages, never repeats one of them.
        bool repeats = false;
        for (const auto& f : err.field_errors) repeats = repeats || f.message == err.message;
        model["error_summary"] = ctx.T(err.code != ErrorCode::kInvalid && !repeats ? err.message : "error.invalid");
        return finish(RenderPage(ctx, route->form_template, ctx.T(route->summary), std::move(model), HttpStatus(err.code), {}));
    }
    return finish(ErrorResponse(err, ctx.json_, ctx.lang_, &ctx));
}

bool App::Cacheable(const Context& ctx, const Route& route) const {
    return pages_.enabled() && ctx.session_ && route.cacheable && (route.kind == Kind::kHtml || route.kind == Kind::kApi) &&
           (ctx.req_.method == "GET" || ctx.req_.method == "HEAD") && ctx.Cookie(kFlashCookie).empty();
}

http::Response App::Render(Context& ctx, const Route& route, Outcome& out) {
    http::Response res;
    res.status = out.status;
    for (auto& [k, v] : out.headers) res.AddHeader(k, v);
    if (out.raw) {
        res.body = std::move(out.raw_body);
        res.SetHeader("Content-Type", out.content_type);
        AddSecurityHeaders(res, false);
        return res;
    }
    if (ctx.json_) {
        if (!out.redirect.empty() && res.status != 303) res.SetHeader("Location", out.redirect);
        if (res.status != 204) {
            res.body = boost::json::serialize(out.model);
            res.SetHeader("Content-Type", "application/json");
        }
        res.SetHeader("Cache-Control", "no-store");
        AddSecurityHeaders(res, false);
        return res;
    }
    if (!out.redirect.empty()) {
        res.status = 303;
        res.SetHeader("Location", out.redirect);
        res.SetHeader("Cache-Control", "no-store");
        if (!out.flash.empty()) ctx.SetCookie(kFlashCookie, out.flash, 60);
        AddSecurityHeaders(res, true);
        return res;
    }
    std::string name = out.template_name.empty() ? route.template_name : out.template_name;
    std::string title = out.title.empty() ? ctx.T(route.summary) : out.title;
    auto page = RenderPage(ctx, name, title, std::move(out.model), out.status, out.breadcrumbs);
    for (auto& h : res.headers) page.headers.push_back(h);
    return page;
}

http::Response App::RenderPage(Context& ctx, const std::string& template_name, const std::string& title,
                               boost::json::object model, int status,
                               const std::vector<std::pair<std::string, std::string>>& breadcrumbs) {
    boost::json::object layout;
    // Date fields are typed and shown dd/mm/yyyy whatever the browser's language (web::FormDate).
    model["today_dmy"] = FormDate(ctx.Today());
    if (const auto* as_of = model.if_contains("as_of"); as_of && as_of->is_string())
        model["as_of_dmy"] = FormDate(as_of->get_string());
    if (ctx.session_) {
        model["csrf_token"] = ctx.session_->csrf_token;
        layout["csrf_token"] = ctx.session_->csrf_token;
        std::string roles;
        for (const auto& g : ctx.session_->user.grants) {
            std::string label = ctx.T(std::string("roles.") + auth::ToString(g.role));
            if (roles.find(label) == std::string::npos) roles += (roles.empty() ? "" : ", ") + label;
        }
        layout["user"] = boost::json::object{{"username", ctx.session_->user.username},
                                             {"display_name", ctx.session_->user.display_name},
                                             {"roles_label", roles}};
        // The bell: the caller's unread notifications (counted up to 100: "99+").
        const int64_t unread = notify::UnreadCount(ctx.db(), ctx.scope_, 100);
        layout["bell"] = boost::json::object{
            {"count", unread > 99 ? std::string("99+") : std::to_string(unread)},
            {"unread", unread > 0},
            {"label", unread == 0 ? ctx.T("notify.bell_none")
                                  : text::Fill(ctx.T("notify.bell_some"),
                                               {{"count", unread > 99 ? std::string("99+") : std::to_string(unread)}})},
            {"current", ctx.req_.path.rfind("/notifications", 0) == 0}};
        const auto& scope = ctx.scope_;
        struct NavItem {
            const char* href;
            const char* key;
            bool show;
        };
        NavItem items[] = {{"/", "nav.home", true},
                           {"/orgs", "nav.orgs", scope.AnyAllows(auth::Permission::kRead)},
                           {"/members", "nav.members", scope.AnyAllows(auth::Permission::kRead)},
                           {"/documents", "nav.documents", true},
                           {"/study", "nav.study", true},
                           {"/plans", "nav.plans", scope.AnyAllows(auth::Permission::kRead)},
                           {"/reports", "nav.reports", scope.AnyAllows(auth::Permission::kRead)},
                           {"/meetings", "nav.meetings", true},
                           {"/commitments", "nav.commitments", true},
                           {"/conduct", "nav.conduct", true},
                           {"/users", "nav.users", scope.AnyAllows(auth::Permission::kManageUsers)},
                           {"/audit", "nav.audit", scope.AnyAllows(auth::Permission::kReadAudit)},
                           {"/account", "nav.account", true}};
        boost::json::array nav;
        for (const auto& it : items) {
            if (!it.show) continue;
            std::string href = it.href;
            bool current = href == "/" ? ctx.req_.path == "/" : ctx.req_.path.rfind(href, 0) == 0;
            nav.push_back(boost::json::object{{"href", href}, {"label", ctx.T(it.key)}, {"current", current}});
        }
        // Until a one-time password is changed every link leads back to the account page: show none.
        if (!ctx.session_->user.must_change_password) layout["nav"] = std::move(nav);
    } else if (model.contains("csrf_token")) {
        layout["csrf_token"] = model["csrf_token"];
    }
    boost::json::array crumbs;
    for (size_t i = 0; i < breadcrumbs.size(); ++i)
        crumbs.push_back(boost::json::object{
            {"href", breadcrumbs[i].first}, {"label", breadcrumbs[i].second}, {"last", i + 1 == breadcrumbs.size()}});
    layout["breadcrumbs"] = std::move(crumbs);

    std::string flash = ctx.Cookie(kFlashCookie);
    if (!flash.empty()) {
        if (i18n_.Has(ctx.lang_, flash)) layout["flash"] = ctx.T(flash);
        ctx.SetCookie(kFlashCookie, "", 0);
    }
    std::string bloc_name = SiteName(ctx);
    layout["lang"] = ctx.lang_;
    layout["page_title"] = title.empty() ? ctx.T("app.name") : title + " – " + ctx.T("app.name");
    layout["site"] = boost::json::object{{"bloc_name", bloc_name}, {"party_name", ctx.T("app.party_name")}};
    layout["search_q"] = ctx.Query("q");
    std::string other = ctx.lang_ == "vi" ? "en" : "vi";
    layout["lang_switch"] = boost::json::object{
        {"href", "/lang?set=" + other + "&next=" + http::PercentEncode(ctx.req_.target)},
        {"label", ctx.T("app.lang_" + other)}};
    std::string content = templates_.Render(ctx.lang_, template_name, model);

    http::Response res;
    res.status = status;
    res.body = templates_.RenderLayout(ctx.lang_, layout, content);
    res.SetHeader("Content-Type", "text/html; charset=utf-8");
    res.SetHeader("Cache-Control", "no-store");
    AddSecurityHeaders(res, true);
    return res;
}

bool App::Installed(Context& ctx) {
    if (installed_.load(std::memory_order_relaxed)) return true;
    if (auth::IsEmptyInstall(ctx.db())) return false;
    installed_.store(true, std::memory_order_relaxed);
    std::lock_guard lock(site_mu_);
    site_name_at_ = 0;  // the header's name was the default while empty
    return true;
}

http::Response App::EmptyInstall(Context& ctx) {
    http::Response r;
    if (ctx.json_) {
        r = ErrorResponse(Error{ErrorCode::kUnavailable, "error.empty_install", {}}, true, ctx.lang_, &ctx);
    } else {
        r = RenderPage(ctx, "auth/empty_install", ctx.T("install.title"), {}, HttpStatus(ErrorCode::kUnavailable), {});
    }
    for (auto& c : ctx.set_cookies_) r.AddHeader("Set-Cookie", c);
    return r;
}

std::string App::SiteName(Context& ctx) {
    time::Millis now = clock_.Now();
    {
        std::lock_guard lock(site_mu_);
        if (site_name_at_ != 0 && now - site_name_at_ < 30000) return site_name_;
    }
    std::string name = ctx.T("app.default_bloc_name");
    if (auto root = org::RootName(ctx.db())) name = *root;
    std::lock_guard lock(site_mu_);
    site_name_ = name;
    site_name_at_ = now;
    return name;
}

http::Response App::ErrorResponse(const Error& error, bool json, const std::string& lang, Context* ctx) {
    int status = HttpStatus(error.code);
    if (error.message == "error.method_not_allowed") status = 405;
    const std::string code = ProblemCode(error, status);
    const std::string& title = i18n_.Get(lang, "error." + code);
    std::string detail_key = error.message.rfind("error.", 0) == 0 ? "error_detail." + error.message.substr(6)
                                                                   : "error_detail." + code;
    if (error.code == ErrorCode::kInternal || !i18n_.Has(lang, detail_key)) detail_key = "error_detail." + code;
    std::string detail = i18n_.Get(lang, detail_key);
    http::Response res;
    res.status = status;
    if (status == 401) res.SetHeader("WWW-Authenticate", kAuthenticateChallenge);
    // The throttle's own remaining wait, in the header and in the words ("{seconds}").
    if (status == 429) {
        const std::string seconds = std::to_string(std::max<int64_t>(1, error.retry_after_s));
        res.SetHeader("Retry-After", seconds);
        detail = i18n_.Get(lang, "error_detail.throttled_wait");
        if (size_t at = detail.find("{seconds}"); at != std::string::npos) detail.replace(at, 9, seconds);
    }
    if (json || !ctx) {
        if (json) {
            boost::json::object p{{"type", "/problems/" + code}, {"title", title}, {"status", status},
                                  {"detail", detail}, {"code", code}};
            if (!error.field_errors.empty()) {
                boost::json::array errors;
                for (const auto& f : error.field_errors)
                    errors.push_back(boost::json::object{
                        {"field", f.field}, {"code", f.code}, {"detail", i18n_.Get(lang, f.message)}});
                p["errors"] = std::move(errors);
            }
            res.body = boost::json::serialize(p);
            res.SetHeader("Content-Type", "application/problem+json");
            res.SetHeader("Cache-Control", "no-store");
            AddSecurityHeaders(res, false);
            return res;
        }
    }
    if (ctx) {
        boost::json::object model{{"status", status}, {"title", title}, {"message", detail}, {"home_href", "/"}};
        if (!error.field_errors.empty()) {
            boost::json::array fields;
            for (const auto& f : error.field_errors)
                fields.push_back(boost::json::object{{"field", f.field}, {"message", i18n_.Get(lang, f.message)}});
            model["fields"] = std::move(fields);
        }
        try {
            return RenderPage(*ctx, "errors/error", title, std::move(model), status, {});
        } catch (const std::exception& e) {
            log::Write(log::Level::kError, "error page failed", {{"error", e.what()}});
        }
    }
    // Last resort (no context, or the page itself failed): a minimal page with no database use.
    res.body = "<!doctype html><html lang=\"" + lang + "\"><meta charset=\"utf-8\"><title>" + HtmlEscape(title) +
               "</title><body><h1>" + HtmlEscape(title) + "</h1><p>" + HtmlEscape(detail) +
               "</p><p><a href=\"/\">dangvu</a></p></body></html>";
    res.SetHeader("Content-Type", "text/html; charset=utf-8");
    res.SetHeader("Cache-Control", "no-store");
    AddSecurityHeaders(res, true);
    return res;
}

http::Response App::Refusal(int status, const http::Request& partial) {
    Error error = status == 400 ? Error::BadRequest("error.bad_request") : Error{ErrorCode::kTooLarge, "error.too_large", {}};
    auto res = ErrorResponse(error, WantsJson(partial), LangOf(partial, i18n_), nullptr);
    res.status = status;  // 431 (header fields too large) is a kind of too_large
    return res;
}

void App::Observe(const http::Request& req, const http::Response& res, std::chrono::microseconds elapsed) {
    metrics_.Observe(req.method, res.route, res.status, elapsed);
    if (!access_log_) return;
    boost::json::object line{{"time", time::FormatIsoUtc(clock_.Now())},
                             {"method", req.method},
                             {"path", req.path},
                             {"route", res.route},
                             {"status", res.status},
                             {"us", static_cast<int64_t>(elapsed.count())},  // microseconds
                             {"bytes", res.body.size()},
                             {"ip", req.remote_addr}};
    std::string text = boost::json::serialize(line);
    text += '\n';
    std::lock_guard lock(log_mu_);
    std::fwrite(text.data(), 1, text.size(), access_log_);
    std::fflush(access_log_);
}

}  // namespace dv::web
