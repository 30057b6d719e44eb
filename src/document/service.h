// document service: the registry's rules. Who may read a document is store::VisibleFilter's rule;
// who may register or change one: kWrite on the owner unit. Symbols are parsed and normalized with
// refs (the same reader as reference extraction), relations may not form a cycle, attachments are
// stored content-addressed. Every change is audited in its transaction.
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
#include "document/model.h"
#include "document/refs.h"
#include "document/store.h"

namespace dv::document {

boost::json::object ToJson(const Document& d, const std::string& today);
boost::json::object ToJson(const Type& t);
boost::json::object ToJson(const Attachment& a);

std::vector<Type> Types(db::Connection& conn);
std::vector<Issuer> Issuers(db::Connection& conn);

// kForbidden only for a caller who is not signed in; kNotFound when not visible.
Result<Document> Get(db::Connection& conn, const auth::Scope& scope, int64_t id);
Result<store::Page> List(db::Connection& conn, const auth::Scope& scope, const store::Filter& f,
                         const std::string& today);

// What a form or the API sends. `symbol` may be typed loosely ("05 - CT/TW"): it is parsed and
// normalized, and the number, system and issuer code are taken from it.
struct Input {
    std::string type_code;
    std::string symbol;
    std::string issuer_name;  // empty: the name of the symbol's issuer code (document_issuers)
    std::string issued_on, effective_on, expires_on;
    std::string title;
    std::string signer;
    std::string body;
    std::optional<int64_t> owner_org_id;  // empty: the caller's only writable root
    std::string visibility;               // public | internal (default internal)
    std::string status;                   // draft | issued (default issued)
};

// Every problem with the fields (type known, symbol readable, dates real and ordered, title present…).
// Fills `out` (type name, number, issuer) when there is none.
std::vector<FieldError> Validate(db::Connection& conn, const Input& in, Document& out);

// A file sent with a form: its name and bytes, and where stored files live.
struct NewFile {
    std::string filename;
    std::string_view bytes;
    std::string files_dir;
};

// Registers a document, with its first attachment when `file` is given: both or neither (a file of
// a kind not accepted is a field error on "file" beside the others).
Result<Document> Create(db::Connection& conn, const auth::Scope& scope, const Input& in, const audit::Actor& actor,
                        int64_t now, const std::optional<NewFile>& file = std::nullopt);
// Replaces every field. kWrite on the current and the new owner unit.
Result<Document> Update(db::Connection& conn, const auth::Scope& scope, int64_t id, const Input& in,
                        const audit::Actor& actor, int64_t now);
// True when the caller may change the document (kWrite on its owner unit).
bool CanWrite(db::Connection& conn, const auth::Scope& scope, const Document& d);

// A relation from `from_id` (the caller may change it) to a document the caller can see.
Result<Relation> Relate(db::Connection& conn, const auth::Scope& scope, int64_t from_id, int64_t to_id,
                        const std::string& kind, const audit::Actor& actor, int64_t now);
Result<Relation> Unrelate(db::Connection& conn, const auth::Scope& scope, int64_t from_id, int64_t relation_id,
                          const audit::Actor& actor, int64_t now);

// One step of a chain: `document` relates to the step before it by `kind`.
struct Link {
    Document document;
    RelationKind kind;
    int depth = 1;                  // 1: directly related
    std::optional<int64_t> via;     // the document of the previous step (depth > 1)
    int64_t relation_id = 0;
};
struct Chains {
    // What this document implements, guides, reports on… and what those in turn rest on (up the chain).
    std::vector<Link> up;
    // What implements, guides, reports on… this document, and so on down (breadth first).
    std::vector<Link> down;
    // Whole paths from a top document down to this one, e.g. [05-CT/TW, 12-KH/ĐUK, this] (at most 10).
    std::vector<std::vector<Document>> paths_up;
};
// Both directions, up to `max_depth` steps, only documents the caller can see.
Result<Chains> ChainsOf(db::Connection& conn, const auth::Scope& scope, int64_t id, int max_depth = 8);

// A reference found in a text, with the visible registered documents it names.
struct FoundReference {
    Reference ref;
    std::vector<Document> matches;  // same symbol (and same date when the text gives one)
};
std::vector<FoundReference> ResolveReferences(db::Connection& conn, const auth::Scope& scope, std::string_view text);
// The visible registered documents with this normalized symbol ("05-CT/TW"), for other features.
std::vector<Document> FindBySymbol(db::Connection& conn, const auth::Scope& scope, const std::string& symbol);

// Attachments. Files are stored under `files_dir` as ab/cdef… by SHA-256 (written once); the row is
// written in the transaction. Accepted: PDF, DOCX, DOC, XLSX, JPEG, PNG, TIFF (read from the bytes,
// not from the name).
Result<Attachment> Attach(db::Connection& conn, const auth::Scope& scope, int64_t document_id,
                          const std::string& filename, std::string_view bytes, const std::string& files_dir,
                          const audit::Actor& actor, int64_t now);
Result<Attachment> Detach(db::Connection& conn, const auth::Scope& scope, int64_t document_id, int64_t attachment_id,
                          const audit::Actor& actor, int64_t now);
Result<std::vector<Attachment>> AttachmentsOf(db::Connection& conn, const auth::Scope& scope, int64_t document_id);
// The bytes of an attachment of a visible document.
Result<std::pair<Attachment, std::string>> ReadAttachment(db::Connection& conn, const auth::Scope& scope,
                                                          int64_t document_id, int64_t attachment_id,
                                                          const std::string& files_dir);

// A file kept by itself (the evidence of a task update): checked as attachments are, written once under
// `files_dir` by SHA-256 and recorded in stored_files. Field errors on `field`: required, file_type.
struct StoredFile {
    std::string sha256, filename, content_type;
    int64_t size = 0;
};
Result<StoredFile> StoreFile(db::Connection& conn, const std::string& field, const std::string& filename,
                             std::string_view bytes, const std::string& files_dir, int64_t now);
// The bytes of a stored file (kNotFound when the store does not hold it).
Result<std::string> ReadStoredFile(const std::string& files_dir, const std::string& sha256);

// The media type of a file from its first bytes, or "" when not an accepted kind.
std::string SniffContentType(std::string_view bytes, const std::string& filename);

}  // namespace dv::document
