// Templates: compile-once mustache rendering over JSON view models.
#include "web/templates.h"

#include <algorithm>
#include <deque>
#include <map>
#include <sstream>
#include <stdexcept>

#include <kainjow/mustache.hpp>

#include "assets/assets.h"
#include "core/crypto.h"

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

// A kainjow context that reads the JSON view model directly. kainjow's own data tree would need
// the whole model converted first, and its containers copy every subtree on insert, so the
// conversion cost more than rendering (≈ 40 % of a signed-in page). Here values are turned into
// kainjow data only when a template looks them up: scalars become strings or
// booleans, a JSON object becomes an empty kainjow object that stands for it (sections push it,
// and look-ups inside find the JSON object again through `json_of_`), an array becomes a list of
// such stand-ins. Empty objects are truthy and empty lists falsy in kainjow, as in mustache.
// Scalars are made afresh on each look-up (a look-up is rarely repeated; no cache to maintain).
// Lives for one render; not thread-safe (one per render call).
class JsonContext : public mus::basic_context<std::string> {
public:
    explicit JsonContext(const boost::json::value& root) { items_.push_back(Materialize(root)); }
    void push(const mus::data* data) override { items_.push_back(data); }
    void pop() override { items_.pop_back(); }

    const mus::data* get(const std::string& name) const override {
        if (name == ".") return items_.back();
        size_t dot = name.find('.');
        std::string_view head = std::string_view(name).substr(0, dot);
        for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
            const mus::data* found = Child(*it, head);
            size_t pos = dot;
            while (found && pos != std::string::npos) {
                size_t next = name.find('.', pos + 1);
                std::string_view seg = std::string_view(name).substr(
                    pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
                found = Child(found, seg);
                pos = next;
            }
            if (found) return found;
        }
        return nullptr;
    }

    const mus::data* get_partial(const std::string&) const override { return nullptr; }

private:
    // The member `key` of what `parent` stands for, or null.
    const mus::data* Child(const mus::data* parent, std::string_view key) const {
        const boost::json::value* json = JsonOf(parent);
        if (!json) return parent->get(std::string(key));
        if (!json->is_object()) return nullptr;
        const auto& obj = json->get_object();
        auto it = obj.find(key);
        if (it == obj.end()) return nullptr;
        return Materialize(it->value());
    }

    // A page has a few dozen objects at most: a vector searched from the newest end beats a hash
    // map here (no allocation per entry, and look-ups mostly hit the section just pushed).
    const boost::json::value* JsonOf(const mus::data* d) const {
        for (auto it = json_of_.rbegin(); it != json_of_.rend(); ++it)
            if (it->first == d) return it->second;
        return nullptr;
    }

    const mus::data* Materialize(const boost::json::value& v) const {
        mus::data* d = nullptr;
        switch (v.kind()) {
            case boost::json::kind::null: d = &arena_.emplace_back(false); break;
            case boost::json::kind::bool_: d = &arena_.emplace_back(v.get_bool()); break;
            case boost::json::kind::int64: d = &arena_.emplace_back(std::to_string(v.get_int64())); break;
            case boost::json::kind::uint64: d = &arena_.emplace_back(std::to_string(v.get_uint64())); break;
            case boost::json::kind::double_: d = &arena_.emplace_back(boost::json::serialize(v)); break;
            // An empty string is false, so {{#note}}…{{/note}} shows nothing for "" (kainjow would
            // show it); {{note}} prints nothing either way.
            case boost::json::kind::string:
                d = v.get_string().empty() ? &arena_.emplace_back(false)
                                           : &arena_.emplace_back(std::string(v.get_string()));
                break;
            case boost::json::kind::object:
                d = &arena_.emplace_back(mus::data::type::object);
                json_of_.emplace_back(d, &v);
                break;
            case boost::json::kind::array: {
                const auto& arr = v.get_array();
                mus::list items;
                items.reserve(arr.size());
                for (const auto& e : arr) {
                    if (e.is_object()) {
                        items.emplace_back(mus::data::type::object);
                    } else if (e.is_array()) {
                        items.emplace_back(mus::data::type::list);  // nested arrays: not used by templates
                    } else {
                        items.push_back(*Materialize(e));
                    }
                }
                d = &arena_.emplace_back(items);
                // The list's own copies are what kainjow pushes while iterating: map those.
                const auto& stored = d->list_value();
                for (size_t i = 0; i < arr.size(); ++i)
                    if (arr[i].is_object()) json_of_.emplace_back(&stored[i], &arr[i]);
                break;
            }
        }
        return d;
    }

    std::vector<const mus::data*> items_;
    // Stable addresses: kainjow keeps pointers to what get() returns.
    mutable std::deque<mus::data> arena_;
    mutable std::vector<std::pair<const mus::data*, const boost::json::value*>> json_of_;
};

}  // namespace

std::string Templates::StaticVersion(std::string_view path) {
    const assets::Asset* a = assets::Find(std::string("static/").append(path));
    return a == nullptr ? std::string() : crypto::Sha256Hex(a->data).substr(0, 12);
}

std::string Templates::StaticUrl(std::string_view path) {
    std::string version = StaticVersion(path);
    if (version.empty()) return {};
    return std::string("/static/").append(path).append("?v=").append(version);
}

std::string Templates::ExpandI18n(std::string_view src, const I18n& i18n, std::string_view lang, std::string& error) {
    std::string out;
    out.reserve(src.size());
    size_t i = 0;
    while (i < src.size()) {
        size_t t = src.find("{{t.", i);
        size_t st = src.find("{{static.", i);
        size_t open = std::min(t, st);
        if (open == std::string_view::npos) {
            out.append(src.substr(i));
            break;
        }
        const bool is_static = open == st;
        const size_t skip = is_static ? 9 : 4;
        size_t close = src.find("}}", open);
        if (close == std::string_view::npos) {
            error = is_static ? "unclosed {{static." : "unclosed {{t.";
            return {};
        }
        std::string key(src.substr(open + skip, close - open - skip));
        out.append(src.substr(i, open - i));
        if (is_static) {
            std::string url = StaticUrl(key);
            if (url.empty()) {
                error = "unknown static file " + key;
                return {};
            }
            out += url;
        } else {
            if (!i18n.Has(lang, key)) {
                error = "unknown i18n key " + key;
                return {};
            }
            out += HtmlEscape(i18n.Get(lang, key));
        }
        i = close + 2;
    }
    return out;
}

std::string Templates::CollapseLineBreaks(std::string_view in) {
    auto starts_with_ci = [&](size_t pos, std::string_view word) {
        if (pos + word.size() > in.size()) return false;
        for (size_t k = 0; k < word.size(); ++k)
            if (std::tolower(static_cast<unsigned char>(in[pos + k])) != word[k]) return false;
        return true;
    };
    std::string out;
    out.reserve(in.size());
    size_t i = 0;
    while (i < in.size()) {
        // Copy <pre>…</pre> and <textarea>…</textarea> untouched: there white space is content.
        for (std::string_view tag : {std::string_view("pre"), std::string_view("textarea")}) {
            if (in[i] == '<' && starts_with_ci(i + 1, tag)) {
                std::string close("</");
                close.append(tag);
                size_t end = i + 1;
                while (end < in.size() && !starts_with_ci(end, close)) ++end;
                out.append(in.substr(i, end - i));
                i = end;
                break;
            }
        }
        if (i >= in.size()) break;
        char c = in[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            size_t j = i;
            bool line_break = false;
            while (j < in.size() && (in[j] == ' ' || in[j] == '\t' || in[j] == '\n' || in[j] == '\r')) {
                line_break = line_break || in[j] == '\n';
                ++j;
            }
            if (line_break) {
                out += ' ';
            } else {
                out.append(in.substr(i, j - i));
            }
            i = j;
            continue;
        }
        out += c;
        ++i;
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
            std::string source = CollapseLineBreaks(expanded);
            auto compile = [&](const std::string& key, const std::string& text) {
                auto t = std::make_unique<mus::mustache>(text);
                if (!t->is_valid()) throw std::runtime_error(path + ": " + t->error_message());
                impl_->compiled[lang][key] = std::move(t);
            };
            compile(name, source);
            if (name == "layout") {
                const std::string tag = "{{{content}}}";
                size_t at = source.find(tag);
                if (at == std::string::npos || source.find(tag, at + 1) != std::string::npos)
                    throw std::runtime_error(path + ": needs exactly one {{{content}}}");
                // Each half must parse on its own: {{{content}}} may not sit inside a section.
                compile("layout#head", source.substr(0, at));
                compile("layout#tail", source.substr(at + tag.size()));
            }
        }
    }
    if (!Has("layout")) throw std::runtime_error("templates/layout.mustache is missing");
}

Templates::~Templates() = default;

bool Templates::Has(std::string_view name) const {
    auto l = impl_->compiled.find(std::string_view(I18n::kDefault));
    return l != impl_->compiled.end() && l->second.find(name) != l->second.end();
}

namespace {
// One stream per thread, reused: constructing an ostream costs a locale look-up each time.
std::ostringstream& ThreadStream() {
    thread_local std::ostringstream out;
    out.str(std::string());
    out.clear();
    return out;
}
}  // namespace

mus::mustache& Templates::Find(std::string_view lang, std::string_view name) const {
    auto l = impl_->compiled.find(lang);
    if (l == impl_->compiled.end()) l = impl_->compiled.find(std::string_view(I18n::kDefault));
    auto t = l->second.find(name);
    if (t == l->second.end()) throw std::logic_error("no template " + std::string(name));
    return *t->second;
}

std::string Templates::Render(std::string_view lang, std::string_view name, const boost::json::value& model) const {
    mus::mustache& t = Find(lang, name);
    JsonContext ctx(model);
    auto& out = ThreadStream();
    t.render(ctx, out);
    return std::move(out).str();
}

std::string Templates::RenderLayout(std::string_view lang, const boost::json::value& model,
                                    std::string_view content) const {
    mus::mustache& head = Find(lang, "layout#head");
    mus::mustache& tail = Find(lang, "layout#tail");
    JsonContext ctx(model);
    auto& out = ThreadStream();
    head.render(ctx, out);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    tail.render(ctx, out);
    return std::move(out).str();
}

}  // namespace dv::web
