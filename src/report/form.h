// report form: a template's form as data — sections of fields (whole numbers, percentages computed from
// two of them, yes/no, free text, tables with repeated rows) and the rules a report must keep (required,
// bounds, "not above the unit's member count on the period's last day", a sum between fields) — and the
// pure functions over it: reading and checking a form definition, reading a report's values, the rules a
// submission must pass, and the numbers the roll-up sums. No database, no HTTP.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "core/result.h"

namespace dv::report {

enum class FieldType { kInt, kPercent, kBool, kText, kTable };
const char* ToString(FieldType t);
std::optional<FieldType> ParseFieldType(const std::string& s);

// A column of a table field: whole numbers (summed up the tree) or text.
struct Column {
    std::string key, label;
    FieldType type = FieldType::kText;  // kInt | kText
};

struct Field {
    std::string key;  // [a-z][a-z0-9_]*, at most 40; unique in the form; names the field's numbers for ever
    std::string label;
    std::string hint;
    FieldType type = FieldType::kInt;
    bool required = false;
    std::optional<int64_t> min, max;  // kInt
    bool max_members = false;         // kInt: not above the unit's members on the period's last day
    std::string num, den;             // kPercent: keys of two kInt fields; shown as num / den, never stored
    std::vector<Column> columns;      // kTable
    int max_rows = 50;                // kTable
};

struct Section {
    std::string title;
    std::vector<Field> fields;
};

// total = the sum of parts (keys of kInt fields), checked when every one of them is filled.
struct SumRule {
    std::string total;
    std::vector<std::string> parts;
};

struct Form {
    std::vector<Section> sections;
    std::vector<SumRule> sums;
    const Field* Find(const std::string& key) const;
};

constexpr size_t kMaxSections = 30;
constexpr size_t kMaxFields = 200;
constexpr size_t kMaxColumns = 12;
constexpr size_t kMaxTextLength = 8000;

// Reads a form definition, checking it whole: every error at once, each named by its place
// ("sections[0].fields[2].label", "sums[0].parts"), codes required, too_long, invalid_key, duplicate_key,
// invalid_choice, not_integer_field (a percentage's or sum's key that is not a whole-number field), bounds
// (min above max), too_many. Labels and titles are trimmed.
Result<Form> ParseForm(const boost::json::value& v);
boost::json::object ToJson(const Form& f);
// A key for a new field from its label: ASCII letters of the Vietnamese words folded ("Số đảng viên" ->
// "so_dang_vien"), cut to 40, made distinct from `taken` by a number; "field" when nothing is left.
std::string KeyFromLabel(const std::string& label, const std::vector<std::string>& taken);

// A report's values: an object of field key -> whole number, true/false, text, or (tables) an array of
// row objects (column key -> number or text). Percentages are never stored.
using Values = boost::json::object;

// Reads values as sent (JSON numbers or the text a form sends: "12", "" for none; "1"/"true" for yes),
// keeping only the form's fields. Only what cannot be read is an error (not_integer, not_boolean,
// too_long, too_many_rows, control_char), named "values.<key>" or "values.<key>[row].<column>": a value
// that breaks a rule is kept, for the draft, and named by Check.
Result<Values> ReadValues(const Form& form, const boost::json::object& raw);

// What stands between a report and its submission: required fields empty, numbers out of bounds, above
// the members (`members`, when the form has such a rule), sums that do not add up. Field names as
// ReadValues'; codes required, below_min, above_max, above_members, sum_mismatch, with params.
std::vector<FieldError> Check(const Form& form, const Values& values, std::optional<int64_t> members);
bool NeedsMembers(const Form& form);

// The numbers the roll-up sums: every filled whole-number field, and each table's number columns summed
// over its rows under "table.column". Yes/no fields count 1 for yes under their key.
std::map<std::string, int64_t> Numbers(const Form& form, const Values& values);
// The keys Numbers may give, in form order (for tables, exports, the roll-up's names).
std::vector<std::string> NumberKeys(const Form& form);

// A percentage of two sums, with one decimal ("37,5 %" in Vietnamese; "—" when the whole is 0).
std::string Percent(int64_t part, int64_t whole);

}  // namespace dv::report
