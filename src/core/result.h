// Result<T> and Error: the one error channel at module boundaries (stores, services).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace dv {

// What went wrong, in terms a caller can act on. The HTTP layer maps each code to a status.
enum class ErrorCode {
    kInvalid,          // input failed validation; see field_errors            -> 422
    kBadRequest,       // request could not be read at all (malformed JSON...)  -> 400
    kUnauthenticated,  // no valid session                                       -> 401
    kForbidden,        // signed in, but no role allows this kind of action      -> 403
    kNotFound,         // does not exist, or is outside the caller's scope       -> 404
    kConflict,         // would break a uniqueness or state rule                 -> 409
    kTooLarge,         // body over the limit                                    -> 413
    kUnsupported,      // wrong media type                                       -> 415
    kThrottled,        // too many attempts                                      -> 429
    kInternal,         // a bug or an outage; the detail is logged, never shown  -> 500
    kUnavailable,      // shutting down or database unavailable                 -> 503
};

// One field's problem: `field` is the input name ("username"), `code` a stable machine
// key ("required", "too_short"), `message` an i18n key or already-translated text, and `params` the
// values its text names ("{line}", "{header}"): a message is rendered from them, never parsed back.
struct FieldError {
    std::string field;
    std::string code;
    std::string message;
    std::vector<std::pair<std::string, std::string>> params;
};

// A text field's common checks, appended to `errors`: required and empty ("required", field.required), or
// longer than `max` characters ("too_long", field.too_long).
void CheckText(const std::string& value, const char* field, size_t max, bool required, std::vector<FieldError>& errors);

// True when `errors` already names `field` (a service reports the first problem of each field).
inline bool HasFieldError(const std::vector<FieldError>& errors, std::string_view field) {
    for (const auto& e : errors)
        if (e.field == field) return true;
    return false;
}

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;  // i18n key or plain English for logs; never SQL or a stack trace
    std::vector<FieldError> field_errors;
    int64_t retry_after_s = 0;  // kThrottled: the seconds until a new attempt can pass (Retry-After)

    static Error Invalid(std::vector<FieldError> fields, std::string msg = "error.invalid") {
        return {ErrorCode::kInvalid, std::move(msg), std::move(fields)};
    }
    static Error InvalidField(std::string field, std::string code, std::string msg) {
        return {ErrorCode::kInvalid, "error.invalid", {{std::move(field), std::move(code), std::move(msg)}}};
    }
    static Error BadRequest(std::string msg) { return {ErrorCode::kBadRequest, std::move(msg), {}}; }
    static Error Unauthenticated(std::string msg = "error.unauthenticated") {
        return {ErrorCode::kUnauthenticated, std::move(msg), {}};
    }
    static Error Forbidden(std::string msg = "error.forbidden") { return {ErrorCode::kForbidden, std::move(msg), {}}; }
    static Error NotFound(std::string msg = "error.not_found") { return {ErrorCode::kNotFound, std::move(msg), {}}; }
    static Error Conflict(std::string msg, std::vector<FieldError> fields = {}) {
        return {ErrorCode::kConflict, std::move(msg), std::move(fields)};
    }
    static Error Throttled(int64_t retry_after_s, std::string msg = "error.throttled") {
        return {ErrorCode::kThrottled, std::move(msg), {}, retry_after_s};
    }
    static Error Internal(std::string msg) { return {ErrorCode::kInternal, std::move(msg), {}}; }

    bool IsNotFound() const { return code == ErrorCode::kNotFound; }
    bool IsInvalid() const { return code == ErrorCode::kInvalid; }
    bool IsConflict() const { return code == ErrorCode::kConflict; }
    bool IsForbidden() const { return code == ErrorCode::kForbidden; }
};

const char* ToString(ErrorCode code);
int HttpStatus(ErrorCode code);

// Either a value or an Error. Cheap to move; `value()` on an error is a programmer bug
// and aborts (checked), as is `error()` on a value.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    // By value, so `for (auto& x : F().value())` does not dangle.
    T value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(v_); }
    Error&& take_error() { return std::get<1>(std::move(v_)); }

private:
    std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : e_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
    bool ok() const { return !e_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *e_; }
    Error&& take_error() { return std::move(*e_); }

private:
    std::optional<Error> e_;
};

using Status = Result<void>;

}  // namespace dv

// Propagate an error from an expression returning Result<...>.
#define DV_TRY(expr)                                           \
    do {                                                       \
        auto dv_try_r_ = (expr);                               \
        if (!dv_try_r_.ok()) return dv_try_r_.take_error();    \
    } while (0)

#define DV_CONCAT_INNER_(a, b) a##b
#define DV_CONCAT_(a, b) DV_CONCAT_INNER_(a, b)
// Declare `lhs` from the value of a Result, or return its error.
#define DV_ASSIGN_OR_RETURN(lhs, expr) DV_ASSIGN_OR_RETURN_IMPL_(DV_CONCAT_(dv_r_, __LINE__), lhs, expr)
#define DV_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
    auto tmp = (expr);                            \
    if (!tmp.ok()) return tmp.take_error();       \
    lhs = std::move(tmp).value()
