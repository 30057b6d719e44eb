// committee store: SQL for committee seats and terms.
#include "committee/store.h"

namespace dv::committee::store {

namespace {

// The organization's name as it was when the term began (its version then), else its current name.
constexpr const char* kColumns =
    "p.id, p.org_id, COALESCE((SELECT v.name FROM org_versions v WHERE v.org_id = p.org_id AND v.valid_from <= "
    "p.from_date AND (v.valid_to IS NULL OR v.valid_to > p.from_date) ORDER BY v.valid_from DESC LIMIT 1), o.name), "
    "p.member_id, m.full_name, p.role_code, r.name, r.sort, p.from_date, p.to_date, p.decision, p.end_reason";
constexpr const char* kFrom =
    " FROM committee_positions p JOIN committee_roles r ON r.code = p.role_code JOIN members m ON m.id = p.member_id "
    "JOIN orgs o ON o.id = p.org_id";
constexpr const char* kHeldOn = " AND p.from_date <= ? AND (p.to_date IS NULL OR p.to_date > ?)";
constexpr const char* kSeatOrder = " ORDER BY r.sort, m.sort_key, p.id";
constexpr const char* kNewestFirst = " ORDER BY p.from_date DESC, r.sort, p.id DESC";
constexpr const char* kInsert =
    "INSERT INTO committee_positions (org_id, member_id, role_code, from_date, decision, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kEnd = "UPDATE committee_positions SET to_date = ?, end_reason = ? WHERE id = ?";
constexpr const char* kRoles = "SELECT code, name, name_en, max_holders, sort FROM committee_roles";

Position FromRow(const db::Row& r) {
    Position p;
    p.id = r.Int(0);
    p.org_id = r.Int(1);
    p.org_name = r.Text(2);
    p.member_id = r.Int(3);
    p.member_name = r.Text(4);
    p.role_code = r.Text(5);
    p.role_name = r.Text(6);
    p.role_sort = static_cast<int>(r.Int(7));
    p.from_date = r.Text(8);
    p.to_date = r.OptText(9).value_or("");
    p.decision = r.Text(10);
    p.end_reason = r.Text(11);
    return p;
}

std::vector<Position> Select(db::Connection& conn, const std::string& where, const db::Params& params,
                             const char* order) {
    std::vector<Position> out;
    for (const auto& row : conn.Query(std::string("SELECT ") + kColumns + kFrom + " WHERE " + where + order, params))
        out.push_back(FromRow(row));
    return out;
}

Role RoleFromRow(const db::Row& r) {
    Role role{r.Text(0), r.Text(1), r.Text(2), std::nullopt, static_cast<int>(r.Int(4))};
    if (auto m = r.OptInt(3)) role.max_holders = static_cast<int>(*m);
    return role;
}

}  // namespace

std::vector<Role> Roles(db::Connection& conn) {
    std::vector<Role> out;
    for (const auto& row : conn.Query(std::string(kRoles) + " ORDER BY sort")) out.push_back(RoleFromRow(row));
    return out;
}

std::optional<Role> GetRole(db::Connection& conn, const std::string& code) {
    auto row = conn.QueryOne(std::string(kRoles) + " WHERE code = ?", {code});
    if (!row) return std::nullopt;
    return RoleFromRow(*row);
}

std::vector<Position> OfOrg(db::Connection& conn, int64_t org_id, const std::string& date) {
    if (date.empty()) return Select(conn, "p.org_id = ?", {org_id}, kNewestFirst);
    return Select(conn, std::string("p.org_id = ?") + kHeldOn, {org_id, date, date}, kSeatOrder);
}

std::vector<Position> OfMember(db::Connection& conn, int64_t member_id) {
    return Select(conn, "p.member_id = ?", {member_id}, kNewestFirst);
}

std::optional<Position> Get(db::Connection& conn, int64_t org_id, int64_t id) {
    auto found = Select(conn, "p.org_id = ? AND p.id = ?", {org_id, id}, kSeatOrder);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Position> OpenInSeat(db::Connection& conn, int64_t org_id, const std::string& role_code) {
    return Select(conn, "p.org_id = ? AND p.role_code = ? AND p.to_date IS NULL", {org_id, role_code}, kSeatOrder);
}

std::vector<Position> OpenOfMember(db::Connection& conn, int64_t member_id) {
    return Select(conn, "p.member_id = ? AND p.to_date IS NULL", {member_id}, kSeatOrder);
}

std::vector<Position> OpenOfOrg(db::Connection& conn, int64_t org_id) {
    return Select(conn, "p.org_id = ? AND p.to_date IS NULL", {org_id}, kSeatOrder);
}

int64_t Insert(db::Connection& conn, const Position& p, int64_t now) {
    return conn.InsertReturningId(kInsert, {p.org_id, p.member_id, p.role_code, p.from_date, p.decision, now});
}

void End(db::Connection& conn, int64_t id, const std::string& to_date, const std::string& reason) {
    conn.Exec(kEnd, {to_date, reason, id});
}

}  // namespace dv::committee::store
