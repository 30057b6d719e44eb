// importer user store: SQL for the account import's checks.
#include "importer/user_store.h"

namespace dv::importer::store {

namespace {
constexpr const char* kSelectUsernames = "SELECT username FROM users";
constexpr const char* kSelectCardHolders =
    "SELECT m.id, m.card_number, m.org_id, CASE WHEN m.status IN ('probationary', 'official') THEN 1 ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id) THEN 1 ELSE 0 END "
    "FROM members m WHERE m.card_number IS NOT NULL";
}  // namespace

std::vector<std::string> AllUsernames(db::Connection& conn) {
    std::vector<std::string> out;
    for (const auto& r : conn.Query(kSelectUsernames)) out.push_back(r.Text(0));
    return out;
}

std::vector<CardHolder> AllCardHolders(db::Connection& conn) {
    std::vector<CardHolder> out;
    for (const auto& r : conn.Query(kSelectCardHolders))
        out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Int(3) != 0, r.Int(4) != 0});
    return out;
}

}  // namespace dv::importer::store
