// Unit tests of the audit chain on both engines: append, verify, and tampering of each kind.
#include "audit/audit.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "audit/anchor.h"
#include "core/crypto.h"
#include "testing/test_db.h"

namespace dv::audit {
namespace {

// A folder removed with everything in it at the end of the test.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "dv-audit-XXXXXX").string();
        path_ = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

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

// What an attacker who can write the database but does not hold the key can do: rewrite rows from `from` on
// and recompute every hash forward with plain SHA-256 (the scheme before migration 0015), the head included.
void RehashPlainFrom(db::Connection& conn, int64_t from, bool edit) {
    std::string prev = from == 1 ? std::string(64, '0')
                                 : conn.QueryOne("SELECT hash FROM audit_log WHERE id = ?", {from - 1})->Text(0);
    for (const auto& r : conn.Query("SELECT id, at, user_id, username, ip, action, entity_type, entity_id, org_id, "
                                    "before_json, after_json FROM audit_log WHERE id >= ? ORDER BY id",
                                    {from})) {
        auto opt_int = [&](size_t i) { return r.OptInt(i) ? boost::json::value(*r.OptInt(i)) : boost::json::value(nullptr); };
        auto opt_text = [&](size_t i) { return r.OptText(i) ? boost::json::value(*r.OptText(i)) : boost::json::value(nullptr); };
        std::string username = edit && r.Int(0) == from ? "mallory" : r.Text(3);
        boost::json::array a{r.Int(0),    r.Int(1),    opt_int(2),  username,     r.Text(4),   r.Text(5),
                             r.Text(6),   opt_int(7),  opt_int(8),  opt_text(9),  opt_text(10), prev};
        std::string hash = crypto::Sha256Hex(boost::json::serialize(a));
        conn.Exec("UPDATE audit_log SET username = ?, prev_hash = ?, hash = ? WHERE id = ?", {username, prev, hash, r.Int(0)});
        prev = hash;
    }
    conn.Exec("UPDATE audit_head SET last_hash = ? WHERE id = 1", {prev});
}

// The three rewrites found by probing, each named by verify once the chain is keyed and anchored.
TEST_P(AuditTest, RowEditedAndPlainHashesRecomputedForwardIsNamed) {
    AppendN(8);
    RehashPlainFrom(db_.conn(), 5, /*edit=*/true);
    auto r = Verify(db_.conn());
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_id, 5);
    EXPECT_NE(r.problem.find("row #5 changed"), std::string::npos) << r.problem;
}

TEST_P(AuditTest, LastRowsDeletedAndHeadResetAreNamedByTheCheckpoint) {
    AppendN(8);
    std::vector<Checkpoint> checkpoints{Head(db_.conn())};
    EXPECT_TRUE(Verify(db_.conn(), checkpoints).ok);
    // Truncate to 5 rows and point the head at row 5: a chain that is valid on its own.
    db_.conn().Exec("DELETE FROM audit_log WHERE id > 5");
    db_.conn().Exec("UPDATE audit_head SET seq = 5, last_hash = (SELECT hash FROM audit_log WHERE id = 5) WHERE id = 1");
    EXPECT_TRUE(Verify(db_.conn()).ok);  // without checkpoints, nothing shows it
    auto r = Verify(db_.conn(), checkpoints);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_id, 6);
    EXPECT_NE(r.problem.find("audit rows after #5 are missing"), std::string::npos) << r.problem;
}

TEST_P(AuditTest, EverythingDeletedIsNamedByTheCheckpoint) {
    AppendN(3);
    std::vector<Checkpoint> checkpoints{Head(db_.conn())};
    db_.conn().Exec("DELETE FROM audit_log");
    db_.conn().Exec("UPDATE audit_head SET seq = 0, last_hash = ? WHERE id = 1", {std::string(64, '0')});
    auto r = Verify(db_.conn(), checkpoints);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.problem.find("every row was deleted"), std::string::npos) << r.problem;
}

TEST_P(AuditTest, ChainRewrittenUnderTheKeyDiffersFromItsCheckpoint) {
    AppendN(6);
    std::vector<Checkpoint> checkpoints{Head(db_.conn())};
    // Someone holding the key rewrites row 2 and everything after it: each row is consistent, the checkpoint is not.
    db_.conn().Exec("DELETE FROM audit_log WHERE id >= 2");
    db_.conn().Exec("UPDATE audit_head SET seq = 1, last_hash = (SELECT hash FROM audit_log WHERE id = 1) WHERE id = 1");
    AppendN(5);
    auto r = Verify(db_.conn(), checkpoints);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_id, 6);
    EXPECT_NE(r.problem.find("audit row 6 changed"), std::string::npos) << r.problem;
}

TEST_P(AuditTest, PlainChainIsKeyedOnceAfterItIsChecked) {
    AppendN(4);
    RehashPlainFrom(db_.conn(), 1, /*edit=*/false);  // as written before migration 0015
    EXPECT_FALSE(Verify(db_.conn()).ok);
    auto keyed = KeyChain(db_.conn());
    ASSERT_TRUE(keyed.ok()) << keyed.error().message;
    EXPECT_EQ(*keyed, 4);
    EXPECT_TRUE(IsKeyed(db_.conn()));
    auto r = Verify(db_.conn());
    EXPECT_TRUE(r.ok) << r.problem;
    EXPECT_EQ(*KeyChain(db_.conn()), 0);  // once
}

TEST_P(AuditTest, BrokenPlainChainIsNotKeyed) {
    AppendN(4);
    RehashPlainFrom(db_.conn(), 1, /*edit=*/false);
    db_.conn().Exec("UPDATE audit_log SET username = 'mallory' WHERE id = 2");
    auto keyed = KeyChain(db_.conn());
    ASSERT_FALSE(keyed.ok());
    EXPECT_TRUE(keyed.error().IsConflict());
    EXPECT_NE(keyed.error().message.find("row 2"), std::string::npos) << keyed.error().message;
    EXPECT_FALSE(IsKeyed(db_.conn()));
}

TEST_P(AuditTest, CheckpointsFileAppendsOnlyWhenTheHeadMoved) {
    TempDir dir;
    const std::string path = (dir.path() / "audit.checkpoints").string();
    AppendN(2);
    EXPECT_TRUE(*CheckpointNow(db_.conn(), path, 100));
    EXPECT_FALSE(*CheckpointNow(db_.conn(), path, 200));  // unchanged head: no new line
    AppendN(1);
    EXPECT_TRUE(*CheckpointNow(db_.conn(), path, 300));
    auto read = ReadCheckpoints(path);
    ASSERT_TRUE(read.ok()) << read.error().message;
    ASSERT_EQ(read->size(), 2u);
    EXPECT_EQ((*read)[0].seq, 2);
    EXPECT_EQ((*read)[1].seq, 3);
    EXPECT_EQ((*read)[1].at, 300);
    EXPECT_TRUE(Verify(db_.conn(), *read).ok);
    struct stat st{};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    std::ofstream(path, std::ios::app) << "not a checkpoint\n";
    EXPECT_FALSE(ReadCheckpoints(path).ok());
    EXPECT_TRUE(ReadCheckpoints((dir.path() / "none").string())->empty());
}

TEST(AuditKey, CreatedOnceWith0600AndReadBack) {
    TempDir dir;
    const std::string path = (dir.path() / "etc" / "audit.key").string();
    EXPECT_TRUE(LoadKey(path, false).error().IsNotFound());
    auto created = LoadKey(path, true);
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_EQ(created->size(), 32u);
    struct stat st{};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(*LoadKey(path, true), *created);  // not replaced
    EXPECT_EQ(*LoadKey(path, false), *created);
    std::ofstream(path, std::ios::trunc) << "short\n";
    EXPECT_FALSE(LoadKey(path, false).ok());
}

TEST_P(AuditTest, ABatchWritesTheHeadOnceAndTheChainVerifies) {
    AppendN(2);
    {
        db::Transaction tx(db_.conn());
        Batch batch(db_.conn());
        for (int i = 3; i <= 40; ++i)
            Append(db_.conn(), {7, "vanphong", ""}, 1000 + i, "member.create", "member", i, std::nullopt, nullptr,
                   boost::json::object{{"i", i}});
        // The head is not moved until Finish.
        EXPECT_EQ(Head(db_.conn()).seq, 2);
        batch.Finish();
        tx.Commit();
    }
    EXPECT_EQ(Head(db_.conn()).seq, 40);
    EXPECT_TRUE(Verify(db_.conn()).ok) << Verify(db_.conn()).problem;
    AppendN(1);  // appends after the batch continue the chain
    EXPECT_EQ(Head(db_.conn()).seq, 41);
    EXPECT_TRUE(Verify(db_.conn()).ok);
}

TEST_P(AuditTest, ABatchRefusesToWriteTheHeadOverARolledBackAppend) {
    AppendN(1);
    db::Transaction tx(db_.conn());
    Batch batch(db_.conn());
    Append(db_.conn(), {7, "vanphong", ""}, 2000, "member.create", "member", 1, std::nullopt, nullptr, nullptr);
    {
        db::Transaction nested(db_.conn());  // a savepoint, rolled back: its row goes, the batch's count does not
        Append(db_.conn(), {7, "vanphong", ""}, 2001, "member.create", "member", 2, std::nullopt, nullptr, nullptr);
    }
    EXPECT_THROW(batch.Finish(), db::DbError);
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditTest, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::audit
