// auth service: the rules of accounts and sessions.
#include "auth/service.h"

#include <algorithm>
#include <map>

#include "auth/password.h"
#include "auth/store.h"
#include "core/crypto.h"
#include "core/text.h"
#include "core/time.h"
#include "member/service.h"
#include "org/service.h"

namespace dv::auth {

namespace {
constexpr int64_t kMinute = 60 * 1000;
// last_seen_at is refreshed at most this often, so reads do not all become writes.
constexpr int64_t kTouchInterval = 5 * kMinute;

std::optional<int64_t> HomeOrg(const User& u) {
    if (u.grants.empty()) return std::nullopt;
    return u.grants.front().org_id;
}

std::vector<FieldError> ValidateDisplayName(const std::string& display_name) {
    if (display_name.empty()) return {{"display_name", "required", "field.required"}};
    if (text::Utf8Length(display_name) > 100) return {{"display_name", "too_long", "field.too_long"}};
    return {};
}

std::vector<FieldError> ValidateRole(const std::string& role) {
    if (ParseRole(role)) return {};
    if (role.empty()) return {{"role", "required", "field.required"}};
    return {{"role", "invalid_choice", "field.invalid_choice"}};
}

// Prefixes each error's field ("username" -> "accounts[3].username") and appends it to `out`.
void AddPrefixed(std::vector<FieldError>& out, const std::string& prefix, std::vector<FieldError> errors) {
    for (auto& e : errors) {
        e.field = prefix + e.field;
        out.push_back(std::move(e));
    }
}

boost::json::value SessionJson(const Session& s, const std::string& ip) {
    return boost::json::object{{"user_id", s.user.id}, {"username", s.user.username}, {"ip", ip}};
}
}  // namespace

boost::json::object ToJson(const Grant& g) {
    return {{"id", g.id}, {"role", ToString(g.role)}, {"org_id", g.org_id}, {"org_name", g.org_name}};
}

boost::json::object ToJson(const User& u) {
    boost::json::array grants;
    for (const auto& g : u.grants) grants.push_back(ToJson(g));
    return {{"id", u.id},
            {"username", u.username},
            {"display_name", u.display_name},
            {"active", u.active},
            {"must_change_password", u.must_change_password},
            {"created_at", time::FormatIsoUtc(u.created_at)},
            {"grants", std::move(grants)}};
}

Scope ScopeOf(const Session& s) { return Scope(s.user.id, s.user.username, s.user.grants); }

std::vector<FieldError> ValidateUsername(const std::string& username) {
    if (username.empty()) return {{"username", "required", "field.required"}};
    if (username.size() < 3) return {{"username", "too_short", "field.too_short"}};
    if (username.size() > 64) return {{"username", "too_long", "field.too_long"}};
    for (char c : username) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return {{"username", "invalid_chars", "field.username_chars"}};
    }
    return {};
}

std::vector<FieldError> ValidatePassword(const std::string& password, const std::string& field) {
    if (password.empty()) return {{field, "required", "field.required"}};
    size_t len = text::Utf8Length(password);
    if (len < kMinPasswordLength) return {{field, "too_short", "field.password_short"}};
    if (len > 200) return {{field, "too_long", "field.too_long"}};
    return {};
}

int64_t ThrottleDelayMs(int64_t failures) {
    if (failures < kFreeFailuresPerPair) return 0;
    const int64_t doublings = failures - kFreeFailuresPerPair;  // 0, 1, 2, ...
    return doublings >= 4 ? 15 * kMinute : (int64_t{1} << doublings) * kMinute;
}

Result<LoginResult> Login(db::Connection& conn, const std::string& username_in, const std::string& password,
                          const std::string& ip, const std::string& user_agent, int64_t now, int session_hours) {
    std::string username = text::AsciiLower(text::Trim(username_in));
    std::vector<FieldError> missing;
    if (username.empty()) missing.push_back({"username", "required", "field.required"});
    if (password.empty()) missing.push_back({"password", "required", "field.required"});
    if (!missing.empty()) return Error::Invalid(missing);

    audit::Actor anonymous{0, username, ip};
    auto counts = store::CountFailures(conn, username, ip, now - kFailureWindowMs, now - kAddressWindowMs);
    // The wait is the longer of the two holds: the pair's delay after its last failure, and, for a busy
    // address, until the failure that filled its allowance leaves the window.
    int64_t release_at = counts.last_pair_at + ThrottleDelayMs(counts.by_pair);
    if (counts.by_ip >= kMaxFailuresPerAddress)
        release_at = std::max(release_at, store::NthLatestAddressFailure(conn, ip, now - kAddressWindowMs,
                                                                         kMaxFailuresPerAddress) +
                                              kAddressWindowMs);
    if (now < release_at) {
        db::Transaction tx(conn);
        audit::Append(conn, anonymous, now, "session.throttled", "session", std::nullopt, std::nullopt, nullptr,
                      boost::json::object{{"username", username}, {"ip", ip}});
        tx.Commit();
        return Error::Throttled((release_at - now + 999) / 1000);  // whole seconds, rounded up
    }

    auto creds = store::FindCredentials(conn, username);
    // Spend the same time whether or not the user exists.
    bool match = VerifyPassword(creds ? creds->password_hash : DummyHash(), password);
    if (!creds || !match || !creds->user.active) {
        db::Transaction tx(conn);
        store::InsertFailure(conn, username, ip, now);
        store::DeleteFailuresBefore(conn, now - std::max(kFailureWindowMs, kAddressWindowMs));
        audit::Append(conn, anonymous, now, "session.login_failed", "session", std::nullopt, std::nullopt, nullptr,
                      boost::json::object{{"username", username}, {"ip", ip}});
        tx.Commit();
        return Error{ErrorCode::kUnauthenticated, "field.bad_credentials", {{"password", "bad_credentials", "field.bad_credentials"}}};
    }

    LoginResult out;
    out.token = crypto::RandomToken(32);
    db::Transaction tx(conn);
    Session& s = out.session;
    s.csrf_token = crypto::RandomToken(32);
    s.expires_at = now + int64_t{session_hours} * 60 * kMinute;
    s.last_seen_at = now;
    s.user = creds->user;
    s.user.grants = store::GrantsOf(conn, s.user.id);
    store::InsertSession(conn, crypto::Sha256Hex(out.token), s.user.id, s.csrf_token, now, s.expires_at, ip,
                         user_agent.substr(0, 300), s.id);
    store::DeleteExpiredSessions(conn, now);
    audit::Append(conn, {s.user.id, s.user.username, ip}, now, "session.create", "session", s.id, HomeOrg(s.user),
                  nullptr, SessionJson(s, ip));
    tx.Commit();
    return out;
}

Result<Session> Authenticate(db::Connection& conn, const std::string& token, int64_t now) {
    if (token.empty() || token.size() > 128) return Error::Unauthenticated();
    auto s = store::FindSession(conn, crypto::Sha256Hex(token), now);
    if (!s) return Error::Unauthenticated();
    if (now - s->last_seen_at > kTouchInterval) store::TouchSession(conn, s->id, now);
    return *s;
}

Status Logout(db::Connection& conn, const Session& session, const audit::Actor& actor, int64_t now) {
    db::Transaction tx(conn);
    store::DeleteSession(conn, session.id);
    audit::Append(conn, actor, now, "session.delete", "session", session.id, HomeOrg(session.user),
                  SessionJson(session, actor.ip), nullptr);
    tx.Commit();
    return {};
}

Status ChangePassword(db::Connection& conn, const Session& session, const PasswordChange& in,
                      const audit::Actor& actor, int64_t now) {
    std::vector<FieldError> errors;
    if (in.current_password.empty()) errors.push_back({"current_password", "required", "field.required"});
    for (auto& e : ValidatePassword(in.new_password, "new_password")) errors.push_back(e);
    if (in.new_password_confirm != in.new_password)
        errors.push_back({"new_password_confirm", "mismatch", "field.mismatch"});
    // A one-time password was seen by whoever issued it: keeping it would defeat the point.
    if (session.user.must_change_password && errors.empty() && in.new_password == in.current_password)
        errors.push_back({"new_password", "same_as_one_time", "field.same_as_one_time"});
    if (!errors.empty()) return Error::Invalid(errors);
    auto hash = store::PasswordHash(conn, session.user.id);
    if (!hash || !VerifyPassword(*hash, in.current_password))
        return Error::InvalidField("current_password", "wrong_password", "field.wrong_password");
    std::string new_hash = HashPassword(in.new_password);
    db::Transaction tx(conn);
    store::UpdatePassword(conn, session.user.id, new_hash, false, now);
    store::DeleteSessionsOfUser(conn, session.user.id, session.id);
    audit::Append(conn, actor, now, "user.password", "user", session.user.id, HomeOrg(session.user), nullptr,
                  boost::json::object{{"password_changed", true}});
    tx.Commit();
    return {};
}

Result<User> CreateUser(db::Connection& conn, const Scope& scope, const NewUser& in_raw, const audit::Actor& actor,
                        int64_t now) {
    if (!scope.AnyAllows(Permission::kManageUsers)) return Error::Forbidden();
    NewUser in = in_raw;
    in.username = text::AsciiLower(text::Trim(in.username));
    in.display_name = std::string(text::Trim(in.display_name));
    std::vector<FieldError> errors = ValidateUsername(in.username);
    for (auto& e : ValidateDisplayName(in.display_name)) errors.push_back(e);
    for (auto& e : ValidatePassword(in.password)) errors.push_back(e);
    for (auto& e : ValidateRole(in.role)) errors.push_back(e);
    auto role = ParseRole(in.role);
    if (!in.org_id) errors.push_back({"org_id", "required", "field.required"});
    if (!errors.empty()) return Error::Invalid(errors);

    std::string hash = HashPassword(in.password);
    db::Transaction tx(conn);
    auto org = org::Find(conn, scope, Permission::kManageUsers, *in.org_id);
    if (!org) return Error::NotFound();
    if (store::FindCredentials(conn, in.username))
        return Error::Conflict("error.conflict", {{"username", "taken", "field.taken"}});
    User u;
    u.id = store::InsertUser(conn, in.username, in.display_name, hash, false, now);
    u.username = in.username;
    u.display_name = in.display_name;
    u.created_at = u.updated_at = now;
    Grant g{0, u.id, *role, org->id, org->name};
    g.id = store::InsertGrant(conn, u.id, *role, org->id, now);
    u.grants.push_back(g);
    boost::json::object after = ToJson(u);
    audit::Append(conn, actor, now, "user.create", "user", u.id, org->id, nullptr, after);
    audit::Append(conn, actor, now, "grant.create", "grant", g.id, org->id, nullptr, ToJson(g));
    tx.Commit();
    return u;
}

Status ResetPassword(db::Connection& conn, const std::string& username, const std::string& password,
                     const audit::Actor& actor, int64_t now) {
    auto errors = ValidatePassword(password);
    if (!errors.empty()) return Error::Invalid(errors);
    std::string hash = HashPassword(password);
    db::Transaction tx(conn);
    auto creds = store::FindCredentials(conn, text::AsciiLower(username));
    if (!creds) return Error::NotFound("no user named " + username);
    auto user = store::GetUser(conn, creds->user.id);
    store::UpdatePassword(conn, creds->user.id, hash, false, now);
    store::DeleteSessionsOfUser(conn, creds->user.id, 0);
    audit::Append(conn, actor, now, "user.password", "user", creds->user.id, HomeOrg(*user), nullptr,
                  boost::json::object{{"password_changed", true}});
    tx.Commit();
    return {};
}

std::string GenerateOneTimePassword() {
    // Lower-case letters and digits without look-alikes (0/o, 1/l/i): 31 symbols.
    static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    // Bytes at or above the largest multiple of 31 are drawn again, so every symbol is equally likely.
    constexpr unsigned kLimit = 256 - 256 % kAlphabet.size();
    constexpr size_t kGroups = 3, kGroupSize = 4;
    std::string out;
    size_t drawn = 0;
    while (drawn < kGroups * kGroupSize) {
        for (char c : crypto::RandomBytes(16)) {
            unsigned b = static_cast<unsigned char>(c);
            if (b >= kLimit || drawn == kGroups * kGroupSize) continue;
            if (drawn > 0 && drawn % kGroupSize == 0) out.push_back('-');
            out.push_back(kAlphabet[b % kAlphabet.size()]);
            ++drawn;
        }
    }
    return out;
}

Result<std::vector<IssuedPassword>> CreateAccounts(db::Connection& conn, const Scope& scope,
                                                   const std::vector<NewAccount>& accounts_in,
                                                   const audit::Actor& actor, int64_t now) {
    if (!scope.AnyAllows(Permission::kManageUsers)) return Error::Forbidden();
    std::vector<NewAccount> accounts = accounts_in;
    std::vector<FieldError> errors;
    std::map<std::string, size_t> first_use;
    for (size_t i = 0; i < accounts.size(); ++i) {
        auto& a = accounts[i];
        a.username = text::AsciiLower(text::Trim(a.username));
        a.display_name = std::string(text::Trim(a.display_name));
        a.role = std::string(text::Trim(a.role));
        const std::string prefix = "accounts[" + std::to_string(i) + "].";
        auto name_errors = ValidateUsername(a.username);
        if (name_errors.empty() && !first_use.emplace(a.username, i).second)
            name_errors.push_back({"username", "duplicate", "field.duplicate_in_list"});
        AddPrefixed(errors, prefix, std::move(name_errors));
        AddPrefixed(errors, prefix, ValidateDisplayName(a.display_name));
        AddPrefixed(errors, prefix, ValidateRole(a.role));
        if (a.org_id <= 0) errors.push_back({prefix + "org_id", "required", "field.required"});
    }
    if (!errors.empty()) return Error::Invalid(errors);

    // argon2 takes tens of milliseconds an account: hash before the transaction opens.
    std::vector<IssuedPassword> issued(accounts.size());
    std::vector<std::string> hashes(accounts.size());
    for (size_t i = 0; i < accounts.size(); ++i) {
        issued[i].username = accounts[i].username;
        issued[i].password = GenerateOneTimePassword();
        hashes[i] = HashPassword(issued[i].password);
    }

    db::Transaction tx(conn);
    std::vector<FieldError> missing, taken;
    std::map<int64_t, std::optional<org::Org>> orgs;
    for (size_t i = 0; i < accounts.size(); ++i) {
        const auto& a = accounts[i];
        const std::string prefix = "accounts[" + std::to_string(i) + "].";
        auto it = orgs.find(a.org_id);
        if (it == orgs.end())
            it = orgs.emplace(a.org_id, org::Find(conn, scope, Permission::kManageUsers, a.org_id)).first;
        if (!it->second) missing.push_back({prefix + "org_id", "not_found", "field.org_not_found"});
        if (a.member_id && !member::Find(conn, scope, Permission::kManageUsers, *a.member_id))
            missing.push_back({prefix + "member_id", "not_found", "field.member_not_found"});
        if (store::FindCredentials(conn, a.username)) taken.push_back({prefix + "username", "taken", "field.taken"});
    }
    if (!missing.empty()) return Error{ErrorCode::kNotFound, "error.not_found", std::move(missing)};
    if (!taken.empty()) return Error::Conflict("error.conflict", std::move(taken));

    for (size_t i = 0; i < accounts.size(); ++i) {
        const auto& a = accounts[i];
        const auto& org = *orgs.at(a.org_id);
        User u;
        u.id = store::InsertUser(conn, a.username, a.display_name, hashes[i], true, now);
        u.username = a.username;
        u.display_name = a.display_name;
        u.must_change_password = true;
        u.created_at = u.updated_at = now;
        Role role = *ParseRole(a.role);
        u.grants.push_back({store::InsertGrant(conn, u.id, role, org.id, now), u.id, role, org.id, org.name});
        if (a.member_id) store::SetMember(conn, u.id, a.member_id, now);
        boost::json::object after = ToJson(u);
        after["member_id"] = a.member_id ? boost::json::value(*a.member_id) : boost::json::value(nullptr);
        audit::Append(conn, actor, now, "user.create", "user", u.id, org.id, nullptr, after);
        issued[i].user_id = u.id;
    }
    tx.Commit();
    return issued;
}

Result<IssuedPassword> IssueOneTimePassword(db::Connection& conn, const Scope& scope, int64_t user_id,
                                            const audit::Actor& actor, int64_t now) {
    if (!scope.AnyAllows(Permission::kManageUsers)) return Error::Forbidden();
    IssuedPassword out;
    out.user_id = user_id;
    out.password = GenerateOneTimePassword();
    std::string hash = HashPassword(out.password);
    db::Transaction tx(conn);
    auto u = store::GetUserInScope(conn, scope, user_id);
    if (!u) return Error::NotFound();
    if (u->id == scope.user_id()) return Error::Conflict("error.reset_self");
    out.username = u->username;
    store::UpdatePassword(conn, u->id, hash, true, now);
    store::DeleteSessionsOfUser(conn, u->id, 0);
    audit::Append(conn, actor, now, "user.password_reset", "user", u->id, HomeOrg(*u),
                  boost::json::object{{"must_change_password", u->must_change_password}},
                  boost::json::object{{"must_change_password", true}});
    tx.Commit();
    return out;
}

Result<std::vector<User>> ListUsers(db::Connection& conn, const Scope& scope) {
    if (!scope.AnyAllows(Permission::kManageUsers)) return Error::Forbidden();
    return store::ListUsers(conn, scope);
}

Result<User> GetUser(db::Connection& conn, const Scope& scope, int64_t id) {
    // Everyone may read their own account; other accounts need kManageUsers over them.
    if (id == scope.user_id()) {
        if (auto u = store::GetUser(conn, id)) return *u;
    }
    if (!scope.AnyAllows(Permission::kManageUsers)) return Error::Forbidden();
    auto u = store::GetUserInScope(conn, scope, id);
    if (!u) return Error::NotFound();
    return *u;
}

Result<User> SetActive(db::Connection& conn, const Scope& scope, int64_t user_id, bool active,
                       const audit::Actor& actor, int64_t now) {
    if (!scope.AnyAllows(Permission::kManageUsers)) return Error::Forbidden();
    db::Transaction tx(conn);
    auto u = store::GetUserInScope(conn, scope, user_id);
    if (!u) return Error::NotFound();
    if (u->id == scope.user_id() && !active) return Error::Conflict("error.lock_self");
    if (u->active != active) {
        store::SetActive(conn, u->id, active, now);
        if (!active) store::DeleteSessionsOfUser(conn, u->id, 0);
        audit::Append(conn, actor, now, "user.update", "user", u->id, HomeOrg(*u), boost::json::object{{"active", u->active}},
                      boost::json::object{{"active", active}});
        u->active = active;
        u->updated_at = now;
    }
    tx.Commit();
    return *u;
}

Result<User> LinkMember(db::Connection& conn, const Scope& scope, int64_t user_id, std::optional<int64_t> member_id,
                        const audit::Actor& actor, int64_t now) {
    if (!scope.AnyAllows(Permission::kManageUsers)) return Error::Forbidden();
    db::Transaction tx(conn);
    auto u = store::GetUserInScope(conn, scope, user_id);
    if (!u) return Error::NotFound();
    if (member_id && !member::FindAny(conn, *member_id))
        return Error::InvalidField("member_id", "not_found", "field.member_not_found");
    auto before = store::MemberOfUser(conn, user_id);
    store::SetMember(conn, user_id, member_id, now);
    auto json = [](std::optional<int64_t> v) { return v ? boost::json::value(*v) : boost::json::value(nullptr); };
    audit::Append(conn, actor, now, "user.update", "user", u->id, HomeOrg(*u), boost::json::object{{"member_id", json(before)}},
                  boost::json::object{{"member_id", json(member_id)}});
    tx.Commit();
    return *u;
}

Result<Grant> AddGrant(db::Connection& conn, const Scope& scope, int64_t user_id, const std::string& role_in,
                       std::optional<int64_t> org_id, const audit::Actor& actor, int64_t now) {
    if (!scope.AnyAllows(Permission::kManageUsers)) return Error::Forbidden();
    std::vector<FieldError> errors;
    auto role = ParseRole(role_in);
    if (!role) errors.push_back({"role", role_in.empty() ? "required" : "invalid_choice",
                                 role_in.empty() ? "field.required" : "field.invalid_choice"});
    if (!org_id) errors.push_back({"org_id", "required", "field.required"});
    if (!errors.empty()) return Error::Invalid(errors);
    db::Transaction tx(conn);
    auto u = store::GetUserInScope(conn, scope, user_id);
    if (!u) return Error::NotFound();
    auto org = org::Find(conn, scope, Permission::kManageUsers, *org_id);
    if (!org) return Error::NotFound();
    if (store::GrantExists(conn, user_id, *role, *org_id))
        return Error::Conflict("error.conflict", {{"role", "taken", "field.grant_exists"}});
    Grant g{0, user_id, *role, org->id, org->name};
    g.id = store::InsertGrant(conn, user_id, *role, org->id, now);
    audit::Append(conn, actor, now, "grant.create", "grant", g.id, org->id, nullptr, ToJson(g));
    tx.Commit();
    return g;
}

Status RemoveGrant(db::Connection& conn, const Scope& scope, int64_t user_id, int64_t grant_id,
                   const audit::Actor& actor, int64_t now) {
    if (!scope.AnyAllows(Permission::kManageUsers)) return Error::Forbidden();
    db::Transaction tx(conn);
    auto u = store::GetUserInScope(conn, scope, user_id);
    if (!u) return Error::NotFound();
    auto g = store::GetGrant(conn, user_id, grant_id);
    if (!g || !org::Find(conn, scope, Permission::kManageUsers, g->org_id)) return Error::NotFound();
    if (user_id == scope.user_id()) return Error::Conflict("error.own_grant");
    store::DeleteGrant(conn, grant_id);
    audit::Append(conn, actor, now, "grant.delete", "grant", grant_id, g->org_id, ToJson(*g), nullptr);
    tx.Commit();
    return {};
}

std::map<int64_t, std::vector<int64_t>> AnsweringFor(db::Connection& conn, const std::vector<int64_t>& units,
                                                     int64_t within) {
    // The nearest distance with a writer, per unit; then those writers.
    std::map<int64_t, int64_t> nearest;
    auto rows = store::WritersAbove(conn, units, within);
    for (const auto& [unit, user, distance] : rows) {
        auto [it, added] = nearest.emplace(unit, distance);
        if (!added && distance < it->second) it->second = distance;
    }
    std::map<int64_t, std::vector<int64_t>> out;
    for (const auto& [unit, user, distance] : rows)
        if (nearest[unit] == distance) {
            auto& list = out[user];
            if (std::find(list.begin(), list.end(), unit) == list.end()) list.push_back(unit);
        }
    return out;
}

}  // namespace dv::auth
