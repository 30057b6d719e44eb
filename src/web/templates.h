// Templates: mustache templates (kainjow, HTML-escaped by default) compiled once per language at
// start-up, rendered from JSON view models. The only translation unit with kainjow's header.
//
// Before parsing, every {{t.some.key}} is replaced by the escaped translation, so each language
// has its own compiled copy and rendering does no look-ups for static text. An unknown key, a
// template that does not parse, or a missing layout stops the server at start-up.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "web/i18n.h"

namespace dv::web {

class Templates {
public:
    explicit Templates(const I18n& i18n);  // throws std::runtime_error on a broken template
    ~Templates();

    bool Has(std::string_view name) const;
    // Renders templates/<name>.mustache with `model`. Thread-safe.
    std::string Render(std::string_view lang, std::string_view name, const boost::json::value& model) const;

    // The text of a template after {{t.…}} expansion (exposed for tests).
    static std::string ExpandI18n(std::string_view source, const I18n& i18n, std::string_view lang,
                                  std::string& error);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

std::string HtmlEscape(std::string_view s);

}  // namespace dv::web
