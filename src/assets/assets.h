// assets: templates, i18n files, migrations and static files compiled into the binary.
#pragma once

#include <string_view>
#include <vector>

namespace dv::assets {

struct Asset {
    std::string_view path;  // relative to the repository: "templates/layout.mustache", "static/app.css"
    std::string_view data;
};

// Every embedded asset, sorted by path. Generated at build time by cmake/embed.cmake.
const std::vector<Asset>& All();

// The asset at `path`, or nullptr.
const Asset* Find(std::string_view path);

// Every asset whose path starts with `prefix` ("migrations/").
std::vector<const Asset*> WithPrefix(std::string_view prefix);

}  // namespace dv::assets
