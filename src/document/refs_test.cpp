// The extractor against tests/cases/refs.txt (texts and the references they cite), normalization and
// offsets, and the seed article.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "document/refs.h"

namespace dv::document {
namespace {

std::string Describe(const std::vector<Reference>& refs) {
    std::string out;
    for (const auto& r : refs) {
        if (!out.empty()) out += "; ";
        out += r.symbol + "|" + r.type_code + "|" + r.issuer_code + "|" + r.system + "|" + r.date;
    }
    return out;
}

std::string Fixture(const char* name) {
    std::ifstream in(std::string(DV_SOURCE_DIR) + "/tests/cases/" + name);
    EXPECT_TRUE(in) << name;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// tests/cases/refs.txt: "TEXT => EXPECTED" a line (both formats, every type, spacing and date forms,
// false positives), "#" comments, an empty EXPECTED for a text that cites nothing.
TEST(Refs, Table) {
    std::istringstream lines(Fixture("refs.txt"));
    std::string line;
    int cases = 0, number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        size_t arrow = line.find(" =>");
        ASSERT_NE(arrow, std::string::npos) << "refs.txt:" << number << ": no ' => '";
        std::string text = line.substr(0, arrow);
        std::string expected = line.substr(arrow + 3);
        if (size_t comment = expected.find("    #"); comment != std::string::npos) expected.resize(comment);
        while (!expected.empty() && expected.front() == ' ') expected.erase(expected.begin());
        EXPECT_EQ(Describe(ExtractReferences(text)), expected) << "refs.txt:" << number << ": " << text;
        ++cases;
    }
    EXPECT_GE(cases, 40);
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
    auto refs = ExtractReferences(Fixture("seed-article-vi.txt"));
    std::set<std::string> distinct;
    for (const auto& r : refs) distinct.insert(r.symbol + "|" + r.type_code + "|" + r.date);
    EXPECT_EQ(distinct, (std::set<std::string>{"05-CT/TW|directive|", "01-QĐ/ĐUK|regulation|2016-03-21",
                                               "03-QĐ/ĐUK|regulation|2018-10-23", "05-QĐ/ĐUK|regulation|2018-11-09"}));
}

}  // namespace
}  // namespace dv::document
