// org store: SQL for organizations and the closure table.
#include "org/store.h"

#include <algorithm>
#include <map>

#include "org/scope_sql.h"

namespace dv::org::store {

namespace {
constexpr const char* kSelectOrg =
    "SELECT o.id, o.parent_id, o.code, o.name, p.name FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id WHERE o.id = ?";
constexpr const char* kSelectOrgs = "SELECT o.id, o.parent_id, o.code, o.name FROM orgs o WHERE 1 = 1";
constexpr const char* kSelectChildren = "SELECT o.id, o.parent_id, o.code, o.name FROM orgs o WHERE o.parent_id = ?";
constexpr const char* kInsertOrg =
    "INSERT INTO orgs (parent_id, code, name, created_at) VALUES (?, ?, ?, ?) RETURNING id";
constexpr const char* kInsertClosure =
    "INSERT INTO org_tree (ancestor_id, descendant_id, depth) "
    "SELECT ancestor_id, ?, depth + 1 FROM org_tree WHERE descendant_id = ? UNION ALL SELECT ?, ?, 0";
constexpr const char* kInsertRootClosure = "INSERT INTO org_tree (ancestor_id, descendant_id, depth) VALUES (?, ?, 0)";

Org FromRow(const db::Row& r) {
    Org o;
    o.id = r.Int(0);
    o.parent_id = r.OptInt(1);
    o.code = r.Text(2);
    o.name = r.Text(3);
    return o;
}
}  // namespace

std::optional<Org> Get(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id) {
    db::Params params{id};
    std::string sql = std::string(kSelectOrg) + SubtreeFilter(scope, p, "o.id", params);
    auto row = conn.QueryOne(sql, params);
    if (!row) return std::nullopt;
    Org o = FromRow(*row);
    if (auto pn = row->OptText(4)) o.parent_name = *pn;
    return o;
}

std::vector<Org> List(db::Connection& conn, const auth::Scope& scope, auth::Permission p) {
    db::Params params;
    std::string sql = std::string(kSelectOrgs) + SubtreeFilter(scope, p, "o.id", params);
    std::vector<Org> all;
    for (const auto& row : conn.Query(sql, params)) all.push_back(FromRow(row));
    // Order as a tree: depth-first from the visible tops, siblings by name.
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
    auto by_name = [&](size_t a, size_t b) { return all[a].name < all[b].name; };
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

std::vector<Org> Children(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id) {
    db::Params params{id};
    std::string sql = std::string(kSelectChildren) + SubtreeFilter(scope, p, "o.id", params) + " ORDER BY o.name";
    std::vector<Org> out;
    for (const auto& row : conn.Query(sql, params)) out.push_back(FromRow(row));
    return out;
}

bool CodeExists(db::Connection& conn, const std::string& code) {
    return conn.QueryOne("SELECT 1 FROM orgs WHERE code = ?", {code}).has_value();
}

int64_t Insert(db::Connection& conn, std::optional<int64_t> parent_id, const std::string& code,
               const std::string& name, int64_t now) {
    int64_t id = conn.InsertReturningId(kInsertOrg, {parent_id ? db::Value(*parent_id) : db::Null(), code, name, now});
    if (parent_id) {
        conn.Exec(kInsertClosure, {id, *parent_id, id, id});
    } else {
        conn.Exec(kInsertRootClosure, {id, id});
    }
    return id;
}

int64_t Count(db::Connection& conn) { return conn.QueryOne("SELECT COUNT(*) FROM orgs")->Int(0); }

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

}  // namespace dv::org::store

namespace dv::org::store {

std::vector<Org> Search(db::Connection& conn, const auth::Scope& scope, auth::Permission p, const std::string& q,
                        int limit) {
    std::string pattern = "%";
    for (char c : q) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    pattern += "%";
    db::Params params{pattern, pattern};
    std::string sql = std::string(kSelectOrgs) +
                      " AND (lower(o.name) LIKE lower(?) ESCAPE '\\' OR lower(o.code) LIKE lower(?) ESCAPE '\\')" +
                      SubtreeFilter(scope, p, "o.id", params) + " ORDER BY o.name LIMIT ?";
    params.emplace_back(int64_t{limit});
    std::vector<Org> out;
    for (const auto& row : conn.Query(sql, params)) out.push_back(FromRow(row));
    return out;
}

}  // namespace dv::org::store
