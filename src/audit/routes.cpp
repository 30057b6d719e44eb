// audit routes: the log, filterable by user, entity and date, for admin and office.
#include "audit/audit.h"
#include "core/time.h"
#include "web/context.h"

namespace dv::web {

namespace {

const char* const kEntityTypes[] = {"session", "user", "grant", "org", "document", "document_distribution", "document_recipient"};

// The filter form with the values as given and no entries: shown again when a filter is invalid.
Result<Outcome> FilterForm(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kReadAudit)) return Error::Forbidden();
    std::vector<std::pair<std::string, std::string>> types{{"", ctx.T("audit.all_entities")}};
    for (const char* t : kEntityTypes) types.emplace_back(t, ctx.T(std::string("audit.entities.") + t));
    Outcome o;
    o.model = {{"filters", {{"user", ctx.Query("user")}, {"entity_type", ctx.Query("entity_type")},
                            {"from", ctx.Query("from")}, {"to", ctx.Query("to")}}},
               {"entity_types", Options(types, ctx.Query("entity_type"))},
               {"entries", boost::json::array{}},
               {"total_label", "0"}};
    return o;
}

Result<Outcome> ListAudit(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kReadAudit)) return Error::Forbidden();
    audit::Filter f;
    f.username = ctx.Query("user");
    f.entity_type = ctx.Query("entity_type");
    int offset = ctx.app().settings().utc_offset_minutes;
    std::vector<FieldError> errors;
    auto date_param = [&](const char* name, std::optional<int64_t>& out, int add_days) {
        std::string v = ctx.Query(name);
        if (v.empty()) return;
        auto d = time::ParseIsoDate(v);
        if (!d) {
            errors.push_back({name, "invalid_date", "field.invalid_date"});
            return;
        }
        out = time::StartOfLocalDay(time::CivilFromDays(time::DaysFromCivil(*d) + add_days), offset);
    };
    date_param("from", f.from_at, 0);
    date_param("to", f.to_at, 1);  // "to" is inclusive of that whole day
    std::string before = ctx.Query("before");
    if (!before.empty()) {
        try {
            f.before_id = std::stoll(before);
        } catch (...) {
            errors.push_back({"before", "not_integer", "field.not_integer"});
        }
    }
    if (!errors.empty()) return Error::Invalid(errors);
    f.limit = 50;
    auto entries = audit::List(ctx.db(), ctx.scope(), f);

    boost::json::array list;
    for (const auto& e : entries) {
        std::string action_key = "audit.actions." + e.action;
        std::string entity_key = "audit.entities." + e.entity_type;
        boost::json::object j{{"id", e.id},
                              {"at", time::FormatIsoUtc(e.at)},
                              {"at_display", DisplayDateTime(ctx, e.at)},
                              {"username", e.username},
                              {"ip", e.ip},
                              {"action", e.action},
                              {"action_label", ctx.app().i18n().Has(ctx.lang(), action_key) ? ctx.T(action_key) : e.action},
                              {"entity_type", e.entity_type},
                              {"entity_label", ctx.app().i18n().Has(ctx.lang(), entity_key) ? ctx.T(entity_key) : e.entity_type},
                              {"org_name", e.org_name},
                              {"hash", e.hash}};
        j["entity_id"] = e.entity_id ? boost::json::value(*e.entity_id) : nullptr;
        j["org_id"] = e.org_id ? boost::json::value(*e.org_id) : nullptr;
        j["before"] = e.before_json ? boost::json::value(*e.before_json) : nullptr;
        j["after"] = e.after_json ? boost::json::value(*e.after_json) : nullptr;
        list.push_back(std::move(j));
    }
    std::string base = "/audit?user=" + http::PercentEncode(f.username) + "&entity_type=" +
                       http::PercentEncode(f.entity_type) + "&from=" + http::PercentEncode(ctx.Query("from")) +
                       "&to=" + http::PercentEncode(ctx.Query("to"));
    DV_ASSIGN_OR_RETURN(Outcome o, FilterForm(ctx));
    o.model["entries"] = std::move(list);
    o.model["total_label"] = std::to_string(entries.size());
    if (static_cast<int>(entries.size()) == f.limit) o.model["next_href"] = base + "&before=" + std::to_string(entries.back().id);
    if (f.before_id) o.model["prev_href"] = base;
    o.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/audit", ctx.T("audit.title")}};
    return o;
}

const std::vector<FieldSpec> kAuditQuery = {{"user", "string", false, "user name (exact)"},
                                            {"entity_type", "string", false, "session, user, grant, org"},
                                            {"from", "string", false, "first day, YYYY-MM-DD (local time)"},
                                            {"to", "string", false, "last day, YYYY-MM-DD (local time)"},
                                            {"before", "integer", false, "entries older than this id (paging)"}};

}  // namespace

void RegisterAuditRoutes(Router& r) {
    r.Add({.method = "GET", .pattern = "/audit", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "audit/list", .summary = "audit.title", .tag = "audit", .handler = ListAudit,
           .form_template = "audit/list", .form_model = FilterForm, .query = kAuditQuery});
    r.Add({.method = "GET", .pattern = "/api/v1/audit", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "The audit log in the caller's scope, newest first", .tag = "audit", .handler = ListAudit,
           .query = kAuditQuery});
}

}  // namespace dv::web
