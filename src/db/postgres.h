// postgres: the PostgreSQL engine behind db::Open; internal to src/db (stores use db.h only).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "db/db.h"

namespace dv::db::internal {

// Connects with a libpq URL ("postgresql://user:pass@host:port/db?..."). Throws DbError kConnection,
// whose message carries the URL with its password hidden.
std::unique_ptr<Connection> OpenPostgres(const std::string& url);

// Turns each `?` placeholder into $1..$n in order, leaving alone those inside '...' / E'...' strings,
// "..." identifiers, -- line comments and (nested) /* */ comments.
std::string RewritePlaceholders(std::string_view sql);
// The same, also counting the placeholders into *count.
std::string RewritePlaceholders(std::string_view sql, int* count);

}  // namespace dv::db::internal
