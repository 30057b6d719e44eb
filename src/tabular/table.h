// tabular: CSV and XLSX sheets as rows of UTF-8 text cells, for bulk import and export of records.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace dv::tabular {

// What a cell was in the file. CSV cells are all kText. In XLSX: kNumber a numeric cell (typed as a number,
// or a formula's numeric result) without a date format, kDate one with a date format, kText strings,
// booleans and error values. The importer needs it: a number cell in an identifier column has lost the
// leading zeros its text form had ("0912345678" typed into a General cell is 912345678).
enum class CellKind { kText, kNumber, kDate };

// A sheet as text cells: row 0 is the header row. Every cell is UTF-8 text: numbers as their shortest
// decimal text ("42", "3.5"), XLSX booleans as "TRUE"/"FALSE", XLSX cells with a date format as
// "yyyy-mm-dd". Rows may be ragged (a row can be shorter or longer than the header; a missing cell means
// empty). Rows whose cells are all empty are dropped, so `line` keeps the number a spreadsheet user sees
// (1-based; for CSV the physical line a record starts on) for error reports.
struct Row {
    int line = 0;
    std::vector<std::string> cells;
    // The kind of cells[i]; shorter than `cells` (empty for CSV) where the rest are kText.
    std::vector<CellKind> kinds;
    CellKind Kind(size_t i) const { return i < kinds.size() ? kinds[i] : CellKind::kText; }
};
struct Table {
    std::vector<Row> rows;
};

// No shared state: any function may run on several threads at once (WriteXlsx and WriteXlsxBook on distinct
// paths).
//
// Errors are kInvalid with one FieldError whose `field` is "line N" (a CSV/XLSX position, also as the param
// "line") or "file" (the whole upload), `code` a stable key for the caller to translate, and `message` plain
// English (also in Error::message). Reading: unterminated_quote, invalid_utf8, utf16, not_xlsx, legacy_xls,
// no_worksheet, malformed_xml, too_large, too_many_cells, bad_cell_reference, unreadable_entry. Writing:
// bad_sheet_name (field "sheet_name", or "sheets[i].name" from WriteXlsxBook), duplicate_sheet_name
// ("sheets[i].name"), no_sheets ("sheets"), invalid_utf8 and too_large ("line N" or "file", with the param
// "sheet": the sheet's name).

// CSV: RFC 4180 (quoted fields with "" escapes, newlines and separators inside quotes), CRLF or LF, an
// optional UTF-8 BOM. The separator is ',' unless the header line has more ';' than ',' outside quotes
// (Excel in Vietnamese locales writes ';'). A cell starting with "'" followed by what WriteCsv guards
// ("'+84…", "'=x", "''-1") loses that one "'": it is WriteCsv's guard, so an export reads back as it was.
Result<Table> ReadCsv(std::string_view bytes);

// UTF-8 with a BOM (so Excel picks the encoding), CRLF line ends, a field quoted when it holds ',', ';',
// '"', CR or LF. Formula injection (OWASP): a cell starting with '=', '+', '-', '@', TAB or CR — or with
// "'"s before one of those — gets one "'" in front, so no spreadsheet runs it ("+84912…" is written
// "'+84912…"); ReadCsv takes it off again. NULs are dropped. Excel drops leading zeros of numeric-looking
// cells, so prefer WriteXlsx for exports people open in Excel.
std::string WriteCsv(const std::vector<std::vector<std::string>>& rows);

// XLSX: the first worksheet in workbook order (chart sheets are skipped), with shared strings (rich text
// included), inline strings, numbers, booleans, cached formula results, error values ("#N/A"), and gaps
// left by skipped columns filled with "". A numeric cell with a date format becomes "yyyy-mm-dd" (1900
// date system with its fake 1900-02-29, or 1904 when the workbook says so); time-only formats keep the
// number. Zip bombs: the sheet and shared strings are streamed, and refused while reading past 200 MiB
// inflated, 2 million cells (gaps included), 64 MiB of cell text, 2 million or 64 MiB of shared strings,
// 256 KiB of XML text in one cell, 64 levels of nesting, or a DTD; the other parts past 8 MiB inflated.
Result<Table> ReadXlsx(std::string_view bytes);

// Writes one sheet named `sheet_name` to `path`: a bold, frozen header row (rows[0]), then the data rows,
// columns sized roughly to content. Cells are text cells (card numbers keep leading zeros, "=..." is never a
// formula) unless `columns[c]` types column c's data cells: kDate writes a cell ParseDate reads as a real
// date shown dd/mm/yyyy (sortable and filterable in Excel, read back as "yyyy-mm-dd"), kNumber a cell that is
// a plain decimal number as a number; a cell that does not read so, or is empty, stays text (blank). Stored
// text never stops an export: NULs are dropped, other control characters written escaped (_xHHHH_, read
// back as they were), a cell over 32767 characters cut to that many. kInvalid for a bad sheet name or what
// no sheet can hold (invalid UTF-8, over 1048576 rows or 16384 columns); kInternal when the file cannot be
// written.
// A sheet name Excel opens is valid UTF-8, 1 to 31 characters as Excel counts them (UTF-16 units: a
// character above U+FFFF counts two), without []:*?/\ or control characters, not starting or ending with
// "'", and not "History" (Excel reserves it, in any case). libxlsxwriter checks only some of this; SheetName
// makes such a name out of any text.
// On error this call leaves no file of its own at `path`. libxlsxwriter also prints failures to stderr.
// It is WriteXlsxBook with one sheet.
Status WriteXlsx(const std::string& path, const std::string& sheet_name,
                 const std::vector<std::vector<std::string>>& rows, const std::vector<CellKind>& columns = {});

// One sheet of a workbook for WriteXlsxBook; the fields are WriteXlsx's arguments.
struct Sheet {
    std::string name;
    std::vector<std::vector<std::string>> rows;  // rows[0] is the header row
    std::vector<CellKind> columns;
};

// Writes `sheets` in order as the worksheets of one workbook at `path`, each as WriteXlsx writes its one
// sheet; the first is the one shown on opening. Sheet names must differ ignoring case, as Excel compares
// them ("Cấp" and "CẤP" clash; libxlsxwriter would only catch ASCII case). kInvalid, before anything is
// written, when there are no sheets, a name is bad or repeats one before it (field "sheets[i].name", i from
// 0), or a sheet holds what no sheet can (as WriteXlsx, with the param "sheet"); kInternal when the file
// cannot be written. On error this call leaves no file of its own at `path`.
Status WriteXlsxBook(const std::string& path, const std::vector<Sheet>& sheets);

// A sheet name WriteXlsxBook accepts, made from any text (an organization level such as "Cấp cơ sở") and
// distinct, ignoring case, from every name in `used`; the result is also appended to `used`. Forbidden
// characters ([]:*?/\, control characters, bytes that are not UTF-8) are dropped, spaces and "'" trimmed
// from both ends, and the rest cut to 31 characters (UTF-16 units, as Excel counts) without splitting one;
// nothing left gives "Sheet". A name taken already, or "History", gets " (2)", " (3)", ... with the text
// before it cut shorter so the whole stays within 31.
std::string SheetName(std::string_view wanted, std::vector<std::string>& used);

// XLSX when the content starts with a zip signature, otherwise CSV. A legacy .xls (OLE2) file is refused
// with code legacy_xls rather than read as garbage CSV.
Result<Table> ReadAny(std::string_view bytes);

// Dates as people type them in Vietnamese spreadsheets: "dd/mm/yyyy", "d/m/yyyy", "d-m-yyyy",
// "dd.mm.yyyy" (day first, one separator throughout) and "yyyy-mm-dd"; surrounding spaces allowed.
// Returns ISO "yyyy-mm-dd", or nullopt when malformed or impossible (31/02/2020). Two-digit years are
// rejected: "01/02/03" has no safe reading.
std::optional<std::string> ParseDate(std::string_view text);

}  // namespace dv::tabular
