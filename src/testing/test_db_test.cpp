// test_db: the helper itself, compiled only into the test binary (the *_test.cpp glob).
#include "testing/test_db.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "db/migrate.h"
#include "features/features.h"

namespace dv::testing {

std::vector<std::string> Engines() {
    std::vector<std::string> out{"sqlite"};
    if (const char* pg = std::getenv("DANGVU_TEST_PG"); pg && *pg) out.emplace_back("postgres");
    return out;
}

TestDb::TestDb(const std::string& engine) : engine_(engine) {
    features::Connect();  // the features' reactions, as main() installs them
    std::random_device rd;
    std::string suffix = std::to_string(rd()) + std::to_string(::getpid());
    if (engine == "sqlite") {
        dir_ = (std::filesystem::temp_directory_path() / ("dv-unit-" + suffix)).string();
        std::filesystem::create_directories(dir_);
        url_ = dir_ + "/test.db";
    } else {
        std::string base = std::getenv("DANGVU_TEST_PG");
        pg_name_ = "dv_unit_" + suffix;
        auto admin = db::Open(base);
        admin->Exec("CREATE DATABASE " + pg_name_);
        url_ = base.substr(0, base.rfind('/') + 1) + pg_name_;
    }
    conn_ = db::Open(url_);
    db::Migrate(*conn_, 1'700'000'000'000);
}

TestDb::~TestDb() {
    conn_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!pg_name_.empty()) {
        try {
            auto admin = db::Open(std::getenv("DANGVU_TEST_PG"));
            admin->Exec("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
        } catch (...) {
        }
    }
}

TEST(TestDb, EnginesAlwaysIncludeSqlite) { EXPECT_EQ(Engines().front(), "sqlite"); }

}  // namespace dv::testing
