// org store: SQL for organizations, their history and the closure table.
#include "org/store.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "auth/scope_sql.h"
#include "core/vn_text.h"

namespace dv::org::store {

namespace {

// Current state. Columns: id, parent_id, code, name, type_code, type name, founded_on, ended_on.
constexpr const char* kSelectCurrent =
    "SELECT o.id, o.parent_id, o.code, o.name, o.type_code, t.name, o.founded_on, o.ended_on "
    "FROM orgs o JOIN org_types t ON t.code = o.type_code";
// As of a date (two placeholders for the date). Same columns, from the version valid then.
constexpr const char* kSelectAsOf =
    "SELECT o.id, v.parent_id, o.code, v.name, v.type_code, t.name, o.founded_on, o.ended_on "
    "FROM org_versions v JOIN orgs o ON o.id = v.org_id JOIN org_types t ON t.code = v.type_code "
    "WHERE v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)";
constexpr const char* kInsertOrg =
    "INSERT INTO orgs (parent_id, code, name, name_folded, type_code, founded_on, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kInsertClosure =
    "INSERT INTO org_tree (ancestor_id, descendant_id, depth) "
    "SELECT ancestor_id, ?, depth + 1 FROM org_tree WHERE descendant_id = ? UNION ALL SELECT ?, ?, 0";
constexpr const char* kInsertRootClosure = "INSERT INTO org_tree (ancestor_id, descendant_id, depth) VALUES (?, ?, 0)";
// Re-linking a subtree under a new parent: drop the links from ancestors outside the subtree,
// then link every ancestor of the new parent to every node of the subtree.
constexpr const char* kUnlinkSubtree =
    "DELETE FROM org_tree WHERE descendant_id IN (SELECT descendant_id FROM org_tree WHERE ancestor_id = ?) "
    "AND ancestor_id NOT IN (SELECT descendant_id FROM org_tree WHERE ancestor_id = ?)";
constexpr const char* kLinkSubtree =
    "INSERT INTO org_tree (ancestor_id, descendant_id, depth) "
    "SELECT a.ancestor_id, d.descendant_id, a.depth + d.depth + 1 FROM org_tree a JOIN org_tree d ON d.ancestor_id = ? "
    "WHERE a.descendant_id = ?";
constexpr const char* kInsertVersion =
    "INSERT INTO org_versions (org_id, valid_from, valid_to, parent_id, name, type_code, event_id) "
    "VALUES (?, ?, NULL, ?, ?, ?, ?)";
constexpr const char* kEndVersion = "UPDATE org_versions SET valid_to = ? WHERE org_id = ? AND valid_to IS NULL";
constexpr const char* kSelectVersions =
    "SELECT v.org_id, v.valid_from, v.valid_to, v.parent_id, v.name, v.type_code, v.event_id, "
    "(SELECT pv.name FROM org_versions pv WHERE pv.org_id = v.parent_id AND pv.valid_from <= v.valid_from "
    "ORDER BY pv.valid_from DESC LIMIT 1) "
    "FROM org_versions v WHERE v.org_id = ? ORDER BY v.valid_from, v.id";
constexpr const char* kSelectEvents =
    "SELECT e.id, e.kind, e.effective_on, e.org_id, e.target_id, e.details, e.decision, e.created_at, o.name "
    "FROM org_events e JOIN orgs o ON o.id = e.org_id WHERE e.org_id = ? OR e.target_id = ? "
    "ORDER BY e.effective_on, e.id";
constexpr const char* kInsertEvent =
    "INSERT INTO org_events (kind, effective_on, org_id, target_id, details, decision, created_at, created_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kSelectTypes =
    "SELECT code, name, name_en, level, grassroots, holds_members FROM org_types";

Org FromRow(const db::Row& r) {
    Org o;
    o.id = r.Int(0);
    o.parent_id = r.OptInt(1);
    o.code = r.Text(2);
    o.name = r.Text(3);
    o.type_code = r.Text(4);
    o.type_name = r.Text(5);
    o.founded_on = r.OptText(6).value_or("");
    o.ended_on = r.OptText(7).value_or("");
    return o;
}

OrgType TypeFromRow(const db::Row& r) {
    return OrgType{r.Text(0), r.Text(1), r.Text(2), static_cast<int>(r.Int(3)), r.Int(4) != 0, r.Int(5) != 0};
}

db::Value OptId(const std::optional<int64_t>& v) { return v ? db::Value(*v) : db::Null(); }

// Depth-first from the visible tops, siblings by name; depth counted from those tops.
std::vector<Org> OrderAsTree(std::vector<Org> all) {
    std::map<int64_t, std::vector<size_t>> children;
    std::map<int64_t, bool> visible;
    for (const auto& o : all) visible[o.id] = true;
    std::vector<size_t> tops;
    for (size_t i = 0; i < all.size(); ++i) {
        if (all[i].parent_id && visible.count(*all[i].parent_id)) {
            children[*all[i].parent_id].push_back(i);
        } else {
            tops.push_back(i);
        }
    }
    // Siblings in Vietnamese alphabetical order (a byte sort puts "Đ" after "Z"), by collation keys made
    // once per organization rather than an ICU comparison (two conversions) per step of every sort.
    std::vector<std::string> keys;
    keys.reserve(all.size());
    for (const auto& o : all) keys.push_back(vn::CollationKey(o.name));
    auto by_name = [&](size_t a, size_t b) { return keys[a] < keys[b]; };
    std::vector<Org> out;
    out.reserve(all.size());
    std::vector<std::pair<size_t, int>> stack;
    std::sort(tops.begin(), tops.end(), by_name);
    for (auto it = tops.rbegin(); it != tops.rend(); ++it) stack.emplace_back(*it, 0);
    while (!stack.empty()) {
        auto [i, depth] = stack.back();
        stack.pop_back();
        all[i].depth = depth;
        out.push_back(all[i]);
        auto& kids = children[all[i].id];
        std::sort(kids.begin(), kids.end(), by_name);
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.emplace_back(*it, depth + 1);
    }
    return out;
}

}  // namespace

std::optional<Org> Get(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id) {
    db::Params params{id};
    // One row by its key: the scope checked on it (SubtreeCheck), not the set of every organization in scope
    // built first (50 ms for a root's reader at 250,000 organizations).
    std::string sql = std::string(kSelectCurrent) + " WHERE o.id = ?" + auth::SubtreeCheck(scope, p, "o.id", params);
    auto row = conn.QueryOne(sql, params);
    if (!row) return std::nullopt;
    Org o = FromRow(*row);
    if (o.parent_id) {
        if (auto parent = conn.QueryOne("SELECT name FROM orgs WHERE id = ?", {*o.parent_id}))
            o.parent_name = parent->Text(0);
    }
    return o;
}

std::optional<Org> GetAsOf(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id,
                           const std::string& date) {
    db::Params params{date, date, id};
    std::string sql = std::string(kSelectAsOf) + " AND o.id = ?" + auth::SubtreeCheck(scope, p, "o.id", params);
    auto row = conn.QueryOne(sql, params);
    if (!row) return std::nullopt;
    Org o = FromRow(*row);
    if (o.parent_id) {
        auto parent = conn.QueryOne(
            "SELECT name FROM org_versions WHERE org_id = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
            {*o.parent_id, date, date});
        if (parent) o.parent_name = parent->Text(0);
    }
    return o;
}

std::vector<Org> List(db::Connection& conn, const auth::Scope& scope, auth::Permission p,
                      const std::optional<std::string>& as_of) {
    db::Params params;
    std::string sql;
    if (as_of) {
        params = {*as_of, *as_of};
        sql = kSelectAsOf;
    } else {
        sql = std::string(kSelectCurrent) + " WHERE o.ended_on IS NULL";
    }
    sql += auth::SubtreeFilter(scope, p, "o.id", params);
    std::vector<Org> all;
    for (const auto& row : conn.Query(sql, params)) all.push_back(FromRow(row));
    return OrderAsTree(std::move(all));
}

std::vector<Org> Children(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id,
                          const std::string& date) {
    db::Params params{date, date, id};
    std::string sql = std::string(kSelectAsOf) + " AND v.parent_id = ?" + auth::SubtreeCheck(scope, p, "o.id", params);
    std::vector<Org> out;
    for (const auto& row : conn.Query(sql, params)) out.push_back(FromRow(row));
    std::sort(out.begin(), out.end(), [](const Org& a, const Org& b) { return vn::Compare(a.name, b.name) < 0; });
    return out;
}

std::vector<Version> Versions(db::Connection& conn, int64_t org_id) {
    std::vector<Version> out;
    for (const auto& r : conn.Query(kSelectVersions, {org_id})) {
        Version v;
        v.org_id = r.Int(0);
        v.valid_from = r.Text(1);
        v.valid_to = r.OptText(2).value_or("");
        v.parent_id = r.OptInt(3);
        v.name = r.Text(4);
        v.type_code = r.Text(5);
        v.event_id = r.OptInt(6);
        v.parent_name = r.OptText(7).value_or("");
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<Event> Events(db::Connection& conn, int64_t org_id) {
    std::vector<Event> out;
    for (const auto& r : conn.Query(kSelectEvents, {org_id, org_id})) {
        Event e;
        e.id = r.Int(0);
        e.kind = ParseEventKind(r.Text(1)).value_or(EventKind::kCreate);
        e.effective_on = r.Text(2);
        e.org_id = r.Int(3);
        e.target_id = r.OptInt(4);
        e.details = r.Text(5);
        e.decision = r.Text(6);
        e.created_at = r.Int(7);
        e.org_name = r.Text(8);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<OrgType> Types(db::Connection& conn) {
    std::vector<OrgType> out;
    for (const auto& r : conn.Query(std::string(kSelectTypes) + " ORDER BY sort")) out.push_back(TypeFromRow(r));
    return out;
}

std::optional<OrgType> Type(db::Connection& conn, const std::string& code) {
    auto r = conn.QueryOne(std::string(kSelectTypes) + " WHERE code = ?", {code});
    if (!r) return std::nullopt;
    return TypeFromRow(*r);
}

bool CodeExists(db::Connection& conn, const std::string& code) {
    return conn.QueryOne("SELECT 1 FROM orgs WHERE code = ?", {code}).has_value();
}

std::vector<int64_t> ActiveChildren(db::Connection& conn, int64_t id) {
    std::vector<int64_t> out;
    for (const auto& r : conn.Query("SELECT id FROM orgs WHERE parent_id = ? AND ended_on IS NULL ORDER BY id", {id}))
        out.push_back(r.Int(0));
    return out;
}

namespace {

// `ids` as placeholders, in chunks the engines take comfortably (SQLite allows 32,766 per statement).
constexpr size_t kInChunk = 500;

template <typename F>
void ForChunks(const std::vector<int64_t>& ids, F&& f) {
    for (size_t from = 0; from < ids.size(); from += kInChunk) {
        size_t to = std::min(ids.size(), from + kInChunk);
        db::Params params;
        std::string marks;
        for (size_t i = from; i < to; ++i) {
            marks += i == from ? "?" : ", ?";
            params.emplace_back(ids[i]);
        }
        f(marks, params);
    }
}

}  // namespace

std::vector<Org> ActiveRoots(db::Connection& conn) {
    std::vector<Org> out;
    for (const auto& row : conn.Query(std::string(kSelectCurrent) + " WHERE o.parent_id IS NULL AND o.ended_on IS NULL"))
        out.push_back(FromRow(row));
    return out;
}

std::vector<Org> Among(db::Connection& conn, const std::vector<int64_t>& ids) {
    std::vector<Org> out;
    ForChunks(ids, [&](const std::string& marks, const db::Params& params) {
        for (const auto& row : conn.Query(std::string(kSelectCurrent) + " WHERE o.id IN (" + marks + ")", params))
            out.push_back(FromRow(row));
    });
    return out;
}

std::vector<Org> ActiveChildrenOf(db::Connection& conn, const std::vector<int64_t>& parents) {
    std::vector<Org> out;
    ForChunks(parents, [&](const std::string& marks, const db::Params& params) {
        std::string sql = std::string(kSelectCurrent) + " WHERE o.parent_id IN (" + marks + ") AND o.ended_on IS NULL";
        for (const auto& row : conn.Query(sql, params)) out.push_back(FromRow(row));
    });
    return out;
}

int64_t CountActiveChildrenOf(db::Connection& conn, const std::vector<int64_t>& parents, int64_t cap) {
    int64_t n = 0;
    ForChunks(parents, [&](const std::string& marks, db::Params params) {
        if (n >= cap) return;
        params.emplace_back(cap - n);
        n += conn.QueryOne("SELECT COUNT(*) FROM (SELECT 1 FROM orgs WHERE parent_id IN (" + marks +
                               ") AND ended_on IS NULL LIMIT ?) c",
                           params)
                 ->Int(0);
    });
    return n;
}

std::unordered_map<int64_t, int64_t> ActiveChildCounts(db::Connection& conn, const std::vector<int64_t>& parents) {
    std::unordered_map<int64_t, int64_t> out;
    ForChunks(parents, [&](const std::string& marks, const db::Params& params) {
        for (const auto& row : conn.Query("SELECT parent_id, COUNT(*) FROM orgs WHERE parent_id IN (" + marks +
                                              ") AND ended_on IS NULL GROUP BY parent_id",
                                          params))
            out[row.Int(0)] = row.Int(1);
    });
    return out;
}

std::vector<int64_t> BelowAnother(db::Connection& conn, const std::vector<int64_t>& ids) {
    std::vector<int64_t> out;
    if (ids.size() < 2) return out;
    // Few ids (a caller's grants): one statement with the list twice.
    db::Params params;
    std::string marks;
    for (size_t i = 0; i < ids.size(); ++i) marks += i ? ", ?" : "?";
    for (int twice = 0; twice < 2; ++twice)
        for (auto id : ids) params.emplace_back(id);
    for (const auto& row : conn.Query("SELECT DISTINCT descendant_id FROM org_tree WHERE depth > 0 AND ancestor_id IN (" +
                                          marks + ") AND descendant_id IN (" + marks + ")",
                                      params))
        out.push_back(row.Int(0));
    return out;
}

bool IsInSubtree(db::Connection& conn, int64_t ancestor, int64_t node) {
    return conn.QueryOne("SELECT 1 FROM org_tree WHERE ancestor_id = ? AND descendant_id = ?", {ancestor, node})
        .has_value();
}

int64_t Insert(db::Connection& conn, std::optional<int64_t> parent_id, const std::string& code,
               const std::string& name, const std::string& type_code, const std::string& founded_on, int64_t now) {
    int64_t id = conn.InsertReturningId(kInsertOrg,
                                        {OptId(parent_id), code, name, vn::Fold(name), type_code, founded_on, now});
    if (parent_id) {
        conn.Exec(kInsertClosure, {id, *parent_id, id, id});
    } else {
        conn.Exec(kInsertRootClosure, {id, id});
    }
    return id;
}

int64_t InsertEvent(db::Connection& conn, const Event& e, std::optional<int64_t> created_by) {
    return conn.InsertReturningId(kInsertEvent, {std::string(ToString(e.kind)), e.effective_on, e.org_id,
                                                 OptId(e.target_id), e.details, e.decision, e.created_at,
                                                 OptId(created_by)});
}

void NewVersion(db::Connection& conn, int64_t org_id, const std::string& date, std::optional<int64_t> parent_id,
                const std::string& name, const std::string& type_code, int64_t event_id) {
    conn.Exec(kEndVersion, {date, org_id});
    conn.Exec(kInsertVersion, {org_id, date, OptId(parent_id), name, type_code, event_id});
}

void EndVersions(db::Connection& conn, int64_t org_id, const std::string& date) {
    conn.Exec(kEndVersion, {date, org_id});
}

void SetCurrent(db::Connection& conn, int64_t org_id, std::optional<int64_t> parent_id, const std::string& name,
                const std::string& type_code, const std::string& ended_on) {
    auto before = conn.QueryOne("SELECT parent_id FROM orgs WHERE id = ?", {org_id});
    conn.Exec("UPDATE orgs SET parent_id = ?, name = ?, name_folded = ?, type_code = ?, ended_on = ? WHERE id = ?",
              {OptId(parent_id), name, vn::Fold(name), type_code, ended_on.empty() ? db::Null() : db::Value(ended_on),
               org_id});
    if (before && before->OptInt(0) != parent_id) {
        conn.Exec(kUnlinkSubtree, {org_id, org_id});
        if (parent_id) conn.Exec(kLinkSubtree, {org_id, *parent_id});
    }
}

int64_t Count(db::Connection& conn) { return conn.QueryOne("SELECT COUNT(*) FROM orgs")->Int(0); }

void FillFoldedNames(db::Connection& conn) {
    auto rows = conn.Query("SELECT id, name FROM orgs WHERE name_folded IS NULL");
    if (rows.empty()) return;
    db::Transaction tx(conn);
    for (const auto& r : rows)
        conn.Exec("UPDATE orgs SET name_folded = ? WHERE id = ?", {vn::Fold(r.Text(1)), r.Int(0)});
    tx.Commit();
}

std::optional<int64_t> RootId(db::Connection& conn) {
    auto row = conn.QueryOne("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1");
    if (!row) return std::nullopt;
    return row->Int(0);
}

std::optional<std::string> RootName(db::Connection& conn) {
    auto row = conn.QueryOne("SELECT name FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1");
    if (!row) return std::nullopt;
    return row->Text(0);
}

std::vector<Org> Search(db::Connection& conn, const auth::Scope& scope, auth::Permission p, const std::string& q,
                        int limit) {
    db::Params params{db::ContainsPattern(vn::Fold(q)), db::ContainsPattern(q)};
    std::string sql = std::string(kSelectCurrent) +
                      " WHERE (o.name_folded LIKE ? ESCAPE '\\' OR lower(o.code) LIKE lower(?) ESCAPE '\\')" +
                      auth::SubtreeFilter(scope, p, "o.id", params) + " ORDER BY o.name_folded LIMIT ?";
    params.emplace_back(int64_t{limit});
    std::vector<Org> out;
    for (const auto& row : conn.Query(sql, params)) out.push_back(FromRow(row));
    return out;
}

}  // namespace dv::org::store
