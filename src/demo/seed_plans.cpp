// demo plans: the bloc's 2025 plan 86-KH/ĐUK gets two tasks for every grassroots organization and the
// cells inside them (studying the year's theme by 15/6/2025; each committee's plan for putting it into
// practice by 31/7/2025), and the province committee's 2026 plan 45-KH/TU three more. What each unit
// recorded follows its place in the tree (no clock, no random source), so every run gives the same
// demo: most on time, some late, some in progress past the due date (overdue), some nothing at all.
#include "demo/seed_plans.h"

#include <algorithm>

#include "demo/province.h"
#include "document/service.h"
#include "plan/service.h"

namespace dv::demo {

namespace {

struct TaskSeed {
    const char* title;
    const char* description;
    const char* start_on;
    const char* due_on;
};

// "2025-06-15" plus `days` (within a year; enough for the demo's patterns).
std::string Plus(const std::string& iso, int days) {
    static constexpr int kMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = std::stoi(iso.substr(0, 4)), m = std::stoi(iso.substr(5, 2)), d = std::stoi(iso.substr(8, 2)) + days;
    while (d < 1) {
        if (--m < 1) m = 12, --y;
        d += kMonth[m - 1];
    }
    while (d > kMonth[m - 1]) {
        d -= kMonth[m - 1];
        if (++m > 12) m = 1, ++y;
    }
    auto two = [](int n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
    return std::to_string(y) + "-" + two(m) + "-" + two(d);
}

// Adds the tasks to `plan_id` for the grassroots under `under` and records, unit by unit, a pattern of
// ten: 0 nothing, 1 in progress, 2 done late, the rest done on time; `open_from` leaves the last tasks
// (index >= open_from) mostly in progress (they are not due yet on the demo's today).
Status SeedTasks(db::Connection& conn, int64_t plan_id, int64_t under, const std::vector<TaskSeed>& tasks,
                 size_t open_from, const audit::Actor& actor, int64_t now) {
    auto scope = auth::Scope::System();
    const std::string today = kDemoToday;
    for (size_t k = 0; k < tasks.size(); ++k) {
        plan::NewTask in;
        in.title = tasks[k].title;
        in.description = tasks[k].description;
        in.start_on = tasks[k].start_on;
        in.due_on = tasks[k].due_on;
        in.assign = "grassroots";
        in.under = under;
        auto t = plan::AddTask(conn, scope, plan_id, in, actor, now, today);
        if (!t) return Error::Internal(std::string("demo plans: task ") + tasks[k].title + ": " + t.error().message);
        auto units = plan::UnitsOf(conn, scope, t->id);
        if (!units) return units.take_error();
        std::vector<plan::TaskUnit> order = units.value();
        std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.org_id < b.org_id; });
        for (size_t i = 0; i < order.size(); ++i) {
            const auto& u = order[i];
            // The demo accounts' units: the finance committee is late on the first task and has the
            // others to do; its budget cell did everything on time.
            size_t kind = u.org_code == "SOTC" ? (k == 0 ? 2 : 0) : u.org_code == "SOTC-NS" ? 5 : (i * 3 + k) % 10;
            if (kind == 0) continue;
            plan::StatusChange c;
            c.version = u.version;
            if (kind == 1 || (k >= open_from && kind % 3 != 0)) {
                c.status = "in_progress";
                c.comment = "Đang triển khai, dự kiến hoàn thành đúng hạn.";
            } else if (kind == 2) {
                c.status = "done";
                c.done_on = Plus(tasks[k].due_on, 5 + static_cast<int>(i % 20));
                c.comment = "Đã hoàn thành, chậm so với kế hoạch do trùng lịch đại hội.";
            } else {
                c.status = "done";
                c.done_on = Plus(tasks[k].due_on, -1 - static_cast<int>((i * 7) % 25));
                c.comment = "Đã hoàn thành; báo cáo kết quả gửi kèm.";
            }
            if (c.done_on > today) c.done_on = today;
            auto done = plan::UpdateUnit(conn, scope, t->id, u.org_id, c, actor, now, today);
            if (!done) return Error::Internal("demo plans: update of " + u.org_code + ": " + done.error().message);
        }
    }
    return {};
}

}  // namespace

Status SeedBlocTasks(db::Connection& conn, int64_t bloc_id, const audit::Actor& actor, int64_t now) {
    auto plans = document::FindBySymbol(conn, auth::Scope::System(), "86-KH/ĐUK");
    if (plans.empty()) return Error::Internal("demo plans: 86-KH/ĐUK is not registered");
    return SeedTasks(
        conn, plans.front().id, bloc_id,
        {{"Tổ chức học tập, quán triệt chuyên đề năm 2025 cho toàn thể cán bộ, đảng viên",
          "Đảng bộ cơ sở tổ chức hội nghị; chi bộ học tập trong sinh hoạt chi bộ thường kỳ. Ghi nhận kết quả trên "
          "hệ thống.",
          "2025-05-05", "2025-06-15"},
         {"Xây dựng kế hoạch làm theo chuyên đề năm 2025 của cấp ủy",
          "Cấp ủy cơ sở ban hành kế hoạch làm theo, gắn với nhiệm vụ chính trị của cơ quan, đơn vị.", "2025-05-05",
          "2025-07-31"}},
        2, actor, now);
}

Status SeedProvincePlan(db::Connection& conn, int64_t province_id, const audit::Actor& actor, int64_t now) {
    auto scope = auth::Scope::System();
    document::Input in;
    in.type_code = "plan";
    in.symbol = "45-KH/TU";
    in.issued_on = "2026-01-12";
    in.title = "Kế hoạch thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị năm 2026";
    in.signer = "Đặng Quốc Hải";
    in.body =
        "1. Các tổ chức cơ sở đảng sơ kết việc thực hiện Chỉ thị số 05-CT/TW 6 tháng đầu năm, xong trước 30-6-2026.\n"
        "2. Mỗi chi bộ xây dựng và công khai chuẩn mực đạo đức của cán bộ, đảng viên, xong trước 30-9-2026.\n"
        "3. Tổng kết năm và đề xuất gương điển hình, xong trước 31-12-2026.";
    in.owner_org_id = province_id;
    in.visibility = "internal";
    in.status = "issued";
    auto plan = document::Create(conn, scope, in, actor, now);
    if (!plan) return Error::Internal("demo plans: plan 45-KH/TU: " + plan.error().message);
    auto directive = document::FindBySymbol(conn, scope, "05-CT/TW");
    if (!directive.empty()) {
        auto rel = document::Relate(conn, scope, plan->id, directive.front().id, "implements", actor, now);
        if (!rel) return rel.take_error();
    }
    return SeedTasks(conn, plan->id, province_id,
                     {{"Sơ kết 6 tháng việc thực hiện Chỉ thị số 05-CT/TW",
                       "Báo cáo sơ kết gửi Ban Thường vụ trước ngày 30-6-2026.", "2026-01-15", "2026-06-30"},
                      {"Xây dựng, công khai chuẩn mực đạo đức của cán bộ, đảng viên",
                       "Mỗi chi bộ thảo luận, thông qua và niêm yết chuẩn mực đạo đức.", "2026-01-15", "2026-09-30"},
                      {"Tổng kết năm 2026, đề xuất gương điển hình",
                       "Đề xuất tập thể, cá nhân tiêu biểu trong học tập và làm theo.", "2026-10-01", "2026-12-31"}},
                     2, actor, now);
}

}  // namespace dv::demo
