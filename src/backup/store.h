// store: the backup's SQL, engine by engine — a consistent snapshot while the server writes, and what
// the snapshot holds (migration level, stored files). The only SQL of src/backup.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/db.h"

namespace dv::backup::store {

struct StoredFile {
    std::string sha256;
    int64_t size = 0;
};

struct Contents {
    int schema_version = 0;         // 0: never migrated
    std::vector<StoredFile> files;  // every stored file the database references, by SHA-256
};

// SQLite: writes a copy of the live database to `dest` (which must not exist) with VACUUM INTO. It reads
// in one read transaction, so the copy is one committed state, while the server's writers go on (WAL).
void SqliteSnapshot(db::Connection& live, const std::string& dest);

// PostgreSQL: opens a REPEATABLE READ, READ ONLY transaction on `conn` and exports its snapshot, for
// pg_dump --snapshot: pg_dump then sees exactly what Read(conn) sees until EndSnapshot.
std::string BeginExportedSnapshot(db::Connection& conn);
void EndSnapshot(db::Connection& conn);

// The migration level and stored files seen by `conn` (a snapshot's own connection, or the transaction
// of BeginExportedSnapshot). Tables a database has not been migrated to yet read as empty.
Contents Read(db::Connection& conn);

// User tables in the database (0 for an empty target of a restore).
int64_t CountTables(db::Connection& conn);

}  // namespace dv::backup::store
