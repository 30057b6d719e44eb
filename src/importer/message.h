// importer message: why an import refused a cell, a header or a file, as a code with parameters. The importer
// never words a reason itself: each face (the command line, the reject CSV, the upload pages, the API) renders
// the code from the i18n catalogue (i18n/vi.json, i18n/en.json) in its own language, so nothing is parsed back.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace dv::web {
class I18n;
}

namespace dv::importer {

// Every reason an import gives. The catalogue key, the stable name (the API's "code") and the parameters each
// text names are in the table of message.cpp (Describe).
enum class Code {
    // A member row (and the cells the organization and account imports share with it).
    kRequired,
    kTooLong,
    kControlChar,
    kNotADate,
    kFourDigitYear,
    kImpossibleDate,
    kFutureDate,
    kDateOutOfRange,
    kAdmittedBeforeBirth,
    kOfficialBeforeAdmission,
    kOfficialSameDay,
    kGender,
    kCardFormat,
    kNameChars,
    kTooYoung,
    kCitizenIdFormat,
    kPhoneFormat,
    kLostZero,
    kUnknownCell,
    kNotACell,
    kCellEnded,
    kOutsideOrg,       // {org}
    kDefaultOrg,       // {org}, {cause}: why that organization cannot take members
    kCardRepeatsLine,  // {line}
    kCardTaken,
    kNameRepeatsLine,  // {line}
    kPersonTaken,
    kOtherRule,  // {rule}: a service's rule the import's own checks do not name (a bug to report)
    // The header row or the file as a whole.
    kEmptyFile,
    kUnknownColumn,    // {header}
    kDuplicateColumn,  // {first}, {second}, {field}
    kMissingColumn,    // {header}, {field}
    kUnnamedColumn,    // {column}
    kExtraValues,      // {line}
    // An organization row.
    kCodeRepeatsLine,  // {line}
    kCodeInDatabase,
    kUnknownType,
    kUnknownParent,
    kParentEnded,
    kOwnParent,
    kCycle,  // {chain}
    kParentRequired,
    kSecondTop,  // {line}
    kLevel,      // {type}, {parent_type}
    // An account row.
    kUsernameRepeatsLine,  // {line}
    kUsernameTaken,
    kUsernameShort,
    kUsernameChars,
    kUnknownRole,
    kUnknownOrg,
    kOrgEnded,
    kNoMember,
    kMemberLinked,
};

struct CodeInfo {
    Code code;
    const char* name;                // stable machine name: "card_repeats_line"
    const char* key;                 // catalogue key of the text: "import.reasons.card_repeats_line"
    std::vector<const char*> params;  // the "{name}"s its text may hold
};
const CodeInfo& Describe(Code code);
std::span<const CodeInfo> AllCodes();

// One reason: its code, the values of its parameters, and for kDefaultOrg the reason of its own (`cause`).
struct Message {
    Code code = Code::kRequired;
    std::vector<std::pair<std::string, std::string>> params;
    std::optional<Code> cause;

    Message() = default;
    Message(Code c) : code(c) {}  // NOLINT(google-explicit-constructor): most reasons have no parameter
    Message(Code c, std::vector<std::pair<std::string, std::string>> p) : code(c), params(std::move(p)) {}
};

// The text of `m` in `lang` ("vi", "en"): the code's catalogue text with each "{name}" replaced.
std::string Render(const web::I18n& i18n, std::string_view lang, const Message& m);

// A problem with the header row or the file, as MapHeaders returns it inside kInvalid: field `field` ("header",
// "file"), code the stable name, message the catalogue key, params the values.
FieldError HeaderProblem(Message m, std::string field = "header");
// The text of such a FieldError in `lang` (the catalogue text at its message, its params filled in).
std::string Render(const web::I18n& i18n, std::string_view lang, const FieldError& f);

}  // namespace dv::importer
