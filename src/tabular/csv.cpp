// tabular/csv: RFC 4180 reading (with the ';' Excel writes in Vietnamese locales) and Excel-friendly writing.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.h"
#include "tabular/table.h"

namespace dv::tabular {

namespace {

Error LineError(int line, std::string code, const std::string& what) {
    std::string field = "line " + std::to_string(line);
    std::string message = what + " on line " + std::to_string(line);
    return Error{ErrorCode::kInvalid, message, {{std::move(field), std::move(code), message, {{"line", std::to_string(line)}}}}};
}

// A record ends at LF, at CRLF, or at a CR that is the last byte (a file cut after its CR). A CR elsewhere
// is data: no spreadsheet in use still writes CR-only line ends.
bool IsLineEnd(std::string_view s, size_t i) {
    return s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] == '\n'));
}

size_t SkipLineEnd(std::string_view s, size_t i) { return s[i] == '\r' ? i + 2 : i + 1; }

// Counts separators in the first non-empty line, outside quotes. Quote toggling treats "" as two toggles,
// which is exactly right for the escape.
char DetectSeparator(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && IsLineEnd(s, i)) i = SkipLineEnd(s, i);
    int commas = 0, semicolons = 0;
    bool in_quotes = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c == '"') {
            in_quotes = !in_quotes;
        } else if (!in_quotes) {
            if (IsLineEnd(s, i)) break;
            if (c == ',') ++commas;
            if (c == ';') ++semicolons;
        }
    }
    return semicolons > commas ? ';' : ',';
}

// Names the first line that is not UTF-8. Splitting at LF is safe: 0x0A never occurs inside a multi-byte
// sequence.
std::optional<int> FirstInvalidUtf8Line(std::string_view s) {
    int line = 1;
    while (true) {
        size_t end = s.find('\n');
        if (!text::IsValidUtf8(s.substr(0, end))) return line;
        if (end == std::string_view::npos) return std::nullopt;
        s.remove_prefix(end + 1);
        ++line;
    }
}

bool AllEmpty(const std::vector<std::string>& cells) {
    for (const auto& c : cells)
        if (!c.empty()) return false;
    return true;
}

bool NeedsQuotes(std::string_view cell) { return cell.find_first_of(",;\"\r\n") != std::string_view::npos; }

// A cell a spreadsheet would run as a formula (OWASP "CSV injection": '=', '+', '-', '@', TAB, CR first),
// or one that already starts with the guard before such a character, so the guard reads back exactly.
bool NeedsFormulaGuard(std::string_view cell) {
    size_t i = cell.find_first_not_of('\'');
    return i != std::string_view::npos && std::string_view("=+-@\t\r").find(cell[i]) != std::string_view::npos;
}

}  // namespace

Result<Table> ReadCsv(std::string_view s) {
    if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
    if (s.starts_with("\xFF\xFE") || s.starts_with("\xFE\xFF")) {
        std::string message = "The file is UTF-16 text; save it as \"CSV UTF-8\"";
        return Error{ErrorCode::kInvalid, message, {{"file", "utf16", message}}};
    }
    if (auto bad = FirstInvalidUtf8Line(s)) return LineError(*bad, "invalid_utf8", "Text is not valid UTF-8");

    const char sep = DetectSeparator(s);
    Table table;
    int line = 1;  // the physical line at position i
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        Row row{line, {}};
        while (true) {
            std::string field;
            if (s[i] == '"') {
                const int quote_line = line;
                ++i;
                while (true) {
                    size_t stop = s.find_first_of("\"\n", i);
                    if (stop == std::string_view::npos) {
                        return LineError(quote_line, "unterminated_quote", "Quoted field is not closed");
                    }
                    field.append(s.substr(i, stop - i));
                    i = stop;
                    if (s[i] == '\n') {
                        field += '\n';
                        ++line;
                        ++i;
                    } else if (i + 1 < n && s[i + 1] == '"') {
                        field += '"';
                        i += 2;
                    } else {
                        ++i;
                        break;
                    }
                }
            }
            // Unquoted text, or text after a closing quote: kept literally, as Excel does with `"ab"c`.
            size_t start = i;
            while (i < n && s[i] != sep && !IsLineEnd(s, i)) ++i;
            field.append(s.substr(start, i - start));
            if (field.starts_with('\'') && NeedsFormulaGuard(std::string_view(field).substr(1))) field.erase(0, 1);
            row.cells.push_back(std::move(field));
            if (i < n && s[i] == sep) {
                ++i;
                if (i == n) row.cells.emplace_back();  // "a,b," at the very end: the last field is empty
                if (i < n) continue;
            }
            if (i < n) {
                i = SkipLineEnd(s, i);
                ++line;
            }
            break;
        }
        if (!AllEmpty(row.cells)) table.rows.push_back(std::move(row));
    }
    return table;
}

std::string WriteCsv(const std::vector<std::vector<std::string>>& rows) {
    std::string out = "\xEF\xBB\xBF";
    for (const auto& row : rows) {
        for (size_t c = 0; c < row.size(); ++c) {
            if (c > 0) out += ',';
            std::string cell = row[c];
            std::erase(cell, '\0');  // no spreadsheet holds a NUL; stored text may predate the input rule
            if (NeedsFormulaGuard(cell)) cell.insert(0, 1, '\'');
            if (!NeedsQuotes(cell)) {
                out += cell;
                continue;
            }
            out += '"';
            for (char ch : cell) {
                if (ch == '"') out += '"';
                out += ch;
            }
            out += '"';
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace dv::tabular
