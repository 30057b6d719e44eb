// I18n: interface strings from i18n/<lang>.json (embedded). Vietnamese is the default language.
// Thread-safe after construction (read-only).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dv::web {

class I18n {
public:
    // Loads every i18n/*.json asset. Throws std::runtime_error when a file is malformed or when
    // the languages do not have the same keys (a translation is a complete file).
    I18n();

    static constexpr const char* kDefault = "vi";
    bool Has(std::string_view lang, std::string_view key) const;
    // The string at dotted `key`; the key itself when missing (so a gap shows, never crashes).
    const std::string& Get(std::string_view lang, std::string_view key) const;
    const std::vector<std::string>& languages() const { return languages_; }
    bool Supports(std::string_view lang) const;

private:
    std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> strings_;
    std::vector<std::string> languages_;
};

}  // namespace dv::web
