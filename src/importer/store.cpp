// importer store: SQL for bulk import checks.
#include "importer/store.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include "member/service.h"

namespace dv::importer::store {

namespace {
constexpr const char* kSelectOrgs =
    "SELECT o.id, o.code, o.name, o.ended_on, t.holds_members FROM orgs o LEFT JOIN org_types t ON t.code = "
    "o.type_code";
// Negative: KiB. Pages are allocated as used, so a small import costs no more than before.
constexpr const char* kSqliteBigCache = "PRAGMA cache_size = -524288";
// Statement journals and RETURNING's result tables in memory rather than temporary files.
constexpr const char* kSqliteTempInMemory = "PRAGMA temp_store = MEMORY";
// SQLite's defaults, so a pooled server connection gives the memory back after an import.
constexpr const char* kSqliteDefaultCache = "PRAGMA cache_size = -2000";
constexpr const char* kSqliteTempDefault = "PRAGMA temp_store = DEFAULT";
// The import has checked every organization it writes to, and placements point at the members just
// inserted: SQLite's own foreign-key look-ups (three per member) would only repeat those checks.
constexpr const char* kSqliteNoForeignKeyChecks = "PRAGMA foreign_keys = OFF";
constexpr const char* kSqliteForeignKeyChecks = "PRAGMA foreign_keys = ON";
constexpr const char* kSelectMemberKeys = "SELECT card_number, name_folded, birth_date FROM members";
// Multi-row inserts: the per-statement cost (and SQLite's RETURNING table) is paid once per batch.
// Texts are built from these constants only, for two sizes at most (a full batch and the rest).
constexpr size_t kBatch = 100;
constexpr const char* kInsertMembers =
    "INSERT INTO members (full_name, name_folded, sort_key, gender, birth_date, ethnicity, hometown, admitted_on, "
    "official_on, card_number, party_position, gov_position, citizen_id, phone, org_id, status, status_since, "
    "created_at, updated_at) VALUES ";
constexpr const char* kMemberRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kReturningMembers = " RETURNING id, card_number, name_folded, birth_date";
constexpr const char* kInsertPlacements =
    "INSERT INTO member_placements (member_id, org_id, from_date, to_date, reason, note) VALUES ";
constexpr const char* kPlacementRow = "(?, ?, ?, NULL, 'admitted', '')";

std::string Repeated(const char* head, const char* row, size_t n, const char* tail) {
    std::string sql = head;
    for (size_t i = 0; i < n; ++i) {
        if (i) sql += ", ";
        sql += row;
    }
    return sql + tail;
}

db::Value OptText(const std::string& s) { return s.empty() ? db::Null() : db::Value(s); }

std::string Key(const std::string& card, const std::string& folded, const std::string& birth) {
    return card + '\x1f' + folded + '\x1f' + birth;
}

}  // namespace

void InsertMembers(db::Connection& conn, const std::vector<NewMember>& members, int64_t now) {
    for (size_t start = 0; start < members.size(); start += kBatch) {
        size_t n = std::min(kBatch, members.size() - start);
        db::Params params;
        params.reserve(n * 19);
        std::unordered_map<std::string, member::Member*> by_key;
        for (size_t i = start; i < start + n; ++i) {
            member::Member& m = *members[i].member;
            if (!by_key.emplace(Key(m.card_number, members[i].folded, m.birth_date), &m).second)
                throw std::logic_error("import: two rows of one batch share a key");
            for (db::Value v :
                 {db::Value(m.full_name), db::Value(members[i].folded), db::Value(members[i].sort_key),
                  db::Value(m.gender), OptText(m.birth_date), db::Value(m.ethnicity), db::Value(m.hometown),
                  OptText(m.admitted_on), OptText(m.official_on), OptText(m.card_number), db::Value(m.party_position),
                  db::Value(m.gov_position), db::Value(m.citizen_id), db::Value(m.phone), db::Value(m.org_id),
                  db::Value(std::string(member::ToString(m.status))), db::Value(m.status_since), db::Value(now),
                  db::Value(now)})
                params.push_back(std::move(v));
        }
        // RETURNING promises no order: rows are matched back by their key.
        for (const auto& r : conn.Query(Repeated(kInsertMembers, kMemberRow, n, kReturningMembers), params)) {
            auto it = by_key.find(Key(r.OptText(1).value_or(""), r.Text(2), r.OptText(3).value_or("")));
            if (it == by_key.end()) throw db::DbError(db::DbError::Kind::kOther, "import: inserted row not matched");
            it->second->id = r.Int(0);
        }
        db::Params placement;
        placement.reserve(n * 3);
        for (size_t i = start; i < start + n; ++i) {
            placement.emplace_back(members[i].member->id);
            placement.emplace_back(members[i].member->org_id);
            placement.emplace_back(members[i].member->admitted_on);
        }
        conn.Exec(Repeated(kInsertPlacements, kPlacementRow, n, ""), placement);
        std::vector<int64_t> ids;
        for (size_t i = start; i < start + n; ++i) ids.push_back(members[i].member->id);
        member::IndexNames(conn, ids);
    }
}

std::vector<OrgRef> AllOrgs(db::Connection& conn) {
    std::vector<OrgRef> out;
    for (const auto& r : conn.Query(kSelectOrgs))
        out.push_back(
            {r.Int(0), r.Text(1), r.Text(2), !r.OptText(3).value_or("").empty(), r.OptInt(4).value_or(0) != 0});
    return out;
}

std::vector<MemberKey> AllMemberKeys(db::Connection& conn) {
    std::vector<MemberKey> out;
    for (const auto& r : conn.Query(kSelectMemberKeys))
        out.push_back({r.OptText(0).value_or(""), r.Text(1), r.OptText(2).value_or("")});
    return out;
}

void PrepareBulkWrite(db::Connection& conn) {
    if (conn.engine() != db::Engine::kSqlite || conn.InTransaction()) return;
    conn.Exec(kSqliteBigCache);
    conn.Exec(kSqliteTempInMemory);
    conn.Exec(kSqliteNoForeignKeyChecks);
}

void EndBulkWrite(db::Connection& conn) {
    if (conn.engine() != db::Engine::kSqlite || conn.InTransaction()) return;
    conn.Exec(kSqliteDefaultCache);
    conn.Exec(kSqliteTempDefault);
    conn.Exec(kSqliteForeignKeyChecks);
}

}  // namespace dv::importer::store
