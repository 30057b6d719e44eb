// member service: member records within scope — create, read, update, transfer between cells —
// with the validation that the import will share. Every change is audited in its transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
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
// Normalizes in place: names to NFC, gender words ("Nam", "Nữ") to codes, dates to ISO, card numbers,
// citizen ids and phones to their digits (NormalizePhone). The rules, each with its own field.* key:
// a name of letters with spaces, hyphens and apostrophes (name_chars); dates not in the future, each field
// with its own message (birth_in_future, ...); at least 18 years old on the admission date (Party Statute,
// Article 1: too_young); the identifier rules below (citizen_id_format, phone_format, card_format).
std::vector<FieldError> Validate(Member& m, const std::string& today);

// The identifier rules, one home for forms, the API and the import (which also tells a number cell that lost
// its leading zero from a wrong number with them). Separators people type (spaces, dots; in phones also
// hyphens and brackets) are allowed; the stored value is digits only (a phone keeps its leading 0).
// Party card: 6 to 15 digits, groups separated by single dots or spaces.
bool ValidCardNumber(std::string_view s);
// Citizen id (căn cước công dân): 12 digits, or 9 for an old identity card (chứng minh nhân dân).
bool ValidCitizenId(std::string_view s);
// A Vietnamese phone number as 0 and the national digits: a mobile of 10 digits (0 then 9), written with
// 0 or +84 (+84 912 345 678 -> 0912345678); a landline of 11 digits starting 02 (area code 2xx since
// 2017). nullopt for anything else.
std::optional<std::string> NormalizePhone(std::string_view s);

// Readable by those with kRead over the member's organization, and by the member's own account.
Result<Member> Get(db::Connection& conn, const auth::Scope& scope, int64_t id);
// The member record of the signed-in account, if the account is linked to one.
std::optional<int64_t> OwnRecord(db::Connection& conn, const auth::Scope& scope);
// Where the caller's member list starts: of the organizations they may read, the one nearest the root
// of the tree (the whole subtree for office and admin, the secretary's own unit); nullopt when they may
// read none (a plain member).
std::optional<int64_t> ListRoot(db::Connection& conn, const auth::Scope& scope);
// A plain member (no read grant) sees only their own record, and no organization's list (kNotFound).
Result<store::Page> List(db::Connection& conn, const auth::Scope& scope, const Filter& f, const std::string& today);
Result<std::vector<Placement>> History(db::Connection& conn, const auth::Scope& scope, int64_t id);

// ---- Reactions of the features above (member/ includes none of them) ---------------------------------
// Called in the member's write transaction when a member stops being active (`new_cell` none; reason
// "status") or moves to another cell ("transfer"): committee/ ends the terms the member can no longer
// hold. Installed once at start-up (features::Connect); a status change or transfer before that is a
// programmer error (std::logic_error).
using LeaveReaction = int (*)(db::Connection& conn, int64_t member_id, std::optional<int64_t> new_cell,
                              const std::string& date, const std::string& reason, const audit::Actor& actor,
                              int64_t now);
void SetLeaveReaction(LeaveReaction reaction);
// Installs member/'s part of org::MemberHoldings (features::Connect).
void ConnectToOrg();

// ---- Reads for other features, which never include member/store.h. None of them fails: absence (or
// being out of scope) is for the caller to name.
// The member if `p` over their organization lies in `scope`.
std::optional<Member> Find(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id);
// The member, whoever asks: for a check inside another feature's write (the record a seat or an account
// points to), never to show.
std::optional<Member> FindAny(db::Connection& conn, int64_t id);
// A page of the members where `p` is allowed, `f` taken as it is (q folded, any page size): exports.
store::Page ListWhere(db::Connection& conn, const auth::Scope& scope, auth::Permission p, const Filter& f,
                      const std::string& today);
// The first day of the member's current placement ('YYYY-MM-DD'), if any.
std::optional<std::string> CurrentPlacementStart(db::Connection& conn, int64_t member_id);
// Bulk writers (import, gen) that insert members themselves add them to the name index, once per batch
// in the same transaction (migration 0014; see store::IndexNames).
void IndexNames(db::Connection& conn, const std::vector<int64_t>& ids);
void IndexNames(db::Connection& conn, int64_t first_id, int64_t last_id);

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
