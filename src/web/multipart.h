// multipart: reading multipart/form-data request bodies (RFC 7578, with the framing of RFC 2046) into
// named parts, so an HTML form can upload files. Pure functions over bytes: no state, safe on any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace dv::web::multipart {

// One part of a body. `data` points into the body given to Parse, which must outlive the part.
struct Part {
    std::string name;  // the Content-Disposition name (never empty)
    // Present for a file part: the base name the browser sent, any directories stripped; "" when the
    // form's file input was left empty (browsers still send the part).
    std::optional<std::string> filename;
    std::string content_type;  // as sent ("" when absent); a hint, never trusted
    std::string_view data;
};

// What a body may hold beyond the transport's own size limit, which bounds files.
struct Limits {
    size_t max_parts = 64;
    size_t max_header_bytes = 4096;      // the header block of one part
    size_t max_field_bytes = 64 * 1024;  // one text (non-file) part
};

// The boundary of a Content-Type such as `multipart/form-data; boundary="a b"` (quoted or not; parameter
// names ignore case). kBadRequest, message "error.bad_multipart", one FieldError on "Content-Type" with
// code no_boundary when it is missing, bad_boundary when the header cannot be read or the boundary is not
// one RFC 2046 allows (1 to 70 characters of its alphabet, not ending in a space).
Result<std::string> Boundary(std::string_view content_type);

// The parts of `body`, in order. CRLF line ends only (as browsers, curl and fetch send them); the CRLF
// before each delimiter belongs to the delimiter, not to the part. A preamble before the first delimiter
// and an epilogue after the closing one are ignored. Every part needs a Content-Disposition of type
// form-data with a name; other part headers are ignored. Duplicate names are kept, in order.
//
// Errors are kBadRequest, message "error.bad_multipart", with one FieldError {"body", code, English
// sentence}; codes: no_first_boundary, bad_delimiter, no_closing_boundary, bad_header, header_too_large,
// no_disposition, not_form_data, no_name, too_many_parts, field_too_large.
Result<std::vector<Part>> Parse(std::string_view body, std::string_view boundary, const Limits& limits = {});

}  // namespace dv::web::multipart
