// document store: SQL for the registry.
#include "document/store.h"

#include <algorithm>

namespace dv::document::store {

namespace {

// A document is replaced when an issued document that replaces it is in effect.
constexpr const char* kColumns =
    "d.id, d.type_code, t.name, d.system, d.symbol, d.number, d.issuer_code, d.issuer_name, d.issued_on, "
    "d.effective_on, d.expires_on, d.title, d.signer, d.owner_org_id, o.name, d.visibility, d.status, "
    "d.created_by, d.created_at, d.updated_at, "
    "(SELECT MIN(rr.from_id) FROM document_relations rr JOIN documents rd ON rd.id = rr.from_id "
    "  WHERE rr.to_id = d.id AND rr.kind = 'replaces' AND rd.status = 'issued')";
constexpr const char* kFrom =
    " FROM documents d JOIN document_types t ON t.code = d.type_code JOIN orgs o ON o.id = d.owner_org_id "
    "WHERE 1 = 1";
constexpr const char* kInsert =
    "INSERT INTO documents (type_code, system, symbol, number, issuer_code, issuer_name, issued_on, effective_on, "
    "expires_on, title, signer, body, owner_org_id, visibility, status, created_by, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdate =
    "UPDATE documents SET type_code = ?, system = ?, symbol = ?, number = ?, issuer_code = ?, issuer_name = ?, "
    "issued_on = ?, effective_on = ?, expires_on = ?, title = ?, signer = ?, body = ?, owner_org_id = ?, "
    "visibility = ?, status = ?, updated_at = ? WHERE id = ?";
// In force on a day (the parameter, given twice); model.cpp's InForce and HasForce say the same.
constexpr const char* kInForce =
    "(d.type_code NOT IN ('report', 'minutes', 'submission', 'letter') AND d.status = 'issued' AND COALESCE(d.effective_on, d.issued_on, '0000-00-00') <= ? "
    "AND (d.expires_on IS NULL OR d.expires_on > ?) "
    "AND NOT EXISTS (SELECT 1 FROM document_relations rr JOIN documents rd ON rd.id = rr.from_id "
    "  WHERE rr.to_id = d.id AND rr.kind = 'replaces' AND rd.status = 'issued'))";

db::Value OptText(const std::string& s) { return s.empty() ? db::Null() : db::Value(s); }

Document FromRow(const db::Row& r, bool with_body) {
    Document d;
    d.id = r.Int(0);
    d.type_code = r.Text(1);
    d.type_name = r.Text(2);
    d.system = r.Text(3);
    d.symbol = r.Text(4);
    d.number = r.Text(5);
    d.issuer_code = r.Text(6);
    d.issuer_name = r.Text(7);
    d.issued_on = r.OptText(8).value_or("");
    d.effective_on = r.OptText(9).value_or("");
    d.expires_on = r.OptText(10).value_or("");
    d.title = r.Text(11);
    d.signer = r.Text(12);
    d.owner_org_id = r.Int(13);
    d.owner_org_name = r.Text(14);
    d.visibility = ParseVisibility(r.Text(15)).value_or(Visibility::kInternal);
    d.status = ParseStatus(r.Text(16)).value_or(Status::kDraft);
    d.created_by = r.OptInt(17).value_or(0);
    d.created_at = r.Int(18);
    d.updated_at = r.Int(19);
    d.replaced_by = r.OptInt(20);
    if (with_body) d.body = r.Text(21);
    return d;
}

std::string Placeholders(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
    return s;
}

Relation RelationFromRow(const db::Row& r) {
    return Relation{r.Int(0), r.Int(1), r.Int(2), ParseRelationKind(r.Text(3)).value_or(RelationKind::kImplements)};
}

Attachment AttachmentFromRow(const db::Row& r) {
    return Attachment{r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), r.Int(6)};
}

constexpr const char* kAttachmentColumns =
    "SELECT id, document_id, sha256, filename, content_type, size, created_at FROM document_attachments ";

}  // namespace

std::string VisibleFilter(const auth::Scope& scope, std::string_view alias, db::Params& params) {
    if (scope.is_system()) return "";
    if (!scope.signed_in()) return " AND 1 = 0";
    const std::string a(alias);
    std::string sql = " AND ((" + a + ".status = 'issued' AND " + a + ".visibility = 'public')";
    auto read_roots = scope.Roots(auth::Permission::kRead);
    if (!read_roots.empty()) {
        sql += " OR " + a + ".owner_org_id IN (SELECT descendant_id FROM org_tree WHERE ancestor_id IN (" +
               Placeholders(read_roots.size()) + "))";
        for (auto id : read_roots) params.emplace_back(id);
    }
    std::vector<int64_t> granted;
    for (const auto& g : scope.grants()) granted.push_back(g.org_id);
    std::sort(granted.begin(), granted.end());
    granted.erase(std::unique(granted.begin(), granted.end()), granted.end());
    if (!granted.empty() || !read_roots.empty()) {
        sql += " OR (" + a + ".status = 'issued' AND EXISTS (SELECT 1 FROM document_recipients dr WHERE dr.document_id = " +
               a + ".id AND (1 = 0";
        if (!granted.empty()) {
            sql += " OR dr.org_id IN (SELECT ancestor_id FROM org_tree WHERE descendant_id IN (" +
                   Placeholders(granted.size()) + "))";
            for (auto id : granted) params.emplace_back(id);
        }
        if (!read_roots.empty()) {
            sql += " OR dr.org_id IN (SELECT descendant_id FROM org_tree WHERE ancestor_id IN (" +
                   Placeholders(read_roots.size()) + "))";
            for (auto id : read_roots) params.emplace_back(id);
        }
        sql += ")))";
    }
    sql += ")";
    return sql;
}

std::vector<Type> Types(db::Connection& conn) {
    std::vector<Type> out;
    for (const auto& r :
         conn.Query("SELECT code, name, name_en, abbreviation, system, sort FROM document_types ORDER BY sort, code"))
        out.push_back(Type{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), static_cast<int>(r.Int(5))});
    return out;
}

std::optional<Type> GetType(db::Connection& conn, const std::string& code) {
    auto r = conn.QueryOne(
        "SELECT code, name, name_en, abbreviation, system, sort FROM document_types WHERE code = ?", {code});
    if (!r) return std::nullopt;
    return Type{r->Text(0), r->Text(1), r->Text(2), r->Text(3), r->Text(4), static_cast<int>(r->Int(5))};
}

std::vector<Issuer> Issuers(db::Connection& conn) {
    std::vector<Issuer> out;
    for (const auto& r : conn.Query("SELECT code, name FROM document_issuers ORDER BY sort, code"))
        out.push_back(Issuer{r.Text(0), r.Text(1)});
    return out;
}

Page List(db::Connection& conn, const auth::Scope& scope, const Filter& f, const std::string& today) {
    db::Params params;
    std::string where = VisibleFilter(scope, "d", params);
    if (!f.type_code.empty()) {
        where += " AND d.type_code = ?";
        params.emplace_back(f.type_code);
    }
    if (!f.issuer_code.empty()) {
        where += " AND d.issuer_code = ?";
        params.emplace_back(f.issuer_code);
    }
    if (f.year) {
        // Dates are 'YYYY-MM-DD' text: a year is a range, which the index serves.
        where += " AND d.issued_on >= ? AND d.issued_on <= ?";
        params.emplace_back(std::to_string(*f.year) + "-01-01");
        params.emplace_back(std::to_string(*f.year) + "-12-31");
    }
    if (f.owner_org_id) {
        where += " AND d.owner_org_id IN (SELECT descendant_id FROM org_tree WHERE ancestor_id = ?)";
        params.emplace_back(*f.owner_org_id);
    }
    if (f.status) {
        where += " AND d.status = ?";
        params.emplace_back(std::string(ToString(*f.status)));
    }
    if (!f.symbol.empty()) {
        where += " AND d.symbol = ?";
        params.emplace_back(f.symbol);
    }
    if (f.in_force) {
        where += *f.in_force ? std::string(" AND ") + kInForce : std::string(" AND NOT ") + kInForce;
        for (int i = 0; i < 2; ++i) params.emplace_back(today);
    }
    Page page;
    auto count = conn.QueryOne(std::string("SELECT COUNT(*)") + kFrom + where, params);
    page.total = count ? count->Int(0) : 0;
    int size = std::clamp(f.page_size, 1, 500);
    int offset = (std::max(f.page, 1) - 1) * size;
    std::string sql = std::string("SELECT ") + kColumns + kFrom + where +
                      " ORDER BY d.issued_on IS NULL, d.issued_on DESC, d.id DESC LIMIT ? OFFSET ?";
    params.emplace_back(static_cast<int64_t>(size));
    params.emplace_back(static_cast<int64_t>(offset));
    for (const auto& r : conn.Query(sql, params)) page.documents.push_back(FromRow(r, false));
    return page;
}

std::optional<Document> Get(db::Connection& conn, const auth::Scope& scope, int64_t id) {
    db::Params params{id};
    std::string sql = std::string("SELECT ") + kColumns + ", d.body" + kFrom + " AND d.id = ?" +
                      VisibleFilter(scope, "d", params);
    auto row = conn.QueryOne(sql, params);
    if (!row) return std::nullopt;
    return FromRow(*row, true);
}

std::vector<Document> GetMany(db::Connection& conn, const auth::Scope& scope, const std::vector<int64_t>& ids) {
    std::vector<Document> out;
    for (size_t i = 0; i < ids.size(); i += 200) {
        size_t n = std::min<size_t>(200, ids.size() - i);
        db::Params params;
        for (size_t k = 0; k < n; ++k) params.emplace_back(ids[i + k]);
        std::string sql = std::string("SELECT ") + kColumns + kFrom + " AND d.id IN (" + Placeholders(n) + ")" +
                          VisibleFilter(scope, "d", params);
        for (const auto& r : conn.Query(sql, params)) out.push_back(FromRow(r, false));
    }
    return out;
}

std::vector<Document> FindBySymbol(db::Connection& conn, const auth::Scope& scope, const std::string& symbol) {
    db::Params params{symbol};
    std::string sql = std::string("SELECT ") + kColumns + kFrom + " AND d.symbol = ?" +
                      VisibleFilter(scope, "d", params) + " ORDER BY d.issued_on DESC, d.id DESC LIMIT 20";
    std::vector<Document> out;
    for (const auto& r : conn.Query(sql, params)) out.push_back(FromRow(r, false));
    return out;
}

std::optional<int64_t> FindDuplicate(db::Connection& conn, const std::string& symbol, const std::string& issued_on,
                                     int64_t except_id) {
    auto r = conn.QueryOne("SELECT id FROM documents WHERE symbol = ? AND issued_on = ? AND id <> ? LIMIT 1",
                           {symbol, issued_on, except_id});
    if (!r) return std::nullopt;
    return r->Int(0);
}

int64_t Insert(db::Connection& conn, const Document& d, int64_t now) {
    return conn.InsertReturningId(
        kInsert, {d.type_code, d.system, d.symbol, d.number, d.issuer_code, d.issuer_name, OptText(d.issued_on),
                  OptText(d.effective_on), OptText(d.expires_on), d.title, d.signer, d.body, d.owner_org_id,
                  std::string(ToString(d.visibility)), std::string(ToString(d.status)),
                  d.created_by ? db::Value(d.created_by) : db::Null(), now, now});
}

void Update(db::Connection& conn, const Document& d, int64_t now) {
    conn.Exec(kUpdate, {d.type_code, d.system, d.symbol, d.number, d.issuer_code, d.issuer_name, OptText(d.issued_on),
                        OptText(d.effective_on), OptText(d.expires_on), d.title, d.signer, d.body, d.owner_org_id,
                        std::string(ToString(d.visibility)), std::string(ToString(d.status)), now, d.id});
}

std::vector<Relation> RelationsFrom(db::Connection& conn, int64_t from_id) {
    std::vector<Relation> out;
    for (const auto& r :
         conn.Query("SELECT id, from_id, to_id, kind FROM document_relations WHERE from_id = ? ORDER BY id", {from_id}))
        out.push_back(RelationFromRow(r));
    return out;
}

std::vector<Relation> RelationsTo(db::Connection& conn, int64_t to_id) {
    std::vector<Relation> out;
    for (const auto& r :
         conn.Query("SELECT id, from_id, to_id, kind FROM document_relations WHERE to_id = ? ORDER BY id", {to_id}))
        out.push_back(RelationFromRow(r));
    return out;
}

std::optional<Relation> GetRelation(db::Connection& conn, int64_t id) {
    auto r = conn.QueryOne("SELECT id, from_id, to_id, kind FROM document_relations WHERE id = ?", {id});
    if (!r) return std::nullopt;
    return RelationFromRow(*r);
}

int64_t InsertRelation(db::Connection& conn, const Relation& r, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO document_relations (from_id, to_id, kind, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        {r.from_id, r.to_id, std::string(ToString(r.kind)), now});
}

void DeleteRelation(db::Connection& conn, int64_t id) {
    conn.Exec("DELETE FROM document_relations WHERE id = ?", {id});
}

std::vector<Attachment> Attachments(db::Connection& conn, int64_t document_id) {
    std::vector<Attachment> out;
    for (const auto& r : conn.Query(std::string(kAttachmentColumns) +
                                        "WHERE document_id = ? AND removed_at IS NULL ORDER BY id",
                                    {document_id}))
        out.push_back(AttachmentFromRow(r));
    return out;
}

std::optional<Attachment> GetAttachment(db::Connection& conn, int64_t document_id, int64_t id) {
    auto r = conn.QueryOne(std::string(kAttachmentColumns) +
                               "WHERE document_id = ? AND id = ? AND removed_at IS NULL",
                           {document_id, id});
    if (!r) return std::nullopt;
    return AttachmentFromRow(*r);
}

void EnsureStoredFile(db::Connection& conn, const std::string& sha256, int64_t size, int64_t now) {
    conn.Exec("INSERT INTO stored_files (sha256, size, created_at) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
              {sha256, size, now});
}

int64_t InsertAttachment(db::Connection& conn, const Attachment& a, int64_t user_id, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO document_attachments (document_id, sha256, filename, content_type, size, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {a.document_id, a.sha256, a.filename, a.content_type, a.size, user_id ? db::Value(user_id) : db::Null(), now});
}

void RemoveAttachment(db::Connection& conn, int64_t id, int64_t now) {
    conn.Exec("UPDATE document_attachments SET removed_at = ? WHERE id = ?", {now, id});
}

}  // namespace dv::document::store
