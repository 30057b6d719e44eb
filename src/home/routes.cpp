// Home routes: the home page (what each feature has for the reader), the search box of every page, and
// the JSON document search.
#include <algorithm>

#include "auth/service.h"
#include "core/text.h"
#include "document/search.h"
#include "home/home.h"
#include "member/service.h"
#include "org/service.h"
#include "web/context.h"
#include "web/schema.h"

namespace dv::web {

namespace {

Result<Outcome> Home(Context& ctx) {
    const auto& user = ctx.session()->user;
    boost::json::array grants;
    for (const auto& g : user.grants)
        grants.push_back(boost::json::object{{"role", auth::ToString(g.role)},
                                             {"role_label", ctx.T(std::string("roles.") + auth::ToString(g.role))},
                                             {"org_id", g.org_id},
                                             {"org_name", g.org_name},
                                             {"org_href", auth::RoleAllows(g.role, auth::Permission::kRead)
                                                              ? "/orgs/" + std::to_string(g.org_id)
                                                              : std::string()}});
    // What each feature has for this reader (home/home.h): late things first, then the rest in order.
    boost::json::array todo, figures, links;
    for (auto source : HomeSources()) {
        for (auto& item : source(ctx)) {
            boost::json::object j{{"label", item.label}, {"href", item.href}, {"alert", item.alert}};
            if (!item.value.empty()) j["value"] = item.value;
            if (!item.note.empty()) j["note"] = item.note;
            auto& list = item.kind == HomeItem::Kind::kTodo ? todo : item.kind == HomeItem::Kind::kFigure ? figures : links;
            list.push_back(std::move(j));
        }
    }
    std::stable_partition(todo.begin(), todo.end(), [](const auto& j) { return j.as_object().at("alert").as_bool(); });
    auto today = time::LocalDate(ctx.now(), ctx.app().settings().utc_offset_minutes);
    Outcome o;
    o.model = {{"greeting_name", user.display_name},
               {"today_long", ctx.lang() == "vi" ? time::FormatLongVi(today) : time::FormatLongEn(today)},
               {"today", time::FormatIso(today)},
               {"grants", std::move(grants)},
               {"has_todo", !todo.empty()},
               {"todo", std::move(todo)},
               {"figures", std::move(figures)},
               {"links", std::move(links)}};
    return o;
}

// Text with the matched words marked, for templates: {text, mark} pieces that mustache escapes like any
// other text (no raw HTML in pages).
boost::json::array FragmentsJson(const std::vector<document::search::Fragment>& fragments) {
    boost::json::array out;
    for (const auto& f : fragments) out.push_back(boost::json::object{{"text", f.text}, {"mark", f.mark}});
    return out;
}

// The search box of every page: documents first (full text, without diacritics), then members by name,
// then organizations (name or code) for callers who may list them.
Result<Outcome> Search(Context& ctx) {
    constexpr int kDocuments = 20;
    constexpr int kMembers = 20;
    std::string q = ctx.Query("q");
    const bool searched = !text::Trim(q).empty();
    boost::json::array documents;
    boost::json::array results;
    Outcome o;
    if (searched) {
        auto hits = document::search::Search(ctx.db(), ctx.scope(), q, kDocuments);
        if (!hits.ok() && !hits.error().IsInvalid()) return hits.take_error();
        if (!hits.ok()) {
            o.model["query_error"] = ctx.T(hits.error().field_errors.front().message);
        } else {
            const auto words = document::search::ParseQuery(q);
            for (const auto& h : hits.value()) {
                const auto& d = h.document;
                boost::json::object row{
                    {"href", "/documents/" + std::to_string(d.id)},
                    {"label", FragmentsJson(document::search::Highlight(document::Label(d), words))},
                    {"title", FragmentsJson(h.title)},
                    {"snippet", FragmentsJson(h.snippet)},
                    {"issuer_name", d.issuer_name}};
                if (!d.issued_on.empty()) row["issued_display"] = time::FormatShortViIso(d.issued_on);
                if (d.status == document::Status::kDraft) row["draft"] = true;
                if (!h.snippet.empty()) row["has_snippet"] = true;
                documents.push_back(std::move(row));
            }
            if (documents.size() == kDocuments) o.model["documents_more"] = true;
        }
        if (hits.ok()) {
            // Members by name, diacritics ignored ("pham thi anh"), within what the caller may see: a plain
            // member finds only themselves.
            member::Filter f;
            f.q = std::string(text::Trim(q));
            f.page_size = kMembers;
            auto found = member::List(ctx.db(), ctx.scope(), f, ctx.Today());
            if (!found.ok()) return found.take_error();
            boost::json::array members;
            for (const auto& m : found.value().members)
                members.push_back(boost::json::object{{"label", m.full_name},
                                                      {"detail", m.org_name},
                                                      {"born", time::FormatShortViIso(m.birth_date)},
                                                      {"href", "/members/" + std::to_string(m.id)}});
            o.model["members_count"] = found.value().total;
            // Past member::store::kSearchCountCap the count reads "hơn 1.000" (more than 1,000).
            if (found.value().capped) o.model["members_capped"] = true;
            o.model["members_count_display"] = found.value().capped ? text::GroupThousands(found.value().total)
                                                                    : std::to_string(found.value().total);
            if (found.value().total > kMembers) o.model["members_more"] = true;
            o.model["members"] = std::move(members);
        }
        if (hits.ok() && ctx.scope().AnyAllows(auth::Permission::kRead)) {
            auto orgs = org::Search(ctx.db(), ctx.scope(), std::string(text::Trim(q)), 50);
            if (!orgs.ok()) return orgs.take_error();
            for (const auto& org : orgs.value())
                results.push_back(boost::json::object{{"kind", ctx.T("search.kind_org")},
                                                      {"label", org.name},
                                                      {"detail", org.code},
                                                      {"href", "/orgs/" + std::to_string(org.id)}});
        }
    }
    const size_t count = documents.size() + results.size() +
                         (o.model.contains("members") ? o.model["members"].as_array().size() : 0);
    o.model["q"] = q;
    o.model["searched"] = searched;
    o.model["count"] = count;
    o.model["documents_count"] = documents.size();
    o.model["documents"] = std::move(documents);
    o.model["orgs_count"] = results.size();
    o.model["results"] = std::move(results);
    o.model["show_orgs"] = ctx.scope().AnyAllows(auth::Permission::kRead);
    o.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/search", ctx.T("search.title")}};
    return o;
}

// GET /api/v1/documents/search?q=&limit=: the same document search as JSON.
Result<Outcome> SearchDocuments(Context& ctx) {
    int limit = 20;
    if (std::string l = ctx.Query("limit"); !l.empty()) {
        auto parsed = text::ParseInt(l);
        if (!parsed) return Error::InvalidField("limit", "not_integer", "field.not_integer");
        int64_t n = *parsed;
        if (n < 1) return Error::InvalidField("limit", "out_of_range", "search.limit_range");
        limit = static_cast<int>(std::min<int64_t>(n, document::search::kMaxLimit));
    }
    std::string q = ctx.Query("q");
    DV_ASSIGN_OR_RETURN(auto hits, document::search::Search(ctx.db(), ctx.scope(), q, limit));
    boost::json::array out;
    for (const auto& h : hits) {
        const auto& d = h.document;
        out.push_back(boost::json::object{
            {"id", d.id},
            {"symbol", d.symbol},
            {"type_name", d.type_name},
            {"title", d.title},
            {"issued_on", d.issued_on.empty() ? boost::json::value(nullptr) : boost::json::value(d.issued_on)},
            {"title_html", h.title_html},
            {"snippet", h.snippet_html},
            {"rank", h.rank}});
    }
    Outcome o;
    o.model = {{"q", q}, {"count", out.size()}, {"hits", std::move(out)}};
    return o;
}

}  // namespace

void RegisterHomeRoutes(Router& r) {
    using namespace schema;
    const Schema home_item = Object({{"label", Str()},
                                     {"href", Str()},
                                     {"alert", Bool()},
                                     {"value", Str(), kOptional},
                                     {"note", Str(), kOptional}});
    const Schema fragments = ArrayOf(Object({{"text", Str()}, {"mark", Bool()}}));
    const Schema home = Object(
        {{"greeting_name", Str()},
         {"today_long", Str()},
         {"today", Str()},
         {"grants",
          ArrayOf(Object(
              {{"role", Str()}, {"role_label", Str()}, {"org_id", Int()}, {"org_name", Str()}, {"org_href", Str()}}))},
         {"has_todo", Bool()},
         {"todo", ArrayOf(home_item)},
         {"figures", ArrayOf(home_item)},
         {"links", ArrayOf(home_item)}});
    const Schema search =
        Object({{"q", Str()},
                {"searched", Bool()},
                {"count", Int()},
                {"query_error", Str(), kOptional},
                {"documents_count", Int()},
                {"documents", ArrayOf(Object({{"href", Str()},
                                              {"label", fragments},
                                              {"title", fragments},
                                              {"snippet", fragments},
                                              {"issuer_name", Str()},
                                              {"issued_display", Str(), kOptional},
                                              {"draft", Bool(), kOptional},
                                              {"has_snippet", Bool(), kOptional}}))},
                {"documents_more", Bool(), kOptional},
                {"members_count", Int(), kOptional},
                {"members_capped", Bool(), kOptional},
                {"members_count_display", Str(), kOptional},
                {"members_more", Bool(), kOptional},
                {"members", ArrayOf(Object({{"label", Str()}, {"detail", Str()}, {"born", Str()}, {"href", Str()}})),
                 kOptional},
                {"orgs_count", Int()},
                {"results", ArrayOf(Object({{"kind", Str()}, {"label", Str()}, {"detail", Str()}, {"href", Str()}}))},
                {"show_orgs", Bool()}});
    const Schema search_documents = Object({{"q", Str()},
                                            {"count", Int()},
                                            {"hits", ArrayOf(Object({{"id", Int()},
                                                                     {"symbol", Str()},
                                                                     {"type_name", Str()},
                                                                     {"title", Str()},
                                                                     {"issued_on", Nullable(Str())},
                                                                     {"title_html", Str()},
                                                                     {"snippet", Str()},
                                                                     {"rank", Num()}}))}});
    r.Add({.method = "GET", .pattern = "/", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "home/index", .summary = "home.title", .tag = "home", .handler = Home,
           .response = home});
    r.Add({.method = "GET", .pattern = "/search", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "search/index", .summary = "search.title", .tag = "home", .handler = Search,
           .query = {{"q", "string", false, "words to look for, with or without diacritics"}},
           .response = search});
    // Before the document routes, whose /api/v1/documents/{id} would take "search" for an id.
    r.Add({.method = "GET", .pattern = "/api/v1/documents/search", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Full-text search over the documents the caller may see (title, number, issuer, full text; "
                      "diacritics optional), best first, with snippets: HTML-escaped text, matched words in <mark>",
           .tag = "documents", .handler = SearchDocuments,
           .query = {{"q", "string", true,
                      "words to look for (at most 200 characters); the last word also matches as a prefix"},
                     {"limit", "integer", false, "at most this many hits, 1 to 100 (default 20)"}},
           .response = search_documents});
}

}  // namespace dv::web
