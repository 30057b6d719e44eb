// demo: seeding through the services, so the demo data is audited like any other change.
#include "demo/seed.h"

#include <algorithm>
#include <map>

#include "auth/service.h"
#include "committee/service.h"
#include "demo/province.h"
#include "demo/seed_distribution.h"
#include "demo/seed_plans.h"
#include "demo/seed_commitments.h"
#include "demo/seed_meetings.h"
#include "demo/seed_reports.h"
#include "demo/seed_documents.h"
#include "member/service.h"
#include "org/service.h"
#include "rollup/rollup.h"

namespace dv::demo {

namespace {
constexpr const char* kPassword = "dangvu-demo";

struct UserSeed {
    const char* username;
    const char* display_name;
    const char* role;
    const char* org;
    const char* role_label;
};

// The accounts that served the bloc hold their grants on the province's party organization today: the
// one organization above both committees that replaced the bloc (docs/architecture.md, "Decisions").
const UserSeed kUsers[] = {
    {"admin", "Đặng Quốc Hải", "admin", "DBT", "Quản trị hệ thống"},
    {"vanphong", "Nguyễn Thị Hoa", "office", "DBT", "Văn phòng"},
    {"kiemtra", "Trần Văn Bình", "inspector", "DBT", "Ủy ban Kiểm tra"},
    {"bithu.sotc", "Lê Văn Dũng", "secretary", "SOTC", "Bí thư Đảng bộ Sở Tài chính"},
    {"dangvien.sotc", "Phạm Thị Ánh", "member", "SOTC-NS", "Đảng viên"},
};

// Prefixes a service's error with what the seed was doing, so a failure names the row and field.
Error Context(Error e, const std::string& what) {
    e.message = what + ": " + e.message;
    for (const auto& f : e.field_errors) e.message += " [" + f.field + ": " + f.code + "]";
    return e;
}
// The grassroots congresses: the 2020-2025 term began after the 2020 congress, the 2025-2030 term
// after the congress of spring 2025, which re-elected everyone in the demo.
constexpr const char* kCongress2020 = "2020-08-15";
constexpr const char* kCongress2025 = "2025-05-20";

// The first day of the stretch, up to today, in which `cell` has stood directly under `org_id`: a
// cell that came with a merger sits on its new committee from the merger only.
std::string UnderSince(db::Connection& conn, int64_t cell, int64_t org_id) {
    auto versions = org::HistoryOf(conn, auth::Scope::System(), cell).value().versions;
    std::string since;
    for (auto v = versions.rbegin(); v != versions.rend() && v->parent_id == org_id; ++v) since = v->valid_from;
    return since;
}

// The committee seats behind the members' party positions ("Bí thư Chi bộ", "Phó Bí thư Đảng ủy"…):
// a cell's seats in the member's cell, a committee's in its parent. Terms began at the 2020 congress,
// or later when the member or the organization came later; those begun before the 2025 congress end
// there and the same people begin the 2025-2030 term. A seat that is already full is left as is.
Status SeedCommittees(db::Connection& conn, const Province& province, const std::vector<int64_t>& member_ids,
                      const audit::Actor& actor, int64_t now, const std::string& today) {
    struct Seat {
        const char* position;
        const char* role;
        bool parent;
    };
    static const Seat kSeats[] = {
        {"Bí thư Chi bộ", "secretary", false},         {"Phó Bí thư Chi bộ", "deputy_secretary", false},
        {"Chi ủy viên", "committee_member", false},     {"Bí thư Đảng ủy", "secretary", true},
        {"Phó Bí thư Đảng ủy", "deputy_secretary", true}, {"Đảng ủy viên", "committee_member", true},
    };
    auto scope = auth::Scope::System();
    for (size_t i = 0; i < province.members.size(); ++i) {
        const Seat* seat = nullptr;
        for (const auto& s : kSeats)
            if (province.members[i].record.party_position == s.position) seat = &s;
        if (!seat) continue;
        auto m = member::FindAny(conn, member_ids[i]);
        if (!m || !member::IsActive(m->status)) continue;
        auto cell = org::Find(conn, scope, auth::Permission::kRead, m->org_id);
        if (!cell || !cell->ended_on.empty()) continue;
        int64_t org_id = seat->parent && cell->parent_id ? *cell->parent_id : cell->id;
        auto o = org::Find(conn, scope, auth::Permission::kRead, org_id);
        std::string from = std::max({std::string(kCongress2020), o->founded_on,
                                     m->official_on.empty() ? m->admitted_on : m->official_on,
                                     member::CurrentPlacementStart(conn, m->id).value_or(""),
                                     seat->parent ? UnderSince(conn, cell->id, org_id) : std::string()});
        if (from > today) continue;
        auto held = committee::OfOrg(conn, scope, org_id, today);
        if (!held) return held.take_error();
        bool full = std::string_view(seat->role) == "secretary" &&
                    std::any_of(held->begin(), held->end(), [](const auto& p) { return p.role_code == "secretary"; });
        if (full) continue;
        const bool two_terms = from < kCongress2025;
        auto done = committee::Appoint(
            conn, scope, org_id,
            {m->id, seat->role, from,
             two_terms ? "Nghị quyết Đại hội nhiệm kỳ 2020-2025" : "Nghị quyết Đại hội nhiệm kỳ 2025-2030"},
            actor, now, today);
        if (!done) return Context(done.error(), "committee seat of " + m->full_name);
        if (!two_terms) continue;
        auto ended = committee::End(conn, scope, org_id, done->id, kCongress2025, "Hết nhiệm kỳ 2020-2025", actor,
                                    now, today);
        if (!ended) return Context(ended.error(), "end of the 2020-2025 term of " + m->full_name);
        auto again = committee::Appoint(conn, scope, org_id,
                                        {m->id, seat->role, kCongress2025, "Nghị quyết Đại hội nhiệm kỳ 2025-2030"},
                                        actor, now, today);
        if (!again) return Context(again.error(), "committee seat of " + m->full_name);
    }
    return {};
}

}  // namespace

const std::vector<Login>& Logins() {
    static const std::vector<Login> kLogins = [] {
        // Today's names of the accounts' organizations.
        std::map<std::string, std::string> names{{"DBT", "Đảng bộ tỉnh Quảng Trị"},
                                                 {"SOTC", "Đảng bộ Sở Tài chính"},
                                                 {"SOTC-NS", "Chi bộ Phòng Quản lý Ngân sách"}};
        std::vector<Login> out;
        for (const auto& u : kUsers) out.push_back({u.username, kPassword, u.role_label, names.at(u.org)});
        return out;
    }();
    return kLogins;
}

Status Seed(db::Connection& conn, int64_t now, Size size) {
    if (org::HasAny(conn)) return Error::Conflict("the database already holds organizations");
    const Province province = BuildProvince(size);
    const std::string today = kDemoToday;
    // One transaction for the whole demo: the services' own transactions nest as savepoints.
    db::Transaction tx(conn);
    // The roll-ups are built once at the end rather than after each of thousands of writes.
    rollup::Deferral deferral(conn);
    // And the audit chain's head is written once at the end rather than after each of them.
    audit::Batch audit_batch(conn);
    auto scope = auth::Scope::System();
    audit::Actor actor{0, "seed-demo", ""};
    std::map<std::string, int64_t> ids;
    for (const auto& o : province.orgs) {
        org::NewOrg n;
        if (!o.parent.empty()) n.parent_id = ids.at(o.parent);
        n.code = o.code;
        n.name = o.name;
        n.type_code = o.type;
        n.founded_on = o.founded_on;
        n.decision = o.decision;
        auto created = org::Create(conn, scope, n, actor, now, today);
        if (!created) return Context(created.error(), "organization " + o.code);
        ids[o.code] = created->id;
    }
    std::vector<int64_t> member_ids;
    member_ids.reserve(province.members.size());
    for (const auto& pm : province.members) {
        member::Member m = pm.record;
        m.org_id = ids.at(pm.cell);
        auto created = member::Create(conn, scope, std::move(m), actor, now, today);
        if (!created) return Context(created.error(), "member " + pm.record.full_name);
        member_ids.push_back(created->id);
    }
    // The bloc's documents and its 2025 study plan, sent to its subtree, while the bloc stands.
    bool bloc_documents = false;
    auto seed_bloc_documents = [&]() -> Status {
        bloc_documents = true;
        DV_TRY(SeedDocuments(conn, ids, actor, now));
        DV_TRY(SeedDistribution(conn, ids.at("DBK"), actor, now));
        return SeedBlocTasks(conn, ids.at("DBK"), actor, now);
    };
    for (const auto& e : province.events) {
        if (!bloc_documents && e.date >= kBlocEnded) DV_TRY(seed_bloc_documents());
        if (e.kind == "appoint") {
            auto seat = committee::Appoint(conn, scope, ids.at(e.org),
                                           {member_ids.at(e.member), e.name, e.date, e.decision}, actor, now, today);
            if (!seat) return Context(seat.error(), "seat on " + e.org);
            continue;
        }
        if (e.kind == "transfer") {
            auto moved = member::Transfer(conn, scope, member_ids.at(e.member), ids.at(e.target), e.date, e.decision,
                                          actor, now, today);
            if (!moved) return Context(moved.error(), "transfer of " + province.members[e.member].record.full_name);
            continue;
        }
        org::Reorganization r;
        r.kind = e.kind;
        r.effective_on = e.date;
        r.decision = e.decision;
        if (e.kind == "rename") r.name = e.name;
        if (e.kind == "retype") r.type_code = e.name;
        if (e.kind == "move") r.parent_id = ids.at(e.target);
        if (e.kind == "merge") r.into_id = ids.at(e.target);
        auto done = org::Reorganize(conn, scope, ids.at(e.org), r, actor, now, today);
        if (!done) return Context(done.error(), e.kind + " of " + e.org);
    }
    if (!bloc_documents) DV_TRY(seed_bloc_documents());
    DV_TRY(SeedCommittees(conn, province, member_ids, actor, now, today));
    int64_t demo_member = 0;  // the demo's member account's record: left to register for this year
    for (const auto& u : kUsers) {
        auth::NewUser nu{u.username, u.display_name, kPassword, u.role, ids.at(u.org)};
        DV_ASSIGN_OR_RETURN(auto user, auth::CreateUser(conn, scope, nu, actor, now));
        // Each demo account belongs to the member of the same name (all are members of the demo).
        for (size_t i = 0; i < province.members.size(); ++i) {
            if (province.members[i].record.full_name != u.display_name) continue;
            DV_TRY(auth::LinkMember(conn, scope, user.id, member_ids[i], actor, now));
            if (u.role == std::string("member")) demo_member = member_ids[i];
            break;
        }
    }
    // After the accounts: the secretaries find the province's tasks in their bell.
    DV_TRY(SeedProvincePlan(conn, ids.at("DBT"), actor, now));
    DV_TRY(SeedMeetings(conn, ids.at("DBT"), today, actor, now));
    DV_TRY(SeedConduct(conn, today, actor, now));
    DV_TRY(SeedCommitments(conn, today, demo_member, actor, now));
    deferral.Finish();
    // The reports read the members on each period's last day from the roll-ups: after they are built.
    DV_TRY(SeedReports(conn, ids.at("DBT"), actor, now));
    audit_batch.Finish();
    tx.Commit();
    return {};
}

}  // namespace dv::demo
