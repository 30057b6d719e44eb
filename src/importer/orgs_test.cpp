// Unit tests of the organization import and export on both engines: header matching through the column
// table, parents-first ordering, each refusal with its reason and nothing written, scope, and the round trip.
#include "importer/orgs.h"

#include <gtest/gtest.h>

#include <map>

#include "importer/english_for_tests.h"
#include "org/service.h"
#include "testing/test_db.h"

namespace dv::importer {

namespace {

using auth::Scope;

TEST(ImportColumns, HeadersMatchIgnoringCaseDiacriticsAndSpacesAndReportProblems) {
    tabular::Table t{{{1, {"STT", "MÃ TỔ CHỨC", "ten to chuc", "Type", "parent_code", "Ghi chú", "Mã đơn vị"}}}};
    auto r = columns::MapHeaders(t, OrgColumns());
    ASSERT_FALSE(r.ok());
    std::vector<std::string> got;
    for (const auto& f : r.error().field_errors) got.push_back(f.code + ": " + En(f));
    EXPECT_EQ(got, (std::vector<std::string>{"unknown_column: unknown column \"Ghi chú\"",
                                             "unknown_column: unknown column \"Mã đơn vị\""}));
    tabular::Table ok{{{1, {"STT", "MÃ TỔ CHỨC", "ten to chuc", "Type", "parent_code", ""}}}};
    auto m = columns::MapHeaders(ok, OrgColumns());
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->IndexOf(static_cast<int>(OrgColumn::kCode)), 1);
    EXPECT_EQ(m->IndexOf(static_cast<int>(OrgColumn::kParentCode)), 4);
    EXPECT_FALSE(m->Has(static_cast<int>(OrgColumn::kFoundedOn)));
    EXPECT_EQ(m->Header(static_cast<int>(OrgColumn::kFoundedOn)), "Ngày thành lập");
    tabular::Table missing{{{1, {"code", "Code", "name"}}}};
    got.clear();
    auto refused = columns::MapHeaders(missing, OrgColumns());
    ASSERT_FALSE(refused.ok());
    for (const auto& f : refused.error().field_errors) got.push_back(En(f));
    EXPECT_EQ(got, (std::vector<std::string>{"columns \"code\" and \"Code\" are both code",
                                             "missing column \"Loại tổ chức\" (type)",
                                             "missing column \"Mã tổ chức cấp trên\" (parent_code)"}));
}

class OrgImportTest : public ::testing::TestWithParam<std::string> {
protected:
    db::Connection& conn() { return db_.conn(); }
    int64_t Count(const char* table) { return conn().QueryOne(std::string("SELECT COUNT(*) FROM ") + table)->Int(0); }
    static tabular::Table Sheet(std::vector<std::vector<std::string>> rows) {
        tabular::Table t;
        t.rows.push_back({1, {"Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Mã tổ chức cấp trên", "Ngày thành lập"}});
        int line = 2;
        for (auto& r : rows) t.rows.push_back({line++, std::move(r)});
        return t;
    }
    Result<Report> Import(const tabular::Table& t, const Scope& scope = Scope::System(), bool dry_run = false) {
        OrgOptions opt;
        opt.dry_run = dry_run;
        return ImportOrgs(conn(), scope, t, opt, {0, "cli", ""}, now_, today_);
    }
    // The bloc used by the tests that start from an existing root.
    int64_t Root() {
        return org::Create(conn(), Scope::System(), {std::nullopt, "KHOI", "Đảng bộ Khối", "bloc", "2000-01-01", ""},
                           {}, now_, today_)
            .value()
            .id;
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
};

TEST_P(OrgImportTest, ChildrenBeforeParentsAreCreatedParentsFirstEachAudited) {
    auto r = Import(Sheet({
        {"CB1", "Chi bộ Phòng Một", "Chi bộ trực thuộc", "DB1", ""},
        {"DB1", "Đảng bộ Sở Một", "dang bo co so", "KHOI", "15/03/2005"},
        {"KHOI", "Đảng bộ Khối", "bloc", "", "01/01/2000"},
        {"CBCS", "Chi bộ Trường", "grassroots_cell", "khoi", ""},
    }));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(r->rejects.empty()) << Lines(*r).front();
    EXPECT_EQ(r->added, 4);
    auto tree = org::List(conn(), Scope::System()).value();
    ASSERT_EQ(tree.size(), 4u);
    EXPECT_EQ(tree[0].code, "KHOI");
    EXPECT_EQ(tree[0].founded_on, "2000-01-01");
    std::map<std::string, org::Org> by_code;
    for (const auto& o : tree) by_code[o.code] = o;
    EXPECT_EQ(by_code["CB1"].parent_id, by_code["DB1"].id);
    EXPECT_EQ(by_code["CBCS"].parent_id, by_code["KHOI"].id);
    EXPECT_EQ(by_code["DB1"].type_code, "grassroots_committee");
    // An empty founding date is the parent's.
    EXPECT_EQ(by_code["CB1"].founded_on, "2005-03-15");
    EXPECT_EQ(by_code["CBCS"].founded_on, "2000-01-01");
    EXPECT_EQ(conn().QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'org.create'")->Int(0), 4);
}

TEST_P(OrgImportTest, EachRefusalIsReportedWithLineColumnValueAndReasonAndNothingIsWritten) {
    Root();
    org::Create(conn(), Scope::System(), {std::nullopt, "OLD", "Cũ", "bloc", "2000-01-01", ""}, {}, now_, today_)
        .value();
    const int64_t orgs_before = Count("orgs"), audit_before = Count("audit_log");
    auto r = Import(Sheet({
        {"A", "Đảng bộ A", "Đảng bộ cơ sở", "KHOI", "01/01/2010"},        // 2: good
        {"a", "Trùng mã", "Đảng bộ cơ sở", "KHOI", ""},                   // 3: same code as line 2
        {"OLD", "Trùng CSDL", "Đảng bộ cơ sở", "KHOI", ""},               // 4: code in the database
        {"B", "Không cấp trên", "Đảng bộ cơ sở", "ZZZ", ""},              // 5: unknown parent
        {"C", "Loại lạ", "Ban cán sự", "KHOI", ""},                       // 6: unknown type
        {"D", "Ngày sai", "Chi bộ cơ sở", "KHOI", "31/02/2010"},          // 7: impossible date
        {"E", "Ngày tới", "Chi bộ cơ sở", "KHOI", "01/01/2030"},          // 8: future date
        {"F", "Sai cấp", "Đảng bộ cơ sở", "G", ""},                       // 9: committee under a cell
        {"G", "Chi bộ", "Chi bộ cơ sở", "KHOI", ""},                      // 10: good
        {"H", "Vòng một", "Chi bộ trực thuộc", "I", ""},                  // 11: cycle
        {"I", "Vòng hai", "Đảng bộ bộ phận", "H", ""},                    // 12: cycle
        {"J", "Gốc thứ hai", "bloc", "", ""},                             // 13: no parent, database not empty
        {"K", "", "Chi bộ trực thuộc", "A", ""},                          // 14: name required
        {"L", "Trước cấp trên", "Chi bộ trực thuộc", "A", "01/01/2009"},  // 15: good: older than its parent
        {"M", "Tự làm cấp trên", "Chi bộ cơ sở", "M", ""},                // 16: its own parent
    }));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(Lines(*r), (std::vector<std::string>{
                             "line 3, Mã tổ chức, \"a\": same code as line 2",
                             "line 4, Mã tổ chức, \"OLD\": code already belongs to an organization in the database",
                             "line 5, Mã tổ chức cấp trên, \"ZZZ\": unknown parent code (neither in the file nor in "
                             "the database)",
                             "line 6, Loại tổ chức, \"Ban cán sự\": unknown organization type",
                             "line 7, Ngày thành lập, \"31/02/2010\": impossible date",
                             "line 8, Ngày thành lập, \"01/01/2030\": date is in the future",
                             "line 9, Loại tổ chức, \"Đảng bộ cơ sở\": a Đảng bộ cơ sở cannot stand under a Chi bộ "
                             "cơ sở (the parent's type)",
                             "line 11, Mã tổ chức cấp trên, \"I\": cycle: H → I → H",
                             "line 12, Mã tổ chức cấp trên, \"H\": cycle: H → I → H",
                             "line 13, Mã tổ chức cấp trên, \"\": required: only the top organization of an empty "
                             "database has no parent",
                             "line 14, Tên tổ chức, \"\": required",
                             "line 16, Mã tổ chức cấp trên, \"M\": cycle: the organization is its own parent",
                         }));
    EXPECT_EQ(r->rows, 15);
    EXPECT_EQ(r->rejected, 12);
    EXPECT_EQ(r->accepted, 3);
    EXPECT_EQ(r->added, 0);
    EXPECT_EQ(Count("orgs"), orgs_before);
    EXPECT_EQ(Count("audit_log"), audit_before);
}

TEST_P(OrgImportTest, DryRunWritesNothingAndOnlyOneTopOrganizationOnAnEmptyDatabase) {
    auto file = Sheet({{"R", "Khối", "bloc", "", ""}, {"X", "Khối hai", "bloc", "", ""}});
    auto r = Import(file);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(Lines(*r), (std::vector<std::string>{"line 3, Mã tổ chức cấp trên, \"\": required: line 2 is already "
                                                   "the top organization, without a parent"}));
    auto dry = Import(Sheet({{"R", "Khối", "bloc", "", ""}, {"C", "Chi bộ", "grassroots_cell", "R", ""}}),
                      Scope::System(), true);
    ASSERT_TRUE(dry.ok());
    EXPECT_EQ(dry->accepted, 2);
    EXPECT_EQ(dry->added, 0);
    EXPECT_EQ(Count("orgs"), 0);
    // The top organization without a date is founded today.
    ASSERT_TRUE(Import(Sheet({{"R", "Khối", "bloc", "", ""}})).ok());
    EXPECT_EQ(org::List(conn(), Scope::System())->front().founded_on, today_);
}

TEST_P(OrgImportTest, AScopedImporterCreatesOnlyUnderOrganizationsInItsScope) {
    int64_t root = Root();
    int64_t a = org::Create(conn(), Scope::System(), {root, "A", "A", "grassroots_committee", "2001-01-01", ""}, {},
                            now_, today_)
                    ->id;
    org::Create(conn(), Scope::System(), {root, "B", "B", "grassroots_committee", "2001-01-01", ""}, {}, now_, today_)
        .value();
    Scope office(7, "vanphong", {{.user_id = 7, .role = auth::Role::kOffice, .org_id = a}});
    auto r = Import(
        Sheet({{"A1", "Chi bộ A1", "attached_cell", "A", ""}, {"B1", "Chi bộ B1", "attached_cell", "B", ""}}), office);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(Lines(*r),
              (std::vector<std::string>{"line 3, Mã tổ chức cấp trên, \"B\": unknown parent code (neither in "
                                        "the file nor in the database)"}));
    auto ok = Import(Sheet({{"A1", "Chi bộ A1", "attached_cell", "A", ""}}), office);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->added, 1);
    auto audit = conn().QueryOne("SELECT username FROM audit_log WHERE action = 'org.create' ORDER BY id DESC");
    EXPECT_EQ(audit->Text(0), "cli");
    Scope inspector(8, "kiemtra", {{.user_id = 8, .role = auth::Role::kInspector, .org_id = root}});
    EXPECT_EQ(Import(Sheet({}), inspector).error().code, ErrorCode::kForbidden);
    // Secretaries may write their subtree, but add their units one by one.
    Scope secretary(9, "bithu", {{.user_id = 9, .role = auth::Role::kSecretary, .org_id = a}});
    EXPECT_EQ(Import(Sheet({{"A2", "Chi bộ A2", "attached_cell", "A", ""}}), secretary).error().code,
              ErrorCode::kForbidden);
}

TEST_P(OrgImportTest, ExportThenImportIntoAnEmptyDatabaseGivesTheSameTree) {
    ASSERT_EQ(Import(Sheet({
                         {"KHOI", "Đảng bộ Khối", "Đảng bộ Khối", "", "01/01/2000"},
                         {"DB1", "Đảng bộ Sở Một", "Đảng bộ cơ sở", "KHOI", "15/03/2005"},
                         {"CB1", "Chi bộ Phòng Một; “số 1”", "Chi bộ trực thuộc", "DB1", "01/06/2006"},
                         {"CB2", "Chi bộ Phòng Hai", "Chi bộ trực thuộc", "DB1", ""},
                         {"TD1", "Tổ đảng 1", "Tổ đảng", "CB1", ""},
                         {"CBCS", "Chi bộ Trường", "Chi bộ cơ sở", "KHOI", ""},
                     }))
                  ->added,
              6);
    // An ended organization is history, not part of the file.
    int64_t gone = org::Create(conn(), Scope::System(),
                               {org::List(conn(), Scope::System())->front().id, "GONE", "Giải thể", "grassroots_cell",
                                "2001-01-01", ""},
                               {}, now_, today_)
                       ->id;
    ASSERT_TRUE(org::Reorganize(conn(), Scope::System(), gone, {.kind = "dissolve", .effective_on = "2020-01-01"}, {},
                                now_, today_)
                    .ok());
    // A unit older than its current parent: CB2 (2005) moved under a committee founded in 2025.
    int64_t khoi = org::List(conn(), Scope::System())->front().id;
    int64_t newer = org::Create(conn(), Scope::System(),
                                {khoi, "MOI", "Đảng bộ Mới", "grassroots_committee", "2025-06-01", ""}, {}, now_, today_)
                        ->id;
    int64_t cb2 = 0;
    auto before_move = org::List(conn(), Scope::System()).value();
    for (const auto& o : before_move)
        if (o.code == "CB2") cb2 = o.id;
    ASSERT_TRUE(org::Reorganize(conn(), Scope::System(), cb2,
                                {.kind = "move", .effective_on = "2025-06-01", .parent_id = newer}, {}, now_, today_)
                    .ok());
    auto sheet = ExportOrgs(conn(), Scope::System());
    ASSERT_TRUE(sheet.ok());
    ASSERT_EQ(sheet->size(), 8u);
    EXPECT_EQ((*sheet)[0], (std::vector<std::string>{"Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Mã tổ chức cấp trên",
                                                     "Ngày thành lập"}));
    EXPECT_EQ((*sheet)[1], (std::vector<std::string>{"KHOI", "Đảng bộ Khối", "Đảng bộ Khối", "", "01/01/2000"}));

    testing::TestDb other(GetParam());
    auto back = tabular::ReadCsv(tabular::WriteCsv(*sheet));
    ASSERT_TRUE(back.ok());
    auto r = ImportOrgs(other.conn(), Scope::System(), *back, {}, {0, "cli", ""}, now_, today_);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->rejects.empty());
    EXPECT_EQ(r->added, 7);
    EXPECT_EQ(*ExportOrgs(other.conn(), Scope::System()), *sheet);
    // CB2 keeps its founding date; its history here starts where its parent's does, so the tree as
    // of an earlier date does not show it under a committee that did not exist yet.
    auto imported = org::List(other.conn(), Scope::System()).value();
    bool seen = false;
    for (const auto& o : imported) {
        if (o.code != "CB2") continue;
        seen = true;
        EXPECT_EQ(o.founded_on, "2005-03-15");
        EXPECT_EQ(org::HistoryOf(other.conn(), Scope::System(), o.id)->versions.front().valid_from, "2025-06-01");
        EXPECT_TRUE(org::GetAsOf(other.conn(), Scope::System(), o.id, "2025-06-01").ok());
        EXPECT_FALSE(org::GetAsOf(other.conn(), Scope::System(), o.id, "2020-01-01").ok());
    }
    EXPECT_TRUE(seen);
}

INSTANTIATE_TEST_SUITE_P(Engines, OrgImportTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::importer
