// distribution: sending an issued document to units with a deadline for studying it (học tập, quán
// triệt), each unit's record of receipt and study, and the roll-up over the tree. The rules are in
// README.md ("Distribution"); SQL is in distribution_store; every change is audited in its transaction.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "auth/scope.h"
#include "core/result.h"
#include "db/db.h"
#include "document/model.h"
#include "org/service.h"

namespace dv::document::distribution {

// How a unit studied a document.
enum class StudyForm { kConference, kCellMeeting, kSelfStudy, kOther };
const char* ToString(StudyForm f);
std::optional<StudyForm> ParseStudyForm(const std::string& s);
const std::vector<StudyForm>& AllStudyForms();

// One sending: a document to some units, with the day it went out and the day to study it by.
struct Distribution {
    int64_t id = 0;
    int64_t document_id = 0;
    std::string sent_on;   // 'YYYY-MM-DD'
    std::string deadline;  // study by this day (inclusive)
    std::string note;
    int64_t sent_by = 0;
    std::string sent_by_name;  // display name of the account (reads only)
    int64_t created_at = 0;
    int64_t units = 0;  // recipients of this sending (reads only: those in the caller's scope)
};

// One unit's copy of a document: a row of document_recipients with its sending's dates.
struct Recipient {
    int64_t id = 0;
    int64_t distribution_id = 0;
    int64_t document_id = 0;
    int64_t org_id = 0;
    std::string org_code, org_name;
    std::optional<int64_t> parent_id;  // the unit's current parent
    std::string sent_on, deadline;     // of the sending that reached this unit first
    std::string received_on;           // '' : receipt not recorded
    std::string studied_on;            // '' : not studied yet
    std::optional<StudyForm> study_form;
    std::optional<int64_t> attendees;      // members who attended
    std::optional<int64_t> members_total;  // members of the unit's subtree on studied_on
    std::string meeting_ref;               // the conference or meeting (a later feature links it)
    std::string note;
    int64_t recorded_by = 0;
    int64_t recorded_at = 0;
    // Filled by the study list: the document it is about.
    std::string document_label, document_title;
};

// Where a unit stands on `today`. Late means past the deadline: studied after it, or not studied and
// the deadline has passed.
enum class Status {
    kOnTime,    // studied on or before the deadline
    kLate,      // studied after the deadline
    kOverdue,   // not studied, and the deadline has passed
    kReceived,  // receipt acknowledged, not studied yet, deadline not passed
    kPending,   // nothing recorded yet, deadline not passed
};
const char* ToString(Status s);
Status StatusOf(const Recipient& r, const std::string& today);

// Counts over a subtree. Members are counted once, at the highest recipient above them (see Roll-up
// in README.md): members_total sums the members of the topmost recipients' subtrees; members_reached
// what those recipients reached (their own attendees, or what the recipients below them reached when
// that is more, never more than their members).
struct Totals {
    int64_t recipients = 0;
    int64_t on_time = 0, studied_late = 0, overdue = 0, received = 0, pending = 0;
    int64_t members_reached = 0, members_total = 0;
    int64_t studied() const { return on_time + studied_late; }
    int64_t late() const { return studied_late + overdue; }
};

// A unit of the roll-up tree: a recipient, or a unit with recipients below it.
struct RollupNode {
    org::Org org;  // depth: below the caller's topmost visible unit, as org::Tree gives it
    std::optional<Recipient> recipient;
    Status status = Status::kPending;  // when a recipient
    int64_t members_today = 0;         // members of its subtree today
    Totals totals;                     // over its subtree, itself included
};

// The roll-up for `tree` (org::Tree's order and counts as of today) and the recipients of a document:
// the nodes that are recipients or lie above one, in tree order, with their totals. Pure (unit-tested
// on its own). A recipient that is not in `tree` (outside the caller's view, or ended) is left out.
std::vector<RollupNode> BuildRollup(const std::vector<org::TreeNode>& tree, const std::vector<Recipient>& recipients,
                                    const std::string& today);
// Sums the totals of the top-level nodes of a roll-up (depth of the first node).
Totals Overall(const std::vector<RollupNode>& nodes);

// A share for display: members reached out of members, as a whole percentage. Never shows 100 before
// everyone is reached nor 0 once someone is; "" when there is nobody to reach.
std::string Percent(int64_t part, int64_t whole);

boost::json::object ToJson(const Distribution& d);
boost::json::object ToJson(const Recipient& r, const std::string& today);
boost::json::object ToJson(const Totals& t);

// What the send form or the API asks for. mode "subtree": root_id and every active unit under it at
// the grassroots level or inside a grassroots organization (reach "all", the default) or only the
// grassroots ones (reach "grassroots"); mode "list": exactly org_ids.
struct SendInput {
    std::string mode;  // subtree | list
    std::optional<int64_t> root_id;
    std::string reach;  // all | grassroots (subtree only)
    std::vector<int64_t> org_ids;
    std::string sent_on;   // '' : today. Not in the future, not before the document was issued.
    std::string deadline;  // not before sent_on
    std::string note;
};
struct SendResult {
    Distribution distribution;     // id 0 when every unit had received the document already
    std::vector<int64_t> added;    // units that received it now
    std::vector<int64_t> already;  // units that had received it before (their first row stays)
};
// kWrite on the document's owner unit (else kForbidden, "error.distribution_not_owner") and on every
// recipient; the document issued (else kConflict "error.distribution_not_issued"). Field errors name
// mode, root_id, reach, org_ids, sent_on, deadline. One audit row "distribution.send" with the ids.
Result<SendResult> Send(db::Connection& conn, const auth::Scope& scope, int64_t document_id, const SendInput& in,
                        const audit::Actor& actor, int64_t now, const std::string& today);
// True when the caller may send the document (issued, kWrite on its owner unit).
bool CanSend(db::Connection& conn, const auth::Scope& scope, const Document& d);
// The active units the caller could send to, in tree order, with their type's level (for the form).
struct Unit {
    org::Org org;
    int level = 0;
};
std::vector<Unit> SendableUnits(db::Connection& conn, const auth::Scope& scope);

// What a unit records. Empty strings leave a date unrecorded.
struct RecordInput {
    std::string received_on;
    std::string studied_on;
    std::string study_form;  // conference | cell_meeting | self_study | other
    std::optional<int64_t> attendees;
    std::string meeting_ref;
    std::string note;
};
// Records (or corrects) a unit's receipt and study. kWrite on the unit; the unit a recipient of the
// document (else kNotFound). Dates real, not in the future, not before the sending; a study needs its
// form and attendance, at most the members of the unit's subtree on that day (computed now and kept
// as members_total). A study implies receipt: received_on defaults to studied_on. Audited
// "distribution.record" with before and after.
Result<Recipient> Record(db::Connection& conn, const auth::Scope& scope, int64_t document_id, int64_t org_id,
                         const RecordInput& in, const audit::Actor& actor, int64_t now, const std::string& today);

// Members of `org_id`'s subtree on `date`, as org::Tree counts them. Unscoped: the caller has checked
// that the unit may be read.
int64_t MembersOn(db::Connection& conn, int64_t org_id, const std::string& date);

// The units the caller may see a recipient row of: their read subtrees, and for every grant (a
// member's too) the granted unit and the units above it (a member sees whether their cell studied).
Result<Recipient> GetRecipient(db::Connection& conn, const auth::Scope& scope, int64_t document_id, int64_t org_id);
// Whether the caller may record for the unit (kWrite on it).
bool CanRecord(db::Connection& conn, const auth::Scope& scope, int64_t org_id);

struct Rollup {
    Document document;
    std::vector<RollupNode> nodes;
    Totals overall;
    std::vector<Distribution> distributions;  // oldest first
};
// The roll-up of a visible document over the caller's read subtrees (kRead, else kForbidden).
Result<Rollup> RollupOf(db::Connection& conn, const auth::Scope& scope, int64_t document_id, const std::string& today);
// The recipient rows of the units at or above the caller's grants (their own cell or committee and
// the units above): what a member sees on a document's page. Document must be visible.
Result<std::vector<Recipient>> OwnUnits(db::Connection& conn, const auth::Scope& scope, int64_t document_id);

// /study at bloc level: each document's figures, then per grassroots organization, then the units.
// Built from the same roll-up as the document's distribution page, so every figure equals the length
// of the unit list behind it (UnitFilter).
enum class UnitFilter { kAll, kReceived, kStudied, kLate, kOnTime, kStudiedLate, kOverdue, kWaiting };
std::optional<UnitFilter> ParseUnitFilter(const std::string& s);  // "" -> kAll
const char* ToString(UnitFilter f);
bool Matches(UnitFilter f, const Recipient& r, Status s);

// One recipient unit, named with its parent ("Chi bộ 1 — Đảng bộ Sở Y tế").
struct UnitRow {
    Recipient recipient;
    Status status = Status::kPending;
    std::string parent_name;
    int64_t group_id = 0;  // the grassroots organization it belongs to (itself when it is one, or above)
};
// The figures of a set of recipient units.
struct Figures {
    Totals totals;          // as the roll-up counts them (members once, at the highest recipient)
    int64_t received = 0;   // units that acknowledged receipt (a study implies it)
};
// A grassroots organization (or a recipient above that level) with the figures of its recipients.
struct GroupRow {
    org::Org org;
    std::string parent_name;
    Figures figures;
};
struct DocumentStudy {
    Document document;
    std::string deadline;  // the earliest deadline of its units in scope
    Figures figures;
    std::vector<GroupRow> groups;  // tree order
    std::vector<UnitRow> units;    // tree order
};
// Pure: one document's summary from the tree (org::Tree, current), the grassroots type codes and its
// recipients. Recipients outside the tree are left out, as in BuildRollup.
DocumentStudy Summarize(const Document& d, const std::vector<org::TreeNode>& tree,
                        const std::vector<std::string>& grassroots_types, const std::vector<Recipient>& recipients,
                        const std::string& today);
// Every issued document sent to units in the caller's read subtrees (kRead, else kForbidden): those with
// units still to study first (earliest deadline first), then the rest (latest deadline first).
Result<std::vector<DocumentStudy>> StudyOverview(db::Connection& conn, const auth::Scope& scope,
                                                 const std::string& today);

// "Văn bản cần học tập": documents sent to the caller's units (as GetRecipient's rule), not yet
// studied first (by deadline), then studied (latest first).
struct StudyFilter {
    bool open_only = false;  // only units that have not studied yet
    int limit = 200;
};
struct StudyPage {
    std::vector<Recipient> rows;
    int64_t total = 0;
};
Result<StudyPage> StudyList(db::Connection& conn, const auth::Scope& scope, const StudyFilter& f);

}  // namespace dv::document::distribution
