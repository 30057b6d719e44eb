// audit routes: the log for admin and office, filterable by action, entity kind, organization, date
// and user, paged; each change shown as labelled before → after rows (audit/present.h).
#include <unordered_map>

#include "audit/audit.h"
#include "audit/present.h"
#include "core/time.h"
#include "org/service.h"
#include "web/context.h"

namespace dv::web {

namespace {

constexpr int kPageSize = 25;  // a phone shows each entry as a card: 25 is a few screens
constexpr size_t kMaxOrgChoices = 500;  // the filter lists grassroots organizations and above
constexpr int kDeepestOrgLevel = 2;     // org_types.level of grassroots organizations

// A translation when there is one, else the key's readable form.
std::string LabelOr(const Context& ctx, const std::string& key, std::string_view fallback) {
    return ctx.app().i18n().Has(ctx.lang(), key) ? ctx.T(key) : audit::Readable(fallback);
}

std::string ActionLabel(const Context& ctx, const std::string& action) {
    return LabelOr(ctx, "audit.actions." + action, action);
}
std::string EntityLabel(const Context& ctx, const std::string& type) {
    return LabelOr(ctx, "audit.entities." + type, type);
}

// A field's label: the entity kind's own, a common one, or the field name made readable.
std::string FieldLabel(const Context& ctx, const std::string& type, const std::string& field) {
    std::string own = "audit.fields." + type + "." + field;
    if (ctx.app().i18n().Has(ctx.lang(), own)) return ctx.T(own);
    std::string leaf = field.substr(field.rfind('.') == std::string::npos ? 0 : field.rfind('.') + 1);
    return LabelOr(ctx, "audit.fields.common." + leaf, field);
}

// A coded value's label (a status, a role, true/false), else the value itself.
std::string ValueLabel(const Context& ctx, const std::string& field, const std::string& value) {
    if (value.empty()) return value;
    std::string leaf = field.substr(field.rfind('.') == std::string::npos ? 0 : field.rfind('.') + 1);
    std::string key = "audit.values." + leaf + "." + value;
    if (value.find_first_of(" ./") == std::string::npos && ctx.app().i18n().Has(ctx.lang(), key)) return ctx.T(key);
    if (value == "true" || value == "false") return ctx.T("audit.values.bool." + value);
    return value;
}

boost::json::array OrgChoices(Context& ctx, const std::string& selected) {
    boost::json::array out{boost::json::object{{"value", ""}, {"label", ctx.T("audit.all_orgs")}, {"selected", selected.empty()}}};
    auto orgs = org::List(ctx.db(), ctx.scope(), std::nullopt);
    if (!orgs.ok()) return out;
    std::unordered_map<std::string, int> level;
    for (const auto& t : org::Types(ctx.db())) level[t.code] = t.level;
    for (const auto& o : orgs.value()) {
        if (level[o.type_code] > kDeepestOrgLevel) continue;
        if (out.size() > kMaxOrgChoices) break;
        std::string indent;
        for (int i = 0; i < o.depth; ++i) indent += "\u2014 ";
        std::string id = std::to_string(o.id);
        out.push_back(boost::json::object{{"value", id}, {"label", indent + o.name}, {"selected", id == selected}});
    }
    return out;
}

// The filter form with the values as given and no entries: shown again when a filter is invalid.
Result<Outcome> FilterForm(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kReadAudit)) return Error::Forbidden();
    std::vector<std::pair<std::string, std::string>> types{{"", ctx.T("audit.all_entities")}};
    for (const auto& t : audit::KnownEntityTypes()) types.emplace_back(t, EntityLabel(ctx, t));
    std::vector<std::pair<std::string, std::string>> actions{{"", ctx.T("audit.all_actions")}};
    for (const auto& a : audit::KnownActions())
        actions.emplace_back(a, EntityLabel(ctx, a.substr(0, a.find('.'))) + ": " + ActionLabel(ctx, a));
    Outcome o;
    o.model = {{"filters", {{"user", ctx.Query("user")}, {"entity_type", ctx.Query("entity_type")},
                            {"action", ctx.Query("action")}, {"org", ctx.Query("org")},
                            {"from", ctx.Query("from")}, {"to", ctx.Query("to")}}},
               {"entity_types", Options(types, ctx.Query("entity_type"))},
               {"actions", Options(actions, ctx.Query("action"))},
               {"orgs", OrgChoices(ctx, ctx.Query("org"))},
               {"entries", boost::json::array{}},
               {"total_label", "0"}};
    o.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/audit", ctx.T("audit.title")}};
    return o;
}

boost::json::object EntryView(Context& ctx, const audit::Entry& e, bool can_manage_users) {
    boost::json::object j{{"id", e.id},
                          {"at", time::FormatIsoUtc(e.at)},
                          {"username", e.username},
                          {"ip", e.ip},
                          {"action", e.action},
                          {"entity_type", e.entity_type},
                          {"org_name", e.org_name},
                          {"hash", e.hash},
                          {"identifiers_masked", !e.identifiers_visible}};
    j["entity_id"] = e.entity_id ? boost::json::value(*e.entity_id) : nullptr;
    j["org_id"] = e.org_id ? boost::json::value(*e.org_id) : nullptr;
    auto raw = [&](const std::optional<std::string>& json) -> boost::json::value {
        if (!json) return nullptr;
        return e.identifiers_visible ? boost::json::value(*json) : boost::json::value(audit::MaskJson(*json));
    };
    j["before"] = raw(e.before_json);
    j["after"] = raw(e.after_json);
    j["action_label"] = ActionLabel(ctx, e.action);
    j["entity_label"] = EntityLabel(ctx, e.entity_type);
    if (ctx.json()) return j;
    j.erase("before");
    j.erase("after");
    j["at_display"] = DisplayDateTime(ctx, e.at);
    std::string name = audit::EntityName(e);
    if (!name.empty()) j["entity_name"] = name;
    std::string href = audit::EntityHref(e, can_manage_users);
    if (!href.empty()) j["entity_href"] = href;
    if (e.org_id) j["org_href"] = "/audit?org=" + std::to_string(*e.org_id);
    boost::json::array changes;
    bool masked = false;
    for (const auto& c : audit::Changes(e, e.identifiers_visible)) {
        masked = masked || (!e.identifiers_visible && audit::IsIdentifier(c.field.substr(c.field.rfind('.') + 1)));
        boost::json::object row{{"label", FieldLabel(ctx, e.entity_type, c.field)}};
        if (!c.before.empty()) row["before"] = ValueLabel(ctx, c.field, c.before);
        if (!c.after.empty()) row["after"] = ValueLabel(ctx, c.field, c.after);
        changes.push_back(std::move(row));
    }
    j["has_changes"] = !changes.empty();
    // A creation has no "before", a deletion no "after": their tables show one value column.
    j["one_side"] = !e.before_json || !e.after_json;
    j["masked_note"] = masked;
    j["changes"] = std::move(changes);
    return j;
}

Result<Outcome> ListAudit(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kReadAudit)) return Error::Forbidden();
    audit::Filter f;
    f.username = ctx.Query("user");
    f.action = ctx.Query("action");
    f.entity_type = ctx.Query("entity_type");
    int offset = ctx.app().settings().utc_offset_minutes;
    // The query read like a form: dates dd/mm/yyyy (or YYYY-MM-DD) by the forms' own reader.
    Input q(boost::json::object{{"from", ctx.Query("from")}, {"to", ctx.Query("to")}, {"org", ctx.Query("org")},
                                {"before", ctx.Query("before")}},
            true);
    auto day = [&](const char* name, int add_days) -> std::optional<int64_t> {
        std::string iso = q.Date(name);
        if (iso.empty()) return std::nullopt;
        auto d = time::ParseIsoDate(iso);
        return time::StartOfLocalDay(time::CivilFromDays(time::DaysFromCivil(*d) + add_days), offset);
    };
    f.from_at = day("from", 0);
    f.to_at = day("to", 1);  // "to" is inclusive of that whole day
    f.org_id = q.Int("org", false);
    f.before_id = q.Int("before", false);
    DV_TRY(q.Finish());
    f.limit = kPageSize;
    auto entries = audit::List(ctx.db(), ctx.scope(), f);

    const bool can_manage_users = ctx.scope().AnyAllows(auth::Permission::kManageUsers);
    boost::json::array list;
    for (const auto& e : entries) list.push_back(EntryView(ctx, e, can_manage_users));
    std::string base = "/audit?user=" + http::PercentEncode(f.username) + "&action=" + http::PercentEncode(f.action) +
                       "&entity_type=" + http::PercentEncode(f.entity_type) + "&org=" +
                       http::PercentEncode(ctx.Query("org")) + "&from=" + http::PercentEncode(ctx.Query("from")) +
                       "&to=" + http::PercentEncode(ctx.Query("to"));
    Outcome o;
    if (ctx.json()) {
        o.model = {{"entries", std::move(list)}};
    } else {
        DV_ASSIGN_OR_RETURN(o, FilterForm(ctx));
        o.model["total_label"] = std::to_string(entries.size());
        o.model["entries"] = std::move(list);
    }
    if (static_cast<int>(entries.size()) == f.limit) o.model["next_href"] = base + "&before=" + std::to_string(entries.back().id);
    if (f.before_id) o.model["prev_href"] = base;
    o.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/audit", ctx.T("audit.title")}};
    return o;
}

const std::vector<FieldSpec> kAuditQuery = {
    {"user", "string", false, "user name (exact)"},
    {"action", "string", false, "action (exact): member.transfer, org.merge, document.update, …"},
    {"entity_type", "string", false, "member, org, committee_position, document, document_distribution, "
                                     "document_recipient, user, grant, session"},
    {"org", "integer", false, "entries of this organization and the units under it"},
    {"from", "string", false, "first day, dd/mm/yyyy or YYYY-MM-DD (local time)"},
    {"to", "string", false, "last day, dd/mm/yyyy or YYYY-MM-DD (local time)"},
    {"before", "integer", false, "entries older than this id (paging, 25 per page)"}};

}  // namespace

void RegisterAuditRoutes(Router& r) {
    using namespace schema;
    const Schema list_audit = Object({{"entries", ArrayOf(Object({{"id", Int()},
                                                                  {"at", Str()},
                                                                  {"username", Str()},
                                                                  {"ip", Str()},
                                                                  {"action", Str()},
                                                                  {"entity_type", Str()},
                                                                  {"org_name", Str()},
                                                                  {"hash", Str()},
                                                                  {"identifiers_masked", Bool()},
                                                                  {"entity_id", Nullable(Int())},
                                                                  {"org_id", Nullable(Int())},
                                                                  {"before", Nullable(Str())},
                                                                  {"after", Nullable(Str())},
                                                                  {"action_label", Str()},
                                                                  {"entity_label", Str()}}))},
                                      {"next_href", Str(), kOptional},
                                      {"prev_href", Str(), kOptional}});
    r.Add({.method = "GET", .pattern = "/audit", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "audit/list", .summary = "audit.title", .tag = "audit", .handler = ListAudit,
           .form_template = "audit/list", .form_model = FilterForm, .query = kAuditQuery,
           .response = list_audit});
    r.Add({.method = "GET", .pattern = "/api/v1/audit", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "The audit log in the caller's scope, newest first; personal identifiers masked for "
                      "readers who are not admins of the entry's organization",
           .tag = "audit", .handler = ListAudit, .query = kAuditQuery,
           .response = list_audit});
}

}  // namespace dv::web
