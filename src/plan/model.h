// plan model: tasks of a plan (a Kế hoạch in the register) and each responsible unit's status, as
// plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dv::plan {

// What a unit records on a task.
enum class Status { kNotStarted, kInProgress, kDone };
const char* ToString(Status s);
std::optional<Status> ParseStatus(const std::string& s);

// Where a unit stands on a task on a given day: its status, with overdue derived from the due date and
// the day (never stored), and done split by whether it was done by the due date.
enum class Standing { kNotStarted, kInProgress, kOverdue, kDoneOnTime, kDoneLate };
const char* ToString(Standing s);

// How a task's units were chosen: a list, every active unit of a subtree, or every active grassroots
// organization (and unit inside one) under a unit; each expanded on the start date and stored.
enum class Assignment { kList, kSubtree, kGrassroots };
const char* ToString(Assignment a);
std::optional<Assignment> ParseAssignment(const std::string& s);

struct Task {
    int64_t id = 0;
    int64_t document_id = 0;
    std::string title;
    std::string description;
    std::optional<int64_t> lead_org_id;
    std::string lead_org_name;  // reads
    std::string start_on, due_on;  // 'YYYY-MM-DD'
    Assignment assigned_how = Assignment::kList;
    std::optional<int64_t> assigned_under;
    int64_t created_at = 0, updated_at = 0;
    // Counts over the units the reader may see, as of the day of the read.
    int64_t units = 0, done = 0, overdue = 0;
};

struct TaskUnit {
    int64_t id = 0;
    int64_t task_id = 0;
    int64_t org_id = 0;
    std::string org_code, org_name;
    std::optional<int64_t> parent_id;  // the unit's current parent
    Status status = Status::kNotStarted;
    std::string done_on;  // '' unless done
    std::string comment;
    int64_t version = 1;
    int64_t updated_at = 0;
    std::string updated_by_name;  // '' before any update
};

// A piece of evidence behind an update: a stored file (by SHA-256, with its name) or a document of the
// register.
struct Evidence {
    std::string kind;  // file | document
    std::string sha256, name;
    int64_t document_id = 0;
};

struct Update {
    int64_t id = 0;
    Status status = Status::kNotStarted;
    std::string done_on;
    std::string comment;
    std::vector<Evidence> evidence;
    std::string by_name;
    int64_t at = 0;
};

// A unit's task not done yet (the home page's to-do).
struct OpenTask {
    int64_t task_id = 0, document_id = 0, org_id = 0;
    std::string title, due_on, org_name;
};

}  // namespace dv::plan
