// audit: the hash-chained log of every mutation. Append() runs inside the caller's transaction,
// so a mutation and its audit row commit or roll back together.
//
// Chain: row n stores prev_hash = hash of row n-1 (64 zeros for row 1) and
// hash = HMAC-SHA256(key, canonical JSON of its own fields + prev_hash), the key kept outside the database
// (audit/anchor.h), so whoever can only write the database cannot recompute the chain after an edit. Ids are
// gapless 1..N, taken from audit_head, whose single row is updated first: that row lock orders concurrent
// appenders on PostgreSQL, as SQLite's database write lock does. Truncation (the last rows deleted and the
// head reset) keeps a valid chain; checkpoints (seq, hash) written outside the database catch it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "auth/scope.h"
#include "core/result.h"
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

// Bulk writers in one long transaction (the demo seed: tens of thousands of audited writes): while a Batch
// lives, Appends made on this thread for `conn` number the rows from the head kept in memory (the head row
// locked at the first), and Finish writes the head once. PostgreSQL keeps every version of a row updated
// within one transaction, so updating the head per append makes each update slower than the last. Without
// Finish (an early return on an error) the transaction is expected to roll back. Finish checks the rows
// appended still form the chain (a savepoint rolled back after an append would leave a gap) and throws if not.
class Batch {
public:
    explicit Batch(db::Connection& conn);
    ~Batch();
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;
    void Finish();

private:
    db::Connection& conn_;
    void* outer_;
};

// The chain's key (raw bytes). The binary sets it once at start, from the key file (audit/anchor.h), before
// any thread appends; a process that sets none (unit tests) gets a random key of its own on first use.
void SetKey(std::string key);

// The hash an entry must have, from its fields and prev_hash, under the key.
std::string ComputeHash(const Entry& e);

// A point of the chain recorded outside the database: row `seq` had hash `hash` (seq 0: empty chain).
struct Checkpoint {
    int64_t seq = 0;
    std::string hash;
    int64_t at = 0;  // when it was written (ms), for messages
};

// The committed head: the last row's id and hash.
Checkpoint Head(db::Connection& conn);

struct VerifyReport {
    bool ok = true;
    int64_t rows = 0;
    int64_t first_bad_id = 0;  // the first row that was edited, inserted or deleted by hand
    std::string problem;      // one readable line
    int64_t anchored = 0;     // rows up to this one are covered by a checkpoint
    int64_t checkpoints = 0;  // checkpoints checked
};

// Walks the whole chain in id order, checking each row's keyed hash, and each checkpoint against the row it
// names: a checkpoint beyond the last row means rows were deleted from the end ("rows after #N missing"), one
// whose hash differs means that row was rewritten.
VerifyReport Verify(db::Connection& conn, const std::vector<Checkpoint>& checkpoints = {});

// Chains written before migration 0015 are hashed with plain SHA-256. Once, under the head's lock: checks
// that plain chain, then rehashes every row with the key and marks the head keyed. Returns the number of
// rows rehashed (0 when the chain was keyed already); kConflict naming the row when the plain chain is
// broken (it is left as it is: keying it would launder the edit).
Result<int64_t> KeyChain(db::Connection& conn);

// Whether the chain is keyed (false only before KeyChain ran on a pre-0015 chain).
bool IsKeyed(db::Connection& conn);

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
