// member service: member records within scope — create, read, update, transfer between cells —
// with the validation that the import will share. Every change is audited in its transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "audit/audit.h"
#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"
#include "member/model.h"
#include "member/store.h"

namespace dv::member {

boost::json::object ToJson(const Member& m);
boost::json::object ToJson(const Placement& p);

// Every problem with a record's fields (not the database checks: unique card, organization).
// Normalizes in place: names to NFC, gender words ("Nam", "Nữ") to codes, dates to ISO.
std::vector<FieldError> Validate(Member& m, const std::string& today);

// Readable by those with kRead over the member's organization, and by the member's own account.
Result<Member> Get(db::Connection& conn, const auth::Scope& scope, int64_t id);
// The member record of the signed-in account, if the account is linked to one.
std::optional<int64_t> OwnRecord(db::Connection& conn, const auth::Scope& scope);
Result<store::Page> List(db::Connection& conn, const auth::Scope& scope, const Filter& f, const std::string& today);
Result<std::vector<Placement>> History(db::Connection& conn, const auth::Scope& scope, int64_t id);

// A member who comes from a party organization outside the bloc (chuyển sinh hoạt đến): their
// membership here starts on `date` (not before admission, not in the future), from `from`.
struct Arrival {
    std::string date;  // 'YYYY-MM-DD'
    std::string from;  // the organization they come from, as written on the transfer letter
};

// A new member in cell `m.org_id` (kWrite there; the organization must hold members and be active).
// Their first placement starts at admission ("admitted"), or on arrival ("transfer_in").
Result<Member> Create(db::Connection& conn, const auth::Scope& scope, Member m, const audit::Actor& actor, int64_t now,
                      const std::string& today, const std::optional<Arrival>& arrival = std::nullopt);

// Changed fields only; empty optional = unchanged. The cell changes only through Transfer.
struct Patch {
    std::optional<std::string> full_name, gender, birth_date, ethnicity, hometown, admitted_on, official_on,
        card_number, party_position, gov_position, citizen_id, phone, status, status_since;
};
Result<Member> Update(db::Connection& conn, const auth::Scope& scope, int64_t id, const Patch& patch,
                      const audit::Actor& actor, int64_t now, const std::string& today);

// Moves an active member to another cell from `date` (chuyển sinh hoạt đảng). Both cells must be
// writable by the caller.
Result<Member> Transfer(db::Connection& conn, const auth::Scope& scope, int64_t id, std::optional<int64_t> to_org,
                        const std::string& date, const std::string& note, const audit::Actor& actor, int64_t now,
                        const std::string& today);

}  // namespace dv::member
