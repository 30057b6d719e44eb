// auth store: the only SQL over users, grants, sessions and login_failures.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "auth/model.h"
#include "auth/scope.h"
#include "db/db.h"

namespace dv::auth::store {

struct Credentials {
    User user;
    std::string password_hash;
};

std::optional<Credentials> FindCredentials(db::Connection& conn, const std::string& username);
std::optional<std::string> PasswordHash(db::Connection& conn, int64_t user_id);
// The user with their grants; unscoped: for the session owner and for command-line tools.
std::optional<User> GetUser(db::Connection& conn, int64_t id);
// The user, if one of their grants lies in a subtree where `scope` has kManageUsers, or if the
// scope holds kManageUsers on a root (which sees users without grants too).
std::optional<User> GetUserInScope(db::Connection& conn, const Scope& scope, int64_t id);
std::vector<User> ListUsers(db::Connection& conn, const Scope& scope);
std::vector<Grant> GrantsOf(db::Connection& conn, int64_t user_id);

int64_t InsertUser(db::Connection& conn, const std::string& username, const std::string& display_name,
                   const std::string& hash, bool must_change_password, int64_t now);
// Sets the hash and whether it is a one-time password the holder must change.
void UpdatePassword(db::Connection& conn, int64_t user_id, const std::string& hash, bool must_change_password,
                    int64_t now);
void SetActive(db::Connection& conn, int64_t user_id, bool active, int64_t now);
// The member record an account belongs to (users.member_id).
std::optional<int64_t> MemberOfUser(db::Connection& conn, int64_t user_id);
void SetMember(db::Connection& conn, int64_t user_id, std::optional<int64_t> member_id, int64_t now);
int64_t InsertGrant(db::Connection& conn, int64_t user_id, Role role, int64_t org_id, int64_t now);
bool GrantExists(db::Connection& conn, int64_t user_id, Role role, int64_t org_id);
std::optional<Grant> GetGrant(db::Connection& conn, int64_t user_id, int64_t grant_id);
void DeleteGrant(db::Connection& conn, int64_t grant_id);
int64_t CountUsers(db::Connection& conn);
// For each of `units`: the active accounts with an office or secretary grant on the unit or an organization
// above it, strictly inside the subtree of `within` (never `within` itself), with the grant's distance
// above the unit (0: on the unit). Rows (unit, user, distance).
std::vector<std::tuple<int64_t, int64_t, int64_t>> WritersAbove(db::Connection& conn, const std::vector<int64_t>& units,
                                                                 int64_t within);

void InsertSession(db::Connection& conn, const std::string& token_hash, int64_t user_id, const std::string& csrf,
                   int64_t now, int64_t expires_at, const std::string& ip, const std::string& user_agent,
                   int64_t& id_out);
// The live session for a token hash (not expired, user active), with its user and grants.
std::optional<Session> FindSession(db::Connection& conn, const std::string& token_hash, int64_t now);
void TouchSession(db::Connection& conn, int64_t session_id, int64_t now);
void DeleteSession(db::Connection& conn, int64_t session_id);
// Ends every session of a user but `keep_session_id` (after a password change or a lock).
void DeleteSessionsOfUser(db::Connection& conn, int64_t user_id, int64_t keep_session_id);
void DeleteExpiredSessions(db::Connection& conn, int64_t now);

struct FailureCounts {
    int64_t by_pair = 0;       // this user name from this address, since pair_since
    int64_t last_pair_at = 0;  // the latest of those (0: none)
    int64_t by_ip = 0;         // any user name from this address, since ip_since
};
FailureCounts CountFailures(db::Connection& conn, const std::string& username, const std::string& ip,
                            int64_t pair_since, int64_t ip_since);
// The time of the `nth` latest failure from `ip` after `since` (1: the latest), or 0 when there are fewer.
int64_t NthLatestAddressFailure(db::Connection& conn, const std::string& ip, int64_t since, int64_t nth);
void InsertFailure(db::Connection& conn, const std::string& username, const std::string& ip, int64_t now);
void DeleteFailuresBefore(db::Connection& conn, int64_t before);

}  // namespace dv::auth::store
