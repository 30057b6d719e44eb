// importer store: the few whole-table reads a bulk import or export needs, each one query.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/db.h"
#include "member/model.h"

namespace dv::importer::store {

// Every organization with what an import checks about it. Unscoped: the caller filters by scope.
struct OrgRef {
    int64_t id = 0;
    std::string code;
    std::string name;
    bool ended = false;
    bool holds_members = false;
};
std::vector<OrgRef> AllOrgs(db::Connection& conn);

// What makes a member a duplicate of an existing one: the card number (NULL-free rows only) and the
// folded name with the birth date. Every member, whatever their status.
struct MemberKey {
    std::string card_number;  // '' when none
    std::string name_folded;
    std::string birth_date;  // '' when unknown
};
std::vector<MemberKey> AllMemberKeys(db::Connection& conn);

// A member to insert with its derived columns, computed by the caller (possibly on another thread):
// folded = vn::Fold(full_name), sort_key = vn::NameSortKeyHex(full_name), as member::store::Insert does.
struct NewMember {
    member::Member* member = nullptr;
    std::string folded, sort_key;
};
// Inserts the members (timestamps `now`), each with its first placement in m.org_id from m.admitted_on
// (reason "admitted"), many rows per statement; fills each m.id. Keys (card number, folded name, birth
// date) must be unique among `members`, as the importer's duplicate checks guarantee. The caller holds
// a write transaction.
void InsertMembers(db::Connection& conn, const std::vector<NewMember>& members, int64_t now);

// Lets one transaction write a few hundred megabytes without spilling: SQLite's default page cache
// (2 MB) makes a 100,000-member import spill dirty pages to the WAL and read them back, several times
// slower. Applies to this connection only; a no-op on PostgreSQL. Call outside a transaction.
void PrepareBulkWrite(db::Connection& conn);
// Gives the page cache back (SQLite's defaults), so a pooled server connection does not keep
// hundreds of megabytes after an import. Call outside a transaction.
void EndBulkWrite(db::Connection& conn);

}  // namespace dv::importer::store
