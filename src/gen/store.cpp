// gen store: SQL for the synthetic data set's bulk writes.
#include "gen/store.h"

#include <algorithm>

#include "importer/importer.h"
#include "member/service.h"

namespace dv::gen::store {

namespace {

// Rows per multi-row statement: the per-statement cost is paid once per batch, and 500 members (20
// parameters each) stay well under both engines' parameter limits. Texts are built from these
// constants only, for two sizes per table at most (a full batch and the rest).
constexpr size_t kOrgBatch = 500;
constexpr size_t kTreeBatch = 2000;
constexpr size_t kMemberBatch = 500;

constexpr const char* kInsertOrgs =
    "INSERT INTO orgs (id, parent_id, code, name, name_folded, type_code, founded_on, created_at) VALUES ";
constexpr const char* kOrgRow = "(?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertEvents =
    "INSERT INTO org_events (id, kind, effective_on, org_id, target_id, details, decision, created_at, created_by) "
    "VALUES ";
constexpr const char* kEventRow = "(?, 'create', ?, ?, ?, ?, ?, ?, NULL)";
constexpr const char* kInsertVersions =
    "INSERT INTO org_versions (id, org_id, valid_from, valid_to, parent_id, name, type_code, event_id) VALUES ";
constexpr const char* kVersionRow = "(?, ?, ?, NULL, ?, ?, ?, ?)";
constexpr const char* kInsertTree = "INSERT INTO org_tree (ancestor_id, descendant_id, depth) VALUES ";
constexpr const char* kTreeRow = "(?, ?, ?)";
constexpr const char* kInsertMembers =
    "INSERT INTO members (id, full_name, name_folded, sort_key, gender, birth_date, ethnicity, hometown, "
    "admitted_on, official_on, card_number, party_position, gov_position, citizen_id, phone, org_id, status, "
    "status_since, created_at, updated_at) VALUES ";
constexpr const char* kMemberRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr size_t kMemberParams = 20;
// Copied inside the database rather than sent again: one statement per chunk.
constexpr const char* kInsertPlacements =
    "INSERT INTO member_placements (id, member_id, org_id, from_date, reason) "
    "SELECT id, id, org_id, admitted_on, 'admitted' FROM members WHERE id >= ? AND id <= ? ORDER BY id";
constexpr size_t kDocumentBatch = 100;  // 15 parameters each, bodies of a few kilobytes
constexpr const char* kInsertDocuments =
    "INSERT INTO documents (id, type_code, system, symbol, number, issuer_code, issuer_name, issued_on, title, signer, "
    "body, owner_org_id, visibility, status, created_at, updated_at) VALUES ";
constexpr const char* kDocumentRow = "(?, ?, 'party', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kContinueIds = "SELECT setval(pg_get_serial_sequence(?, 'id'), ?)";
constexpr const char* kSqliteBulkLoad[] = {"PRAGMA journal_mode = MEMORY", "PRAGMA synchronous = OFF",
                                           "PRAGMA foreign_keys = OFF"};
// Temporary tables and sorts back on disk (PrepareBulkWrite put them in memory): the roll-up rebuild that
// follows sorts tens of rows per member, 22 GB of memory at 6,000,000 members when they stayed there.
constexpr const char* kSqliteAfterBulkLoad[] = {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                                                "PRAGMA foreign_keys = ON", "PRAGMA temp_store = DEFAULT",
                                                "PRAGMA cache_size = -65536"};

std::string Repeated(const char* head, const char* row, size_t n) {
    std::string sql = head;
    for (size_t i = 0; i < n; ++i) {
        if (i) sql += ", ";
        sql += row;
    }
    return sql;
}

// Runs `head` + n times `row` over the items, `bind` appending each item's parameters.
template <typename T, typename Bind>
void InsertBatched(db::Connection& conn, const std::vector<T>& items, size_t batch, const char* head, const char* row,
                   Bind bind) {
    const std::string full = Repeated(head, row, batch);
    for (size_t start = 0; start < items.size(); start += batch) {
        size_t n = std::min(batch, items.size() - start);
        db::Params params;
        for (size_t i = start; i < start + n; ++i) bind(items[i], params);
        conn.Exec(n == batch ? full : Repeated(head, row, n), params);
    }
}

db::Value OptId(const std::optional<int64_t>& id) { return id ? db::Value(*id) : db::Null(); }
db::Value OptText(const std::string& s) { return s.empty() ? db::Null() : db::Value(s); }

}  // namespace

void InsertOrgs(db::Connection& conn, const std::vector<OrgRow>& orgs, int64_t now) {
    // Parents come before children in `orgs` and in each statement, so the foreign keys hold row by row.
    InsertBatched(conn, orgs, kOrgBatch, kInsertOrgs, kOrgRow, [now](const OrgRow& o, db::Params& p) {
        p.insert(p.end(), {o.id, OptId(o.parent_id), o.code, o.name, o.name_folded, o.type_code, o.founded_on, now});
    });
    InsertBatched(conn, orgs, kOrgBatch, kInsertEvents, kEventRow, [now](const OrgRow& o, db::Params& p) {
        p.insert(p.end(), {o.id, o.founded_on, o.id, OptId(o.parent_id), o.details, o.decision, now});
    });
    InsertBatched(conn, orgs, kOrgBatch, kInsertVersions, kVersionRow, [](const OrgRow& o, db::Params& p) {
        p.insert(p.end(), {o.id, o.id, o.founded_on, OptId(o.parent_id), o.name, o.type_code, o.id});
    });
}

void InsertTree(db::Connection& conn, const std::vector<TreeRow>& rows) {
    InsertBatched(conn, rows, kTreeBatch, kInsertTree, kTreeRow, [](const TreeRow& r, db::Params& p) {
        p.insert(p.end(), {r.ancestor_id, r.descendant_id, r.depth});
    });
}

MemberBatch BindMembers(const std::vector<MemberRow>& rows, int64_t now) {
    MemberBatch batch;
    if (rows.empty()) return batch;
    batch.first_id = rows.front().id;
    batch.last_id = rows.back().id;
    for (size_t start = 0; start < rows.size(); start += kMemberBatch) {
        size_t n = std::min(kMemberBatch, rows.size() - start);
        db::Params& p = batch.statements.emplace_back();
        p.reserve(n * kMemberParams);
        for (size_t i = start; i < start + n; ++i) {
            const MemberRow& m = rows[i];
            p.emplace_back(m.id);
            p.emplace_back(std::string(m.full_name));
            p.emplace_back(std::string(m.name_folded));
            p.emplace_back(std::string(m.sort_key));
            p.emplace_back(std::string(m.gender));
            p.emplace_back(m.birth_date);
            p.emplace_back(std::string(m.ethnicity));
            p.emplace_back(std::string(m.hometown));
            p.emplace_back(m.admitted_on);
            p.push_back(OptText(m.official_on));
            p.push_back(OptText(m.card_number));
            p.emplace_back(std::string(m.party_position));
            p.emplace_back(std::string(m.gov_position));
            p.emplace_back(m.citizen_id);
            p.emplace_back(m.phone);
            p.emplace_back(m.org_id);
            p.emplace_back(std::string(m.status));
            p.emplace_back(m.status_since);
            p.emplace_back(now);
            p.emplace_back(now);
        }
        batch.last_rows = n;
    }
    return batch;
}

void InsertMembers(db::Connection& conn, const MemberBatch& batch) {
    if (batch.statements.empty()) return;
    const std::string full = Repeated(kInsertMembers, kMemberRow, kMemberBatch);
    for (size_t i = 0; i < batch.statements.size(); ++i) {
        bool last = i + 1 == batch.statements.size();
        conn.Exec(
            last && batch.last_rows != kMemberBatch ? Repeated(kInsertMembers, kMemberRow, batch.last_rows) : full,
            batch.statements[i]);
    }
    conn.Exec(kInsertPlacements, {batch.first_id, batch.last_id});
    member::IndexNames(conn, batch.first_id, batch.last_id);
}

std::vector<int64_t> OrgIds(db::Connection& conn) {
    std::vector<int64_t> out;
    for (const auto& r : conn.Query("SELECT id FROM orgs ORDER BY id")) out.push_back(r.Int(0));
    return out;
}

int64_t LastDocumentId(db::Connection& conn) {
    return conn.QueryOne("SELECT COALESCE(MAX(id), 0) FROM documents")->Int(0);
}

void InsertDocuments(db::Connection& conn, const std::vector<DocumentRow>& docs, int64_t now) {
    InsertBatched(conn, docs, kDocumentBatch, kInsertDocuments, kDocumentRow, [now](const DocumentRow& d, db::Params& p) {
        p.insert(p.end(), {d.id, d.type_code, d.symbol, d.number, d.issuer_code, d.issuer_name, OptText(d.issued_on),
                           d.title, d.signer, d.body, d.owner_org_id, d.visibility, d.status, now, now});
    });
}

void ContinueDocumentIds(db::Connection& conn, int64_t last_id) {
    if (conn.engine() != db::Engine::kPostgres) return;
    conn.Query(kContinueIds, {std::string("documents"), last_id});
}

void BeginBulkLoad(db::Connection& conn) {
    if (conn.engine() != db::Engine::kSqlite) return;
    importer::PrepareBulkWrite(conn);
    for (const char* sql : kSqliteBulkLoad) conn.Query(sql);
}

void EndBulkLoad(db::Connection& conn) {
    if (conn.engine() != db::Engine::kSqlite) return;
    for (const char* sql : kSqliteAfterBulkLoad) conn.Query(sql);
}

void ContinueIds(db::Connection& conn, int64_t last_org_id, int64_t last_member_id) {
    if (conn.engine() != db::Engine::kPostgres) return;
    for (const char* table : {"orgs", "org_events", "org_versions"})
        conn.Query(kContinueIds, {std::string(table), last_org_id});
    for (const char* table : {"members", "member_placements"})
        conn.Query(kContinueIds, {std::string(table), last_member_id});
}

std::pair<int64_t, int64_t> InsertMonthOfMeetings(db::Connection& conn, const std::string& first_day, bool thematic,
                                                  int64_t now) {
    const int64_t before = conn.QueryOne("SELECT COALESCE(MAX(id), 0) FROM meetings")->Int(0);
    const std::string month = first_day.substr(0, 8);  // 'YYYY-MM-'
    const int64_t salt = std::stoll(first_day.substr(0, 4)) * 12 + std::stoll(first_day.substr(5, 2));
    // Day 5 to 24 of the month, two digits.
    const std::string day = "(o.id % 20) + 5";
    conn.Exec("INSERT INTO meetings (org_id, kind, held_on, starts_at, place, topic, status, created_at, updated_at) "
              "SELECT o.id, ?, ? || CASE WHEN " + day + " < 10 THEN '0' ELSE '' END || CAST(" + day + " AS TEXT), "
              "'14:00', 'Phòng họp cơ quan', ?, 'held', ?, ? "
              "FROM orgs o JOIN meeting_rules r ON r.type_code = o.type_code AND r.counts_as = 'regular' "
              "WHERE (o.id * 7919 + ?) % 100 >= 3 AND EXISTS (SELECT 1 FROM org_versions v WHERE v.org_id = o.id "
              "AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)) ORDER BY o.id",
              {std::string(thematic ? "regular_thematic" : "regular"), month,
               std::string("Sinh hoạt chi bộ tháng ") + first_day.substr(5, 2) + "/" + first_day.substr(0, 4), now, now,
               salt, first_day, first_day});
    const int64_t meetings = conn.QueryOne("SELECT COUNT(*) FROM meetings WHERE id > ?", {before})->Int(0);
    const std::string hash = "(p.member_id * 31 + g.id * 17) % 100";
    const int64_t rows = conn.Exec(
        "INSERT INTO meeting_attendance (meeting_id, member_id, org_id, state, reason) "
        "SELECT g.id, p.member_id, g.org_id, CASE WHEN " + hash + " < 4 THEN 'absent' WHEN " + hash +
            " < 10 THEN 'excused' ELSE 'present' END, CASE WHEN " + hash + " >= 4 AND " + hash +
            " < 10 THEN 'Đi công tác' ELSE '' END "
            "FROM meetings g JOIN member_placements p ON p.org_id = g.org_id AND p.from_date <= g.held_on "
            "AND (p.to_date IS NULL OR p.to_date > g.held_on) WHERE g.id > ?",
        {before});
    conn.Exec("UPDATE meetings SET "
              "invited = (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = meetings.id), "
              "present = (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = meetings.id AND a.state = 'present'), "
              "excused = (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = meetings.id AND a.state = 'excused'), "
              "absent = (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = meetings.id AND a.state = 'absent') "
              "WHERE id > ?",
              {before});
    return {meetings, rows};
}

}  // namespace dv::gen::store
