// importer message: the table of reason codes (name, catalogue key, parameters) and their rendering.
#include "importer/message.h"

#include "core/text.h"

#include <array>

#include "web/i18n.h"

namespace dv::importer {

namespace {

// Indexed by Code, in its order (checked by importer_test's catalogue test).
const std::array kCodes = {
    CodeInfo{Code::kRequired, "required", "import.reasons.required", {}},
    CodeInfo{Code::kTooLong, "too_long", "import.reasons.too_long", {}},
    CodeInfo{Code::kControlChar, "control_char", "import.reasons.control_char", {}},
    CodeInfo{Code::kNotADate, "not_a_date", "import.reasons.not_a_date", {}},
    CodeInfo{Code::kFourDigitYear, "four_digit_year", "import.reasons.four_digit_year", {}},
    CodeInfo{Code::kImpossibleDate, "impossible_date", "import.reasons.impossible_date", {}},
    CodeInfo{Code::kFutureDate, "future_date", "import.reasons.future_date", {}},
    CodeInfo{Code::kDateOutOfRange, "date_out_of_range", "import.reasons.date_out_of_range", {}},
    CodeInfo{Code::kAdmittedBeforeBirth, "admitted_before_birth", "import.reasons.admitted_before_birth", {}},
    CodeInfo{Code::kOfficialBeforeAdmission, "official_before_admission", "import.reasons.official_before_admission",
             {}},
    CodeInfo{Code::kOfficialSameDay, "official_same_day", "import.reasons.official_same_day", {}},
    CodeInfo{Code::kGender, "gender", "import.reasons.gender", {}},
    CodeInfo{Code::kCardFormat, "card_format", "import.reasons.card_format", {}},
    CodeInfo{Code::kNameChars, "name_chars", "import.reasons.name_chars", {}},
    CodeInfo{Code::kTooYoung, "too_young", "import.reasons.too_young", {}},
    CodeInfo{Code::kCitizenIdFormat, "citizen_id_format", "import.reasons.citizen_id_format", {}},
    CodeInfo{Code::kPhoneFormat, "phone_format", "import.reasons.phone_format", {}},
    CodeInfo{Code::kLostZero, "lost_zero", "import.reasons.lost_zero", {}},
    CodeInfo{Code::kUnknownCell, "unknown_cell", "import.reasons.unknown_cell", {}},
    CodeInfo{Code::kNotACell, "not_a_cell", "import.reasons.not_a_cell", {}},
    CodeInfo{Code::kCellEnded, "cell_ended", "import.reasons.cell_ended", {}},
    CodeInfo{Code::kOutsideOrg, "outside_org", "import.reasons.outside_org", {"org"}},
    CodeInfo{Code::kDefaultOrg, "default_org", "import.reasons.default_org", {"org", "cause"}},
    CodeInfo{Code::kCardRepeatsLine, "card_repeats_line", "import.reasons.card_repeats_line", {"line"}},
    CodeInfo{Code::kCardTaken, "card_taken", "import.reasons.card_taken", {}},
    CodeInfo{Code::kNameRepeatsLine, "name_repeats_line", "import.reasons.name_repeats_line", {"line"}},
    CodeInfo{Code::kPersonTaken, "person_taken", "import.reasons.person_taken", {}},
    CodeInfo{Code::kOtherRule, "other_rule", "import.reasons.other_rule", {"rule"}},
    CodeInfo{Code::kEmptyFile, "empty", "import.file_error.empty", {}},
    CodeInfo{Code::kUnknownColumn, "unknown_column", "import.header.unknown", {"header"}},
    CodeInfo{Code::kDuplicateColumn, "duplicate_column", "import.header.duplicate", {"first", "second", "field"}},
    CodeInfo{Code::kMissingColumn, "missing_column", "import.header.missing", {"header", "field"}},
    CodeInfo{Code::kUnnamedColumn, "unnamed_column", "import.header.unnamed", {"column"}},
    CodeInfo{Code::kExtraValues, "extra_values", "import.header.extra_values", {"line"}},
    CodeInfo{Code::kCodeRepeatsLine, "code_repeats_line", "import_orgs.reasons.code_repeats_line", {"line"}},
    CodeInfo{Code::kCodeInDatabase, "code_in_database", "import_orgs.reasons.code_in_database", {}},
    CodeInfo{Code::kUnknownType, "unknown_type", "import_orgs.reasons.unknown_type", {}},
    CodeInfo{Code::kUnknownParent, "unknown_parent", "import_orgs.reasons.unknown_parent", {}},
    CodeInfo{Code::kParentEnded, "parent_ended", "import_orgs.reasons.parent_ended", {}},
    CodeInfo{Code::kOwnParent, "own_parent", "import_orgs.reasons.own_parent", {}},
    CodeInfo{Code::kCycle, "cycle", "import_orgs.reasons.cycle", {"chain"}},
    CodeInfo{Code::kParentRequired, "parent_required", "import_orgs.reasons.parent_required", {}},
    CodeInfo{Code::kSecondTop, "second_top", "import_orgs.reasons.second_top", {"line"}},
    CodeInfo{Code::kLevel, "level", "import_orgs.reasons.level", {"type", "parent_type"}},
    CodeInfo{Code::kUsernameRepeatsLine, "username_repeats_line", "import_users.reasons.name_repeats_line", {"line"}},
    CodeInfo{Code::kUsernameTaken, "username_taken", "import_users.reasons.name_taken", {}},
    CodeInfo{Code::kUsernameShort, "username_short", "import_users.reasons.name_short", {}},
    CodeInfo{Code::kUsernameChars, "username_chars", "import_users.reasons.name_chars", {}},
    CodeInfo{Code::kUnknownRole, "unknown_role", "import_users.reasons.unknown_role", {}},
    CodeInfo{Code::kUnknownOrg, "unknown_org", "import_users.reasons.unknown_org", {}},
    CodeInfo{Code::kOrgEnded, "org_ended", "import_users.reasons.org_ended", {}},
    CodeInfo{Code::kNoMember, "no_member", "import_users.reasons.no_member", {}},
    CodeInfo{Code::kMemberLinked, "member_linked", "import_users.reasons.member_linked", {}},
};

}  // namespace

const CodeInfo& Describe(Code code) { return kCodes[static_cast<size_t>(code)]; }

std::span<const CodeInfo> AllCodes() { return kCodes; }

std::string Render(const web::I18n& i18n, std::string_view lang, const Message& m) {
    auto params = m.params;
    if (m.cause) params.emplace_back("cause", i18n.Get(lang, Describe(*m.cause).key));
    return text::Fill(i18n.Get(lang, Describe(m.code).key), params);
}

FieldError HeaderProblem(Message m, std::string field) {
    const CodeInfo& info = Describe(m.code);
    return {std::move(field), info.name, info.key, std::move(m.params)};
}

std::string Render(const web::I18n& i18n, std::string_view lang, const FieldError& f) {
    return text::Fill(i18n.Get(lang, f.message), f.params);
}

}  // namespace dv::importer
