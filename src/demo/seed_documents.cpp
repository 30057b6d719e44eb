// demo documents: the register of the demo bloc — Chỉ thị 05-CT/TW and the documents that carry it
// out (the bloc's regulation, plan and report), a state decree, and a grassroots unit's own draft.
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
