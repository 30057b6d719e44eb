// org service: rules for reading the tree and for reorganizing it.
#include "org/service.h"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "core/text.h"
#include "core/time.h"
#include "core/vn_text.h"
#include "org/store.h"
#include "rollup/rollup.h"

namespace dv::org {

namespace {

using auth::Permission;

MemberHoldings g_members;         // set once at start-up, read-only afterwards
EndReaction g_end_reaction = nullptr;

const MemberHoldings& Members() {
    if (!g_members.active_of) throw std::logic_error("org: member holdings not installed (features::Connect)");
    return g_members;
}

void EndOrg(db::Connection& conn, int64_t id, const std::string& date, const audit::Actor& actor, int64_t now) {
    if (!g_end_reaction) throw std::logic_error("org: end reaction not installed (features::Connect)");
    g_end_reaction(conn, id, date, actor, now);
}

boost::json::value OptJson(const std::optional<int64_t>& v) { return v ? boost::json::value(*v) : nullptr; }

// A date field: empty means `today`; otherwise a valid date, not after today.
// The organization a reorganization dated `date` applies to: writable by the caller, still active, and
// not changed after that date (history is only ever appended). Inside the caller's transaction.
Result<Org> Changeable(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& date) {
    auto org = store::Get(conn, scope, Permission::kWrite, id);
    if (!org) return Error::NotFound();
    if (!org->ended_on.empty()) return Error::Conflict("error.org_ended");
    auto versions = store::Versions(conn, id);
    if (!versions.empty() && date < versions.back().valid_from)
        return Error::InvalidField("effective_on", "before_last_change", "field.before_last_change");
    return *org;
}

// Why organization `id` cannot be changed: 403 when the caller sees it (an inspector), 404 when they do not
// (out of scope reads as absent, for every role: a plain member sees no organization).
Error NotWritable(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    return store::Get(conn, scope, Permission::kRead, id) ? Error::Forbidden() : Error::NotFound();
}

}  // namespace

const char* ToString(EventKind k) {
    switch (k) {
        case EventKind::kCreate: return "create";
        case EventKind::kRename: return "rename";
        case EventKind::kMove: return "move";
        case EventKind::kRetype: return "retype";
        case EventKind::kMerge: return "merge";
        case EventKind::kSplit: return "split";
        case EventKind::kDissolve: return "dissolve";
    }
    return "create";
}

std::optional<EventKind> ParseEventKind(std::string_view s) {
    for (EventKind k : {EventKind::kCreate, EventKind::kRename, EventKind::kMove, EventKind::kRetype, EventKind::kMerge,
                        EventKind::kSplit, EventKind::kDissolve})
        if (s == ToString(k)) return k;
    return std::nullopt;
}

boost::json::object ToJson(const Org& o) {
    boost::json::object j{{"id", o.id},           {"code", o.code},
                          {"name", o.name},       {"type", o.type_code},
                          {"type_name", o.type_name}, {"founded_on", o.founded_on}};
    j["parent_id"] = OptJson(o.parent_id);
    j["ended_on"] = o.ended_on.empty() ? boost::json::value(nullptr) : boost::json::value(o.ended_on);
    return j;
}

boost::json::object ToJson(const Version& v) {
    boost::json::object j{{"valid_from", v.valid_from}, {"name", v.name}, {"type", v.type_code},
                          {"parent_name", v.parent_name}};
    j["valid_to"] = v.valid_to.empty() ? boost::json::value(nullptr) : boost::json::value(v.valid_to);
    j["parent_id"] = OptJson(v.parent_id);
    j["event_id"] = OptJson(v.event_id);
    return j;
}

boost::json::object ToJson(const Event& e) {
    boost::system::error_code ec;
    boost::json::value details = boost::json::parse(e.details, ec);
    boost::json::object j{{"id", e.id},
                          {"kind", ToString(e.kind)},
                          {"effective_on", e.effective_on},
                          {"org_id", e.org_id},
                          {"details", ec ? boost::json::value(nullptr) : details}};
    j["decision"] = e.decision.empty() ? boost::json::value(nullptr) : boost::json::value(e.decision);
    j["target_id"] = OptJson(e.target_id);
    return j;
}

Result<Org> Get(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    if (!scope.AnyAllows(Permission::kRead)) return Error::NotFound();
    auto o = store::Get(conn, scope, Permission::kRead, id);
    if (!o) return Error::NotFound();
    return *o;
}

Result<Org> GetAsOf(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& date) {
    if (!scope.AnyAllows(Permission::kRead)) return Error::NotFound();
    auto o = store::GetAsOf(conn, scope, Permission::kRead, id, date);
    if (!o) return Error::NotFound();
    return *o;
}

Result<std::vector<Org>> List(db::Connection& conn, const auth::Scope& scope, const std::optional<std::string>& as_of) {
    if (!scope.AnyAllows(Permission::kRead)) return Error::Forbidden();
    return store::List(conn, scope, Permission::kRead, as_of);
}

Result<std::vector<TreeNode>> TreeShape(db::Connection& conn, const auth::Scope& scope, const std::string& date,
                                        bool current) {
    DV_ASSIGN_OR_RETURN(auto orgs, List(conn, scope, current ? std::nullopt : std::optional<std::string>(date)));
    std::vector<TreeNode> nodes;
    nodes.reserve(orgs.size());
    for (auto& o : orgs) nodes.push_back({std::move(o), 0, 0});
    return nodes;
}

void CountMembers(db::Connection& conn, std::vector<TreeNode>& nodes, const std::string& date) {
    std::vector<int64_t> ids;
    ids.reserve(nodes.size());
    for (const auto& n : nodes) ids.push_back(n.org.id);
    auto total = rollup::FigureOf(conn, ids, "members", date);
    auto own = rollup::FigureOf(conn, ids, "members.here", date);
    for (auto& n : nodes) {
        if (auto it = total.find(n.org.id); it != total.end()) n.total = it->second;
        if (auto it = own.find(n.org.id); it != own.end()) n.own = it->second;
    }
}

Result<std::vector<TreeNode>> Tree(db::Connection& conn, const auth::Scope& scope, const std::string& date,
                                   bool current) {
    DV_ASSIGN_OR_RETURN(auto nodes, TreeShape(conn, scope, date, current));
    CountMembers(conn, nodes, date);
    return nodes;
}

namespace {

// In tree order a subtree is its top and the nodes after it that lie deeper; depths from its top.
Result<std::vector<TreeNode>> SubtreeOf(std::vector<TreeNode> nodes, std::optional<int64_t> under) {
    if (!under) return nodes;
    auto top = std::find_if(nodes.begin(), nodes.end(), [&](const TreeNode& n) { return n.org.id == *under; });
    if (top == nodes.end()) return Error::NotFound();
    auto last = std::find_if(top + 1, nodes.end(), [&](const TreeNode& n) { return n.org.depth <= top->org.depth; });
    int base = top->org.depth;
    std::vector<TreeNode> sub(std::make_move_iterator(top), std::make_move_iterator(last));
    for (auto& n : sub) n.org.depth -= base;
    return sub;
}

}  // namespace

Result<TreeWindow> Descend(std::vector<TreeNode> nodes_in, std::optional<int64_t> under, std::optional<int> depth) {
    DV_ASSIGN_OR_RETURN(auto nodes, SubtreeOf(std::move(nodes_in), under));
    // Direct units of each node: its parent is the last node seen one level up.
    std::vector<int64_t> units(nodes.size(), 0);
    std::vector<size_t> last_at_depth;
    for (size_t i = 0; i < nodes.size(); ++i) {
        auto d = static_cast<size_t>(std::max(0, nodes[i].org.depth));
        if (d > 0 && d - 1 < last_at_depth.size()) ++units[last_at_depth[d - 1]];
        last_at_depth.resize(d + 1);
        last_at_depth[d] = i;
    }
    TreeWindow w;
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (depth && nodes[i].org.depth > *depth) {
            w.cut = true;
            continue;
        }
        w.nodes.push_back(std::move(nodes[i]));
        w.hidden.push_back(units[i]);
    }
    return w;
}

Result<TreeWindow> Window(std::vector<TreeNode> nodes_in, std::optional<int64_t> under, size_t limit) {
    DV_ASSIGN_OR_RETURN(auto nodes, SubtreeOf(std::move(nodes_in), under));
    std::map<int, size_t> per_depth;
    for (const auto& n : nodes) ++per_depth[n.org.depth];
    int max_depth = std::numeric_limits<int>::max();
    size_t shown = 0;
    for (auto& [depth, count] : per_depth) {
        if (shown + count > limit && depth > 1) {
            max_depth = depth - 1;
            break;
        }
        shown += count;
    }
    TreeWindow w;
    w.cut = max_depth != std::numeric_limits<int>::max();
    size_t parent_at_cut = SIZE_MAX;  // the last shown node on the deepest shown level
    for (auto& n : nodes) {
        if (n.org.depth > max_depth) {
            if (n.org.depth == max_depth + 1 && parent_at_cut != SIZE_MAX) ++w.hidden[parent_at_cut];
            continue;
        }
        if (n.org.depth == max_depth) parent_at_cut = w.nodes.size();
        w.nodes.push_back(std::move(n));
        w.hidden.push_back(0);
    }
    return w;
}

namespace {

// Where a view of the current tree starts: `under` alone, or the caller's visible tops (their active
// granted roots that lie under no other of them; the whole tree's active roots for the system).
Result<std::vector<Org>> CurrentTops(db::Connection& conn, const auth::Scope& scope, std::optional<int64_t> under) {
    if (!scope.AnyAllows(Permission::kRead)) return Error::Forbidden();
    if (under) {
        auto o = store::Get(conn, scope, Permission::kRead, *under);
        if (!o || !o->ended_on.empty()) return Error::NotFound();
        o->parent_name.clear();
        return std::vector<Org>{std::move(*o)};
    }
    if (scope.is_system()) return store::ActiveRoots(conn);
    auto roots = scope.Roots(Permission::kRead);
    std::sort(roots.begin(), roots.end());
    roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
    auto below = store::BelowAnother(conn, roots);
    std::erase_if(roots, [&](int64_t id) { return std::find(below.begin(), below.end(), id) != below.end(); });
    auto tops = store::Among(conn, roots);
    // An ended organization has no active units (they move or end first), so it adds nothing.
    std::erase_if(tops, [](const Org& o) { return !o.ended_on.empty(); });
    return tops;
}

std::vector<int64_t> IdsOf(const std::vector<Org>& level) {
    std::vector<int64_t> ids;
    ids.reserve(level.size());
    for (const auto& o : level) ids.push_back(o.id);
    return ids;
}

// Levels read top down, put in tree order: depth first from the tops, siblings by name (as store::List).
std::vector<TreeNode> InTreeOrder(std::vector<std::vector<Org>> levels) {
    std::unordered_map<int64_t, std::vector<Org*>> children;
    std::unordered_map<const Org*, std::string> keys;
    for (size_t d = 0; d < levels.size(); ++d)
        for (auto& o : levels[d]) {
            o.depth = static_cast<int>(d);
            keys.emplace(&o, vn::CollationKey(o.name));
            if (d > 0 && o.parent_id) children[*o.parent_id].push_back(&o);
        }
    auto by_name = [&](const Org* a, const Org* b) { return keys.at(a) < keys.at(b); };
    std::vector<Org*> tops;
    if (!levels.empty())
        for (auto& o : levels[0]) tops.push_back(&o);
    std::sort(tops.begin(), tops.end(), by_name);
    std::vector<TreeNode> out;
    std::vector<Org*> stack(tops.rbegin(), tops.rend());
    while (!stack.empty()) {
        Org* o = stack.back();
        stack.pop_back();
        auto it = children.find(o->id);
        out.push_back({std::move(*o), 0, 0});
        if (it == children.end()) continue;
        std::sort(it->second.begin(), it->second.end(), by_name);
        stack.insert(stack.end(), it->second.rbegin(), it->second.rend());
    }
    return out;
}

// The window of levels read top down: the nodes in tree order, each with its count from `counts` (0 when absent).
TreeWindow WindowOf(std::vector<std::vector<Org>> levels, const std::unordered_map<int64_t, int64_t>& counts,
                    bool cut) {
    TreeWindow w;
    w.cut = cut;
    w.nodes = InTreeOrder(std::move(levels));
    w.hidden.reserve(w.nodes.size());
    for (const auto& n : w.nodes) {
        auto it = counts.find(n.org.id);
        w.hidden.push_back(it == counts.end() ? 0 : it->second);
    }
    return w;
}

}  // namespace

Result<TreeWindow> PageWindow(db::Connection& conn, const auth::Scope& scope, const std::string& date, bool current,
                              std::optional<int64_t> under, size_t limit) {
    if (!current) {
        DV_ASSIGN_OR_RETURN(auto all, TreeShape(conn, scope, date, current));
        return Window(std::move(all), under, limit);
    }
    DV_ASSIGN_OR_RETURN(auto tops, CurrentTops(conn, scope, under));
    std::vector<std::vector<Org>> levels{std::move(tops)};
    size_t shown = levels[0].size();
    std::unordered_map<int64_t, int64_t> hidden;
    bool cut = false;
    for (int depth = 1; !levels.back().empty(); ++depth) {
        auto parents = IdsOf(levels.back());
        // Levels 0 and 1 always show; a deeper one only when it fits (counted no further than needed).
        if (depth > 1) {
            auto room = static_cast<int64_t>(limit) - static_cast<int64_t>(shown);
            auto below = store::CountActiveChildrenOf(conn, parents, std::max<int64_t>(room, 0) + 1);
            if (below == 0) break;
            if (below > room) {
                hidden = store::ActiveChildCounts(conn, parents);
                cut = true;
                break;
            }
        }
        auto next = store::ActiveChildrenOf(conn, parents);
        shown += next.size();
        levels.push_back(std::move(next));
    }
    return WindowOf(std::move(levels), hidden, cut);
}

Result<TreeWindow> DescendWindow(db::Connection& conn, const auth::Scope& scope, const std::string& date,
                                 bool current, std::optional<int64_t> under, std::optional<int> depth) {
    if (!current) {
        DV_ASSIGN_OR_RETURN(auto all, TreeShape(conn, scope, date, current));
        return Descend(std::move(all), under, depth);
    }
    DV_ASSIGN_OR_RETURN(auto tops, CurrentTops(conn, scope, under));
    std::vector<std::vector<Org>> levels{std::move(tops)};
    std::unordered_map<int64_t, int64_t> units;  // direct units of every node shown
    bool cut = false;
    for (int d = 1; !levels.back().empty(); ++d) {
        auto parents = IdsOf(levels.back());
        if (depth && d > *depth) {
            units = store::ActiveChildCounts(conn, parents);
            cut = !units.empty();
            break;
        }
        levels.push_back(store::ActiveChildrenOf(conn, parents));
    }
    for (size_t d = 1; d < levels.size(); ++d)
        for (const auto& o : levels[d])
            if (o.parent_id) ++units[*o.parent_id];
    return WindowOf(std::move(levels), units, cut);
}

Result<std::vector<Org>> Children(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& date) {
    if (!scope.AnyAllows(Permission::kRead)) return Error::NotFound();
    return store::Children(conn, scope, Permission::kRead, id, date);
}

std::vector<Org> WritableCells(db::Connection& conn, const auth::Scope& scope, std::optional<int64_t> under) {
    if (!scope.AnyAllows(Permission::kWrite)) return {};
    std::unordered_map<std::string, bool> holds;
    for (const auto& t : store::Types(conn)) holds[t.code] = t.holds_members;
    std::vector<Org> out;
    for (auto& o : store::List(conn, scope, Permission::kWrite)) {
        if (!holds[o.type_code]) continue;
        if (under && !store::IsInSubtree(conn, *under, o.id)) continue;
        out.push_back(std::move(o));
    }
    return out;
}

bool CanWrite(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    return scope.AnyAllows(Permission::kWrite) && store::Get(conn, scope, Permission::kWrite, id).has_value();
}

Result<std::vector<Org>> Search(db::Connection& conn, const auth::Scope& scope, const std::string& q, int limit) {
    if (!scope.AnyAllows(Permission::kRead)) return Error::Forbidden();
    std::string needle(text::Trim(q));
    if (needle.empty()) return std::vector<Org>{};
    return store::Search(conn, scope, Permission::kRead, needle, limit);
}

Result<History> HistoryOf(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    DV_TRY(Get(conn, scope, id));
    return History{store::Versions(conn, id), store::Events(conn, id)};
}

std::vector<OrgType> Types(db::Connection& conn) { return store::Types(conn); }

Result<Impact> ImpactOf(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    if (!scope.AnyAllows(Permission::kWrite) || !store::Get(conn, scope, Permission::kWrite, id))
        return NotWritable(conn, scope, id);
    Impact impact;
    for (int64_t child : store::ActiveChildren(conn, id))
        if (auto c = store::Get(conn, auth::Scope::System(), Permission::kRead, child)) impact.units.push_back(*c);
    for (auto& [member_id, name] : Members().active_of(conn, id)) impact.member_list.push_back({member_id, name});
    impact.members = static_cast<int64_t>(impact.member_list.size());
    return impact;
}

void SetMemberHoldings(const MemberHoldings& holdings) { g_members = holdings; }

void SetEndReaction(EndReaction reaction) { g_end_reaction = reaction; }

std::optional<Org> Find(db::Connection& conn, const auth::Scope& scope, Permission p, int64_t id) {
    return store::Get(conn, scope, p, id);
}

std::vector<Org> ListWhere(db::Connection& conn, const auth::Scope& scope, Permission p) {
    return store::List(conn, scope, p);
}

bool IsInSubtree(db::Connection& conn, int64_t ancestor, int64_t node) {
    return store::IsInSubtree(conn, ancestor, node);
}

std::optional<OrgType> TypeOf(db::Connection& conn, const std::string& code) { return store::Type(conn, code); }

std::vector<int64_t> ActiveChildren(db::Connection& conn, int64_t id) { return store::ActiveChildren(conn, id); }

std::optional<int64_t> RootId(db::Connection& conn) { return store::RootId(conn); }

void FillFoldedNames(db::Connection& conn) { store::FillFoldedNames(conn); }

bool HasAny(db::Connection& conn) { return store::RootId(conn).has_value(); }

std::optional<std::string> RootName(db::Connection& conn) { return store::RootName(conn); }

Result<Org> Create(db::Connection& conn, const auth::Scope& scope, const NewOrg& in, const audit::Actor& actor,
                   int64_t now, const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite))
        return in.parent_id ? NotWritable(conn, scope, *in.parent_id) : Error::Forbidden();
    std::vector<FieldError> errors;
    std::string code(text::Trim(in.code));
    std::string name(text::Trim(in.name));
    if (code.empty()) {
        errors.push_back({"code", "required", "field.required"});
    } else if (code.size() > 32) {
        errors.push_back({"code", "too_long", "field.too_long"});
    }
    if (name.empty()) {
        errors.push_back({"name", "required", "field.required"});
    } else if (text::Utf8Length(name) > 200) {
        errors.push_back({"name", "too_long", "field.too_long"});
    }
    if (!in.parent_id && !scope.is_system()) errors.push_back({"parent_id", "required", "field.required"});
    if (in.type_code.empty()) {
        errors.push_back({"type", "required", "field.required"});
    } else if (!store::Type(conn, in.type_code)) {
        errors.push_back({"type", "invalid_choice", "field.invalid_choice"});
    }
    auto founded = time::PastOrToday(in.founded_on, today, "founded_on", errors);
    if (!errors.empty()) return Error::Invalid(errors);

    db::Transaction tx(conn);
    // The first version starts on the founding date, or, for an organization older than its
    // current parent (a unit placed under a committee founded after it, as a first import of a
    // bloc's tree gives), on the day the parent's own history starts: before that, the as-of
    // views do not show it, since what it stood under then is not known here.
    std::string history_from = *founded;
    if (in.parent_id) {
        auto parent = store::GetAsOf(conn, scope, Permission::kWrite, *in.parent_id, *founded);
        if (!parent) {
            auto current = store::Get(conn, scope, Permission::kWrite, *in.parent_id);
            if (!current || !current->ended_on.empty()) return Error::NotFound();
            auto versions = store::Versions(conn, *in.parent_id);
            if (versions.empty() || versions.front().valid_from <= *founded) return Error::NotFound();
            history_from = versions.front().valid_from;
        }
    }
    if (store::CodeExists(conn, code)) return Error::Conflict("error.conflict", {{"code", "taken", "field.code_taken"}});
    Org o;
    o.id = store::Insert(conn, in.parent_id, code, name, in.type_code, *founded, now);
    Event e;
    e.kind = EventKind::kCreate;
    e.effective_on = *founded;
    e.org_id = o.id;
    e.target_id = in.parent_id;
    e.details = boost::json::serialize(boost::json::object{{"name", name}, {"type", in.type_code}});
    e.decision = std::string(text::Trim(in.decision));
    e.created_at = now;
    int64_t event_id = store::InsertEvent(conn, e, actor.user_id ? std::optional<int64_t>(actor.user_id) : std::nullopt);
    store::NewVersion(conn, o.id, history_from, in.parent_id, name, in.type_code, event_id);
    rollup::Change::NewOrgs(conn, {o.id}).Apply();
    o = *store::Get(conn, auth::Scope::System(), Permission::kRead, o.id);
    audit::Append(conn, actor, now, "org.create", "org", o.id, o.id, nullptr, ToJson(o));
    tx.Commit();
    return o;
}

Result<Event> Reorganize(db::Connection& conn, const auth::Scope& scope, int64_t id, const Reorganization& in,
                         const audit::Actor& actor, int64_t now, const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite)) return NotWritable(conn, scope, id);
    std::vector<FieldError> errors;
    auto kind = ParseEventKind(in.kind);
    if (!kind || *kind == EventKind::kCreate || *kind == EventKind::kSplit) {
        errors.push_back({"kind", in.kind.empty() ? "required" : "invalid_choice",
                          in.kind.empty() ? "field.required" : "field.invalid_choice"});
    }
    auto date = time::PastOrToday(in.effective_on, today, "effective_on", errors);
    std::string name(text::Trim(in.name));
    if (kind == EventKind::kRename) {
        if (name.empty()) errors.push_back({"name", "required", "field.required"});
        else if (text::Utf8Length(name) > 200) errors.push_back({"name", "too_long", "field.too_long"});
    }
    if (kind == EventKind::kMove && !in.parent_id) errors.push_back({"parent_id", "required", "field.required"});
    if (kind == EventKind::kMerge && !in.into_id) errors.push_back({"into_id", "required", "field.required"});
    if (kind == EventKind::kRetype) {
        if (in.type_code.empty()) errors.push_back({"type", "required", "field.required"});
        else if (!store::Type(conn, in.type_code)) errors.push_back({"type", "invalid_choice", "field.invalid_choice"});
    }
    if (!errors.empty()) return Error::Invalid(errors);

    db::Transaction tx(conn);
    DV_ASSIGN_OR_RETURN(Org org, Changeable(conn, scope, id, *date));
    boost::json::object before = ToJson(org);
    // A rename or retype changes no figure; the others move the subtree's figures from the date on.
    std::optional<rollup::Change> figures;
    if (*kind == EventKind::kMove || *kind == EventKind::kMerge || *kind == EventKind::kDissolve)
        figures.emplace(rollup::Change::Subtree(conn, id));

    Event e;
    e.kind = *kind;
    e.effective_on = *date;
    e.org_id = id;
    e.decision = std::string(text::Trim(in.decision));
    e.created_at = now;
    std::optional<int64_t> created_by = actor.user_id ? std::optional<int64_t>(actor.user_id) : std::nullopt;
    Org after = org;
    boost::json::object details;

    // An organization named by id in the request must be active, writable by the caller, and not
    // this organization or one of its own units (which would make a cycle).
    auto other = [&](int64_t other_id) -> Result<Org> {
        auto o = store::Get(conn, scope, Permission::kWrite, other_id);
        if (!o) return Error::NotFound();
        if (!o->ended_on.empty()) return Error::Conflict("error.org_ended");
        if (store::IsInSubtree(conn, id, other_id))
            return Error::InvalidField(*kind == EventKind::kMove ? "parent_id" : "into_id", "cycle", "field.org_cycle");
        return *o;
    };

    switch (*kind) {
        case EventKind::kRename:
            if (name == org.name) return Error::InvalidField("name", "unchanged", "field.unchanged");
            details = {{"from", org.name}, {"to", name}};
            after.name = name;
            break;
        case EventKind::kRetype:
            if (in.type_code == org.type_code) return Error::InvalidField("type", "unchanged", "field.unchanged");
            details = {{"from", org.type_code}, {"to", in.type_code}};
            after.type_code = in.type_code;
            break;
        case EventKind::kMove: {
            DV_ASSIGN_OR_RETURN(Org parent, other(*in.parent_id));
            if (org.parent_id == parent.id) return Error::InvalidField("parent_id", "unchanged", "field.unchanged");
            e.target_id = parent.id;
            details = {{"from_parent", OptJson(org.parent_id)}, {"to_parent", parent.id}};
            after.parent_id = parent.id;
            break;
        }
        case EventKind::kMerge: {
            DV_ASSIGN_OR_RETURN(Org into, other(*in.into_id));
            e.target_id = into.id;
            boost::json::array moved;
            for (int64_t child : store::ActiveChildren(conn, id)) moved.push_back(child);
            // Its members continue in the organization that absorbed it.
            int64_t members = Members().move_all(conn, id, into.id, *date, now);
            details = {{"into", into.id}, {"units_moved", moved}, {"members_moved", members}};
            break;
        }
        case EventKind::kDissolve: {
            auto children = store::ActiveChildren(conn, id);
            if (!children.empty())
                return Error::Conflict("error.org_has_units", {{"kind", "has_units", "field.org_has_units"}});
            if (Members().count_active(conn, id) > 0)
                return Error::Conflict("error.org_has_members", {{"kind", "has_members", "field.org_has_members"}});
            break;
        }
        case EventKind::kCreate:
        case EventKind::kSplit: break;
    }
    e.details = boost::json::serialize(details);
    e.id = store::InsertEvent(conn, e, created_by);

    if (*kind == EventKind::kMerge || *kind == EventKind::kDissolve) {
        if (*kind == EventKind::kMerge) {
            // The merged organization's units continue under the one it joined.
            for (int64_t child : store::ActiveChildren(conn, id)) {
                auto c = *store::Get(conn, auth::Scope::System(), Permission::kRead, child);
                store::NewVersion(conn, child, *date, e.target_id, c.name, c.type_code, e.id);
                store::SetCurrent(conn, child, e.target_id, c.name, c.type_code, "");
            }
            // Its records stay visible to those responsible for its successor.
            after.parent_id = e.target_id;
        }
        store::EndVersions(conn, id, *date);
        EndOrg(conn, id, *date, actor, now);
        after.ended_on = *date;
    } else {
        store::NewVersion(conn, id, *date, after.parent_id, after.name, after.type_code, e.id);
    }
    store::SetCurrent(conn, id, after.parent_id, after.name, after.type_code, after.ended_on);
    if (figures) figures->Apply();
    after = *store::Get(conn, auth::Scope::System(), Permission::kRead, id);
    audit::Append(conn, actor, now, std::string("org.") + ToString(*kind), "org", id, id, before, ToJson(after));
    tx.Commit();
    return e;
}

Result<SplitResult> SplitOrg(db::Connection& conn, const auth::Scope& scope, int64_t id, const Split& in,
                             const audit::Actor& actor, int64_t now, const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite)) return NotWritable(conn, scope, id);
    std::vector<FieldError> errors;
    auto date = time::PastOrToday(in.effective_on, today, "effective_on", errors);
    if (in.parts.size() < 2) errors.push_back({"parts", "too_few", "field.split_too_few"});
    std::vector<std::string> codes;
    for (size_t i = 0; i < in.parts.size(); ++i) {
        const auto& part = in.parts[i];
        std::string at = "parts[" + std::to_string(i) + "].";
        std::string code(text::Trim(part.code));
        std::string name(text::Trim(part.name));
        if (code.empty()) errors.push_back({at + "code", "required", "field.required"});
        else if (code.size() > 32) errors.push_back({at + "code", "too_long", "field.too_long"});
        else if (std::find(codes.begin(), codes.end(), code) != codes.end())
            errors.push_back({at + "code", "duplicate", "field.code_taken"});
        else if (store::CodeExists(conn, code)) errors.push_back({at + "code", "taken", "field.code_taken"});
        codes.push_back(code);
        if (name.empty()) errors.push_back({at + "name", "required", "field.required"});
        else if (text::Utf8Length(name) > 200) errors.push_back({at + "name", "too_long", "field.too_long"});
        if (!part.type_code.empty() && !store::Type(conn, part.type_code))
            errors.push_back({at + "type", "invalid_choice", "field.invalid_choice"});
    }
    if (!errors.empty()) return Error::Invalid(errors);

    db::Transaction tx(conn);
    DV_ASSIGN_OR_RETURN(Org org, Changeable(conn, scope, id, *date));
    boost::json::object before = ToJson(org);
    auto figures = rollup::Change::Subtree(conn, id);

    // Who goes where: every active member and unit exactly once; unlisted ones to the first part.
    std::vector<int64_t> member_ids, unit_ids = store::ActiveChildren(conn, id);
    for (const auto& m : Members().active_of(conn, id)) member_ids.push_back(m.first);
    std::map<int64_t, size_t> member_part, unit_part;
    for (size_t i = 0; i < in.parts.size(); ++i) {
        std::string at = "parts[" + std::to_string(i) + "].";
        for (int64_t m : in.parts[i].members) {
            if (std::find(member_ids.begin(), member_ids.end(), m) == member_ids.end())
                errors.push_back({at + "members", "not_in_org", "field.member_not_in_org"});
            else if (!member_part.emplace(m, i).second)
                errors.push_back({at + "members", "assigned_twice", "field.assigned_twice"});
        }
        for (int64_t u : in.parts[i].units) {
            if (std::find(unit_ids.begin(), unit_ids.end(), u) == unit_ids.end())
                errors.push_back({at + "units", "not_in_org", "field.unit_not_in_org"});
            else if (!unit_part.emplace(u, i).second)
                errors.push_back({at + "units", "assigned_twice", "field.assigned_twice"});
        }
    }
    for (int64_t m : member_ids) member_part.emplace(m, 0);
    for (int64_t u : unit_ids) unit_part.emplace(u, 0);
    std::vector<std::string> types;
    for (size_t i = 0; i < in.parts.size(); ++i) {
        types.push_back(in.parts[i].type_code.empty() ? org.type_code : in.parts[i].type_code);
        bool gets_members = std::any_of(member_part.begin(), member_part.end(), [&](auto& mp) { return mp.second == i; });
        if (gets_members && !store::Type(conn, types[i])->holds_members)
            errors.push_back({"parts[" + std::to_string(i) + "].type", "holds_no_members", "field.type_holds_no_members"});
    }
    if (!errors.empty()) return Error::Invalid(errors);

    SplitResult result;
    for (size_t i = 0; i < in.parts.size(); ++i) {
        NewOrg n{org.parent_id, in.parts[i].code, in.parts[i].name, types[i], *date, in.decision};
        auto part = Create(conn, org.parent_id ? scope : auth::Scope::System(), n, actor, now, today);
        if (!part.ok()) {
            Error e = part.take_error();
            for (auto& fe : e.field_errors) fe.field = "parts[" + std::to_string(i) + "]." + fe.field;
            return e;
        }
        result.parts.push_back(part.value());
    }

    Event e;
    e.kind = EventKind::kSplit;
    e.effective_on = *date;
    e.org_id = id;
    e.decision = std::string(text::Trim(in.decision));
    e.created_at = now;
    boost::json::array parts_json;
    for (size_t i = 0; i < result.parts.size(); ++i) {
        boost::json::array ms, us;
        for (auto& [m, p] : member_part)
            if (p == i) ms.push_back(m);
        for (auto& [u, p] : unit_part)
            if (p == i) us.push_back(u);
        parts_json.push_back(boost::json::object{{"org_id", result.parts[i].id},
                                                 {"code", result.parts[i].code},
                                                 {"name", result.parts[i].name},
                                                 {"members", std::move(ms)},
                                                 {"units", std::move(us)}});
    }
    e.details = boost::json::serialize(boost::json::object{{"parts", parts_json}});
    e.id = store::InsertEvent(conn, e, actor.user_id ? std::optional<int64_t>(actor.user_id) : std::nullopt);

    for (auto& [m, p] : member_part) Members().move_one(conn, m, result.parts[p].id, *date, now);
    for (auto& [u, p] : unit_part) {
        auto c = *store::Get(conn, auth::Scope::System(), Permission::kRead, u);
        store::NewVersion(conn, u, *date, result.parts[p].id, c.name, c.type_code, e.id);
        store::SetCurrent(conn, u, result.parts[p].id, c.name, c.type_code, "");
    }
    store::EndVersions(conn, id, *date);
    EndOrg(conn, id, *date, actor, now);
    store::SetCurrent(conn, id, org.parent_id, org.name, org.type_code, *date);
    figures.Apply();
    auto after = *store::Get(conn, auth::Scope::System(), Permission::kRead, id);
    boost::json::object after_json = ToJson(after);
    after_json["split_into"] = parts_json;
    audit::Append(conn, actor, now, "org.split", "org", id, id, before, after_json);
    tx.Commit();
    result.event = e;
    return result;
}

}  // namespace dv::org
