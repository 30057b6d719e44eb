// english_for_tests: the command line's wording (the en catalogue) of an import reason or a header
// problem, which the importer's unit tests compare. Test-only.
#pragma once

#include <string>

#include "importer/message.h"
#include "web/i18n.h"

namespace dv::importer {

inline const web::I18n& TestCatalogue() {
    static const web::I18n kI18n;
    return kI18n;
}
inline std::string En(const Message& m) { return Render(TestCatalogue(), "en", m); }
inline std::string En(const FieldError& f) { return Render(TestCatalogue(), "en", f); }

}  // namespace dv::importer
