// org routes: the tree and one organization as of any date, as pages and JSON; adding,
// renaming and reorganizing organizations (API).
#include "core/text.h"
#include "core/time.h"
#include <algorithm>
#include <limits>

#include "committee/service.h"
#include "importer/orgs.h"
#include "org/service.h"
#include "web/context.h"

namespace dv::web {

namespace {

std::string Href(int64_t id, const std::string& as_of, const std::string& today) {
    std::string h = "/orgs/" + std::to_string(id);
    if (as_of != today) h += "?as_of=" + as_of;
    return h;
}

// GET /orgs and /api/v1/orgs: the tree as of a date with member counts. The page nests units in
// <details> elements so they expand and collapse without script: the top level opens by default,
// ?expand=all opens everything.
// The most organizations one tree page shows: at national scale (tens of thousands) the page shows
// the levels that fit, and each unit whose own units were cut links to its own view (?under=ID).
constexpr size_t kTreePageLimit = 1500;
// The JSON tree gives children on demand: ?under=ID (default: the caller's top organizations) and
// ?depth=N levels below it (default 1), or ?all=1 for every level; either way in pages of
// ?page_size nodes (default 500, at most 5,000) in tree order, so a node with thousands of units
// never comes back in one response.
constexpr int kTreeDepthDefault = 1;
constexpr int kTreePageSizeDefault = 500;
constexpr int kTreePageSizeMax = 5000;

Result<Outcome> ListOrgs(Context& ctx) {
    DV_ASSIGN_OR_RETURN(std::string as_of, AsOfQuery(ctx));
    std::string today = ctx.Today();
    DV_ASSIGN_OR_RETURN(std::optional<int64_t> under, IdQuery(ctx, "under"));
    DV_ASSIGN_OR_RETURN(auto depth, IntQuery(ctx, "depth"));
    DV_ASSIGN_OR_RETURN(auto page, IntQuery(ctx, "page"));
    DV_ASSIGN_OR_RETURN(auto page_size, IntQuery(ctx, "page_size"));
    const bool every_level = ctx.Query("all") == "1";
    org::TreeWindow window;
    int64_t total_nodes = 0;
    const int page_number = std::max(1, page.value_or(1));
    const int size = std::clamp(page_size.value_or(kTreePageSizeDefault), 1, kTreePageSizeMax);
    if (ctx.json()) {
        DV_ASSIGN_OR_RETURN(window, org::DescendWindow(ctx.db(), ctx.scope(), as_of, as_of == today, under,
                                                       every_level ? std::nullopt
                                                                   : std::optional<int>(depth.value_or(kTreeDepthDefault))));
        total_nodes = static_cast<int64_t>(window.nodes.size());
        size_t from = std::min(window.nodes.size(), static_cast<size_t>(page_number - 1) * static_cast<size_t>(size));
        size_t to = std::min(window.nodes.size(), from + static_cast<size_t>(size));
        window.nodes = std::vector<org::TreeNode>(std::make_move_iterator(window.nodes.begin() + static_cast<long>(from)),
                                                  std::make_move_iterator(window.nodes.begin() + static_cast<long>(to)));
        window.hidden = std::vector<int64_t>(window.hidden.begin() + static_cast<long>(from),
                                             window.hidden.begin() + static_cast<long>(to));
    } else {
        DV_ASSIGN_OR_RETURN(window, org::PageWindow(ctx.db(), ctx.scope(), as_of, as_of == today, under, kTreePageLimit));
    }
    // Counts only for what is shown, from the roll-up aggregates.
    org::CountMembers(ctx.db(), window.nodes, as_of);
    const auto& nodes = window.nodes;
    bool expand_all = ctx.Query("expand") == "all";
    std::string suffix = as_of == today ? "" : "as_of=" + as_of;
    boost::json::array list;
    for (size_t i = 0; i < nodes.size(); ++i) {
        const auto& o = nodes[i].org;
        auto j = org::ToJson(o);
        j["href"] = Href(o.id, as_of, today);
        j["depth"] = o.depth;
        j["members"] = nodes[i].own;
        j["subtree_members"] = nodes[i].total;
        if (ctx.json()) j["units"] = window.hidden[i];
        if (!ctx.json()) {
            int next_depth = i + 1 < nodes.size() ? nodes[i + 1].org.depth : 0;
            bool has_children = next_depth > o.depth;
            j["has_children"] = has_children;
            j["open"] = expand_all || o.depth == 0;
            j["members_display"] = text::GroupThousands(nodes[i].total);
            if (window.hidden[i] > 0) {
                j["more_href"] = "/orgs?under=" + std::to_string(o.id) + (suffix.empty() ? "" : "&" + suffix);
                j["more_count"] = text::GroupThousands(window.hidden[i]);
            }
            // A leaf closes the units it was the last of: one </ul></details></li> per level it ends.
            boost::json::array closes;
            for (int d = o.depth; !has_children && d > next_depth; --d) closes.push_back(boost::json::object{});
            j["closes"] = std::move(closes);
        }
        list.push_back(std::move(j));
    }
    Outcome out;
    std::string here = "/orgs?" + (under ? "under=" + std::to_string(*under) + "&" : std::string()) +
                       (suffix.empty() ? "" : suffix + "&");
    out.model = {{"orgs", std::move(list)},
                 {"as_of", as_of},
                 {"as_of_display", time::FormatShortViIso(as_of)},
                 {"is_today", as_of == today},
                 {"expand_all", expand_all},
                 {"cut", window.cut},
                 {"expand_href", here + "expand=all"},
                 {"collapse_href", here.substr(0, here.size() - 1)}};
    if (ctx.json()) {
        out.model["total"] = total_nodes;
        out.model["page"] = page_number;
        out.model["page_size"] = size;
    }
    if (under && !nodes.empty()) {
        out.model["under_name"] = nodes.front().org.name;
        out.model["whole_href"] = "/orgs" + (suffix.empty() ? "" : "?" + suffix);
    }
    out.model["can_import"] = importer::MayImportOrgs(ctx.scope());
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/orgs", ctx.T("orgs.title")}};
    return out;
}

Result<Outcome> ShowOrg(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(std::string as_of, AsOfQuery(ctx));
    std::string today = ctx.Today();
    // The organization as it was then; if it did not exist yet (or any more) then, as it is now.
    auto then = org::GetAsOf(ctx.db(), ctx.scope(), id, as_of);
    if (!then.ok() && !then.error().IsNotFound()) return then.take_error();
    org::Org o;
    if (then.ok()) {
        o = then.value();
    } else {
        DV_ASSIGN_OR_RETURN(o, org::Get(ctx.db(), ctx.scope(), id));
    }
    DV_ASSIGN_OR_RETURN(auto children, org::Children(ctx.db(), ctx.scope(), id, as_of));
    DV_ASSIGN_OR_RETURN(auto history, org::HistoryOf(ctx.db(), ctx.scope(), id));
    auto j = org::ToJson(o);
    // The parent is linked only when the caller may see it.
    if (o.parent_id && org::Get(ctx.db(), ctx.scope(), *o.parent_id).ok()) {
        j["parent_href"] = Href(*o.parent_id, as_of, today);
        j["parent_name"] = o.parent_name;
    }
    j["existed_then"] = then.ok();
    j["founded_display"] = time::FormatShortViIso(o.founded_on);
    if (!o.ended_on.empty()) j["ended_display"] = time::FormatShortViIso(o.ended_on);
    boost::json::array kids;
    for (const auto& c : children) {
        auto k = org::ToJson(c);
        k["href"] = Href(c.id, as_of, today);
        kids.push_back(std::move(k));
    }
    boost::json::array versions;
    for (const auto& v : history.versions) {
        auto vj = org::ToJson(v);
        vj["from_display"] = time::FormatShortViIso(v.valid_from);
        vj["to_display"] = v.valid_to.empty() ? ctx.T("orgs.until_now") : time::FormatShortViIso(v.valid_to);
        vj["current"] = v.valid_from <= as_of && (v.valid_to.empty() || v.valid_to > as_of);
        versions.push_back(std::move(vj));
    }
    boost::json::array events;
    for (const auto& e : history.events) {
        auto ej = org::ToJson(e);
        ej["date_display"] = time::FormatShortViIso(e.effective_on);
        ej["kind_label"] = ctx.T(std::string("orgs.events.") + org::ToString(e.kind));
        // Another organization's event that concerns this one: a unit founded, moved in or merged in.
        if (e.org_id != id) {
            ej["kind_label"] = ctx.T(std::string("orgs.events.in_") + org::ToString(e.kind));
            ej["subject_name"] = e.org_name;
            ej["subject_href"] = Href(e.org_id, as_of, today);
        }
        events.push_back(std::move(ej));
    }
    DV_ASSIGN_OR_RETURN(auto seats, committee::OfOrg(ctx.db(), ctx.scope(), id, as_of));
    boost::json::array committee;
    for (const auto& p : seats) {
        auto pj = committee::ToJson(p);
        pj["member_href"] = "/members/" + std::to_string(p.member_id);
        pj["from_display"] = time::FormatShortViIso(p.from_date);
        committee.push_back(std::move(pj));
    }
    bool can_write = org::CanWrite(ctx.db(), ctx.scope(), id);
    Outcome out;
    out.model = {{"org", std::move(j)},      {"children", std::move(kids)},   {"versions", std::move(versions)},
                 {"events", std::move(events)}, {"as_of", as_of},             {"as_of_display", time::FormatShortViIso(as_of)},
                 {"is_today", as_of == today}, {"ended", !o.ended_on.empty()},
                 {"committee", std::move(committee)}, {"can_write", can_write},
                 {"can_change", can_write && o.ended_on.empty()}};
    out.title = o.name;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/orgs", ctx.T("orgs.title")}, {"/orgs/" + std::to_string(id), o.name}};
    return out;
}

Result<Outcome> CreateOrg(Context& ctx) {
    auto& in = ctx.input();
    org::NewOrg n{in.Int("parent_id", false),       in.Str("code", false, 0, 32),  in.Str("name", false, 0, 200),
                  in.Str("type", false, 0, 40),      in.DateForService("founded_on"), in.Str("decision", false, 0, 300)};
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto o, org::Create(ctx.db(), ctx.scope(), n, ctx.actor(), ctx.now(), ctx.Today()));
    Outcome out;
    out.status = 201;
    out.model = {{"org", org::ToJson(o)}};
    out.redirect = "/orgs/" + std::to_string(o.id);
    return out;
}

// A form choice: the submitted value when the form is shown again, else the query string's.
std::string Chosen(Context& ctx, const char* name) {
    auto it = ctx.input().fields().find(name);
    if (it != ctx.input().fields().end()) {
        if (it->value().is_string()) return std::string(it->value().get_string());
        if (it->value().is_int64()) return std::to_string(it->value().get_int64());
    }
    return ctx.Query(name);
}

Result<Outcome> SplitFromJson(Context& ctx, int64_t id);

Result<Outcome> Reorganize(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    if (!in.from_form() && Chosen(ctx, "kind") == "split") return SplitFromJson(ctx, id);
    org::Reorganization r{in.Str("kind", false, 0, 20),     in.DateForService("effective_on"),
                          in.Str("name", false, 0, 200),    in.Int("parent_id", false),
                          in.Str("type", false, 0, 40),     in.Int("into_id", false),
                          in.Str("decision", false, 0, 300)};
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto event, org::Reorganize(ctx.db(), ctx.scope(), id, r, ctx.actor(), ctx.now(), ctx.Today()));
    DV_ASSIGN_OR_RETURN(auto o, org::Get(ctx.db(), ctx.scope(), id));
    Outcome out;
    out.status = 201;
    out.model = {{"event", org::ToJson(event)}, {"org", org::ToJson(o)}};
    out.redirect = "/orgs/" + std::to_string(id);
    out.flash = "flash.org_reorganized";
    return out;
}

// PATCH: a new name and/or type from today (or `effective_on`), each as its own dated event.
Result<Outcome> PatchOrg(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    std::string name = in.Str("name", false, 0, 200);
    std::string type = in.Str("type", false, 0, 40);
    std::string date = in.DateForService("effective_on");
    std::string decision = in.Str("decision", false, 0, 300);
    if (name.empty() && type.empty()) in.AddError("name", "required", "field.required");
    DV_TRY(in.Finish());
    // Both changes commit together or not at all.
    db::Transaction tx(ctx.db());
    if (!name.empty()) {
        DV_TRY(org::Reorganize(ctx.db(), ctx.scope(), id, {"rename", date, name, std::nullopt, "", std::nullopt, decision},
                               ctx.actor(), ctx.now(), ctx.Today()));
    }
    if (!type.empty()) {
        DV_TRY(org::Reorganize(ctx.db(), ctx.scope(), id, {"retype", date, "", std::nullopt, type, std::nullopt, decision},
                               ctx.actor(), ctx.now(), ctx.Today()));
    }
    tx.Commit();
    DV_ASSIGN_OR_RETURN(auto o, org::Get(ctx.db(), ctx.scope(), id));
    Outcome out;
    out.model = {{"org", org::ToJson(o)}};
    out.redirect = "/orgs/" + std::to_string(id);
    return out;
}

Result<Outcome> ListTypes(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kRead)) return Error::Forbidden();
    boost::json::array types;
    for (const auto& t : org::Types(ctx.db()))
        types.push_back(boost::json::object{{"code", t.code},
                                            {"name", t.name},
                                            {"name_en", t.name_en},
                                            {"level", t.level},
                                            {"grassroots", t.grassroots},
                                            {"holds_members", t.holds_members}});
    Outcome out;
    out.model = {{"types", std::move(types)}};
    return out;
}

// GET /orgs/{id}/reorganize: the form, with what a merge or dissolution would carry along.
Result<Outcome> ReorganizeForm(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    // Write permission first: a role that may never reorganize gets 403 whatever the organization.
    DV_ASSIGN_OR_RETURN(auto impact, org::ImpactOf(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto o, org::Get(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto all, org::List(ctx.db(), ctx.scope()));
    std::vector<std::pair<std::string, std::string>> kinds;
    for (const char* k : {"rename", "move", "retype", "merge", "dissolve"})
        kinds.emplace_back(k, ctx.T(std::string("orgs.events.") + k));
    std::vector<std::pair<std::string, std::string>> types;
    for (const auto& t : org::Types(ctx.db())) types.emplace_back(t.code, t.name);
    auto targets = [&](const char* field) {
        boost::json::array out;
        std::string chosen = Chosen(ctx, field);
        for (const auto& t : all) {
            if (t.id == id) continue;
            std::string indent;
            for (int i = 0; i < t.depth; ++i) indent += "\u00a0\u00a0\u00a0";
            out.push_back(boost::json::object{
                {"id", std::to_string(t.id)}, {"label", indent + t.name}, {"selected", std::to_string(t.id) == chosen}});
        }
        return out;
    };
    boost::json::array units;
    for (const auto& u : impact.units) units.push_back(boost::json::object{{"name", u.name}, {"code", u.code}});
    Outcome out;
    out.model = {{"org", org::ToJson(o)},
                 {"kinds", Options(kinds, Chosen(ctx, "kind"))},
                 {"types", Options(types, Chosen(ctx, "type").empty() ? o.type_code : Chosen(ctx, "type"))},
                 {"parents", targets("parent_id")},
                 {"intos", targets("into_id")},
                 {"today", ctx.Today()},
                 {"impact_units", std::move(units)},
                 {"impact_members", impact.members},
                 {"values", boost::json::object{}},
                 {"errors", boost::json::object{}}};
    out.title = ctx.T("orgs.reorganize_title") + ": " + o.name;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/orgs", ctx.T("orgs.title")},
                       {"/orgs/" + std::to_string(id), o.name}, {"", ctx.T("orgs.reorganize_title")}};
    return out;
}

Outcome SplitDone(Context& ctx, const org::SplitResult& r) {
    boost::json::array parts;
    for (const auto& p : r.parts) parts.push_back(org::ToJson(p));
    Outcome out;
    out.status = 201;
    out.model = {{"event", org::ToJson(r.event)}, {"parts", std::move(parts)}};
    out.redirect = "/orgs/" + std::to_string(r.parts.front().id);
    out.flash = "flash.org_split";
    (void)ctx;
    return out;
}

std::vector<int64_t> IdArray(Input& in, const boost::json::value* v, const std::string& field) {
    std::vector<int64_t> ids;
    if (!v || v->is_null()) return ids;
    if (!v->is_array()) {
        in.AddError(field, "not_array", "field.not_array");
        return ids;
    }
    for (const auto& x : v->get_array()) {
        if (x.is_int64()) ids.push_back(x.get_int64());
        else in.AddError(field, "not_integer", "field.not_integer");
    }
    return ids;
}

// POST /api/v1/orgs/{id}/reorganize with kind "split": parts is an array of
// {code, name, type?, members?: [member ids], units?: [organization ids]}.
Result<Outcome> SplitFromJson(Context& ctx, int64_t id) {
    auto& in = ctx.input();
    org::Split split;
    split.effective_on = in.DateForService("effective_on");
    split.decision = in.Str("decision", false, 0, 300);
    const auto* parts = in.fields().if_contains("parts");
    if (!parts || !parts->is_array()) {
        in.AddError("parts", parts ? "not_array" : "required", parts ? "field.not_array" : "field.required");
    } else {
        for (size_t i = 0; i < parts->get_array().size(); ++i) {
            const auto& p = parts->get_array()[i];
            std::string at = "parts[" + std::to_string(i) + "].";
            if (!p.is_object()) {
                in.AddError("parts[" + std::to_string(i) + "]", "not_object", "field.not_object");
                continue;
            }
            Input part(p.get_object(), false);
            org::SplitPart sp;
            sp.code = part.Str("code", false, 0, 32);
            sp.name = part.Str("name", false, 0, 200);
            sp.type_code = part.Str("type", false, 0, 40);
            sp.members = IdArray(in, p.get_object().if_contains("members"), at + "members");
            sp.units = IdArray(in, p.get_object().if_contains("units"), at + "units");
            auto st = part.Finish();
            if (!st.ok())
                for (const auto& fe : st.error().field_errors) in.AddError(at + fe.field, fe.code, fe.message);
            split.parts.push_back(std::move(sp));
        }
    }
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto r, org::SplitOrg(ctx.db(), ctx.scope(), id, split, ctx.actor(), ctx.now(), ctx.Today()));
    return SplitDone(ctx, r);
}

constexpr int kSplitFormParts = 3;

// GET /orgs/{id}/split: up to three new units, and for each member and unit a choice of where it goes.
Result<Outcome> SplitForm(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto impact, org::ImpactOf(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto o, org::Get(ctx.db(), ctx.scope(), id));
    std::vector<std::pair<std::string, std::string>> types;
    for (const auto& t : org::Types(ctx.db())) types.emplace_back(t.code, t.name);
    boost::json::array parts;
    for (int k = 1; k <= kSplitFormParts; ++k) {
        std::string n = std::to_string(k);
        std::string type = Chosen(ctx, ("part" + n + "_type").c_str());
        parts.push_back(boost::json::object{{"n", n},
                                            {"optional", k > 2},
                                            {"code", Chosen(ctx, ("part" + n + "_code").c_str())},
                                            {"name", Chosen(ctx, ("part" + n + "_name").c_str())},
                                            {"types", Options(types, type.empty() ? o.type_code : type)}});
    }
    auto choices = [&](const std::string& field) {
        std::string chosen = Chosen(ctx, field.c_str());
        boost::json::array out;
        for (int k = 1; k <= kSplitFormParts; ++k) {
            std::string n = std::to_string(k);
            out.push_back(boost::json::object{{"value", n}, {"label", ctx.T("orgs.split_part") + " " + n},
                                              {"selected", chosen == n || (chosen.empty() && k == 1)}});
        }
        return out;
    };
    boost::json::array members, units;
    for (const auto& m : impact.member_list) {
        std::string field = "member_" + std::to_string(m.id);
        members.push_back(boost::json::object{{"field", field}, {"name", m.name}, {"choices", choices(field)}});
    }
    for (const auto& u : impact.units) {
        std::string field = "unit_" + std::to_string(u.id);
        units.push_back(boost::json::object{{"field", field}, {"name", u.name}, {"code", u.code},
                                            {"choices", choices(field)}});
    }
    Outcome out;
    out.model = {{"org", org::ToJson(o)}, {"parts", std::move(parts)}, {"has_members", !members.empty()},
                 {"has_units", !units.empty()}, {"members", std::move(members)}, {"units", std::move(units)}, {"today", ctx.Today()}, {"values", boost::json::object{}},
                 {"errors", boost::json::object{}}};
    out.title = ctx.T("orgs.split_title") + ": " + o.name;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/orgs", ctx.T("orgs.title")},
                       {"/orgs/" + std::to_string(id), o.name}, {"", ctx.T("orgs.split_title")}};
    return out;
}

// POST /orgs/{id}/split: the form's fields part1_code, part1_name, part1_type (… part3_*), and
// member_<id> / unit_<id> = the part number. A third part counts only when its code or name is filled.
Result<Outcome> SplitSubmit(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    org::Split split;
    split.effective_on = in.DateForService("effective_on");
    split.decision = in.Str("decision", false, 0, 300);
    for (int k = 1; k <= kSplitFormParts; ++k) {
        std::string n = "part" + std::to_string(k) + "_";
        org::SplitPart p{in.Str(n + "code", false, 0, 32), in.Str(n + "name", false, 0, 200),
                         in.Str(n + "type", false, 0, 40), {}, {}};
        if (k > 2 && p.code.empty() && p.name.empty()) continue;
        split.parts.push_back(std::move(p));
    }
    for (const auto& [key, value] : in.fields()) {
        std::string k(key);
        bool is_member = k.rfind("member_", 0) == 0, is_unit = k.rfind("unit_", 0) == 0;
        if ((!is_member && !is_unit) || !value.is_string()) continue;
        auto ref = text::ParseInt(std::string_view(k).substr(is_member ? 7 : 5));
        auto part = text::ParseInt(value.get_string());
        if (!ref || !part) {
            in.AddError(k, "invalid_choice", "field.invalid_choice");
            continue;
        }
        if (*part < 1 || *part > static_cast<int64_t>(split.parts.size())) {
            in.AddError(k, "invalid_choice", "field.split_part_missing");
            continue;
        }
        auto& target = split.parts[static_cast<size_t>(*part - 1)];
        (is_member ? target.members : target.units).push_back(*ref);
    }
    DV_TRY(in.Finish());
    auto r = org::SplitOrg(ctx.db(), ctx.scope(), id, split, ctx.actor(), ctx.now(), ctx.Today());
    if (!r.ok()) {
        // "parts[0].code" is the form's part1_code.
        Error e = r.take_error();
        for (auto& fe : e.field_errors) {
            if (fe.field.rfind("parts[", 0) != 0) continue;
            size_t close = fe.field.find(']');
            int k = std::stoi(fe.field.substr(6, close - 6)) + 1;
            std::string rest = close + 2 <= fe.field.size() ? fe.field.substr(close + 2) : "";
            fe.field = "part" + std::to_string(k) + "_" + (rest.empty() ? "code" : rest);
        }
        return e;
    }
    return SplitDone(ctx, r.value());
}

const std::vector<FieldSpec> kOrgFields = {{"parent_id", "integer", true, "parent organization"},
                                           {"code", "string", true, "unique short code"},
                                           {"name", "string", true, "full name"},
                                           {"type", "string", true, "org_types code (GET /api/v1/org-types)"},
                                           {"founded_on", "string", false, "YYYY-MM-DD, default today"},
                                           {"decision", "string", false, "the founding decision"}};
const std::vector<FieldSpec> kReorgFields = {
    {"kind", "string", true, "rename, move, retype, merge, split or dissolve"},
    {"effective_on", "string", false, "YYYY-MM-DD, default today; not before the last change, not in the future"},
    {"name", "string", false, "rename: the new name"},
    {"parent_id", "integer", false, "move: the new parent"},
    {"type", "string", false, "retype: the new type"},
    {"into_id", "integer", false, "merge: the organization that absorbs this one and its units"},
    {"parts", "array", false,
     "split: two or more {code, name, type?, members?: [member ids], units?: [organization ids]}; members and "
     "units not listed go to the first part"},
    {"decision", "string", false, "the decision that ordered it"}};
const std::vector<FieldSpec> kPatchFields = {{"name", "string", false, "new name"},
                                             {"type", "string", false, "new type"},
                                             {"effective_on", "string", false, "YYYY-MM-DD, default today"},
                                             {"decision", "string", false, "the decision that ordered it"}};
const std::vector<FieldSpec> kAsOf = {{"as_of", "string", false, "YYYY-MM-DD: the tree as it was that day"}};
const std::vector<FieldSpec> kTreeQuery = {
    {"as_of", "string", false, "YYYY-MM-DD: the tree as it was that day"},
    {"under", "integer", false, "only this organization's subtree (JSON default: the caller's top organizations)"},
    {"depth", "integer", false, "JSON: levels below the top to include (default 1)"},
    {"all", "string", false, "JSON: 1 for every level (still paged)"},
    {"page", "integer", false, "JSON: page of nodes in tree order (default 1)"},
    {"page_size", "integer", false, "JSON: nodes per page (default 500, at most 5000)"}};

}  // namespace

void RegisterOrgRoutes(Router& r) {
    using namespace schema;
    r.AddComponent("Org", Object({{"id", Int()},
                                  {"code", Str()},
                                  {"name", Str()},
                                  {"type", Str()},
                                  {"type_name", Str()},
                                  {"founded_on", Str()},
                                  {"parent_id", Nullable(Int())},
                                  {"ended_on", Nullable(Str())}}));
    r.AddComponent("OrgVersion", Object({{"valid_from", Str()},
                                         {"valid_to", Nullable(Str())},
                                         {"name", Str()},
                                         {"type", Str()},
                                         {"parent_id", Nullable(Int())},
                                         {"parent_name", Str()},
                                         {"event_id", Nullable(Int())}}));
    r.AddComponent("OrgEvent", Object({{"id", Int()},
                                       {"kind", Str()},
                                       {"effective_on", Str()},
                                       {"org_id", Int()},
                                       {"details", Nullable(AnyObject())},
                                       {"decision", Nullable(Str())},
                                       {"target_id", Nullable(Int())}}));
    const Schema list_orgs = Object(
        {{"orgs", ArrayOf(Extend(Ref("Org"),
                                 {{"href", Str()},
                                  {"depth", Int()},
                                  {"members", Int()},
                                  {"subtree_members", Int()},
                                  {"units", Int(), kOptional}}))},
         {"as_of", Str()},
         {"as_of_display", Str()},
         {"is_today", Bool()},
         {"expand_all", Bool()},
         {"cut", Bool()},
         {"expand_href", Str()},
         {"collapse_href", Str()},
         {"total", Int(), kOptional},
         {"page", Int(), kOptional},
         {"page_size", Int(), kOptional},
         {"under_name", Str(), kOptional},
         {"whole_href", Str(), kOptional},
         {"can_import", Bool()}});
    const Schema show_org = Object(
        {{"org", Extend(Ref("Org"), {{"parent_href", Str(), kOptional},
                                     {"parent_name", Str(), kOptional},
                                     {"existed_then", Bool()},
                                     {"founded_display", Str()},
                                     {"ended_display", Str(), kOptional}})},
         {"children", ArrayOf(Extend(Ref("Org"), {{"href", Str()}}))},
         {"versions",
          ArrayOf(Extend(Ref("OrgVersion"), {{"from_display", Str()}, {"to_display", Str()}, {"current", Bool()}}))},
         {"events", ArrayOf(Extend(Ref("OrgEvent"), {{"date_display", Str()},
                                                     {"kind_label", Str()},
                                                     {"subject_name", Str(), kOptional},
                                                     {"subject_href", Str(), kOptional}}))},
         {"as_of", Str()},
         {"as_of_display", Str()},
         {"is_today", Bool()},
         {"ended", Bool()},
         {"committee", ArrayOf(Extend(Ref("CommitteeSeat"), {{"member_href", Str()}, {"from_display", Str()}}))},
         {"can_write", Bool()},
         {"can_change", Bool()}});
    const Schema create_org = Object({{"org", Ref("Org")}});
    const Schema patch_org = Object({{"org", Ref("Org")}});
    const Schema reorganize =
        Object({{"event", Ref("OrgEvent")}, {"org", Ref("Org"), kOptional}, {"parts", ArrayOf(Ref("Org")), kOptional}});
    const Schema reorganize_form =
        Object({{"org", Ref("Org")},
                {"kinds", Choices()},
                {"types", Choices()},
                {"parents", ArrayOf(Object({{"id", Str()}, {"label", Str()}, {"selected", Bool()}}))},
                {"intos", ArrayOf(Object({{"id", Str()}, {"label", Str()}, {"selected", Bool()}}))},
                {"today", Str()},
                {"impact_units", ArrayOf(Object({{"name", Str()}, {"code", Str()}}))},
                {"impact_members", Int()},
                {"values", MapOf(Str())},
                {"errors", MapOf(Str())}});
    const Schema split_form = Object(
        {{"org", Ref("Org")},
         {"parts", ArrayOf(Object(
                       {{"n", Str()}, {"optional", Bool()}, {"code", Str()}, {"name", Str()}, {"types", Choices()}}))},
         {"has_members", Bool()},
         {"has_units", Bool()},
         {"members", ArrayOf(Object({{"field", Str()}, {"name", Str()}, {"choices", Choices()}}))},
         {"units", ArrayOf(Object({{"field", Str()}, {"name", Str()}, {"code", Str()}, {"choices", Choices()}}))},
         {"today", Str()},
         {"values", MapOf(Str())},
         {"errors", MapOf(Str())}});
    const Schema list_types = Object({{"types", ArrayOf(Object({{"code", Str()},
                                                                {"name", Str()},
                                                                {"name_en", Str()},
                                                                {"level", Int()},
                                                                {"grassroots", Bool()},
                                                                {"holds_members", Bool()}}))}});
    const Schema split_submit = Object({{"event", Ref("OrgEvent")}, {"parts", ArrayOf(Ref("Org"))}});
    r.Add({.method = "GET", .pattern = "/orgs", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "orgs/list", .summary = "orgs.title", .tag = "orgs", .handler = ListOrgs, .query = kTreeQuery,
           .response = list_orgs});
    r.Add({.method = "GET", .pattern = "/api/v1/orgs", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Organizations the caller may see, in tree order, as of a date: children on demand with subtree "
                      "member counts (?under=&depth=, paged)",
           .tag = "orgs",
           .handler = ListOrgs, .query = kTreeQuery,
           .response = list_orgs});
    r.Add({.method = "GET", .pattern = "/orgs/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "orgs/show", .summary = "orgs.title", .tag = "orgs", .handler = ShowOrg, .query = kAsOf,
           .response = show_org});
    r.Add({.method = "GET", .pattern = "/api/v1/orgs/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "One organization as of a date, its units then, and its whole history", .tag = "orgs",
           .handler = ShowOrg, .query = kAsOf,
           .response = show_org});
    r.Add({.method = "POST", .pattern = "/api/v1/orgs", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Add an organization under one the caller may write", .tag = "orgs", .handler = CreateOrg,
           .body = kOrgFields, .success_status = 201,
           .response = create_org});
    r.Add({.method = "PATCH", .pattern = "/api/v1/orgs/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Rename or retype an organization (dated events)", .tag = "orgs", .handler = PatchOrg,
           .body = kPatchFields,
           .response = patch_org});
    r.Add({.method = "POST", .pattern = "/api/v1/orgs/{id}/reorganize", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "A dated reorganization: rename, move, retype, merge, split, dissolve",
           .tag = "orgs", .handler = Reorganize, .body = kReorgFields, .success_status = 201,
           .response = reorganize});
    r.Add({.method = "GET", .pattern = "/orgs/{id}/reorganize", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "orgs/reorganize", .summary = "orgs.reorganize_title", .tag = "orgs",
           .handler = ReorganizeForm,
           .response = reorganize_form});
    r.Add({.method = "POST", .pattern = "/orgs/{id}/reorganize", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "orgs.reorganize_title", .tag = "orgs", .handler = Reorganize, .form_template = "orgs/reorganize",
           .form_model = ReorganizeForm, .body = kReorgFields,
           .response = reorganize, .other_statuses = {201}});
    r.Add({.method = "GET", .pattern = "/orgs/{id}/split", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "orgs/split", .summary = "orgs.split_title", .tag = "orgs", .handler = SplitForm,
           .response = split_form});
    r.Add({.method = "POST", .pattern = "/orgs/{id}/split", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "orgs.split_title", .tag = "orgs", .handler = SplitSubmit, .form_template = "orgs/split",
           .form_model = SplitForm,
           .response = split_submit, .other_statuses = {201}});
    r.Add({.method = "GET", .pattern = "/api/v1/org-types", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Organization types (data, not code)", .tag = "orgs", .handler = ListTypes,
           .response = list_types});
}

}  // namespace dv::web
