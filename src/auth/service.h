// auth service: log-in with throttling, sessions, accounts and role grants. Every change writes
// its audit row in the same transaction. No HTTP types here: handlers call these functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "audit/audit.h"
#include "auth/model.h"
#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::auth {

// Log-in throttling (docs/architecture.md, Security model). Failures count per (user name, address) pair:
// the first kFreeFailuresPerPair within kFailureWindowMs cost nothing; after that the pair waits
// ThrottleDelayMs(failures) from its last failure. An address alone is held back only after
// kMaxFailuresPerAddress failures (any user names) within kAddressWindowMs: an office behind one NAT
// shares an address, and nobody can lock an account from an address of their own.
constexpr int kFreeFailuresPerPair = 5;
constexpr int64_t kFailureWindowMs = 60LL * 60 * 1000;
constexpr int kMaxFailuresPerAddress = 100;
constexpr int64_t kAddressWindowMs = 15LL * 60 * 1000;
// 0 up to kFreeFailuresPerPair failures; then 1, 2, 4, 8 minutes, and 15 minutes from then on.
int64_t ThrottleDelayMs(int64_t failures);
constexpr size_t kMinPasswordLength = 10;

boost::json::object ToJson(const User& u);
boost::json::object ToJson(const Grant& g);
Scope ScopeOf(const Session& s);

struct LoginResult {
    std::string token;  // goes in the cookie; only its SHA-256 is stored
    Session session;
};

// kInvalid for empty fields; kUnauthenticated (with a field error on "password") for a wrong
// user name or password or a locked account, alike; kThrottled while the (user name, address) pair
// or the address is held back (the numbers above; audited as session.throttled).
Result<LoginResult> Login(db::Connection& conn, const std::string& username, const std::string& password,
                          const std::string& ip, const std::string& user_agent, int64_t now, int session_hours);

// The live session for a cookie token, or kUnauthenticated.
Result<Session> Authenticate(db::Connection& conn, const std::string& token, int64_t now);

Status Logout(db::Connection& conn, const Session& session, const audit::Actor& actor, int64_t now);

struct PasswordChange {
    std::string current_password;
    std::string new_password;
    std::string new_password_confirm;
};
// Checks the current password, sets the new one and ends the user's other sessions. Clears a
// one-time password's must-change flag; a one-time password cannot be "changed" to itself.
Status ChangePassword(db::Connection& conn, const Session& session, const PasswordChange& in,
                      const audit::Actor& actor, int64_t now);

struct NewUser {
    std::string username;
    std::string display_name;
    std::string password;
    std::string role;
    std::optional<int64_t> org_id;
};
// Needs kManageUsers on the organization of the first grant (out of scope: kNotFound).
Result<User> CreateUser(db::Connection& conn, const Scope& scope, const NewUser& in, const audit::Actor& actor,
                        int64_t now);
// Sets a password without knowing the old one (operator tool, `dangvu user passwd`): a normal
// password, not a one-time one (the operator chose it and hands it over); clears a pending change.
Status ResetPassword(db::Connection& conn, const std::string& username, const std::string& password,
                     const audit::Actor& actor, int64_t now);

// ---- one-time passwords ----

// One account of a bulk creation (`dangvu import users`, the users upload page).
struct NewAccount {
    std::string username;
    std::string display_name;
    std::string role;  // admin, office, inspector, secretary or member
    int64_t org_id = 0;  // the role's organization (its subtree)
    std::optional<int64_t> member_id;  // the holder's member record, when the account is a member's
};
struct IssuedPassword {
    int64_t user_id = 0;
    std::string username;
    std::string password;  // shown once; only its hash is stored
};

// Creates every account in one transaction (nested as a savepoint inside a caller's), each with a
// random one-time password that must be changed at first log-in; one audit row per account.
// kForbidden without kManageUsers anywhere; kInvalid with field errors "accounts[i].username",
// ".display_name", ".role", ".org_id" (and "duplicate" for a name given twice in the list);
// kNotFound with field errors "accounts[i].org_id" / ".member_id" for an organization or member
// record outside the caller's kManageUsers subtrees (or missing); kConflict "accounts[i].username"
// for a name already taken. Nothing is written unless every account is accepted.
Result<std::vector<IssuedPassword>> CreateAccounts(db::Connection& conn, const Scope& scope,
                                                   const std::vector<NewAccount>& accounts,
                                                   const audit::Actor& actor, int64_t now);

// A fresh one-time password from the OS CSPRNG: three groups of four characters from the 31 lower-case
// letters and digits without look-alikes (no 0/o, 1/l/i), e.g. "k7mq-x3pr-9tvw": 59 bits, 14 characters.
std::string GenerateOneTimePassword();

// An admin's reset: replaces the password of an account in scope with a one-time one, ends the
// account's sessions, audits "user.password_reset". kNotFound outside scope; kConflict for one's
// own account (change it on the account page instead).
Result<IssuedPassword> IssueOneTimePassword(db::Connection& conn, const Scope& scope, int64_t user_id,
                                            const audit::Actor& actor, int64_t now);

Result<std::vector<User>> ListUsers(db::Connection& conn, const Scope& scope);
Result<User> GetUser(db::Connection& conn, const Scope& scope, int64_t id);
Result<User> SetActive(db::Connection& conn, const Scope& scope, int64_t user_id, bool active,
                       const audit::Actor& actor, int64_t now);
// Links an account to its holder's member record (role "member" then reads that record), or
// unlinks it with std::nullopt. kManageUsers over the account; the member must exist.
Result<User> LinkMember(db::Connection& conn, const Scope& scope, int64_t user_id, std::optional<int64_t> member_id,
                        const audit::Actor& actor, int64_t now);
Result<Grant> AddGrant(db::Connection& conn, const Scope& scope, int64_t user_id, const std::string& role,
                       std::optional<int64_t> org_id, const audit::Actor& actor, int64_t now);
Status RemoveGrant(db::Connection& conn, const Scope& scope, int64_t user_id, int64_t grant_id,
                   const audit::Actor& actor, int64_t now);

// Who answers for each of `units` inside the subtree of `within` (a plan's or a round's issuing unit, never
// notified for its own units): the active office and secretary accounts granted on the nearest unit at or
// above it that has any, strictly below `within`. user -> the units they answer for (each unit once per user).
std::map<int64_t, std::vector<int64_t>> AnsweringFor(db::Connection& conn, const std::vector<int64_t>& units,
                                                     int64_t within);

// Validation shared by the service and the command line.
std::vector<FieldError> ValidateUsername(const std::string& username);
std::vector<FieldError> ValidatePassword(const std::string& password, const std::string& field = "password");

}  // namespace dv::auth
