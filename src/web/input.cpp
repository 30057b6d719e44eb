// Input: field readers.
#include "web/input.h"

#include <cstdio>

#include "core/text.h"
#include "core/time.h"
#include "tabular/table.h"

namespace dv::web {

namespace {

// Three runs of digits split by one of / - . with a four-digit year where the parser looks for it (last,
// or first in YYYY-MM-DD): the shape of a date, so a date the parser refused has no such day
// (31/02/2020, 12/25/2020) rather than another shape.
bool ShapedLikeDate(std::string_view s) {
    int parts = 0;
    size_t run = 0, first = 0, last = 0;
    char sep = 0;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            ++run;
            continue;
        }
        if ((c != '/' && c != '-' && c != '.') || run == 0 || (sep && c != sep)) return false;
        sep = c;
        if (parts++ == 0) first = run;
        run = 0;
    }
    last = run;
    return parts == 2 && (last == 4 || (first == 4 && sep == '-'));
}

}  // namespace

void Input::AddError(std::string field, std::string code, std::string message) {
    for (const auto& e : errors_)
        if (e.field == field) return;  // one message per field: the first problem found
    errors_.push_back({std::move(field), std::move(code), std::move(message)});
}

const UploadedFile* Input::File(std::string_view name) const {
    for (const auto& f : files_)
        if (f.name == name) return &f;
    return nullptr;
}

Status Input::Finish() const {
    if (errors_.empty()) return {};
    return Error::Invalid(errors_);
}

std::string Input::ReadString(std::string_view name, bool required, size_t min, size_t max, bool trim, bool lines) {
    auto it = fields_.find(name);
    if (it == fields_.end() || it->value().is_null()) {
        if (required) AddError(std::string(name), "required", "field.required");
        return {};
    }
    if (!it->value().is_string()) {
        AddError(std::string(name), "not_string", "field.not_string");
        return {};
    }
    std::string_view raw = it->value().get_string();
    std::string v(trim ? text::Trim(raw) : raw);
    if (v.empty()) {
        if (required) AddError(std::string(name), "required", "field.required");
        return {};
    }
    if (text::HasControlChar(v, lines)) {
        AddError(std::string(name), "control_char", "field.control_char");
        return {};
    }
    size_t len = text::Utf8Length(v);
    if (len < min) AddError(std::string(name), "too_short", "field.too_short");
    if (len > max) AddError(std::string(name), "too_long", "field.too_long");
    return v;
}

std::string Input::Str(std::string_view name, bool required, size_t min, size_t max) {
    return ReadString(name, required, min, max, true, false);
}

std::string Input::Text(std::string_view name, bool required, size_t min, size_t max) {
    return ReadString(name, required, min, max, true, true);
}

std::string Input::Secret(std::string_view name, bool required, size_t min, size_t max) {
    return ReadString(name, required, min, max, false, true);
}

std::optional<int64_t> Input::Int(std::string_view name, bool required) {
    auto it = fields_.find(name);
    if (it == fields_.end() || it->value().is_null() ||
        (it->value().is_string() && text::Trim(it->value().get_string()).empty())) {
        if (required) AddError(std::string(name), "required", "field.required");
        return std::nullopt;
    }
    const auto& v = it->value();
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(v.get_uint64());
    // Form fields are always text; JSON clients must send numbers as numbers.
    if (v.is_string() && from_form_)
        if (auto n = text::ParseInt(v.get_string())) return n;
    AddError(std::string(name), "not_integer", "field.not_integer");
    return std::nullopt;
}

std::string Input::Date(std::string_view name, bool required) {
    std::string raw = ReadString(name, required, 0, 40, true, false);
    if (raw.empty()) return {};
    if (auto iso = tabular::ParseDate(raw)) return *iso;
    AddError(std::string(name), "invalid_date", ShapedLikeDate(raw) ? "field.impossible_date" : "field.not_a_date");
    return {};
}

std::vector<int64_t> Input::Ids(std::string_view name, std::string_view form_prefix) {
    std::vector<int64_t> out;
    if (from_form_) {
        for (const auto& [key, value] : fields_) {
            std::string_view k(key);
            if (k.substr(0, form_prefix.size()) != form_prefix || !value.is_string() || value.get_string().empty())
                continue;
            if (auto id = text::ParseInt(k.substr(form_prefix.size())))
                out.push_back(*id);
            else
                AddError(std::string(name), "not_integer", "field.not_integer");
        }
        return out;
    }
    const auto* v = fields_.if_contains(name);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) {
        AddError(std::string(name), "not_array", "field.not_array");
        return out;
    }
    for (const auto& x : v->get_array()) {
        if (x.is_int64())
            out.push_back(x.get_int64());
        else
            AddError(std::string(name), "not_integer", "field.not_integer");
    }
    return out;
}

std::string Input::DateForService(std::string_view name) {
    std::string raw = ReadString(name, false, 0, 40, true, false);
    if (raw.empty()) return {};
    if (auto iso = tabular::ParseDate(raw)) return *iso;
    date_reasons_.push_back({std::string(name), "invalid_date",
                             ShapedLikeDate(raw) ? "field.impossible_date" : "field.not_a_date"});
    return raw;
}

std::optional<bool> Input::Bool(std::string_view name, bool required) {
    auto it = fields_.find(name);
    if (it == fields_.end() || it->value().is_null()) {
        if (required) AddError(std::string(name), "required", "field.required");
        return std::nullopt;
    }
    const auto& v = it->value();
    if (v.is_bool()) return v.get_bool();
    if (v.is_string() && from_form_) {
        std::string_view s = v.get_string();
        if (s == "1" || s == "true" || s == "on") return true;
        if (s == "0" || s == "false" || s == "off") return false;
    }
    AddError(std::string(name), "not_boolean", "field.not_boolean");
    return std::nullopt;
}

std::string SameSitePath(std::string_view next) {
    if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) return "/";
    // Browsers drop TAB, CR and LF from URLs ("/\t/evil" becomes "//evil") and read '\' as '/'; CR and
    // LF would also end the Location header.
    if (next.find('\\') != std::string_view::npos || text::HasControlChar(next, false)) return "/";
    return std::string(next);
}

std::string FormDate(std::string_view value) {
    auto d = time::ParseIsoDate(value);
    if (!d) return std::string(value);
    char out[16];
    std::snprintf(out, sizeof out, "%02d/%02d/%04d", d->day, d->month, d->year);
    return out;
}

void FormDates(boost::json::object& values, std::initializer_list<std::string_view> names) {
    for (auto name : names)
        if (auto* v = values.if_contains(name); v && v->is_string()) *v = FormDate(v->get_string());
}

}  // namespace dv::web
