// demo province: the generated data of the demo bloc (organizations, members, 2016–2025 history),
// as plain values; seed.cpp writes them through the services.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "member/model.h"

namespace dv::demo {

// The demo is written as of this date: its history runs from 2016-01-01 to here (before the
// provinces merged on 1/7/2025), whatever the clock says, so every run gives the same data.
inline constexpr const char* kDemoToday = "2025-06-30";

// One organization, created with org::Create.
struct PlannedOrg {
    std::string code;
    std::string parent;  // code, "" for the root
    std::string name;
    std::string type;  // org_types.code
    std::string founded_on;
};

// One member, created with member::Create in `cell` (record.org_id is left 0).
struct PlannedMember {
    member::Member record;
    std::string cell;  // code
};

// One dated change after everything is created: a reorganization (org::Reorganize) or a
// member's transfer (member::Transfer). Applied in the order of the vector, which is by date.
struct PlannedEvent {
    std::string date;
    std::string kind;      // rename, move, retype, merge, dissolve, or transfer
    std::string org;       // reorganizations: the organization's code
    std::string name;      // rename: the new name; retype: the new type code
    std::string target;    // move: new parent; merge: the absorbing organization; transfer: the new cell
    size_t member = 0;     // transfer: index into Province::members
    std::string decision;  // reorganizations: the decision; transfers: the note
};

struct Province {
    std::vector<PlannedOrg> orgs;  // parents before children
    std::vector<PlannedMember> members;
    std::vector<PlannedEvent> events;
};

// kSmall: the same organizations and history, but only the first few members of each cell (the
// same people as in kFull), for tests that start many servers.
enum class Size { kFull, kSmall };

// The whole demo bloc. Pure and deterministic: its own fixed-seed generator (splitmix64), no
// clock, no locale, so the same data on every run and platform.
Province BuildProvince(Size size = Size::kFull);

}  // namespace dv::demo
