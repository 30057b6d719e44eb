// scope_sql: the one SQL fragment that restricts a read to the caller's organization subtrees.
// Stores append it to their WHERE clauses; there is no other way to filter by scope.
#pragma once

#include <string>
#include <string_view>

#include "auth/scope.h"
#include "db/db.h"

namespace dv::auth {

// Returns " AND <column> IN (SELECT descendant_id FROM org_tree WHERE ancestor_id IN (?, …))"
// and appends the roots to `params`. The system scope gets no filter; a scope without the
// permission gets " AND 1 = 0". `column` is a constant of the calling store, never user input.
std::string SubtreeFilter(const Scope& scope, Permission p, std::string_view column, db::Params& params);

}  // namespace dv::auth
