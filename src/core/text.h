// text: UTF-8 checks and small string helpers used across features.
#pragma once

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

}  // namespace dv::text
