// distribution store: the only SQL over document_distributions and document_recipients. Reads for a
// request take the caller's scope; the unscoped ones are for checks inside a write transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/scope.h"
#include "db/db.h"
#include "document/distribution.h"

namespace dv::document::distribution::store {

// " AND <column> IN (…)": the units whose recipient rows the caller may see — their read subtrees,
// and each granted unit with the units above it (a member sees their cell's and their committee's
// rows). The system scope gets no filter. `column` is a constant of this store.
std::string SeenFilter(const auth::Scope& scope, std::string_view column, db::Params& params);

// Recipient rows of a document in the caller's read subtrees (kRead), by unit name.
std::vector<Recipient> OfDocument(db::Connection& conn, const auth::Scope& scope, int64_t document_id);
// Recipient rows of every issued document in the caller's read subtrees (kRead): the study summary.
std::vector<Recipient> OfIssuedDocuments(db::Connection& conn, const auth::Scope& scope);
// Recipient rows of a document for the units at or above the caller's grants.
std::vector<Recipient> OfGrantedUnits(db::Connection& conn, const auth::Scope& scope, int64_t document_id);
// One unit's row, if the caller may see it (SeenFilter).
std::optional<Recipient> Get(db::Connection& conn, const auth::Scope& scope, int64_t document_id, int64_t org_id);
// The sendings of a document, oldest first, each with its number of recipients in the caller's read
// subtrees; sendings with none there are left out.
std::vector<Distribution> Distributions(db::Connection& conn, const auth::Scope& scope, int64_t document_id);

// The study list (distribution::StudyList): rows for issued documents in SeenFilter's units.
struct StudyRows {
    std::vector<Recipient> rows;
    int64_t total = 0;
};
StudyRows Study(db::Connection& conn, const auth::Scope& scope, bool open_only, int limit);

// Writes and the checks they need: the caller holds a write transaction.
// Units that already hold a row for the document.
std::vector<int64_t> RecipientUnits(db::Connection& conn, int64_t document_id);
int64_t InsertDistribution(db::Connection& conn, const Distribution& d, int64_t now);
int64_t InsertRecipient(db::Connection& conn, int64_t distribution_id, int64_t document_id, int64_t org_id);
// Unscoped: the service has checked the caller may write the unit.
std::optional<Recipient> GetAny(db::Connection& conn, int64_t document_id, int64_t org_id);
// Writes received_on … note of `r` (its id), stamped with who and when.
void UpdateRecord(db::Connection& conn, const Recipient& r, int64_t user_id, int64_t now);

}  // namespace dv::document::distribution::store
