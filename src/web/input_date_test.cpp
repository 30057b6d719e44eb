// Unit tests of date fields in forms: typed dd/mm/yyyy whatever the browser's language, read by the
// importer's parser (tabular::ParseDate), refused with the field named and why, shown back dd/mm/yyyy.
#include <gtest/gtest.h>

#include "web/input.h"

namespace dv::web {
namespace {

// The one error of a single-field form, as "field:message", or "" when the date was read.
std::string Read(const std::string& typed, std::string* iso = nullptr) {
    Input in(boost::json::object{{"birth_date", typed}}, true);
    std::string v = in.Date("birth_date");
    if (iso) *iso = v;
    auto st = in.Finish();
    if (st.ok()) return "";
    const auto& e = st.error().field_errors.at(0);
    EXPECT_EQ(e.code, "invalid_date");
    return e.field + ":" + e.message;
}

TEST(InputDate, DayFirstIsReadAsTheImporterReadsIt) {
    std::string iso;
    EXPECT_EQ(Read("22/05/1980", &iso), "");
    EXPECT_EQ(iso, "1980-05-22");
    EXPECT_EQ(Read(" 2/5/1980 ", &iso), "");
    EXPECT_EQ(iso, "1980-05-02");
    EXPECT_EQ(Read("22-05-1980", &iso), "");
    EXPECT_EQ(iso, "1980-05-22");
    EXPECT_EQ(Read("22.05.1980", &iso), "");
    EXPECT_EQ(iso, "1980-05-22");
    // ISO, as the JSON API and links send it, is accepted too.
    EXPECT_EQ(Read("1980-05-22", &iso), "");
    EXPECT_EQ(iso, "1980-05-22");
    EXPECT_EQ(Read("29/02/2024", &iso), "");
    EXPECT_EQ(iso, "2024-02-29");
}

TEST(InputDate, ImpossibleDaysAndOtherShapesAreRefusedWithTheFieldNamed) {
    EXPECT_EQ(Read("31/02/2020"), "birth_date:field.impossible_date");
    EXPECT_EQ(Read("29/02/2023"), "birth_date:field.impossible_date");
    // Month first (an English-language browser's habit) is read day first: no month 25.
    EXPECT_EQ(Read("12/25/2020"), "birth_date:field.impossible_date");
    EXPECT_EQ(Read("2020-02-30"), "birth_date:field.impossible_date");
    EXPECT_EQ(Read("22/05/80"), "birth_date:field.not_a_date");
    EXPECT_EQ(Read("ngày 22"), "birth_date:field.not_a_date");
    EXPECT_EQ(Read("22/05-1980"), "birth_date:field.not_a_date");
    EXPECT_EQ(Read("1980/05/22"), "birth_date:field.not_a_date");  // year first only with "-"
}

TEST(InputDate, AFormLeavesAnUnreadableDateToItsServiceAndKeepsTheReason) {
    Input in(boost::json::object{{"a", "31/02/2020"}, {"b", "22/05/1980"}, {"c", "hôm qua"}}, true);
    EXPECT_EQ(in.DateForService("a"), "31/02/2020");  // the service refuses it with the other fields
    EXPECT_EQ(in.DateForService("b"), "1980-05-22");
    EXPECT_EQ(in.DateForService("c"), "hôm qua");
    EXPECT_TRUE(in.ok());
    ASSERT_EQ(in.date_reasons().size(), 2u);
    EXPECT_EQ(in.date_reasons()[0].field, "a");
    EXPECT_EQ(in.date_reasons()[0].message, "field.impossible_date");
    EXPECT_EQ(in.date_reasons()[1].message, "field.not_a_date");
}

TEST(InputDate, AbsentIsEmptyUnlessRequired) {
    Input in(boost::json::object{{"a", ""}}, true);
    EXPECT_EQ(in.Date("a"), "");
    EXPECT_EQ(in.Date("b"), "");
    EXPECT_TRUE(in.ok());
    EXPECT_EQ(in.Date("c", true), "");
    EXPECT_FALSE(in.ok());
}

TEST(InputDate, StoredDatesAreShownDayFirst) {
    EXPECT_EQ(FormDate("1980-05-02"), "02/05/1980");
    EXPECT_EQ(FormDate(""), "");
    EXPECT_EQ(FormDate("31/02/2020"), "31/02/2020");  // what was typed, shown back with its error
    boost::json::object values{{"birth_date", "1980-05-22"}, {"full_name", "2020-01-01"}};
    FormDates(values, {"birth_date", "missing"});
    EXPECT_EQ(values["birth_date"].as_string(), "22/05/1980");
    EXPECT_EQ(values["full_name"].as_string(), "2020-01-01");
}

}  // namespace
}  // namespace dv::web
