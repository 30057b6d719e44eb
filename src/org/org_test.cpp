// Unit tests of the organization tree's history on both engines: as-of views, each kind of
// reorganization, the closure table after moves and merges, scope, and the audit rows.
#include <gtest/gtest.h>

#include <algorithm>

#include "audit/audit.h"
#include "org/service.h"
#include "org/store.h"
#include "testing/test_db.h"

namespace dv::org {
namespace {

using auth::Scope;

class OrgTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        root_ = Make(std::nullopt, "R", "Đảng bộ Khối", "bloc", "2016-01-01");
        a_ = Make(root_, "A", "Đảng bộ Sở Tài chính", "grassroots_committee", "2016-01-01");
        a1_ = Make(a_, "A1", "Chi bộ Ngân sách", "attached_cell", "2016-01-01");
        b_ = Make(root_, "B", "Đảng bộ Sở Kế hoạch", "grassroots_committee", "2016-01-01");
        b1_ = Make(b_, "B1", "Chi bộ Đầu tư", "attached_cell", "2016-01-01");
    }
    db::Connection& conn() { return db_.conn(); }
    int64_t Make(std::optional<int64_t> parent, const char* code, const char* name, const char* type,
                 const char* founded) {
        auto o = Create(conn(), Scope::System(), {parent, code, name, type, founded, ""}, {}, now_, today_);
        EXPECT_TRUE(o.ok()) << (o.ok() ? "" : o.error().message);
        return o.value().id;
    }
    Result<Event> Apply(int64_t id, Reorganization r, const Scope& scope = Scope::System()) {
        return Reorganize(conn(), scope, id, r, {}, now_, today_);
    }
    std::vector<std::string> Names(const std::optional<std::string>& as_of) {
        std::vector<std::string> out;
        for (const auto& o : List(conn(), Scope::System(), as_of).value()) out.push_back(o.code + ":" + o.name);
        return out;
    }
    int64_t AuditCount() { return conn().QueryOne("SELECT COUNT(*) FROM audit_log")->Int(0); }

    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    std::string today_ = "2026-11-27";
    int64_t root_ = 0, a_ = 0, a1_ = 0, b_ = 0, b1_ = 0;
};

TEST_P(OrgTest, RenameKeepsTheOldNameForEarlierDates) {
    ASSERT_TRUE(Apply(a_, {"rename", "2019-03-01", "Đảng bộ Sở Tài chính tỉnh", std::nullopt, "", std::nullopt,
                           "Quyết định số 12-QĐ/ĐUK"})
                    .ok());
    EXPECT_EQ(GetAsOf(conn(), Scope::System(), a_, "2019-02-28").value().name, "Đảng bộ Sở Tài chính");
    EXPECT_EQ(GetAsOf(conn(), Scope::System(), a_, "2019-03-01").value().name, "Đảng bộ Sở Tài chính tỉnh");
    EXPECT_EQ(Get(conn(), Scope::System(), a_).value().name, "Đảng bộ Sở Tài chính tỉnh");
    auto h = HistoryOf(conn(), Scope::System(), a_).value();
    ASSERT_EQ(h.versions.size(), 2u);
    EXPECT_EQ(h.versions[0].valid_to, "2019-03-01");
    EXPECT_EQ(h.events.back().decision, "Quyết định số 12-QĐ/ĐUK");
    EXPECT_TRUE(audit::Verify(conn()).ok);
}

TEST_P(OrgTest, DatesMustBeValidNotFutureAndNotBeforeTheLastChange) {
    auto future = Apply(a_, {"rename", "2027-01-01", "X", std::nullopt, "", std::nullopt, ""});
    EXPECT_EQ(future.error().field_errors.at(0).code, "in_future");
    auto bad = Apply(a_, {"rename", "2019-02-30", "X", std::nullopt, "", std::nullopt, ""});
    EXPECT_EQ(bad.error().field_errors.at(0).code, "invalid_date");
    ASSERT_TRUE(Apply(a_, {"rename", "2020-01-01", "Tên mới", std::nullopt, "", std::nullopt, ""}).ok());
    auto earlier = Apply(a_, {"rename", "2019-01-01", "Tên khác", std::nullopt, "", std::nullopt, ""});
    EXPECT_EQ(earlier.error().field_errors.at(0).code, "before_last_change");
    auto same = Apply(a_, {"rename", "2021-01-01", "Tên mới", std::nullopt, "", std::nullopt, ""});
    EXPECT_EQ(same.error().field_errors.at(0).code, "unchanged");
}

TEST_P(OrgTest, MoveRelinksTheSubtreeForScopes) {
    ASSERT_TRUE(Apply(a1_, {"move", "2020-06-01", "", b_, "", std::nullopt, ""}).ok());
    EXPECT_TRUE(store::IsInSubtree(conn(), b_, a1_));
    EXPECT_FALSE(store::IsInSubtree(conn(), a_, a1_));
    EXPECT_TRUE(store::IsInSubtree(conn(), root_, a1_));
    // The tree of 2019 still has A1 under A; today's under B.
    auto then = Children(conn(), Scope::System(), a_, "2019-01-01").value();
    ASSERT_EQ(then.size(), 1u);
    EXPECT_EQ(then[0].id, a1_);
    EXPECT_TRUE(Children(conn(), Scope::System(), a_, today_).value().empty());
    // A secretary of B now sees A1; a secretary of A no longer does.
    Scope sec_b(9, "b", {{1, 9, auth::Role::kSecretary, b_, ""}});
    Scope sec_a(8, "a", {{2, 8, auth::Role::kSecretary, a_, ""}});
    EXPECT_TRUE(Get(conn(), sec_b, a1_).ok());
    EXPECT_TRUE(Get(conn(), sec_a, a1_).error().IsNotFound());
}

TEST_P(OrgTest, MoveUnderItsOwnUnitIsRefused) {
    auto r = Apply(a_, {"move", "2020-01-01", "", a1_, "", std::nullopt, ""});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field_errors.at(0).code, "cycle");
}

TEST_P(OrgTest, MergeMovesUnitsAndEndsTheMergedOrganization) {
    int64_t a2 = Make(a_, "A2", "Chi bộ Văn phòng", "attached_cell", "2016-01-01");
    ASSERT_TRUE(Apply(a_, {"merge", "2025-07-01", "", std::nullopt, "", b_, "Quyết định số 99-QĐ/TU"}).ok());
    auto merged = Get(conn(), Scope::System(), a_).value();
    EXPECT_EQ(merged.ended_on, "2025-07-01");
    // Its units now belong to B, and the tree of today no longer lists A.
    EXPECT_EQ(Get(conn(), Scope::System(), a1_).value().parent_id, b_);
    EXPECT_EQ(Get(conn(), Scope::System(), a2).value().parent_id, b_);
    auto today = Names(std::nullopt);
    EXPECT_EQ(std::count(today.begin(), today.end(), "A:Đảng bộ Sở Tài chính"), 0);
    auto before = Names("2025-06-30");
    EXPECT_EQ(std::count(before.begin(), before.end(), "A:Đảng bộ Sở Tài chính"), 1);
    // B's secretary sees the merged organization's history; it can no longer be changed.
    Scope sec_b(9, "b", {{1, 9, auth::Role::kSecretary, b_, ""}});
    EXPECT_TRUE(Get(conn(), sec_b, a_).ok());
    EXPECT_EQ(Apply(a_, {"rename", "2025-08-01", "Z", std::nullopt, "", std::nullopt, ""}).error().message,
              "error.org_ended");
    EXPECT_TRUE(audit::Verify(conn()).ok);
}

TEST_P(OrgTest, DissolveNeedsNoActiveUnits) {
    auto r = Apply(b_, {"dissolve", "2024-01-01", "", std::nullopt, "", std::nullopt, ""});
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().IsConflict());
    ASSERT_TRUE(Apply(b1_, {"dissolve", "2024-01-01", "", std::nullopt, "", std::nullopt, ""}).ok());
    ASSERT_TRUE(Apply(b_, {"dissolve", "2024-02-01", "", std::nullopt, "", std::nullopt, ""}).ok());
    EXPECT_FALSE(GetAsOf(conn(), Scope::System(), b_, "2024-03-01").ok());
    EXPECT_TRUE(GetAsOf(conn(), Scope::System(), b_, "2023-12-31").ok());
}

TEST_P(OrgTest, RetypeAndScopeOfWrites) {
    Scope sec_a(8, "a", {{2, 8, auth::Role::kSecretary, a_, ""}});
    EXPECT_TRUE(Apply(a1_, {"retype", "2022-01-01", "", std::nullopt, "sub_committee", std::nullopt, ""}, sec_a).ok());
    EXPECT_EQ(Get(conn(), Scope::System(), a1_).value().type_code, "sub_committee");
    // Out of scope: not found, and nothing written.
    int64_t audits = AuditCount();
    EXPECT_TRUE(Apply(b1_, {"rename", "2022-01-01", "X", std::nullopt, "", std::nullopt, ""}, sec_a).error().IsNotFound());
    EXPECT_TRUE(Apply(a1_, {"move", "2022-02-01", "", b_, "", std::nullopt, ""}, sec_a).error().IsNotFound());
    EXPECT_EQ(AuditCount(), audits);
    Scope inspector(7, "i", {{3, 7, auth::Role::kInspector, root_, ""}});
    EXPECT_TRUE(Apply(a1_, {"rename", "2022-01-01", "X", std::nullopt, "", std::nullopt, ""}, inspector)
                    .error()
                    .IsForbidden());
    // Out of scope reads as absent whatever the role: an inspector of one unit, a plain member (issue [4/12]).
    Scope inspector_a(6, "ia", {{4, 6, auth::Role::kInspector, a_, ""}});
    EXPECT_TRUE(Apply(b1_, {"rename", "2022-01-01", "X", std::nullopt, "", std::nullopt, ""}, inspector_a)
                    .error()
                    .IsNotFound());
    Scope member(9, "m", {{5, 9, auth::Role::kMember, a1_, ""}});
    EXPECT_TRUE(Get(conn(), member, a1_).error().IsNotFound());
    EXPECT_TRUE(Apply(a1_, {"rename", "2022-01-01", "X", std::nullopt, "", std::nullopt, ""}, member)
                    .error()
                    .IsNotFound());
}

TEST_P(OrgTest, CreateValidatesTypeAndParentDate) {
    auto bad = Create(conn(), Scope::System(), {a_, "N", "Mới", "castle", "", ""}, {}, now_, today_);
    EXPECT_EQ(bad.error().field_errors.at(0).field, "type");
    // Older than its parent: it keeps its founding date, and its history starts with the parent's.
    auto early = Create(conn(), Scope::System(), {a_, "N", "Mới", "attached_cell", "2010-01-01", ""}, {}, now_, today_);
    ASSERT_TRUE(early.ok());
    EXPECT_EQ(early->founded_on, "2010-01-01");
    EXPECT_EQ(HistoryOf(conn(), Scope::System(), early->id)->versions.front().valid_from, "2016-01-01");
    EXPECT_FALSE(GetAsOf(conn(), Scope::System(), early->id, "2015-12-31").ok());
    // Under an organization that has ended, never.
    ASSERT_TRUE(Apply(b1_, {"dissolve", "2020-01-01"}).ok());
    auto under_ended =
        Create(conn(), Scope::System(), {b1_, "N2", "Mới", "party_group", "2010-01-01", ""}, {}, now_, today_);
    EXPECT_TRUE(under_ended.error().IsNotFound());
    auto dup = Create(conn(), Scope::System(), {a_, "A1", "Mới", "attached_cell", "", ""}, {}, now_, today_);
    EXPECT_TRUE(dup.error().IsConflict());
    EXPECT_EQ(Types(conn()).size(), 9u);  // with the 2025 "Đảng bộ trực thuộc Tỉnh ủy" (migration 0012)
    EXPECT_EQ(Types(conn()).front().code, "central");  // the level above the provinces comes first
}

INSTANTIATE_TEST_SUITE_P(Engines, OrgTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::org

namespace dv::org {
namespace {

TEST_P(OrgTest, SearchIgnoresDiacriticsAndSiblingsSortTheVietnameseWay) {
    Make(root_, "C", "Đảng bộ Sở Xây dựng", "grassroots_committee", "2016-01-01");
    Make(root_, "D", "Chi bộ Ban Dân vận", "grassroots_cell", "2016-01-01");
    auto found = Search(conn(), Scope::System(), "so tai chinh", 10).value();
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id, a_);
    EXPECT_EQ(Search(conn(), Scope::System(), "ĐẢNG BỘ SỞ XÂY", 10).value().size(), 1u);
    EXPECT_EQ(Search(conn(), Scope::System(), "dang bo so", 10).value().size(), 3u);
    // Renames keep the folded copy in step.
    ASSERT_TRUE(Apply(a_, {"rename", "2020-01-01", "Đảng bộ Sở Tài chính tỉnh", std::nullopt, "", std::nullopt, ""}).ok());
    EXPECT_EQ(Search(conn(), Scope::System(), "tai chinh tinh", 10).value().size(), 1u);
    // Siblings: "Chi bộ…" < "Đảng bộ Sở Kế…" < "Đảng bộ Sở Tài…" < "Đảng bộ Sở Xây…" (a byte sort puts Đ last).
    std::vector<std::string> kids;
    for (const auto& o : Children(conn(), Scope::System(), root_, today_).value()) kids.push_back(o.code);
    EXPECT_EQ(kids, (std::vector<std::string>{"D", "B", "A", "C"}));
}

}  // namespace
}  // namespace dv::org

namespace dv::org {
namespace {

// A tree in Tree's order: R(0) > A(1) > A1(2), A2(2); R > B(1) > B1(2) > B11(3).
std::vector<TreeNode> SmallTree() {
    std::vector<TreeNode> t;
    auto add = [&](int64_t id, std::optional<int64_t> parent, int depth) {
        TreeNode n;
        n.org.id = id;
        n.org.parent_id = parent;
        n.org.depth = depth;
        t.push_back(n);
    };
    add(1, std::nullopt, 0);
    add(2, 1, 1);
    add(3, 2, 2);
    add(4, 2, 2);
    add(5, 1, 1);
    add(6, 5, 2);
    add(7, 6, 3);
    return t;
}

std::vector<int64_t> Ids(const TreeWindow& w) {
    std::vector<int64_t> ids;
    for (const auto& n : w.nodes) ids.push_back(n.org.id);
    return ids;
}

TEST(OrgWindow, CutsAtTheDeepestLevelThatFitsAndCountsWhatIsHidden) {
    auto all = Window(SmallTree(), std::nullopt, 100).value();
    EXPECT_FALSE(all.cut);
    EXPECT_EQ(Ids(all).size(), 7u);
    // Three levels hold 6 nodes; a limit of 5 keeps two levels and hides the units of A and B.
    auto cut = Window(SmallTree(), std::nullopt, 5).value();
    EXPECT_TRUE(cut.cut);
    EXPECT_EQ(Ids(cut), (std::vector<int64_t>{1, 2, 5}));
    EXPECT_EQ(cut.hidden, (std::vector<int64_t>{0, 2, 1}));
    // At least one level below the top is shown, whatever the limit.
    EXPECT_EQ(Ids(Window(SmallTree(), std::nullopt, 1).value()), (std::vector<int64_t>{1, 2, 5}));
    // A subtree: its own depths, from its top.
    auto b = Window(SmallTree(), 5, 100).value();
    EXPECT_EQ(Ids(b), (std::vector<int64_t>{5, 6, 7}));
    EXPECT_EQ(b.nodes[0].org.depth, 0);
    EXPECT_EQ(b.nodes[2].org.depth, 2);
    EXPECT_TRUE(Window(SmallTree(), 99, 100).error().IsNotFound());
}

}  // namespace
}  // namespace dv::org
