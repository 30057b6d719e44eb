// committee model: the seats of an organization's committee (cấp ủy) and the terms members hold in them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dv::committee {

// A seat: bí thư, phó bí thư, ủy viên ban thường vụ, cấp ủy viên (rows of committee_roles).
struct Role {
    std::string code;
    std::string name;
    std::string name_en;
    std::optional<int> max_holders;  // at one time; none: any number
    int sort = 0;
};

// One member's term in one seat of one organization's committee: [from_date, to_date).
struct Position {
    int64_t id = 0;
    int64_t org_id = 0;
    std::string org_name;  // as the organization was named when the term began
    int64_t member_id = 0;
    std::string member_name;
    std::string role_code;
    std::string role_name;
    int role_sort = 0;
    std::string from_date;
    std::string to_date;  // '' while held
    std::string decision;
    std::string end_reason;  // term_end, replaced, transfer, status, reorganization; '' while held
};

}  // namespace dv::committee
