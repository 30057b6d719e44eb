// test_db: fresh, migrated databases for unit tests, on SQLite always and on PostgreSQL when
// DANGVU_TEST_PG names a server (scripts/test.sh starts one). Test-only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "db/db.h"

namespace dv::testing {

// "sqlite", plus "postgres" when DANGVU_TEST_PG is set: the values for INSTANTIATE_TEST_SUITE_P.
std::vector<std::string> Engines();

// A new empty database, migrated to the latest version, removed when destroyed.
class TestDb {
public:
    explicit TestDb(const std::string& engine);
    ~TestDb();
    db::Connection& conn() { return *conn_; }
    const std::string& url() const { return url_; }

private:
    std::string engine_;
    std::string url_;
    std::string dir_;      // SQLite: the temporary directory
    std::string pg_name_;  // PostgreSQL: the database name
    std::unique_ptr<db::Connection> conn_;
};

}  // namespace dv::testing
