// importer columns: header matching against a column table, and the date reasons imports share.
#include "importer/columns.h"

#include <unordered_map>

#include "core/text.h"
#include "core/vn_text.h"

namespace dv::importer::columns {

namespace {

constexpr const char* kRowNumberHeaders[] = {"STT", "TT", "Số thứ tự", "No"};

bool Blank(std::string_view s) { return text::Trim(s).empty(); }

}  // namespace

std::string Key(std::string_view header) {
    std::string key;
    for (char c : vn::Fold(header))
        if (c != ' ' && c != '_' && c != '-' && c != '.') key += c;
    return key;
}

bool IsRowNumber(std::string_view header) {
    std::string key = Key(header);
    for (const char* h : kRowNumberHeaders)
        if (key == Key(h)) return true;
    return false;
}

std::string Map::Header(int column) const {
    int i = IndexOf(column);
    return i >= 0 ? headers_[static_cast<size_t>(i)] : spec_[static_cast<size_t>(column)].vi;
}

const std::string& Map::Cell(const tabular::Row& row, int column) const {
    static const std::string kEmpty;
    int i = IndexOf(column);
    return i >= 0 && static_cast<size_t>(i) < row.cells.size() ? row.cells[static_cast<size_t>(i)] : kEmpty;
}

std::optional<FieldError> ExtraValues(const tabular::Table& table) {
    const size_t width = table.rows.empty() ? 0 : table.rows.front().cells.size();
    for (size_t r = 1; r < table.rows.size(); ++r) {
        const auto& cells = table.rows[r].cells;
        for (size_t i = width; i < cells.size(); ++i)
            if (!Blank(cells[i]))
                return HeaderProblem({Code::kExtraValues, {{"line", std::to_string(table.rows[r].line)}}});
    }
    return std::nullopt;
}

Result<Map> MapHeaders(const tabular::Table& table, std::span<const Column> spec, std::span<const Alias> aliases) {
    if (table.rows.empty()) return Error::Invalid({HeaderProblem(Code::kEmptyFile, "file")});
    std::unordered_map<std::string, int> by_key;
    for (size_t c = 0; c < spec.size(); ++c) {
        by_key.emplace(Key(spec[c].code), static_cast<int>(c));
        by_key.emplace(Key(spec[c].vi), static_cast<int>(c));
    }
    for (const auto& a : aliases) by_key.emplace(Key(a.header), a.column);

    Map map;
    map.spec_ = spec;
    map.index_.assign(spec.size(), -1);
    map.headers_ = table.rows.front().cells;
    std::vector<FieldError> errors;
    for (size_t i = 0; i < map.headers_.size(); ++i) {
        const std::string& h = map.headers_[i];
        if (Blank(h)) {
            for (size_t r = 1; r < table.rows.size(); ++r) {
                const auto& cells = table.rows[r].cells;
                if (i < cells.size() && !Blank(cells[i])) {
                    errors.push_back(HeaderProblem({Code::kUnnamedColumn, {{"column", std::to_string(i + 1)}}}));
                    break;
                }
            }
            continue;
        }
        auto it = by_key.find(Key(h));
        if (it == by_key.end()) {
            if (!IsRowNumber(h)) errors.push_back(HeaderProblem({Code::kUnknownColumn, {{"header", h}}}));
            continue;
        }
        int& slot = map.index_[static_cast<size_t>(it->second)];
        if (slot >= 0) {
            errors.push_back(HeaderProblem({Code::kDuplicateColumn,
                                            {{"first", map.headers_[static_cast<size_t>(slot)]},
                                             {"second", h},
                                             {"field", spec[static_cast<size_t>(it->second)].code}}}));
            continue;
        }
        slot = static_cast<int>(i);
    }
    if (auto extra = ExtraValues(table)) errors.push_back(*extra);
    for (size_t c = 0; c < spec.size(); ++c) {
        if (spec[c].required && map.index_[c] < 0)
            errors.push_back(HeaderProblem({Code::kMissingColumn, {{"header", spec[c].vi}, {"field", spec[c].code}}}));
    }
    if (!errors.empty()) return Error::Invalid(std::move(errors), "import.file_refused");
    return map;
}

Code DateReason(std::string_view raw) {
    std::string_view s = text::Trim(raw);
    std::vector<std::string> parts(1);
    char sep = 0;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            parts.back() += c;
        } else if ((c == '/' || c == '-' || c == '.') && (sep == 0 || sep == c)) {
            sep = c;
            parts.emplace_back();
        } else {
            return Code::kNotADate;
        }
    }
    if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty())
        return Code::kNotADate;
    if (parts[0].size() != 4 && parts[2].size() != 4) return Code::kFourDigitYear;
    return Code::kImpossibleDate;
}

std::string DayFirst(const std::string& iso) {
    if (iso.size() != 10) return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

}  // namespace dv::importer::columns
