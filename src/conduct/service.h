// conduct service: each unit's codes of conduct (chuẩn mực đạo đức), house rules (nội quy) and working rules
// (quy chế) as versioned documents, which version held on a day, and the office's overview of which units
// adopted or revised one in a period and which have none. Every change is audited in its transaction.
//
// Who may do what: kWrite on a unit adopts its norms and their new versions; kRead on it reads them, and so
// does a member of the unit's subtree (the norms that apply to them: their cell's and those of the units
// above it). The overview needs kRead on the unit it covers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "audit/audit.h"
#include "auth/scope.h"
#include "conduct/model.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::conduct {

boost::json::object ToJson(const Version& v);
boost::json::object ToJson(const Code& c);
boost::json::object ToJson(const UnitRow& u);

std::vector<Kind> Kinds(db::Connection& conn);

// A new norm (no code_id: org_id, kind and title; an existing title of the unit and kind is a field error)
// or a new version of one (code_id). Field errors: org_id, kind, title, adopted_on (a real day, not after
// today, not before the unit's founding, and for a new version after the last one's), body (required unless
// a document of the register is given), document_id, note. Audited "conduct.adopt" (with the version).
struct AdoptInput {
    std::optional<int64_t> code_id;
    std::optional<int64_t> org_id;
    std::string kind, title;
    std::string adopted_on;
    std::string body, note;
    std::optional<int64_t> document_id;
};
Result<Code> Adopt(db::Connection& conn, const auth::Scope& scope, const AdoptInput& in, const audit::Actor& actor,
                   int64_t now, const std::string& today);

// A unit's norms with the version in force on `on` (default unit: the caller's first writable unit, else
// their first readable one, else their own cell).
struct UnitCodes {
    int64_t org_id = 0;
    std::string org_name;
    std::string on;
    std::vector<Code> codes;
    bool can_write = false;
};
Result<UnitCodes> CodesOf(db::Connection& conn, const auth::Scope& scope, std::optional<int64_t> org_id,
                          const std::string& on);

// One norm with all its versions, newest first.
struct CodeRecord {
    Code code;
    std::vector<Version> versions;
    bool can_write = false;
};
Result<CodeRecord> GetCode(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& on);

// The overview of the subtree of `under` (default: the caller's first readable unit) over [from, to]: its
// units at grassroots level and below standing on `to`, counted, and listed by `which` ("changed": adopted a
// version in the period; "none": had no norm by `to`; "all"), paged. Field errors: from, to, which.
struct Overview {
    int64_t under = 0;
    std::string under_name, from, to, which;
    int64_t units = 0, with_codes = 0, changed = 0, none = 0;
    std::vector<UnitRow> rows;
    int64_t total = 0;
};
Result<Overview> OverviewOf(db::Connection& conn, const auth::Scope& scope, std::optional<int64_t> under,
                            const std::string& from, const std::string& to, const std::string& which, int page,
                            int page_size);

}  // namespace dv::conduct
