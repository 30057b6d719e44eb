// commitment store: SQL over the commitment tables.
#include "commitment/store.h"

namespace dv::commitment::store {

namespace {

constexpr const char* kColumns =
    "c.id, c.member_id, m.full_name, c.year, c.org_id, o.name, c.theme_id, COALESCE(t.title, ''), c.status, "
    "c.assessment, c.return_note, c.review_note, COALESCE(c.submitted_on, ''), COALESCE(c.approved_on, ''), "
    "COALESCE(c.assessed_on, ''), COALESCE(c.reviewed_on, ''), COALESCE(ua.display_name, ''), "
    "COALESCE(ur.display_name, ''), c.version, c.created_at, c.updated_at "
    "FROM commitments c JOIN members m ON m.id = c.member_id JOIN orgs o ON o.id = c.org_id "
    "LEFT JOIN themes t ON t.id = c.theme_id LEFT JOIN users ua ON ua.id = c.approved_by "
    "LEFT JOIN users ur ON ur.id = c.reviewed_by ";

Commitment FromRow(db::Connection& conn, const db::Row& r) {
    Commitment c;
    c.id = r.Int(0);
    c.member_id = r.Int(1);
    c.member_name = r.Text(2);
    c.year = static_cast<int>(r.Int(3));
    c.org_id = r.Int(4);
    c.org_name = r.Text(5);
    c.theme_id = r.OptInt(6);
    c.theme_title = r.Text(7);
    c.status = r.Text(8);
    c.assessment = r.Text(9);
    c.return_note = r.Text(10);
    c.review_note = r.Text(11);
    c.submitted_on = r.Text(12);
    c.approved_on = r.Text(13);
    c.assessed_on = r.Text(14);
    c.reviewed_on = r.Text(15);
    c.approved_by = r.Text(16);
    c.reviewed_by = r.Text(17);
    c.version = r.Int(18);
    c.created_at = r.Int(19);
    c.updated_at = r.Int(20);
    for (const auto& i : conn.Query("SELECT position, body, COALESCE(result, ''), note FROM commitment_items "
                                    "WHERE commitment_id = ? ORDER BY position",
                                    {c.id}))
        c.items.push_back({static_cast<int>(i.Int(0)), i.Text(1), i.Text(2), i.Text(3)});
    return c;
}

db::Value OrNull(const std::string& s) { return s.empty() ? db::Value() : db::Value(s); }
db::Value OrNull(int64_t v) { return v ? db::Value(v) : db::Value(); }

// "c.org_id IN (?, ?)" over `ids`, params appended.
std::string InList(const char* column, const std::vector<int64_t>& ids, db::Params& params) {
    if (ids.empty()) return "1 = 0";
    std::string s = std::string(column) + " IN (";
    for (size_t i = 0; i < ids.size(); ++i) {
        s += i ? ", ?" : "?";
        params.emplace_back(ids[i]);
    }
    return s + ")";
}

}  // namespace

std::optional<YearDates> Dates(db::Connection& conn, int year) {
    auto r = conn.QueryOne("SELECT register_by, assess_from FROM commitment_years WHERE year = ?", {int64_t{year}});
    if (!r) return std::nullopt;
    return YearDates{year, r->Text(0), r->Text(1), true};
}

void SetDates(db::Connection& conn, const YearDates& d, int64_t user_id, int64_t now) {
    conn.Exec("DELETE FROM commitment_years WHERE year = ?", {int64_t{d.year}});
    conn.Exec("INSERT INTO commitment_years (year, register_by, assess_from, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)",
              {int64_t{d.year}, d.register_by, d.assess_from, user_id, now});
}

std::optional<Commitment> Get(db::Connection& conn, int64_t id) {
    auto r = conn.QueryOne(std::string("SELECT ") + kColumns + "WHERE c.id = ?", {id});
    if (!r) return std::nullopt;
    return FromRow(conn, *r);
}

std::optional<Commitment> ForMember(db::Connection& conn, int64_t member_id, int year) {
    auto r = conn.QueryOne(std::string("SELECT ") + kColumns + "WHERE c.member_id = ? AND c.year = ?",
                           {member_id, int64_t{year}});
    if (!r) return std::nullopt;
    return FromRow(conn, *r);
}

int64_t Insert(db::Connection& conn, const Commitment& c, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO commitments (member_id, year, org_id, theme_id, status, assessment, submitted_on, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {c.member_id, int64_t{c.year}, c.org_id, c.theme_id ? db::Value(*c.theme_id) : db::Value(), c.status,
         c.assessment, OrNull(c.submitted_on), now, now});
}

bool Update(db::Connection& conn, const Commitment& c, int64_t version, int64_t approved_by, int64_t reviewed_by,
            int64_t now) {
    return conn.Exec("UPDATE commitments SET org_id = ?, theme_id = ?, status = ?, assessment = ?, return_note = ?, "
                     "review_note = ?, submitted_on = ?, approved_on = ?, approved_by = ?, assessed_on = ?, "
                     "reviewed_on = ?, reviewed_by = ?, version = version + 1, updated_at = ? "
                     "WHERE id = ? AND version = ?",
                     {c.org_id, c.theme_id ? db::Value(*c.theme_id) : db::Value(), c.status, c.assessment,
                      c.return_note, c.review_note, OrNull(c.submitted_on), OrNull(c.approved_on), OrNull(approved_by),
                      OrNull(c.assessed_on), OrNull(c.reviewed_on), OrNull(reviewed_by), now, c.id, version}) == 1;
}

void ReplaceItems(db::Connection& conn, int64_t id, const std::vector<Item>& items) {
    conn.Exec("DELETE FROM commitment_items WHERE commitment_id = ?", {id});
    for (const auto& i : items)
        conn.Exec("INSERT INTO commitment_items (commitment_id, position, body, result, note) VALUES (?, ?, ?, ?, ?)",
                  {id, int64_t{i.position}, i.body, OrNull(i.result), i.note});
}

Rows MembersOf(db::Connection& conn, const std::vector<int64_t>& cells, int year, const std::string& show,
               int64_t limit, int64_t offset) {
    db::Params params{int64_t{year}};
    std::string sql =
        "FROM members m JOIN orgs o ON o.id = m.org_id LEFT JOIN commitments c ON c.member_id = m.id AND c.year = ? "
        "WHERE m.status IN ('probationary', 'official') AND " +
        InList("m.org_id", cells, params);
    if (show == "missing") sql += " AND (c.id IS NULL OR c.status = 'draft')";
    if (show == "to_approve") sql += " AND c.status = 'submitted'";
    if (show == "to_review") sql += " AND c.assessment = 'submitted'";
    Rows out;
    out.total = conn.QueryOne("SELECT COUNT(*) " + sql, params)->Int(0);
    params.push_back(limit);
    params.push_back(offset);
    for (const auto& r : conn.Query(
             "SELECT m.id, m.full_name, o.name, m.org_id, c.id, COALESCE(c.status, ''), COALESCE(c.assessment, ''), "
             "(SELECT COUNT(*) FROM commitment_items i WHERE i.commitment_id = c.id) " +
                 sql + " ORDER BY o.name, m.org_id, m.sort_key, m.id LIMIT ? OFFSET ?",
             params)) {
        Row row;
        row.member_id = r.Int(0);
        row.full_name = r.Text(1);
        row.org_name = r.Text(2);
        row.org_id = r.Int(3);
        row.commitment_id = r.OptInt(4);
        row.status = r.Text(5);
        row.assessment = r.Text(6);
        row.items = r.IsNull(7) ? 0 : r.Int(7);
        out.rows.push_back(std::move(row));
    }
    return out;
}

std::pair<int64_t, int64_t> Pending(db::Connection& conn, const std::vector<int64_t>& cells, int year) {
    db::Params params{int64_t{year}};
    auto r = conn.QueryOne("SELECT SUM(CASE WHEN status = 'submitted' THEN 1 ELSE 0 END), "
                           "SUM(CASE WHEN assessment = 'submitted' THEN 1 ELSE 0 END) FROM commitments "
                           "WHERE year = ? AND " + InList("org_id", cells, params),
                           params);
    return {r->IsNull(0) ? 0 : r->Int(0), r->IsNull(1) ? 0 : r->Int(1)};
}

std::vector<int64_t> PendingCells(db::Connection& conn, const std::vector<int64_t>& roots, int year) {
    db::Params params{int64_t{year}};
    std::vector<int64_t> out;
    for (const auto& r : conn.Query("SELECT DISTINCT c.org_id FROM commitments c JOIN org_tree t ON t.descendant_id = c.org_id "
                                    "WHERE c.year = ? AND (c.status = 'submitted' OR c.assessment = 'submitted') AND " +
                                        InList("t.ancestor_id", roots, params),
                                    params))
        out.push_back(r.Int(0));
    return out;
}

std::vector<std::tuple<int64_t, int64_t, int64_t>> NotRegistered(db::Connection& conn, int year) {
    std::vector<std::tuple<int64_t, int64_t, int64_t>> out;
    for (const auto& r : conn.Query(
             "SELECT m.id, u.id, m.org_id FROM members m JOIN users u ON u.member_id = m.id AND u.active = 1 "
             "WHERE m.status IN ('probationary', 'official') "
             "AND NOT EXISTS (SELECT 1 FROM commitments c WHERE c.member_id = m.id AND c.year = ? "
             "AND c.status IN ('submitted', 'approved')) "
             "AND NOT EXISTS (SELECT 1 FROM commitment_reminders x WHERE x.year = ? AND x.member_id = m.id "
             "AND x.kind = 'register') ORDER BY m.id",
             {int64_t{year}, int64_t{year}}))
        out.emplace_back(r.Int(0), r.Int(1), r.Int(2));
    return out;
}

std::vector<std::tuple<int64_t, int64_t, int64_t>> NotAssessed(db::Connection& conn, int year) {
    std::vector<std::tuple<int64_t, int64_t, int64_t>> out;
    for (const auto& r : conn.Query(
             "SELECT c.member_id, u.id, c.org_id FROM commitments c JOIN users u ON u.member_id = c.member_id "
             "AND u.active = 1 WHERE c.year = ? AND c.status = 'approved' AND c.assessment IN ('none', 'returned') "
             "AND NOT EXISTS (SELECT 1 FROM commitment_reminders x WHERE x.year = ? AND x.member_id = c.member_id "
             "AND x.kind = 'assess') ORDER BY c.member_id",
             {int64_t{year}, int64_t{year}}))
        out.emplace_back(r.Int(0), r.Int(1), r.Int(2));
    return out;
}

std::vector<std::tuple<int64_t, int64_t, int64_t>> Waiting(db::Connection& conn, int year, const std::string& kind,
                                                            const std::string& before) {
    std::vector<std::tuple<int64_t, int64_t, int64_t>> out;
    const std::string state = kind == "approve" ? "c.status = 'submitted' AND c.submitted_on <= ?"
                                                : "c.assessment = 'submitted' AND c.assessed_on <= ?";
    for (const auto& r : conn.Query("SELECT c.member_id, c.org_id FROM commitments c WHERE c.year = ? AND " + state +
                                        " AND NOT EXISTS (SELECT 1 FROM commitment_reminders x WHERE x.year = ? "
                                        "AND x.member_id = c.member_id AND x.kind = ?) ORDER BY c.member_id",
                                    {int64_t{year}, before, int64_t{year}, kind}))
        out.emplace_back(r.Int(0), 0, r.Int(1));
    return out;
}

void MarkReminded(db::Connection& conn, int year, int64_t member_id, const std::string& kind, int64_t now) {
    conn.Exec("INSERT INTO commitment_reminders (year, member_id, kind, sent_at) VALUES (?, ?, ?, ?)",
              {int64_t{year}, member_id, kind, now});
}

std::optional<int64_t> UserOf(db::Connection& conn, int64_t member_id) {
    auto r = conn.QueryOne("SELECT id FROM users WHERE member_id = ? AND active = 1 ORDER BY id LIMIT 1", {member_id});
    if (!r) return std::nullopt;
    return r->Int(0);
}

}  // namespace dv::commitment::store
