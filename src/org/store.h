// org store: the only SQL over orgs, org_types, org_versions, org_events and the closure table
// org_tree. Every read for a request takes the caller's scope.
//
// orgs holds each organization's identity and its current state (name, parent, type), org_versions
// its dated history, org_tree the closure of the current parent links (for scopes). An ended
// organization's parent link points at its successor (merge) or its last parent, so the people
// responsible for that part of the tree keep seeing its history.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/scope.h"
#include "db/db.h"
#include "org/model.h"

namespace dv::org::store {

// The organization (current state), if it exists and lies where `p` is allowed.
std::optional<Org> Get(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id);
// Organizations where `p` is allowed, in tree order (parents before children, siblings by name).
// Without `as_of`: the current tree, active organizations only. With a date: the tree as it was.
std::vector<Org> List(db::Connection& conn, const auth::Scope& scope, auth::Permission p,
                      const std::optional<std::string>& as_of = std::nullopt);
// Direct units of `id` as of `date`, where `p` is allowed.
std::vector<Org> Children(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id,
                          const std::string& date);
// The organization as it was on `date` (its version then), if it existed then and is in scope.
std::optional<Org> GetAsOf(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id,
                           const std::string& date);
std::vector<Version> Versions(db::Connection& conn, int64_t org_id);
std::vector<Event> Events(db::Connection& conn, int64_t org_id);
std::vector<OrgType> Types(db::Connection& conn);
std::optional<OrgType> Type(db::Connection& conn, const std::string& code);
bool CodeExists(db::Connection& conn, const std::string& code);
// Ids of active organizations whose parent is `id`.
std::vector<int64_t> ActiveChildren(db::Connection& conn, int64_t id);
// True when `node` is `ancestor` or below it in the current tree.
bool IsInSubtree(db::Connection& conn, int64_t ancestor, int64_t node);

// The current tree level by level, for pages that show a few levels of a large tree (unordered; the
// service orders them). Active organizations without a parent.
std::vector<Org> ActiveRoots(db::Connection& conn);
// The organizations among `ids` (current state, active or not; no scope: the caller's ids are its grants).
std::vector<Org> Among(db::Connection& conn, const std::vector<int64_t>& ids);
// Active organizations whose parent is among `parents`.
std::vector<Org> ActiveChildrenOf(db::Connection& conn, const std::vector<int64_t>& parents);
// How many active organizations have their parent among `parents`, counting no further than `cap`.
int64_t CountActiveChildrenOf(db::Connection& conn, const std::vector<int64_t>& parents, int64_t cap);
// For each of `parents` with active direct units, how many it has.
std::unordered_map<int64_t, int64_t> ActiveChildCounts(db::Connection& conn, const std::vector<int64_t>& parents);
// Those of `ids` that lie strictly below another of them in the current tree.
std::vector<int64_t> BelowAnother(db::Connection& conn, const std::vector<int64_t>& ids);

// Writes. The caller holds a write transaction.
int64_t Insert(db::Connection& conn, std::optional<int64_t> parent_id, const std::string& code,
               const std::string& name, const std::string& type_code, const std::string& founded_on, int64_t now);
int64_t InsertEvent(db::Connection& conn, const Event& e, std::optional<int64_t> created_by);
// Ends the current version on `date` and starts a new one from `date` with these values.
void NewVersion(db::Connection& conn, int64_t org_id, const std::string& date, std::optional<int64_t> parent_id,
                const std::string& name, const std::string& type_code, int64_t event_id);
// Ends the current version on `date` with no successor version (merged, split or dissolved).
void EndVersions(db::Connection& conn, int64_t org_id, const std::string& date);
// Sets the current state columns of orgs; re-links the closure table when the parent changes.
void SetCurrent(db::Connection& conn, int64_t org_id, std::optional<int64_t> parent_id, const std::string& name,
                const std::string& type_code, const std::string& ended_on);
int64_t Count(db::Connection& conn);
// Fills name_folded where it is missing (rows written before the column existed). Idempotent.
void FillFoldedNames(db::Connection& conn);
// The name of the first root organization (the bloc), for page headers; not scoped: every
// signed-in user and the log-in page show it.
std::optional<std::string> RootName(db::Connection& conn);
std::optional<int64_t> RootId(db::Connection& conn);
// Organizations whose name contains `q` ignoring diacritics and case (đ matching d), or whose
// code contains it (ASCII case-insensitive), in scope.
std::vector<Org> Search(db::Connection& conn, const auth::Scope& scope, auth::Permission p, const std::string& q,
                        int limit);

}  // namespace dv::org::store
