// result: names and HTTP statuses of error codes.
#include "core/result.h"

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

}  // namespace dv
