// Unit tests of core/log: one JSON object per line, whatever the text holds.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/log.h"

namespace dv {
namespace {

TEST(Log, OneObjectWithTimeLevelMessageAndFields) {
    std::string line = log::Format("2026-12-07T02:00:00.000Z", log::Level::kError, "handler exception",
                                   {{"error", "boom"}, {"threads", 4}});
    auto v = boost::json::parse(line).as_object();
    EXPECT_EQ(v.at("time"), "2026-12-07T02:00:00.000Z");
    EXPECT_EQ(v.at("level"), "error");
    EXPECT_EQ(v.at("msg"), "handler exception");
    EXPECT_EQ(v.at("error"), "boom");
    EXPECT_EQ(v.at("threads"), 4);
}

TEST(Log, NewlinesInTextCannotForgeALine) {
    std::string line = log::Format("t", log::Level::kWarning, "a\nb", {{"error", "x\n{\"level\":\"info\"}"}});
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(boost::json::parse(line).at("error"), "x\n{\"level\":\"info\"}");
}

TEST(Log, FieldsCannotReplaceTimeLevelOrMessage) {
    std::string line = log::Format("t", log::Level::kInfo, "serving", {{"level", "error"}, {"msg", "other"}});
    auto v = boost::json::parse(line).as_object();
    EXPECT_EQ(v.at("level"), "info");
    EXPECT_EQ(v.at("msg"), "serving");
}

}  // namespace
}  // namespace dv
