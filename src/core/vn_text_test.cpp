// Unit tests of core/vn_text: folding, NFC, name splitting, Vietnamese collation, thread safety.
#include "core/vn_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace dv::vn {
namespace {

// "Đức" with the vowel decomposed: u + U+031B horn + U+0301 acute.
constexpr char kDucNfd[] = "\u0110u\u031B\u0301c";
// "Nguyễn" decomposed: e + U+0302 circumflex + U+0303 tilde.
constexpr char kNguyenNfd[] = "Nguye\u0302\u0303n";

struct FoldCase {
    const char* input;
    const char* expected;
};

TEST(VnFold, Table) {
    const FoldCase cases[] = {
        {"Đảng ủy Khối các cơ quan tỉnh", "dang uy khoi cac co quan tinh"},
        {"NGUYỄN VĂN ĐỨC", "nguyen van duc"},
        {"  Nguyễn Văn ĐỨC ", "nguyen van duc"},
        {kNguyenNfd, "nguyen"},
        {kDucNfd, "duc"},
        {"\u00D0", "d"},                       // Ð LATIN CAPITAL LETTER ETH
        {"\u0189", "d"},                       // Ɖ LATIN CAPITAL LETTER AFRICAN D
        {"\u00F0", "d"},                       // ð LATIN SMALL LETTER ETH
        {"Chi  bộ\t\tsố\n 1", "chi bo so 1"},  // runs of white space collapse
        {"Chi\u00A0bộ", "chi bo"},             // no-break space is white space too
        {"Report-2024/Q1 (draft)", "report-2024/q1 (draft)"},
        {"ascii only", "ascii only"},
        {"   ", ""},
        {"", ""},
        {"\u0130stanbul", "istanbul"},  // İ lowers to i + U+0307; the mark goes too
    };
    for (const auto& c : cases) EXPECT_EQ(Fold(c.input), c.expected) << "input: " << c.input;
}

TEST(VnFold, DecomposedInputFoldsLikeComposed) {
    EXPECT_EQ(Fold(std::string(kNguyenNfd) + " V\u0103n " + kDucNfd), Fold("Nguyễn Văn Đức"));
}

TEST(VnNfc, ComposesDecomposedInput) {
    EXPECT_EQ(Nfc(kNguyenNfd), "Nguy\u1EC5n");  // one code point for ễ
    EXPECT_EQ(Nfc(kDucNfd), "\u0110\u1EE9c");   // one code point for ứ
    EXPECT_EQ(Nfc("Nguyễn Văn Đức"), "Nguyễn Văn Đức");
    EXPECT_EQ(Nfc(""), "");
}

TEST(VnNfc, MapsLookAlikesToDStroke) {
    EXPECT_EQ(Nfc("\u00D0\u1EE9c"), "Đức");  // Ð LATIN CAPITAL LETTER ETH
    EXPECT_EQ(Nfc("\u0189\u1EE9c"), "Đức");  // Ɖ LATIN CAPITAL LETTER AFRICAN D
    EXPECT_EQ(Nfc("\u00F0\u1EE9c"), "đức");  // ð LATIN SMALL LETTER ETH
    // With a combining mark after it, the mapped letter stays as it is (Đ has no precomposed forms).
    EXPECT_EQ(Nfc("\u00D0\u0301"), "\u0110\u0301");
}

struct SplitCase {
    const char* input;
    NameParts expected;
};

TEST(VnSplitName, Table) {
    const SplitCase cases[] = {
        {"Nguyễn Văn Đức", {"Nguyễn", "Văn", "Đức"}},
        {"Lê Thị Thu Hà", {"Lê", "Thị Thu", "Hà"}},
        {"Hà", {"", "", "Hà"}},
        {"Trần Hà", {"Trần", "", "Hà"}},
        {"  Lê   Thị \t Thu  Hà  ", {"Lê", "Thị Thu", "Hà"}},
        {"Tôn Nữ Thị Ngọc Lan", {"Tôn", "Nữ Thị Ngọc", "Lan"}},
        {"", {"", "", ""}},
        {"   ", {"", "", ""}},
    };
    for (const auto& c : cases) {
        NameParts got = SplitName(c.input);
        EXPECT_EQ(got.family, c.expected.family) << "input: " << c.input;
        EXPECT_EQ(got.middle, c.expected.middle) << "input: " << c.input;
        EXPECT_EQ(got.given, c.expected.given) << "input: " << c.input;
    }
}

TEST(VnSplitName, PartsAreNfc) {
    NameParts got = SplitName(std::string(kNguyenNfd) + " V\u0103n \u00D0\u1EE9c");
    EXPECT_EQ(got.family, "Nguyễn");
    EXPECT_EQ(got.middle, "Văn");
    EXPECT_EQ(got.given, "Đức");
}

std::vector<std::string> SortedBy(std::vector<std::string> names, std::string (*key)(std::string_view)) {
    std::stable_sort(names.begin(), names.end(),
                     [key](const std::string& a, const std::string& b) { return key(a) < key(b); });
    return names;
}

const std::vector<std::string> kUnsortedNames = {"Trần Văn Đức",  "Nguyễn Thị Ánh", "Lê Văn Anh",
                                                 "Phạm Thị Bình", "Hoàng Văn Dũng", "Nguyễn Văn Anh"};
const std::vector<std::string> kVietnameseOrder = {"Lê Văn Anh",    "Nguyễn Văn Anh", "Nguyễn Thị Ánh",
                                                   "Phạm Thị Bình", "Hoàng Văn Dũng", "Trần Văn Đức"};

TEST(VnNameSortKey, SortsByGivenThenFamilyThenMiddle) {
    EXPECT_EQ(SortedBy(kUnsortedNames, NameSortKey), kVietnameseOrder);
    EXPECT_EQ(SortedBy(kUnsortedNames, NameSortKeyHex), kVietnameseOrder);
}

TEST(VnNameSortKey, ByteOrderOfGivenNamesIsWrong) {
    // Sorting on the UTF-8 bytes of the given name puts Á (C3 81) and Đ (C4 90) after every ASCII
    // letter: Anh, Anh, Bình, Dũng, Ánh, Đức. If ICU were bypassed the test above would see this.
    auto by_given_bytes = [](std::string_view name) { return SplitName(name).given; };
    std::vector<std::string> names = kUnsortedNames;
    std::stable_sort(names.begin(), names.end(),
                     [&](const std::string& a, const std::string& b) { return by_given_bytes(a) < by_given_bytes(b); });
    EXPECT_NE(names, kVietnameseOrder);
    EXPECT_GT(std::string("Ánh"), std::string("Dũng"));
    EXPECT_LT(CollationKey("Ánh"), CollationKey("Dũng"));
}

TEST(VnNameSortKey, ShorterPartSortsFirst) {
    struct Pair {
        const char* before;
        const char* after;
    };
    const Pair pairs[] = {
        {"Nguyễn An", "Lê Anh"},               // given An is a prefix of Anh: family names don't matter
        {"An", "Trần An"},                     // no family name before one
        {"Lê Anh", "Lê Văn Anh"},              // no middle name before one
        {"Lê Văn Anh", "Lê Văn Minh Anh"},     // Văn is a prefix of "Văn Minh"
        {"Lê Thị Anh", "Lê Văn Anh"},          // middle names as the last criterion
        {"Hoàng Dũng", "Dương Đức"},           // Đ is a letter of its own after D
        {"nguyễn văn anh", "Nguyễn Văn Anh"},  // tertiary (case) difference: lower case first
    };
    for (const auto& p : pairs) {
        EXPECT_LT(NameSortKey(p.before), NameSortKey(p.after)) << p.before << " < " << p.after;
        EXPECT_LT(NameSortKeyHex(p.before), NameSortKeyHex(p.after)) << p.before << " < " << p.after;
    }
}

TEST(VnNameSortKey, EqualForEquivalentSpellings) {
    const std::string key = NameSortKey("Nguyễn Văn Đức");
    EXPECT_EQ(NameSortKey(std::string(kNguyenNfd) + "  V\u0103n " + kDucNfd), key);
    EXPECT_EQ(NameSortKey(" Nguyễn Văn \u00D0\u1EE9c "), key);
    EXPECT_NE(NameSortKey("Nguyễn Văn Đực"), key);
}

TEST(VnNameSortKey, HexIsLowerCaseHexOfTheBytes) {
    const std::string raw = NameSortKey("Lê Thị Thu Hà");
    const std::string hex = NameSortKeyHex("Lê Thị Thu Hà");
    ASSERT_EQ(hex.size(), 2 * raw.size());
    EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
    for (size_t i = 0; i < raw.size(); ++i) {
        EXPECT_EQ(std::stoi(hex.substr(2 * i, 2), nullptr, 16), static_cast<unsigned char>(raw[i])) << i;
    }
}

// The separator scheme in NameSortKey rests on these properties of ICU keys.
TEST(VnCollationKey, OnlyZeroIsTheTerminatorButOneSeparatesLevels) {
    for (const char* text : {"", "a", "Anh", "Ánh", "Đức", "Đảng ủy Khối các cơ quan tỉnh", "Chi bộ số 1"}) {
        const std::string key = CollationKey(text);
        ASSERT_FALSE(key.empty()) << text;
        EXPECT_EQ(key.back(), '\0') << text;
        EXPECT_EQ(key.find('\0'), key.size() - 1) << text;
        EXPECT_NE(key.find('\x01'), std::string::npos) << text;
    }
}

TEST(VnCollationKey, NormalizationAndLookAlikesDoNotMatter) {
    EXPECT_EQ(CollationKey(kDucNfd), CollationKey("Đức"));
    EXPECT_EQ(CollationKey("\u00D0\u1EE9c"), CollationKey("Đức"));
    EXPECT_NE(CollationKey("Duc"), CollationKey("Đức"));
}

TEST(VnCompare, VietnameseAlphabet) {
    const std::vector<std::string> ordered = {"Anh", "Ánh", "Bình", "Dũng", "Đức", "Hà"};
    for (size_t i = 0; i + 1 < ordered.size(); ++i) {
        EXPECT_LT(Compare(ordered[i], ordered[i + 1]), 0) << ordered[i] << " < " << ordered[i + 1];
        EXPECT_GT(Compare(ordered[i + 1], ordered[i]), 0) << ordered[i + 1] << " > " << ordered[i];
        EXPECT_LT(CollationKey(ordered[i]), CollationKey(ordered[i + 1])) << ordered[i];
    }
    EXPECT_LT(Compare("d", "đ"), 0);
    EXPECT_LT(Compare("đ", "e"), 0);
    EXPECT_LT(Compare("dz", "đa"), 0);  // đ is a letter, not a d with a mark
    EXPECT_EQ(Compare("Đức", "Đức"), 0);
    EXPECT_EQ(Compare(kDucNfd, "Đức"), 0);
    EXPECT_EQ(Compare("\u0189\u1EE9c", "Đức"), 0);
    EXPECT_EQ(Compare("", ""), 0);
    EXPECT_LT(Compare("", "a"), 0);
}

TEST(VnThreads, ConcurrentResultsMatchSingleThreaded) {
    const std::vector<std::string> names = {"Nguyễn Văn Đức", "Lê Thị Thu Hà", "Trần Văn Anh",     "Phạm Thị Bình",
                                            "Hoàng Văn Dũng", kNguyenNfd,      "  Đảng ủy  Khối ", "Hà"};
    constexpr int kThreads = 4;
    constexpr int kPerThread = 2000;
    std::vector<std::string> expected_keys, expected_folds;
    for (const auto& n : names) {
        expected_keys.push_back(NameSortKey(n));
        expected_folds.push_back(Fold(n));
    }

    std::vector<int> mismatches(kThreads, 0);
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                size_t k = static_cast<size_t>(i + t) % names.size();
                if (NameSortKey(names[k]) != expected_keys[k]) ++mismatches[t];
                if (Fold(names[k]) != expected_folds[k]) ++mismatches[t];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST(VnInvalidUtf8, DoesNotCrash) {
    const std::string bad = "\xC3\x28";
    (void)Nfc(bad);
    (void)Fold(bad);
    (void)SplitName(bad);
    (void)NameSortKey(bad);
    (void)NameSortKeyHex(bad);
    (void)CollationKey(bad);
    (void)Compare(bad, "a");
}

}  // namespace
}  // namespace dv::vn
