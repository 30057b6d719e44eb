// demo: seeding through the services, so the demo data is audited like any other change.
#include "demo/seed.h"

#include <map>

#include "auth/service.h"
#include "org/service.h"
#include "org/store.h"

namespace dv::demo {

namespace {
constexpr const char* kPassword = "dangvu-demo";
// The demo's history starts with Chỉ thị 05-CT/TW (15/5/2016).
constexpr const char* kFounded = "2016-01-01";

struct OrgSeed {
    const char* code;
    const char* parent;  // code, or "" for the root
    const char* name;
    const char* type;
};

const OrgSeed kOrgs[] = {
    {"DBK", "", "Đảng bộ Khối các cơ quan tỉnh Quảng Bình", "bloc"},
    {"SOTC", "DBK", "Đảng bộ Sở Tài chính", "grassroots_committee"},
    {"SOTC-NS", "SOTC", "Chi bộ Phòng Quản lý Ngân sách", "attached_cell"},
    {"SOTC-VP", "SOTC", "Chi bộ Văn phòng Sở Tài chính", "attached_cell"},
    {"SOGD", "DBK", "Đảng bộ Sở Giáo dục và Đào tạo", "grassroots_committee"},
    {"SOGD-TH", "SOGD", "Chi bộ Phòng Giáo dục Trung học", "attached_cell"},
    {"SOGD-VP", "SOGD", "Chi bộ Văn phòng Sở Giáo dục và Đào tạo", "attached_cell"},
    {"SOYT", "DBK", "Đảng bộ Sở Y tế", "grassroots_committee"},
    {"SOYT-NV", "SOYT", "Chi bộ Phòng Nghiệp vụ Y", "attached_cell"},
    {"VPDB", "DBK", "Chi bộ Văn phòng Đoàn ĐBQH và HĐND tỉnh", "grassroots_cell"},
};

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
}  // namespace

const std::vector<Login>& Logins() {
    static const std::vector<Login> kLogins = [] {
        std::vector<Login> out;
        std::map<std::string, std::string> names;
        for (const auto& o : kOrgs) names[o.code] = o.name;
        for (const auto& u : kUsers) out.push_back({u.username, kPassword, u.role_label, names[u.org]});
        return out;
    }();
    return kLogins;
}

Status Seed(db::Connection& conn, int64_t now) {
    if (org::store::Count(conn) > 0) return Error::Conflict("the database already holds organizations");
    // One transaction for the whole demo: the services' own transactions nest as savepoints.
    db::Transaction tx(conn);
    auto scope = auth::Scope::System();
    audit::Actor actor{0, "seed-demo", ""};
    std::map<std::string, int64_t> ids;
    for (const auto& o : kOrgs) {
        org::NewOrg n;
        if (*o.parent) n.parent_id = ids.at(o.parent);
        n.code = o.code;
        n.name = o.name;
        n.type_code = o.type;
        n.founded_on = kFounded;
        DV_ASSIGN_OR_RETURN(auto created, org::Create(conn, scope, n, actor, now, kFounded));
        ids[o.code] = created.id;
    }
    for (const auto& u : kUsers) {
        auth::NewUser nu{u.username, u.display_name, kPassword, u.role, ids.at(u.org)};
        DV_TRY(auth::CreateUser(conn, scope, nu, actor, now));
    }
    tx.Commit();
    return {};
}

}  // namespace dv::demo
