// demo: the demo organization and one account per role, for `make run` and `dangvu seed-demo`.
// Deterministic: the same names, codes and accounts every time. [2/10] grows it into a province.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "db/db.h"

namespace dv::demo {

struct Login {
    std::string username;
    std::string password;
    std::string role_label;  // Vietnamese, for the printed list
    std::string org_name;
};

// The demo accounts (also when already seeded, to print them).
const std::vector<Login>& Logins();

// Seeds an empty database; kConflict if it already holds organizations.
Status Seed(db::Connection& conn, int64_t now);

}  // namespace dv::demo
