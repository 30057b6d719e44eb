// demo reports: the province committee's report template on putting Chỉ thị 05-CT/TW into practice, and
// three rounds for its grassroots organizations and the cells inside them: 6 months of 2025, the year
// 2025 (both closed) and the year 2026 (open on the demo's today). What each unit did follows its place
// in the tree (no clock, no random source): on time, late, returned and sent again, returned and not yet
// fixed, a draft never sent, nothing at all. The figures each unit reports are its own members on the
// period's last day (so the rules hold) and shares of them.
#include "demo/seed_reports.h"

#include <algorithm>

#include "demo/province.h"
#include "report/service.h"
#include "rollup/rollup.h"

namespace dv::demo {

namespace {

const char* kForm = R"json({
  "sections": [
    {"title": "I. Học tập, quán triệt chuyên đề", "fields": [
      {"key": "members_total", "label": "Tổng số đảng viên của đơn vị", "type": "int", "required": true, "min": 0, "max_members": true},
      {"key": "members_studied", "label": "Số đảng viên tham gia học tập chuyên đề", "type": "int", "required": true, "min": 0, "max_members": true},
      {"key": "members_absent", "label": "Số đảng viên vắng (có lý do)", "type": "int", "required": true, "min": 0},
      {"key": "pct_studied", "label": "Tỷ lệ đảng viên tham gia học tập", "type": "percent", "num": "members_studied", "den": "members_total"}
    ]},
    {"title": "II. Làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "fields": [
      {"key": "has_plan", "label": "Cấp ủy đã ban hành kế hoạch làm theo", "type": "bool", "required": true},
      {"key": "commitments", "label": "Số đảng viên đăng ký cam kết làm theo", "type": "int", "required": true, "min": 0, "max_members": true},
      {"key": "pct_committed", "label": "Tỷ lệ đảng viên đăng ký cam kết", "type": "percent", "num": "commitments", "den": "members_total"},
      {"key": "models", "label": "Mô hình, điển hình học tập và làm theo", "type": "table", "max_rows": 20, "columns": [
        {"key": "name", "label": "Tên mô hình, điển hình", "type": "text"},
        {"key": "people", "label": "Số người tham gia", "type": "int"}
      ]}
    ]},
    {"title": "III. Đánh giá chung", "fields": [
      {"key": "results", "label": "Kết quả nổi bật", "type": "text", "required": true},
      {"key": "limits", "label": "Hạn chế, nguyên nhân", "type": "text"},
      {"key": "proposals", "label": "Đề xuất, kiến nghị", "type": "text"}
    ]}
  ],
  "sums": [{"total": "members_total", "parts": ["members_studied", "members_absent"]}]
})json";

struct RoundSeed {
    const char* title;
    const char* kind;
    const char* from;
    const char* to;
    const char* opens;
    const char* due;
    const char* on_time_day;   // when the punctual submit
    const char* late_day;      // when the late ones submit
    const char* review_day;    // when the level above reviews
    const char* resubmit_day;  // when the returned ones submit again
    bool closed;               // every review done (the past rounds)
};

// The values a unit reports: its members on the period's last day and shares of them.
boost::json::object ValuesFor(int64_t members, size_t i, bool with_models) {
    const int64_t studied = members - static_cast<int64_t>((i * 7) % 3 == 0 ? members / 10 : members / 20);
    boost::json::object v{{"members_total", std::to_string(members)},
                          {"members_studied", std::to_string(studied)},
                          {"members_absent", std::to_string(members - studied)},
                          {"has_plan", i % 6 == 5 ? "0" : "1"},
                          {"commitments", std::to_string(std::max<int64_t>(0, members - static_cast<int64_t>(i % 4)))},
                          {"results",
                           "Tổ chức học tập chuyên đề đầy đủ; đảng viên viết thu hoạch và đăng ký làm theo gắn với "
                           "nhiệm vụ chuyên môn của cơ quan."},
                          {"limits", i % 3 == 0 ? "Một số đảng viên lớn tuổi chưa tham gia đầy đủ do sức khỏe." : ""},
                          {"proposals", i % 4 == 0 ? "Đề nghị cấp trên cung cấp thêm tài liệu sinh hoạt chuyên đề." : ""}};
    if (members > 0 && studied < 0) v["members_studied"] = "0";
    boost::json::array models;
    if (with_models) {
        models.push_back({{"name", "Mỗi tuần một việc tốt vì dân"}, {"people", std::to_string(std::max<int64_t>(1, members / 2))}});
        if (i % 2 == 0) models.push_back({{"name", "Cán bộ, đảng viên nói không với phong bì"}, {"people", std::to_string(members)}});
    }
    v["models"] = std::move(models);
    return v;
}

Status SeedRound(db::Connection& conn, int64_t template_id, int64_t province_id, const RoundSeed& s,
                 const audit::Actor& actor, int64_t now) {
    auto scope = auth::Scope::System();
    report::RoundInput in;
    in.template_id = template_id;
    in.title = s.title;
    in.period_kind = s.kind;
    in.period_from = s.from;
    in.period_to = s.to;
    in.opens_on = s.opens;
    in.due_on = s.due;
    in.assign = "grassroots";
    in.under = province_id;
    auto round = report::OpenRound(conn, scope, in, actor, now, s.opens);
    if (!round) return Error::Internal(std::string("demo reports: round ") + s.title + ": " + round.error().message);
    auto rows = report::Reports(conn, scope, round.value(), province_id, "", 1, 100000);
    if (!rows) return rows.take_error();
    auto order = rows.value().reports;
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.org_id < b.org_id; });
    for (size_t i = 0; i < order.size(); ++i) {
        const auto& u = order[i];
        // 0 nothing, 1 a draft never sent, 2 late, 3 returned and sent again, 4 returned not yet fixed (the
        // open round: awaiting review), the rest on time. The demo accounts' units: the finance committee
        // was returned in the closed rounds and fixed it; it has this year's to fill; its budget cell is on time.
        size_t kind = (i * 3 + 1) % 10;
        if (u.org_code == "SOTC") kind = s.closed ? 3 : 1;
        if (u.org_code == "SOTC-NS") kind = 5;
        if (kind == 0) continue;
        const int64_t members = rollup::Figure(conn, u.org_id, "members", s.to);
        auto values = ValuesFor(members, i, kind % 2 == 1);
        auto rec = report::ReportOf(conn, scope, round->id, u.org_id, s.opens);
        if (!rec) return rec.take_error();
        if (kind == 1) {
            auto saved = report::SaveDraft(conn, scope, round->id, u.org_id, values, rec->report.version, actor, now, s.opens);
            if (!saved) return Error::Internal("demo reports: draft of " + u.org_code + ": " + saved.error().message);
            continue;
        }
        const std::string day = kind == 2 ? s.late_day : s.on_time_day;
        if (std::string(day) > kDemoToday) continue;
        auto sent = report::Submit(conn, scope, round->id, u.org_id, values, rec->report.version, actor, now, day);
        if (!sent) return Error::Internal("demo reports: submit of " + u.org_code + ": " + sent.error().message);
        if (std::string(s.review_day) > kDemoToday) continue;
        if (kind == 3 || kind == 4) {
            auto back = report::Return(conn, scope, round->id, u.org_id,
                                       "Số đảng viên tham gia học tập chưa khớp với danh sách ký nhận; đề nghị rà soát "
                                       "và bổ sung mô hình làm theo.",
                                       sent->version, actor, now, s.review_day);
            if (!back) return Error::Internal("demo reports: return of " + u.org_code + ": " + back.error().message);
            if (kind == 4 || std::string(s.resubmit_day) > kDemoToday) continue;
            values["models"] = boost::json::array{{{"name", "Chi bộ kiểu mẫu, đảng viên gương mẫu"}, {"people", std::to_string(members)}}};
            auto again = report::Submit(conn, scope, round->id, u.org_id, values, back->version, actor, now, s.resubmit_day);
            if (!again) return Error::Internal("demo reports: resubmit of " + u.org_code + ": " + again.error().message);
            if (!s.closed) continue;
            auto ok = report::Accept(conn, scope, round->id, u.org_id, again->version, actor, now, s.resubmit_day);
            if (!ok) return Error::Internal("demo reports: accept of " + u.org_code + ": " + ok.error().message);
            continue;
        }
        if (!s.closed && i % 2 == 0) continue;  // this year's: half still awaiting review
        auto ok = report::Accept(conn, scope, round->id, u.org_id, sent->version, actor, now, s.review_day);
        if (!ok) return Error::Internal("demo reports: accept of " + u.org_code + ": " + ok.error().message);
    }
    return {};
}

}  // namespace

Status SeedReports(db::Connection& conn, int64_t province_id, const audit::Actor& actor, int64_t now) {
    auto scope = auth::Scope::System();
    report::TemplateInput in;
    in.name = "Báo cáo kết quả thực hiện Chỉ thị 05-CT/TW";
    in.owner_org_id = province_id;
    in.form = boost::json::parse(kForm);
    auto t = report::CreateTemplate(conn, scope, in, actor, now);
    if (!t) return Error::Internal("demo reports: template: " + t.error().message);
    const RoundSeed rounds[] = {
        {"Báo cáo 6 tháng đầu năm 2025 thực hiện Chỉ thị 05-CT/TW", "half", "2025-01-01", "2025-06-30", "2025-06-20",
         "2025-07-15", "2025-07-10", "2025-07-28", "2025-07-20", "2025-08-05", true},
        {"Báo cáo năm 2025 thực hiện Chỉ thị 05-CT/TW", "year", "2025-01-01", "2025-12-31", "2025-12-01", "2025-12-20",
         "2025-12-15", "2026-01-06", "2025-12-22", "2026-01-10", true},
        {"Báo cáo năm 2026 thực hiện Chỉ thị 05-CT/TW", "year", "2026-01-01", "2026-12-31", "2026-11-16", "2026-12-15",
         "2026-11-25", "2026-11-30", "2026-11-27", "2026-11-30", false},
    };
    for (const auto& r : rounds) DV_TRY(SeedRound(conn, t->id, province_id, r, actor, now));
    return {};
}

}  // namespace dv::demo
