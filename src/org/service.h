// org service: reading the tree (as of any date) within scope, adding organizations, and
// reorganizations as dated events (rename, move, retype, merge, dissolve), each audited.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "audit/audit.h"
#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"
#include "org/model.h"

namespace dv::org {

boost::json::object ToJson(const Org& o);
boost::json::object ToJson(const Version& v);
boost::json::object ToJson(const Event& e);

// kNotFound when missing or out of scope, for every role (a plain member reads no organization: no 403 that
// confirms it exists). List and Search answer kForbidden to roles that may not read organizations at all.
Result<Org> Get(db::Connection& conn, const auth::Scope& scope, int64_t id);
// The organization as it was on `date` ('YYYY-MM-DD'); kNotFound if it did not exist then.
Result<Org> GetAsOf(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& date);
// The tree: current (active organizations) when `as_of` is empty, else as it was on that date.
Result<std::vector<Org>> List(db::Connection& conn, const auth::Scope& scope,
                              const std::optional<std::string>& as_of = std::nullopt);
// The tree (as List) with member counts as of the date: `own` in the organization itself, `total`
// in its whole visible subtree.
struct TreeNode {
    Org org;
    int64_t own = 0;
    int64_t total = 0;
};
Result<std::vector<TreeNode>> Tree(db::Connection& conn, const auth::Scope& scope, const std::string& date,
                                   bool current);
// Tree without the counts (all zero): pages cut the tree first and count only what they show.
Result<std::vector<TreeNode>> TreeShape(db::Connection& conn, const auth::Scope& scope, const std::string& date,
                                        bool current);
// Fills `own` and `total` of the nodes from the roll-up facility (rollup_deltas as of `date`): one
// indexed range per node, whatever the size of its subtree.
void CountMembers(db::Connection& conn, std::vector<TreeNode>& nodes, const std::string& date);
// What a tree page shows of `nodes` (Tree's order): the subtree of `under` (all when none), depths
// counted from its top, cut at the deepest level that keeps at most `limit` nodes (at least one level
// below the top). `hidden` counts, for each shown node, its direct units that were cut: the page
// links those nodes to their own view instead. kNotFound when `under` is not among the nodes.
struct TreeWindow {
    std::vector<TreeNode> nodes;
    std::vector<int64_t> hidden;  // parallel to nodes
    bool cut = false;
};
Result<TreeWindow> Window(std::vector<TreeNode> nodes, std::optional<int64_t> under, size_t limit);
// Children on demand (the JSON tree): the subtree of `under` (all when none) down to `depth` levels
// below its top (all levels when none). `hidden` holds, for each node, how many direct units it has
// in the whole tree, shown or not, so a client knows which nodes to expand.
Result<TreeWindow> Descend(std::vector<TreeNode> nodes, std::optional<int64_t> under, std::optional<int> depth);
// The same two views read from the database as of `date` (`current`: the tree today). The current tree
// is read level by level from the tops, only as deep as the view goes: a page of a national tree reads
// the few thousand organizations it shows, not all 250,000 (active units always stand under active ones,
// so the caller's active granted roots are its tops). As of another date the whole visible tree then is
// read and cut (the closure table holds only today's tree; history views are rare). Counts not filled.
Result<TreeWindow> PageWindow(db::Connection& conn, const auth::Scope& scope, const std::string& date, bool current,
                              std::optional<int64_t> under, size_t limit);
Result<TreeWindow> DescendWindow(db::Connection& conn, const auth::Scope& scope, const std::string& date,
                                 bool current, std::optional<int64_t> under, std::optional<int> depth);
Result<std::vector<Org>> Children(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& date);
// Active organizations that hold members (cells) where the caller may write, in tree order; with
// `under`, only those in that organization's subtree.
std::vector<Org> WritableCells(db::Connection& conn, const auth::Scope& scope, std::optional<int64_t> under = std::nullopt);
// True when the caller may change organization `id` (pages show their edit links only then).
bool CanWrite(db::Connection& conn, const auth::Scope& scope, int64_t id);
Result<std::vector<Org>> Search(db::Connection& conn, const auth::Scope& scope, const std::string& q, int limit);

// ---- Reads for other features, which never include org/store.h. None of them fails: absence (or being
// out of scope) is for the caller to name.
// The organization (current state) if it exists and `p` over it lies in `scope`.
std::optional<Org> Find(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id);
// Organizations where `p` is allowed, in tree order (the current tree, active ones only).
std::vector<Org> ListWhere(db::Connection& conn, const auth::Scope& scope, auth::Permission p);
// True when `node` is `ancestor` or below it in the current tree.
bool IsInSubtree(db::Connection& conn, int64_t ancestor, int64_t node);
std::optional<OrgType> TypeOf(db::Connection& conn, const std::string& code);
// Ids of active organizations whose parent is `id`.
std::vector<int64_t> ActiveChildren(db::Connection& conn, int64_t id);
std::optional<int64_t> RootId(db::Connection& conn);
// Fills the folded names rows written before the column existed lack (`dangvu migrate`). Idempotent.
void FillFoldedNames(db::Connection& conn);

// ---- What organizations hold, provided by the features above (org/ includes none of them) ------------
// Reorganizations count, list and move the members placed in organizations (member/),
// and an organization that ends ends its committee's terms (committee/). Those features install their
// part once at start-up (features::Connect, before any request or command); calling a function that
// needs a part not installed is a programmer error (std::logic_error).
struct MemberHoldings {
    // Active members of a cell, (id, full name) in name order.
    std::vector<std::pair<int64_t, std::string>> (*active_of)(db::Connection& conn, int64_t org_id) = nullptr;
    int64_t (*count_active)(db::Connection& conn, int64_t org_id) = nullptr;
    // Moves every active member of `from_org` into `to_org` on `date` (merge); returns how many.
    int64_t (*move_all)(db::Connection& conn, int64_t from_org, int64_t to_org, const std::string& date,
                        int64_t now) = nullptr;
    // Moves one member into `to_org` on `date` (split).
    void (*move_one)(db::Connection& conn, int64_t member_id, int64_t to_org, const std::string& date,
                     int64_t now) = nullptr;
};
void SetMemberHoldings(const MemberHoldings& holdings);
// Called in the reorganization's transaction when organization `org_id` ends on `date` (merge, split,
// dissolution); returns how many records it ended.
using EndReaction = int (*)(db::Connection& conn, int64_t org_id, const std::string& date, const audit::Actor& actor,
                            int64_t now);
void SetEndReaction(EndReaction reaction);

struct History {
    std::vector<Version> versions;
    std::vector<Event> events;
};
Result<History> HistoryOf(db::Connection& conn, const auth::Scope& scope, int64_t id);
std::vector<OrgType> Types(db::Connection& conn);

// What a merge, split or dissolution of `id` would carry along: its active units and active members.
struct Impact {
    std::vector<Org> units;
    int64_t members = 0;
    struct Member {
        int64_t id = 0;
        std::string name;
    };
    std::vector<Member> member_list;  // the active members whose cell it is, in name order
};
Result<Impact> ImpactOf(db::Connection& conn, const auth::Scope& scope, int64_t id);

struct NewOrg {
    std::optional<int64_t> parent_id;  // none: a new root (system scope only)
    std::string code;
    std::string name;
    std::string type_code;   // org_types.code
    std::string founded_on;  // 'YYYY-MM-DD'; empty: today
    std::string decision;
};

// Whether any organization exists (ended ones too): an install is empty until `dangvu init`. One
// indexed look-up, cheap enough for every request.
bool HasAny(db::Connection& conn);
// The root organization's current name (the site's name in page titles); none on an empty install.
std::optional<std::string> RootName(db::Connection& conn);

// Validates and inserts, with its first version, its "create" event and its audit row, in one
// transaction. The parent must be writable in the caller's scope (else kNotFound, as for a
// missing parent) and active on the founding date.
Result<Org> Create(db::Connection& conn, const auth::Scope& scope, const NewOrg& in, const audit::Actor& actor,
                   int64_t now, const std::string& today);

struct Reorganization {
    std::string kind;          // rename, move, retype, merge, dissolve
    std::string effective_on;  // 'YYYY-MM-DD'; empty: today. Not in the future, not before the last change.
    std::string name;          // rename
    std::optional<int64_t> parent_id;  // move
    std::string type_code;             // retype
    std::optional<int64_t> into_id;    // merge: the organization that absorbs this one and its units
    std::string decision;              // the decision that ordered it
};

// Applies one reorganization to organization `id` as a dated event: the current version ends on
// the effective date and the new state starts then, so views "as of" an earlier date still show
// the organization as it was. Merge moves the units of the merged organization under the one it
// is merged into; dissolve refuses an organization that still has active units.
Result<Event> Reorganize(db::Connection& conn, const auth::Scope& scope, int64_t id, const Reorganization& in,
                         const audit::Actor& actor, int64_t now, const std::string& today);

// One organization a split creates, and what goes to it.
struct SplitPart {
    std::string code;
    std::string name;
    std::string type_code;          // empty: the split organization's type
    std::vector<int64_t> members;   // active members of the split organization that go here
    std::vector<int64_t> units;     // its active units that go here
};
struct Split {
    std::string effective_on;  // as for Reorganization
    std::vector<SplitPart> parts;
    std::string decision;
};
struct SplitResult {
    Event event;              // the split event of the organization that ended
    std::vector<Org> parts;   // the new organizations, in the order asked
};

// Splits organization `id` into two or more new organizations under the same parent, from the
// effective date: each active member and unit goes to the part that lists it, or to the first part
// when none does, so nobody is lost. The split organization ends that day (its committee terms
// too); views as of an earlier date still show it. Errors name the part: "parts[1].code".
Result<SplitResult> SplitOrg(db::Connection& conn, const auth::Scope& scope, int64_t id, const Split& in,
                             const audit::Actor& actor, int64_t now, const std::string& today);

}  // namespace dv::org
