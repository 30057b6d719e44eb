// sqlite: the SQLite engine behind db::Open; internal to src/db (stores use db.h only).
#pragma once

#include <memory>
#include <string>

#include "db/db.h"

namespace dv::db::internal {

// Opens (creating if missing) the database file at `path`, or an in-memory one for ":memory:".
// The parent directory must exist. Throws DbError kConnection if the file cannot be opened.
std::unique_ptr<Connection> OpenSqlite(const std::string& path);

}  // namespace dv::db::internal
