// App: the web application as one pure function of a request (Handle), plus what every feature's
// routes need (database pool, clock, translations, templates). The HTTP server calls Handle();
// nothing here knows about sockets or Beast.
//
// Pipeline of Handle(): match route -> choose representation (JSON for /api/ paths or
// Accept: application/json) -> language -> on an empty install (no organization), the page saying
// to run `dangvu init` -> session from cookie -> sign-in check -> a one-time password to change
// first -> body parsing
// (JSON object, or a form urlencoded or multipart with files; UTF-8 checked) -> CSRF check on
// state-changing requests -> handler -> render (mustache page in the layout, JSON, or RFC 9457
// problem+json for errors).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/config.h"
#include "core/time.h"
#include "db/db.h"
#include "http/message.h"
#include "web/cache.h"
#include "web/i18n.h"
#include "web/metrics.h"
#include "web/router.h"
#include "web/templates.h"

namespace dv::web {

class Context;

class App {
public:
    // The pool and clock must outlive the App. Throws std::runtime_error on broken templates/i18n.
    App(config::Settings settings, db::Pool& pool, const time::Clock& clock);
    ~App();

    // Thread-safe.
    http::Response Handle(http::Request& req);
    // Access log and metrics for one finished request. Thread-safe.
    void Observe(const http::Request& req, const http::Response& res, std::chrono::microseconds elapsed);

    const Router& router() const { return router_; }
    db::Pool& pool() { return pool_; }
    const time::Clock& clock() const { return clock_; }
    const I18n& i18n() const { return i18n_; }
    const Templates& templates() const { return templates_; }
    const config::Settings& settings() const { return settings_; }
    Metrics& metrics() { return metrics_; }
    // Connections open in the HTTP server, for /metrics (set by `serve`).
    void SetConnectionGauge(std::function<int()> gauge) { connection_gauge_ = std::move(gauge); }
    int open_connections() const { return connection_gauge_ ? connection_gauge_() : 0; }

    // Renders an error as problem+json or as the friendly error page.
    http::Response ErrorResponse(const Error& error, bool json, const std::string& lang, Context* ctx);
    // The answer to a request the HTTP server refuses before the app sees it (400 unreadable, 413 body
    // or 431 header fields too large), translated like every other problem. `partial` holds what was
    // read of the request (method, target, some header fields). Thread-safe.
    http::Response Refusal(int status, const http::Request& partial);

    // The cache of signed-in GET answers (web/cache.h), for /metrics and tests.
    const PageCache& page_cache() const { return pages_; }

private:
    // What Dispatch did with the page cache, for Handle (which adds the gzip body to the cached answer).
    struct CacheNote {
        std::string key;    // empty: the request is not one the cache keeps
        Generation gen;
        std::shared_ptr<const CachedAnswer> answer;  // served from the cache, or just stored in it
    };
    http::Response Dispatch(http::Request& req, CacheNote& note);
    // Whether the cache may keep this request's answer: a signed-in GET of a page or API route that
    // allows it, without a one-off message (flash cookie) to show.
    bool Cacheable(const Context& ctx, const Route& route) const;
    http::Response Render(Context& ctx, const Route& route, Outcome& out);
    http::Response RenderPage(Context& ctx, const std::string& template_name, const std::string& title,
                              boost::json::object model, int status,
                              const std::vector<std::pair<std::string, std::string>>& breadcrumbs);
    // False while the database holds no organization (set it up with `dangvu init`). Once true it
    // stays true without asking again; while false every request asks (one indexed look-up), so a
    // server started empty notices `init` run from the command line.
    bool Installed(Context& ctx);
    http::Response EmptyInstall(Context& ctx);
    // The root organization's name for the page header, re-read at most every 30 s: it changes
    // rarely and every page shows it.
    std::string SiteName(Context& ctx);

    config::Settings settings_;
    db::Pool& pool_;
    const time::Clock& clock_;
    I18n i18n_;
    Templates templates_;
    Router router_;
    Metrics metrics_;
    DataGeneration generation_;
    PageCache pages_;
    SessionCache sessions_;
    std::function<int()> connection_gauge_;
    std::atomic<bool> installed_{false};
    std::mutex site_mu_;
    std::string site_name_;      // GUARDED_BY(site_mu_)
    time::Millis site_name_at_ = 0;  // GUARDED_BY(site_mu_); 0: not read yet
    std::mutex log_mu_;
    FILE* access_log_ = nullptr;  // GUARDED_BY(log_mu_); stdout, a file we own, or null (off)
    bool owns_log_ = false;
};

}  // namespace dv::web
