// http: header lookup, percent-encoding, form parsing and reason phrases for the plain request/response values.
#include "http/message.h"

#include <algorithm>
#include <iterator>

namespace dv::http {
namespace {

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// -1 for a character that is not a hex digit.
int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool IsUnreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

std::string_view FindHeader(const Headers& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (IEquals(key, name)) return value;
    }
    return {};
}

struct StatusPhrase {
    int status;
    const char* reason;
};

// Sorted by status for the binary search in StatusReason.
constexpr StatusPhrase kStatusPhrases[] = {
    {100, "Continue"},
    {101, "Switching Protocols"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {203, "Non-Authoritative Information"},
    {204, "No Content"},
    {205, "Reset Content"},
    {206, "Partial Content"},
    {300, "Multiple Choices"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {402, "Payment Required"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Payload Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Range Not Satisfiable"},
    {417, "Expectation Failed"},
    {421, "Misdirected Request"},
    {422, "Unprocessable Entity"},
    {423, "Locked"},
    {425, "Too Early"},
    {426, "Upgrade Required"},
    {428, "Precondition Required"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {451, "Unavailable For Legal Reasons"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"},
};

}  // namespace

std::string_view Request::Header(std::string_view name) const { return FindHeader(headers, name); }

std::string_view Response::Header(std::string_view name) const { return FindHeader(headers, name); }

void Response::SetHeader(std::string_view name, std::string value) {
    // Replace the first match in place so the header keeps its position, and drop later duplicates: SetHeader
    // means "exactly one of these", unlike AddHeader.
    auto same_name = [&](const auto& h) { return IEquals(h.first, name); };
    auto first = std::find_if(headers.begin(), headers.end(), same_name);
    if (first == headers.end()) {
        headers.emplace_back(std::string(name), std::move(value));
        return;
    }
    first->second = std::move(value);
    headers.erase(std::remove_if(std::next(first), headers.end(), same_name), headers.end());
}

bool IEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
    }
    return true;
}

bool PercentDecode(std::string_view in, std::string& out, bool plus_is_space) {
    out.clear();
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%') {
            // A lone '%' is rejected rather than passed through: lenient decoders are how "%2e%2" style tricks
            // slip past path checks.
            if (in.size() - i < 3) {
                out.clear();
                return false;
            }
            int hi = HexValue(in[i + 1]);
            int lo = HexValue(in[i + 2]);
            if (hi < 0 || lo < 0) {
                out.clear();
                return false;
            }
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return true;
}

std::string PercentEncode(std::string_view in) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(in.size());
    for (char c : in) {
        if (IsUnreserved(c)) {
            out.push_back(c);
        } else {
            auto byte = static_cast<unsigned char>(c);
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0x0F]);
        }
    }
    return out;
}

// Replaces `out`; on failure `out` is left empty so a half-parsed form is never used by mistake.
bool ParseUrlEncoded(std::string_view in, std::vector<std::pair<std::string, std::string>>& out) {
    out.clear();
    while (!in.empty()) {
        size_t amp = in.find('&');
        std::string_view segment = in.substr(0, amp);
        in = amp == std::string_view::npos ? std::string_view() : in.substr(amp + 1);
        if (segment.empty()) continue;
        size_t eq = segment.find('=');
        std::string_view raw_name = segment.substr(0, eq);
        std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : segment.substr(eq + 1);
        std::string name;
        std::string value;
        if (!PercentDecode(raw_name, name, true) || !PercentDecode(raw_value, value, true)) {
            out.clear();
            return false;
        }
        out.emplace_back(std::move(name), std::move(value));
    }
    return true;
}

const char* StatusReason(int status) {
    auto it = std::lower_bound(std::begin(kStatusPhrases), std::end(kStatusPhrases), status,
                               [](const StatusPhrase& p, int s) { return p.status < s; });
    if (it != std::end(kStatusPhrases) && it->status == status) return it->reason;
    return "Unknown";
}

}  // namespace dv::http
