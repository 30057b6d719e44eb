// report model: templates (versioned forms), rounds, each unit's report and its events, as plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/form.h"

namespace dv::report {

struct Template {
    int64_t id = 0;
    int64_t owner_org_id = 0;
    std::string owner_name;  // reads
    std::string name;
    int version = 1;          // the current version
    int64_t version_id = 0;   // report_template_versions.id of `version`
    Form form;                // of `version`
    int64_t created_at = 0, updated_at = 0;
};

// Period kinds: a month, a quarter, six months, a year, or any span.
enum class PeriodKind { kMonth, kQuarter, kHalf, kYear, kCustom };
const char* ToString(PeriodKind k);
std::optional<PeriodKind> ParsePeriodKind(const std::string& s);

struct Round {
    int64_t id = 0;
    int64_t template_id = 0;
    int64_t template_version_id = 0;
    int template_version = 1;
    std::string template_name;
    Form form;  // of the version it was opened with
    int64_t owner_org_id = 0;
    std::string owner_name;
    std::string title;
    PeriodKind period_kind = PeriodKind::kCustom;
    std::string period_from, period_to;  // 'YYYY-MM-DD', both included
    std::string opens_on, due_on;        // a report is on time when first submitted by due_on
    std::string assigned_how;
    std::optional<int64_t> assigned_under;
    std::optional<int64_t> document_id;  // the report issued from it (Báo cáo …-BC/…)
    int64_t created_at = 0;
};

// Where a unit's report is: nothing saved, a draft, submitted (awaiting review), returned with comments
// (editable, to submit again), accepted.
enum class Status { kNotStarted, kDraft, kSubmitted, kReturned, kAccepted };
const char* ToString(Status s);
std::optional<Status> ParseStatus(const std::string& s);

struct Report {
    int64_t id = 0;  // round_units.id
    int64_t round_id = 0;
    int64_t org_id = 0;
    std::string org_code, org_name;
    std::optional<int64_t> parent_id;
    std::string ended_on;  // the unit's end (merged, dissolved), '' while active
    Status status = Status::kNotStarted;
    Values values;
    std::string first_submitted_on, submitted_on, accepted_on;  // '' when not
    int submissions = 0;
    int64_t version = 1;
    int64_t updated_at = 0;
    std::string updated_by_name;
};

// On time or late is decided by the first submission (a report returned and sent again keeps it).
enum class Timeliness { kOnTime, kLate, kWaiting, kOverdue };
Timeliness TimelinessOf(const Report& r, const std::string& due_on, const std::string& today);
const char* ToString(Timeliness t);

struct Event {
    int64_t id = 0;
    std::string kind;  // submit | return | accept
    int seq = 0;       // submit: the submission's number (1, 2, …)
    std::string on_day;
    Values values;     // submit: as submitted
    std::string comment;
    std::string by_name;
    int64_t at = 0;
};

// A round's completeness over a subtree on a day, from the roll-up facility.
struct Counts {
    int64_t expected = 0;
    int64_t submitted = 0;  // ever submitted
    int64_t on_time = 0, late = 0;
    int64_t missing = 0;    // not submitted yet
    int64_t overdue = 0;    // not submitted and past the deadline
    int64_t returned = 0;   // sent back, not submitted again yet
    int64_t accepted = 0;
    int64_t awaiting = 0;   // submitted, neither returned nor accepted
};

// A report to fill or review (the home page).
struct Todo {
    int64_t round_id = 0, org_id = 0;
    std::string title, due_on, org_name;
    Status status = Status::kNotStarted;
};

}  // namespace dv::report
