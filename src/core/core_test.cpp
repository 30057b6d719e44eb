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
