// commitment service: each member's commitments of a year (bản đăng ký làm theo), the secretary's approval,
// the member's self-assessment at year end and the secretary's review; the counts the levels above see
// (roll-up source "commitments"); the reminders. Every change is audited in its transaction, and tells the
// people who act next through notify.
//
// Who sees what:
// - A member reads and changes only their own (the account's member record); nobody reads another member's
//   commitments but the secretaries who answer for the member's cell (auth::AnsweringFor: the office and
//   secretary accounts granted on the nearest unit at or above the cell that has any, below the root).
// - Those secretaries approve or return, and review the self-assessment.
// - Readers of a unit (kRead) see its counts and rates only (SummaryOf), never the text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "audit/audit.h"
#include "auth/scope.h"
#include "commitment/model.h"
#include "core/result.h"
#include "db/db.h"

namespace dv::commitment {

boost::json::object ToJson(const Commitment& c);
boost::json::object ToJson(const YearDates& d);
boost::json::object ToJson(const Counts& c);

constexpr size_t kMaxItems = 20;

// The dates of a year (the defaults when the office set none).
YearDates DatesOf(db::Connection& conn, int year);
// kWrite on the root of the tree. Field errors: year, register_by, assess_from (days of that year, in that
// order). Audited "commitment.dates".
Result<YearDates> SetDates(db::Connection& conn, const auth::Scope& scope, const YearDates& d, const audit::Actor& actor,
                           int64_t now);
bool CanSetDates(db::Connection& conn, const auth::Scope& scope);

// ---- The member's own
// The title of the theme of `year` that the caller's cell follows ('' when none, or no member record).
std::string OwnTheme(db::Connection& conn, const auth::Scope& scope, int year);
// The caller's commitment of `year`, if any.
Result<std::optional<Commitment>> Own(db::Connection& conn, const auth::Scope& scope, int year);

struct SaveInput {
    std::optional<int> year;  // default: this year
    std::vector<std::string> items;
    std::optional<int64_t> theme_id;  // default: the theme of the year of the member's cell
    bool submit = false;              // send to the secretary (else a draft)
    std::optional<int64_t> version;   // the version read (an existing one: required to match)
};
// Writes the caller's items (only while draft or returned). Field errors: year (this year, or next year
// from November), items (1 to 20, none empty, each at most 1,000 characters: "items[i]"), theme_id.
// submit: status submitted, counted at the member's cell, its secretaries notified. Audited
// "commitment.save" / "commitment.submit".
Result<Commitment> SaveOwn(db::Connection& conn, const auth::Scope& scope, const SaveInput& in,
                           const audit::Actor& actor, int64_t now, const std::string& today);

struct AssessInput {
    struct Line {
        std::string result;  // done | partly | not_done
        std::string note;
    };
    std::vector<Line> lines;  // one per item, in order
    bool submit = false;
    std::optional<int64_t> version;
};
// The caller's self-assessment of their approved commitment `id` (from the year's assess_from; while its
// assessment is none or returned). Field errors: "results[i]" (submit: every item assessed), "notes[i]".
// Audited "commitment.assess"; submit notifies the secretaries.
Result<Commitment> Assess(db::Connection& conn, const auth::Scope& scope, int64_t id, const AssessInput& in,
                          const audit::Actor& actor, int64_t now, const std::string& today);

// Operator tools (the demo, imports; the system scope only, else kForbidden): SaveOwn and Assess for a
// member's record, sending no notices.
Result<Commitment> SaveForMember(db::Connection& conn, const auth::Scope& scope, int64_t member_id, const SaveInput& in,
                                 const audit::Actor& actor, int64_t now, const std::string& today);
Result<Commitment> AssessForMember(db::Connection& conn, const auth::Scope& scope, int64_t member_id, int64_t id,
                                   const AssessInput& in, const audit::Actor& actor, int64_t now,
                                   const std::string& today);

// ---- The secretary's
// decision: approve | return (a submitted commitment), accept | return_assessment (a submitted
// self-assessment). Returning needs a note (field "note"). Nobody decides their own (kForbidden
// "commitment.not_your_own"): a secretary's are decided by another account that answers for the cell.
// The member is notified. Audited
// "commitment.approve" / "commitment.return" / "commitment.review" / "commitment.return_assessment".
Result<Commitment> Decide(db::Connection& conn, const auth::Scope& scope, int64_t id, const std::string& decision,
                          const std::string& note, std::optional<int64_t> version, const audit::Actor& actor,
                          int64_t now, const std::string& today);

// A commitment the caller may read (their own, or one they answer for): can_decide when they answer for it.
struct Record {
    Commitment commitment;
    bool own = false;
    bool can_decide = false;
    YearDates dates;
};
Result<Record> Get(db::Connection& conn, const auth::Scope& scope, int64_t id);

// The members of the cells the caller answers for within `org_id` (default: their first answering unit),
// with their commitments of `year`; show: all | missing | to_approve | to_review. kNotFound when they
// answer for no cell there.
struct CellPage {
    int64_t org_id = 0;
    std::string org_name;
    int year = 0;
    std::string show;
    std::vector<Row> rows;
    int64_t total = 0;
    int64_t to_approve = 0, to_review = 0;
};
Result<CellPage> CellList(db::Connection& conn, const auth::Scope& scope, std::optional<int64_t> org_id, int year,
                          const std::string& show, int page, int page_size);
// Whether the caller answers for any cell (the home page, the navigation).
bool AnswersForAny(db::Connection& conn, const auth::Scope& scope);
// Waiting for the caller: commitments to approve and self-assessments to review, this year.
std::pair<int64_t, int64_t> WaitingFor(db::Connection& conn, const auth::Scope& scope, int year);

// ---- The levels above
// Counts over the subtree of `org_id` (kRead) for `year` as of `as_of`, and one row per direct unit.
struct Summary {
    Counts total;
    std::vector<Counts> units;
};
Result<Summary> SummaryOf(db::Connection& conn, const auth::Scope& scope, int64_t org_id, int year,
                          const std::string& as_of);

// ---- Reminders (the serving process's daily run, `dangvu remind`): members with nothing submitted after
// the year's register_by; members whose approved commitment is not assessed after assess_from; secretaries
// with commitments or assessments waiting a week. Each reminder once per member, year and kind. Returns
// how many notices were sent.
int64_t SendReminders(db::Connection& conn, const std::string& today, int64_t now);

// Registers the roll-up source "commitments" (features::Connect).
void Connect();

}  // namespace dv::commitment
