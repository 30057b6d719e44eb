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

namespace kainjow::mustache {
template <typename string_type>
class basic_mustache;
}  // namespace kainjow::mustache

namespace dv::web {

class Templates {
public:
    explicit Templates(const I18n& i18n);  // throws std::runtime_error on a broken template
    ~Templates();

    bool Has(std::string_view name) const;
    // Renders templates/<name>.mustache with `model`. Thread-safe.
    std::string Render(std::string_view lang, std::string_view name, const boost::json::value& model) const;
    // Renders templates/layout.mustache with `model` around `content` (already HTML), which
    // stands where the layout says {{{content}}}. The layout is compiled as the two halves around
    // that tag, so the page body is never copied through the template engine. Thread-safe.
    std::string RenderLayout(std::string_view lang, const boost::json::value& model, std::string_view content) const;

    // The text of a template after {{t.…}} expansion (exposed for tests). `{{static.PATH}}` becomes
    // the versioned URL of an embedded static file (StaticUrl); an unknown key or file is an error.
    static std::string ExpandI18n(std::string_view source, const I18n& i18n, std::string_view lang,
                                  std::string& error);

    // "/static/app.css?v=0123456789ab": the version is the start of the file's SHA-256, so a URL names
    // one content and browsers may keep it for good (ServeStatic answers it as immutable). Empty when
    // static/PATH is not embedded.
    static std::string StaticUrl(std::string_view path);
    // The version part of StaticUrl for static/PATH ("" when not embedded).
    static std::string StaticVersion(std::string_view path);

    // Replaces each run of white space that holds a line break with one space, except inside
    // <pre> and <textarea>. HTML renders the same; pages get smaller, and kainjow renders faster
    // (it processes templates line by line). Exposed for tests.
    static std::string CollapseLineBreaks(std::string_view html);

private:
    struct Impl;
    // The compiled template (falls back to Vietnamese); throws std::logic_error if unknown.
    kainjow::mustache::basic_mustache<std::string>& Find(std::string_view lang, std::string_view name) const;
    std::unique_ptr<Impl> impl_;
};

std::string HtmlEscape(std::string_view s);

}  // namespace dv::web
