// Tables of texts and the references the extractor must find in them (both formats, every type,
// spacing and date variants, false positives), and the seed article.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "document/refs.h"

namespace dv::document {
namespace {

struct Case {
    const char* text;
    const char* expected;  // "symbol|type_code|issuer|system|date" per reference, joined by "; "
};

std::string Describe(const std::vector<Reference>& refs) {
    std::string out;
    for (const auto& r : refs) {
        if (!out.empty()) out += "; ";
        out += r.symbol + "|" + r.type_code + "|" + r.issuer_code + "|" + r.system + "|" + r.date;
    }
    return out;
}

TEST(Refs, Table) {
    const Case kCases[] = {
        // Party format, spacing people type, "số" or not.
        {"Chỉ thị số 05-CT/TW", "05-CT/TW|directive|TW|party|"},
        {"Chỉ thị 05 - CT/TW của Bộ Chính trị", "05-CT/TW|directive|TW|party|"},
        {"thực hiện Chỉ thị số 05- CT/TW", "05-CT/TW|directive|TW|party|"},
        {"Hướng dẫn 09-HD/BTCTW", "09-HD/BTCTW|guidance|BTCTW|party|"},
        {"Công văn số 512-CV/ĐUK", "512-CV/ĐUK|letter|ĐUK|party|"},
        {"Kế hoạch số 12-KH/ĐUK", "12-KH/ĐUK|plan|ĐUK|party|"},
        {"Báo cáo số 45-BC/ĐUK", "45-BC/ĐUK|report|ĐUK|party|"},
        {"Nghị quyết 15-NQ/TU", "15-NQ/TU|resolution|TU|party|"},
        {"Kết luận số 21-KL/TW", "21-KL/TW|conclusion|TW|party|"},
        {"Tờ trình số 3-TTr/ĐUK", "3-TTr/ĐUK|submission|ĐUK|party|"},
        {"Chương trình 2-CTr/ĐUK", "2-CTr/ĐUK|program|ĐUK|party|"},
        {"Thông báo 7-TB/ĐUK", "7-TB/ĐUK|notice|ĐUK|party|"},
        {"Quy chế 1-QC/ĐUK", "1-QC/ĐUK|rules|ĐUK|party|"},
        {"Thông tri 4-TT/TW", "4-TT/TW|instruction|TW|party|"},
        {"Biên bản 2-BB/CB", "2-BB/CB|minutes|CB|party|"},
        // QĐ: the word decides; alone it stays undecided; QĐi is a regulation.
        {"Quy định số 01-QĐ/ĐUK ngày 21-3-2016", "01-QĐ/ĐUK|regulation|ĐUK|party|2016-03-21"},
        {"Quyết định số 123-QĐ/ĐUK", "123-QĐ/ĐUK|decision|ĐUK|party|"},
        {"theo 366-QĐ/TW", "366-QĐ/TW||TW|party|"},
        {"Quy định 08-QĐi/TW", "08-QĐi/TW|regulation|TW|party|"},
        {"08-QĐi/TW", "08-QĐi/TW|regulation|TW|party|"},
        // Dates in every form.
        {"Quy định số 05-QĐ/ĐUK ngày 9-11-2018", "05-QĐ/ĐUK|regulation|ĐUK|party|2018-11-09"},
        {"Chỉ thị 50-CT/TW ngày 23/7/2025", "50-CT/TW|directive|TW|party|2025-07-23"},
        {"Hướng dẫn 42-HD/BTCTW (28/10/2025)", "42-HD/BTCTW|guidance|BTCTW|party|2025-10-28"},
        {"Kế hoạch 3-KH/ĐUK, ngày 05-6-2021", "3-KH/ĐUK|plan|ĐUK|party|2021-06-05"},
        {"Báo cáo 9-BC/ĐUK ngày 12 tháng 4 năm 2022 của", "9-BC/ĐUK|report|ĐUK|party|2022-04-12"},
        {"Quy định 1-QĐ/ĐUK ngày 31-2-2016", "1-QĐ/ĐUK|regulation|ĐUK|party|"},  // no such day
        // State format.
        {"Nghị định 30/2020/NĐ-CP", "30/2020/NĐ-CP|decree|CP|state|"},
        {"Quyết định số 1234/QĐ-UBND ngày 2/1/2024", "1234/QĐ-UBND|decision|UBND|state|2024-01-02"},
        {"1234/QĐ-UBND", "1234/QĐ-UBND|decision|UBND|state|"},
        {"Thông tư 01/2011/TT-BNV", "01/2011/TT-BNV|circular|BNV|state|"},
        {"Luật số 59/2020/QH14", "59/2020/QH14|law|QH14|state|"},
        // Two in one sentence, and joint issuers.
        {"Chỉ thị 05-CT/TW và Kế hoạch 12-KH/ĐUK", "05-CT/TW|directive|TW|party|; 12-KH/ĐUK|plan|ĐUK|party|"},
        {"Thông tri 1-TT/TW-CP", "1-TT/TW-CP|instruction|TW-CP|party|"},
        // Not references.
        {"đạt 95%, năm 2019, khóa XII, giai đoạn 2016-2020, ngày 1/7/2025", ""},
        {"Nghị quyết Trung ương 4 (khóa XII)", ""},
        {"điện thoại 0912-345-678, mã 12-ab/cd, 3/4 số phiếu, 10/QĐ", ""},
        {"05-XX/TW", ""},
    };
    for (const auto& c : kCases) EXPECT_EQ(Describe(ExtractReferences(c.text)), c.expected) << c.text;
}

TEST(Refs, NormalizesLookAlikesAndNfdAndGivesOffsetsInCodePoints) {
    // Ð (U+00D0) typed for Đ; "Quy định" in NFD (i + combining dot below, etc.).
    auto refs = ExtractReferences("Theo Quy \x64\xE1\xBB\x8B\x6E\x68 số 01-Q\xC3\x90/\xC3\x90UK.");
    ASSERT_EQ(refs.size(), 1u);
    EXPECT_EQ(refs[0].symbol, "01-QĐ/ĐUK");
    EXPECT_EQ(refs[0].type_code, "regulation");
    auto nfd = ExtractReferences("Chi\xCC\x89 thi\xCC\xA3 05-CT/TW");
    ASSERT_EQ(nfd.size(), 1u);
    EXPECT_EQ(nfd[0].type_code, "directive");
    // "Theo " is 5 code points: the match starts at the type word and ends after the symbol.
    EXPECT_EQ(refs[0].start, 5u);
    EXPECT_EQ(refs[0].end, 5u + 21u);  // "Quy định số 01-QĐ/ĐUK" is 21 code points
    EXPECT_TRUE(ExtractReferences("\xFF\xFE 05-CT/TW").empty());  // invalid UTF-8: nothing
}

TEST(Refs, SeedArticle) {
    // A copy of shared/domain/seed-article-vi.txt, the provincial news article the project starts from.
    std::ifstream in(std::string(DV_SOURCE_DIR) + "/tests/cases/seed-article-vi.txt");
    ASSERT_TRUE(in) << "tests/cases/seed-article-vi.txt";
    std::stringstream ss;
    ss << in.rdbuf();
    auto refs = ExtractReferences(ss.str());
    std::set<std::string> distinct;
    for (const auto& r : refs) distinct.insert(r.symbol + "|" + r.type_code + "|" + r.date);
    EXPECT_EQ(distinct, (std::set<std::string>{"05-CT/TW|directive|", "01-QĐ/ĐUK|regulation|2016-03-21",
                                               "03-QĐ/ĐUK|regulation|2018-10-23", "05-QĐ/ĐUK|regulation|2018-11-09"}));
}

}  // namespace
}  // namespace dv::document
