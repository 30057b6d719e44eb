// demo province: the generated data of the demo province's agencies (organizations, members, their
// history from 2016 through the 2025 reorganization to today), as plain values; seed.cpp writes them
// through the services.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "member/model.h"

namespace dv::demo {

// The demo is written as of this date: its history runs from 2016-01-01 to here, whatever the clock
// says, so every run gives the same data.
inline constexpr const char* kDemoToday = "2026-12-01";
// The day the bloc ended and its units went to the two party committees that replaced it. seed.cpp
// writes the bloc's documents and its 2025 study plan before the events from this day on, while the
// bloc still stands.
inline constexpr const char* kBlocEnded = "2025-06-01";
// The day Quảng Bình and Quảng Trị merged into the new Quảng Trị province.
inline constexpr const char* kProvincesMerged = "2025-07-01";

// One organization, created with org::Create.
struct PlannedOrg {
    std::string code;
    std::string parent;  // code, "" for the root
    std::string name;
    std::string type;  // org_types.code
    std::string founded_on;
    std::string decision;  // the founding decision ('' for the organizations of 2016)
};

// One member, created with member::Create in `cell` (record.org_id is left 0).
struct PlannedMember {
    member::Member record;
    std::string cell;  // code
};

// One dated change after everything is created: a reorganization (org::Reorganize), a member's
// transfer (member::Transfer) or a seat on a committee above grassroots (committee::Appoint; the
// grassroots seats follow from the members' party positions). Applied in the order of the vector,
// which is by date.
struct PlannedEvent {
    std::string date;
    std::string kind;      // rename, move, retype, merge, dissolve, transfer, or appoint
    std::string org;       // reorganizations and appointments: the organization's code
    std::string name;      // rename: the new name; retype: the new type code; appoint: the role code
    std::string target;    // move: new parent; merge: the absorbing organization; transfer: the new cell
    size_t member = 0;     // transfer and appoint: index into Province::members
    std::string decision;  // reorganizations and appointments: the decision; transfers: the note
};

struct Province {
    std::vector<PlannedOrg> orgs;  // parents before children
    std::vector<PlannedMember> members;
    std::vector<PlannedEvent> events;
};

// kSmall: the same organizations and history, but only the first few members of each cell (the
// same people as in kFull), for tests that start many servers.
enum class Size { kFull, kSmall };

// The whole demo: the province's agencies — the bloc until 2025, the two party committees after it.
// Pure and deterministic: its own fixed-seed generator (splitmix64), no
// clock, no locale, so the same data on every run and platform.
Province BuildProvince(Size size = Size::kFull);

}  // namespace dv::demo
