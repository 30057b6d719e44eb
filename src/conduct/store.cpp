// conduct store: SQL over the conduct tables.
#include "conduct/store.h"

namespace dv::conduct::store {

namespace {

// The code's columns, with its count of versions, its first and last adoption and the version in force on
// a day (the latest adopted on or before it): one row per code.
constexpr const char* kCodeColumns =
    "c.id, c.org_id, o.name, c.kind, k.name, c.title, c.created_at, "
    "(SELECT COUNT(*) FROM conduct_versions v WHERE v.code_id = c.id), "
    "(SELECT MIN(v.adopted_on) FROM conduct_versions v WHERE v.code_id = c.id), "
    "(SELECT MAX(v.adopted_on) FROM conduct_versions v WHERE v.code_id = c.id), "
    "(SELECT v.id FROM conduct_versions v WHERE v.code_id = c.id AND v.adopted_on <= ? "
    "ORDER BY v.adopted_on DESC LIMIT 1) "
    "FROM conduct_codes c JOIN orgs o ON o.id = c.org_id JOIN conduct_kinds k ON k.code = c.kind ";

constexpr const char* kVersionColumns =
    "v.id, v.code_id, v.number, v.adopted_on, v.body, v.note, v.document_id, COALESCE(u.display_name, ''), "
    "v.created_at FROM conduct_versions v LEFT JOIN users u ON u.id = v.created_by ";

Version VersionFromRow(const db::Row& r) {
    Version v;
    v.id = r.Int(0);
    v.code_id = r.Int(1);
    v.number = static_cast<int>(r.Int(2));
    v.adopted_on = r.Text(3);
    v.body = r.Text(4);
    v.note = r.Text(5);
    v.document_id = r.OptInt(6);
    v.created_by = r.Text(7);
    v.created_at = r.Int(8);
    return v;
}

Code CodeFromRow(db::Connection& conn, const db::Row& r) {
    Code c;
    c.id = r.Int(0);
    c.org_id = r.Int(1);
    c.org_name = r.Text(2);
    c.kind = r.Text(3);
    c.kind_name = r.Text(4);
    c.title = r.Text(5);
    c.created_at = r.Int(6);
    c.versions = static_cast<int>(r.Int(7));
    c.first_adopted_on = r.IsNull(8) ? "" : r.Text(8);
    c.last_adopted_on = r.IsNull(9) ? "" : r.Text(9);
    if (auto vid = r.OptInt(10)) {
        auto row = conn.QueryOne(std::string("SELECT ") + kVersionColumns + "WHERE v.id = ?", {*vid});
        if (row) c.in_force = VersionFromRow(*row);
    }
    return c;
}

// The units of the overview: types at grassroots level and below, in the subtree of ?1 (as it stands),
// standing on ?2. Parameters: under, to.
constexpr const char* kUnits =
    "FROM org_tree t JOIN orgs o ON o.id = t.descendant_id JOIN org_types ty ON ty.code = o.type_code "
    "WHERE t.ancestor_id = ? AND ty.level >= 2 AND EXISTS (SELECT 1 FROM org_versions ov WHERE ov.org_id = o.id "
    "AND ov.valid_from <= ? AND (ov.valid_to IS NULL OR ov.valid_to > ?)) ";

}  // namespace

std::vector<Kind> Kinds(db::Connection& conn) {
    std::vector<Kind> out;
    for (const auto& r : conn.Query("SELECT code, name, name_en FROM conduct_kinds ORDER BY sort", {}))
        out.push_back({r.Text(0), r.Text(1), r.Text(2)});
    return out;
}

std::optional<Code> GetCode(db::Connection& conn, int64_t id, const std::string& on) {
    auto r = conn.QueryOne(std::string("SELECT ") + kCodeColumns + "WHERE c.id = ?", {on, id});
    if (!r) return std::nullopt;
    return CodeFromRow(conn, *r);
}

std::vector<Code> CodesOf(db::Connection& conn, int64_t org_id, const std::string& on) {
    std::vector<Code> out;
    for (const auto& r : conn.Query(std::string("SELECT ") + kCodeColumns + "WHERE c.org_id = ? ORDER BY k.sort, c.title, c.id",
                                    {on, org_id}))
        out.push_back(CodeFromRow(conn, r));
    return out;
}

std::optional<int64_t> FindCode(db::Connection& conn, int64_t org_id, const std::string& kind, const std::string& title) {
    auto r = conn.QueryOne("SELECT id FROM conduct_codes WHERE org_id = ? AND kind = ? AND title = ?", {org_id, kind, title});
    if (!r) return std::nullopt;
    return r->Int(0);
}

std::vector<Version> Versions(db::Connection& conn, int64_t code_id) {
    std::vector<Version> out;
    for (const auto& r : conn.Query(std::string("SELECT ") + kVersionColumns + "WHERE v.code_id = ? ORDER BY v.number DESC",
                                    {code_id}))
        out.push_back(VersionFromRow(r));
    return out;
}

int64_t InsertCode(db::Connection& conn, int64_t org_id, const std::string& kind, const std::string& title,
                   int64_t user_id, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO conduct_codes (org_id, kind, title, created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        {org_id, kind, title, user_id, now});
}

int64_t InsertVersion(db::Connection& conn, const Version& v, int64_t user_id, int64_t now) {
    auto next = conn.QueryOne("SELECT COALESCE(MAX(number), 0) + 1 FROM conduct_versions WHERE code_id = ?", {v.code_id});
    db::Value doc = v.document_id ? db::Value(*v.document_id) : db::Value();
    return conn.InsertReturningId(
        "INSERT INTO conduct_versions (code_id, number, adopted_on, body, note, document_id, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {v.code_id, next->Int(0), v.adopted_on, v.body, v.note, doc, user_id, now});
}

OverviewRows Overview(db::Connection& conn, int64_t under, const std::string& from, const std::string& to,
                      const std::string& which, int64_t limit, int64_t offset) {
    // Per unit: norms with a version by `to`, versions adopted in [from, to], the last adoption by `to`.
    const std::string sql =
        std::string("SELECT o.id, o.name AS name, ty.name AS type_name, "
                    "(SELECT COUNT(DISTINCT c.id) FROM conduct_codes c JOIN conduct_versions v ON v.code_id = c.id "
                    "WHERE c.org_id = o.id AND v.adopted_on <= ?) AS codes, "
                    "(SELECT COUNT(*) FROM conduct_codes c JOIN conduct_versions v ON v.code_id = c.id "
                    "WHERE c.org_id = o.id AND v.adopted_on >= ? AND v.adopted_on <= ?) AS changed, "
                    "(SELECT MAX(v.adopted_on) FROM conduct_codes c JOIN conduct_versions v ON v.code_id = c.id "
                    "WHERE c.org_id = o.id AND v.adopted_on <= ?) AS last_on, t.depth ") +
        kUnits;
    std::string filter;
    if (which == "changed") filter = "WHERE x.changed > 0";
    if (which == "none") filter = "WHERE x.codes = 0";
    db::Params params{to, from, to, to, under, to, to};
    OverviewRows out;
    out.total = conn.QueryOne("SELECT COUNT(*) FROM (" + sql + ") x " + filter, params)->Int(0);
    params.push_back(limit);
    params.push_back(offset);
    for (const auto& r : conn.Query("SELECT * FROM (" + sql + ") x " + filter + " ORDER BY x.depth, x.name, x.id LIMIT ? OFFSET ?",
                                    params)) {
        UnitRow u;
        u.org_id = r.Int(0);
        u.org_name = r.Text(1);
        u.type_name = r.Text(2);
        u.codes = r.Int(3);
        u.adopted_in_period = r.Int(4);
        u.last_adopted_on = r.IsNull(5) ? "" : r.Text(5);
        out.rows.push_back(std::move(u));
    }
    return out;
}

Counts CountsOf(db::Connection& conn, int64_t under, const std::string& from, const std::string& to) {
    const std::string sql =
        std::string("SELECT COUNT(*), "
                    "SUM(CASE WHEN EXISTS (SELECT 1 FROM conduct_codes c JOIN conduct_versions v ON v.code_id = c.id "
                    "WHERE c.org_id = o.id AND v.adopted_on <= ?) THEN 1 ELSE 0 END), "
                    "SUM(CASE WHEN EXISTS (SELECT 1 FROM conduct_codes c JOIN conduct_versions v ON v.code_id = c.id "
                    "WHERE c.org_id = o.id AND v.adopted_on >= ? AND v.adopted_on <= ?) THEN 1 ELSE 0 END) ") +
        kUnits;
    auto r = conn.QueryOne(sql, {to, from, to, under, to, to});
    Counts c;
    c.units = r->Int(0);
    c.with_codes = r->IsNull(1) ? 0 : r->Int(1);
    c.changed = r->IsNull(2) ? 0 : r->Int(2);
    c.none = c.units - c.with_codes;
    return c;
}

}  // namespace dv::conduct::store
