// member routes: the member list of an organization, a member's profile with their history, and
// the API to add, change and transfer members.
#include <algorithm>

#include "committee/service.h"
#include "core/text.h"
#include "core/time.h"
#include "member/service.h"
#include "org/service.h"
#include "web/context.h"

namespace dv::web {

namespace {

boost::json::object View(Context& ctx, const member::Member& m) {
    auto j = member::ToJson(m);
    j["href"] = "/members/" + std::to_string(m.id);
    j["status_label"] = ctx.T(std::string("members.status.") + member::ToString(m.status));
    j["gender_label"] = ctx.T(std::string("members.gender.") + m.gender);
    j["birth_display"] = time::FormatShortViIso(m.birth_date);
    j["admitted_display"] = time::FormatShortViIso(m.admitted_on);
    j["official_display"] = time::FormatShortViIso(m.official_on);
    // A member reading their own record may not open organization pages.
    if (ctx.scope().AnyAllows(auth::Permission::kRead)) j["org_href"] = "/orgs/" + std::to_string(m.org_id);
    return j;
}

Result<member::Filter> ReadFilter(Context& ctx) {
    member::Filter f;
    f.q = ctx.Query("q");
    f.position = ctx.Query("position");
    std::string status = ctx.Query("status");
    if (!status.empty()) {
        f.status = member::ParseStatus(status);
        if (!f.status) return Error::InvalidField("status", "invalid_choice", "field.invalid_choice");
    }
    DV_ASSIGN_OR_RETURN(f.age_min, IntQuery(ctx, "age_min"));
    DV_ASSIGN_OR_RETURN(f.age_max, IntQuery(ctx, "age_max"));
    // The page's age band: "31-45", or "61-" for 61 and over.
    if (std::string band = ctx.Query("age"); !band.empty()) {
        size_t dash = band.find('-');
        if (dash == std::string::npos) return Error::InvalidField("age", "invalid_choice", "field.invalid_choice");
        std::string_view all(band);
        int64_t low = text::ParseInt(all.substr(0, dash)).value_or(-1);
        int64_t high = dash + 1 < band.size() ? text::ParseInt(all.substr(dash + 1)).value_or(-2) : -1;
        if (low < 0 || low > 200 || high > 200 || high < -1 || (dash + 1 < band.size() && high < 0))
            return Error::InvalidField("age", "invalid_choice", "field.invalid_choice");
        f.age_min = static_cast<int>(low);
        if (high >= 0) f.age_max = static_cast<int>(high);
    }
    DV_ASSIGN_OR_RETURN(auto page, IntQuery(ctx, "page"));
    f.page = page.value_or(1);
    return f;
}

Result<Outcome> ListResult(Context& ctx, member::Filter f) {
    DV_ASSIGN_OR_RETURN(auto page, member::List(ctx.db(), ctx.scope(), f, ctx.Today()));
    boost::json::array list;
    for (const auto& m : page.members) list.push_back(View(ctx, m));
    int64_t pages = (page.total + f.page_size - 1) / f.page_size;
    Outcome out;
    out.model = {{"members", std::move(list)},
                 {"total", page.total},
                 {"total_capped", page.capped},
                 {"page", f.page},
                 {"pages", pages},
                 {"filters", {{"q", f.q}, {"status", f.status ? member::ToString(*f.status) : ""},
                              {"position", f.position}}}};
    // One letter finds only names with that one-letter word: say so rather than "no members match".
    std::string_view q = text::Trim(f.q);
    size_t letters = static_cast<size_t>(std::count_if(q.begin(), q.end(), [](char c) { return (c & 0xC0) != 0x80; }));
    if (page.total == 0 && letters == 1) out.model["q_one_letter"] = true;
    return out;
}

// The age bands the member list offers (completed years).
const std::vector<std::pair<std::string, std::string>> kAgeBands = {
    {"18-30", "18–30"}, {"31-45", "31–45"}, {"46-60", "46–60"}, {"61-", "61+"}};

// The members of organization `id`'s subtree: GET /orgs/{id}/members, and /members for the caller's own.
Result<Outcome> MembersOf(Context& ctx, int64_t id) {
    DV_ASSIGN_OR_RETURN(auto f, ReadFilter(ctx));
    DV_ASSIGN_OR_RETURN(auto o, org::Get(ctx.db(), ctx.scope(), id));  // 404 out of scope, any role
    f.org_id = id;
    DV_ASSIGN_OR_RETURN(auto out, ListResult(ctx, f));
    out.model["org_id"] = id;
    if (!ctx.json()) {
        // "Đảng viên — Chi bộ Phòng Quản lý Ngân sách (Đảng bộ Sở Tài chính)": two cells may share a name.
        std::string unit = o.parent_name.empty() ? o.name : o.name + " (" + o.parent_name + ")";
        out.model["heading"] = ctx.T("nav.members") + " — " + unit;
        // Past the cap the count says "more than 1.000" (hơn 1.000) and a note asks for more of the name.
        const int64_t total = out.model["total"].as_int64();
        out.model["total_display"] = out.model["total_capped"].as_bool()
                                         ? ctx.T("members.more_than") + " " + text::GroupThousands(total)
                                         : std::to_string(total);
        out.title = out.model["heading"].as_string().c_str();
        std::string status = f.status ? member::ToString(*f.status) : "";
        std::vector<std::pair<std::string, std::string>> statuses;
        for (auto st : {member::Status::kProbationary, member::Status::kOfficial, member::Status::kTransferredOut,
                        member::Status::kDeceased, member::Status::kRemoved})
            statuses.emplace_back(member::ToString(st), ctx.T(std::string("members.status.") + member::ToString(st)));
        out.model["status_options"] = Options(statuses, status);
        out.model["age_options"] = Options(kAgeBands, ctx.Query("age"));
        // The links to the add form and the upload page, for those who may change this organization.
        bool can_write = org::CanWrite(ctx.db(), ctx.scope(), id);
        out.model["can_add"] = can_write;
    }
    std::string base = "/orgs/" + std::to_string(id) + "/members?q=" + http::PercentEncode(f.q) +
                       "&status=" + (f.status ? member::ToString(*f.status) : "") +
                       "&position=" + http::PercentEncode(f.position) + "&age=" + http::PercentEncode(ctx.Query("age")) +
                       "&page=";
    if (f.page > 1) out.model["prev_href"] = base + std::to_string(f.page - 1);
    if (f.page < out.model["pages"].as_int64()) out.model["next_href"] = base + std::to_string(f.page + 1);
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/orgs", ctx.T("orgs.title")}, {"/orgs/" + std::to_string(id), o.name},
                       {"/orgs/" + std::to_string(id) + "/members", ctx.T("members.title")}};
    return out;
}

Result<Outcome> OrgMembers(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    return MembersOf(ctx, id);
}

// GET /members, the menu's "Đảng viên": the members of the caller's topmost organization (the whole
// subtree for office and admin, the secretary's or inspector's own unit); a plain member's own record.
Result<Outcome> MyMembers(Context& ctx) {
    if (auto top = member::ListRoot(ctx.db(), ctx.scope())) return MembersOf(ctx, *top);
    auto own = member::OwnRecord(ctx.db(), ctx.scope());
    if (!own) return Error::NotFound();
    Outcome out;
    out.redirect = "/members/" + std::to_string(*own);
    return out;
}

// GET /api/v1/members?q=&org=: search across what the caller may see.
Result<Outcome> SearchMembers(Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto f, ReadFilter(ctx));
    DV_ASSIGN_OR_RETURN(auto org, IdQuery(ctx, "org"));
    if (org) f.org_id = *org;
    return ListResult(ctx, f);
}

Result<Outcome> ShowMember(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto m, member::Get(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto history, member::History(ctx.db(), ctx.scope(), id));
    boost::json::array placements;
    for (const auto& p : history) {
        auto j = member::ToJson(p);
        j["from_display"] = time::FormatShortViIso(p.from_date);
        j["to_display"] = p.to_date.empty() ? ctx.T("orgs.until_now") : time::FormatShortViIso(p.to_date);
        j["reason_label"] = ctx.T("members.reason." + p.reason);
        placements.push_back(std::move(j));
    }
    DV_ASSIGN_OR_RETURN(auto terms, committee::OfMember(ctx.db(), ctx.scope(), id));
    boost::json::array positions;
    for (const auto& p : terms) {
        auto j = committee::ToJson(p);
        j["org_href"] = "/orgs/" + std::to_string(p.org_id);
        j["from_display"] = time::FormatShortViIso(p.from_date);
        j["to_display"] = p.to_date.empty() ? ctx.T("orgs.until_now") : time::FormatShortViIso(p.to_date);
        positions.push_back(std::move(j));
    }
    bool can_write = org::CanWrite(ctx.db(), ctx.scope(), m.org_id);
    Outcome out;
    out.model = {{"member", View(ctx, m)},
                 {"placements", std::move(placements)},
                 {"positions", std::move(positions)},
                 {"can_write", can_write},
                 {"can_transfer", can_write && member::IsActive(m.status)},
                 {"can_read_orgs", ctx.scope().AnyAllows(auth::Permission::kRead)}};
    out.title = m.full_name;
    if (ctx.scope().AnyAllows(auth::Permission::kRead))
        out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/orgs/" + std::to_string(m.org_id) + "/members", m.org_name},
                           {"/members/" + std::to_string(id), m.full_name}};
    else
        out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/members/" + std::to_string(id), m.full_name}};
    return out;
}

member::Member FromInput(Input& in) {
    member::Member m;
    m.full_name = in.Str("full_name", false, 0, 100);
    m.gender = in.Str("gender", false, 0, 10);
    m.birth_date = in.DateForService("birth_date");
    m.ethnicity = in.Str("ethnicity", false, 0, 50);
    m.hometown = in.Str("hometown", false, 0, 200);
    m.admitted_on = in.DateForService("admitted_on");
    m.official_on = in.DateForService("official_on");
    m.card_number = in.Str("card_number", false, 0, 30);
    m.party_position = in.Str("party_position", false, 0, 200);
    m.gov_position = in.Str("gov_position", false, 0, 200);
    m.citizen_id = in.Str("citizen_id", false, 0, 20);
    m.phone = in.Str("phone", false, 0, 20);
    m.org_id = in.Int("org_id", false).value_or(0);
    std::string status = in.Str("status", false, 0, 20);
    if (!status.empty()) {
        auto st = member::ParseStatus(status);
        if (st) m.status = *st;
        else in.AddError("status", "invalid_choice", "field.invalid_choice");
    } else {
        m.status = m.official_on.empty() ? member::Status::kProbationary : member::Status::kOfficial;
    }
    return m;
}

// The optional arrival from outside the bloc: both fields, or neither.
std::optional<member::Arrival> ArrivalFromInput(Input& in) {
    std::string on = in.DateForService("arrived_on");
    std::string from = in.Str("arrived_from", false, 0, 300);
    if (on.empty() && from.empty()) return std::nullopt;
    return member::Arrival{on, from};
}

Result<Outcome> CreateMember(Context& ctx) {
    auto m = FromInput(ctx.input());
    auto arrival = ArrivalFromInput(ctx.input());
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto created,
                        member::Create(ctx.db(), ctx.scope(), m, ctx.actor(), ctx.now(), ctx.Today(), arrival));
    Outcome out;
    out.status = 201;
    out.model = {{"member", member::ToJson(created)}};
    out.redirect = "/members/" + std::to_string(created.id);
    return out;
}

Result<Outcome> PatchMember(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    member::Patch p;
    auto opt = [&](const char* name, size_t max) -> std::optional<std::string> {
        if (!in.Has(name)) return std::nullopt;
        auto it = in.fields().find(name);
        if (it->value().is_null()) return std::string();
        return in.Str(name, false, 0, max);
    };
    auto opt_date = [&](const char* name) -> std::optional<std::string> {
        if (!in.Has(name)) return std::nullopt;
        return in.DateForService(name);
    };
    p.full_name = opt("full_name", 100);
    p.gender = opt("gender", 10);
    p.birth_date = opt_date("birth_date");
    p.ethnicity = opt("ethnicity", 50);
    p.hometown = opt("hometown", 200);
    p.admitted_on = opt_date("admitted_on");
    p.official_on = opt_date("official_on");
    p.card_number = opt("card_number", 30);
    p.party_position = opt("party_position", 200);
    p.gov_position = opt("gov_position", 200);
    p.citizen_id = opt("citizen_id", 20);
    p.phone = opt("phone", 20);
    p.status = opt("status", 20);
    p.status_since = opt_date("status_since");
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto m, member::Update(ctx.db(), ctx.scope(), id, p, ctx.actor(), ctx.now(), ctx.Today()));
    Outcome out;
    out.model = {{"member", member::ToJson(m)}};
    out.redirect = "/members/" + std::to_string(id);
    return out;
}

Result<Outcome> TransferMember(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto& in = ctx.input();
    auto to = in.Int("org_id", false);
    std::string date = in.DateForService("date");
    std::string note = in.Str("note", false, 0, 300);
    DV_TRY(in.Finish());
    DV_ASSIGN_OR_RETURN(auto m, member::Transfer(ctx.db(), ctx.scope(), id, to, date, note, ctx.actor(), ctx.now(),
                                                 ctx.Today()));
    Outcome out;
    out.model = {{"member", member::ToJson(m)}};
    out.redirect = "/members/" + std::to_string(id);
    return out;
}

const std::vector<FieldSpec> kMemberFields = {
    {"full_name", "string", true, "họ và tên"},
    {"gender", "string", true, "male or female (Nam / Nữ accepted)"},
    {"birth_date", "string", true, "YYYY-MM-DD"},
    {"ethnicity", "string", false, "dân tộc"},
    {"hometown", "string", false, "quê quán"},
    {"admitted_on", "string", true, "ngày vào Đảng, YYYY-MM-DD"},
    {"official_on", "string", false, "ngày chính thức, YYYY-MM-DD (official members)"},
    {"card_number", "string", false, "số thẻ đảng viên: 6-15 digits, unique"},
    {"party_position", "string", false, ""},
    {"gov_position", "string", false, ""},
    {"citizen_id", "string", false, ""},
    {"phone", "string", false, ""},
    {"org_id", "integer", true, "the cell (an organization that holds members)"},
    {"status", "string", false, "probationary or official (default from official_on)"},
    {"arrived_on", "string", false, "new members only: YYYY-MM-DD they came from outside the bloc (with arrived_from)"},
    {"arrived_from", "string", false, "new members only: the party organization they came from"}};
const std::vector<FieldSpec> kTransferFields = {{"org_id", "integer", true, "the new cell"},
                                                {"date", "string", false, "YYYY-MM-DD, default today"},
                                                {"note", "string", false, ""}};
const std::vector<FieldSpec> kListQuery = {{"q", "string", false, "name, diacritics ignored"},
                                           {"status", "string", false, "default: active members"},
                                           {"position", "string", false, "position contains"},
                                           {"age_min", "integer", false, ""},
                                           {"age_max", "integer", false, ""},
                                           {"age", "string", false, "age band: 31-45, or 61- for 61 and over"},
                                           {"page", "integer", false, "50 a page"}};

// --- HTML forms: add, edit, transfer ---------------------------------------------------------

// A form's current choice: what was submitted when the form is shown again, else `fallback`.
std::string Submitted(Context& ctx, const char* name, const std::string& fallback) {
    const auto* v = ctx.input().fields().if_contains(name);
    if (v && v->is_string()) return std::string(v->get_string());
    if (v && v->is_int64()) return std::to_string(v->get_int64());
    return fallback;
}

boost::json::array CellOptions(Context& ctx, std::optional<int64_t> under, const std::string& chosen,
                               int64_t except = 0) {
    std::vector<std::pair<std::string, std::string>> cells;
    for (const auto& c : org::WritableCells(ctx.db(), ctx.scope(), under))
        if (c.id != except) cells.emplace_back(std::to_string(c.id), c.name + " (" + c.code + ")");
    return Options(cells, chosen);
}

boost::json::array GenderOptions(Context& ctx, const std::string& chosen) {
    return Options({{"male", ctx.T("members.gender.male")}, {"female", ctx.T("members.gender.female")}}, chosen);
}

boost::json::array StatusOptions(Context& ctx, const std::string& chosen, bool all) {
    std::vector<std::pair<std::string, std::string>> v;
    for (auto st : {member::Status::kProbationary, member::Status::kOfficial, member::Status::kTransferredOut,
                    member::Status::kDeceased, member::Status::kRemoved}) {
        if (!all && !member::IsActive(st)) continue;
        v.emplace_back(member::ToString(st), ctx.T(std::string("members.status.") + member::ToString(st)));
    }
    return Options(v, chosen);
}

// GET /orgs/{id}/members/new: a new member in one of the cells of organization {id}.
Result<Outcome> NewMemberForm(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto o, org::Get(ctx.db(), ctx.scope(), id));  // 404 out of scope, any role
    if (!org::CanWrite(ctx.db(), ctx.scope(), id)) return Error::Forbidden();
    auto cells = CellOptions(ctx, id, Submitted(ctx, "org_id", std::to_string(id)));
    Outcome out;
    out.model = {{"org", org::ToJson(o)},
                 {"action", "/orgs/" + std::to_string(id) + "/members"},
                 {"is_new", true},
                 {"cells", std::move(cells)},
                 {"genders", GenderOptions(ctx, Submitted(ctx, "gender", ""))},
                 {"today", ctx.Today()},
                 {"values", boost::json::object{{"ethnicity", "Kinh"}}},
                 {"errors", boost::json::object{}}};
    out.title = ctx.T("members.new_title");
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/orgs/" + std::to_string(id), o.name},
                       {"/orgs/" + std::to_string(id) + "/members", ctx.T("members.title")},
                       {"", ctx.T("members.new_title")}};
    return out;
}

// POST /orgs/{id}/members: the new-member form; the cell must lie under {id}.
Result<Outcome> CreateMemberForm(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_TRY(org::Get(ctx.db(), ctx.scope(), id));  // 404 out of scope, for every role
    if (!org::CanWrite(ctx.db(), ctx.scope(), id)) return Error::Forbidden();
    auto m = FromInput(ctx.input());
    auto arrival = ArrivalFromInput(ctx.input());
    DV_TRY(ctx.input().Finish());
    if (m.org_id != 0) {
        auto cells = org::WritableCells(ctx.db(), ctx.scope(), id);
        if (std::none_of(cells.begin(), cells.end(), [&](const org::Org& c) { return c.id == m.org_id; }))
            return Error::InvalidField("org_id", "not_a_cell", "field.not_a_cell");
    }
    DV_ASSIGN_OR_RETURN(auto created,
                        member::Create(ctx.db(), ctx.scope(), m, ctx.actor(), ctx.now(), ctx.Today(), arrival));
    Outcome out;
    out.status = 201;
    out.model = {{"member", member::ToJson(created)}};
    out.redirect = "/members/" + std::to_string(created.id);
    out.flash = "flash.member_created";
    return out;
}

// The member behind an edit or transfer form: 404 when out of scope (for every role), 403 when visible
// but not the caller's to change.
Result<member::Member> WritableMember(Context& ctx, int64_t id) {
    DV_ASSIGN_OR_RETURN(auto m, member::Get(ctx.db(), ctx.scope(), id));
    if (!org::CanWrite(ctx.db(), ctx.scope(), m.org_id)) return Error::Forbidden();
    return m;
}

// GET /members/{id}/edit
Result<Outcome> EditMemberForm(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto m, WritableMember(ctx, id));
    auto values = member::ToJson(m);
    for (auto& [k, v] : values)
        if (v.is_null()) v = "";
    FormDates(values, {"birth_date", "admitted_on", "official_on", "status_since"});
    Outcome out;
    out.model = {{"member", View(ctx, m)},
                 {"action", "/members/" + std::to_string(id) + "/edit"},
                 {"is_new", false},
                 {"genders", GenderOptions(ctx, Submitted(ctx, "gender", m.gender))},
                 {"statuses", StatusOptions(ctx, Submitted(ctx, "status", member::ToString(m.status)), true)},
                 {"today", ctx.Today()},
                 {"values", std::move(values)},
                 {"errors", boost::json::object{}}};
    out.title = ctx.T("members.edit_title") + ": " + m.full_name;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/members/" + std::to_string(id), m.full_name},
                       {"", ctx.T("members.edit_title")}};
    return out;
}

// GET /members/{id}/transfer: the cells the member may move to, the date and a note.
Result<Outcome> TransferForm(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto m, WritableMember(ctx, id));
    Outcome out;
    out.model = {{"member", View(ctx, m)},
                 {"cells", CellOptions(ctx, std::nullopt, Submitted(ctx, "org_id", ""), m.org_id)},
                 {"today", ctx.Today()},
                 {"values", boost::json::object{}},
                 {"errors", boost::json::object{}}};
    out.title = ctx.T("members.transfer_title") + ": " + m.full_name;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/members/" + std::to_string(id), m.full_name},
                       {"", ctx.T("members.transfer_title")}};
    return out;
}

Result<Outcome> WithFlash(Result<Outcome> r, const char* flash) {
    if (r.ok()) r.value().flash = flash;
    return r;
}

}  // namespace

void RegisterMemberRoutes(Router& r) {
    using namespace schema;
    r.AddComponent("Member", Object({{"id", Int()},
                                     {"full_name", Str()},
                                     {"gender", Str()},
                                     {"birth_date", Nullable(Str())},
                                     {"ethnicity", Str()},
                                     {"hometown", Str()},
                                     {"admitted_on", Nullable(Str())},
                                     {"official_on", Nullable(Str())},
                                     {"card_number", Nullable(Str())},
                                     {"party_position", Str()},
                                     {"gov_position", Str()},
                                     {"citizen_id", Str()},
                                     {"phone", Str()},
                                     {"org_id", Int()},
                                     {"org_name", Str()},
                                     {"status", Str()},
                                     {"status_since", Str()}}));
    r.AddComponent("Placement", Object({{"org_id", Int()},
                                        {"org_name", Str()},
                                        {"from", Str()},
                                        {"to", Nullable(Str())},
                                        {"reason", Str()},
                                        {"note", Str()}}));
    const Schema member_view = Extend(Ref("Member"), {{"href", Str()},
                                                      {"status_label", Str()},
                                                      {"gender_label", Str()},
                                                      {"birth_display", Str()},
                                                      {"admitted_display", Str()},
                                                      {"official_display", Str()},
                                                      {"org_href", Str(), kOptional}});
    const Schema member_list = Object({{"members", ArrayOf(member_view)},
                                       {"total", Int()},
                                       {"total_capped", Bool()},
                                       {"page", Int()},
                                       {"pages", Int()},
                                       {"filters", Object({{"q", Str()}, {"status", Str()}, {"position", Str()}})},
                                       {"q_one_letter", Bool(), kOptional}});
    const Schema org_members =
        Extend(member_list, {{"org_id", Int()}, {"prev_href", Str(), kOptional}, {"next_href", Str(), kOptional}});
    const Schema my_members = AnyOf({org_members, Object({})});
    const Schema show_member = Object(
        {{"member", member_view},
         {"placements",
          ArrayOf(Extend(Ref("Placement"), {{"from_display", Str()}, {"to_display", Str()}, {"reason_label", Str()}}))},
         {"positions",
          ArrayOf(Extend(Ref("CommitteeSeat"), {{"org_href", Str()}, {"from_display", Str()}, {"to_display", Str()}}))},
         {"can_write", Bool()},
         {"can_transfer", Bool()},
         {"can_read_orgs", Bool()}});
    const Schema create_member = Object({{"member", Ref("Member")}});
    const Schema new_member_form = Object({{"org", Ref("Org")},
                                           {"action", Str()},
                                           {"is_new", Bool()},
                                           {"cells", Choices()},
                                           {"genders", Choices()},
                                           {"today", Str()},
                                           {"values", MapOf(Str())},
                                           {"errors", MapOf(Str())}});
    const Schema edit_member_form = Object({{"member", member_view},
                                            {"action", Str()},
                                            {"is_new", Bool()},
                                            {"genders", Choices()},
                                            {"statuses", Choices()},
                                            {"today", Str()},
                                            {"values", Ref("Member")},
                                            {"errors", MapOf(Str())}});
    const Schema transfer_form = Object({{"member", member_view},
                                         {"cells", Choices()},
                                         {"today", Str()},
                                         {"values", MapOf(Str())},
                                         {"errors", MapOf(Str())}});
    r.Add({.method = "GET", .pattern = "/orgs/{id}/members", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "members/list", .summary = "members.title", .tag = "members", .handler = OrgMembers,
           .query = kListQuery,
           .response = org_members});
    r.Add({.method = "GET", .pattern = "/members", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "members/list", .summary = "members.title", .tag = "members", .handler = MyMembers,
           .query = kListQuery,
           .response = my_members});
    r.Add({.method = "GET", .pattern = "/api/v1/orgs/{id}/members", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Members of an organization's subtree, Vietnamese name order, paged", .tag = "members",
           .handler = OrgMembers, .query = kListQuery,
           .response = org_members});
    r.Add({.method = "GET", .pattern = "/api/v1/members", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Search members in scope (q, org, status, position, age)", .tag = "members",
           .handler = SearchMembers, .query = kListQuery,
           .response = member_list});
    r.Add({.method = "GET", .pattern = "/members/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "members/show", .summary = "members.profile", .tag = "members", .handler = ShowMember,
           .response = show_member});
    r.Add({.method = "GET", .pattern = "/api/v1/members/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "A member's record and the cells they belonged to", .tag = "members", .handler = ShowMember,
           .response = show_member});
    r.Add({.method = "POST", .pattern = "/api/v1/members", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Add a member to a cell", .tag = "members", .handler = CreateMember, .body = kMemberFields,
           .success_status = 201,
           .response = create_member});
    r.Add({.method = "PATCH", .pattern = "/api/v1/members/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Change a member's record or status", .tag = "members", .handler = PatchMember,
           .body = kMemberFields,
           .response = create_member});
    r.Add({.method = "POST", .pattern = "/api/v1/members/{id}/transfer", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Transfer a member to another cell (chuyển sinh hoạt đảng)",
           .tag = "members", .handler = TransferMember, .body = kTransferFields,
           .response = create_member});
    r.Add({.method = "GET", .pattern = "/orgs/{id}/members/new", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "members/form", .summary = "members.new_title", .tag = "members",
           .handler = NewMemberForm,
           .response = new_member_form});
    r.Add({.method = "POST", .pattern = "/orgs/{id}/members", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "members.new_title", .tag = "members", .handler = CreateMemberForm,
           .form_template = "members/form", .form_model = NewMemberForm, .body = kMemberFields,
           .response = create_member, .other_statuses = {201}});
    r.Add({.method = "GET", .pattern = "/members/{id}/edit", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "members/form", .summary = "members.edit_title", .tag = "members",
           .handler = EditMemberForm,
           .response = edit_member_form});
    r.Add({.method = "POST", .pattern = "/members/{id}/edit", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "members.edit_title", .tag = "members",
           .handler = [](Context& ctx) { return WithFlash(PatchMember(ctx), "flash.member_updated"); },
           .form_template = "members/form", .form_model = EditMemberForm, .body = kMemberFields,
           .response = create_member});
    r.Add({.method = "GET", .pattern = "/members/{id}/transfer", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "members/transfer", .summary = "members.transfer_title", .tag = "members",
           .handler = TransferForm,
           .response = transfer_form});
    r.Add({.method = "POST", .pattern = "/members/{id}/transfer", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "members.transfer_title", .tag = "members",
           .handler = [](Context& ctx) { return WithFlash(TransferMember(ctx), "flash.member_transferred"); },
           .form_template = "members/transfer", .form_model = TransferForm, .body = kTransferFields,
           .response = create_member});
}

}  // namespace dv::web
