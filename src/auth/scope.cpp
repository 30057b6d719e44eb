// Scope: the role/permission table.
#include "auth/scope.h"

#include <algorithm>

namespace dv::auth {

const char* ToString(Role role) {
    switch (role) {
        case Role::kAdmin: return "admin";
        case Role::kOffice: return "office";
        case Role::kInspector: return "inspector";
        case Role::kSecretary: return "secretary";
        case Role::kMember: return "member";
    }
    return "member";
}

std::optional<Role> ParseRole(std::string_view s) {
    for (Role r : AllRoles())
        if (s == ToString(r)) return r;
    return std::nullopt;
}

const std::vector<Role>& AllRoles() {
    static const std::vector<Role> kAll = {Role::kAdmin, Role::kOffice, Role::kInspector, Role::kSecretary,
                                           Role::kMember};
    return kAll;
}

bool RoleAllows(Role role, Permission p) {
    switch (p) {
        case Permission::kRead:
            return role == Role::kAdmin || role == Role::kOffice || role == Role::kInspector ||
                   role == Role::kSecretary;
        case Permission::kWrite: return role == Role::kAdmin || role == Role::kOffice || role == Role::kSecretary;
        case Permission::kInspect: return role == Role::kAdmin || role == Role::kOffice || role == Role::kInspector;
        case Permission::kManageUsers: return role == Role::kAdmin;
        case Permission::kReadAudit: return role == Role::kAdmin || role == Role::kOffice;
    }
    return false;
}

Scope Scope::System() {
    Scope s;
    s.system_ = true;
    s.username_ = "system";
    return s;
}

std::vector<int64_t> Scope::Roots(Permission p) const {
    std::vector<int64_t> roots;
    for (const auto& g : grants_)
        if (RoleAllows(g.role, p)) roots.push_back(g.org_id);
    std::sort(roots.begin(), roots.end());
    roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
    return roots;
}

bool Scope::AnyAllows(Permission p) const {
    if (system_) return true;
    return std::any_of(grants_.begin(), grants_.end(), [p](const Grant& g) { return RoleAllows(g.role, p); });
}

bool Scope::HasRole(Role role) const {
    return std::any_of(grants_.begin(), grants_.end(), [role](const Grant& g) { return g.role == role; });
}

std::vector<int64_t> Scope::AnsweringUnits() const {
    std::vector<int64_t> out;
    for (const auto& g : grants_)
        if (g.role == Role::kSecretary || g.role == Role::kOffice) out.push_back(g.org_id);
    return out;
}

}  // namespace dv::auth
