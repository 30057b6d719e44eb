// gen store: the bulk writes of the synthetic data set, with ids chosen by the generator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.h"

namespace dv::gen::store {

// One organization with its derived columns. Written with its id; its one version and its one "create"
// event take the same id, as the tables are empty before.
struct OrgRow {
    int64_t id = 0;
    std::optional<int64_t> parent_id;
    std::string code, name, name_folded, type_code, founded_on;
    std::string details;   // the create event's JSON, as org::Create writes it
    std::string decision;  // the decision that created it, '' for none
};

// Inserts the organizations, their versions and "create" events (created_at `now`, by no user). The
// caller holds a write transaction.
void InsertOrgs(db::Connection& conn, const std::vector<OrgRow>& orgs, int64_t now);

struct TreeRow {
    int64_t ancestor_id = 0, descendant_id = 0;
    int64_t depth = 0;
};
// Inserts closure rows into org_tree. The caller holds a write transaction.
void InsertTree(db::Connection& conn, const std::vector<TreeRow>& rows);

// One member. The views must outlive BindMembers; '' in official_on or card_number is NULL.
struct MemberRow {
    int64_t id = 0, org_id = 0;
    std::string_view full_name, name_folded, sort_key, gender, ethnicity, hometown, party_position, gov_position,
        status;
    std::string birth_date, admitted_on, official_on, status_since, card_number, citizen_id, phone;
};

// Statement parameters for a run of members with consecutive ids, built apart from the write so
// another thread can build the next run's while this one is written.
struct MemberBatch {
    std::vector<db::Params> statements;  // one multi-row INSERT each
    size_t last_rows = 0;                // rows of the last statement (the others are full)
    int64_t first_id = 0, last_id = 0;
};
MemberBatch BindMembers(const std::vector<MemberRow>& rows, int64_t now);

// Inserts the members and, for each, its "admitted" placement in its cell from its admission date
// (placement id = member id). The caller holds a write transaction.
void InsertMembers(db::Connection& conn, const MemberBatch& batch);

// One synthetic document (gen/documents.cpp); '' in symbol or issued_on is stored as '' and NULL, as the
// document store writes a draft.
struct DocumentRow {
    int64_t id = 0, owner_org_id = 0;
    std::string type_code, type_name, symbol, number, issuer_code, issuer_name, issued_on, title, signer, body;
    std::string visibility, status;
};
// Every organization's id, ascending (the owners documents are drawn from).
std::vector<int64_t> OrgIds(db::Connection& conn);
// The largest document id, 0 when there is none.
int64_t LastDocumentId(db::Connection& conn);
// Inserts the documents with their ids (party documents, created `now` by no user). The caller holds a
// write transaction.
void InsertDocuments(db::Connection& conn, const std::vector<DocumentRow>& docs, int64_t now);
// PostgreSQL: the documents' identity continues after `last_id` (SQLite's AUTOINCREMENT follows on its own).
void ContinueDocumentIds(db::Connection& conn, int64_t last_id);

// For this connection until EndBulkLoad, on SQLite: the rollback journal in memory rather than the WAL (pages
// are written once, not twice), no fsync, no foreign-key checks (the generator writes parents before children)
// and a big page cache. A crash in between can leave the file damaged; gen starts from an empty database
// anyway. The journal mode stays WAL while another connection has the database open. A no-op on PostgreSQL.
// Call outside a transaction.
void BeginBulkLoad(db::Connection& conn);
// Back to what db::Open sets: WAL, synchronous=NORMAL, foreign keys on. Call outside a transaction.
void EndBulkLoad(db::Connection& conn);

// After rows were written with explicit ids: PostgreSQL's identity sequences continue after the
// largest id of each table (SQLite's AUTOINCREMENT follows on its own). Call inside the last write
// transaction.
void ContinueIds(db::Connection& conn, int64_t last_org_id, int64_t last_member_id);

// Meetings of one month, made in SQL from the tables (gen --meetings): for every organization whose type
// holds a regular meeting rule and that stands on the month's first day, a held meeting on a day of the month
// drawn from its id (about 3 in 100 cell-months skipped, by a hash of id and month), 'regular_thematic' in the
// quarter's last month (`thematic`) else 'regular'; every member placed in it on that day invited, absent
// (4 in 100) or excused (6 in 100) by a hash of member and meeting; the meetings' counts from their rows.
// Returns (meetings, attendance rows). The caller holds a write transaction.
std::pair<int64_t, int64_t> InsertMonthOfMeetings(db::Connection& conn, const std::string& first_day, bool thematic,
                                                  int64_t now);

}  // namespace dv::gen::store
