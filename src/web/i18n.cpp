// I18n: flattening nested JSON into dotted keys.
#include "web/i18n.h"

#include <stdexcept>

#include <boost/json.hpp>

#include "assets/assets.h"

namespace dv::web {

namespace {
void Flatten(const boost::json::value& v, const std::string& prefix, std::map<std::string, std::string, std::less<>>& out) {
    if (v.is_object()) {
        for (const auto& [k, child] : v.as_object())
            Flatten(child, prefix.empty() ? std::string(k) : prefix + "." + std::string(k), out);
    } else if (v.is_string()) {
        out[prefix] = std::string(v.as_string());
    } else {
        throw std::runtime_error("i18n: " + prefix + " must be a string or an object");
    }
}
}  // namespace

I18n::I18n() {
    for (const auto* a : assets::WithPrefix("i18n/")) {
        std::string file(a->path.substr(5));
        if (file.size() < 6 || file.substr(file.size() - 5) != ".json") continue;
        std::string lang = file.substr(0, file.size() - 5);
        boost::system::error_code ec;
        auto v = boost::json::parse(a->data, ec);
        if (ec) throw std::runtime_error("i18n/" + file + ": " + ec.message());
        Flatten(v, "", strings_[lang]);
        languages_.push_back(lang);
    }
    if (!strings_.count(kDefault)) throw std::runtime_error("i18n: i18n/vi.json is missing");
    const auto& base = strings_.at(kDefault);
    for (const auto& [lang, table] : strings_) {
        for (const auto& [key, _] : base)
            if (!table.count(key)) throw std::runtime_error("i18n/" + lang + ".json lacks the key " + key);
        for (const auto& [key, _] : table)
            if (!base.count(key)) throw std::runtime_error("i18n/vi.json lacks the key " + key + " that " + lang + " has");
    }
}

bool I18n::Supports(std::string_view lang) const { return strings_.find(lang) != strings_.end(); }

bool I18n::Has(std::string_view lang, std::string_view key) const {
    auto l = strings_.find(lang);
    return l != strings_.end() && l->second.find(key) != l->second.end();
}

const std::string& I18n::Get(std::string_view lang, std::string_view key) const {
    auto l = strings_.find(lang);
    if (l == strings_.end()) l = strings_.find(std::string_view(kDefault));
    auto it = l->second.find(key);
    if (it != l->second.end()) return it->second;
    // Missing keys come back as themselves; cache them so the reference stays valid.
    static thread_local std::map<std::string, std::string, std::less<>> missing;
    return missing.try_emplace(std::string(key), std::string(key)).first->second;
}

}  // namespace dv::web
