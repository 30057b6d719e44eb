// auth model: roles, grants, users and sessions as plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dv::auth {

// A role is always granted on an organization subtree.
enum class Role { kAdmin, kOffice, kInspector, kSecretary, kMember };

const char* ToString(Role role);  // "admin", "office", ...
std::optional<Role> ParseRole(std::string_view s);
const std::vector<Role>& AllRoles();

struct Grant {
    int64_t id = 0;
    int64_t user_id = 0;
    Role role = Role::kMember;
    int64_t org_id = 0;
    std::string org_name;  // filled by reads that join orgs
};

struct User {
    int64_t id = 0;
    std::string username;
    std::string display_name;
    bool active = true;
    // The password was issued by someone else (a one-time password): the holder must change it
    // before anything else (the web pipeline sends them to the change form).
    bool must_change_password = false;
    int64_t created_at = 0;
    int64_t updated_at = 0;
    std::vector<Grant> grants;
};

// A signed-in session as the request sees it.
struct Session {
    int64_t id = 0;
    std::string csrf_token;
    int64_t expires_at = 0;
    int64_t last_seen_at = 0;
    User user;
};

}  // namespace dv::auth
