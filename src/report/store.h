// report store: the only SQL over report_templates, report_template_versions, report_rounds,
// round_units, report_events and report_numbers. Reads for a request take the caller's scope (the units'
// read subtrees); the unscoped ones are for checks inside a write transaction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/scope.h"
#include "db/db.h"
#include "report/model.h"

namespace dv::report::store {

// Templates (the form read from the version's JSON).
std::optional<Template> GetTemplate(db::Connection& conn, int64_t id, std::optional<int> version = std::nullopt);
// Templates whose owner unit lies in the caller's read subtrees, newest first.
std::vector<Template> Templates(db::Connection& conn, const auth::Scope& scope);
// Every version of a template: (version, created_at), newest first.
std::vector<std::pair<int, int64_t>> TemplateVersions(db::Connection& conn, int64_t template_id);
int64_t InsertTemplate(db::Connection& conn, int64_t owner_org_id, const std::string& name, int64_t user_id, int64_t now);
// Adds version `version` and makes it current when the template is at `version - 1`; false otherwise.
bool AddTemplateVersion(db::Connection& conn, int64_t template_id, int version, const std::string& name,
                        const std::string& form_json, int64_t user_id, int64_t now);

// Rounds.
std::optional<Round> GetRound(db::Connection& conn, int64_t id);
// Rounds the caller sees: owned by a unit in their read subtrees, or asking a unit there; newest first.
struct RoundRows {
    std::vector<Round> rounds;
    int64_t total = 0;
};
RoundRows Rounds(db::Connection& conn, const auth::Scope& scope, int64_t limit, int64_t offset);
int64_t InsertRound(db::Connection& conn, const Round& r, const std::string& late_from, int64_t user_id, int64_t now);
void SetRoundDocument(db::Connection& conn, int64_t round_id, std::optional<int64_t> document_id, int64_t now);
// True when a unit of the round lies in the caller's read subtrees.
bool HasUnitsIn(db::Connection& conn, const auth::Scope& scope, int64_t round_id);

// Reports.
// `top`: no unit above it reports in the round (its numbers are the ones summed up the tree).
int64_t InsertUnit(db::Connection& conn, int64_t round_id, int64_t org_id, bool top, int64_t now);
// One unit's report; with a scope, only when the unit lies in its read subtrees.
std::optional<Report> GetReport(db::Connection& conn, const auth::Scope* scope, int64_t round_id, int64_t org_id);
// A round's reports in the caller's read subtrees and under `under` (its subtree, itself included),
// filtered (`show`: "" all, "chase" not submitted or returned, "awaiting", "returned", "accepted",
// "submitted" ever submitted, "late"), by unit name, a page; and how many there are.
struct ReportRows {
    std::vector<Report> reports;
    int64_t total = 0;
};
ReportRows Reports(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t under,
                   const std::string& show, const std::string& due_on, int64_t limit, int64_t offset);
// The reports a caller's own units must fill (not submitted, or returned) in open rounds, earliest due first.
std::vector<Todo> TodoOf(db::Connection& conn, const std::vector<int64_t>& org_ids, const std::string& today,
                         int64_t limit);
// Reports submitted and awaiting review in the subtrees of `org_ids` (whose children's reports the caller
// reviews), at most `limit`.
std::vector<Todo> AwaitingUnder(db::Connection& conn, const std::vector<int64_t>& org_ids, int64_t limit);
// Reports of the caller's read subtrees: (round id, org id), newest round first (the API's list).
ReportRows ReportsOf(db::Connection& conn, const auth::Scope& scope, int64_t limit, int64_t offset);

// Saves values and status when the row is at `expected_version`; false when another save came first.
bool SaveReport(db::Connection& conn, int64_t report_id, int64_t expected_version, Status status,
                const std::string& values_json, int64_t user_id, int64_t now);
// Records a submission: status submitted, the days, the count of submissions, the version moved on.
bool MarkSubmitted(db::Connection& conn, int64_t report_id, int64_t expected_version, const std::string& values_json,
                   const std::string& day, int64_t user_id, int64_t now);
bool SetReviewed(db::Connection& conn, int64_t report_id, int64_t expected_version, Status status,
                 const std::string& accepted_on, int64_t user_id, int64_t now);
void InsertEvent(db::Connection& conn, int64_t report_id, const std::string& kind, int seq, const std::string& day,
                 const std::optional<std::string>& values_json, const std::string& comment, int64_t user_id, int64_t now);
std::vector<Event> EventsOf(db::Connection& conn, int64_t report_id);
// The numbers of submission `seq`, replacing the latest ones from `day`.
void ReplaceNumbers(db::Connection& conn, int64_t report_id, int seq, const std::map<std::string, int64_t>& numbers,
                    const std::string& day);

// Of `org_ids`, those reporting in the round under a unit that also reports: org id -> report id.
std::map<int64_t, int64_t> NotTopReports(db::Connection& conn, int64_t round_id, const std::vector<int64_t>& org_ids);
// The numbers of a report's submission in force on `day` (none before its first).
std::map<std::string, int64_t> NumbersOn(db::Connection& conn, int64_t report_id, const std::string& day);

}  // namespace dv::report::store
