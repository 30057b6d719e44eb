// meeting model: the year's themes, meetings with their invited members and attendance, and the
// expected-versus-held summary of a unit, as plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dv::meeting {

// A kind of meeting (data: meeting_kinds): which rules it satisfies (meeting_kind_counts) and how a
// document studied at it is recorded in the study register.
struct Kind {
    std::string code, name, name_en;
    std::string study_form;               // conference | cell_meeting | other
    std::vector<std::string> counts_as;   // regular | thematic
};

// How often a unit of a type must meet (data: meeting_rules).
struct Rule {
    std::string type_code, type_name;
    std::string counts_as;  // regular | thematic
    int every_months = 1;
};

struct DocRef {
    int64_t id = 0;
    std::string label, title;  // "Chỉ thị số 05-CT/TW", its title
};

struct Theme {
    int64_t id = 0;
    int64_t owner_org_id = 0;
    std::string owner_name;
    int year = 0;
    std::string title, description;
    std::vector<DocRef> documents;
    int64_t created_at = 0, updated_at = 0;
};

enum class Attend { kPresent, kExcused, kAbsent };
const char* ToString(Attend a);
std::optional<Attend> ParseAttend(const std::string& s);

struct Attendee {
    int64_t member_id = 0;
    std::string full_name;
    int64_t org_id = 0;  // the member's cell on the meeting's day
    std::string org_name;
    Attend state = Attend::kPresent;
    std::string reason;  // excused: why
};

struct FileRef {
    std::string sha256, name;
    int64_t size = 0;
};

struct Meeting {
    int64_t id = 0;
    int64_t org_id = 0;
    std::string org_name;
    std::string kind, kind_name;
    std::string held_on;    // 'YYYY-MM-DD'
    std::string starts_at;  // 'HH:MM' or ''
    std::string place, topic;
    std::optional<int64_t> theme_id;
    std::string theme_title;
    std::string minutes;
    bool held = false;  // attendance recorded
    int64_t invited = 0, present = 0, excused = 0, absent = 0;
    int64_t version = 1;
    int64_t created_at = 0, updated_at = 0;
    std::string updated_by;
    std::vector<DocRef> documents;
    std::vector<FileRef> files;
};

// One period of a rule over a unit's subtree: how many units were expected to meet in it and how many did.
struct Period {
    std::string counts_as;  // regular | thematic
    int every_months = 1;
    std::string first_day, last_day;
    int64_t expected = 0, held = 0;
    bool in_progress = false;  // not over yet: expected counts only those that have met
    int64_t missed() const { return expected > held ? expected - held : 0; }
};

struct KindTotals {
    int64_t expected = 0, held = 0;
    int64_t missed() const { return expected > held ? expected - held : 0; }
};

// A unit's summary over [from, to]: the periods whose last day lies in it (up to today), the meetings
// held in its months and their attendance, over the subtree as it stood at the end of each month.
struct Summary {
    int64_t org_id = 0;
    std::string org_name;
    std::string from, to, as_of;
    std::map<std::string, KindTotals> kinds;  // regular, thematic
    std::vector<Period> periods;              // in order, each rule's
    int64_t meetings = 0, invited = 0, present = 0, excused = 0, absent = 0;
};

// A member absent without reason from meetings of `months` different months of the period (the Party
// Statute's 3 months: consider removal, xóa tên).
struct Absentee {
    int64_t member_id = 0;
    std::string full_name, org_name;
    int64_t months = 0;
};

}  // namespace dv::meeting
