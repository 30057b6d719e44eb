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
// The same restriction checked row by row: " AND EXISTS (SELECT 1 FROM org_tree … WHERE descendant_id =
// <column> AND ancestor_id IN (?, …))", one probe of org_tree_descendant per row. For reads that another
// index drives and that stop early (a name search walks the name index until its page is full): the IN
// form makes SQLite first build the set of every organization in the caller's subtrees, 50 ms at 250,000
// organizations, whatever the rows read.
std::string SubtreeCheck(const Scope& scope, Permission p, std::string_view column, db::Params& params);

}  // namespace dv::auth
