// gzip: compressing responses for slow connections (zlib).
#pragma once

#include <string>
#include <string_view>

namespace dv::gzip {

// gzip-framed deflate of `data` at `level` (1 fast .. 9 small).
std::string Compress(std::string_view data, int level = 6);
// True when an Accept-Encoding header value allows gzip (q=0 excluded).
bool Accepts(std::string_view accept_encoding);

}  // namespace dv::gzip
