// tabular/xlsx: reading an XLSX's first worksheet (libzip; the sheet and shared strings streamed through expat,
// the small parts through pugixml) and writing workbooks of one or more sheets (libxlsxwriter).
#include <expat.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <set>
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

// Compressed XML shrinks a thousandfold; these bound what a small upload can make us allocate. The sheet and
// the shared strings are never held whole: they are inflated in 64 KiB pieces and parsed as they come, and
// every limit below is checked while reading, so a bomb is refused as soon as it crosses one. What stays in
// memory is the Table itself, bounded by kMaxCells and kMaxTextBytes (about 200 MB at worst).
constexpr zip_uint64_t kMaxEntryBytes = zip_uint64_t{200} << 20;   // a streamed part, inflated
constexpr zip_uint64_t kMaxDomPartBytes = zip_uint64_t{8} << 20;   // rels, workbook, styles: parsed whole
constexpr size_t kMaxCells = 2'000'000;                            // cells kept, gaps included
constexpr size_t kMaxTextBytes = size_t{64} << 20;                 // text of all cells kept
constexpr size_t kMaxSharedStrings = 2'000'000;
constexpr size_t kMaxSharedStringBytes = size_t{64} << 20;
constexpr size_t kMaxRawCellBytes = size_t{256} << 10;  // one cell's XML text (32767 characters, escaped)
constexpr size_t kMaxDepth = 64;                        // element nesting
constexpr int kMaxRows = 1048576;  // Excel's own limits
constexpr int kMaxColumns = 16384;
constexpr size_t kMaxCellChars = 32767;
constexpr size_t kMaxSheetNameUnits = 31;  // UTF-16 units, as Excel counts (libxlsxwriter counts code points)

Error FileError(std::string code, std::string message) {
    return Error{ErrorCode::kInvalid, message, {{"file", std::move(code), message}}};
}

Error LineError(int line, std::string code, std::string message) {
    return Error{ErrorCode::kInvalid,
                 message,
                 {{"line " + std::to_string(line), std::move(code), message, {{"line", std::to_string(line)}}}}};
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

    // Calls `consume` with the entry's bytes as they inflate, at most `limit` in all; false when there is no such
    // entry. Sizes are checked while inflating: the size in the central directory is whatever the uploader wrote.
    Result<bool> Stream(const std::string& name, zip_uint64_t limit,
                        const std::function<Status(const char*, size_t)>& consume) {
        zip_int64_t index = zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE);
        if (index < 0) return false;
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(zip_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0) return Unreadable(name);
        if ((stat.valid & ZIP_STAT_SIZE) && stat.size > limit) return TooLarge(name, limit);
        std::unique_ptr<zip_file_t, ZipFileClose> file(
            zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0));
        if (!file) return Unreadable(name);
        std::vector<char> buffer(size_t{1} << 16);
        zip_uint64_t total = 0;
        while (true) {
            zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
            if (n < 0) {
                return FileError("unreadable_entry",
                                 name + " is damaged (" + zip_error_strerror(zip_file_get_error(file.get())) + ")");
            }
            if (n == 0) break;
            total += static_cast<zip_uint64_t>(n);
            if (total > limit) return TooLarge(name, limit);
            DV_TRY(consume(buffer.data(), static_cast<size_t>(n)));
        }
        return true;
    }

    // The entry's bytes, or nullopt when there is no such entry.
    Result<std::optional<std::string>> Read(const std::string& name, zip_uint64_t limit) {
        std::string out;
        auto append = [&](const char* data, size_t n) -> Status {
            out.append(data, n);
            return {};
        };
        DV_ASSIGN_OR_RETURN(bool found, Stream(name, limit, append));
        if (!found) return std::optional<std::string>();
        return std::optional<std::string>(std::move(out));
    }

private:
    explicit ZipReader(zip_t* zip) : zip_(zip) {}

    Error Unreadable(const std::string& name) {
        return FileError("unreadable_entry",
                         name + " cannot be read (" + zip_error_strerror(zip_get_error(zip_.get())) + ")");
    }
    static Error TooLarge(const std::string& name, zip_uint64_t limit) {
        return FileError("too_large", name + " is over " + std::to_string(limit >> 20) + " MiB uncompressed");
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
    DV_ASSIGN_OR_RETURN(std::optional<std::string> bytes, zip.Read(name, kMaxDomPartBytes));
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

// ---- Streamed parts: the worksheet and the shared strings go through expat as they inflate.

struct ExpatFree {
    void operator()(XML_Parser p) const { XML_ParserFree(p); }
};

std::string_view Attr(const XML_Char** atts, std::string_view local) {
    for (size_t i = 0; atts[i]; i += 2)
        if (LocalName(atts[i]) == local) return atts[i + 1];
    return {};
}

// Feeds part `name` to `handler` (Start(local name, attributes), End(), Text(data)) while inflating it. The
// handler stops the parse by setting its `error`. False when the part is absent.
template <typename Handler>
Result<bool> ParseStreamed(ZipReader& zip, const std::string& name, Handler& handler) {
    std::unique_ptr<XML_ParserStruct, ExpatFree> owner(XML_ParserCreate(nullptr));
    if (!owner) return Error::Internal("expat could not allocate a parser");
    XML_Parser parser = owner.get();
    struct State {
        Handler* handler;
        XML_Parser parser;
        size_t depth = 0;
        std::optional<Error> error;
        std::string name;
        void Stop(Error e) {
            if (!error) error = std::move(e);
            XML_StopParser(parser, XML_FALSE);
        }
    } state{&handler, parser, 0, std::nullopt, name};
    XML_SetUserData(parser, &state);
    XML_SetElementHandler(
        parser,
        [](void* data, const XML_Char* element, const XML_Char** atts) {
            auto* st = static_cast<State*>(data);
            if (st->error) return;
            // Expat keeps every open element; a bomb of nested tags must not grow that.
            if (++st->depth > kMaxDepth) return st->Stop(FileError("malformed_xml", st->name + " nests too deep"));
            st->handler->Start(LocalName(element), atts);
            if (st->handler->error) st->Stop(*st->handler->error);
        },
        [](void* data, const XML_Char*) {
            auto* st = static_cast<State*>(data);
            if (st->error) return;
            --st->depth;
            st->handler->End();
            if (st->handler->error) st->Stop(*st->handler->error);
        });
    XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* text, int len) {
        auto* st = static_cast<State*>(data);
        if (st->error) return;
        st->handler->Text(std::string_view(text, static_cast<size_t>(len)));
        if (st->handler->error) st->Stop(*st->handler->error);
    });
    // No spreadsheet has a DTD; refusing one rules out entity expansion ("billion laughs").
    XML_SetStartDoctypeDeclHandler(parser, [](void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        auto* st = static_cast<State*>(data);
        st->Stop(FileError("malformed_xml", st->name + " declares a DTD"));
    });
    auto failed = [&]() -> Error {
        if (state.error) return *state.error;
        // Expat refuses bytes that are not UTF-8 as it meets them; that is an encoding problem to the user,
        // not a damaged file.
        const XML_Error code = XML_GetErrorCode(parser);
        int offset = 0, size = 0;
        const char* context = XML_GetInputContext(parser, &offset, &size);
        if ((code == XML_ERROR_INVALID_TOKEN || code == XML_ERROR_PARTIAL_CHAR) && context && offset >= 0 &&
            offset < size && static_cast<unsigned char>(context[offset]) >= 0x80)
            return handler.BadUtf8();
        return FileError("malformed_xml", name + " is not well-formed XML (" +
                                              XML_ErrorString(XML_GetErrorCode(parser)) + " at byte " +
                                              std::to_string(XML_GetCurrentByteIndex(parser)) + ")");
    };
    auto feed = [&](const char* data, size_t n) -> Status {
        if (XML_Parse(parser, data, static_cast<int>(n), XML_FALSE) != XML_STATUS_OK) return failed();
        return {};
    };
    DV_ASSIGN_OR_RETURN(bool found, zip.Stream(name, kMaxEntryBytes, feed));
    if (!found) return false;
    if (XML_Parse(parser, nullptr, 0, XML_TRUE) != XML_STATUS_OK) return failed();
    return true;
}

// The text of <si> (shared) or <is> (inline) strings: plain <t>, or rich-text runs <r><t>. Phonetic runs
// (<rPh>) are reading aids, not content. `Enter` says where the string starts; text is collected raw.
class RichTextCollector {
public:
    enum class Tag : uint8_t { kOther, kString, kRun, kText };

    // The tag of an element opening under `parent` inside a string.
    static Tag Classify(Tag parent, std::string_view local) {
        if ((parent == Tag::kString || parent == Tag::kRun) && local == "t") return Tag::kText;
        if (parent == Tag::kString && local == "r") return Tag::kRun;
        return Tag::kOther;
    }
};

struct SharedStringsReader {
    using Tag = RichTextCollector::Tag;
    std::vector<std::string>& out;
    std::string name;
    std::optional<Error> error;
    std::vector<Tag> stack;
    bool in_sst = false;
    std::string current;
    size_t bytes = 0;

    void Start(std::string_view local, const XML_Char**) {
        Tag tag = Tag::kOther;
        if (stack.empty()) {
            in_sst = local == "sst";
        } else if (in_sst && stack.size() == 1 && local == "si") {
            tag = Tag::kString;
            current.clear();
        } else {
            tag = RichTextCollector::Classify(stack.back(), local);
        }
        stack.push_back(tag);
    }
    void End() {
        if (stack.back() == Tag::kString) {
            if (out.size() >= kMaxSharedStrings) {
                error = FileError("too_many_cells", "Over " + std::to_string(kMaxSharedStrings) + " shared strings");
                return;
            }
            out.push_back(DecodeXstring(current));
            bytes += out.back().size();
            if (bytes > kMaxSharedStringBytes) {
                error = FileError("too_large", name + " holds over " + std::to_string(kMaxSharedStringBytes >> 20) +
                                                   " MiB of text");
                return;
            }
        }
        stack.pop_back();
    }
    Error BadUtf8() const { return FileError("invalid_utf8", name + " holds text that is not valid UTF-8"); }

    void Text(std::string_view text) {
        if (stack.empty() || stack.back() != Tag::kText) return;
        if (current.size() + text.size() > kMaxRawCellBytes) {
            error = FileError("too_large", name + " holds a string over 32767 characters");
            return;
        }
        current += text;
    }
};

struct SheetContext {
    const std::vector<std::string>& shared_strings;
    const std::vector<bool>& date_styles;
    bool date1904 = false;
};

// One <c> as read: its attributes and the raw text of its <v> or <is>.
struct RawCell {
    std::string type;   // t=
    std::string style;  // s=
    bool has_value = false;
    std::string value;   // <v> text
    std::string inline_text;  // <is> text, raw
};

// The cell's text, and in `kind` what it was.
Result<std::string> CellText(const RawCell& c, int line, const SheetContext& ctx, CellKind& kind) {
    kind = CellKind::kText;
    const std::string_view type = c.type;
    if (type == "inlineStr") return DecodeXstring(c.inline_text);
    if (!c.has_value) return std::string();
    const std::string& value = c.value;
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
    std::optional<int> style = ParseIndex(c.style);
    if (style && static_cast<size_t>(*style) < ctx.date_styles.size() && ctx.date_styles[static_cast<size_t>(*style)]) {
        if (auto date = SerialToIsoDate(number, ctx.date1904)) {
            kind = CellKind::kDate;
            return *date;
        }
    }
    kind = CellKind::kNumber;
    return FormatNumber(number);
}

// worksheet > sheetData > row > c > (v | is > (t | r > t)), everything else skipped.
struct SheetReader {
    enum class Tag : uint8_t { kOther, kWorksheet, kSheetData, kRow, kCell, kValue, kString, kRun, kText };
    const std::string& name;
    const SheetContext& ctx;
    Table table;
    std::optional<Error> error;
    std::vector<Tag> stack;
    bool seen_sheet_data = false;
    size_t total_cells = 0;
    size_t total_bytes = 0;
    int next_line = 1;
    Row row;
    int next_column = 0;
    int column = 0;
    RawCell cell;

    void Start(std::string_view local, const XML_Char** atts) {
        const Tag parent = stack.empty() ? Tag::kOther : stack.back();
        Tag tag = Tag::kOther;
        if (stack.empty()) {
            if (local != "worksheet") {
                error = FileError("no_worksheet", name + " is not a worksheet");
                return;
            }
            tag = Tag::kWorksheet;
        } else if (parent == Tag::kWorksheet && local == "sheetData" && !seen_sheet_data) {
            seen_sheet_data = true;
            tag = Tag::kSheetData;
        } else if (parent == Tag::kSheetData && local == "row") {
            tag = Tag::kRow;
            StartRow(Attr(atts, "r"));
        } else if (parent == Tag::kRow && local == "c") {
            tag = Tag::kCell;
            StartCell(atts);
        } else if (parent == Tag::kCell && local == "v") {
            tag = Tag::kValue;
            cell.has_value = true;
        } else if (parent == Tag::kCell && local == "is") {
            tag = Tag::kString;
        } else if (parent == Tag::kString || parent == Tag::kRun) {
            auto rich = RichTextCollector::Classify(
                parent == Tag::kString ? RichTextCollector::Tag::kString : RichTextCollector::Tag::kRun, local);
            if (rich == RichTextCollector::Tag::kText) tag = Tag::kText;
            if (rich == RichTextCollector::Tag::kRun) tag = Tag::kRun;
        }
        stack.push_back(tag);
    }

    void End() {
        const Tag tag = stack.back();
        stack.pop_back();
        if (tag == Tag::kCell) EndCell();
        if (tag == Tag::kRow) EndRow();
    }

    void Text(std::string_view text) {
        if (stack.empty() || (stack.back() != Tag::kValue && stack.back() != Tag::kText)) return;
        std::string& into = stack.back() == Tag::kValue ? cell.value : cell.inline_text;
        if (into.size() + text.size() > kMaxRawCellBytes) {
            error = LineError(row.line, "too_large",
                              "A cell on line " + std::to_string(row.line) + " is over 32767 characters");
            return;
        }
        into += text;
    }

    Error BadUtf8() const {
        if (std::find(stack.begin(), stack.end(), Tag::kRow) == stack.end())
            return FileError("invalid_utf8", name + " holds text that is not valid UTF-8");
        return LineError(row.line, "invalid_utf8", "Text is not valid UTF-8 on line " + std::to_string(row.line));
    }

    void StartRow(std::string_view r_attr) {
        row = Row();
        next_column = 0;
        if (r_attr.empty()) {
            row.line = next_line;
        } else {
            std::optional<int> number = ParseIndex(r_attr);
            if (!number || *number < 1 || *number > kMaxRows) {
                error = FileError("bad_cell_reference", name + " has a row numbered \"" + std::string(r_attr) + "\"");
                return;
            }
            row.line = *number;
        }
        if (row.line > kMaxRows) {
            error = FileError("bad_cell_reference", name + " has more rows than Excel allows");
            return;
        }
        next_line = row.line + 1;
    }

    void StartCell(const XML_Char** atts) {
        cell = RawCell();
        cell.type = Attr(atts, "t");
        cell.style = Attr(atts, "s");
        column = next_column;
        std::string_view ref = Attr(atts, "r");
        if (!ref.empty()) {
            int ref_row = 0;
            if (!ParseCellRef(ref, column, ref_row)) {
                error = LineError(row.line, "bad_cell_reference",
                                  "Bad cell reference \"" + std::string(ref) + "\" on line " + std::to_string(row.line));
                return;
            }
        }
        if (column >= kMaxColumns) {
            error = LineError(row.line, "bad_cell_reference",
                              "More columns than Excel allows on line " + std::to_string(row.line));
            return;
        }
        next_column = column + 1;
    }

    void EndCell() {
        CellKind kind = CellKind::kText;
        auto value = CellText(cell, row.line, ctx, kind);
        if (!value.ok()) {
            error = value.error();
            return;
        }
        if (!text::IsValidUtf8(*value)) {
            error = LineError(row.line, "invalid_utf8", "Text is not valid UTF-8 on line " + std::to_string(row.line));
            return;
        }
        if (static_cast<size_t>(column) >= row.cells.size()) {
            if (total_cells + static_cast<size_t>(column) + 1 > kMaxCells) {
                error = FileError("too_many_cells",
                                  name + " has more than " + std::to_string(kMaxCells) + " cells");
                return;
            }
            row.cells.resize(static_cast<size_t>(column) + 1);
        }
        // Shared strings are stored once but copied into every cell that uses them.
        total_bytes += value->size();
        if (total_bytes > kMaxTextBytes) {
            error = FileError("too_large",
                              name + " holds over " + std::to_string(kMaxTextBytes >> 20) + " MiB of cell text");
            return;
        }
        row.cells[static_cast<size_t>(column)] = std::move(*value);
        if (kind != CellKind::kText) {
            if (row.kinds.size() <= static_cast<size_t>(column)) row.kinds.resize(static_cast<size_t>(column) + 1);
            row.kinds[static_cast<size_t>(column)] = kind;
        }
    }

    void EndRow() {
        if (std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& s) { return s.empty(); })) return;
        total_cells += row.cells.size();
        table.rows.push_back(std::move(row));
        row = Row();
    }
};

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

// What sheet `sheet` cannot hold: on line `line`, or in the whole sheet (field "file") when it is 0.
Error CellsError(const std::string& sheet, int line, std::string code, std::string message) {
    message += " in sheet \"" + sheet + "\"";
    std::vector<std::pair<std::string, std::string>> params;
    if (line > 0) params.emplace_back("line", std::to_string(line));
    params.emplace_back("sheet", sheet);
    return Error{ErrorCode::kInvalid,
                 message,
                 {{line > 0 ? "line " + std::to_string(line) : "file", std::move(code), message, std::move(params)}}};
}

Status CheckCells(const std::string& sheet, const std::vector<std::vector<std::string>>& rows) {
    if (rows.size() > static_cast<size_t>(kMaxRows)) {
        return CellsError(sheet, 0, "too_large", "More than 1048576 rows do not fit");
    }
    for (size_t r = 0; r < rows.size(); ++r) {
        const int line = static_cast<int>(r) + 1;
        if (rows[r].size() > static_cast<size_t>(kMaxColumns)) {
            return CellsError(sheet, line, "too_large", "More than 16384 columns on line " + std::to_string(line));
        }
        for (const std::string& cell : rows[r]) {
            if (!text::IsValidUtf8(cell)) {
                return CellsError(sheet, line, "invalid_utf8",
                                  "Text is not valid UTF-8 on line " + std::to_string(line));
            }
        }
    }
    return {};
}

// ---- Sheet names.

// Calls f(c, bytes) for each code point of `s` with its bytes; c is negative for a byte that starts no valid
// UTF-8 sequence. f returns false to stop.
template <typename F>
void ForEachCodePoint(std::string_view s, F&& f) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
    const auto length = static_cast<int32_t>(std::min<size_t>(s.size(), INT32_MAX));
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (!f(c, s.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)))) return;
    }
}

// []:*?/\ have meanings in formulas; control characters do not survive an XML attribute.
bool ForbiddenInSheetName(UChar32 c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF ||
           (c < 0x80 && std::string_view("[]:*?/\\").find(static_cast<char>(c)) != std::string_view::npos);
}

// The form in which Excel finds two sheet names the same: case ignored, character by character (simple
// Unicode case folding), so "Cấp" and "CẤP" clash.
std::string FoldedSheetName(std::string_view name) {
    std::string out;
    ForEachCodePoint(name, [&](UChar32 c, std::string_view) {
        AppendUtf8(out, c < 0 ? 0xFFFD : static_cast<uint32_t>(u_foldCase(c, U_FOLD_CASE_DEFAULT)));
        return true;
    });
    return out;
}

bool IsReservedSheetName(std::string_view name) { return FoldedSheetName(name) == "history"; }

// Why Excel would not take `name` for a sheet (the rules in table.h), as the end of a sentence starting
// "Bad sheet name"; "" when it would. libxlsxwriter alone lets through "", control characters, "History"
// and characters above U+FFFF counted as one (Excel counts two), and Excel then refuses or repairs the file.
std::string SheetNameProblem(const std::string& name) {
    if (name.empty()) return ": it is empty";
    if (!text::IsValidUtf8(name)) return ": it is not valid UTF-8";
    size_t units = 0;
    bool forbidden = false;
    ForEachCodePoint(name, [&](UChar32 c, std::string_view) {
        units += static_cast<size_t>(U16_LENGTH(c));
        forbidden = forbidden || ForbiddenInSheetName(c);
        return true;
    });
    const std::string quoted = " \"" + name + "\"";
    if (units > kMaxSheetNameUnits) return quoted + ": it is over 31 characters";
    if (forbidden) return quoted + ": it holds one of []:*?/\\ or a control character";
    if (name.front() == '\'' || name.back() == '\'') return quoted + ": it starts or ends with an apostrophe";
    if (IsReservedSheetName(name)) return quoted + ": Excel reserves it";
    return {};
}

// `wanted` without what SheetNameProblem refuses in a name, spaces and "'" trimmed from both ends, cut to at
// most `max_units` UTF-16 units without splitting a character.
std::string CleanSheetName(std::string_view wanted, size_t max_units) {
    std::string out;
    size_t units = 0;
    ForEachCodePoint(wanted, [&](UChar32 c, std::string_view bytes) {
        if (c < 0 || ForbiddenInSheetName(c) || (out.empty() && (c == ' ' || c == '\''))) return true;
        units += static_cast<size_t>(U16_LENGTH(c));
        if (units > max_units) return false;
        out += bytes;
        return true;
    });
    while (!out.empty() && (out.back() == ' ' || out.back() == '\'')) out.pop_back();
    return out;
}

// ---- Writing sheets.

// A sheet to write, borrowed from the caller, so WriteXlsx's rows are not copied into a Sheet.
struct SheetRef {
    const std::string& name;
    const std::vector<std::vector<std::string>>& rows;
    const std::vector<CellKind>& columns;
};

// The field naming sheet i's name in errors: "sheet_name" for WriteXlsx, "sheets[i].name" for WriteXlsxBook.
using NameField = std::function<std::string(size_t)>;

Error NameError(std::string field, std::string code, const std::string& message) {
    return Error{ErrorCode::kInvalid, message, {{std::move(field), std::move(code), message}}};
}

// Everything WriteBook can refuse as kInvalid, checked before anything is written.
Status CheckSheets(const std::vector<SheetRef>& sheets, const NameField& name_field) {
    if (sheets.empty()) return NameError("sheets", "no_sheets", "A workbook needs at least one sheet");
    std::map<std::string, size_t> seen;  // folded name -> index of the sheet
    for (size_t i = 0; i < sheets.size(); ++i) {
        const std::string& name = sheets[i].name;
        if (std::string problem = SheetNameProblem(name); !problem.empty())
            return NameError(name_field(i), "bad_sheet_name", "Bad sheet name" + problem);
        auto [it, inserted] = seen.emplace(FoldedSheetName(name), i);
        if (!inserted) {
            return NameError(name_field(i), "duplicate_sheet_name",
                             "Sheet name \"" + name + "\" is already the name of sheet " + std::to_string(it->second) +
                                 " (Excel ignores case)");
        }
        DV_TRY(CheckCells(name, sheets[i].rows));
    }
    return {};
}

// The formats every sheet shares; the workbook owns them.
struct Formats {
    lxw_format* text = nullptr;
    lxw_format* header = nullptr;
    lxw_format* date = nullptr;
};

Result<Formats> AddFormats(lxw_workbook* workbook) {
    Formats f;
    // Text format ("@", builtin 49) everywhere: cells stay text when someone edits and re-imports them.
    f.text = workbook_add_format(workbook);
    f.header = workbook_add_format(workbook);
    // Day first, as dates are written by hand in Vietnam, whatever the reader's locale.
    f.date = workbook_add_format(workbook);
    if (!f.text || !f.header || !f.date) return Error::Internal("libxlsxwriter could not add a format");
    format_set_num_format_index(f.text, 49);
    format_set_num_format_index(f.header, 49);
    format_set_bold(f.header);
    format_set_num_format(f.date, "dd/mm/yyyy");
    return f;
}

// Cell (r, c) of `sheet` as its column's kind says (see WriteXlsx).
lxw_error WriteCell(lxw_worksheet* worksheet, const Formats& formats, const SheetRef& sheet, size_t r, size_t c) {
    const std::string& cell = sheet.rows[r][c];
    const auto row = static_cast<lxw_row_t>(r);
    const auto col = static_cast<lxw_col_t>(c);
    const CellKind kind = r > 0 && c < sheet.columns.size() ? sheet.columns[c] : CellKind::kText;
    if (auto date = kind == CellKind::kDate ? ParseDate(cell) : std::nullopt) {
        auto d = time::ParseIsoDate(*date);
        lxw_datetime when = {d->year, d->month, d->day, 0, 0, 0};
        return worksheet_write_datetime(worksheet, row, col, &when, formats.date);
    }
    if (auto number = kind == CellKind::kNumber ? PlainNumber(cell) : std::nullopt)
        return worksheet_write_number(worksheet, row, col, *number, nullptr);
    // An empty cell with a format is written as a blank cell, so a row's trailing empties survive.
    return worksheet_write_string(worksheet, row, col, CellText(cell).c_str(), r == 0 ? formats.header : formats.text);
}

Status WriteSheet(lxw_workbook* workbook, const Formats& formats, const SheetRef& sheet, const std::string& field) {
    // CheckSheets has refused every name libxlsxwriter refuses; asking it too keeps a rule it adds a kInvalid.
    if (lxw_error e = workbook_validate_sheet_name(workbook, sheet.name.c_str()); e != LXW_NO_ERROR)
        return NameError(field, "bad_sheet_name", "Bad sheet name \"" + sheet.name + "\": " + lxw_strerror(e));
    lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.name.c_str());
    if (!worksheet) return Error::Internal("libxlsxwriter could not add a worksheet");
    std::vector<size_t> widths;
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
        if (sheet.rows[r].size() > widths.size()) widths.resize(sheet.rows[r].size());
        for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
            widths[c] = std::max(widths[c], DisplayWidth(sheet.rows[r][c]) + (r == 0 ? 2 : 0));  // bold is wider
            if (lxw_error e = WriteCell(worksheet, formats, sheet, r, c); e != LXW_NO_ERROR)
                return Error::Internal(std::string("libxlsxwriter: ") + lxw_strerror(e));
        }
    }
    for (size_t c = 0; c < widths.size(); ++c) {
        double width = static_cast<double>(std::clamp<size_t>(widths[c] + 2, 8, 60));
        worksheet_set_column(worksheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
    }
    if (!sheet.rows.empty()) worksheet_freeze_panes(worksheet, 1, 0);
    return {};
}

Status WriteBook(const std::string& path, const std::vector<SheetRef>& sheets, const NameField& name_field) {
    DV_TRY(CheckSheets(sheets, name_field));
    // Nothing touches the disk until workbook_close; before that, freeing abandons the workbook cleanly.
    std::unique_ptr<lxw_workbook, WorkbookFree> workbook(workbook_new(path.c_str()));
    if (!workbook) return Error::Internal("libxlsxwriter could not allocate a workbook");
    DV_ASSIGN_OR_RETURN(const Formats formats, AddFormats(workbook.get()));
    for (size_t i = 0; i < sheets.size(); ++i) DV_TRY(WriteSheet(workbook.get(), formats, sheets[i], name_field(i)));

    lxw_error e = workbook_close(workbook.release());  // frees the workbook whatever happens
    if (e != LXW_NO_ERROR) {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        return Error::Internal("Cannot write " + path + ": " + lxw_strerror(e));
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
    SharedStringsReader strings{shared_strings, strings_path, std::nullopt, {}, false, {}, 0};
    DV_TRY(ParseStreamed(zip, strings_path, strings));

    std::string styles_path = FindByType(rels, "styles").value_or(ResolveTarget(workbook_path, "styles.xml"));
    DV_ASSIGN_OR_RETURN(std::unique_ptr<XmlPart> styles, LoadPart(zip, styles_path));
    const std::vector<bool> date_styles = DateStyles(styles.get());
    styles.reset();

    const SheetContext ctx{shared_strings, date_styles, is_1904};
    SheetReader sheet{*sheet_path, ctx};
    DV_ASSIGN_OR_RETURN(bool found, ParseStreamed(zip, *sheet_path, sheet));
    if (!found) return FileError("no_worksheet", "The worksheet " + *sheet_path + " is missing");
    return std::move(sheet.table);
}

Status WriteXlsx(const std::string& path, const std::string& sheet_name,
                 const std::vector<std::vector<std::string>>& rows, const std::vector<CellKind>& columns) {
    return WriteBook(path, {SheetRef{sheet_name, rows, columns}}, [](size_t) { return std::string("sheet_name"); });
}

Status WriteXlsxBook(const std::string& path, const std::vector<Sheet>& sheets) {
    std::vector<SheetRef> refs;
    refs.reserve(sheets.size());
    for (const Sheet& sheet : sheets) refs.push_back({sheet.name, sheet.rows, sheet.columns});
    return WriteBook(path, refs, [](size_t i) { return "sheets[" + std::to_string(i) + "].name"; });
}

std::string SheetName(std::string_view wanted, std::vector<std::string>& used) {
    std::set<std::string> taken;
    for (const std::string& name : used) taken.insert(FoldedSheetName(name));
    std::string base = CleanSheetName(wanted, kMaxSheetNameUnits);
    if (base.empty()) base = "Sheet";
    std::string name = base;
    for (int n = 2; taken.contains(FoldedSheetName(name)) || IsReservedSheetName(name); ++n) {
        const std::string suffix = " (" + std::to_string(n) + ")";
        name = CleanSheetName(base, kMaxSheetNameUnits - suffix.size()) + suffix;
    }
    used.push_back(name);
    return name;
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
