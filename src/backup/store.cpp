// store: the backup's SQL on both engines.
#include "backup/store.h"

namespace dv::backup::store {

namespace {

constexpr const char* kVacuumInto = "VACUUM INTO ?";
constexpr const char* kBeginSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
constexpr const char* kExportSnapshot = "SELECT pg_export_snapshot()";
constexpr const char* kSqliteHasTable = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ?";
constexpr const char* kPostgresHasTable =
    "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?";
constexpr const char* kSqliteTables = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'";
constexpr const char* kPostgresTables =
    "SELECT COUNT(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')";
constexpr const char* kSchemaVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr const char* kStoredFiles = "SELECT sha256, size FROM stored_files ORDER BY sha256";

bool HasTable(db::Connection& conn, const char* name) {
    const char* sql = conn.engine() == db::Engine::kSqlite ? kSqliteHasTable : kPostgresHasTable;
    return conn.QueryOne(sql, {std::string(name)})->Int(0) > 0;
}

}  // namespace

void SqliteSnapshot(db::Connection& live, const std::string& dest) { live.Exec(kVacuumInto, {dest}); }

std::string BeginExportedSnapshot(db::Connection& conn) {
    conn.Exec(kBeginSnapshot);
    return conn.QueryOne(kExportSnapshot)->Text(0);
}

void EndSnapshot(db::Connection& conn) { conn.Rollback(); }

Contents Read(db::Connection& conn) {
    Contents c;
    if (HasTable(conn, "schema_migrations")) c.schema_version = static_cast<int>(conn.QueryOne(kSchemaVersion)->Int(0));
    if (HasTable(conn, "stored_files")) {
        for (const auto& row : conn.Query(kStoredFiles)) c.files.push_back({row.Text(0), row.Int(1)});
    }
    return c;
}

int64_t CountTables(db::Connection& conn) {
    return conn.QueryOne(conn.engine() == db::Engine::kSqlite ? kSqliteTables : kPostgresTables)->Int(0);
}

}  // namespace dv::backup::store
