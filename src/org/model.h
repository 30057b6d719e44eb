// org model: an organization as far as scopes need it ([2/10] adds types, history and members).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dv::org {

struct Org {
    int64_t id = 0;
    std::optional<int64_t> parent_id;
    std::string code;
    std::string name;
    int depth = 0;            // depth below the caller's topmost visible organization (List only)
    std::string parent_name;  // filled by Get
};

}  // namespace dv::org
