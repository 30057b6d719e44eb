// demo distribution: the bloc's study plan for 2025 under Chỉ thị 05-CT/TW (Kế hoạch 86-KH/ĐUK), sent
// on 5/5/2025 to every grassroots organization and the cells inside them, to be studied by 15/6/2025,
// and what each unit recorded by the end of June 2025: most studied it on time (committees in a
// conference, cells in their cell meeting), some late, some only acknowledged receipt, some nothing.
// Written while the bloc still stands (seed.cpp): its units moved to the two new committees on
// 1/6/2025 and recorded the rest of their study there.
// Deterministic: the pattern follows the units' order in the tree, not a clock or a random source.
#include "demo/seed_distribution.h"

#include <algorithm>

#include "demo/province.h"
#include "document/distribution.h"
#include "document/service.h"
#include "org/service.h"

namespace dv::demo {

namespace {

constexpr const char* kSentOn = "2025-05-05";
constexpr const char* kDeadline = "2025-06-15";

// A day `n` days after 2025-05-05 (all within May and June 2025).
std::string DayAfterSending(int n) {
    int day = 5 + n;  // May has 31 days
    if (day <= 31) return "2025-05-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
    day -= 31;
    return "2025-06-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
}

}  // namespace

Status SeedDistribution(db::Connection& conn, int64_t bloc_id, const audit::Actor& actor, int64_t now) {
    namespace dist = document::distribution;
    auto scope = auth::Scope::System();
    const std::string today = kDemoToday;

    document::Input in;
    in.type_code = "plan";
    in.symbol = "86-KH/ĐUK";
    in.issued_on = "2025-05-02";
    in.title =
        "Kế hoạch học tập, quán triệt chuyên đề năm 2025 \"Học tập và làm theo tư tưởng, đạo đức, phong cách "
        "Hồ Chí Minh về xây dựng Đảng và hệ thống chính trị trong sạch, vững mạnh\"";
    in.signer = "Nguyễn Văn Thành";
    in.body =
        "Thực hiện Chỉ thị số 05-CT/TW ngày 15-5-2016 của Bộ Chính trị, Ban Thường vụ Đảng ủy Khối ban hành kế hoạch "
        "học tập, quán triệt chuyên đề năm 2025.\n1. Các tổ chức cơ sở đảng tổ chức học tập, quán triệt chuyên đề "
        "cho 100% cán bộ, đảng viên, xong trước ngày 15-6-2025.\n2. Đảng bộ cơ sở tổ chức hội nghị; chi bộ cơ sở và "
        "chi bộ trực thuộc học tập trong sinh hoạt chi bộ.\n3. Sau khi học tập, đơn vị ghi nhận trên hệ thống ngày "
        "học tập, hình thức và số đảng viên dự.";
    in.owner_org_id = bloc_id;
    in.visibility = "internal";
    in.status = "issued";
    auto plan = document::Create(conn, scope, in, actor, now);
    if (!plan) return Error::Internal("demo distribution: plan 86-KH/ĐUK: " + plan.error().message);
    auto directive = document::FindBySymbol(conn, scope, "05-CT/TW");
    if (!directive.empty()) {
        auto rel = document::Relate(conn, scope, plan->id, directive.front().id, "implements", actor, now);
        if (!rel) return rel.take_error();
    }

    dist::SendInput send;
    send.mode = "subtree";
    send.root_id = bloc_id;
    send.reach = "all";
    send.sent_on = kSentOn;
    send.deadline = kDeadline;
    send.note = "Báo cáo kết quả học tập trên hệ thống trước ngày 20-6-2025.";
    auto sent = dist::Send(conn, scope, plan->id, send, actor, now, today);
    if (!sent) return Error::Internal("demo distribution: send: " + sent.error().message);

    // The recipients in tree order, so the pattern below reads the same on every run.
    std::vector<int64_t> order;
    for (const auto& o : org::ListWhere(conn, scope, auth::Permission::kRead))
        if (std::find(sent->added.begin(), sent->added.end(), o.id) != sent->added.end()) order.push_back(o.id);
    for (size_t i = 0; i < order.size(); ++i) {
        auto o = org::Find(conn, scope, auth::Permission::kRead, order[i]);
        bool committee = !org::ActiveChildren(conn, o->id).empty();
        dist::RecordInput r;
        // The demo accounts' own units: the finance department's committee has only acknowledged
        // receipt (its secretary has something to record), the member's cell studied on time.
        int kind = o->code == "SOTC" ? 1 : o->code == "SOTC-NS" ? 3 : static_cast<int>(i % 10);
        if (kind == 0) continue;                          // nothing recorded: late by the deadline
        int offset = 3 + static_cast<int>((i * 7) % 36);  // 8/5 … 12/6: on time
        if (kind == 1) {
            r.received_on = DayAfterSending(1 + static_cast<int>(i % 4));
        } else {
            r.studied_on = kind == 2 ? DayAfterSending(43 + static_cast<int>(i % 12))  // 17/6 … 28/6: late
                                     : DayAfterSending(offset);
            r.received_on = DayAfterSending(1 + static_cast<int>(i % 3));
            r.study_form = committee ? "conference" : (i % 13 == 5 ? "self_study" : "cell_meeting");
            int64_t members = dist::MembersOn(conn, o->id, r.studied_on);
            int64_t absent = static_cast<int64_t>(i % 3) + (committee ? 2 : 0);
            r.attendees = std::max<int64_t>(0, members - absent);
            r.meeting_ref = committee ? "Hội nghị học tập chuyên đề năm 2025 của " + o->name
                                      : "Sinh hoạt chi bộ thường kỳ tháng " + r.studied_on.substr(5, 2) + "/2025";
        }
        auto done = dist::Record(conn, scope, plan->id, o->id, r, actor, now, today);
        if (!done) {
            std::string what = "demo distribution: record for " + o->code + ": " + done.error().message;
            for (const auto& f : done.error().field_errors) what += " [" + f.field + ": " + f.code + "]";
            return Error::Internal(what);
        }
    }
    return {};
}

}  // namespace dv::demo
