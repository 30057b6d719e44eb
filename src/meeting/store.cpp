// meeting store: SQL over the meeting tables.
#include "meeting/store.h"

#include "auth/scope_sql.h"

namespace dv::meeting::store {

namespace {

constexpr const char* kThemeColumns =
    "t.id, t.owner_org_id, o.name, t.year, t.title, t.description, t.created_at, t.updated_at "
    "FROM themes t JOIN orgs o ON o.id = t.owner_org_id ";

std::vector<DocRef> ThemeDocuments(db::Connection& conn, int64_t theme_id) {
    std::vector<DocRef> out;
    for (const auto& r : conn.Query("SELECT document_id FROM theme_documents WHERE theme_id = ? ORDER BY document_id",
                                    {theme_id}))
        out.push_back({.id = r.Int(0)});
    return out;
}

Theme ThemeFromRow(db::Connection& conn, const db::Row& r) {
    Theme t;
    t.id = r.Int(0);
    t.owner_org_id = r.Int(1);
    t.owner_name = r.Text(2);
    t.year = static_cast<int>(r.Int(3));
    t.title = r.Text(4);
    t.description = r.Text(5);
    t.created_at = r.Int(6);
    t.updated_at = r.Int(7);
    t.documents = ThemeDocuments(conn, t.id);
    return t;
}

constexpr const char* kMeetingColumns =
    "g.id, g.org_id, o.name, g.kind, k.name, g.held_on, g.starts_at, g.place, g.topic, g.theme_id, "
    "COALESCE(t.title, ''), g.minutes, g.status, g.invited, g.present, g.excused, g.absent, g.version, g.created_at, "
    "g.updated_at, COALESCE(u.display_name, '') "
    "FROM meetings g JOIN orgs o ON o.id = g.org_id JOIN meeting_kinds k ON k.code = g.kind "
    "LEFT JOIN themes t ON t.id = g.theme_id LEFT JOIN users u ON u.id = g.updated_by ";

Meeting MeetingFromRow(const db::Row& r) {
    Meeting m;
    m.id = r.Int(0);
    m.org_id = r.Int(1);
    m.org_name = r.Text(2);
    m.kind = r.Text(3);
    m.kind_name = r.Text(4);
    m.held_on = r.Text(5);
    m.starts_at = r.Text(6);
    m.place = r.Text(7);
    m.topic = r.Text(8);
    m.theme_id = r.OptInt(9);
    m.theme_title = r.Text(10);
    m.minutes = r.Text(11);
    m.held = r.Text(12) == "held";
    m.invited = r.Int(13);
    m.present = r.Int(14);
    m.excused = r.Int(15);
    m.absent = r.Int(16);
    m.version = r.Int(17);
    m.created_at = r.Int(18);
    m.updated_at = r.Int(19);
    m.updated_by = r.Text(20);
    return m;
}

Attendee AttendeeFromRow(const db::Row& r) {
    Attendee a;
    a.member_id = r.Int(0);
    a.full_name = r.Text(1);
    a.org_id = r.Int(2);
    a.org_name = r.Text(3);
    a.state = ParseAttend(r.Text(4)).value_or(Attend::kPresent);
    a.reason = r.Text(5);
    return a;
}

constexpr const char* kAttendeeColumns =
    "a.member_id, m.full_name, a.org_id, o.name, a.state, a.reason FROM meeting_attendance a "
    "JOIN members m ON m.id = a.member_id JOIN orgs o ON o.id = a.org_id ";

}  // namespace

std::vector<Kind> Kinds(db::Connection& conn) {
    std::vector<Kind> out;
    for (const auto& r : conn.Query("SELECT code, name, name_en, study_form FROM meeting_kinds ORDER BY sort, code"))
        out.push_back({.code = r.Text(0), .name = r.Text(1), .name_en = r.Text(2), .study_form = r.Text(3)});
    for (const auto& r : conn.Query("SELECT kind_code, counts_as FROM meeting_kind_counts ORDER BY kind_code, counts_as"))
        for (auto& k : out)
            if (k.code == r.Text(0)) k.counts_as.push_back(r.Text(1));
    return out;
}

std::vector<Rule> Rules(db::Connection& conn) {
    std::vector<Rule> out;
    for (const auto& r : conn.Query("SELECT r.type_code, t.name, r.counts_as, r.every_months FROM meeting_rules r "
                                    "JOIN org_types t ON t.code = r.type_code ORDER BY t.sort, r.counts_as"))
        out.push_back({.type_code = r.Text(0), .type_name = r.Text(1), .counts_as = r.Text(2),
                       .every_months = static_cast<int>(r.Int(3))});
    return out;
}

std::optional<Theme> GetTheme(db::Connection& conn, int64_t id) {
    auto r = conn.QueryOne(std::string("SELECT ") + kThemeColumns + "WHERE t.id = ?", {id});
    if (!r) return std::nullopt;
    return ThemeFromRow(conn, *r);
}

std::vector<Theme> Themes(db::Connection& conn, std::optional<int> year) {
    db::Params params;
    std::string sql = std::string("SELECT ") + kThemeColumns;
    if (year) {
        sql += "WHERE t.year = ? ";
        params.push_back(int64_t{*year});
    }
    sql += "ORDER BY t.year DESC, o.name, t.id LIMIT 200";
    std::vector<Theme> out;
    for (const auto& r : conn.Query(sql, params)) out.push_back(ThemeFromRow(conn, r));
    return out;
}

std::optional<Theme> ThemeFor(db::Connection& conn, int64_t org_id, int year) {
    auto r = conn.QueryOne(std::string("SELECT ") + kThemeColumns +
                               "JOIN org_tree ot ON ot.ancestor_id = t.owner_org_id "
                               "WHERE ot.descendant_id = ? AND t.year = ? ORDER BY ot.depth LIMIT 1",
                           {org_id, int64_t{year}});
    if (!r) return std::nullopt;
    return ThemeFromRow(conn, *r);
}

bool ThemeExists(db::Connection& conn, int64_t owner_org_id, int year) {
    return conn.QueryOne("SELECT 1 FROM themes WHERE owner_org_id = ? AND year = ?", {owner_org_id, int64_t{year}})
        .has_value();
}

int64_t InsertTheme(db::Connection& conn, const Theme& t, int64_t user_id, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO themes (owner_org_id, year, title, description, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {t.owner_org_id, int64_t{t.year}, t.title, t.description, user_id, now, now});
}

void UpdateTheme(db::Connection& conn, int64_t id, const std::string& title, const std::string& description, int64_t now) {
    conn.Exec("UPDATE themes SET title = ?, description = ?, updated_at = ? WHERE id = ?", {title, description, now, id});
}

void SetThemeDocuments(db::Connection& conn, int64_t theme_id, const std::vector<int64_t>& ids) {
    conn.Exec("DELETE FROM theme_documents WHERE theme_id = ?", {theme_id});
    for (int64_t d : ids)
        conn.Exec("INSERT INTO theme_documents (theme_id, document_id) VALUES (?, ?)", {theme_id, d});
}

std::optional<Meeting> GetMeeting(db::Connection& conn, int64_t id) {
    auto r = conn.QueryOne(std::string("SELECT ") + kMeetingColumns + "WHERE g.id = ?", {id});
    if (!r) return std::nullopt;
    Meeting m = MeetingFromRow(*r);
    for (const auto& d : conn.Query("SELECT document_id FROM meeting_documents WHERE meeting_id = ? ORDER BY document_id",
                                    {id}))
        m.documents.push_back({.id = d.Int(0)});
    for (const auto& f : conn.Query("SELECT sha256, name, size FROM meeting_files WHERE meeting_id = ? ORDER BY created_at, name",
                                    {id}))
        m.files.push_back({.sha256 = f.Text(0), .name = f.Text(1), .size = f.Int(2)});
    return m;
}

namespace {
db::Value OptId(const std::optional<int64_t>& v) { return v ? db::Value(*v) : db::Value(); }
}  // namespace

int64_t InsertMeeting(db::Connection& conn, const Meeting& m, int64_t user_id, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO meetings (org_id, kind, held_on, starts_at, place, topic, theme_id, minutes, status, invited, "
        "present, excused, absent, version, created_by, created_at, updated_by, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id",
        {m.org_id, m.kind, m.held_on, m.starts_at, m.place, m.topic, OptId(m.theme_id), m.minutes,
         std::string(m.held ? "held" : "planned"), m.invited, m.present, m.excused, m.absent, user_id, now, user_id, now});
}

bool UpdateMeeting(db::Connection& conn, const Meeting& m, int64_t version, int64_t user_id, int64_t now) {
    return conn.Exec(
               "UPDATE meetings SET kind = ?, held_on = ?, starts_at = ?, place = ?, topic = ?, theme_id = ?, minutes = ?, "
               "status = ?, invited = ?, present = ?, excused = ?, absent = ?, version = version + 1, updated_by = ?, "
               "updated_at = ? WHERE id = ? AND version = ?",
               {m.kind, m.held_on, m.starts_at, m.place, m.topic, OptId(m.theme_id), m.minutes,
                std::string(m.held ? "held" : "planned"), m.invited, m.present, m.excused, m.absent, user_id, now, m.id,
                version}) == 1;
}

void SetMeetingDocuments(db::Connection& conn, int64_t meeting_id, const std::vector<int64_t>& ids) {
    conn.Exec("DELETE FROM meeting_documents WHERE meeting_id = ?", {meeting_id});
    for (int64_t d : ids)
        conn.Exec("INSERT INTO meeting_documents (meeting_id, document_id) VALUES (?, ?)", {meeting_id, d});
}

void AddFile(db::Connection& conn, int64_t meeting_id, const FileRef& f, int64_t user_id, int64_t now) {
    conn.Exec("INSERT INTO meeting_files (meeting_id, sha256, name, size, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (meeting_id, sha256) DO UPDATE SET name = excluded.name",
              {meeting_id, f.sha256, f.name, f.size, user_id, now});
}

bool HasFile(db::Connection& conn, int64_t meeting_id, const std::string& sha, std::string* name) {
    auto r = conn.QueryOne("SELECT name FROM meeting_files WHERE meeting_id = ? AND sha256 = ?", {meeting_id, sha});
    if (!r) return false;
    if (name) *name = r->Text(0);
    return true;
}

ListRows Meetings(db::Connection& conn, const auth::Scope& scope, const ListFilter& f) {
    db::Params params;
    std::string where = "WHERE 1 = 1";
    if (f.member_id) {
        where += " AND g.id IN (SELECT a.meeting_id FROM meeting_attendance a WHERE a.member_id = ?)";
        params.push_back(*f.member_id);
    } else if (f.scoped) {
        where += auth::SubtreeCheck(scope, auth::Permission::kRead, "g.org_id", params);
    }
    if (f.under) {
        where += " AND g.org_id IN (SELECT descendant_id FROM org_tree WHERE ancestor_id = ?)";
        params.push_back(*f.under);
    }
    if (!f.from.empty()) {
        where += " AND g.held_on >= ?";
        params.push_back(f.from);
    }
    if (!f.to.empty()) {
        where += " AND g.held_on <= ?";
        params.push_back(f.to);
    }
    if (!f.kind.empty()) {
        where += " AND g.kind = ?";
        params.push_back(f.kind);
    }
    ListRows out;
    out.total = conn.QueryOne("SELECT COUNT(*) FROM meetings g " + where, params)->Int(0);
    params.push_back(f.limit);
    params.push_back(f.offset);
    for (const auto& r : conn.Query(std::string("SELECT ") + kMeetingColumns + where +
                                        " ORDER BY g.held_on DESC, g.id DESC LIMIT ? OFFSET ?",
                                    params))
        out.meetings.push_back(MeetingFromRow(r));
    return out;
}

std::vector<Meeting> PlannedFor(db::Connection& conn, int64_t member_id, const std::string& today, int limit) {
    std::vector<Meeting> out;
    for (const auto& r : conn.Query(std::string("SELECT ") + kMeetingColumns +
                                        "WHERE g.id IN (SELECT a.meeting_id FROM meeting_attendance a WHERE a.member_id = ?) "
                                        "AND g.status = 'planned' AND g.held_on >= ? ORDER BY g.held_on, g.id LIMIT ?",
                                    {member_id, today, int64_t{limit}}))
        out.push_back(MeetingFromRow(r));
    return out;
}

std::vector<Attendee> MembersOn(db::Connection& conn, int64_t org_id, const std::string& day, int64_t limit) {
    std::vector<Attendee> out;
    for (const auto& r : conn.Query(
             R"(WITH RECURSIVE sub (id) AS (
    SELECT CAST(? AS BIGINT)
    UNION ALL
    SELECT v.org_id FROM org_versions v JOIN sub ON v.parent_id = sub.id
    WHERE v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)
)
SELECT m.id, m.full_name, p.org_id, o.name, 'present', ''
FROM sub JOIN member_placements p ON p.org_id = sub.id JOIN members m ON m.id = p.member_id JOIN orgs o ON o.id = p.org_id
WHERE p.from_date <= ? AND (p.to_date IS NULL OR p.to_date > ?)
ORDER BY o.name, p.org_id, m.sort_key, m.id LIMIT ?)",
             {org_id, day, day, day, day, limit + 1}))
        out.push_back(AttendeeFromRow(r));
    return out;
}

std::vector<Attendee> Attendance(db::Connection& conn, int64_t meeting_id, int64_t limit, int64_t offset) {
    std::vector<Attendee> out;
    for (const auto& r : conn.Query(std::string("SELECT ") + kAttendeeColumns +
                                        "WHERE a.meeting_id = ? ORDER BY o.name, a.org_id, m.sort_key, m.id LIMIT ? OFFSET ?",
                                    {meeting_id, limit, offset}))
        out.push_back(AttendeeFromRow(r));
    return out;
}

std::optional<Attendee> AttendanceOf(db::Connection& conn, int64_t meeting_id, int64_t member_id) {
    auto r = conn.QueryOne(std::string("SELECT ") + kAttendeeColumns + "WHERE a.meeting_id = ? AND a.member_id = ?",
                           {meeting_id, member_id});
    if (!r) return std::nullopt;
    return AttendeeFromRow(*r);
}

void ReplaceAttendance(db::Connection& conn, int64_t meeting_id, const std::vector<Attendee>& rows) {
    conn.Exec("DELETE FROM meeting_attendance WHERE meeting_id = ?", {meeting_id});
    // In slices of 200 rows: one statement each, whatever the engine's limit on placeholders.
    constexpr size_t kSlice = 200;
    for (size_t start = 0; start < rows.size(); start += kSlice) {
        const size_t end = std::min(rows.size(), start + kSlice);
        std::string sql = "INSERT INTO meeting_attendance (meeting_id, member_id, org_id, state, reason) VALUES ";
        db::Params params;
        for (size_t i = start; i < end; ++i) {
            sql += i == start ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
            params.insert(params.end(), {meeting_id, rows[i].member_id, rows[i].org_id,
                                         std::string(ToString(rows[i].state)), rows[i].reason});
        }
        conn.Exec(sql, params);
    }
}

std::map<int64_t, int64_t> PresentByUnit(db::Connection& conn, int64_t meeting_id, int64_t org_id, const std::string& day) {
    std::map<int64_t, int64_t> out;
    for (const auto& r : conn.Query(
             R"(WITH RECURSIVE up (unit, n) AS (
    SELECT a.org_id, COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = ? AND a.state = 'present' GROUP BY a.org_id
    UNION ALL
    SELECT v.parent_id, up.n FROM up JOIN org_versions v ON v.org_id = up.unit
    WHERE up.unit <> ? AND v.parent_id IS NOT NULL AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)
)
SELECT unit, SUM(n) FROM up GROUP BY unit)",
             {meeting_id, org_id, day, day}))
        out[r.Int(0)] = r.Int(1);
    return out;
}

std::vector<Absentee> Absentees(db::Connection& conn, int64_t org_id, const std::string& from, const std::string& to,
                                int min_months) {
    std::vector<Absentee> out;
    for (const auto& r : conn.Query(
             R"(SELECT a.member_id, m.full_name, MIN(o.name), COUNT(DISTINCT substr(g.held_on, 1, 7))
FROM meetings g JOIN meeting_attendance a ON a.meeting_id = g.id JOIN members m ON m.id = a.member_id
    JOIN orgs o ON o.id = a.org_id
WHERE g.org_id IN (SELECT descendant_id FROM org_tree WHERE ancestor_id = ?) AND g.status = 'held'
    AND g.held_on >= ? AND g.held_on <= ? AND a.state = 'absent'
GROUP BY a.member_id, m.full_name HAVING COUNT(DISTINCT substr(g.held_on, 1, 7)) >= ?
ORDER BY 4 DESC, m.full_name LIMIT 500)",
             {org_id, from, to, int64_t{min_months}}))
        out.push_back({.member_id = r.Int(0), .full_name = r.Text(1), .org_name = r.Text(2), .months = r.Int(3)});
    return out;
}

}  // namespace dv::meeting::store
