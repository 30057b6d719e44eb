// Unit tests of the demo province on both engines: deterministic, the right size and shape, every
// member in a cell, unique cards, a merger that moved members, a verifiable audit chain, the codes and
// accounts other tests rely on, and the 2025 reorganization: the bloc until it ended, the two
// committees that took its units, the merged province today, with every member carried across.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "audit/audit.h"
#include "auth/scope.h"
#include "demo/province.h"
#include "demo/seed.h"
#include "org/service.h"
#include "testing/test_db.h"

namespace dv::demo {
namespace {

constexpr int64_t kNow = 1'780'000'000'000;

// Every member with its card and cell, in creation order: equal lists mean the same data.
std::vector<std::string> MemberList(db::Connection& conn) {
    std::vector<std::string> out;
    for (const auto& r : conn.Query("SELECT m.full_name, m.card_number, m.birth_date, o.code FROM members m "
                                    "JOIN orgs o ON o.id = m.org_id ORDER BY m.id"))
        out.push_back(r.Text(0) + "|" + r.OptText(1).value_or("") + "|" + r.Text(2) + "|" + r.Text(3));
    return out;
}

int64_t Count(db::Connection& conn, const char* sql) { return conn.QueryOne(sql)->Int(0); }

TEST(DemoProvince, IsPureAndTheSmallDemoKeepsTheSamePeople) {
    auto a = BuildProvince();
    auto b = BuildProvince();
    ASSERT_EQ(a.members.size(), b.members.size());
    for (size_t i = 0; i < a.members.size(); ++i) {
        EXPECT_EQ(a.members[i].record.full_name, b.members[i].record.full_name);
        EXPECT_EQ(a.members[i].record.card_number, b.members[i].record.card_number);
    }
    std::set<std::string> full;
    for (const auto& m : a.members)
        full.insert(m.record.full_name + "|" + m.record.card_number + "|" + m.record.birth_date);
    auto small = BuildProvince(Size::kSmall);
    EXPECT_EQ(small.orgs.size(), a.orgs.size());
    EXPECT_LT(small.members.size(), a.members.size() / 4);
    for (const auto& m : small.members)
        EXPECT_TRUE(full.count(m.record.full_name + "|" + m.record.card_number + "|" + m.record.birth_date))
            << m.record.full_name;
    // Dates are consistent: adult at admission, official about a year later, nothing after the demo's date.
    for (const auto& pm : a.members) {
        const auto& m = pm.record;
        EXPECT_GE(m.birth_date, "1965-01-01");
        EXPECT_LE(m.birth_date, "2000-12-31");
        EXPECT_GE(std::stoi(m.admitted_on.substr(0, 4)) - std::stoi(m.birth_date.substr(0, 4)), 18) << m.full_name;
        EXPECT_LT(m.admitted_on, kDemoToday);
        if (m.status == member::Status::kOfficial) {
            EXPECT_GT(m.official_on, m.admitted_on);
            EXPECT_EQ(m.card_number.size(), 8u);
        } else {
            EXPECT_TRUE(m.card_number.empty());
        }
    }
}

class DemoTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DemoTest, TheFullProvinceHasItsShapeHistoryAndAccounts) {
    testing::TestDb db(GetParam());
    auto& conn = db.conn();
    auto st = Seed(conn, kNow);
    ASSERT_TRUE(st.ok()) << st.error().message;

    // Sizes (active organizations).
    auto grassroots = Count(conn,
                            "SELECT COUNT(*) FROM orgs WHERE ended_on IS NULL AND type_code IN "
                            "('grassroots_committee', 'grassroots_cell')");
    auto cells = Count(conn,
                       "SELECT COUNT(*) FROM orgs WHERE ended_on IS NULL AND type_code IN "
                       "('attached_cell', 'grassroots_cell')");
    auto members = Count(conn, "SELECT COUNT(*) FROM members");
    EXPECT_GE(grassroots, 36);
    EXPECT_LE(grassroots, 44);
    EXPECT_GE(cells, 110);
    EXPECT_LE(cells, 130);
    EXPECT_GE(members, 2300);
    EXPECT_LE(members, 2700);

    // Every member is active, in an active cell, in one open placement there; cards are unique.
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id JOIN org_types t "
                    "ON t.code = o.type_code WHERE t.holds_members = 1 AND o.ended_on IS NULL"),
              members);
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM member_placements p JOIN members m ON m.id = p.member_id "
                    "WHERE p.to_date IS NULL AND p.org_id = m.org_id"),
              members);
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM (SELECT card_number FROM members WHERE card_number IS NOT NULL "
                    "GROUP BY card_number HAVING COUNT(*) > 1) d"),
              0);
    // Đảng bộ cơ sở have at least 30 members, chi bộ cơ sở fewer.
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM orgs g WHERE g.type_code = 'grassroots_committee' AND "
                    "g.ended_on IS NULL AND (SELECT COUNT(*) FROM members m JOIN org_tree t ON "
                    "t.descendant_id = m.org_id WHERE t.ancestor_id = g.id) < 30"),
              0);
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM orgs g WHERE g.type_code = 'grassroots_cell' AND g.ended_on IS NULL "
                    "AND (SELECT COUNT(*) FROM members m WHERE m.org_id = g.id) >= 30"),
              0);

    // The history: renames, moves, a dissolve, and mergers, one of them moving members.
    for (const char* kind : {"rename", "move", "retype", "dissolve", "merge"})
        EXPECT_GE(conn.QueryOne("SELECT COUNT(*) FROM org_events WHERE kind = ?", {kind})->Int(0), 1) << kind;
    int64_t moved = 0;
    for (const auto& r : conn.Query("SELECT details FROM org_events WHERE kind = 'merge'"))
        moved += boost::json::parse(r.Text(0)).as_object().at("members_moved").as_int64();
    EXPECT_GT(moved, 0);
    EXPECT_GT(Count(conn, "SELECT COUNT(*) FROM member_placements WHERE reason = 'reorganization'"), 0);
    EXPECT_GE(Count(conn, "SELECT COUNT(*) FROM member_placements WHERE reason = 'transfer'"), 10);
    EXPECT_GE(Count(conn, "SELECT COUNT(*) FROM orgs WHERE founded_on > '2016-01-01'"), 4);

    // Every active organization has one secretary; accounts are linked to their members' records.
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM orgs o WHERE o.ended_on IS NULL AND o.parent_id IS NOT NULL AND "
                    "(SELECT COUNT(*) FROM committee_positions p WHERE p.org_id = o.id AND p.role_code = 'secretary' "
                    "AND p.to_date IS NULL) <> 1"),
              0);
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM committee_positions p JOIN orgs o ON o.id = p.org_id JOIN members m ON "
                    "m.id = p.member_id WHERE o.code = 'SOTC' AND p.role_code = 'secretary' AND p.to_date IS NULL "
                    "AND m.full_name = 'Lê Văn Dũng'"),
              1);
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM users u JOIN members m ON m.id = u.member_id WHERE m.full_name = "
                    "u.display_name"),
              5);

    // Audited and verifiable.
    auto report = audit::Verify(conn);
    EXPECT_TRUE(report.ok) << report.problem;
    EXPECT_GT(report.rows, members);

    // Codes, names and relations the HTTP tests and accounts rely on.
    struct Expect {
        const char* code;
        const char* parent;
        const char* name;
        const char* type;
    };
    const Expect kept[] = {
        {"SOTC", "DBUB", "Đảng bộ Sở Tài chính", "grassroots_committee"},
        {"SOTC-NS", "SOTC", "Chi bộ Phòng Quản lý Ngân sách", "attached_cell"},
        {"SOTC-VP", "SOTC", "Chi bộ Văn phòng Sở Tài chính", "attached_cell"},
        {"SOGD", "DBUB", "Đảng bộ Sở Giáo dục và Đào tạo", "grassroots_committee"},
        {"SOGD-TH", "SOGD", "Chi bộ Phòng Giáo dục Trung học", "attached_cell"},
        {"SOGD-VP", "SOGD", "Chi bộ Văn phòng Sở Giáo dục và Đào tạo", "attached_cell"},
        {"SOYT", "DBUB", "Đảng bộ Sở Y tế", "grassroots_committee"},
        {"SOYT-NV", "SOYT", "Chi bộ Phòng Nghiệp vụ Y", "attached_cell"},
        {"VPDB", "DBCQD", "Chi bộ Văn phòng Đoàn ĐBQH và HĐND tỉnh", "grassroots_cell"},
        {"DBCQD", "DBT", "Đảng bộ các cơ quan Đảng tỉnh Quảng Trị", "upper_committee"},
        {"DBUB", "DBT", "Đảng bộ Ủy ban nhân dân tỉnh Quảng Trị", "upper_committee"},
    };
    auto root = conn.QueryOne("SELECT name, type_code, parent_id FROM orgs WHERE code = 'DBT'");
    ASSERT_TRUE(root);
    EXPECT_EQ(root->Text(0), "Đảng bộ tỉnh Quảng Trị");
    EXPECT_EQ(root->Text(1), "provincial_committee");
    EXPECT_TRUE(root->IsNull(2));
    for (const auto& k : kept) {
        auto r = conn.QueryOne(
            "SELECT o.name, o.type_code, p.code, o.ended_on FROM orgs o JOIN orgs p "
            "ON p.id = o.parent_id WHERE o.code = ?",
            {k.code});
        ASSERT_TRUE(r) << k.code;
        EXPECT_EQ(r->Text(0), k.name);
        EXPECT_EQ(r->Text(1), k.type);
        EXPECT_EQ(r->Text(2), k.parent) << k.code;
        EXPECT_TRUE(r->IsNull(3)) << k.code;
    }
    for (const char* code : {"SOTC-NS", "SOTC-VP", "SOGD-TH"})
        EXPECT_EQ(
            conn.QueryOne("SELECT COUNT(*) FROM org_versions v JOIN orgs o ON o.id = v.org_id WHERE o.code = ?", {code})
                ->Int(0),
            1)
            << code;
    for (const auto& l : Logins())
        EXPECT_EQ(conn.QueryOne("SELECT COUNT(*) FROM users WHERE username = ?", {l.username})->Int(0), 1)
            << l.username;
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.code = 'SOTC-NS' "
                    "AND m.full_name = 'Phạm Thị Ánh'"),
              1);
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.code = 'SOTC-VP' "
                    "AND m.full_name = 'Lê Văn Dũng' AND m.party_position = 'Bí thư Đảng ủy'"),
              1);

    // A second run adds nothing.
    auto again = Seed(conn, kNow);
    ASSERT_FALSE(again.ok());
    EXPECT_TRUE(again.error().IsConflict());
}

TEST_P(DemoTest, TwoFreshDatabasesGetTheSameDemo) {
    testing::TestDb a(GetParam());
    testing::TestDb b(GetParam());
    ASSERT_TRUE(Seed(a.conn(), kNow, Size::kSmall).ok());
    ASSERT_TRUE(Seed(b.conn(), kNow + 12345, Size::kSmall).ok());
    auto list = MemberList(a.conn());
    EXPECT_GT(list.size(), 300u);
    EXPECT_EQ(list, MemberList(b.conn()));
    EXPECT_TRUE(audit::Verify(a.conn()).ok);
    EXPECT_GT(Count(a.conn(), "SELECT COUNT(*) FROM member_placements WHERE reason = 'reorganization'"), 0);
}

// The tree as of a date, by code.
std::map<std::string, org::TreeNode> TreeOn(db::Connection& conn, const std::string& date) {
    std::map<std::string, org::TreeNode> out;
    for (auto& n : org::Tree(conn, auth::Scope::System(), date, false).value()) out[n.org.code] = n;
    return out;
}

std::string CodeOf(db::Connection& conn, int64_t id) {
    return conn.QueryOne("SELECT code FROM orgs WHERE id = ?", {id})->Text(0);
}

TEST_P(DemoTest, TheBlocEndsIn2025AndTodayTheMergedProvinceHasTheTwoCommittees) {
    testing::TestDb db(GetParam());
    auto& conn = db.conn();
    ASSERT_TRUE(Seed(conn, kNow, Size::kSmall).ok());

    // At the end of 2024: the bloc under Quảng Bình's party organization, its units under it.
    auto then = TreeOn(conn, "2024-12-31");
    ASSERT_TRUE(then.count("DBK"));
    EXPECT_EQ(then.at("DBT").org.name, "Đảng bộ tỉnh Quảng Bình");
    EXPECT_EQ(then.at("DBK").org.name, "Đảng bộ Khối các cơ quan tỉnh Quảng Bình");
    EXPECT_EQ(CodeOf(conn, *then.at("DBK").org.parent_id), "DBT");
    EXPECT_FALSE(then.count("DBCQD") || then.count("DBUB"));
    for (const char* code : {"SOTC", "SOGD", "CQDUK", "VPDB", "SOKH", "SDL"})
        EXPECT_EQ(CodeOf(conn, *then.at(code).org.parent_id), "DBK") << code;
    EXPECT_EQ(then.at("DBK").total, then.at("DBT").total);  // the whole demo is the bloc then

    // Today: no bloc; the two committees under the merged province, and every grassroots organization
    // under one of them.
    auto now = org::List(conn, auth::Scope::System()).value();
    std::map<std::string, org::Org> today;
    for (auto& o : now) today[o.code] = o;
    EXPECT_FALSE(today.count("DBK"));
    EXPECT_EQ(today.at("DBT").name, "Đảng bộ tỉnh Quảng Trị");
    EXPECT_EQ(today.at("DBCQD").name, "Đảng bộ các cơ quan Đảng tỉnh Quảng Trị");
    EXPECT_EQ(today.at("DBUB").name, "Đảng bộ Ủy ban nhân dân tỉnh Quảng Trị");
    int grassroots = 0;
    for (const auto& o : now) {
        if (o.type_code != "grassroots_committee" && o.type_code != "grassroots_cell") continue;
        ++grassroots;
        const std::string parent = CodeOf(conn, *o.parent_id);
        EXPECT_TRUE(parent == "DBCQD" || parent == "DBUB") << o.code << " under " << parent;
    }
    EXPECT_GE(grassroots, 36);
    EXPECT_EQ(CodeOf(conn, *today.at("SOTC").parent_id), "DBUB");
    EXPECT_EQ(CodeOf(conn, *today.at("CQDUK").parent_id), "DBCQD");
    EXPECT_EQ(CodeOf(conn, *today.at("SDL").parent_id), "SOVH");  // Sở Du lịch joined Sở Văn hóa và Thể thao
    auto bloc = conn.QueryOne("SELECT ended_on FROM orgs WHERE code = 'DBK'");
    EXPECT_EQ(bloc->Text(0), kBlocEnded);
    auto ended = conn.QueryOne(
        "SELECT e.decision FROM org_events e JOIN orgs o ON o.id = e.org_id WHERE o.code = 'DBK' "
        "AND e.kind = 'dissolve'");
    ASSERT_TRUE(ended);
    EXPECT_NE(ended->Text(0).find("1212-QĐ/TU"), std::string::npos);

    // The names change with the provinces' merger, not before.
    auto june = TreeOn(conn, "2025-06-30");
    auto july = TreeOn(conn, kProvincesMerged);
    EXPECT_EQ(june.at("DBCQD").org.name, "Đảng bộ các cơ quan Đảng tỉnh Quảng Bình");
    EXPECT_EQ(july.at("DBCQD").org.name, "Đảng bộ các cơ quan Đảng tỉnh Quảng Trị");
    EXPECT_EQ(june.at("DBT").org.name, "Đảng bộ tỉnh Quảng Bình");
    EXPECT_EQ(july.at("DBT").org.name, "Đảng bộ tỉnh Quảng Trị");

    // Every member is carried across: moves keep their placements, so no placement ends on either
    // day, and the counts change only by that day's admissions.
    EXPECT_EQ(conn.QueryOne("SELECT COUNT(*) FROM member_placements WHERE to_date = ? OR to_date = ?",
                            {std::string(kBlocEnded), std::string(kProvincesMerged)})
                  ->Int(0),
              0);
    // Members admitted on `day` into the subtree of `code` (the whole demo when empty).
    auto admitted_on = [&](const std::string& day, const std::string& code = "DBT") {
        return conn
            .QueryOne("SELECT COUNT(*) FROM member_placements p JOIN org_tree t ON t.descendant_id = p.org_id "
                      "JOIN orgs o ON o.id = t.ancestor_id WHERE p.from_date = ? AND p.reason = 'admitted' "
                      "AND o.code = ?",
                      {day, code})
            ->Int(0);
    };
    auto before = TreeOn(conn, "2025-05-31");
    auto after = TreeOn(conn, kBlocEnded);
    EXPECT_EQ(before.at("DBK").total, before.at("DBT").total);
    EXPECT_GT(before.at("DBK").total, 300);
    EXPECT_FALSE(after.count("DBK"));
    EXPECT_EQ(after.at("DBCQD").total + after.at("DBUB").total, after.at("DBT").total);
    EXPECT_EQ(after.at("DBT").total, before.at("DBT").total + admitted_on(kBlocEnded));
    EXPECT_EQ(july.at("DBCQD").total + july.at("DBUB").total, july.at("DBT").total);
    EXPECT_EQ(july.at("DBT").total, june.at("DBT").total + admitted_on(kProvincesMerged));
    // Each grassroots organization keeps its members across the move.
    for (const char* code : {"SOTC", "SOGD", "CQDUK", "VPDB", "BVHN"})
        EXPECT_EQ(after.at(code).total, before.at(code).total + admitted_on(kBlocEnded, code)) << code;

    // One secretary in every active organization today (the bloc's ended with it), each committee's
    // own from its founding.
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM orgs o WHERE o.ended_on IS NULL AND o.parent_id IS NOT NULL AND "
                    "(SELECT COUNT(*) FROM committee_positions p WHERE p.org_id = o.id AND p.role_code = 'secretary' "
                    "AND p.to_date IS NULL) <> 1"),
              0);
    auto seats = conn.Query(
        "SELECT o.code, p.from_date, p.to_date, m.full_name FROM committee_positions p JOIN orgs o ON o.id = p.org_id "
        "JOIN members m ON m.id = p.member_id WHERE o.code IN ('DBK', 'DBCQD', 'DBUB') AND p.role_code = 'secretary' "
        "ORDER BY o.code");
    ASSERT_EQ(seats.size(), 3u);
    EXPECT_EQ(seats[0].Text(0) + " " + seats[0].Text(1) + " " + seats[0].OptText(2).value_or("") + " " +
                  seats[0].Text(3),
              "DBCQD 2025-06-01  Nguyễn Văn Thành");
    EXPECT_EQ(seats[1].Text(0) + " " + seats[1].Text(1) + " " + seats[1].OptText(2).value_or(""),
              "DBK 2020-08-15 2025-06-01");
    EXPECT_EQ(seats[2].Text(0) + " " + seats[2].Text(1), "DBUB 2025-06-01");
    // The grassroots seats are of the 2025-2030 term today.
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM committee_positions WHERE to_date IS NULL AND from_date < '2025-05-20' "
                    "AND org_id IN (SELECT id FROM orgs WHERE type_code <> 'upper_committee')"),
              0);

    // The accounts that served the bloc work on the province's tree today.
    EXPECT_EQ(Count(conn,
                    "SELECT COUNT(*) FROM grants g JOIN users u ON u.id = g.user_id JOIN orgs o ON o.id = g.org_id "
                    "WHERE o.code = 'DBT' AND u.username IN ('admin', 'vanphong', 'kiemtra')"),
              3);
    // The documents of the reorganization are registered.
    for (const char* symbol : {"31-HD/BTCTW", "1208-QĐ/TU", "1212-QĐ/TU", "318-QĐ/TW"})
        EXPECT_EQ(conn.QueryOne("SELECT COUNT(*) FROM documents WHERE symbol = ?", {std::string(symbol)})->Int(0), 1)
            << symbol;
    EXPECT_TRUE(audit::Verify(conn).ok);
}

// A window as text: each node's id, depth, parent, name and hidden count, in order; then whether it was
// cut. An error reads as its kind.
std::string Describe(const Result<org::TreeWindow>& w) {
    if (!w.ok()) return w.error().IsNotFound() ? "not found" : w.error().IsForbidden() ? "forbidden" : "error";
    std::string out;
    for (size_t i = 0; i < w.value().nodes.size(); ++i) {
        const auto& o = w.value().nodes[i].org;
        out += std::to_string(o.id) + "@" + std::to_string(o.depth) + "<" +
               (o.parent_id ? std::to_string(*o.parent_id) : "-") + " " + o.name + " +" +
               std::to_string(w.value().hidden[i]) + "\n";
    }
    return out + (w.value().cut ? "cut" : "whole");
}

// The tree views read the current tree level by level (org::PageWindow, org::DescendWindow); they must
// show exactly what cutting the whole tree shows (org::Window, org::Descend over org::TreeShape), for
// every scope, every starting organization, limit and depth, on the demo with its merges and its ended
// bloc, and again after a move.
TEST_P(DemoTest, TreeViewsReadLevelByLevelShowWhatCuttingTheWholeTreeShows) {
    testing::TestDb db(GetParam());
    auto& conn = db.conn();
    ASSERT_TRUE(Seed(conn, kNow, Size::kSmall).ok());
    auto id_of = [&](const char* code) { return conn.QueryOne("SELECT id FROM orgs WHERE code = ?", {code})->Int(0); };
    using auth::Grant;
    using auth::Role;
    std::vector<std::pair<std::string, auth::Scope>> scopes = {
        {"system", auth::Scope::System()},
        {"office of the province", auth::Scope(1, "a", {Grant{1, 1, Role::kOffice, id_of("DBT"), ""}})},
        // Overlapping grants (a committee and a unit under it), a second subtree, an ended organization.
        {"secretary of several", auth::Scope(2, "b", {Grant{2, 2, Role::kSecretary, id_of("DBCQD"), ""},
                                                      Grant{3, 2, Role::kSecretary, id_of("CQDUK"), ""},
                                                      Grant{4, 2, Role::kInspector, id_of("SOTC"), ""},
                                                      Grant{5, 2, Role::kSecretary, id_of("DBK"), ""}})},
        {"member only", auth::Scope(3, "c", {Grant{6, 3, Role::kMember, id_of("SOTC"), ""}})},
    };
    std::vector<std::optional<int64_t>> unders{std::nullopt, id_of("DBK"), int64_t{999999}};
    // Every active organization with units, and a few without.
    for (const auto& r : conn.Query("SELECT o.id FROM orgs o WHERE o.ended_on IS NULL AND (o.id % 10 = 0 OR EXISTS "
                                    "(SELECT 1 FROM orgs c WHERE c.parent_id = o.id)) ORDER BY o.id"))
        unders.push_back(r.Int(0));
    auto compare = [&](const std::string& when) {
        int compared = 0, cut = 0;
        for (const auto& [label, scope] : scopes) {
            const auto whole = org::TreeShape(conn, scope, kDemoToday, true);  // the reference reads it all
            for (const auto& under : unders) {
                const std::string where = when + ", " + label + ", under " + (under ? std::to_string(*under) : "-");
                for (size_t limit : {size_t{1}, size_t{5}, size_t{40}, size_t{1500}}) {
                    auto expected = whole.ok() ? org::Window(whole.value(), under, limit)
                                               : Result<org::TreeWindow>(whole.error());
                    auto got = org::PageWindow(conn, scope, kDemoToday, true, under, limit);
                    ASSERT_EQ(Describe(got), Describe(expected)) << where << ", limit " << limit;
                    cut += got.ok() && got.value().cut;
                    ++compared;
                }
                for (std::optional<int> depth : {std::optional<int>(0), std::optional<int>(1), std::optional<int>(2),
                                                 std::optional<int>()}) {
                    auto expected = whole.ok() ? org::Descend(whole.value(), under, depth)
                                               : Result<org::TreeWindow>(whole.error());
                    auto got = org::DescendWindow(conn, scope, kDemoToday, true, under, depth);
                    ASSERT_EQ(Describe(got), Describe(expected)) << where << ", depth " << (depth ? *depth : -1);
                    ++compared;
                }
            }
        }
        // The comparisons covered cut windows and whole ones.
        EXPECT_GT(cut, 10) << when;
        EXPECT_GT(compared, 500) << when;
    };
    compare("the demo");
    // Move a grassroots committee with its units to the other committee: the closure and parents change.
    auto moved = org::Reorganize(conn, auth::Scope::System(), id_of("SOTC"),
                            org::Reorganization{"move", kDemoToday, "", id_of("DBCQD"), "", std::nullopt, ""}, {}, kNow,
                                kDemoToday);
    ASSERT_TRUE(moved.ok()) << moved.error().message;
    compare("after a move");
}

INSTANTIATE_TEST_SUITE_P(Demo, DemoTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::demo
