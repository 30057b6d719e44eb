// document store: the only SQL over documents, their types, issuers, relations, attachments and
// recipients. Every read for a request takes the caller's scope and filters with VisibleFilter.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/scope.h"
#include "db/db.h"
#include "document/model.h"

namespace dv::document::store {

// " AND (<documents alias> visible to scope)" with its parameters appended: public issued documents
// for every signed-in caller; documents owned in the caller's read subtrees (drafts included); issued
// documents sent to a unit in the caller's read subtrees, or to a unit at or above one of the
// caller's grants (a member studies what their cell or party committee received). The system scope
// gets no filter. `alias` is a constant of the calling store.
std::string VisibleFilter(const auth::Scope& scope, std::string_view alias, db::Params& params);

std::vector<Type> Types(db::Connection& conn);
std::optional<Type> GetType(db::Connection& conn, const std::string& code);
std::vector<Issuer> Issuers(db::Connection& conn);

struct Filter {
    std::string type_code;
    std::string issuer_code;
    std::optional<int> year;          // issued that year
    std::optional<bool> in_force;     // on `today`
    std::optional<int64_t> owner_org_id;
    std::optional<Status> status;
    std::string symbol;               // exact normalized symbol
    int page = 1;
    int page_size = 50;
};
struct Page {
    std::vector<Document> documents;  // without body
    int64_t total = 0;
};
// Newest first (issued_on, then id). `today` decides "in force".
Page List(db::Connection& conn, const auth::Scope& scope, const Filter& f, const std::string& today);

// With body. Visible to scope, else nullopt.
std::optional<Document> Get(db::Connection& conn, const auth::Scope& scope, int64_t id);
// Visible documents among `ids` (without body), in no particular order.
std::vector<Document> GetMany(db::Connection& conn, const auth::Scope& scope, const std::vector<int64_t>& ids);
// Visible documents with this normalized symbol, newest first.
std::vector<Document> FindBySymbol(db::Connection& conn, const auth::Scope& scope, const std::string& symbol);
// Any document (visible or not) with this symbol issued on this day: duplicates are refused.
std::optional<int64_t> FindDuplicate(db::Connection& conn, const std::string& symbol, const std::string& issued_on,
                                     int64_t except_id);

// Writes: the caller holds a write transaction.
int64_t Insert(db::Connection& conn, const Document& d, int64_t now);
void Update(db::Connection& conn, const Document& d, int64_t now);

// Relations touching a document, either side (unscoped: the service filters what it shows).
std::vector<Relation> RelationsFrom(db::Connection& conn, int64_t from_id);
std::vector<Relation> RelationsTo(db::Connection& conn, int64_t to_id);
std::optional<Relation> GetRelation(db::Connection& conn, int64_t id);
int64_t InsertRelation(db::Connection& conn, const Relation& r, int64_t now);
void DeleteRelation(db::Connection& conn, int64_t id);

// Attachments still attached, oldest first (unscoped: the caller has read the document).
std::vector<Attachment> Attachments(db::Connection& conn, int64_t document_id);
std::optional<Attachment> GetAttachment(db::Connection& conn, int64_t document_id, int64_t id);
// Records a stored file once (content-addressed).
void EnsureStoredFile(db::Connection& conn, const std::string& sha256, int64_t size, int64_t now);
int64_t InsertAttachment(db::Connection& conn, const Attachment& a, int64_t user_id, int64_t now);
void RemoveAttachment(db::Connection& conn, int64_t id, int64_t now);

}  // namespace dv::document::store
