// auth store: SQL for accounts, grants, sessions and throttling.
#include "auth/store.h"

#include <algorithm>

#include "auth/scope_sql.h"

namespace dv::auth::store {

namespace {
// The user name index (username, at) narrows the pair count; the address index the address count.
constexpr const char* kCountPairFailures =
    "SELECT COUNT(*), COALESCE(MAX(at), 0) FROM login_failures WHERE username = ? AND ip = ? AND at > ?";
constexpr const char* kCountAddressFailures = "SELECT COUNT(*) FROM login_failures WHERE ip = ? AND at > ?";
constexpr const char* kNthLatestAddressFailure =
    "SELECT at FROM login_failures WHERE ip = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?";
constexpr const char* kUserColumns =
    "u.id, u.username, u.display_name, u.active, u.created_at, u.updated_at, u.must_change_password";
constexpr const char* kSelectGrants =
    "SELECT g.id, g.user_id, g.role, g.org_id, o.name FROM grants g JOIN orgs o ON o.id = g.org_id "
    "WHERE g.user_id = ? ORDER BY g.id";
constexpr const char* kSelectSession =
    "SELECT s.id, s.csrf_token, s.expires_at, s.last_seen_at, u.id, u.username, u.display_name, u.active, "
    "u.created_at, u.updated_at, u.must_change_password FROM sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1";

User UserFromRow(const db::Row& r, size_t o = 0) {
    User u;
    u.id = r.Int(o);
    u.username = r.Text(o + 1);
    u.display_name = r.Text(o + 2);
    u.active = r.Int(o + 3) != 0;
    u.created_at = r.Int(o + 4);
    u.updated_at = r.Int(o + 5);
    u.must_change_password = r.Int(o + 6) != 0;
    return u;
}

// Users visible to a user manager: those with a grant inside the manager's subtrees, and, for a
// manager on a root, every user (including those whose grants were all removed).
std::string UserScopeFilter(const Scope& scope, db::Params& params) {
    if (scope.is_system()) return "";
    db::Params inner;
    std::string sub = SubtreeFilter(scope, Permission::kManageUsers, "g.org_id", inner);
    auto roots = scope.Roots(Permission::kManageUsers);
    std::string sql = " AND (EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id" + sub + ")";
    params.insert(params.end(), inner.begin(), inner.end());
    if (!roots.empty()) {
        sql += " OR EXISTS (SELECT 1 FROM orgs r WHERE r.parent_id IS NULL AND r.id IN (";
        for (size_t i = 0; i < roots.size(); ++i) {
            sql += i ? ", ?" : "?";
            params.emplace_back(roots[i]);
        }
        sql += "))";
    }
    return sql + ")";
}
}  // namespace

std::optional<Credentials> FindCredentials(db::Connection& conn, const std::string& username) {
    auto row = conn.QueryOne(std::string("SELECT ") + kUserColumns + ", u.password_hash FROM users u WHERE u.username = ?",
                             {username});
    if (!row) return std::nullopt;
    return Credentials{UserFromRow(*row), row->Text(7)};
}

std::optional<std::string> PasswordHash(db::Connection& conn, int64_t user_id) {
    auto row = conn.QueryOne("SELECT password_hash FROM users WHERE id = ?", {user_id});
    if (!row) return std::nullopt;
    return row->Text(0);
}

std::vector<Grant> GrantsOf(db::Connection& conn, int64_t user_id) {
    std::vector<Grant> out;
    for (const auto& r : conn.Query(kSelectGrants, {user_id})) {
        Grant g;
        g.id = r.Int(0);
        g.user_id = r.Int(1);
        g.role = ParseRole(r.Text(2)).value_or(Role::kMember);
        g.org_id = r.Int(3);
        g.org_name = r.Text(4);
        out.push_back(std::move(g));
    }
    return out;
}

std::optional<User> GetUser(db::Connection& conn, int64_t id) {
    auto row = conn.QueryOne(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = ?", {id});
    if (!row) return std::nullopt;
    User u = UserFromRow(*row);
    u.grants = GrantsOf(conn, u.id);
    return u;
}

std::optional<User> GetUserInScope(db::Connection& conn, const Scope& scope, int64_t id) {
    db::Params params{id};
    std::string sql = std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = ?" + UserScopeFilter(scope, params);
    auto row = conn.QueryOne(sql, params);
    if (!row) return std::nullopt;
    User u = UserFromRow(*row);
    u.grants = GrantsOf(conn, u.id);
    return u;
}

std::vector<User> ListUsers(db::Connection& conn, const Scope& scope) {
    db::Params params;
    std::string sql = std::string("SELECT ") + kUserColumns + " FROM users u WHERE 1 = 1" + UserScopeFilter(scope, params) +
                      " ORDER BY u.username";
    std::vector<User> out;
    for (const auto& row : conn.Query(sql, params)) {
        User u = UserFromRow(row);
        u.grants = GrantsOf(conn, u.id);
        out.push_back(std::move(u));
    }
    return out;
}

int64_t InsertUser(db::Connection& conn, const std::string& username, const std::string& display_name,
                   const std::string& hash, bool must_change_password, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO users (username, display_name, password_hash, active, must_change_password, created_at, "
        "updated_at) VALUES (?, ?, ?, 1, ?, ?, ?) RETURNING id",
        {username, display_name, hash, int64_t{must_change_password ? 1 : 0}, now, now});
}

void UpdatePassword(db::Connection& conn, int64_t user_id, const std::string& hash, bool must_change_password,
                    int64_t now) {
    conn.Exec("UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?",
              {hash, int64_t{must_change_password ? 1 : 0}, now, user_id});
}

void SetActive(db::Connection& conn, int64_t user_id, bool active, int64_t now) {
    conn.Exec("UPDATE users SET active = ?, updated_at = ? WHERE id = ?", {int64_t{active ? 1 : 0}, now, user_id});
}

std::optional<int64_t> MemberOfUser(db::Connection& conn, int64_t user_id) {
    auto row = conn.QueryOne("SELECT member_id FROM users WHERE id = ?", {user_id});
    return row ? row->OptInt(0) : std::nullopt;
}

void SetMember(db::Connection& conn, int64_t user_id, std::optional<int64_t> member_id, int64_t now) {
    db::Params params{db::Null(), now, user_id};
    if (member_id) params[0] = *member_id;
    conn.Exec("UPDATE users SET member_id = ?, updated_at = ? WHERE id = ?", params);
}

int64_t InsertGrant(db::Connection& conn, int64_t user_id, Role role, int64_t org_id, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO grants (user_id, role, org_id, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        {user_id, std::string(ToString(role)), org_id, now});
}

bool GrantExists(db::Connection& conn, int64_t user_id, Role role, int64_t org_id) {
    return conn
        .QueryOne("SELECT 1 FROM grants WHERE user_id = ? AND role = ? AND org_id = ?",
                  {user_id, std::string(ToString(role)), org_id})
        .has_value();
}

std::optional<Grant> GetGrant(db::Connection& conn, int64_t user_id, int64_t grant_id) {
    for (auto& g : GrantsOf(conn, user_id))
        if (g.id == grant_id) return g;
    return std::nullopt;
}

void DeleteGrant(db::Connection& conn, int64_t grant_id) { conn.Exec("DELETE FROM grants WHERE id = ?", {grant_id}); }

int64_t CountUsers(db::Connection& conn) { return conn.QueryOne("SELECT COUNT(*) FROM users")->Int(0); }

void InsertSession(db::Connection& conn, const std::string& token_hash, int64_t user_id, const std::string& csrf,
                   int64_t now, int64_t expires_at, const std::string& ip, const std::string& user_agent,
                   int64_t& id_out) {
    id_out = conn.InsertReturningId(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {token_hash, user_id, csrf, now, now, expires_at, ip, user_agent});
}

std::optional<Session> FindSession(db::Connection& conn, const std::string& token_hash, int64_t now) {
    auto row = conn.QueryOne(kSelectSession, {token_hash, now});
    if (!row) return std::nullopt;
    Session s;
    s.id = row->Int(0);
    s.csrf_token = row->Text(1);
    s.expires_at = row->Int(2);
    s.last_seen_at = row->Int(3);
    s.user = UserFromRow(*row, 4);
    s.user.grants = GrantsOf(conn, s.user.id);
    return s;
}

void TouchSession(db::Connection& conn, int64_t session_id, int64_t now) {
    conn.Exec("UPDATE sessions SET last_seen_at = ? WHERE id = ?", {now, session_id});
}

void DeleteSession(db::Connection& conn, int64_t session_id) {
    conn.Exec("DELETE FROM sessions WHERE id = ?", {session_id});
}

void DeleteSessionsOfUser(db::Connection& conn, int64_t user_id, int64_t keep_session_id) {
    conn.Exec("DELETE FROM sessions WHERE user_id = ? AND id <> ?", {user_id, keep_session_id});
}

void DeleteExpiredSessions(db::Connection& conn, int64_t now) {
    conn.Exec("DELETE FROM sessions WHERE expires_at <= ?", {now});
}

FailureCounts CountFailures(db::Connection& conn, const std::string& username, const std::string& ip,
                            int64_t pair_since, int64_t ip_since) {
    FailureCounts c;
    auto pair = conn.QueryOne(kCountPairFailures, {username, ip, pair_since});
    c.by_pair = pair->Int(0);
    c.last_pair_at = pair->Int(1);
    c.by_ip = conn.QueryOne(kCountAddressFailures, {ip, ip_since})->Int(0);
    return c;
}

int64_t NthLatestAddressFailure(db::Connection& conn, const std::string& ip, int64_t since, int64_t nth) {
    auto row = conn.QueryOne(kNthLatestAddressFailure, {ip, since, nth - 1});
    return row ? row->Int(0) : 0;
}

void InsertFailure(db::Connection& conn, const std::string& username, const std::string& ip, int64_t now) {
    conn.Exec("INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)", {username, ip, now});
}

void DeleteFailuresBefore(db::Connection& conn, int64_t before) {
    conn.Exec("DELETE FROM login_failures WHERE at < ?", {before});
}

std::vector<std::tuple<int64_t, int64_t, int64_t>> WritersAbove(db::Connection& conn, const std::vector<int64_t>& units,
                                                                 int64_t within) {
    std::vector<std::tuple<int64_t, int64_t, int64_t>> out;
    constexpr size_t kChunk = 500;
    for (size_t start = 0; start < units.size(); start += kChunk) {
        const size_t n = std::min(kChunk, units.size() - start);
        std::string sql =
            "SELECT t.descendant_id, g.user_id, t.depth FROM org_tree t JOIN grants g ON g.org_id = t.ancestor_id "
            "JOIN users u ON u.id = g.user_id WHERE u.active = 1 AND g.role IN ('office', 'secretary') AND "
            "t.ancestor_id <> ? AND EXISTS (SELECT 1 FROM org_tree w WHERE w.ancestor_id = ? AND w.descendant_id = "
            "t.ancestor_id) AND t.descendant_id IN (";
        db::Params params{within, within};
        for (size_t i = 0; i < n; ++i) {
            sql += i ? ", ?" : "?";
            params.emplace_back(units[start + i]);
        }
        for (const auto& r : conn.Query(sql + ")", params)) out.emplace_back(r.Int(0), r.Int(1), r.Int(2));
    }
    return out;
}

}  // namespace dv::auth::store
