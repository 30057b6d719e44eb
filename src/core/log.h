// log: the server's standard error as JSON lines — one object per line, for journald and log shippers.
//
// Every line has "time" (ISO 8601, UTC), "level" and "msg", then the caller's fields. Used by `serve`
// and everything it runs; the other commands print one human line instead (see main.cpp).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace dv::log {

enum class Level { kInfo, kWarning, kError };

// Writes one line to stderr in a single write. Thread-safe: lines from several threads never interleave.
// Text in `msg` and the fields is JSON-escaped, so newlines in an exception's text cannot forge a line.
void Write(Level level, std::string_view msg, const boost::json::object& fields = {});

// The line Write would print for `time_iso`, without the newline (for tests).
std::string Format(std::string_view time_iso, Level level, std::string_view msg, const boost::json::object& fields);

}  // namespace dv::log
