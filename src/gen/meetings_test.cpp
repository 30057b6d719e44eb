// Unit test of gen --meetings on both engines: a year of meetings over a small generated set, counted by
// plain SQL from the attendance rows, a meeting's counts its rows', the roll-up source rebuilt alone and
// exact (rollup::Verify), the root's summary the sum of the rows, and a second run refused.
#include "gen/meetings.h"

#include <gtest/gtest.h>

#include "meeting/service.h"
#include "org/service.h"
#include "rollup/rollup.h"
#include "testing/test_db.h"

namespace dv::gen {
namespace {

constexpr int64_t kNow = 1'780'000'000'000;

int64_t Count(db::Connection& conn, const std::string& sql) { return conn.QueryOne(sql)->Int(0); }

class GenMeetingsTest : public ::testing::TestWithParam<std::string> {
protected:
    testing::TestDb db_{GetParam()};
};

TEST_P(GenMeetingsTest, AYearOfMonthlyMeetingsWithEveryMembersAttendanceRolledUpExactly) {
    auto& conn = db_.conn();
    ASSERT_TRUE(Generate(conn, {2000, 1}, audit::Actor{0, "cli", ""}, kNow).ok());
    auto s = GenerateMeetings(conn, {"2025-07"}, kNow);
    ASSERT_TRUE(s.ok()) << s.error().message;
    const int64_t cells = Count(conn, "SELECT COUNT(*) FROM orgs o JOIN meeting_rules r ON r.type_code = o.type_code "
                                      "AND r.counts_as = 'regular'");
    EXPECT_EQ(s.value().meetings, Count(conn, "SELECT COUNT(*) FROM meetings"));
    // Monthly, a few missed: between 90 and 100 in 100 cell-months.
    EXPECT_GT(s.value().meetings, cells * 12 * 90 / 100);
    EXPECT_LT(s.value().meetings, cells * 12);
    // Combined with the thematic one in each quarter's last month only.
    EXPECT_GT(Count(conn, "SELECT COUNT(*) FROM meetings WHERE kind = 'regular_thematic'"), 0);
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM meetings WHERE kind = 'regular_thematic' "
                          "AND substr(held_on, 6, 2) NOT IN ('03', '06', '09', '12')"),
              0);
    // Every member of a cell is invited to each of its meetings; the counts are the rows'.
    EXPECT_EQ(s.value().attendance, Count(conn, "SELECT COUNT(*) FROM meeting_attendance"));
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM meeting_attendance a JOIN members m ON m.id = a.member_id "
                          "WHERE m.org_id <> a.org_id"),
              0);
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM meetings g WHERE g.invited <> (SELECT COUNT(*) FROM member_placements p "
                          "WHERE p.org_id = g.org_id AND p.from_date <= g.held_on AND (p.to_date IS NULL OR "
                          "p.to_date > g.held_on))"),
              0);
    EXPECT_GT(Count(conn, "SELECT SUM(invited) FROM meetings"), s.value().meetings * 5);
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM meetings WHERE present + excused + absent <> invited"), 0);
    const int64_t absent = Count(conn, "SELECT COUNT(*) FROM meeting_attendance WHERE state = 'absent'");
    EXPECT_GT(absent, 0);
    EXPECT_GT(Count(conn, "SELECT COUNT(*) FROM meeting_attendance WHERE state = 'excused' AND reason <> ''"), 0);
    // The roll-up: exact, and the root's summary is the sum of the rows.
    EXPECT_EQ(rollup::Verify(conn).differences, 0);
    auto root = org::RootId(conn);
    ASSERT_TRUE(root);
    auto sum = meeting::SummaryOf(conn, auth::Scope::System(), *root, "2025-07-01", "2026-06-30", "2026-07-15");
    ASSERT_TRUE(sum.ok()) << sum.error().message;
    EXPECT_EQ(sum.value().meetings, s.value().meetings);
    EXPECT_EQ(sum.value().invited, s.value().attendance);
    EXPECT_EQ(sum.value().absent, absent);
    EXPECT_EQ(sum.value().kinds.at("regular").held, s.value().meetings);
    EXPECT_LE(sum.value().kinds.at("regular").expected, cells * 12);
    EXPECT_GT(sum.value().kinds.at("regular").missed(), 0);
    EXPECT_EQ(sum.value().kinds.at("thematic").held,
              Count(conn, "SELECT COUNT(DISTINCT CAST(org_id AS TEXT) || ':' || substr(held_on, 1, 7)) FROM meetings "
                          "WHERE kind = 'regular_thematic'"));
    // Again: refused, nothing added.
    auto again = GenerateMeetings(conn, {"2025-07"}, kNow);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(Count(conn, "SELECT COUNT(*) FROM meetings"), s.value().meetings);
}

INSTANTIATE_TEST_SUITE_P(Engines, GenMeetingsTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::gen
