// assets: look-ups over the generated table.
#include "assets/assets.h"

#include <algorithm>

namespace dv::assets {

const Asset* Find(std::string_view path) {
    const auto& all = All();
    auto it = std::lower_bound(all.begin(), all.end(), path, [](const Asset& a, std::string_view p) { return a.path < p; });
    return it != all.end() && it->path == path ? &*it : nullptr;
}

std::vector<const Asset*> WithPrefix(std::string_view prefix) {
    std::vector<const Asset*> out;
    for (const auto& a : All())
        if (a.path.substr(0, prefix.size()) == prefix) out.push_back(&a);
    return out;
}

}  // namespace dv::assets
