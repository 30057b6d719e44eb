// demo: the demo province and one account per role, for `make run` and `dangvu seed-demo`.
// Deterministic: the same organizations, members, history and accounts every time (province.h).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "db/db.h"
#include "demo/province.h"

namespace dv::demo {

struct Login {
    std::string username;
    std::string password;
    std::string role_label;  // Vietnamese, for the printed list
    std::string org_name;
};

// The demo accounts (also when already seeded, to print them).
const std::vector<Login>& Logins();

// Seeds an empty database with the demo province's agencies: about 40 grassroots organizations, 120
// cells, 2,500 members and their history from 2016 (the bloc "Đảng bộ Khối các cơ quan tỉnh Quảng
// Bình") through 2025 (the bloc ends, the provinces merge) to today ("Đảng bộ tỉnh Quảng Trị" and
// its two committees), all through the services (audited, actor "seed-demo") in one transaction, so
// it is all-or-nothing. kConflict if
// the database already holds organizations. `now` stamps the rows; the data's own dates do not
// depend on it. Size::kSmall: the same organizations, history and accounts with about 400
// members (three per cell), quick enough for tests that seed a server each.
Status Seed(db::Connection& conn, int64_t now, Size size = Size::kFull);

}  // namespace dv::demo
