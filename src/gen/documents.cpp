// gen documents: the tables and the fixed-seed composer of synthetic party documents, and their write.
// Topics, sentences and signers are plausible and invented; the higher documents cited in openings are
// real party documents (number, date, issuing body).
#include "gen/documents.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>

#include "core/rng.h"
#include "document/model.h"
#include "document/search.h"
#include "gen/store.h"

namespace dv::gen {

namespace {

constexpr size_t kChunk = 2000;  // documents per transaction

struct DocType {
    const char* code;
    const char* name;
    const char* abbreviation;
    int weight;
};
constexpr DocType kTypes[] = {
    {"plan", "Kế hoạch", "KH", 22},        {"report", "Báo cáo", "BC", 22},     {"notice", "Thông báo", "TB", 8},
    {"letter", "Công văn", "CV", 8},       {"decision", "Quyết định", "QĐ", 7}, {"resolution", "Nghị quyết", "NQ", 6},
    {"directive", "Chỉ thị", "CT", 6},     {"guidance", "Hướng dẫn", "HD", 5},  {"regulation", "Quy định", "QĐ", 4},
    {"program", "Chương trình", "CTr", 3}, {"conclusion", "Kết luận", "KL", 2},
};

struct IssuerRow {
    const char* code;
    const char* name;
    int weight;
};
// Codes and names as in document_issuers (migration 0006).
constexpr IssuerRow kIssuers[] = {
    {"ĐUK", "Đảng ủy Khối các cơ quan tỉnh", 30},
    {"ĐU", "Đảng ủy cơ sở", 25},
    {"CB", "Chi bộ", 15},
    {"TU", "Tỉnh ủy", 8},
    {"UBKTĐUK", "Ủy ban Kiểm tra Đảng ủy Khối", 6},
    {"TW", "Ban Chấp hành Trung ương Đảng", 5},
    {"BTCTU", "Ban Tổ chức Tỉnh ủy", 4},
    {"BTGTU", "Ban Tuyên giáo Tỉnh ủy", 4},
    {"UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy", 3},
};

// Higher documents that openings cite: type, number, date, issuing body.
struct Cited {
    const char* type;
    const char* symbol;
    const char* date;
    const char* body;
};
constexpr Cited kCited[] = {
    {"Chỉ thị", "05-CT/TW", "15/5/2016", "Bộ Chính trị"},
    {"Nghị quyết", "21-NQ/TW", "16/6/2022", "Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII"},
    {"Quy định", "08-QĐi/TW", "25/10/2018", "Ban Chấp hành Trung ương"},
    {"Quy định", "144-QĐ/TW", "09/5/2024", "Bộ Chính trị"},
    {"Kết luận", "21-KL/TW", "25/10/2021", "Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XIII"},
    {"Nghị quyết", "35-NQ/TW", "22/10/2018", "Bộ Chính trị"},
    {"Quy định", "22-QĐ/TW", "28/7/2021", "Ban Chấp hành Trung ương"},
    {"Chỉ thị", "28-CT/TW", "21/9/2013", "Ban Bí thư"},
    {"Quy định", "69-QĐ/TW", "06/7/2022", "Bộ Chính trị"},
};

// Ordered from the most to the least frequent: Skewed() draws early entries more often, as in real text.
constexpr const char* kTopics[] = {
    "công tác kiểm tra, giám sát của Đảng",
    "nâng cao chất lượng sinh hoạt chi bộ",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "công tác phát triển đảng viên",
    "kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
    "trách nhiệm nêu gương của cán bộ, đảng viên",
    "công tác tuyên truyền, giáo dục chính trị tư tưởng",
    "xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh",
    "phòng, chống tham nhũng, tiêu cực",
    "thực hành tiết kiệm, chống lãng phí",
    "công tác bảo vệ chính trị nội bộ",
    "quản lý, thu, nộp và sử dụng đảng phí",
    "nghiên cứu, học tập, quán triệt các nghị quyết của Đảng",
    "chuyển đổi số trong các cơ quan đảng",
    "công tác dân vận của hệ thống chính trị",
    "phong trào thi đua yêu nước",
    "công tác quy hoạch cán bộ lãnh đạo, quản lý",
    "thi hành kỷ luật đảng viên vi phạm",
    "bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch",
    "tổ chức đại hội chi bộ, đảng bộ cơ sở",
    "sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả",
    "cải cách hành chính",
    "công tác văn thư, lưu trữ",
    "bồi dưỡng lý luận chính trị cho đảng viên mới",
    "đổi mới phương thức lãnh đạo của Đảng",
    "nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức cơ sở đảng",
    "ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống",
    "thực hiện quy chế dân chủ ở cơ sở",
    "đào tạo, bồi dưỡng cán bộ trẻ",
    "kiểm soát tài sản, thu nhập",
    "công tác thông tin đối ngoại",
    "giải quyết khiếu nại, tố cáo",
    "công tác tiếp công dân",
    "xây dựng cơ quan văn hóa",
    "công tác khen thưởng",
    "luân chuyển, điều động cán bộ",
    "lấy phiếu tín nhiệm",
    "bảo đảm an ninh mạng",
    "ứng dụng công nghệ thông tin",
    "quản lý đảng viên đi làm ăn xa",
    "công tác nữ công và bình đẳng giới",
    "công tác thanh niên",
    "hoạt động công đoàn",
    "công tác hội cựu chiến binh",
    "kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam",
    "bầu cử đại biểu Quốc hội và Hội đồng nhân dân các cấp",
    "công tác quốc phòng, quân sự địa phương",
    "phòng cháy, chữa cháy",
    "công tác an toàn, vệ sinh lao động",
    "phòng, chống dịch bệnh",
    "xây dựng nông thôn mới",
    "công tác bảo vệ môi trường",
    "công tác chính sách đối với người có công",
    "chế độ báo cáo định kỳ",
};

constexpr const char* kSubjects[] = {
    "Các cấp ủy, tổ chức đảng",
    "Các chi bộ trực thuộc",
    "Ban Thường vụ",
    "Ủy ban Kiểm tra",
    "Văn phòng Đảng ủy",
    "Cán bộ, đảng viên",
    "Đồng chí bí thư chi bộ",
    "Người đứng đầu cấp ủy",
    "Thủ trưởng các cơ quan, đơn vị",
    "Các đoàn thể chính trị - xã hội",
    "Ban Tuyên giáo",
    "Ban Tổ chức",
};
constexpr const char* kVerbs[] = {
    "tập trung lãnh đạo, chỉ đạo",
    "quán triệt và triển khai",
    "tăng cường",
    "nâng cao",
    "thực hiện nghiêm",
    "kiểm tra, đôn đốc",
    "đẩy mạnh",
    "chủ động phối hợp thực hiện",
    "rà soát, bổ sung",
    "theo dõi, đánh giá",
    "cụ thể hóa",
    "đổi mới",
    "xây dựng kế hoạch thực hiện",
    "tổ chức sơ kết",
};
constexpr const char* kObjects[] = {
    "chất lượng sinh hoạt chi bộ",
    "vai trò tiên phong, gương mẫu của đảng viên",
    "hiệu quả công tác",
    "nhận thức và trách nhiệm của cán bộ, đảng viên",
    "nội dung, phương thức lãnh đạo",
    "công tác quản lý đảng viên",
    "chất lượng đội ngũ cán bộ",
    "kỷ luật, kỷ cương hành chính",
    "các chỉ tiêu, nhiệm vụ được giao",
    "tinh thần đoàn kết nội bộ",
    "việc thực hiện nhiệm vụ chính trị",
    "công tác phối hợp giữa các đơn vị",
};
constexpr const char* kAdjuncts[] = {
    "",
    "",
    "theo đúng quy định",
    "bảo đảm thiết thực, hiệu quả",
    "phù hợp với tình hình thực tế của cơ quan, đơn vị",
    "gắn với việc thực hiện nhiệm vụ chính trị của cơ quan, đơn vị",
    "một cách thường xuyên, liên tục",
    "ngay từ đầu năm",
    "có trọng tâm, trọng điểm",
};
constexpr const char* kShortcomings[] = {
    "việc sinh hoạt chuyên đề ở một số chi bộ chưa thường xuyên",
    "công tác tuyên truyền có lúc chưa kịp thời",
    "chất lượng báo cáo ở một số đơn vị chưa cao",
    "một số đảng viên chưa thực sự gương mẫu",
    "việc phối hợp giữa các đơn vị có lúc chưa chặt chẽ",
    "công tác tự kiểm tra của một số chi bộ còn hình thức",
};
constexpr const char* kFamily[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"};
constexpr const char* kMiddle[] = {"Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Xuân"};
constexpr const char* kGiven[] = {"An",  "Bình", "Cường",  "Dũng", "Đức", "Hà",   "Hải",   "Hùng",  "Lan",
                                  "Mai", "Nam",  "Phương", "Sơn",  "Tâm", "Thảo", "Thắng", "Trung", "Vinh"};

template <typename T, size_t N>
const T& Of(Rng& rng, const T (&items)[N]) {
    return items[static_cast<size_t>(rng.Between(0, N - 1))];
}

// Early entries more often: index = n·u^1.7 for u uniform in [0, 1).
template <typename T, size_t N>
const T& Skewed(Rng& rng, const T (&items)[N]) {
    double u = static_cast<double>(rng.Next() >> 11) / static_cast<double>(1ULL << 53);
    return items[std::min(N - 1, static_cast<size_t>(static_cast<double>(N) * std::pow(u, 1.7)))];
}

template <typename T, size_t N>
const T& Weighted(Rng& rng, const T (&items)[N]) {
    int total = 0;
    for (const auto& i : items) total += i.weight;
    auto r = rng.Between(0, total - 1);
    for (const auto& i : items) {
        if (r < i.weight) return i;
        r -= i.weight;
    }
    return items[N - 1];
}

std::string Period(Rng& rng, int year) {
    switch (rng.Between(0, 4)) {
        case 0:
            return "năm " + std::to_string(year);
        case 1:
            return "6 tháng đầu năm " + std::to_string(year);
        case 2:
            return "quý " + std::string(Of(rng, {"I", "II", "III", "IV"})) + " năm " + std::to_string(year);
        case 3:
            return "nhiệm kỳ 2020 - 2025";
        default:
            return "giai đoạn 2021 - 2025";
    }
}

std::string Capitalized(std::string s) {
    // Every sentence starts with a table entry or with "Đ"/ASCII: only ASCII letters need raising.
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string Sentence(Rng& rng, const char* topic) {
    std::string s;
    switch (rng.Between(0, 5)) {
        case 0:
        case 1:
            s = std::string(Of(rng, kSubjects)) + " " + Skewed(rng, kVerbs) + " " + Skewed(rng, kObjects);
            if (std::string adj = Of(rng, kAdjuncts); !adj.empty()) s += " " + adj;
            return s + ".";
        case 2:
            return std::string(Of(rng, kSubjects)) + " " + Skewed(rng, kVerbs) + " " +
                   (rng.Percent(60) ? topic : Skewed(rng, kTopics)) + ", gắn với " + Skewed(rng, kObjects) + ".";
        case 3:
            return "Đến nay, " + std::to_string(rng.Between(3, 120)) + " chi bộ đã tổ chức quán triệt, đạt " +
                   std::to_string(rng.Between(70, 100)) + "% kế hoạch đề ra.";
        case 4:
            return "Tuy nhiên, " + std::string(Of(rng, kShortcomings)) + "; cần " + Skewed(rng, kVerbs) + " " +
                   Skewed(rng, kObjects) + " trong thời gian tới.";
        default:
            return "Qua kiểm tra, giám sát đã phát hiện " + std::to_string(rng.Between(0, 9)) +
                   " trường hợp vi phạm về " + Skewed(rng, kTopics) + ", đã xem xét, xử lý kịp thời.";
    }
}

struct Composed {
    store::DocumentRow row;
    int64_t words = 0;
};

Composed Compose(Rng& rng, int64_t id, const std::vector<int64_t>& orgs) {
    Composed c;
    auto& d = c.row;
    const DocType& type = Weighted(rng, kTypes);
    const IssuerRow& issuer = Weighted(rng, kIssuers);
    const char* topic = Skewed(rng, kTopics);
    const Cited& cited = Of(rng, kCited);
    const int year = static_cast<int>(rng.Between(2016, 2025));
    const bool draft = rng.Percent(3);
    d.id = id;
    d.type_code = type.code;
    d.type_name = type.name;
    d.issuer_code = issuer.code;
    d.issuer_name = issuer.name;
    d.owner_org_id = orgs[static_cast<size_t>(rng.Between(0, static_cast<int64_t>(orgs.size()) - 1))];
    d.visibility = rng.Percent(30) ? "public" : "internal";
    d.status = draft ? "draft" : "issued";
    d.number = std::to_string(rng.Between(1, 350));
    if (!draft) {
        d.symbol = d.number + "-" + type.abbreviation + "/" + issuer.code;
        char date[11];
        std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, static_cast<int>(rng.Between(1, 12)),
                      static_cast<int>(rng.Between(1, 28)));
        d.issued_on = date;
    } else {
        d.number.clear();
    }
    d.signer = std::string(Of(rng, kFamily)) + " " + Of(rng, kMiddle) + " " + Of(rng, kGiven);

    const std::string period = Period(rng, year);
    const std::string code = type.code;
    if (code == "report") {
        d.title = std::string(Of(rng, {"Kết quả thực hiện", "Sơ kết", "Tổng kết", "Báo cáo kết quả"})) + " " + topic +
                  " " + period;
    } else if (code == "plan" || code == "program") {
        d.title =
            rng.Percent(40)
                ? std::string("Thực hiện ") + cited.type + " số " + cited.symbol + " của " + cited.body
                : std::string(Of(rng, {"Thực hiện", "Triển khai", "Tổ chức thực hiện"})) + " " + topic + " " + period;
    } else if (code == "decision" || code == "letter") {
        d.title = std::string("Về việc ") +
                  Of(rng, {"thành lập Đoàn kiểm tra", "kiện toàn Ban Chỉ đạo", "phân công nhiệm vụ",
                           "đôn đốc thực hiện", "ban hành Quy chế"}) +
                  " " + topic;
    } else if (code == "notice") {
        d.title = std::string("Kết luận của Ban Thường vụ về ") + topic;
    } else {
        d.title =
            std::string("Về ") + Of(rng, {"", "tăng cường ", "đẩy mạnh ", "nâng cao hiệu quả ", "đổi mới "}) + topic;
    }

    std::string body = "Căn cứ Điều lệ Đảng Cộng sản Việt Nam; thực hiện " + std::string(cited.type) + " số " +
                       cited.symbol + " ngày " + cited.date + " của " + cited.body + ", " + issuer.name + " " +
                       (code == "report" ? "báo cáo kết quả" : "đề nghị các đơn vị thực hiện") + " " + topic +
                       " như sau.\n\n";
    const bool report = code == "report";
    const std::pair<const char*, int> sections[] = {
        {report ? "I. TÌNH HÌNH CHUNG" : "I. MỤC ĐÍCH, YÊU CẦU", static_cast<int>(rng.Between(2, 4))},
        {report ? "II. KẾT QUẢ THỰC HIỆN" : "II. NỘI DUNG", static_cast<int>(rng.Between(6, 14))},
        {report ? "III. PHƯƠNG HƯỚNG, NHIỆM VỤ" : "III. TỔ CHỨC THỰC HIỆN", static_cast<int>(rng.Between(2, 4))},
    };
    for (const auto& [heading, n] : sections) {
        body += heading;
        body += "\n";
        for (int i = 0; i < n; ++i) {
            body += Capitalized(Sentence(rng, topic));
            body += i + 1 == n ? "\n\n" : " ";
        }
    }
    body +=
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo về Văn phòng Đảng ủy để "
        "được hướng dẫn.";
    d.body = std::move(body);
    for (const std::string* s : {&d.title, &d.body}) c.words += std::count(s->begin(), s->end(), ' ') + 1;
    return c;
}

}  // namespace

Result<DocumentSummary> GenerateDocuments(db::Connection& conn, const DocumentOptions& options, int64_t now,
                                          const ProgressFn& progress) {
    if (options.documents < 1 || options.documents > kMaxDocuments)
        return Error::InvalidField("documents", "out_of_range", "documents: 1 to " + std::to_string(kMaxDocuments));
    const std::vector<int64_t> orgs = store::OrgIds(conn);
    if (orgs.empty()) return Error::Conflict("the database has no organizations: run seed-demo or gen --members first");
    Rng rng(options.seed ^ 0x646f6373ULL);  // "docs": not the member generator's sequence for the same seed
    DocumentSummary summary;
    int64_t next_id = store::LastDocumentId(conn) + 1;
    std::vector<store::DocumentRow> rows;
    while (summary.documents < options.documents) {
        rows.clear();
        const int64_t n = std::min<int64_t>(kChunk, options.documents - summary.documents);
        for (int64_t i = 0; i < n; ++i) {
            auto c = Compose(rng, next_id++, orgs);
            summary.words += c.words;
            rows.push_back(std::move(c.row));
        }
        db::Transaction tx(conn);
        store::InsertDocuments(conn, rows, now);
        for (const auto& r : rows) {
            document::Document d;
            d.id = r.id;
            d.type_code = r.type_code;
            d.type_name = r.type_name;
            d.symbol = r.symbol;
            d.issuer_name = r.issuer_name;
            d.signer = r.signer;
            d.title = r.title;
            d.body = r.body;
            document::search::IndexDocument(conn, d);
        }
        store::ContinueDocumentIds(conn, rows.back().id);
        tx.Commit();
        summary.documents += n;
        if (progress) progress("documents", summary.documents, options.documents);
    }
    return summary;
}

}  // namespace dv::gen
