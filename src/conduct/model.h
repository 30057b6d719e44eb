// conduct model: a unit's codes of conduct, house rules and working rules, with their versions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dv::conduct {

struct Kind {
    std::string code, name, name_en;
};

struct Version {
    int64_t id = 0;
    int64_t code_id = 0;
    int number = 0;
    std::string adopted_on;  // 'YYYY-MM-DD': in force from that day until the next version's
    std::string body, note;
    std::optional<int64_t> document_id;
    std::string document_label;  // filled by the service, as the caller may see it
    std::string created_by;
    int64_t created_at = 0;
};

struct Code {
    int64_t id = 0;
    int64_t org_id = 0;
    std::string org_name;
    std::string kind, kind_name;
    std::string title;
    int64_t created_at = 0;
    int versions = 0;
    std::string first_adopted_on, last_adopted_on;
    std::optional<Version> in_force;  // on the day asked (none: adopted later)
};

// One unit of the overview: how many norms it had adopted by the period's end, and how many versions it
// adopted within the period (0: unchanged; a unit with codes == 0 has none).
struct UnitRow {
    int64_t org_id = 0;
    std::string org_name, type_name;
    int64_t codes = 0;
    int64_t adopted_in_period = 0;
    std::string last_adopted_on;
};

}  // namespace dv::conduct
