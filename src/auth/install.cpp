// install: `dangvu init` on an empty database, through the org and auth services.
#include "auth/install.h"

#include <map>

#include "auth/service.h"
#include "org/service.h"

namespace dv::auth {

namespace {
// The services' field names, as the request (and the command line's flags) call them.
const std::map<std::string, std::string> kOrgFields = {
    {"name", "org_name"}, {"code", "org_code"}, {"type", "org_type"}, {"founded_on", "founded"}};
const std::map<std::string, std::string> kUserFields = {
    {"username", "admin"}, {"display_name", "display_name"}, {"password", "password"}};

Error Renamed(Error e, const std::map<std::string, std::string>& names) {
    for (auto& f : e.field_errors) {
        auto it = names.find(f.field);
        if (it != names.end()) f.field = it->second;
    }
    return e;
}
}  // namespace

bool IsEmptyInstall(db::Connection& conn) { return !org::HasAny(conn); }

Result<InitResult> Init(db::Connection& conn, const InitRequest& in, const audit::Actor& actor, int64_t now,
                        const std::string& today) {
    // The account's own checks first, so one run reports every bad argument it can.
    std::vector<FieldError> user_errors = ValidateUsername(in.admin_username);
    for (auto& e : ValidatePassword(in.admin_password)) user_errors.push_back(e);

    db::Transaction tx(conn);
    // Two `init` runs at once on PostgreSQL would otherwise both see no organization and make two roots.
    constexpr int64_t kInitLock = 0x64616e67'76750001;  // "dangvu" + 1
    db::SerializeWith(conn, kInitLock);
    if (org::HasAny(conn)) return Error::Conflict("error.not_empty");
    const auto system = Scope::System();
    auto org = org::Create(conn, system,
                           {std::nullopt, in.org_code, in.org_name, in.org_type.empty() ? "bloc" : in.org_type,
                            in.founded_on, ""},
                           actor, now, today);
    if (!org.ok() || !user_errors.empty()) {
        Error e = org.ok() ? Error::Invalid({}) : Renamed(org.take_error(), kOrgFields);
        if (e.code != ErrorCode::kInvalid) return e;
        for (auto& f : Renamed(Error::Invalid(user_errors), kUserFields).field_errors) e.field_errors.push_back(f);
        return e;
    }
    std::string display_name = in.admin_display_name.empty() ? in.admin_username : in.admin_display_name;
    auto admin = CreateUser(conn, system, {in.admin_username, display_name, in.admin_password, "admin", org->id},
                            actor, now);
    if (!admin.ok()) return Renamed(admin.take_error(), kUserFields);
    tx.Commit();
    return InitResult{std::move(org).value(), std::move(admin).value()};
}

}  // namespace dv::auth
