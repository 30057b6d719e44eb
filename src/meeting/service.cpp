// meeting service: themes, meetings and attendance, the studies they record, expected versus held.
#include "meeting/service.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/text.h"
#include "core/time.h"
#include "document/distribution.h"
#include "document/service.h"
#include "member/service.h"
#include "meeting/store.h"
#include "org/service.h"
#include "rollup/rollup.h"

namespace dv::meeting {

namespace {

using auth::Permission;
constexpr size_t kMaxTopic = 500;
constexpr size_t kMaxPlace = 300;
constexpr size_t kMaxMinutes = 20000;
constexpr size_t kMaxReason = 300;
constexpr int kMaxSummaryMonths = 60;

// The month index of a date column (months since 1900-01), and the first month of the n-month period at or
// after a date (a date on a month's first day starts there; any later day, the next period).
std::string MonthIdx(const std::string& d) {
    return "((CAST(substr(" + d + ", 1, 4) AS INTEGER) - 1900) * 12 + CAST(substr(" + d + ", 6, 2) AS INTEGER) - 1)";
}
std::string CeilPeriod(const std::string& d, const std::string& n) {
    return "((" + MonthIdx(d) + " + CASE WHEN substr(" + d + ", 9, 2) = '01' THEN 0 ELSE 1 END + " + n + " - 1) / " + n +
           " * " + n + ")";
}

// The roll-up source: per unit (the subject), in metrics bounded by their period so a figure read on a
// period's last day is that period's:
// - mtg.<rule>.<n>:expected — 1 over each n-month period the unit must meet in (its type has the rule on
//   the period's first day);
// - mtg.<rule>.<n>:held — 1 over each such period in which it held a meeting that counts as the rule;
// - mtg:meetings, mtg:invited, mtg:present, mtg:excused, mtg:absent — over the month of each held meeting.
rollup::Source MeetingsSource() {
    const std::string ctes = R"(
mo (org_id) AS (SELECT o.id FROM orgs o WHERE ${WHERE}),
ver (org_id, type_code, vf, vt) AS (
    SELECT v.org_id, v.type_code, v.valid_from, COALESCE(v.valid_to, '9999-99-99')
    FROM org_versions v JOIN mo ON mo.org_id = v.org_id
),
ex (org_id, counts_as, n, lo_idx, hi_idx) AS (
    SELECT ver.org_id, r.counts_as, r.every_months, )" + CeilPeriod("ver.vf", "r.every_months") + R"(,
        CASE WHEN ver.vt = '9999-99-99' THEN NULL ELSE )" + CeilPeriod("ver.vt", "r.every_months") + R"( END
    FROM ver JOIN meeting_rules r ON r.type_code = ver.type_code
),
exd (org_id, counts_as, n, lo_idx, hi_idx, lo, hi) AS (
    SELECT ex.org_id, ex.counts_as, ex.n, ex.lo_idx, ex.hi_idx, c.first_day, COALESCE(c2.first_day, '9999-99-99')
    FROM ex JOIN calendar_months c ON c.idx = ex.lo_idx LEFT JOIN calendar_months c2 ON c2.idx = ex.hi_idx
),
mt (org_id, kind, midx, invited, present, excused, absent) AS (
    SELECT g.org_id, g.kind, )" + MonthIdx("g.held_on") + R"(, g.invited, g.present, g.excused, g.absent
    FROM meetings g JOIN mo ON mo.org_id = g.org_id WHERE g.status = 'held'
),
hd (org_id, counts_as, n, pidx) AS (
    SELECT DISTINCT e.org_id, e.counts_as, e.n, mt.midx / e.n * e.n
    FROM mt JOIN meeting_kind_counts k ON k.kind_code = mt.kind
        JOIN exd e ON e.org_id = mt.org_id AND e.counts_as = k.counts_as
    WHERE mt.midx / e.n * e.n >= e.lo_idx AND (e.hi_idx IS NULL OR mt.midx / e.n * e.n < e.hi_idx)
),
mm (org_id, lo, hi, invited, present, excused, absent) AS (
    SELECT mt.org_id, c.first_day, c2.first_day, mt.invited, mt.present, mt.excused, mt.absent
    FROM mt JOIN calendar_months c ON c.idx = mt.midx JOIN calendar_months c2 ON c2.idx = mt.midx + 1
),
spans (org_id, metric, lo, hi, w) AS (
    SELECT org_id, 'mtg.' || counts_as || '.' || CAST(n AS TEXT) || ':expected', lo, hi, 1 FROM exd WHERE lo < hi
    UNION ALL SELECT hd.org_id, 'mtg.' || hd.counts_as || '.' || CAST(hd.n AS TEXT) || ':held', c.first_day,
        c2.first_day, 1
        FROM hd JOIN calendar_months c ON c.idx = hd.pidx JOIN calendar_months c2 ON c2.idx = hd.pidx + hd.n
    UNION ALL SELECT org_id, 'mtg:meetings', lo, hi, 1 FROM mm
    UNION ALL SELECT org_id, 'mtg:invited', lo, hi, invited FROM mm WHERE invited > 0
    UNION ALL SELECT org_id, 'mtg:present', lo, hi, present FROM mm WHERE present > 0
    UNION ALL SELECT org_id, 'mtg:excused', lo, hi, excused FROM mm WHERE excused > 0
    UNION ALL SELECT org_id, 'mtg:absent', lo, hi, absent FROM mm WHERE absent > 0
))";
    return rollup::Source{.name = "meetings",
                          .version = 1,
                          .ctes = ctes,
                          .by_ids = "o.id IN (${IDS})",
                          .by_orgs = "o.id IN (${ORGS})",
                          .owns = {"mtg"},
                          .by_org = true};
}

int MonthIndex(const std::string& day) {
    return (std::stoi(day.substr(0, 4)) - 1900) * 12 + std::stoi(day.substr(5, 2)) - 1;
}
std::string MonthFirstDay(int idx) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-01", 1900 + idx / 12, idx % 12 + 1);
    return buf;
}
std::string MonthLastDay(int idx) { return time::AddDaysIso(MonthFirstDay(idx + 1), -1); }


std::vector<DocRef> Named(db::Connection& conn, const auth::Scope& scope, std::vector<DocRef> docs) {
    for (auto& d : docs) {
        auto doc = document::Get(conn, scope, d.id);
        if (doc.ok()) {
            d.label = document::Label(doc.value());
            d.title = doc.value().title;
        } else {
            d.label = "#" + std::to_string(d.id);
        }
    }
    return docs;
}

boost::json::array DocsJson(const std::vector<DocRef>& docs) {
    boost::json::array a;
    for (const auto& d : docs) a.push_back(boost::json::object{{"id", d.id}, {"label", d.label}, {"title", d.title}});
    return a;
}

// Documents the caller may read, each once; errors name `field`.
std::vector<int64_t> CheckDocuments(db::Connection& conn, const auth::Scope& scope, const std::vector<int64_t>& ids,
                                    const char* field, std::vector<FieldError>& errors) {
    std::vector<int64_t> out;
    std::set<int64_t> seen;
    if (ids.size() > 50) {
        errors.push_back({field, "too_many", "meeting.field.too_many_documents"});
        return out;
    }
    for (int64_t id : ids) {
        if (!seen.insert(id).second) continue;
        if (!document::Get(conn, scope, id).ok()) {
            errors.push_back({field, "not_found", "meeting.field.document_not_found"});
            return out;
        }
        out.push_back(id);
    }
    return out;
}


bool ValidTime(const std::string& s) {
    if (s.empty()) return true;
    if (s.size() != 5 || s[2] != ':') return false;
    for (size_t i : {0u, 1u, 3u, 4u})
        if (s[i] < '0' || s[i] > '9') return false;
    return std::stoi(s.substr(0, 2)) < 24 && std::stoi(s.substr(3, 2)) < 60;
}

boost::json::object AuditJson(const Meeting& m) {
    auto j = ToJson(m);
    j.erase("documents");
    j.erase("files");
    boost::json::array docs;
    for (const auto& d : m.documents) docs.push_back(d.id);
    j["document_ids"] = std::move(docs);
    return j;
}

// The attendance of a meeting of `org_id` on `day`: every member invited, with the states given (others
// present, or as `kept` recorded them). Field errors on "attendance" and "invited".
std::vector<Attendee> Attendance(db::Connection& conn, int64_t org_id, const std::string& day,
                                 const std::vector<AttendanceInput>& given, const std::vector<Attendee>& kept,
                                 std::vector<FieldError>& errors) {
    auto rows = store::MembersOn(conn, org_id, day, kMaxInvited);
    if (static_cast<int64_t>(rows.size()) > kMaxInvited) {
        errors.push_back({"invited", "too_many", "meeting.field.too_many_invited"});
        return {};
    }
    std::unordered_map<int64_t, size_t> at;
    for (size_t i = 0; i < rows.size(); ++i) at[rows[i].member_id] = i;
    for (const auto& k : kept)
        if (auto it = at.find(k.member_id); it != at.end()) {
            rows[it->second].state = k.state;
            rows[it->second].reason = k.reason;
        }
    std::set<int64_t> seen;
    for (size_t i = 0; i < given.size(); ++i) {
        const auto& g = given[i];
        const std::string place = "attendance[" + std::to_string(i) + "]";
        auto it = at.find(g.member_id);
        if (it == at.end()) {
            errors.push_back({place + ".member_id", "not_invited", "meeting.field.not_invited"});
            continue;
        }
        if (!seen.insert(g.member_id).second) {
            errors.push_back({place + ".member_id", "twice", "meeting.field.listed_twice"});
            continue;
        }
        auto state = ParseAttend(std::string(text::Trim(g.state)));
        if (!state) {
            errors.push_back({place + ".state", "invalid_choice", "field.invalid_choice"});
            continue;
        }
        std::string reason(text::Trim(g.reason));
        if (*state == Attend::kExcused && reason.empty())
            errors.push_back({place + ".reason", "required", "meeting.field.reason_required"});
        else if (text::Utf8Length(reason) > kMaxReason)
            errors.push_back({place + ".reason", "too_long", "field.too_long"});
        if (*state != Attend::kExcused) reason.clear();
        rows[it->second].state = *state;
        rows[it->second].reason = reason;
    }
    return rows;
}

void Count(Meeting& m, const std::vector<Attendee>& rows) {
    m.invited = static_cast<int64_t>(rows.size());
    m.present = m.excused = m.absent = 0;
    for (const auto& r : rows) {
        if (r.state == Attend::kPresent) ++m.present;
        if (r.state == Attend::kExcused) ++m.excused;
        if (r.state == Attend::kAbsent) ++m.absent;
    }
}

// Records the study of each document of a held meeting for the units present that received it for study
// and have not recorded their study another way (or recorded it from this meeting: updated).
int64_t RecordStudies(db::Connection& conn, const auth::Scope& scope, const Meeting& m, const audit::Actor& actor,
                      int64_t now, const std::string& today) {
    if (!m.held || m.documents.empty()) return 0;
    std::string form = "other";
    for (const auto& k : store::Kinds(conn))
        if (k.code == m.kind) form = k.study_form;
    const std::string ref = "meeting:" + std::to_string(m.id);
    auto present = store::PresentByUnit(conn, m.id, m.org_id, m.held_on);
    int64_t recorded = 0;
    for (const auto& d : m.documents)
        for (const auto& [unit, n] : present) {
            if (unit != m.org_id && !org::IsInSubtree(conn, m.org_id, unit)) continue;
            auto r = document::distribution::GetRecipient(conn, scope, d.id, unit);
            if (!r.ok()) continue;
            if (!r.value().studied_on.empty() && r.value().meeting_ref != ref) continue;
            document::distribution::RecordInput in;
            in.received_on = r.value().received_on.empty() || r.value().received_on > m.held_on ? ""
                                                                                               : r.value().received_on;
            in.studied_on = m.held_on;
            in.study_form = form;
            in.attendees = n;
            in.meeting_ref = ref;
            in.note = r.value().note;
            if (document::distribution::Record(conn, scope, d.id, unit, in, actor, now, today).ok()) ++recorded;
        }
    return recorded;
}

Result<Meeting> Readable(db::Connection& conn, const auth::Scope& scope, int64_t id, bool* can_edit,
                         std::optional<Attendee>* own) {
    auto m = store::GetMeeting(conn, id);
    if (!m) return Error::NotFound();
    const bool reader = org::Find(conn, scope, Permission::kRead, m->org_id).has_value();
    std::optional<Attendee> mine;
    if (auto me = member::OwnRecord(conn, scope)) mine = store::AttendanceOf(conn, id, *me);
    if (!reader && !mine) return Error::NotFound();
    if (can_edit) *can_edit = org::Find(conn, scope, Permission::kWrite, m->org_id).has_value();
    if (own) *own = mine;
    m->documents = Named(conn, scope, std::move(m->documents));
    return *m;
}

}  // namespace

const char* ToString(Attend a) {
    switch (a) {
        case Attend::kPresent: return "present";
        case Attend::kExcused: return "excused";
        case Attend::kAbsent: return "absent";
    }
    return "present";
}

std::optional<Attend> ParseAttend(const std::string& s) {
    for (auto a : {Attend::kPresent, Attend::kExcused, Attend::kAbsent})
        if (s == ToString(a)) return a;
    return std::nullopt;
}

void Connect() { rollup::Register(MeetingsSource()); }

boost::json::object ToJson(const Theme& t) {
    return {{"id", t.id},
            {"owner_org_id", t.owner_org_id},
            {"owner_name", t.owner_name},
            {"year", t.year},
            {"title", t.title},
            {"description", t.description},
            {"documents", DocsJson(t.documents)},
            {"created_at", t.created_at},
            {"updated_at", t.updated_at}};
}

boost::json::object ToJson(const Meeting& m) {
    boost::json::array files;
    for (const auto& f : m.files) files.push_back(boost::json::object{{"sha256", f.sha256}, {"name", f.name}, {"size", f.size}});
    return {{"id", m.id},
            {"org_id", m.org_id},
            {"org_name", m.org_name},
            {"kind", m.kind},
            {"kind_name", m.kind_name},
            {"held_on", m.held_on},
            {"starts_at", m.starts_at},
            {"place", m.place},
            {"topic", m.topic},
            {"theme_id", m.theme_id ? boost::json::value(*m.theme_id) : boost::json::value(nullptr)},
            {"theme_title", m.theme_title},
            {"minutes", m.minutes},
            {"status", m.held ? "held" : "planned"},
            {"invited", m.invited},
            {"present", m.present},
            {"excused", m.excused},
            {"absent", m.absent},
            {"version", m.version},
            {"created_at", m.created_at},
            {"updated_at", m.updated_at},
            {"updated_by", m.updated_by},
            {"documents", DocsJson(m.documents)},
            {"files", std::move(files)}};
}

boost::json::object ToJson(const Attendee& a) {
    return {{"member_id", a.member_id}, {"full_name", a.full_name}, {"org_id", a.org_id},
            {"org_name", a.org_name},   {"state", ToString(a.state)}, {"reason", a.reason}};
}

boost::json::object ToJson(const Summary& s) {
    boost::json::array kinds, missed;
    for (const auto& [k, t] : s.kinds)
        kinds.push_back(boost::json::object{{"counts_as", k}, {"expected", t.expected}, {"held", t.held}, {"missed", t.missed()}});
    for (const auto& p : s.periods)
        if (p.missed() > 0)
            missed.push_back(boost::json::object{{"counts_as", p.counts_as},
                                                 {"period_from", p.first_day},
                                                 {"period_to", p.last_day},
                                                 {"units", p.missed()}});
    return {{"org_id", s.org_id},
            {"org_name", s.org_name},
            {"from", s.from},
            {"to", s.to},
            {"as_of", s.as_of},
            {"kinds", std::move(kinds)},
            {"missed", std::move(missed)},
            {"meetings", s.meetings},
            {"invited", s.invited},
            {"present", s.present},
            {"excused", s.excused},
            {"absent", s.absent},
            {"attendance_rate", s.invited > 0 ? boost::json::value(static_cast<double>(s.present) / static_cast<double>(s.invited))
                                              : boost::json::value(nullptr)}};
}

std::vector<Kind> Kinds(db::Connection& conn) { return store::Kinds(conn); }
std::vector<Rule> Rules(db::Connection& conn) { return store::Rules(conn); }

// ---- Themes

bool CanEditThemes(const auth::Scope& scope) { return scope.AnyAllows(Permission::kWrite); }

Result<Theme> CreateTheme(db::Connection& conn, const auth::Scope& scope, const ThemeInput& in, const audit::Actor& actor,
                          int64_t now) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    std::vector<FieldError> errors;
    Theme t;
    if (in.owner_org_id)
        t.owner_org_id = *in.owner_org_id;
    else if (auto roots = scope.Roots(Permission::kWrite); !roots.empty())
        t.owner_org_id = roots.front();
    if (!t.owner_org_id || !org::Find(conn, scope, Permission::kWrite, t.owner_org_id))
        errors.push_back({"owner_org_id", "not_found", "field.org_not_found"});
    if (!in.year)
        errors.push_back({"year", "required", "field.required"});
    else if (*in.year < 1945 || *in.year > 2100)
        errors.push_back({"year", "out_of_range", "meeting.field.year_range"});
    t.year = in.year.value_or(0);
    t.title = std::string(text::Trim(in.title));
    t.description = std::string(text::Trim(in.description));
    CheckText(t.title, "title", kMaxTopic, true, errors);
    CheckText(t.description, "description", kMaxMinutes, false, errors);
    auto docs = CheckDocuments(conn, scope, in.document_ids, "document_ids", errors);
    db::Transaction tx(conn);
    if (errors.empty() && store::ThemeExists(conn, t.owner_org_id, t.year))
        errors.push_back({"year", "taken", "meeting.field.theme_year_taken"});
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    t.id = store::InsertTheme(conn, t, actor.user_id, now);
    store::SetThemeDocuments(conn, t.id, docs);
    auto saved = *store::GetTheme(conn, t.id);
    audit::Append(conn, actor, now, "theme.create", "theme", t.id, t.owner_org_id, nullptr, ToJson(saved));
    tx.Commit();
    saved.documents = Named(conn, scope, std::move(saved.documents));
    return saved;
}

Result<Theme> UpdateTheme(db::Connection& conn, const auth::Scope& scope, int64_t id, const ThemeInput& in,
                          const audit::Actor& actor, int64_t now) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    db::Transaction tx(conn);
    auto before = store::GetTheme(conn, id);
    if (!before) return Error::NotFound();
    if (!org::Find(conn, scope, Permission::kWrite, before->owner_org_id)) return Error::Forbidden();
    std::vector<FieldError> errors;
    const std::string title(text::Trim(in.title)), description(text::Trim(in.description));
    CheckText(title, "title", kMaxTopic, true, errors);
    CheckText(description, "description", kMaxMinutes, false, errors);
    auto docs = CheckDocuments(conn, scope, in.document_ids, "document_ids", errors);
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    store::UpdateTheme(conn, id, title, description, now);
    store::SetThemeDocuments(conn, id, docs);
    auto after = *store::GetTheme(conn, id);
    audit::Append(conn, actor, now, "theme.update", "theme", id, after.owner_org_id, ToJson(*before), ToJson(after));
    tx.Commit();
    after.documents = Named(conn, scope, std::move(after.documents));
    return after;
}

std::vector<Theme> Themes(db::Connection& conn, const auth::Scope& scope, std::optional<int> year) {
    auto list = store::Themes(conn, year);
    for (auto& t : list) t.documents = Named(conn, scope, std::move(t.documents));
    return list;
}

std::optional<Theme> ThemeFor(db::Connection& conn, const auth::Scope& scope, int64_t org_id, int year) {
    auto t = store::ThemeFor(conn, org_id, year);
    if (t) t->documents = Named(conn, scope, std::move(t->documents));
    return t;
}

// ---- Meetings

Result<Saved> CreateMeeting(db::Connection& conn, const auth::Scope& scope, const MeetingInput& in,
                            const audit::Actor& actor, int64_t now, const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    std::vector<FieldError> errors;
    Meeting m;
    std::optional<org::Org> unit;
    if (!in.org_id)
        errors.push_back({"org_id", "required", "field.required"});
    else if (!(unit = org::Find(conn, scope, Permission::kWrite, *in.org_id)))
        errors.push_back({"org_id", "not_found", "field.org_not_found"});
    else
        m.org_id = unit->id;
    m.kind = std::string(text::Trim(in.kind));
    {
        bool known = false;
        for (const auto& k : store::Kinds(conn)) known = known || k.code == m.kind;
        if (m.kind.empty())
            errors.push_back({"kind", "required", "field.required"});
        else if (!known)
            errors.push_back({"kind", "invalid_choice", "field.invalid_choice"});
    }
    m.held_on = std::string(text::Trim(in.held_on));
    if (m.held_on.empty())
        errors.push_back({"held_on", "required", "field.required"});
    else if (!time::IsIsoDate(m.held_on))
        errors.push_back({"held_on", "invalid_date", "field.invalid_date"});
    else if (m.held_on > time::AddDaysIso(today, 366))
        errors.push_back({"held_on", "too_far", "meeting.field.too_far_ahead"});
    else if (unit && m.held_on < unit->founded_on)
        errors.push_back({"held_on", "before_founded", "field.before_org_founded"});
    else if (unit && !unit->ended_on.empty() && m.held_on >= unit->ended_on)
        errors.push_back({"held_on", "after_ended", "field.org_ended"});
    m.starts_at = std::string(text::Trim(in.starts_at));
    if (!ValidTime(m.starts_at)) errors.push_back({"starts_at", "invalid_time", "meeting.field.invalid_time"});
    m.place = std::string(text::Trim(in.place));
    m.topic = std::string(text::Trim(in.topic));
    m.minutes = std::string(text::Trim(in.minutes));
    CheckText(m.topic, "topic", kMaxTopic, true, errors);
    CheckText(m.place, "place", kMaxPlace, false, errors);
    CheckText(m.minutes, "minutes", kMaxMinutes, false, errors);
    std::vector<int64_t> docs;
    if (in.document_ids) docs = CheckDocuments(conn, scope, *in.document_ids, "document_ids", errors);
    if (in.theme_id) {
        if (!store::GetTheme(conn, *in.theme_id))
            errors.push_back({"theme_id", "not_found", "meeting.field.theme_not_found"});
        else
            m.theme_id = in.theme_id;
    } else if (!in.theme_given && unit && time::IsIsoDate(m.held_on) && m.kind.find("thematic") != std::string::npos) {
        if (auto t = store::ThemeFor(conn, unit->id, std::stoi(m.held_on.substr(0, 4)))) m.theme_id = t->id;
    }
    m.held = !m.held_on.empty() && m.held_on <= today;
    if (!m.held && !in.attendance.empty())
        errors.push_back({"attendance", "not_yet", "meeting.field.attendance_before_day"});
    db::Transaction tx(conn);
    std::vector<Attendee> rows;
    if (errors.empty()) rows = Attendance(conn, m.org_id, m.held_on, in.attendance, {}, errors);
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    Count(m, rows);
    if (!m.held) {
        // Planned: who is invited is kept; their attendance is recorded after the day.
        for (auto& r : rows) r.state = Attend::kPresent;
        m.present = m.excused = m.absent = 0;
    }
    auto figures = rollup::Change::Of(conn, "meetings", {m.org_id});
    m.id = store::InsertMeeting(conn, m, actor.user_id, now);
    store::ReplaceAttendance(conn, m.id, rows);
    store::SetMeetingDocuments(conn, m.id, docs);
    figures.Apply();
    auto saved = *store::GetMeeting(conn, m.id);
    audit::Append(conn, actor, now, "meeting.create", "meeting", m.id, m.org_id, nullptr, AuditJson(saved));
    Saved out;
    out.studies_recorded = RecordStudies(conn, scope, saved, actor, now, today);
    tx.Commit();
    saved.documents = Named(conn, scope, std::move(saved.documents));
    out.meeting = std::move(saved);
    return out;
}

Result<Saved> UpdateMeeting(db::Connection& conn, const auth::Scope& scope, int64_t id, const MeetingInput& in,
                            std::optional<int64_t> version, const audit::Actor& actor, int64_t now,
                            const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    db::Transaction tx(conn);
    auto before = store::GetMeeting(conn, id);
    if (!before) return Error::NotFound();
    auto unit = org::Find(conn, scope, Permission::kWrite, before->org_id);
    if (!unit) {
        if (org::Find(conn, scope, Permission::kRead, before->org_id)) return Error::Forbidden();
        return Error::NotFound();
    }
    if (version && *version != before->version) return Error::Conflict("error.stale_version");
    std::vector<FieldError> errors;
    if (in.org_id && *in.org_id != before->org_id)
        errors.push_back({"org_id", "unchangeable", "meeting.field.unit_unchangeable"});
    Meeting m = *before;
    if (!in.kind.empty()) {
        bool known = false;
        for (const auto& k : store::Kinds(conn)) known = known || k.code == in.kind;
        if (!known) errors.push_back({"kind", "invalid_choice", "field.invalid_choice"});
        m.kind = in.kind;
    }
    if (!in.held_on.empty()) {
        m.held_on = std::string(text::Trim(in.held_on));
        if (!time::IsIsoDate(m.held_on))
            errors.push_back({"held_on", "invalid_date", "field.invalid_date"});
        else if (m.held_on > time::AddDaysIso(today, 366))
            errors.push_back({"held_on", "too_far", "meeting.field.too_far_ahead"});
        else if (m.held_on < unit->founded_on)
            errors.push_back({"held_on", "before_founded", "field.before_org_founded"});
        else if (!unit->ended_on.empty() && m.held_on >= unit->ended_on)
            errors.push_back({"held_on", "after_ended", "field.org_ended"});
    }
    if (!in.starts_at.empty()) m.starts_at = std::string(text::Trim(in.starts_at));
    if (!ValidTime(m.starts_at)) errors.push_back({"starts_at", "invalid_time", "meeting.field.invalid_time"});
    if (!in.place.empty()) m.place = std::string(text::Trim(in.place));
    if (!in.topic.empty()) m.topic = std::string(text::Trim(in.topic));
    if (!in.minutes.empty()) m.minutes = std::string(text::Trim(in.minutes));
    CheckText(m.topic, "topic", kMaxTopic, true, errors);
    CheckText(m.place, "place", kMaxPlace, false, errors);
    CheckText(m.minutes, "minutes", kMaxMinutes, false, errors);
    if (in.theme_given) {
        if (in.theme_id && !store::GetTheme(conn, *in.theme_id))
            errors.push_back({"theme_id", "not_found", "meeting.field.theme_not_found"});
        m.theme_id = in.theme_id;
    }
    std::vector<int64_t> docs;
    for (const auto& d : before->documents) docs.push_back(d.id);
    if (in.document_ids) docs = CheckDocuments(conn, scope, *in.document_ids, "document_ids", errors);
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    // Who is invited follows the day; the states recorded stay for those still invited.
    auto kept = store::Attendance(conn, id, kMaxInvited + 1, 0);
    m.held = before->held || (!in.attendance.empty() && m.held_on <= today);
    if (m.held && m.held_on > today) errors.push_back({"held_on", "after_held", "meeting.field.held_in_future"});
    if (!m.held && !in.attendance.empty())
        errors.push_back({"attendance", "not_yet", "meeting.field.attendance_before_day"});
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    auto rows = Attendance(conn, m.org_id, m.held_on, in.attendance, kept, errors);
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    Count(m, rows);
    if (!m.held) m.present = m.excused = m.absent = 0;
    m.documents.clear();
    for (int64_t d : docs) m.documents.push_back({.id = d});
    auto figures = rollup::Change::Of(conn, "meetings", {m.org_id});
    if (!store::UpdateMeeting(conn, m, before->version, actor.user_id, now)) return Error::Conflict("error.stale_version");
    store::ReplaceAttendance(conn, id, rows);
    store::SetMeetingDocuments(conn, id, docs);
    figures.Apply();
    auto saved = *store::GetMeeting(conn, id);
    audit::Append(conn, actor, now, "meeting.update", "meeting", id, m.org_id, AuditJson(*before), AuditJson(saved));
    Saved out;
    out.studies_recorded = RecordStudies(conn, scope, saved, actor, now, today);
    tx.Commit();
    saved.documents = Named(conn, scope, std::move(saved.documents));
    out.meeting = std::move(saved);
    return out;
}

Result<Saved> RecordAttendance(db::Connection& conn, const auth::Scope& scope, int64_t id,
                               const std::vector<AttendanceInput>& attendance, std::optional<int64_t> version,
                               const audit::Actor& actor, int64_t now, const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    db::Transaction tx(conn);
    auto before = store::GetMeeting(conn, id);
    if (!before) return Error::NotFound();
    if (!org::Find(conn, scope, Permission::kWrite, before->org_id)) {
        if (org::Find(conn, scope, Permission::kRead, before->org_id)) return Error::Forbidden();
        return Error::NotFound();
    }
    if (version && *version != before->version) return Error::Conflict("error.stale_version");
    if (before->held_on > today) return Error::InvalidField("attendance", "not_yet", "meeting.field.attendance_before_day");
    std::vector<FieldError> errors;
    // A PUT replaces the whole attendance: everyone not listed is present.
    auto rows = Attendance(conn, before->org_id, before->held_on, attendance, {}, errors);
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    Meeting m = *before;
    m.held = true;
    Count(m, rows);
    auto figures = rollup::Change::Of(conn, "meetings", {m.org_id});
    if (!store::UpdateMeeting(conn, m, before->version, actor.user_id, now)) return Error::Conflict("error.stale_version");
    store::ReplaceAttendance(conn, id, rows);
    figures.Apply();
    auto saved = *store::GetMeeting(conn, id);
    auto after = AuditJson(saved);
    boost::json::array exceptions;
    for (const auto& r : rows)
        if (r.state != Attend::kPresent)
            exceptions.push_back(boost::json::object{{"member_id", r.member_id}, {"state", ToString(r.state)}, {"reason", r.reason}});
    after["exceptions"] = std::move(exceptions);
    audit::Append(conn, actor, now, "meeting.attendance", "meeting", id, m.org_id, AuditJson(*before), after);
    Saved out;
    out.studies_recorded = RecordStudies(conn, scope, saved, actor, now, today);
    tx.Commit();
    saved.documents = Named(conn, scope, std::move(saved.documents));
    out.meeting = std::move(saved);
    return out;
}

Result<Meeting> AddFile(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& filename,
                        std::string_view bytes, const std::string& files_dir, const audit::Actor& actor, int64_t now) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    db::Transaction tx(conn);
    auto m = store::GetMeeting(conn, id);
    if (!m) return Error::NotFound();
    if (!org::Find(conn, scope, Permission::kWrite, m->org_id)) return Error::NotFound();
    DV_ASSIGN_OR_RETURN(auto stored, document::StoreFile(conn, "file", filename, bytes, files_dir, now));
    FileRef f{.sha256 = stored.sha256, .name = filename.empty() ? "bien-ban" : filename,
              .size = static_cast<int64_t>(bytes.size())};
    store::AddFile(conn, id, f, actor.user_id, now);
    audit::Append(conn, actor, now, "meeting.file", "meeting", id, m->org_id, nullptr,
                  boost::json::object{{"sha256", f.sha256}, {"name", f.name}, {"size", f.size}});
    tx.Commit();
    return *store::GetMeeting(conn, id);
}

Result<std::string> FileOf(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& sha,
                           std::string* name) {
    DV_TRY(Readable(conn, scope, id, nullptr, nullptr));
    if (!store::HasFile(conn, id, sha, name)) return Error::NotFound();
    return sha;
}

Result<Record> GetMeeting(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    Record out;
    DV_ASSIGN_OR_RETURN(out.meeting, Readable(conn, scope, id, &out.can_edit, &out.own));
    return out;
}

Result<AttendeesPage> Attendees(db::Connection& conn, const auth::Scope& scope, int64_t id, int page, int page_size) {
    bool can_edit = false;
    std::optional<Attendee> own;
    DV_ASSIGN_OR_RETURN(auto m, Readable(conn, scope, id, &can_edit, &own));
    AttendeesPage out;
    out.total = m.invited;
    // A member who only reads their own meeting sees their own line, not the others'.
    if (!org::Find(conn, scope, Permission::kRead, m.org_id)) {
        if (own) out.rows.push_back(*own);
        out.total = out.rows.size();
        return out;
    }
    out.rows = store::Attendance(conn, id, page_size, static_cast<int64_t>(page - 1) * page_size);
    return out;
}

Result<std::vector<Attendee>> Invitees(db::Connection& conn, const auth::Scope& scope, int64_t org_id,
                                       const std::string& day) {
    if (!org::Find(conn, scope, Permission::kWrite, org_id)) return Error::NotFound();
    if (!time::IsIsoDate(day)) return Error::InvalidField("held_on", "invalid_date", "field.invalid_date");
    auto rows = store::MembersOn(conn, org_id, day, kMaxInvited);
    if (static_cast<int64_t>(rows.size()) > kMaxInvited)
        return Error::InvalidField("invited", "too_many", "meeting.field.too_many_invited");
    return rows;
}

Result<Page> Meetings(db::Connection& conn, const auth::Scope& scope, const Filter& f) {
    store::ListFilter lf;
    if (f.mine) {
        auto me = member::OwnRecord(conn, scope);
        if (!me) return Page{};
        lf.member_id = *me;
    } else if (!scope.AnyAllows(Permission::kRead)) {
        return Error::Forbidden();
    }
    std::vector<FieldError> errors;
    if (!f.from.empty() && !time::IsIsoDate(f.from)) errors.push_back({"from", "invalid_date", "field.invalid_date"});
    if (!f.to.empty() && !time::IsIsoDate(f.to)) errors.push_back({"to", "invalid_date", "field.invalid_date"});
    if (f.under && !org::Find(conn, scope, Permission::kRead, *f.under))
        errors.push_back({"under", "not_found", "field.org_not_found"});
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    lf.under = f.under;
    // A unit the caller reads bounds the list to its subtree, all of it readable: no check of the scope per row
    // (at national scale that was an EXISTS probe for each of 2.4 million meetings, 5.8 s for the root's list).
    if (!lf.member_id) {
        if (!lf.under) {
            auto roots = scope.Roots(Permission::kRead);
            if (roots.size() == 1) lf.under = roots.front();
        }
        lf.scoped = !lf.under;
    }
    lf.from = f.from;
    lf.to = f.to;
    lf.kind = f.kind;
    lf.limit = f.page_size;
    lf.offset = static_cast<int64_t>(f.page - 1) * f.page_size;
    auto rows = store::Meetings(conn, scope, lf);
    Page out;
    out.total = rows.total;
    out.meetings = std::move(rows.meetings);
    if (lf.member_id)
        for (const auto& m : out.meetings) out.own.push_back(store::AttendanceOf(conn, m.id, *lf.member_id));
    return out;
}

std::vector<Unit> RecordableUnits(db::Connection& conn, const auth::Scope& scope) {
    std::vector<Unit> out;
    for (const auto& o : org::ListWhere(conn, scope, Permission::kWrite))
        out.push_back({.id = o.id, .name = o.name, .depth = o.depth});
    return out;
}

std::optional<int64_t> DefaultUnit(db::Connection& conn, const auth::Scope& scope) {
    auto cells = org::WritableCells(conn, scope);
    if (!cells.empty()) return cells.front().id;
    auto roots = scope.Roots(Permission::kWrite);
    if (roots.empty()) return std::nullopt;
    return roots.front();
}

// ---- Expected versus held

std::vector<Summary> SummariesOf(db::Connection& conn, const std::vector<int64_t>& org_ids, const std::string& from,
                                 const std::string& to, const std::string& today) {
    std::vector<Summary> out;
    const int first = MonthIndex(from), last = MonthIndex(to);
    // Every unit's figures at the end of every month, read in a few statements.
    std::vector<std::pair<int64_t, std::string>> at;
    std::vector<int> months;
    for (int mi = first; mi <= last && MonthFirstDay(mi) <= today; ++mi) months.push_back(mi);
    for (int64_t org_id : org_ids)
        for (int mi : months) at.emplace_back(org_id, std::min(MonthLastDay(mi), today));
    const auto figures = rollup::FiguresNamedAt(conn, at, "mtg", "mth");
    size_t next = 0;
    for (int64_t org_id : org_ids) {
        Summary s;
        s.org_id = org_id;
        s.from = from;
        s.to = to;
        s.as_of = std::min(to, today);
        std::map<std::tuple<std::string, int, int>, Period> periods;  // (rule, n, first month) -> figures
        for (int mi : months) {
            const std::string read_day = at[next].second;
            const bool current = read_day == today;
            for (const auto& [metric, value] : figures[next++]) {
                if (metric.rfind("mtg:", 0) == 0) {
                    const std::string what = metric.substr(4);
                    if (what == "meetings") s.meetings += value;
                    else if (what == "invited") s.invited += value;
                    else if (what == "present") s.present += value;
                    else if (what == "excused") s.excused += value;
                    else if (what == "absent") s.absent += value;
                    continue;
                }
                // mtg.<rule>.<n>:expected|held
                const auto dot = metric.find('.', 4);
                const auto colon = metric.find(':');
                if (dot == std::string::npos || colon == std::string::npos || colon < dot) continue;
                const std::string rule = metric.substr(4, dot - 4);
                const int n = std::stoi(metric.substr(dot + 1, colon - dot - 1));
                const std::string what = metric.substr(colon + 1);
                const int pidx = mi / n * n, pend = pidx + n - 1;
                const bool ends_here = mi == pend;
                const bool in_progress_here = current && pend > mi && pend <= last;
                if (!ends_here && !in_progress_here) continue;
                auto& p = periods[{rule, n, pidx}];
                p.counts_as = rule;
                p.every_months = n;
                p.first_day = MonthFirstDay(pidx);
                p.last_day = MonthLastDay(pend);
                p.in_progress = p.last_day > today;
                if (what == "expected") p.expected = value;
                if (what == "held") p.held = value;
            }
        }
        for (auto& [key, p] : periods) {
            if (p.in_progress) p.expected = p.held;
            if (p.expected == 0 && p.held == 0) continue;
            auto& k = s.kinds[p.counts_as];
            k.expected += p.expected;
            k.held += std::min(p.held, p.expected);
            s.periods.push_back(p);
        }
        std::sort(s.periods.begin(), s.periods.end(), [](const Period& a, const Period& b) {
            return std::tie(a.first_day, a.counts_as, a.every_months) < std::tie(b.first_day, b.counts_as, b.every_months);
        });
        out.push_back(std::move(s));
    }
    return out;
}

Result<Summary> SummaryOf(db::Connection& conn, const auth::Scope& scope, int64_t org_id, const std::string& from,
                          const std::string& to, const std::string& today) {
    auto unit = org::Find(conn, scope, Permission::kRead, org_id);
    if (!unit) return Error::NotFound();
    std::vector<FieldError> errors;
    if (!time::IsIsoDate(from)) errors.push_back({"from", "invalid_date", "field.invalid_date"});
    if (!time::IsIsoDate(to)) errors.push_back({"to", "invalid_date", "field.invalid_date"});
    if (errors.empty() && to < from) errors.push_back({"to", "before_from", "meeting.field.to_before_from"});
    if (errors.empty() && MonthIndex(to) - MonthIndex(from) >= kMaxSummaryMonths)
        errors.push_back({"to", "too_long", "meeting.field.span_too_long"});
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    auto s = SummariesOf(conn, {org_id}, from, to, today).front();
    s.org_name = unit->name;
    return s;
}

Result<std::vector<Absentee>> Absentees(db::Connection& conn, const auth::Scope& scope, int64_t org_id,
                                        const std::string& from, const std::string& to, int min_months,
                                        const std::string& today) {
    if (!org::Find(conn, scope, Permission::kRead, org_id)) return Error::NotFound();
    if (rollup::Figure(conn, org_id, "members", today) > kAbsenteesMaxMembers)
        return Error::Conflict("meeting.absentees_too_many");
    return store::Absentees(conn, org_id, from, to, min_months);
}

std::vector<Meeting> NextMeetings(db::Connection& conn, const auth::Scope& scope, const std::string& today, int limit) {
    auto me = member::OwnRecord(conn, scope);
    if (!me) return {};
    return store::PlannedFor(conn, *me, today, limit);
}

}  // namespace dv::meeting
