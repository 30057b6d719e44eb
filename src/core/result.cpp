// result: names and HTTP statuses of error codes.
#include "core/result.h"

#include "core/text.h"

namespace dv {

const char* ToString(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalid: return "invalid";
        case ErrorCode::kBadRequest: return "bad_request";
        case ErrorCode::kUnauthenticated: return "unauthenticated";
        case ErrorCode::kForbidden: return "forbidden";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kTooLarge: return "too_large";
        case ErrorCode::kUnsupported: return "unsupported";
        case ErrorCode::kThrottled: return "throttled";
        case ErrorCode::kInternal: return "internal";
        case ErrorCode::kUnavailable: return "unavailable";
    }
    return "internal";
}

int HttpStatus(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalid: return 422;
        case ErrorCode::kBadRequest: return 400;
        case ErrorCode::kUnauthenticated: return 401;
        case ErrorCode::kForbidden: return 403;
        case ErrorCode::kNotFound: return 404;
        case ErrorCode::kConflict: return 409;
        case ErrorCode::kTooLarge: return 413;
        case ErrorCode::kUnsupported: return 415;
        case ErrorCode::kThrottled: return 429;
        case ErrorCode::kInternal: return 500;
        case ErrorCode::kUnavailable: return 503;
    }
    return 500;
}

void CheckText(const std::string& value, const char* field, size_t max, bool required, std::vector<FieldError>& errors) {
    if (required && value.empty())
        errors.push_back({field, "required", "field.required"});
    else if (text::Utf8Length(value) > max)
        errors.push_back({field, "too_long", "field.too_long"});
}

}  // namespace dv
