// migrate: applies the versioned SQL files in migrations/ (embedded in the binary) in order,
// recording each in schema_migrations, each in its own transaction.
//
// File names: NNNN_name.sql for both engines; NNNN_name.sqlite.sql / NNNN_name.postgres.sql where
// the engines really differ. In the SQL, ${ID} expands to the engine's auto-increment key.
#pragma once

#include <string>
#include <vector>

#include "db/db.h"

namespace dv::db {

struct MigrationStatus {
    int version = 0;
    std::string name;
    bool applied = false;
    int64_t applied_at = 0;  // ms since epoch, when applied
};

// Applies what is pending; returns the versions applied. Throws DbError on failure (the failed
// migration's transaction is rolled back). Safe to call from several processes at once on
// PostgreSQL (an advisory lock serializes them); SQLite's write lock does the same there.
std::vector<int> Migrate(Connection& conn, int64_t now_ms);

std::vector<MigrationStatus> Status(Connection& conn);

// The highest migration version this binary carries (a backup newer than it cannot be restored by it).
int LatestVersion(Engine engine);

// The SQL of a migration file after ${...} expansion for the engine (exposed for tests).
std::string ExpandForEngine(std::string_view sql, Engine engine);

}  // namespace dv::db
