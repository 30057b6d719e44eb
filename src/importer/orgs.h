// importer orgs: a bloc's organizations from one file (`dangvu import orgs`, the /orgs/import page), in
// any order, checked as a whole, created through the org service; and the export that writes them back.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"
#include "importer/columns.h"
#include "importer/importer.h"
#include "tabular/table.h"

namespace dv::importer {

// The columns, indexes into OrgColumns().
enum class OrgColumn { kCode, kName, kType, kParentCode, kFoundedOn };
// Mã tổ chức/code, Tên tổ chức/name, Loại tổ chức/type, Mã tổ chức cấp trên/parent_code (the first
// three and parent_code required as columns; parent_code may be empty only for the top organization),
// Ngày thành lập/founded_on (optional).
std::span<const columns::Column> OrgColumns();

struct OrgOptions {
    bool dry_run = false;  // check everything, write nothing
    // Called as rows are checked ("check") and written ("write"): done of total. May be empty.
    std::function<void(std::string_view phase, size_t done, size_t total)> progress;
};

// Whether `scope` may import organizations: office staff and admins (the roles that keep a bloc's
// organization records; secretaries add their own units one by one), and the operator (system scope).
bool MayImportOrgs(const auth::Scope& scope);

// Imports `table` (row 0 the headers) as new organizations, as `actor` within `scope`. All or nothing:
// every row is checked first (the rules are in docs/import.md: code unique in the file and the
// database, a known type, a parent in the file or in the database where the scope may write, no cycle,
// a type whose level lies below its parent's, a real date not in the future nor before the parent's
// founding), and nothing is written when any row is rejected. Otherwise the rows are created parents
// first through org::Create, each with its create event and its own "org.create" audit row, in one
// transaction. An empty founding date is the parent's (today for a top organization). A row without a
// parent code is the top organization: allowed once, on a database without organizations, for the
// operator (system scope). kForbidden unless MayImportOrgs; kInvalid (field "header") for an
// unusable header row, as ImportMembers. Report::added counts organizations written.
Result<Report> ImportOrgs(db::Connection& conn, const auth::Scope& scope, const tabular::Table& table,
                          const OrgOptions& options, const audit::Actor& actor, int64_t now, const std::string& today);

// The active organizations the scope may read, in tree order, as a sheet ImportOrgs reads back: the
// Vietnamese headers, the type's Vietnamese name, the parent's code ('' for the top one), the founding
// date dd/mm/yyyy. Ended (merged, split, dissolved) organizations are left out: the file describes
// today's tree. kForbidden when no grant allows reading.
Result<std::vector<std::vector<std::string>>> ExportOrgs(db::Connection& conn, const auth::Scope& scope);

}  // namespace dv::importer
