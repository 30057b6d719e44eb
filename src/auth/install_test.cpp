// Unit tests of `dangvu init` (auth::Init) on both engines: an empty install set up in one
// transaction, refused on a database that has organizations, nothing written on any refusal.
#include <gtest/gtest.h>

#include <future>
#include <set>

#include "auth/install.h"
#include "auth/service.h"
#include "auth/store.h"
#include "org/service.h"
#include "testing/test_db.h"

namespace dv::auth {
namespace {

class InitTest : public ::testing::TestWithParam<std::string> {
protected:
    db::Connection& conn() { return db_.conn(); }
    int64_t Count(const char* table) {
        return conn().QueryOne(std::string("SELECT COUNT(*) FROM ") + table)->Int(0);
    }
    void ExpectNothingWritten() {
        EXPECT_EQ(Count("orgs"), orgs_);
        EXPECT_EQ(Count("users"), users_);
        EXPECT_EQ(Count("grants"), grants_);
        EXPECT_EQ(Count("audit_log"), audits_);
    }
    void Snapshot() {
        orgs_ = Count("orgs");
        users_ = Count("users");
        grants_ = Count("grants");
        audits_ = Count("audit_log");
    }
    InitRequest Good() {
        InitRequest r;
        r.org_name = "Đảng bộ Khối các cơ quan tỉnh";
        r.org_code = "DBK";
        r.founded_on = "2008-03-01";
        r.admin_username = "quantri";
        r.admin_display_name = "Nguyễn Văn Quản";
        r.admin_password = "mat-khau-quan-tri";
        return r;
    }

    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    std::string today_ = "2026-05-29";
    int64_t orgs_ = 0, users_ = 0, grants_ = 0, audits_ = 0;
    audit::Actor cli_{0, "cli", ""};
};

// Two operators running `init` at the same moment (two connections): one install, one root. On
// PostgreSQL both would read "no organization" under read committed without the lock.
TEST_P(InitTest, TwoInitsAtOnceMakeOneRoot) {
    auto run = [&](const std::string& code, const std::string& admin) {
        auto c = db::Open(db_.url());
        InitRequest r = Good();
        r.org_code = code;
        r.admin_username = admin;
        return Init(*c, r, cli_, now_, today_);
    };
    for (int round = 0; round < 5; ++round) {
        auto first = std::async(std::launch::async, run, "DBK" + std::to_string(round), "quantri" + std::to_string(round));
        auto second = std::async(std::launch::async, run, "DBX" + std::to_string(round), "khac" + std::to_string(round));
        auto a = first.get();
        auto b = second.get();
        EXPECT_EQ(Count("orgs"), 1) << "round " << round;
        EXPECT_NE(a.ok(), b.ok()) << "round " << round;
        const auto& refused = a.ok() ? b : a;
        if (!refused.ok()) {
            EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
        }
        if (round + 1 < 5) {  // empty again for the next round
            for (const char* t : {"grants", "sessions", "users", "org_tree", "org_versions", "org_events", "orgs"})
                conn().Exec(std::string("DELETE FROM ") + t);
        }
    }
}

TEST_P(InitTest, SetsUpAnEmptyInstallInOneGo) {
    EXPECT_TRUE(IsEmptyInstall(conn()));
    auto r = Init(conn(), Good(), cli_, now_, today_);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(IsEmptyInstall(conn()));
    EXPECT_EQ(r->org.code, "DBK");
    EXPECT_EQ(r->org.type_code, "bloc");
    EXPECT_EQ(r->org.founded_on, "2008-03-01");
    EXPECT_FALSE(r->org.parent_id);
    EXPECT_EQ(r->admin.username, "quantri");
    EXPECT_EQ(r->admin.display_name, "Nguyễn Văn Quản");
    EXPECT_FALSE(r->admin.must_change_password);  // the operator chose it
    // The admin is granted on the root, logs in, and sees the tree.
    auto login = Login(conn(), "quantri", "mat-khau-quan-tri", "10.0.0.1", "", now_, 12);
    ASSERT_TRUE(login.ok());
    auto scope = ScopeOf(login->session);
    EXPECT_TRUE(scope.HasRole(Role::kAdmin));
    EXPECT_EQ(scope.Roots(Permission::kManageUsers), std::vector<int64_t>{r->org.id});
    EXPECT_TRUE(org::Get(conn(), scope, r->org.id).ok());
    // Audited: the organization, the account and its grant.
    std::set<std::string> actions;
    for (const auto& row : conn().Query("SELECT action FROM audit_log WHERE username = 'cli'"))
        actions.insert(row.Text(0));
    EXPECT_EQ(actions, (std::set<std::string>{"org.create", "user.create", "grant.create"}));
}

TEST_P(InitTest, TypeAndDisplayNameDefaultsAndAnotherType) {
    auto req = Good();
    req.admin_display_name = "";
    req.org_type = "provincial_committee";
    req.founded_on = "";
    auto r = Init(conn(), req, cli_, now_, today_);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->org.type_code, "provincial_committee");
    EXPECT_EQ(r->org.founded_on, today_);
    EXPECT_EQ(r->admin.display_name, "quantri");
}

TEST_P(InitTest, RefusedOnceOrganizationsExistAndWritesNothing) {
    ASSERT_TRUE(Init(conn(), Good(), cli_, now_, today_).ok());
    Snapshot();
    auto again = Good();
    again.org_code = "OTHER";
    again.admin_username = "quantri2";
    auto r = Init(conn(), again, cli_, now_, today_);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().IsConflict());
    EXPECT_EQ(r.error().message, "error.not_empty");
    ExpectNothingWritten();
    EXPECT_FALSE(store::FindCredentials(conn(), "quantri2"));
}

TEST_P(InitTest, BadArgumentsAreNamedAndNothingIsWritten) {
    Snapshot();
    InitRequest bad;
    bad.org_name = "";
    bad.org_code = "";
    bad.org_type = "kingdom";
    bad.founded_on = "2099-01-01";
    bad.admin_username = "Quản Trị";
    bad.admin_password = "short";
    auto r = Init(conn(), bad, cli_, now_, today_);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().IsInvalid());
    std::set<std::string> fields;
    for (const auto& f : r.error().field_errors) fields.insert(f.field);
    EXPECT_EQ(fields, (std::set<std::string>{"org_name", "org_code", "org_type", "founded", "admin", "password"}));
    ExpectNothingWritten();
    EXPECT_TRUE(IsEmptyInstall(conn()));
    // A good organization with a bad account: the organization is not kept either.
    auto half = Good();
    half.admin_password = "short";
    auto r2 = Init(conn(), half, cli_, now_, today_);
    ASSERT_FALSE(r2.ok());
    ASSERT_EQ(r2.error().field_errors.size(), 1u);
    EXPECT_EQ(r2.error().field_errors[0].field, "password");
    ExpectNothingWritten();
    EXPECT_TRUE(IsEmptyInstall(conn()));
}

INSTANTIATE_TEST_SUITE_P(Engines, InitTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::auth
