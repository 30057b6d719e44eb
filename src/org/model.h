// org model: organizations with a type and a dated history of versions and reorganization events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dv::org {

// An organization as of one date (today unless a view asks for another).
struct Org {
    int64_t id = 0;
    std::optional<int64_t> parent_id;
    std::string code;
    std::string name;
    std::string type_code;  // org_types.code: "grassroots_cell", ...
    std::string type_name;  // Vietnamese name of the type
    std::string founded_on;  // 'YYYY-MM-DD'
    std::string ended_on;    // '' while active; the date it was merged, split or dissolved
    int depth = 0;            // depth below the caller's topmost visible organization (List only)
    std::string parent_name;  // filled by Get
};

struct OrgType {
    std::string code;
    std::string name;
    std::string name_en;
    int level = 0;
    bool grassroots = false;
    bool holds_members = false;
};

// One stretch of an organization's life with the same name, parent and type: [valid_from, valid_to).
struct Version {
    int64_t org_id = 0;
    std::string valid_from;
    std::string valid_to;  // '' while current
    std::optional<int64_t> parent_id;
    std::string parent_name;  // the parent's name as it was on valid_from
    std::string name;
    std::string type_code;
    std::optional<int64_t> event_id;
};

enum class EventKind { kCreate, kRename, kMove, kRetype, kMerge, kSplit, kDissolve };
const char* ToString(EventKind k);
std::optional<EventKind> ParseEventKind(std::string_view s);

struct Event {
    int64_t id = 0;
    EventKind kind = EventKind::kCreate;
    std::string effective_on;
    int64_t org_id = 0;
    std::optional<int64_t> target_id;
    std::string details;  // JSON text
    std::string decision;
    int64_t created_at = 0;
    std::string org_name;  // the subject organization's current name (read only)
};

}  // namespace dv::org
