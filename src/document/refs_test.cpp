// The extractor against tests/cases/refs.txt (texts and the references they cite), normalization and
// offsets, and the seed article.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
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

// A line break in a one-line case is written "⏎".
std::string Unescape(std::string text) {
    const std::string mark = "\u23CE";
    for (size_t at; (at = text.find(mark)) != std::string::npos;) text.replace(at, mark.size(), "\n");
    return text;
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
        std::string text = Unescape(line.substr(0, arrow));
        std::string expected = line.substr(arrow + 3);
        if (size_t comment = expected.find("    #"); comment != std::string::npos) expected.resize(comment);
        while (!expected.empty() && expected.front() == ' ') expected.erase(expected.begin());
        EXPECT_EQ(Describe(ExtractReferences(text)), expected) << "refs.txt:" << number << ": " << text;
        ++cases;
    }
    EXPECT_GE(cases, 40);
}

// tests/cases/refs-real.txt: texts as a clerk receives them. Precision and recall are counted over
// every block, by symbol and by symbol with its date; the floors are the figures measured when the
// corpus was written, so a change that loses a reference fails here.
TEST(Refs, RealTextsPrecisionAndRecall) {
    std::istringstream lines(Fixture("refs-real.txt"));
    struct Block {
        std::string title, text;
        std::vector<std::string> expected;
    };
    std::vector<Block> blocks;
    bool expecting = false;
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("=== ", 0) == 0) {
            blocks.push_back({line.substr(4), "", {}});
            expecting = false;
        } else if (line == "--- expect") {
            expecting = true;
        } else if (!blocks.empty() && expecting) {
            if (!line.empty()) blocks.back().expected.push_back(line);
        } else if (!blocks.empty()) {
            blocks.back().text += line + "\n";
        }
    }
    ASSERT_GE(blocks.size(), 8u);
    int found = 0, expected = 0, right = 0, right_dated = 0;
    for (const auto& b : blocks) {
        std::map<std::string, int> want_symbol, want_dated;
        for (const auto& e : b.expected) {
            ++want_dated[e];
            ++want_symbol[e.substr(0, e.find(' '))];
        }
        expected += static_cast<int>(b.expected.size());
        for (const auto& r : ExtractReferences(b.text)) {
            ++found;
            std::string dated = r.date.empty() ? r.symbol : r.symbol + " " + r.date;
            if (want_symbol[r.symbol]-- > 0) {
                ++right;
            } else {
                ADD_FAILURE() << b.title << ": not cited: " << r.symbol;
            }
            if (want_dated[dated]-- > 0) {
                ++right_dated;
            } else {
                std::printf("[refs-real] %s: read as %s\n", b.title.c_str(), dated.c_str());
            }
        }
        for (const auto& [symbol, left] : want_symbol)
            if (left > 0) std::printf("[refs-real] %s: missed %s\n", b.title.c_str(), symbol.c_str());
    }
    double precision = found ? double(right) / found : 1, recall = double(right) / expected;
    double precision_dated = found ? double(right_dated) / found : 1, recall_dated = double(right_dated) / expected;
    std::printf("[refs-real] %d references cited, %d found: by symbol precision %.3f recall %.3f; "
                "with dates precision %.3f recall %.3f\n",
                expected, found, precision, recall, precision_dated, recall_dated);
    EXPECT_EQ(precision, 1.0);
    EXPECT_GE(recall, 1.0);
    EXPECT_GE(recall_dated, 1.0);
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
