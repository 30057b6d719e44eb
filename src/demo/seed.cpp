// demo: seeding through the services, so the demo data is audited like any other change.
#include "demo/seed.h"

#include <map>

#include "auth/service.h"
#include "demo/province.h"
#include "member/service.h"
#include "org/service.h"
#include "org/store.h"

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

const UserSeed kUsers[] = {
    {"admin", "Đặng Quốc Hải", "admin", "DBK", "Quản trị hệ thống"},
    {"vanphong", "Nguyễn Thị Hoa", "office", "DBK", "Văn phòng Đảng ủy Khối"},
    {"kiemtra", "Trần Văn Bình", "inspector", "DBK", "Ủy ban Kiểm tra"},
    {"bithu.sotc", "Lê Văn Dũng", "secretary", "SOTC", "Bí thư Đảng bộ Sở Tài chính"},
    {"dangvien.sotc", "Phạm Thị Ánh", "member", "SOTC-NS", "Đảng viên"},
};

// Prefixes a service's error with what the seed was doing, so a failure names the row and field.
Error Context(Error e, const std::string& what) {
    e.message = what + ": " + e.message;
    for (const auto& f : e.field_errors) e.message += " [" + f.field + ": " + f.code + "]";
    return e;
}
}  // namespace

const std::vector<Login>& Logins() {
    static const std::vector<Login> kLogins = [] {
        // Names as the organizations were created (the accounts' units are never renamed).
        std::map<std::string, std::string> names{{"DBK", "Đảng bộ Khối các cơ quan tỉnh Quảng Bình"},
                                                 {"SOTC", "Đảng bộ Sở Tài chính"},
                                                 {"SOTC-NS", "Chi bộ Phòng Quản lý Ngân sách"}};
        std::vector<Login> out;
        for (const auto& u : kUsers) out.push_back({u.username, kPassword, u.role_label, names.at(u.org)});
        return out;
    }();
    return kLogins;
}

Status Seed(db::Connection& conn, int64_t now, Size size) {
    if (org::store::Count(conn) > 0) return Error::Conflict("the database already holds organizations");
    const Province province = BuildProvince(size);
    const std::string today = kDemoToday;
    // One transaction for the whole demo: the services' own transactions nest as savepoints.
    db::Transaction tx(conn);
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
    for (const auto& e : province.events) {
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
    for (const auto& u : kUsers) {
        auth::NewUser nu{u.username, u.display_name, kPassword, u.role, ids.at(u.org)};
        DV_TRY(auth::CreateUser(conn, scope, nu, actor, now));
    }
    tx.Commit();
    return {};
}

}  // namespace dv::demo
