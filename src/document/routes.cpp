// document routes ([3/10]): the registry's pages and API (list with filters, a document with its
// chains of related documents, add/edit with attachments), and reference extraction from a pasted
// text (which links what the registry holds and offers to register what it lacks).
#include <map>
#include <set>

#include "core/text.h"
#include "core/time.h"
#include "core/vn_text.h"
#include "document/distribution.h"
#include "document/refs.h"
#include "document/service.h"
#include "org/service.h"
#include "web/context.h"

namespace dv::web {

namespace {

std::string DocHref(int64_t id) { return "/documents/" + std::to_string(id); }

std::string ShortDate(const std::string& iso) { return iso.empty() ? std::string() : time::FormatShortViIso(iso); }

// A document as lists and chains show it.
boost::json::object Row(Context& ctx, const document::Document& d) {
    auto j = document::ToJson(d, ctx.Today());
    j.erase("body");
    j["href"] = DocHref(d.id);
    j["issued_display"] = ShortDate(d.issued_on);
    bool in_force = document::InForce(d, ctx.Today());
    // A report or a letter is issued, never "in force".
    bool issued_only = d.status == document::Status::kIssued && !document::HasForce(d.type_code);
    j["status_label"] = d.status == document::Status::kDraft ? ctx.T("documents.status.draft")
                        : d.replaced_by                      ? ctx.T("documents.status.replaced")
                        : issued_only                        ? ctx.T("documents.status.issued")
                        : in_force                           ? ctx.T("documents.status.in_force")
                                                             : ctx.T("documents.status.not_in_force");
    j["status_class"] = d.status == document::Status::kDraft ? "draft" : in_force || issued_only ? "ok" : "off";
    return j;
}

// The create-form link for a reference the registry lacks, with what the text says filled in.
std::string CreateHref(const document::Reference& r) {
    std::string href = "/documents/new?symbol=" + http::PercentEncode(r.symbol);
    if (!r.type_code.empty()) href += "&type_code=" + r.type_code;
    if (!r.date.empty()) href += "&issued_on=" + r.date;
    return href;
}

// References found in a text, one entry per document named (a symbol, and its date when given;
// later mentions without a date join the first), with the registered documents that match.
boost::json::array ReferenceList(Context& ctx, std::string_view text) {
    auto found = document::ResolveReferences(ctx.db(), ctx.scope(), text);
    boost::json::array out;
    std::map<std::string, size_t> by_key;  // symbol|date -> index in out
    for (const auto& f : found) {
        const auto& r = f.ref;
        auto it = by_key.find(r.symbol + "|" + r.date);
        if (it == by_key.end() && r.date.empty()) {
            // An undated mention belongs to the first dated one of the same symbol.
            for (const auto& [k, i] : by_key)
                if (k.rfind(r.symbol + "|", 0) == 0) {
                    it = by_key.find(k);
                    break;
                }
        }
        if (it != by_key.end()) {
            auto& e = out[it->second].as_object();
            e["mentions"] = e["mentions"].as_int64() + 1;
            // A later mention may name the type or the date the first did not.
            if (e["type_name"].as_string().empty() && !r.type_name.empty()) e["type_name"] = r.type_name;
            continue;
        }
        boost::json::array matches;
        for (const auto& d : f.matches) matches.push_back(Row(ctx, d));
        std::string type_name = r.type_name;
        if (type_name.empty() && r.abbreviation == "QĐ") type_name = ctx.T("documents.refs.qd_undecided");
        boost::json::object e{{"symbol", r.symbol},
                              {"type_code", r.type_code},
                              {"type_name", type_name},
                              {"issuer_code", r.issuer_code},
                              {"system", r.system},
                              {"date", r.date.empty() ? boost::json::value(nullptr) : boost::json::value(r.date)},
                              {"date_display", ShortDate(r.date)},
                              {"mentions", 1},
                              {"found", !matches.empty()},
                              {"matches", std::move(matches)},
                              {"create_href", CreateHref(r)}};
        by_key.emplace(r.symbol + "|" + r.date, out.size());
        out.push_back(std::move(e));
    }
    return out;
}


boost::json::array TypeOptions(Context& ctx, const std::string& selected) {
    std::vector<std::pair<std::string, std::string>> v;
    for (const auto& t : document::Types(ctx.db())) v.emplace_back(t.code, ctx.lang() == "vi" ? t.name : t.name_en);
    return Options(v, selected);
}

boost::json::array IssuerOptions(Context& ctx, const std::string& selected) {
    std::vector<std::pair<std::string, std::string>> v;
    for (const auto& i : document::Issuers(ctx.db())) v.emplace_back(i.code, i.name + " (" + i.code + ")");
    return Options(v, selected);
}

boost::json::array KeyedOptions(Context& ctx, const char* prefix, std::initializer_list<const char*> codes,
                                const std::string& selected) {
    std::vector<std::pair<std::string, std::string>> v;
    for (const char* c : codes) v.emplace_back(c, ctx.T(std::string(prefix) + c));
    return Options(v, selected);
}

// GET /documents and /api/v1/documents: the register, newest first, with filters.
Result<Outcome> ListPage(Context& ctx) {
    document::store::Filter f;
    f.type_code = ctx.Query("type");
    f.issuer_code = ctx.Query("issuer");
    DV_ASSIGN_OR_RETURN(f.year, IntQuery(ctx, "year"));
    std::string force = ctx.Query("in_force");
    if (force == "yes") f.in_force = true;
    else if (force == "no") f.in_force = false;
    else if (!force.empty()) return Error::InvalidField("in_force", "invalid_choice", "field.invalid_choice");
    DV_ASSIGN_OR_RETURN(auto owner, IntQuery(ctx, "owner"));
    if (owner) f.owner_org_id = *owner;
    f.symbol = ctx.Query("symbol");
    DV_ASSIGN_OR_RETURN(auto page, IntQuery(ctx, "page"));
    f.page = std::max(1, page.value_or(1));
    f.page_size = 30;
    DV_ASSIGN_OR_RETURN(auto result, document::List(ctx.db(), ctx.scope(), f, ctx.Today()));
    boost::json::array rows;
    for (const auto& d : result.documents) rows.push_back(Row(ctx, d));
    int64_t pages = (result.total + f.page_size - 1) / f.page_size;
    Outcome out;
    out.model = {{"documents", std::move(rows)}, {"total", result.total}, {"page", f.page}, {"pages", pages}};
    if (!ctx.json()) {
        out.model["type_options"] = TypeOptions(ctx, f.type_code);
        out.model["issuer_options"] = IssuerOptions(ctx, f.issuer_code);
        out.model["force_options"] = KeyedOptions(ctx, "documents.filter.force_", {"yes", "no"}, force);
        out.model["year"] = f.year ? std::to_string(*f.year) : "";
        out.model["total_display"] = text::GroupThousands(result.total);
        out.model["can_create"] = ctx.scope().AnyAllows(auth::Permission::kWrite);
        std::string base = "/documents?type=" + http::PercentEncode(f.type_code) +
                           "&issuer=" + http::PercentEncode(f.issuer_code) +
                           "&year=" + (f.year ? std::to_string(*f.year) : "") + "&in_force=" + force + "&page=";
        if (f.page > 1) out.model["prev_href"] = base + std::to_string(f.page - 1);
        if (f.page < pages) out.model["next_href"] = base + std::to_string(f.page + 1);
    }
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"", ctx.T("documents.title")}};
    return out;
}

boost::json::object LinkView(Context& ctx, const document::Link& l, bool up) {
    auto j = Row(ctx, l.document);
    j["relation"] = document::ToString(l.kind);
    j["relation_label"] = ctx.T(std::string(up ? "documents.relation.up." : "documents.relation.down.") +
                                document::ToString(l.kind));
    j["depth"] = l.depth;
    j["indirect"] = l.depth > 1;
    j["relation_id"] = l.relation_id;
    if (l.via) j["via_id"] = *l.via;
    return j;
}

// GET /documents/{id} and /api/v1/documents/{id}: the document, its chains both ways, attachments
// and the references its text makes.
Result<Outcome> ShowPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto d, document::Get(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto chains, document::ChainsOf(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto files, document::AttachmentsOf(ctx.db(), ctx.scope(), id));
    bool can_write = document::CanWrite(ctx.db(), ctx.scope(), d);
    auto doc = document::ToJson(d, ctx.Today());
    auto row = Row(ctx, d);
    for (const char* k : {"status_label", "status_class"}) doc[k] = row[k];
    doc["issued_display"] = ShortDate(d.issued_on);
    doc["has_force"] = document::HasForce(d.type_code);
    doc["effective_display"] = ShortDate(d.effective_on.empty() ? d.issued_on : d.effective_on);
    doc["expires_display"] = ShortDate(d.expires_on);
    doc["visibility_label"] = ctx.T(std::string("documents.visibility.") + document::ToString(d.visibility));
    boost::json::array up, down, paths, attachments, direct_up;
    for (const auto& l : chains.up) {
        up.push_back(LinkView(ctx, l, true));
        if (l.depth == 1) direct_up.push_back(LinkView(ctx, l, true));
    }
    for (const auto& l : chains.down) down.push_back(LinkView(ctx, l, false));
    for (const auto& p : chains.paths_up) {
        boost::json::array steps;
        for (size_t i = 0; i < p.size(); ++i)
            steps.push_back(boost::json::object{{"label", document::Label(p[i])},
                                                {"type_name", p[i].type_name},
                                                {"symbol", p[i].symbol},
                                                {"href", DocHref(p[i].id)},
                                                {"current", p[i].id == id},
                                                {"first", i == 0}});
        paths.push_back(boost::json::object{{"steps", std::move(steps)}});
    }
    for (const auto& a : files) {
        auto j = document::ToJson(a);
        j["href"] = DocHref(id) + "/files/" + std::to_string(a.id);
        j["size_display"] = a.size >= 1024 * 1024 ? text::GroupThousands((a.size + 512 * 1024) / (1024 * 1024)) + " MB"
                                                  : text::GroupThousands((a.size + 1023) / 1024) + " KB";
        attachments.push_back(std::move(j));
    }
    Outcome out;
    out.model = {{"document", std::move(doc)},
                 {"up", std::move(up)},
                 {"down", std::move(down)},
                 {"paths_up", std::move(paths)},
                 {"attachments", std::move(attachments)},
                 {"can_write", can_write}};
    if (!ctx.json()) {
        // A plan's tasks (plan/routes.cpp) hang on it.
        if (d.type_code == "plan" && d.status == document::Status::kIssued)
            out.model["plan_href"] = "/plans/" + std::to_string(d.id);
        out.model["has_direct_up"] = !direct_up.empty();
        out.model["direct_up"] = std::move(direct_up);
        out.model["has_attachments"] = !out.model["attachments"].as_array().empty();
        out.model["can_create"] = ctx.scope().AnyAllows(auth::Permission::kWrite);
        // The documents the text names: a writer may record in one click that this one implements them.
        auto refs = ReferenceList(ctx, d.body);
        std::set<int64_t> related{id};
        for (const auto& l : chains.up)
            if (l.depth == 1) related.insert(l.document.id);
        for (auto& r : refs)
            for (auto& m : r.as_object()["matches"].as_array())
                m.as_object()["can_relate"] = can_write && !related.count(m.as_object()["id"].as_int64());
        out.model["references"] = std::move(refs);
        // Where the caller's own units stand on studying it (a member: their cell and committee).
        boost::json::array own;
        if (auto units = document::distribution::OwnUnits(ctx.db(), ctx.scope(), id); units.ok())
            for (const auto& u : *units) {
                std::string status = document::distribution::ToString(document::distribution::StatusOf(u, ctx.Today()));
                own.push_back(boost::json::object{{"org_name", u.org_name},
                                                  {"status", status},
                                                  {"status_label", ctx.T("distribution.status." + status)},
                                                  {"deadline_display", ShortDate(u.deadline)}});
            }
        out.model["has_own_units"] = !own.empty();
        out.model["own_units"] = std::move(own);
        out.model["kind_options"] = KeyedOptions(ctx, "documents.relation.kind.",
                                                 {"implements", "guides", "replaces", "amends", "reports_on"}, "");
        out.model["attachment_limit_mb"] = ctx.app().settings().attachment_limit / (1024 * 1024);
        out.model["values"] = boost::json::object{};
        out.model["errors"] = boost::json::object{};
        if (d.replaced_by) out.model["replaced_href"] = DocHref(*d.replaced_by);
    }
    out.title = document::Label(d);
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/documents", ctx.T("documents.title")}, {"", document::Label(d)}};
    return out;
}

document::Input ReadInput(Context& ctx) {
    auto& in = ctx.input();
    document::Input d;
    // Required fields are checked by the service, with the others, so every problem is named at once.
    d.type_code = in.Str("type_code", false, 0, 40);
    d.symbol = in.Str("symbol", false, 0, 60);
    d.issuer_name = in.Str("issuer_name", false, 0, 200);
    d.issued_on = in.DateForService("issued_on");
    d.effective_on = in.DateForService("effective_on");
    d.expires_on = in.DateForService("expires_on");
    d.title = in.Text("title", false, 0, 1000);
    d.signer = in.Str("signer", false, 0, 200);
    d.body = in.Secret("body", false, 0, 4 * 1024 * 1024);  // kept as typed: line breaks matter
    d.owner_org_id = in.Int("owner_org_id", false);
    d.visibility = in.Str("visibility", false, 0, 20);
    d.status = in.Str("status", false, 0, 20);
    return d;
}

// The units a caller may register documents for: each writable root and the units right under it.
boost::json::array OwnerOptions(Context& ctx, const std::string& selected) {
    std::vector<std::pair<std::string, std::string>> v;
    for (int64_t root : ctx.scope().Roots(auth::Permission::kWrite)) {
        auto o = org::Get(ctx.db(), ctx.scope(), root);
        if (!o.ok()) continue;
        v.emplace_back(std::to_string(o->id), o->name);
        auto children = org::Children(ctx.db(), ctx.scope(), root, ctx.Today());
        if (!children.ok()) continue;
        for (const auto& c : *children)
            if (c.ended_on.empty()) v.emplace_back(std::to_string(c.id), "— " + c.name);
    }
    return Options(v, selected);
}

// The choices of the form, with what was chosen marked: the submitted values when a post is shown
// again with its errors, else `values`.
boost::json::object FormChoices(Context& ctx, boost::json::object values) {
    for (const auto& [k, v] : ctx.input().fields())
        if (v.is_string()) values[k] = v;
    auto str = [&](const char* k) {
        const auto* v = values.if_contains(k);
        return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    return {{"type_options", TypeOptions(ctx, str("type_code"))},
            {"visibility_options", KeyedOptions(ctx, "documents.visibility.", {"internal", "public"},
                                                str("visibility").empty() ? "internal" : str("visibility"))},
            {"status_options", KeyedOptions(ctx, "documents.status.", {"issued", "draft"},
                                            str("status").empty() ? "issued" : str("status"))},
            {"owner_options", OwnerOptions(ctx, str("owner_org_id"))},
            {"issuers", [&] {
                 boost::json::array a;
                 for (const auto& i : document::Issuers(ctx.db())) a.push_back(boost::json::object{{"code", i.code}, {"name", i.name}});
                 return a;
             }()}};
}

// GET /documents/new: the form, filled from the query (a reference found in a text links here).
Result<Outcome> NewForm(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kWrite)) return Error::Forbidden();
    boost::json::object values;
    for (const char* k : {"type_code", "symbol", "issued_on", "title", "issuer_name"}) values[k] = ctx.Query(k);
    // The issuer's name from the symbol, as the registry would fill it.
    if (!ctx.Query("symbol").empty() && ctx.Query("issuer_name").empty()) {
        auto refs = document::ExtractReferences(ctx.Query("symbol"));
        if (refs.size() == 1)
            for (const auto& i : document::Issuers(ctx.db()))
                if (i.code == refs.front().issuer_code) values["issuer_name"] = i.name;
    }
    FormDates(values, {"issued_on"});
    values["status"] = "issued";
    values["visibility"] = ctx.Query("symbol").empty() ? "internal" : "public";
    Outcome out;
    out.model = FormChoices(ctx, values);
    out.model["values"] = std::move(values);
    out.model["errors"] = boost::json::object{};
    out.model["is_new"] = true;
    out.model["action"] = "/documents";
    out.model["prefilled"] = !ctx.Query("symbol").empty();
    out.model["attachment_limit_mb"] = ctx.app().settings().attachment_limit / (1024 * 1024);
    out.title = ctx.T("documents.new_title");
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/documents", ctx.T("documents.title")},
                       {"", ctx.T("documents.new_title")}};
    return out;
}

// POST /documents (a form, which may carry the scan as "file") and /api/v1/documents.
Result<Outcome> Create(Context& ctx) {
    auto in = ReadInput(ctx);
    std::optional<document::NewFile> file;
    if (const UploadedFile* f = ctx.input().File("file"); f && !f->filename.empty()) {
        if (static_cast<int64_t>(f->bytes.size()) > ctx.app().settings().attachment_limit)
            ctx.input().AddError("file", "too_large", "document.error.file_too_large");
        file = document::NewFile{f->filename, f->bytes, ctx.app().settings().FilesDir()};
    }
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto d, document::Create(ctx.db(), ctx.scope(), in, ctx.actor(), ctx.now(), file));
    Outcome out;
    out.status = 201;
    out.model = {{"document", document::ToJson(d, ctx.Today())}};
    out.redirect = DocHref(d.id);
    out.flash = "flash.document_created";
    return out;
}

Result<Outcome> EditForm(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto d, document::Get(ctx.db(), ctx.scope(), id));
    if (!document::CanWrite(ctx.db(), ctx.scope(), d)) return Error::Forbidden("document.error.not_yours");
    boost::json::object values{{"type_code", d.type_code},       {"symbol", d.symbol},
                               {"issuer_name", d.issuer_name},   {"issued_on", d.issued_on},
                               {"effective_on", d.effective_on}, {"expires_on", d.expires_on},
                               {"title", d.title},               {"signer", d.signer},
                               {"body", d.body},                 {"owner_org_id", std::to_string(d.owner_org_id)},
                               {"visibility", document::ToString(d.visibility)},
                               {"status", document::ToString(d.status)}};
    FormDates(values, {"issued_on", "effective_on", "expires_on"});
    Outcome out;
    out.model = FormChoices(ctx, values);
    out.model["values"] = std::move(values);
    out.model["errors"] = boost::json::object{};
    out.model["is_new"] = false;
    out.model["document"] = {{"id", d.id}, {"label", document::Label(d)}};
    out.model["action"] = DocHref(id);
    out.title = ctx.T("documents.edit_title") + ": " + document::Label(d);
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/documents", ctx.T("documents.title")},
                       {DocHref(id), document::Label(d)}, {"", ctx.T("documents.edit_title")}};
    return out;
}

Result<Outcome> Update(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto in = ReadInput(ctx);
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto d, document::Update(ctx.db(), ctx.scope(), id, in, ctx.actor(), ctx.now()));
    Outcome out;
    out.model = {{"document", document::ToJson(d, ctx.Today())}};
    out.redirect = DocHref(id);
    out.flash = "flash.document_updated";
    return out;
}

// POST /documents/{id}/relations: `to_id`, or `to` as a number and symbol ("05-CT/TW"), with `kind`.
Result<Outcome> Relate(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    auto to_id = in.Int("to_id", false);
    std::string to = in.Str("to", false, 0, 60);
    std::string kind = in.Str("kind", true, 0, 20);
    if (!to_id && to.empty()) in.AddError("to", "required", "documents.relation.to_required");
    DV_TRY(in.Finish());
    if (!to_id) {
        auto refs = document::ExtractReferences(to);
        if (refs.size() != 1) return Error::InvalidField("to", "unreadable", "document.error.symbol_unreadable");
        DV_ASSIGN_OR_RETURN(auto page, document::List(ctx.db(), ctx.scope(),
                                                      document::store::Filter{.symbol = refs.front().symbol},
                                                      ctx.Today()));
        if (page.documents.empty()) return Error::InvalidField("to", "not_found", "document.error.related_not_found");
        if (page.documents.size() > 1)
            return Error::InvalidField("to", "ambiguous", "document.error.related_ambiguous");
        to_id = page.documents.front().id;
    }
    DV_ASSIGN_OR_RETURN(auto r, document::Relate(ctx.db(), ctx.scope(), id, *to_id, kind, ctx.actor(), ctx.now()));
    Outcome out;
    out.status = 201;
    out.model = {{"relation", {{"id", r.id}, {"from_id", r.from_id}, {"to_id", r.to_id}, {"kind", document::ToString(r.kind)}}}};
    out.redirect = DocHref(id);
    out.flash = "flash.document_related";
    return out;
}

Result<Outcome> Unrelate(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t rid, ctx.IdParam("rid"));
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto r, document::Unrelate(ctx.db(), ctx.scope(), id, rid, ctx.actor(), ctx.now()));
    Outcome out;
    out.model = {{"relation", {{"id", r.id}, {"from_id", r.from_id}, {"to_id", r.to_id}, {"kind", document::ToString(r.kind)}}}};
    out.redirect = DocHref(id);
    out.flash = "flash.document_unrelated";
    return out;
}

// POST /documents/{id}/files (multipart/form-data, part "file").
Result<Outcome> Attach(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    const UploadedFile* file = in.File("file");
    if (!file || file->filename.empty()) in.AddError("file", "required", "document.error.file_required");
    else if (static_cast<int64_t>(file->bytes.size()) > ctx.app().settings().attachment_limit)
        in.AddError("file", "too_large", "document.error.file_too_large");
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto a, document::Attach(ctx.db(), ctx.scope(), id, file->filename, file->bytes,
                                                 ctx.app().settings().FilesDir(), ctx.actor(), ctx.now()));
    Outcome out;
    out.status = 201;
    out.model = {{"attachment", document::ToJson(a)}};
    out.redirect = DocHref(id);
    out.flash = "flash.document_attached";
    return out;
}

Result<Outcome> Detach(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t fid, ctx.IdParam("fid"));
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto a, document::Detach(ctx.db(), ctx.scope(), id, fid, ctx.actor(), ctx.now()));
    Outcome out;
    out.model = {{"attachment", document::ToJson(a)}};
    out.redirect = DocHref(id);
    out.flash = "flash.document_detached";
    return out;
}

// GET /documents/{id}/files/{fid}: the stored bytes, checked against their hash.
Result<Outcome> Download(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int64_t fid, ctx.IdParam("fid"));
    DV_ASSIGN_OR_RETURN(auto file, document::ReadAttachment(ctx.db(), ctx.scope(), id, fid,
                                                            ctx.app().settings().FilesDir()));
    return NamedFileDownload(std::move(file.second), file.first.content_type, file.first.filename);
}

// GET /documents/refs: the paste box. POST: the references found in the pasted text.
Result<Outcome> RefsPage(Context& ctx) {
    if (!ctx.scope().signed_in()) return Error::Forbidden();
    Outcome out;
    out.model = {{"values", boost::json::object{}}, {"errors", boost::json::object{}}, {"searched", false},
                 {"can_create", ctx.scope().AnyAllows(auth::Permission::kWrite)}};
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/documents", ctx.T("documents.title")},
                       {"", ctx.T("documents.refs.title")}};
    return out;
}

Result<Outcome> RefsResolve(Context& ctx) {
    auto& in = ctx.input();
    std::string text = in.Secret("text", true, 1, 10 * 1024 * 1024);
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto out, RefsPage(ctx));
    auto refs = ReferenceList(ctx, text);
    int64_t missing = 0;
    for (const auto& r : refs) missing += r.as_object().at("found").as_bool() ? 0 : 1;
    out.model["references"] = std::move(refs);
    out.model["count"] = out.model["references"].as_array().size();
    out.model["missing"] = missing;
    out.model["searched"] = true;
    out.model["values"] = {{"text", text}};
    out.template_name = "documents/refs";
    return out;
}

// POST /api/v1/refs/extract {"text": "..."}: the references found, as `dangvu refs extract` prints them.
Result<Outcome> ExtractRefs(Context& ctx) {
    auto& in = ctx.input();
    // A whole report or article: up to the body limit, not the 200 code points of a form field.
    std::string text = in.Text("text", true, 1, 10 * 1024 * 1024);
    DV_TRY(in.Finish());
    Outcome out;
    out.model = {{"references", document::ToJson(document::ExtractReferences(text))}};
    return out;
}

Result<Outcome> ListTypes(Context& ctx) {
    if (!ctx.scope().signed_in()) return Error::Forbidden();
    boost::json::array types, issuers;
    for (const auto& t : document::Types(ctx.db())) types.push_back(document::ToJson(t));
    for (const auto& i : document::Issuers(ctx.db())) issuers.push_back(boost::json::object{{"code", i.code}, {"name", i.name}});
    Outcome out;
    out.model = {{"types", std::move(types)}, {"issuers", std::move(issuers)}};
    return out;
}

const std::vector<FieldSpec> kExtractFields = {{"text", "string", true, "the text to read (UTF-8)"}};
const std::vector<FieldSpec> kDocumentFields = {
    {"type_code", "string", true, "document_types code (GET /api/v1/document-types)"},
    {"symbol", "string", false, "number and symbol as written (\"05-CT/TW\", \"30/2020/NĐ-CP\"); required once issued"},
    {"issuer_name", "string", false, "issuing body; default: the name of the symbol's issuer code"},
    {"issued_on", "string", false, "YYYY-MM-DD; required once issued"},
    {"effective_on", "string", false, "YYYY-MM-DD; default: the day it is issued"},
    {"expires_on", "string", false, "YYYY-MM-DD; default: until replaced"},
    {"title", "string", true, "trích yếu: what the document is about"},
    {"signer", "string", false, "who signed it"},
    {"body", "string", false, "full text"},
    {"owner_org_id", "integer", false, "the unit whose register holds it; default the caller's only writable unit"},
    {"visibility", "string", false, "internal (default: the owner, the units above it and those it is sent to) or public"},
    {"status", "string", false, "issued (default) or draft"}};
// The add form may carry the scan too (multipart/form-data).
const std::vector<FieldSpec> kCreateFormFields = [] {
    auto v = kDocumentFields;
    v.push_back({"file", "file", false, "the document's file: PDF, DOCX, DOC, XLSX, JPEG, PNG or TIFF"});
    return v;
}();
const std::vector<FieldSpec> kRelationFields = {
    {"kind", "string", true, "implements, guides, replaces, amends or reports_on"},
    {"to_id", "integer", false, "the document this one relates to"},
    {"to", "string", false, "or its number and symbol, when only one visible document has it"}};
const std::vector<FieldSpec> kFileFields = {{"file", "file", true, "PDF, DOCX, DOC, XLSX, JPEG, PNG or TIFF"}};
const std::vector<FieldSpec> kListQuery = {
    {"type", "string", false, "document type code"},
    {"issuer", "string", false, "issuer code (TW, ĐUK …)"},
    {"year", "integer", false, "issued that year"},
    {"in_force", "string", false, "yes or no (today)"},
    {"owner", "integer", false, "registered by this unit or one under it"},
    {"symbol", "string", false, "exact normalized number and symbol"},
    {"page", "integer", false, "page number, 30 a page"}};

}  // namespace

void RegisterDocumentRoutes(Router& r) {
    using namespace schema;
    r.AddComponent("Document", Object({{"id", Int()},
                                       {"type_code", Str()},
                                       {"type_name", Str()},
                                       {"system", Str()},
                                       {"symbol", Str()},
                                       {"number", Str()},
                                       {"issuer_code", Str()},
                                       {"issuer_name", Str()},
                                       {"issued_on", Nullable(Str())},
                                       {"effective_on", Nullable(Str())},
                                       {"expires_on", Nullable(Str())},
                                       {"title", Str()},
                                       {"signer", Str()},
                                       {"owner_org_id", Int()},
                                       {"owner_org_name", Str()},
                                       {"visibility", Str()},
                                       {"status", Str()},
                                       {"label", Str()},
                                       {"in_force", Bool()},
                                       {"replaced_by", Nullable(Int())},
                                       {"created_at", Int()},
                                       {"updated_at", Int()},
                                       {"body", Str(), kOptional}}));
    r.AddComponent(
        "DocumentType",
        Object({{"code", Str()}, {"name", Str()}, {"name_en", Str()}, {"abbreviation", Str()}, {"system", Str()}}));
    r.AddComponent("Attachment", Object({{"id", Int()},
                                         {"document_id", Int()},
                                         {"filename", Str()},
                                         {"content_type", Str()},
                                         {"size", Int()},
                                         {"sha256", Str()},
                                         {"created_at", Int()}}));
    r.AddComponent("Reference", Object({{"symbol", Str()},
                                        {"number", Str()},
                                        {"type_code", Nullable(Str())},
                                        {"type_name", Nullable(Str())},
                                        {"abbreviation", Nullable(Str())},
                                        {"issuer_code", Str()},
                                        {"system", Str()},
                                        {"date", Nullable(Str())},
                                        {"start", Int()},
                                        {"end", Int()}}));
    const Schema list_page =
        Object({{"documents",
                 ArrayOf(Extend(
                     Ref("Document"),
                     {{"href", Str()}, {"issued_display", Str()}, {"status_label", Str()}, {"status_class", Str()}}))},
                {"total", Int()},
                {"page", Int()},
                {"pages", Int()}});
    const Schema new_form = Object({{"type_options", Choices()},
                                    {"visibility_options", Choices()},
                                    {"status_options", Choices()},
                                    {"owner_options", Choices()},
                                    {"issuers", ArrayOf(Object({{"code", Str()}, {"name", Str()}}))},
                                    {"values", MapOf(Str())},
                                    {"errors", MapOf(Str())},
                                    {"is_new", Bool()},
                                    {"action", Str()},
                                    {"prefilled", Bool()},
                                    {"attachment_limit_mb", Int()}});
    const Schema create = Object({{"document", Ref("Document")}});
    const Schema refs_page =
        Object({{"values", MapOf(Str())}, {"errors", MapOf(Str())}, {"searched", Bool()}, {"can_create", Bool()}});
    const Schema refs_resolve =
        Object({{"values", MapOf(Str())},
                {"errors", MapOf(Str())},
                {"searched", Bool()},
                {"can_create", Bool()},
                {"references", ArrayOf(Object({{"symbol", Str()},
                                               {"type_code", Str()},
                                               {"type_name", Str()},
                                               {"issuer_code", Str()},
                                               {"system", Str()},
                                               {"date", Nullable(Str())},
                                               {"date_display", Str()},
                                               {"mentions", Int()},
                                               {"found", Bool()},
                                               {"matches", ArrayOf(Extend(Ref("Document"), {{"href", Str()},
                                                                                            {"issued_display", Str()},
                                                                                            {"status_label", Str()},
                                                                                            {"status_class", Str()}}))},
                                               {"create_href", Str()}}))},
                {"count", Int()},
                {"missing", Int()}});
    const Schema extract_refs = Object({{"references", ArrayOf(Ref("Reference"))}});
    const Schema list_types = Object(
        {{"types", ArrayOf(Ref("DocumentType"))}, {"issuers", ArrayOf(Object({{"code", Str()}, {"name", Str()}}))}});
    const Schema show_page =
        Object({{"document", Extend(Ref("Document"), {{"status_label", Str()},
                                                      {"status_class", Str()},
                                                      {"issued_display", Str()},
                                                      {"has_force", Bool()},
                                                      {"effective_display", Str()},
                                                      {"expires_display", Str()},
                                                      {"visibility_label", Str()}})},
                {"up", ArrayOf(Extend(Ref("Document"), {{"href", Str()},
                                                        {"issued_display", Str()},
                                                        {"status_label", Str()},
                                                        {"status_class", Str()},
                                                        {"relation", Str()},
                                                        {"relation_label", Str()},
                                                        {"depth", Int()},
                                                        {"indirect", Bool()},
                                                        {"relation_id", Int()},
                                                        {"via_id", Int(), kOptional}}))},
                {"down", ArrayOf(Extend(Ref("Document"), {{"href", Str()},
                                                          {"issued_display", Str()},
                                                          {"status_label", Str()},
                                                          {"status_class", Str()},
                                                          {"relation", Str()},
                                                          {"relation_label", Str()},
                                                          {"depth", Int()},
                                                          {"indirect", Bool()},
                                                          {"relation_id", Int()},
                                                          {"via_id", Int(), kOptional}}))},
                {"paths_up", ArrayOf(Object({{"steps", ArrayOf(Object({{"label", Str()},
                                                                       {"type_name", Str()},
                                                                       {"symbol", Str()},
                                                                       {"href", Str()},
                                                                       {"current", Bool()},
                                                                       {"first", Bool()}}))}}))},
                {"attachments", ArrayOf(Extend(Ref("Attachment"), {{"href", Str()}, {"size_display", Str()}}))},
                {"can_write", Bool()}});
    const Schema edit_form = Object({{"type_options", Choices()},
                                     {"visibility_options", Choices()},
                                     {"status_options", Choices()},
                                     {"owner_options", Choices()},
                                     {"issuers", ArrayOf(Object({{"code", Str()}, {"name", Str()}}))},
                                     {"values", MapOf(Str())},
                                     {"errors", MapOf(Str())},
                                     {"is_new", Bool()},
                                     {"action", Str()},
                                     {"document", Object({{"id", Int()}, {"label", Str()}})}});
    const Schema relate =
        Object({{"relation", Object({{"id", Int()}, {"from_id", Int()}, {"to_id", Int()}, {"kind", Str()}})}});
    const Schema attach = Object({{"attachment", Ref("Attachment")}});
    r.Add({.method = "GET", .pattern = "/documents", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "documents/list", .summary = "documents.title", .tag = "documents", .handler = ListPage,
           .query = kListQuery,
           .response = list_page});
    r.Add({.method = "GET", .pattern = "/api/v1/documents", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Documents the caller may see, newest first, with filters", .tag = "documents",
           .handler = ListPage, .query = kListQuery,
           .response = list_page});
    r.Add({.method = "GET", .pattern = "/documents/new", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "documents/form", .summary = "documents.new_title", .tag = "documents",
           .handler = NewForm,
           .query = {{"symbol", "string", false, "prefill"}, {"type_code", "string", false, "prefill"},
                     {"issued_on", "string", false, "prefill"}, {"title", "string", false, "prefill"}},
           .response = new_form});
    r.Add({.method = "POST", .pattern = "/documents", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "documents.new_title", .tag = "documents", .handler = Create, .form_template = "documents/form",
           .form_model = NewForm, .body = kCreateFormFields,
           .response = create, .other_statuses = {201}});
    r.Add({.method = "POST", .pattern = "/api/v1/documents", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Register a document", .tag = "documents", .handler = Create, .body = kDocumentFields,
           .success_status = 201,
           .response = create});
    r.Add({.method = "GET", .pattern = "/documents/refs", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "documents/refs", .summary = "documents.refs.title", .tag = "documents",
           .handler = RefsPage,
           .response = refs_page});
    r.Add({.method = "POST", .pattern = "/documents/refs", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "documents.refs.title", .tag = "documents", .handler = RefsResolve,
           .form_template = "documents/refs", .form_model = RefsPage, .body = kExtractFields,
           .response = refs_resolve});
    r.Add({.method = "POST", .pattern = "/api/v1/refs/resolve", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "References in a text, one per document named, with the registered documents they match",
           .tag = "documents", .handler = RefsResolve, .body = kExtractFields,
           .response = refs_resolve});
    r.Add({.method = "POST", .pattern = "/api/v1/refs/extract", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Document references (05-CT/TW, 30/2020/NĐ-CP …) found in a text", .tag = "documents",
           .handler = ExtractRefs, .body = kExtractFields,
           .response = extract_refs});
    r.Add({.method = "GET", .pattern = "/api/v1/document-types", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Document types and issuing bodies (data, not code)", .tag = "documents", .handler = ListTypes,
           .response = list_types});
    r.Add({.method = "GET", .pattern = "/documents/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "documents/show", .summary = "documents.title", .tag = "documents", .handler = ShowPage,
           .response = show_page});
    r.Add({.method = "GET", .pattern = "/api/v1/documents/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "A document with its full text, chains of related documents and attachments",
           .tag = "documents", .handler = ShowPage,
           .response = show_page});
    r.Add({.method = "GET", .pattern = "/documents/{id}/edit", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "documents/form", .summary = "documents.edit_title", .tag = "documents",
           .handler = EditForm,
           .response = edit_form});
    r.Add({.method = "POST", .pattern = "/documents/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "documents.edit_title", .tag = "documents", .handler = Update, .form_template = "documents/form",
           .form_model = EditForm, .body = kDocumentFields,
           .response = create});
    r.Add({.method = "PUT", .pattern = "/api/v1/documents/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Change a document (every field)", .tag = "documents", .handler = Update,
           .body = kDocumentFields,
           .response = create});
    r.Add({.method = "POST", .pattern = "/documents/{id}/relations", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "documents.title", .tag = "documents", .handler = Relate, .form_template = "documents/show",
           .form_model = ShowPage, .body = kRelationFields,
           .response = relate, .other_statuses = {201}});
    r.Add({.method = "POST", .pattern = "/api/v1/documents/{id}/relations", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Relate this document to another (implements, guides …)",
           .tag = "documents", .handler = Relate, .body = kRelationFields, .success_status = 201,
           .response = relate});
    r.Add({.method = "POST", .pattern = "/documents/{id}/relations/{rid}/delete", .kind = Kind::kHtml,
           .access = Access::kSignedIn, .summary = "documents.title", .tag = "documents", .handler = Unrelate,
           .response = relate});
    r.Add({.method = "DELETE", .pattern = "/api/v1/documents/{id}/relations/{rid}", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Remove a relation", .tag = "documents", .handler = Unrelate,
           .response = relate});
    r.Add({.method = "POST", .pattern = "/documents/{id}/files", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "documents.title", .tag = "documents", .handler = Attach, .form_template = "documents/show",
           .form_model = ShowPage, .body = kFileFields,
           .response = attach, .other_statuses = {201}});
    r.Add({.method = "POST", .pattern = "/api/v1/documents/{id}/files", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Attach a file (multipart/form-data)", .tag = "documents",
           .handler = Attach, .body = kFileFields, .success_status = 201,
           .response = attach});
    r.Add({.method = "GET", .pattern = "/documents/{id}/files/{fid}", .kind = Kind::kHtml,
           .access = Access::kSignedIn, .summary = "documents.title", .tag = "documents", .handler = Download,
           .response = File()});
    r.Add({.method = "POST", .pattern = "/documents/{id}/files/{fid}/delete", .kind = Kind::kHtml,
           .access = Access::kSignedIn, .summary = "documents.title", .tag = "documents", .handler = Detach,
           .response = attach});
    r.Add({.method = "DELETE", .pattern = "/api/v1/documents/{id}/files/{fid}", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Remove an attachment", .tag = "documents", .handler = Detach,
           .response = attach});
}

}  // namespace dv::web
