// text: UTF-8 checks and small string helpers used across features.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dv::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Number of code points in valid UTF-8 (what users think of as length).
size_t Utf8Length(std::string_view s);

// Removes leading and trailing ASCII white space.
std::string_view Trim(std::string_view s);

std::string AsciiLower(std::string_view s);

// 2582 -> "2.582", -1234567 -> "-1.234.567": the Vietnamese thousands separator.
std::string GroupThousands(int64_t n);

}  // namespace dv::text
