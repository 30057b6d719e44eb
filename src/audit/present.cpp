// audit/present: changes, masking and links of audit entries for the audit page.
#include "audit/present.h"

#include <algorithm>

#include "core/text.h"
#include "core/time.h"

namespace dv::audit {

namespace {

constexpr size_t kMaxValueChars = 300;  // a bulk import row holds 1000 records: show its start

const char* const kIdentifiers[] = {"citizen_id", "phone", "card_number", "birth_date"};


void MaskValue(boost::json::value& v) {
    if (v.is_object()) {
        for (auto& [k, child] : v.as_object()) {
            if (IsIdentifier(k) && child.is_string()) child = Mask(k, child.get_string());
            else MaskValue(child);
        }
    } else if (v.is_array()) {
        for (auto& child : v.as_array()) MaskValue(child);
    }
}

std::string Shorten(std::string s) {
    if (text::Utf8Length(s) <= kMaxValueChars) return s;
    // Cut at a code point boundary.
    size_t count = 0, i = 0;
    for (; i < s.size() && count < kMaxValueChars; ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++count;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    return s.substr(0, i) + "…";
}

bool IsIdKey(std::string_view k) { return k == "id" || (k.size() > 3 && k.substr(k.size() - 3) == "_id"); }

std::string Display(const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::null:
            return "";
        case boost::json::kind::bool_:
            return v.get_bool() ? "true" : "false";
        case boost::json::kind::string: {
            std::string s(v.get_string());
            return time::IsIsoDate(s) ? time::FormatShortViIso(s) : s;
        }
        case boost::json::kind::array: {
            std::string out;
            for (const auto& x : v.get_array()) {
                std::string part = Display(x);
                if (part.empty()) continue;
                out += (out.empty() ? "" : "; ") + part;
            }
            return out;
        }
        case boost::json::kind::object: {
            // A record inside a list: its values without ids ("bi_thu Nguyễn Văn An 2020-…").
            std::string out;
            for (const auto& [k, x] : v.get_object()) {
                if (IsIdKey(k)) continue;
                std::string part = Display(x);
                if (part.empty()) continue;
                out += (out.empty() ? "" : " · ") + part;
            }
            return out;
        }
        default:
            return boost::json::serialize(v);
    }
}

// The entry's state as one level of fields; nested objects become "outer.inner".
using Fields = std::vector<std::pair<std::string, boost::json::value>>;
void Flatten(const boost::json::value& v, const std::string& prefix, Fields& out) {
    if (!v.is_object()) {
        if (!v.is_null()) out.emplace_back(prefix.empty() ? "value" : prefix, v);
        return;
    }
    for (const auto& [k, x] : v.get_object()) {
        std::string name = prefix.empty() ? std::string(k) : prefix + "." + std::string(k);
        if (x.is_object()) Flatten(x, name, out);
        else out.emplace_back(name, x);
    }
}

Fields Parse(const std::optional<std::string>& json, bool show_identifiers) {
    Fields out;
    if (!json) return out;
    boost::system::error_code ec;
    auto v = boost::json::parse(*json, ec);
    if (ec) {
        out.emplace_back("value", boost::json::value(*json));
        return out;
    }
    if (!show_identifiers) MaskValue(v);
    Flatten(v, "", out);
    return out;
}

const boost::json::value* Find(const Fields& f, const std::string& name) {
    for (const auto& [k, v] : f)
        if (k == name) return &v;
    return nullptr;
}

// An id that a name beside it already says (org_id next to org_name), or a hash: noise for a reader.
bool Hidden(const std::string& field, const Fields& a, const Fields& b) {
    if (field == "id" || field == "body_sha256" || field == "hash") return true;
    if (field.size() > 3 && field.compare(field.size() - 3, 3, "_id") == 0) {
        std::string name = field.substr(0, field.size() - 3) + "_name";
        return Find(a, name) || Find(b, name);
    }
    return false;
}

std::optional<std::string> StringField(const std::optional<std::string>& json, std::string_view key) {
    if (!json) return std::nullopt;
    boost::system::error_code ec;
    auto v = boost::json::parse(*json, ec);
    if (ec || !v.is_object()) return std::nullopt;
    const auto* x = v.as_object().if_contains(key);
    if (!x) {
        // committee.end with a note: {"term": {...}, "decision": ...}
        if (const auto* term = v.as_object().if_contains("term"); term && term->is_object())
            x = term->as_object().if_contains(key);
    }
    if (!x) return std::nullopt;
    if (x->is_string()) return std::string(x->get_string());
    if (x->is_int64()) return std::to_string(x->get_int64());
    return std::nullopt;
}

std::optional<std::string> FromEither(const Entry& e, std::string_view key) {
    if (auto v = StringField(e.after_json, key)) return v;
    return StringField(e.before_json, key);
}

}  // namespace

bool IsIdentifier(std::string_view field) {
    return std::find(std::begin(kIdentifiers), std::end(kIdentifiers), field) != std::end(kIdentifiers);
}

std::string Mask(std::string_view field, std::string_view value) {
    if (value.empty()) return "";
    if (field == "birth_date" && time::IsIsoDate(value)) return "••/••/" + std::string(value.substr(0, 4));
    size_t n = text::Utf8Length(value);
    std::string out;
    for (size_t i = 0; i + 3 < n; ++i) out += "•";
    return out + std::string(value.substr(value.size() - std::min<size_t>(3, value.size())));
}

std::string MaskJson(std::string_view json) {
    boost::system::error_code ec;
    auto v = boost::json::parse(json, ec);
    if (ec) return std::string(json);
    MaskValue(v);
    return boost::json::serialize(v);
}

std::vector<Change> Changes(const Entry& e, bool show_identifiers) {
    Fields before = Parse(e.before_json, show_identifiers);
    Fields after = Parse(e.after_json, show_identifiers);
    const bool update = e.before_json && e.after_json;
    std::vector<Change> out;
    std::vector<std::string> names;
    for (const auto& [k, v] : after) names.push_back(k);
    for (const auto& [k, v] : before)
        if (!Find(after, k)) names.push_back(k);
    for (const auto& name : names) {
        if (Hidden(name, before, after)) continue;
        const auto* b = Find(before, name);
        const auto* a = Find(after, name);
        Change c{name, b ? Shorten(Display(*b)) : "", a ? Shorten(Display(*a)) : ""};
        if (update && b && a && *a == *b) continue;
        if (c.before.empty() && c.after.empty()) continue;
        out.push_back(std::move(c));
    }
    return out;
}

std::string EntityHref(const Entry& e, bool can_manage_users) {
    const std::string& t = e.entity_type;
    if (t == "member" && e.entity_id) return "/members/" + std::to_string(*e.entity_id);
    if (t == "org" && e.entity_id) return "/orgs/" + std::to_string(*e.entity_id);
    if (t == "document" && e.entity_id) return "/documents/" + std::to_string(*e.entity_id);
    if (t == "user" && e.entity_id && can_manage_users) return "/users/" + std::to_string(*e.entity_id);
    if (t == "committee_position" && e.org_id) return "/orgs/" + std::to_string(*e.org_id) + "/committee";
    if (t == "document_distribution") {
        if (auto doc = FromEither(e, "document_id")) return "/documents/" + *doc + "/distribution";
    }
    if (t == "document_recipient") {
        auto doc = FromEither(e, "document_id");
        auto org = FromEither(e, "org_id");
        if (doc && org) return "/documents/" + *doc + "/recipients/" + *org;
    }
    return "";
}

std::string EntityName(const Entry& e) {
    for (const char* key : {"full_name", "member_name", "username", "name", "symbol", "filename"})
        if (auto v = FromEither(e, key); v && !v->empty()) return *v;
    return "";
}

std::string Readable(std::string_view key) {
    std::string out(key);
    for (char& c : out)
        if (c == '_' || c == '.') c = ' ';
    return out;
}

const std::vector<std::string>& KnownActions() {
    static const std::vector<std::string> kAll = {
        "member.create",       "member.update",       "member.transfer",     "member.import",
        "org.create",          "org.rename",          "org.move",            "org.retype",
        "org.merge",           "org.split",           "org.dissolve",        "committee.appoint",
        "committee.end",       "document.create",     "document.update",     "document.relate",
        "document.unrelate",   "document.attach",     "document.detach",     "distribution.send",
        "distribution.record", "user.create",         "user.update",         "user.password",
        "grant.create",        "grant.delete",        "session.create",      "session.delete",
        "session.login_failed", "session.throttled"};
    return kAll;
}

const std::vector<std::string>& KnownEntityTypes() {
    static const std::vector<std::string> kAll = {"member", "org", "committee_position", "document",
                                                  "document_distribution", "document_recipient", "user",
                                                  "grant", "session"};
    return kAll;
}

}  // namespace dv::audit
