// install: setting up an empty install. `dangvu init` creates the root organization and the first
// admin granted on it in one transaction, refused once any organization exists; the web pipeline asks
// IsEmptyInstall() to show the "run dangvu init" page instead of signing anyone in. There is no way
// to do either from the web: whoever reaches an empty server first must not become its admin.
#pragma once

#include <string>

#include "audit/audit.h"
#include "auth/model.h"
#include "core/result.h"
#include "db/db.h"
#include "org/model.h"

namespace dv::auth {

struct InitRequest {
    std::string org_name;
    std::string org_code;
    std::string org_type = "bloc";  // org_types.code
    std::string founded_on;         // 'YYYY-MM-DD'; empty: today
    std::string admin_username;
    std::string admin_display_name;  // empty: the user name
    std::string admin_password;
};

struct InitResult {
    org::Org org;
    User admin;
};

// kConflict "error.not_empty" when any organization exists (nothing written). kInvalid with field
// errors named after the request: "org_name", "org_code", "org_type", "founded", "admin",
// "display_name", "password". Otherwise the organization (audited "org.create") and the admin account
// with its grant (audited "user.create", "grant.create") are committed together.
Result<InitResult> Init(db::Connection& conn, const InitRequest& in, const audit::Actor& actor, int64_t now,
                        const std::string& today);

// True while the database holds no organization (one indexed look-up).
bool IsEmptyInstall(db::Connection& conn);

}  // namespace dv::auth
