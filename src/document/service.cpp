// document service: rules of the registry.
#include "document/service.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/crypto.h"
#include "core/text.h"
#include "core/time.h"
#include "core/vn_text.h"
#include "document/search.h"
#include "org/service.h"

namespace dv::document {

namespace {

std::string Trimmed(const std::string& s) { return vn::Nfc(text::Trim(s)); }

boost::json::value Nullable(const std::string& s) {
    return s.empty() ? boost::json::value(nullptr) : boost::json::value(s);
}

boost::json::object AuditJson(const Document& d) {
    return {{"type", d.type_code},        {"symbol", d.symbol},       {"issuer", d.issuer_name},
            {"issued_on", Nullable(d.issued_on)}, {"effective_on", Nullable(d.effective_on)},
            {"expires_on", Nullable(d.expires_on)}, {"title", d.title}, {"signer", d.signer},
            {"owner_org_id", d.owner_org_id}, {"visibility", ToString(d.visibility)},
            {"status", ToString(d.status)},   {"body_sha256", crypto::Sha256Hex(d.body)},
            {"body_length", static_cast<int64_t>(d.body.size())}};
}

// The one reference a symbol field holds, covering all of it.
std::optional<Reference> ReadSymbol(const std::string& symbol) {
    auto refs = ExtractReferences(symbol);
    if (refs.size() != 1) return std::nullopt;
    const auto& r = refs.front();
    if (r.start != 0 || r.end != text::Utf8Length(vn::Nfc(symbol))) return std::nullopt;
    return r;
}

Result<Document> Visible(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    if (!scope.signed_in()) return Error::Forbidden();
    auto d = store::Get(conn, scope, id);
    if (!d) return Error::NotFound();
    return *d;
}

Result<Document> Writable(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    DV_ASSIGN_OR_RETURN(auto d, Visible(conn, scope, id));
    if (!CanWrite(conn, scope, d)) return Error::Forbidden("document.error.not_yours");
    return d;
}

}  // namespace

boost::json::object ToJson(const Document& d, const std::string& today) {
    boost::json::object j{{"id", d.id},
                          {"type_code", d.type_code},
                          {"type_name", d.type_name},
                          {"system", d.system},
                          {"symbol", d.symbol},
                          {"number", d.number},
                          {"issuer_code", d.issuer_code},
                          {"issuer_name", d.issuer_name},
                          {"issued_on", Nullable(d.issued_on)},
                          {"effective_on", Nullable(d.effective_on)},
                          {"expires_on", Nullable(d.expires_on)},
                          {"title", d.title},
                          {"signer", d.signer},
                          {"owner_org_id", d.owner_org_id},
                          {"owner_org_name", d.owner_org_name},
                          {"visibility", ToString(d.visibility)},
                          {"status", ToString(d.status)},
                          {"label", Label(d)},
                          {"in_force", InForce(d, today)},
                          {"replaced_by", d.replaced_by ? boost::json::value(*d.replaced_by) : nullptr},
                          {"created_at", d.created_at},
                          {"updated_at", d.updated_at}};
    if (!d.body.empty()) j["body"] = d.body;
    return j;
}

boost::json::object ToJson(const Type& t) {
    return {{"code", t.code}, {"name", t.name}, {"name_en", t.name_en}, {"abbreviation", t.abbreviation},
            {"system", t.system}};
}

boost::json::object ToJson(const Attachment& a) {
    return {{"id", a.id},         {"document_id", a.document_id}, {"filename", a.filename},
            {"content_type", a.content_type}, {"size", a.size}, {"sha256", a.sha256}, {"created_at", a.created_at}};
}

std::vector<Type> Types(db::Connection& conn) { return store::Types(conn); }
std::vector<Issuer> Issuers(db::Connection& conn) { return store::Issuers(conn); }

Result<Document> Get(db::Connection& conn, const auth::Scope& scope, int64_t id) { return Visible(conn, scope, id); }

Result<store::Page> List(db::Connection& conn, const auth::Scope& scope, const store::Filter& f,
                         const std::string& today) {
    if (!scope.signed_in()) return Error::Forbidden();
    return store::List(conn, scope, f, today);
}

std::vector<FieldError> Validate(db::Connection& conn, const Input& in, Document& d, int64_t now) {
    std::vector<FieldError> errors;
    auto add = [&](const char* field, const char* code, const char* msg) { errors.push_back({field, code, msg}); };

    auto type = in.type_code.empty() ? std::nullopt : store::GetType(conn, in.type_code);
    if (in.type_code.empty()) add("type_code", "required", "field.required");
    else if (!type) add("type_code", "invalid_choice", "field.invalid_choice");
    if (type) {
        d.type_code = type->code;
        d.type_name = type->name;
    }

    auto status = ParseStatus(in.status.empty() ? "issued" : in.status);
    if (!status) add("status", "invalid_choice", "field.invalid_choice");
    d.status = status.value_or(Status::kIssued);
    auto visibility = ParseVisibility(in.visibility.empty() ? "internal" : in.visibility);
    if (!visibility) add("visibility", "invalid_choice", "field.invalid_choice");
    d.visibility = visibility.value_or(Visibility::kInternal);

    std::string symbol = Trimmed(in.symbol);
    d.symbol.clear();
    d.number.clear();
    d.issuer_code.clear();
    d.system = type && type->system == "state" ? "state" : "party";
    if (symbol.empty()) {
        if (d.status == Status::kIssued) add("symbol", "required", "document.error.symbol_required");
    } else if (text::Utf8Length(symbol) > 60) {
        add("symbol", "too_long", "field.too_long");
    } else if (auto ref = ReadSymbol(symbol); !ref) {
        add("symbol", "unreadable", "document.error.symbol_unreadable");
    } else {
        d.symbol = ref->symbol;
        d.number = ref->number;
        d.issuer_code = ref->issuer_code;
        d.system = ref->system;
        // The symbol's letters must fit the type: "05-KH/TW" is not a Chỉ thị. A party "QĐ" fits a
        // Quy định and a Quyết định alike (RULES.md §2).
        if (type) {
            bool fits = ref->type_code.empty() ? (ref->abbreviation == "QĐ" &&
                                                  (type->code == "regulation" || type->code == "decision")) ||
                                                     ref->abbreviation.empty()
                                               : ref->type_code == type->code;
            if (type->code == "law" && ref->system == "state" && ref->abbreviation.empty()) fits = true;
            if (type->system != "both" && type->system != ref->system)
                add("symbol", "system_mismatch", "document.error.symbol_system_mismatch");
            else if (!fits)
                add("symbol", "type_mismatch", "document.error.symbol_type_mismatch");
        }
    }

    d.issuer_name = Trimmed(in.issuer_name);
    if (d.issuer_name.empty() && !d.issuer_code.empty()) {
        for (const auto& i : store::Issuers(conn))
            if (i.code == d.issuer_code) d.issuer_name = i.name;
        // A code the table does not know (a new body) stays as its own name.
        if (d.issuer_name.empty()) d.issuer_name = d.issuer_code;
    }
    if (text::Utf8Length(d.issuer_name) > 200) add("issuer_name", "too_long", "field.too_long");

    // Ten years ahead makes the UTC day good enough for "today" here.
    const std::string today = time::FormatIso(time::LocalDate(now, 0));
    auto date = [&](const std::string& v, std::string& out, const char* field) {
        out = Trimmed(v);
        if (!out.empty() && !time::ParseIsoDate(out)) {
            add(field, "invalid_date", "field.invalid_date");
            out.clear();
        } else if (!out.empty() && !time::InDateRange(out, today)) {
            add(field, "out_of_range", "field.date_out_of_range");
            out.clear();
        }
    };
    date(in.issued_on, d.issued_on, "issued_on");
    date(in.effective_on, d.effective_on, "effective_on");
    date(in.expires_on, d.expires_on, "expires_on");
    if (d.status == Status::kIssued && d.issued_on.empty() && in.issued_on.empty())
        add("issued_on", "required", "document.error.issued_on_required");
    if (!d.effective_on.empty() && !d.issued_on.empty() && d.effective_on < d.issued_on)
        add("effective_on", "before_issued", "document.error.effective_before_issued");
    if (!d.expires_on.empty()) {
        const std::string& from = d.effective_on.empty() ? d.issued_on : d.effective_on;
        if (!from.empty() && d.expires_on <= from) add("expires_on", "before_effective", "document.error.expires_before_effective");
    }

    d.title = Trimmed(in.title);
    if (d.title.empty()) add("title", "required", "field.required");
    else if (text::Utf8Length(d.title) > 1000) add("title", "too_long", "field.too_long");
    d.signer = Trimmed(in.signer);
    if (text::Utf8Length(d.signer) > 200) add("signer", "too_long", "field.too_long");
    d.body = vn::Nfc(in.body);
    if (in.body.size() > 8 * 1024 * 1024) add("body", "too_long", "field.too_long");
    return errors;
}

bool CanWrite(db::Connection& conn, const auth::Scope& scope, const Document& d) {
    return org::CanWrite(conn, scope, d.owner_org_id);
}

namespace {

// The owner unit: the one named, or the caller's only writable root.
Result<int64_t> OwnerOf(db::Connection& conn, const auth::Scope& scope, const Input& in) {
    if (!scope.AnyAllows(auth::Permission::kWrite)) return Error::Forbidden();
    int64_t owner = 0;
    if (in.owner_org_id) {
        owner = *in.owner_org_id;
    } else {
        auto roots = scope.Roots(auth::Permission::kWrite);
        if (roots.size() != 1)
            return Error::Invalid({{"owner_org_id", "required", "field.required"}});
        owner = roots.front();
    }
    // Outside the caller's units: as if it did not exist (404), like every other out-of-scope record.
    if (!org::CanWrite(conn, scope, owner)) return Error::NotFound();
    return owner;
}

}  // namespace

Result<Document> Update(db::Connection& conn, const auth::Scope& scope, int64_t id, const Input& in,
                        const audit::Actor& actor, int64_t now) {
    DV_ASSIGN_OR_RETURN(auto before, Writable(conn, scope, id));
    Input with_owner = in;
    if (!with_owner.owner_org_id) with_owner.owner_org_id = before.owner_org_id;
    DV_ASSIGN_OR_RETURN(int64_t owner, OwnerOf(conn, scope, with_owner));
    Document d = before;
    auto errors = Validate(conn, in, d, now);
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    d.owner_org_id = owner;
    db::Transaction tx(conn);
    if (!d.symbol.empty() && !d.issued_on.empty() && store::FindDuplicate(conn, d.symbol, d.issued_on, id))
        return Error::Conflict("document.error.duplicate", {{"symbol", "duplicate", "document.error.duplicate"}});
    store::Update(conn, d, now);
    search::IndexDocument(conn, d);
    audit::Append(conn, actor, now, "document.update", "document", id, owner, AuditJson(before), AuditJson(d));
    tx.Commit();
    return *store::Get(conn, auth::Scope::System(), id);
}

namespace {

// True when `target` is reachable from `start` following relations from → to.
bool Reaches(db::Connection& conn, int64_t start, int64_t target) {
    std::set<int64_t> seen{start};
    std::deque<int64_t> queue{start};
    while (!queue.empty()) {
        int64_t id = queue.front();
        queue.pop_front();
        if (id == target) return true;
        for (const auto& r : store::RelationsFrom(conn, id))
            if (seen.insert(r.to_id).second) queue.push_back(r.to_id);
    }
    return false;
}

boost::json::object RelationJson(const Relation& r) {
    return {{"id", r.id}, {"from_id", r.from_id}, {"to_id", r.to_id}, {"kind", ToString(r.kind)}};
}

}  // namespace

Result<Relation> Relate(db::Connection& conn, const auth::Scope& scope, int64_t from_id, int64_t to_id,
                        const std::string& kind, const audit::Actor& actor, int64_t now) {
    DV_ASSIGN_OR_RETURN(auto from, Writable(conn, scope, from_id));
    std::vector<FieldError> errors;
    auto k = ParseRelationKind(kind);
    if (!k) errors.push_back({"kind", kind.empty() ? "required" : "invalid_choice",
                              kind.empty() ? "field.required" : "field.invalid_choice"});
    auto to = store::Get(conn, scope, to_id);
    if (!to) errors.push_back({"to_id", "not_found", "document.error.related_not_found"});
    else if (to_id == from_id) errors.push_back({"to_id", "self", "document.error.related_self"});
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    db::Transaction tx(conn);
    for (const auto& r : store::RelationsFrom(conn, from_id))
        if (r.to_id == to_id && r.kind == *k)
            return Error::Conflict("document.error.relation_exists", {{"to_id", "duplicate", "document.error.relation_exists"}});
    // A chain goes one way: the document related to may not already rest on this one.
    if (Reaches(conn, to_id, from_id))
        return Error::Invalid({{"to_id", "cycle", "document.error.relation_cycle"}});
    Relation r{0, from_id, to_id, *k};
    r.id = store::InsertRelation(conn, r, now);
    audit::Append(conn, actor, now, "document.relate", "document", from_id, from.owner_org_id, nullptr,
                  RelationJson(r));
    tx.Commit();
    return r;
}

Result<Relation> Unrelate(db::Connection& conn, const auth::Scope& scope, int64_t from_id, int64_t relation_id,
                          const audit::Actor& actor, int64_t now) {
    DV_ASSIGN_OR_RETURN(auto from, Writable(conn, scope, from_id));
    auto r = store::GetRelation(conn, relation_id);
    if (!r || r->from_id != from_id) return Error::NotFound();
    db::Transaction tx(conn);
    store::DeleteRelation(conn, relation_id);
    audit::Append(conn, actor, now, "document.unrelate", "document", from_id, from.owner_org_id, RelationJson(*r),
                  nullptr);
    tx.Commit();
    return *r;
}

Result<Chains> ChainsOf(db::Connection& conn, const auth::Scope& scope, int64_t id, int max_depth) {
    DV_ASSIGN_OR_RETURN(auto self, Visible(conn, scope, id));
    Chains out;
    // Breadth first each way; a document is shown once, at its nearest step.
    auto walk = [&](bool up, std::vector<Link>& links) {
        std::set<int64_t> seen{id};
        std::vector<std::pair<int64_t, int>> frontier{{id, 0}};
        for (int depth = 1; depth <= max_depth && !frontier.empty(); ++depth) {
            std::vector<std::pair<Relation, int64_t>> step;  // relation, the document it leads to
            for (const auto& [doc, _] : frontier) {
                auto rels = up ? store::RelationsFrom(conn, doc) : store::RelationsTo(conn, doc);
                for (const auto& r : rels) {
                    int64_t next = up ? r.to_id : r.from_id;
                    if (seen.insert(next).second) step.emplace_back(r, next);
                }
            }
            std::vector<int64_t> ids;
            for (const auto& [r, next] : step) ids.push_back(next);
            std::map<int64_t, Document> visible;
            for (auto& d : store::GetMany(conn, scope, ids)) visible.emplace(d.id, std::move(d));
            frontier.clear();
            for (const auto& [r, next] : step) {
                auto it = visible.find(next);
                if (it == visible.end()) continue;  // not the caller's to see: the chain stops there
                Link l{it->second, r.kind, depth, std::nullopt, r.id};
                if (depth > 1) l.via = up ? r.from_id : r.to_id;
                links.push_back(std::move(l));
                frontier.emplace_back(next, depth);
            }
        }
    };
    walk(true, out.up);
    walk(false, out.down);

    // Paths from the top down to this document: follow `via` links of `up` back to `self`.
    std::map<int64_t, const Link*> by_id;
    for (const auto& l : out.up) by_id.emplace(l.document.id, &l);
    std::set<int64_t> has_parent;  // documents of `up` that rest on another one shown
    for (const auto& l : out.up)
        if (l.via) has_parent.insert(*l.via);
    for (const auto& l : out.up) {
        if (has_parent.count(l.document.id)) continue;  // not a top
        std::vector<Document> path{l.document};
        const Link* cur = &l;
        while (cur->via) {
            auto it = by_id.find(*cur->via);
            if (it == by_id.end()) break;
            cur = it->second;
            path.push_back(cur->document);
        }
        path.push_back(self);
        out.paths_up.push_back(std::move(path));
        if (out.paths_up.size() >= 10) break;
    }
    return out;
}

std::vector<Document> FindBySymbol(db::Connection& conn, const auth::Scope& scope, const std::string& symbol) {
    return store::FindBySymbol(conn, scope, symbol);
}

std::vector<FoundReference> ResolveReferences(db::Connection& conn, const auth::Scope& scope, std::string_view text) {
    std::vector<FoundReference> out;
    std::map<std::string, std::vector<Document>> cache;
    for (auto& ref : ExtractReferences(text)) {
        auto it = cache.find(ref.symbol);
        if (it == cache.end()) it = cache.emplace(ref.symbol, store::FindBySymbol(conn, scope, ref.symbol)).first;
        FoundReference f{std::move(ref), {}};
        for (const auto& d : it->second) {
            // Party numbers restart each term: with a date in the text, only that day's document is the one.
            if (!f.ref.date.empty() && !d.issued_on.empty() && d.issued_on != f.ref.date) continue;
            if (!f.ref.type_code.empty() && f.ref.type_code != d.type_code) continue;
            f.matches.push_back(d);
        }
        out.push_back(std::move(f));
    }
    return out;
}

std::string SniffContentType(std::string_view b, const std::string& filename) {
    auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
    std::string lower = text::AsciiLower(filename);
    auto ends = [&](std::string_view ext) {
        return lower.size() >= ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0;
    };
    if (starts("%PDF-")) return "application/pdf";
    if (starts("\xFF\xD8\xFF")) return "image/jpeg";
    if (starts("\x89PNG\r\n\x1A\n")) return "image/png";
    if (starts(std::string_view("II*\0", 4)) || starts(std::string_view("MM\0*", 4))) return "image/tiff";
    if (starts("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return "application/msword";
    if (starts(std::string_view("PK\x03\x04", 4))) {
        // Office files are zip archives; their parts name the kind.
        if (b.find("word/") != std::string_view::npos || ends(".docx"))
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        if (b.find("xl/") != std::string_view::npos || ends(".xlsx"))
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    return "";
}

namespace {

std::filesystem::path BlobPath(const std::string& files_dir, const std::string& sha) {
    return std::filesystem::path(files_dir) / sha.substr(0, 2) / sha.substr(2);
}

// Writes the bytes once: to a temporary name, then renamed into place (readers never see half a file).
dv::Status StoreBlob(const std::string& files_dir, const std::string& sha, std::string_view bytes) {
    auto path = BlobPath(files_dir, sha);
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) == bytes.size()) return {};
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return Error::Internal("cannot create " + path.parent_path().string() + ": " + ec.message());
    auto tmp = path;
    tmp += ".tmp-" + crypto::RandomToken(6);
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            std::filesystem::remove(tmp, ec);
            return Error::Internal("cannot write " + tmp.string());
        }
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return Error::Internal("cannot rename into " + path.string());
    }
    return {};
}

}  // namespace

namespace {

// Checks a file and writes its bytes to the store (outside any transaction: a file no row names is
// harmless, and the same bytes are never written twice). The row is the caller's to insert.
Result<Attachment> PrepareFile(int64_t document_id, const std::string& filename, std::string_view bytes,
                               const std::string& files_dir, int64_t now) {
    std::string name = Trimmed(filename);
    if (bytes.empty()) return Error::Invalid({{"file", "required", "document.error.file_required"}});
    std::string type = SniffContentType(bytes, name);
    if (type.empty()) return Error::Invalid({{"file", "file_type", "document.error.file_type"}});
    if (name.empty()) name = "tep-dinh-kem";
    if (text::Utf8Length(name) > 200) name = text::ShortenFileName(vn::Nfc(name), 200);
    Attachment a;
    a.document_id = document_id;
    a.sha256 = crypto::Sha256Hex(bytes);
    a.filename = name;
    a.content_type = type;
    a.size = static_cast<int64_t>(bytes.size());
    a.created_at = now;
    DV_TRY(StoreBlob(files_dir, a.sha256, bytes));
    return a;
}

}  // namespace

Result<StoredFile> StoreFile(db::Connection& conn, const std::string& field, const std::string& filename,
                             std::string_view bytes, const std::string& files_dir, int64_t now) {
    auto a = PrepareFile(0, filename, bytes, files_dir, now);
    if (!a.ok()) {
        auto e = a.take_error();
        for (auto& f : e.field_errors) f.field = field;
        return e;
    }
    store::EnsureStoredFile(conn, a->sha256, a->size, now);
    return StoredFile{a->sha256, a->filename, a->content_type, a->size};
}

Result<std::string> ReadStoredFile(const std::string& files_dir, const std::string& sha256) {
    if (sha256.size() != 64 || sha256.find_first_not_of("0123456789abcdef") != std::string::npos) return Error::NotFound();
    std::ifstream in(BlobPath(files_dir, sha256), std::ios::binary);
    if (!in) return Error::NotFound();
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

namespace {

void InsertAttachment(db::Connection& conn, Attachment& a, int64_t owner, const audit::Actor& actor, int64_t now) {
    store::EnsureStoredFile(conn, a.sha256, a.size, now);
    a.id = store::InsertAttachment(conn, a, actor.user_id, now);
    audit::Append(conn, actor, now, "document.attach", "document", a.document_id, owner, nullptr, ToJson(a));
}

}  // namespace

Result<Document> Create(db::Connection& conn, const auth::Scope& scope, const Input& in, const audit::Actor& actor,
                        int64_t now, const std::optional<NewFile>& file) {
    DV_ASSIGN_OR_RETURN(int64_t owner, OwnerOf(conn, scope, in));
    Document d;
    auto errors = Validate(conn, in, d, now);
    if (file && !file->bytes.empty() && SniffContentType(file->bytes, file->filename).empty())
        errors.push_back({"file", "file_type", "document.error.file_type"});
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    d.owner_org_id = owner;
    d.created_by = actor.user_id;
    std::optional<Attachment> attachment;
    if (file && !file->bytes.empty()) {
        DV_ASSIGN_OR_RETURN(auto a, PrepareFile(0, file->filename, file->bytes, file->files_dir, now));
        attachment = std::move(a);
    }
    db::Transaction tx(conn);
    if (!d.symbol.empty() && !d.issued_on.empty() && store::FindDuplicate(conn, d.symbol, d.issued_on, 0))
        return Error::Conflict("document.error.duplicate", {{"symbol", "duplicate", "document.error.duplicate"}});
    d.id = store::Insert(conn, d, now);
    search::IndexDocument(conn, d);
    audit::Append(conn, actor, now, "document.create", "document", d.id, owner, nullptr, AuditJson(d));
    if (attachment) {
        attachment->document_id = d.id;
        InsertAttachment(conn, *attachment, owner, actor, now);
    }
    tx.Commit();
    return *store::Get(conn, auth::Scope::System(), d.id);
}

Result<Attachment> Attach(db::Connection& conn, const auth::Scope& scope, int64_t document_id,
                          const std::string& filename, std::string_view bytes, const std::string& files_dir,
                          const audit::Actor& actor, int64_t now) {
    DV_ASSIGN_OR_RETURN(auto d, Writable(conn, scope, document_id));
    DV_ASSIGN_OR_RETURN(auto a, PrepareFile(document_id, filename, bytes, files_dir, now));
    db::Transaction tx(conn);
    InsertAttachment(conn, a, d.owner_org_id, actor, now);
    tx.Commit();
    return a;
}

Result<Attachment> Detach(db::Connection& conn, const auth::Scope& scope, int64_t document_id, int64_t attachment_id,
                          const audit::Actor& actor, int64_t now) {
    DV_ASSIGN_OR_RETURN(auto d, Writable(conn, scope, document_id));
    auto a = store::GetAttachment(conn, document_id, attachment_id);
    if (!a) return Error::NotFound();
    db::Transaction tx(conn);
    store::RemoveAttachment(conn, attachment_id, now);
    audit::Append(conn, actor, now, "document.detach", "document", document_id, d.owner_org_id, ToJson(*a), nullptr);
    tx.Commit();
    return *a;
}

Result<std::vector<Attachment>> AttachmentsOf(db::Connection& conn, const auth::Scope& scope, int64_t document_id) {
    DV_ASSIGN_OR_RETURN(auto d, Visible(conn, scope, document_id));
    return store::Attachments(conn, d.id);
}

Result<std::pair<Attachment, std::string>> ReadAttachment(db::Connection& conn, const auth::Scope& scope,
                                                          int64_t document_id, int64_t attachment_id,
                                                          const std::string& files_dir) {
    DV_ASSIGN_OR_RETURN(auto d, Visible(conn, scope, document_id));
    auto a = store::GetAttachment(conn, d.id, attachment_id);
    if (!a) return Error::NotFound();
    std::ifstream in(BlobPath(files_dir, a->sha256), std::ios::binary);
    if (!in) return Error::Internal("attachment file missing: " + a->sha256);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (crypto::Sha256Hex(bytes) != a->sha256) return Error::Internal("attachment file damaged: " + a->sha256);
    return std::make_pair(*a, std::move(bytes));
}

}  // namespace dv::document
