// importer users: accounts in bulk from one file (`dangvu import users`, the /users/import page), each with a
// random one-time password, created through auth::CreateAccounts in one transaction.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "auth/scope.h"
#include "auth/service.h"
#include "core/result.h"
#include "db/db.h"
#include "importer/columns.h"
#include "importer/importer.h"
#include "tabular/table.h"

namespace dv::importer {

// The columns, indexes into UserColumns().
enum class UserColumn { kUsername, kDisplayName, kRole, kOrgCode, kCardNumber };
// Tên đăng nhập/username, Họ và tên/display_name, Vai trò/role, Mã tổ chức/org_code (required), Số thẻ đảng
// viên/card_number (optional: links the account to that member's record).
std::span<const columns::Column> UserColumns();

struct UserImport {
    Report report;
    // One per account created, in file order (empty on a dry run or when rows were rejected). The passwords
    // exist only here: the caller shows them once or writes them to a private file.
    std::vector<auth::IssuedPassword> passwords;
};

// Imports `table` (row 0 the headers) as new accounts, as `actor` within `scope` (kManageUsers over each row's
// organization; one outside reads as unknown). All or nothing: every row is checked first (a valid user name
// not taken in the file or the database, a display name, a role by code or Vietnamese label, an active
// organization by code, a card number of an active member of that organization's subtree whose record no
// other account holds), and nothing is written when any row is rejected. kForbidden without kManageUsers;
// kInvalid (field "header") for an unusable header row.
Result<UserImport> ImportUsers(db::Connection& conn, const auth::Scope& scope, const tabular::Table& table,
                               bool dry_run, const audit::Actor& actor, int64_t now);

}  // namespace dv::importer
