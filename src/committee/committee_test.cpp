// Unit tests of committee seats on both engines: appointment rules, the hand-over of a full seat,
// ends of terms (by hand, on transfer, on leaving the party, when the organization ends), as-of
// views, scope and audit rows; and the split of an organization, which keeps every member and unit.
#include <gtest/gtest.h>

#include <algorithm>

#include "audit/audit.h"
#include "committee/service.h"
#include "member/service.h"
#include "org/service.h"
#include "testing/small_tree.h"
#include "testing/test_db.h"

namespace dv::committee {
namespace {

using auth::Scope;

class CommitteeTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        auto t = testing::MakeSmallTree(conn(), now_, today_);
        root_ = t.root;
        a_ = t.a;
        a1_ = t.a1;
        a2_ = t.a2;
        b1_ = t.b1;
    }
    db::Connection& conn() { return db_.conn(); }
    int64_t Add(const std::string& name, int64_t org) {
        member::Member m;
        m.full_name = name;
        m.gender = "male";
        m.birth_date = "1975-02-03";
        m.admitted_on = "2005-06-07";
        m.official_on = "2006-06-07";
        m.status = member::Status::kOfficial;
        m.org_id = org;
        auto r = member::Create(conn(), Scope::System(), m, {}, now_, today_);
        EXPECT_TRUE(r.ok());
        return r.value().id;
    }
    Result<Position> Seat(int64_t org, int64_t member, const char* role, const char* from,
                          const Scope& scope = Scope::System()) {
        return Appoint(conn(), scope, org, {member, role, from, "Quyết định số 1-QĐ/ĐUK"}, {}, now_, today_);
    }
    std::vector<std::string> Held(int64_t org, const std::string& date) {
        std::vector<std::string> out;
        for (const auto& p : OfOrg(conn(), Scope::System(), org, date).value())
            out.push_back(p.role_code + ":" + p.member_name);
        return out;
    }
    int64_t Audits(const char* action) {
        return conn().QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = ?", {std::string(action)})->Int(0);
    }

    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    std::string today_ = "2026-11-27";
    int64_t root_ = 0, a_ = 0, a1_ = 0, a2_ = 0, b1_ = 0;
};

TEST_P(CommitteeTest, AppointNamesEachBadField) {
    auto r = Appoint(conn(), Scope::System(), a_, {std::nullopt, "mayor", "2030-01-01", ""}, {}, now_, today_);
    ASSERT_TRUE(r.error().IsInvalid());
    std::vector<std::string> fields;
    for (const auto& f : r.error().field_errors) fields.push_back(f.field + ":" + f.code);
    EXPECT_EQ(fields, (std::vector<std::string>{"member_id:required", "role:invalid_choice", "from_date:in_future"}));
    int64_t outsider = Add("Trần Văn Bình", b1_);
    EXPECT_EQ(Seat(a_, outsider, "secretary", "2020-01-01").error().field_errors.at(0).code, "not_in_org");
    int64_t m = Add("Nguyễn Văn An", a1_);
    EXPECT_EQ(Seat(a_, m, "secretary", "2004-01-01").error().field_errors.at(0).code, "before_founded");
    member::Patch late;
    late.admitted_on = "2019-01-01";
    late.official_on = "2020-01-01";
    ASSERT_TRUE(member::Update(conn(), Scope::System(), m, late, {}, now_, today_).ok());
    EXPECT_EQ(Seat(a_, m, "secretary", "2018-01-01").error().field_errors.at(0).code, "before_admitted");
    ASSERT_TRUE(Seat(a_, m, "committee_member", "2020-01-01").ok());
    EXPECT_EQ(Seat(a_, m, "committee_member", "2021-01-01").error().field_errors.at(0).code, "holds_seat");
    EXPECT_EQ(Audits("committee.appoint"), 1);
}

TEST_P(CommitteeTest, ANewSecretaryTakesOverAndAsOfShowsEachTerm) {
    int64_t an = Add("Nguyễn Văn An", a1_), binh = Add("Trần Thị Bình", a2_), cuong = Add("Lê Văn Cường", a2_);
    ASSERT_TRUE(Seat(a_, an, "secretary", "2016-05-01").ok());
    ASSERT_TRUE(Seat(a_, cuong, "deputy_secretary", "2016-05-01").ok());
    ASSERT_TRUE(Seat(a_, binh, "deputy_secretary", "2016-05-01").ok());
    // Bí thư holds one seat: electing Bình ends An's term that day.
    auto r = Seat(a_, binh, "secretary", "2020-10-15");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(Held(a_, "2019-01-01"), (std::vector<std::string>{"secretary:Nguyễn Văn An", "deputy_secretary:Trần Thị Bình",
                                                                "deputy_secretary:Lê Văn Cường"}));
    EXPECT_EQ(Held(a_, "2020-10-15"), (std::vector<std::string>{"secretary:Trần Thị Bình", "deputy_secretary:Trần Thị Bình",
                                                                "deputy_secretary:Lê Văn Cường"}));
    auto history = OfOrg(conn(), Scope::System(), a_, "").value();
    auto old = std::find_if(history.begin(), history.end(), [&](auto& p) { return p.member_id == an; });
    EXPECT_EQ(old->to_date, "2020-10-15");
    EXPECT_EQ(old->end_reason, "replaced");
    // A hand-over cannot date before the current holder's own start.
    EXPECT_EQ(Seat(a_, cuong, "secretary", "2020-10-15").error().field_errors.at(0).code, "before_last_change");
    EXPECT_EQ(Audits("committee.end"), 1);
    EXPECT_TRUE(audit::Verify(conn()).ok);
}

TEST_P(CommitteeTest, EndingATermByHand) {
    int64_t an = Add("Nguyễn Văn An", a1_);
    auto p = Seat(a1_, an, "secretary", "2021-01-01").value();
    EXPECT_EQ(End(conn(), Scope::System(), a1_, p.id, "2020-12-31", "", {}, now_, today_).error().field_errors.at(0).code,
              "before_start");
    EXPECT_TRUE(End(conn(), Scope::System(), a2_, p.id, "2022-01-01", "", {}, now_, today_).error().IsNotFound());
    auto ended = End(conn(), Scope::System(), a1_, p.id, "2023-06-30", "Nghỉ hưu", {}, now_, today_);
    ASSERT_TRUE(ended.ok());
    EXPECT_EQ(ended.value().end_reason, "term_end");
    EXPECT_EQ(Held(a1_, "2023-06-29").size(), 1u);
    EXPECT_TRUE(Held(a1_, "2023-06-30").empty());
    EXPECT_EQ(End(conn(), Scope::System(), a1_, p.id, "2024-01-01", "", {}, now_, today_).error().message,
              "error.term_ended");
}

TEST_P(CommitteeTest, TermsEndWhenTheMemberLeavesTheSubtreeOrTheParty) {
    int64_t an = Add("Nguyễn Văn An", a1_), binh = Add("Trần Thị Bình", a1_);
    ASSERT_TRUE(Seat(a1_, an, "secretary", "2018-01-01").ok());
    ASSERT_TRUE(Seat(a_, an, "committee_member", "2018-01-01").ok());
    // A move within A ends the cell seat only; a move out of A ends the committee seat too.
    ASSERT_TRUE(member::Transfer(conn(), Scope::System(), an, a2_, "2022-02-01", "", {}, now_, today_).ok());
    EXPECT_TRUE(Held(a1_, "2022-02-01").empty());
    EXPECT_EQ(Held(a_, "2022-02-01"), (std::vector<std::string>{"committee_member:Nguyễn Văn An"}));
    ASSERT_TRUE(member::Transfer(conn(), Scope::System(), an, b1_, "2023-03-01", "", {}, now_, today_).ok());
    EXPECT_TRUE(Held(a_, "2023-03-01").empty());
    EXPECT_EQ(OfMember(conn(), Scope::System(), an).value().front().end_reason, "transfer");
    // Leaving the party (deceased) ends every seat.
    ASSERT_TRUE(Seat(a1_, binh, "secretary", "2022-03-01").ok());
    member::Patch p;
    p.status = "deceased";
    p.status_since = "2024-04-04";
    ASSERT_TRUE(member::Update(conn(), Scope::System(), binh, p, {}, now_, today_).ok());
    auto terms = OfMember(conn(), Scope::System(), binh).value();
    ASSERT_EQ(terms.size(), 1u);
    EXPECT_EQ(terms[0].to_date, "2024-04-04");
    EXPECT_EQ(terms[0].end_reason, "status");
    EXPECT_EQ(Audits("committee.end"), 3);
}

TEST_P(CommitteeTest, ScopeLimitsWhoMaySeeAndAppoint) {
    int64_t an = Add("Nguyễn Văn An", a1_), chi = Add("Phạm Thị Chi", b1_);
    Scope sec_a(8, "a", {{2, 8, auth::Role::kSecretary, a_, ""}});
    Scope inspector(7, "i", {{3, 7, auth::Role::kInspector, root_, ""}});
    EXPECT_TRUE(Seat(a1_, an, "secretary", "2020-01-01", sec_a).ok());
    EXPECT_TRUE(Seat(b1_, chi, "secretary", "2020-01-01", sec_a).error().IsNotFound());
    EXPECT_TRUE(Seat(a1_, an, "committee_member", "2020-01-01", inspector).error().IsForbidden());
    EXPECT_TRUE(OfOrg(conn(), inspector, a1_, "").ok());
    EXPECT_TRUE(OfOrg(conn(), sec_a, b1_, "").error().IsNotFound());
    EXPECT_TRUE(OfMember(conn(), sec_a, chi).error().IsNotFound());
}

TEST_P(CommitteeTest, SplitKeepsEveryMemberAndUnitAndEndsTheOldCommittee) {
    int64_t an = Add("Nguyễn Văn An", a1_), binh = Add("Trần Thị Bình", a1_), cuong = Add("Lê Văn Cường", a1_);
    ASSERT_TRUE(Seat(a1_, an, "secretary", "2018-01-01").ok());
    int64_t audits_before = conn().QueryOne("SELECT COUNT(*) FROM audit_log")->Int(0);
    org::Split split{"2025-07-01",
                     {{"A1X", "Chi bộ X", "", {binh}, {}}, {"A1Y", "Chi bộ Y", "", {cuong}, {}}},
                     "Quyết định số 9-QĐ/ĐUK"};
    auto r = org::SplitOrg(conn(), Scope::System(), a1_, split, {}, now_, today_);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r.value().parts.size(), 2u);
    int64_t x = r.value().parts[0].id, y = r.value().parts[1].id;
    // An was not listed: the first part takes them.
    EXPECT_EQ(member::Get(conn(), Scope::System(), an).value().org_id, x);
    EXPECT_EQ(member::Get(conn(), Scope::System(), binh).value().org_id, x);
    EXPECT_EQ(member::Get(conn(), Scope::System(), cuong).value().org_id, y);
    auto h = member::History(conn(), Scope::System(), cuong).value();
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(h[0].org_id, a1_);
    EXPECT_EQ(h[0].to_date, "2025-07-01");
    EXPECT_EQ(h[1].reason, "reorganization");
    // As of the day before, the old cell; from the day, the two new ones under the same parent.
    auto before = org::Children(conn(), Scope::System(), a_, "2025-06-30").value();
    auto after = org::Children(conn(), Scope::System(), a_, "2025-07-01").value();
    auto codes = [](const std::vector<org::Org>& v) {
        std::vector<std::string> c;
        for (const auto& o : v) c.push_back(o.code);
        std::sort(c.begin(), c.end());
        return c;
    };
    EXPECT_EQ(codes(before), (std::vector<std::string>{"A1", "A2"}));
    EXPECT_EQ(codes(after), (std::vector<std::string>{"A1X", "A1Y", "A2"}));
    EXPECT_EQ(org::Get(conn(), Scope::System(), a1_).value().ended_on, "2025-07-01");
    // Member counts as of each date: three in A1 before, 2 + 1 after, and A's subtree keeps all three.
    auto tree_before = org::Tree(conn(), Scope::System(), "2025-06-30", false).value();
    auto tree_after = org::Tree(conn(), Scope::System(), "2025-07-01", false).value();
    auto count = [](const std::vector<org::TreeNode>& t, int64_t id) {
        for (const auto& n : t)
            if (n.org.id == id) return n.total;
        return int64_t{-1};
    };
    EXPECT_EQ(count(tree_before, a1_), 3);
    EXPECT_EQ(count(tree_after, x), 2);
    EXPECT_EQ(count(tree_after, y), 1);
    EXPECT_EQ(count(tree_before, a_), 3);
    EXPECT_EQ(count(tree_after, a_), 3);
    // The old cell's committee ended with it.
    EXPECT_TRUE(Held(a1_, "2025-07-01").empty());
    EXPECT_EQ(OfMember(conn(), Scope::System(), an).value().front().end_reason, "reorganization");
    // Audit: two creations, the split, the ended seat.
    EXPECT_EQ(conn().QueryOne("SELECT COUNT(*) FROM audit_log")->Int(0) - audits_before, 4);
    EXPECT_EQ(Audits("org.split"), 1);
    EXPECT_TRUE(audit::Verify(conn()).ok);
}

TEST_P(CommitteeTest, SplitRefusesBadPartsAndWritesNothing) {
    int64_t an = Add("Nguyễn Văn An", a1_);
    int64_t audits = conn().QueryOne("SELECT COUNT(*) FROM audit_log")->Int(0);
    auto codes = [](const Error& e) {
        std::vector<std::string> c;
        for (const auto& f : e.field_errors) c.push_back(f.field + ":" + f.code);
        return c;
    };
    auto one = org::SplitOrg(conn(), Scope::System(), a1_, {"", {{"N1", "Một", "", {}, {}}}, ""}, {}, now_, today_);
    EXPECT_EQ(codes(one.error()), (std::vector<std::string>{"parts:too_few"}));
    auto bad = org::SplitOrg(conn(), Scope::System(), a1_,
                             {"", {{"A2", "", "", {}, {}}, {"N2", "Hai", "nope", {}, {}}}, ""}, {}, now_, today_);
    EXPECT_EQ(codes(bad.error()),
              (std::vector<std::string>{"parts[0].code:taken", "parts[0].name:required", "parts[1].type:invalid_choice"}));
    auto twice = org::SplitOrg(conn(), Scope::System(), a1_,
                               {"", {{"N1", "Một", "", {an}, {}}, {"N2", "Hai", "", {an, 999}, {}}}, ""}, {}, now_,
                               today_);
    EXPECT_EQ(codes(twice.error()),
              (std::vector<std::string>{"parts[1].members:assigned_twice", "parts[1].members:not_in_org"}));
    // Members may not go to a type that holds none.
    auto no_cell = org::SplitOrg(conn(), Scope::System(), a1_,
                                 {"", {{"N1", "Một", "sub_committee", {an}, {}}, {"N2", "Hai", "", {}, {}}}, ""}, {},
                                 now_, today_);
    EXPECT_EQ(codes(no_cell.error()), (std::vector<std::string>{"parts[0].type:holds_no_members"}));
    Scope sec_b(8, "b", {{2, 8, auth::Role::kSecretary, b1_, ""}});
    EXPECT_TRUE(org::SplitOrg(conn(), sec_b, a1_, {"", {{"N1", "Một", "", {}, {}}, {"N2", "Hai", "", {}, {}}}, ""}, {},
                              now_, today_)
                    .error()
                    .IsNotFound());
    EXPECT_EQ(conn().QueryOne("SELECT COUNT(*) FROM audit_log")->Int(0), audits);
    EXPECT_EQ(conn().QueryOne("SELECT COUNT(*) FROM orgs WHERE code IN ('N1', 'N2')")->Int(0), 0);
    EXPECT_TRUE(org::Get(conn(), Scope::System(), a1_).value().ended_on.empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, CommitteeTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::committee
