// Input: typed reads of a request body (JSON object or HTML form, urlencoded or multipart), collecting
// field errors so a handler reports every bad field at once ("which field, why"), and the files a
// multipart form uploaded.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "core/result.h"

namespace dv::web {

// A file from a multipart/form-data body: the part of a form's <input type="file">.
struct UploadedFile {
    std::string name;          // the form field
    std::string filename;      // as the browser sent it, without directories; "" when no file was chosen
    std::string content_type;  // as the browser sent it: a hint, never trusted
    std::string bytes;
};

class Input {
public:
    Input() = default;
    // `fields`: the JSON object, or the form's text fields (as strings). `files`: a multipart form's file
    // parts (JSON and urlencoded bodies carry none).
    Input(boost::json::object fields, bool from_form, std::vector<UploadedFile> files = {})
        : fields_(std::move(fields)), from_form_(from_form), files_(std::move(files)) {}

    // A one-line string field, trimmed. Missing/empty and required: error "required". Longer than `max`
    // code points: "too_long"; shorter than `min`: "too_short". Wrong JSON type: "not_string". Any
    // control character (text::HasControlChar: C0, DEL, C1; TAB, CR and LF too): "control_char".
    std::string Str(std::string_view name, bool required = true, size_t min = 0, size_t max = 200);
    // Like Str for multi-line text (a <textarea>): TAB, CR and LF are allowed, other control characters not.
    std::string Text(std::string_view name, bool required = true, size_t min = 0, size_t max = 200);
    // Like Text but not trimmed (passwords, a document's body kept as typed).
    std::string Secret(std::string_view name, bool required = true, size_t min = 0, size_t max = 200);
    // A whole number: a JSON integer, or in a form the exact text text::ParseInt reads (no spaces, no '+',
    // nothing after the digits); anything else "not_integer".
    std::optional<int64_t> Int(std::string_view name, bool required = true);
    std::optional<bool> Bool(std::string_view name, bool required = true);
    // A list of record ids: in JSON the array `name` of integers; in a form the checked boxes named
    // `form_prefix` + id ("unit_12" = "1"). Errors on `name`: not_array, not_integer.
    std::vector<int64_t> Ids(std::string_view name, std::string_view form_prefix);
    // A calendar date as people type it, read by the importer's parser (tabular::ParseDate): dd/mm/yyyy,
    // d/m/yyyy, d-m-yyyy, d.m.yyyy, or ISO yyyy-mm-dd (what the JSON API and links send). Returns ISO
    // 'YYYY-MM-DD', "" when absent. Errors have the code "invalid_date" (as the services' own date
    // checks) and say why: field.not_a_date (not that shape, two-digit year) or field.impossible_date
    // (31/02/2020, or 12/25/2020: month-first is read day-first and has no month 25).
    std::string Date(std::string_view name, bool required = false);
    // Like Date, for a form whose service checks its dates with every other field (so all bad fields
    // are named at once): an unreadable date is returned as typed, for the service to refuse, and its
    // reason is kept in date_reasons(); App puts that reason on the service's error for the field.
    std::string DateForService(std::string_view name);
    const std::vector<FieldError>& date_reasons() const { return date_reasons_; }

    bool Has(std::string_view name) const { return fields_.contains(name); }
    const boost::json::object& fields() const { return fields_; }
    bool from_form() const { return from_form_; }
    // The first file sent under `name`, or nullptr. Owned by the Input.
    const UploadedFile* File(std::string_view name) const;

    void AddError(std::string field, std::string code, std::string message);
    bool ok() const { return errors_.empty(); }
    // kInvalid with every collected field error, or success.
    Status Finish() const;

private:
    std::string ReadString(std::string_view name, bool required, size_t min, size_t max, bool trim, bool lines);
    boost::json::object fields_;
    bool from_form_ = false;
    std::vector<UploadedFile> files_;
    std::vector<FieldError> errors_;
    std::vector<FieldError> date_reasons_;
};

// The one check on a redirect target taken from a request (?next=, a form's next): a same-site path —
// starting with exactly one '/' (not "//" or "/\"), without a backslash or a control character (TAB,
// CR, LF included), so no browser reads it as another host — comes back unchanged; anything else gives "/".
std::string SameSitePath(std::string_view next);

// How a form field shows a stored date: ISO 'YYYY-MM-DD' as "dd/mm/yyyy"; anything else (empty, or what
// the user typed, shown again with its error) unchanged.
std::string FormDate(std::string_view value);
// FormDate over the named string fields of a form's values.
void FormDates(boost::json::object& values, std::initializer_list<std::string_view> names);

}  // namespace dv::web
