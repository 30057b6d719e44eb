// demo province: the tables of the demo province's agencies and the fixed-seed generator of their
// members and history. Agency names follow Quảng Bình's provincial agencies and the 2025
// reorganization (the bloc ended, two party committees took its units, Quảng Bình and Quảng Trị
// merged on 1/7/2025); people, card numbers and most decision numbers are invented (see
// docs/architecture.md, "Decisions").
#include "demo/province.h"

#include <algorithm>
#include <map>
#include <set>
#include <span>

#include "core/rng.h"
#include "core/time.h"

namespace dv::demo {

namespace {

constexpr const char* kFounded = "2016-01-01";
constexpr const char* kCommittee = "grassroots_committee";
constexpr const char* kGrassCell = "grassroots_cell";
constexpr const char* kCell = "attached_cell";

struct Weighted {
    const char* value;
    int weight;
};

const char* Pick(Rng& rng, std::span<const Weighted> items) {
    int total = 0;
    for (const auto& w : items) total += w.weight;
    auto r = rng.Between(0, total - 1);
    for (const auto& w : items) {
        if (r < w.weight) return w.value;
        r -= w.weight;
    }
    return items.back().value;
}

bool Is(const char* a, const char* b) { return std::string_view(a) == b; }

int64_t Days(const std::string& iso) { return time::DaysFromCivil(*time::ParseIsoDate(iso)); }
std::string Iso(int64_t days) { return time::FormatIso(time::CivilFromDays(days)); }

// What kind of agency a grassroots organization is: decides its staff's job titles.
enum class Sector { kAgency, kBranch, kMedia, kPark, kSchool, kHospital };

// One organization of the bloc. Grassroots rows carry the sector and the head's title; cells
// inherit them from their grassroots organization. `origin`: for a cell founded after 2016, the
// cell its members admitted before the founding came from. `size`: members, 0 = drawn.
struct Row {
    const char* code;
    const char* parent;  // "" = the bloc
    const char* name;
    const char* type;
    Sector sector = Sector::kAgency;
    const char* head = "";
    const char* founded = kFounded;
    const char* origin = "";
    int size = 0;
};

using S = Sector;

// Parents before children, "" = the bloc (until 2025). The first rows and their codes are relied on by
// tests and accounts. Job titles are today's (after the 2025 reorganization).
const Row kRows[] = {
    {"SOTC", "", "Đảng bộ Sở Tài chính", kCommittee, S::kAgency, "Giám đốc Sở"},
    {"SOTC-NS", "SOTC", "Chi bộ Phòng Quản lý Ngân sách", kCell},
    {"SOTC-VP", "SOTC", "Chi bộ Văn phòng Sở Tài chính", kCell},
    {"SOTC-TCDN", "SOTC", "Chi bộ Phòng Tài chính doanh nghiệp", kCell},
    {"SOTC-GCS", "SOTC", "Chi bộ Phòng Quản lý Giá và Công sản", kCell},
    {"SOGD", "", "Đảng bộ Sở Giáo dục và Đào tạo", kCommittee, S::kAgency, "Giám đốc Sở"},
    {"SOGD-TH", "SOGD", "Chi bộ Phòng Giáo dục Trung học", kCell},
    {"SOGD-VP", "SOGD", "Chi bộ Văn phòng Sở Giáo dục và Đào tạo", kCell},
    {"SOGD-MN", "SOGD", "Chi bộ Phòng Giáo dục Mầm non - Tiểu học", kCell},
    {"SOGD-KT", "SOGD", "Chi bộ Phòng Khảo thí và Quản lý chất lượng giáo dục", kCell},
    {"SOGD-TC", "SOGD", "Chi bộ Phòng Tổ chức cán bộ", kCell},
    {"SOYT", "", "Đảng bộ Sở Y tế", kCommittee, S::kAgency, "Giám đốc Sở"},
    {"SOYT-NV", "SOYT", "Chi bộ Phòng Nghiệp vụ Y", kCell},
    {"SOYT-VP", "SOYT", "Chi bộ Văn phòng Sở Y tế", kCell},
    {"SOYT-TT", "SOYT", "Chi bộ Thanh tra Sở Y tế", kCell},
    {"SOYT-DS", "SOYT", "Chi bộ Chi cục Dân số - Kế hoạch hóa gia đình", kCell},
    {"SOYT-CDC", "SOYT", "Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh", kCell, S::kAgency, "", "2019-01-01", "SOYT-VP"},
    {"VPDB", "", "Chi bộ Văn phòng Đoàn ĐBQH và HĐND tỉnh", kGrassCell, S::kAgency, "Chánh Văn phòng"},
    {"CQDUK", "", "Chi bộ Cơ quan Đảng ủy Khối các cơ quan tỉnh", kGrassCell, S::kAgency,
     "Chánh Văn phòng Đảng ủy các cơ quan Đảng tỉnh", kFounded, "", 16},
    {"SONN", "", "Đảng bộ Sở Nông nghiệp và Phát triển nông thôn", kCommittee, S::kAgency, "Giám đốc Sở"},
    {"SONN-VP", "SONN", "Chi bộ Văn phòng Sở Nông nghiệp và Phát triển nông thôn", kCell},
    {"SONN-KL", "SONN", "Chi bộ Chi cục Kiểm lâm", kCell},
    {"SONN-TL", "SONN", "Chi bộ Chi cục Thủy lợi", kCell},
    {"SONN-TS", "SONN", "Chi bộ Chi cục Thủy sản", kCell},
    {"SONN-TTBV", "SONN", "Chi bộ Chi cục Trồng trọt và Bảo vệ thực vật", kCell},
    {"SONN-DA", "SONN", "Chi bộ Ban Quản lý dự án Phát triển nông thôn tổng hợp", kCell, S::kAgency, "", kFounded, "",
     7},
    {"SOKH", "", "Đảng bộ Sở Kế hoạch và Đầu tư", kCommittee, S::kAgency, "Giám đốc Sở"},
    {"SOKH-VP", "SOKH", "Chi bộ Văn phòng Sở Kế hoạch và Đầu tư", kCell},
    {"SOKH-TH", "SOKH", "Chi bộ Phòng Tổng hợp, Quy hoạch", kCell},
    {"SOKH-DKKD", "SOKH", "Chi bộ Phòng Đăng ký kinh doanh", kCell},
    {"SOKH-XT", "SOKH", "Chi bộ Trung tâm Xúc tiến Đầu tư", kCell},
    {"SOXD", "", "Đảng bộ Sở Xây dựng", kCommittee, S::kAgency, "Giám đốc Sở"},
    {"SOXD-VP", "SOXD", "Chi bộ Văn phòng Sở Xây dựng", kCell},
    {"SOXD-QH", "SOXD", "Chi bộ Phòng Quy hoạch - Kiến trúc", kCell},
    {"SOXD-GD", "SOXD", "Chi bộ Trung tâm Giám định chất lượng xây dựng", kCell},
    {"SOGT", "", "Đảng bộ Sở Giao thông vận tải", kCommittee, S::kAgency, "Giám đốc Sở"},
    {"SOGT-VP", "SOGT", "Chi bộ Văn phòng Sở Giao thông vận tải", kCell},
    {"SOGT-TT", "SOGT", "Chi bộ Thanh tra Sở Giao thông vận tải", kCell},
    {"SOGT-QLCL", "SOGT", "Chi bộ Phòng Quản lý chất lượng công trình giao thông", kCell},
    {"SOGT-DK", "SOGT", "Chi bộ Trung tâm Đăng kiểm xe cơ giới", kCell},
    {"SOGT-DA", "SOGT", "Chi bộ Ban Quản lý dự án công trình giao thông", kCell},
    {"SOTN", "", "Đảng bộ Sở Tài nguyên và Môi trường", kCommittee, S::kAgency, "Giám đốc Sở"},
    {"SOTN-VP", "SOTN", "Chi bộ Văn phòng Sở Tài nguyên và Môi trường", kCell},
    {"SOTN-DD", "SOTN", "Chi bộ Văn phòng Đăng ký đất đai", kCell},
    {"SOTN-MT", "SOTN", "Chi bộ Chi cục Bảo vệ môi trường", kCell},
    {"SOTN-QT", "SOTN", "Chi bộ Trung tâm Quan trắc tài nguyên và môi trường", kCell},
    {"SOCT", "", "Đảng bộ Sở Công Thương", kCommittee, S::kAgency, "Giám đốc Sở"},
    {"SOCT-VP", "SOCT", "Chi bộ Văn phòng Sở Công Thương", kCell},
    {"SOCT-QLNL", "SOCT", "Chi bộ Phòng Quản lý năng lượng", kCell},
    {"SOCT-KC", "SOCT", "Chi bộ Trung tâm Khuyến công và Xúc tiến thương mại", kCell},
    {"SOCT-QLTT", "SOCT", "Chi bộ Chi cục Quản lý thị trường", kCell},
    {"SOLD", "", "Đảng bộ Sở Lao động - Thương binh và Xã hội", kCommittee, S::kAgency, "Giám đốc Sở"},
    {"SOLD-VP", "SOLD", "Chi bộ Văn phòng Sở Lao động - Thương binh và Xã hội", kCell},
    {"SOLD-VL", "SOLD", "Chi bộ Trung tâm Dịch vụ việc làm", kCell},
    {"SOLD-BTXH", "SOLD", "Chi bộ Trung tâm Bảo trợ xã hội", kCell},
    {"SOLD-NCC", "SOLD", "Chi bộ Phòng Người có công", kCell},
    {"SONV", "", "Đảng bộ Sở Nội vụ", kCommittee, S::kAgency, "Giám đốc Sở"},
    {"SONV-VP", "SONV", "Chi bộ Văn phòng Sở Nội vụ", kCell},
    {"SONV-TDKT", "SONV", "Chi bộ Ban Thi đua - Khen thưởng", kCell},
    {"SONV-VTLT", "SONV", "Chi bộ Chi cục Văn thư - Lưu trữ", kCell},
    {"SOVH", "", "Đảng bộ Sở Văn hóa và Thể thao", kCommittee, S::kAgency, "Giám đốc Sở"},
    {"SOVH-VP", "SOVH", "Chi bộ Văn phòng Sở Văn hóa và Thể thao", kCell},
    {"SOVH-BT", "SOVH", "Chi bộ Bảo tàng tỉnh", kCell},
    {"SOVH-TV", "SOVH", "Chi bộ Thư viện tỉnh", kCell},
    {"SOVH-TDTT", "SOVH", "Chi bộ Trung tâm Huấn luyện và Thi đấu thể dục thể thao", kCell},
    {"SDL", "", "Chi bộ Sở Du lịch", kGrassCell, S::kAgency, "Giám đốc Sở", "2016-08-01", "SOVH-VP"},
    {"VPUB", "", "Đảng bộ Văn phòng Ủy ban nhân dân tỉnh", kCommittee, S::kAgency, "Chánh Văn phòng"},
    {"VPUB-TH", "VPUB", "Chi bộ Phòng Tổng hợp", kCell},
    {"VPUB-HC", "VPUB", "Chi bộ Phòng Hành chính - Tổ chức", kCell},
    {"VPUB-KT", "VPUB", "Chi bộ Phòng Kinh tế", kCell},
    {"VPUB-HCC", "VPUB", "Chi bộ Trung tâm Phục vụ hành chính công", kCell, S::kAgency, "", "2019-04-01", "VPUB-HC"},
    {"KBNN", "", "Đảng bộ Kho bạc Nhà nước tỉnh", kCommittee, S::kBranch, "Giám đốc Kho bạc"},
    {"KBNN-VP", "KBNN", "Chi bộ Văn phòng Kho bạc Nhà nước tỉnh", kCell},
    {"KBNN-KSC", "KBNN", "Chi bộ Phòng Kiểm soát chi", kCell},
    {"KBNN-KT", "KBNN", "Chi bộ Phòng Kế toán nhà nước", kCell},
    {"KBNN-TTR", "KBNN", "Chi bộ Phòng Thanh tra - Kiểm tra", kCell},
    {"CTHUE", "", "Đảng bộ Cục Thuế tỉnh", kCommittee, S::kBranch, "Cục trưởng"},
    {"CTHUE-VP", "CTHUE", "Chi bộ Văn phòng Cục Thuế", kCell},
    {"CTHUE-KT1", "CTHUE", "Chi bộ Phòng Kiểm tra thuế số 1", kCell},
    {"CTHUE-KT2", "CTHUE", "Chi bộ Phòng Kiểm tra thuế số 2", kCell},
    {"CTHUE-TTR", "CTHUE", "Chi bộ Phòng Thanh tra thuế", kCell},
    {"CTHUE-HT", "CTHUE", "Chi bộ Phòng Tuyên truyền - Hỗ trợ người nộp thuế", kCell},
    {"CTHUE-QLN", "CTHUE", "Chi bộ Phòng Quản lý nợ và Cưỡng chế nợ thuế", kCell},
    {"BHXH", "", "Đảng bộ Bảo hiểm xã hội tỉnh", kCommittee, S::kBranch, "Giám đốc"},
    {"BHXH-VP", "BHXH", "Chi bộ Văn phòng Bảo hiểm xã hội tỉnh", kCell},
    {"BHXH-THU", "BHXH", "Chi bộ Phòng Quản lý thu", kCell},
    {"BHXH-CD", "BHXH", "Chi bộ Phòng Chế độ bảo hiểm xã hội", kCell},
    {"BHXH-GD", "BHXH", "Chi bộ Phòng Giám định bảo hiểm y tế", kCell},
    {"NHNN", "", "Đảng bộ Ngân hàng Nhà nước Chi nhánh tỉnh Quảng Bình", kCommittee, S::kBranch, "Giám đốc Chi nhánh"},
    {"NHNN-TH", "NHNN", "Chi bộ Phòng Tổng hợp - Kiểm soát nội bộ", kCell},
    {"NHNN-TTR", "NHNN", "Chi bộ Thanh tra, giám sát ngân hàng", kCell},
    {"CHQ", "", "Đảng bộ Cục Hải quan tỉnh Quảng Bình", kCommittee, S::kBranch, "Cục trưởng"},
    {"CHQ-VP", "CHQ", "Chi bộ Văn phòng Cục Hải quan", kCell},
    {"CHQ-CL", "CHQ", "Chi bộ Chi cục Hải quan cửa khẩu quốc tế Cha Lo", kCell},
    {"CHQ-HL", "CHQ", "Chi bộ Chi cục Hải quan cửa khẩu cảng Hòn La", kCell},
    {"CHQ-KS", "CHQ", "Chi bộ Đội Kiểm soát hải quan", kCell},
    {"CTK", "", "Đảng bộ Cục Thống kê tỉnh", kCommittee, S::kBranch, "Cục trưởng"},
    {"CTK-VP", "CTK", "Chi bộ Văn phòng Cục Thống kê", kCell},
    {"CTK-TH", "CTK", "Chi bộ Phòng Thống kê Tổng hợp", kCell},
    {"CTK-KT", "CTK", "Chi bộ Phòng Thống kê Kinh tế", kCell},
    {"DPTTH", "", "Đảng bộ Đài Phát thanh và Truyền hình Quảng Bình", kCommittee, S::kMedia, "Giám đốc Đài"},
    {"DPTTH-TS", "DPTTH", "Chi bộ Phòng Thời sự", kCell},
    {"DPTTH-CT", "DPTTH", "Chi bộ Phòng Chuyên đề", kCell},
    {"DPTTH-KT", "DPTTH", "Chi bộ Phòng Kỹ thuật - Công nghệ", kCell},
    {"DPTTH-HC", "DPTTH", "Chi bộ Phòng Hành chính - Tổng hợp", kCell},
    {"BAOQB", "", "Đảng bộ Báo Quảng Bình", kCommittee, S::kMedia, "Tổng Biên tập"},
    {"BAOQB-PV", "BAOQB", "Chi bộ Phòng Phóng viên", kCell},
    {"BAOQB-TK", "BAOQB", "Chi bộ Phòng Thư ký tòa soạn - Trị sự", kCell},
    {"VQG", "", "Đảng bộ Ban Quản lý Vườn quốc gia Phong Nha - Kẻ Bàng", kCommittee, S::kPark, "Giám đốc"},
    {"VQG-VP", "VQG", "Chi bộ Văn phòng Vườn quốc gia", kCell},
    {"VQG-HKL", "VQG", "Chi bộ Hạt Kiểm lâm", kCell},
    {"VQG-DL", "VQG", "Chi bộ Trung tâm Du lịch Văn hóa và Sinh thái", kCell},
    {"VQG-CH", "VQG", "Chi bộ Trung tâm Cứu hộ, Bảo tồn và Phát triển sinh vật", kCell},
    {"VQG-KH", "VQG", "Chi bộ Phòng Khoa học và Hợp tác quốc tế", kCell},
    {"DHQB", "", "Đảng bộ Trường Đại học Quảng Bình", kCommittee, S::kSchool, "Hiệu trưởng"},
    {"DHQB-SP", "DHQB", "Chi bộ Khoa Sư phạm", kCell},
    {"DHQB-KTDL", "DHQB", "Chi bộ Khoa Kinh tế - Du lịch", kCell},
    {"DHQB-CNTT", "DHQB", "Chi bộ Khoa Kỹ thuật - Công nghệ thông tin", kCell},
    {"DHQB-NLN", "DHQB", "Chi bộ Khoa Nông - Lâm - Ngư", kCell},
    {"DHQB-LLCT", "DHQB", "Chi bộ Khoa Lý luận chính trị", kCell},
    {"DHQB-HC", "DHQB", "Chi bộ Phòng Tổ chức - Hành chính", kCell},
    {"CDKT", "", "Đảng bộ Trường Cao đẳng Kỹ thuật Công Nông nghiệp Quảng Bình", kCommittee, S::kSchool, "Hiệu trưởng"},
    {"CDKT-CK", "CDKT", "Chi bộ Khoa Cơ khí - Động lực", kCell},
    {"CDKT-NL", "CDKT", "Chi bộ Khoa Nông Lâm", kCell},
    {"CDKT-HC", "CDKT", "Chi bộ Phòng Đào tạo - Hành chính", kCell},
    {"TCT", "", "Đảng bộ Trường Chính trị tỉnh", kCommittee, S::kSchool, "Hiệu trưởng"},
    {"TCT-KH", "TCT", "Chi bộ Các khoa chuyên môn", kCell},
    {"TCT-HC", "TCT", "Chi bộ Phòng Tổ chức - Hành chính - Quản lý đào tạo", kCell},
    {"BVHN", "", "Đảng bộ Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới", kCommittee, S::kHospital,
     "Giám đốc Bệnh viện"},
    {"BVHN-NOI", "BVHN", "Chi bộ Khối Nội", kCell},
    {"BVHN-NGOAI", "BVHN", "Chi bộ Khối Ngoại", kCell},
    {"BVHN-SAN", "BVHN", "Chi bộ Khoa Phụ sản", kCell},
    {"BVHN-NHI", "BVHN", "Chi bộ Khoa Nhi", kCell},
    {"BVHN-CLS", "BVHN", "Chi bộ Khối Cận lâm sàng", kCell},
    {"BVHN-HC", "BVHN", "Chi bộ Phòng Kế hoạch tổng hợp - Hành chính", kCell},
    {"BQLKKT", "", "Đảng bộ Ban Quản lý Khu kinh tế tỉnh", kCommittee, S::kAgency, "Trưởng ban"},
    {"BQLKKT-VP", "BQLKKT", "Chi bộ Văn phòng Ban Quản lý Khu kinh tế", kCell},
    {"BQLKKT-DT", "BQLKKT", "Chi bộ Phòng Quản lý đầu tư", kCell},
    {"BQLKKT-HT", "BQLKKT", "Chi bộ Trung tâm Phát triển hạ tầng khu kinh tế", kCell},
    {"BQLDA", "", "Đảng bộ Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp tỉnh", kCommittee,
     S::kAgency, "Giám đốc Ban", "2018-01-01"},
    {"BQLDA-VP", "BQLDA", "Chi bộ Phòng Hành chính - Tổng hợp", kCell, S::kAgency, "", "2018-01-01", "SOXD-VP"},
    {"BQLDA-KT", "BQLDA", "Chi bộ Phòng Kỹ thuật - Thẩm định", kCell, S::kAgency, "", "2018-01-01", "SOXD-QH"},
    {"BDT", "", "Chi bộ Ban Dân tộc tỉnh", kGrassCell, S::kAgency, "Trưởng ban"},
    {"LMHTX", "", "Chi bộ Liên minh Hợp tác xã tỉnh", kGrassCell, S::kAgency, "Chủ tịch Liên minh"},
    {"STTTT", "", "Chi bộ Sở Thông tin và Truyền thông", kGrassCell, S::kAgency, "Giám đốc Sở", kFounded, "", 11},
    {"SKHCN", "", "Chi bộ Sở Khoa học và Công nghệ", kGrassCell, S::kAgency, "Giám đốc Sở", kFounded, "", 14},
    {"STP", "", "Chi bộ Sở Tư pháp", kGrassCell, S::kAgency, "Giám đốc Sở"},
    {"SNGV", "", "Chi bộ Sở Ngoại vụ", kGrassCell, S::kAgency, "Giám đốc Sở"},
    {"TTT", "", "Chi bộ Thanh tra tỉnh", kGrassCell, S::kAgency, "Chánh Thanh tra"},
    {"LDLD", "", "Chi bộ Liên đoàn Lao động tỉnh", kGrassCell, S::kAgency, "Chủ tịch"},
    {"HND", "", "Chi bộ Hội Nông dân tỉnh", kGrassCell, S::kAgency, "Chủ tịch"},
    {"QDTPT", "", "Chi bộ Quỹ Đầu tư phát triển tỉnh", kGrassCell, S::kBranch, "Giám đốc Quỹ"},
    {"LHH", "", "Chi bộ Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", kGrassCell, S::kAgency, "Chủ tịch"},
};

// Named people: the demo accounts' own records and the bloc office's staff.
struct Named {
    const char* cell;
    int index;  // position in the cell's generated list; -1 = the last
    const char* name;
    const char* gender;
    const char* party;  // "" = as generated
    const char* gov;
};

const Named kNamed[] = {
    {"SOTC-VP", 0, "Lê Văn Dũng", "male", "", ""},
    {"SOTC-NS", -1, "Phạm Thị Ánh", "female", "Đảng viên", "Chuyên viên"},
    {"CQDUK", 3, "Nguyễn Thị Hoa", "female", "Đảng viên", "Chuyên viên Văn phòng Đảng ủy các cơ quan Đảng tỉnh"},
    {"CQDUK", 4, "Trần Văn Bình", "male", "Chi ủy viên",
     "Phó Chủ nhiệm Ủy ban Kiểm tra Đảng ủy các cơ quan Đảng tỉnh"},
    {"CQDUK", 5, "Đặng Quốc Hải", "male", "Đảng viên", "Chuyên viên công nghệ thông tin"},
};

// Family names, weighted roughly like the population (central Vietnam: more Võ, Hồ, Hoàng).
const Weighted kFamily[] = {
    {"Nguyễn", 300}, {"Trần", 100}, {"Lê", 95},  {"Phạm", 60},   {"Hoàng", 55}, {"Phan", 45}, {"Võ", 50},
    {"Vũ", 20},      {"Đặng", 22},  {"Bùi", 20}, {"Đỗ", 14},     {"Hồ", 30},    {"Ngô", 13},  {"Dương", 10},
    {"Lý", 5},       {"Đinh", 12},  {"Mai", 8},  {"Trương", 10}, {"Cao", 8},    {"Đào", 6},   {"Lương", 6},
    {"Thái", 5},     {"Hà", 6},     {"Tạ", 3},   {"Lưu", 4},
};
const Weighted kBruFamily[] = {{"Hồ", 6}, {"Đinh", 2}, {"Cao", 1}};
const Weighted kChutFamily[] = {{"Cao", 2}, {"Đinh", 2}, {"Hồ", 1}, {"Hoàng", 1}};
const Weighted kMaleMiddle[] = {{"Văn", 40}, {"Hữu", 8},  {"Đức", 8},  {"Minh", 7}, {"Quốc", 5},  {"Thanh", 6},
                                {"Xuân", 5}, {"Công", 5}, {"Đình", 6}, {"Ngọc", 4}, {"Quang", 5}, {"Trọng", 3},
                                {"Anh", 3},  {"Tiến", 3}, {"Duy", 3},  {"Mạnh", 2}};
const Weighted kFemaleMiddle[] = {{"Thị", 55}, {"Thu", 6},    {"Thanh", 5},   {"Ngọc", 5},     {"Minh", 3},
                                  {"Hồng", 4}, {"Phương", 3}, {"Thúy", 3},    {"Kim", 3},      {"Diệu", 2},
                                  {"Hải", 2},  {"Bích", 2},   {"Thị Thu", 4}, {"Thị Hồng", 3}, {"Thị Minh", 2}};
const char* const kMaleGiven[] = {
    "An",    "Anh",   "Bình",   "Cường", "Dũng",  "Đạt",   "Đức",   "Hải",   "Hiếu", "Hòa",   "Hùng", "Huy",
    "Khánh", "Lâm",   "Long",   "Minh",  "Nam",   "Nghĩa", "Phong", "Phúc",  "Quân", "Quang", "Sơn",  "Tâm",
    "Thắng", "Thành", "Thịnh",  "Toàn",  "Trung", "Tuấn",  "Việt",  "Vinh",  "Vũ",   "Hoàng", "Lợi",  "Lực",
    "Tùng",  "Kiên",  "Trường", "Hưng",  "Tài",   "Hậu",   "Thuận", "Chiến", "Định", "Hạnh",  "Lộc",  "Nhật",
    "Phước", "Sáng",  "Thọ",    "Tín",   "Vương", "Khải",  "Đông",  "Hiển"};
const char* const kFemaleGiven[] = {
    "An",    "Anh",   "Châu",  "Chi",  "Dung", "Duyên", "Giang", "Hà",   "Hạnh", "Hằng",  "Hiền",  "Hoa",
    "Hồng",  "Huệ",   "Hương", "Lan",  "Linh", "Loan",  "Mai",   "Nga",  "Ngân", "Nhung", "Oanh",  "Phương",
    "Quyên", "Quỳnh", "Tâm",   "Thảo", "Thủy", "Trang", "Tuyết", "Uyên", "Vân",  "Yến",   "Nhàn",  "Hoài",
    "Xuân",  "Thơ",   "Lệ",    "Ly",   "Nhi",  "Thư",   "Vy",    "Liên", "Diệp", "Ánh",   "Sương", "Thanh"};

// Quảng Bình's districts and a few of their communes, weighted by population.
const Weighted kHometowns[] = {
    {"thị trấn Kiến Giang, huyện Lệ Thủy, tỉnh Quảng Bình", 5},
    {"xã Sen Thủy, huyện Lệ Thủy, tỉnh Quảng Bình", 3},
    {"xã Mỹ Thủy, huyện Lệ Thủy, tỉnh Quảng Bình", 3},
    {"xã Phong Thủy, huyện Lệ Thủy, tỉnh Quảng Bình", 3},
    {"thị trấn Quán Hàu, huyện Quảng Ninh, tỉnh Quảng Bình", 3},
    {"xã Gia Ninh, huyện Quảng Ninh, tỉnh Quảng Bình", 2},
    {"xã Võ Ninh, huyện Quảng Ninh, tỉnh Quảng Bình", 2},
    {"thị trấn Hoàn Lão, huyện Bố Trạch, tỉnh Quảng Bình", 4},
    {"xã Đại Trạch, huyện Bố Trạch, tỉnh Quảng Bình", 3},
    {"xã Hải Trạch, huyện Bố Trạch, tỉnh Quảng Bình", 3},
    {"thị trấn Phong Nha, huyện Bố Trạch, tỉnh Quảng Bình", 2},
    {"xã Quảng Châu, huyện Quảng Trạch, tỉnh Quảng Bình", 3},
    {"xã Quảng Tiến, huyện Quảng Trạch, tỉnh Quảng Bình", 2},
    {"xã Cảnh Dương, huyện Quảng Trạch, tỉnh Quảng Bình", 3},
    {"thị trấn Đồng Lê, huyện Tuyên Hóa, tỉnh Quảng Bình", 2},
    {"xã Tiến Hóa, huyện Tuyên Hóa, tỉnh Quảng Bình", 2},
    {"xã Thạch Hóa, huyện Tuyên Hóa, tỉnh Quảng Bình", 1},
    {"thị trấn Quy Đạt, huyện Minh Hóa, tỉnh Quảng Bình", 2},
    {"xã Trung Hóa, huyện Minh Hóa, tỉnh Quảng Bình", 1},
    {"phường Hải Thành, thành phố Đồng Hới, tỉnh Quảng Bình", 4},
    {"phường Đồng Phú, thành phố Đồng Hới, tỉnh Quảng Bình", 4},
    {"phường Bắc Lý, thành phố Đồng Hới, tỉnh Quảng Bình", 3},
    {"xã Bảo Ninh, thành phố Đồng Hới, tỉnh Quảng Bình", 3},
    {"phường Ba Đồn, thị xã Ba Đồn, tỉnh Quảng Bình", 3},
    {"phường Quảng Thọ, thị xã Ba Đồn, tỉnh Quảng Bình", 2},
    {"xã Quảng Hải, thị xã Ba Đồn, tỉnh Quảng Bình", 2},
    {"huyện Kỳ Anh, tỉnh Hà Tĩnh", 2},
    {"huyện Vĩnh Linh, tỉnh Quảng Trị", 2},
    {"huyện Diễn Châu, tỉnh Nghệ An", 1},
    {"thành phố Huế, tỉnh Thừa Thiên Huế", 1},
};
const Weighted kBruHometowns[] = {{"xã Trường Sơn, huyện Quảng Ninh, tỉnh Quảng Bình", 3},
                                  {"xã Kim Thủy, huyện Lệ Thủy, tỉnh Quảng Bình", 2},
                                  {"xã Thượng Trạch, huyện Bố Trạch, tỉnh Quảng Bình", 2}};
const Weighted kChutHometowns[] = {{"xã Dân Hóa, huyện Minh Hóa, tỉnh Quảng Bình", 2},
                                   {"xã Thượng Hóa, huyện Minh Hóa, tỉnh Quảng Bình", 2},
                                   {"xã Lâm Hóa, huyện Tuyên Hóa, tỉnh Quảng Bình", 1}};
const char* const kPhonePrefixes[] = {"091", "094", "098", "097", "096", "088", "083", "035"};

// Job titles by sector; the first two are the cell leaders' (head of unit, deputy); repeats weight.
const char* const kAgencyStaff[] = {"Trưởng phòng",   "Phó Trưởng phòng", "Chuyên viên chính", "Chuyên viên",
                                    "Chuyên viên",    "Chuyên viên",      "Chuyên viên",       "Kế toán viên",
                                    "Thanh tra viên", "Cán sự",           "Nhân viên"};
const char* const kBranchStaff[] = {"Trưởng phòng",   "Phó Trưởng phòng", "Kiểm soát viên chính",
                                    "Kiểm soát viên", "Kiểm tra viên",    "Chuyên viên",
                                    "Chuyên viên",    "Kế toán viên",     "Nhân viên"};
const char* const kMediaStaff[] = {"Trưởng phòng", "Phó Trưởng phòng", "Biên tập viên", "Biên tập viên", "Phóng viên",
                                   "Phóng viên",   "Phóng viên",       "Kỹ thuật viên", "Nhân viên"};
const char* const kParkStaff[] = {"Trưởng phòng", "Phó Trưởng phòng", "Kiểm lâm viên",  "Kiểm lâm viên",
                                  "Kỹ sư",        "Chuyên viên",      "Hướng dẫn viên", "Nhân viên"};
const char* const kSchoolStaff[] = {"Trưởng khoa", "Phó Trưởng khoa", "Giảng viên chính", "Giảng viên",
                                    "Giảng viên",  "Giảng viên",      "Chuyên viên",      "Nhân viên"};
const char* const kHospitalStaff[] = {"Trưởng khoa", "Phó Trưởng khoa", "Bác sĩ",     "Bác sĩ",
                                      "Bác sĩ",      "Điều dưỡng",      "Điều dưỡng", "Điều dưỡng",
                                      "Dược sĩ",     "Kỹ thuật viên",   "Nhân viên"};

std::span<const char* const> Staff(Sector s) {
    switch (s) {
        case Sector::kAgency:
            return kAgencyStaff;
        case Sector::kBranch:
            return kBranchStaff;
        case Sector::kMedia:
            return kMediaStaff;
        case Sector::kPark:
            return kParkStaff;
        case Sector::kSchool:
            return kSchoolStaff;
        case Sector::kHospital:
            return kHospitalStaff;
    }
    return kAgencyStaff;
}

// The 2025 reorganization (Hướng dẫn số 31-HD/BTCTW ngày 23/4/2025 of the central Organization
// Commission): the provincial standing committee founds the two committees that replace the bloc,
// moves each of the bloc's grassroots organizations to one of them and ends the bloc, all from
// kBlocEnded. The decisions are in the demo's document register too (seed_documents.cpp).
constexpr const char* kDecisionPartyCommittee =
    "Quyết định số 1208-QĐ/TU ngày 28/5/2025 của Ban Thường vụ Tỉnh ủy Quảng Bình";
constexpr const char* kDecisionGovernmentCommittee =
    "Quyết định số 1209-QĐ/TU ngày 28/5/2025 của Ban Thường vụ Tỉnh ủy Quảng Bình";
constexpr const char* kDecisionToParty = "Quyết định số 1210-QĐ/TU ngày 28/5/2025 của Ban Thường vụ Tỉnh ủy Quảng Bình";
constexpr const char* kDecisionToGovernment =
    "Quyết định số 1211-QĐ/TU ngày 28/5/2025 của Ban Thường vụ Tỉnh ủy Quảng Bình";
constexpr const char* kDecisionBlocEnds =
    "Quyết định số 1212-QĐ/TU ngày 28/5/2025 của Ban Thường vụ Tỉnh ủy Quảng Bình";

// The bloc's grassroots organizations of the Party, the Front, the mass organizations and the
// council (and the province's Party school and press), which go to the committee of the Party
// agencies; every other one (departments, agencies, state branches, schools, hospitals) goes to the
// committee of the provincial government.
const std::set<std::string, std::less<>> kPartySide = {"CQDUK", "VPDB", "LDLD", "HND", "TCT", "BAOQB", "LHH"};

// People who are not drawn: the leaders of the bloc and of the committees that replaced it. Appended
// after the drawn members, so they do not change anyone drawn.
struct Leader {
    const char* cell;
    const char* name;
    const char* born;
    const char* admitted;
    const char* hometown;
    const char* party;
    const char* gov;
};
const Leader kLeaders[] = {
    {"CQDUK", "Nguyễn Văn Thành", "1968-03-12", "1993-05-19", "xã Võ Ninh, huyện Quảng Ninh, tỉnh Quảng Bình",
     "Bí thư Đảng ủy các cơ quan Đảng tỉnh", "Ủy viên Ban Thường vụ Tỉnh ủy"},
    {"VPUB-TH", "Phan Đình Khải", "1970-10-02", "1995-09-02", "phường Đồng Phú, thành phố Đồng Hới, tỉnh Quảng Bình",
     "Bí thư Đảng ủy Ủy ban nhân dân tỉnh", "Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh"},
};

// The history after 2016, besides the founding of later organizations (in kRows) and the bloc's end
// (BuildProvince). By date: the 2025 departments' mergers came first (1/3/2025), then the bloc ended
// (kBlocEnded), then the provinces merged (kProvincesMerged).
struct Change {
    const char* date;
    const char* kind;
    const char* org;
    const char* name;  // rename: new name; retype: new type
    const char* target;
    const char* decision;
};

const Change kChanges[] = {
    {"2018-07-01", "move", "SOGT-DA", "", "BQLDA",
     "Quyết định số 112-QĐ/ĐUK ngày 25/6/2018 của Ban Thường vụ Đảng ủy Khối"},
    {"2018-08-01", "rename", "SOKH-XT", "Chi bộ Trung tâm Xúc tiến Đầu tư và Hỗ trợ doanh nghiệp", "",
     "Quyết định số 131-QĐ/ĐUK ngày 27/7/2018 của Ban Thường vụ Đảng ủy Khối"},
    {"2018-11-15", "move", "SOCT-QLTT", "", "", "Quyết định số 1586-QĐ/TU ngày 09/11/2018 của Ban Thường vụ Tỉnh ủy"},
    {"2018-12-01", "retype", "SOCT-QLTT", kGrassCell, "",
     "Quyết định số 175-QĐ/ĐUK ngày 26/11/2018 của Ban Thường vụ Đảng ủy Khối"},
    {"2019-01-01", "rename", "SOCT-QLTT", "Chi bộ Cục Quản lý thị trường tỉnh", "",
     "Quyết định số 02-QĐ/ĐUK ngày 02/01/2019 của Ban Thường vụ Đảng ủy Khối"},
    {"2021-07-01", "dissolve", "SONN-DA", "", "",
     "Quyết định số 318-QĐ/ĐUK ngày 28/6/2021 của Ban Thường vụ Đảng ủy Khối (dự án kết thúc)"},
    {"2025-03-01", "merge", "SOTN", "", "SONN", "Quyết định số 1052-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    {"2025-03-01", "rename", "SONN", "Đảng bộ Sở Nông nghiệp và Môi trường", "",
     "Quyết định số 1052-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    {"2025-03-01", "merge", "SOGT", "", "SOXD", "Quyết định số 1053-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    {"2025-03-01", "merge", "STTTT", "", "SKHCN", "Quyết định số 1054-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    {"2025-03-01", "merge", "SOKH", "", "SOTC", "Quyết định số 1055-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    {"2025-03-01", "merge", "SOLD", "", "SONV", "Quyết định số 1056-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    // Sở Du lịch joins Sở Văn hóa và Thể thao: its grassroots cell becomes a cell of the merged department.
    {"2025-03-01", "move", "SDL", "", "SOVH", "Quyết định số 1057-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    {"2025-03-01", "retype", "SDL", kCell, "", "Quyết định số 1057-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    {"2025-03-01", "rename", "SDL", "Chi bộ Phòng Quản lý du lịch", "",
     "Quyết định số 1057-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    {"2025-03-01", "rename", "SOVH", "Đảng bộ Sở Văn hóa, Thể thao và Du lịch", "",
     "Quyết định số 1057-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    {"2025-03-01", "rename", "BDT", "Chi bộ Sở Dân tộc và Tôn giáo", "",
     "Quyết định số 1058-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    {"2025-03-01", "merge", "DPTTH", "", "BAOQB", "Quyết định số 1059-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    {"2025-03-01", "rename", "BAOQB", "Đảng bộ Báo và Phát thanh, Truyền hình Quảng Bình", "",
     "Quyết định số 1059-QĐ/TU ngày 28/02/2025 của Ban Thường vụ Tỉnh ủy"},
    // The bloc's own office cell serves the committee of the Party agencies (the units' moves and the
    // bloc's end are in BuildProvince).
    {kBlocEnded, "rename", "CQDUK", "Chi bộ Cơ quan Đảng ủy các cơ quan Đảng tỉnh", "", kDecisionPartyCommittee},
    // The merger: the provincial party organization and the two committees take the new province's name.
    {kProvincesMerged, "rename", "DBT", "Đảng bộ tỉnh Quảng Trị", "",
     "Quyết định số 318-QĐ/TW ngày 30/6/2025 của Bộ Chính trị"},
    {kProvincesMerged, "rename", "DBCQD", "Đảng bộ các cơ quan Đảng tỉnh Quảng Trị", "",
     "Quyết định số 05-QĐ/TU ngày 01/7/2025 của Ban Thường vụ Tỉnh ủy Quảng Trị"},
    {kProvincesMerged, "rename", "DBUB", "Đảng bộ Ủy ban nhân dân tỉnh Quảng Trị", "",
     "Quyết định số 06-QĐ/TU ngày 01/7/2025 của Ban Thường vụ Tỉnh ủy Quảng Trị"},
    {kProvincesMerged, "rename", "BAOQB", "Đảng bộ Báo và Phát thanh, Truyền hình Quảng Trị", "",
     "Quyết định số 12-QĐ/TU ngày 01/7/2025 của Ban Thường vụ Tỉnh ủy Quảng Trị"},
    {"2026-01-01", "rename", "SOKH-XT", "Chi bộ Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch", "",
     "Quyết định số 143-QĐ/ĐU ngày 25/12/2025 của Đảng ủy Sở Tài chính"},
};

// Single members changing jobs (chuyển sinh hoạt đảng) between cells of the bloc.
struct Move {
    const char* date;
    const char* from;
    const char* to;
};
const Move kMoves[] = {
    {"2017-09-05", "SOGD-MN", "SOGD-KT"},  {"2018-05-02", "SOLD-VP", "SONV-TDKT"},
    {"2019-03-15", "SOYT-TT", "BVHN-NOI"}, {"2020-10-01", "SOKH-TH", "SOTC-GCS"},
    {"2022-08-15", "DHQB-SP", "SOGD-MN"},  {"2023-02-01", "DPTTH-TS", "BAOQB-PV"},
    {"2026-03-02", "SOXD-QH", "SONN-VP"},  {"2026-09-01", "DHQB-CNTT", "SKHCN"},
};

// Cells whose members must all have been admitted before this date (they leave or end then).
const std::map<std::string, std::string, std::less<>> kLatestAdmission = {{"SONN-DA", "2021-04-30"},
                                                                          {"STTTT", "2025-02-28"}};

// Members per cell kept by Size::kSmall.
constexpr int kSmallPerCell = 3;

struct Role {
    std::string party;
    std::string gov;
    bool leader = false;
};

// The bloc's end: each grassroots organization it still has on kBlocEnded goes to one of the two
// committees that replace it (moves keep their members and units), then the bloc is dissolved.
void AddBlocEnd(std::vector<PlannedEvent>& events) {
    std::map<std::string, std::string, std::less<>> parent;
    for (const auto& r : kRows) parent[r.code] = *r.parent ? r.parent : "DBK";
    std::set<std::string, std::less<>> ended;
    for (const auto& c : kChanges) {
        if (std::string_view(c.date) >= kBlocEnded) break;
        if (Is(c.kind, "move")) parent[c.org] = *c.target ? c.target : "DBK";
        if (Is(c.kind, "dissolve") || Is(c.kind, "merge")) ended.insert(c.org);
        if (Is(c.kind, "merge"))
            for (auto& [code, above] : parent)
                if (above == c.org) above = c.target;
    }
    for (const auto& r : kRows) {
        if (parent[r.code] != "DBK" || ended.count(r.code)) continue;
        const bool party = kPartySide.count(r.code) > 0;
        events.push_back({kBlocEnded, "move", r.code, "", party ? "DBCQD" : "DBUB", 0,
                          party ? kDecisionToParty : kDecisionToGovernment});
    }
    events.push_back({kBlocEnded, "dissolve", "DBK", "", "", 0, kDecisionBlocEnds});
}

// The leaders (kLeaders) as members, with their seats: the bloc's secretary from its 2020 congress
// until it ended, then the secretaries of the two new committees from their founding. Their cards
// and ids come from a generator of their own, so the drawn members stay as they are.
void AddLeaders(Province& p, std::set<std::string>& cards, std::vector<PlannedEvent>& events) {
    Rng rng(0x4c45414445525321ULL);  // "LEADERS!"
    std::map<std::string, size_t, std::less<>> index;
    for (const auto& l : kLeaders) {
        member::Member m;
        m.full_name = l.name;
        m.gender = "male";
        m.ethnicity = "Kinh";
        m.hometown = l.hometown;
        m.birth_date = l.born;
        m.admitted_on = l.admitted;
        m.status = member::Status::kOfficial;
        m.official_on = Iso(Days(l.admitted) + 365);
        std::string card;
        do {
            card = std::to_string(rng.Between(10'000'000, 99'999'999));
        } while (!cards.insert(card).second);
        m.card_number = card;
        m.party_position = l.party;
        m.gov_position = l.gov;
        m.citizen_id = "0440" + std::string(l.born).substr(2, 2) + std::to_string(rng.Between(100'000, 999'999));
        m.phone = std::string(rng.Of<const char*>(kPhonePrefixes)) + std::to_string(rng.Between(1'000'000, 9'999'999));
        index[l.name] = p.members.size();
        p.members.push_back({std::move(m), l.cell});
    }
    const size_t thanh = index.at("Nguyễn Văn Thành");
    events.push_back({"2020-08-15", "appoint", "DBK", "secretary", "", thanh,
                      "Nghị quyết Đại hội Đảng bộ Khối các cơ quan tỉnh nhiệm kỳ 2020-2025"});
    events.push_back({kBlocEnded, "appoint", "DBCQD", "secretary", "", thanh, kDecisionPartyCommittee});
    events.push_back(
        {kBlocEnded, "appoint", "DBUB", "secretary", "", index.at("Phan Đình Khải"), kDecisionGovernmentCommittee});
}

// When two departments merged in 2025, the absorbed one's leaders became the deputies of the merged
// one: today's party positions say so, and the seats follow from them (seed.cpp).
void DemoteAbsorbedLeaders(Province& p) {
    std::set<std::string, std::less<>> absorbed;
    for (const auto& c : kChanges)
        if (Is(c.kind, "merge")) absorbed.insert(c.org);
    const std::map<std::string, std::string, std::less<>> demoted = {{"Bí thư Đảng ủy", "Phó Bí thư Đảng ủy"},
                                                                     {"Phó Bí thư Đảng ủy", "Đảng ủy viên"},
                                                                     {"Bí thư Chi bộ", "Phó Bí thư Chi bộ"},
                                                                     {"Phó Bí thư Chi bộ", "Chi ủy viên"}};
    for (auto& pm : p.members) {
        auto row = std::find_if(std::begin(kRows), std::end(kRows), [&](const Row& r) { return pm.cell == r.code; });
        if (row == std::end(kRows)) continue;
        // A committee's leaders sit in its cells; a grassroots cell's in the cell itself.
        const bool committee_leader = pm.record.party_position.ends_with("Đảng ủy");
        const std::string_view unit = committee_leader ? std::string_view(row->parent) : std::string_view(row->code);
        if (!absorbed.count(unit)) continue;
        if (!committee_leader && *row->parent) continue;  // a cell's own seats stay with the cell
        auto d = demoted.find(pm.record.party_position);
        if (d == demoted.end()) continue;
        pm.record.party_position = d->second;
        if (pm.record.gov_position.starts_with("Giám đốc") || pm.record.gov_position.starts_with("Cục trưởng"))
            pm.record.gov_position = "Phó " + pm.record.gov_position;
    }
}

}  // namespace

Province BuildProvince(Size scale) {
    Province p;
    Rng rng(0x5155414e47424e48ULL);  // "QUANGBNH"
    const int64_t today = Days(kDemoToday);

    std::map<std::string, const Row*, std::less<>> rows;
    // The province's party organization (renamed when the provinces merged), the bloc under it until
    // 2025, and the two committees that replaced the bloc.
    p.orgs.push_back({"DBT", "", "Đảng bộ tỉnh Quảng Bình", "provincial_committee", kFounded, ""});
    p.orgs.push_back({"DBK", "DBT", "Đảng bộ Khối các cơ quan tỉnh Quảng Bình", "bloc", kFounded, ""});
    p.orgs.push_back({"DBCQD", "DBT", "Đảng bộ các cơ quan Đảng tỉnh Quảng Bình", "upper_committee", kBlocEnded,
                      kDecisionPartyCommittee});
    p.orgs.push_back({"DBUB", "DBT", "Đảng bộ Ủy ban nhân dân tỉnh Quảng Bình", "upper_committee", kBlocEnded,
                      kDecisionGovernmentCommittee});
    for (const auto& r : kRows) {
        rows[r.code] = &r;
        p.orgs.push_back({r.code, *r.parent ? r.parent : "DBK", r.name, r.type, r.founded, ""});
    }

    // Sizes: ≥ 30 members in every đảng bộ cơ sở, < 30 in every chi bộ cơ sở.
    std::map<std::string, int, std::less<>> size;
    std::map<std::string, std::vector<std::string>, std::less<>> cells_of;
    for (const auto& r : kRows) {
        if (Is(r.type, kCommittee)) continue;
        const Row& g = *r.parent ? *rows.at(r.parent) : r;
        bool big = g.sector == Sector::kHospital || g.sector == Sector::kSchool;
        size[r.code] = r.size                   ? r.size
                       : Is(r.type, kGrassCell) ? rng.Between(8, 24)
                       : big                    ? rng.Between(16, 38)
                                                : rng.Between(9, 30);
        if (*r.parent) cells_of[r.parent].push_back(r.code);
    }
    for (auto& [committee, cells] : cells_of) {
        int total = 0;
        for (const auto& c : cells) total += size[c];
        for (size_t i = 0; total < 30; i = (i + 1) % cells.size()) {
            if (rows.at(cells[i])->size) continue;
            ++size[cells[i]];
            ++total;
        }
    }

    std::set<std::string> cards;
    std::vector<PlannedEvent> events;
    for (const auto& r : kRows) {
        if (Is(r.type, kCommittee)) continue;
        const bool grassroots_cell = Is(r.type, kGrassCell);
        const Row& g = grassroots_cell ? r : *rows.at(r.parent);
        const auto staff = Staff(g.sector);
        const std::string head = g.head;
        const int n = size[r.code];

        // Who leads: a committee's secretary sits in its office cell (or its first), the deputy in another.
        std::vector<Role> roles;
        if (grassroots_cell) {
            roles.push_back({"Bí thư Chi bộ", head, true});
            if (n >= 9) roles.push_back({"Phó Bí thư Chi bộ", "Phó " + head, true});
        } else {
            const auto& siblings = cells_of.at(r.parent);
            auto office =
                std::find_if(siblings.begin(), siblings.end(), [](const std::string& c) { return c.ends_with("-VP"); });
            const std::string& lead = office != siblings.end() ? *office : siblings.front();
            const std::string& deputy = siblings.front() == lead ? siblings[1] : siblings.front();
            if (r.code == lead) roles.push_back({"Bí thư Đảng ủy", head, true});
            if (r.code == deputy) roles.push_back({"Phó Bí thư Đảng ủy", "Phó " + head, true});
            if (siblings.size() > 2 && r.code == siblings[2] && lead != siblings[2])
                roles.push_back({"Đảng ủy viên", "Phó " + head, true});
            roles.push_back({"Bí thư Chi bộ", staff[0], true});
            if (n >= 9) roles.push_back({"Phó Bí thư Chi bộ", staff[1], true});
        }
        if (n >= 9)
            for (int k = rng.Between(1, 2); k > 0; --k)
                roles.push_back({"Chi ủy viên", staff[rng.Between(0, 2)], false});

        // Admissions end before the cell does; official members were admitted over a year ago.
        int64_t latest_day = today - 20;
        if (auto it = kLatestAdmission.find(r.code); it != kLatestAdmission.end()) latest_day = Days(it->second);
        const int64_t official_latest = std::min(latest_day, today - 400);
        const int64_t founded = Days(r.founded);

        for (int i = 0; i < n; ++i) {
            const Named* named = nullptr;
            for (const auto& nm : kNamed)
                if (r.code == std::string_view(nm.cell) && (nm.index == i || (nm.index < 0 && i == n - 1))) named = &nm;
            Role role =
                i < static_cast<int>(roles.size()) ? roles[i] : Role{"Đảng viên", rng.Of(staff.subspan(1)), false};

            member::Member m;
            m.gender = named ? named->gender : rng.Percent(role.leader ? 75 : 56) ? "male" : "female";
            const bool male = m.gender == "male";
            int ethnic = static_cast<int>(rng.Between(0, 99));
            m.ethnicity = ethnic < 2 ? "Bru-Vân Kiều" : ethnic < 3 ? "Chứt" : "Kinh";
            if (named) {
                m.full_name = named->name;
                m.ethnicity = "Kinh";
            } else {
                const char* family = ethnic < 2   ? Pick(rng, kBruFamily)
                                     : ethnic < 3 ? Pick(rng, kChutFamily)
                                                  : Pick(rng, kFamily);
                const char* middle = Pick(rng, male ? std::span<const Weighted>(kMaleMiddle) : kFemaleMiddle);
                const char* given = male ? rng.Of<const char*>(kMaleGiven) : rng.Of<const char*>(kFemaleGiven);
                m.full_name = std::string(family) + " " + middle + " " + given;
            }
            m.hometown = ethnic < 2   ? Pick(rng, kBruHometowns)
                         : ethnic < 3 ? Pick(rng, kChutHometowns)
                                      : Pick(rng, kHometowns);

            // Born 1965–2000 (leaders before 1983), most around 1980; admitted at 19 to 36.
            const int64_t born_lo = Days("1965-01-01");
            const int64_t born_hi = Days(role.leader ? "1982-12-31" : "2000-12-31");
            const int64_t born = (rng.Between(born_lo, born_hi) + rng.Between(born_lo, born_hi)) / 2;
            m.birth_date = Iso(born);
            const int64_t adult = born + 19 * 365 + 5;
            bool probationary = !role.leader && !named && rng.Percent(4) && latest_day >= today - 330;
            int64_t admitted;
            if (probationary) {
                admitted = rng.Between(today - 330, latest_day);
            } else {
                admitted = std::min(adult + rng.Between(0, 17 * 365), official_latest);
            }
            m.admitted_on = Iso(admitted);
            if (probationary) {
                m.status = member::Status::kProbationary;
            } else {
                m.status = member::Status::kOfficial;
                m.official_on = Iso(admitted + 365 + rng.Between(0, 30));
                std::string card;
                do {
                    card = std::to_string(rng.Between(10'000'000, 99'999'999));
                } while (!cards.insert(card).second);
                m.card_number = card;
            }
            m.party_position = named && *named->party ? named->party : role.party;
            m.gov_position = named && *named->gov ? named->gov : role.gov;
            // Citizen id: 044 (Quảng Bình), century and sex, year of birth, six digits.
            const int year = time::CivilFromDays(born).year;
            m.citizen_id = "044" + std::to_string((year >= 2000 ? 2 : 0) + (male ? 0 : 1)) +
                           std::to_string(year % 100 / 10) + std::to_string(year % 10) +
                           std::to_string(rng.Between(100'000, 999'999));
            m.phone =
                std::string(rng.Of<const char*>(kPhonePrefixes)) + std::to_string(rng.Between(1'000'000, 9'999'999));

            // The small demo keeps the leaders and named people; everything above was drawn anyway, so
            // the generator's sequence (and every kept person) is the same as in the full demo.
            if (scale == Size::kSmall && i >= kSmallPerCell && !named) continue;
            // Admitted before the cell existed: in its origin cell first, moved on the founding day.
            std::string cell = r.code;
            if (admitted < founded && *r.origin) {
                cell = r.origin;
                events.push_back({r.founded, "transfer", "", "", r.code, p.members.size(),
                                  "Chuyển sinh hoạt về chi bộ mới thành lập"});
            }
            p.members.push_back({std::move(m), cell});
        }
    }

    // The project cell is wound up: its members go to two cells of the department, then it is dissolved.
    {
        int k = 0;
        for (size_t i = 0; i < p.members.size(); ++i)
            if (p.members[i].cell == "SONN-DA")
                events.push_back({"2021-06-01", "transfer", "", "", k++ % 2 ? "SONN-TL" : "SONN-VP", i,
                                  "Dự án kết thúc, chuyển sinh hoạt về đơn vị"});
    }
    std::set<size_t> moved;
    for (const auto& mv : kMoves) {
        for (size_t i = 0; i < p.members.size(); ++i) {
            const auto& pm = p.members[i];
            if (pm.cell == mv.from && pm.record.party_position == "Đảng viên" && pm.record.admitted_on < mv.date &&
                moved.insert(i).second) {
                events.push_back({mv.date, "transfer", "", "", mv.to, i, "Chuyển công tác"});
                break;
            }
        }
    }
    for (const auto& c : kChanges) {
        std::string target = c.target;
        if (std::string_view(c.kind) == "move" && target.empty()) target = "DBK";
        events.push_back({c.date, c.kind, c.org, c.name, target, 0, c.decision});
    }
    AddBlocEnd(events);
    AddLeaders(p, cards, events);
    DemoteAbsorbedLeaders(p);
    std::stable_sort(events.begin(), events.end(),
                     [](const PlannedEvent& a, const PlannedEvent& b) { return a.date < b.date; });
    p.events = std::move(events);
    return p;
}

}  // namespace dv::demo
