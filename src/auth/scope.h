// Scope: what a caller may see and do, derived from their grants. Every store read takes one and
// filters in SQL by the organization subtrees it allows for the permission at hand.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/model.h"

namespace dv::auth {

// Kinds of action. Each role allows some of them on the subtrees it is granted on.
enum class Permission {
    kRead,         // see records of organizations (admin, office, inspector, secretary)
    kWrite,        // change records of organizations (admin, office, secretary)
    kInspect,      // inspection and supervision work (admin, office, inspector)
    kManageUsers,  // accounts and role grants (admin)
    kReadAudit,    // the audit log (admin, office)
};

bool RoleAllows(Role role, Permission p);

class Scope {
public:
    Scope() = default;  // nobody: allows nothing
    Scope(int64_t user_id, std::string username, std::vector<Grant> grants)
        : user_id_(user_id), username_(std::move(username)), grants_(std::move(grants)) {}

    // A scope for command-line tools run by the operator: everything.
    static Scope System();

    int64_t user_id() const { return user_id_; }
    const std::string& username() const { return username_; }
    const std::vector<Grant>& grants() const { return grants_; }
    bool is_system() const { return system_; }
    bool signed_in() const { return user_id_ != 0 || system_; }

    // Roots of the subtrees where `p` is allowed (may overlap; stores filter with IN over them).
    std::vector<int64_t> Roots(Permission p) const;
    // True when any grant allows `p` somewhere. A false answer means 403 for the whole feature;
    // a true answer still needs the per-record subtree filter (out of scope -> 404).
    bool AnyAllows(Permission p) const;
    bool HasRole(Role role) const;
    // The units of the caller's office and secretary grants: those they answer for (their tasks to do,
    // their reports to fill; auth::AnsweringFor is the same rule seen from the units).
    std::vector<int64_t> AnsweringUnits() const;

private:
    int64_t user_id_ = 0;
    std::string username_;
    std::vector<Grant> grants_;
    bool system_ = false;
};

}  // namespace dv::auth
