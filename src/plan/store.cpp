// plan store: SQL over plan_tasks, task_units and task_updates (migration 0022).
#include "plan/store.h"

#include <boost/json.hpp>

#include "auth/scope_sql.h"

namespace dv::plan::store {

namespace {

constexpr const char* kTaskColumns =
    "t.id, t.document_id, t.title, t.description, t.lead_org_id, COALESCE(lo.name, ''), t.start_on, t.due_on, "
    "t.assigned_how, t.assigned_under, t.created_at, t.updated_at";
// Counts over the units in scope as of a day (its parameter, twice).
constexpr const char* kCounts =
    ", (SELECT COUNT(*) FROM task_units u WHERE u.task_id = t.id${SCOPE}), "
    "(SELECT COUNT(*) FROM task_units u WHERE u.task_id = t.id AND u.status = 'done' AND u.done_on <= ?${SCOPE}), "
    "(SELECT COUNT(*) FROM task_units u WHERE u.task_id = t.id AND u.status <> 'done' AND t.overdue_from <= ?${SCOPE})";
constexpr const char* kTaskFrom = " FROM plan_tasks t LEFT JOIN orgs lo ON lo.id = t.lead_org_id";
constexpr const char* kUnitColumns =
    "u.id, u.task_id, u.org_id, o.code, o.name, o.parent_id, u.status, COALESCE(u.done_on, ''), u.comment, u.version, "
    "u.updated_at, COALESCE(us.display_name, '')";
constexpr const char* kUnitFrom =
    " FROM task_units u JOIN orgs o ON o.id = u.org_id LEFT JOIN users us ON us.id = u.updated_by";

std::string Replace(std::string s, const std::string& token, const std::string& with) {
    for (size_t at = s.find(token); at != std::string::npos; at = s.find(token, at + with.size()))
        s.replace(at, token.size(), with);
    return s;
}

// The three counts of kCounts with the scope filter on u.org_id; their parameters in order.
std::string Counts(const auth::Scope& scope, const std::string& today, db::Params& params) {
    db::Params scope_params;
    std::string filter = auth::SubtreeFilter(scope, auth::Permission::kRead, "u.org_id", scope_params);
    params.insert(params.end(), scope_params.begin(), scope_params.end());
    params.emplace_back(today);
    params.insert(params.end(), scope_params.begin(), scope_params.end());
    params.emplace_back(today);
    params.insert(params.end(), scope_params.begin(), scope_params.end());
    return Replace(kCounts, "${SCOPE}", filter);
}

Task TaskFromRow(const db::Row& r) {
    Task t;
    t.id = r.Int(0);
    t.document_id = r.Int(1);
    t.title = r.Text(2);
    t.description = r.Text(3);
    t.lead_org_id = r.OptInt(4);
    t.lead_org_name = r.Text(5);
    t.start_on = r.Text(6);
    t.due_on = r.Text(7);
    t.assigned_how = ParseAssignment(r.Text(8)).value_or(Assignment::kList);
    t.assigned_under = r.OptInt(9);
    t.created_at = r.Int(10);
    t.updated_at = r.Int(11);
    t.units = r.Int(12);
    t.done = r.Int(13);
    t.overdue = r.Int(14);
    return t;
}

TaskUnit UnitFromRow(const db::Row& r) {
    TaskUnit u;
    u.id = r.Int(0);
    u.task_id = r.Int(1);
    u.org_id = r.Int(2);
    u.org_code = r.Text(3);
    u.org_name = r.Text(4);
    u.parent_id = r.OptInt(5);
    u.status = ParseStatus(r.Text(6)).value_or(Status::kNotStarted);
    u.done_on = r.Text(7);
    u.comment = r.Text(8);
    u.version = r.Int(9);
    u.updated_at = r.Int(10);
    u.updated_by_name = r.Text(11);
    return u;
}

}  // namespace

std::vector<Task> TasksOf(db::Connection& conn, const auth::Scope& scope, int64_t document_id,
                          const std::string& today) {
    db::Params params;
    std::string counts = Counts(scope, today, params);
    params.emplace_back(document_id);
    std::vector<Task> out;
    for (const auto& r : conn.Query(std::string("SELECT ") + kTaskColumns + counts + kTaskFrom +
                                        " WHERE t.document_id = ? ORDER BY t.id",
                                    params))
        out.push_back(TaskFromRow(r));
    return out;
}

std::optional<Task> GetTask(db::Connection& conn, const auth::Scope& scope, int64_t task_id, const std::string& today) {
    db::Params params;
    std::string counts = Counts(scope, today, params);
    params.emplace_back(task_id);
    auto r = conn.QueryOne(std::string("SELECT ") + kTaskColumns + counts + kTaskFrom + " WHERE t.id = ?", params);
    if (!r) return std::nullopt;
    return TaskFromRow(*r);
}

std::optional<Task> FindTask(db::Connection& conn, int64_t task_id) {
    auto r = conn.QueryOne(std::string("SELECT ") + kTaskColumns + ", 0, 0, 0" + kTaskFrom + " WHERE t.id = ?", {task_id});
    if (!r) return std::nullopt;
    return TaskFromRow(*r);
}

UnitRows UnitsPage(db::Connection& conn, const auth::Scope& scope, int64_t task_id, const std::string& show,
                   const std::string& today, int64_t limit, int64_t offset) {
    db::Params params{task_id};
    std::string where = " WHERE u.task_id = ?" + auth::SubtreeFilter(scope, auth::Permission::kRead, "u.org_id", params);
    // Done is never dated after today (the service refuses it), so a done row stands done on `today`.
    if (show == "overdue") {
        where += " AND u.status <> 'done' AND EXISTS (SELECT 1 FROM plan_tasks t WHERE t.id = u.task_id AND t.overdue_from <= ?)";
        params.emplace_back(today);
    } else if (show == "open") {
        where += " AND u.status <> 'done'";
    } else if (show == "done") {
        where += " AND u.status = 'done'";
    }
    UnitRows out;
    out.total = conn.QueryOne(std::string("SELECT COUNT(*) FROM task_units u") + where, params)->Int(0);
    params.emplace_back(limit);
    params.emplace_back(offset);
    for (const auto& r : conn.Query(std::string("SELECT ") + kUnitColumns + kUnitFrom + where +
                                        " ORDER BY o.name, o.id LIMIT ? OFFSET ?",
                                    params))
        out.units.push_back(UnitFromRow(r));
    return out;
}

std::vector<TaskUnit> UnitsOf(db::Connection& conn, const auth::Scope& scope, int64_t task_id) {
    db::Params params{task_id};
    std::string filter = auth::SubtreeFilter(scope, auth::Permission::kRead, "u.org_id", params);
    std::vector<TaskUnit> out;
    for (const auto& r : conn.Query(std::string("SELECT ") + kUnitColumns + kUnitFrom + " WHERE u.task_id = ?" +
                                        filter + " ORDER BY o.name, o.id",
                                    params))
        out.push_back(UnitFromRow(r));
    return out;
}

std::vector<TaskUnit> UnitsOfPlan(db::Connection& conn, const auth::Scope& scope, int64_t document_id) {
    db::Params params{document_id};
    std::string filter = auth::SubtreeFilter(scope, auth::Permission::kRead, "u.org_id", params);
    std::vector<TaskUnit> out;
    for (const auto& r : conn.Query(std::string("SELECT ") + kUnitColumns + kUnitFrom +
                                        " WHERE u.task_id IN (SELECT id FROM plan_tasks WHERE document_id = ?)" +
                                        filter + " ORDER BY u.task_id, o.name, o.id",
                                    params))
        out.push_back(UnitFromRow(r));
    return out;
}

std::optional<TaskUnit> GetUnit(db::Connection& conn, const auth::Scope& scope, int64_t task_id, int64_t org_id) {
    db::Params params{task_id, org_id};
    std::string filter = auth::SubtreeCheck(scope, auth::Permission::kRead, "u.org_id", params);
    auto r = conn.QueryOne(std::string("SELECT ") + kUnitColumns + kUnitFrom + " WHERE u.task_id = ? AND u.org_id = ?" +
                               filter,
                           params);
    if (!r) return std::nullopt;
    return UnitFromRow(*r);
}

std::vector<Update> UpdatesOf(db::Connection& conn, int64_t task_unit_id) {
    std::vector<Update> out;
    for (const auto& r : conn.Query("SELECT x.id, x.status, COALESCE(x.done_on, ''), x.comment, x.evidence, "
                                    "COALESCE(us.display_name, ''), x.at FROM task_updates x LEFT JOIN users us ON "
                                    "us.id = x.by_user WHERE x.task_unit_id = ? ORDER BY x.id DESC",
                                    {task_unit_id})) {
        Update u;
        u.id = r.Int(0);
        u.status = ParseStatus(r.Text(1)).value_or(Status::kNotStarted);
        u.done_on = r.Text(2);
        u.comment = r.Text(3);
        const boost::json::value evidence = boost::json::parse(r.Text(4));
        for (const auto& e : evidence.as_array()) {
            const auto& o = e.as_object();
            Evidence ev;
            ev.kind = std::string(o.at("kind").as_string());
            if (const auto* v = o.if_contains("sha256")) ev.sha256 = std::string(v->as_string());
            if (const auto* v = o.if_contains("name")) ev.name = std::string(v->as_string());
            if (const auto* v = o.if_contains("document_id")) ev.document_id = v->as_int64();
            u.evidence.push_back(std::move(ev));
        }
        u.by_name = r.Text(5);
        u.at = r.Int(6);
        out.push_back(std::move(u));
    }
    return out;
}

bool HasUnitsIn(db::Connection& conn, const auth::Scope& scope, int64_t document_id) {
    db::Params params{document_id};
    std::string filter = auth::SubtreeCheck(scope, auth::Permission::kRead, "u.org_id", params);
    return conn
        .QueryOne("SELECT 1 FROM task_units u WHERE u.task_id IN (SELECT id FROM plan_tasks WHERE document_id = ?)" +
                      filter + " LIMIT 1",
                  params)
        .has_value();
}

std::vector<std::pair<int64_t, int64_t>> PlansWithTasks(db::Connection& conn, const auth::Scope& scope) {
    db::Params params;
    std::string filter = auth::SubtreeFilter(scope, auth::Permission::kRead, "u.org_id", params);
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const auto& r : conn.Query("SELECT t.document_id, COUNT(DISTINCT t.id) FROM plan_tasks t JOIN task_units u ON "
                                    "u.task_id = t.id WHERE 1 = 1" +
                                        filter + " GROUP BY t.document_id ORDER BY t.document_id DESC",
                                    params))
        out.emplace_back(r.Int(0), r.Int(1));
    return out;
}

int64_t CountOverdue(db::Connection& conn, const auth::Scope& scope, const std::string& today) {
    db::Params params{today};
    std::string filter = auth::SubtreeFilter(scope, auth::Permission::kRead, "u.org_id", params);
    return conn
        .QueryOne("SELECT COUNT(*) FROM task_units u JOIN plan_tasks t ON t.id = u.task_id WHERE u.status <> 'done' "
                  "AND t.overdue_from <= ?" +
                      filter,
                  params)
        ->Int(0);
}

std::vector<OpenTask> OpenTasksOf(db::Connection& conn, const std::vector<int64_t>& org_ids, int64_t limit) {
    std::vector<OpenTask> out;
    if (org_ids.empty()) return out;
    std::string sql =
        "SELECT t.id, t.document_id, u.org_id, t.title, t.due_on, o.name FROM task_units u JOIN plan_tasks t ON "
        "t.id = u.task_id JOIN orgs o ON o.id = u.org_id WHERE u.status <> 'done' AND u.org_id IN (";
    db::Params params;
    for (int64_t id : org_ids) {
        sql += params.empty() ? "?" : ", ?";
        params.emplace_back(id);
    }
    params.emplace_back(limit);
    for (const auto& r : conn.Query(sql + ") ORDER BY t.due_on, t.id, u.org_id LIMIT ?", params))
        out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Text(3), r.Text(4), r.Text(5)});
    return out;
}

int64_t InsertTask(db::Connection& conn, const Task& t, const std::string& overdue_from, int64_t user_id, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO plan_tasks (document_id, title, description, lead_org_id, start_on, due_on, overdue_from, "
        "assigned_how, assigned_under, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        {t.document_id, t.title, t.description, t.lead_org_id ? db::Value(*t.lead_org_id) : db::Null(), t.start_on,
         t.due_on, overdue_from, std::string(ToString(t.assigned_how)),
         t.assigned_under ? db::Value(*t.assigned_under) : db::Null(), user_id, now, now});
}

int64_t InsertUnit(db::Connection& conn, int64_t task_id, int64_t org_id, int64_t now) {
    return conn.InsertReturningId(
        "INSERT INTO task_units (task_id, org_id, status, updated_at) VALUES (?, ?, 'not_started', ?) RETURNING id",
        {task_id, org_id, now});
}

bool UpdateUnit(db::Connection& conn, int64_t task_unit_id, int64_t expected_version, Status status,
                const std::string& done_on, const std::string& comment, int64_t user_id, int64_t now) {
    return conn.Exec("UPDATE task_units SET status = ?, done_on = ?, comment = ?, version = version + 1, updated_by = ?, "
                     "updated_at = ? WHERE id = ? AND version = ?",
                     {std::string(ToString(status)), done_on.empty() ? db::Null() : db::Value(done_on), comment,
                      user_id, now, task_unit_id, expected_version}) == 1;
}

void InsertUpdate(db::Connection& conn, int64_t task_unit_id, Status status, const std::string& done_on,
                  const std::string& comment, const std::string& evidence_json, int64_t user_id, int64_t now) {
    conn.Exec("INSERT INTO task_updates (task_unit_id, status, done_on, comment, evidence, by_user, at) VALUES (?, ?, "
              "?, ?, ?, ?, ?)",
              {task_unit_id, std::string(ToString(status)), done_on.empty() ? db::Null() : db::Value(done_on), comment,
               evidence_json, user_id, now});
}

}  // namespace dv::plan::store
