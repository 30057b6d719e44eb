// Unit tests of the import's reason codes: every code has a text in each catalogue language that names its
// parameters, and a rendered message carries them (no reason is ever worded in code or parsed back).
#include "importer/message.h"

#include <gtest/gtest.h>

#include "importer/english_for_tests.h"

namespace dv::importer {

TEST(ImportMessages, EveryCodeHasAViAndEnTextThatCarriesItsParameters) {
    const auto codes = AllCodes();
    ASSERT_EQ(codes.size(), static_cast<size_t>(Code::kMemberLinked) + 1);
    for (size_t i = 0; i < codes.size(); ++i) {
        const CodeInfo& info = codes[i];
        EXPECT_EQ(static_cast<size_t>(info.code), i) << info.name << ": the table is out of the enum's order";
        EXPECT_EQ(&Describe(info.code), &info);
        for (const char* lang : {"vi", "en"}) {
            ASSERT_TRUE(TestCatalogue().Has(lang, info.key)) << lang << " lacks " << info.key;
            Message m{info.code};
            for (const char* p : info.params) {
                if (std::string_view(p) == "cause")
                    m.cause = Code::kNotACell;
                else
                    m.params.emplace_back(p, std::string("<") + p + ">");
            }
            const std::string text = Render(TestCatalogue(), lang, m);
            EXPECT_EQ(text.find('{'), std::string::npos) << lang << " " << info.key << ": " << text;
            EXPECT_NE(text, info.key) << lang << " " << info.key;
            // The command line (English) names every parameter; Vietnamese may leave out what the page shows
            // elsewhere (the organization chosen in the form, a column's English code name), never a line
            // number or a value from the file.
            for (const char* p : info.params) {
                const std::string_view name(p);
                const std::string shown = name == "cause" ? TestCatalogue().Get(lang, Describe(Code::kNotACell).key)
                                                          : std::string("<") + p + ">";
                if (std::string_view(lang) == "en" || (name != "org" && name != "field")) {
                    EXPECT_NE(text.find(shown), std::string::npos) << lang << " " << info.key << " lacks {" << p << "}";
                }
            }
        }
    }
}

TEST(ImportMessages, ARenderedMessageCarriesItsParametersInEachLanguage) {
    const Message repeat{Code::kCardRepeatsLine, {{"line", "17"}}};
    EXPECT_EQ(Render(TestCatalogue(), "en", repeat), "same card number as line 17");
    EXPECT_EQ(Render(TestCatalogue(), "vi", repeat), "trùng số thẻ với dòng 17");

    Message fallback{Code::kDefaultOrg, {{"org", "42"}}};
    fallback.cause = Code::kCellEnded;
    EXPECT_EQ(Render(TestCatalogue(), "en", fallback), "no cell code, and --org 42: cell was merged or dissolved");
    EXPECT_NE(Render(TestCatalogue(), "vi", fallback).find(TestCatalogue().Get("vi", "import.reasons.cell_ended")),
              std::string::npos);

    // A value is text, never a placeholder read again: a header written "{line}" stays as written.
    FieldError header = HeaderProblem({Code::kUnknownColumn, {{"header", "{line}"}}});
    EXPECT_EQ(header.field, "header");
    EXPECT_EQ(header.code, "unknown_column");
    EXPECT_EQ(header.message, "import.header.unknown");
    EXPECT_EQ(Render(TestCatalogue(), "en", header), "unknown column \"{line}\"");
    EXPECT_NE(Render(TestCatalogue(), "vi", header).find("“{line}”"), std::string::npos);
}

}  // namespace dv::importer
