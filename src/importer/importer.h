// importer: bulk import of member records from a spreadsheet, with a row-by-row report of what was
// rejected and why, and the export that writes the same columns back.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"
#include "importer/message.h"
#include "org/model.h"
#include "tabular/table.h"

namespace dv::importer {

// The member fields a column can hold.
enum class Field {
    kFullName,
    kGender,
    kBirthDate,
    kEthnicity,
    kHometown,
    kAdmittedOn,
    kOfficialOn,
    kCardNumber,
    kPartyPosition,
    kGovPosition,
    kCitizenId,
    kPhone,
    kOrgCode,
};
inline constexpr int kFieldCount = 13;

// "full_name", ... (the English code name, also accepted as a header).
const char* CodeName(Field f);
// "Họ và tên", ... (the header export writes).
const char* VietnameseHeader(Field f);
// Whether a file must have the column (kOrgCode: unless Options::org_id names the cell).
bool Required(Field f);

// What a header cell means. Headers compare ignoring case, diacritics (đ as d), spaces, '_', '-' and
// '.': "HỌ VÀ TÊN", "ho va ten" and "full_name" are the same column.
struct HeaderMatch {
    enum class Kind { kField, kIgnored, kUnknown } kind = Kind::kUnknown;
    Field field = Field::kFullName;  // when kField
};
HeaderMatch MatchHeader(std::string_view header);

// One problem with one cell: what an office worker needs to find and fix it.
struct Reject {
    int line = 0;
    std::string column;  // the header as written in the file ("Ngày chính thức"), or an option ("--org")
    std::string value;   // the cell as written
    Message reason;      // rendered by each face in its language (importer/message.h)
};

struct Options {
    std::optional<int64_t> org_id;  // default cell, and the subtree every row must lie in
    bool dry_run = false;           // check everything, write nothing
    bool skip_invalid = false;      // write the good rows even when others are rejected
    // Called as rows are checked ("check") and written ("write"): done of total. May be empty.
    std::function<void(std::string_view phase, size_t done, size_t total)> progress;
};

struct Report {
    int64_t rows = 0;             // data rows in the file
    int64_t accepted = 0;         // rows that passed every check
    int64_t added = 0;            // members written (0 on a dry run, or when rows were rejected without skip_invalid)
    int64_t rejected = 0;         // rows with at least one problem
    std::vector<Reject> rejects;  // every problem, in line order
};

// Imports `table` (row 0 the headers) as new members, as `actor` within `scope` (kWrite on each
// member's cell). The file as a whole is refused, before any row is read, with kInvalid whose
// field_errors name each bad header (HeaderProblem: field "header", code unknown_column / duplicate_column /
// missing_column / unnamed_column / extra_values, message the catalogue key, params its values); kNotFound when options.org_id
// is not an organization the scope may write to. Otherwise the Report says what happened to each
// row: without skip_invalid nothing is written when any row is rejected; everything is written in one
// transaction, each member with its first placement; one "member.import" audit row per 1000 members
// (entity_id null, org_id options.org_id) holds {"count", "members": [each record as created]}.
// Runs the ICU work of the writes on a second thread; `options.progress` is called on this one.
Result<Report> ImportMembers(db::Connection& conn, const auth::Scope& scope, const tabular::Table& table,
                             const Options& options, const audit::Actor& actor, int64_t now, const std::string& today);

// The organizations `scope` may import members into (write permission; active ones), in tree order with
// their depth below the topmost: the choices of the upload page. kForbidden when no grant allows writing.
Result<std::vector<org::Org>> Destinations(db::Connection& conn, const auth::Scope& scope);

// The rejects as a sheet for tabular::WriteCsv: RejectsHeader(), then one row each, the reason rendered in
// `lang` from `i18n` (the reject report docs/import.md describes).
std::vector<std::vector<std::string>> RejectsSheet(const Report& report, const web::I18n& i18n, std::string_view lang);
// "line", "column", "value", "reason".
std::vector<std::string> RejectsHeader();

// The active members (probationary and official) of `org_id`'s subtree (all in scope when empty) as a
// sheet: Vietnamese headers, dates dd/mm/yyyy, gender Nam/Nữ, the cell's code; Vietnamese name order.
// ImportMembers reads it back into the same members. kNotFound when org_id is outside the scope.
// The column types of that sheet for tabular::WriteXlsx: the three dates as date cells, the rest (identifiers
// included) as text.
// Lets one transaction write a few hundred megabytes without spilling (SQLite's page cache; a no-op on
// PostgreSQL), for this connection: the import's bulk path, and `dangvu gen`. Call outside a transaction.
void PrepareBulkWrite(db::Connection& conn);

std::vector<tabular::CellKind> ExportColumnKinds();
Result<std::vector<std::vector<std::string>>> ExportMembers(db::Connection& conn, const auth::Scope& scope,
                                                            std::optional<int64_t> org_id, const std::string& today);

}  // namespace dv::importer
