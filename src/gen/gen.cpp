// gen: the tables and the fixed-seed generator of the national data set, and its bulk write.
// Provinces are the 34 of 1/7/2025 with their citizen-id codes; member counts per province, names,
// ethnic groups by region, units and job titles are plausible, and invented.
#include "gen/gen.h"

#include <algorithm>
#include <boost/json.hpp>
#include <future>
#include <set>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "core/rng.h"
#include "core/time.h"
#include "core/vn_text.h"
#include "gen/store.h"
#include "org/service.h"
#include "rollup/rollup.h"

namespace dv::gen {

namespace {

constexpr const char* kPartyFounded = "1930-02-03";
// The 34 provinces and the new communes and wards took effect on this day; the tree is as it was set
// up then. Members keep their admission dates from before (placements from admission, as an import
// of existing members writes them).
constexpr const char* kReorganized = "2025-07-01";
constexpr size_t kChunk = 100'000;  // members per transaction
constexpr int kCellMin = 5;         // the smallest unit drawn; what is left below it joins the last one
constexpr int64_t kMembersPerGrassroots = 110;

template <typename T>
struct Weighted {
    T value;
    int weight;
};

template <typename T>
const T& Pick(Rng& rng, std::span<const Weighted<T>> items) {
    int total = 0;
    for (const auto& w : items) total += w.weight;
    auto r = rng.Between(0, total - 1);
    for (const auto& w : items) {
        if (r < w.weight) return w.value;
        r -= w.weight;
    }
    return items.back().value;
}

using Word = Weighted<const char*>;

// A bucket of a size or age distribution: uniform within [lo, hi].
struct Bucket {
    int weight, lo, hi;
};

int Draw(Rng& rng, std::span<const Bucket> buckets) {
    int total = 0;
    for (const auto& b : buckets) total += b.weight;
    auto r = rng.Between(0, total - 1);
    for (const auto& b : buckets) {
        if (r < b.weight) return static_cast<int>(rng.Between(b.lo, b.hi));
        r -= b.weight;
    }
    return buckets.back().hi;
}

// Members of a grassroots organization, as drawn (then scaled to kMembersPerGrassroots on average): half
// under 30 (grassroots cells), a long tail of large committees (hospitals, universities, corporations).
// Mean ≈ 111.
const Bucket kGrassrootsSizes[] = {{205, 5, 14},   {290, 15, 29},  {170, 30, 59},   {130, 60, 119}, {110, 120, 249},
                                   {55, 250, 499}, {30, 500, 999}, {9, 1000, 2499}, {1, 2500, 6000}};
// Members of a cell inside a committee: 5 to 200, most between 10 and 35. Mean ≈ 31.
const Bucket kCellSizes[] = {{150, 5, 9},  {330, 10, 19},  {260, 20, 34}, {150, 35, 59},
                             {70, 60, 99}, {30, 100, 149}, {10, 150, 200}};
// Ages on kAsOf: staff of agencies, schools, firms; and residents (villages, wards), often retired.
const Bucket kWorkAges[] = {{12, 23, 29}, {30, 30, 39}, {30, 40, 49}, {28, 50, 60}};
const Bucket kResidentAges[] = {{12, 25, 39}, {28, 40, 59}, {32, 60, 74}, {28, 75, 95}};
// Age at admission, in years.
const Bucket kAdmissionAges[] = {{30, 18, 24}, {50, 25, 32}, {20, 33, 45}};

// ---- Places

enum class Region { kNorthMountain, kRedRiver, kNorthCentral, kSouthCentral, kHighlands, kSoutheast, kMekong };

struct Province {
    const char* name;   // "Nghệ An"
    const char* label;  // "tỉnh Nghệ An", as in "Đảng bộ tỉnh Nghệ An"
    bool city;          // a centrally-run city: Thành ủy, wards rather than communes
    Region region;
    int weight;           // members, roughly in thousands
    const char* citizen;  // the province code opening citizen-id numbers
};

const Province kProvinces[] = {
    {"Hà Nội", "thành phố Hà Nội", true, Region::kRedRiver, 480, "001"},
    {"Cao Bằng", "tỉnh Cao Bằng", false, Region::kNorthMountain, 45, "004"},
    {"Tuyên Quang", "tỉnh Tuyên Quang", false, Region::kNorthMountain, 110, "008"},
    {"Điện Biên", "tỉnh Điện Biên", false, Region::kNorthMountain, 45, "011"},
    {"Lai Châu", "tỉnh Lai Châu", false, Region::kNorthMountain, 30, "012"},
    {"Sơn La", "tỉnh Sơn La", false, Region::kNorthMountain, 80, "014"},
    {"Lào Cai", "tỉnh Lào Cai", false, Region::kNorthMountain, 110, "010"},
    {"Thái Nguyên", "tỉnh Thái Nguyên", false, Region::kNorthMountain, 130, "019"},
    {"Lạng Sơn", "tỉnh Lạng Sơn", false, Region::kNorthMountain, 60, "020"},
    {"Quảng Ninh", "tỉnh Quảng Ninh", false, Region::kRedRiver, 110, "022"},
    {"Bắc Ninh", "tỉnh Bắc Ninh", false, Region::kRedRiver, 180, "027"},
    {"Phú Thọ", "tỉnh Phú Thọ", false, Region::kRedRiver, 230, "025"},
    {"Hải Phòng", "thành phố Hải Phòng", true, Region::kRedRiver, 250, "031"},
    {"Hưng Yên", "tỉnh Hưng Yên", false, Region::kRedRiver, 200, "033"},
    {"Ninh Bình", "tỉnh Ninh Bình", false, Region::kRedRiver, 260, "037"},
    {"Thanh Hóa", "tỉnh Thanh Hóa", false, Region::kNorthCentral, 230, "038"},
    {"Nghệ An", "tỉnh Nghệ An", false, Region::kNorthCentral, 220, "040"},
    {"Hà Tĩnh", "tỉnh Hà Tĩnh", false, Region::kNorthCentral, 120, "042"},
    {"Quảng Trị", "tỉnh Quảng Trị", false, Region::kNorthCentral, 140, "045"},
    {"Huế", "thành phố Huế", true, Region::kNorthCentral, 80, "046"},
    {"Đà Nẵng", "thành phố Đà Nẵng", true, Region::kSouthCentral, 150, "048"},
    {"Quảng Ngãi", "tỉnh Quảng Ngãi", false, Region::kSouthCentral, 120, "051"},
    {"Gia Lai", "tỉnh Gia Lai", false, Region::kHighlands, 150, "064"},
    {"Đắk Lắk", "tỉnh Đắk Lắk", false, Region::kHighlands, 130, "066"},
    {"Khánh Hòa", "tỉnh Khánh Hòa", false, Region::kSouthCentral, 110, "056"},
    {"Lâm Đồng", "tỉnh Lâm Đồng", false, Region::kHighlands, 160, "068"},
    {"Đồng Nai", "tỉnh Đồng Nai", false, Region::kSoutheast, 170, "075"},
    {"Tây Ninh", "tỉnh Tây Ninh", false, Region::kSoutheast, 140, "072"},
    {"Hồ Chí Minh", "Thành phố Hồ Chí Minh", true, Region::kSoutheast, 300, "079"},
    {"Đồng Tháp", "tỉnh Đồng Tháp", false, Region::kMekong, 150, "087"},
    {"Vĩnh Long", "tỉnh Vĩnh Long", false, Region::kMekong, 160, "086"},
    {"Cần Thơ", "thành phố Cần Thơ", true, Region::kMekong, 140, "092"},
    {"An Giang", "tỉnh An Giang", false, Region::kMekong, 160, "089"},
    {"Cà Mau", "tỉnh Cà Mau", false, Region::kMekong, 110, "096"},
};
constexpr size_t kProvinceCount = std::size(kProvinces);

// Place names (communes, wards, villages, firms) are two of these syllables.
const char* const kPlaceFirst[] = {"An",    "Bình", "Hòa",   "Tân",  "Phú",   "Long", "Vĩnh",  "Thanh", "Đông",  "Tây",
                                   "Nam",   "Bắc",  "Quang", "Hưng", "Phước", "Mỹ",   "Thạnh", "Xuân",  "Hồng",  "Minh",
                                   "Đại",   "Cẩm",  "Kim",   "Ngọc", "Hải",   "Sơn",  "Thuận", "Đức",   "Trung", "Yên",
                                   "Hương", "Lạc",  "Thái",  "Định", "Quảng", "Gia",  "Phong", "Khánh", "Hiệp",  "Lộc"};
const char* const kPlaceSecond[] = {"Bình",  "Phú",   "Hòa",   "An",   "Lộc",   "Thịnh", "Hưng",  "Thành",
                                    "Lợi",   "Sơn",   "Hải",   "Long", "Điền",  "Mỹ",    "Xuân",  "Tiến",
                                    "Lâm",   "Khánh", "Phong", "Thọ",  "Phước", "Hiệp",  "Định",  "Trạch",
                                    "Thủy",  "Ninh",  "Hà",    "Quý",  "Tân",   "Châu",  "Đông",  "Trung",
                                    "Nghĩa", "Thuận", "Lạc",   "Yên",  "Hậu",   "Tường", "Giang", "Đạt"};
const char* const kPeople[] = {
    "Nguyễn Du",      "Lê Quý Đôn",        "Trần Phú",        "Phan Bội Châu",    "Nguyễn Trãi",
    "Lê Lợi",         "Quang Trung",       "Chu Văn An",      "Hùng Vương",       "Lý Thường Kiệt",
    "Võ Thị Sáu",     "Nguyễn Huệ",        "Trần Hưng Đạo",   "Ngô Quyền",        "Nguyễn Văn Trỗi",
    "Kim Đồng",       "Lê Hồng Phong",     "Phan Châu Trinh", "Huỳnh Thúc Kháng", "Nguyễn Thị Minh Khai",
    "Trần Quốc Toản", "Lý Tự Trọng",       "Hoàng Hoa Thám",  "Đinh Tiên Hoàng",  "Bà Triệu",
    "Hai Bà Trưng",   "Nguyễn Đình Chiểu", "Tô Hiệu",         "Nguyễn Khuyến",    "Lương Thế Vinh"};
const char* const kFlowers[] = {"Hoa Sen",  "Hoa Hồng", "Sơn Ca",  "Họa Mi",     "Hướng Dương", "Bình Minh",
                                "Tuổi Thơ", "Măng Non", "Hoa Mai", "Hoa Phượng", "Sao Mai",     "Hoa Ban"};
const char* const kIndustries[] = {"Xây dựng",  "Thương mại", "Cơ khí",          "Dệt may",   "Thủy sản",
                                   "Vận tải",   "Cấp nước",   "Môi trường",      "Dược phẩm", "Xi măng",
                                   "Cao su",    "Chè",        "Lương thực",      "Điện lực",  "Khoáng sản",
                                   "Gạch ngói", "Lâm nghiệp", "Giống cây trồng", "Du lịch",   "In"};
const char* const kPhonePrefixes[] = {"090", "091", "093", "094", "096", "097", "098", "086", "088",
                                      "032", "033", "035", "036", "037", "038", "039", "070", "076",
                                      "077", "078", "079", "081", "083", "084", "085"};

// ---- People

const Word kKinhFamily[] = {{"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95},    {"Phạm", 70}, {"Hoàng", 30}, {"Huỳnh", 21},
                            {"Phan", 45},    {"Vũ", 22},    {"Võ", 17},    {"Đặng", 21}, {"Bùi", 20},   {"Đỗ", 14},
                            {"Hồ", 13},      {"Ngô", 13},   {"Dương", 10}, {"Lý", 5},    {"Đinh", 7},   {"Trương", 6},
                            {"Mai", 4},      {"Đào", 4},    {"Lương", 4},  {"Cao", 4},   {"Tạ", 2},     {"Lưu", 3},
                            {"Hà", 4},       {"Thái", 2},   {"Châu", 2},   {"Tô", 2},    {"Trịnh", 4},  {"Đoàn", 4},
                            {"Lâm", 3},      {"Kiều", 1},   {"Vương", 1},  {"Quách", 1}, {"Tăng", 1}};
const Word kTayFamily[] = {{"Hoàng", 20}, {"Nông", 20}, {"Lục", 8}, {"Ma", 8},  {"Hà", 8},
                           {"Lưu", 5},    {"Triệu", 6}, {"Bế", 6},  {"Đàm", 5}, {"Lăng", 4}};
const Word kThaiFamily[] = {{"Lò", 20}, {"Lường", 15}, {"Quàng", 10}, {"Cầm", 10},
                            {"Vi", 8},  {"Tòng", 6},   {"Hà", 8},     {"Lộc", 5}};
const Word kMuongFamily[] = {{"Bùi", 30}, {"Đinh", 25}, {"Quách", 10}, {"Hà", 10}, {"Xa", 5}, {"Cao", 5}};
const Word kKhmerFamily[] = {{"Thạch", 30}, {"Sơn", 20}, {"Danh", 20}, {"Kim", 10}, {"Lâm", 8}, {"Chau", 8}, {"Lý", 4}};
const Word kMongFamily[] = {{"Giàng", 20}, {"Vàng", 15}, {"Thào", 15}, {"Sùng", 12},
                            {"Mùa", 10},   {"Lầu", 8},   {"Hạng", 8},  {"Lý", 6}};
const Word kNungFamily[] = {{"Nông", 20}, {"Hoàng", 18}, {"Lục", 10}, {"Chu", 8}, {"Lương", 8}, {"Mã", 6}, {"Vi", 6}};
const Word kDaoFamily[] = {{"Triệu", 25}, {"Bàn", 20}, {"Đặng", 15}, {"Lý", 10}, {"Chảo", 8}, {"Phùng", 6}};
const Word kHoaFamily[] = {{"Lâm", 15}, {"Trương", 12}, {"Quách", 8}, {"Lý", 10},
                           {"Hứa", 8},  {"Mạc", 5},     {"Tạ", 6},    {"Lưu", 8}};
const Word kChamFamily[] = {{"Đàng", 20}, {"Thành", 10}, {"Quảng", 8}, {"Châu", 6}, {"Lộ", 5}};

const Word kMaleMiddle[] = {{"Văn", 35}, {"Hữu", 6},  {"Đức", 7},  {"Minh", 7}, {"Quốc", 5},  {"Thanh", 6},
                            {"Xuân", 4}, {"Công", 5}, {"Đình", 6}, {"Ngọc", 4}, {"Quang", 5}, {"Trọng", 3},
                            {"Anh", 3},  {"Tiến", 3}, {"Duy", 3},  {"Mạnh", 2}, {"Hoàng", 3}, {"Bá", 2},
                            {"Thế", 3},  {"Chí", 2},  {"Hồng", 2}, {"Việt", 2}, {"Trung", 2}};
const Word kFemaleMiddle[] = {{"Thị", 50}, {"Thu", 6},    {"Thanh", 5},   {"Ngọc", 6},     {"Minh", 3},
                              {"Hồng", 4}, {"Phương", 3}, {"Thúy", 3},    {"Kim", 4},      {"Diệu", 2},
                              {"Hải", 2},  {"Bích", 2},   {"Thị Thu", 3}, {"Thị Hồng", 2}, {"Thị Minh", 2},
                              {"Mỹ", 2},   {"Khánh", 2},  {"Bảo", 2},     {"Hoài", 2},     {"Cẩm", 1}};
const char* const kMaleGiven[] = {
    "An",    "Anh",   "Bình",   "Cường", "Dũng",  "Đạt",   "Đức",   "Hải",   "Hiếu", "Hòa",   "Hùng", "Huy",
    "Khánh", "Lâm",   "Long",   "Minh",  "Nam",   "Nghĩa", "Phong", "Phúc",  "Quân", "Quang", "Sơn",  "Tâm",
    "Thắng", "Thành", "Thịnh",  "Toàn",  "Trung", "Tuấn",  "Việt",  "Vinh",  "Vũ",   "Hoàng", "Lợi",  "Lực",
    "Tùng",  "Kiên",  "Trường", "Hưng",  "Tài",   "Hậu",   "Thuận", "Chiến", "Định", "Lộc",   "Nhật", "Phước",
    "Sáng",  "Thọ",   "Tín",    "Vương", "Khải",  "Đông",  "Hiển",  "Bảo",   "Công", "Duy",   "Hiệp", "Quý"};
const char* const kFemaleGiven[] = {
    "An",  "Anh",   "Châu", "Chi",   "Dung",  "Duyên", "Giang", "Hà",    "Hạnh",  "Hằng", "Hiền",   "Hoa",   "Hồng",
    "Huệ", "Hương", "Lan",  "Linh",  "Loan",  "Mai",   "Nga",   "Ngân",  "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh",
    "Tâm", "Thảo",  "Thủy", "Trang", "Tuyết", "Uyên",  "Vân",   "Yến",   "Nhàn",  "Hoài", "Xuân",   "Thơ",   "Lệ",
    "Ly",  "Nhi",   "Thư",  "Vy",    "Liên",  "Diệp",  "Ánh",   "Sương", "Thanh", "Thúy", "Ngọc",   "Trâm",  "Hậu"};

// Ethnic groups by region, with the family names their members most often carry (Kinh names for the
// groups without a list here).
struct Ethnic {
    const char* name;
    std::span<const Word> family;
};
using EthnicShare = Weighted<Ethnic>;
const EthnicShare kNorthMountainEthnic[] = {
    {{"Kinh", kKinhFamily}, 40}, {{"Tày", kTayFamily}, 18}, {{"Thái", kThaiFamily}, 14}, {{"Mông", kMongFamily}, 10},
    {{"Nùng", kNungFamily}, 10}, {{"Dao", kDaoFamily}, 6},  {{"Mường", kMuongFamily}, 2}};
const EthnicShare kRedRiverEthnic[] = {{{"Kinh", kKinhFamily}, 94},
                                       {{"Mường", kMuongFamily}, 3},
                                       {{"Tày", kTayFamily}, 1},
                                       {{"Sán Dìu", kKinhFamily}, 1},
                                       {{"Dao", kDaoFamily}, 1}};
const EthnicShare kNorthCentralEthnic[] = {{{"Kinh", kKinhFamily}, 90},
                                           {{"Mường", kMuongFamily}, 4},
                                           {{"Thái", kThaiFamily}, 4},
                                           {{"Bru - Vân Kiều", kKinhFamily}, 1},
                                           {{"Tà Ôi", kKinhFamily}, 1}};
const EthnicShare kSouthCentralEthnic[] = {{{"Kinh", kKinhFamily}, 92},
                                           {{"Chăm", kChamFamily}, 3},
                                           {{"Hrê", kKinhFamily}, 2},
                                           {{"Raglai", kKinhFamily}, 2},
                                           {{"Cơ Tu", kKinhFamily}, 1}};
const EthnicShare kHighlandsEthnic[] = {
    {{"Kinh", kKinhFamily}, 72}, {{"Gia Rai", kKinhFamily}, 8}, {{"Ê Đê", kKinhFamily}, 7}, {{"Ba Na", kKinhFamily}, 4},
    {{"Cơ Ho", kKinhFamily}, 4}, {{"Nùng", kNungFamily}, 2},    {{"Tày", kTayFamily}, 1},   {{"Chăm", kChamFamily}, 2}};
const EthnicShare kSoutheastEthnic[] = {{{"Kinh", kKinhFamily}, 93},
                                        {{"Hoa", kHoaFamily}, 4},
                                        {{"Khmer", kKhmerFamily}, 1},
                                        {{"Chơ Ro", kKinhFamily}, 1},
                                        {{"Xtiêng", kKinhFamily}, 1}};
const EthnicShare kMekongEthnic[] = {
    {{"Kinh", kKinhFamily}, 88}, {{"Khmer", kKhmerFamily}, 9}, {{"Hoa", kHoaFamily}, 2}, {{"Chăm", kChamFamily}, 1}};

std::span<const EthnicShare> EthnicShares(Region r) {
    switch (r) {
        case Region::kNorthMountain:
            return kNorthMountainEthnic;
        case Region::kRedRiver:
            return kRedRiverEthnic;
        case Region::kNorthCentral:
            return kNorthCentralEthnic;
        case Region::kSouthCentral:
            return kSouthCentralEthnic;
        case Region::kHighlands:
            return kHighlandsEthnic;
        case Region::kSoutheast:
            return kSoutheastEthnic;
        case Region::kMekong:
            return kMekongEthnic;
    }
    return kRedRiverEthnic;
}

// ---- Work: what a grassroots organization does decides its people's job titles, sex ratio and ages.

enum class Sector { kAgency, kSchool, kHealth, kEnterprise, kPolice, kMilitary, kVillage, kResidential, kCooperative };

const Word kAgencyStaff[] = {{"Chuyên viên chính", 14}, {"Chuyên viên", 45},   {"Phó Trưởng phòng", 8},
                             {"Kế toán viên", 6},       {"Thanh tra viên", 5}, {"Cán sự", 8},
                             {"Nhân viên", 8},          {"Lái xe", 2}};
const Word kSchoolStaff[] = {{"Giáo viên", 60}, {"Giảng viên", 10}, {"Tổ phó chuyên môn", 8},
                             {"Nhân viên", 8},  {"Kế toán", 3},     {"Thư viện viên", 2}};
const Word kHealthStaff[] = {{"Bác sĩ", 25}, {"Điều dưỡng", 35}, {"Dược sĩ", 6},        {"Kỹ thuật viên", 8},
                             {"Hộ sinh", 6}, {"Nhân viên", 6},   {"Phó Trưởng khoa", 5}};
const Word kEnterpriseStaff[] = {{"Công nhân", 40},         {"Kỹ sư", 15}, {"Nhân viên", 20}, {"Kế toán viên", 6},
                                 {"Tổ trưởng sản xuất", 8}, {"Lái xe", 4}};
const Word kPoliceStaff[] = {
    {"Cán bộ", 35}, {"Điều tra viên", 10}, {"Trinh sát viên", 10}, {"Phó Đội trưởng", 8}, {"Cán bộ nghiệp vụ", 20}};
const Word kMilitaryStaff[] = {{"Sĩ quan", 35},
                               {"Quân nhân chuyên nghiệp", 25},
                               {"Hạ sĩ quan", 15},
                               {"Chiến sĩ", 15},
                               {"Công nhân viên quốc phòng", 5}};
const Word kVillageStaff[] = {{"Nông dân", 45},
                              {"Hưu trí", 15},
                              {"Kinh doanh", 8},
                              {"Công nhân", 8},
                              {"Giáo viên", 6},
                              {"Lao động tự do", 10},
                              {"Cán bộ không chuyên trách", 5}};
const Word kResidentStaff[] = {{"Hưu trí", 40},   {"Kinh doanh", 15},     {"Công chức", 10},
                               {"Viên chức", 10}, {"Lao động tự do", 12}, {"Công nhân", 8}};
const Word kCooperativeStaff[] = {{"Xã viên", 45}, {"Nông dân", 25}, {"Kế toán", 5}, {"Nhân viên", 10}};

const char* const kAgencyUnits[] = {
    "Văn phòng",      "Phòng Tổng hợp",  "Phòng Tổ chức - Hành chính", "Phòng Kế hoạch - Tài chính", "Phòng Nghiệp vụ",
    "Phòng Pháp chế", "Phòng Thanh tra", "Phòng Quản lý chuyên ngành"};
const char* const kSchoolUnits[] = {"Tổ Toán - Tin",
                                    "Tổ Ngữ văn",
                                    "Tổ Ngoại ngữ",
                                    "Tổ Khoa học tự nhiên",
                                    "Tổ Khoa học xã hội",
                                    "Tổ Văn phòng",
                                    "Tổ Giáo dục thể chất - Quốc phòng"};
const char* const kHealthUnits[] = {"Khoa Nội",
                                    "Khoa Ngoại",
                                    "Khoa Sản",
                                    "Khoa Nhi",
                                    "Khoa Hồi sức cấp cứu",
                                    "Khoa Xét nghiệm",
                                    "Khoa Chẩn đoán hình ảnh",
                                    "Khoa Dược",
                                    "Khoa Truyền nhiễm",
                                    "Khoa Y học cổ truyền",
                                    "Phòng Kế hoạch tổng hợp",
                                    "Phòng Tổ chức - Hành chính"};
const char* const kEnterpriseUnits[] = {"Phòng Kỹ thuật", "Phòng Kinh doanh", "Phòng Tài chính - Kế toán",
                                        "Phòng Tổ chức - Hành chính"};
const char* const kPoliceUnits[] = {"Đội Tổng hợp",         "Đội An ninh",
                                    "Đội Cảnh sát hình sự", "Đội Cảnh sát giao thông",
                                    "Đội Cảnh sát kinh tế", "Đội Quản lý hành chính"};
const char* const kMilitaryUnits[] = {"Ban Tham mưu", "Ban Chính trị", "Ban Hậu cần - Kỹ thuật"};

struct SectorInfo {
    int female_percent;
    bool residents;         // ages of residents rather than staff
    const char* unit_head;  // who heads a cell's unit
    std::span<const Word> staff;
    std::span<const char* const> units;  // the cells of a committee, then `numbered` 1, 2, ...
    const char* numbered;
    const char* block;  // sub-committees: "Đảng bộ bộ phận <block> 1"
};

// By Sector, in its order.
const SectorInfo kSectors[] = {
    {42, false, "Trưởng phòng", kAgencyStaff, kAgencyUnits, "Phòng Nghiệp vụ", "Khối"},
    {68, false, "Tổ trưởng chuyên môn", kSchoolStaff, kSchoolUnits, "Tổ chuyên môn", "Khối"},
    {62, false, "Trưởng khoa", kHealthStaff, kHealthUnits, "Khoa Lâm sàng", "Khối"},
    {35, false, "Quản đốc", kEnterpriseStaff, kEnterpriseUnits, "Phân xưởng", "Xí nghiệp"},
    {15, false, "Đội trưởng", kPoliceStaff, kPoliceUnits, "Đội", "Khối"},
    {8, false, "Đại đội trưởng", kMilitaryStaff, kMilitaryUnits, "Đại đội", "Tiểu đoàn"},
    {28, true, "Trưởng xóm", kVillageStaff, {}, "Xóm", "Khu"},
    {48, true, "Tổ trưởng tổ dân phố", kResidentStaff, {}, "Khu dân cư số", "Khu"},
    {30, false, "Đội trưởng sản xuất", kCooperativeStaff, {}, "Đội sản xuất", "Khu"},
};

const SectorInfo& Info(Sector s) { return kSectors[static_cast<size_t>(s)]; }

// ---- Organizations above grassroots and their units.

// A unit of a provincial bloc. In names, {tu} is "Tỉnh ủy"/"Thành ủy", {p} the province's label and
// {n} its name.
struct Unit {
    const char* name;
    Sector sector;
    const char* head;
};
const Unit kPartyAgencyUnits[] = {
    {"Văn phòng {tu}", Sector::kAgency, "Chánh Văn phòng"},
    {"Ban Tổ chức {tu}", Sector::kAgency, "Trưởng ban"},
    {"Ủy ban Kiểm tra {tu}", Sector::kAgency, "Chủ nhiệm Ủy ban Kiểm tra"},
    {"Ban Tuyên giáo và Dân vận {tu}", Sector::kAgency, "Trưởng ban"},
    {"Ban Nội chính {tu}", Sector::kAgency, "Trưởng ban"},
    {"Ban Chính sách, chiến lược {tu}", Sector::kAgency, "Trưởng ban"},
    {"Báo và Phát thanh, Truyền hình {n}", Sector::kAgency, "Tổng Biên tập"},
    {"Trường Chính trị {p}", Sector::kSchool, "Hiệu trưởng"},
    {"Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam {p}", Sector::kAgency, "Chủ tịch"},
    {"Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân {p}", Sector::kAgency, "Chánh Văn phòng"},
    {"Tòa án nhân dân {p}", Sector::kAgency, "Chánh án"},
    {"Viện Kiểm sát nhân dân {p}", Sector::kAgency, "Viện trưởng"},
    {"Hội Nông dân {p}", Sector::kAgency, "Chủ tịch"},
    {"Liên đoàn Lao động {p}", Sector::kAgency, "Chủ tịch"},
    {"Hội Liên hiệp Phụ nữ {p}", Sector::kAgency, "Chủ tịch"},
    {"Đoàn Thanh niên Cộng sản Hồ Chí Minh {p}", Sector::kAgency, "Bí thư"},
    {"Hội Cựu chiến binh {p}", Sector::kAgency, "Chủ tịch"},
    {"Liên minh Hợp tác xã {p}", Sector::kAgency, "Chủ tịch"},
    {"Hội Chữ thập đỏ {p}", Sector::kAgency, "Chủ tịch"},
    {"Liên hiệp các Hội Khoa học và Kỹ thuật {p}", Sector::kAgency, "Chủ tịch"},
    {"Hội Văn học Nghệ thuật {p}", Sector::kAgency, "Chủ tịch"},
};
const Unit kGovernmentUnits[] = {
    {"Văn phòng Ủy ban nhân dân {p}", Sector::kAgency, "Chánh Văn phòng"},
    {"Sở Tài chính", Sector::kAgency, "Giám đốc Sở"},
    {"Sở Nội vụ", Sector::kAgency, "Giám đốc Sở"},
    {"Sở Tư pháp", Sector::kAgency, "Giám đốc Sở"},
    {"Sở Xây dựng", Sector::kAgency, "Giám đốc Sở"},
    {"Sở Nông nghiệp và Môi trường", Sector::kAgency, "Giám đốc Sở"},
    {"Sở Công Thương", Sector::kAgency, "Giám đốc Sở"},
    {"Sở Giáo dục và Đào tạo", Sector::kAgency, "Giám đốc Sở"},
    {"Sở Y tế", Sector::kAgency, "Giám đốc Sở"},
    {"Sở Văn hóa, Thể thao và Du lịch", Sector::kAgency, "Giám đốc Sở"},
    {"Sở Khoa học và Công nghệ", Sector::kAgency, "Giám đốc Sở"},
    {"Sở Dân tộc và Tôn giáo", Sector::kAgency, "Giám đốc Sở"},
    {"Sở Ngoại vụ", Sector::kAgency, "Giám đốc Sở"},
    {"Thanh tra {p}", Sector::kAgency, "Chánh Thanh tra"},
    {"Ban Quản lý các khu công nghiệp {p}", Sector::kAgency, "Trưởng ban"},
    {"Bệnh viện Đa khoa {p}", Sector::kHealth, "Giám đốc Bệnh viện"},
    {"Bệnh viện Sản - Nhi {p}", Sector::kHealth, "Giám đốc Bệnh viện"},
    {"Bệnh viện Y dược cổ truyền {p}", Sector::kHealth, "Giám đốc Bệnh viện"},
    {"Trung tâm Kiểm soát bệnh tật {p}", Sector::kHealth, "Giám đốc"},
    {"Trường Đại học {n}", Sector::kSchool, "Hiệu trưởng"},
    {"Trường Cao đẳng Y tế {n}", Sector::kSchool, "Hiệu trưởng"},
    {"Trường Cao đẳng Kỹ thuật - Công nghệ {n}", Sector::kSchool, "Hiệu trưởng"},
    {"Trường Trung học phổ thông chuyên {n}", Sector::kSchool, "Hiệu trưởng"},
    {"Ban Quản lý dự án đầu tư xây dựng {p}", Sector::kAgency, "Giám đốc Ban"},
    {"Quỹ Đầu tư phát triển {p}", Sector::kAgency, "Giám đốc Quỹ"},
    {"Trung tâm Phục vụ hành chính công {p}", Sector::kAgency, "Giám đốc"},
    {"Công ty TNHH Một thành viên Xổ số kiến thiết {n}", Sector::kEnterprise, "Giám đốc"},
    {"Công ty Cổ phần Cấp nước {n}", Sector::kEnterprise, "Tổng Giám đốc"},
    {"Công ty TNHH Một thành viên Môi trường đô thị {n}", Sector::kEnterprise, "Giám đốc"},
};
const Unit kPoliceUnitsOfProvince[] = {
    {"Phòng Tham mưu", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Tổ chức cán bộ", Sector::kPolice, "Trưởng phòng"},
    {"Phòng An ninh chính trị nội bộ", Sector::kPolice, "Trưởng phòng"},
    {"Phòng An ninh kinh tế", Sector::kPolice, "Trưởng phòng"},
    {"Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Cảnh sát hình sự", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Cảnh sát điều tra tội phạm về ma túy", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Cảnh sát điều tra tội phạm về kinh tế và chức vụ", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Cảnh sát giao thông", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Cảnh sát quản lý hành chính về trật tự xã hội", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Cảnh sát cơ động", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Quản lý xuất nhập cảnh", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Kỹ thuật hình sự", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Hậu cần", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Cảnh sát thi hành án hình sự và hỗ trợ tư pháp", Sector::kPolice, "Trưởng phòng"},
    {"Trại tạm giam", Sector::kPolice, "Giám thị"},
    {"Cơ quan Cảnh sát điều tra", Sector::kPolice, "Thủ trưởng"},
    {"Phòng Cảnh sát kinh tế", Sector::kPolice, "Trưởng phòng"},
    {"Phòng Hồ sơ", Sector::kPolice, "Trưởng phòng"},
};
const Unit kMilitaryUnitsOfProvince[] = {
    {"Cơ quan Tham mưu", Sector::kMilitary, "Tham mưu trưởng"},
    {"Cơ quan Chính trị", Sector::kMilitary, "Chủ nhiệm Chính trị"},
    {"Cơ quan Hậu cần - Kỹ thuật", Sector::kMilitary, "Chủ nhiệm Hậu cần - Kỹ thuật"},
    {"Tiểu đoàn Huấn luyện - Cơ động", Sector::kMilitary, "Tiểu đoàn trưởng"},
    {"Trường Quân sự {p}", Sector::kMilitary, "Hiệu trưởng"},
    {"Ban Chỉ huy Phòng thủ khu vực 1", Sector::kMilitary, "Chỉ huy trưởng"},
    {"Ban Chỉ huy Phòng thủ khu vực 2", Sector::kMilitary, "Chỉ huy trưởng"},
    {"Ban Chỉ huy Phòng thủ khu vực 3", Sector::kMilitary, "Chỉ huy trưởng"},
    {"Ban Chỉ huy Phòng thủ khu vực 4", Sector::kMilitary, "Chỉ huy trưởng"},
    {"Đại đội Trinh sát", Sector::kMilitary, "Đại đội trưởng"},
    {"Đại đội Thông tin", Sector::kMilitary, "Đại đội trưởng"},
    {"Đại đội Công binh", Sector::kMilitary, "Đại đội trưởng"},
    {"Kho Kỹ thuật", Sector::kMilitary, "Chủ nhiệm Kho"},
};

// Above grassroots: the province's four agency blocs (when it is large enough), then communes and
// wards, each with a number of grassroots organizations drawn from [min_units, max_units].
enum class BlocKind { kPartyAgencies, kGovernment, kPolice, kMilitary, kCommune, kWard };
struct BlocType {
    const char* name;  // after "Đảng bộ "; {p} as in Unit
    std::span<const Unit> units;
    int min_units, max_units;
};
const BlocType& Bloc(BlocKind k) {
    static const BlocType kTypes[] = {
        {"các cơ quan Đảng {p}", kPartyAgencyUnits, 10, 20},
        {"Ủy ban nhân dân {p}", kGovernmentUnits, 15, 27},
        {"Công an {p}", kPoliceUnitsOfProvince, 8, 20},
        {"Quân sự {p}", kMilitaryUnitsOfProvince, 5, 12},
        {"xã ", {}, 6, 28},
        {"phường ", {}, 6, 28},
    };
    return kTypes[static_cast<int>(k)];
}
// Provinces with fewer grassroots organizations than this get communes and wards only.
constexpr int kAgencyBlocsFrom = 60;

// The kinds of grassroots organization in a commune or ward. Part: what follows the prefix.
enum class Part { kLocality, kCommune, kPerson, kFlower, kPlace, kIndustryPlace };
struct LocalKind {
    const char* prefix;
    Part part;
    Sector sector;
    const char* head;
    int small, mid, large;  // weights below 30 members, 30-200, above 200
};
const LocalKind kLocalKinds[] = {
    {"", Part::kLocality, Sector::kVillage, "", 55, 0, 0},  // villages, or residential groups in wards
    {"Trường Tiểu học ", Part::kPerson, Sector::kSchool, "Hiệu trưởng", 8, 4, 0},
    {"Trường Mầm non ", Part::kFlower, Sector::kSchool, "Hiệu trưởng", 6, 2, 0},
    {"Trường Trung học cơ sở ", Part::kPerson, Sector::kSchool, "Hiệu trưởng", 6, 6, 0},
    {"Trường Trung học phổ thông ", Part::kPerson, Sector::kSchool, "Hiệu trưởng", 2, 18, 10},
    {"Trạm Y tế ", Part::kCommune, Sector::kHealth, "Trạm trưởng", 3, 0, 0},
    {"Công an ", Part::kCommune, Sector::kPolice, "Trưởng Công an", 4, 10, 10},
    {"Ban Chỉ huy Quân sự ", Part::kCommune, Sector::kMilitary, "Chỉ huy trưởng", 4, 3, 0},
    {"Cơ quan Đảng - Đoàn thể ", Part::kCommune, Sector::kAgency, "Chủ tịch Ủy ban Mặt trận Tổ quốc", 3, 6, 0},
    {"Cơ quan Ủy ban nhân dân ", Part::kCommune, Sector::kAgency, "Chủ tịch Ủy ban nhân dân", 3, 8, 0},
    {"Hợp tác xã Nông nghiệp ", Part::kPlace, Sector::kCooperative, "Giám đốc Hợp tác xã", 3, 3, 5},
    {"Công ty TNHH ", Part::kIndustryPlace, Sector::kEnterprise, "Giám đốc", 5, 10, 0},
    {"Công ty Cổ phần ", Part::kIndustryPlace, Sector::kEnterprise, "Tổng Giám đốc", 0, 22, 40},
    {"Trung tâm Y tế khu vực ", Part::kPlace, Sector::kHealth, "Giám đốc", 0, 10, 15},
    {"Bệnh viện Đa khoa khu vực ", Part::kPlace, Sector::kHealth, "Giám đốc Bệnh viện", 0, 6, 20},
};
constexpr size_t kJointStock = 12;     // what a second "Công an xã X" becomes when large
constexpr int kLargeCellPercent = 35;  // of grassroots with 30-200 members: a big village or ward cell

std::string Replace(std::string text, std::string_view key, std::string_view value) {
    for (size_t pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos + value.size()))
        text.replace(pos, key.size(), value);
    return text;
}

std::string ForProvince(const char* pattern, const Province& p) {
    return Replace(Replace(Replace(pattern, "{tu}", p.city ? "Thành ủy" : "Tỉnh ủy"), "{p}", p.label), "{n}", p.name);
}

// Two syllables, not the same twice: "Tân Phú".
std::string PlaceName(Rng& rng) {
    for (;;) {
        const char* a = rng.Of<const char*>(kPlaceFirst);
        const char* b = rng.Of<const char*>(kPlaceSecond);
        if (std::string_view(a) != b) return std::string(a) + " " + b;
    }
}

// Writes `value` in `width` digits (zero-padded, the top digits cut) at the end of `out`.
void AppendDigits(std::string& out, uint64_t value, int width) {
    size_t end = out.size() + static_cast<size_t>(width);
    out.resize(end);
    for (size_t i = end; i-- > end - static_cast<size_t>(width); value /= 10)
        out[i] = static_cast<char>('0' + value % 10);
}

// An organization code: `prefix` and n in at least `width` digits ("T01.004").
std::string Code(std::string prefix, int64_t n, int width) {
    int digits = 1;
    for (int64_t rest = n / 10; rest > 0; rest /= 10) ++digits;
    AppendDigits(prefix, static_cast<uint64_t>(n), std::max(width, digits));
    return prefix;
}

// ---- The plan: every organization (ids in order, parents first) and every cell's members.

enum class Lead { kNone, kSecretary, kDeputy, kCommitteeMember, kSubSecretary };

struct Grassroots {
    Sector sector;
    std::string head;  // the grassroots organization's head (its secretary's job)
};

// An organization that holds members directly.
struct Cell {
    int64_t org_id;
    int members;
    int province;
    size_t grassroots;     // index into Plan::grassroots
    bool grassroots_cell;  // the cell is the grassroots organization itself
    Lead lead;             // the committee role its first member holds
};

struct Plan {
    std::vector<store::OrgRow> orgs;
    std::vector<Grassroots> grassroots;
    std::vector<Cell> cells;
};

// Builds the tree top-down in one pass; the order of the draws is the data set's identity.
class PlanBuilder {
public:
    explicit PlanBuilder(const Options& options) : options_(options), rng_(options.seed ^ 0x4f52475452454553ULL) {}

    Plan Build() {
        int64_t root = Add(std::nullopt, "VN", "Đảng Cộng sản Việt Nam", "central", "");
        std::vector<int64_t> weights;
        for (const auto& p : kProvinces) weights.push_back(p.weight);
        auto budgets = Apportion(options_.members, weights);
        for (size_t p = 0; p < kProvinceCount; ++p) {
            province_ = static_cast<int>(p);
            const Province& prov = kProvinces[p];
            int64_t id = Add(root, Code("T", static_cast<int64_t>(p) + 1, 2), std::string("Đảng bộ ") + prov.label,
                             "provincial_committee",
                             Decision(100 + static_cast<int64_t>(p), "TW", "ngày 30/6/2025 của Bộ Chính trị"));
            if (budgets[p] > 0) AddProvinceContent(id, budgets[p]);
        }
        return std::move(plan_);
    }

private:
    // `n` in proportion to the weights, the remainders to the largest fractions (the first of equal ones).
    static std::vector<int64_t> Apportion(int64_t n, const std::vector<int64_t>& weights) {
        int64_t total = 0;
        for (int64_t w : weights) total += w;
        std::vector<int64_t> out(weights.size());
        std::vector<std::pair<int64_t, size_t>> fractions;
        int64_t given = 0;
        for (size_t i = 0; i < weights.size(); ++i) {
            out[i] = n * weights[i] / total;
            given += out[i];
            fractions.emplace_back(n * weights[i] % total, i);
        }
        std::stable_sort(fractions.begin(), fractions.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        for (size_t k = 0; given < n; ++k, ++given) ++out[fractions[k].second];
        return out;
    }

    // A province's members over round(budget / 110) grassroots organizations (at least one), in
    // proportion to sizes drawn from kGrassrootsSizes, each with kCellMin members at least (when there
    // are enough): so the ratio holds for small data sets too, where one draw from the long tail would
    // otherwise take a whole province.
    std::vector<int> GrassrootsSizes(int64_t budget) {
        const int64_t count = std::max<int64_t>(1, (budget + kMembersPerGrassroots / 2) / kMembersPerGrassroots);
        std::vector<int64_t> weights;
        for (int64_t i = 0; i < count; ++i) weights.push_back(Draw(rng_, kGrassrootsSizes));
        const int64_t floor = std::min<int64_t>(kCellMin, budget / count);
        std::vector<int> sizes;
        for (int64_t share : Apportion(budget - floor * count, weights))
            sizes.push_back(static_cast<int>(floor + share));
        return sizes;
    }

    // A committee's members over cells drawn from kCellSizes until none are left; a rest under kCellMin
    // joins the last cell, and a committee has two cells at least.
    std::vector<int> CellSizes(int members) {
        std::vector<int> sizes;
        for (int left = members; left > 0;) {
            int s = Draw(rng_, kCellSizes);
            if (left - s < kCellMin) s = left;
            sizes.push_back(s);
            left -= s;
        }
        if (sizes.size() == 1) sizes = {members / 2, members - members / 2};
        return sizes;
    }

    static std::string Decision(int64_t number, const char* symbol, const std::string& by) {
        return "Quyết định số " + std::to_string(number) + "-QĐ/" + symbol + " " + by;
    }

    int64_t Add(std::optional<int64_t> parent, std::string code, std::string name, const char* type,
                std::string decision) {
        store::OrgRow o;
        o.id = static_cast<int64_t>(plan_.orgs.size()) + 1;
        o.parent_id = parent;
        o.code = std::move(code);
        o.type_code = type;
        o.founded_on = parent ? kReorganized : kPartyFounded;
        o.details = boost::json::serialize(boost::json::object{{"name", name}, {"type", type}});
        o.name = std::move(name);
        o.decision = std::move(decision);
        plan_.orgs.push_back(std::move(o));
        return plan_.orgs.back().id;
    }

    std::string Place() { return PlaceName(rng_); }

    // `name` or, when already used among `used`, the first of "name số 2", "name số 3", ... that is not.
    static std::string Unique(std::set<std::string>& used, std::string name) {
        std::string candidate = name;
        for (int k = 2; used.count(candidate); ++k) candidate = name + " số " + std::to_string(k);
        used.insert(candidate);
        return candidate;
    }

    void AddProvinceContent(int64_t province_id, int64_t budget) {
        const Province& prov = kProvinces[province_];
        std::vector<int> sizes = GrassrootsSizes(budget);
        const int grassroots = static_cast<int>(sizes.size());
        std::vector<std::pair<BlocKind, int>> blocs;
        int placed = 0;
        if (grassroots >= kAgencyBlocsFrom) {
            for (BlocKind k :
                 {BlocKind::kPartyAgencies, BlocKind::kGovernment, BlocKind::kPolice, BlocKind::kMilitary}) {
                int n =
                    std::min(grassroots - placed, static_cast<int>(rng_.Between(Bloc(k).min_units, Bloc(k).max_units)));
                if (n > 0) blocs.emplace_back(k, n);
                placed += n;
            }
        }
        while (placed < grassroots) {
            BlocKind k = rng_.Percent(prov.city ? 55 : 15) ? BlocKind::kWard : BlocKind::kCommune;
            int n = std::min(grassroots - placed, static_cast<int>(rng_.Between(Bloc(k).min_units, Bloc(k).max_units)));
            blocs.emplace_back(k, n);
            placed += n;
        }
        std::set<std::string> localities;
        const std::string province_code = plan_.orgs[static_cast<size_t>(province_id - 1)].code;
        const std::string issuer =
            std::string("ngày 30/6/2025 của Ban Thường vụ ") + (prov.city ? "Thành ủy " : "Tỉnh ủy ") + prov.name;
        const int64_t first_decision = rng_.Between(200, 900);
        size_t next_size = 0;
        for (size_t b = 0; b < blocs.size(); ++b) {
            const auto [kind, count] = blocs[b];
            const bool local = kind == BlocKind::kCommune || kind == BlocKind::kWard;
            std::string place = local ? Unique(localities, Place()) : "";
            std::string rest = local ? Bloc(kind).name + place : ForProvince(Bloc(kind).name, prov);
            Local ctx{kind, local ? rest : "", {}};
            int64_t bloc_id =
                Add(province_id, Code(province_code + ".", static_cast<int64_t>(b) + 1, 3), "Đảng bộ " + rest, "bloc",
                    Decision(first_decision + static_cast<int64_t>(b), "TU", issuer));
            const std::string by = "ngày 01/7/2025 của Ban Thường vụ Đảng ủy " + rest;
            const int64_t decisions = rng_.Between(1, 60);
            for (int k = 0; k < count; ++k) {
                AddGrassroots(ctx, bloc_id, k, sizes[next_size++], Decision(decisions + k, "ĐU", by));
            }
        }
    }

    // What a bloc's grassroots organizations share while they are named.
    struct Local {
        BlocKind kind;
        std::string label;  // "xã Tân Phú"; '' for the provincial blocs
        std::set<std::string> used;
        size_t next_unit = 0;  // provincial blocs: the next unit of the list
        int next_number = 1;   // communes and wards: the next numbered village or residential group
    };

    std::string Locality(Local& ctx, Sector& sector, std::string& head) {
        const Province& prov = kProvinces[province_];
        if (ctx.kind == BlocKind::kWard) {
            sector = Sector::kResidential;
            bool south = prov.region == Region::kSoutheast || prov.region == Region::kMekong;
            head = south ? "Trưởng khu phố" : "Tổ trưởng tổ dân phố";
            return (south ? "khu phố " : "tổ dân phố số ") + std::to_string(ctx.next_number++);
        }
        sector = Sector::kVillage;
        const char* word = "thôn";
        switch (prov.region) {
            case Region::kNorthMountain:
                word = rng_.Percent(50) ? "bản" : "thôn";
                break;
            case Region::kHighlands:
                word = rng_.Percent(25) ? "buôn" : rng_.Percent(20) ? "làng" : "thôn";
                break;
            case Region::kSoutheast:
            case Region::kMekong:
                word = "ấp";
                break;
            default:
                break;
        }
        head = std::string("Trưởng ") + word;
        return std::string(word) + " " + (rng_.Percent(30) ? std::to_string(ctx.next_number++) : Place());
    }

    void AddGrassroots(Local& ctx, int64_t bloc_id, int index, int members, std::string decision) {
        const Province& prov = kProvinces[province_];
        bool cell = members < 30;
        Sector sector = Sector::kAgency;
        std::string head, name;
        if (ctx.kind != BlocKind::kCommune && ctx.kind != BlocKind::kWard) {
            const auto units = Bloc(ctx.kind).units;
            const Unit& u = units[ctx.next_unit++ % units.size()];
            name = ForProvince(u.name, prov);
            sector = u.sector;
            head = u.head;
            if (!cell && members <= 200 && rng_.Percent(30)) cell = true;
        } else {
            const bool large_cell = !cell && members <= 200 && rng_.Percent(kLargeCellPercent);
            cell = cell || large_cell;
            const LocalKind* k = &kLocalKinds[large_cell ? 0 : PickLocalKind(members)];
            for (int attempt = 0;; ++attempt) {
                name = LocalName(ctx, *k, sector, head);
                if (!ctx.used.count(name) || attempt == 8) break;
                // One police station, health station, ... per commune: another draw becomes something else.
                if (k->part == Part::kCommune) k = &kLocalKinds[cell ? 0 : kJointStock];
            }
        }
        name = Unique(ctx.used, std::move(name));
        const std::string& bloc_code = plan_.orgs[static_cast<size_t>(bloc_id - 1)].code;
        std::string full = (cell ? "Chi bộ " : "Đảng bộ ") + name;
        int64_t id = Add(bloc_id, Code(bloc_code + ".", index + 1, 3), full,
                         cell ? "grassroots_cell" : "grassroots_committee", std::move(decision));
        plan_.grassroots.push_back({sector, std::move(head)});
        size_t g = plan_.grassroots.size() - 1;
        if (cell) {
            plan_.cells.push_back({id, members, province_, g, true, Lead::kNone});
        } else {
            AddCommitteeContent(id, g, members, "Đảng ủy " + name);
        }
    }

    size_t PickLocalKind(int members) {
        int total = 0;
        auto weight = [members](const LocalKind& k) {
            return members < 30 ? k.small : members <= 200 ? k.mid : k.large;
        };
        for (const auto& k : kLocalKinds) total += weight(k);
        auto r = rng_.Between(0, total - 1);
        for (size_t i = 0; i < std::size(kLocalKinds); ++i) {
            if (r < weight(kLocalKinds[i])) return i;
            r -= weight(kLocalKinds[i]);
        }
        return 0;
    }

    std::string LocalName(Local& ctx, const LocalKind& k, Sector& sector, std::string& head) {
        sector = k.sector;
        head = k.head;
        switch (k.part) {
            case Part::kLocality:
                return Locality(ctx, sector, head);
            case Part::kCommune:
                return k.prefix + ctx.label;
            case Part::kPerson:
                return k.prefix + std::string(rng_.Of<const char*>(kPeople));
            case Part::kFlower:
                return k.prefix + std::string(rng_.Of<const char*>(kFlowers));
            case Part::kPlace:
                return k.prefix + Place();
            case Part::kIndustryPlace: {
                std::string industry = rng_.Of<const char*>(kIndustries);
                return k.prefix + industry + " " + Place();
            }
        }
        return k.prefix;
    }

    // A committee's cells (sizes from kCellSizes), some grouped under sub-committees, and who of the
    // committee sits in which cell.
    void AddCommitteeContent(int64_t committee_id, size_t g, int members, const std::string& issuer) {
        std::vector<int> sizes = CellSizes(members);
        const SectorInfo& info = Info(plan_.grassroots[g].sector);
        const std::string code = plan_.orgs[static_cast<size_t>(committee_id - 1)].code;
        const std::string by = "ngày 01/7/2025 của " + issuer;
        int64_t decision = rng_.Between(1, 40);
        size_t unit = 0;
        auto unit_name = [&]() {
            std::string n = unit < info.units.size()
                                ? info.units[unit]
                                : std::string(info.numbered) + " " + std::to_string(unit - info.units.size() + 1);
            ++unit;
            return n;
        };
        const size_t committee_members = members >= 300 ? 9 : members >= 100 ? 7 : 5;  // of the đảng ủy
        size_t next_cell = 0;                                                          // index into sizes
        size_t child = 0;  // children of the committee, for codes
        auto add_cell = [&](int64_t parent, const std::string& parent_code, size_t index, bool first_in_sub) {
            Lead lead = next_cell == 0                      ? Lead::kSecretary
                        : next_cell == 1                    ? Lead::kDeputy
                        : next_cell < committee_members - 1 ? Lead::kCommitteeMember
                        : first_in_sub                      ? Lead::kSubSecretary
                                                            : Lead::kNone;
            int64_t id = Add(parent, Code(parent_code + ".", static_cast<int64_t>(index) + 1, 3),
                             "Chi bộ " + unit_name(), "attached_cell", Decision(decision++, "ĐU", by));
            plan_.cells.push_back({id, sizes[next_cell], province_, g, false, lead});
            ++next_cell;
        };
        const size_t subs = sizes.size() >= 10 ? sizes.size() / 8 : 0;
        for (size_t s = 0; s < subs && next_cell < sizes.size(); ++s) {
            std::string sub_code = Code(code + ".", static_cast<int64_t>(child++) + 1, 3);
            int64_t sub =
                Add(committee_id, sub_code, "Đảng bộ bộ phận " + std::string(info.block) + " " + std::to_string(s + 1),
                    "sub_committee", Decision(decision++, "ĐU", by));
            const size_t take = std::min(static_cast<size_t>(rng_.Between(3, 6)), sizes.size() - next_cell);
            for (size_t i = 0; i < take; ++i) add_cell(sub, sub_code, i, i == 0);
        }
        while (next_cell < sizes.size()) add_cell(committee_id, code, child++, false);
    }

    const Options& options_;
    Rng rng_;
    Plan plan_;
    int province_ = 0;
};

// Organization names folded for search (ICU, the slow part of planning) on two threads.
void FoldNames(std::vector<store::OrgRow>& orgs) {
    auto fold = [&orgs](size_t from, size_t to) {
        for (size_t i = from; i < to; ++i) orgs[i].name_folded = vn::Fold(orgs[i].name);
    };
    size_t half = orgs.size() / 2;
    auto other = std::async(std::launch::async, fold, half, orgs.size());
    fold(0, half);
    other.get();
}

std::vector<store::TreeRow> Closure(const std::vector<store::OrgRow>& orgs) {
    std::vector<store::TreeRow> rows;
    rows.reserve(orgs.size() * 5);
    for (const auto& o : orgs) {
        rows.push_back({o.id, o.id, 0});
        int64_t depth = 1;
        for (auto up = o.parent_id; up; up = orgs[static_cast<size_t>(*up - 1)].parent_id)
            rows.push_back({*up, o.id, depth++});
    }
    return rows;
}

// ---- Members, cell by cell in id order, from their own generator.

std::string IsoDate(int64_t days) {
    time::Date d = time::CivilFromDays(days);
    std::string s = "0000-00-00";
    for (int i = 3, y = d.year; i >= 0; --i, y /= 10) s[static_cast<size_t>(i)] = static_cast<char>('0' + y % 10);
    s[5] = static_cast<char>('0' + d.month / 10);
    s[6] = static_cast<char>('0' + d.month % 10);
    s[8] = static_cast<char>('0' + d.day / 10);
    s[9] = static_cast<char>('0' + d.day % 10);
    return s;
}

constexpr std::string_view kOfficial = "official";

class MemberStream {
public:
    MemberStream(const Plan& plan, uint64_t seed)
        : plan_(plan), rng_(seed ^ 0x4d454d4245525321ULL), as_of_(time::DaysFromCivil(*time::ParseIsoDate(kAsOf))) {
        // Hometowns: a pool of communes per province (most members come from their own province).
        for (const auto& p : kProvinces) {
            auto& pool = hometowns_.emplace_back();
            for (int i = 0; i < 48; ++i) {
                std::string unit = p.city && rng_.Percent(60) ? "phường " : "xã ";
                pool.push_back(unit + PlaceName(rng_) + ", " + p.label);
            }
        }
    }

    int64_t probationary() const { return probationary_; }

    std::vector<store::MemberRow> Next(size_t n) {
        std::vector<store::MemberRow> out;
        out.reserve(n);
        while (out.size() < n) {
            if (pending_ == cell_rows_.size()) {
                if (cell_ == plan_.cells.size()) break;
                FillCell();
            }
            out.push_back(std::move(cell_rows_[pending_++]));
        }
        return out;
    }

private:
    struct NameKey {
        const char *family, *middle, *given;
        bool operator==(const NameKey&) const = default;
    };
    struct NameKeyHash {
        size_t operator()(const NameKey& k) const {
            auto h = std::hash<const void*>{};
            return h(k.family) * 31 * 31 + h(k.middle) * 31 + h(k.given);
        }
    };
    struct Name {
        std::string full, folded, sort_key;
    };

    // Names repeat (about 160,000 distinct among 6,000,000 members): folded and keyed once each (ICU), then shared.
    const Name& NameOf(const char* family, const char* middle, const char* given) {
        auto [it, added] = names_.try_emplace(NameKey{family, middle, given});
        if (added) {
            it->second.full = std::string(family) + " " + middle + " " + given;
            it->second.folded = vn::Fold(it->second.full);
            it->second.sort_key = vn::NameSortKeyHex(it->second.full);
        }
        return it->second;
    }

    std::string_view Intern(std::string s) { return *strings_.insert(std::move(s)).first; }

    // The next cell's members in name order (as the index members_org keeps them: SQLite appends rather than
    // inserts in the middle, a quarter less work), numbered in that order; office holders drawn first.
    void FillCell() {
        const Cell& c = plan_.cells[cell_];
        StartCell();
        cell_rows_.clear();
        pending_ = 0;
        for (int i = 0; i < c.members; ++i) cell_rows_.push_back(Make(i));
        std::stable_sort(cell_rows_.begin(), cell_rows_.end(),
                         [](const store::MemberRow& a, const store::MemberRow& b) { return a.sort_key < b.sort_key; });
        for (auto& m : cell_rows_) {
            m.id = next_id_++;
            // 12 digits: the province's number, then a number growing with the member's place in it.
            if (m.status == kOfficial) {
                AppendDigits(m.card_number, static_cast<uint64_t>(c.province) + 1, 2);
                AppendDigits(m.card_number, static_cast<uint64_t>(ordinal_ * 1009 + rng_.Between(0, 1008)), 10);
            }
            ++ordinal_;
        }
        ++cell_;
    }

    // The cell's office holders: the committee role, then the cell's own.
    void StartCell() {
        const Cell& c = plan_.cells[cell_];
        const Grassroots& g = plan_.grassroots[c.grassroots];
        const SectorInfo& info = Info(g.sector);
        const std::string unit_head = c.grassroots_cell ? g.head : info.unit_head;
        roles_.clear();
        switch (c.lead) {
            case Lead::kSecretary:
                roles_.push_back({"Bí thư Đảng ủy", Intern(g.head)});
                break;
            case Lead::kDeputy:
                roles_.push_back({"Phó Bí thư Đảng ủy", Intern("Phó " + g.head)});
                break;
            case Lead::kSubSecretary:
                roles_.push_back({"Bí thư Đảng ủy bộ phận", Intern(unit_head)});
                break;
            case Lead::kCommitteeMember:
            case Lead::kNone:
                break;
        }
        roles_.push_back(
            {c.lead == Lead::kCommitteeMember ? "Đảng ủy viên, Bí thư Chi bộ" : "Bí thư Chi bộ", Intern(unit_head)});
        if (c.members >= 9) roles_.push_back({"Phó Bí thư Chi bộ", Intern("Phó " + unit_head)});
        if (c.members >= 15) {
            for (int64_t k = rng_.Between(1, 2); k > 0; --k) roles_.push_back({"Chi ủy viên", ""});
        }
        if (roles_.size() > static_cast<size_t>(c.members)) roles_.resize(static_cast<size_t>(c.members));
        if (c.province != province_) {
            province_ = c.province;
            ordinal_ = 0;
        }
    }

    // Member number `position` of the current cell, without id and card number.
    store::MemberRow Make(int position) {
        const Cell& c = plan_.cells[cell_];
        const SectorInfo& info = Info(plan_.grassroots[c.grassroots].sector);
        const Province& prov = kProvinces[c.province];
        const auto slot = static_cast<size_t>(position);
        const bool leader = slot < roles_.size();
        store::MemberRow m;
        m.org_id = c.org_id;

        const bool female = rng_.Percent(leader ? info.female_percent * 2 / 3 : info.female_percent);
        const Ethnic& ethnic = Pick(rng_, EthnicShares(prov.region));
        // One draw per statement: the order of the draws must not be left to the compiler.
        const char* family = Pick(rng_, ethnic.family);
        const char* middle =
            Pick(rng_, female ? std::span<const Word>(kFemaleMiddle) : std::span<const Word>(kMaleMiddle));
        const char* given =
            rng_.Of(female ? std::span<const char* const>(kFemaleGiven) : std::span<const char* const>(kMaleGiven));
        const Name& name = NameOf(family, middle, given);
        m.full_name = name.full;
        m.name_folded = name.folded;
        m.sort_key = name.sort_key;
        m.gender = female ? "female" : "male";
        m.ethnicity = ethnic.name;
        const size_t home = rng_.Percent(85) ? static_cast<size_t>(c.province)
                                             : static_cast<size_t>(rng_.Between(0, kProvinceCount - 1));
        m.hometown = rng_.Of<std::string>(hometowns_[home]);

        // Dates: 18 or older at admission; official a year after, at least 400 days before kAsOf;
        // probationary ones admitted within the last year (mostly the young).
        const int age = leader ? static_cast<int>(rng_.Between(35, 58))
                               : Draw(rng_, info.residents ? std::span<const Bucket>(kResidentAges) : kWorkAges);
        const int64_t birth = as_of_ - age * 36524 / 100 - rng_.Between(0, 364);
        const int64_t adult = birth + 18 * 36524 / 100 + 2;
        const int64_t latest_official = as_of_ - 400;
        const int probation_percent = age < 30 ? 15 : age < 40 ? 3 : 1;
        const bool probationary = !leader && (adult > latest_official || rng_.Percent(probation_percent));
        m.birth_date = IsoDate(birth);
        if (probationary) {
            ++probationary_;
            const int64_t admitted = std::max(adult, as_of_ - rng_.Between(15, 360));
            m.admitted_on = IsoDate(admitted);
            m.status = "probationary";
            m.status_since = m.admitted_on;
        } else {
            const int64_t years = Draw(rng_, kAdmissionAges);
            const int64_t drawn = birth + years * 36524 / 100 + rng_.Between(0, 364);
            const int64_t admitted = std::clamp(drawn, adult, latest_official);
            m.admitted_on = IsoDate(admitted);
            m.official_on = IsoDate(admitted + 365 + rng_.Between(0, 30));
            m.status = kOfficial;
            m.status_since = m.official_on;
        }

        if (leader) {
            m.party_position = roles_[slot].first;
            m.gov_position = roles_[slot].second;
        } else {
            m.party_position = "Đảng viên";
        }
        if (m.gov_position.empty()) {
            m.gov_position = info.residents && age >= 60 && rng_.Percent(85) ? "Hưu trí" : Pick(rng_, info.staff);
        }
        // Citizen id: province of birth, sex and century, year of birth, six digits.
        const int year = time::CivilFromDays(birth).year;
        m.citizen_id = prov.citizen;
        AppendDigits(m.citizen_id, static_cast<uint64_t>((year >= 2000 ? 2 : 0) + (female ? 1 : 0)), 1);
        AppendDigits(m.citizen_id, static_cast<uint64_t>(year % 100), 2);
        AppendDigits(m.citizen_id, static_cast<uint64_t>(rng_.Between(0, 999'999)), 6);
        m.phone = rng_.Of<const char*>(kPhonePrefixes);
        AppendDigits(m.phone, static_cast<uint64_t>(rng_.Between(0, 9'999'999)), 7);
        return m;
    }

    const Plan& plan_;
    Rng rng_;
    const int64_t as_of_;
    std::vector<std::vector<std::string>> hometowns_;
    std::unordered_map<NameKey, Name, NameKeyHash> names_;  // nodes: references stay valid
    std::unordered_set<std::string> strings_;               // job titles made per cell
    std::vector<std::pair<std::string_view, std::string_view>> roles_;
    size_t cell_ = 0;                          // the next cell to fill
    std::vector<store::MemberRow> cell_rows_;  // the last cell filled
    size_t pending_ = 0;                       // its first row not handed out yet
    int64_t next_id_ = 1;
    int province_ = -1;
    int64_t ordinal_ = 0;  // members so far in the current province
    int64_t probationary_ = 0;
};

// The connection's bulk-load settings, restored however Generate ends.
class BulkLoad {
public:
    explicit BulkLoad(db::Connection& conn) : conn_(conn) { store::BeginBulkLoad(conn_); }
    ~BulkLoad() {
        if (done_) return;
        try {
            store::EndBulkLoad(conn_);
        } catch (const db::DbError&) {
            // Already failing: the error that ended Generate is the one to report.
        }
    }
    BulkLoad(const BulkLoad&) = delete;
    BulkLoad& operator=(const BulkLoad&) = delete;
    void Finish() {
        store::EndBulkLoad(conn_);
        done_ = true;
    }

private:
    db::Connection& conn_;
    bool done_ = false;
};

}  // namespace

Result<Summary> Generate(db::Connection& conn, const Options& options, const audit::Actor& actor, int64_t now,
                         const ProgressFn& progress) {
    if (options.members < 1 || options.members > kMaxMembers)
        return Error::InvalidField("members", "out_of_range", "the member count must be between 1 and 10,000,000");
    if (org::HasAny(conn))
        return Error::Conflict("the database already holds organizations; gen fills an empty database only");
    auto report = [&progress](std::string_view phase, int64_t done, int64_t total) {
        if (progress) progress(phase, done, total);
    };

    Plan plan = PlanBuilder(options).Build();
    Summary summary;
    summary.orgs = static_cast<int64_t>(plan.orgs.size());
    summary.members = options.members;
    for (const auto& o : plan.orgs) ++summary.orgs_by_type[o.type_code];

    // Each chunk of members is generated, and its statement parameters built, on another thread while the
    // previous one is written (the first while the organizations are).
    MemberStream stream(plan, options.seed);
    auto produce = [&stream, now](int64_t n) { return store::BindMembers(stream.Next(static_cast<size_t>(n)), now); };
    const int64_t total = options.members;
    auto next = std::async(std::launch::async, produce, std::min<int64_t>(kChunk, total));

    BulkLoad bulk(conn);
    FoldNames(plan.orgs);
    {
        db::Transaction tx(conn);
        store::InsertOrgs(conn, plan.orgs, now);
        store::InsertTree(conn, Closure(plan.orgs));
        tx.Commit();
    }
    report("orgs", summary.orgs, summary.orgs);

    for (int64_t done = 0; done < total;) {
        store::MemberBatch batch = next.get();
        const int64_t count = batch.last_id - batch.first_id + 1;
        const bool last = done + count >= total;
        if (!last) next = std::async(std::launch::async, produce, std::min<int64_t>(kChunk, total - done - count));
        db::Transaction tx(conn);
        store::InsertMembers(conn, batch);
        done += count;
        if (last) {
            summary.probationary = stream.probationary();
            store::ContinueIds(conn, summary.orgs, total);
            boost::json::object types;
            for (const auto& [type, n] : summary.orgs_by_type) types[type] = n;
            boost::json::object after{{"seed", options.seed},       {"as_of", kAsOf},
                                      {"orgs", summary.orgs},       {"orgs_by_type", std::move(types)},
                                      {"members", summary.members}, {"probationary", summary.probationary}};
            audit::Append(conn, actor, now, "gen.dataset", "dataset", std::nullopt, int64_t{1}, nullptr, after);
        }
        tx.Commit();
        report("members", done, total);
    }
    bulk.Finish();
    // The roll-up aggregates of the whole set in one SQL pass, rather than member by member.
    rollup::Rebuild(conn);
    // Totals as of the last day the data is drawn up to: reads as of any later day sum no changes.
    rollup::Checkpoint(conn, kAsOf);
    return summary;
}

}  // namespace dv::gen
