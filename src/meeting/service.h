// meeting service: the year's themes, meetings (conferences, regular and thematic cell meetings) with the
// members invited and their attendance, the study they record, and the expected-versus-held summary of any
// unit over a period from the roll-up source "meetings". Every change is audited in its transaction. No HTTP
// types here.
//
// The rules, as built (README.md has the reasons):
// - A meeting belongs to a unit (kWrite there to record or change it; kRead to read it; an invited member
//   reads their own). Dated on or before today it is held: the invited members are every member of the
//   unit's subtree on that day, as the tree stood then, each present unless recorded otherwise. Dated
//   later it is planned, and its attendance is recorded when it has taken place.
// - Its documents studied: for each unit present (the meeting's unit and the units between it and the cells
//   of the members present) that received the document for study and has not recorded its study another
//   way, the study is recorded from the meeting (form, day, members present), so nobody enters it twice.
// - Expected versus held: a unit whose type has a rule (meeting_rules) must hold, in every period of n
//   months (quarters from January), at least one meeting that counts as the rule; expected in a period when
//   it stands on the period's first day. A period not over yet counts only when met (no "missed" before
//   its end).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "audit/audit.h"
#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"
#include "meeting/model.h"

namespace dv::meeting {

boost::json::object ToJson(const Theme& t);
boost::json::object ToJson(const Meeting& m);
boost::json::object ToJson(const Attendee& a);
boost::json::object ToJson(const Summary& s);

std::vector<Kind> Kinds(db::Connection& conn);
std::vector<Rule> Rules(db::Connection& conn);

// ---- Themes
struct ThemeInput {
    std::optional<int64_t> owner_org_id;  // default: the caller's first writable root
    std::optional<int> year;
    std::string title, description;
    std::vector<int64_t> document_ids;  // documents of the register the caller may read
};
// kWrite on the owner unit. Field errors: owner_org_id, year (1945–2100, one theme per unit and year),
// title, document_ids. Audited "theme.create".
Result<Theme> CreateTheme(db::Connection& conn, const auth::Scope& scope, const ThemeInput& in, const audit::Actor& actor,
                          int64_t now);
// Replaces title, description and documents (not the unit or year). Audited "theme.update".
Result<Theme> UpdateTheme(db::Connection& conn, const auth::Scope& scope, int64_t id, const ThemeInput& in,
                          const audit::Actor& actor, int64_t now);
// Every theme, newest year first (guidance for all: any signed-in caller). Its documents are named as the
// caller may see them ("#id" for one they may not read).
std::vector<Theme> Themes(db::Connection& conn, const auth::Scope& scope, std::optional<int> year = std::nullopt);
// The theme a unit follows in a year: set by the nearest unit at or above it; documents named as Themes.
std::optional<Theme> ThemeFor(db::Connection& conn, const auth::Scope& scope, int64_t org_id, int year);
bool CanEditThemes(const auth::Scope& scope);

// ---- Meetings
struct AttendanceInput {
    int64_t member_id = 0;
    std::string state;   // present | excused | absent
    std::string reason;  // excused: required
};
struct MeetingInput {
    std::optional<int64_t> org_id;
    std::string kind;
    std::string held_on;  // 'YYYY-MM-DD'
    std::string starts_at, place, topic, minutes;
    std::optional<int64_t> theme_id;  // default: the unit's theme of the year for thematic kinds
    bool theme_given = false;         // PATCH: theme_id was sent (null clears it)
    std::optional<std::vector<int64_t>> document_ids;
    // Held meetings: the exceptions (everyone else present). None on a held meeting: all present.
    std::vector<AttendanceInput> attendance;
};
// A new meeting. Field errors: org_id, kind, held_on (a real date, not before the unit's founding nor
// after it ended, at most a year ahead), starts_at, topic, place, theme_id, document_ids, attendance (a
// member not invited, a state unknown, an excuse without reason), invited (more than kMaxInvited members).
// Audited "meeting.create" (and the studies it records, "distribution.record").
constexpr int64_t kMaxInvited = 2000;
struct Saved {
    Meeting meeting;
    int64_t studies_recorded = 0;  // units whose study of a document was recorded from it
};
Result<Saved> CreateMeeting(db::Connection& conn, const auth::Scope& scope, const MeetingInput& in,
                            const audit::Actor& actor, int64_t now, const std::string& today);
// Changes the fields given (empty strings and absent optionals unchanged), with the version read (an older
// one: kConflict "error.stale_version"). A new day recomputes who was invited, keeping the recorded state
// of those still invited. Audited "meeting.update".
Result<Saved> UpdateMeeting(db::Connection& conn, const auth::Scope& scope, int64_t id, const MeetingInput& in,
                            std::optional<int64_t> version, const audit::Actor& actor, int64_t now,
                            const std::string& today);
// Records the attendance (the listed members' states; everyone else invited present) and marks the meeting
// held. Not before its day. Audited "meeting.attendance".
Result<Saved> RecordAttendance(db::Connection& conn, const auth::Scope& scope, int64_t id,
                               const std::vector<AttendanceInput>& attendance, std::optional<int64_t> version,
                               const audit::Actor& actor, int64_t now, const std::string& today);
// Adds a file to the minutes (kinds as attachments). Audited "meeting.file".
Result<Meeting> AddFile(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& filename,
                        std::string_view bytes, const std::string& files_dir, const audit::Actor& actor, int64_t now);
Result<std::string> FileOf(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& sha,
                           std::string* name);

struct Record {
    Meeting meeting;
    bool can_edit = false;
    std::optional<Attendee> own;  // the caller's own attendance when invited
};
Result<Record> GetMeeting(db::Connection& conn, const auth::Scope& scope, int64_t id);
// The invited members and their attendance, by cell then name, paged.
struct AttendeesPage {
    std::vector<Attendee> rows;
    int64_t total = 0;
};
Result<AttendeesPage> Attendees(db::Connection& conn, const auth::Scope& scope, int64_t id, int page, int page_size);
// Who would be invited to a meeting of `org_id` on `day` (the record form, before anything is saved):
// kWrite on the unit.
Result<std::vector<Attendee>> Invitees(db::Connection& conn, const auth::Scope& scope, int64_t org_id,
                                       const std::string& day);

struct Filter {
    std::optional<int64_t> under;  // the unit's subtree (default: all in scope)
    std::string from, to;          // days, both included; '' open
    std::string kind;
    bool mine = false;  // only meetings the caller's member record was invited to
    int page = 1, page_size = 20;
};
struct Page {
    std::vector<Meeting> meetings;
    int64_t total = 0;
    std::vector<std::optional<Attendee>> own;  // with mine: the caller's attendance at each
};
// Meetings of units in the caller's read subtrees (or, `mine`, those they were invited to), newest first.
Result<Page> Meetings(db::Connection& conn, const auth::Scope& scope, const Filter& f);
// The units the caller may record meetings for (kWrite), in tree order, each with its depth (the form).
struct Unit {
    int64_t id = 0;
    std::string name;
    int depth = 0;
};
std::vector<Unit> RecordableUnits(db::Connection& conn, const auth::Scope& scope);
// The unit the record form starts with: the caller's first cell where they may write, else their first
// writable unit.
std::optional<int64_t> DefaultUnit(db::Connection& conn, const auth::Scope& scope);

// ---- Expected versus held
// The summary of `org_id`'s subtree over [from, to] (kRead on it; a field error on from/to when they are
// not days or to < from or the span exceeds 5 years). `today` bounds the periods read.
Result<Summary> SummaryOf(db::Connection& conn, const auth::Scope& scope, int64_t org_id, const std::string& from,
                          const std::string& to, const std::string& today);
// The same for many units (the children's rows of the summary page), unscoped: the caller read their parent.
std::vector<Summary> SummariesOf(db::Connection& conn, const std::vector<int64_t>& org_ids, const std::string& from,
                                 const std::string& to, const std::string& today);
// Members absent without reason in at least `min_months` different months of [from, to] from meetings of
// `org_id`'s subtree (kRead). A list for a grassroots unit: kConflict "meeting.absentees_too_many" when the
// subtree holds more than kAbsenteesMaxMembers members today (at a province it would read every attendance
// row of the year and name thousands; the summary's direct units lead down to where it is shown).
constexpr int64_t kAbsenteesMaxMembers = 5000;
Result<std::vector<Absentee>> Absentees(db::Connection& conn, const auth::Scope& scope, int64_t org_id,
                                        const std::string& from, const std::string& to, int min_months,
                                        const std::string& today);

// ---- The home page
// Planned meetings the caller's member record is invited to, from today on, soonest first.
std::vector<Meeting> NextMeetings(db::Connection& conn, const auth::Scope& scope, const std::string& today, int limit);

// Registers the roll-up source "meetings" (features::Connect).
void Connect();

}  // namespace dv::meeting
