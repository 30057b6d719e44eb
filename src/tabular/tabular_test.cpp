// Unit tests of tabular/: CSV and XLSX against real files (libxlsxwriter and libzip write them), and dates.
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tabular/table.h"

namespace dv::tabular {
namespace {

namespace fs = std::filesystem;
using Cells = std::vector<std::vector<std::string>>;

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ =
            fs::temp_directory_path() / ("dv_tabular_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Cells CellsOf(const Table& t) {
    Cells out;
    for (const auto& r : t.rows) out.push_back(r.cells);
    return out;
}

std::vector<int> LinesOf(const Table& t) {
    std::vector<int> out;
    for (const auto& r : t.rows) out.push_back(r.line);
    return out;
}

// A zip with the given entries, written by libzip.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
    TempDir dir;
    const fs::path path = dir / "package.zip";
    int error = 0;
    zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    EXPECT_NE(zip, nullptr) << error;
    if (!zip) return {};
    for (const auto& [name, data] : entries) {
        zip_source_t* source = zip_source_buffer(zip, data.data(), data.size(), 0);
        zip_int64_t index = zip_file_add(zip, name.c_str(), source, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
        EXPECT_GE(index, 0) << name;
        // The fastest level keeps the 201 MiB zip bomb test quick; ratios stay around 1000:1.
        if (index >= 0) zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 1);
    }
    EXPECT_EQ(zip_close(zip), 0) << zip_strerror(zip);
    return ReadFile(path);
}

// One entry of a zip held in memory, read with libzip; "" when it cannot be read.
std::string ZipEntry(const std::string& zip_bytes, const char* name) {
    zip_source_t* source = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, nullptr);
    zip_t* zip = source ? zip_open_from_source(source, ZIP_RDONLY, nullptr) : nullptr;
    if (!zip) {
        if (source) zip_source_free(source);
        return {};
    }
    std::string out;
    if (zip_file_t* file = zip_fopen(zip, name, 0)) {
        char buffer[4096];
        zip_int64_t n;
        while ((n = zip_fread(file, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(n));
        zip_fclose(file);
    }
    zip_discard(zip);
    return out;
}

// The name="..." of each <sheet> of a workbook.xml, in order. libxlsxwriter escapes only &<>" in them, which
// the names of these tests do not hold.
std::vector<std::string> SheetNamesOf(const std::string& workbook_xml) {
    std::vector<std::string> out;
    for (size_t at = workbook_xml.find("<sheet "); at != std::string::npos; at = workbook_xml.find("<sheet ", at + 1)) {
        const size_t begin = workbook_xml.find("name=\"", at) + 6;
        out.push_back(workbook_xml.substr(begin, workbook_xml.find('"', begin) - begin));
    }
    return out;
}

// The element <c r="`ref`" ...> of a worksheet part, up to its end; "" when the sheet has no such cell.
std::string CellXml(const std::string& sheet_xml, const std::string& ref) {
    const size_t at = sheet_xml.find("<c r=\"" + ref + "\"");
    if (at == std::string::npos) return {};
    const size_t open_end = sheet_xml.find('>', at);
    if (sheet_xml[open_end - 1] == '/') return sheet_xml.substr(at, open_end + 1 - at);
    return sheet_xml.substr(at, sheet_xml.find("</c>", at) + 4 - at);
}

void ExpectInvalid(const Result<Table>& r, const std::string& field, const std::string& code) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
    ASSERT_EQ(r.error().field_errors.size(), 1u);
    EXPECT_EQ(r.error().field_errors[0].field, field) << r.error().message;
    EXPECT_EQ(r.error().field_errors[0].code, code) << r.error().message;
    EXPECT_FALSE(r.error().message.empty());
}

// ---- CSV

struct CsvCase {
    const char* name;
    std::string input;
    Cells cells;
    std::vector<int> lines;
};

TEST(Csv, ReadsTable) {
    const std::vector<CsvCase> cases = {
        {"plain", "a,b,c\n1,2,3\n", {{"a", "b", "c"}, {"1", "2", "3"}}, {1, 2}},
        {"no final newline", "a,b\n1,2", {{"a", "b"}, {"1", "2"}}, {1, 2}},
        {"quoting",
         "name,note\n\"Lê, Văn\",\"say \"\"hi\"\"\"\n\"\",x\n",
         {{"name", "note"}, {"Lê, Văn", "say \"hi\""}, {"", "x"}},
         {1, 2, 3}},
        {"embedded newline keeps later lines",
         "h1,h2\n\"line one\nline two\",b\nc,d\n\"x\r\ny\",z\r\ne,f\n",
         {{"h1", "h2"}, {"line one\nline two", "b"}, {"c", "d"}, {"x\r\ny", "z"}, {"e", "f"}},
         {1, 2, 4, 5, 7}},
        {"BOM and CRLF",
         "\xEF\xBB\xBFHọ tên,Số thẻ\r\nĐặng Thị Ánh,007\r\n",
         {{"Họ tên", "Số thẻ"}, {"Đặng Thị Ánh", "007"}},
         {1, 2}},
        {"semicolon from Excel vi-VN",
         "Họ tên;Ngày sinh;Ghi chú\r\nNguyễn Văn A;21/03/1990;1,5\r\n",
         {{"Họ tên", "Ngày sinh", "Ghi chú"}, {"Nguyễn Văn A", "21/03/1990", "1,5"}},
         {1, 2}},
        {"quoted semicolons do not count", "\"a;b;c\",d\n1,2\n", {{"a;b;c", "d"}, {"1", "2"}}, {1, 2}},
        {"tie stays comma", "a;b,c\n", {{"a;b", "c"}}, {1}},
        {"empty lines skipped", "\n\r\na,b\n\n,\n;\n\r\n1,2\n\n", {{"a", "b"}, {";"}, {"1", "2"}}, {3, 6, 8}},
        {"empty fields kept", "a,,c,\n,x,,\n", {{"a", "", "c", ""}, {"", "x", "", ""}}, {1, 2}},
        {"trailing separator at end of file", "a,b,", {{"a", "b", ""}}, {1}},
        {"text after closing quote kept", "\"ab\"c,d\n", {{"abc", "d"}}, {1}},
        {"quote inside unquoted field", "5\" disk,x\n", {{"5\" disk", "x"}}, {1}},
        {"lone CR is data", "a\rb,c\r", {{"a\rb", "c"}}, {1}},
        {"empty input", "", {}, {}},
        {"only a BOM", "\xEF\xBB\xBF", {}, {}},
        {"Vietnamese survives",
         "Tổ chức,Chức vụ\nĐảng ủy Khối các cơ quan tỉnh,Bí thư chi bộ\n",
         {{"Tổ chức", "Chức vụ"}, {"Đảng ủy Khối các cơ quan tỉnh", "Bí thư chi bộ"}},
         {1, 2}},
    };
    for (const auto& c : cases) {
        auto r = ReadCsv(c.input);
        ASSERT_TRUE(r.ok()) << c.name << ": " << r.error().message;
        EXPECT_EQ(CellsOf(*r), c.cells) << c.name;
        EXPECT_EQ(LinesOf(*r), c.lines) << c.name;
    }
}

TEST(Csv, ErrorsNameTheLine) {
    struct ErrorCase {
        const char* name;
        std::string input;
        std::string field, code;
    };
    const std::vector<ErrorCase> cases = {
        {"unterminated quote names where it opened", "a,b\nc,d\ne,\"never\nclosed\nat all\n", "line 3",
         "unterminated_quote"},
        {"quote opened at end", "a,b\n\"", "line 2", "unterminated_quote"},
        {"invalid UTF-8 (Windows-1258 bytes)", "a,b\n\"x\ny\",c\nd,\xE0\xEA\n", "line 4", "invalid_utf8"},
        {"truncated sequence at the end", "a\n\xC3", "line 2", "invalid_utf8"},
        {"UTF-16 BOM",
         std::string("\xFF\xFE"
                     "a\0,\0",
                     6),
         "file", "utf16"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        ExpectInvalid(ReadCsv(c.input), c.field, c.code);
    }
}

TEST(Csv, WriteThenReadRoundTrip) {
    const Cells rows = {
        {"Số thẻ", "Họ và tên", "Ghi chú"},
        {"007", "Nguyễn Thị Ánh", "có dấu phẩy, và \"ngoặc kép\""},
        {"0123456789", "Trần; Văn B", "dòng 1\ndòng 2\r\ndòng 3"},
        {"", " khoảng trắng ", "=1+1"},
        {"\"", ",", ""},
    };
    const std::string csv = WriteCsv(rows);
    EXPECT_TRUE(
        csv.starts_with("\xEF\xBB\xBF"
                        "Số thẻ,Họ và tên,Ghi chú\r\n007,"))
        << csv;
    EXPECT_NE(csv.find("\"Trần; Văn B\""), std::string::npos);
    auto r = ReadCsv(csv);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(CellsOf(*r), rows);
    EXPECT_EQ(LinesOf(*r), (std::vector<int>{1, 2, 3, 6, 7}));
}

// Regression (issue 10, CSV injection): "=…", "+…", "-…", "@…" cells went out as they were, and a
// spreadsheet opening the export ran them as formulas.
TEST(Csv, GuardsFormulaCellsAndReadsThemBack) {
    const Cells rows = {
        {"h1", "h2", "h3"},
        {"=HYPERLINK(\"http://x\")", "+84912345678", "-5"},
        {"@SUM(A1)", "\tx", "\rx"},
        {"'=already", "''+1", "'plain"},
        {"a=b", "84+1", ""},
    };
    const std::string csv = WriteCsv(rows);
    EXPECT_NE(csv.find(",'+84912345678,'-5\r\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\"'=HYPERLINK("), std::string::npos) << csv;
    EXPECT_NE(csv.find("'@SUM(A1),'\tx,\"'\rx\""), std::string::npos) << csv;
    EXPECT_NE(csv.find("''=already,'''+1,'plain\r\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("a=b,84+1,\r\n"), std::string::npos) << csv;
    auto r = ReadCsv(csv);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(CellsOf(*r), rows);
}

TEST(Csv, WriteDropsNul) {
    EXPECT_EQ(WriteCsv({{std::string("a\0b", 3)}}), "\xEF\xBB\xBF" "ab\r\n");
}

// ---- XLSX

// Regression (issue 10): a NUL stored through the API made the XLSX export of the whole subtree fail.
TEST(Xlsx, WriteNeverFailsOnStoredText) {
    TempDir dir;
    const fs::path path = dir / "out.xlsx";
    std::string long_cell;
    for (int i = 0; i < 32770; ++i) long_cell += "ư";
    Status st = WriteXlsx(path.string(), "S", {{"h", "i"}, {std::string("a\0b", 3), long_cell}});
    ASSERT_TRUE(st.ok()) << st.error().message;
    auto r = ReadXlsx(ReadFile(path));
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->rows.size(), 2u);
    EXPECT_EQ(r->rows[1].cells[0], "ab");
    EXPECT_EQ(r->rows[1].cells[1].size(), 32767u * 2);
    EXPECT_TRUE(r->rows[1].cells[1] == long_cell.substr(0, 32767 * 2));
}

TEST(Xlsx, WriteThenReadRoundTrip) {
    const Cells rows = {
        {"Số thẻ", "Họ và tên", "Ngày vào Đảng", "Ghi chú", ""},
        {"007", "Nguyễn Thị Ánh", "03/02/1930", "có dấu phẩy, và \"ngoặc kép\"", "x"},
        {"0123456789012", "Trần Văn Bình", "", "dòng 1\ndòng 2\r\ndòng 3", ""},
        {"=SUM(A1:A2)", "_x0041_ literal", "  spaced  ", "tab\there\x01", "ư"},
        {"1e5", "", "", "", ""},
        {"TRUE", "42", "3.50", "00", "đ"},
    };
    TempDir dir;
    const fs::path path = dir / "đảng viên.xlsx";
    Status st = WriteXlsx(path.string(), "Đảng viên", rows);
    ASSERT_TRUE(st.ok()) << st.error().message;
    auto r = ReadXlsx(ReadFile(path));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(CellsOf(*r), rows);
    EXPECT_EQ(LinesOf(*r), (std::vector<int>{1, 2, 3, 4, 5, 6}));
    auto any = ReadAny(ReadFile(path));
    ASSERT_TRUE(any.ok());
    EXPECT_EQ(CellsOf(*any), rows);
}

TEST(Xlsx, WriteRefusesWhatExcelCannotHoldAndLeavesNoFile) {
    TempDir dir;
    const fs::path path = dir / "out.xlsx";
    struct Case {
        const char* name;
        std::string sheet;
        Cells rows;
        std::string field, code;
    };
    const std::vector<Case> cases = {
        {"sheet name with /", "a/b", {{"x"}}, "sheet_name", "bad_sheet_name"},
        {"sheet name over 31 characters", std::string(32, 'x'), {{"x"}}, "sheet_name", "bad_sheet_name"},
        {"empty sheet name", "", {{"x"}}, "sheet_name", "bad_sheet_name"},
        {"invalid UTF-8", "S", {{"h"}, {"ok", "\xC3("}}, "line 2", "invalid_utf8"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        Status st = WriteXlsx(path.string(), c.sheet, c.rows);
        ASSERT_FALSE(st.ok());
        EXPECT_EQ(st.error().code, ErrorCode::kInvalid);
        ASSERT_EQ(st.error().field_errors.size(), 1u);
        EXPECT_EQ(st.error().field_errors[0].field, c.field);
        EXPECT_EQ(st.error().field_errors[0].code, c.code);
        EXPECT_FALSE(fs::exists(path));
    }
    Status st = WriteXlsx((dir / "no such dir" / "out.xlsx").string(), "S", {{"x"}});
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, ErrorCode::kInternal);
}

// A workbook as people make them: typed cells, a date format, a gap column, a blank row, a second sheet.
TEST(Xlsx, ReadsFirstSheetWithTypedCells) {
    TempDir dir;
    const fs::path path = dir / "typed.xlsx";
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* first = workbook_add_worksheet(wb, "Danh sách");
    lxw_worksheet* second = workbook_add_worksheet(wb, "Khác");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    lxw_format* time_only = workbook_add_format(wb);
    format_set_num_format(time_only, "hh:mm");
    lxw_format* builtin_date = workbook_add_format(wb);
    format_set_num_format_index(builtin_date, 14);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);

    worksheet_write_string(first, 0, 0, "Họ tên", nullptr);
    worksheet_write_string(first, 0, 1, "Số", nullptr);
    worksheet_write_string(first, 0, 3, "Ngày", nullptr);  // column C left empty
    worksheet_write_string(first, 0, 4, "Đúng", nullptr);
    worksheet_write_string(first, 1, 0, "Nguyễn Văn A", nullptr);
    worksheet_write_number(first, 1, 1, 42, nullptr);
    lxw_datetime dt = {2016, 3, 21, 0, 0, 0};
    worksheet_write_datetime(first, 1, 3, &dt, date);
    worksheet_write_boolean(first, 1, 4, 1, nullptr);
    lxw_rich_string_tuple plain = {nullptr, const_cast<char*>("Trần ")};
    lxw_rich_string_tuple strong = {bold, const_cast<char*>("Thị")};
    lxw_rich_string_tuple tail = {nullptr, const_cast<char*>(" B")};
    lxw_rich_string_tuple* rich[] = {&plain, &strong, &tail, nullptr};
    worksheet_write_rich_string(first, 2, 0, rich, nullptr);
    worksheet_write_number(first, 2, 1, 3.5, nullptr);
    worksheet_write_number(first, 2, 3, 0.5, time_only);
    worksheet_write_boolean(first, 2, 4, 0, nullptr);
    // Row 4 blank; row 5: a date with the builtin short-date format, a big whole number, a formula.
    lxw_datetime dt2 = {1930, 2, 3, 14, 30, 0};
    worksheet_write_datetime(first, 4, 0, &dt2, builtin_date);
    worksheet_write_number(first, 4, 1, 12300000000.0, nullptr);
    worksheet_write_formula_num(first, 4, 2, "=B2*2", nullptr, 84);
    worksheet_write_number(first, 4, 3, -0.25, nullptr);
    worksheet_write_string(second, 0, 0, "trang thứ hai", nullptr);
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

    auto r = ReadXlsx(ReadFile(path));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(CellsOf(*r), (Cells{
                               {"Họ tên", "Số", "", "Ngày", "Đúng"},
                               {"Nguyễn Văn A", "42", "", "2016-03-21", "TRUE"},
                               {"Trần Thị B", "3.5", "", "0.5", "FALSE"},
                               {"1930-02-03", "12300000000", "84", "-0.25"},
                           }));
    EXPECT_EQ(LinesOf(*r), (std::vector<int>{1, 2, 3, 5}));
    // What each cell was: the importer refuses identifiers that come as numbers.
    using K = CellKind;
    std::vector<std::vector<K>> kinds;
    for (const auto& row : r->rows) {
        kinds.emplace_back();
        for (size_t c = 0; c < row.cells.size(); ++c) kinds.back().push_back(row.Kind(c));
    }
    EXPECT_EQ(kinds, (std::vector<std::vector<K>>{
                         {K::kText, K::kText, K::kText, K::kText, K::kText},
                         {K::kText, K::kNumber, K::kText, K::kDate, K::kText},
                         {K::kText, K::kNumber, K::kText, K::kNumber, K::kText},
                         {K::kDate, K::kNumber, K::kNumber, K::kNumber},
                     }));
    auto csv = ReadCsv("a,1\n2,x\n");
    ASSERT_TRUE(csv.ok());
    EXPECT_EQ(csv->rows[1].Kind(0), K::kText);  // CSV has no types
}

// Typed columns: dates as real date cells shown dd/mm/yyyy, numbers as numbers, the rest text; each reads back
// as written, with its kind.
TEST(Xlsx, WritesTypedColumns) {
    const Cells rows = {
        {"Ngày sinh", "Số CCCD", "Số", "Ghi chú"},
        {"03/02/1930", "044080012345", "42", "01/02/2003"},
        {"", "0912345678", "không phải số", ""},
        {"31/02/2020", "", "-3.5", "x"},
    };
    TempDir dir;
    const fs::path path = dir / "typed.xlsx";
    using K = CellKind;
    Status st = WriteXlsx(path.string(), "Đảng viên", rows, {K::kDate, K::kText, K::kNumber});
    ASSERT_TRUE(st.ok()) << st.error().message;
    auto r = ReadXlsx(ReadFile(path));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(CellsOf(*r), (Cells{
                               {"Ngày sinh", "Số CCCD", "Số", "Ghi chú"},
                               {"1930-02-03", "044080012345", "42", "01/02/2003"},
                               {"", "0912345678", "không phải số", ""},
                               {"31/02/2020", "", "-3.5", "x"},
                           }));
    EXPECT_EQ(r->rows[0].Kind(0), K::kText);  // the header stays text
    EXPECT_EQ(r->rows[1].Kind(0), K::kDate);
    EXPECT_EQ(r->rows[1].Kind(1), K::kText);
    EXPECT_EQ(r->rows[1].Kind(2), K::kNumber);
    EXPECT_EQ(r->rows[1].Kind(3), K::kText);
    EXPECT_EQ(r->rows[2].Kind(2), K::kText);
    EXPECT_EQ(r->rows[3].Kind(0), K::kText);  // not a date: kept as typed
    // The date cells show day first whatever the reader's locale.
    EXPECT_NE(ZipEntry(ReadFile(path), "xl/styles.xml").find("formatCode=\"dd/mm/yyyy\""), std::string::npos);
}

// Three sheets in one workbook, each written as WriteXlsx writes its one: the first reads back whole; the
// others, which ReadXlsx does not read, are checked in the package: their names in order, numbers and dates
// as numeric cells (no t="..."), text as shared strings.
TEST(Xlsx, WritesBookOfSheets) {
    using K = CellKind;
    const std::vector<Sheet> sheets = {
        {"Tổng hợp",
         {{"Cấp", "Số đảng viên"}, {"Cấp cơ sở", "120"}, {"Cấp trên cơ sở", "007"}},
         {K::kText, K::kNumber}},
        {"Đảng viên", {{"Họ và tên", "Ngày vào Đảng"}, {"Nguyễn Thị Ánh", "03/02/1930"}}, {K::kText, K::kDate}},
        {"Cấp cơ sở",
         {{"Chi bộ", "Số"}, {"Chi bộ ấp Tân Hòa", "3.5"}, {"Chi bộ 2", "không rõ"}},
         {K::kText, K::kNumber}},
    };
    TempDir dir;
    const fs::path path = dir / "book.xlsx";
    Status st = WriteXlsxBook(path.string(), sheets);
    ASSERT_TRUE(st.ok()) << st.error().message;
    const std::string bytes = ReadFile(path);

    auto first = ReadXlsx(bytes);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(CellsOf(*first), (Cells{{"Cấp", "Số đảng viên"}, {"Cấp cơ sở", "120"}, {"Cấp trên cơ sở", "7"}}));
    EXPECT_EQ(first->rows[1].Kind(1), K::kNumber);
    EXPECT_EQ(first->rows[1].Kind(0), K::kText);

    EXPECT_EQ(SheetNamesOf(ZipEntry(bytes, "xl/workbook.xml")),
              (std::vector<std::string>{"Tổng hợp", "Đảng viên", "Cấp cơ sở"}));
    const std::string members = ZipEntry(bytes, "xl/worksheets/sheet2.xml");
    const std::string date = CellXml(members, "B2");
    EXPECT_EQ(date.find(" t="), std::string::npos) << date;
    EXPECT_NE(date.find("<v>10992</v>"), std::string::npos) << date;  // 1930-02-03, days since 1899-12-30
    EXPECT_NE(CellXml(members, "A2").find("t=\"s\""), std::string::npos);
    const std::string level = ZipEntry(bytes, "xl/worksheets/sheet3.xml");
    const std::string number = CellXml(level, "B2");
    EXPECT_EQ(number.find(" t="), std::string::npos) << number;
    EXPECT_NE(number.find("<v>3.5</v>"), std::string::npos) << number;
    EXPECT_NE(CellXml(level, "B3").find("t=\"s\""), std::string::npos);  // not a number: stays text
    // Every sheet has its bold header frozen.
    EXPECT_NE(members.find("state=\"frozen\""), std::string::npos);
    EXPECT_NE(level.find("state=\"frozen\""), std::string::npos);
    const std::string strings = ZipEntry(bytes, "xl/sharedStrings.xml");
    for (const char* text : {"Nguyễn Thị Ánh", "Chi bộ ấp Tân Hòa", "không rõ"})
        EXPECT_NE(strings.find(text), std::string::npos) << text;
}

TEST(Xlsx, WriteBookRefusesBadOrDuplicateNamesAndLeavesNoFile) {
    TempDir dir;
    const fs::path path = dir / "book.xlsx";
    std::string emoji16;
    for (int i = 0; i < 16; ++i) emoji16 += "\U0001F600";  // 16 characters, 32 UTF-16 units
    struct Case {
        const char* name;
        std::vector<Sheet> sheets;
        std::string field, code;
    };
    const std::vector<Case> cases = {
        {"no sheets", {}, "sheets", "no_sheets"},
        {"same name",
         {{"Cấp cơ sở", {{"x"}}, {}}, {"Cấp cơ sở", {{"y"}}, {}}},
         "sheets[1].name",
         "duplicate_sheet_name"},
        {"same name in other case",
         {{"A", {}, {}}, {"Cấp cơ sở", {}, {}}, {"CẤP CƠ SỞ", {}, {}}},
         "sheets[2].name",
         "duplicate_sheet_name"},
        {"name with :", {{"A", {}, {}}, {"a:b", {}, {}}}, "sheets[1].name", "bad_sheet_name"},
        {"empty name", {{"", {}, {}}}, "sheets[0].name", "bad_sheet_name"},
        {"name starting with '", {{"'Cấp", {}, {}}}, "sheets[0].name", "bad_sheet_name"},
        {"reserved name", {{"history", {}, {}}}, "sheets[0].name", "bad_sheet_name"},
        {"control character", {{"a\tb", {}, {}}}, "sheets[0].name", "bad_sheet_name"},
        {"invalid UTF-8 name", {{"\xC3(", {}, {}}}, "sheets[0].name", "bad_sheet_name"},
        {"32 characters", {{std::string(32, 'x'), {}, {}}}, "sheets[0].name", "bad_sheet_name"},
        {"over 31 UTF-16 units", {{emoji16, {}, {}}}, "sheets[0].name", "bad_sheet_name"},
        {"invalid UTF-8 cell", {{"A", {{"ok"}}, {}}, {"B", {{"h"}, {"\xC3("}}, {}}}, "line 2", "invalid_utf8"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        Status st = WriteXlsxBook(path.string(), c.sheets);
        ASSERT_FALSE(st.ok());
        EXPECT_EQ(st.error().code, ErrorCode::kInvalid);
        ASSERT_EQ(st.error().field_errors.size(), 1u);
        EXPECT_EQ(st.error().field_errors[0].field, c.field) << st.error().message;
        EXPECT_EQ(st.error().field_errors[0].code, c.code) << st.error().message;
        EXPECT_FALSE(fs::exists(path));
    }
    // A cell error names its sheet.
    Status st = WriteXlsxBook(path.string(), {{"A", {{"ok"}}, {}}, {"B", {{"h"}, {"\xC3("}}, {}}});
    ASSERT_FALSE(st.ok());
    const auto& params = st.error().field_errors[0].params;
    EXPECT_NE(std::find(params.begin(), params.end(), std::pair<std::string, std::string>("sheet", "B")), params.end());
    // The longest names Excel takes: 31 characters (93 bytes), 15 characters above U+FFFF and one more.
    std::string longest;
    for (int i = 0; i < 31; ++i) longest += "ấ";
    const std::string emoji_longest = emoji16.substr(4) + "a";
    st = WriteXlsxBook(path.string(), {{longest, {{"x"}}, {}}, {emoji_longest, {{"y"}}, {}}});
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(SheetNamesOf(ZipEntry(ReadFile(path), "xl/workbook.xml")),
              (std::vector<std::string>{longest, emoji_longest}));
}

// SheetName turns organization level names into names WriteXlsxBook takes, distinct as Excel compares them.
TEST(SheetName, MakesValidDistinctNames) {
    const std::string forty = "Đảng ủy Khối các cơ quan tỉnh Quảng Ngãi";  // 40 characters, 51 bytes
    std::string emoji20;
    for (int i = 0; i < 20; ++i) emoji20 += "\U0001F600";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"Cấp cơ sở", "Cấp cơ sở"},
        {"cấp CƠ SỞ", "cấp CƠ SỞ (2)"},  // Excel ignores case, beyond ASCII too
        {"CẤP CƠ SỞ", "CẤP CƠ SỞ (3)"},
        {"Đảng bộ [Khối]: 1/2*?\\", "Đảng bộ Khối 12"},
        {" 'Ban Tuyên giáo' ", "Ban Tuyên giáo"},
        {std::string("Chi\x01 b\xC3\x00ộ", 11), "Chi bộ"},  // control characters and broken UTF-8 dropped
        {forty, "Đảng ủy Khối các cơ quan tỉnh Q"},         // 31 characters, 42 bytes
        {forty, "Đảng ủy Khối các cơ quan tỉ (2)"},         // 27 characters and the suffix
        {"", "Sheet"},
        {"[]:*?/\\", "Sheet (2)"},
        {"History", "History (2)"},            // reserved by Excel
        {emoji20, emoji20.substr(0, 15 * 4)},  // Excel counts two for each
    };
    std::vector<std::string> used = {"Tổng hợp"};
    for (const auto& [wanted, expected] : cases) {
        SCOPED_TRACE(wanted);
        EXPECT_EQ(SheetName(wanted, used), expected);
        EXPECT_EQ(used.back(), expected);
    }
    EXPECT_EQ(used.size(), cases.size() + 1);
    // Every name made is one WriteXlsxBook writes.
    std::vector<Sheet> sheets;
    for (const std::string& name : used) sheets.push_back({name, {{"x"}}, {}});
    TempDir dir;
    const fs::path path = dir / "names.xlsx";
    Status st = WriteXlsxBook(path.string(), sheets);
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(SheetNamesOf(ZipEntry(ReadFile(path), "xl/workbook.xml")), used);
}

// constant_memory mode writes inline strings instead of the shared string table.
TEST(Xlsx, ReadsInlineStrings) {
    TempDir dir;
    const fs::path path = dir / "inline.xlsx";
    lxw_workbook_options options = {};
    options.constant_memory = LXW_TRUE;
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    worksheet_write_string(ws, 0, 0, "Mã", nullptr);
    worksheet_write_string(ws, 0, 2, "Tên", nullptr);
    worksheet_write_string(ws, 1, 0, "0042", nullptr);
    worksheet_write_string(ws, 1, 2, "Lý Thường Kiệt\r\n", nullptr);
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
    const std::string bytes = ReadFile(path);
    ASSERT_NE(ZipEntry(bytes, "xl/worksheets/sheet1.xml").find("t=\"inlineStr\""), std::string::npos);
    auto r = ReadXlsx(bytes);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(CellsOf(*r), (Cells{{"Mã", "", "Tên"}, {"0042", "", "Lý Thường Kiệt\r\n"}}));
}

// A package written by hand: what other producers do that libxlsxwriter does not.
std::string HandMadeXlsx(const std::string& workbook_pr, const std::string& sheet_data) {
    const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    return MakeZip({
        {"_rels/.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" +
             rel + "/officeDocument\" Target=\"/xl/book.xml\"/></Relationships>"},
        // Prefixed elements (as the OpenXML SDK writes), a chart sheet listed first, a second worksheet.
        {"xl/book.xml", "<?xml version=\"1.0\"?><x:workbook xmlns:x=\"" + ns + "\" xmlns:r=\"" + rel + "\">" +
                            workbook_pr +
                            "<x:sheets><x:sheet name=\"Chart\" sheetId=\"3\" r:id=\"rId3\"/>"
                            "<x:sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"
                            "<x:sheet name=\"Other\" sheetId=\"2\" r:id=\"rId2\"/></x:sheets></x:workbook>"},
        {"xl/_rels/book.xml.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" +
             rel +
             "/worksheet\" Target=\"sheets/../worksheets/data.xml\"/>"
             "<Relationship Id=\"rId2\" Type=\"" +
             rel +
             "/worksheet\" Target=\"/xl/worksheets/other.xml\"/>"
             "<Relationship Id=\"rId3\" Type=\"" +
             rel +
             "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
             "<Relationship Id=\"rId4\" Type=\"" +
             rel +
             "/sharedStrings\" Target=\"strings.xml\"/>"
             "<Relationship Id=\"rId5\" Type=\"" +
             rel + "/styles\" Target=\"looks.xml\"/></Relationships>"},
        {"xl/strings.xml",
         "<?xml version=\"1.0\"?><x:sst xmlns:x=\"" + ns +
             "\">"
             "<x:si><x:t>Họ tên</x:t></x:si>"
             "<x:si><x:r><x:rPr><x:b/></x:rPr><x:t>Phạm </x:t></x:r><x:r><x:t xml:space=\"preserve\"> Văn</x:t></x:r>"
             "<x:rPh sb=\"0\" eb=\"1\"><x:t>ファン</x:t></x:rPh></x:si>"
             "<x:si><x:t>dòng 1_x000D_\ndòng 2 _x005F_x0041_ _xD83D__xDE00_</x:t></x:si>"
             "<x:si><x:t xml:space=\"preserve\"> </x:t></x:si></x:sst>"},
        {"xl/looks.xml", "<?xml version=\"1.0\"?><x:styleSheet xmlns:x=\"" + ns +
                             "\"><x:numFmts>"
                             "<x:numFmt numFmtId=\"164\" formatCode=\"[$-42A]dd/mm/yyyy;@\"/>"
                             "<x:numFmt numFmtId=\"165\" formatCode=\"[h]:mm:ss\"/>"
                             "<x:numFmt numFmtId=\"166\" formatCode=\"#,##0&quot; đ (dm)&quot;\"/>"
                             "<x:numFmt numFmtId=\"167\" formatCode=\"mmm\"/>"
                             "</x:numFmts><x:cellXfs>"
                             "<x:xf numFmtId=\"0\"/><x:xf numFmtId=\"164\"/><x:xf numFmtId=\"165\"/>"
                             "<x:xf numFmtId=\"166\"/><x:xf numFmtId=\"14\"/><x:xf numFmtId=\"20\"/>"
                             "<x:xf numFmtId=\"167\"/></x:cellXfs></x:styleSheet>"},
        {"xl/worksheets/data.xml", "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"" + ns + "\"><x:sheetData>" +
                                       sheet_data + "</x:sheetData></x:worksheet>"},
        {"xl/worksheets/other.xml", "<?xml version=\"1.0\"?><worksheet xmlns=\"" + ns +
                                        "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>no</t></is>"
                                        "</c></row></sheetData></worksheet>"},
    });
}

TEST(Xlsx, ReadsOtherProducersPackages) {
    // Rows and cells without r (both optional), every cell type, date and non-date formats, blank rows.
    const std::string data =
        "<x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c><x:c r=\"E1\" t=\"s\"><x:v>3</x:v></x:c>"
        "</x:row>"
        "<x:row r=\"3\"><x:c r=\"A3\" t=\"inlineStr\"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line</x:t></x:r>"
        "</x:is></x:c><x:c r=\"B3\" t=\"s\"><x:v>2</x:v></x:c><x:c "
        "t=\"str\"><x:f>A3&amp;\"!\"</x:f><x:v>inline!</x:v></x:c>"
        "<x:c t=\"e\"><x:v>#N/A</x:v></x:c><x:c t=\"b\"><x:v>0</x:v></x:c></x:row>"
        "<x:row><x:c s=\"1\"><x:v>40988</x:v></x:c><x:c s=\"2\"><x:v>1.5</x:v></x:c><x:c "
        "s=\"3\"><x:v>1500000</x:v></x:c>"
        "<x:c s=\"4\"><x:v>40988.75</x:v></x:c><x:c s=\"5\"><x:v>0.25</x:v></x:c><x:c s=\"6\"><x:v>0</x:v></x:c>"
        "<x:c s=\"1\"/><x:c><x:f>NOW()</x:f></x:c></x:row>"
        "<x:row r=\"7\"><x:c r=\"A7\" s=\"1\"/><x:c r=\"B7\"><x:v></x:v></x:c></x:row>"
        "<x:row r=\"9\"><x:c r=\"C9\" t=\"d\"><x:v>2016-03-21T00:00:00</x:v></x:c><x:c r=\"D9\"><x:v>1E-3</x:v></x:c>"
        "<x:c r=\"E9\"><x:v>0.1</x:v></x:c><x:c r=\"F9\"><x:v>1.0E+20</x:v></x:c></x:row>";
    auto r = ReadXlsx(HandMadeXlsx("<x:workbookPr date1904=\"1\"/>", data));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(CellsOf(*r), (Cells{
                               {"Họ tên", "Phạm  Văn", "", "", " "},
                               {"inline", "dòng 1\r\ndòng 2 _x0041_ \xF0\x9F\x98\x80", "inline!", "#N/A", "FALSE"},
                               {"2016-03-21", "1.5", "1500000", "2016-03-21", "0.25", "1904-01-01", "", ""},
                               {"", "", "2016-03-21", "0.001", "0.1", "1e+20"},
                           }));
    EXPECT_EQ(LinesOf(*r), (std::vector<int>{1, 3, 4, 9}));
}

TEST(Xlsx, DateSerialsOf1900System) {
    // Serial 60 is Excel's 29 February 1900; serials before it are one day behind those after.
    const std::string data =
        "<x:row r=\"1\"><x:c r=\"A1\" s=\"1\"><x:v>1</x:v></x:c><x:c r=\"B1\" s=\"1\"><x:v>59</x:v></x:c>"
        "<x:c r=\"C1\" s=\"1\"><x:v>60</x:v></x:c><x:c r=\"D1\" s=\"1\"><x:v>61</x:v></x:c>"
        "<x:c r=\"E1\" s=\"1\"><x:v>42450</x:v></x:c><x:c r=\"F1\" s=\"1\"><x:v>42450.99999999999</x:v></x:c>"
        "<x:c r=\"G1\" s=\"1\"><x:v>0</x:v></x:c><x:c r=\"H1\" s=\"1\"><x:v>-3</x:v></x:c>"
        "<x:c r=\"I1\" s=\"1\"><x:v>2958465</x:v></x:c><x:c r=\"J1\" s=\"1\"><x:v>2958466</x:v></x:c></x:row>";
    auto r = ReadXlsx(HandMadeXlsx("", data));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(CellsOf(*r), (Cells{{"1900-01-01", "1900-02-28", "1900-02-29", "1900-03-01", "2016-03-21", "2016-03-22",
                                   "0", "-3", "9999-12-31", "2958466"}}));
}

TEST(Xlsx, RefusesWhatIsNotAWorkbook) {
    SCOPED_TRACE("not a zip");
    ExpectInvalid(ReadXlsx("Họ tên,Số thẻ\n"), "file", "not_xlsx");
    ExpectInvalid(ReadXlsx(""), "file", "not_xlsx");
    ExpectInvalid(ReadXlsx(std::string("PK\x03\x04garbage", 11)), "file", "not_xlsx");
    {
        SCOPED_TRACE("zip without a workbook");
        ExpectInvalid(ReadXlsx(MakeZip({{"readme.txt", "xin chào"}})), "file", "no_worksheet");
    }
    {
        SCOPED_TRACE("workbook without sheets");
        ExpectInvalid(ReadXlsx(MakeZip({{"xl/workbook.xml", "<workbook><sheets/></workbook>"}})), "file",
                      "no_worksheet");
    }
    {
        SCOPED_TRACE("malformed XML");
        ExpectInvalid(ReadXlsx(MakeZip({{"xl/workbook.xml", "<workbook><sheets></workbook>"}})), "file",
                      "malformed_xml");
        ExpectInvalid(ReadXlsx(HandMadeXlsx("", "<x:row><x:c><x:v>1</x:v></x:row>")), "file", "malformed_xml");
    }
    {
        SCOPED_TRACE("shared string out of range");
        ExpectInvalid(ReadXlsx(HandMadeXlsx("", "<x:row r=\"2\"><x:c t=\"s\"><x:v>99</x:v></x:c></x:row>")), "line 2",
                      "malformed_xml");
    }
    {
        SCOPED_TRACE("cell reference beyond XFD");
        ExpectInvalid(ReadXlsx(HandMadeXlsx("", "<x:row r=\"2\"><x:c r=\"XFE2\"><x:v>1</x:v></x:c></x:row>")), "line 2",
                      "bad_cell_reference");
    }
    {
        SCOPED_TRACE("invalid UTF-8 in a cell");
        ExpectInvalid(ReadXlsx(HandMadeXlsx(
                          "", "<x:row r=\"4\"><x:c t=\"inlineStr\"><x:is><x:t>\xC3(</x:t></x:is></x:c></x:row>")),
                      "line 4", "invalid_utf8");
    }
}

TEST(Xlsx, RefusesZipBombs) {
    // 201 MiB of spaces deflates to about 200 KiB.
    const std::string huge(size_t{201} << 20, ' ');
    std::string bomb = MakeZip({{"xl/workbook.xml", huge}});
    ASSERT_LT(bomb.size(), size_t{1} << 20);
    ExpectInvalid(ReadXlsx(bomb), "file", "too_large");

    // The same entry claiming to be 1000 bytes in both headers: the limit holds while inflating.
    auto patch = [&](size_t at, size_t size_offset) {
        ASSERT_NE(at, std::string::npos);
        const char little_endian_1000[4] = {'\xE8', '\x03', 0, 0};
        bomb.replace(at + size_offset, 4, little_endian_1000, 4);
    };
    patch(bomb.find("PK\x03\x04", 0, 4), 22);                   // local header, at the start
    patch(bomb.rfind("PK\x01\x02", std::string::npos, 4), 24);  // central directory, after the data
    ExpectInvalid(ReadXlsx(bomb), "file", "too_large");
}

// A minimal package: one worksheet holding `sheet_data`, and the shared strings `strings` (none when empty).
std::string SmallXlsx(const std::string& sheet_data, const std::string& strings = "",
                      const std::string& prologue = "<?xml version=\"1.0\"?>") {
    const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
    std::vector<std::pair<std::string, std::string>> entries = {
        {"_rels/.rels", "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
                            "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml", "<workbook xmlns=\"" + ns + "\" xmlns:r=\"" + rel +
                                "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
                                           "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml",
         prologue + "<worksheet xmlns=\"" + ns + "\"><sheetData>" + sheet_data + "</sheetData></worksheet>"},
    };
    if (!strings.empty()) entries.push_back({"xl/sharedStrings.xml", "<sst xmlns=\"" + ns + "\">" + strings + "</sst>"});
    return MakeZip(entries);
}

std::string Repeat(const std::string& unit, size_t times) {
    std::string out;
    out.reserve(unit.size() * times);
    for (size_t i = 0; i < times; ++i) out += unit;
    return out;
}

// Bombs that stay far under the inflated-size limit but would make the reader allocate far more than the file
// says: each is refused while reading (the sheet is streamed, never held or parsed whole).
TEST(Xlsx, RefusesCellBombsWhileReading) {
    {
        SCOPED_TRACE("one cell in the last column of each row: 16384 cells a row, 2.1 million in 130 rows");
        std::string rows;
        for (int r = 1; r <= 130; ++r) rows += "<row><c r=\"XFD" + std::to_string(r) + "\"><v>1</v></c></row>";
        ExpectInvalid(ReadXlsx(SmallXlsx(rows)), "file", "too_many_cells");
    }
    {
        SCOPED_TRACE("one 32,000-character shared string copied into 2,100 cells: 67 MB of text");
        std::string strings = "<si><t>" + std::string(32000, 'x') + "</t></si>";
        std::string rows = Repeat("<row>" + Repeat("<c t=\"s\"><v>0</v></c>", 100) + "</row>", 21);
        ExpectInvalid(ReadXlsx(SmallXlsx(rows, strings)), "file", "too_large");
    }
    {
        SCOPED_TRACE("elements nested a thousand deep");
        ExpectInvalid(ReadXlsx(SmallXlsx("<row><c><v>" + Repeat("<a>", 1000) + Repeat("</a>", 1000) + "</v></c></row>")),
                      "file", "malformed_xml");
    }
    {
        SCOPED_TRACE("a DTD with entities (billion laughs)");
        ExpectInvalid(ReadXlsx(SmallXlsx("<row><c t=\"inlineStr\"><is><t>&b;</t></is></c></row>", "",
                                         "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">"
                                         "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>")),
                      "file", "malformed_xml");
    }
    {
        SCOPED_TRACE("one cell over 32767 characters");
        ExpectInvalid(
            ReadXlsx(SmallXlsx("<row r=\"7\"><c t=\"inlineStr\"><is><t>" + std::string(300000, 'x') + "</t></is></c></row>")),
            "line 7", "too_large");
    }
    {
        SCOPED_TRACE("well under the limits: read");
        auto r = ReadXlsx(SmallXlsx("<row><c t=\"s\"><v>0</v></c><c r=\"D1\"><v>2</v></c></row>", "<si><t>a</t></si>"));
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(CellsOf(*r), (Cells{{"a", "", "", "2"}}));
    }
}

TEST(Tabular, ReadAnyPicksFormatFromContent) {
    auto csv = ReadAny("a;b\n1;2\n");
    ASSERT_TRUE(csv.ok());
    EXPECT_EQ(CellsOf(*csv), (Cells{{"a", "b"}, {"1", "2"}}));
    ExpectInvalid(ReadAny(std::string("PK\x05\x06", 4) + std::string(18, '\0')), "file", "no_worksheet");
    ExpectInvalid(ReadAny(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0')), "file",
                  "legacy_xls");
}


// ---- Dates

TEST(ParseDate, AcceptsWhatPeopleType) {
    const std::vector<std::pair<std::string, std::optional<std::string>>> cases = {
        {"21/03/2016", "2016-03-21"},
        {"1/3/2016", "2016-03-01"},
        {"01/3/2016", "2016-03-01"},
        {"21-3-2016", "2016-03-21"},
        {"21.03.2016", "2016-03-21"},
        {"2016-03-21", "2016-03-21"},
        {"2016-3-1", "2016-03-01"},
        {"  21/03/2016 ", "2016-03-21"},
        {"\t29/02/2024\r\n", "2024-02-29"},
        {"03/02/1930", "1930-02-03"},
        {"31/12/9999", "9999-12-31"},
        {"1/1/0001", "0001-01-01"},
        // Impossible.
        {"31/02/2020", std::nullopt},
        {"29/02/2023", std::nullopt},
        {"29/02/1900", std::nullopt},
        {"00/01/2020", std::nullopt},
        {"12/13/2020", std::nullopt},
        {"2020-02-30", std::nullopt},
        {"1/1/0000", std::nullopt},
        // Two-digit years are ambiguous.
        {"21/03/16", std::nullopt},
        {"1/3/99", std::nullopt},
        {"16-03-21", std::nullopt},
        // Malformed.
        {"", std::nullopt},
        {"   ", std::nullopt},
        {"21/03-2016", std::nullopt},
        {"21/03/2016x", std::nullopt},
        {"21 / 03 / 2016", std::nullopt},
        {"2016/03/21", std::nullopt},
        {"2016.03.21", std::nullopt},
        {"021/03/2016", std::nullopt},
        {"21/03/20160", std::nullopt},
        {"21/03/", std::nullopt},
        {"21/03", std::nullopt},
        {"/03/2016", std::nullopt},
        {"ngày 21 tháng 3", std::nullopt},
        {"42450", std::nullopt},
        {"-1/03/2016", std::nullopt},
        {"21/03/2016 10:00", std::nullopt},
        {"99999999999999999999/1/2016", std::nullopt},
    };
    for (const auto& [input, expected] : cases) EXPECT_EQ(ParseDate(input), expected) << "\"" << input << "\"";
}

}  // namespace
}  // namespace dv::tabular
