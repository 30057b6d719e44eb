// notify store: SQL over notifications (migration 0021).
#include "notify/store.h"

#include "auth/scope_sql.h"

namespace dv::notify::store {

namespace {

constexpr const char* kColumns = "n.id, n.user_id, n.kind, n.params, n.href, n.org_id, n.created_at, n.read_at";
constexpr const char* kInsert =
    "INSERT INTO notifications (user_id, kind, params, href, org_id, created_at) VALUES (?, ?, ?, ?, ?, ?)";

// The caller's own notices, and of those about a unit only the ones in their read subtrees (a secretary
// moved to another cell no longer sees the old cell's). A member (no read grant) sees those about
// themselves only.
std::string Visible(const auth::Scope& scope, db::Params& params) {
    std::string sql = " WHERE n.user_id = ?";
    params.emplace_back(scope.user_id());
    if (scope.is_system()) return sql;
    std::string check = auth::SubtreeCheck(scope, auth::Permission::kRead, "n.org_id", params);
    // SubtreeCheck answers " AND <condition>": here one alternative of two.
    return sql + " AND (n.org_id IS NULL OR (1 = 1" + check + "))";
}

Notice FromRow(const db::Row& r) {
    Notice n;
    n.id = r.Int(0);
    n.user_id = r.Int(1);
    n.kind = r.Text(2);
    auto params = boost::json::parse(r.Text(3));
    for (const auto& [k, v] : params.as_object())
        n.params.emplace_back(std::string(k), v.is_string() ? std::string(v.get_string()) : boost::json::serialize(v));
    n.href = r.Text(4);
    n.org_id = r.OptInt(5);
    n.created_at = r.Int(6);
    n.read_at = r.OptInt(7);
    return n;
}

}  // namespace

void Insert(db::Connection& conn, int64_t user_id, const Draft& d, const std::string& params_json, int64_t now) {
    conn.Exec(kInsert, {user_id, d.kind, params_json, d.href, d.org_id ? db::Value(*d.org_id) : db::Null(), now});
}

int64_t CountUnread(db::Connection& conn, const auth::Scope& scope, int64_t cap) {
    db::Params params;
    std::string where = Visible(scope, params);
    params.emplace_back(cap);
    return conn
        .QueryOne("SELECT COUNT(*) FROM (SELECT 1 FROM notifications n" + where + " AND n.read_at IS NULL LIMIT ?) c",
                  params)
        ->Int(0);
}

int64_t Count(db::Connection& conn, const auth::Scope& scope, bool unread_only) {
    db::Params params;
    std::string where = Visible(scope, params);
    if (unread_only) where += " AND n.read_at IS NULL";
    return conn.QueryOne("SELECT COUNT(*) FROM notifications n" + where, params)->Int(0);
}

std::vector<Notice> List(db::Connection& conn, const auth::Scope& scope, bool unread_only, int64_t limit,
                         int64_t offset) {
    db::Params params;
    std::string where = Visible(scope, params);
    if (unread_only) where += " AND n.read_at IS NULL";
    params.emplace_back(limit);
    params.emplace_back(offset);
    std::vector<Notice> out;
    for (const auto& r : conn.Query(std::string("SELECT ") + kColumns + " FROM notifications n" + where +
                                        " ORDER BY n.id DESC LIMIT ? OFFSET ?",
                                    params))
        out.push_back(FromRow(r));
    return out;
}

std::optional<Notice> Get(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    db::Params params;
    std::string where = Visible(scope, params);
    params.emplace_back(id);
    auto r = conn.QueryOne(std::string("SELECT ") + kColumns + " FROM notifications n" + where + " AND n.id = ?", params);
    if (!r) return std::nullopt;
    return FromRow(*r);
}

void SetRead(db::Connection& conn, int64_t id, int64_t now) {
    conn.Exec("UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL", {now, id});
}

int64_t SetAllRead(db::Connection& conn, const auth::Scope& scope, int64_t now) {
    db::Params params{now};
    db::Params visible;
    std::string where = Visible(scope, visible);
    params.insert(params.end(), visible.begin(), visible.end());
    // The alias n is the table itself in an UPDATE on both engines.
    return conn.Exec("UPDATE notifications AS n SET read_at = ?" + where + " AND n.read_at IS NULL", params);
}

}  // namespace dv::notify::store
