// gen meetings: a year of monthly cell meetings with every member's attendance, for the meetings benchmark
// (bench/meetings.sh).
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "db/db.h"
#include "gen/gen.h"

namespace dv::gen {

struct MeetingOptions {
    // The first of the twelve months, 'YYYY-MM'. gen's tree stands from 1 July 2025 (the provinces as merged
    // then), so 2025-07 gives a full year for every cell, all of it before the benchmark's today.
    std::string first_month = "2025-07";
};

struct MeetingSummary {
    int64_t meetings = 0;
    int64_t attendance = 0;
};

// Adds to a database that holds organizations and members (gen --members, or the demo) one held meeting in
// each of the twelve months from `first_month` for every unit whose type has a regular meeting rule (cells), as store::InsertMonthOfMeetings
// describes: regular ones, combined with the thematic one in each quarter's last month, about 3 in 100 missed;
// every member placed in the cell on the day invited (4 in 100 absent, 6 in 100 excused). Then rebuilds the
// roll-up source "meetings" alone. One transaction per month; progress phase "meetings" after each month
// (done = months). Deterministic: the same tables give the same rows. Error kConflict when those months
// already have meetings or the database has no organizations; kInvalid for a month not 'YYYY-MM' in 2000–2099.
Result<MeetingSummary> GenerateMeetings(db::Connection& conn, const MeetingOptions& options, int64_t now,
                                        const ProgressFn& progress = {});

}  // namespace dv::gen
