// Templates: compile-once mustache rendering over JSON view models.
#include "web/templates.h"

#include <map>
#include <stdexcept>

#include <kainjow/mustache.hpp>

#include "assets/assets.h"

namespace dv::web {

namespace mus = kainjow::mustache;

std::string HtmlEscape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

namespace {

mus::data ToData(const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::null: return mus::data(false);
        case boost::json::kind::bool_: return mus::data(v.get_bool());
        case boost::json::kind::int64: return mus::data(std::to_string(v.get_int64()));
        case boost::json::kind::uint64: return mus::data(std::to_string(v.get_uint64()));
        case boost::json::kind::double_: {
            std::string s = boost::json::serialize(v);
            return mus::data(s);
        }
        case boost::json::kind::string: return mus::data(std::string(v.get_string()));
        case boost::json::kind::array: {
            mus::data list = mus::data::type::list;
            for (const auto& item : v.get_array()) list.push_back(ToData(item));
            return list;
        }
        case boost::json::kind::object: {
            mus::data obj = mus::data::type::object;
            for (const auto& [k, child] : v.get_object()) obj.set(std::string(k), ToData(child));
            return obj;
        }
    }
    return mus::data(false);
}

}  // namespace

std::string Templates::ExpandI18n(std::string_view src, const I18n& i18n, std::string_view lang, std::string& error) {
    std::string out;
    out.reserve(src.size());
    size_t i = 0;
    while (i < src.size()) {
        size_t open = src.find("{{t.", i);
        if (open == std::string_view::npos) {
            out.append(src.substr(i));
            break;
        }
        size_t close = src.find("}}", open);
        if (close == std::string_view::npos) {
            error = "unclosed {{t.";
            return {};
        }
        std::string key(src.substr(open + 4, close - open - 4));
        if (!i18n.Has(lang, key)) {
            error = "unknown i18n key " + key;
            return {};
        }
        out.append(src.substr(i, open - i));
        out += HtmlEscape(i18n.Get(lang, key));
        i = close + 2;
    }
    return out;
}

struct Templates::Impl {
    // lang -> template name -> compiled template. Read-only after construction; kainjow's render()
    // is const and keeps no state between calls, so concurrent renders are safe.
    std::map<std::string, std::map<std::string, std::unique_ptr<mus::mustache>, std::less<>>, std::less<>> compiled;
};

Templates::Templates(const I18n& i18n) : impl_(std::make_unique<Impl>()) {
    for (const auto& lang : i18n.languages()) {
        for (const auto* a : assets::WithPrefix("templates/")) {
            std::string path(a->path);
            const std::string ext = ".mustache";
            if (path.size() <= ext.size() || path.substr(path.size() - ext.size()) != ext) continue;
            std::string name = path.substr(10, path.size() - 10 - ext.size());
            std::string error;
            std::string expanded = ExpandI18n(a->data, i18n, lang, error);
            if (!error.empty()) throw std::runtime_error(path + " (" + lang + "): " + error);
            auto t = std::make_unique<mus::mustache>(expanded);
            if (!t->is_valid()) throw std::runtime_error(path + ": " + t->error_message());
            impl_->compiled[lang][name] = std::move(t);
        }
    }
    if (!Has("layout")) throw std::runtime_error("templates/layout.mustache is missing");
}

Templates::~Templates() = default;

bool Templates::Has(std::string_view name) const {
    auto l = impl_->compiled.find(std::string_view(I18n::kDefault));
    return l != impl_->compiled.end() && l->second.find(name) != l->second.end();
}

std::string Templates::Render(std::string_view lang, std::string_view name, const boost::json::value& model) const {
    auto l = impl_->compiled.find(lang);
    if (l == impl_->compiled.end()) l = impl_->compiled.find(std::string_view(I18n::kDefault));
    auto t = l->second.find(name);
    if (t == l->second.end()) throw std::logic_error("no template " + std::string(name));
    mus::data data = ToData(model);
    std::string out;
    t->second->render(data, [&out](const std::string& s) { out += s; });
    return out;
}

}  // namespace dv::web
