// text: UTF-8 checks and small string helpers used across features.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dv::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Number of code points in valid UTF-8 (what users think of as length).
size_t Utf8Length(std::string_view s);

// Removes leading and trailing ASCII white space.
std::string_view Trim(std::string_view s);

std::string AsciiLower(std::string_view s);

// The one reading of a whole number typed by a user (query strings, form fields, CLI arguments): an
// optional '-' and decimal digits, nothing else, within int64. " 12", "12abc", "+12", "1e3", "0x1" and
// overflow are nullopt, never a prefix read as a number.
std::optional<int64_t> ParseInt(std::string_view s);

// True when `s` (valid UTF-8) holds a control character: C0 (U+0000..U+001F), DEL (U+007F) or C1
// (U+0080..U+009F). With `lines`, TAB, LF and CR are allowed (multi-line text).
bool HasControlChar(std::string_view s, bool lines);

// The first `max_chars` code points of valid UTF-8 `s`: never cuts a character in two.
std::string Utf8Prefix(std::string_view s, size_t max_chars);

// A file name (valid UTF-8) cut to at most `max_chars` code points by characters, keeping its extension
// (".pdf", up to 10 characters after the last '.') so the file still opens with the right program.
std::string ShortenFileName(std::string_view name, size_t max_chars);

// `text` (a catalogue string) with each "{name}" of `params` replaced by its value; values are never
// searched again, and a "{word}" not in `params` stays as it is.
std::string Fill(std::string_view text, const std::vector<std::pair<std::string, std::string>>& params);

// 2582 -> "2.582", -1234567 -> "-1.234.567": the Vietnamese thousands separator.
std::string GroupThousands(int64_t n);

}  // namespace dv::text
