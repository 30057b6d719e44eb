// libFuzzer target for the document-reference extractor: any bytes in, no crash, no hang, no read
// out of bounds (ASan + UBSan); every reference found lies inside the text and names a known system.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "document/refs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    size_t previous_end = 0;
    for (const auto& r : dv::document::ExtractReferences(text)) {
        if (r.start >= r.end || r.start < previous_end || r.end > size * 2 + 8) std::abort();
        if (r.system != "party" && r.system != "state") std::abort();
        if (r.symbol.empty() || r.number.empty()) std::abort();
        previous_end = r.end;
    }
    return 0;
}
