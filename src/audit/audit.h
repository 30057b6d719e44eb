// audit: the hash-chained log of every mutation. Append() runs inside the caller's transaction,
// so a mutation and its audit row commit or roll back together.
//
// Chain: row n stores prev_hash = hash of row n-1 (64 zeros for row 1) and
// hash = SHA-256(canonical JSON of its own fields + prev_hash). Ids are gapless 1..N, taken from
// audit_head, whose single row is updated first: that row lock orders concurrent appenders on
// PostgreSQL, as SQLite's database write lock does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "auth/scope.h"
#include "db/db.h"

namespace dv::audit {

// Who did it: a signed-in user, or the operator at the command line (user_id 0, "system").
struct Actor {
    int64_t user_id = 0;
    std::string username = "system";
    std::string ip;
};

struct Entry {
    int64_t id = 0;
    int64_t at = 0;
    std::optional<int64_t> user_id;
    std::string username;
    std::string ip;
    std::string action;       // "user.create"
    std::string entity_type;  // "user"
    std::optional<int64_t> entity_id;
    std::optional<int64_t> org_id;
    std::optional<std::string> before_json;
    std::optional<std::string> after_json;
    std::string prev_hash;
    std::string hash;
    std::string org_name;  // filled by List
    // Filled by List: whether the reader may see the personal identifiers in before/after (see present.h).
    bool identifiers_visible = false;
};

// Appends one entry. `before`/`after` are the entity's state as JSON (null when absent).
void Append(db::Connection& conn, const Actor& actor, int64_t at, std::string_view action,
            std::string_view entity_type, std::optional<int64_t> entity_id, std::optional<int64_t> org_id,
            const boost::json::value& before, const boost::json::value& after);

// The hash an entry must have, from its fields and prev_hash.
std::string ComputeHash(const Entry& e);

struct VerifyReport {
    bool ok = true;
    int64_t rows = 0;
    int64_t first_bad_id = 0;  // the first row that was edited, inserted or deleted by hand
    std::string problem;      // one readable line
};

// Walks the whole chain in id order.
VerifyReport Verify(db::Connection& conn);

struct Filter {
    std::string username;     // exact match, empty: any
    std::string action;       // exact match ("member.transfer"), empty: any
    std::string entity_type;  // empty: any
    std::optional<int64_t> org_id;          // entries of this organization and the units under it
    std::optional<int64_t> from_at, to_at;  // [from, to) in ms
    std::optional<int64_t> before_id;       // paging: entries with id < before_id
    int limit = 50;
};

// Entries the scope may read (kReadAudit), newest first. Entries tied to no organization are
// visible to those whose grant is on a root of the tree. identifiers_visible is set on entries of
// organizations where the scope manages accounts (kManageUsers: admins), the rule in present.h.
std::vector<Entry> List(db::Connection& conn, const auth::Scope& scope, const Filter& filter);

}  // namespace dv::audit
