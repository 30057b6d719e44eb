// gen meetings: a year of monthly meetings made in SQL, month by month, then the roll-up source rebuilt.
#include "gen/meetings.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "gen/store.h"
#include "rollup/rollup.h"

namespace dv::gen {

Result<MeetingSummary> GenerateMeetings(db::Connection& conn, const MeetingOptions& options, int64_t now,
                                        const ProgressFn& progress) {
    const std::string& m = options.first_month;
    const bool shaped = m.size() == 7 && m[4] == '-' && std::isdigit(static_cast<unsigned char>(m[0])) &&
                        std::isdigit(static_cast<unsigned char>(m[5])) && std::isdigit(static_cast<unsigned char>(m[6]));
    const int year0 = shaped ? std::atoi(m.substr(0, 4).c_str()) : 0, month0 = shaped ? std::atoi(m.substr(5, 2).c_str()) : 0;
    if (year0 < 2000 || year0 > 2099 || month0 < 1 || month0 > 12)
        return Error::InvalidField("first_month", "invalid", "meetings: the first month as YYYY-MM, 2000 to 2099");
    if (store::OrgIds(conn).empty()) return Error::Conflict("the database has no organizations: run gen --members first");
    auto first_day = [&](int i) {
        const int idx = year0 * 12 + (month0 - 1) + i;
        char day[16];
        std::snprintf(day, sizeof day, "%04d-%02d-01", idx / 12, idx % 12 + 1);
        return std::string(day);
    };
    if (conn.QueryOne("SELECT COUNT(*) FROM meetings WHERE held_on >= ? AND held_on < ?", {first_day(0), first_day(12)})
            ->Int(0) > 0)
        return Error::Conflict("those months already have meetings");
    MeetingSummary summary;
    for (int i = 0; i < 12; ++i) {
        const std::string day = first_day(i);
        db::Transaction tx(conn);
        auto [meetings, rows] = store::InsertMonthOfMeetings(conn, day, std::atoi(day.substr(5, 2).c_str()) % 3 == 0, now);
        tx.Commit();
        summary.meetings += meetings;
        summary.attendance += rows;
        if (progress) progress("meetings", i + 1, 12);
    }
    if (progress) progress("rollup", 0, 1);
    rollup::RebuildSource(conn, "meetings");
    if (progress) progress("rollup", 1, 1);
    return summary;
}

}  // namespace dv::gen
