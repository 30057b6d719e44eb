// demo meetings: the themes of 2025 and 2026, and the cells' meetings from January 2025 to the demo's today
// (see seed_meetings.cpp).
#pragma once

#include <cstdint>
#include <string>

#include "audit/audit.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::demo {

// The province committee's themes of 2025 and 2026; for every cell standing on a month's first day, its
// regular meeting of the month (about one cell-month in fifteen missed), a thematic meeting in most quarters
// (combined with the regular one in some), each with one to three absent or excused members; one planned
// meeting per cell in the days after `today`.
Status SeedMeetings(db::Connection& conn, int64_t province_id, const std::string& today, const audit::Actor& actor,
                    int64_t now);

}  // namespace dv::demo
