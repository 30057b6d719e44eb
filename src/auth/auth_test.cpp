// Unit tests of auth: roles, scopes in SQL, log-in and throttling, accounts — on both engines.
#include <gtest/gtest.h>

#include <set>

#include "auth/password.h"
#include "auth/service.h"
#include "auth/store.h"
#include "org/service.h"
#include "testing/test_db.h"

namespace dv::auth {
namespace {

TEST(Roles, PermissionTable) {
    EXPECT_TRUE(RoleAllows(Role::kAdmin, Permission::kManageUsers));
    EXPECT_FALSE(RoleAllows(Role::kOffice, Permission::kManageUsers));
    EXPECT_TRUE(RoleAllows(Role::kOffice, Permission::kWrite));
    EXPECT_TRUE(RoleAllows(Role::kInspector, Permission::kInspect));
    EXPECT_FALSE(RoleAllows(Role::kInspector, Permission::kWrite));
    EXPECT_TRUE(RoleAllows(Role::kSecretary, Permission::kWrite));
    EXPECT_FALSE(RoleAllows(Role::kSecretary, Permission::kInspect));
    EXPECT_FALSE(RoleAllows(Role::kMember, Permission::kRead));
    EXPECT_TRUE(RoleAllows(Role::kOffice, Permission::kReadAudit));
    EXPECT_FALSE(RoleAllows(Role::kSecretary, Permission::kReadAudit));
    for (Role r : AllRoles()) EXPECT_EQ(ParseRole(ToString(r)), r);
    EXPECT_FALSE(ParseRole("root"));
}

TEST(Password, HashVerifies) {
    auto h = HashPassword("mật khẩu dài đủ");
    EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
    EXPECT_TRUE(VerifyPassword(h, "mật khẩu dài đủ"));
    EXPECT_FALSE(VerifyPassword(h, "mat khau dai du"));
    EXPECT_FALSE(VerifyPassword("garbage", "x"));
    EXPECT_NE(HashPassword("same password"), HashPassword("same password"));  // salted
}

// The tree: root R with units A (cell A1) and B (cell B1).
class AuthTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        auto sys = Scope::System();
        auto mk = [&](std::optional<int64_t> parent, const char* code, const char* name, const char* type) {
            return org::Create(conn(), sys, {parent, code, name, type, "2020-01-01", ""}, {}, now_, "2026-01-01")
                .value()
                .id;
        };
        root_ = mk(std::nullopt, "R", "Đảng bộ Khối", "bloc");
        a_ = mk(root_, "A", "Đảng bộ A", "grassroots_committee");
        a1_ = mk(a_, "A1", "Chi bộ A1", "attached_cell");
        b_ = mk(root_, "B", "Đảng bộ B", "grassroots_committee");
        b1_ = mk(b_, "B1", "Chi bộ B1", "attached_cell");
    }
    db::Connection& conn() { return db_.conn(); }
    User Make(const std::string& username, const std::string& role, int64_t org) {
        auto u = CreateUser(conn(), Scope::System(), {username, username, kPassword, role, org}, {}, now_);
        EXPECT_TRUE(u.ok()) << (u.ok() ? "" : u.error().message);
        return u.value();
    }
    Scope ScopeFor(const User& u) { return Scope(u.id, u.username, store::GrantsOf(conn(), u.id)); }
    int64_t AuditCount() { return conn().QueryOne("SELECT COUNT(*) FROM audit_log")->Int(0); }

    static constexpr const char* kPassword = "mat-khau-thu-nghiem";
    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    int64_t root_ = 0, a_ = 0, a1_ = 0, b_ = 0, b1_ = 0;
};

TEST_P(AuthTest, LoginCreatesSessionAndAuthenticates) {
    Make("bithu.a", "secretary", a_);
    auto r = Login(conn(), "  BiThu.A ", kPassword, "10.0.0.1", "test", now_, 12);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->session.user.username, "bithu.a");
    auto s = Authenticate(conn(), r->token, now_ + 1000);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->csrf_token, r->session.csrf_token);
    // Only the token's hash is stored.
    EXPECT_FALSE(conn().QueryOne("SELECT 1 FROM sessions WHERE token_hash = ?", {r->token}));
    // Expired after session_hours.
    EXPECT_FALSE(Authenticate(conn(), r->token, now_ + 12LL * 3600 * 1000 + 1).ok());
    ASSERT_TRUE(Logout(conn(), *s, {}, now_).ok());
    EXPECT_FALSE(Authenticate(conn(), r->token, now_ + 2000).ok());
}

TEST_P(AuthTest, WrongPasswordAndUnknownUserLookAlike) {
    Make("bithu.a", "secretary", a_);
    auto wrong = Login(conn(), "bithu.a", "wrong-password", "10.0.0.1", "", now_, 12);
    auto unknown = Login(conn(), "nobody", "wrong-password", "10.0.0.2", "", now_, 12);
    ASSERT_FALSE(wrong.ok());
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_P(AuthTest, FiveFailuresThrottleThePairForAMinuteAndAreAudited) {
    Make("bithu.a", "secretary", a_);
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(Login(conn(), "bithu.a", "bad-password", "10.0.0.1", "", now_, 12).error().code,
                  ErrorCode::kUnauthenticated);
    // Even the right password is refused from that address within the minute...
    auto r = Login(conn(), "bithu.a", kPassword, "10.0.0.1", "", now_ + 1000, 12);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kThrottled);
    EXPECT_EQ(r.error().retry_after_s, 59);  // what is left of the minute (Retry-After), not a fixed 60
    EXPECT_TRUE(conn().QueryOne("SELECT 1 FROM audit_log WHERE action = 'session.throttled'"));
    // ...and accepted after it.
    EXPECT_TRUE(Login(conn(), "bithu.a", kPassword, "10.0.0.1", "", now_ + 61000, 12).ok());
}

TEST_P(AuthTest, DelaysGrowWithEachFurtherFailureOfThePair) {
    EXPECT_EQ(ThrottleDelayMs(4), 0);
    EXPECT_EQ(ThrottleDelayMs(5), 60'000);
    EXPECT_EQ(ThrottleDelayMs(6), 120'000);
    EXPECT_EQ(ThrottleDelayMs(8), 480'000);
    EXPECT_EQ(ThrottleDelayMs(9), 900'000);
    EXPECT_EQ(ThrottleDelayMs(40), 900'000);
    Make("bithu.a", "secretary", a_);
    int64_t t = now_;
    for (int i = 0; i < 5; ++i) (void)Login(conn(), "bithu.a", "bad-password", "10.0.0.1", "", t, 12);
    t += 61'000;  // the sixth failure, after the one-minute wait
    EXPECT_EQ(Login(conn(), "bithu.a", "bad-password", "10.0.0.1", "", t, 12).error().code,
              ErrorCode::kUnauthenticated);
    // Now two minutes from that failure; the wait left is said in whole seconds, rounded up.
    auto held = Login(conn(), "bithu.a", kPassword, "10.0.0.1", "", t + 61'000, 12);
    EXPECT_EQ(held.error().code, ErrorCode::kThrottled);
    EXPECT_EQ(held.error().retry_after_s, 59);
    EXPECT_EQ(Login(conn(), "bithu.a", kPassword, "10.0.0.1", "", t + 119'500, 12).error().retry_after_s, 1);
    EXPECT_TRUE(Login(conn(), "bithu.a", kPassword, "10.0.0.1", "", t + 121'000, 12).ok());
}

// A whole office behind one NAT shares an address; someone who keeps failing on one account from
// their own address must not lock that account for its owner elsewhere.
TEST_P(AuthTest, FailuresOfOnePairBlockNeitherOtherAccountsNorOtherAddresses) {
    Make("u.a", "member", a1_);
    Make("u.b", "member", a1_);
    for (int i = 0; i < 6; ++i) (void)Login(conn(), "u.a", "bad-password", "10.9.9.9", "", now_, 12);
    EXPECT_EQ(Login(conn(), "u.a", kPassword, "10.9.9.9", "", now_, 12).error().code, ErrorCode::kThrottled);
    EXPECT_TRUE(Login(conn(), "u.b", kPassword, "10.9.9.9", "", now_, 12).ok());  // B, same address
    EXPECT_TRUE(Login(conn(), "u.a", kPassword, "10.9.9.8", "", now_, 12).ok());  // A, other address
}

TEST_P(AuthTest, ManyFailuresFromOneAddressThrottleThatAddress) {
    Make("u1.aaa", "member", a1_);
    // Many user names, each failing fewer times than its own pair limit.
    for (int i = 0; i < kMaxFailuresPerAddress - 1; ++i)
        (void)Login(conn(), "user" + std::to_string(i % 30), "bad-password", "10.9.9.9", "", now_, 12);
    EXPECT_TRUE(Login(conn(), "u1.aaa", kPassword, "10.9.9.9", "", now_, 12).ok());  // 99: still open
    (void)Login(conn(), "user99", "bad-password", "10.9.9.9", "", now_, 12);
    auto held = Login(conn(), "u1.aaa", kPassword, "10.9.9.9", "", now_ + 1000, 12);
    EXPECT_EQ(held.error().code, ErrorCode::kThrottled);
    EXPECT_EQ(held.error().retry_after_s, kAddressWindowMs / 1000 - 1);  // until the oldest failure leaves the window
    EXPECT_TRUE(Login(conn(), "u1.aaa", kPassword, "10.9.9.8", "", now_ + 1000, 12).ok());
    // The address window is 15 minutes.
    EXPECT_TRUE(Login(conn(), "u1.aaa", kPassword, "10.9.9.9", "", now_ + kAddressWindowMs + 1000, 12).ok());
}

TEST_P(AuthTest, LockedAccountCannotLogIn) {
    auto admin = Make("admin.r", "admin", root_);
    auto u = Make("dv.a1", "member", a1_);
    ASSERT_TRUE(SetActive(conn(), ScopeFor(admin), u.id, false, {}, now_).ok());
    EXPECT_FALSE(Login(conn(), "dv.a1", kPassword, "10.0.0.1", "", now_, 12).ok());
}

TEST_P(AuthTest, SecretarySeesOwnSubtreeOnly) {
    auto sec = Make("bithu.a", "secretary", a_);
    auto scope = ScopeFor(sec);
    EXPECT_TRUE(org::Get(conn(), scope, a_).ok());
    EXPECT_TRUE(org::Get(conn(), scope, a1_).ok());
    EXPECT_TRUE(org::Get(conn(), scope, b1_).error().IsNotFound());
    EXPECT_TRUE(org::Get(conn(), scope, root_).error().IsNotFound());
    EXPECT_TRUE(org::Get(conn(), scope, 999999).error().IsNotFound());  // same answer as out of scope
    auto list = org::List(conn(), scope).value();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].id, a_);
    EXPECT_EQ(list[1].depth, 1);
}

TEST_P(AuthTest, MemberMayNotReadOrganizations) {
    auto m = Make("dv.a1", "member", a1_);
    // The tree is closed to them (403); one organization reads as absent, like any out of scope (issue [4/12]).
    EXPECT_TRUE(org::List(conn(), ScopeFor(m)).error().IsForbidden());
    EXPECT_TRUE(org::Get(conn(), ScopeFor(m), a1_).error().IsNotFound());
}

TEST_P(AuthTest, AdminOfSubtreeCreatesUsersOnlyInside) {
    auto admin_a = Make("admin.a", "admin", a_);
    auto scope = ScopeFor(admin_a);
    auto inside = CreateUser(conn(), scope, {"dv.new", "Đảng viên mới", kPassword, "member", a1_}, {}, now_);
    EXPECT_TRUE(inside.ok());
    int64_t audits = AuditCount();
    auto outside = CreateUser(conn(), scope, {"dv.other", "Người khác", kPassword, "member", b1_}, {}, now_);
    ASSERT_FALSE(outside.ok());
    EXPECT_TRUE(outside.error().IsNotFound());
    EXPECT_FALSE(store::FindCredentials(conn(), "dv.other"));
    EXPECT_EQ(AuditCount(), audits);  // nothing written
    // Users elsewhere are invisible.
    auto b_user = Make("dv.b1", "member", b1_);
    EXPECT_TRUE(GetUser(conn(), scope, b_user.id).error().IsNotFound());
    for (const auto& u : ListUsers(conn(), scope).value()) EXPECT_NE(u.username, "dv.b1");
}

TEST_P(AuthTest, CreateUserValidatesEveryField) {
    auto r = CreateUser(conn(), Scope::System(), {"X", "", "short", "king", std::nullopt}, {}, now_);
    ASSERT_FALSE(r.ok());
    std::set<std::string> fields;
    for (const auto& f : r.error().field_errors) fields.insert(f.field);
    EXPECT_EQ(fields, (std::set<std::string>{"username", "display_name", "password", "role", "org_id"}));
}

TEST_P(AuthTest, DuplicateUsernameIsAConflictOnTheField) {
    Make("dv.a1", "member", a1_);
    auto r = CreateUser(conn(), Scope::System(), {"dv.a1", "Again", kPassword, "member", a1_}, {}, now_);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().IsConflict());
    EXPECT_EQ(r.error().field_errors.at(0).field, "username");
}

TEST_P(AuthTest, ChangePasswordEndsOtherSessions) {
    Make("dv.a1", "member", a1_);
    auto s1 = Login(conn(), "dv.a1", kPassword, "10.0.0.1", "", now_, 12).value();
    auto s2 = Login(conn(), "dv.a1", kPassword, "10.0.0.1", "", now_, 12).value();
    auto bad = ChangePassword(conn(), s1.session, {"wrong", "new-password-123", "new-password-123"}, {}, now_);
    EXPECT_EQ(bad.error().field_errors.at(0).field, "current_password");
    auto mismatch = ChangePassword(conn(), s1.session, {kPassword, "new-password-123", "other-password"}, {}, now_);
    EXPECT_EQ(mismatch.error().field_errors.at(0).field, "new_password_confirm");
    ASSERT_TRUE(ChangePassword(conn(), s1.session, {kPassword, "new-password-123", "new-password-123"}, {}, now_).ok());
    EXPECT_TRUE(Authenticate(conn(), s1.token, now_).ok());
    EXPECT_FALSE(Authenticate(conn(), s2.token, now_).ok());
    EXPECT_TRUE(Login(conn(), "dv.a1", "new-password-123", "10.0.0.2", "", now_, 12).ok());
}

TEST_P(AuthTest, GrantsRespectScope) {
    auto admin_a = Make("admin.a", "admin", a_);
    auto u = Make("dv.a1", "member", a1_);
    auto scope = ScopeFor(admin_a);
    auto g = AddGrant(conn(), scope, u.id, "secretary", a1_, {}, now_);
    ASSERT_TRUE(g.ok());
    EXPECT_TRUE(AddGrant(conn(), scope, u.id, "secretary", a1_, {}, now_).error().IsConflict());
    EXPECT_TRUE(AddGrant(conn(), scope, u.id, "secretary", b_, {}, now_).error().IsNotFound());
    ASSERT_TRUE(RemoveGrant(conn(), scope, u.id, g->id, {}, now_).ok());
    EXPECT_TRUE(RemoveGrant(conn(), scope, u.id, g->id, {}, now_).error().IsNotFound());
}

TEST(OneTimePassword, ReadableLongEnoughAndRandom) {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        std::string p = GenerateOneTimePassword();
        ASSERT_EQ(p.size(), 14u) << p;
        EXPECT_GE(p.size(), kMinPasswordLength);
        EXPECT_TRUE(ValidatePassword(p).empty());
        for (size_t j = 0; j < p.size(); ++j) {
            if (j == 4 || j == 9) {
                EXPECT_EQ(p[j], '-') << p;
                continue;
            }
            EXPECT_EQ(std::string_view("0o1liIO").find(p[j]), std::string_view::npos) << p;
            EXPECT_TRUE((p[j] >= 'a' && p[j] <= 'z') || (p[j] >= '2' && p[j] <= '9')) << p;
        }
        seen.insert(p);
    }
    EXPECT_EQ(seen.size(), 200u);
}

TEST_P(AuthTest, CreateAccountsIssuesOneTimePasswordsWithOneAuditRowEach) {
    auto admin_a = Make("admin.a", "admin", a_);
    int64_t audits = AuditCount();
    std::vector<NewAccount> in{{" BiThu.A1 ", "Nguyễn Văn An", "secretary", a1_, std::nullopt},
                               {"dv.a1", "Trần Thị Bình", "member", a1_, std::nullopt}};
    auto r = CreateAccounts(conn(), ScopeFor(admin_a), in, {admin_a.id, "admin.a", "10.0.0.1"}, now_);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->size(), 2u);
    EXPECT_EQ((*r)[0].username, "bithu.a1");
    EXPECT_NE((*r)[0].password, (*r)[1].password);
    EXPECT_EQ(AuditCount(), audits + 2);
    auto row = conn().QueryOne("SELECT action, entity_id, org_id, after_json FROM audit_log ORDER BY id DESC LIMIT 1");
    EXPECT_EQ(row->Text(0), "user.create");
    EXPECT_EQ(row->Int(1), (*r)[1].user_id);
    EXPECT_EQ(row->Int(2), a1_);
    EXPECT_NE(row->Text(3).find("\"must_change_password\":true"), std::string::npos) << row->Text(3);
    EXPECT_EQ(row->Text(3).find((*r)[1].password), std::string::npos);  // the password is never audited
    auto u = store::GetUser(conn(), (*r)[0].user_id);
    ASSERT_TRUE(u);
    EXPECT_TRUE(u->must_change_password);
    ASSERT_EQ(u->grants.size(), 1u);
    EXPECT_EQ(u->grants[0].role, Role::kSecretary);
    EXPECT_EQ(u->grants[0].org_id, a1_);
    // The one-time password logs in, and the session says it must be changed.
    auto login = Login(conn(), "bithu.a1", (*r)[0].password, "10.0.0.1", "", now_, 12);
    ASSERT_TRUE(login.ok());
    EXPECT_TRUE(login->session.user.must_change_password);
    EXPECT_TRUE(Authenticate(conn(), login->token, now_)->user.must_change_password);
}

TEST_P(AuthTest, CreateAccountsIsAllOrNothing) {
    auto admin_a = Make("admin.a", "admin", a_);
    auto office = Make("office.a", "office", a_);
    Make("taken.name", "member", a1_);
    auto scope = ScopeFor(admin_a);
    int64_t users = store::CountUsers(conn());
    int64_t audits = AuditCount();
    auto nothing_written = [&] {
        EXPECT_EQ(store::CountUsers(conn()), users);
        EXPECT_EQ(AuditCount(), audits);
        EXPECT_FALSE(store::FindCredentials(conn(), "good.one"));
    };
    // Validation: every bad field named with its row.
    auto invalid = CreateAccounts(conn(), scope,
                                  {{"good.one", "Tốt", "member", a1_, std::nullopt},
                                   {"X Y", "", "king", 0, std::nullopt},
                                   {"good.one", "Lặp", "member", a1_, std::nullopt}},
                                  {}, now_);
    ASSERT_FALSE(invalid.ok());
    EXPECT_TRUE(invalid.error().IsInvalid());
    std::set<std::string> fields;
    for (const auto& f : invalid.error().field_errors) fields.insert(f.field + ":" + f.code);
    EXPECT_EQ(fields, (std::set<std::string>{"accounts[1].username:invalid_chars", "accounts[1].display_name:required",
                                             "accounts[1].role:invalid_choice", "accounts[1].org_id:required",
                                             "accounts[2].username:duplicate"}));
    nothing_written();
    // A taken name: a conflict on that row only.
    auto conflict = CreateAccounts(conn(), scope,
                                   {{"good.one", "Tốt", "member", a1_, std::nullopt},
                                    {"taken.name", "Trùng", "member", a1_, std::nullopt}},
                                   {}, now_);
    ASSERT_FALSE(conflict.ok());
    EXPECT_TRUE(conflict.error().IsConflict());
    ASSERT_EQ(conflict.error().field_errors.size(), 1u);
    EXPECT_EQ(conflict.error().field_errors[0].field, "accounts[1].username");
    nothing_written();
    // Out of scope (unit B) looks like a missing organization, and names the row.
    auto outside = CreateAccounts(conn(), scope,
                                  {{"good.one", "Tốt", "member", a1_, std::nullopt},
                                   {"other.one", "Ngoài", "member", b1_, std::nullopt},
                                   {"missing.one", "Không có", "member", 999999, std::nullopt}},
                                  {}, now_);
    ASSERT_FALSE(outside.ok());
    EXPECT_TRUE(outside.error().IsNotFound());
    ASSERT_EQ(outside.error().field_errors.size(), 2u);
    EXPECT_EQ(outside.error().field_errors[0].field, "accounts[1].org_id");
    EXPECT_EQ(outside.error().field_errors[1].field, "accounts[2].org_id");
    nothing_written();
    // Without kManageUsers at all: forbidden.
    EXPECT_TRUE(CreateAccounts(conn(), ScopeFor(office), {{"good.one", "Tốt", "member", a1_, std::nullopt}}, {}, now_)
                    .error()
                    .IsForbidden());
    nothing_written();
}

TEST_P(AuthTest, CreateAccountsNestsInTheCallersTransaction) {
    auto sys = Scope::System();
    int64_t users = store::CountUsers(conn());
    {
        db::Transaction outer(conn());
        auto r = CreateAccounts(conn(), sys, {{"inner.one", "Trong", "member", a1_, std::nullopt}}, {}, now_);
        ASSERT_TRUE(r.ok());
        EXPECT_TRUE(store::FindCredentials(conn(), "inner.one"));
        // The caller gives up: the accounts go with it.
    }
    EXPECT_EQ(store::CountUsers(conn()), users);
    EXPECT_FALSE(store::FindCredentials(conn(), "inner.one"));
}

TEST_P(AuthTest, OneTimePasswordMustBeChangedToAnotherOne) {
    auto r = CreateAccounts(conn(), Scope::System(), {{"dv.new", "Mới", "member", a1_, std::nullopt}}, {}, now_);
    ASSERT_TRUE(r.ok());
    std::string otp = (*r)[0].password;
    auto s = Login(conn(), "dv.new", otp, "10.0.0.1", "", now_, 12).value();
    auto same = ChangePassword(conn(), s.session, {otp, otp, otp}, {}, now_);
    ASSERT_FALSE(same.ok());
    EXPECT_EQ(same.error().field_errors.at(0).field, "new_password");
    EXPECT_EQ(same.error().field_errors.at(0).code, "same_as_one_time");
    EXPECT_TRUE(store::GetUser(conn(), (*r)[0].user_id)->must_change_password);
    ASSERT_TRUE(ChangePassword(conn(), s.session, {otp, "mat-khau-rieng-1", "mat-khau-rieng-1"}, {}, now_).ok());
    EXPECT_FALSE(store::GetUser(conn(), (*r)[0].user_id)->must_change_password);
    EXPECT_FALSE(Authenticate(conn(), s.token, now_)->user.must_change_password);
    EXPECT_FALSE(Login(conn(), "dv.new", otp, "10.0.0.2", "", now_, 12).ok());
}

TEST_P(AuthTest, AdminResetIssuesOneTimePasswordInScopeAndEndsSessions) {
    auto admin_a = Make("admin.a", "admin", a_);
    auto u = Make("dv.a1", "member", a1_);
    auto b_user = Make("dv.b1", "member", b1_);
    auto scope = ScopeFor(admin_a);
    auto before = Login(conn(), "dv.a1", kPassword, "10.0.0.1", "", now_, 12).value();
    int64_t audits = AuditCount();
    auto r = IssueOneTimePassword(conn(), scope, u.id, {admin_a.id, "admin.a", ""}, now_);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->username, "dv.a1");
    EXPECT_FALSE(Authenticate(conn(), before.token, now_).ok());  // the user's sessions ended
    EXPECT_FALSE(Login(conn(), "dv.a1", kPassword, "10.0.0.1", "", now_, 12).ok());
    auto after = Login(conn(), "dv.a1", r->password, "10.0.0.1", "", now_, 12);
    ASSERT_TRUE(after.ok());
    EXPECT_TRUE(after->session.user.must_change_password);
    EXPECT_TRUE(conn().QueryOne("SELECT 1 FROM audit_log WHERE action = 'user.password_reset' AND entity_id = ?", {u.id}));
    EXPECT_GT(AuditCount(), audits);
    // Out of scope, missing, and one's own account.
    audits = AuditCount();
    EXPECT_TRUE(IssueOneTimePassword(conn(), scope, b_user.id, {}, now_).error().IsNotFound());
    EXPECT_TRUE(IssueOneTimePassword(conn(), scope, 999999, {}, now_).error().IsNotFound());
    EXPECT_TRUE(IssueOneTimePassword(conn(), scope, admin_a.id, {}, now_).error().IsConflict());
    EXPECT_TRUE(IssueOneTimePassword(conn(), ScopeFor(u), b_user.id, {}, now_).error().IsForbidden());
    EXPECT_EQ(AuditCount(), audits);
    EXPECT_TRUE(Login(conn(), "dv.b1", kPassword, "10.0.0.3", "", now_, 12).ok());
    // The operator's `user passwd` sets a normal password and clears the pending change.
    ASSERT_TRUE(ResetPassword(conn(), "dv.a1", "mat-khau-van-hanh", {}, now_).ok());
    EXPECT_FALSE(store::GetUser(conn(), u.id)->must_change_password);
}

INSTANTIATE_TEST_SUITE_P(Engines, AuthTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::auth
