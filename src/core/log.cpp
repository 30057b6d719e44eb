// log: JSON lines on stderr.
#include "core/log.h"

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <mutex>
#include <string>

#include "core/time.h"

namespace dv::log {
namespace {

const char* LevelName(Level level) {
    switch (level) {
        case Level::kInfo: return "info";
        case Level::kWarning: return "warning";
        case Level::kError: return "error";
    }
    return "error";
}

std::mutex& WriteMutex() {
    static std::mutex mu;
    return mu;
}

}  // namespace

std::string Format(std::string_view time_iso, Level level, std::string_view msg, const boost::json::object& fields) {
    boost::json::object line{{"time", time_iso}, {"level", LevelName(level)}, {"msg", msg}};
    for (const auto& field : fields) line.emplace(field.key(), field.value());  // never over the first three
    return boost::json::serialize(line);
}

void Write(Level level, std::string_view msg, const boost::json::object& fields) {
    std::string text = Format(time::FormatIsoUtc(time::SystemClock().Now()), level, msg, fields);
    text += '\n';
    std::lock_guard lock(WriteMutex());
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

}  // namespace dv::log
