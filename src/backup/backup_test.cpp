// backup: the manifest and its checks, the --into directory's pruning, and a backup restored on each
// engine (refused into a database that holds tables, or from a damaged archive, with nothing written).
#include "backup/backup.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "audit/audit.h"
#include "backup/manifest.h"
#include "backup/pg_tools.h"
#include "backup/store.h"
#include "core/crypto.h"
#include "db/db.h"
#include "testing/test_db.h"

namespace dv::backup {
namespace {

namespace fs = std::filesystem;

const std::string kShaA(64, 'a');
const std::string kShaB = crypto::Sha256Hex("b");

Manifest Sample() {
    Manifest m;
    m.dangvu_version = "0.4.0";
    m.engine = "sqlite";
    m.created_at = 1'796'000'000'123;
    m.schema_version = 7;
    m.parts = {{kSqlitePart, 4096, kShaA}, {FilePartName(kShaB), 1, kShaB}};
    return m;
}

TEST(Manifest, RoundTripsThroughJson) {
    auto back = ParseManifest(ToJson(Sample()));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, Sample());
    EXPECT_NE(ToJson(Sample()).find("\"created_at\":\"2026-"), std::string::npos);
    EXPECT_EQ(FilePartName(kShaB), "files/" + kShaB.substr(0, 2) + "/" + kShaB.substr(2));
}

TEST(Manifest, RefusesWhatIsNotOurs) {
    auto refused = [](const Manifest& m, const std::string& why) {
        auto r = ParseManifest(ToJson(m));
        ASSERT_FALSE(r.ok()) << why;
        EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().message;
    };
    Manifest m = Sample();
    m.format = 2;
    refused(m, "format version 2");
    m = Sample();
    m.engine = "mysql";
    refused(m, "engine");
    m = Sample();
    m.parts[1].name = "files/../../etc/passwd";
    refused(m, "unexpected part 'files/../../etc/passwd'");
    m = Sample();
    m.parts[1].name = FilePartName(kShaA);  // a file not named by its own sum
    refused(m, "unexpected part");
    m = Sample();
    m.parts[0].name = kPostgresPart;  // the other engine's database
    refused(m, "unexpected part");
    m = Sample();
    std::swap(m.parts[0], m.parts[1]);
    refused(m, "database part first");
    m = Sample();
    m.parts.push_back(m.parts[1]);
    refused(m, "twice");
    m = Sample();
    m.parts.clear();
    refused(m, "no database part");
    m = Sample();
    m.parts[1].sha256 = "B" + kShaB.substr(1);
    refused(m, "without a name, size and SHA-256");
    EXPECT_FALSE(ParseManifest("not json").ok());
    EXPECT_FALSE(ParseManifest("{\"format\":1}").ok());
}

TEST(Prune, ArchiveNamesAreLocalTimeAndSortByTime) {
    // 2026-12-06 17:30:05 UTC is 2026-12-07 00:30:05 in Vietnam (UTC+7).
    const int64_t t = (int64_t{20'793} * 86'400 + 17 * 3600 + 30 * 60 + 5) * 1000;
    EXPECT_EQ(ArchiveName(t, 0), "dangvu-20261206-173005.zip");
    EXPECT_EQ(ArchiveName(t, 420), "dangvu-20261207-003005.zip");
    EXPECT_LT(ArchiveName(t, 420), ArchiveName(t + 3'600'000 * 24, 420));
}

TEST(Prune, KeepsTheNewestAndTouchesNothingElse) {
    std::vector<std::string> names = {"dangvu-20261203-020000.zip",
                                      "dangvu-20261201-020000.zip",
                                      "dangvu-20261205-020000.zip",
                                      "dangvu-20261202-020000.zip",
                                      "dangvu-20261204-020000.zip",
                                      "dangvu-20261130-020000.zip.Xy12ab",  // libzip's half-written temporary
                                      "notes.txt",
                                      "dangvu-2026113-020000.zip",
                                      "dangvu-20261130-020000.ZIP",
                                      "my-dangvu-20261130-020000.zip",
                                      "dangvu-2026x130-020000.zip"};
    EXPECT_EQ(ToPrune(names, 3),
              (std::vector<std::string>{"dangvu-20261201-020000.zip", "dangvu-20261202-020000.zip"}));
    EXPECT_EQ(ToPrune(names, 5), std::vector<std::string>{});
    EXPECT_EQ(ToPrune(names, 1).size(), 4u);
    EXPECT_EQ(ToPrune({}, 1), std::vector<std::string>{});
}

TEST(Sha256, StreamedEqualsWhole) {
    crypto::Sha256 sha;
    sha.Update("dang ");
    sha.Update("");
    sha.Update("vu");
    EXPECT_EQ(sha.Hex(), crypto::Sha256Hex("dang vu"));
}

TEST(SplitPassword, KeepsThePasswordOffTheCommandLine) {
    auto s = db::SplitPassword("postgresql://dv:p%40ss@db.local:5432/dangvu?sslmode=require");
    EXPECT_EQ(s.url, "postgresql://dv@db.local:5432/dangvu?sslmode=require");
    EXPECT_EQ(s.password, "p@ss");
    s = db::SplitPassword("postgresql://dv@db/dangvu?password=x%2Fy&sslmode=disable");
    EXPECT_EQ(s.url, "postgresql://dv@db/dangvu?sslmode=disable");
    EXPECT_EQ(s.password, "x/y");
    s = db::SplitPassword("postgresql://dv@db/dangvu?sslmode=disable&password=z");
    EXPECT_EQ(s.url, "postgresql://dv@db/dangvu?sslmode=disable");
    EXPECT_EQ(s.password, "z");
    s = db::SplitPassword("postgresql://dv@db/dangvu");
    EXPECT_EQ(s.url, "postgresql://dv@db/dangvu");
    EXPECT_EQ(s.password, "");
}

// A scratch directory and, on PostgreSQL, an empty database to restore into.
class Scratch {
public:
    explicit Scratch(const std::string& engine) {
        std::random_device rd;
        std::string suffix = std::to_string(rd()) + std::to_string(::getpid());
        dir_ = fs::temp_directory_path() / ("dv-backup-" + suffix);
        fs::create_directories(dir_);
        if (engine == "sqlite") {
            target_url_ = (dir_ / "restored" / "dangvu.db").string();
        } else {
            std::string base = std::getenv("DANGVU_TEST_PG");
            pg_name_ = "dv_unit_restore_" + suffix;
            db::Open(base)->Exec("CREATE DATABASE " + pg_name_);
            target_url_ = base.substr(0, base.rfind('/') + 1) + pg_name_;
        }
    }
    ~Scratch() {
        fs::remove_all(dir_);
        if (!pg_name_.empty()) {
            try {
                db::Open(std::getenv("DANGVU_TEST_PG"))->Exec("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
            } catch (...) {
            }
        }
    }
    const fs::path& dir() const { return dir_; }
    const std::string& target_url() const { return target_url_; }

private:
    fs::path dir_;
    std::string target_url_;
    std::string pg_name_;
};

class BackupRestore : public ::testing::TestWithParam<std::string> {};

void WriteFile(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

TEST_P(BackupRestore, RestoresTheSnapshotAndRefusesDataOrDamage) {
    testing::TestDb source(GetParam());
    Scratch scratch(GetParam());
    const fs::path files = scratch.dir() / "files";
    const std::string scan = "%PDF-1.4\n% bản scan\n%%EOF\n";
    const std::string sha = crypto::Sha256Hex(scan);
    WriteFile(files / FileRelativePath(sha), scan);
    WriteFile(files / "zz" / "not-referenced", "stray");  // left out: the database does not list it
    source.conn().Exec("INSERT INTO stored_files (sha256, size, created_at) VALUES (?, ?, ?)",
                       {sha, static_cast<int64_t>(scan.size()), int64_t{1}});
    audit::Append(source.conn(), audit::Actor{}, 1, "test.backup", "test", 1, std::nullopt, nullptr,
                  boost::json::object{{"ok", true}});

    Options opt{source.url(), files.string(), "test", 1'796'000'000'000, {}};
    const std::string archive = (scratch.dir() / "b.zip").string();
    auto made = Backup(opt, archive);
    ASSERT_TRUE(made.ok()) << made.error().message;
    ASSERT_EQ(made->manifest.parts.size(), 2u);
    EXPECT_EQ(made->manifest.parts[1].name, FilePartName(sha));
    EXPECT_EQ(made->manifest.engine, GetParam());
    EXPECT_GT(made->manifest.schema_version, 0);
    EXPECT_TRUE(Backup(opt, archive).error().IsConflict());  // never overwritten

    // Into the source itself: it has tables.
    auto into_source = Restore(opt, archive);
    ASSERT_FALSE(into_source.ok());
    EXPECT_TRUE(into_source.error().IsConflict()) << into_source.error().message;

    // A damaged copy: one byte of the stored file's data changed.
    const std::string bytes = ReadFile(archive);
    const size_t at = bytes.find("bản scan");
    ASSERT_NE(at, std::string::npos);
    std::string damaged_bytes = bytes;
    damaged_bytes[at] ^= 1;
    const std::string damaged = (scratch.dir() / "damaged.zip").string();
    WriteFile(damaged, damaged_bytes);
    Options target{scratch.target_url(), (scratch.dir() / "restored-files").string(), "test", 0, {}};
    auto refused = Restore(target, damaged);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find(FilePartName(sha)), std::string::npos) << refused.error().message;
    EXPECT_FALSE(fs::exists(target.files_dir));
    if (GetParam() == "sqlite") {
        EXPECT_FALSE(fs::exists(scratch.target_url()));
    } else {
        EXPECT_EQ(store::CountTables(*db::Open(scratch.target_url())), 0);
    }

    // Into the other engine: refused before the target is even opened.
    Options other = target;
    other.db_url = GetParam() == "sqlite" ? "postgresql://nobody@127.0.0.1:1/none" : "/nonexistent/dangvu.db";
    auto cross = Restore(other, archive);
    ASSERT_FALSE(cross.ok());
    EXPECT_EQ(cross.error().code, ErrorCode::kUnsupported) << cross.error().message;

    auto restored = Restore(target, archive);
    ASSERT_TRUE(restored.ok()) << restored.error().message;
    EXPECT_EQ(restored->audit_rows, 1);
    EXPECT_EQ(ReadFile(fs::path(target.files_dir) / FileRelativePath(sha)), scan);
    EXPECT_FALSE(fs::exists(fs::path(target.files_dir) / "zz"));
    auto conn = db::Open(scratch.target_url());
    EXPECT_EQ(conn->QueryOne("SELECT action FROM audit_log")->Text(0), "test.backup");
    conn.reset();
    // Now the target holds data: a second restore is refused.
    EXPECT_TRUE(Restore(target, archive).error().IsConflict());
}

TEST_P(BackupRestore, AMissingStoredFileFailsTheBackup) {
    testing::TestDb source(GetParam());
    Scratch scratch(GetParam());
    source.conn().Exec("INSERT INTO stored_files (sha256, size, created_at) VALUES (?, 1, 1)", {kShaB});
    Options opt{source.url(), (scratch.dir() / "files").string(), "test", 0, {}};
    const std::string archive = (scratch.dir() / "b.zip").string();
    auto r = Backup(opt, archive);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().IsNotFound());
    EXPECT_NE(r.error().message.find(FileRelativePath(kShaB)), std::string::npos) << r.error().message;
    EXPECT_FALSE(fs::exists(archive));
    for (const auto& e : fs::directory_iterator(scratch.dir())) {
        ADD_FAILURE() << "left behind: " << e.path();
    }
}

TEST(PgTools, AFailureIsOneLineFromTheTool) {
    const char* pg = std::getenv("DANGVU_TEST_PG");
    if (pg == nullptr || *pg == '\0') GTEST_SKIP() << "DANGVU_TEST_PG is not set";
    auto r = PgDump(pg, "no-such-snapshot", (fs::temp_directory_path() / "dv-never-written.pgdump").string());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.rfind("pg_dump: ", 0), 0u) << r.error().message;
    EXPECT_NE(r.error().message.find("snapshot"), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
    EXPECT_FALSE(fs::exists(fs::temp_directory_path() / "dv-never-written.pgdump"));
}

INSTANTIATE_TEST_SUITE_P(Engines, BackupRestore, ::testing::ValuesIn(testing::Engines()));

}  // namespace
}  // namespace dv::backup
