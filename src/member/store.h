// member store: the only SQL over members and member_placements. Reads take the caller's scope.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/scope.h"
#include "db/db.h"
#include "member/model.h"

namespace dv::member::store {

std::optional<Member> Get(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id);
// Unscoped: for the member's own account and for checks inside a write transaction.
std::optional<Member> GetAny(db::Connection& conn, int64_t id);
// A name search counts its matches up to this many; past it the page says "more than 1,000" (`capped`)
// and is read in rank order without ranking every match (migration 0018).
constexpr int64_t kSearchCountCap = 1000;
struct Page {
    std::vector<Member> members;
    int64_t total = 0;     // every match in scope, or kSearchCountCap when `capped`
    bool capped = false;   // a name search with more than kSearchCountCap matches
};
// Members where `p` is allowed, in Vietnamese name order (given name first). `today` anchors ages.
// With `f.q` (folded: vn::Fold) the names holding every word of it, the last word as a prefix when it has
// two letters or more, read through the name index of migration 0014; ranked the full name as typed first,
// then the given name equal to the last word, then the rest, each in name order. A query with no letter or
// digit finds nobody. `total` counts every match in scope, up to kSearchCountCap (then `capped`); the
// order and the pages are the same either side of the cap.
Page List(db::Connection& conn, const auth::Scope& scope, auth::Permission p, const Filter& f,
          const std::string& today);
// Sets the cap for tests (kSearchCountCap again to undo); not thread-safe.
void TEST_SetSearchCountCap(int64_t cap);
std::vector<Placement> Placements(db::Connection& conn, int64_t member_id);
bool CardNumberTaken(db::Connection& conn, const std::string& card, int64_t except_id);
// A member other than `except_id` (anywhere, any status) recorded with this folded name (vn::Fold) and birth
// date: the import's duplicate-person rule for a row without a card number, which the API follows on create
// and update. Reads the index members_person (migration 0016).
bool PersonTaken(db::Connection& conn, const std::string& name_folded, const std::string& birth_date,
                 int64_t except_id = 0);
// PersonTaken's query (its plan is checked in member_test).
inline constexpr const char* kSelectPerson =
    "SELECT 1 FROM members WHERE name_folded = ? AND birth_date = ? AND id <> ? LIMIT 1";
// The member record linked to an account, if any.
std::optional<int64_t> MemberOfUser(db::Connection& conn, int64_t user_id);

// Writes: the caller holds a write transaction. Insert and Update keep the name index (migration 0014).
int64_t Insert(db::Connection& conn, const Member& m, int64_t now);
void Update(db::Connection& conn, const Member& m, int64_t now);
// Adds members `ids` (inserted in this transaction by a bulk path: import, gen) to the name index. The
// SQLite index is kept by the stores, once per batch; PostgreSQL's is an expression index kept by itself.
void IndexNames(db::Connection& conn, const std::vector<int64_t>& ids);
// The same for the members with first_id <= id <= last_id.
void IndexNames(db::Connection& conn, int64_t first_id, int64_t last_id);
void OpenPlacement(db::Connection& conn, int64_t member_id, int64_t org_id, const std::string& from,
                   const std::string& reason, const std::string& note);
void ClosePlacement(db::Connection& conn, int64_t member_id, const std::string& to);
std::optional<std::string> CurrentPlacementStart(db::Connection& conn, int64_t member_id);
int64_t CountActive(db::Connection& conn, int64_t org_id);
// Moves one member to `to_org` from `date` as part of a reorganization (a split).
void MoveOne(db::Connection& conn, int64_t member_id, int64_t to_org, const std::string& date, int64_t now);
// Id and name of the active members whose cell is `org_id`, in name order.
std::vector<std::pair<int64_t, std::string>> ActiveOf(db::Connection& conn, int64_t org_id);
// Moves every active member of `from_org` to `to_org` from `date` (a merge); returns how many.
int64_t MoveAll(db::Connection& conn, int64_t from_org, int64_t to_org, const std::string& date, int64_t now);

}  // namespace dv::member::store
