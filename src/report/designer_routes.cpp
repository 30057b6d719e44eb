// report template routes: the templates list, a template as its readers see it (its form in plain words,
// its versions), the designer office staff build a template with (one HTML form, server round-trips, no
// script needed), and the JSON API over templates.
//
// The designer holds the form being built in the page itself: every button posts the whole form with an
// `op` ("add_field:0", "del_column:0:2:1", "save", ...), the server reads it back into a Design, applies
// the op and shows the page again; only "save" reaches the service. A field's key is assigned from its
// label the first time it has one and kept from then on (keys name a field's numbers for ever).
#include <algorithm>
#include <map>
#include <regex>

#include "core/text.h"
#include "org/service.h"
#include "report/form.h"
#include "report/service.h"
#include "web/context.h"

namespace dv::web {

namespace {

namespace json = boost::json;
using report::FieldType;

constexpr int kRowsPerPage = 20;
// Sum rules a designer may hold: more than any real template has; a bound on what a post may ask for.
constexpr size_t kMaxSums = 50;
constexpr const char* kDefaultMaxRows = "50";

std::string TemplateHref(int64_t id) { return "/report-templates/" + std::to_string(id); }

// ---- The form being designed, as the page holds it: text as typed, checked or not.

struct DColumn {
    std::string key, label, type = "text";
};
struct DField {
    std::string key, label, hint, type = "int";
    bool required = false;
    std::string min, max;
    bool max_members = false;
    std::string num, den;
    std::vector<DColumn> columns;
    std::string max_rows;
};
struct DSection {
    std::string title;
    std::vector<DField> fields;
};
struct DSum {
    std::string total;
    std::vector<std::string> parts;
};
struct Design {
    std::string name;
    std::vector<DSection> sections;
    std::vector<DSum> sums;
};

size_t FieldCount(const Design& d) {
    size_t n = 0;
    for (const auto& s : d.sections) n += s.fields.size();
    return n;
}

// A new template: one section with one blank whole-number field.
Design BlankDesign() {
    Design d;
    d.sections.push_back({"", {DField{}}});
    return d;
}

Design DesignOf(const report::Template& t) {
    Design d;
    d.name = t.name;
    for (const auto& s : t.form.sections) {
        DSection ds{s.title, {}};
        for (const auto& f : s.fields) {
            DField df;
            df.key = f.key;
            df.label = f.label;
            df.hint = f.hint;
            df.type = report::ToString(f.type);
            df.required = f.required;
            if (f.min) df.min = std::to_string(*f.min);
            if (f.max) df.max = std::to_string(*f.max);
            df.max_members = f.max_members;
            df.num = f.num;
            df.den = f.den;
            for (const auto& c : f.columns) df.columns.push_back({c.key, c.label, report::ToString(c.type)});
            if (f.type == FieldType::kTable) df.max_rows = std::to_string(f.max_rows);
            ds.fields.push_back(std::move(df));
        }
        d.sections.push_back(std::move(ds));
    }
    for (const auto& r : t.form.sums) d.sums.push_back({r.total, r.parts});
    return d;
}

// A count the page sent (hidden inputs), held to `max`: anything unreadable is none.
size_t CountOf(Context& ctx, const std::string& name, size_t max) {
    auto n = text::ParseInt(FormValue(ctx, name));
    if (!n || *n < 0) return 0;
    return std::min(static_cast<size_t>(*n), max);
}

// The design as the page posted it.
Design ReadDesign(Context& ctx) {
    const auto& in = ctx.input();
    Design d;
    d.name = FormValue(ctx, "name");
    size_t total_fields = 0;
    const size_t sections = CountOf(ctx, "sections", report::kMaxSections);
    for (size_t i = 0; i < sections; ++i) {
        const std::string s = "s" + std::to_string(i) + "_";
        DSection ds{FormValue(ctx, s + "title"), {}};
        const size_t fields = CountOf(ctx, s + "fields", report::kMaxFields - total_fields);
        total_fields += fields;
        for (size_t j = 0; j < fields; ++j) {
            const std::string p = "f" + std::to_string(i) + "_" + std::to_string(j) + "_";
            DField f;
            f.key = FormValue(ctx, p + "key");
            f.label = FormValue(ctx, p + "label");
            f.hint = FormValue(ctx, p + "hint");
            f.type = FormValue(ctx, p + "type");
            if (f.type.empty()) f.type = "int";
            f.required = in.Has(p + "required");
            f.min = FormValue(ctx, p + "min");
            f.max = FormValue(ctx, p + "max");
            f.max_members = in.Has(p + "max_members");
            f.num = FormValue(ctx, p + "num");
            f.den = FormValue(ctx, p + "den");
            f.max_rows = FormValue(ctx, p + "max_rows");
            const size_t columns = CountOf(ctx, p + "columns", report::kMaxColumns);
            for (size_t k = 0; k < columns; ++k) {
                const std::string c = p + "c" + std::to_string(k) + "_";
                DColumn col{FormValue(ctx, c + "key"), FormValue(ctx, c + "label"), FormValue(ctx, c + "type")};
                if (col.type.empty()) col.type = "text";
                f.columns.push_back(std::move(col));
            }
            ds.fields.push_back(std::move(f));
        }
        d.sections.push_back(std::move(ds));
    }
    // Sum parts are boxes named by the keys of the whole-number fields.
    std::vector<std::string> int_keys;
    for (const auto& s : d.sections)
        for (const auto& f : s.fields)
            if (f.type == "int" && !f.key.empty()) int_keys.push_back(f.key);
    const size_t sums = CountOf(ctx, "sums", kMaxSums);
    for (size_t n = 0; n < sums; ++n) {
        const std::string u = "u" + std::to_string(n) + "_";
        DSum r{FormValue(ctx, u + "total"), {}};
        for (const auto& k : int_keys)
            if (in.Has(u + "part_" + k)) r.parts.push_back(k);
        d.sums.push_back(std::move(r));
    }
    return d;
}

// Keys for the fields and columns that have a label and no key yet; a key once given stays.
void AssignKeys(Design& d) {
    std::vector<std::string> taken;
    for (const auto& s : d.sections)
        for (const auto& f : s.fields)
            if (!f.key.empty()) taken.push_back(f.key);
    for (auto& s : d.sections)
        for (auto& f : s.fields) {
            if (f.key.empty() && !text::Trim(f.label).empty()) {
                f.key = report::KeyFromLabel(f.label, taken);
                taken.push_back(f.key);
            }
            std::vector<std::string> cols;
            for (const auto& c : f.columns)
                if (!c.key.empty()) cols.push_back(c.key);
            for (auto& c : f.columns)
                if (c.key.empty() && !text::Trim(c.label).empty()) {
                    c.key = report::KeyFromLabel(c.label, cols);
                    cols.push_back(c.key);
                }
        }
}

// A table needs a column to be a table: one blank column when it has none.
void Normalize(Design& d) {
    for (auto& s : d.sections)
        for (auto& f : s.fields)
            if (f.type == "table" && f.columns.empty()) {
                f.columns.push_back({});
                if (f.max_rows.empty()) f.max_rows = kDefaultMaxRows;
            }
}

// Applies a button of the page ("add_field:0", "del_column:0:2:1", ...). Returns false when a limit
// stops it (the page says so); a button the page never shows is a bad request.
Result<bool> ApplyOp(Design& d, const std::string& op) {
    const Error bad = Error::BadRequest("error.bad_form");
    std::vector<std::string> parts;
    for (size_t at = 0;;) {
        size_t colon = op.find(':', at);
        parts.push_back(op.substr(at, colon == std::string::npos ? std::string::npos : colon - at));
        if (colon == std::string::npos) break;
        at = colon + 1;
    }
    std::vector<size_t> args;
    for (size_t i = 1; i < parts.size(); ++i) {
        auto n = text::ParseInt(parts[i]);
        if (!n || *n < 0) return bad;
        args.push_back(static_cast<size_t>(*n));
    }
    const std::string& what = parts[0];
    auto want = [&](size_t n) { return args.size() == n; };
    auto section = [&](size_t i) { return i < d.sections.size(); };
    auto field = [&](size_t i, size_t j) { return section(i) && j < d.sections[i].fields.size(); };
    if ((what == "update" || what.empty()) && want(0)) return true;
    if (what == "add_section" && want(0)) {
        if (d.sections.size() >= report::kMaxSections || FieldCount(d) >= report::kMaxFields) return false;
        d.sections.push_back({"", {DField{}}});
        return true;
    }
    if (what == "del_section" && want(1) && section(args[0])) {
        d.sections.erase(d.sections.begin() + static_cast<ptrdiff_t>(args[0]));
        return true;
    }
    if (what == "add_field" && want(1) && section(args[0])) {
        if (FieldCount(d) >= report::kMaxFields) return false;
        d.sections[args[0]].fields.push_back({});
        return true;
    }
    if ((what == "del_field" || what == "up_field" || what == "add_column") && want(2) && field(args[0], args[1])) {
        auto& fields = d.sections[args[0]].fields;
        const auto j = static_cast<ptrdiff_t>(args[1]);
        if (what == "del_field") {
            fields.erase(fields.begin() + j);
        } else if (what == "up_field") {
            // Up within its section; the first of a section goes to the end of the section above.
            if (j > 0) {
                std::swap(fields[j], fields[j - 1]);
            } else if (args[0] > 0) {
                d.sections[args[0] - 1].fields.push_back(std::move(fields.front()));
                fields.erase(fields.begin());
            }
        } else {
            if (fields[j].columns.size() >= report::kMaxColumns) return false;
            fields[j].columns.push_back({});
        }
        return true;
    }
    if (what == "del_column" && want(3) && field(args[0], args[1]) &&
        args[2] < d.sections[args[0]].fields[args[1]].columns.size()) {
        auto& cols = d.sections[args[0]].fields[args[1]].columns;
        cols.erase(cols.begin() + static_cast<ptrdiff_t>(args[2]));
        return true;
    }
    if (what == "add_sum" && want(0)) {
        if (d.sums.size() >= kMaxSums) return false;
        d.sums.push_back({});
        return true;
    }
    if (what == "del_sum" && want(1) && args[0] < d.sums.size()) {
        d.sums.erase(d.sums.begin() + static_cast<ptrdiff_t>(args[0]));
        return true;
    }
    return bad;
}

// A number as typed: a JSON integer when it reads as one, else the text (for ParseForm to name).
json::value NumberOf(const std::string& typed) {
    const std::string s(text::Trim(typed));
    if (auto n = text::ParseInt(s)) return *n;
    return json::value(s);
}

// The form definition the service reads (report::ParseForm): only what the chosen type uses.
json::object FormJson(const Design& d) {
    json::array sections;
    for (const auto& s : d.sections) {
        json::array fields;
        for (const auto& f : s.fields) {
            json::object o{{"key", f.key}, {"label", f.label}, {"type", f.type}};
            if (!f.hint.empty()) o["hint"] = f.hint;
            if (f.required) o["required"] = true;
            if (f.type == "int") {
                if (!text::Trim(f.min).empty()) o["min"] = NumberOf(f.min);
                if (!text::Trim(f.max).empty()) o["max"] = NumberOf(f.max);
                if (f.max_members) o["max_members"] = true;
            } else if (f.type == "percent") {
                o["num"] = f.num;
                o["den"] = f.den;
            } else if (f.type == "table") {
                json::array cols;
                for (const auto& c : f.columns) cols.push_back({{"key", c.key}, {"label", c.label}, {"type", c.type}});
                o["columns"] = std::move(cols);
                if (!text::Trim(f.max_rows).empty()) o["max_rows"] = NumberOf(f.max_rows);
            }
            fields.push_back(std::move(o));
        }
        sections.push_back({{"title", s.title}, {"fields", std::move(fields)}});
    }
    json::array sums;
    for (const auto& r : d.sums) sums.push_back({{"total", r.total}, {"parts", json::value_from(r.parts)}});
    return {{"sections", std::move(sections)}, {"sums", std::move(sums)}};
}

// ---- Errors: the service names a form's places ("sections[0].fields[2].label"); the page's inputs are
// named "f0_2_label". Each place becomes the input it belongs to and words saying where that is.

struct Place {
    std::string id;     // the input's id ("" when none: the summary only)
    std::string where;  // "Phần 1 · Chỉ tiêu 3 · Tên chỉ tiêu"
};

Place PlaceOf(const Context& ctx, const Design& d, const std::string& field) {
    static const std::regex kSection(R"(sections\[(\d+)\](\.title)?)");
    static const std::regex kFields(R"(sections\[(\d+)\]\.fields)");
    static const std::regex kField(R"(sections\[(\d+)\]\.fields\[(\d+)\](?:\.([a-z_]+))?)");
    static const std::regex kColumn(R"(sections\[(\d+)\]\.fields\[(\d+)\]\.columns\[(\d+)\](?:\.([a-z_]+))?)");
    static const std::regex kSum(R"(sums\[(\d+)\](?:\.([a-z_]+))?)");
    auto n = [](const std::ssub_match& m) { return std::to_string(std::stoi(m.str()) + 1); };
    auto section = [&](const std::ssub_match& m) {
        return text::Fill(ctx.T("report_designer.where_section"), {{"n", n(m)}});
    };
    // "Mục 3 (Tỷ lệ đảng viên nữ)": the field's number, and its name when it has one.
    auto fld = [&](const std::ssub_match& si, const std::ssub_match& fj) {
        std::string out = text::Fill(ctx.T("report_designer.where_field"), {{"n", n(fj)}});
        const auto i = static_cast<size_t>(std::stoi(si.str())), j = static_cast<size_t>(std::stoi(fj.str()));
        if (i < d.sections.size() && j < d.sections[i].fields.size()) {
            const std::string label(text::Trim(d.sections[i].fields[j].label));
            if (!label.empty()) out += " (" + label + ")";
        }
        return out;
    };
    const std::string sep = " · ";
    std::smatch m;
    if (field == "name") return {"name", ctx.T("report_designer.name")};
    if (field == "owner_org_id") return {"owner_org_id", ctx.T("report_designer.owner")};
    if (field == "sections") return {"sections", ctx.T("report_designer.sections_title")};
    if (std::regex_match(field, m, kSection))
        return {"s" + m[1].str() + "_title", section(m[1]) + sep + ctx.T("report_designer.section_title")};
    if (std::regex_match(field, m, kFields)) return {"s" + m[1].str() + "_add", section(m[1])};
    if (std::regex_match(field, m, kColumn)) {
        const std::string p = "f" + m[1].str() + "_" + m[2].str() + "_c" + m[3].str() + "_";
        const std::string where = section(m[1]) + sep + fld(m[1], m[2]) + sep +
                                  text::Fill(ctx.T("report_designer.where_column"), {{"n", n(m[3])}});
        if (m[4].str() == "type") return {p + "type", where + sep + ctx.T("report_designer.column_type")};
        return {p + "label", where + sep + ctx.T("report_designer.column_label")};
    }
    if (std::regex_match(field, m, kField)) {
        const std::string p = "f" + m[1].str() + "_" + m[2].str() + "_";
        const std::string where = section(m[1]) + sep + fld(m[1], m[2]);
        static const std::map<std::string, std::pair<std::string, std::string>> kInputs{
            {"label", {"label", "report_designer.field_label"}},
            {"key", {"label", "report_designer.field_label"}},
            {"", {"label", "report_designer.field_label"}},
            {"hint", {"hint", "report_designer.field_hint"}},
            {"type", {"type", "report_designer.field_type"}},
            {"min", {"min", "report_designer.min"}},
            {"max", {"max", "report_designer.max"}},
            {"num", {"num", "report_designer.num"}},
            {"den", {"den", "report_designer.den"}},
            {"columns", {"add_column", "report_designer.columns"}},
            {"max_rows", {"max_rows", "report_designer.max_rows"}}};
        auto it = kInputs.find(m[3].str());
        if (it == kInputs.end()) return {p + "label", where};
        return {p + it->second.first, where + sep + ctx.T(it->second.second)};
    }
    if (std::regex_match(field, m, kSum)) {
        const std::string where = text::Fill(ctx.T("report_designer.where_sum"), {{"n", n(m[1])}});
        if (m[2].str() == "parts")
            return {"u" + m[1].str() + "_parts", where + sep + ctx.T("report_designer.sum_parts")};
        return {"u" + m[1].str() + "_total", where + sep + ctx.T("report_designer.sum_total")};
    }
    return {"", ""};
}

// What the page shows of a failed save: a message per input id, and the summary's lines.
struct Problems {
    std::map<std::string, std::string> by_input;
    json::array items;  // [{href?, text}]
    std::string summary;
};

Problems ProblemsOf(const Context& ctx, const Design& d, const Error& e) {
    Problems p;
    for (const auto& f : e.field_errors) {
        const std::string message = text::Fill(ctx.T(f.message), f.params);
        Place place = PlaceOf(ctx, d, f.field);
        json::object item{{"text", place.where.empty() ? message : place.where + ": " + message}};
        if (!place.id.empty()) {
            item["href"] = "#" + place.id;
            auto& m = p.by_input[place.id];
            if (m.find(message) == std::string::npos) m += (m.empty() ? "" : " ") + message;
        }
        p.items.push_back(std::move(item));
    }
    if (e.code == ErrorCode::kConflict)
        p.summary = ctx.T("report_designer.stale");
    else
        p.summary = ctx.T("report_designer.error_summary");
    return p;
}

// ---- Views

std::string TypeLabel(const Context& ctx, const std::string& type) { return ctx.T("report_designer.type." + type); }

json::array TypeOptions(const Context& ctx, const std::string& selected) {
    std::vector<std::pair<std::string, std::string>> types;
    for (auto t : {FieldType::kInt, FieldType::kPercent, FieldType::kBool, FieldType::kText, FieldType::kTable})
        types.emplace_back(report::ToString(t), TypeLabel(ctx, report::ToString(t)));
    return Options(types, selected);
}

json::array ColumnTypeOptions(const Context& ctx, const std::string& selected) {
    return Options({{"int", ctx.T("report_designer.column_int")}, {"text", ctx.T("report_designer.column_text")}},
                   selected);
}

// The messages of the inputs under prefix `p` ("f0_2_"), by the rest of their id ("label"): each view
// level has its own object, so mustache never finds a message of the level above.
json::object ErrorsUnder(const Problems& pr, const std::string& p, std::initializer_list<const char*> names) {
    json::object out;
    for (const char* n : names)
        if (auto it = pr.by_input.find(p + n); it != pr.by_input.end()) out[n] = it->second;
    return out;
}

struct DesignerPage {
    std::string action, cancel_href, heading;
    std::optional<int> version;                               // a revision: the version read
    std::vector<std::pair<std::string, std::string>> owners;  // a new template: the units it may belong to
    std::string owner;
};

// The whole-number fields with a key, (key, label): what percentages and sums may name.
using Choices = std::vector<std::pair<std::string, std::string>>;

Choices IntFields(const Design& d) {
    Choices ints;
    for (const auto& s : d.sections)
        for (const auto& f : s.fields)
            if (f.type == "int" && !f.key.empty())
                ints.emplace_back(f.key, text::Trim(f.label).empty() ? f.key : f.label);
    return ints;
}

json::array IntOptions(const Context& ctx, Choices ints, const std::string& selected) {
    ints.insert(ints.begin(), {"", ctx.T("report_designer.choose_field")});
    return Options(ints, selected);
}

// One field's card: its inputs are named by `p` ("f0_2"); only its type's own inputs are shown.
json::object FieldView(const Context& ctx, const DField& f, size_t i, size_t j, const Choices& ints,
                       const Problems& pr) {
    const std::string p = "f" + std::to_string(i) + "_" + std::to_string(j);
    bool has_error = false;
    json::array columns;
    for (size_t k = 0; k < f.columns.size(); ++k) {
        const auto& c = f.columns[k];
        const std::string pc = p + "_c" + std::to_string(k);
        json::object cerr = ErrorsUnder(pr, pc + "_", {"label", "type"});
        has_error = has_error || !cerr.empty();
        columns.push_back(json::object{{"pc", pc},
                                       {"k", k},
                                       {"n", k + 1},
                                       {"key", c.key},
                                       {"label", c.label},
                                       {"type_options", ColumnTypeOptions(ctx, c.type)},
                                       {"cerr", std::move(cerr)}});
    }
    json::object ferr =
        ErrorsUnder(pr, p + "_", {"label", "hint", "type", "min", "max", "num", "den", "add_column", "max_rows"});
    has_error = has_error || !ferr.empty();
    json::object v{{"p", p},
                   {"i", i},
                   {"j", j},
                   {"n", j + 1},
                   {"key", f.key},
                   {"label", f.label},
                   {"hint", f.hint},
                   {"type_options", TypeOptions(ctx, f.type)},
                   {"is_int", f.type == "int"},
                   {"is_percent", f.type == "percent"},
                   {"is_table", f.type == "table"},
                   {"required", f.required},
                   {"min", f.min},
                   {"max", f.max},
                   {"max_members", f.max_members},
                   {"num_options", IntOptions(ctx, ints, f.num)},
                   {"den_options", IntOptions(ctx, ints, f.den)},
                   {"has_ints", !ints.empty()},
                   {"columns", std::move(columns)},
                   {"columns_count", f.columns.size()},
                   {"can_add_column", f.columns.size() < report::kMaxColumns},
                   {"max_rows", f.max_rows},
                   {"can_up", j > 0 || i > 0},
                   {"ferr", std::move(ferr)},
                   {"has_error", has_error}};
    if (!f.key.empty()) v["key_shown"] = f.key;
    return v;
}

json::object SumView(const Context& ctx, const DSum& r, size_t n, const Choices& ints, const Problems& pr) {
    const std::string u = "u" + std::to_string(n);
    json::array parts;
    for (const auto& [key, label] : ints)
        parts.push_back(json::object{{"id", u + "_part_" + key},
                                     {"label", label},
                                     {"checked", std::find(r.parts.begin(), r.parts.end(), key) != r.parts.end()}});
    return {{"u", u},
            {"k", n},
            {"n", n + 1},
            {"total_options", IntOptions(ctx, ints, r.total)},
            {"parts", std::move(parts)},
            {"uerr", ErrorsUnder(pr, u + "_", {"total", "parts"})}};
}

json::object DesignView(const Context& ctx, const Design& d, const DesignerPage& page, const Problems& pr) {
    const Choices ints = IntFields(d);
    json::array sections;
    for (size_t i = 0; i < d.sections.size(); ++i) {
        const auto& s = d.sections[i];
        json::array fields;
        for (size_t j = 0; j < s.fields.size(); ++j) fields.push_back(FieldView(ctx, s.fields[j], i, j, ints, pr));
        sections.push_back(json::object{{"i", i},
                                        {"n", i + 1},
                                        {"title", s.title},
                                        {"fields", std::move(fields)},
                                        {"fields_count", s.fields.size()},
                                        {"serr", ErrorsUnder(pr, "s" + std::to_string(i) + "_", {"title", "add"})}});
    }
    json::array sums;
    for (size_t n = 0; n < d.sums.size(); ++n) sums.push_back(SumView(ctx, d.sums[n], n, ints, pr));
    json::object m{{"heading", page.heading},
                   {"action", page.action},
                   {"cancel_href", page.cancel_href},
                   {"name", d.name},
                   {"sections", std::move(sections)},
                   {"sections_count", d.sections.size()},
                   {"sums", std::move(sums)},
                   {"sums_count", d.sums.size()},
                   {"has_ints", !ints.empty()},
                   {"can_add_section", d.sections.size() < report::kMaxSections},
                   {"errors", ErrorsUnder(pr, "", {"name", "owner_org_id", "sections"})},
                   {"error_items", pr.items},
                   {"owner_choice", page.owners.size() > 1}};
    if (!pr.summary.empty()) m["error_summary"] = pr.summary;
    if (page.version) {
        m["version"] = *page.version;
        m["revision_note"] =
            text::Fill(ctx.T("report_designer.revision_note"),
                       {{"current", std::to_string(*page.version)}, {"next", std::to_string(*page.version + 1)}});
    }
    if (page.owners.size() > 1) m["owner_options"] = Options(page.owners, page.owner);
    return m;
}

// ---- Handlers

// The units a new template may belong to: the roots of the caller's writable subtrees.
std::vector<std::pair<std::string, std::string>> Owners(Context& ctx) {
    std::vector<std::pair<std::string, std::string>> out;
    for (int64_t id : ctx.scope().Roots(auth::Permission::kWrite))
        if (auto o = org::Get(ctx.db(), ctx.scope(), id); o.ok()) out.emplace_back(std::to_string(id), o.value().name);
    return out;
}

DesignerPage NewPage(Context& ctx) {
    return {"/report-templates/design",    "/report-templates", ctx.T("report_designer.new_title"), {}, Owners(ctx),
            FormValue(ctx, "owner_org_id")};
}

DesignerPage EditPage(Context& ctx, const report::Template& t, std::optional<int> version) {
    return {TemplateHref(t.id) + "/design",
            TemplateHref(t.id),
            text::Fill(ctx.T("report_designer.edit_title"), {{"name", t.name}}),
            version.value_or(t.version),
            {},
            ""};
}

Outcome DesignerOutcome(Context& ctx, const Design& d, const DesignerPage& page, const Problems& pr, int status,
                        std::vector<std::pair<std::string, std::string>> crumbs) {
    Outcome out;
    out.status = status;
    out.template_name = "reports/designer";
    out.model = DesignView(ctx, d, page, pr);
    out.title = page.heading;
    crumbs.insert(crumbs.begin(), {{"/", ctx.T("nav.home")},
                                   {"/reports", ctx.T("nav.reports")},
                                   {"/report-templates", ctx.T("report_designer.title")}});
    crumbs.emplace_back("", page.heading);
    out.breadcrumbs = std::move(crumbs);
    return out;
}

// GET /report-templates/new: the designer for a new template.
Result<Outcome> NewDesigner(Context& ctx) {
    if (!ctx.scope().AnyAllows(auth::Permission::kWrite)) return Error::Forbidden();
    return DesignerOutcome(ctx, BlankDesign(), NewPage(ctx), {}, 200, {});
}

// GET /report-templates/{id}/edit: the designer on the current version.
Result<Outcome> EditDesigner(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto t, report::GetTemplate(ctx.db(), ctx.scope(), id));
    if (!report::CanEditTemplate(ctx.db(), ctx.scope(), t)) return Error::Forbidden();
    return DesignerOutcome(ctx, DesignOf(t), EditPage(ctx, t, std::nullopt), {}, 200, {{TemplateHref(id), t.name}});
}

// The design the page posted, with its button applied. A limit reached is said on the page.
Result<Design> PostedDesign(Context& ctx, const std::string& op, bool& limited) {
    Design d = ReadDesign(ctx);
    AssignKeys(d);
    if (op != "save") {
        DV_ASSIGN_OR_RETURN(bool done, ApplyOp(d, op));
        limited = !done;
    }
    Normalize(d);
    return d;
}

// POST /report-templates/design and /report-templates/{id}/design: a button of the designer. "save"
// creates the template (or its next version) and opens it; any other shows the designer again.
Result<Outcome> DesignPost(Context& ctx) {
    const std::string op = FormValue(ctx, "op");
    std::optional<report::Template> t;
    if (!ctx.Param("id").empty()) {
        DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
        DV_ASSIGN_OR_RETURN(auto got, report::GetTemplate(ctx.db(), ctx.scope(), id));
        if (!report::CanEditTemplate(ctx.db(), ctx.scope(), got)) return Error::Forbidden();
        t = std::move(got);
    } else if (!ctx.scope().AnyAllows(auth::Permission::kWrite)) {
        return Error::Forbidden();
    }
    std::optional<int> version;
    if (t) {
        auto v = text::ParseInt(FormValue(ctx, "version"));
        if (v && *v > 0 && *v < 1000000) version = static_cast<int>(*v);
    }
    bool limited = false;
    DV_ASSIGN_OR_RETURN(Design d, PostedDesign(ctx, op, limited));
    const DesignerPage page = t ? EditPage(ctx, *t, version) : NewPage(ctx);
    std::vector<std::pair<std::string, std::string>> crumbs;
    if (t) crumbs.emplace_back(TemplateHref(t->id), t->name);
    if (op != "save") {
        Outcome out = DesignerOutcome(ctx, d, page, {}, 200, crumbs);
        if (limited) out.model["notice"] = ctx.T("report_designer.limit");
        return out;
    }
    report::TemplateInput in;
    in.name = d.name;
    in.form = FormJson(d);
    if (t) {
        in.version = version;
    } else if (const std::string owner = FormValue(ctx, "owner_org_id"); !owner.empty()) {
        in.owner_org_id = text::ParseInt(owner).value_or(0);
    }
    auto saved = t ? report::ReviseTemplate(ctx.db(), ctx.scope(), t->id, in, ctx.actor(), ctx.now())
                   : report::CreateTemplate(ctx.db(), ctx.scope(), in, ctx.actor(), ctx.now());
    if (!saved.ok()) {
        const Error& e = saved.error();
        if (ctx.json() || (e.code != ErrorCode::kInvalid && e.code != ErrorCode::kConflict)) return e;
        return DesignerOutcome(ctx, d, page, ProblemsOf(ctx, d, e), e.code == ErrorCode::kConflict ? 409 : 422, crumbs);
    }
    Outcome out;
    out.status = t ? 200 : 201;
    out.model = {{"template", report::ToJson(saved.value())}};
    out.redirect = TemplateHref(saved.value().id);
    out.flash = t ? "report_designer.flash_revised" : "report_designer.flash_created";
    return out;
}

size_t FieldsOf(const report::Form& f) {
    size_t n = 0;
    for (const auto& s : f.sections) n += s.fields.size();
    return n;
}

// GET /report-templates and /api/v1/report-templates: the templates the caller may read, newest first.
Result<Outcome> TemplatesPage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int page, PageQuery(ctx));
    auto all = report::Templates(ctx.db(), ctx.scope());
    const auto total = static_cast<int64_t>(all.size());
    const size_t from = std::min(all.size(), static_cast<size_t>(page - 1) * kRowsPerPage);
    const size_t to = std::min(all.size(), from + kRowsPerPage);
    json::array list;
    for (size_t i = from; i < to; ++i) {
        const auto& t = all[i];
        const auto fields = static_cast<int64_t>(FieldsOf(t.form));
        json::object v{
            {"id", t.id},           {"name", t.name},   {"owner_org_id", t.owner_org_id}, {"owner_name", t.owner_name},
            {"version", t.version}, {"fields", fields}, {"href", TemplateHref(t.id)},     {"updated_at", t.updated_at}};
        if (!ctx.json()) {
            v["meta"] = text::Fill(ctx.T("report_designer.list_meta"), {{"owner", t.owner_name},
                                                                        {"version", std::to_string(t.version)},
                                                                        {"fields", text::GroupThousands(fields)}});
        }
        list.push_back(std::move(v));
    }
    Outcome out;
    out.model = {{"templates", std::move(list)}, {"total", total}, {"page", page}};
    if (!ctx.json()) {
        out.model["pager"] = Pager(ctx, total, page, kRowsPerPage, "/report-templates?page=");
        out.model["can_design"] = ctx.scope().AnyAllows(auth::Permission::kWrite);
    }
    out.breadcrumbs = {
        {"/", ctx.T("nav.home")}, {"/reports", ctx.T("nav.reports")}, {"", ctx.T("report_designer.title")}};
    return out;
}

// A field's rules in plain words ("bắt buộc · từ 0 đến 100 · không vượt số đảng viên").
std::string RulesOf(const Context& ctx, const report::Form& form, const report::Field& f) {
    std::vector<std::string> rules;
    if (f.required) rules.push_back(ctx.T("report_designer.rule.required"));
    auto num = [](int64_t n) { return text::GroupThousands(n); };
    auto label = [&](const std::string& key) {
        const auto* x = form.Find(key);
        return x ? x->label : key;
    };
    if (f.type == FieldType::kInt) {
        if (f.min && f.max)
            rules.push_back(
                text::Fill(ctx.T("report_designer.rule.between"), {{"min", num(*f.min)}, {"max", num(*f.max)}}));
        else if (f.min)
            rules.push_back(text::Fill(ctx.T("report_designer.rule.at_least"), {{"min", num(*f.min)}}));
        else if (f.max)
            rules.push_back(text::Fill(ctx.T("report_designer.rule.at_most"), {{"max", num(*f.max)}}));
        if (f.max_members) rules.push_back(ctx.T("report_designer.rule.max_members"));
    }
    if (f.type == FieldType::kPercent)
        rules.push_back(
            text::Fill(ctx.T("report_designer.rule.percent"), {{"num", label(f.num)}, {"den", label(f.den)}}));
    if (f.type == FieldType::kTable) {
        std::string cols;
        for (const auto& c : f.columns)
            cols += (cols.empty() ? "" : ", ") + c.label + " (" +
                    ctx.T(c.type == FieldType::kInt ? "report_designer.column_int_short"
                                                    : "report_designer.column_text_short") +
                    ")";
        rules.push_back(
            text::Fill(ctx.T("report_designer.rule.table"), {{"columns", cols}, {"rows", std::to_string(f.max_rows)}}));
    }
    std::string out;
    for (const auto& r : rules) out += (out.empty() ? "" : " · ") + r;
    return out;
}

json::object PreviewOf(const Context& ctx, const report::Form& form) {
    json::array sections;
    for (const auto& s : form.sections) {
        json::array fields;
        for (const auto& f : s.fields) {
            json::object v{{"label", f.label}, {"type_label", TypeLabel(ctx, report::ToString(f.type))}};
            if (!f.hint.empty()) v["hint"] = f.hint;
            if (auto rules = RulesOf(ctx, form, f); !rules.empty()) v["rules"] = rules;
            fields.push_back(std::move(v));
        }
        sections.push_back(json::object{{"title", s.title}, {"fields", std::move(fields)}});
    }
    json::array sums;
    for (const auto& r : form.sums) {
        auto label = [&](const std::string& key) {
            const auto* x = form.Find(key);
            return x ? x->label : key;
        };
        std::string parts;
        for (const auto& p : r.parts) parts += (parts.empty() ? "" : " + ") + label(p);
        sums.push_back(json::string(label(r.total) + " = " + parts));
    }
    const bool has_sums = !sums.empty();
    return {{"sections", std::move(sections)}, {"sums", std::move(sums)}, {"has_sums", has_sums}};
}

// GET /report-templates/{id} and /api/v1/report-templates/{id} (?version=N: an older version).
Result<Outcome> TemplatePage(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto version, IntQuery(ctx, "version"));
    DV_ASSIGN_OR_RETURN(auto current, report::GetTemplate(ctx.db(), ctx.scope(), id));
    report::Template t = current;
    if (version && *version != current.version) {
        DV_ASSIGN_OR_RETURN(t, report::GetTemplate(ctx.db(), ctx.scope(), id, *version));
    }
    json::array versions;
    for (const auto& [v, at] : report::TemplateVersions(ctx.db(), id)) {
        json::object j{{"version", v}, {"created_at", at}};
        if (!ctx.json()) {
            j["label"] = text::Fill(ctx.T("report_designer.version_label"),
                                    {{"version", std::to_string(v)}, {"at", DisplayDateTime(ctx, at)}});
            j["href"] = TemplateHref(id) + (v == current.version ? "" : "?version=" + std::to_string(v));
            j["shown"] = v == t.version;
            j["current"] = v == current.version;
        }
        versions.push_back(std::move(j));
    }
    Outcome out;
    out.model = {{"template", report::ToJson(t)}, {"versions", std::move(versions)}};
    if (!ctx.json()) {
        const bool can_edit = report::CanEditTemplate(ctx.db(), ctx.scope(), current);
        out.model["preview"] = PreviewOf(ctx, t.form);
        out.model["can_edit"] = can_edit;
        out.model["edit_href"] = TemplateHref(id) + "/edit";
        out.model["round_href"] = "/report-rounds/new?template_id=" + std::to_string(id);
        out.model["meta"] = text::Fill(ctx.T("report_designer.template_meta"),
                                       {{"owner", t.owner_name}, {"version", std::to_string(t.version)}});
        if (t.version != current.version) {
            out.model["old_note"] =
                text::Fill(ctx.T("report_designer.old_version"),
                           {{"version", std::to_string(t.version)}, {"current", std::to_string(current.version)}});
            out.model["current_href"] = TemplateHref(id);
        }
    }
    out.title = t.name;
    out.breadcrumbs = {{"/", ctx.T("nav.home")},
                       {"/reports", ctx.T("nav.reports")},
                       {"/report-templates", ctx.T("report_designer.title")},
                       {"", t.name}};
    return out;
}

// The body of the API's create and revise: name, owner_org_id (create), form, version (revise).
Result<report::TemplateInput> TemplateBody(Context& ctx, bool revise) {
    auto& in = ctx.input();
    report::TemplateInput t;
    t.name = in.Str("name", false, 0, 1000);
    if (!revise) t.owner_org_id = in.Int("owner_org_id", false);
    if (revise) {
        auto v = in.Int("version", false);
        if (v && (*v < 1 || *v > 1000000))
            in.AddError("version", "not_integer", "field.not_integer");
        else if (v)
            t.version = static_cast<int>(*v);
    }
    if (const auto* f = in.fields().if_contains("form")) t.form = *f;
    DV_TRY(in.Finish());
    return t;
}

// POST /api/v1/report-templates.
Result<Outcome> CreateApi(Context& ctx) {
    DV_ASSIGN_OR_RETURN(auto in, TemplateBody(ctx, false));
    DV_ASSIGN_OR_RETURN(auto t, report::CreateTemplate(ctx.db(), ctx.scope(), in, ctx.actor(), ctx.now()));
    Outcome out;
    out.status = 201;
    out.model = {{"template", report::ToJson(t)}};
    out.redirect = TemplateHref(t.id);
    return out;
}

// PUT /api/v1/report-templates/{id}: the next version.
Result<Outcome> ReviseApi(Context& ctx) {
    DV_ASSIGN_OR_RETURN(int64_t id, ctx.IdParam("id"));
    DV_ASSIGN_OR_RETURN(auto in, TemplateBody(ctx, true));
    DV_ASSIGN_OR_RETURN(auto t, report::ReviseTemplate(ctx.db(), ctx.scope(), id, in, ctx.actor(), ctx.now()));
    Outcome out;
    out.model = {{"template", report::ToJson(t)}};
    return out;
}

}  // namespace

void RegisterReportTemplateRoutes(Router& r) {
    using namespace schema;
    const Schema column = Object({{"key", Str()}, {"label", Str()}, {"type", Str()}});
    const Schema field = Object({{"key", Str()},
                                 {"label", Str()},
                                 {"type", Str()},
                                 {"hint", Str(), kOptional},
                                 {"required", Bool(), kOptional},
                                 {"min", Int(), kOptional},
                                 {"max", Int(), kOptional},
                                 {"max_members", Bool(), kOptional},
                                 {"num", Str(), kOptional},
                                 {"den", Str(), kOptional},
                                 {"columns", ArrayOf(column), kOptional},
                                 {"max_rows", Int(), kOptional}});
    r.AddComponent("ReportForm", Object({{"sections", ArrayOf(Object({{"title", Str()}, {"fields", ArrayOf(field)}}))},
                                         {"sums", ArrayOf(Object({{"total", Str()}, {"parts", ArrayOf(Str())}}))}}));
    r.AddComponent("ReportTemplate", Object({{"id", Int()},
                                             {"owner_org_id", Int()},
                                             {"owner_name", Str()},
                                             {"name", Str()},
                                             {"version", Int()},
                                             {"form", Ref("ReportForm")},
                                             {"created_at", Int()},
                                             {"updated_at", Int()}}));
    const Schema list = Object({{"templates", ArrayOf(Object({{"id", Int()},
                                                              {"name", Str()},
                                                              {"owner_org_id", Int()},
                                                              {"owner_name", Str()},
                                                              {"version", Int()},
                                                              {"fields", Int()},
                                                              {"href", Str()},
                                                              {"updated_at", Int()},
                                                              {"meta", Str(), kOptional}}))},
                                {"total", Int()},
                                {"page", Int()},
                                {"pager", AnyObject(), kOptional},
                                {"can_design", Bool(), kOptional}});
    const Schema one = Object({{"template", Ref("ReportTemplate")}});
    const Schema page = Object({{"template", Ref("ReportTemplate")},
                                {"versions", ArrayOf(Object({{"version", Int()},
                                                             {"created_at", Int()},
                                                             {"label", Str(), kOptional},
                                                             {"href", Str(), kOptional},
                                                             {"shown", Bool(), kOptional},
                                                             {"current", Bool(), kOptional}}))},
                                {"preview", AnyObject(), kOptional},
                                {"can_edit", Bool(), kOptional},
                                {"edit_href", Str(), kOptional},
                                {"round_href", Str(), kOptional},
                                {"meta", Str(), kOptional},
                                {"old_note", Str(), kOptional},
                                {"current_href", Str(), kOptional}});
    const std::vector<FieldSpec> page_query = {{"page", "integer", false, "page number, 20 a page"}};
    const std::vector<FieldSpec> version_query = {
        {"version", "integer", false, "an older version (default: the current)"}};
    const std::vector<FieldSpec> create_fields = {
        {"name", "string", true, "the template's name"},
        {"owner_org_id", "integer", false, "the unit it belongs to (default: the caller's first writable unit)"},
        {"form", "object", true,
         "the form: {sections: [{title, fields: [{key, label, hint, type: int|percent|bool|"
         "text|table, required, min, max, max_members, num, den, columns, max_rows}]}], "
         "sums: [{total, parts}]}"}};
    const std::vector<FieldSpec> revise_fields = {
        {"name", "string", true, "the template's name"},
        {"form", "object", true, "the form, as for a new template"},
        {"version", "integer", true, "the version read; a newer one since answers 409"}};
    const std::vector<FieldSpec> design_fields = {
        {"op", "string", true,
         "the button: update, add_section, del_section:I, add_field:I, del_field:I:J, "
         "up_field:I:J, add_column:I:J, del_column:I:J:K, add_sum, del_sum:N, save"},
        {"name", "string", false, "the template's name"},
        {"owner_org_id", "integer", false, "new templates: the unit it belongs to"},
        {"version", "integer", false, "revisions: the version read"},
        {"sections", "integer", false, "how many sections; each sI_title, sI_fields (how many fields)"},
        {"sums", "integer", false, "how many sum rules; each uN_total, uN_part_KEY"},
        {"fI_J_label", "string", false,
         "and fI_J_key, _hint, _type, _required, _min, _max, _max_members, _num, "
         "_den, _max_rows, _columns, fI_J_cK_key, _label, _type"}};
    r.Add({.method = "GET",
           .pattern = "/report-templates",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .template_name = "reports/templates",
           .summary = "report_designer.title",
           .tag = "reports",
           .handler = TemplatesPage,
           .query = page_query,
           .response = list});
    r.Add({.method = "GET",
           .pattern = "/api/v1/report-templates",
           .kind = Kind::kApi,
           .access = Access::kSignedIn,
           .summary = "Report templates the caller may read, newest first",
           .tag = "reports",
           .handler = TemplatesPage,
           .query = page_query,
           .response = list});
    r.Add({.method = "POST",
           .pattern = "/api/v1/report-templates",
           .kind = Kind::kApi,
           .access = Access::kSignedIn,
           .summary = "Create a report template (version 1)",
           .tag = "reports",
           .handler = CreateApi,
           .body = create_fields,
           .success_status = 201,
           .response = one});
    r.Add({.method = "GET",
           .pattern = "/api/v1/report-templates/{id}",
           .kind = Kind::kApi,
           .access = Access::kSignedIn,
           .summary = "A report template (a version of it) and its versions",
           .tag = "reports",
           .handler = TemplatePage,
           .query = version_query,
           .response = page});
    r.Add({.method = "PUT",
           .pattern = "/api/v1/report-templates/{id}",
           .kind = Kind::kApi,
           .access = Access::kSignedIn,
           .summary = "Save a report template's next version",
           .tag = "reports",
           .handler = ReviseApi,
           .body = revise_fields,
           .response = one});
    // Before /report-templates/{id}, which would match them.
    r.Add({.method = "GET",
           .pattern = "/report-templates/new",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .template_name = "reports/designer",
           .summary = "report_designer.new_title",
           .tag = "reports",
           .handler = NewDesigner,
           .response = AnyObject()});
    r.Add({.method = "POST",
           .pattern = "/report-templates/design",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .summary = "report_designer.new_title",
           .tag = "reports",
           .handler = DesignPost,
           .body = design_fields,
           .response = AnyObject(),
           .other_statuses = {201}});
    r.Add({.method = "GET",
           .pattern = "/report-templates/{id}",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .template_name = "reports/template",
           .summary = "report_designer.title",
           .tag = "reports",
           .handler = TemplatePage,
           .query = version_query,
           .response = page});
    r.Add({.method = "GET",
           .pattern = "/report-templates/{id}/edit",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .template_name = "reports/designer",
           .summary = "report_designer.title",
           .tag = "reports",
           .handler = EditDesigner,
           .response = AnyObject()});
    r.Add({.method = "POST",
           .pattern = "/report-templates/{id}/design",
           .kind = Kind::kHtml,
           .access = Access::kSignedIn,
           .summary = "report_designer.title",
           .tag = "reports",
           .handler = DesignPost,
           .body = design_fields,
           .response = AnyObject()});
}

}  // namespace dv::web
