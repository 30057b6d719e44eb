// demo codes of conduct and commitments: through the services, as people would have written them.
#include "demo/seed_commitments.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "auth/scope.h"
#include "commitment/service.h"
#include "conduct/service.h"
#include "core/rng.h"
#include "core/time.h"
#include "member/service.h"
#include "org/service.h"

namespace dv::demo {

namespace {

std::string Day(int year, int month, int day) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

constexpr std::array kCodeText = {
    "1. Trung thành với Đảng, Tổ quốc và Nhân dân; chấp hành nghiêm chủ trương của Đảng, pháp luật của Nhà nước.\n"
    "2. Tận tụy, trách nhiệm với công việc; đúng giờ, không làm việc riêng trong giờ làm việc.\n"
    "3. Văn minh, lịch sự trong giao tiếp với đồng nghiệp và Nhân dân; không gây phiền hà, sách nhiễu.\n"
    "4. Cần, kiệm, liêm, chính, chí công vô tư; chống lãng phí trong sử dụng tài sản công.\n"
    "5. Đoàn kết, giúp đỡ nhau; thẳng thắn phê bình và tự phê bình.",
    "1. Nêu cao tinh thần trách nhiệm, gương mẫu của người đứng đầu.\n"
    "2. Giải quyết công việc đúng hạn, công khai, minh bạch.\n"
    "3. Ứng xử chuẩn mực với Nhân dân; lắng nghe và giải thích rõ ràng.\n"
    "4. Thực hành tiết kiệm điện, nước, văn phòng phẩm.",
};
constexpr std::array kRulesText = {
    "Chương I. Quy định chung. Chương II. Trách nhiệm, quyền hạn của tập thể và cá nhân. Chương III. Chế độ làm "
    "việc, sinh hoạt. Chương IV. Quan hệ công tác. Chương V. Điều khoản thi hành.",
    "Quy định chế độ họp, sinh hoạt định kỳ; phân công nhiệm vụ của cấp ủy viên; quan hệ giữa chi bộ với thủ "
    "trưởng cơ quan và các đoàn thể.",
};
constexpr std::array kItems = {
    "Hoàn thành đúng hạn các nhiệm vụ chuyên môn được giao, không để hồ sơ quá hạn.",
    "Gương mẫu chấp hành giờ giấc, nội quy cơ quan.",
    "Thực hành tiết kiệm: tắt điện, điều hòa khi ra khỏi phòng; dùng văn bản điện tử.",
    "Tham gia đầy đủ sinh hoạt chi bộ và sinh hoạt chuyên đề.",
    "Ứng xử văn minh, tận tình hướng dẫn người dân, doanh nghiệp đến làm việc.",
    "Đọc và tìm hiểu ít nhất một tác phẩm, bài viết của Chủ tịch Hồ Chí Minh mỗi quý.",
    "Tham gia ủng hộ quỹ vì người nghèo, giúp đỡ một gia đình khó khăn ở khu dân cư.",
    "Đề xuất ít nhất một sáng kiến cải cách thủ tục hành chính trong năm.",
    "Giữ gìn đoàn kết nội bộ, thẳng thắn góp ý đồng nghiệp trên tinh thần xây dựng.",
    "Không sử dụng điện thoại vào việc riêng khi tiếp dân.",
    "Hướng dẫn, kèm cặp đồng nghiệp trẻ mới vào cơ quan.",
    "Tích cực tham gia phong trào văn hóa, thể thao của cơ quan.",
};
constexpr std::array kResults = {"done", "done", "done", "done", "partly", "partly", "not_done"};

}  // namespace

Status SeedConduct(db::Connection& conn, const std::string& today, const audit::Actor& actor, int64_t now) {
    auto scope = auth::Scope::System();
    auto units = org::List(conn, scope, today);
    if (!units.ok()) return Error::Internal("demo conduct: tree: " + units.error().message);
    Rng rng(20190505);
    for (const auto& o : units.value()) {
        auto type = org::TypeOf(conn, o.type_code);
        if (!type || type->level < 2 || !o.ended_on.empty() || rng.Percent(12)) continue;
        auto adopt = [&](const char* kind, const std::string& title, const std::string& body, int from_year,
                         int to_year) -> Status {
            std::string day = Day(static_cast<int>(rng.Between(from_year, to_year)), static_cast<int>(rng.Between(1, 12)),
                                  static_cast<int>(rng.Between(1, 28)));
            day = std::max(day, o.founded_on);
            if (day > today) return {};
            conduct::AdoptInput in;
            in.org_id = o.id;
            in.kind = kind;
            in.title = title;
            in.adopted_on = day;
            in.body = body;
            auto made = conduct::Adopt(conn, scope, in, actor, now, today);
            if (!made.ok()) return Error::Internal("demo conduct: " + o.code + ": " + made.error().message);
            if (rng.Percent(40)) {
                conduct::AdoptInput rev;
                rev.code_id = made.value().id;
                rev.adopted_on = std::max(Day(static_cast<int>(rng.Between(2025, 2026)), static_cast<int>(rng.Between(1, 11)),
                                              static_cast<int>(rng.Between(1, 28))),
                                          time::AddDaysIso(made.value().last_adopted_on, 30));
                if (rev.adopted_on > today) return {};
                rev.body = body + "\n6. Gắn thực hiện chuẩn mực với chuyên đề năm và phong trào xây dựng \"Văn hóa công sở\".";
                rev.note = "Bổ sung theo chuyên đề năm";
                auto revised = conduct::Adopt(conn, scope, rev, actor, now, today);
                if (!revised.ok()) return Error::Internal("demo conduct: revise " + o.code + ": " + revised.error().message);
            }
            return {};
        };
        DV_TRY(adopt("code_of_conduct", "Chuẩn mực đạo đức cán bộ, đảng viên", kCodeText[rng.Between(0, 1)], 2019, 2024));
        if (rng.Percent(50))
            DV_TRY(adopt("working_rules", "Quy chế làm việc nhiệm kỳ 2025–2030", kRulesText[rng.Between(0, 1)], 2025, 2025));
        if (rng.Percent(30))
            DV_TRY(adopt("house_rules", "Nội quy cơ quan", "Giờ làm việc, trang phục, tiếp khách, giữ gìn tài sản chung.", 2020, 2024));
    }
    return {};
}

Status SeedCommitments(db::Connection& conn, const std::string& today, int64_t unregistered_member,
                       const audit::Actor& actor, int64_t now) {
    auto scope = auth::Scope::System();
    std::vector<member::Member> all;
    for (int page = 1;; ++page) {
        member::Filter f;
        f.page = page;
        f.page_size = 500;
        auto members = member::List(conn, scope, f, today);
        if (!members.ok()) return Error::Internal("demo commitments: " + members.error().message);
        for (auto& m : members.value().members)
            if (member::IsActive(m.status)) all.push_back(std::move(m));
        if (members.value().members.size() < 500) break;
    }
    Rng rng(20260101);
    const int this_year = std::stoi(today.substr(0, 4));
    for (const auto& m : all) {
        for (int year : {this_year - 1, this_year}) {
            const bool current = year == this_year;
            if (rng.Percent(current ? 8 : 10)) continue;
            if (current && m.id == unregistered_member) continue;
            commitment::SaveInput in;
            in.year = year;
            in.submit = true;
            const int n = static_cast<int>(rng.Between(2, 4));
            std::vector<size_t> picked;
            while (static_cast<int>(picked.size()) < n) {
                const size_t i = static_cast<size_t>(rng.Between(0, static_cast<int64_t>(kItems.size()) - 1));
                if (std::find(picked.begin(), picked.end(), i) == picked.end()) picked.push_back(i);
            }
            for (size_t i : picked) in.items.push_back(kItems[i]);
            const std::string submitted = Day(year, static_cast<int>(rng.Between(1, 3)), static_cast<int>(rng.Between(1, 28)));
            auto c = commitment::SaveForMember(conn, scope, m.id, in, actor, now, submitted);
            if (!c.ok()) return Error::Internal("demo commitments: " + m.full_name + ": " + c.error().message);
            const int64_t id = c.value().id;
            // The secretary's answer, a week or two later.
            const std::string answered = time::AddDaysIso(submitted, rng.Between(5, 20));
            if (current && rng.Percent(4)) continue;  // still waiting
            if (current && rng.Percent(3)) {
                DV_TRY(commitment::Decide(conn, scope, id, "return", "Đề nghị ghi cụ thể hơn, có thời hạn thực hiện.",
                                          std::nullopt, actor, now, answered));
                continue;
            }
            DV_TRY(commitment::Decide(conn, scope, id, "approve", "", std::nullopt, actor, now, answered));
            // The self-assessment, from assessment's opening.
            if (current && rng.Percent(45)) continue;
            const auto dates = commitment::DatesOf(conn, year);
            const std::string assessed = std::min(time::AddDaysIso(dates.assess_from, rng.Between(0, 14)), today);
            commitment::AssessInput a;
            a.submit = true;
            for (size_t i = 0; i < picked.size(); ++i)
                a.lines.push_back({kResults[rng.Between(0, static_cast<int64_t>(kResults.size()) - 1)], ""});
            auto done = commitment::AssessForMember(conn, scope, m.id, id, a, actor, now, assessed);
            if (!done.ok()) return Error::Internal("demo commitments: assess " + m.full_name + ": " + done.error().message);
            if (current && rng.Percent(50)) continue;
            const std::string reviewed = std::min(time::AddDaysIso(assessed, rng.Between(3, 20)), today);
            DV_TRY(commitment::Decide(conn, scope, id, "accept", "Thực hiện tốt các nội dung đã đăng ký.", std::nullopt,
                                      actor, now, reviewed));
        }
    }
    return {};
}

}  // namespace dv::demo
