// committee service: validation, hand-over of limited seats, and automatic ends of terms.
#include "committee/service.h"

#include "committee/store.h"
#include "core/text.h"
#include "core/time.h"
#include "member/service.h"
#include "org/service.h"

namespace dv::committee {

namespace {

using auth::Permission;

void AuditEnd(db::Connection& conn, const audit::Actor& actor, int64_t now, const Position& before,
              const std::string& date, const std::string& reason) {
    Position after = before;
    after.to_date = date;
    after.end_reason = reason;
    audit::Append(conn, actor, now, "committee.end", "committee_position", before.id, before.org_id, ToJson(before),
                  ToJson(after));
}

}  // namespace

boost::json::object ToJson(const Position& p) {
    return {{"id", p.id},
            {"org_id", p.org_id},
            {"org_name", p.org_name},
            {"member_id", p.member_id},
            {"member_name", p.member_name},
            {"role", p.role_code},
            {"role_name", p.role_name},
            {"from_date", p.from_date},
            {"to_date", p.to_date.empty() ? boost::json::value(nullptr) : boost::json::value(p.to_date)},
            {"decision", p.decision},
            {"end_reason", p.end_reason}};
}

boost::json::object ToJson(const Role& r) {
    return {{"code", r.code},
            {"name", r.name},
            {"name_en", r.name_en},
            {"max_holders", r.max_holders ? boost::json::value(*r.max_holders) : boost::json::value(nullptr)}};
}

std::vector<Role> Roles(db::Connection& conn) { return store::Roles(conn); }

Result<std::vector<Position>> OfOrg(db::Connection& conn, const auth::Scope& scope, int64_t org_id,
                                    const std::string& date) {
    // Out of scope reads as absent for every role (a plain member sees no organization).
    if (!org::Find(conn, scope, Permission::kRead, org_id)) return Error::NotFound();
    return store::OfOrg(conn, org_id, date);
}

Result<std::vector<Position>> OfMember(db::Connection& conn, const auth::Scope& scope, int64_t member_id) {
    DV_TRY(member::Get(conn, scope, member_id));
    return store::OfMember(conn, member_id);
}

Result<Position> Appoint(db::Connection& conn, const auth::Scope& scope, int64_t org_id, const Appointment& in,
                         const audit::Actor& actor, int64_t now, const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite))  // 403 for a committee the caller sees, 404 for one out of scope
        return org::Find(conn, scope, Permission::kRead, org_id) ? Error::Forbidden() : Error::NotFound();
    std::vector<FieldError> errors;
    if (!in.member_id) errors.push_back({"member_id", "required", "field.required"});
    std::optional<Role> role;
    if (in.role.empty()) {
        errors.push_back({"role", "required", "field.required"});
    } else if (!(role = store::GetRole(conn, in.role))) {
        errors.push_back({"role", "invalid_choice", "field.invalid_choice"});
    }
    auto from = time::PastOrToday(in.from_date, today, "from_date", errors);
    if (!errors.empty()) return Error::Invalid(errors);

    db::Transaction tx(conn);
    auto o = org::Find(conn, scope, Permission::kWrite, org_id);
    if (!o) return Error::NotFound();
    if (!o->ended_on.empty()) return Error::Conflict("error.org_ended");
    if (*from < o->founded_on)
        return Error::InvalidField("from_date", "before_founded", "field.before_org_founded");
    auto m = member::FindAny(conn, *in.member_id);
    if (!m || !org::IsInSubtree(conn, org_id, m->org_id))
        return Error::InvalidField("member_id", "not_in_org", "field.member_not_in_org");
    if (!member::IsActive(m->status)) return Error::InvalidField("member_id", "inactive", "field.member_inactive");
    if (!m->admitted_on.empty() && *from < m->admitted_on)
        return Error::InvalidField("from_date", "before_admitted", "field.before_admitted");
    auto open = store::OpenInSeat(conn, org_id, role->code);
    for (const auto& p : open) {
        if (p.member_id == m->id)
            return Error::Conflict("error.conflict", {{"member_id", "holds_seat", "field.already_holds_seat"}});
    }
    if (role->max_holders && static_cast<int>(open.size()) >= *role->max_holders) {
        // Hand-over: the longest-serving holders make room, on the new term's first day.
        size_t to_end = open.size() - static_cast<size_t>(*role->max_holders) + 1;
        std::vector<Position> by_start = open;
        std::sort(by_start.begin(), by_start.end(),
                  [](const Position& a, const Position& b) { return a.from_date < b.from_date; });
        for (size_t i = 0; i < to_end; ++i) {
            if (by_start[i].from_date >= *from)
                return Error::InvalidField("from_date", "before_last_change", "field.before_last_change");
            store::End(conn, by_start[i].id, *from, "replaced");
            AuditEnd(conn, actor, now, by_start[i], *from, "replaced");
        }
    }
    Position p;
    p.org_id = org_id;
    p.member_id = m->id;
    p.role_code = role->code;
    p.from_date = *from;
    p.decision = std::string(text::Trim(in.decision));
    p.id = store::Insert(conn, p, now);
    p = *store::Get(conn, org_id, p.id);
    audit::Append(conn, actor, now, "committee.appoint", "committee_position", p.id, org_id, nullptr, ToJson(p));
    tx.Commit();
    return p;
}

Result<Position> End(db::Connection& conn, const auth::Scope& scope, int64_t org_id, int64_t position_id,
                     const std::string& to_date, const std::string& decision, const audit::Actor& actor, int64_t now,
                     const std::string& today) {
    if (!scope.AnyAllows(Permission::kWrite))  // 403 for a committee the caller sees, 404 for one out of scope
        return org::Find(conn, scope, Permission::kRead, org_id) ? Error::Forbidden() : Error::NotFound();
    std::vector<FieldError> errors;
    auto to = time::PastOrToday(to_date, today, "to_date", errors);
    if (!errors.empty()) return Error::Invalid(errors);
    db::Transaction tx(conn);
    if (!org::Find(conn, scope, Permission::kWrite, org_id)) return Error::NotFound();
    auto p = store::Get(conn, org_id, position_id);
    if (!p) return Error::NotFound();
    if (!p->to_date.empty()) return Error::Conflict("error.term_ended");
    if (*to <= p->from_date) return Error::InvalidField("to_date", "before_start", "field.before_term_start");
    std::string note(text::Trim(decision));
    store::End(conn, p->id, *to, "term_end");
    Position after = *store::Get(conn, org_id, p->id);
    audit::Append(conn, actor, now, "committee.end", "committee_position", p->id, org_id, ToJson(*p),
                  note.empty() ? boost::json::value(ToJson(after))
                               : boost::json::value(boost::json::object{{"term", ToJson(after)}, {"decision", note}}));
    tx.Commit();
    return after;
}

int EndTermsOfMember(db::Connection& conn, int64_t member_id, std::optional<int64_t> new_cell, const std::string& date,
                     const std::string& reason, const audit::Actor& actor, int64_t now) {
    int ended = 0;
    for (const auto& p : store::OpenOfMember(conn, member_id)) {
        if (new_cell && org::IsInSubtree(conn, p.org_id, *new_cell)) continue;
        // A term that began on the day the member leaves never really ran; it still ends that day.
        std::string end = std::max(date, p.from_date);
        store::End(conn, p.id, end, reason);
        AuditEnd(conn, actor, now, p, end, reason);
        ++ended;
    }
    return ended;
}

int EndTermsOfOrg(db::Connection& conn, int64_t org_id, const std::string& date, const audit::Actor& actor,
                  int64_t now) {
    int ended = 0;
    for (const auto& p : store::OpenOfOrg(conn, org_id)) {
        std::string end = std::max(date, p.from_date);
        store::End(conn, p.id, end, "reorganization");
        AuditEnd(conn, actor, now, p, end, "reorganization");
        ++ended;
    }
    return ended;
}

void Connect() {
    member::SetLeaveReaction(EndTermsOfMember);
    org::SetEndReaction(EndTermsOfOrg);
}

}  // namespace dv::committee
