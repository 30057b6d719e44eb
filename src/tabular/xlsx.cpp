// tabular/xlsx: reading an XLSX's first worksheet (libzip + pugixml) and writing one sheet (libxlsxwriter).
#include <xlsxwriter.h>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/text.h"
#include "core/time.h"
#include "tabular/table.h"

namespace dv::tabular {

namespace {

// Compressed XML shrinks a thousandfold; these bound what a small upload can make us allocate.
constexpr zip_uint64_t kMaxEntryBytes = zip_uint64_t{200} << 20;
constexpr size_t kMaxCells = 10'000'000;
constexpr int kMaxRows = 1048576;  // Excel's own limits
constexpr int kMaxColumns = 16384;
constexpr size_t kMaxCellChars = 32767;

Error FileError(std::string code, std::string message) {
    return Error{ErrorCode::kInvalid, message, {{"file", std::move(code), message}}};
}

Error LineError(int line, std::string code, std::string message) {
    return Error{ErrorCode::kInvalid, message, {{"line " + std::to_string(line), std::move(code), message}}};
}

// ---- Reading the package.

struct ZipDiscard {
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileClose {
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// A read-only view of a zip held in memory. The bytes must outlive the reader.
class ZipReader {
public:
    static Result<ZipReader> Open(std::string_view bytes) {
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
        zip_t* zip = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
        if (!zip) {
            if (source) zip_source_free(source);
            std::string why = zip_error_strerror(&error);
            zip_error_fini(&error);
            return FileError("not_xlsx", "The file is not an XLSX workbook (not a readable zip archive: " + why + ")");
        }
        zip_error_fini(&error);
        return ZipReader(zip);
    }

    // The entry's bytes, or nullopt when there is no such entry. Sizes are checked while inflating too:
    // the size in the central directory is whatever the uploader wrote there.
    Result<std::optional<std::string>> Read(const std::string& name) {
        zip_int64_t index = zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE);
        if (index < 0) return std::optional<std::string>();
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(zip_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0) return Unreadable(name);
        if ((stat.valid & ZIP_STAT_SIZE) && stat.size > kMaxEntryBytes) return TooLarge(name);
        std::unique_ptr<zip_file_t, ZipFileClose> file(
            zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0));
        if (!file) return Unreadable(name);
        std::string out;
        if (stat.valid & ZIP_STAT_SIZE) out.reserve(stat.size);
        char buffer[1 << 16];
        while (true) {
            zip_int64_t n = zip_fread(file.get(), buffer, sizeof buffer);
            if (n < 0) {
                return FileError("unreadable_entry",
                                 name + " is damaged (" + zip_error_strerror(zip_file_get_error(file.get())) + ")");
            }
            if (n == 0) break;
            if (out.size() + static_cast<zip_uint64_t>(n) > kMaxEntryBytes) return TooLarge(name);
            out.append(buffer, static_cast<size_t>(n));
        }
        return std::optional<std::string>(std::move(out));
    }

private:
    explicit ZipReader(zip_t* zip) : zip_(zip) {}

    Error Unreadable(const std::string& name) {
        return FileError("unreadable_entry",
                         name + " cannot be read (" + zip_error_strerror(zip_get_error(zip_.get())) + ")");
    }
    static Error TooLarge(const std::string& name) {
        return FileError("too_large", name + " is over 200 MiB uncompressed");
    }

    std::unique_ptr<zip_t, ZipDiscard> zip_;
};

// One parsed part. The document points into `text`, so both live together and never move apart.
struct XmlPart {
    std::string text;
    pugi::xml_document doc;
};

// Parses `name` from the package; a null pointer (not an error) when the part is absent.
Result<std::unique_ptr<XmlPart>> LoadPart(ZipReader& zip, const std::string& name) {
    DV_ASSIGN_OR_RETURN(std::optional<std::string> bytes, zip.Read(name));
    if (!bytes) return std::unique_ptr<XmlPart>();
    auto part = std::make_unique<XmlPart>();
    part->text = std::move(*bytes);
    // Keep whitespace-only text such as <t xml:space="preserve"> </t>: a cell holding one space is data.
    pugi::xml_parse_result parsed = part->doc.load_buffer_inplace(
        part->text.data(), part->text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_auto);
    if (!parsed) {
        return FileError("malformed_xml", name + " is not well-formed XML (" + parsed.description() + " at byte " +
                                              std::to_string(parsed.offset) + ")");
    }
    return part;
}

// pugixml does not resolve namespaces and producers differ in prefixes (<x:row> from the OpenXML SDK), so
// elements and attributes are matched by local name.
std::string_view LocalName(const char* name) {
    std::string_view s(name);
    size_t colon = s.rfind(':');
    return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
    return {};
}

template <typename F>
void ForEachChild(pugi::xml_node node, std::string_view local, F&& f) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && LocalName(c.name()) == local) f(c);
}

std::string_view Attr(pugi::xml_node node, std::string_view local) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
        if (LocalName(a.name()) == local) return a.value();
    return {};
}

// The document element, whatever its prefix, when it has the expected local name.
pugi::xml_node Root(const XmlPart& part, std::string_view local) {
    pugi::xml_node root = part.doc.document_element();
    return root && LocalName(root.name()) == local ? root : pugi::xml_node();
}

std::string NodeText(pugi::xml_node node) {
    std::string out;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    return out;
}

int HexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The UTF-16 unit of an "_xHHHH_" escape at `i`, or -1.
int EscapeAt(std::string_view s, size_t i) {
    if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return -1;
    int unit = 0;
    for (size_t k = i + 2; k < i + 6; ++k) {
        int h = HexDigit(s[k]);
        if (h < 0) return -1;
        unit = unit * 16 + h;
    }
    return unit;
}

void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Excel stores characters XML cannot carry (CR, control characters) as "_xHHHH_" (ECMA-376 ST_Xstring), and
// a literal "_x0041_" as "_x005F_x0041_". NUL and unpaired surrogates stay as written.
std::string DecodeXstring(std::string_view s) {
    if (s.find("_x") == std::string_view::npos) return std::string(s);
    std::string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        int unit = EscapeAt(s, i);
        if (unit > 0 && (unit < 0xD800 || unit > 0xDFFF)) {
            AppendUtf8(out, static_cast<uint32_t>(unit));
            i += 7;
            continue;
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            int low = EscapeAt(s, i + 7);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                AppendUtf8(out, 0x10000 + ((static_cast<uint32_t>(unit) - 0xD800) << 10) +
                                    (static_cast<uint32_t>(low) - 0xDC00));
                i += 14;
                continue;
            }
        }
        out += s[i++];
    }
    return out;
}

// The text of a shared string <si> or an inline string <is>: plain <t>, or rich-text runs <r><t>. Phonetic
// runs (<rPh>) are reading aids, not content.
std::string RichText(pugi::xml_node node) {
    std::string out;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        std::string_view name = LocalName(c.name());
        if (name == "t") out += NodeText(c);
        if (name == "r") out += NodeText(Child(c, "t"));
    }
    return DecodeXstring(out);
}

// Relationship targets are relative to the source part's folder unless they start with '/'.
std::string ResolveTarget(std::string_view source_part, std::string_view target) {
    std::string joined;
    if (target.starts_with('/')) {
        joined = target.substr(1);
    } else {
        size_t slash = source_part.rfind('/');
        joined = std::string(slash == std::string_view::npos ? "" : source_part.substr(0, slash + 1));
        joined += target;
    }
    std::vector<std::string_view> segments;
    std::string_view rest = joined;
    while (!rest.empty()) {
        size_t slash = rest.find('/');
        std::string_view seg = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (seg.empty() || seg == ".") continue;
        if (seg == "..") {
            if (!segments.empty()) segments.pop_back();
            continue;
        }
        segments.push_back(seg);
    }
    std::string out;
    for (std::string_view seg : segments) {
        if (!out.empty()) out += '/';
        out += seg;
    }
    return out;
}

std::string RelsPathOf(std::string_view part) {
    size_t slash = part.rfind('/');
    if (slash == std::string_view::npos) return "_rels/" + std::string(part) + ".rels";
    return std::string(part.substr(0, slash)) + "/_rels/" + std::string(part.substr(slash + 1)) + ".rels";
}

struct Relationship {
    std::string type;    // full URI; matched by its last segment (transitional and strict URIs differ)
    std::string target;  // resolved package path
};

bool TypeIs(const Relationship& rel, std::string_view last_segment) {
    std::string_view type = rel.type;
    return type.size() > last_segment.size() && type.ends_with(last_segment) &&
           type[type.size() - last_segment.size() - 1] == '/';
}

// Relationships of `part` by id; empty when the part has none.
Result<std::map<std::string, Relationship>> LoadRelationships(ZipReader& zip, const std::string& part) {
    std::string path = RelsPathOf(part);
    DV_ASSIGN_OR_RETURN(std::unique_ptr<XmlPart> rels, LoadPart(zip, path));
    std::map<std::string, Relationship> out;
    if (!rels) return out;
    ForEachChild(Root(*rels, "Relationships"), "Relationship", [&](pugi::xml_node r) {
        if (Attr(r, "TargetMode") == "External") return;
        out[std::string(Attr(r, "Id"))] = {std::string(Attr(r, "Type")), ResolveTarget(part, Attr(r, "Target"))};
    });
    return out;
}

std::optional<std::string> FindByType(const std::map<std::string, Relationship>& rels, std::string_view type) {
    for (const auto& [id, rel] : rels)
        if (TypeIs(rel, type)) return rel.target;
    return std::nullopt;
}

// ---- Cell values.

// A non-negative decimal integer and nothing else.
std::optional<int> ParseIndex(std::string_view s) {
    int value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size() || value < 0) return std::nullopt;
    return value;
}

// Builtin formats 14-17 and 22 show a date; 18-21 and 45-47 only a time of day, which as a date would be
// 1899-12-30, so those keep their number.
bool IsBuiltinDateFormat(int id) { return (id >= 14 && id <= 17) || id == 22; }

// A custom format shows a date when, outside quoted text, escapes and [brackets], it has a day or year, or a
// month without hours or seconds (then "m" is a month, not minutes).
bool IsDateFormatCode(std::string_view code) {
    bool day_or_year = false, month_or_minute = false, hour_or_second = false;
    for (size_t i = 0; i < code.size(); ++i) {
        char c = code[i];
        if (c == '"') {
            size_t close = code.find('"', i + 1);
            if (close == std::string_view::npos) break;
            i = close;
        } else if (c == '[') {
            size_t close = code.find(']', i + 1);
            if (close == std::string_view::npos) break;
            i = close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;  // the next character is literal, padding or fill
        } else {
            char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            day_or_year = day_or_year || lower == 'd' || lower == 'y';
            month_or_minute = month_or_minute || lower == 'm';
            hour_or_second = hour_or_second || lower == 'h' || lower == 's';
        }
    }
    return day_or_year || (month_or_minute && !hour_or_second);
}

// Which cell styles (cellXfs indexes) show a date.
std::vector<bool> DateStyles(const XmlPart* styles) {
    std::vector<bool> out;
    if (!styles) return out;
    pugi::xml_node root = Root(*styles, "styleSheet");
    std::map<int, bool> custom;  // numFmtId -> is a date
    ForEachChild(Child(root, "numFmts"), "numFmt", [&](pugi::xml_node f) {
        if (auto id = ParseIndex(Attr(f, "numFmtId"))) custom[*id] = IsDateFormatCode(Attr(f, "formatCode"));
    });
    ForEachChild(Child(root, "cellXfs"), "xf", [&](pugi::xml_node xf) {
        int id = ParseIndex(Attr(xf, "numFmtId")).value_or(0);
        auto it = custom.find(id);
        out.push_back(it != custom.end() ? it->second : IsBuiltinDateFormat(id));
    });
    return out;
}

// Shortest decimal text. Whole numbers are written out in full (an ID typed as a number, 12300000000, must
// not become "1.23e+10"); beyond 2^53 a double has no exact integer to write.
std::string FormatNumber(double v) {
    char buf[64];
    if (v == std::trunc(v) && std::fabs(v) < 9007199254740992.0) {
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v));
        return std::string(buf, end);
    }
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, end);
}

// An Excel serial day number as "yyyy-mm-dd"; nullopt outside Excel's calendar (before day 1, after 9999).
// The 1900 system counts a 29 February 1900 that never was (Lotus compatibility): serial 60 shows as that
// day and everything from 61 on is one day ahead of a true count from 1899-12-31.
std::optional<std::string> SerialToIsoDate(double serial, bool date1904) {
    if (!std::isfinite(serial) || serial < 0 || serial > 3e6) return std::nullopt;
    // Half a millisecond up, so 42450.99999999999 (floating error for midnight) is the next day, as Excel shows.
    const auto whole = static_cast<int64_t>(std::floor(serial + 0.5 / 86400000.0));
    int64_t days;
    if (date1904) {
        days = time::DaysFromCivil({1904, 1, 1}) + whole;
    } else {
        if (whole < 1) return std::nullopt;
        if (whole == 60) return "1900-02-29";
        days = time::DaysFromCivil({1899, 12, whole < 60 ? 31 : 30}) + whole;
    }
    time::Date d = time::CivilFromDays(days);
    if (d.year > 9999) return std::nullopt;
    return time::FormatIso(d);
}

// "BC12" -> column 54 (0-based) and the row; false when it is not a cell reference within Excel's grid.
bool ParseCellRef(std::string_view ref, int& column, int& row) {
    size_t i = 0;
    column = 0;
    while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
        column = column * 26 + ((ref[i] | 0x20) - 'a' + 1);
        if (column > kMaxColumns) return false;
        ++i;
    }
    if (i == 0) return false;
    --column;
    auto [end, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), row);
    return ec == std::errc() && end == ref.data() + ref.size() && row >= 1 && row <= kMaxRows;
}

struct SheetContext {
    const std::vector<std::string>& shared_strings;
    const std::vector<bool>& date_styles;
    bool date1904 = false;
};

// The cell's text, and in `kind` what it was.
Result<std::string> CellText(pugi::xml_node c, int line, const SheetContext& ctx, CellKind& kind) {
    kind = CellKind::kText;
    std::string_view type = Attr(c, "t");
    if (type == "inlineStr") return RichText(Child(c, "is"));
    pugi::xml_node v = Child(c, "v");
    if (!v) return std::string();
    std::string value = NodeText(v);
    if (type == "s") {
        std::optional<int> index = ParseIndex(value);
        if (!index || static_cast<size_t>(*index) >= ctx.shared_strings.size()) {
            return LineError(
                line, "malformed_xml",
                "A cell on line " + std::to_string(line) + " refers to a shared string that does not exist");
        }
        return ctx.shared_strings[static_cast<size_t>(*index)];
    }
    if (type == "str") return DecodeXstring(value);  // a formula's cached text result
    if (type == "b") return std::string(value == "1" || value == "true" ? "TRUE" : "FALSE");
    if (type == "e") return value;                             // "#N/A", "#DIV/0!"
    if (type == "d") {  // ISO 8601 date cell (rare)
        kind = CellKind::kDate;
        return value.substr(0, value.find('T'));
    }
    std::string_view trimmed = text::Trim(value);
    double number = 0;
    auto [end, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), number);
    if (ec != std::errc() || end != trimmed.data() + trimmed.size()) return std::string(trimmed);
    std::optional<int> style = ParseIndex(Attr(c, "s"));
    if (style && static_cast<size_t>(*style) < ctx.date_styles.size() && ctx.date_styles[static_cast<size_t>(*style)]) {
        if (auto date = SerialToIsoDate(number, ctx.date1904)) {
            kind = CellKind::kDate;
            return *date;
        }
    }
    kind = CellKind::kNumber;
    return FormatNumber(number);
}

Result<Table> ReadSheet(const XmlPart& sheet, const std::string& name, const SheetContext& ctx) {
    pugi::xml_node root = Root(sheet, "worksheet");
    if (!root) return FileError("no_worksheet", name + " is not a worksheet");
    Table table;
    size_t total_cells = 0;
    int next_line = 1;
    for (pugi::xml_node r = Child(Child(root, "sheetData"), "row"); r; r = r.next_sibling()) {
        if (r.type() != pugi::node_element || LocalName(r.name()) != "row") continue;
        Row row;
        std::string_view r_attr = Attr(r, "r");
        if (r_attr.empty()) {
            row.line = next_line;
        } else {
            std::optional<int> number = ParseIndex(r_attr);
            if (!number || *number < 1 || *number > kMaxRows) {
                return FileError("bad_cell_reference", name + " has a row numbered \"" + std::string(r_attr) + "\"");
            }
            row.line = *number;
        }
        if (row.line > kMaxRows) return FileError("bad_cell_reference", name + " has more rows than Excel allows");
        next_line = row.line + 1;
        int next_column = 0;
        for (pugi::xml_node c = r.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element || LocalName(c.name()) != "c") continue;
            int column = next_column;
            std::string_view ref = Attr(c, "r");
            if (!ref.empty()) {
                int ref_row = 0;
                if (!ParseCellRef(ref, column, ref_row)) {
                    return LineError(
                        row.line, "bad_cell_reference",
                        "Bad cell reference \"" + std::string(ref) + "\" on line " + std::to_string(row.line));
                }
            }
            if (column >= kMaxColumns) {
                return LineError(row.line, "bad_cell_reference",
                                 "More columns than Excel allows on line " + std::to_string(row.line));
            }
            next_column = column + 1;
            CellKind kind = CellKind::kText;
            DV_ASSIGN_OR_RETURN(std::string value, CellText(c, row.line, ctx, kind));
            if (!text::IsValidUtf8(value)) {
                return LineError(row.line, "invalid_utf8",
                                 "Text is not valid UTF-8 on line " + std::to_string(row.line));
            }
            if (static_cast<size_t>(column) >= row.cells.size()) {
                if (total_cells + static_cast<size_t>(column) + 1 > kMaxCells) {
                    return FileError("too_many_cells", name + " has more than 10 million cells");
                }
                row.cells.resize(static_cast<size_t>(column) + 1);
            }
            row.cells[static_cast<size_t>(column)] = std::move(value);
            if (kind != CellKind::kText) {
                if (row.kinds.size() <= static_cast<size_t>(column)) row.kinds.resize(static_cast<size_t>(column) + 1);
                row.kinds[static_cast<size_t>(column)] = kind;
            }
        }
        if (std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& s) { return s.empty(); })) continue;
        total_cells += row.cells.size();
        table.rows.push_back(std::move(row));
    }
    return table;
}

// ---- Writing.

struct WorkbookFree {
    void operator()(lxw_workbook* wb) const { lxw_workbook_free(wb); }
};

// libxlsxwriter escapes control characters as "_xHHHH_" but leaves such text already in a cell alone, so
// a cell holding "_x0041_" would read back as "A"; escaping its '_' as Excel does keeps it literal.
std::string EscapeXstringLookalikes(const std::string& s) {
    if (s.find("_x") == std::string::npos) return s;
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (EscapeAt(s, i) >= 0) out += "_x005F";
        out += s[i];
    }
    return out;
}

// What a text cell can hold: no NUL (libxlsxwriter takes C strings), at most 32767 characters (Excel's
// limit). Escaped for the _xHHHH_ lookalikes too.
std::string CellText(std::string s) {
    std::erase(s, '\0');
    std::string out = EscapeXstringLookalikes(s);
    // Cut the text, not its escaped form (an escape cut in two would read back as other text).
    for (size_t keep = kMaxCellChars, length = text::Utf8Length(out); length > kMaxCellChars;) {
        out = EscapeXstringLookalikes(text::Utf8Prefix(s, keep));
        length = text::Utf8Length(out);
        if (length > kMaxCellChars) keep -= std::min(keep, length - kMaxCellChars);
    }
    return out;
}

// Longest line of the cell in characters, which is roughly what Excel's column width counts.
size_t DisplayWidth(std::string_view cell) {
    size_t widest = 0;
    while (true) {
        size_t nl = cell.find('\n');
        widest = std::max(widest, text::Utf8Length(cell.substr(0, nl)));
        if (nl == std::string_view::npos) return widest;
        cell.remove_prefix(nl + 1);
    }
}

// A cell that is a decimal number and nothing else ("42", "-3.5"), as a number.
std::optional<double> PlainNumber(std::string_view s) {
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

Status CheckCells(const std::vector<std::vector<std::string>>& rows) {
    if (rows.size() > static_cast<size_t>(kMaxRows)) {
        return FileError("too_large", "More than 1048576 rows do not fit in one Excel sheet");
    }
    for (size_t r = 0; r < rows.size(); ++r) {
        const int line = static_cast<int>(r) + 1;
        if (rows[r].size() > static_cast<size_t>(kMaxColumns)) {
            return LineError(line, "too_large", "More than 16384 columns on line " + std::to_string(line));
        }
        for (const std::string& cell : rows[r]) {
            if (!text::IsValidUtf8(cell)) {
                return LineError(line, "invalid_utf8", "Text is not valid UTF-8 on line " + std::to_string(line));
            }
        }
    }
    return {};
}

}  // namespace

Result<Table> ReadXlsx(std::string_view bytes) {
    // libzip opens zero bytes as an empty archive; to a user that is an empty upload, not a bad workbook.
    if (bytes.empty()) return FileError("not_xlsx", "The file is empty");
    DV_ASSIGN_OR_RETURN(ZipReader zip, ZipReader::Open(bytes));

    // The package root names the workbook part; xl/workbook.xml is only the usual name.
    DV_ASSIGN_OR_RETURN(auto root_rels, LoadRelationships(zip, ""));
    std::string workbook_path = FindByType(root_rels, "officeDocument").value_or("xl/workbook.xml");
    DV_ASSIGN_OR_RETURN(std::unique_ptr<XmlPart> workbook, LoadPart(zip, workbook_path));
    pugi::xml_node workbook_root = workbook ? Root(*workbook, "workbook") : pugi::xml_node();
    if (!workbook_root) return FileError("no_worksheet", "The file has no workbook (" + workbook_path + ")");

    std::string_view date1904 = Attr(Child(workbook_root, "workbookPr"), "date1904");
    const bool is_1904 = date1904 == "1" || date1904 == "true";

    DV_ASSIGN_OR_RETURN(auto rels, LoadRelationships(zip, workbook_path));
    std::optional<std::string> sheet_path;
    for (pugi::xml_node s = Child(Child(workbook_root, "sheets"), "sheet"); s && !sheet_path; s = s.next_sibling()) {
        if (s.type() != pugi::node_element || LocalName(s.name()) != "sheet") continue;
        auto it = rels.find(std::string(Attr(s, "id")));
        if (it != rels.end() && TypeIs(it->second, "worksheet")) sheet_path = it->second.target;
    }
    if (!sheet_path) return FileError("no_worksheet", "The workbook has no worksheet");

    std::vector<std::string> shared_strings;
    std::string strings_path =
        FindByType(rels, "sharedStrings").value_or(ResolveTarget(workbook_path, "sharedStrings.xml"));
    DV_ASSIGN_OR_RETURN(std::unique_ptr<XmlPart> strings, LoadPart(zip, strings_path));
    if (strings) {
        for (pugi::xml_node si = Child(Root(*strings, "sst"), "si"); si; si = si.next_sibling()) {
            if (si.type() != pugi::node_element || LocalName(si.name()) != "si") continue;
            if (shared_strings.size() >= kMaxCells)
                return FileError("too_many_cells", "Over 10 million shared strings");
            shared_strings.push_back(RichText(si));
        }
        strings.reset();
    }

    std::string styles_path = FindByType(rels, "styles").value_or(ResolveTarget(workbook_path, "styles.xml"));
    DV_ASSIGN_OR_RETURN(std::unique_ptr<XmlPart> styles, LoadPart(zip, styles_path));
    const std::vector<bool> date_styles = DateStyles(styles.get());
    styles.reset();

    DV_ASSIGN_OR_RETURN(std::unique_ptr<XmlPart> sheet, LoadPart(zip, *sheet_path));
    if (!sheet) return FileError("no_worksheet", "The worksheet " + *sheet_path + " is missing");
    return ReadSheet(*sheet, *sheet_path, SheetContext{shared_strings, date_styles, is_1904});
}

Status WriteXlsx(const std::string& path, const std::string& sheet_name,
                 const std::vector<std::vector<std::string>>& rows, const std::vector<CellKind>& columns) {
    DV_TRY(CheckCells(rows));
    // Nothing touches the disk until workbook_close; before that, freeing abandons the workbook cleanly.
    std::unique_ptr<lxw_workbook, WorkbookFree> workbook(workbook_new(path.c_str()));
    if (!workbook) return Error::Internal("libxlsxwriter could not allocate a workbook");
    // libxlsxwriter accepts "", which Excel then refuses to open.
    lxw_error e = sheet_name.empty() ? LXW_ERROR_PARAMETER_VALIDATION
                                     : workbook_validate_sheet_name(workbook.get(), sheet_name.c_str());
    if (e != LXW_NO_ERROR) {
        std::string message = "Bad sheet name \"" + sheet_name + "\": " + lxw_strerror(e);
        return Error{ErrorCode::kInvalid, message, {{"sheet_name", "bad_sheet_name", message}}};
    }
    lxw_worksheet* sheet = workbook_add_worksheet(workbook.get(), sheet_name.c_str());
    // Text format ("@", builtin 49) everywhere: cells stay text when someone edits and re-imports them.
    lxw_format* text_format = workbook_add_format(workbook.get());
    format_set_num_format_index(text_format, 49);
    lxw_format* header_format = workbook_add_format(workbook.get());
    format_set_num_format_index(header_format, 49);
    format_set_bold(header_format);
    // Day first, as dates are written by hand in Vietnam, whatever the reader's locale.
    lxw_format* date_format = workbook_add_format(workbook.get());
    format_set_num_format(date_format, "dd/mm/yyyy");
    if (!sheet || !text_format || !header_format || !date_format)
        return Error::Internal("libxlsxwriter could not add a worksheet");

    std::vector<size_t> widths;
    for (size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].size() > widths.size()) widths.resize(rows[r].size());
        for (size_t c = 0; c < rows[r].size(); ++c) {
            widths[c] = std::max(widths[c], DisplayWidth(rows[r][c]) + (r == 0 ? 2 : 0));  // bold is wider
            const auto row = static_cast<lxw_row_t>(r);
            const auto col = static_cast<lxw_col_t>(c);
            const CellKind kind = r > 0 && c < columns.size() ? columns[c] : CellKind::kText;
            lxw_error e = LXW_NO_ERROR;
            if (auto date = kind == CellKind::kDate ? ParseDate(rows[r][c]) : std::nullopt) {
                auto d = time::ParseIsoDate(*date);
                lxw_datetime when = {d->year, d->month, d->day, 0, 0, 0};
                e = worksheet_write_datetime(sheet, row, col, &when, date_format);
            } else if (auto number = kind == CellKind::kNumber ? PlainNumber(rows[r][c]) : std::nullopt) {
                e = worksheet_write_number(sheet, row, col, *number, nullptr);
            } else {
                // An empty cell with a format is written as a blank cell, so a row's trailing empties survive.
                e = worksheet_write_string(sheet, row, col, CellText(rows[r][c]).c_str(),
                                           r == 0 ? header_format : text_format);
            }
            if (e != LXW_NO_ERROR) return Error::Internal(std::string("libxlsxwriter: ") + lxw_strerror(e));
        }
    }
    for (size_t c = 0; c < widths.size(); ++c) {
        double width = static_cast<double>(std::clamp<size_t>(widths[c] + 2, 8, 60));
        worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
    }
    if (!rows.empty()) worksheet_freeze_panes(sheet, 1, 0);

    e = workbook_close(workbook.release());  // frees the workbook whatever happens
    if (e != LXW_NO_ERROR) {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        return Error::Internal("Cannot write " + path + ": " + lxw_strerror(e));
    }
    return {};
}

Result<Table> ReadAny(std::string_view bytes) {
    // Local file header, or the end record alone (an empty archive): both are zips, never CSV.
    if (bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06")) return ReadXlsx(bytes);
    if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
        return FileError("legacy_xls", "Legacy .xls workbooks are not supported; save the file as .xlsx or CSV UTF-8");
    }
    return ReadCsv(bytes);
}

}  // namespace dv::tabular
