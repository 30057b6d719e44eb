// Context: one request as a handler sees it. Handlers read parameters and input from it, call a
// service with ctx.db(), ctx.scope() and ctx.actor(), and return an Outcome.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/audit.h"
#include "auth/model.h"
#include "auth/scope.h"
#include "db/db.h"
#include "http/message.h"
#include "web/app.h"
#include "tabular/table.h"
#include "web/input.h"

namespace dv::web {

class Context {
public:
    Context(App& app, http::Request& req) : app_(app), req_(req) {}

    App& app() { return app_; }
    const App& app() const { return app_; }
    const http::Request& request() const { return req_; }
    bool json() const { return json_; }
    const std::string& lang() const { return lang_; }

    // A path parameter ("{id}"): its text, or "".
    std::string Param(std::string_view name) const;
    // A numeric id path parameter; anything else is kNotFound (as for a missing record).
    Result<int64_t> IdParam(std::string_view name) const;
    // A query-string parameter, decoded; "" when absent.
    std::string Query(std::string_view name) const;
    std::string Cookie(std::string_view name) const;

    Input& input() { return input_; }
    const std::optional<auth::Session>& session() const { return session_; }
    const auth::Scope& scope() const { return scope_; }
    audit::Actor actor() const;
    time::Millis now() const { return app_.clock().Now(); }
    // Today's local calendar date, 'YYYY-MM-DD'.
    std::string Today() const {
        return time::FormatIso(time::LocalDate(now(), app_.settings().utc_offset_minutes));
    }

    // The request's database connection, leased on first use and returned when the request ends.
    db::Connection& db();

    // Translation for the request's language.
    const std::string& T(std::string_view key) const { return app_.i18n().Get(lang_, key); }

    // Cookies to set on the response: (name, value, max-age seconds or -1 for a session cookie, http_only).
    void SetCookie(std::string name, std::string value, int64_t max_age, bool http_only = true);
    std::vector<std::string>& set_cookies() { return set_cookies_; }

private:
    friend class App;
    App& app_;
    http::Request& req_;
    bool json_ = false;
    std::string lang_ = I18n::kDefault;
    std::vector<std::pair<std::string, std::string>> params_;
    std::vector<std::pair<std::string, std::string>> query_;
    Input input_;
    std::optional<auth::Session> session_;
    auth::Scope scope_;
    std::optional<db::Pool::Lease> lease_;
    std::vector<std::string> set_cookies_;
};

// Registration of each feature's routes (defined in the feature's routes.cpp).
void RegisterSystemRoutes(Router& router);
void RegisterHomeRoutes(Router& router);
void RegisterAuthRoutes(Router& router);
void RegisterAuditRoutes(Router& router);
void RegisterOrgRoutes(Router& router);
void RegisterMemberRoutes(Router& router);
void RegisterImportRoutes(Router& router);
void RegisterCommitteeRoutes(Router& router);
void RegisterDocumentRoutes(Router& router);
void RegisterDistributionRoutes(Router& router);
void RegisterNotifyRoutes(Router& router);
void RegisterPlanRoutes(Router& router);
void RegisterReportTemplateRoutes(Router& router);
void RegisterReportRoutes(Router& router);
void RegisterMeetingRoutes(Router& router);
void RegisterConductRoutes(Router& router);
void RegisterCommitmentRoutes(Router& router);

// Helpers shared by feature routes.
boost::json::array Options(const std::vector<std::pair<std::string, std::string>>& values_labels,
                           const std::string& selected);
std::string DisplayDateTime(const Context& ctx, int64_t ms);
// The "as of" date of a view: ?as_of=YYYY-MM-DD, default today; anything else is a field error.
Result<std::string> AsOfQuery(const Context& ctx);
// A whole-number query parameter (0 to 999,999); absent: none; anything else is a field error.
Result<std::optional<int>> IntQuery(const Context& ctx, const char* name);
// A record id query parameter (?org=12): absent: none; anything but a positive whole number as
// text::ParseInt reads it ("12abc", " 12", "1e3") is a field error naming the parameter.
Result<std::optional<int64_t>> IdQuery(const Context& ctx, const char* name);
// The value a form sent for `name` as text ("" when absent): what a form shown again with its errors keeps.
std::string FormValue(Context& ctx, std::string_view name);
// A file download (Content-Disposition: attachment; `filename` ASCII).
Outcome FileDownload(std::string body, std::string content_type, const std::string& filename);
// The same for a name as people gave it (UTF-8): its ASCII form and the UTF-8 one (RFC 6266).
Outcome NamedFileDownload(std::string body, std::string content_type, const std::string& name);
inline constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// `rows` as the bytes of an XLSX workbook with one sheet (tabular::WriteXlsx through a private temporary
// directory); `columns` types the data cells as WriteXlsx says.
Result<std::string> XlsxBytes(const std::string& sheet_name, const std::vector<std::vector<std::string>>& rows,
                              const std::vector<tabular::CellKind>& columns = {});
// The bytes of an XLSX workbook of several sheets (tabular::WriteXlsxBook).
Result<std::string> XlsxBookBytes(const std::vector<tabular::Sheet>& sheets);
// ?page=N (default 1; 0 or anything but a whole number is a field error naming "page").
Result<int> PageQuery(const Context& ctx);
// The pager of a list page (templates' {{#pager.shown}} block): page `page` of `total` rows, `per_page`
// a page; links are `base` followed by the page number (`base` ends in "page=").
// {shown, label, prev_href?, next_href?}.
boost::json::object Pager(const Context& ctx, int64_t total, int page, int per_page, const std::string& base);

}  // namespace dv::web
