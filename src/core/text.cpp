// text: UTF-8 validation per RFC 3629.
#include "core/text.h"

namespace dv::text {

bool IsValidUtf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t n = s.size(), i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

size_t Utf8Length(std::string_view s) {
    size_t count = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

std::string_view Trim(std::string_view s) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::optional<int64_t> ParseInt(std::string_view s) {
    bool negative = !s.empty() && s.front() == '-';
    if (negative) s.remove_prefix(1);
    if (s.empty() || s.size() > 19) return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<uint64_t>(c - '0');  // 19 digits fit in uint64
    }
    const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
    if (v > limit) return std::nullopt;
    return negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

bool HasControlChar(std::string_view s, bool lines) {
    for (size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20) {
            if (!(lines && (c == '\t' || c == '\n' || c == '\r'))) return true;
        } else if (c == 0x7F) {
            return true;
        } else if (c == 0xC2 && i + 1 < s.size()) {
            auto next = static_cast<unsigned char>(s[i + 1]);
            if (next >= 0x80 && next <= 0x9F) return true;  // U+0080..U+009F
        }
    }
    return false;
}

std::string Utf8Prefix(std::string_view s, size_t max_chars) {
    size_t count = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
        if (count++ == max_chars) return std::string(s.substr(0, i));
    }
    return std::string(s);
}

std::string ShortenFileName(std::string_view name, size_t max_chars) {
    if (Utf8Length(name) <= max_chars) return std::string(name);
    size_t dot = name.rfind('.');
    std::string_view ext = dot == std::string_view::npos || dot == 0 ? std::string_view() : name.substr(dot);
    size_t ext_chars = Utf8Length(ext);
    if (ext_chars > 11 || ext_chars >= max_chars) return Utf8Prefix(name, max_chars);
    return Utf8Prefix(name.substr(0, dot), max_chars - ext_chars) + std::string(ext);
}

std::string Fill(std::string_view text, const std::vector<std::pair<std::string, std::string>>& params) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        bool replaced = false;
        if (text[i] == '{') {
            for (const auto& [name, value] : params) {
                if (text.compare(i + 1, name.size(), name) == 0 && i + 1 + name.size() < text.size() &&
                    text[i + 1 + name.size()] == '}') {
                    out += value;
                    i += name.size() + 2;
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) out += text[i++];
    }
    return out;
}

std::string GroupThousands(int64_t n) {
    std::string digits = std::to_string(n);
    size_t start = digits[0] == '-' ? 1 : 0;
    std::string out = digits.substr(0, start);
    for (size_t i = start; i < digits.size(); ++i) {
        if (i > start && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return out;
}

}  // namespace dv::text
