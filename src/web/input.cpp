// Input: field readers.
#include "web/input.h"

#include <charconv>

#include "core/text.h"

namespace dv::web {

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

std::string Input::ReadString(std::string_view name, bool required, size_t min, size_t max, bool trim) {
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
    size_t len = text::Utf8Length(v);
    if (len < min) AddError(std::string(name), "too_short", "field.too_short");
    if (len > max) AddError(std::string(name), "too_long", "field.too_long");
    return v;
}

std::string Input::Str(std::string_view name, bool required, size_t min, size_t max) {
    return ReadString(name, required, min, max, true);
}

std::string Input::Secret(std::string_view name, bool required, size_t min, size_t max) {
    return ReadString(name, required, min, max, false);
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
    if (v.is_string() && from_form_) {
        std::string_view s = text::Trim(v.get_string());
        int64_t out = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        if (ec == std::errc() && p == s.data() + s.size()) return out;
    }
    AddError(std::string(name), "not_integer", "field.not_integer");
    return std::nullopt;
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

}  // namespace dv::web
