// distribution: the rules for sending documents to units, recording their study, and the roll-up.
#include "document/distribution.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <unordered_map>

#include "core/text.h"
#include "core/time.h"
#include "document/distribution_store.h"
#include "document/service.h"
#include "document/store.h"
#include "org/service.h"
#include "rollup/rollup.h"

namespace dv::document::distribution {

namespace {

using auth::Permission;

constexpr const char* kFormNames[] = {"conference", "cell_meeting", "self_study", "other"};
constexpr const char* kStatusNames[] = {"on_time", "late", "overdue", "received", "pending"};

// org_types.level of the units a subtree sending reaches: 2 grassroots (đảng bộ cơ sở, chi bộ cơ sở),
// 3 inside a grassroots organization (đảng bộ bộ phận, chi bộ trực thuộc). Party groups (4) study
// with their cell; the bloc and the province above (0, 1) send, they do not study.
constexpr int kGrassrootsLevel = 2;
constexpr int kInsideGrassrootsLevel = 3;

boost::json::value Nullable(const std::string& s) {
    return s.empty() ? boost::json::value(nullptr) : boost::json::value(s);
}
boost::json::value Nullable(const std::optional<int64_t>& v) { return v ? boost::json::value(*v) : nullptr; }

// The fields an audit row keeps of a unit's record (no status: that depends on the day it is read).
boost::json::object RecordJson(const Recipient& r) {
    return {{"document_id", r.document_id},
            {"org_id", r.org_id},
            {"received_on", Nullable(r.received_on)},
            {"studied_on", Nullable(r.studied_on)},
            {"study_form", r.study_form ? boost::json::value(ToString(*r.study_form)) : nullptr},
            {"attendees", Nullable(r.attendees)},
            {"members_total", Nullable(r.members_total)},
            {"meeting_ref", r.meeting_ref},
            {"note", r.note}};
}

// A date field that may stay empty: '' when empty, else a real day not after today.
std::string OptionalPastDate(const std::string& in, const std::string& today, const char* field,
                             std::vector<FieldError>& errors) {
    std::string v(text::Trim(in));
    if (v.empty()) return "";
    return time::PastOrToday(v, today, field, errors).value_or("");
}

}  // namespace

const char* ToString(StudyForm f) { return kFormNames[static_cast<int>(f)]; }

std::optional<StudyForm> ParseStudyForm(const std::string& s) {
    for (auto f : AllStudyForms())
        if (s == ToString(f)) return f;
    return std::nullopt;
}

const std::vector<StudyForm>& AllStudyForms() {
    static const std::vector<StudyForm> kAll = {StudyForm::kConference, StudyForm::kCellMeeting, StudyForm::kSelfStudy,
                                                StudyForm::kOther};
    return kAll;
}

const char* ToString(Status s) { return kStatusNames[static_cast<int>(s)]; }

Status StatusOf(const Recipient& r, const std::string& today) {
    if (!r.studied_on.empty()) return r.studied_on <= r.deadline ? Status::kOnTime : Status::kLate;
    if (today > r.deadline) return Status::kOverdue;
    return r.received_on.empty() ? Status::kPending : Status::kReceived;
}

std::vector<RollupNode> BuildRollup(const std::vector<org::TreeNode>& tree, const std::vector<Recipient>& recipients,
                                    const std::string& today) {
    std::unordered_map<int64_t, const Recipient*> by_org;
    for (const auto& r : recipients) by_org[r.org_id] = &r;
    std::unordered_map<int64_t, size_t> index;
    std::vector<RollupNode> all(tree.size());
    for (size_t i = 0; i < tree.size(); ++i) {
        index[tree[i].org.id] = i;
        all[i].org = tree[i].org;
        all[i].members_today = tree[i].total;
        if (auto it = by_org.find(tree[i].org.id); it != by_org.end()) {
            all[i].recipient = *it->second;
            all[i].status = StatusOf(*it->second, today);
        }
    }
    // What the units below each node reached and held, before the node itself decides (a recipient
    // replaces them by its own members; anything else passes them up).
    std::vector<int64_t> below_reached(tree.size(), 0), below_total(tree.size(), 0);
    // Parents come before their units in tree order: walking backwards finishes each subtree first.
    for (size_t i = tree.size(); i-- > 0;) {
        RollupNode& n = all[i];
        Totals& t = n.totals;
        if (n.recipient) {
            const Recipient& r = *n.recipient;
            ++t.recipients;
            switch (n.status) {
                case Status::kOnTime:
                    ++t.on_time;
                    break;
                case Status::kLate:
                    ++t.studied_late;
                    break;
                case Status::kOverdue:
                    ++t.overdue;
                    break;
                case Status::kReceived:
                    ++t.received;
                    break;
                case Status::kPending:
                    ++t.pending;
                    break;
            }
            bool studied = !r.studied_on.empty();
            int64_t members = studied && r.members_total ? *r.members_total : n.members_today;
            int64_t attended = studied ? r.attendees.value_or(0) : 0;
            t.members_total = members;
            t.members_reached = std::min(members, std::max(attended, below_reached[i]));
        } else {
            t.members_total = below_total[i];
            t.members_reached = below_reached[i];
        }
        if (!n.org.parent_id) continue;
        auto p = index.find(*n.org.parent_id);
        if (p == index.end()) continue;
        Totals& up = all[p->second].totals;
        up.recipients += t.recipients;
        up.on_time += t.on_time;
        up.studied_late += t.studied_late;
        up.overdue += t.overdue;
        up.received += t.received;
        up.pending += t.pending;
        below_reached[p->second] += t.members_reached;
        below_total[p->second] += t.members_total;
    }
    std::vector<RollupNode> kept;
    for (auto& n : all)
        if (n.totals.recipients > 0) kept.push_back(std::move(n));
    return kept;
}

Totals Overall(const std::vector<RollupNode>& nodes) {
    std::set<int64_t> ids;
    for (const auto& n : nodes) ids.insert(n.org.id);
    Totals sum;
    for (const auto& n : nodes) {
        if (n.org.parent_id && ids.count(*n.org.parent_id)) continue;
        const Totals& t = n.totals;
        sum.recipients += t.recipients;
        sum.on_time += t.on_time;
        sum.studied_late += t.studied_late;
        sum.overdue += t.overdue;
        sum.received += t.received;
        sum.pending += t.pending;
        sum.members_reached += t.members_reached;
        sum.members_total += t.members_total;
    }
    return sum;
}

std::string Percent(int64_t part, int64_t whole) {
    if (whole <= 0) return "";
    int64_t p = (part * 100 + whole / 2) / whole;
    if (p >= 100 && part < whole) p = 99;
    if (p == 0 && part > 0) p = 1;
    return std::to_string(p) + "%";
}

boost::json::object ToJson(const Distribution& d) {
    return {{"id", d.id},
            {"document_id", d.document_id},
            {"sent_on", d.sent_on},
            {"deadline", d.deadline},
            {"note", d.note},
            {"sent_by", d.sent_by ? boost::json::value(d.sent_by) : nullptr},
            {"sent_by_name", d.sent_by_name},
            {"units", d.units}};
}

boost::json::object ToJson(const Recipient& r, const std::string& today) {
    auto j = RecordJson(r);
    j["id"] = r.id;
    j["distribution_id"] = r.distribution_id;
    j["org_code"] = r.org_code;
    j["org_name"] = r.org_name;
    j["sent_on"] = r.sent_on;
    j["deadline"] = r.deadline;
    j["status"] = ToString(StatusOf(r, today));
    j["recorded_at"] = r.recorded_at ? boost::json::value(r.recorded_at) : nullptr;
    if (!r.document_label.empty()) {
        j["document_label"] = r.document_label;
        j["document_title"] = r.document_title;
    }
    return j;
}

boost::json::object ToJson(const Totals& t) {
    return {{"recipients", t.recipients},      {"studied", t.studied()}, {"studied_on_time", t.on_time},
            {"studied_late", t.studied_late},  {"overdue", t.overdue},   {"late", t.late()},
            {"received", t.received},          {"pending", t.pending},   {"members_reached", t.members_reached},
            {"members_total", t.members_total}};
}

bool CanSend(db::Connection& conn, const auth::Scope& scope, const Document& d) {
    return d.status == document::Status::kIssued && document::CanWrite(conn, scope, d);
}

std::vector<Unit> SendableUnits(db::Connection& conn, const auth::Scope& scope) {
    if (!scope.AnyAllows(Permission::kWrite)) return {};
    std::unordered_map<std::string, int> level;
    for (const auto& t : org::Types(conn)) level[t.code] = t.level;
    std::vector<Unit> out;
    for (auto& o : org::ListWhere(conn, scope, Permission::kWrite)) {
        int l = level[o.type_code];
        out.push_back({std::move(o), l});
    }
    return out;
}

Result<SendResult> Send(db::Connection& conn, const auth::Scope& scope, int64_t document_id, const SendInput& in,
                        const audit::Actor& actor, int64_t now, const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    DV_ASSIGN_OR_RETURN(auto doc, document::Get(conn, scope, document_id));
    if (!document::CanWrite(conn, scope, doc)) return Error::Forbidden("error.distribution_not_owner");
    if (doc.status != document::Status::kIssued) return Error::Conflict("error.distribution_not_issued");

    std::vector<FieldError> errors;
    std::string mode = in.mode.empty() ? (in.root_id ? "subtree" : "list") : in.mode;
    if (mode != "subtree" && mode != "list") errors.push_back({"mode", "invalid_choice", "field.invalid_choice"});
    std::string reach = in.reach.empty() ? "all" : in.reach;
    if (mode == "subtree" && reach != "all" && reach != "grassroots")
        errors.push_back({"reach", "invalid_choice", "field.invalid_choice"});
    auto sent_on = time::PastOrToday(in.sent_on, today, "sent_on", errors);
    if (sent_on && !doc.issued_on.empty() && *sent_on < doc.issued_on)
        errors.push_back({"sent_on", "before_issued", "distribution.field.before_issued"});
    std::string deadline(text::Trim(in.deadline));
    if (deadline.empty()) {
        errors.push_back({"deadline", "required", "field.required"});
    } else if (!time::ParseIsoDate(deadline)) {
        errors.push_back({"deadline", "invalid_date", "field.invalid_date"});
    } else if (!time::InDateRange(deadline, today)) {
        errors.push_back({"deadline", "out_of_range", "field.date_out_of_range"});
    } else if (sent_on && deadline < *sent_on) {
        errors.push_back({"deadline", "before_sent", "distribution.field.deadline_before_sent"});
    }
    std::string note(text::Trim(in.note));
    if (text::Utf8Length(note) > 500) errors.push_back({"note", "too_long", "field.too_long"});

    // The units: where the caller may write, active, never the document's own unit.
    auto units = SendableUnits(conn, scope);
    std::vector<int64_t> targets;
    if (mode == "subtree") {
        auto root = std::find_if(units.begin(), units.end(),
                                 [&](const Unit& u) { return in.root_id && u.org.id == *in.root_id; });
        if (!in.root_id) {
            errors.push_back({"root_id", "required", "field.required"});
        } else if (root == units.end()) {
            errors.push_back({"root_id", "not_writable", "distribution.field.unit_not_writable"});
        } else {
            int max_level = reach == "grassroots" ? kGrassrootsLevel : kInsideGrassrootsLevel;
            // In tree order a subtree is its top and the units after it that lie deeper.
            for (auto it = root; it != units.end() && (it == root || it->org.depth > root->org.depth); ++it) {
                if (it->org.id == doc.owner_org_id) continue;
                if (it->level >= kGrassrootsLevel && it->level <= max_level) targets.push_back(it->org.id);
            }
            if (targets.empty()) errors.push_back({"root_id", "no_units", "distribution.field.no_units"});
        }
    } else if (mode == "list") {
        std::set<int64_t> writable;
        for (const auto& u : units) writable.insert(u.org.id);
        std::set<int64_t> seen;
        for (int64_t id : in.org_ids) {
            if (!seen.insert(id).second) continue;
            if (id == doc.owner_org_id) {
                if (!HasFieldError(errors, "org_ids"))
                    errors.push_back({"org_ids", "is_owner", "distribution.field.is_owner"});
            } else if (!writable.count(id)) {
                if (!HasFieldError(errors, "org_ids"))
                    errors.push_back({"org_ids", "not_writable", "distribution.field.unit_not_writable"});
            } else {
                targets.push_back(id);
            }
        }
        if (in.org_ids.empty()) errors.push_back({"org_ids", "required", "distribution.field.choose_units"});
    }
    if (!errors.empty()) return Error::Invalid(std::move(errors));

    db::Transaction tx(conn);
    auto existing = store::RecipientUnits(conn, document_id);
    std::set<int64_t> had(existing.begin(), existing.end());
    SendResult result;
    for (int64_t id : targets) (had.count(id) ? result.already : result.added).push_back(id);
    Distribution& d = result.distribution;
    d.document_id = document_id;
    d.sent_on = *sent_on;
    d.deadline = deadline;
    d.note = note;
    d.sent_by = actor.user_id;
    if (result.added.empty()) return result;  // nothing new: no sending to record
    d.id = store::InsertDistribution(conn, d, now);
    d.created_at = now;
    d.units = static_cast<int64_t>(result.added.size());
    std::vector<int64_t> recipients;
    for (int64_t id : result.added) recipients.push_back(store::InsertRecipient(conn, d.id, document_id, id));
    rollup::Change::Added(conn, "study", std::move(recipients)).Apply();
    auto after = ToJson(d);
    after["mode"] = mode;
    if (mode == "subtree") {
        after["root_id"] = *in.root_id;
        after["reach"] = reach;
    }
    after["recipients"] = boost::json::value_from(result.added);
    after["already"] = boost::json::value_from(result.already);
    audit::Append(conn, actor, now, "distribution.send", "document_distribution", d.id, doc.owner_org_id, nullptr,
                  after);
    tx.Commit();
    return result;
}

int64_t MembersOn(db::Connection& conn, int64_t org_id, const std::string& date) {
    // The subtree's count as of the date from the roll-up aggregates (the caller has been checked).
    return rollup::Figure(conn, org_id, "members", date);
}

bool CanRecord(db::Connection& conn, const auth::Scope& scope, int64_t org_id) {
    return org::CanWrite(conn, scope, org_id);
}

Result<Recipient> Record(db::Connection& conn, const auth::Scope& scope, int64_t document_id, int64_t org_id,
                         const RecordInput& in, const audit::Actor& actor, int64_t now, const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite)) return Error::Forbidden();
    DV_TRY(document::Get(conn, scope, document_id));
    db::Transaction tx(conn);
    if (!org::Find(conn, scope, Permission::kWrite, org_id)) return Error::NotFound();
    auto before = store::GetAny(conn, document_id, org_id);
    if (!before) return Error::NotFound();

    std::vector<FieldError> errors;
    Recipient r = *before;
    r.received_on = OptionalPastDate(in.received_on, today, "received_on", errors);
    r.studied_on = OptionalPastDate(in.studied_on, today, "studied_on", errors);
    bool studied = !r.studied_on.empty();
    std::string form(text::Trim(in.study_form));
    r.study_form = ParseStudyForm(form);
    r.attendees = in.attendees;
    r.meeting_ref = std::string(text::Trim(in.meeting_ref));
    r.note = std::string(text::Trim(in.note));
    if (!HasFieldError(errors, "received_on") && !HasFieldError(errors, "studied_on")) {
        if (r.received_on.empty() && !studied) {
            if (!form.empty() || in.attendees)
                errors.push_back({"studied_on", "required", "distribution.field.studied_on_required"});
            else
                errors.push_back({"received_on", "required", "distribution.field.nothing_recorded"});
        }
        if (!r.received_on.empty() && r.received_on < before->sent_on)
            errors.push_back({"received_on", "before_sent", "distribution.field.before_sent"});
        if (studied && r.studied_on < before->sent_on)
            errors.push_back({"studied_on", "before_sent", "distribution.field.before_sent"});
        if (studied && !r.received_on.empty() && r.received_on > r.studied_on)
            errors.push_back({"received_on", "after_studied", "distribution.field.received_after_studied"});
    }
    if (studied) {
        if (form.empty())
            errors.push_back({"study_form", "required", "field.required"});
        else if (!r.study_form)
            errors.push_back({"study_form", "invalid_choice", "field.invalid_choice"});
        if (!in.attendees) errors.push_back({"attendees", "required", "field.required"});
    } else if (!form.empty() && !r.study_form) {
        errors.push_back({"study_form", "invalid_choice", "field.invalid_choice"});
    }
    if (in.attendees && *in.attendees < 0) errors.push_back({"attendees", "negative", "distribution.field.negative"});
    if (text::Utf8Length(r.meeting_ref) > 300) errors.push_back({"meeting_ref", "too_long", "field.too_long"});
    if (text::Utf8Length(r.note) > 1000) errors.push_back({"note", "too_long", "field.too_long"});
    if (studied) {
        r.members_total = MembersOn(conn, org_id, r.studied_on);
        if (in.attendees && *in.attendees > *r.members_total)
            errors.push_back({"attendees", "more_than_members", "distribution.field.more_than_members"});
    }
    if (!errors.empty()) return Error::Invalid(std::move(errors));

    if (studied) {
        if (r.received_on.empty()) r.received_on = r.studied_on;  // a unit that studied it had received it
    } else {
        // Receipt only: no study to describe.
        r.study_form.reset();
        r.attendees.reset();
        r.members_total.reset();
    }
    auto figures = rollup::Change::Of(conn, "study", {before->id});
    store::UpdateRecord(conn, r, actor.user_id, now);
    figures.Apply();
    auto after = *store::GetAny(conn, document_id, org_id);
    audit::Append(conn, actor, now, "distribution.record", "document_recipient", after.id, org_id, RecordJson(*before),
                  RecordJson(after));
    tx.Commit();
    return after;
}

Result<Recipient> GetRecipient(db::Connection& conn, const auth::Scope& scope, int64_t document_id, int64_t org_id) {
    DV_TRY(document::Get(conn, scope, document_id));
    auto r = store::Get(conn, scope, document_id, org_id);
    if (!r) return Error::NotFound();
    return *r;
}

Result<Rollup> RollupOf(db::Connection& conn, const auth::Scope& scope, int64_t document_id, const std::string& today) {
    if (!scope.AnyAllows(Permission::kRead)) return Error::Forbidden();
    DV_ASSIGN_OR_RETURN(auto doc, document::Get(conn, scope, document_id));
    Rollup out;
    out.document = std::move(doc);
    auto recipients = store::OfDocument(conn, scope, document_id);
    if (!recipients.empty()) {
        DV_ASSIGN_OR_RETURN(auto tree, org::Tree(conn, scope, today, true));
        out.nodes = BuildRollup(tree, recipients, today);
        out.overall = Overall(out.nodes);
    }
    out.distributions = store::Distributions(conn, scope, document_id);
    return out;
}

Result<std::vector<Recipient>> OwnUnits(db::Connection& conn, const auth::Scope& scope, int64_t document_id) {
    DV_TRY(document::Get(conn, scope, document_id));
    return store::OfGrantedUnits(conn, scope, document_id);
}

Result<StudyPage> StudyList(db::Connection& conn, const auth::Scope& scope, const StudyFilter& f) {
    if (!scope.signed_in()) return Error::Forbidden();
    auto rows = store::Study(conn, scope, f.open_only, f.limit);
    std::vector<int64_t> ids;
    for (const auto& r : rows.rows) ids.push_back(r.document_id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::unordered_map<int64_t, Document> docs;
    for (auto& d : document::store::GetMany(conn, scope, ids)) docs.emplace(d.id, std::move(d));
    StudyPage page;
    page.total = rows.total;
    for (auto& r : rows.rows) {
        auto it = docs.find(r.document_id);
        if (it == docs.end()) continue;  // not visible: cannot happen for a unit the caller sees, kept safe
        r.document_label = Label(it->second);
        r.document_title = it->second.title;
        page.rows.push_back(std::move(r));
    }
    return page;
}

namespace {

constexpr const char* kUnitFilterNames[] = {"all", "received", "studied", "late", "on_time", "studied_late",
                                            "overdue", "waiting"};

void Count(Figures& f, const Recipient& r, Status st) {
    Totals& t = f.totals;
    ++t.recipients;
    switch (st) {
        case Status::kOnTime: ++t.on_time; break;
        case Status::kLate: ++t.studied_late; break;
        case Status::kOverdue: ++t.overdue; break;
        case Status::kReceived: ++t.received; break;
        case Status::kPending: ++t.pending; break;
    }
    if (!r.received_on.empty() || !r.studied_on.empty()) ++f.received;
}

}  // namespace

std::optional<UnitFilter> ParseUnitFilter(const std::string& s) {
    if (s.empty()) return UnitFilter::kAll;
    for (size_t i = 0; i < std::size(kUnitFilterNames); ++i)
        if (s == kUnitFilterNames[i]) return static_cast<UnitFilter>(i);
    return std::nullopt;
}

const char* ToString(UnitFilter f) { return kUnitFilterNames[static_cast<int>(f)]; }

bool Matches(UnitFilter f, const Recipient& r, Status s) {
    switch (f) {
        case UnitFilter::kAll: return true;
        case UnitFilter::kReceived: return !r.received_on.empty() || !r.studied_on.empty();
        case UnitFilter::kStudied: return s == Status::kOnTime || s == Status::kLate;
        case UnitFilter::kLate: return s == Status::kLate || s == Status::kOverdue;
        case UnitFilter::kOnTime: return s == Status::kOnTime;
        case UnitFilter::kStudiedLate: return s == Status::kLate;
        case UnitFilter::kOverdue: return s == Status::kOverdue;
        case UnitFilter::kWaiting: return s == Status::kReceived || s == Status::kPending;
    }
    return false;
}

DocumentStudy Summarize(const Document& d, const std::vector<org::TreeNode>& tree,
                        const std::vector<std::string>& grassroots_types, const std::vector<Recipient>& recipients,
                        const std::string& today) {
    DocumentStudy out;
    out.document = d;
    auto nodes = BuildRollup(tree, recipients, today);
    // Unit counts are added below, unit by unit; members come from the roll-up (counted once, at the
    // highest recipient).
    Totals overall = Overall(nodes);
    out.figures.totals.members_reached = overall.members_reached;
    out.figures.totals.members_total = overall.members_total;
    std::unordered_map<int64_t, const org::Org*> by_id;
    for (const auto& n : tree) by_id[n.org.id] = &n.org;
    auto grassroots = [&](const org::Org& o) {
        return std::find(grassroots_types.begin(), grassroots_types.end(), o.type_code) != grassroots_types.end();
    };
    auto parent_name = [&](const org::Org& o) {
        if (!o.parent_id) return std::string();
        auto it = by_id.find(*o.parent_id);
        return it == by_id.end() ? std::string() : it->second->name;
    };
    // The group of a unit: its nearest grassroots organization at or above it, else itself.
    auto group_of = [&](const org::Org& o) {
        for (const org::Org* p = &o; p;) {
            if (grassroots(*p)) return p->id;
            if (!p->parent_id) break;
            auto it = by_id.find(*p->parent_id);
            p = it == by_id.end() ? nullptr : it->second;
        }
        return o.id;
    };
    std::unordered_map<int64_t, size_t> group_at;
    for (const auto& n : nodes) {
        if (grassroots(n.org) || (n.recipient && group_of(n.org) == n.org.id)) {
            group_at[n.org.id] = out.groups.size();
            GroupRow g{n.org, parent_name(n.org), {}};
            g.figures.totals.members_reached = n.totals.members_reached;
            g.figures.totals.members_total = n.totals.members_total;
            out.groups.push_back(std::move(g));
        }
    }
    for (const auto& n : nodes) {
        if (!n.recipient) continue;
        UnitRow u{*n.recipient, n.status, parent_name(n.org), group_of(n.org)};
        if (out.deadline.empty() || u.recipient.deadline < out.deadline) out.deadline = u.recipient.deadline;
        Count(out.figures, u.recipient, u.status);
        if (auto g = group_at.find(u.group_id); g != group_at.end()) Count(out.groups[g->second].figures, u.recipient, u.status);
        out.units.push_back(std::move(u));
    }
    return out;
}

Result<std::vector<DocumentStudy>> StudyOverview(db::Connection& conn, const auth::Scope& scope,
                                                 const std::string& today) {
    if (!scope.AnyAllows(Permission::kRead)) return Error::Forbidden();
    auto rows = store::OfIssuedDocuments(conn, scope);
    std::vector<DocumentStudy> out;
    if (rows.empty()) return out;
    DV_ASSIGN_OR_RETURN(auto tree, org::Tree(conn, scope, today, true));
    std::vector<std::string> grassroots;
    for (const auto& t : org::Types(conn))
        if (t.grassroots) grassroots.push_back(t.code);
    std::vector<int64_t> ids;
    for (const auto& r : rows)
        if (ids.empty() || ids.back() != r.document_id) ids.push_back(r.document_id);
    std::unordered_map<int64_t, Document> docs;
    for (auto& d : document::store::GetMany(conn, scope, ids)) docs.emplace(d.id, std::move(d));
    for (size_t i = 0; i < rows.size();) {
        size_t j = i;
        while (j < rows.size() && rows[j].document_id == rows[i].document_id) ++j;
        auto doc = docs.find(rows[i].document_id);
        if (doc != docs.end()) {
            std::vector<Recipient> part(rows.begin() + static_cast<std::ptrdiff_t>(i),
                                        rows.begin() + static_cast<std::ptrdiff_t>(j));
            auto s = Summarize(doc->second, tree, grassroots, part, today);
            if (s.figures.totals.recipients > 0) out.push_back(std::move(s));
        }
        i = j;
    }
    std::stable_sort(out.begin(), out.end(), [](const DocumentStudy& a, const DocumentStudy& b) {
        bool a_open = a.figures.totals.studied() < a.figures.totals.recipients;
        bool b_open = b.figures.totals.studied() < b.figures.totals.recipients;
        if (a_open != b_open) return a_open;
        return a_open ? a.deadline < b.deadline : a.deadline > b.deadline;
    });
    return out;
}

}  // namespace dv::document::distribution
