// committee store: the only SQL over committee_roles and committee_positions. Reads for a request
// take the caller's scope (the organization's subtree).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/scope.h"
#include "committee/model.h"
#include "db/db.h"

namespace dv::committee::store {

std::vector<Role> Roles(db::Connection& conn);
std::optional<Role> GetRole(db::Connection& conn, const std::string& code);

// Terms in organization `org_id`'s committee held on `date` (seat order, then name), or every term
// when `date` is empty (newest first). Unscoped: the caller has checked the organization.
std::vector<Position> OfOrg(db::Connection& conn, int64_t org_id, const std::string& date);
// Every term a member held, newest first. Unscoped: the caller has checked the member.
std::vector<Position> OfMember(db::Connection& conn, int64_t member_id);
// A term of `org_id` by id (unscoped).
std::optional<Position> Get(db::Connection& conn, int64_t org_id, int64_t id);
// Open terms (no end date) of one seat of one organization.
std::vector<Position> OpenInSeat(db::Connection& conn, int64_t org_id, const std::string& role_code);
// Open terms of a member, in any organization.
std::vector<Position> OpenOfMember(db::Connection& conn, int64_t member_id);
// Open terms of an organization, any seat.
std::vector<Position> OpenOfOrg(db::Connection& conn, int64_t org_id);

// Writes: the caller holds a write transaction.
int64_t Insert(db::Connection& conn, const Position& p, int64_t now);
void End(db::Connection& conn, int64_t id, const std::string& to_date, const std::string& reason);

}  // namespace dv::committee::store
