// Synthetic documents for the search benchmark, on both engines: written and indexed as the service would,
// the same for the same seed, ids after the largest, refused without organizations.
#include "gen/documents.h"

#include <gtest/gtest.h>

#include "document/search.h"
#include "testing/small_tree.h"
#include "testing/test_db.h"

namespace dv::gen {
namespace {

constexpr int64_t kNow = 1'780'000'000'000;

std::vector<std::string> Titles(db::Connection& conn) {
    std::vector<std::string> out;
    for (const auto& r : conn.Query("SELECT id, symbol, title, owner_org_id, length(body) FROM documents ORDER BY id"))
        out.push_back(std::to_string(r.Int(0)) + r.Text(1) + r.Text(2) + std::to_string(r.Int(3)) + "/" +
                      std::to_string(r.Int(4)));
    return out;
}

class GenDocumentsTest : public ::testing::TestWithParam<std::string> {
protected:
    testing::TestDb db_{GetParam()};
};

TEST_P(GenDocumentsTest, WritesIndexedDocumentsTheSameForTheSameSeed) {
    auto& conn = db_.conn();
    EXPECT_TRUE(GenerateDocuments(conn, {10, 1}, kNow).error().IsConflict());  // no organizations yet
    testing::MakeSmallTree(conn, kNow, "2026-11-27");
    EXPECT_TRUE(GenerateDocuments(conn, {0, 1}, kNow).error().IsInvalid());
    auto r = GenerateDocuments(conn, {60, 7}, kNow);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->documents, 60);
    EXPECT_GT(r->words, 60 * 150);
    EXPECT_EQ(conn.QueryOne("SELECT COUNT(*) FROM documents")->Int(0), 60);
    // Every document is found by its own number, as the search box reads it.
    for (const auto& row : conn.Query("SELECT id, symbol FROM documents WHERE symbol <> '' ORDER BY id LIMIT 5")) {
        auto hits = document::search::Search(conn, auth::Scope::System(), row.Text(1), 100);
        ASSERT_TRUE(hits.ok());
        bool found = false;
        for (const auto& h : hits.value()) found = found || h.document.id == row.Int(0);
        EXPECT_TRUE(found) << row.Text(1);
    }
    // The same seed on another database: the same documents; more documents continue the ids.
    testing::TestDb other(GetParam());
    testing::MakeSmallTree(other.conn(), kNow, "2026-11-27");
    ASSERT_TRUE(GenerateDocuments(other.conn(), {60, 7}, kNow).ok());
    EXPECT_EQ(Titles(other.conn()), Titles(conn));
    ASSERT_TRUE(GenerateDocuments(conn, {5, 8}, kNow).ok());
    EXPECT_EQ(conn.QueryOne("SELECT MAX(id) FROM documents")->Int(0), 65);
}

INSTANTIATE_TEST_SUITE_P(Engines, GenDocumentsTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::gen
