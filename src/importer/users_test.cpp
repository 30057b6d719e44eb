// Unit tests of the account import on both engines: accounts with one-time passwords and member links, each
// refusal with its reason and nothing written, the dry run, and an admin's scope.
#include "importer/users.h"

#include <gtest/gtest.h>

#include <set>

#include "importer/english_for_tests.h"
#include "testing/small_tree.h"
#include "testing/test_db.h"

namespace dv::importer {

namespace {

using auth::Scope;

class UserImportTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        tree_ = testing::MakeSmallTree(conn(), now_, today_);
        // Two members with card numbers: one in A1, one in B1.
        tabular::Table members{{{1, {"Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Số thẻ đảng viên",
                                     "Mã chi bộ"}},
                                {2, {"Nguyễn Văn An", "Nam", "01/02/1980", "03/04/2005", "001234567", "A1"}},
                                {3, {"Trần Thị Bình", "Nữ", "01/02/1981", "03/04/2006", "007654321", "B1"}}}};
        ASSERT_EQ(ImportMembers(conn(), Scope::System(), members, {}, {0, "cli", ""}, now_, today_)->added, 2);
    }
    db::Connection& conn() { return db_.conn(); }
    int64_t Users() { return conn().QueryOne("SELECT COUNT(*) FROM users")->Int(0); }
    static tabular::Table Sheet(std::vector<std::vector<std::string>> rows) {
        tabular::Table t;
        t.rows.push_back({1, {"Tên đăng nhập", "Họ và tên", "Vai trò", "Mã tổ chức", "Số thẻ đảng viên"}});
        int line = 2;
        for (auto& r : rows) t.rows.push_back({line++, std::move(r)});
        return t;
    }
    Result<UserImport> Import(const tabular::Table& t, const Scope& scope = Scope::System(), bool dry_run = false) {
        return ImportUsers(conn(), scope, t, dry_run, {0, "cli", ""}, now_);
    }
    static std::vector<std::string> Lines(const Report& r) {
        std::vector<std::string> out;
        for (const auto& j : r.rejects)
            out.push_back("line " + std::to_string(j.line) + ", " + j.column + ", \"" + j.value + "\": " + En(j.reason));
        return out;
    }

    testing::TestDb db_{GetParam()};
    int64_t now_ = 1'780'000'000'000;
    std::string today_ = "2026-11-27";
    testing::SmallTree tree_;
};

TEST_P(UserImportTest, AccountsGetOneTimePasswordsRolesByLabelAndMemberLinks) {
    const int64_t before = Users();
    auto r = Import(Sheet({
        {"BiThu.A1", "Nguyễn Văn An", "Bí thư", "a1", "001.234.567"},
        {"vanphong", "Lê Thị Hoa", "Văn phòng", "R", ""},
        {"kiemtra", "Phạm Văn Cường", "inspector", "A", ""},
    }));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(r->report.rejects.empty()) << Lines(r->report).front();
    EXPECT_EQ(r->report.added, 3);
    ASSERT_EQ(r->passwords.size(), 3u);
    EXPECT_EQ(r->passwords[0].username, "bithu.a1");
    std::set<std::string> distinct;
    for (const auto& p : r->passwords) {
        EXPECT_GE(p.password.size(), 10u);
        distinct.insert(p.password);
    }
    EXPECT_EQ(distinct.size(), 3u);
    EXPECT_EQ(Users(), before + 3);
    auto row = conn().QueryOne(
        "SELECT u.must_change_password, m.card_number, g.role, g.org_id FROM users u JOIN members m ON m.id = "
        "u.member_id JOIN grants g ON g.user_id = u.id WHERE u.username = 'bithu.a1'");
    ASSERT_TRUE(row);
    EXPECT_EQ(row->Int(0), 1);
    EXPECT_EQ(row->Text(1), "001234567");
    EXPECT_EQ(row->Text(2), "secretary");
    EXPECT_EQ(row->Int(3), tree_.a1);
}

TEST_P(UserImportTest, EachRefusalIsReportedAndNothingIsWritten) {
    ASSERT_TRUE(Import(Sheet({{"taken", "Đã có", "member", "A1", ""}})).ok());
    const int64_t before = Users();
    auto r = Import(Sheet({
        {"tot", "Tốt", "member", "A1", ""},                      // 2: good
        {"Tot", "Trùng dòng", "member", "A1", ""},               // 3: same name as line 2 (case ignored)
        {"taken", "Đã có", "member", "A1", ""},                  // 4: taken
        {"x y", "Ký tự lạ", "member", "A1", ""},                 // 5: characters
        {"khong.ten", "", "member", "A1", ""},                   // 6: display name required
        {"vai.tro", "Vai trò lạ", "Chủ tịch", "A1", ""},         // 7: unknown role
        {"to.chuc", "Tổ chức lạ", "member", "NOPE", ""},         // 8: unknown organization
        {"the.la", "Thẻ lạ", "member", "A1", "999999999"},       // 9: no such member
        {"the.khac", "Thẻ đơn vị khác", "member", "A1", "007654321"},  // 10: member of another cell
        {"the.mot", "Thẻ", "member", "A1", "001234567"},         // 11: good
        {"the.hai", "Thẻ lặp", "member", "A1", "001 234 567"},   // 12: same card as line 11
    }));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(Lines(r->report),
              (std::vector<std::string>{
                  "line 3, Tên đăng nhập, \"Tot\": same user name as line 2",
                  "line 4, Tên đăng nhập, \"taken\": user name already taken",
                  "line 5, Tên đăng nhập, \"x y\": only letters a-z, digits, '.', '_' and '-'",
                  "line 6, Họ và tên, \"\": required",
                  "line 7, Vai trò, \"Chủ tịch\": unknown role",
                  "line 8, Mã tổ chức, \"NOPE\": unknown organization code",
                  "line 9, Số thẻ đảng viên, \"999999999\": no active member of this organization has this card number",
                  "line 10, Số thẻ đảng viên, \"007654321\": no active member of this organization has this card number",
                  "line 12, Số thẻ đảng viên, \"001 234 567\": same card number as line 11",
              }));
    EXPECT_EQ(r->report.rejected, 9);
    EXPECT_EQ(r->report.accepted, 2);
    EXPECT_TRUE(r->passwords.empty());
    EXPECT_EQ(Users(), before);
    // A member's record holds one account.
    ASSERT_TRUE(Import(Sheet({{"the.mot", "Thẻ", "member", "A1", "001234567"}})).ok());
    EXPECT_EQ(Lines(Import(Sheet({{"the.hai", "Thẻ", "member", "A", "001234567"}}))->report),
              (std::vector<std::string>{"line 2, Số thẻ đảng viên, \"001234567\": the member's record already belongs "
                                        "to an account"}));
}

TEST_P(UserImportTest, DryRunWritesNothingAndAnAdminOnlyReachesItsSubtree) {
    const int64_t before = Users();
    auto dry = Import(Sheet({{"mot", "Một", "member", "A1", ""}}), Scope::System(), true);
    ASSERT_TRUE(dry.ok());
    EXPECT_EQ(dry->report.accepted, 1);
    EXPECT_EQ(dry->report.added, 0);
    EXPECT_TRUE(dry->passwords.empty());
    EXPECT_EQ(Users(), before);

    Scope admin(7, "quantri", {{.user_id = 7, .role = auth::Role::kAdmin, .org_id = tree_.a}});
    auto r = Import(Sheet({{"mot", "Một", "member", "A1", ""}, {"hai", "Hai", "member", "B1", ""}}), admin);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(Lines(r->report),
              (std::vector<std::string>{"line 3, Mã tổ chức, \"B1\": unknown organization code"}));
    Scope office(8, "vanphong", {{.user_id = 8, .role = auth::Role::kOffice, .org_id = tree_.root}});
    EXPECT_EQ(Import(Sheet({}), office).error().code, ErrorCode::kForbidden);
}

INSTANTIATE_TEST_SUITE_P(Engines, UserImportTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::importer
