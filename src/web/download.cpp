// download: files a route answers with (exports, templates), shared by the features' routes.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/vn_text.h"
#include "http/message.h"
#include "web/context.h"

namespace dv::web {

Outcome FileDownload(std::string body, std::string content_type, const std::string& filename) {
    Outcome out;
    out.raw = true;
    out.raw_body = std::move(body);
    out.content_type = std::move(content_type);
    out.headers = {{"Content-Disposition", "attachment; filename=\"" + filename + "\""}};
    return out;
}

Outcome NamedFileDownload(std::string body, std::string content_type, const std::string& name) {
    // The ASCII form of the name for old clients, and the UTF-8 one (RFC 6266).
    std::string ascii;
    for (char c : vn::Fold(name)) ascii += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? c : '_';
    Outcome out = FileDownload(std::move(body), std::move(content_type), ascii);
    out.headers = {{"Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + http::PercentEncode(name)}};
    return out;
}

// libxlsxwriter writes only files: the workbook goes through a private temporary directory (a fixed name in
// /tmp could be a planted link).
Result<std::string> XlsxBookBytes(const std::vector<tabular::Sheet>& sheets) {
    std::string dir = (std::filesystem::temp_directory_path() / "dangvu-XXXXXX").string();
    if (!::mkdtemp(dir.data())) return Error::Internal("cannot make a temporary directory");
    std::string path = dir + "/book.xlsx";
    Status written = tabular::WriteXlsxBook(path, sheets);
    std::string bytes;
    if (written.ok()) {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    if (!written.ok()) return written.take_error();
    if (bytes.empty()) return Error::Internal("cannot read the workbook back");
    return bytes;
}

Result<std::string> XlsxBytes(const std::string& sheet_name, const std::vector<std::vector<std::string>>& rows,
                              const std::vector<tabular::CellKind>& columns) {
    return XlsxBookBytes({tabular::Sheet{sheet_name, rows, columns}});
}

}  // namespace dv::web
