// multipart: the boundary parameter, part framing and part headers.
#include "web/multipart.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "core/text.h"

namespace dv::web::multipart {

namespace {

Error Bad(std::string field, std::string code, std::string message) {
    return Error{
        ErrorCode::kBadRequest, "error.bad_multipart", {{std::move(field), std::move(code), std::move(message)}}};
}

Error BadBody(std::string code, std::string message) { return Bad("body", std::move(code), std::move(message)); }

bool IsTokenChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsControl(char c) { return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f; }

// RFC 2046's bchars: what a boundary may be made of.
bool IsBoundaryChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

void SkipSpaces(std::string_view s, size_t& i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
}

// A header value such as `form-data; name="file"; filename="a.csv"`: the type, lowercased, and the
// parameters (names lowercased; values unquoted, a backslash escaping the next character). nullopt when
// malformed: an unterminated quote, a parameter without '=' or with an empty name, a name given twice,
// or a control character.
struct HeaderValue {
    std::string type;
    std::vector<std::pair<std::string, std::string>> params;
    const std::string* Param(std::string_view name) const {
        for (const auto& [k, v] : params)
            if (k == name) return &v;
        return nullptr;
    }
};

std::optional<HeaderValue> ParseHeaderValue(std::string_view s) {
    if (std::any_of(s.begin(), s.end(), IsControl)) return std::nullopt;
    HeaderValue out;
    size_t i = std::min(s.find(';'), s.size());
    out.type = text::AsciiLower(text::Trim(s.substr(0, i)));
    while (i < s.size()) {
        ++i;  // the ';'
        SkipSpaces(s, i);
        if (i == s.size()) break;  // a trailing ';' is harmless
        size_t eq = s.find('=', i);
        if (eq == std::string_view::npos) return std::nullopt;
        std::string name = text::AsciiLower(text::Trim(s.substr(i, eq - i)));
        if (name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar) || out.Param(name)) return std::nullopt;
        i = eq + 1;
        SkipSpaces(s, i);
        std::string value;
        if (i < s.size() && s[i] == '"') {
            for (++i; i < s.size() && s[i] != '"'; ++i) {
                if (s[i] == '\\' && i + 1 < s.size()) ++i;
                value += s[i];
            }
            if (i == s.size()) return std::nullopt;
            ++i;  // the closing quote
            SkipSpaces(s, i);
            if (i < s.size() && s[i] != ';') return std::nullopt;
        } else {
            size_t end = std::min(s.find(';', i), s.size());
            value = std::string(text::Trim(s.substr(i, end - i)));
            if (value.find('"') != std::string::npos) return std::nullopt;
            i = end;
        }
        out.params.emplace_back(std::move(name), std::move(value));
    }
    return out;
}

// The part's headers, from `pos` to the empty line that ends them; moves `pos` past that line.
Result<Part> ReadHeaders(std::string_view body, size_t& pos, const Limits& limits) {
    if (body.substr(pos, 2) == "\r\n") return BadBody("no_disposition", "a part has no Content-Disposition header");
    std::string_view window = body.substr(pos, limits.max_header_bytes + 4);
    size_t end = window.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (pos + window.size() == body.size())
            return BadBody("no_closing_boundary", "the body ends inside the headers of a part");
        return BadBody("header_too_large",
                       "the headers of a part are longer than " + std::to_string(limits.max_header_bytes) + " bytes");
    }
    std::string_view block = window.substr(0, end);
    pos += end + 4;

    Part part;
    bool has_disposition = false;
    while (!block.empty()) {
        size_t eol = std::min(block.find("\r\n"), block.size());
        std::string_view line = block.substr(0, eol);
        block.remove_prefix(std::min(eol + 2, block.size()));
        size_t colon = line.find(':');
        std::string_view name = colon == std::string_view::npos ? std::string_view() : line.substr(0, colon);
        // No folded lines (obsolete since RFC 7230), no space before the colon, no bare CR or LF.
        if (name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar))
            return BadBody("bad_header", "a part header is not 'Name: value'");
        std::string_view value = line.substr(colon + 1);
        if (std::any_of(value.begin(), value.end(), IsControl))
            return BadBody("bad_header", "a part header holds a control character");
        if (text::AsciiLower(name) == "content-type") {
            part.content_type = std::string(text::Trim(value));
            continue;
        }
        if (text::AsciiLower(name) != "content-disposition") continue;
        if (has_disposition) return BadBody("bad_header", "a part has two Content-Disposition headers");
        has_disposition = true;
        auto disposition = ParseHeaderValue(value);
        if (!disposition) return BadBody("bad_header", "a part's Content-Disposition cannot be read");
        if (disposition->type != "form-data")
            return BadBody("not_form_data", "a part's Content-Disposition is not form-data");
        const std::string* field = disposition->Param("name");
        if (!field || field->empty()) return BadBody("no_name", "a part has no name");
        part.name = *field;
        if (const std::string* filename = disposition->Param("filename")) {
            // Old browsers sent the whole client path; only the file's own name means anything here.
            size_t slash = filename->find_last_of("/\\");
            part.filename = slash == std::string::npos ? *filename : filename->substr(slash + 1);
        }
    }
    if (!has_disposition) return BadBody("no_disposition", "a part has no Content-Disposition header");
    return part;
}

}  // namespace

Result<std::string> Boundary(std::string_view content_type) {
    auto value = ParseHeaderValue(content_type);
    if (!value) return Bad("Content-Type", "bad_boundary", "the Content-Type cannot be read");
    const std::string* boundary = value->Param("boundary");
    if (!boundary) return Bad("Content-Type", "no_boundary", "the Content-Type has no boundary");
    if (boundary->empty() || boundary->size() > 70 || boundary->back() == ' ' ||
        !std::all_of(boundary->begin(), boundary->end(), IsBoundaryChar))
        return Bad("Content-Type", "bad_boundary", "the boundary is not 1 to 70 letters, digits or '()+_,-./:=?");
    return *boundary;
}

Result<std::vector<Part>> Parse(std::string_view body, std::string_view boundary, const Limits& limits) {
    const std::string dash_boundary = "--" + std::string(boundary);
    const std::string delimiter = "\r\n" + dash_boundary;
    // Uploads run to megabytes and CSV holds a CR on every line: a skip table beats find()'s memchr on '\r'.
    const std::boyer_moore_horspool_searcher searcher(delimiter.begin(), delimiter.end());
    auto find_delimiter = [&](size_t from) {
        auto it = std::search(body.begin() + static_cast<std::ptrdiff_t>(from), body.end(), searcher);
        return it == body.end() ? std::string_view::npos : static_cast<size_t>(it - body.begin());
    };

    size_t pos = 0;
    if (body.substr(0, dash_boundary.size()) == dash_boundary) {
        pos = dash_boundary.size();  // the first delimiter may open the body, without a CRLF before it
    } else {
        size_t first = find_delimiter(0);
        if (first == std::string_view::npos)
            return BadBody("no_first_boundary", "the body does not contain the boundary");
        pos = first + delimiter.size();
    }
    std::vector<Part> parts;
    while (true) {
        // After a delimiter: "--" closes the body; otherwise optional padding, then CRLF and a part.
        if (body.substr(pos, 2) == "--") return parts;
        SkipSpaces(body, pos);
        if (pos + 2 > body.size()) return BadBody("no_closing_boundary", "the body ends without its closing boundary");
        if (body.substr(pos, 2) != "\r\n") return BadBody("bad_delimiter", "a boundary is followed by other text");
        pos += 2;
        if (parts.size() == limits.max_parts)
            return BadBody("too_many_parts", "the body has more than " + std::to_string(limits.max_parts) + " parts");
        DV_ASSIGN_OR_RETURN(Part part, ReadHeaders(body, pos, limits));
        size_t end = find_delimiter(pos);
        if (end == std::string_view::npos)
            return BadBody("no_closing_boundary", "the body ends without its closing boundary");
        part.data = body.substr(pos, end - pos);
        if (!part.filename && part.data.size() > limits.max_field_bytes)
            return BadBody("field_too_large", "the field '" + part.name + "' is longer than " +
                                                  std::to_string(limits.max_field_bytes) + " bytes");
        parts.push_back(std::move(part));
        pos = end + delimiter.size();
    }
}

}  // namespace dv::web::multipart
