// org service: reading the tree within scope and adding organizations (audited).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"
#include "org/model.h"

namespace dv::org {

boost::json::object ToJson(const Org& o);

// kForbidden when no grant allows reading organizations; kNotFound when missing or out of scope.
Result<Org> Get(db::Connection& conn, const auth::Scope& scope, int64_t id);
Result<std::vector<Org>> List(db::Connection& conn, const auth::Scope& scope);
Result<std::vector<Org>> Children(db::Connection& conn, const auth::Scope& scope, int64_t id);

Result<std::vector<Org>> Search(db::Connection& conn, const auth::Scope& scope, const std::string& q, int limit);

struct NewOrg {
    std::optional<int64_t> parent_id;  // none: a new root (system scope only)
    std::string code;
    std::string name;
};

// Validates and inserts, with its audit row, in one transaction. The parent must be writable
// in the caller's scope (out of scope: kNotFound, as for a missing parent).
Result<Org> Create(db::Connection& conn, const auth::Scope& scope, const NewOrg& in, const audit::Actor& actor,
                   int64_t now);

}  // namespace dv::org
