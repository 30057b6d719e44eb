// gzip: zlib deflate with the gzip wrapper.
#include "core/gzip.h"

#include <zlib.h>

#include <stdexcept>

namespace dv::gzip {

std::string Compress(std::string_view data, int level) {
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out;
    out.resize(deflateBound(&zs, data.size()));
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&zs, Z_FINISH);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
    out.resize(zs.total_out);
    return out;
}

bool Accepts(std::string_view h) {
    size_t pos = 0;
    while (pos < h.size()) {
        size_t end = h.find(',', pos);
        if (end == std::string_view::npos) end = h.size();
        std::string_view item = h.substr(pos, end - pos);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        if (item.substr(0, 4) == "gzip" || item.substr(0, 1) == "*") {
            auto q = item.find("q=");
            if (q == std::string_view::npos) return true;
            std::string_view qv = item.substr(q + 2);
            return !(qv.substr(0, 1) == "0" && (qv.size() == 1 || qv.find_first_not_of("0.") == std::string_view::npos));
        }
        pos = end + 1;
    }
    return false;
}

}  // namespace dv::gzip
