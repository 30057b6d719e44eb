// document model: registered documents (directives, regulations, plans, reports…), their types and
// issuing bodies (data), the relations between documents and their attached files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dv::document {

// A kind of document (rows of document_types): code "directive", name "Chỉ thị", abbreviation "CT".
struct Type {
    std::string code;
    std::string name;
    std::string name_en;
    std::string abbreviation;
    std::string system;  // party, state or both
    int sort = 0;
};

// An issuing body by the code that ends a symbol ("ĐUK"), with its name.
struct Issuer {
    std::string code;
    std::string name;
};

enum class Visibility {
    kPublic,    // every signed-in user, once issued
    kInternal,  // the owner unit and the units above it, and the units it is sent to
};
const char* ToString(Visibility v);
std::optional<Visibility> ParseVisibility(const std::string& s);

enum class Status { kDraft, kIssued };
const char* ToString(Status s);
std::optional<Status> ParseStatus(const std::string& s);

struct Document {
    int64_t id = 0;
    std::string type_code;
    std::string type_name;
    std::string system;  // party or state
    std::string symbol;  // "05-CT/TW"; "" while a draft has no number
    std::string number;
    std::string issuer_code;
    std::string issuer_name;
    std::string issued_on;     // 'YYYY-MM-DD' or ''
    std::string effective_on;  // '' : from issued_on
    std::string expires_on;    // '' : until replaced
    std::string title;         // trích yếu
    std::string signer;
    std::string body;          // full text (not filled by list reads)
    int64_t owner_org_id = 0;
    std::string owner_org_name;
    Visibility visibility = Visibility::kInternal;
    Status status = Status::kIssued;
    std::optional<int64_t> replaced_by;  // an issued document that replaces this one
    int64_t created_by = 0;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

// "Chỉ thị số 05-CT/TW" / "Chỉ thị (chưa có số)": how a document is named in lists and chains.
std::string Label(const Document& d);

// Whether documents of the type can be in force at all: reports, minutes, submissions and letters
// state, record or ask; they bind no one, so no "Đang có hiệu lực" on a Báo cáo.
bool HasForce(const std::string& type_code);

// In force on `date`: of a type that has force, issued, effective (effective_on, or issued_on, on or
// before it), not expired, and not replaced by an issued document.
bool InForce(const Document& d, const std::string& date);

enum class RelationKind { kImplements, kGuides, kReplaces, kAmends, kReportsOn };
const char* ToString(RelationKind k);
std::optional<RelationKind> ParseRelationKind(const std::string& s);
const std::vector<RelationKind>& AllRelationKinds();

// `from` implements/guides/replaces/amends/reports on `to`.
struct Relation {
    int64_t id = 0;
    int64_t from_id = 0;
    int64_t to_id = 0;
    RelationKind kind = RelationKind::kImplements;
};

struct Attachment {
    int64_t id = 0;
    int64_t document_id = 0;
    std::string sha256;
    std::string filename;
    std::string content_type;
    int64_t size = 0;
    int64_t created_at = 0;
};

}  // namespace dv::document
