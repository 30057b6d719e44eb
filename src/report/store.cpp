// report store: SQL over the report tables.
#include "report/store.h"

#include "auth/scope_sql.h"

namespace dv::report::store {

namespace {

Form FormOf(const std::string& json) {
    auto f = ParseForm(boost::json::parse(json));
    return f.ok() ? std::move(f).value() : Form{};  // stored forms were checked when written
}

Values ValuesOf(const std::string& json) {
    auto v = boost::json::parse(json);
    return v.is_object() ? v.as_object() : Values{};
}

constexpr const char* kTemplateColumns =
    "t.id, t.owner_org_id, o.name, t.name, v.version, v.id, v.form, t.created_at, t.updated_at "
    "FROM report_templates t JOIN orgs o ON o.id = t.owner_org_id JOIN report_template_versions v ON "
    "v.template_id = t.id ";

Template TemplateFromRow(const db::Row& r) {
    Template t;
    t.id = r.Int(0);
    t.owner_org_id = r.Int(1);
    t.owner_name = r.Text(2);
    t.name = r.Text(3);
    t.version = static_cast<int>(r.Int(4));
    t.version_id = r.Int(5);
    t.form = FormOf(r.Text(6));
    t.created_at = r.Int(7);
    t.updated_at = r.Int(8);
    return t;
}

constexpr const char* kRoundColumns =
    "r.id, t.id, v.id, v.version, t.name, v.form, r.owner_org_id, o.name, r.title, r.period_kind, r.period_from, "
    "r.period_to, r.opens_on, r.due_on, r.assigned_how, r.assigned_under, r.document_id, r.created_at "
    "FROM report_rounds r JOIN report_template_versions v ON v.id = r.template_version_id JOIN report_templates t ON "
    "t.id = v.template_id JOIN orgs o ON o.id = r.owner_org_id ";

Round RoundFromRow(const db::Row& r, bool with_form) {
    Round x;
    x.id = r.Int(0);
    x.template_id = r.Int(1);
    x.template_version_id = r.Int(2);
    x.template_version = static_cast<int>(r.Int(3));
    x.template_name = r.Text(4);
    if (with_form) x.form = FormOf(r.Text(5));
    x.owner_org_id = r.Int(6);
    x.owner_name = r.Text(7);
    x.title = r.Text(8);
    x.period_kind = ParsePeriodKind(r.Text(9)).value_or(PeriodKind::kCustom);
    x.period_from = r.Text(10);
    x.period_to = r.Text(11);
    x.opens_on = r.Text(12);
    x.due_on = r.Text(13);
    x.assigned_how = r.Text(14);
    x.assigned_under = r.OptInt(15);
    x.document_id = r.OptInt(16);
    x.created_at = r.Int(17);
    return x;
}

constexpr const char* kReportColumns =
    "u.id, u.round_id, u.org_id, o.code, o.name, o.parent_id, COALESCE(o.ended_on, ''), u.status, u.report_values, "
    "COALESCE(u.first_submitted_on, ''), COALESCE(u.submitted_on, ''), COALESCE(u.accepted_on, ''), u.submissions, "
    "u.version, u.updated_at, COALESCE(us.display_name, '') "
    "FROM round_units u JOIN orgs o ON o.id = u.org_id LEFT JOIN users us ON us.id = u.updated_by ";

Report ReportFromRow(const db::Row& r, bool with_values) {
    Report x;
    x.id = r.Int(0);
    x.round_id = r.Int(1);
    x.org_id = r.Int(2);
    x.org_code = r.Text(3);
    x.org_name = r.Text(4);
    x.parent_id = r.OptInt(5);
    x.ended_on = r.Text(6);
    x.status = ParseStatus(r.Text(7)).value_or(Status::kNotStarted);
    if (with_values) x.values = ValuesOf(r.Text(8));
    x.first_submitted_on = r.Text(9);
    x.submitted_on = r.Text(10);
    x.accepted_on = r.Text(11);
    x.submissions = static_cast<int>(r.Int(12));
    x.version = r.Int(13);
    x.updated_at = r.Int(14);
    x.updated_by_name = r.Text(15);
    return x;
}

}  // namespace

std::optional<Template> GetTemplate(db::Connection& conn, int64_t id, std::optional<int> version) {
    auto r = version ? conn.QueryOne(std::string("SELECT ") + kTemplateColumns + "WHERE t.id = ? AND v.version = ?",
                                     {id, static_cast<int64_t>(*version)})
                     : conn.QueryOne(std::string("SELECT ") + kTemplateColumns + "WHERE t.id = ? AND v.version = t.current_version",
                                     {id});
    if (!r) return std::nullopt;
    return TemplateFromRow(*r);
}

std::vector<Template> Templates(db::Connection& conn, const auth::Scope& scope) {
    db::Params params;
    std::string filter = auth::SubtreeFilter(scope, auth::Permission::kRead, "t.owner_org_id", params);
    std::vector<Template> out;
    for (const auto& r : conn.Query(std::string("SELECT ") + kTemplateColumns + "WHERE v.version = t.current_version" +
                                        filter + " ORDER BY t.id DESC",
                                    params))
        out.push_back(TemplateFromRow(r));
    return out;
}

std::vector<std::pair<int, int64_t>> TemplateVersions(db::Connection& conn, int64_t template_id) {
    std::vector<std::pair<int, int64_t>> out;
    for (const auto& r : conn.Query("SELECT version, created_at FROM report_template_versions WHERE template_id = ? "
                                    "ORDER BY version DESC",
                                    {template_id}))
        out.emplace_back(static_cast<int>(r.Int(0)), r.Int(1));
    return out;
}

int64_t InsertTemplate(db::Connection& conn, int64_t owner_org_id, const std::string& name, int64_t user_id, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO report_templates (owner_org_id, name, current_version, created_by, created_at, updated_at) "
        "VALUES (?, ?, 0, ?, ?, ?) RETURNING id",
        {owner_org_id, name, user_id, now, now});
}

bool AddTemplateVersion(db::Connection& conn, int64_t template_id, int version, const std::string& name,
                        const std::string& form_json, int64_t user_id, int64_t now) {
    if (conn.Exec("UPDATE report_templates SET current_version = ?, name = ?, updated_at = ? WHERE id = ? AND "
                  "current_version = ?",
                  {static_cast<int64_t>(version), name, now, template_id, static_cast<int64_t>(version - 1)}) != 1)
        return false;
    conn.Exec("INSERT INTO report_template_versions (template_id, version, form, created_by, created_at) VALUES (?, ?, "
              "?, ?, ?)",
              {template_id, static_cast<int64_t>(version), form_json, user_id, now});
    return true;
}

std::optional<Round> GetRound(db::Connection& conn, int64_t id) {
    auto r = conn.QueryOne(std::string("SELECT ") + kRoundColumns + "WHERE r.id = ?", {id});
    if (!r) return std::nullopt;
    return RoundFromRow(*r, true);
}

RoundRows Rounds(db::Connection& conn, const auth::Scope& scope, int64_t limit, int64_t offset) {
    db::Params params;
    // Checked row by row (the rounds are few; the caller's subtrees may hold 250,000 organizations).
    std::string owner = auth::SubtreeCheck(scope, auth::Permission::kRead, "r.owner_org_id", params);
    std::string units = auth::SubtreeCheck(scope, auth::Permission::kRead, "u.org_id", params);
    const std::string where = " WHERE (1 = 1" + owner + ") OR EXISTS (SELECT 1 FROM round_units u WHERE u.round_id = r.id" +
                              units + ")";
    RoundRows out;
    out.total = conn.QueryOne("SELECT COUNT(*) FROM report_rounds r" + where, params)->Int(0);
    params.emplace_back(limit);
    params.emplace_back(offset);
    for (const auto& r : conn.Query(std::string("SELECT ") + kRoundColumns + where + " ORDER BY r.due_on DESC, r.id DESC LIMIT ? OFFSET ?",
                                    params))
        out.rounds.push_back(RoundFromRow(r, false));
    return out;
}

int64_t InsertRound(db::Connection& conn, const Round& r, const std::string& late_from, int64_t user_id, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO report_rounds (template_version_id, owner_org_id, title, period_kind, period_from, period_to, "
        "opens_on, due_on, late_from, assigned_how, assigned_under, created_by, created_at, updated_at) VALUES (?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {r.template_version_id, r.owner_org_id, r.title, std::string(ToString(r.period_kind)), r.period_from,
         r.period_to, r.opens_on, r.due_on, late_from, r.assigned_how,
         r.assigned_under ? db::Value(*r.assigned_under) : db::Null(), user_id, now, now});
}

void SetRoundDocument(db::Connection& conn, int64_t round_id, std::optional<int64_t> document_id, int64_t now) {
    conn.Exec("UPDATE report_rounds SET document_id = ?, updated_at = ? WHERE id = ?",
              {document_id ? db::Value(*document_id) : db::Null(), now, round_id});
}

bool HasUnitsIn(db::Connection& conn, const auth::Scope& scope, int64_t round_id) {
    db::Params params{round_id};
    std::string filter = auth::SubtreeCheck(scope, auth::Permission::kRead, "u.org_id", params);
    return conn.QueryOne("SELECT 1 FROM round_units u WHERE u.round_id = ?" + filter + " LIMIT 1", params).has_value();
}

int64_t InsertUnit(db::Connection& conn, int64_t round_id, int64_t org_id, bool top, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO round_units (round_id, org_id, status, top, updated_at) VALUES (?, ?, 'not_started', ?, ?) "
        "RETURNING id",
        {round_id, org_id, int64_t{top ? 1 : 0}, now});
}

std::optional<Report> GetReport(db::Connection& conn, const auth::Scope* scope, int64_t round_id, int64_t org_id) {
    db::Params params{round_id, org_id};
    std::string filter = scope ? auth::SubtreeCheck(*scope, auth::Permission::kRead, "u.org_id", params) : "";
    auto r = conn.QueryOne(std::string("SELECT ") + kReportColumns + "WHERE u.round_id = ? AND u.org_id = ?" + filter, params);
    if (!r) return std::nullopt;
    return ReportFromRow(*r, true);
}

ReportRows Reports(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t under,
                   const std::string& show, const std::string& due_on, int64_t limit, int64_t offset) {
    db::Params params{round_id, under};
    std::string where = " WHERE u.round_id = ? AND EXISTS (SELECT 1 FROM org_tree t WHERE t.descendant_id = u.org_id AND "
                        "t.ancestor_id = ?)";
    // The round and `under` drive the read; the caller's scope is checked on the rows they give.
    where += auth::SubtreeCheck(scope, auth::Permission::kRead, "u.org_id", params);
    if (show == "chase") where += " AND u.status IN ('not_started', 'draft', 'returned')";
    else if (show == "awaiting") where += " AND u.status = 'submitted'";
    else if (show == "returned") where += " AND u.status = 'returned'";
    else if (show == "accepted") where += " AND u.status = 'accepted'";
    else if (show == "submitted") where += " AND u.first_submitted_on IS NOT NULL";
    else if (show == "late") {
        where += " AND u.first_submitted_on > ?";
        params.emplace_back(due_on);
    }
    ReportRows out;
    out.total = conn.QueryOne("SELECT COUNT(*) FROM round_units u" + where, params)->Int(0);
    params.emplace_back(limit);
    params.emplace_back(offset);
    for (const auto& r : conn.Query(std::string("SELECT ") + kReportColumns + where + " ORDER BY o.name, o.id LIMIT ? OFFSET ?",
                                    params))
        out.reports.push_back(ReportFromRow(r, true));
    return out;
}

std::vector<Todo> TodoOf(db::Connection& conn, const std::vector<int64_t>& org_ids, const std::string& today,
                         int64_t limit) {
    std::vector<Todo> out;
    if (org_ids.empty()) return out;
    std::string sql =
        "SELECT r.id, u.org_id, r.title, r.due_on, o.name, u.status FROM round_units u JOIN report_rounds r ON r.id = "
        "u.round_id JOIN orgs o ON o.id = u.org_id WHERE u.status IN ('not_started', 'draft', 'returned') AND r.opens_on "
        "<= ? AND u.org_id IN (";
    db::Params params{today};
    for (size_t i = 0; i < org_ids.size(); ++i) {
        sql += i ? ", ?" : "?";
        params.emplace_back(org_ids[i]);
    }
    params.emplace_back(limit);
    for (const auto& r : conn.Query(sql + ") ORDER BY r.due_on, r.id, u.org_id LIMIT ?", params))
        out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), ParseStatus(r.Text(5)).value_or(Status::kNotStarted)});
    return out;
}

std::vector<Todo> AwaitingUnder(db::Connection& conn, const std::vector<int64_t>& org_ids, int64_t limit) {
    std::vector<Todo> out;
    if (org_ids.empty()) return out;
    std::string sql =
        "SELECT r.id, u.org_id, r.title, r.due_on, o.name, u.status FROM round_units u JOIN report_rounds r ON r.id = "
        "u.round_id JOIN orgs o ON o.id = u.org_id WHERE u.status = 'submitted' AND o.parent_id IN (";
    db::Params params;
    for (size_t i = 0; i < org_ids.size(); ++i) {
        sql += i ? ", ?" : "?";
        params.emplace_back(org_ids[i]);
    }
    params.emplace_back(limit);
    for (const auto& r : conn.Query(sql + ") ORDER BY r.due_on, r.id, o.name LIMIT ?", params))
        out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), Status::kSubmitted});
    return out;
}

ReportRows ReportsOf(db::Connection& conn, const auth::Scope& scope, int64_t limit, int64_t offset) {
    db::Params params;
    std::string where = " WHERE 1 = 1" + auth::SubtreeFilter(scope, auth::Permission::kRead, "u.org_id", params);
    ReportRows out;
    out.total = conn.QueryOne("SELECT COUNT(*) FROM round_units u" + where, params)->Int(0);
    params.emplace_back(limit);
    params.emplace_back(offset);
    for (const auto& r : conn.Query(std::string("SELECT ") + kReportColumns + where +
                                        " ORDER BY u.round_id DESC, o.name, o.id LIMIT ? OFFSET ?",
                                    params))
        out.reports.push_back(ReportFromRow(r, true));
    return out;
}

bool SaveReport(db::Connection& conn, int64_t report_id, int64_t expected_version, Status status,
                const std::string& values_json, int64_t user_id, int64_t now) {
    return conn.Exec("UPDATE round_units SET status = ?, report_values = ?, version = version + 1, updated_by = ?, "
                     "updated_at = ? WHERE id = ? AND version = ?",
                     {std::string(ToString(status)), values_json, user_id, now, report_id, expected_version}) == 1;
}

bool MarkSubmitted(db::Connection& conn, int64_t report_id, int64_t expected_version, const std::string& values_json,
                   const std::string& day, int64_t user_id, int64_t now) {
    return conn.Exec("UPDATE round_units SET status = 'submitted', report_values = ?, first_submitted_on = "
                     "COALESCE(first_submitted_on, ?), submitted_on = ?, submissions = submissions + 1, version = "
                     "version + 1, updated_by = ?, updated_at = ? WHERE id = ? AND version = ?",
                     {values_json, day, day, user_id, now, report_id, expected_version}) == 1;
}

bool SetReviewed(db::Connection& conn, int64_t report_id, int64_t expected_version, Status status,
                 const std::string& accepted_on, int64_t user_id, int64_t now) {
    return conn.Exec("UPDATE round_units SET status = ?, accepted_on = ?, version = version + 1, updated_by = ?, "
                     "updated_at = ? WHERE id = ? AND version = ?",
                     {std::string(ToString(status)), accepted_on.empty() ? db::Null() : db::Value(accepted_on), user_id,
                      now, report_id, expected_version}) == 1;
}

void InsertEvent(db::Connection& conn, int64_t report_id, const std::string& kind, int seq, const std::string& day,
                 const std::optional<std::string>& values_json, const std::string& comment, int64_t user_id, int64_t now) {
    conn.Exec("INSERT INTO report_events (round_unit_id, kind, seq, on_day, report_values, comment, by_user, at) VALUES "
              "(?, ?, ?, ?, ?, ?, ?, ?)",
              {report_id, kind, static_cast<int64_t>(seq), day, values_json ? db::Value(*values_json) : db::Null(),
               comment, user_id, now});
}

std::vector<Event> EventsOf(db::Connection& conn, int64_t report_id) {
    std::vector<Event> out;
    for (const auto& r : conn.Query("SELECT e.id, e.kind, e.seq, e.on_day, COALESCE(e.report_values, '{}'), e.comment, "
                                    "COALESCE(us.display_name, ''), e.at FROM report_events e LEFT JOIN users us ON "
                                    "us.id = e.by_user WHERE e.round_unit_id = ? ORDER BY e.id DESC",
                                    {report_id})) {
        Event e;
        e.id = r.Int(0);
        e.kind = r.Text(1);
        e.seq = static_cast<int>(r.Int(2));
        e.on_day = r.Text(3);
        e.values = ValuesOf(r.Text(4));
        e.comment = r.Text(5);
        e.by_name = r.Text(6);
        e.at = r.Int(7);
        out.push_back(std::move(e));
    }
    return out;
}

void ReplaceNumbers(db::Connection& conn, int64_t report_id, int seq, const std::map<std::string, int64_t>& numbers,
                    const std::string& day) {
    conn.Exec("UPDATE report_numbers SET to_on = ? WHERE round_unit_id = ? AND to_on IS NULL", {day, report_id});
    for (const auto& [field, value] : numbers)
        conn.Exec("INSERT INTO report_numbers (round_unit_id, seq, field, value, from_on) VALUES (?, ?, ?, ?, ?)",
                  {report_id, static_cast<int64_t>(seq), field, value, day});
}

std::map<std::string, int64_t> NumbersOn(db::Connection& conn, int64_t report_id, const std::string& day) {
    std::map<std::string, int64_t> out;
    for (const auto& r : conn.Query("SELECT field, value FROM report_numbers WHERE round_unit_id = ? AND from_on <= ? AND "
                                    "(to_on IS NULL OR to_on > ?)",
                                    {report_id, day, day}))
        out[r.Text(0)] = r.Int(1);
    return out;
}

std::map<int64_t, int64_t> NotTopReports(db::Connection& conn, int64_t round_id, const std::vector<int64_t>& org_ids) {
    std::map<int64_t, int64_t> out;
    if (org_ids.empty()) return out;
    std::string sql = "SELECT org_id, id FROM round_units WHERE round_id = ? AND top = 0 AND org_id IN (";
    db::Params params{round_id};
    for (size_t i = 0; i < org_ids.size(); ++i) {
        sql += i ? ", ?" : "?";
        params.emplace_back(org_ids[i]);
    }
    for (const auto& r : conn.Query(sql + ")", params)) out[r.Int(0)] = r.Int(1);
    return out;
}

}  // namespace dv::report::store
