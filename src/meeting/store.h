// meeting store: the only SQL over themes, theme_documents, meetings, meeting_documents,
// meeting_attendance, meeting_files and the rule tables (meeting_kinds, meeting_kind_counts,
// meeting_rules). Reads for a request take the caller's scope; the unscoped ones are for checks inside a
// write transaction, or for callers that have checked the unit.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/scope.h"
#include "db/db.h"
#include "meeting/model.h"

namespace dv::meeting::store {

std::vector<Kind> Kinds(db::Connection& conn);
std::vector<Rule> Rules(db::Connection& conn);

// Themes (documents as ids: the service names them).
std::optional<Theme> GetTheme(db::Connection& conn, int64_t id);
std::vector<Theme> Themes(db::Connection& conn, std::optional<int> year);
// The theme of the nearest unit at or above `org_id` (the tree as it stands) for `year`.
std::optional<Theme> ThemeFor(db::Connection& conn, int64_t org_id, int year);
bool ThemeExists(db::Connection& conn, int64_t owner_org_id, int year);
int64_t InsertTheme(db::Connection& conn, const Theme& t, int64_t user_id, int64_t now);
void UpdateTheme(db::Connection& conn, int64_t id, const std::string& title, const std::string& description, int64_t now);
void SetThemeDocuments(db::Connection& conn, int64_t theme_id, const std::vector<int64_t>& ids);

// Meetings.
std::optional<Meeting> GetMeeting(db::Connection& conn, int64_t id);
int64_t InsertMeeting(db::Connection& conn, const Meeting& m, int64_t user_id, int64_t now);
// Writes every field of `m` and its counts, raising the version; false when the row is not at `version`.
bool UpdateMeeting(db::Connection& conn, const Meeting& m, int64_t version, int64_t user_id, int64_t now);
void SetMeetingDocuments(db::Connection& conn, int64_t meeting_id, const std::vector<int64_t>& ids);
void AddFile(db::Connection& conn, int64_t meeting_id, const FileRef& f, int64_t user_id, int64_t now);
bool HasFile(db::Connection& conn, int64_t meeting_id, const std::string& sha, std::string* name);

struct ListFilter {
    std::optional<int64_t> under;
    std::string from, to, kind;
    std::optional<int64_t> member_id;  // invited members' meetings (no scope filter then)
    bool scoped = true;                // false: `under` is a unit the caller reads (its whole subtree is in scope)
    int64_t limit = 20, offset = 0;
};
struct ListRows {
    std::vector<Meeting> meetings;
    int64_t total = 0;
};
ListRows Meetings(db::Connection& conn, const auth::Scope& scope, const ListFilter& f);
// Planned meetings of a member from `today` on.
std::vector<Meeting> PlannedFor(db::Connection& conn, int64_t member_id, const std::string& today, int limit);

// Attendance.
// Every member of `org_id`'s subtree on `day`, as the tree stood then (placements and org_versions), with
// their cell that day; at most `limit` + 1 rows.
std::vector<Attendee> MembersOn(db::Connection& conn, int64_t org_id, const std::string& day, int64_t limit);
std::vector<Attendee> Attendance(db::Connection& conn, int64_t meeting_id, int64_t limit, int64_t offset);
std::optional<Attendee> AttendanceOf(db::Connection& conn, int64_t meeting_id, int64_t member_id);
void ReplaceAttendance(db::Connection& conn, int64_t meeting_id, const std::vector<Attendee>& rows);
// The members present at a meeting counted at each unit between their cell and the meeting's unit (both
// included), as the tree stood on the meeting's day.
std::map<int64_t, int64_t> PresentByUnit(db::Connection& conn, int64_t meeting_id, int64_t org_id, const std::string& day);
// Members absent without reason from held meetings of `org_id`'s subtree (now) in at least `min_months`
// months of [from, to].
std::vector<Absentee> Absentees(db::Connection& conn, int64_t org_id, const std::string& from, const std::string& to,
                                int min_months);

}  // namespace dv::meeting::store
