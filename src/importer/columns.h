// importer columns: the header row of an import file matched against a table of columns, shared by the
// organization and account imports (and meant for the member import's MapHeaders, which predates it).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "importer/message.h"
#include "tabular/table.h"

namespace dv::importer::columns {

// One column an import reads: its English code name and its Vietnamese header (both accepted as headers,
// the Vietnamese one written by exports and templates), and whether a file must have it.
struct Column {
    const char* code;
    const char* vi;
    bool required = false;
};
// Another header people write for column `column` (an index into the Column table).
struct Alias {
    const char* header;
    int column;
};

// The comparison key of a header: folded (no diacritics, đ as d, lower case) without spaces, '_', '-' and
// '.', so "HỌ VÀ TÊN", "ho va ten" and "full_name"/"Full Name" meet. Also used to compare names in cells
// (organization types) the same forgiving way.
std::string Key(std::string_view header);
// Row-number columns spreadsheets carry (STT, TT, Số thứ tự, No): their values mean nothing to an import.
bool IsRowNumber(std::string_view header);

// The first data row with a value right of the header row's last cell (Code::kExtraValues as a HeaderProblem),
// which no column can take: refused rather than dropped.
std::optional<FieldError> ExtraValues(const tabular::Table& table);

// Which column of the file holds which column of the table, from the header row (row 0).
class Map {
public:
    // -1 when the file has no such column.
    int IndexOf(int column) const { return index_[static_cast<size_t>(column)]; }
    bool Has(int column) const { return IndexOf(column) >= 0; }
    // The header as written in the file, or the Vietnamese header when the file has no such column.
    std::string Header(int column) const;
    // The row's cell for the column ('' when the column is absent or the row is short).
    const std::string& Cell(const tabular::Row& row, int column) const;

private:
    friend Result<Map> MapHeaders(const tabular::Table&, std::span<const Column>, std::span<const Alias>);
    std::span<const Column> spec_;
    std::vector<int> index_;
    std::vector<std::string> headers_;
};

// Maps the header row. kInvalid, before any row is read, with one HeaderProblem per problem (field "header";
// code unknown_column, duplicate_column, missing_column, unnamed_column or extra_values; message the catalogue
// key and params its values, rendered by each face), or field "file", code "empty", for a file without a
// header row. A header cell left empty is fine unless its column has values below.
// `spec` and `aliases` must outlive the Map (static tables).
Result<Map> MapHeaders(const tabular::Table& table, std::span<const Column> spec, std::span<const Alias> aliases = {});

// Why tabular::ParseDate refused a cell, as what to fix: kNotADate (write dd/mm/yyyy), kFourDigitYear or
// kImpossibleDate.
Code DateReason(std::string_view raw);
// "2019-05-22" -> "22/05/2019", the way exports write dates; other text comes back unchanged.
std::string DayFirst(const std::string& iso);

}  // namespace dv::importer::columns
