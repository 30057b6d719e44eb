// plan store: the only SQL over plan_tasks, task_units and task_updates. Reads for a request take the
// caller's scope (the units' read subtrees); the unscoped ones are for checks inside a write transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/scope.h"
#include "db/db.h"
#include "plan/model.h"

namespace dv::plan::store {

// The tasks of a plan (oldest first) with counts over the units in the caller's read subtrees as of
// `today`: units, done (on any day up to today), overdue (not done and past the due date).
std::vector<Task> TasksOf(db::Connection& conn, const auth::Scope& scope, int64_t document_id,
                          const std::string& today);
std::optional<Task> GetTask(db::Connection& conn, const auth::Scope& scope, int64_t task_id, const std::string& today);
// The task alone, without the counts (checks inside a write).
std::optional<Task> FindTask(db::Connection& conn, int64_t task_id);
// A task's units in the caller's read subtrees standing so on `today` (`show`: "" all, "overdue", "open"
// not done, "done"), by unit name, `limit` from `offset`; and how many there are.
struct UnitRows {
    std::vector<TaskUnit> units;
    int64_t total = 0;
};
UnitRows UnitsPage(db::Connection& conn, const auth::Scope& scope, int64_t task_id, const std::string& show,
                   const std::string& today, int64_t limit, int64_t offset);
// A task's units in the caller's read subtrees, by unit name.
std::vector<TaskUnit> UnitsOf(db::Connection& conn, const auth::Scope& scope, int64_t task_id);
// Every unit row of a plan's tasks in the caller's read subtrees (the matrix).
std::vector<TaskUnit> UnitsOfPlan(db::Connection& conn, const auth::Scope& scope, int64_t document_id);
// One unit's row of a task, if the caller may read the unit.
std::optional<TaskUnit> GetUnit(db::Connection& conn, const auth::Scope& scope, int64_t task_id, int64_t org_id);
std::vector<Update> UpdatesOf(db::Connection& conn, int64_t task_unit_id);
// True when a task of the plan has a unit in the caller's read subtrees.
bool HasUnitsIn(db::Connection& conn, const auth::Scope& scope, int64_t document_id);
// Plans (document ids) that have tasks with units in the caller's read subtrees, and how many tasks.
std::vector<std::pair<int64_t, int64_t>> PlansWithTasks(db::Connection& conn, const auth::Scope& scope);
// Per unit in the caller's read subtrees: tasks not done by today and past due (the home page's to-do).
int64_t CountOverdue(db::Connection& conn, const auth::Scope& scope, const std::string& today);

// The tasks of `org_ids` (the caller's own units) not done yet, the earliest due first, at most `limit`.
std::vector<OpenTask> OpenTasksOf(db::Connection& conn, const std::vector<int64_t>& org_ids, int64_t limit);

// Writes: the caller holds a write transaction.
int64_t InsertTask(db::Connection& conn, const Task& t, const std::string& overdue_from, int64_t user_id, int64_t now);
int64_t InsertUnit(db::Connection& conn, int64_t task_id, int64_t org_id, int64_t now);
// Sets status, done_on and comment of a unit row when its version is `expected_version`; true when it
// was (the version then moves on by one), false when another update came first.
bool UpdateUnit(db::Connection& conn, int64_t task_unit_id, int64_t expected_version, Status status,
                const std::string& done_on, const std::string& comment, int64_t user_id, int64_t now);
void InsertUpdate(db::Connection& conn, int64_t task_unit_id, Status status, const std::string& done_on,
                  const std::string& comment, const std::string& evidence_json, int64_t user_id, int64_t now);

}  // namespace dv::plan::store
