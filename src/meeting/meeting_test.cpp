// Unit tests of meetings, on both engines: expected versus held and attendance over a year at three
// levels (a missed month, a quarter without a thematic meeting, combined meetings) against counts kept
// here from what the test recorded; a period not over yet is not "missed"; a member transferred mid-year
// is invited by the right cell before and after; attendance refused whole on a bad line; scope (a cell
// reads neither another cell's meetings nor their summary; an invited member reads their own line only);
// a meeting that studied a document records the study of the units present.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "auth/service.h"
#include "document/distribution.h"
#include "document/service.h"
#include "meeting/service.h"
#include "member/service.h"
#include "org/service.h"
#include "rollup/rollup.h"
#include "testing/small_tree.h"
#include "testing/test_db.h"

namespace dv::meeting {
namespace {

using auth::Grant;
using auth::Role;
using auth::Scope;

std::vector<std::string> Fields(const Error& e) {
    std::vector<std::string> out;
    for (const auto& f : e.field_errors) out.push_back(f.field + ":" + f.code);
    return out;
}
bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::string Day(int year, int month, int day) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

class MeetingTest : public ::testing::TestWithParam<std::string> {
protected:
    // R (bloc) ─┬─ A (grassroots committee) ─┬─ A1 (attached cell, 12 members)
    //           │                            └─ A2 (attached cell, 8 members)
    //           └─ B1 (grassroots cell, 10 members)
    void SetUp() override {
        tree_ = testing::MakeSmallTree(conn(), now_, today_);
        int serial = 0;
        for (auto [org, n] : {std::pair{tree_.a1, 12}, {tree_.a2, 8}, {tree_.b1, 10}})
            for (int i = 0; i < n; ++i) {
                member::Member m;
                m.full_name = "Trần Thị ";
                for (char d : std::to_string(++serial)) m.full_name += static_cast<char>('A' + (d - '0'));
                m.org_id = org;
                m.gender = "female";
                m.birth_date = "1985-04-05";
                m.admitted_on = "2016-02-01";
                m.status = member::Status::kProbationary;
                auto c = member::Create(conn(), Scope::System(), m, {}, now_, today_);
                ASSERT_TRUE(c.ok()) << c.error().message;
                members_[org].push_back(c.value().id);
            }
    }
    db::Connection& conn() { return db_.conn(); }
    static Scope As(Role role, int64_t org, int64_t user = 7) {
        return Scope(user, "u" + std::to_string(user), {Grant{1, user, role, org, ""}});
    }
    Result<Saved> Hold(int64_t org, const std::string& kind, const std::string& day,
                       std::vector<AttendanceInput> attendance = {}, const Scope& scope = Scope::System()) {
        MeetingInput in;
        in.org_id = org;
        in.kind = kind;
        in.held_on = day;
        in.topic = "Sinh hoạt " + day;
        in.attendance = std::move(attendance);
        return CreateMeeting(conn(), scope, in, {}, now_, today_);
    }
    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    std::string today_ = "2026-11-27";
    testing::SmallTree tree_;
    std::map<int64_t, std::vector<int64_t>> members_;
};

TEST_P(MeetingTest, ExpectedVersusHeldAndAttendanceAtThreeLevelsMatchWhatWasRecorded) {
    // 2025: A1 meets every month but March, thematic in Q1–Q3 only (none in Q4); A2 combines its regular and
    // thematic meetings in Feb, May, Aug and Nov and meets regularly in the other months; B1 misses July and
    // August, thematic every quarter. Absences: the meeting's month number decides how many.
    struct Count {
        int64_t reg_exp = 0, reg_held = 0, thm_exp = 0, thm_held = 0, meetings = 0, invited = 0, present = 0, excused = 0,
                absent = 0;
    };
    std::map<int64_t, Count> want;
    std::map<int64_t, std::set<std::string>> missed_months;
    auto hold = [&](int64_t org, const std::string& kind, int month, int day) {
        std::vector<AttendanceInput> att;
        const auto& ms = members_[org];
        for (int i = 0; i < month % 3; ++i) att.push_back({ms[static_cast<size_t>(i)], "absent", ""});
        if (month % 2) att.push_back({ms.back(), "excused", "Đi công tác"});
        auto r = Hold(org, kind, Day(2025, month, day), att);
        ASSERT_TRUE(r.ok()) << r.error().message;
        auto& c = want[org];
        c.meetings++;
        c.invited += static_cast<int64_t>(ms.size());
        c.absent += month % 3;
        c.excused += month % 2;
        c.present += static_cast<int64_t>(ms.size()) - month % 3 - month % 2;
        EXPECT_EQ(r.value().meeting.present, static_cast<int64_t>(ms.size()) - month % 3 - month % 2);
    };
    for (int month = 1; month <= 12; ++month) {
        if (month != 3) hold(tree_.a1, "regular", month, 10);
        if (month == 2 || month == 5 || month == 8) hold(tree_.a1, "thematic", month, 20);
        hold(tree_.a2, month % 3 == 2 ? "regular_thematic" : "regular", month, 12);
        if (month != 7 && month != 8) hold(tree_.b1, "regular", month, 5);
        if (month % 3 == 1) hold(tree_.b1, "thematic", month, 25);
    }
    want[tree_.a1].reg_held = 11;
    want[tree_.a1].thm_held = 3;
    want[tree_.a2].reg_held = 12;
    want[tree_.a2].thm_held = 4;
    want[tree_.b1].reg_held = 10;
    want[tree_.b1].thm_held = 4;
    for (int64_t cell : {tree_.a1, tree_.a2, tree_.b1}) {
        want[cell].reg_exp = 12;
        want[cell].thm_exp = 4;
    }
    auto sum = [&](std::vector<int64_t> orgs) {
        Count s;
        for (int64_t o : orgs) {
            const auto& c = want[o];
            s.reg_exp += c.reg_exp, s.reg_held += c.reg_held, s.thm_exp += c.thm_exp, s.thm_held += c.thm_held;
            s.meetings += c.meetings, s.invited += c.invited, s.present += c.present, s.excused += c.excused;
            s.absent += c.absent;
        }
        return s;
    };
    const std::map<int64_t, Count> levels = {{tree_.a1, sum({tree_.a1})},
                                             {tree_.b1, sum({tree_.b1})},
                                             {tree_.a, sum({tree_.a1, tree_.a2})},
                                             {tree_.root, sum({tree_.a1, tree_.a2, tree_.b1})}};
    for (const auto& [org, c] : levels) {
        auto s = SummaryOf(conn(), Scope::System(), org, "2025-01-01", "2025-12-31", today_);
        ASSERT_TRUE(s.ok()) << s.error().message;
        SCOPED_TRACE(org);
        EXPECT_EQ(s.value().kinds["regular"].expected, c.reg_exp);
        EXPECT_EQ(s.value().kinds["regular"].held, c.reg_held);
        EXPECT_EQ(s.value().kinds["thematic"].expected, c.thm_exp);
        EXPECT_EQ(s.value().kinds["thematic"].held, c.thm_held);
        EXPECT_EQ(s.value().meetings, c.meetings);
        EXPECT_EQ(s.value().invited, c.invited);
        EXPECT_EQ(s.value().present, c.present);
        EXPECT_EQ(s.value().excused, c.excused);
        EXPECT_EQ(s.value().absent, c.absent);
    }
    // The periods missed, named: at the bloc, March (A1), July and August (B1), Q4 thematic (A1).
    auto root = SummaryOf(conn(), Scope::System(), tree_.root, "2025-01-01", "2025-12-31", today_).value();
    std::vector<std::string> missed;
    for (const auto& p : root.periods)
        if (p.missed()) missed.push_back(p.counts_as + ":" + p.first_day + ":" + std::to_string(p.missed()));
    EXPECT_EQ(missed, (std::vector<std::string>{"regular:2025-03-01:1", "regular:2025-07-01:1", "regular:2025-08-01:1",
                                                "thematic:2025-10-01:1"}));
    // Part of the year: February to April holds Q1 (it ends in March) but not Q2.
    auto part = SummaryOf(conn(), Scope::System(), tree_.a1, "2025-02-01", "2025-04-30", today_).value();
    EXPECT_EQ(part.kinds["regular"].expected, 3);
    EXPECT_EQ(part.kinds["regular"].held, 2);
    EXPECT_EQ(part.kinds["thematic"].expected, 1);
    EXPECT_EQ(part.kinds["thematic"].held, 1);
    EXPECT_EQ(rollup::Verify(conn()).differences, 0);

    // The year not over: November (today's month) and Q4 are not missed yet; A1 met in November.
    ASSERT_TRUE(Hold(tree_.a1, "regular", "2026-11-05").ok());
    auto now_a1 = SummaryOf(conn(), Scope::System(), tree_.a1, "2026-01-01", "2026-12-31", today_).value();
    EXPECT_EQ(now_a1.kinds["regular"].expected, 11);
    EXPECT_EQ(now_a1.kinds["regular"].held, 1);
    EXPECT_EQ(now_a1.kinds["thematic"].expected, 3);
    auto now_a2 = SummaryOf(conn(), Scope::System(), tree_.a2, "2026-01-01", "2026-12-31", today_).value();
    EXPECT_EQ(now_a2.kinds["regular"].expected, 10);
    EXPECT_EQ(now_a2.kinds["regular"].held, 0);
    // Reading it needs the unit in scope; the span is checked.
    EXPECT_TRUE(SummaryOf(conn(), As(Role::kSecretary, tree_.a1), tree_.a2, "2025-01-01", "2025-12-31", today_)
                    .error()
                    .IsNotFound());
    EXPECT_TRUE(Has(Fields(SummaryOf(conn(), Scope::System(), tree_.a1, "2025-12-01", "2025-01-01", today_).error()),
                    "to:before_from"));
    EXPECT_TRUE(Has(Fields(SummaryOf(conn(), Scope::System(), tree_.a1, "2015-01-01", "2025-12-31", today_).error()),
                    "to:too_long"));
}

TEST_P(MeetingTest, MembersAbsentWithoutReasonInThreeMonthsAreListedAtTheUnitsAbove) {
    // A1's first member: absent in January, February and April (three months); its second in January and
    // February only; B1's first at all four meetings, excused at two (an excuse is not an absence).
    const auto& a1 = members_[tree_.a1];
    const auto& b1 = members_[tree_.b1];
    for (int month : {1, 2, 3, 4}) {
        std::vector<AttendanceInput> att;
        if (month != 3) att.push_back({a1[0], "absent", ""});
        if (month <= 2) att.push_back({a1[1], "absent", ""});
        ASSERT_TRUE(Hold(tree_.a1, "regular", Day(2025, month, 10), att).ok());
        ASSERT_TRUE(Hold(tree_.b1, "regular", Day(2025, month, 10),
                         {{b1[0], month == 2 || month == 3 ? "excused" : "absent", month == 2 || month == 3 ? "Ốm" : ""}})
                        .ok());
    }
    auto at = [&](int64_t org) {
        auto r = Absentees(conn(), Scope::System(), org, "2025-01-01", "2025-12-31", 3, today_);
        EXPECT_TRUE(r.ok());
        std::vector<std::pair<int64_t, int64_t>> out;
        for (const auto& a : r.value()) out.emplace_back(a.member_id, a.months);
        return out;
    };
    EXPECT_EQ(at(tree_.a1), (std::vector<std::pair<int64_t, int64_t>>{{a1[0], 3}}));
    EXPECT_EQ(at(tree_.a), (std::vector<std::pair<int64_t, int64_t>>{{a1[0], 3}}));
    EXPECT_EQ(at(tree_.b1), (std::vector<std::pair<int64_t, int64_t>>{}));
    EXPECT_EQ(at(tree_.root).size(), 1u);
    // Only within the period; and a reader of another unit reads none.
    auto q1 = Absentees(conn(), Scope::System(), tree_.a1, "2025-01-01", "2025-03-31", 3, today_);
    ASSERT_TRUE(q1.ok());
    EXPECT_TRUE(q1.value().empty());
    EXPECT_FALSE(Absentees(conn(), As(Role::kSecretary, tree_.b1), tree_.a1, "2025-01-01", "2025-12-31", 3, today_).ok());
}

TEST_P(MeetingTest, AMemberTransferredMidYearIsInvitedByTheRightCellBeforeAndAfter) {
    const int64_t x = members_[tree_.a1].front();
    ASSERT_TRUE(member::Transfer(conn(), Scope::System(), x, tree_.b1, "2025-06-15", "", {}, now_, today_).ok());
    auto invited = [&](int64_t org, const std::string& day) {
        auto r = Hold(org, "regular", day);
        EXPECT_TRUE(r.ok()) << r.error().message;
        auto page = Attendees(conn(), Scope::System(), r.value().meeting.id, 1, 100).value();
        return std::any_of(page.rows.begin(), page.rows.end(), [&](const Attendee& a) { return a.member_id == x; });
    };
    EXPECT_TRUE(invited(tree_.a1, "2025-06-10"));
    EXPECT_FALSE(invited(tree_.a1, "2025-06-20"));
    EXPECT_FALSE(invited(tree_.b1, "2025-06-10"));
    EXPECT_TRUE(invited(tree_.b1, "2025-06-20"));
    // The committee above A1 invites its subtree as it stood: X before the move, not after.
    EXPECT_TRUE(invited(tree_.a, "2025-06-14"));
    EXPECT_FALSE(invited(tree_.a, "2025-06-15"));
    // Counts follow: A1 had 12 then 11.
    auto before = Hold(tree_.a1, "other", "2025-06-01").value().meeting;
    auto after = Hold(tree_.a1, "other", "2025-07-01").value().meeting;
    EXPECT_EQ(before.invited, 12);
    EXPECT_EQ(after.invited, 11);
    // Moving the meeting's day re-reads who was invited, keeping the states of those still invited.
    const int64_t y = members_[tree_.a1][1];
    auto m = Hold(tree_.a1, "regular", "2025-06-12", {{x, "absent", ""}, {y, "excused", "Ốm"}}).value().meeting;
    EXPECT_EQ(m.absent, 1);
    MeetingInput patch;
    patch.held_on = "2025-06-18";
    auto moved = UpdateMeeting(conn(), Scope::System(), m.id, patch, m.version, {}, now_, today_);
    ASSERT_TRUE(moved.ok()) << moved.error().message;
    EXPECT_EQ(moved.value().meeting.invited, 11);
    EXPECT_EQ(moved.value().meeting.absent, 0);
    EXPECT_EQ(moved.value().meeting.excused, 1);
    // A stale version is refused.
    EXPECT_EQ(UpdateMeeting(conn(), Scope::System(), m.id, patch, m.version, {}, now_, today_).error().code,
              ErrorCode::kConflict);
}

TEST_P(MeetingTest, AttendanceIsRefusedWholeOnABadLineAndPlannedMeetingsWaitForTheirDay) {
    const auto& ms = members_[tree_.a1];
    auto count = [&] { return conn().QueryOne("SELECT COUNT(*) FROM meetings")->Int(0); };
    auto bad = Hold(tree_.a1, "regular", "2025-03-10",
                    {{ms[0], "excused", ""}, {members_[tree_.b1][0], "absent", ""}, {ms[2], "asleep", ""}});
    ASSERT_FALSE(bad.ok());
    auto f = Fields(bad.error());
    EXPECT_TRUE(Has(f, "attendance[0].reason:required"));
    EXPECT_TRUE(Has(f, "attendance[1].member_id:not_invited"));
    EXPECT_TRUE(Has(f, "attendance[2].state:invalid_choice"));
    EXPECT_EQ(count(), 0);
    MeetingInput in;
    in.org_id = tree_.a1;
    in.kind = "lecture";
    in.held_on = "2025-02-30";
    in.starts_at = "25:00";
    f = Fields(CreateMeeting(conn(), Scope::System(), in, {}, now_, today_).error());
    for (const char* want : {"kind:invalid_choice", "held_on:invalid_date", "starts_at:invalid_time", "topic:required"})
        EXPECT_TRUE(Has(f, want)) << want;
    // Planned: invited kept, no attendance until the day; the home page lists it for an invited member.
    auto planned = Hold(tree_.a1, "regular", "2026-12-10");
    ASSERT_TRUE(planned.ok()) << planned.error().message;
    EXPECT_FALSE(planned.value().meeting.held);
    EXPECT_EQ(planned.value().meeting.invited, 12);
    EXPECT_EQ(RecordAttendance(conn(), Scope::System(), planned.value().meeting.id, {}, std::nullopt, {}, now_, today_)
                  .error()
                  .field_errors.front()
                  .code,
              "not_yet");
    auto later = RecordAttendance(conn(), Scope::System(), planned.value().meeting.id, {{ms[3], "absent", ""}},
                                  std::nullopt, {}, now_, "2026-12-10");
    ASSERT_TRUE(later.ok()) << later.error().message;
    EXPECT_TRUE(later.value().meeting.held);
    EXPECT_EQ(later.value().meeting.present, 11);
    // Audited.
    EXPECT_EQ(conn().QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.attendance'")->Int(0), 1);
}

TEST_P(MeetingTest, ScopeACellReadsItsOwnTheCommitteeAboveReadsAMemberSeesTheirOwnLine) {
    auto m = Hold(tree_.a2, "regular", "2025-05-05", {{members_[tree_.a2][0], "absent", ""}}).value().meeting;
    EXPECT_TRUE(GetMeeting(conn(), As(Role::kSecretary, tree_.a1), m.id).error().IsNotFound());
    auto above = GetMeeting(conn(), As(Role::kSecretary, tree_.a), m.id);
    ASSERT_TRUE(above.ok());
    EXPECT_TRUE(above.value().can_edit);
    EXPECT_FALSE(GetMeeting(conn(), As(Role::kInspector, tree_.root), m.id).value().can_edit);
    EXPECT_TRUE(Hold(tree_.a2, "regular", "2025-06-05", {}, As(Role::kSecretary, tree_.a1)).error().field_errors.size() == 1);
    // A member's account (role member on A2) reads the meeting they were invited to, and only their line.
    auth::NewAccount acct{"dv.a2", "Đảng viên A2", "member", tree_.a2, members_[tree_.a2][0]};
    auto made = auth::CreateAccounts(conn(), Scope::System(), {acct}, {}, now_);
    ASSERT_TRUE(made.ok()) << made.error().message;
    const int64_t uid = made.value().front().user_id;
    Scope me(uid, "dv.a2", {Grant{9, uid, Role::kMember, tree_.a2, ""}});
    auto mine = GetMeeting(conn(), me, m.id);
    ASSERT_TRUE(mine.ok());
    ASSERT_TRUE(mine.value().own.has_value());
    EXPECT_EQ(mine.value().own->state, Attend::kAbsent);
    auto lines = Attendees(conn(), me, m.id, 1, 100).value();
    ASSERT_EQ(lines.rows.size(), 1u);
    EXPECT_EQ(lines.rows.front().member_id, members_[tree_.a2][0]);
    Filter f;
    f.mine = true;
    EXPECT_EQ(Meetings(conn(), me, f).value().total, 1);
    EXPECT_TRUE(Meetings(conn(), me, Filter{}).error().IsForbidden());
    // Another cell's meeting stays unseen.
    auto other = Hold(tree_.a1, "regular", "2025-05-06").value().meeting;
    EXPECT_TRUE(GetMeeting(conn(), me, other.id).error().IsNotFound());
    EXPECT_TRUE(SummaryOf(conn(), me, tree_.a2, "2025-01-01", "2025-12-31", today_).error().IsNotFound());
}

TEST_P(MeetingTest, AMeetingThatStudiedADocumentRecordsTheStudyOfTheUnitsPresent) {
    document::Input d;
    d.type_code = "directive";
    d.symbol = "05-CT/TW";
    d.issued_on = "2016-05-15";
    d.title = "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh";
    d.owner_org_id = tree_.root;
    auto doc = document::Create(conn(), Scope::System(), d, {}, now_);
    ASSERT_TRUE(doc.ok()) << doc.error().message;
    document::distribution::SendInput send;
    send.mode = "list";
    send.org_ids = {tree_.a, tree_.a1, tree_.a2};
    send.sent_on = "2025-03-01";
    send.deadline = "2025-04-30";
    auto sent = document::distribution::Send(conn(), Scope::System(), doc.value().id, send, {}, now_, today_);
    ASSERT_TRUE(sent.ok()) << sent.error().message;
    // A's conference with A1's members all present and two of A2's absent.
    MeetingInput in;
    in.org_id = tree_.a;
    in.kind = "conference";
    in.held_on = "2025-03-20";
    in.topic = "Quán triệt Chỉ thị 05-CT/TW";
    in.document_ids = std::vector<int64_t>{doc.value().id};
    in.attendance = {{members_[tree_.a2][0], "absent", ""}, {members_[tree_.a2][1], "absent", ""}};
    auto held = CreateMeeting(conn(), Scope::System(), in, {}, now_, today_);
    ASSERT_TRUE(held.ok()) << held.error().message;
    EXPECT_EQ(held.value().studies_recorded, 3);
    auto at = [&](int64_t org) { return document::distribution::GetRecipient(conn(), Scope::System(), doc.value().id, org).value(); };
    EXPECT_EQ(at(tree_.a).studied_on, "2025-03-20");
    EXPECT_EQ(at(tree_.a).attendees, 18);
    EXPECT_EQ(at(tree_.a1).attendees, 12);
    EXPECT_EQ(at(tree_.a2).attendees, 6);
    EXPECT_EQ(at(tree_.a2).study_form, document::distribution::StudyForm::kConference);
    EXPECT_EQ(at(tree_.a2).meeting_ref, "meeting:" + std::to_string(held.value().meeting.id));
    // A unit that recorded its study another way keeps it; this meeting's own records follow its changes.
    auto fixed = RecordAttendance(conn(), Scope::System(), held.value().meeting.id, {}, held.value().meeting.version, {},
                                  now_, today_);
    ASSERT_TRUE(fixed.ok()) << fixed.error().message;
    EXPECT_EQ(at(tree_.a2).attendees, 8);
    EXPECT_EQ(rollup::Verify(conn()).differences, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, MeetingTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::meeting
