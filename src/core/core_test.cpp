// Unit tests of core/: dates, UTF-8, crypto, gzip, settings, Result.
#include <gtest/gtest.h>
#include <zlib.h>

#include "core/config.h"
#include "core/crypto.h"
#include "core/gzip.h"
#include "core/result.h"
#include "core/text.h"
#include "core/time.h"

namespace dv {
namespace {

TEST(Time, VietnameseFormats) {
    time::Date d{2019, 5, 22};
    EXPECT_EQ(time::FormatShortVi(d), "22/5/2019");
    EXPECT_EQ(time::FormatLongVi(d), "ngày 22 tháng 5 năm 2019");
    EXPECT_EQ(time::FormatIso(d), "2019-05-22");
    EXPECT_EQ(time::FormatLongEn(d), "22 May 2019");
    EXPECT_EQ(time::FormatShortViIso("2019-05-22"), "22/5/2019");
    EXPECT_EQ(time::FormatShortViIso("không phải ngày"), "không phải ngày");
}

TEST(Time, CivilRoundTripAcrossCenturies) {
    for (int64_t days = -700000; days <= 800000; days += 997) {
        auto d = time::CivilFromDays(days);
        ASSERT_TRUE(time::IsValidDate(d.year, d.month, d.day)) << days;
        EXPECT_EQ(time::DaysFromCivil(d), days);
    }
    EXPECT_EQ(time::DaysFromCivil({1970, 1, 1}), 0);
    EXPECT_EQ(time::DaysFromCivil({2000, 3, 1}), 11017);
}

TEST(Time, AddDaysIsoCrossesMonthsYearsAndLeapDays) {
    EXPECT_EQ(time::AddDaysIso("2025-12-31", 1), "2026-01-01");
    EXPECT_EQ(time::AddDaysIso("2024-02-28", 1), "2024-02-29");
    EXPECT_EQ(time::AddDaysIso("2024-03-01", -1), "2024-02-29");
    EXPECT_EQ(time::AddDaysIso("2023-03-01", -1), "2023-02-28");
}

TEST(Time, ParseIsoDateRejectsImpossibleDates) {
    EXPECT_TRUE(time::ParseIsoDate("2024-02-29"));
    EXPECT_FALSE(time::ParseIsoDate("2023-02-29"));
    EXPECT_FALSE(time::ParseIsoDate("1900-02-29"));
    EXPECT_TRUE(time::ParseIsoDate("2000-02-29"));
    EXPECT_FALSE(time::ParseIsoDate("2019-13-01"));
    EXPECT_FALSE(time::ParseIsoDate("2019-5-22"));
    EXPECT_FALSE(time::ParseIsoDate("2019-05-2x"));
    EXPECT_FALSE(time::ParseIsoDate(""));
}

TEST(Time, LocalTimeIsUtcPlusSeven) {
    // 2026-11-27T17:30:00Z is 00:30 on 28 November in Vietnam.
    time::Millis t = time::DaysFromCivil({2026, 11, 27}) * 86400000 + (17 * 60 + 30) * 60000;
    EXPECT_EQ(time::FormatDateTimeVi(t, 420), "28/11/2026 00:30");
    EXPECT_EQ(time::LocalDate(t, 420), (time::Date{2026, 11, 28}));
    EXPECT_EQ(time::FormatIsoUtc(t), "2026-11-27T17:30:00.000Z");
    EXPECT_EQ(time::StartOfLocalDay({2026, 11, 28}, 420), t - 30 * 60000);  // local midnight = 17:00Z
}

TEST(Text, GroupThousandsUsesVietnameseDots) {
    EXPECT_EQ(text::GroupThousands(0), "0");
    EXPECT_EQ(text::GroupThousands(999), "999");
    EXPECT_EQ(text::GroupThousands(2582), "2.582");
    EXPECT_EQ(text::GroupThousands(100000), "100.000");
    EXPECT_EQ(text::GroupThousands(-1234567), "-1.234.567");
}

// Regression (issue 10): ids in query strings were read with std::stoll and no end check, so
// "?org=12abc" read as 12.
TEST(Text, ParseIntTakesTheWholeTextOrNothing) {
    EXPECT_EQ(text::ParseInt("12"), 12);
    EXPECT_EQ(text::ParseInt("0"), 0);
    EXPECT_EQ(text::ParseInt("-7"), -7);
    EXPECT_EQ(text::ParseInt("007"), 7);
    EXPECT_EQ(text::ParseInt("9223372036854775807"), INT64_MAX);
    EXPECT_EQ(text::ParseInt("-9223372036854775808"), INT64_MIN);
    for (const char* bad : {"", "-", "12abc", " 12", "12 ", "+12", "1e3", "0x1", "1.0", "1,000", "--1",
                            "9223372036854775808", "-9223372036854775809", "99999999999999999999", "١٢"})
        EXPECT_FALSE(text::ParseInt(bad)) << bad;
}

TEST(Text, ControlCharacters) {
    EXPECT_FALSE(text::HasControlChar("Nguyễn Văn A", false));
    EXPECT_FALSE(text::HasControlChar("", false));
    EXPECT_TRUE(text::HasControlChar(std::string("a\0b", 3), false));
    EXPECT_TRUE(text::HasControlChar(std::string("a\0b", 3), true));
    EXPECT_TRUE(text::HasControlChar("a\tb", false));
    EXPECT_FALSE(text::HasControlChar("a\tb\r\nc", true));
    EXPECT_TRUE(text::HasControlChar("a\x1b[31m", true));
    EXPECT_TRUE(text::HasControlChar("a\x7f", true));
    EXPECT_TRUE(text::HasControlChar("a\xC2\x85", true));   // U+0085 NEXT LINE (C1)
    EXPECT_TRUE(text::HasControlChar("a\xC2\x9F", true));   // U+009F
    EXPECT_FALSE(text::HasControlChar("a\xC2\xA0", true));  // U+00A0 no-break space is text
    EXPECT_FALSE(text::HasControlChar("Đ\xC3\x80", true));  // U+00C0
}

TEST(Text, Utf8PrefixCutsByCharacters) {
    EXPECT_EQ(text::Utf8Prefix("Đảng ủy", 3), "Đản");
    EXPECT_EQ(text::Utf8Prefix("Đảng", 10), "Đảng");
    EXPECT_EQ(text::Utf8Prefix("Đảng", 0), "");
}

// Regression (issue 10): attachment names over 200 were cut at 200 bytes, mid-character, and lost
// their extension.
TEST(Text, ShortenFileNameKeepsTheExtension) {
    std::string stem;
    for (int i = 0; i < 150; ++i) stem += "ả";  // 2 bytes each
    std::string cut = text::ShortenFileName(stem + ".pdf", 100);
    EXPECT_TRUE(text::IsValidUtf8(cut));
    EXPECT_EQ(text::Utf8Length(cut), 100u);
    EXPECT_TRUE(cut.ends_with("ả.pdf")) << cut;
    EXPECT_EQ(text::ShortenFileName("ngắn.docx", 100), "ngắn.docx");
    // No extension, or one too long to be one: cut like any text.
    EXPECT_EQ(text::ShortenFileName(stem, 10), text::Utf8Prefix(stem, 10));
    EXPECT_EQ(text::Utf8Length(text::ShortenFileName("a." + stem, 10)), 10u);
}

TEST(Time, DatesOutsideTheSaneRangeAreRefused) {
    EXPECT_TRUE(time::InDateRange("1900-01-01", "2026-12-07"));
    EXPECT_TRUE(time::InDateRange("1930-02-03", "2026-12-07"));
    EXPECT_TRUE(time::InDateRange("2036-12-07", "2026-12-07"));
    EXPECT_FALSE(time::InDateRange("2036-12-08", "2026-12-07"));
    EXPECT_FALSE(time::InDateRange("9999-12-31", "2026-12-07"));
    EXPECT_FALSE(time::InDateRange("1899-12-31", "2026-12-07"));
    EXPECT_FALSE(time::InDateRange("0001-01-01", "2026-12-07"));
    EXPECT_TRUE(time::InDateRange("2034-02-28", "2024-02-29"));
    std::vector<FieldError> errors;
    EXPECT_FALSE(time::PastOrToday("1800-01-01", "2026-12-07", "founded_on", errors));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].code, "out_of_range");
}

TEST(Text, Utf8Validation) {
    EXPECT_TRUE(text::IsValidUtf8("Đảng ủy Khối các cơ quan tỉnh"));
    EXPECT_TRUE(text::IsValidUtf8(""));
    EXPECT_FALSE(text::IsValidUtf8("\xC3"));              // truncated
    EXPECT_FALSE(text::IsValidUtf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(text::IsValidUtf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(text::IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(text::IsValidUtf8("\xFF"));
    EXPECT_EQ(text::Utf8Length("Đức"), 3u);
    EXPECT_EQ(text::Trim("  a b \n"), "a b");
}

TEST(Crypto, Sha256KnownVector) {
    EXPECT_EQ(crypto::Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, RandomTokensAreUrlSafeAndDistinct) {
    auto a = crypto::RandomToken(32), b = crypto::RandomToken(32);
    EXPECT_EQ(a.size(), 43u);
    EXPECT_NE(a, b);
    EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
    EXPECT_TRUE(crypto::ConstantTimeEquals(a, a));
    EXPECT_FALSE(crypto::ConstantTimeEquals(a, b));
    EXPECT_FALSE(crypto::ConstantTimeEquals(a, a.substr(1)));
}

TEST(Gzip, RoundTripsThroughZlib) {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "Đảng bộ Khối các cơ quan tỉnh Quảng Bình. ";
    std::string gz = gzip::Compress(text);
    ASSERT_LT(gz.size(), text.size() / 5);
    std::string out(text.size(), '\0');
    z_stream zs{};
    ASSERT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
    zs.next_in = reinterpret_cast<Bytef*>(gz.data());
    zs.avail_in = static_cast<uInt>(gz.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
    inflateEnd(&zs);
    EXPECT_EQ(out, text);
}

TEST(Gzip, AcceptEncoding) {
    EXPECT_TRUE(gzip::Accepts("gzip, deflate, br"));
    EXPECT_TRUE(gzip::Accepts("br;q=1.0, gzip;q=0.8"));
    EXPECT_FALSE(gzip::Accepts("gzip;q=0"));
    EXPECT_FALSE(gzip::Accepts("identity"));
    EXPECT_FALSE(gzip::Accepts(""));
}

TEST(Config, FlagsOverrideDefaultsAndLeaveOthers) {
    config::Settings s;
    std::vector<std::string> args{"--data", "/tmp/x", "serve", "--listen=0.0.0.0:9000", "--threads", "3", "--other"};
    ASSERT_TRUE(config::Apply(s, args, config::Scope::kServe).ok());
    EXPECT_EQ(s.data_dir, "/tmp/x");
    EXPECT_EQ(s.listen, "0.0.0.0:9000");
    EXPECT_EQ(s.threads, 3);
    EXPECT_EQ(args, (std::vector<std::string>{"serve", "--other"}));
    EXPECT_EQ(s.DatabaseUrl(), "/tmp/x/dangvu.db");
}

TEST(Config, ServeFlagsAreNotGlobal) {
    config::Settings s;
    std::vector<std::string> args{"--threads", "3"};
    ASSERT_TRUE(config::Apply(s, args, config::Scope::kGlobal).ok());
    EXPECT_EQ(args.size(), 2u);  // left for the subcommand, which rejects it if it is not its own
}

TEST(Config, MalformedValuesNameTheFlag) {
    config::Settings s;
    std::vector<std::string> args{"--threads", "many"};
    auto st = config::Apply(s, args, config::Scope::kServe);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().field_errors.at(0).field, "threads");
    std::vector<std::string> missing{"--data"};
    EXPECT_FALSE(config::Apply(s, missing, config::Scope::kGlobal).ok());
}

TEST(Result, CarriesValueOrError) {
    Result<int> ok = 3;
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(*ok, 3);
    Result<int> bad = Error::NotFound();
    ASSERT_FALSE(bad.ok());
    EXPECT_TRUE(bad.error().IsNotFound());
    EXPECT_EQ(HttpStatus(bad.error().code), 404);
    EXPECT_EQ(HttpStatus(ErrorCode::kInvalid), 422);
    EXPECT_STREQ(ToString(ErrorCode::kThrottled), "throttled");
}

}  // namespace
}  // namespace dv
