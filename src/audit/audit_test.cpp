// Unit tests of the audit chain on both engines: append, verify, and tampering of each kind.
#include "audit/audit.h"

#include <gtest/gtest.h>

#include "testing/test_db.h"

namespace dv::audit {
namespace {

class AuditTest : public ::testing::TestWithParam<std::string> {
protected:
    testing::TestDb db_{GetParam()};
    void AppendN(int n) {
        for (int i = 1; i <= n; ++i) {
            db::Transaction tx(db_.conn());
            Append(db_.conn(), {7, "vanphong", "127.0.0.1"}, 1000 + i, "user.create", "user", i, std::nullopt, nullptr,
                   boost::json::object{{"name", "Nguyễn Văn " + std::to_string(i)}});
            tx.Commit();
        }
    }
};

TEST_P(AuditTest, IntactChainVerifies) {
    AppendN(5);
    auto r = Verify(db_.conn());
    EXPECT_TRUE(r.ok) << r.problem;
    EXPECT_EQ(r.rows, 5);
}

TEST_P(AuditTest, EmptyChainVerifies) { EXPECT_TRUE(Verify(db_.conn()).ok); }

TEST_P(AuditTest, EditedRowIsNamed) {
    AppendN(5);
    db_.conn().Exec("UPDATE audit_log SET after_json = '{\"name\":\"x\"}' WHERE id = 3");
    auto r = Verify(db_.conn());
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_id, 3);
    EXPECT_NE(r.problem.find("edited"), std::string::npos) << r.problem;
}

TEST_P(AuditTest, DeletedRowIsNamed) {
    AppendN(5);
    db_.conn().Exec("DELETE FROM audit_log WHERE id = 2");
    auto r = Verify(db_.conn());
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_id, 2);
    EXPECT_NE(r.problem.find("deleted"), std::string::npos) << r.problem;
}

TEST_P(AuditTest, DeletedLastRowIsNamed) {
    AppendN(4);
    db_.conn().Exec("DELETE FROM audit_log WHERE id = 4");
    auto r = Verify(db_.conn());
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_id, 4);
}

TEST_P(AuditTest, InsertedRowIsNamed) {
    AppendN(3);
    // A forged row with a correct-looking hash of its own, but not chained to row 3.
    Entry forged;
    forged.id = 4;
    forged.at = 5000;
    forged.username = "mallory";
    forged.action = "user.create";
    forged.entity_type = "user";
    forged.prev_hash = std::string(64, 'a');
    forged.hash = ComputeHash(forged);
    db_.conn().Exec(
        "INSERT INTO audit_log (id, at, user_id, username, ip, action, entity_type, entity_id, org_id, before_json, "
        "after_json, prev_hash, hash) VALUES (4, 5000, NULL, 'mallory', '', 'user.create', 'user', NULL, NULL, NULL, "
        "NULL, ?, ?)",
        {forged.prev_hash, forged.hash});
    auto r = Verify(db_.conn());
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_id, 4);
}

TEST_P(AuditTest, RolledBackMutationLeavesNoRow) {
    {
        db::Transaction tx(db_.conn());
        Append(db_.conn(), {}, 1, "org.create", "org", 1, 1, nullptr, boost::json::object{});
    }
    EXPECT_EQ(db_.conn().QueryOne("SELECT COUNT(*) FROM audit_log")->Int(0), 0);
    AppendN(1);
    EXPECT_TRUE(Verify(db_.conn()).ok);
}

TEST_P(AuditTest, ListFiltersAndPages) {
    AppendN(7);
    Filter f;
    f.limit = 3;
    auto page1 = List(db_.conn(), auth::Scope::System(), f);
    ASSERT_EQ(page1.size(), 3u);
    EXPECT_EQ(page1[0].id, 7);
    f.before_id = page1.back().id;
    auto page2 = List(db_.conn(), auth::Scope::System(), f);
    ASSERT_EQ(page2.size(), 3u);
    EXPECT_EQ(page2[0].id, 4);
    Filter by_user;
    by_user.username = "nobody";
    EXPECT_TRUE(List(db_.conn(), auth::Scope::System(), by_user).empty());
    Filter by_time;
    by_time.from_at = 1003;
    by_time.to_at = 1005;
    EXPECT_EQ(List(db_.conn(), auth::Scope::System(), by_time).size(), 2u);
    // A user with no grants sees nothing.
    EXPECT_TRUE(List(db_.conn(), auth::Scope(9, "x", {}), Filter{}).empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::audit
