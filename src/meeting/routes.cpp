// meeting routes: the meetings list (a member's own, or the units' in scope), the record form (one screen:
// the meeting and its attendance, everyone present by default), a meeting's page (its attendance, documents,
// minutes and files; the unit's writers change them), the expected-versus-held summary of a unit with its
// direct units, the year's themes; and the JSON API over the same handlers.
#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "core/time.h"
#include "document/distribution.h"
#include "document/service.h"
#include "meeting/service.h"
#include "org/service.h"
#include "web/context.h"
#include "web/home.h"

namespace dv::web {

namespace {

constexpr int kRowsPerPage = 20;
constexpr int kAttendeesPerPage = 200;

std::string MeetingHref(int64_t id) { return "/meetings/" + std::to_string(id); }
std::string SummaryHref(int64_t org, const std::string& from, const std::string& to) {
    return "/meetings/summary?org_id=" + std::to_string(org) + "&from=" + from + "&to=" + to;
}
std::string ListHref(int64_t org, const std::string& from, const std::string& to) {
    return "/meetings?under=" + std::to_string(org) + "&from=" + from + "&to=" + to;
}

const char* StateClass(meeting::Attend a) {
    switch (a) {
        case meeting::Attend::kPresent: return "badge-ok";
        case meeting::Attend::kExcused: return "badge-wait";
        case meeting::Attend::kAbsent: return "badge-late";
    }
    return "badge-off";
}

boost::json::object MeetingView(Context& ctx, const meeting::Meeting& m) {
    auto j = meeting::ToJson(m);
    j["href"] = MeetingHref(m.id);
    j["held_display"] = time::FormatShortViIso(m.held_on);
    j["status_label"] = ctx.T(m.held ? "meeting.status.held" : "meeting.status.planned");
    j["status_class"] = m.held ? "badge-ok" : "badge-wait";
    j["counts_label"] = m.held ? text::Fill(ctx.T("meeting.counts_line"), {{"present", text::GroupThousands(m.present)},
                                                                          {"invited", text::GroupThousands(m.invited)},
                                                                          {"excused", text::GroupThousands(m.excused)},
                                                                          {"absent", text::GroupThousands(m.absent)}})
                               : text::Fill(ctx.T("meeting.invited_line"), {{"invited", text::GroupThousands(m.invited)}});
    boost::json::array files;
    for (const auto& f : m.files)
        files.push_back(boost::json::object{{"name", f.name}, {"href", MeetingHref(m.id) + "/files/" + f.sha256}});
    j["file_links"] = std::move(files);
    boost::json::array docs;
    for (const auto& d : m.documents)
        docs.push_back(boost::json::object{{"label", d.label}, {"title", d.title}, {"href", "/documents/" + std::to_string(d.id)}});
    j["document_links"] = std::move(docs);
    return j;
}

boost::json::object AttendeeView(Context& ctx, const meeting::Attendee& a) {
    auto j = meeting::ToJson(a);
    j["state_label"] = ctx.T(std::string("meeting.attend.") + meeting::ToString(a.state));
    j["state_class"] = StateClass(a.state);
    j["is_present"] = a.state == meeting::Attend::kPresent;
    j["is_excused"] = a.state == meeting::Attend::kExcused;
    j["is_absent"] = a.state == meeting::Attend::kAbsent;
    return j;
}

// The attendance a request gives: JSON `attendance` [{member_id, state, reason}], or a form's state_<id> and
// reason_<id> fields (only the exceptions matter: everyone else is present).
std::vector<meeting::AttendanceInput> AttendanceOf(Context& ctx) {
    std::vector<meeting::AttendanceInput> out;
    const auto& fields = ctx.input().fields();
    if (ctx.input().from_form()) {
        for (const auto& [key, value] : fields) {
            std::string_view k(key);
            if (k.rfind("state_", 0) != 0 || !value.is_string()) continue;
            auto id = text::ParseInt(k.substr(6));
            if (!id) continue;
            std::string state(value.get_string());
            if (state == "present") continue;
            std::string reason;
            if (auto* r = fields.if_contains("reason_" + std::to_string(*id)); r && r->is_string()) reason = r->get_string();
            out.push_back({*id, state, reason});
        }
        return out;
    }
    auto* a = fields.if_contains("attendance");
    if (!a || a->is_null()) return out;
    if (!a->is_array()) {
        ctx.input().AddError("attendance", "not_array", "field.not_array");
        return out;
    }
    for (size_t i = 0; i < a->as_array().size(); ++i) {
        const auto& v = a->as_array()[i];
        const std::string place = "attendance[" + std::to_string(i) + "]";
        if (!v.is_object()) {
            ctx.input().AddError(place, "not_object", "field.not_object");
            continue;
        }
        meeting::AttendanceInput x;
        const auto& o = v.as_object();
        if (auto* id = o.if_contains("member_id"); id && id->is_int64())
            x.member_id = id->as_int64();
        else
            ctx.input().AddError(place + ".member_id", "not_integer", "field.not_integer");
        if (auto* s = o.if_contains("state"); s && s->is_string())
            x.state = s->as_string();
        else
            ctx.input().AddError(place + ".state", "required", "field.required");
        if (auto* r = o.if_contains("reason"); r && r->is_string()) x.reason = r->as_string();
        out.push_back(std::move(x));
    }
    return out;
}

meeting::MeetingInput MeetingInputOf(Context& ctx, bool patch) {
    auto& in = ctx.input();
    meeting::MeetingInput m;
    m.org_id = in.Int("org_id", false);
    m.kind = in.Str("kind", !patch, 0, 40);
    m.held_on = in.DateForService("held_on");
    m.starts_at = in.Str("starts_at", false, 0, 10);
    m.place = in.Str("place", false, 0, 300);
    m.topic = in.Str("topic", false, 0, 500);
    m.minutes = in.Text("minutes", false, 0, 20000);
    if (in.Has("theme_id")) {
        m.theme_given = true;
        const auto& v = in.fields().at("theme_id");
        if (!(v.is_null() || (v.is_string() && v.get_string().empty()))) m.theme_id = in.Int("theme_id", false);
    }
    if (in.from_form() || in.Has("document_ids")) m.document_ids = in.Ids("document_ids", "doc_");
    m.attendance = AttendanceOf(ctx);
    return m;
}

std::string YearStart(const std::string& today) { return today.substr(0, 4) + "-01-01"; }
std::string YearEnd(const std::string& today) { return today.substr(0, 4) + "-12-31"; }

// GET /meetings and GET /api/v1/meetings.
Result<Outcome> MeetingsPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    DV_ASSIGN_OR_RETURN(auto under, IdQuery(ctx, "under"));
    meeting::Filter f;
    f.under = under;
    f.from = ctx.Query("from");
    f.to = ctx.Query("to");
    f.kind = ctx.Query("kind");
    // A caller who reads no unit (a member) sees the meetings they were invited to.
    f.mine = ctx.Query("mine") == "1" || !ctx.scope().AnyAllows(auth::Permission::kRead);
    f.page = page;
    f.page_size = kRowsPerPage;
    DV_ASSIGN_OR_RETURN(auto rows, meeting::Meetings(ctx.db(), ctx.scope(), f));
    boost::json::array list;
    for (size_t i = 0; i < rows.meetings.size(); ++i) {
        auto v = MeetingView(ctx, rows.meetings[i]);
        if (i < rows.own.size() && rows.own[i]) {
            v["own_state"] = meeting::ToString(rows.own[i]->state);
            v["own_label"] = ctx.T(std::string("meeting.attend.") + meeting::ToString(rows.own[i]->state));
            v["own_class"] = StateClass(rows.own[i]->state);
        }
        list.push_back(std::move(v));
    }
    Outcome out;
    out.model = {{"meetings", std::move(list)}, {"total", rows.total}, {"page", page}};
    if (!ctx.json()) {
        std::string base = "/meetings?";
        if (under) base += "under=" + std::to_string(*under) + "&";
        if (!f.from.empty()) base += "from=" + f.from + "&";
        if (!f.to.empty()) base += "to=" + f.to + "&";
        if (!f.kind.empty()) base += "kind=" + f.kind + "&";
        if (ctx.Query("mine") == "1") base += "mine=1&";
        out.model["pager"] = Pager(ctx, rows.total, page, kRowsPerPage, base + "page=");
        out.model["mine"] = f.mine;
        out.model["can_record"] = meeting::DefaultUnit(ctx.db(), ctx.scope()).has_value();
        const std::string today = ctx.Today();
        if (auto root = ctx.scope().Roots(auth::Permission::kRead); !root.empty())
            out.model["summary_href"] = SummaryHref(under.value_or(root.front()), YearStart(today), YearEnd(today));
        if (under) {
            if (auto o = org::Get(ctx.db(), ctx.scope(), *under); o.ok()) out.model["under_name"] = o.value().name;
        }
        if (!f.from.empty() || !f.to.empty())
            out.model["period_label"] = (f.from.empty() ? "" : time::FormatShortViIso(f.from)) + " – " +
                                        (f.to.empty() ? "" : time::FormatShortViIso(f.to));
    }
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"", ctx.T("meeting.title")}};
    return out;
}

// GET /meetings/new?org_id=&held_on=: the record form, with who is invited on that day.
Result<Outcome> NewMeetingPage(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kWrite)) return Error::Forbidden();
    const std::string today = ctx.Today();
    std::string org_text = FormValue(ctx, "org_id");
    if (org_text.empty()) org_text = ctx.Query("org_id");
    std::optional<int64_t> org = text::ParseInt(org_text);
    if (!org) org = meeting::DefaultUnit(ctx.db(), ctx.scope());
    if (!org) return Error::Forbidden();
    std::string day = ctx.input().from_form() ? ctx.input().DateForService("held_on") : "";
    if (day.empty() && !ctx.Query("held_on").empty()) {
        Input q(boost::json::object{{"held_on", ctx.Query("held_on")}}, true);
        day = q.DateForService("held_on");
    }
    if (day.empty() || !time::ParseIsoDate(day)) day = today;
    std::vector<std::pair<std::string, std::string>> units, kinds;
    for (const auto& u : meeting::RecordableUnits(ctx.db(), ctx.scope()))
        units.emplace_back(std::to_string(u.id), std::string(static_cast<size_t>(u.depth) * 2, ' ') + u.name);
    for (const auto& k : meeting::Kinds(ctx.db())) kinds.emplace_back(k.code, k.name);
    std::string kind = FormValue(ctx, "kind");
    if (kind.empty()) kind = ctx.Query("kind");
    if (kind.empty()) kind = "regular";
    boost::json::array members;
    bool too_many = false;
    bool many_cells = false;
    if (auto inv = meeting::Invitees(ctx.db(), ctx.scope(), *org, day); inv.ok()) {
        for (const auto& a : inv.value()) {
            many_cells = many_cells || a.org_id != inv.value().front().org_id;
            auto v = AttendeeView(ctx, a);
            const std::string key = "state_" + std::to_string(a.member_id);
            const std::string posted = FormValue(ctx, key);
            if (!posted.empty()) {
                v["is_present"] = posted == "present";
                v["is_excused"] = posted == "excused";
                v["is_absent"] = posted == "absent";
            }
            v["reason"] = FormValue(ctx, "reason_" + std::to_string(a.member_id));
            members.push_back(std::move(v));
        }
    } else if (inv.error().code == ErrorCode::kInvalid) {
        too_many = true;
    } else if (!ctx.input().from_form()) {
        return inv.error();
    }  // a posted unit the caller may not write: the form again, its error named, nobody listed
    // Documents the unit has to study: those sent to it not studied yet, and the year's theme's.
    boost::json::array docs;
    std::set<int64_t> seen;
    auto add_doc = [&](int64_t id, const std::string& label, const std::string& title) {
        if (!seen.insert(id).second) return;
        docs.push_back(boost::json::object{{"id", id},
                                           {"label", label},
                                           {"title", title},
                                           {"checked", ctx.input().fields().contains("doc_" + std::to_string(id))}});
    };
    document::distribution::StudyFilter sf;
    sf.open_only = true;
    sf.limit = 20;
    if (auto open = document::distribution::StudyList(ctx.db(), ctx.scope(), sf); open.ok())
        for (const auto& r : open.value().rows)
            if (r.org_id == *org) add_doc(r.document_id, r.document_label, r.document_title);
    std::optional<meeting::Theme> theme = meeting::ThemeFor(ctx.db(), ctx.scope(), *org, std::stoi(day.substr(0, 4)));
    if (theme)
        for (const auto& d : theme->documents) add_doc(d.id, d.label, d.title);
    Outcome out;
    out.model = {{"unit_options", Options(units, std::to_string(*org))},
                 {"kind_options", Options(kinds, kind)},
                 {"org_id", *org},
                 {"day_display", time::FormatShortViIso(day)},
                 {"day_value", time::FormatShortViIso(day)},
                 {"members", std::move(members)},
                 {"too_many", too_many},
                 {"show_cell", many_cells},
                 {"documents", std::move(docs)},
                 {"theme_title", theme ? theme->title : ""},
                 {"has_documents", !seen.empty()},
                 {"values", boost::json::object{}},
                 {"errors", boost::json::object{}}};
    out.title = ctx.T("meeting.new.title");
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/meetings", ctx.T("meeting.title")}, {"", ctx.T("meeting.new.title")}};
    return out;
}

// POST /meetings (form) and POST /api/v1/meetings (JSON).
Result<Outcome> CreateMeeting(Context& ctx) {
    auto in = MeetingInputOf(ctx, false);
    // The form's "show who is invited" button re-renders the form for the unit and day chosen.
    if (ctx.input().from_form() && FormValue(ctx, "op") == "reload") {
        DV_ASSIGN_OR_RETURN(auto page, NewMeetingPage(ctx));
        page.template_name = "meetings/new";
        auto values = boost::json::object{};
        for (const char* k : {"topic", "place", "starts_at", "minutes", "held_on"}) values[k] = FormValue(ctx, k);
        page.model["values"] = std::move(values);
        return page;
    }
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto saved, meeting::CreateMeeting(ctx.db(), ctx.scope(), in, ctx.actor(), ctx.now(), ctx.Today()));
    Outcome out;
    out.status = 201;
    out.model = {{"meeting", MeetingView(ctx, saved.meeting)}, {"studies_recorded", saved.studies_recorded}};
    out.redirect = MeetingHref(saved.meeting.id);
    out.flash = "flash.meeting_recorded";
    return out;
}

// GET /meetings/{id} and GET /api/v1/meetings/{id}: the meeting, its attendance (paged), what the caller may do.
Result<Outcome> MeetingPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    DV_ASSIGN_OR_RETURN(auto rec, meeting::GetMeeting(ctx.db(), ctx.scope(), id));
    DV_ASSIGN_OR_RETURN(auto att, meeting::Attendees(ctx.db(), ctx.scope(), id, page, kAttendeesPerPage));
    boost::json::array rows;
    for (const auto& a : att.rows) rows.push_back(AttendeeView(ctx, a));
    // A cell's own meeting needs no cell beside each name; a conference's does.
    bool many_cells = false;
    for (const auto& a : att.rows) many_cells = many_cells || a.org_id != att.rows.front().org_id;
    Outcome out;
    out.model = {{"meeting", MeetingView(ctx, rec.meeting)},
                 {"attendance", std::move(rows)},
                 {"attendance_total", att.total},
                 {"can_edit", rec.can_edit},
                 {"own", rec.own ? boost::json::value(AttendeeView(ctx, *rec.own)) : boost::json::value(nullptr)}};
    if (!ctx.json()) {
        out.model["pager"] = Pager(ctx, att.total, page, kAttendeesPerPage, MeetingHref(id) + "?page=");
        out.model["can_record"] = rec.can_edit && rec.meeting.held_on <= ctx.Today();
        out.model["action"] = MeetingHref(id);
        out.model["files_action"] = MeetingHref(id) + "/files";
        out.model["rate"] = document::distribution::Percent(rec.meeting.present, rec.meeting.invited);
        out.model["has_documents"] = !rec.meeting.documents.empty();
        out.model["show_cell"] = many_cells;
        out.model["own_only"] = !org::Find(ctx.db(), ctx.scope(), auth::Permission::kRead, rec.meeting.org_id).has_value();
    }
    out.title = rec.meeting.topic;
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/meetings", ctx.T("meeting.title")}, {"", rec.meeting.topic}};
    return out;
}

// POST /meetings/{id} (the attendance form; "op=details" the details) and PATCH /api/v1/meetings/{id}.
Result<Outcome> UpdateMeeting(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto in = MeetingInputOf(ctx, true);
    auto version = ctx.input().Int("version", false);
    DV_TRY(ctx.input().Finish());
    Result<meeting::Saved> saved = Error::NotFound();
    if (ctx.input().from_form() && FormValue(ctx, "op") == "attendance")
        saved = meeting::RecordAttendance(ctx.db(), ctx.scope(), id, in.attendance, version, ctx.actor(), ctx.now(), ctx.Today());
    else
        saved = meeting::UpdateMeeting(ctx.db(), ctx.scope(), id, in, version, ctx.actor(), ctx.now(), ctx.Today());
    if (!saved.ok()) return saved.error();
    Outcome out;
    out.model = {{"meeting", MeetingView(ctx, saved.value().meeting)}, {"studies_recorded", saved.value().studies_recorded}};
    out.redirect = MeetingHref(id);
    out.flash = "flash.meeting_saved";
    return out;
}

// PUT /api/v1/meetings/{id}/attendance: the whole attendance (everyone not listed present).
Result<Outcome> PutAttendance(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto attendance = AttendanceOf(ctx);
    auto version = ctx.input().Int("version", false);
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto saved, meeting::RecordAttendance(ctx.db(), ctx.scope(), id, attendance, version, ctx.actor(),
                                                              ctx.now(), ctx.Today()));
    Outcome out;
    out.model = {{"meeting", MeetingView(ctx, saved.meeting)}, {"studies_recorded", saved.studies_recorded}};
    return out;
}

// POST /meetings/{id}/files: a file of the minutes.
Result<Outcome> AddFile(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    const UploadedFile* f = ctx.input().File("file");
    if (!f || f->filename.empty()) return Error::InvalidField("file", "required", "field.required");
    DV_ASSIGN_OR_RETURN(auto m, meeting::AddFile(ctx.db(), ctx.scope(), id, f->filename, f->bytes,
                                                 ctx.app().settings().FilesDir(), ctx.actor(), ctx.now()));
    Outcome out;
    out.model = {{"meeting", MeetingView(ctx, m)}};
    out.redirect = MeetingHref(id);
    out.flash = "flash.meeting_file_added";
    return out;
}

// GET /meetings/{id}/files/{sha}.
Result<Outcome> DownloadFile(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    std::string name;
    DV_ASSIGN_OR_RETURN(auto sha, meeting::FileOf(ctx.db(), ctx.scope(), id, ctx.Param("sha"), &name));
    DV_ASSIGN_OR_RETURN(std::string bytes, document::ReadStoredFile(ctx.app().settings().FilesDir(), sha));
    std::string type = document::SniffContentType(bytes, name);
    return NamedFileDownload(std::move(bytes), type.empty() ? "application/octet-stream" : type, name);
}

boost::json::object SummaryView(Context& ctx, const meeting::Summary& s) {
    auto j = meeting::ToJson(s);
    auto kind = [&](const char* k) {
        auto it = s.kinds.find(k);
        return it == s.kinds.end() ? meeting::KindTotals{} : it->second;
    };
    const auto reg = kind("regular"), thm = kind("thematic");
    j["regular_label"] = text::Fill(ctx.T("meeting.summary.held_of"), {{"held", text::GroupThousands(reg.held)},
                                                                      {"expected", text::GroupThousands(reg.expected)}});
    j["thematic_label"] = text::Fill(ctx.T("meeting.summary.held_of"), {{"held", text::GroupThousands(thm.held)},
                                                                       {"expected", text::GroupThousands(thm.expected)}});
    j["regular_missed"] = reg.missed();
    j["thematic_missed"] = thm.missed();
    j["rate_label"] = document::distribution::Percent(s.present, s.invited);
    j["meetings_label"] = text::GroupThousands(s.meetings);
    boost::json::array missed;
    for (const auto& p : s.periods)
        if (p.missed() > 0)
            missed.push_back(boost::json::object{
                {"label", ctx.T(std::string("meeting.rule.") + p.counts_as) + " · " +
                              (p.every_months == 1 ? ctx.T("meeting.summary.month") + " " + p.first_day.substr(5, 2) + "/" +
                                                         p.first_day.substr(0, 4)
                                                   : time::FormatShortViIso(p.first_day) + " – " + time::FormatShortViIso(p.last_day))},
                {"units", p.missed()},
                {"href", ListHref(s.org_id, p.first_day, p.last_day)}});
    j["missed_rows"] = std::move(missed);
    return j;
}

// GET /meetings/summary and GET /api/v1/meetings/summary: expected versus held over a period.
Result<Outcome> SummaryPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto org, IdQuery(ctx, "org_id"));
    const std::string today = ctx.Today();
    if (!org) {
        auto roots = ctx.scope().Roots(auth::Permission::kRead);
        if (roots.empty()) return Error::NotFound();
        org = roots.front();
    }
    std::string from = ctx.Query("from"), to = ctx.Query("to");
    if (!ctx.Query("year").empty()) {
        from = ctx.Query("year") + "-01-01";
        to = ctx.Query("year") + "-12-31";
    }
    if (from.empty()) from = YearStart(today);
    if (to.empty()) to = YearEnd(today);
    DV_ASSIGN_OR_RETURN(auto s, meeting::SummaryOf(ctx.db(), ctx.scope(), *org, from, to, today));
    Outcome out;
    out.model = SummaryView(ctx, s);
    // The direct units, each with its figures (the list behind the unit's).
    // The direct units as they stood at the period's end (a unit ended within it counted in its parent until
    // then: in a period of reorganizations the rows may add up to less than the unit's figures).
    auto kids = org::Children(ctx.db(), ctx.scope(), *org, std::min(to, today));
    boost::json::array rows;
    if (kids.ok()) {
        std::vector<int64_t> ids;
        for (const auto& o : kids.value()) ids.push_back(o.id);
        auto sums = meeting::SummariesOf(ctx.db(), ids, from, to, today);
        for (size_t i = 0; i < sums.size(); ++i) {
            if (sums[i].kinds.empty() && sums[i].meetings == 0) continue;
            sums[i].org_name = kids.value()[i].name;
            auto v = SummaryView(ctx, sums[i]);
            v["href"] = SummaryHref(sums[i].org_id, from, to);
            rows.push_back(std::move(v));
        }
    }
    const bool has_units = !rows.empty();
    out.model["units"] = std::move(rows);
    if (!ctx.json()) {
        out.model["meetings_href"] = ListHref(*org, from, to);
        out.model["period_label"] = time::FormatShortViIso(from) + " – " + time::FormatShortViIso(to);
        boost::json::array absentees;
        auto ab = meeting::Absentees(ctx.db(), ctx.scope(), *org, from, to, 3, today);
        out.model["absentees_too_many"] = !ab.ok() && ab.error().code == ErrorCode::kConflict;
        if (ab.ok())
            for (const auto& a : ab.value())
                absentees.push_back(boost::json::object{{"name", a.full_name},
                                                        {"org_name", a.org_name},
                                                        {"months", a.months},
                                                        {"href", "/members/" + std::to_string(a.member_id)}});
        out.model["has_absentees"] = !absentees.empty();
        out.model["absentees"] = std::move(absentees);
        out.model["has_units"] = has_units;
        boost::json::array years;
        const int y = std::stoi(today.substr(0, 4));
        for (int k = y; k >= y - 4; --k)
            years.push_back(boost::json::object{{"label", std::to_string(k)},
                                                {"href", "/meetings/summary?org_id=" + std::to_string(*org) + "&year=" + std::to_string(k)},
                                                {"current", from == std::to_string(k) + "-01-01" && to == std::to_string(k) + "-12-31"}});
        out.model["years"] = std::move(years);
        if (auto self = org::Get(ctx.db(), ctx.scope(), *org); self.ok() && self.value().parent_id &&
                                                              org::Get(ctx.db(), ctx.scope(), *self.value().parent_id).ok())
            out.model["up_href"] = SummaryHref(*self.value().parent_id, from, to);
    }
    out.title = ctx.T("meeting.summary.title");
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/meetings", ctx.T("meeting.title")}, {"", ctx.T("meeting.summary.title")}};
    return out;
}

// GET /themes and GET /api/v1/themes.
Result<Outcome> ThemesPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto year, IntQuery(ctx, "year"));
    boost::json::array list;
    for (const auto& t : meeting::Themes(ctx.db(), ctx.scope(), year)) {
        auto v = meeting::ToJson(t);
        if (!ctx.json()) {
            boost::json::array docs;
            for (const auto& d : t.documents)
                docs.push_back(boost::json::object{{"label", d.label}, {"title", d.title}, {"href", "/documents/" + std::to_string(d.id)}});
            v["document_links"] = std::move(docs);
            v["can_edit"] = org::Find(ctx.db(), ctx.scope(), auth::Permission::kWrite, t.owner_org_id).has_value();
        }
        list.push_back(std::move(v));
    }
    Outcome out;
    out.model = {{"themes", std::move(list)}};
    if (!ctx.json()) {
        out.model["can_create"] = meeting::CanEditThemes(ctx.scope());
        out.model["values"] = boost::json::object{{"year", ctx.Today().substr(0, 4)}};
        out.model["errors"] = boost::json::object{};
    }
    out.breadcrumbs = {{"/", ctx.T("nav.home")}, {"/meetings", ctx.T("meeting.title")}, {"", ctx.T("meeting.themes.title")}};
    return out;
}

meeting::ThemeInput ThemeInputOf(Context& ctx) {
    auto& in = ctx.input();
    meeting::ThemeInput t;
    t.owner_org_id = in.Int("owner_org_id", false);
    if (auto y = in.Int("year", false)) t.year = static_cast<int>(*y);
    t.title = in.Str("title", false, 0, 500);
    t.description = in.Text("description", false, 0, 20000);
    t.document_ids = in.Ids("document_ids", "doc_");
    return t;
}

// POST /themes (form) and POST /api/v1/themes.
Result<Outcome> CreateTheme(Context& ctx) {
    auto in = ThemeInputOf(ctx);
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto t, meeting::CreateTheme(ctx.db(), ctx.scope(), in, ctx.actor(), ctx.now()));
    Outcome out;
    out.status = 201;
    out.model = {{"theme", meeting::ToJson(t)}};
    out.redirect = "/themes";
    out.flash = "flash.theme_saved";
    return out;
}

// PUT /api/v1/themes/{id}.
Result<Outcome> UpdateTheme(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    auto in = ThemeInputOf(ctx);
    DV_TRY(ctx.input().Finish());
    DV_ASSIGN_OR_RETURN(auto t, meeting::UpdateTheme(ctx.db(), ctx.scope(), id, in, ctx.actor(), ctx.now()));
    Outcome out;
    out.model = {{"theme", meeting::ToJson(t)}};
    out.redirect = "/themes";
    out.flash = "flash.theme_saved";
    return out;
}

}  // namespace

// The home page: a member's next meetings; a secretary's link to record one.
std::vector<HomeItem> MeetingHomeItems(Context& ctx) {
    std::vector<HomeItem> out;
    for (const auto& m : meeting::NextMeetings(ctx.db(), ctx.scope(), ctx.Today(), 3))
        out.push_back({HomeItem::Kind::kTodo, ctx.T("home.meetings.next") + ": " + m.topic, m.org_name,
                       time::FormatShortViIso(m.held_on) + (m.starts_at.empty() ? "" : " " + m.starts_at) +
                           (m.place.empty() ? "" : " · " + m.place),
                       MeetingHref(m.id), false});
    if (meeting::DefaultUnit(ctx.db(), ctx.scope()))
        out.push_back({HomeItem::Kind::kLink, ctx.T("home.meetings.record"), "", ctx.T("home.meetings.record_note"),
                       "/meetings/new", false});
    return out;
}

void RegisterMeetingRoutes(Router& r) {
    using namespace schema;
    const Schema doc = Object({{"id", Int()}, {"label", Str()}, {"title", Str()}});
    const Schema link = Object({{"label", Str()}, {"title", Str()}, {"href", Str()}});
    r.AddComponent("Meeting", Object({{"id", Int()},
                                      {"org_id", Int()},
                                      {"org_name", Str()},
                                      {"kind", Str()},
                                      {"kind_name", Str()},
                                      {"held_on", Str()},
                                      {"starts_at", Str()},
                                      {"place", Str()},
                                      {"topic", Str()},
                                      {"theme_id", Nullable(Int())},
                                      {"theme_title", Str()},
                                      {"minutes", Str()},
                                      {"status", Str()},
                                      {"invited", Int()},
                                      {"present", Int()},
                                      {"excused", Int()},
                                      {"absent", Int()},
                                      {"version", Int()},
                                      {"created_at", Int()},
                                      {"updated_at", Int()},
                                      {"updated_by", Str()},
                                      {"documents", ArrayOf(doc)},
                                      {"files", ArrayOf(Object({{"sha256", Str()}, {"name", Str()}, {"size", Int()}}))},
                                      {"href", Str()},
                                      {"held_display", Str()},
                                      {"status_label", Str()},
                                      {"status_class", Str()},
                                      {"counts_label", Str()},
                                      {"file_links", ArrayOf(Object({{"name", Str()}, {"href", Str()}}))},
                                      {"document_links", ArrayOf(link)},
                                      {"own_state", Str(), kOptional},
                                      {"own_label", Str(), kOptional},
                                      {"own_class", Str(), kOptional}}));
    const Schema attendee = Object({{"member_id", Int()},
                                    {"full_name", Str()},
                                    {"org_id", Int()},
                                    {"org_name", Str()},
                                    {"state", Str()},
                                    {"reason", Str()},
                                    {"state_label", Str()},
                                    {"state_class", Str()},
                                    {"is_present", Bool()},
                                    {"is_excused", Bool()},
                                    {"is_absent", Bool()}});
    r.AddComponent("Attendee", attendee);
    const Schema list = Object({{"meetings", ArrayOf(Ref("Meeting"))},
                                {"total", Int()},
                                {"page", Int()},
                                {"pager", AnyObject(), kOptional},
                                {"mine", Bool(), kOptional},
                                {"can_record", Bool(), kOptional},
                                {"summary_href", Str(), kOptional},
                                {"under_name", Str(), kOptional},
                                {"period_label", Str(), kOptional}});
    const Schema saved = Object({{"meeting", Ref("Meeting")}, {"studies_recorded", Int()}});
    const Schema page = Object({{"meeting", Ref("Meeting")},
                                {"attendance", ArrayOf(Ref("Attendee"))},
                                {"attendance_total", Int()},
                                {"can_edit", Bool()},
                                {"own", Nullable(Ref("Attendee"))},
                                {"pager", AnyObject(), kOptional},
                                {"can_record", Bool(), kOptional},
                                {"action", Str(), kOptional},
                                {"files_action", Str(), kOptional},
                                {"rate", Str(), kOptional},
                                {"has_documents", Bool(), kOptional},
                                {"show_cell", Bool(), kOptional},
                                {"own_only", Bool(), kOptional}});
    const Schema summary_core = Object({{"org_id", Int()},
                                        {"org_name", Str()},
                                        {"from", Str()},
                                        {"to", Str()},
                                        {"as_of", Str()},
                                        {"kinds", ArrayOf(Object({{"counts_as", Str()}, {"expected", Int()}, {"held", Int()}, {"missed", Int()}}))},
                                        {"missed", ArrayOf(Object({{"counts_as", Str()}, {"period_from", Str()}, {"period_to", Str()}, {"units", Int()}}))},
                                        {"meetings", Int()},
                                        {"invited", Int()},
                                        {"present", Int()},
                                        {"excused", Int()},
                                        {"absent", Int()},
                                        {"attendance_rate", Nullable(Num())},
                                        {"regular_label", Str()},
                                        {"thematic_label", Str()},
                                        {"regular_missed", Int()},
                                        {"thematic_missed", Int()},
                                        {"rate_label", Str()},
                                        {"meetings_label", Str()},
                                        {"missed_rows", ArrayOf(Object({{"label", Str()}, {"units", Int()}, {"href", Str()}}))},
                                        {"href", Str(), kOptional}});
    r.AddComponent("MeetingSummary", summary_core);
    const Schema summary = Extend(summary_core, {{"units", ArrayOf(Ref("MeetingSummary"))},
                                                 {"meetings_href", Str(), kOptional},
                                                 {"period_label", Str(), kOptional},
                                                 {"absentees", ArrayOf(AnyObject()), kOptional},
                                                 {"has_absentees", Bool(), kOptional},
                                                 {"absentees_too_many", Bool(), kOptional},
                                                 {"has_units", Bool(), kOptional},
                                                 {"years", ArrayOf(AnyObject()), kOptional},
                                                 {"up_href", Str(), kOptional}});
    const Schema theme = Object({{"id", Int()},
                                 {"owner_org_id", Int()},
                                 {"owner_name", Str()},
                                 {"year", Int()},
                                 {"title", Str()},
                                 {"description", Str()},
                                 {"documents", ArrayOf(doc)},
                                 {"created_at", Int()},
                                 {"updated_at", Int()},
                                 {"document_links", ArrayOf(link), kOptional},
                                 {"can_edit", Bool(), kOptional}});
    r.AddComponent("Theme", theme);
    const Schema themes = Object({{"themes", ArrayOf(Ref("Theme"))},
                                  {"can_create", Bool(), kOptional},
                                  {"values", AnyObject(), kOptional},
                                  {"errors", AnyObject(), kOptional}});

    const std::vector<FieldSpec> list_query = {{"under", "integer", false, "the unit whose subtree's meetings are listed"},
                                               {"from", "string", false, "YYYY-MM-DD, held on or after"},
                                               {"to", "string", false, "YYYY-MM-DD, held on or before"},
                                               {"kind", "string", false, "regular | thematic | regular_thematic | conference | other"},
                                               {"mine", "string", false, "1: only meetings the caller was invited to"},
                                               {"page", "integer", false, "page number, 20 a page"}};
    const std::vector<FieldSpec> meeting_fields = {
        {"org_id", "integer", true, "the unit holding the meeting (kWrite there)"},
        {"kind", "string", true, "regular | thematic | regular_thematic | conference | other (meeting_kinds)"},
        {"held_on", "string", true, "YYYY-MM-DD (or d/m/yyyy); on or before today: held, attendance recorded; later: planned"},
        {"starts_at", "string", false, "HH:MM"},
        {"place", "string", false, "where"},
        {"topic", "string", true, "what it was about"},
        {"theme_id", "integer", false, "the year's theme (default for thematic kinds: the unit's theme of the year)"},
        {"document_ids", "array", false, "documents studied (integers; form: doc_<id> boxes)"},
        {"attendance", "array", false, "the exceptions: [{member_id, state: present|excused|absent, reason}]; everyone else present (form: state_<id>, reason_<id>)"},
        {"minutes", "string", false, "the minutes (biên bản)"}};
    const std::vector<FieldSpec> patch_fields = {
        {"kind", "string", false, "as POST"},       {"held_on", "string", false, "a new day re-reads who was invited"},
        {"starts_at", "string", false, "HH:MM"},    {"place", "string", false, "where"},
        {"topic", "string", false, "what"},         {"theme_id", "integer", false, "null clears it"},
        {"document_ids", "array", false, "replaces the documents studied"},
        {"attendance", "array", false, "exceptions to record (marks the meeting held)"},
        {"minutes", "string", false, "the minutes"}, {"version", "integer", false, "the version read; another since: 409"},
        {"op", "string", false, "form: attendance | details"}};
    const std::vector<FieldSpec> attendance_fields = {
        {"attendance", "array", true, "[{member_id, state: present|excused|absent, reason}]; everyone not listed present"},
        {"version", "integer", false, "the version read; another since: 409"}};
    const std::vector<FieldSpec> summary_query = {{"org_id", "integer", false, "the unit (default: the caller's first)"},
                                                  {"from", "string", false, "YYYY-MM-DD (default: 1 January this year)"},
                                                  {"to", "string", false, "YYYY-MM-DD (default: 31 December this year)"},
                                                  {"year", "integer", false, "instead of from and to: a calendar year"}};
    const std::vector<FieldSpec> theme_fields = {
        {"owner_org_id", "integer", false, "the unit setting it (default: the caller's first writable)"},
        {"year", "integer", true, "the year"},
        {"title", "string", true, "the theme"},
        {"description", "string", false, "what it asks"},
        {"document_ids", "array", false, "documents behind it (integers; form: doc_<id>)"}};

    r.Add({.method = "GET", .pattern = "/meetings", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "meetings/index", .summary = "meeting.title", .tag = "meetings", .handler = MeetingsPage,
           .query = list_query, .response = list});
    r.Add({.method = "GET", .pattern = "/api/v1/meetings", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Meetings of the caller's units (or, for a member, those they were invited to), newest first",
           .tag = "meetings", .handler = MeetingsPage, .query = list_query, .response = list});
    r.Add({.method = "GET", .pattern = "/meetings/new", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "meetings/new", .summary = "meeting.new.title", .tag = "meetings", .handler = NewMeetingPage,
           .query = {{"org_id", "integer", false, "the unit"}, {"held_on", "string", false, "the day"},
                     {"kind", "string", false, "the kind"}},
           .response = AnyObject()});
    r.Add({.method = "POST", .pattern = "/meetings", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "meeting.new.title", .tag = "meetings", .handler = CreateMeeting, .form_template = "meetings/new",
           .form_model = NewMeetingPage, .body = meeting_fields, .response = saved, .other_statuses = {201}});
    r.Add({.method = "POST", .pattern = "/api/v1/meetings", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Record a meeting (held: with its attendance) or plan one", .tag = "meetings",
           .handler = CreateMeeting, .body = meeting_fields, .success_status = 201, .response = saved});
    r.Add({.method = "GET", .pattern = "/meetings/summary", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "meetings/summary", .summary = "meeting.summary.title", .tag = "meetings",
           .handler = SummaryPage, .query = summary_query, .response = summary});
    r.Add({.method = "GET", .pattern = "/api/v1/meetings/summary", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Expected versus held meetings, attendance and the periods missed over a unit's subtree",
           .tag = "meetings", .handler = SummaryPage, .query = summary_query, .response = summary});
    r.Add({.method = "GET", .pattern = "/meetings/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "meetings/meeting", .summary = "meeting.title", .tag = "meetings", .handler = MeetingPage,
           .query = {{"page", "integer", false, "page of the attendance, 200 a page"}}, .response = page});
    r.Add({.method = "GET", .pattern = "/api/v1/meetings/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "A meeting with its attendance (a page of 200)", .tag = "meetings", .handler = MeetingPage,
           .query = {{"page", "integer", false, "page of the attendance, 200 a page"}}, .response = page});
    r.Add({.method = "POST", .pattern = "/meetings/{id}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "meeting.title", .tag = "meetings", .handler = UpdateMeeting, .body = patch_fields,
           .response = saved});
    r.Add({.method = "PATCH", .pattern = "/api/v1/meetings/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Change a meeting", .tag = "meetings", .handler = UpdateMeeting, .body = patch_fields,
           .response = saved});
    r.Add({.method = "PUT", .pattern = "/api/v1/meetings/{id}/attendance", .kind = Kind::kApi,
           .access = Access::kSignedIn, .summary = "Record a meeting's attendance", .tag = "meetings",
           .handler = PutAttendance, .body = attendance_fields, .response = saved});
    r.Add({.method = "POST", .pattern = "/meetings/{id}/files", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "meeting.files", .tag = "meetings", .handler = AddFile,
           .body = {{"file", "file", true, "a file of the minutes (PDF, DOCX, images)"}},
           .response = Object({{"meeting", Ref("Meeting")}})});
    r.Add({.method = "GET", .pattern = "/meetings/{id}/files/{sha}", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "A file of a meeting's minutes", .tag = "meetings", .handler = DownloadFile, .response = schema::File()});
    r.Add({.method = "GET", .pattern = "/themes", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .template_name = "meetings/themes", .summary = "meeting.themes.title", .tag = "meetings", .handler = ThemesPage,
           .query = {{"year", "integer", false, "one year"}}, .response = themes});
    r.Add({.method = "GET", .pattern = "/api/v1/themes", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "The years' themes, newest first", .tag = "meetings", .handler = ThemesPage,
           .query = {{"year", "integer", false, "one year"}}, .response = themes});
    r.Add({.method = "POST", .pattern = "/themes", .kind = Kind::kHtml, .access = Access::kSignedIn,
           .summary = "meeting.themes.title", .tag = "meetings", .handler = CreateTheme, .form_template = "meetings/themes",
           .form_model = ThemesPage, .body = theme_fields, .response = Object({{"theme", Ref("Theme")}}),
           .other_statuses = {201}});
    r.Add({.method = "POST", .pattern = "/api/v1/themes", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Set a unit's theme of a year", .tag = "meetings", .handler = CreateTheme, .body = theme_fields,
           .success_status = 201, .response = Object({{"theme", Ref("Theme")}})});
    r.Add({.method = "PUT", .pattern = "/api/v1/themes/{id}", .kind = Kind::kApi, .access = Access::kSignedIn,
           .summary = "Change a theme's title, description and documents", .tag = "meetings", .handler = UpdateTheme,
           .body = theme_fields, .response = Object({{"theme", Ref("Theme")}})});
}

}  // namespace dv::web
