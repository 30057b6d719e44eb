// System routes: health, metrics, OpenAPI, static files and the language switch.
#include <map>
#include <mutex>

#include "assets/assets.h"
#include "core/crypto.h"
#include "core/gzip.h"
#include "core/log.h"
#include "web/context.h"
#include "web/openapi.h"

namespace dv::web {

namespace {

struct StaticFile {
    std::string body;
    std::string gz;  // empty when compression does not pay
    std::string etag;
    std::string content_type;
};

std::string ContentTypeOf(std::string_view path) {
    auto ext = path.substr(path.rfind('.') + 1);
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "js") return "text/javascript; charset=utf-8";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    if (ext == "woff2") return "font/woff2";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

// Built once: bodies, gzip copies and ETags of every embedded static file.
const std::map<std::string, StaticFile, std::less<>>& StaticFiles() {
    static const auto kFiles = [] {
        std::map<std::string, StaticFile, std::less<>> files;
        for (const auto* a : assets::WithPrefix("static/")) {
            StaticFile f;
            f.body = std::string(a->data);
            f.etag.push_back('"');
            f.etag.append(crypto::Sha256Hex(f.body), 0, 20);
            f.etag.push_back('"');
            f.content_type = ContentTypeOf(a->path);
            if (f.content_type.rfind("text/", 0) == 0 || f.content_type == "image/svg+xml") {
                std::string gz = gzip::Compress(f.body, 9);
                if (gz.size() + 64 < f.body.size()) f.gz = std::move(gz);
            }
            files[std::string(a->path.substr(7))] = std::move(f);
        }
        return files;
    }();
    return kFiles;
}

Outcome Raw(std::string body, std::string content_type, int status = 200) {
    Outcome o;
    o.raw = true;
    o.status = status;
    o.raw_body = std::move(body);
    o.content_type = std::move(content_type);
    return o;
}

Result<Outcome> ServeStatic(Context& ctx) {
    std::string path = ctx.Param("path");
    if (path.find("..") != std::string::npos || path.find('\\') != std::string::npos) return Error::NotFound();
    const auto& files = StaticFiles();
    auto it = files.find(path);
    if (it == files.end()) return Error::NotFound();
    const StaticFile& f = it->second;
    Outcome o;
    o.raw = true;
    o.content_type = f.content_type;
    // A URL with the content's version (Templates::StaticUrl, what pages link to) names one content
    // for good: browsers keep it a year without asking. Without it, an hour, then the ETag.
    const std::string version = ctx.Query("v");
    const bool pinned = !version.empty() && f.etag.compare(1, version.size(), version) == 0 && version.size() == 12;
    o.headers = {{"ETag", f.etag},
                 {"Cache-Control", pinned ? "public, max-age=31536000, immutable" : "public, max-age=3600"}};
    if (!f.gz.empty()) o.headers.emplace_back("Vary", "Accept-Encoding");
    if (ctx.request().Header("If-None-Match") == f.etag) {
        o.status = 304;
        return o;
    }
    if (!f.gz.empty() && gzip::Accepts(ctx.request().Header("Accept-Encoding"))) {
        o.raw_body = f.gz;
        o.headers.emplace_back("Content-Encoding", "gzip");
    } else {
        o.raw_body = f.body;
    }
    return o;
}

// JSON whatever the Accept header (monitors send anything): 200 {"status":"ok"}, or 503 with a problem.
Result<Outcome> Healthz(Context& ctx) {
    // Healthy means the database answers.
    try {
        db::Ping(ctx.db());
    } catch (const db::DbError& e) {
        log::Write(log::Level::kWarning, "health check: the database does not answer", {{"error", e.what()}});
        return Error{ErrorCode::kUnavailable, "error.unavailable", {}};
    }
    auto o = Raw(std::string(R"({"status":"ok","version":")") + DANGVU_VERSION + R"("})", "application/json");
    o.headers = {{"Cache-Control", "no-store"}};
    return o;
}

Result<Outcome> MetricsText(Context& ctx) {
    auto& pool = ctx.app().pool();
    std::string text = ctx.app().metrics().Render(pool.size(), pool.in_use(), pool.waits(), ctx.app().open_connections());
    const auto& cache = ctx.app().page_cache();
    text += "# HELP dangvu_page_cache_hits_total Signed-in GET answers served from the page cache.\n"
            "# TYPE dangvu_page_cache_hits_total counter\n"
            "dangvu_page_cache_hits_total " + std::to_string(cache.hits()) + "\n"
            "# HELP dangvu_page_cache_misses_total Cacheable answers that had to be rendered.\n"
            "# TYPE dangvu_page_cache_misses_total counter\n"
            "dangvu_page_cache_misses_total " + std::to_string(cache.misses()) + "\n"
            "# HELP dangvu_page_cache_bytes Bytes of answers the page cache holds.\n"
            "# TYPE dangvu_page_cache_bytes gauge\n"
            "dangvu_page_cache_bytes " + std::to_string(cache.bytes()) + "\n";
    return Raw(std::move(text), "text/plain; version=0.0.4; charset=utf-8");
}

Result<Outcome> OpenApiJson(Context& ctx) {
    static std::once_flag once;
    static std::string doc;
    std::call_once(once, [&] { doc = boost::json::serialize(BuildOpenApi(ctx.app().router())); });
    return Raw(doc, "application/json");
}

Result<Outcome> SetLanguage(Context& ctx) {
    std::string lang = ctx.Query("set");
    if (!ctx.app().i18n().Supports(lang)) return Error::InvalidField("set", "invalid_choice", "field.invalid_choice");
    ctx.SetCookie("dv_lang", lang, 365LL * 24 * 3600, false);
    Outcome o;
    o.redirect = SameSitePath(ctx.Query("next"));
    o.model = {{"lang", lang}};
    return o;
}

}  // namespace

void RegisterSystemRoutes(Router& r) {
    using namespace schema;
    const Schema set_language = Object({{"lang", Str()}});
    r.Add({.method = "GET", .pattern = "/healthz", .kind = Kind::kRaw, .access = Access::kPublic,
           .summary = "Health check: 200 when the database answers, else 503 with a problem; JSON whatever the Accept",
           .tag = "system", .handler = Healthz, .response = Object({{"status", Str()}, {"version", Str()}})});
    r.Add({.method = "GET", .pattern = "/metrics", .kind = Kind::kRaw, .access = Access::kPublic,
           .summary = "Prometheus metrics", .tag = "system", .handler = MetricsText});
    r.Add({.method = "GET", .pattern = "/api/v1/openapi.json", .kind = Kind::kRaw, .access = Access::kPublic,
           .summary = "This API description (OpenAPI 3.1), generated from the route table", .tag = "system",
           .handler = OpenApiJson, .response = AnyObject()});
    r.Add({.method = "GET", .pattern = "/static/{path...}", .kind = Kind::kRaw, .access = Access::kPublic,
           .summary = "Static files (CSS, htmx) with ETag and Cache-Control", .tag = "system", .handler = ServeStatic});
    r.Add({.method = "GET", .pattern = "/lang", .kind = Kind::kHtml, .access = Access::kPublic,
           .summary = "Switch the interface language (cookie) and go back", .tag = "system", .handler = SetLanguage,
           .query = {{"set", "string", true, "vi or en"}, {"next", "string", false, "local path to return to"}},
           .response = set_language});
}

}  // namespace dv::web
