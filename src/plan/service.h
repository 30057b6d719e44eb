// plan service: tasks of a plan (a Kế hoạch in the register) assigned to units, each unit's status with
// its history, and where each stands on a day (overdue derived, never stored). Task counts are rolled up
// the tree through the roll-up facility (source "tasks"). Every change is audited in its transaction,
// and the units' secretaries are notified in it. No HTTP types here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "audit/audit.h"
#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"
#include "document/distribution.h"
#include "document/model.h"
#include "plan/model.h"

namespace dv::plan {

// Where `u` stands on `day` on a task due on `due_on`.
Standing StandingOf(const TaskUnit& u, const std::string& due_on, const std::string& day);

boost::json::object ToJson(const Task& t);
boost::json::object ToJson(const TaskUnit& u, const std::string& due_on, const std::string& today);
boost::json::object ToJson(const Update& u);

// A plan document the caller may read (type "plan"), else kNotFound; kInvalid "document" when the
// document is not a plan.
Result<document::Document> GetPlan(db::Connection& conn, const auth::Scope& scope, int64_t document_id);
// True when the caller may add tasks to the plan: issued, kWrite on its owner unit.
bool CanAssign(db::Connection& conn, const auth::Scope& scope, const document::Document& plan);

// Units to give work to (a task here; a report round in report/), chosen as a list (`org_ids`), every unit
// of the subtree of `under`, or the grassroots organizations under it and the units inside them ("assign":
// list | subtree | grassroots; empty: subtree with `under`, else list). Only units where the caller may
// write, active today, founded by `on_day` (empty: not checked), never `owner_org_id`. Field errors on
// assign, under and org_ids are appended to `errors`.
struct UnitChoice {
    std::string assign;
    std::optional<int64_t> under;
    std::vector<int64_t> org_ids;
};
struct Chosen {
    Assignment how = Assignment::kList;
    std::optional<int64_t> under;
    std::vector<int64_t> ids;                          // the units chosen, in tree order (list: as given)
    std::vector<document::distribution::Unit> units;  // every unit the caller may write, in tree order
};
Chosen ChooseUnits(db::Connection& conn, const auth::Scope& scope, const UnitChoice& in, int64_t owner_org_id,
                   const std::string& on_day, std::vector<FieldError>& errors);

struct NewTask {
    std::string title;
    std::string description;
    std::optional<int64_t> lead_org_id;
    std::string start_on;  // '' : today
    std::string due_on;
    std::string assign;  // list | subtree | grassroots
    std::optional<int64_t> under;  // subtree, grassroots
    std::vector<int64_t> org_ids;  // list
};
// Adds a task with its units: `assign` "list" the units of org_ids, "subtree" every active unit of the
// subtree of `under`, "grassroots" its grassroots organizations and the units inside them; only units
// where the caller may write, active today and founded by the start date (a unit founded later is not
// asked), never the plan's own unit. kWrite on the plan's owner unit (kForbidden
// "error.plan_not_owner"), the plan issued (kConflict "error.plan_not_issued"). Field errors name title,
// description, lead_org_id, start_on, due_on, assign, under, org_ids. The units' secretaries are
// notified ("task_assigned"). Audited "task.create" with the units.
Result<Task> AddTask(db::Connection& conn, const auth::Scope& scope, int64_t document_id, const NewTask& in,
                     const audit::Actor& actor, int64_t now, const std::string& today);

// The plan's tasks with counts over the units the caller may read, as of today.
Result<std::vector<Task>> TasksOf(db::Connection& conn, const auth::Scope& scope, int64_t document_id,
                                  const std::string& today);
// One task of the plan (kNotFound when the plan is not readable or the task is not the plan's).
Result<Task> GetTask(db::Connection& conn, const auth::Scope& scope, int64_t document_id, int64_t task_id,
                     const std::string& today);
// Its units in the caller's read subtrees, by name.
Result<std::vector<TaskUnit>> UnitsOf(db::Connection& conn, const auth::Scope& scope, int64_t task_id);
// One page of its units standing so today (`show`: "" all, "overdue", "open", "done"; anything else is a
// field error on "show"), by name, and how many there are.
struct UnitsPage {
    std::vector<TaskUnit> units;
    int64_t total = 0;
};
Result<UnitsPage> UnitsStanding(db::Connection& conn, const auth::Scope& scope, int64_t task_id, const std::string& show,
                                const std::string& today, int page, int page_size);
// Every unit row of the plan's tasks in the caller's read subtrees.
std::vector<TaskUnit> UnitsOfPlan(db::Connection& conn, const auth::Scope& scope, int64_t document_id);
// One unit's row and its history (newest first). kNotFound outside the caller's read subtrees.
struct UnitRecord {
    TaskUnit unit;
    std::vector<Update> updates;
    bool can_update = false;
};
Result<UnitRecord> UnitOf(db::Connection& conn, const auth::Scope& scope, int64_t task_id, int64_t org_id);

struct StatusChange {
    std::string status;       // not_started | in_progress | done
    std::string done_on;      // done: the day (default today); not in the future, not before the start
    std::string comment;
    std::vector<Evidence> evidence;  // files already stored (SHA-256 known), documents by id
    // Files uploaded with the update, (file name, bytes): stored under `files_dir` by SHA-256 (kinds as
    // attachments: PDF, DOCX, DOC, XLSX, JPEG, PNG, TIFF; else a field error on "evidence_file").
    std::vector<std::pair<std::string, std::string>> files;
    std::string files_dir;
    std::optional<int64_t> version;  // the version read: a newer one answers kConflict (409)
};
// A unit records where it stands. kWrite on the unit; kConflict "error.stale_version" when `version` is
// not the row's. Audited "task.update" with before and after.
struct Updated {
    TaskUnit unit;
    Task task;  // the task it belongs to (its plan, its due date)
};
Result<Updated> UpdateUnit(db::Connection& conn, const auth::Scope& scope, int64_t task_id, int64_t org_id,
                           const StatusChange& in, const audit::Actor& actor, int64_t now, const std::string& today);

// A file named in the evidence of a unit's updates, when the caller may read the unit; kNotFound else.
Result<Evidence> EvidenceFile(db::Connection& conn, const auth::Scope& scope, int64_t task_id, int64_t org_id,
                              const std::string& sha256);

// Plans with tasks whose units the caller may read: (document id, tasks), newest plan first.
std::vector<std::pair<int64_t, int64_t>> PlansWithTasks(db::Connection& conn, const auth::Scope& scope);
// Units' tasks in the caller's read subtrees that are past due and not done today.
int64_t CountOverdue(db::Connection& conn, const auth::Scope& scope, const std::string& today);

// The unfinished tasks of the caller's own units (their grants' units), the earliest due first.
std::vector<OpenTask> OpenTasksOfOwnUnits(db::Connection& conn, const auth::Scope& scope, int64_t limit);

// Metric names of the roll-up source "tasks": per task, per plan and over all tasks.
std::string TaskMetric(int64_t task_id, const char* what);  // "task.12:overdue"; what: assigned|done|overdue
std::string PlanMetric(int64_t document_id, const char* what);
// Registers the roll-up source (features::Connect).
void Connect();

}  // namespace dv::plan
