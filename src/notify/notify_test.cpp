// Unit tests of notifications on both engines: sent inside the cause's transaction (gone with it when it
// rolls back), each user's own, newest first, paged; a notice about a unit hidden once its user may no
// longer read the unit; marking read audited, and only one's own.
#include <gtest/gtest.h>

#include "db/db.h"
#include "notify/notify.h"
#include "testing/small_tree.h"
#include "testing/test_db.h"

namespace dv::notify {
namespace {

using auth::Grant;
using auth::Role;
using auth::Scope;

class NotifyTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        tree_ = testing::MakeSmallTree(conn(), now_, "2026-11-27");
        for (const char* name : {"a", "b"})
            conn().Exec("INSERT INTO users (username, display_name, password_hash, created_at, updated_at) VALUES "
                        "(?, ?, 'x', 0, 0)",
                        {std::string(name), std::string(name)});
        a_ = conn().QueryOne("SELECT id FROM users WHERE username = 'a'")->Int(0);
        b_ = conn().QueryOne("SELECT id FROM users WHERE username = 'b'")->Int(0);
    }
    db::Connection& conn() { return db_.conn(); }
    // A secretary of `org` (what the store's scope check reads: the grants in the Scope).
    Scope SecretaryOf(int64_t user, int64_t org) { return Scope(user, "u", {Grant{1, user, Role::kSecretary, org, ""}}); }
    void SendOne(const std::vector<int64_t>& users, const std::string& what, std::optional<int64_t> org) {
        db::Transaction tx(conn());
        Send(conn(), users, {"task_assigned", {{"task", what}, {"unit", "A1"}, {"due", "31/12/2026"}}, "/tasks/1", org},
             now_++);
        tx.Commit();
    }
    int64_t Audits(const char* action) {
        return conn().QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = ?", {std::string(action)})->Int(0);
    }
    testing::TestDb db_{GetParam()};
    testing::SmallTree tree_;
    int64_t now_ = 1'780'000'000'000;
    int64_t a_ = 0, b_ = 0;
};

TEST_P(NotifyTest, EachUserReadsTheirOwnNewestFirst) {
    SendOne({a_, b_, a_}, "first", tree_.a1);  // a named twice: one notice
    SendOne({a_}, "second", tree_.a1);
    auto sa = SecretaryOf(a_, tree_.a);
    auto sb = SecretaryOf(b_, tree_.a);
    auto la = List(conn(), sa, {});
    ASSERT_EQ(la.items.size(), 2u);
    EXPECT_EQ(la.total, 2);
    EXPECT_EQ(la.unread, 2);
    EXPECT_EQ(la.items[0].params[0], (std::pair<std::string, std::string>{"task", "second"}));
    EXPECT_EQ(la.items[1].params[0].second, "first");
    EXPECT_EQ(la.items[0].href, "/tasks/1");
    EXPECT_EQ(UnreadCount(conn(), sb), 1);
    // Paged: one a page.
    auto p2 = List(conn(), sa, {.page = 2, .page_size = 1});
    ASSERT_EQ(p2.items.size(), 1u);
    EXPECT_EQ(p2.items[0].params[0].second, "first");
    // The bell's count stops at its cap.
    EXPECT_EQ(UnreadCount(conn(), sa, 1), 1);
}

TEST_P(NotifyTest, SentWithItsCauseAndGoneWhenTheCauseRollsBack) {
    {
        db::Transaction tx(conn());
        Send(conn(), {a_}, {"task_assigned", {}, "/tasks/1", std::nullopt}, now_);
        // no Commit: the cause failed
    }
    EXPECT_EQ(List(conn(), SecretaryOf(a_, tree_.a), {}).total, 0);
}

TEST_P(NotifyTest, ANoticeAboutAUnitShowsOnlyWhileItsUserMayReadTheUnit) {
    SendOne({a_}, "about A1", tree_.a1);
    SendOne({a_}, "about the user", std::nullopt);
    EXPECT_EQ(List(conn(), SecretaryOf(a_, tree_.a), {}).total, 2);
    // Moved to B1: A1's notice is no longer theirs to see, the personal one still is.
    auto moved = SecretaryOf(a_, tree_.b1);
    auto l = List(conn(), moved, {});
    ASSERT_EQ(l.total, 1);
    EXPECT_EQ(l.items[0].params[0].second, "about the user");
    EXPECT_EQ(UnreadCount(conn(), moved), 1);
    EXPECT_EQ(MarkRead(conn(), moved, List(conn(), SecretaryOf(a_, tree_.a), {}).items[1].id, {a_, "a", ""}, now_)
                  .error()
                  .code,
              ErrorCode::kNotFound);
    // A plain member (no read grant) sees only what is about them.
    EXPECT_EQ(List(conn(), Scope(a_, "a", {Grant{1, a_, Role::kMember, tree_.a1, ""}}), {}).total, 1);
}

TEST_P(NotifyTest, MarkingReadIsTheOwnersAndAudited) {
    SendOne({a_}, "one", tree_.a1);
    SendOne({a_}, "two", tree_.a1);
    SendOne({b_}, "theirs", tree_.a1);
    auto sa = SecretaryOf(a_, tree_.a);
    auto sb = SecretaryOf(b_, tree_.a);
    const int64_t b_notice = List(conn(), sb, {}).items[0].id;
    EXPECT_EQ(MarkRead(conn(), sa, b_notice, {a_, "a", ""}, now_).error().code, ErrorCode::kNotFound);
    const int64_t first = List(conn(), sa, {}).items[1].id;
    auto read = MarkRead(conn(), sa, first, {a_, "a", ""}, now_);
    ASSERT_TRUE(read.ok());
    EXPECT_TRUE(read.value().read_at.has_value());
    EXPECT_EQ(Audits("notification.read"), 1);
    // Again: nothing changes, nothing audited.
    ASSERT_TRUE(MarkRead(conn(), sa, first, {a_, "a", ""}, now_ + 5).ok());
    EXPECT_EQ(Audits("notification.read"), 1);
    EXPECT_EQ(UnreadCount(conn(), sa), 1);
    EXPECT_EQ(List(conn(), sa, {.unread_only = true}).items.size(), 1u);
    EXPECT_EQ(MarkAllRead(conn(), sa, {a_, "a", ""}, now_), 1);
    EXPECT_EQ(Audits("notification.read_all"), 1);
    EXPECT_EQ(UnreadCount(conn(), sa), 0);
    EXPECT_EQ(MarkAllRead(conn(), sa, {a_, "a", ""}, now_), 0);
    EXPECT_EQ(Audits("notification.read_all"), 1);
    // b's notice untouched.
    EXPECT_EQ(UnreadCount(conn(), sb), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, NotifyTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::notify
