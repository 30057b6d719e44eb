// org store: the only SQL over orgs and org_tree. Every read takes the caller's scope.
#pragma once

#include <optional>
#include <vector>

#include "auth/scope.h"
#include "db/db.h"
#include "org/model.h"

namespace dv::org::store {

// The organization, if it exists and lies in a subtree where `p` is allowed.
std::optional<Org> Get(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id);
// Every organization where `p` is allowed, in tree order (parents before children, siblings by name).
std::vector<Org> List(db::Connection& conn, const auth::Scope& scope, auth::Permission p);
std::vector<Org> Children(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id);
bool CodeExists(db::Connection& conn, const std::string& code);
// Inserts an organization and its closure rows. The caller holds a write transaction.
int64_t Insert(db::Connection& conn, std::optional<int64_t> parent_id, const std::string& code,
               const std::string& name, int64_t now);
int64_t Count(db::Connection& conn);
// The name of the first root organization (the bloc), for page headers; not scoped: every
// signed-in user and the log-in page show it.
std::optional<std::string> RootName(db::Connection& conn);
std::optional<int64_t> RootId(db::Connection& conn);

}  // namespace dv::org::store

namespace dv::org::store {
// Organizations whose name or code contains `q` (case-insensitive for ASCII letters), in scope.
std::vector<Org> Search(db::Connection& conn, const auth::Scope& scope, auth::Permission p, const std::string& q,
                        int limit);
}  // namespace dv::org::store
