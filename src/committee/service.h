// committee service: who sits on an organization's committee (bí thư, phó bí thư, cấp ủy viên…)
// as of any date, appointments and ends of terms, each audited in its transaction. Terms also end
// on their own when the holder leaves the organization's subtree, stops being an active member,
// or the organization ends (merge, split, dissolve): services of those features call the
// End*OnLeave functions inside their own transactions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "audit/audit.h"
#include "auth/scope.h"
#include "committee/model.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::committee {

boost::json::object ToJson(const Position& p);
boost::json::object ToJson(const Role& r);

std::vector<Role> Roles(db::Connection& conn);

// The committee of `org_id` as it was on `date` ('YYYY-MM-DD'); every term ever when `date` is
// empty. kNotFound when the organization is out of scope (for every role) or missing.
Result<std::vector<Position>> OfOrg(db::Connection& conn, const auth::Scope& scope, int64_t org_id,
                                    const std::string& date);
// Every term a member held (their profile). The member must be readable (member::Get's rule).
Result<std::vector<Position>> OfMember(db::Connection& conn, const auth::Scope& scope, int64_t member_id);

struct Appointment {
    std::optional<int64_t> member_id;
    std::string role;       // committee_roles.code
    std::string from_date;  // 'YYYY-MM-DD'; empty: today. Not in the future.
    std::string decision;   // the decision that appointed them
};

// Appoints an active member whose cell lies in the organization's subtree to a seat of its
// committee. A seat with a limit (bí thư: one) that is full is handed over: the holders' terms end
// on the new term's first day (end_reason "replaced"), each audited. kWrite on the organization.
Result<Position> Appoint(db::Connection& conn, const auth::Scope& scope, int64_t org_id, const Appointment& in,
                         const audit::Actor& actor, int64_t now, const std::string& today);

// Ends a term on `to_date` (empty: today), after its first day and not in the future.
Result<Position> End(db::Connection& conn, const auth::Scope& scope, int64_t org_id, int64_t position_id,
                     const std::string& to_date, const std::string& decision, const audit::Actor& actor, int64_t now,
                     const std::string& today);

// Ends, on `date`, the open terms of `member_id` in organizations whose subtree does not hold
// `new_cell` (every open term when it is empty). The caller holds a write transaction; each end
// is audited. Returns how many ended.
int EndTermsOfMember(db::Connection& conn, int64_t member_id, std::optional<int64_t> new_cell, const std::string& date,
                     const std::string& reason, const audit::Actor& actor, int64_t now);
// Ends, on `date`, every open term of an organization that ends (merge, split, dissolve).
int EndTermsOfOrg(db::Connection& conn, int64_t org_id, const std::string& date, const audit::Actor& actor,
                  int64_t now);

// Installs EndTermsOfMember and EndTermsOfOrg as the reactions of member/ and org/ (features::Connect).
void Connect();

}  // namespace dv::committee
