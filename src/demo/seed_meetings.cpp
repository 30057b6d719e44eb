// demo meetings: themes, a year and more of cell meetings with gaps, planned ones ahead.
#include "demo/seed_meetings.h"

#include <cstdio>

#include "core/rng.h"
#include "core/time.h"
#include "meeting/service.h"
#include "org/service.h"

namespace dv::demo {

namespace {

std::string Day(int year, int month, int day) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

bool IsCell(const std::string& type) { return type == "grassroots_cell" || type == "attached_cell"; }

const char* const kTopics[] = {
    "Kiểm điểm việc thực hiện nhiệm vụ tháng, triển khai nhiệm vụ tháng tới",
    "Đánh giá kết quả công tác chuyên môn và công tác đảng tháng",
    "Thông tin thời sự; phân công đảng viên thực hiện nhiệm vụ",
};
const char* const kThemeTopics[] = {
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về trách nhiệm nêu gương",
    "Xây dựng phong cách làm việc khoa học, tận tụy, vì nhân dân phục vụ",
    "Nêu gương của cán bộ, đảng viên trong thực hiện chuẩn mực đạo đức công vụ",
};
const char* const kReasons[] = {"Đi công tác", "Ốm", "Nghỉ phép", "Đi học tập trung"};

}  // namespace

Status SeedMeetings(db::Connection& conn, int64_t province_id, const std::string& today, const audit::Actor& actor,
                    int64_t now) {
    auto scope = auth::Scope::System();
    const struct {
        int year;
        const char* title;
        const char* description;
    } themes[] = {
        {2025, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về đoàn kết, xây dựng Đảng trong sạch, vững mạnh",
         "Mỗi chi bộ sinh hoạt chuyên đề ít nhất mỗi quý; mỗi đảng viên đăng ký ít nhất một việc làm theo gắn với chuyên đề."},
        {2026, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về trách nhiệm nêu gương của cán bộ, đảng viên",
         "Gắn chuyên đề với việc thực hiện chuẩn mực đạo đức của từng cơ quan, đơn vị."},
    };
    for (const auto& t : themes) {
        meeting::ThemeInput in;
        in.owner_org_id = province_id;
        in.year = t.year;
        in.title = t.title;
        in.description = t.description;
        auto made = meeting::CreateTheme(conn, scope, in, actor, now);
        if (!made.ok()) return Error::Internal("demo meetings: theme: " + made.error().message);
    }
    Rng rng(20250101);
    const int last_year = std::stoi(today.substr(0, 4)), last_month = std::stoi(today.substr(5, 2));
    for (int year = 2025; year <= last_year; ++year)
        for (int month = 1; month <= 12 && (year < last_year || month <= last_month); ++month) {
            const std::string first = Day(year, month, 1);
            auto tree = org::List(conn, scope, first);
            if (!tree.ok()) return Error::Internal("demo meetings: tree: " + tree.error().message);
            for (const auto& o : tree.value()) {
                if (!IsCell(o.type_code) || (!o.ended_on.empty() && o.ended_on <= Day(year, month, 28))) continue;
                const bool skip = rng.Percent(7);
                const bool thematic_month = month % 3 == 2;
                const bool thematic = thematic_month && rng.Percent(85);
                const bool combined = thematic && rng.Percent(40);
                auto hold = [&](const std::string& kind, int day, const char* topic) -> Status {
                    const std::string held_on = Day(year, month, day);
                    if (held_on > today || held_on < o.founded_on) return {};
                    auto invited = meeting::Invitees(conn, scope, o.id, held_on);
                    if (!invited.ok() || invited.value().empty()) return {};
                    meeting::MeetingInput in;
                    in.org_id = o.id;
                    in.kind = kind;
                    in.held_on = held_on;
                    in.starts_at = rng.Percent(50) ? "14:00" : "16:00";
                    in.place = "Phòng họp cơ quan";
                    in.topic = topic;
                    const auto& people = invited.value();
                    const int away = static_cast<int>(rng.Between(0, 3));
                    for (int i = 0; i < away && i < static_cast<int>(people.size()) - 1; ++i) {
                        const auto& who = people[static_cast<size_t>(rng.Between(0, static_cast<int64_t>(people.size()) - 1))];
                        bool listed = false;
                        for (const auto& a : in.attendance) listed = listed || a.member_id == who.member_id;
                        if (listed) continue;
                        if (rng.Percent(70))
                            in.attendance.push_back({who.member_id, "excused", kReasons[rng.Between(0, 3)]});
                        else
                            in.attendance.push_back({who.member_id, "absent", ""});
                    }
                    auto made = meeting::CreateMeeting(conn, scope, in, actor, now, today);
                    if (!made.ok()) return Error::Internal("demo meetings: " + o.code + " " + held_on + ": " + made.error().message);
                    return {};
                };
                const int day = static_cast<int>(rng.Between(3, 12));
                if (!skip) DV_TRY(hold(combined ? "regular_thematic" : "regular", day,
                                       combined ? kThemeTopics[rng.Between(0, 2)] : kTopics[rng.Between(0, 2)]));
                if (thematic && !combined) DV_TRY(hold("thematic", day + 10, kThemeTopics[rng.Between(0, 2)]));
            }
        }
    // The next meeting of every cell standing today: planned, its members invited.
    auto cells = org::List(conn, scope, today);
    if (!cells.ok()) return Error::Internal("demo meetings: tree: " + cells.error().message);
    for (const auto& o : cells.value()) {
        if (!IsCell(o.type_code)) continue;
        meeting::MeetingInput in;
        in.org_id = o.id;
        in.kind = "regular";
        in.held_on = time::AddDaysIso(today, rng.Between(7, 12));
        in.starts_at = "14:00";
        in.place = "Phòng họp cơ quan";
        in.topic = "Sinh hoạt chi bộ thường kỳ tháng " + std::to_string(std::stoi(in.held_on.substr(5, 2)));
        auto made = meeting::CreateMeeting(conn, scope, in, actor, now, today);
        if (!made.ok()) return Error::Internal("demo meetings: planned " + o.code + ": " + made.error().message);
    }
    return {};
}

}  // namespace dv::demo
