// distribution store: SQL for sendings and recipients.
#include "document/distribution_store.h"

#include <algorithm>

#include "auth/scope_sql.h"

namespace dv::document::distribution::store {

namespace {

constexpr const char* kRecipientColumns =
    "SELECT r.id, r.distribution_id, r.document_id, r.org_id, o.code, o.name, o.parent_id, dd.sent_on, dd.deadline, "
    "r.received_on, r.studied_on, r.study_form, r.attendees, r.members_total, r.meeting_ref, r.note, "
    "r.recorded_by, r.recorded_at "
    "FROM document_recipients r JOIN document_distributions dd ON dd.id = r.distribution_id "
    "JOIN orgs o ON o.id = r.org_id ";
constexpr const char* kInsertDistribution =
    "INSERT INTO document_distributions (document_id, sent_on, deadline, note, sent_by, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kInsertRecipient =
    "INSERT INTO document_recipients (distribution_id, document_id, org_id) VALUES (?, ?, ?) RETURNING id";
constexpr const char* kUpdateRecord =
    "UPDATE document_recipients SET received_on = ?, studied_on = ?, study_form = ?, attendees = ?, "
    "members_total = ?, meeting_ref = ?, note = ?, recorded_by = ?, recorded_at = ? WHERE id = ?";
// Not studied first, soonest deadline first; then studied, latest first.
constexpr const char* kStudyOrder =
    " ORDER BY CASE WHEN r.studied_on IS NULL THEN 0 ELSE 1 END, "
    "CASE WHEN r.studied_on IS NULL THEN dd.deadline ELSE '' END, r.studied_on DESC, r.document_id DESC, o.name, "
    "r.id LIMIT ?";

db::Value OptText(const std::string& s) { return s.empty() ? db::Null() : db::Value(s); }
db::Value OptInt(const std::optional<int64_t>& v) { return v ? db::Value(*v) : db::Null(); }

Recipient FromRow(const db::Row& row) {
    Recipient r;
    r.id = row.Int(0);
    r.distribution_id = row.Int(1);
    r.document_id = row.Int(2);
    r.org_id = row.Int(3);
    r.org_code = row.Text(4);
    r.org_name = row.Text(5);
    r.parent_id = row.OptInt(6);
    r.sent_on = row.Text(7);
    r.deadline = row.Text(8);
    r.received_on = row.OptText(9).value_or("");
    r.studied_on = row.OptText(10).value_or("");
    if (auto f = row.OptText(11)) r.study_form = ParseStudyForm(*f);
    r.attendees = row.OptInt(12);
    r.members_total = row.OptInt(13);
    r.meeting_ref = row.Text(14);
    r.note = row.Text(15);
    r.recorded_by = row.OptInt(16).value_or(0);
    r.recorded_at = row.OptInt(17).value_or(0);
    return r;
}

std::string Placeholders(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
    return s;
}

std::vector<int64_t> GrantedUnits(const auth::Scope& scope) {
    std::vector<int64_t> ids;
    for (const auto& g : scope.grants()) ids.push_back(g.org_id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// "<column> IN (the granted units and the units above them)", or "1 = 0" without grants.
std::string AboveGrants(const auth::Scope& scope, std::string_view column, db::Params& params) {
    auto granted = GrantedUnits(scope);
    if (granted.empty()) return "1 = 0";
    for (auto id : granted) params.emplace_back(id);
    return std::string(column) + " IN (SELECT ancestor_id FROM org_tree WHERE descendant_id IN (" +
           Placeholders(granted.size()) + "))";
}

}  // namespace

std::string SeenFilter(const auth::Scope& scope, std::string_view column, db::Params& params) {
    if (scope.is_system()) return "";
    std::string sql = " AND (" + AboveGrants(scope, column, params);
    auto read_roots = scope.Roots(auth::Permission::kRead);
    if (!read_roots.empty()) {
        sql += " OR " + std::string(column) + " IN (SELECT descendant_id FROM org_tree WHERE ancestor_id IN (" +
               Placeholders(read_roots.size()) + "))";
        for (auto id : read_roots) params.emplace_back(id);
    }
    return sql + ")";
}

std::vector<Recipient> OfDocument(db::Connection& conn, const auth::Scope& scope, int64_t document_id) {
    db::Params params{document_id};
    std::string sql = std::string(kRecipientColumns) + "WHERE r.document_id = ?" +
                      auth::SubtreeFilter(scope, auth::Permission::kRead, "r.org_id", params) +
                      " ORDER BY o.name, r.id";
    std::vector<Recipient> out;
    for (const auto& row : conn.Query(sql, params)) out.push_back(FromRow(row));
    return out;
}

std::vector<Recipient> OfIssuedDocuments(db::Connection& conn, const auth::Scope& scope) {
    db::Params params;
    std::string sql = std::string(kRecipientColumns) +
                      "WHERE r.document_id IN (SELECT id FROM documents WHERE status = 'issued')" +
                      auth::SubtreeFilter(scope, auth::Permission::kRead, "r.org_id", params) +
                      " ORDER BY r.document_id, o.name, r.id";
    std::vector<Recipient> out;
    for (const auto& row : conn.Query(sql, params)) out.push_back(FromRow(row));
    return out;
}

std::vector<Recipient> OfGrantedUnits(db::Connection& conn, const auth::Scope& scope, int64_t document_id) {
    db::Params params{document_id};
    std::string sql = std::string(kRecipientColumns) + "WHERE r.document_id = ?";
    if (!scope.is_system()) sql += " AND " + AboveGrants(scope, "r.org_id", params);
    // From the unit nearest the caller up: the deepest first.
    sql += " ORDER BY (SELECT COUNT(*) FROM org_tree t WHERE t.descendant_id = r.org_id) DESC, o.name";
    std::vector<Recipient> out;
    for (const auto& row : conn.Query(sql, params)) out.push_back(FromRow(row));
    return out;
}

std::optional<Recipient> Get(db::Connection& conn, const auth::Scope& scope, int64_t document_id, int64_t org_id) {
    db::Params params{document_id, org_id};
    std::string sql = std::string(kRecipientColumns) + "WHERE r.document_id = ? AND r.org_id = ?" +
                      SeenFilter(scope, "r.org_id", params);
    auto row = conn.QueryOne(sql, params);
    if (!row) return std::nullopt;
    return FromRow(*row);
}

std::vector<Distribution> Distributions(db::Connection& conn, const auth::Scope& scope, int64_t document_id) {
    db::Params params{document_id};
    std::string sql =
        "SELECT dd.id, dd.document_id, dd.sent_on, dd.deadline, dd.note, dd.sent_by, u.display_name, dd.created_at, "
        "COUNT(r.id) FROM document_distributions dd JOIN document_recipients r ON r.distribution_id = dd.id "
        "LEFT JOIN users u ON u.id = dd.sent_by WHERE dd.document_id = ?" +
        auth::SubtreeFilter(scope, auth::Permission::kRead, "r.org_id", params) +
        " GROUP BY dd.id, dd.document_id, dd.sent_on, dd.deadline, dd.note, dd.sent_by, u.display_name, dd.created_at "
        "ORDER BY dd.sent_on, dd.id";
    std::vector<Distribution> out;
    for (const auto& r : conn.Query(sql, params))
        out.push_back(Distribution{r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.OptInt(5).value_or(0),
                                   r.OptText(6).value_or(""), r.Int(7), r.Int(8)});
    return out;
}

StudyRows Study(db::Connection& conn, const auth::Scope& scope, bool open_only, int limit) {
    db::Params params;
    std::string where = "WHERE r.document_id IN (SELECT id FROM documents WHERE status = 'issued')" +
                        SeenFilter(scope, "r.org_id", params);
    if (open_only) where += " AND r.studied_on IS NULL";
    StudyRows out;
    auto count = conn.QueryOne(
        "SELECT COUNT(*) FROM document_recipients r JOIN document_distributions dd ON dd.id = r.distribution_id "
        "JOIN orgs o ON o.id = r.org_id " +
            where,
        params);
    out.total = count ? count->Int(0) : 0;
    params.emplace_back(static_cast<int64_t>(std::clamp(limit, 1, 1000)));
    for (const auto& row : conn.Query(std::string(kRecipientColumns) + where + kStudyOrder, params))
        out.rows.push_back(FromRow(row));
    return out;
}

std::vector<int64_t> RecipientUnits(db::Connection& conn, int64_t document_id) {
    std::vector<int64_t> out;
    for (const auto& r : conn.Query("SELECT org_id FROM document_recipients WHERE document_id = ?", {document_id}))
        out.push_back(r.Int(0));
    return out;
}

int64_t InsertDistribution(db::Connection& conn, const Distribution& d, int64_t now) {
    return conn.InsertReturningId(kInsertDistribution, {d.document_id, d.sent_on, d.deadline, d.note,
                                                        d.sent_by ? db::Value(d.sent_by) : db::Null(), now});
}

int64_t InsertRecipient(db::Connection& conn, int64_t distribution_id, int64_t document_id, int64_t org_id) {
    return conn.InsertReturningId(kInsertRecipient, {distribution_id, document_id, org_id});
}

std::optional<Recipient> GetAny(db::Connection& conn, int64_t document_id, int64_t org_id) {
    auto row = conn.QueryOne(std::string(kRecipientColumns) + "WHERE r.document_id = ? AND r.org_id = ?",
                             {document_id, org_id});
    if (!row) return std::nullopt;
    return FromRow(*row);
}

void UpdateRecord(db::Connection& conn, const Recipient& r, int64_t user_id, int64_t now) {
    conn.Exec(kUpdateRecord,
              {OptText(r.received_on), OptText(r.studied_on),
               r.study_form ? db::Value(std::string(ToString(*r.study_form))) : db::Null(), OptInt(r.attendees),
               OptInt(r.members_total), r.meeting_ref, r.note, user_id ? db::Value(user_id) : db::Null(), now, r.id});
}

}  // namespace dv::document::distribution::store
