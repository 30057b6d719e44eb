// Unit tests of commitments, on both engines: the approval and year-end flow (draft, submit, return with a
// reason, submit again, approve, self-assess from the year's opening, review) with the counts the levels
// above read checked against what the test did; scope (no member reads another's, a secretary of another
// unit reads nothing, the office reads counts only); the reminders (each sent once); and codes of conduct
// (the version in force on a day, the overview's lists, a member reads their own units' codes only).
#include <gtest/gtest.h>

#include <algorithm>

#include "auth/service.h"
#include "commitment/service.h"
#include "conduct/service.h"
#include "member/service.h"
#include "notify/notify.h"
#include "org/service.h"
#include "rollup/rollup.h"
#include "testing/small_tree.h"
#include "testing/test_db.h"

namespace dv::commitment {
namespace {

using auth::Scope;

std::vector<std::string> Fields(const Error& e) {
    std::vector<std::string> out;
    for (const auto& f : e.field_errors) out.push_back(f.field + ":" + f.code);
    return out;
}
bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

class CommitmentTest : public ::testing::TestWithParam<std::string> {
protected:
    // R (bloc) ─┬─ A (grassroots committee) ─┬─ A1 (attached cell: m1, m2, m3)
    //           │                            └─ A2 (attached cell: m4)
    //           └─ B1 (grassroots cell: m5)
    // Accounts: m1, m2 and m5 (members), sec_a (secretary of A), sec_b (secretary of B1), office (on R).
    void SetUp() override {
        tree_ = testing::MakeSmallTree(conn(), now_, today_);
        int serial = 0;
        for (auto [org, n] : {std::pair{tree_.a1, 3}, {tree_.a2, 1}, {tree_.b1, 1}})
            for (int i = 0; i < n; ++i) {
                member::Member m;
                m.full_name = std::string("Nguyễn Văn ") + static_cast<char>('A' + serial++);
                m.org_id = org;
                m.gender = "male";
                m.birth_date = "1980-01-01";
                m.admitted_on = "2010-01-01";
                m.status = member::Status::kOfficial;
                m.official_on = "2011-01-01";
                auto c = member::Create(conn(), Scope::System(), m, {}, now_, today_);
                ASSERT_TRUE(c.ok()) << c.error().message;
                members_.push_back(c.value().id);
            }
        m1_ = Account("member.m1", "member", tree_.a1, members_[0]);
        m2_ = Account("member.m2", "member", tree_.a1, members_[1]);
        m5_ = Account("member.m5", "member", tree_.b1, members_[4]);
        sec_a_ = Account("bithu.a", "secretary", tree_.a, std::nullopt);
        sec_b_ = Account("bithu.b", "secretary", tree_.b1, std::nullopt);
        office_ = Account("vanphong", "office", tree_.root, std::nullopt);
    }
    Scope Account(const std::string& name, const std::string& role, int64_t org, std::optional<int64_t> member) {
        auto u = auth::CreateUser(conn(), Scope::System(), {name, name, "mat-khau-du-dai-123", role, org}, {}, now_);
        EXPECT_TRUE(u.ok()) << u.error().message;
        if (member) EXPECT_TRUE(auth::LinkMember(conn(), Scope::System(), u.value().id, *member, {}, now_).ok());
        return Scope(u.value().id, name, u.value().grants);
    }
    db::Connection& conn() { return db_.conn(); }
    Result<Commitment> Save(const Scope& who, std::vector<std::string> items, bool submit, const std::string& day) {
        SaveInput in;
        in.items = std::move(items);
        in.submit = submit;
        return SaveOwn(conn(), who, in, {}, now_, day);
    }
    int64_t Unread(const Scope& who, const std::string& kind) {
        int64_t n = 0;
        for (const auto& x : notify::List(conn(), who, {.unread_only = true, .page_size = 100}).items) n += x.kind == kind;
        return n;
    }

    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    std::string today_ = "2026-01-10";
    testing::SmallTree tree_;
    std::vector<int64_t> members_;
    Scope m1_, m2_, m5_, sec_a_, sec_b_, office_;
};

TEST_P(CommitmentTest, ApprovalAndYearEndFlowAndTheCountsAbove) {
    // A draft: editable, not counted.
    auto d = Save(m1_, {"Đúng giờ", "Tiết kiệm điện"}, false, "2026-01-10");
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d.value().status, "draft");
    EXPECT_EQ(Unread(sec_a_, "commitment_submitted"), 0);
    // Bad items are named.
    auto bad = Save(m1_, {"Một", "  "}, true, "2026-01-11");
    ASSERT_FALSE(bad.ok());
    EXPECT_TRUE(Has(Fields(bad.error()), "items[1]:required"));
    auto wrong_year = SaveOwn(conn(), m1_, {.year = 2027, .items = {"X"}}, {}, now_, "2026-01-11");
    ASSERT_FALSE(wrong_year.ok());
    EXPECT_TRUE(Has(Fields(wrong_year.error()), "year:not_open"));
    // Submitted: the secretary of A (nearest above A1 with a secretary) hears of it; the member cannot change it.
    auto s = Save(m1_, {"Đúng giờ", "Tiết kiệm điện", "Đọc sách của Bác"}, true, "2026-01-12");
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s.value().status, "submitted");
    EXPECT_EQ(s.value().org_id, tree_.a1);
    EXPECT_EQ(Unread(sec_a_, "commitment_submitted"), 1);
    EXPECT_EQ(Unread(sec_b_, "commitment_submitted"), 0);
    auto locked = Save(m1_, {"Khác"}, false, "2026-01-13");
    ASSERT_FALSE(locked.ok());
    EXPECT_EQ(locked.error().code, ErrorCode::kConflict);
    const int64_t id = s.value().id;
    // Returning needs a reason; then the member changes it and sends it again.
    auto no_reason = Decide(conn(), sec_a_, id, "return", " ", std::nullopt, {}, now_, "2026-01-14");
    ASSERT_FALSE(no_reason.ok());
    EXPECT_TRUE(Has(Fields(no_reason.error()), "note:required"));
    auto ret = Decide(conn(), sec_a_, id, "return", "Ghi cụ thể hơn", std::nullopt, {}, now_, "2026-01-14");
    ASSERT_TRUE(ret.ok()) << ret.error().message;
    EXPECT_EQ(ret.value().status, "returned");
    EXPECT_EQ(Unread(m1_, "commitment_returned"), 1);
    auto again = Save(m1_, {"Đến cơ quan trước 7 giờ 30", "Tắt điện khi ra về", "Đọc một tác phẩm của Bác mỗi quý"},
                      true, "2026-01-20");
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again.value().status, "submitted");
    EXPECT_EQ(again.value().return_note, "");
    // A stale version is refused; the current one approves.
    auto stale = Decide(conn(), sec_a_, id, "approve", "", ret.value().version, {}, now_, "2026-01-21");
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
    auto ok = Decide(conn(), sec_a_, id, "approve", "", again.value().version, {}, now_, "2026-01-21");
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok.value().status, "approved");
    EXPECT_EQ(ok.value().approved_on, "2026-01-21");
    EXPECT_EQ(Unread(m1_, "commitment_approved"), 1);
    // Self-assessment opens on the year's date (the office moves it to 1 November).
    AssessInput a;
    a.submit = true;
    a.lines = {{"done", ""}, {"partly", "Còn 2 lần đến muộn"}, {"", ""}};
    auto early = Assess(conn(), m1_, id, a, {}, now_, "2026-10-01");
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().code, ErrorCode::kConflict);
    EXPECT_FALSE(SetDates(conn(), sec_a_, {2026, "2026-03-31", "2026-11-01", false}, {}, now_).ok());
    auto dates = SetDates(conn(), office_, {2026, "2026-03-31", "2026-11-01", false}, {}, now_);
    ASSERT_TRUE(dates.ok()) << dates.error().message;
    auto bad_dates = SetDates(conn(), office_, {2026, "2026-12-01", "2026-11-01", false}, {}, now_);
    ASSERT_FALSE(bad_dates.ok());
    EXPECT_TRUE(Has(Fields(bad_dates.error()), "assess_from:before_register_by"));
    auto missing = Assess(conn(), m1_, id, a, {}, now_, "2026-11-05");
    ASSERT_FALSE(missing.ok());
    EXPECT_TRUE(Has(Fields(missing.error()), "results[2]:required"));
    a.lines[2].result = "done";
    auto assessed = Assess(conn(), m1_, id, a, {}, now_, "2026-11-05");
    ASSERT_TRUE(assessed.ok()) << assessed.error().message;
    EXPECT_EQ(assessed.value().assessment, "submitted");
    EXPECT_EQ(assessed.value().items[1].note, "Còn 2 lần đến muộn");
    EXPECT_EQ(Unread(sec_a_, "commitment_assessed"), 1);
    auto reviewed = Decide(conn(), sec_a_, id, "accept", "Tốt", std::nullopt, {}, now_, "2026-11-10");
    ASSERT_TRUE(reviewed.ok()) << reviewed.error().message;
    EXPECT_EQ(reviewed.value().assessment, "reviewed");

    // m2 submits and waits; m5 (B1) is approved by B1's secretary.
    ASSERT_TRUE(Save(m2_, {"Việc một"}, true, "2026-02-01").ok());
    auto b = Save(m5_, {"Việc một", "Việc hai"}, true, "2026-02-01");
    ASSERT_TRUE(b.ok());
    ASSERT_TRUE(Decide(conn(), sec_b_, b.value().id, "approve", "", std::nullopt, {}, now_, "2026-02-02").ok());

    // The counts, at three levels, as of the year's end; and before the review, the reviewed items are not.
    auto at = [&](int64_t org, const std::string& day) {
        auto r = SummaryOf(conn(), office_, org, 2026, day);
        EXPECT_TRUE(r.ok());
        return r.value().total;
    };
    auto c = at(tree_.root, "2026-12-31");
    EXPECT_EQ(c.members, 5);
    EXPECT_EQ(c.registered, 3);
    EXPECT_EQ(c.approved, 2);
    EXPECT_EQ(c.assessed, 1);
    EXPECT_EQ(c.reviewed, 1);
    EXPECT_EQ(c.items, 3 + 1 + 2);
    EXPECT_EQ(c.done, 2);
    EXPECT_EQ(c.partly, 1);
    EXPECT_EQ(c.not_done, 0);
    auto ca = at(tree_.a, "2026-12-31");
    EXPECT_EQ(ca.members, 4);
    EXPECT_EQ(ca.registered, 2);
    EXPECT_EQ(ca.approved, 1);
    auto ca1 = at(tree_.a1, "2026-12-31");
    EXPECT_EQ(ca1.registered, 2);
    EXPECT_EQ(at(tree_.a2, "2026-12-31").registered, 0);
    EXPECT_EQ(at(tree_.root, "2026-11-09").reviewed, 0);
    EXPECT_EQ(at(tree_.root, "2026-11-09").done, 0);
    EXPECT_EQ(at(tree_.root, "2026-01-31").approved, 1);  // m1's, approved 21 January
    auto summary = SummaryOf(conn(), office_, tree_.root, 2026, "2026-12-31");
    ASSERT_TRUE(summary.ok());
    ASSERT_EQ(summary.value().units.size(), 2u);
    EXPECT_EQ(rollup::Verify(conn()).differences, 0);
}

TEST_P(CommitmentTest, NobodyReadsAnothersCommitmentsAndTheLevelAboveSeesCountsOnly) {
    auto s = Save(m1_, {"Đúng giờ"}, true, "2026-01-12");
    ASSERT_TRUE(s.ok()) << s.error().message;
    const int64_t id = s.value().id;
    // The member and the secretary who answers for A1 read it.
    EXPECT_TRUE(Get(conn(), m1_, id).ok());
    auto by_sec = Get(conn(), sec_a_, id);
    ASSERT_TRUE(by_sec.ok());
    EXPECT_TRUE(by_sec.value().can_decide);
    EXPECT_FALSE(Get(conn(), m1_, id).value().can_decide);
    // Another member of the same cell, another unit's secretary, the office: not found.
    for (const Scope* who : {&m2_, &sec_b_, &office_}) {
        auto r = Get(conn(), *who, id);
        ASSERT_FALSE(r.ok()) << who->username();
        EXPECT_EQ(r.error().code, ErrorCode::kNotFound) << who->username();
        auto dec = Decide(conn(), *who, id, "approve", "", std::nullopt, {}, now_, "2026-01-13");
        ASSERT_FALSE(dec.ok()) << who->username();
    }
    // The member cannot approve their own.
    auto self = Decide(conn(), m1_, id, "approve", "", std::nullopt, {}, now_, "2026-01-13");
    ASSERT_FALSE(self.ok());
    EXPECT_EQ(self.error().code, ErrorCode::kForbidden);
    // Lists: A's secretary lists A1 and A2's members; B1's secretary lists nothing of A; the office none.
    auto list = CellList(conn(), sec_a_, std::nullopt, 2026, "all", 1, 50);
    ASSERT_TRUE(list.ok()) << list.error().message;
    EXPECT_EQ(list.value().total, 4);
    EXPECT_EQ(list.value().to_approve, 1);
    auto waiting = CellList(conn(), sec_a_, std::nullopt, 2026, "to_approve", 1, 50);
    ASSERT_TRUE(waiting.ok());
    ASSERT_EQ(waiting.value().rows.size(), 1u);
    EXPECT_EQ(waiting.value().rows[0].member_id, members_[0]);
    EXPECT_FALSE(CellList(conn(), sec_b_, tree_.a, 2026, "all", 1, 50).ok());
    EXPECT_FALSE(CellList(conn(), office_, std::nullopt, 2026, "all", 1, 50).ok());
    EXPECT_FALSE(CellList(conn(), m1_, std::nullopt, 2026, "all", 1, 50).ok());
    EXPECT_EQ(WaitingFor(conn(), sec_a_, 2026), (std::pair<int64_t, int64_t>{1, 0}));
    EXPECT_EQ(WaitingFor(conn(), sec_b_, 2026), (std::pair<int64_t, int64_t>{0, 0}));
    // The office reads counts; a member reads no unit's counts.
    auto counts = SummaryOf(conn(), office_, tree_.root, 2026, "2026-01-31");
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts.value().total.registered, 1);
    EXPECT_FALSE(SummaryOf(conn(), m1_, tree_.a1, 2026, "2026-01-31").ok());
    EXPECT_FALSE(SummaryOf(conn(), sec_b_, tree_.a, 2026, "2026-01-31").ok());
    // Only their own: m2 has none, whatever m1 wrote.
    auto own = Own(conn(), m2_, 2026);
    ASSERT_TRUE(own.ok());
    EXPECT_FALSE(own.value().has_value());
    // An account without a member record registers nothing.
    auto no_record = Save(sec_a_, {"X"}, true, "2026-01-12");
    ASSERT_FALSE(no_record.ok());
    EXPECT_EQ(no_record.error().code, ErrorCode::kForbidden);
}

TEST_P(CommitmentTest, ASecretaryDecidesOthersCommitmentsNeverTheirOwn) {
    // A's secretary is also the member of A2 (members_[3]).
    ASSERT_TRUE(auth::LinkMember(conn(), Scope::System(), sec_a_.user_id(), members_[3], {}, now_).ok());
    auto mine = Save(sec_a_, {"Gương mẫu đi đầu"}, true, "2026-01-12");
    ASSERT_TRUE(mine.ok()) << mine.error().message;
    auto rec = Get(conn(), sec_a_, mine.value().id);
    ASSERT_TRUE(rec.ok());
    EXPECT_TRUE(rec.value().own);
    EXPECT_FALSE(rec.value().can_decide);
    auto self = Decide(conn(), sec_a_, mine.value().id, "approve", "", std::nullopt, {}, now_, "2026-01-13");
    ASSERT_FALSE(self.ok());
    EXPECT_EQ(self.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(Get(conn(), sec_a_, mine.value().id).value().commitment.status, "submitted");
    // Another member's, the same secretary decides.
    auto other = Save(m1_, {"Đúng giờ"}, true, "2026-01-12");
    ASSERT_TRUE(other.ok());
    EXPECT_TRUE(Decide(conn(), sec_a_, other.value().id, "approve", "", std::nullopt, {}, now_, "2026-01-13").ok());
}

TEST_P(CommitmentTest, RemindersAreSentOnceWhenDue) {
    // Before the registration date: nothing.
    EXPECT_EQ(SendReminders(conn(), "2026-03-31", now_), 0);
    ASSERT_TRUE(Save(m1_, {"Đúng giờ"}, true, "2026-03-01").ok());
    // After it: m2 and m5 (accounts, nothing submitted) once each; m1 submitted; the secretary of A has
    // m1's commitment waiting since 1 March.
    EXPECT_EQ(SendReminders(conn(), "2026-04-01", now_), 3);
    EXPECT_EQ(Unread(m2_, "commitment_missing"), 1);
    EXPECT_EQ(Unread(m5_, "commitment_missing"), 1);
    EXPECT_EQ(Unread(m1_, "commitment_missing"), 0);
    EXPECT_EQ(Unread(sec_a_, "commitment_waiting_approval"), 1);
    EXPECT_EQ(SendReminders(conn(), "2026-04-02", now_), 0);
    EXPECT_EQ(Unread(m2_, "commitment_missing"), 1);
    // Self-assessment opens (15 November by default): the approved, unassessed commitment's member.
    auto c = Own(conn(), m1_, 2026);
    ASSERT_TRUE(c.ok() && c.value());
    ASSERT_TRUE(Decide(conn(), sec_a_, c.value()->id, "approve", "", std::nullopt, {}, now_, "2026-04-03").ok());
    EXPECT_EQ(SendReminders(conn(), "2026-11-14", now_), 0);
    EXPECT_EQ(SendReminders(conn(), "2026-11-15", now_), 1);
    EXPECT_EQ(Unread(m1_, "commitment_assess_due"), 1);
    EXPECT_EQ(SendReminders(conn(), "2026-11-16", now_), 0);
}

TEST_P(CommitmentTest, CodesOfConductHoldByDayAndTheOverviewListsWhoHasNone) {
    auto adopt = [&](const Scope& who, std::optional<int64_t> code, int64_t org, const std::string& day) {
        conduct::AdoptInput in;
        in.code_id = code;
        in.org_id = org;
        in.kind = "code_of_conduct";
        in.title = "Chuẩn mực đạo đức";
        in.adopted_on = day;
        in.body = "Nội dung " + day;
        return conduct::Adopt(conn(), who, in, {}, now_, "2026-06-30");
    };
    auto a1 = adopt(sec_a_, std::nullopt, tree_.a1, "2020-05-01");
    ASSERT_TRUE(a1.ok()) << a1.error().message;
    auto taken = adopt(sec_a_, std::nullopt, tree_.a1, "2021-05-01");
    ASSERT_FALSE(taken.ok());
    EXPECT_TRUE(Has(Fields(taken.error()), "title:taken"));
    auto before_last = adopt(sec_a_, a1.value().id, tree_.a1, "2020-04-01");
    ASSERT_FALSE(before_last.ok());
    EXPECT_TRUE(Has(Fields(before_last.error()), "adopted_on:not_after_last"));
    auto future = adopt(sec_a_, a1.value().id, tree_.a1, "2026-07-01");
    ASSERT_FALSE(future.ok());
    EXPECT_TRUE(Has(Fields(future.error()), "adopted_on:in_future"));
    auto other = adopt(sec_b_, std::nullopt, tree_.a1, "2020-05-01");
    ASSERT_FALSE(other.ok());
    EXPECT_TRUE(Has(Fields(other.error()), "org_id:not_found"));
    ASSERT_TRUE(adopt(sec_a_, a1.value().id, tree_.a1, "2026-02-01").ok());
    ASSERT_TRUE(adopt(sec_b_, std::nullopt, tree_.b1, "2026-03-01").ok());
    // The version in force on a day.
    auto on = [&](const std::string& day) {
        auto r = conduct::CodesOf(conn(), sec_a_, tree_.a1, day);
        EXPECT_TRUE(r.ok());
        return r.value().codes.at(0).in_force ? r.value().codes.at(0).in_force->number : 0;
    };
    EXPECT_EQ(on("2020-04-30"), 0);
    EXPECT_EQ(on("2020-05-01"), 1);
    EXPECT_EQ(on("2026-01-31"), 1);
    EXPECT_EQ(on("2026-02-01"), 2);
    // The overview of R over 2026 (units at grassroots level and below: A, A1, A2, B1).
    auto ov = conduct::OverviewOf(conn(), office_, tree_.root, "2026-01-01", "2026-06-30", "changed", 1, 50);
    ASSERT_TRUE(ov.ok()) << ov.error().message;
    EXPECT_EQ(ov.value().units, 4);
    EXPECT_EQ(ov.value().with_codes, 2);
    EXPECT_EQ(ov.value().changed, 2);
    EXPECT_EQ(ov.value().none, 2);
    EXPECT_EQ(ov.value().total, 2);
    auto none = conduct::OverviewOf(conn(), office_, tree_.root, "2026-01-01", "2026-06-30", "none", 1, 50);
    ASSERT_TRUE(none.ok());
    std::vector<int64_t> ids;
    for (const auto& u : none.value().rows) ids.push_back(u.org_id);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<int64_t>{tree_.a, tree_.a2}));
    // As of 2025: B1 had none yet, A1 had one but changed nothing in 2025.
    auto y2025 = conduct::OverviewOf(conn(), office_, tree_.root, "2025-01-01", "2025-12-31", "changed", 1, 50);
    ASSERT_TRUE(y2025.ok());
    EXPECT_EQ(y2025.value().changed, 0);
    EXPECT_EQ(y2025.value().none, 3);
    // A member reads their cell's and the units above it, not another unit's; nobody without a grant the overview.
    EXPECT_TRUE(conduct::CodesOf(conn(), m1_, tree_.a1, "2026-06-30").ok());
    EXPECT_TRUE(conduct::CodesOf(conn(), m1_, tree_.a, "2026-06-30").ok());
    EXPECT_FALSE(conduct::CodesOf(conn(), m1_, tree_.b1, "2026-06-30").ok());
    EXPECT_FALSE(conduct::GetCode(conn(), m5_, a1.value().id, "2026-06-30").ok());
    EXPECT_FALSE(conduct::OverviewOf(conn(), m1_, std::nullopt, "2026-01-01", "2026-06-30", "all", 1, 50).ok());
    EXPECT_FALSE(conduct::OverviewOf(conn(), sec_b_, tree_.a, "2026-01-01", "2026-06-30", "all", 1, 50).ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, CommitmentTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::commitment
