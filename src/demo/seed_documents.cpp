// demo documents: the register of the demo — Chỉ thị 05-CT/TW and the documents that carry it out
// (the bloc's regulation, plan and report), a state decree, a grassroots unit's own draft, and the
// documents of the 2025 reorganization: the central guidance, the provincial standing committee's
// decisions that founded the two committees, moved the bloc's units and ended the bloc (the demo's
// reorganizations cite them, province.cpp) and the Politburo's decision on the merged province's party
// organization. Titles of the 2025 documents are written for the demo; numbers other than 31-HD/BTCTW
// are invented. (The National Assembly's Nghị quyết 202/2025/QH15 on the provinces is not here: the
// symbol reader does not take a state symbol without a type, "202/2025/QH15".)
// 03-QĐ/ĐUK and 05-QĐ/ĐUK, which the seed article also names, are left out on purpose: the
// reference finder then has something to offer to add.
#include "demo/seed_documents.h"

#include "document/service.h"

namespace dv::demo {

namespace {

struct DocSeed {
    const char* key;
    const char* type;
    const char* symbol;
    const char* issuer;  // "" : from the symbol
    const char* issued_on;
    const char* title;
    const char* signer;
    const char* owner;  // organization code
    const char* visibility;
    const char* status;
    const char* body;
};

const DocSeed kDocs[] = {
    {"ct05", "directive", "05-CT/TW", "Bộ Chính trị", "2016-05-15",
     "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Đinh Thế Huynh", "DBK", "public",
     "issued",
     "Chỉ thị của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n"
     "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh là nhiệm vụ thường xuyên của các tổ chức đảng, "
     "chính quyền, mặt trận, đoàn thể và của mỗi cán bộ, đảng viên. Các cấp ủy đưa nội dung học tập vào sinh hoạt chi "
     "bộ định kỳ; mỗi cơ quan, đơn vị xây dựng chuẩn mực đạo đức; mỗi cán bộ, đảng viên đăng ký làm theo hằng năm."},
    {"qd01", "regulation", "01-QĐ/ĐUK", "", "2016-03-21",
     "Quy định về trách nhiệm và xử lý trách nhiệm đối với trưởng, phó các ban, Văn phòng Đảng ủy khối; Chủ tịch, Phó "
     "Chủ tịch Hội CCB khối; trưởng, phó các đoàn thể thuộc cơ quan Đảng ủy khối các cơ quan tỉnh trong thực hiện chức "
     "trách được giao",
     "Nguyễn Văn Thành", "DBK", "public", "issued", ""},
    {"kh12", "plan", "12-KH/ĐUK", "", "2016-07-20",
     "Kế hoạch thực hiện Chỉ thị số 05-CT/TW ngày 15-5-2016 của Bộ Chính trị trong Đảng bộ Khối", "Nguyễn Văn Thành",
     "DBK", "internal", "issued",
     "Thực hiện Chỉ thị số 05-CT/TW ngày 15-5-2016 của Bộ Chính trị, Ban Thường vụ Đảng ủy Khối xây dựng kế hoạch "
     "thực hiện trong toàn Đảng bộ Khối.\n1. Tổ chức học tập, quán triệt Chỉ thị đến 100% cán bộ, đảng viên.\n"
     "2. Các chi bộ đưa nội dung học tập và làm theo Bác vào sinh hoạt chi bộ định kỳ hằng tháng.\n"
     "3. Mỗi cơ quan, đơn vị xây dựng chuẩn mực đạo đức; mỗi đảng viên đăng ký làm theo đầu năm.\n"
     "4. Các tổ chức cơ sở đảng báo cáo kết quả thực hiện trước ngày 15 tháng 12 hằng năm."},
    {"bc45", "report", "45-BC/ĐUK", "", "2019-05-10",
     "Báo cáo sơ kết 3 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị trong Đảng bộ Khối", "Nguyễn Văn Thành",
     "DBK", "internal", "issued",
     "Qua 3 năm triển khai thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị và Kế hoạch số 12-KH/ĐUK của Ban "
     "Thường vụ Đảng ủy Khối, các cấp ủy đảng trong toàn Đảng bộ Khối đã triển khai nghiêm túc. Ban Thường vụ đã ban "
     "hành Quy định số 01-QĐ/ĐUK ngày 21-3-2016, Quy định số 03-QĐ/ĐUK ngày 23-10-2018 và Quy định số 05-QĐ/ĐUK "
     "ngày 9-11-2018."},
    {"nd30", "decree", "30/2020/NĐ-CP", "", "2020-03-05", "Về công tác văn thư", "Nguyễn Xuân Phúc", "DBK", "public",
     "issued", ""},
    {"sotc-kh", "plan", "", "Đảng ủy Sở Tài chính", "",
     "Kế hoạch học tập chuyên đề năm 2025 của Đảng bộ Sở Tài chính (dự thảo)", "", "SOTC", "internal", "draft",
     "Dự thảo kế hoạch: thực hiện Kế hoạch số 12-KH/ĐUK của Ban Thường vụ Đảng ủy Khối."},
    {"hd31", "guidance", "31-HD/BTCTW", "", "2025-04-23",
     "Hướng dẫn về tổ chức đảng và đảng viên khi kết thúc hoạt động các đảng bộ khối cấp tỉnh, thành lập đảng bộ các "
     "cơ quan Đảng và đảng bộ ủy ban nhân dân cấp tỉnh",
     "", "DBT", "public", "issued", ""},
    {"qd1208", "decision", "1208-QĐ/TU", "Tỉnh ủy Quảng Bình", "2025-05-28",
     "Về việc thành lập Đảng bộ các cơ quan Đảng tỉnh", "", "DBT", "public", "issued",
     "Thành lập Đảng bộ các cơ quan Đảng tỉnh trực thuộc Tỉnh ủy, gồm các tổ chức cơ sở đảng trong các cơ quan "
     "Đảng, Mặt trận Tổ quốc, các đoàn thể chính trị - xã hội, Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân "
     "dân tỉnh, kể từ ngày 01/6/2025."},
    {"qd1209", "decision", "1209-QĐ/TU", "Tỉnh ủy Quảng Bình", "2025-05-28",
     "Về việc thành lập Đảng bộ Ủy ban nhân dân tỉnh", "", "DBT", "public", "issued",
     "Thành lập Đảng bộ Ủy ban nhân dân tỉnh trực thuộc Tỉnh ủy, gồm các tổ chức cơ sở đảng trong các sở, ban, "
     "ngành, đơn vị sự nghiệp thuộc Ủy ban nhân dân tỉnh và các cơ quan ngành dọc đóng trên địa bàn, kể từ ngày "
     "01/6/2025."},
    {"qd1210", "decision", "1210-QĐ/TU", "Tỉnh ủy Quảng Bình", "2025-05-28",
     "Về việc chuyển tổ chức cơ sở đảng về trực thuộc Đảng bộ các cơ quan Đảng tỉnh", "", "DBT", "public", "issued",
     ""},
    {"qd1211", "decision", "1211-QĐ/TU", "Tỉnh ủy Quảng Bình", "2025-05-28",
     "Về việc chuyển tổ chức cơ sở đảng về trực thuộc Đảng bộ Ủy ban nhân dân tỉnh", "", "DBT", "public", "issued",
     ""},
    {"qd1212", "decision", "1212-QĐ/TU", "Tỉnh ủy Quảng Bình", "2025-05-28",
     "Về việc kết thúc hoạt động của Đảng bộ Khối các cơ quan tỉnh", "", "DBT", "public", "issued",
     "Đảng bộ Khối các cơ quan tỉnh kết thúc hoạt động kể từ ngày 01/6/2025; các tổ chức cơ sở đảng trực thuộc "
     "chuyển về Đảng bộ các cơ quan Đảng tỉnh và Đảng bộ Ủy ban nhân dân tỉnh theo Quyết định số 1210-QĐ/TU và "
     "Quyết định số 1211-QĐ/TU ngày 28/5/2025."},
    {"qd318", "decision", "318-QĐ/TW", "Bộ Chính trị", "2025-06-30",
     "Về việc thành lập Đảng bộ tỉnh Quảng Trị trên cơ sở hợp nhất Đảng bộ tỉnh Quảng Bình và Đảng bộ tỉnh Quảng Trị",
     "", "DBT", "public", "issued", ""},
};

struct RelSeed {
    const char* from;
    const char* to;
    const char* kind;
};

const RelSeed kRelations[] = {
    {"kh12", "ct05", "implements"},
    {"bc45", "kh12", "reports_on"},
    {"sotc-kh", "kh12", "implements"},
    {"qd1208", "hd31", "implements"},
    {"qd1209", "hd31", "implements"},
    {"qd1210", "hd31", "implements"},
    {"qd1211", "hd31", "implements"},
    {"qd1212", "hd31", "implements"},
};

}  // namespace

Status SeedDocuments(db::Connection& conn, const std::map<std::string, int64_t>& org_ids, const audit::Actor& actor,
                     int64_t now) {
    auto scope = auth::Scope::System();
    std::map<std::string, int64_t> ids;
    for (const auto& s : kDocs) {
        document::Input in;
        in.type_code = s.type;
        in.symbol = s.symbol;
        in.issuer_name = s.issuer;
        in.issued_on = s.issued_on;
        in.title = s.title;
        in.signer = s.signer;
        in.body = s.body;
        in.owner_org_id = org_ids.at(s.owner);
        in.visibility = s.visibility;
        in.status = s.status;
        auto d = document::Create(conn, scope, in, actor, now);
        if (!d) {
            Error e = d.take_error();
            e.message = std::string("document ") + s.key + ": " + e.message;
            for (const auto& f : e.field_errors) e.message += " [" + f.field + ": " + f.message + "]";
            return e;
        }
        ids[s.key] = d->id;
    }
    for (const auto& r : kRelations) {
        auto done = document::Relate(conn, scope, ids.at(r.from), ids.at(r.to), r.kind, actor, now);
        if (!done) return done.take_error();
    }
    return {};
}

}  // namespace dv::demo
