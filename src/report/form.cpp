// report form: reading and checking form definitions and report values (pure).
#include "report/form.h"

#include <cstdio>
#include <set>

#include "core/text.h"
#include "core/vn_text.h"

namespace dv::report {

namespace {

constexpr size_t kMaxKey = 40;
constexpr size_t kMaxLabel = 300;
constexpr size_t kMaxHint = 500;
constexpr int kMaxRowsCap = 500;

bool ValidKey(const std::string& k) {
    if (k.empty() || k.size() > kMaxKey || k[0] < 'a' || k[0] > 'z') return false;
    for (char c : k)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

std::string Str(const boost::json::object& o, const char* name) {
    const auto* v = o.if_contains(name);
    if (!v || !v->is_string()) return "";
    return std::string(text::Trim(std::string(v->as_string())));
}

std::optional<int64_t> IntOf(const boost::json::object& o, const char* name, bool& bad) {
    const auto* v = o.if_contains(name);
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(v->as_uint64());
    if (v->is_string()) {
        const std::string s(text::Trim(std::string(v->as_string())));
        if (s.empty()) return std::nullopt;
        if (auto n = text::ParseInt(s)) return n;
    }
    bad = true;
    return std::nullopt;
}

bool BoolOf(const boost::json::object& o, const char* name) {
    const auto* v = o.if_contains(name);
    if (!v) return false;
    if (v->is_bool()) return v->as_bool();
    if (v->is_string()) return v->as_string() == "1" || v->as_string() == "true" || v->as_string() == "on";
    return false;
}

// A label or title: required, one line, at most `max` characters.
void CheckLabel(std::vector<FieldError>& errors, const std::string& where, const std::string& s, size_t max,
                bool required = true) {
    if (s.empty()) {
        if (required) errors.push_back({where, "required", "field.required"});
    } else if (!text::IsValidUtf8(s) || text::HasControlChar(s, false)) {
        errors.push_back({where, "control_char", "field.control_char"});
    } else if (text::Utf8Length(s) > max) {
        errors.push_back({where, "too_long", "field.too_long"});
    }
}

std::string Quote(const std::string& k) { return "values." + k; }

}  // namespace

const char* ToString(FieldType t) {
    switch (t) {
        case FieldType::kInt: return "int";
        case FieldType::kPercent: return "percent";
        case FieldType::kBool: return "bool";
        case FieldType::kText: return "text";
        case FieldType::kTable: return "table";
    }
    return "int";
}

std::optional<FieldType> ParseFieldType(const std::string& s) {
    for (auto t : {FieldType::kInt, FieldType::kPercent, FieldType::kBool, FieldType::kText, FieldType::kTable})
        if (s == ToString(t)) return t;
    return std::nullopt;
}

const Field* Form::Find(const std::string& key) const {
    for (const auto& s : sections)
        for (const auto& f : s.fields)
            if (f.key == key) return &f;
    return nullptr;
}

Result<Form> ParseForm(const boost::json::value& v) {
    std::vector<FieldError> errors;
    Form form;
    if (!v.is_object()) return Error::InvalidField("form", "not_object", "report.field.form_not_object");
    const auto& o = v.as_object();
    const auto* sections = o.if_contains("sections");
    if (!sections || !sections->is_array() || sections->as_array().empty())
        return Error::InvalidField("sections", "required", "report.field.no_sections");
    if (sections->as_array().size() > kMaxSections) return Error::InvalidField("sections", "too_many", "report.field.too_many");
    std::set<std::string> keys;
    size_t total_fields = 0;
    for (size_t i = 0; i < sections->as_array().size(); ++i) {
        const std::string where = "sections[" + std::to_string(i) + "]";
        const auto& sv = sections->as_array()[i];
        if (!sv.is_object()) {
            errors.push_back({where, "not_object", "report.field.form_not_object"});
            continue;
        }
        Section s;
        s.title = Str(sv.as_object(), "title");
        CheckLabel(errors, where + ".title", s.title, kMaxLabel);
        const auto* fields = sv.as_object().if_contains("fields");
        if (!fields || !fields->is_array() || fields->as_array().empty()) {
            errors.push_back({where + ".fields", "required", "report.field.no_fields"});
            form.sections.push_back(std::move(s));
            continue;
        }
        for (size_t j = 0; j < fields->as_array().size(); ++j) {
            const std::string fw = where + ".fields[" + std::to_string(j) + "]";
            const auto& fv = fields->as_array()[j];
            if (!fv.is_object()) {
                errors.push_back({fw, "not_object", "report.field.form_not_object"});
                continue;
            }
            const auto& fo = fv.as_object();
            Field f;
            f.key = Str(fo, "key");
            f.label = Str(fo, "label");
            f.hint = Str(fo, "hint");
            CheckLabel(errors, fw + ".label", f.label, kMaxLabel);
            CheckLabel(errors, fw + ".hint", f.hint, kMaxHint, false);
            if (!ValidKey(f.key)) errors.push_back({fw + ".key", "invalid_key", "report.field.invalid_key"});
            else if (!keys.insert(f.key).second) errors.push_back({fw + ".key", "duplicate_key", "report.field.duplicate_key"});
            auto type = ParseFieldType(Str(fo, "type"));
            if (!type) errors.push_back({fw + ".type", "invalid_choice", "field.invalid_choice"});
            else f.type = *type;
            f.required = BoolOf(fo, "required");
            bool bad = false;
            f.min = IntOf(fo, "min", bad);
            if (bad) errors.push_back({fw + ".min", "not_integer", "field.not_integer"});
            bad = false;
            f.max = IntOf(fo, "max", bad);
            if (bad) errors.push_back({fw + ".max", "not_integer", "field.not_integer"});
            if (f.min && f.max && *f.min > *f.max) errors.push_back({fw + ".max", "bounds", "report.field.min_above_max"});
            f.max_members = BoolOf(fo, "max_members");
            f.num = Str(fo, "num");
            f.den = Str(fo, "den");
            if (f.type == FieldType::kTable) {
                bad = false;
                auto rows = IntOf(fo, "max_rows", bad);
                if (bad || (rows && (*rows < 1 || *rows > kMaxRowsCap)))
                    errors.push_back({fw + ".max_rows", "out_of_range", "report.field.max_rows"});
                else if (rows) f.max_rows = static_cast<int>(*rows);
                const auto* cols = fo.if_contains("columns");
                if (!cols || !cols->is_array() || cols->as_array().empty()) {
                    errors.push_back({fw + ".columns", "required", "report.field.no_columns"});
                } else if (cols->as_array().size() > kMaxColumns) {
                    errors.push_back({fw + ".columns", "too_many", "report.field.too_many"});
                } else {
                    std::set<std::string> col_keys;
                    for (size_t k = 0; k < cols->as_array().size(); ++k) {
                        const std::string cw = fw + ".columns[" + std::to_string(k) + "]";
                        const auto& cv = cols->as_array()[k];
                        if (!cv.is_object()) {
                            errors.push_back({cw, "not_object", "report.field.form_not_object"});
                            continue;
                        }
                        Column c;
                        c.key = Str(cv.as_object(), "key");
                        c.label = Str(cv.as_object(), "label");
                        CheckLabel(errors, cw + ".label", c.label, kMaxLabel);
                        if (!ValidKey(c.key)) errors.push_back({cw + ".key", "invalid_key", "report.field.invalid_key"});
                        else if (!col_keys.insert(c.key).second)
                            errors.push_back({cw + ".key", "duplicate_key", "report.field.duplicate_key"});
                        auto ct = ParseFieldType(Str(cv.as_object(), "type"));
                        if (!ct || (*ct != FieldType::kInt && *ct != FieldType::kText))
                            errors.push_back({cw + ".type", "invalid_choice", "field.invalid_choice"});
                        else c.type = *ct;
                        f.columns.push_back(std::move(c));
                    }
                }
            }
            s.fields.push_back(std::move(f));
            ++total_fields;
        }
        form.sections.push_back(std::move(s));
    }
    if (total_fields > kMaxFields) errors.push_back({"sections", "too_many", "report.field.too_many"});
    // References: a percentage's parts and the sums name whole-number fields.
    auto is_int = [&](const std::string& key) {
        const Field* f = form.Find(key);
        return f && f->type == FieldType::kInt;
    };
    for (size_t i = 0; i < form.sections.size(); ++i)
        for (size_t j = 0; j < form.sections[i].fields.size(); ++j) {
            const auto& f = form.sections[i].fields[j];
            if (f.type != FieldType::kPercent) continue;
            const std::string fw = "sections[" + std::to_string(i) + "].fields[" + std::to_string(j) + "]";
            if (!is_int(f.num)) errors.push_back({fw + ".num", "not_integer_field", "report.field.not_integer_field"});
            if (!is_int(f.den)) errors.push_back({fw + ".den", "not_integer_field", "report.field.not_integer_field"});
        }
    if (const auto* sums = o.if_contains("sums"); sums && sums->is_array()) {
        for (size_t i = 0; i < sums->as_array().size(); ++i) {
            const std::string sw = "sums[" + std::to_string(i) + "]";
            const auto& rv = sums->as_array()[i];
            if (!rv.is_object()) {
                errors.push_back({sw, "not_object", "report.field.form_not_object"});
                continue;
            }
            SumRule r;
            r.total = Str(rv.as_object(), "total");
            if (!is_int(r.total)) errors.push_back({sw + ".total", "not_integer_field", "report.field.not_integer_field"});
            const auto* parts = rv.as_object().if_contains("parts");
            if (parts && parts->is_array())
                for (const auto& p : parts->as_array())
                    if (p.is_string()) r.parts.emplace_back(p.as_string());
            std::set<std::string> distinct(r.parts.begin(), r.parts.end());
            if (r.parts.size() < 2 || distinct.size() != r.parts.size() || distinct.count(r.total))
                errors.push_back({sw + ".parts", "too_few", "report.field.sum_parts"});
            else
                for (const auto& p : r.parts)
                    if (!is_int(p)) {
                        errors.push_back({sw + ".parts", "not_integer_field", "report.field.not_integer_field"});
                        break;
                    }
            form.sums.push_back(std::move(r));
        }
    }
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    return form;
}

boost::json::object ToJson(const Form& f) {
    boost::json::array sections;
    for (const auto& s : f.sections) {
        boost::json::array fields;
        for (const auto& x : s.fields) {
            boost::json::object o{{"key", x.key}, {"label", x.label}, {"type", ToString(x.type)}};
            if (!x.hint.empty()) o["hint"] = x.hint;
            if (x.required) o["required"] = true;
            if (x.type == FieldType::kInt) {
                if (x.min) o["min"] = *x.min;
                if (x.max) o["max"] = *x.max;
                if (x.max_members) o["max_members"] = true;
            }
            if (x.type == FieldType::kPercent) {
                o["num"] = x.num;
                o["den"] = x.den;
            }
            if (x.type == FieldType::kTable) {
                boost::json::array cols;
                for (const auto& c : x.columns) cols.push_back({{"key", c.key}, {"label", c.label}, {"type", ToString(c.type)}});
                o["columns"] = std::move(cols);
                o["max_rows"] = x.max_rows;
            }
            fields.push_back(std::move(o));
        }
        sections.push_back({{"title", s.title}, {"fields", std::move(fields)}});
    }
    boost::json::array sums;
    for (const auto& r : f.sums) sums.push_back({{"total", r.total}, {"parts", boost::json::value_from(r.parts)}});
    return {{"sections", std::move(sections)}, {"sums", std::move(sums)}};
}

std::string KeyFromLabel(const std::string& label, const std::vector<std::string>& taken) {
    std::string folded = vn::Fold(label), key;
    for (char c : folded) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum) key += c;
        else if (!key.empty() && key.back() != '_') key += '_';
    }
    while (!key.empty() && key.back() == '_') key.pop_back();
    while (!key.empty() && !(key[0] >= 'a' && key[0] <= 'z')) key.erase(0, 1);
    if (key.empty()) key = "field";
    if (key.size() > 32) key.resize(32);
    while (!key.empty() && key.back() == '_') key.pop_back();
    auto used = [&](const std::string& k) {
        for (const auto& t : taken)
            if (t == k) return true;
        return false;
    };
    if (!used(key)) return key;
    for (int n = 2;; ++n) {
        std::string k = key + "_" + std::to_string(n);
        if (!used(k)) return k;
    }
}

Result<Values> ReadValues(const Form& form, const boost::json::object& raw) {
    std::vector<FieldError> errors;
    Values out;
    auto read_int = [&](const boost::json::value* v, const std::string& where) -> std::optional<int64_t> {
        if (!v || v->is_null()) return std::nullopt;
        if (v->is_int64()) return v->as_int64();
        if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(v->as_uint64());
        if (v->is_string()) {
            // People type thousands separators ("1.250", "1 250"): dots, commas and spaces between digits go.
            std::string s(text::Trim(std::string(v->as_string()))), digits;
            if (s.empty()) return std::nullopt;
            for (char c : s)
                if (c != '.' && c != ',' && c != ' ') digits += c;
            if (auto n = text::ParseInt(digits)) return n;
        }
        errors.push_back({where, "not_integer", "field.not_integer"});
        return std::nullopt;
    };
    auto read_text = [&](const boost::json::value* v, const std::string& where) -> std::optional<std::string> {
        if (!v || v->is_null()) return std::nullopt;
        if (!v->is_string()) {
            errors.push_back({where, "not_string", "field.not_string"});
            return std::nullopt;
        }
        std::string s(text::Trim(std::string(v->as_string())));
        if (s.empty()) return std::nullopt;
        if (!text::IsValidUtf8(s) || text::HasControlChar(s, true)) {
            errors.push_back({where, "control_char", "field.control_char"});
            return std::nullopt;
        }
        if (text::Utf8Length(s) > kMaxTextLength) {
            errors.push_back({where, "too_long", "field.too_long"});
            return std::nullopt;
        }
        return vn::Nfc(s);
    };
    for (const auto& s : form.sections)
        for (const auto& f : s.fields) {
            const auto* v = raw.if_contains(f.key);
            const std::string where = Quote(f.key);
            switch (f.type) {
                case FieldType::kPercent: break;
                case FieldType::kInt:
                    if (auto n = read_int(v, where)) out[f.key] = *n;
                    break;
                case FieldType::kBool:
                    if (!v || v->is_null() || (v->is_string() && v->as_string().empty())) break;
                    if (v->is_bool()) out[f.key] = v->as_bool();
                    else if (v->is_string() && (v->as_string() == "1" || v->as_string() == "true" || v->as_string() == "yes"))
                        out[f.key] = true;
                    else if (v->is_string() && (v->as_string() == "0" || v->as_string() == "false" || v->as_string() == "no"))
                        out[f.key] = false;
                    else errors.push_back({where, "not_boolean", "field.not_boolean"});
                    break;
                case FieldType::kText:
                    if (auto t = read_text(v, where)) out[f.key] = *t;
                    break;
                case FieldType::kTable: {
                    if (!v || v->is_null()) break;
                    if (!v->is_array()) {
                        errors.push_back({where, "not_array", "field.not_array"});
                        break;
                    }
                    if (v->as_array().size() > static_cast<size_t>(f.max_rows)) {
                        errors.push_back({where, "too_many_rows", "report.field.too_many_rows", {{"max", std::to_string(f.max_rows)}}});
                        break;
                    }
                    boost::json::array rows;
                    for (size_t r = 0; r < v->as_array().size(); ++r) {
                        const auto& rv = v->as_array()[r];
                        if (!rv.is_object()) {
                            errors.push_back({where + "[" + std::to_string(r) + "]", "not_object", "field.not_object"});
                            continue;
                        }
                        boost::json::object row;
                        for (const auto& c : f.columns) {
                            const auto* cv = rv.as_object().if_contains(c.key);
                            const std::string cw = where + "[" + std::to_string(r) + "]." + c.key;
                            if (c.type == FieldType::kInt) {
                                if (auto n = read_int(cv, cw)) row[c.key] = *n;
                            } else if (auto t = read_text(cv, cw)) {
                                row[c.key] = *t;
                            }
                        }
                        if (!row.empty()) rows.push_back(std::move(row));  // a blank row is no row
                    }
                    if (!rows.empty()) out[f.key] = std::move(rows);
                    break;
                }
            }
        }
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    return out;
}

bool NeedsMembers(const Form& form) {
    for (const auto& s : form.sections)
        for (const auto& f : s.fields)
            if (f.max_members) return true;
    return false;
}

std::vector<FieldError> Check(const Form& form, const Values& values, std::optional<int64_t> members) {
    std::vector<FieldError> errors;
    auto num = [&](const std::string& key) -> std::optional<int64_t> {
        const auto* v = values.if_contains(key);
        if (!v || !v->is_int64()) return std::nullopt;
        return v->as_int64();
    };
    for (const auto& s : form.sections)
        for (const auto& f : s.fields) {
            const std::string where = Quote(f.key);
            if (f.type == FieldType::kPercent) continue;
            if (f.required && !values.contains(f.key)) {
                errors.push_back({where, "required", "field.required"});
                continue;
            }
            if (f.type != FieldType::kInt) continue;
            auto n = num(f.key);
            if (!n) continue;
            if (f.min && *n < *f.min)
                errors.push_back({where, "below_min", "report.field.below_min", {{"min", text::GroupThousands(*f.min)}}});
            else if (f.max && *n > *f.max)
                errors.push_back({where, "above_max", "report.field.above_max", {{"max", text::GroupThousands(*f.max)}}});
            else if (f.max_members && members && *n > *members)
                errors.push_back({where, "above_members", "report.field.above_members", {{"members", text::GroupThousands(*members)}}});
        }
    for (const auto& r : form.sums) {
        auto total = num(r.total);
        int64_t sum = 0;
        bool all = total.has_value();
        for (const auto& p : r.parts) {
            auto n = num(p);
            if (!n) all = false;
            else sum += *n;
        }
        if (!all || *total == sum || HasFieldError(errors, Quote(r.total))) continue;
        std::string parts;
        for (const auto& p : r.parts) {
            if (!parts.empty()) parts += " + ";
            parts += form.Find(p)->label;
        }
        errors.push_back({Quote(r.total), "sum_mismatch", "report.field.sum_mismatch",
                          {{"parts", parts}, {"sum", text::GroupThousands(sum)}}});
    }
    return errors;
}

std::map<std::string, int64_t> Numbers(const Form& form, const Values& values) {
    std::map<std::string, int64_t> out;
    for (const auto& s : form.sections)
        for (const auto& f : s.fields) {
            const auto* v = values.if_contains(f.key);
            if (!v) continue;
            if (f.type == FieldType::kInt && v->is_int64()) out[f.key] = v->as_int64();
            if (f.type == FieldType::kBool && v->is_bool()) out[f.key] = v->as_bool() ? 1 : 0;
            if (f.type == FieldType::kTable && v->is_array())
                for (const auto& c : f.columns) {
                    if (c.type != FieldType::kInt) continue;
                    int64_t sum = 0;
                    bool any = false;
                    for (const auto& row : v->as_array())
                        if (const auto* cv = row.as_object().if_contains(c.key); cv && cv->is_int64()) {
                            sum += cv->as_int64();
                            any = true;
                        }
                    if (any) out[f.key + "." + c.key] = sum;
                }
        }
    return out;
}

std::vector<std::string> NumberKeys(const Form& form) {
    std::vector<std::string> out;
    for (const auto& s : form.sections)
        for (const auto& f : s.fields) {
            if (f.type == FieldType::kInt || f.type == FieldType::kBool) out.push_back(f.key);
            if (f.type == FieldType::kTable)
                for (const auto& c : f.columns)
                    if (c.type == FieldType::kInt) out.push_back(f.key + "." + c.key);
        }
    return out;
}

std::string Percent(int64_t part, int64_t whole) {
    if (whole == 0) return "—";
    // One decimal, rounded half away from zero, with the Vietnamese decimal comma.
    const long double p = static_cast<long double>(part) * 1000.0L / static_cast<long double>(whole);
    const int64_t tenths = static_cast<int64_t>(p < 0 ? p - 0.5L : p + 0.5L);
    const int64_t whole_part = tenths / 10, frac = (tenths < 0 ? -tenths : tenths) % 10;
    std::string sign = (tenths < 0 && whole_part == 0) ? "-" : "";
    return sign + text::GroupThousands(whole_part) + "," + std::to_string(frac) + " %";
}

}  // namespace dv::report
