// Templates: compile-once mustache rendering over JSON view models.
#include "web/templates.h"

#include <map>
#include <sstream>
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
        case boost::json::kind::double_: return mus::data(boost::json::serialize(v));
        case boost::json::kind::string: return mus::data(std::string(v.get_string()));
        case boost::json::kind::array: {
            // Built in a plain vector (moves), then handed over in one copy: kainjow's push_back
            // and set() copy whole subtrees each time.
            mus::list list;
            list.reserve(v.get_array().size());
            for (const auto& item : v.get_array()) list.push_back(ToData(item));
            return mus::data(list);
        }
        case boost::json::kind::object: {
            mus::object obj;
            obj.reserve(v.get_object().size());
            for (const auto& [k, child] : v.get_object()) obj.emplace(std::string(k), ToData(child));
            return mus::data(obj);
        }
    }
    return mus::data(false);
}

// kainjow's own context splits every dotted name ("user.display_name") with a std::stringstream
// on every look-up, which was the largest single cost of rendering a page. This one walks the
// name in place. Same semantics: innermost section first, then outwards.
class FastContext : public mus::basic_context<std::string> {
public:
    explicit FastContext(const mus::data* root) { items_.push_back(root); }
    void push(const mus::data* data) override { items_.push_back(data); }
    void pop() override { items_.pop_back(); }
    const mus::data* get(const std::string& name) const override {
        if (name == ".") return items_.back();
        std::string_view first(name);
        size_t dot = first.find('.');
        std::string head(first.substr(0, dot));
        for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
            const mus::data* var = (*it)->get(head);
            if (!var) continue;
            size_t pos = dot;
            while (var && pos != std::string::npos) {
                size_t next = name.find('.', pos + 1);
                var = var->get(name.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1));
                pos = next;
            }
            if (var) return var;
        }
        return nullptr;
    }
    const mus::data* get_partial(const std::string& name) const override {
        for (auto it = items_.rbegin(); it != items_.rend(); ++it)
            if (const mus::data* var = (*it)->get(name)) return var;
        return nullptr;
    }

private:
    std::vector<const mus::data*> items_;
};

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
    mus::data data = ToData(model);
    FastContext ctx(&data);
    auto& out = ThreadStream();
    t.render(ctx, out);
    return std::move(out).str();
}

std::string Templates::RenderLayout(std::string_view lang, const boost::json::value& model,
                                    std::string_view content) const {
    mus::mustache& head = Find(lang, "layout#head");
    mus::mustache& tail = Find(lang, "layout#tail");
    mus::data data = ToData(model);
    auto& out = ThreadStream();
    {
        FastContext ctx(&data);
        head.render(ctx, out);
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    {
        FastContext ctx(&data);
        tail.render(ctx, out);
    }
    return std::move(out).str();
}

}  // namespace dv::web
