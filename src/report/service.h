// report service: report templates (forms office staff design, versioned), rounds that ask units for a
// report over a period, each unit's report from draft to acceptance with every version kept, completeness
// and timeliness, and the figures summed up the tree (the roll-up source "reports"). Every change is
// audited in its transaction; the units' secretaries are notified in it. No HTTP types here.
//
// The rules, as built:
// - A unit fills its report (kWrite on the unit) while it is not started, a draft or returned, from the
//   round's opening day. A save with values that cannot be read (letters in a number) is refused whole; a
//   value that breaks a rule of the template is saved in the draft and named (`problems`), and blocks the
//   submission. Saves carry the version read: an older one answers 409 with what changed, nothing written.
// - Submitting is allowed after the deadline and marked late; on time or late is decided by the first
//   submission. A submitted report cannot be edited; the level above (kWrite on the unit's parent)
//   returns it with a comment, or accepts it. A returned report is edited and submitted again.
// - The roll-up sums the numbers of the latest submission of each unit no unit above reports for in the
//   round (a grassroots committee's report holds its cells'), returned ones included until they are
//   replaced, accepted ones for good), as of any day; percentages are recomputed from the summed parts.
// - A unit founded after the opening day is not asked. A unit merged away mid-round keeps its row; the
//   unit that absorbed it answers for it: its writers fill and submit the report, and read it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "audit/audit.h"
#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"
#include "org/model.h"
#include "report/model.h"

namespace dv::report {

boost::json::object ToJson(const Template& t);
boost::json::object ToJson(const Round& r);
boost::json::object ToJson(const Report& r, const Round& round, const std::string& today);
boost::json::object ToJson(const Event& e);
boost::json::object ToJson(const Counts& c);

// ---- Templates
struct TemplateInput {
    std::string name;
    std::optional<int64_t> owner_org_id;  // default: the caller's first writable root
    boost::json::value form;
    std::optional<int> version;  // a revision: the version read (an older one: 409)
};
// A new template (kWrite on the owner unit). Field errors: name, owner_org_id, and the form's own
// (ParseForm's places). Audited "report_template.create".
Result<Template> CreateTemplate(db::Connection& conn, const auth::Scope& scope, const TemplateInput& in,
                                const audit::Actor& actor, int64_t now);
// A new version of a template (kWrite on its owner). Keys of fields kept from the previous version keep
// their meaning; rounds opened before keep the version they were opened with. Audited
// "report_template.revise".
Result<Template> ReviseTemplate(db::Connection& conn, const auth::Scope& scope, int64_t id, const TemplateInput& in,
                                const audit::Actor& actor, int64_t now);
// A template the caller may read (its owner in their read subtrees): the current version, or `version`.
Result<Template> GetTemplate(db::Connection& conn, const auth::Scope& scope, int64_t id,
                             std::optional<int> version = std::nullopt);
std::vector<Template> Templates(db::Connection& conn, const auth::Scope& scope);
std::vector<std::pair<int, int64_t>> TemplateVersions(db::Connection& conn, int64_t template_id);
bool CanEditTemplate(db::Connection& conn, const auth::Scope& scope, const Template& t);

// ---- Rounds
struct RoundInput {
    int64_t template_id = 0;
    std::string title;
    std::string period_kind;  // month | quarter | half | year | custom
    std::string period_from, period_to, opens_on, due_on;  // opens_on '' : today
    std::string assign;       // grassroots | subtree | list, as plan::ChooseUnits
    std::optional<int64_t> under;
    std::vector<int64_t> org_ids;
};
// Opens a round of the template's current version for the units chosen (on the opening day), owned by
// the template's unit (kWrite there). Field errors: template_id, title, period_kind, period_from,
// period_to (not before period_from; a month, quarter, half or year must be exactly one), opens_on,
// due_on (not before opens_on), assign, under, org_ids. Notifies the units' secretaries
// ("report_round_opened"); audited "report_round.open".
Result<Round> OpenRound(db::Connection& conn, const auth::Scope& scope, const RoundInput& in, const audit::Actor& actor,
                        int64_t now, const std::string& today);
// A round the caller may see: its owner unit in their read subtrees, or one of its units. kNotFound else.
Result<Round> GetRound(db::Connection& conn, const auth::Scope& scope, int64_t id);
struct RoundsPage {
    std::vector<Round> rounds;
    int64_t total = 0;
};
RoundsPage Rounds(db::Connection& conn, const auth::Scope& scope, int page, int page_size);
bool CanManageRound(db::Connection& conn, const auth::Scope& scope, const Round& r);
// Links the report issued from the round (a document of the register of type "report", readable by the
// caller), or unlinks it (none). kWrite on the round's unit. Audited "report_round.link".
Result<Round> LinkDocument(db::Connection& conn, const auth::Scope& scope, int64_t round_id,
                           std::optional<int64_t> document_id, const audit::Actor& actor, int64_t now);

// ---- Completeness and figures, from the roll-up facility (one indexed read per metric)
std::string RoundMetric(int64_t round_id, const char* what);  // expected|submitted|late|overdue|returned|accepted
std::string NumberMetric(int64_t round_id, const std::string& key);
Counts CountsOf(db::Connection& conn, int64_t round_id, int64_t org_id, const std::string& day);
// Counts of many units at once (the children's rows).
std::map<int64_t, Counts> CountsOf(db::Connection& conn, int64_t round_id, const std::vector<int64_t>& org_ids,
                                   const std::string& day);
// Every number of the form summed over the subtree of `org_id` as of `day` (keys of NumberKeys; zeros left
// out): the reports of the highest reporting units in it — its own when it reports under a unit that
// also reports (its report holds its subtree's figures).
std::map<std::string, int64_t> TotalsOf(db::Connection& conn, const Round& r, int64_t org_id, const std::string& day);
// The same for many units, one metric read per key.
std::map<int64_t, std::map<std::string, int64_t>> TotalsOf(db::Connection& conn, const Round& r,
                                                           const std::vector<int64_t>& org_ids, const std::string& day);

// The units of each level of the subtree of `top` (itself first, then its direct units, …, at most
// `max_levels` levels) that have reports asked in their subtrees, in the caller's scope, each with its
// completeness and totals as of `day` (the export's sheets).
struct LevelRow {
    org::Org org;
    Counts counts;
    std::map<std::string, int64_t> totals;
};
std::vector<std::vector<LevelRow>> Levels(db::Connection& conn, const auth::Scope& scope, const Round& r,
                                          const org::Org& top, const std::string& day, int max_levels);
// Each percentage of the form over `totals`, recomputed from the summed parts.
struct PercentFigure {
    const Field* field = nullptr;
    int64_t num = 0, den = 0;
};
std::vector<PercentFigure> PercentagesOf(const Form& form, const std::map<std::string, int64_t>& totals);

// ---- Reports
struct ReportRecord {
    Report report;
    std::vector<Event> events;  // newest first
    bool can_edit = false;      // the caller may save and submit it now
    bool reviewer = false;      // the caller reviews the unit's reports (kWrite on its parent)
    bool can_review = false;    // … and this one awaits review
    std::optional<int64_t> carried_by;  // merged away: the unit that answers for it
    std::optional<int64_t> members;     // members of the unit's subtree on the period's last day (if a rule needs it)
    std::vector<FieldError> problems;   // what blocks the submission of its current values
};
Result<ReportRecord> ReportOf(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t org_id,
                              const std::string& today);
// The same, of a round the caller has read (GetRound).
Result<ReportRecord> ReportOf(db::Connection& conn, const auth::Scope& scope, const Round& round, int64_t org_id,
                              const std::string& today);
struct ReportsPage {
    std::vector<Report> reports;
    int64_t total = 0;
};
// A round's reports under `under` in the caller's scope, filtered ("", chase, awaiting, returned, accepted,
// submitted, late; else a field error on "show"), by unit name, paged.
Result<ReportsPage> Reports(db::Connection& conn, const auth::Scope& scope, const Round& r, int64_t under,
                            const std::string& show, int page, int page_size);
// Every report the caller may read, newest round first (the API).
ReportsPage AllReports(db::Connection& conn, const auth::Scope& scope, int page, int page_size);

struct Saved {
    Report report;
    std::vector<FieldError> problems;  // rules the saved values break (they block submission)
};
// Saves a draft: `values` as the form sends them (ReadValues). kConflict "error.stale_version" with
// `changed` (the keys whose values differ from what the caller read) when `version` is not the row's;
// kConflict "report.error.not_editable" when submitted or accepted. Audited "report.save".
Result<Saved> SaveDraft(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t org_id,
                        const boost::json::object& values, std::optional<int64_t> version, const audit::Actor& actor,
                        int64_t now, const std::string& today);
// Saves (when `values` is given) and submits. A rule broken: kInvalid naming the fields, the draft saved.
// Notifies the reviewers ("report_submitted"). Audited "report.submit".
Result<Report> Submit(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t org_id,
                      const std::optional<boost::json::object>& values, std::optional<int64_t> version,
                      const audit::Actor& actor, int64_t now, const std::string& today);
// The level above sends a submitted report back (comment required) or accepts it. Notifies the unit's
// secretaries ("report_returned", "report_accepted"). Audited "report.return", "report.accept".
Result<Report> Return(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t org_id,
                      const std::string& comment, std::optional<int64_t> version, const audit::Actor& actor,
                      int64_t now, const std::string& today);
Result<Report> Accept(db::Connection& conn, const auth::Scope& scope, int64_t round_id, int64_t org_id,
                      std::optional<int64_t> version, const audit::Actor& actor, int64_t now, const std::string& today);
// Reminds the units chosen (`org_ids`; none: every unit under `under` still to report or returned) through
// their secretaries ("report_reminder"), one notice per person. kWrite on the round's unit. Returns how
// many units were reminded. Audited "report_round.remind".
Result<int64_t> Remind(db::Connection& conn, const auth::Scope& scope, int64_t round_id, const std::vector<int64_t>& org_ids,
                       std::optional<int64_t> under, const audit::Actor& actor, int64_t now, const std::string& today);

// The home page: reports the caller's own units must fill, and submitted reports of the units directly
// under them awaiting their review.
std::vector<Todo> ReportsToFill(db::Connection& conn, const auth::Scope& scope, const std::string& today,
                                       int64_t limit);
std::vector<Todo> ReportsToReview(db::Connection& conn, const auth::Scope& scope, int64_t limit);

// Registers the roll-up source "reports" (features::Connect).
void Connect();

}  // namespace dv::report
