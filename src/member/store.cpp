// member store: SQL for member records and placements.
#include "member/store.h"

#include "core/vn_text.h"
#include "org/scope_sql.h"

namespace dv::member::store {

namespace {

constexpr const char* kColumns =
    "m.id, m.full_name, m.gender, m.birth_date, m.ethnicity, m.hometown, m.admitted_on, m.official_on, "
    "m.card_number, m.party_position, m.gov_position, m.citizen_id, m.phone, m.org_id, o.name, m.status, "
    "m.status_since, m.created_at, m.updated_at";
constexpr const char* kFrom = " FROM members m JOIN orgs o ON o.id = m.org_id WHERE 1 = 1";
constexpr const char* kInsert =
    "INSERT INTO members (full_name, name_folded, sort_key, gender, birth_date, ethnicity, hometown, admitted_on, "
    "official_on, card_number, party_position, gov_position, citizen_id, phone, org_id, status, status_since, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdate =
    "UPDATE members SET full_name = ?, name_folded = ?, sort_key = ?, gender = ?, birth_date = ?, ethnicity = ?, "
    "hometown = ?, admitted_on = ?, official_on = ?, card_number = ?, party_position = ?, gov_position = ?, "
    "citizen_id = ?, phone = ?, org_id = ?, status = ?, status_since = ?, updated_at = ? WHERE id = ?";

db::Value OptText(const std::string& s) { return s.empty() ? db::Null() : db::Value(s); }

Member FromRow(const db::Row& r) {
    Member m;
    m.id = r.Int(0);
    m.full_name = r.Text(1);
    m.gender = r.Text(2);
    m.birth_date = r.OptText(3).value_or("");
    m.ethnicity = r.Text(4);
    m.hometown = r.Text(5);
    m.admitted_on = r.OptText(6).value_or("");
    m.official_on = r.OptText(7).value_or("");
    m.card_number = r.OptText(8).value_or("");
    m.party_position = r.Text(9);
    m.gov_position = r.Text(10);
    m.citizen_id = r.Text(11);
    m.phone = r.Text(12);
    m.org_id = r.Int(13);
    m.org_name = r.Text(14);
    m.status = ParseStatus(r.Text(15)).value_or(Status::kProbationary);
    m.status_since = r.Text(16);
    m.created_at = r.Int(17);
    m.updated_at = r.Int(18);
    return m;
}

db::Params RowParams(const Member& m, const std::string& folded, const std::string& sort_key) {
    return {m.full_name,          folded,          sort_key,           m.gender,
            OptText(m.birth_date), m.ethnicity,    m.hometown,         OptText(m.admitted_on),
            OptText(m.official_on), OptText(m.card_number), m.party_position, m.gov_position,
            m.citizen_id,         m.phone,         m.org_id,           std::string(ToString(m.status)),
            m.status_since};
}

}  // namespace

std::optional<Member> Get(db::Connection& conn, const auth::Scope& scope, auth::Permission p, int64_t id) {
    db::Params params{id};
    std::string sql = std::string("SELECT ") + kColumns + kFrom + " AND m.id = ?" +
                      org::SubtreeFilter(scope, p, "m.org_id", params);
    auto row = conn.QueryOne(sql, params);
    if (!row) return std::nullopt;
    return FromRow(*row);
}

std::optional<Member> GetAny(db::Connection& conn, int64_t id) { return Get(conn, auth::Scope::System(), auth::Permission::kRead, id); }

Page List(db::Connection& conn, const auth::Scope& scope, auth::Permission p, const Filter& f,
          const std::string& today) {
    db::Params params;
    std::string where = org::SubtreeFilter(scope, p, "m.org_id", params);
    if (f.org_id) {
        where += " AND m.org_id IN (SELECT descendant_id FROM org_tree WHERE ancestor_id = ?)";
        params.emplace_back(*f.org_id);
    }
    if (f.id) {
        where += " AND m.id = ?";
        params.emplace_back(*f.id);
    }
    if (f.status) {
        where += " AND m.status = ?";
        params.emplace_back(std::string(ToString(*f.status)));
    } else {
        where += " AND m.status IN ('probationary', 'official')";
    }
    if (!f.q.empty()) {
        where += " AND m.name_folded LIKE ? ESCAPE '\\'";
        params.emplace_back(db::ContainsPattern(f.q));
    }
    if (!f.position.empty()) {
        where += " AND (lower(m.party_position) LIKE lower(?) ESCAPE '\\' OR lower(m.gov_position) LIKE lower(?) ESCAPE '\\')";
        params.emplace_back(db::ContainsPattern(f.position));
        params.emplace_back(db::ContainsPattern(f.position));
    }
    // Ages in completed years on `today`: born on or before today minus N years.
    auto shifted = [&](int years) {
        int y = std::stoi(today.substr(0, 4)) - years;
        return std::to_string(y) + today.substr(4);
    };
    if (f.age_min) {
        where += " AND m.birth_date <= ?";
        params.emplace_back(shifted(*f.age_min));
    }
    if (f.age_max) {
        where += " AND m.birth_date > ?";
        params.emplace_back(shifted(*f.age_max + 1));
    }
    Page page;
    page.total = conn.QueryOne(std::string("SELECT COUNT(*)") + kFrom + where, params)->Int(0);
    db::Params list_params = params;
    list_params.emplace_back(int64_t{f.page_size});
    list_params.emplace_back(int64_t{(f.page - 1) * f.page_size});
    for (const auto& row : conn.Query(std::string("SELECT ") + kColumns + kFrom + where +
                                          " ORDER BY m.sort_key, m.id LIMIT ? OFFSET ?",
                                      list_params))
        page.members.push_back(FromRow(row));
    return page;
}

std::vector<Placement> Placements(db::Connection& conn, int64_t member_id) {
    std::vector<Placement> out;
    const char* sql =
        "SELECT p.org_id, COALESCE((SELECT v.name FROM org_versions v WHERE v.org_id = p.org_id AND v.valid_from <= "
        "p.from_date ORDER BY v.valid_from DESC LIMIT 1), o.name), p.from_date, p.to_date, p.reason, p.note "
        "FROM member_placements p JOIN orgs o ON o.id = p.org_id WHERE p.member_id = ? ORDER BY p.from_date, p.id";
    for (const auto& r : conn.Query(sql, {member_id}))
        out.push_back({r.Int(0), r.Text(1), r.Text(2), r.OptText(3).value_or(""), r.Text(4), r.Text(5)});
    return out;
}

bool CardNumberTaken(db::Connection& conn, const std::string& card, int64_t except_id) {
    return conn.QueryOne("SELECT 1 FROM members WHERE card_number = ? AND id <> ?", {card, except_id}).has_value();
}

std::optional<int64_t> MemberOfUser(db::Connection& conn, int64_t user_id) {
    auto r = conn.QueryOne("SELECT member_id FROM users WHERE id = ?", {user_id});
    if (!r) return std::nullopt;
    return r->OptInt(0);
}

int64_t Insert(db::Connection& conn, const Member& m, int64_t now) {
    auto params = RowParams(m, vn::Fold(m.full_name), vn::NameSortKeyHex(m.full_name));
    params.emplace_back(now);
    params.emplace_back(now);
    return conn.InsertReturningId(kInsert, params);
}

void Update(db::Connection& conn, const Member& m, int64_t now) {
    auto params = RowParams(m, vn::Fold(m.full_name), vn::NameSortKeyHex(m.full_name));
    params.emplace_back(now);
    params.emplace_back(m.id);
    conn.Exec(kUpdate, params);
}

void OpenPlacement(db::Connection& conn, int64_t member_id, int64_t org_id, const std::string& from,
                   const std::string& reason, const std::string& note) {
    conn.Exec("INSERT INTO member_placements (member_id, org_id, from_date, to_date, reason, note) "
              "VALUES (?, ?, ?, NULL, ?, ?)",
              {member_id, org_id, from, reason, note});
}

void ClosePlacement(db::Connection& conn, int64_t member_id, const std::string& to) {
    conn.Exec("UPDATE member_placements SET to_date = ? WHERE member_id = ? AND to_date IS NULL", {to, member_id});
}

std::optional<std::string> CurrentPlacementStart(db::Connection& conn, int64_t member_id) {
    auto r = conn.QueryOne("SELECT from_date FROM member_placements WHERE member_id = ? AND to_date IS NULL",
                           {member_id});
    if (!r) return std::nullopt;
    return r->Text(0);
}

int64_t CountActive(db::Connection& conn, int64_t org_id) {
    return conn
        .QueryOne("SELECT COUNT(*) FROM members WHERE org_id = ? AND status IN ('probationary', 'official')", {org_id})
        ->Int(0);
}

void MoveOne(db::Connection& conn, int64_t member_id, int64_t to_org, const std::string& date, int64_t now) {
    ClosePlacement(conn, member_id, date);
    OpenPlacement(conn, member_id, to_org, date, "reorganization", "");
    conn.Exec("UPDATE members SET org_id = ?, updated_at = ? WHERE id = ?", {to_org, now, member_id});
}

std::vector<std::pair<int64_t, std::string>> ActiveOf(db::Connection& conn, int64_t org_id) {
    std::vector<std::pair<int64_t, std::string>> out;
    for (const auto& r : conn.Query("SELECT id, full_name FROM members WHERE org_id = ? AND status IN ('probationary', "
                                    "'official') ORDER BY sort_key, id",
                                    {org_id}))
        out.emplace_back(r.Int(0), r.Text(1));
    return out;
}

int64_t MoveAll(db::Connection& conn, int64_t from_org, int64_t to_org, const std::string& date, int64_t now) {
    auto rows = conn.Query("SELECT id FROM members WHERE org_id = ? AND status IN ('probationary', 'official')",
                           {from_org});
    for (const auto& r : rows) {
        int64_t id = r.Int(0);
        ClosePlacement(conn, id, date);
        OpenPlacement(conn, id, to_org, date, "reorganization", "");
    }
    conn.Exec("UPDATE members SET org_id = ?, updated_at = ? WHERE org_id = ? AND status IN ('probationary', 'official')",
              {to_org, now, from_org});
    return static_cast<int64_t>(rows.size());
}

}  // namespace dv::member::store
