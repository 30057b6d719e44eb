// tabular/dates: reading the day-first dates people type in Vietnamese spreadsheets.
#include <optional>
#include <string>
#include <string_view>

#include "core/text.h"
#include "core/time.h"
#include "tabular/table.h"

namespace dv::tabular {

namespace {

struct Number {
    int value = 0;
    size_t digits = 0;
};

// Takes the run of ASCII digits at the front of `s`; nullopt when there is none or it is longer than a year.
std::optional<Number> TakeNumber(std::string_view& s) {
    Number n;
    while (n.digits < s.size() && s[n.digits] >= '0' && s[n.digits] <= '9') {
        if (n.digits == 4) return std::nullopt;
        n.value = n.value * 10 + (s[n.digits] - '0');
        ++n.digits;
    }
    if (n.digits == 0) return std::nullopt;
    s.remove_prefix(n.digits);
    return n;
}

}  // namespace

std::optional<std::string> ParseDate(std::string_view text) {
    std::string_view s = text::Trim(text);
    auto a = TakeNumber(s);
    if (!a || s.empty()) return std::nullopt;
    const char sep = s.front();
    if (sep != '/' && sep != '-' && sep != '.') return std::nullopt;
    s.remove_prefix(1);
    auto b = TakeNumber(s);
    if (!b || s.empty() || s.front() != sep) return std::nullopt;
    s.remove_prefix(1);
    auto c = TakeNumber(s);
    if (!c || !s.empty()) return std::nullopt;

    time::Date d;
    if (a->digits == 4 && sep == '-' && b->digits <= 2 && c->digits <= 2) {
        d = {a->value, b->value, c->value};
    } else if (a->digits <= 2 && b->digits <= 2 && c->digits == 4) {
        d = {c->value, b->value, a->value};
    } else {
        return std::nullopt;  // two-digit years, three-digit parts, year-first with '/' or '.'
    }
    if (!time::IsValidDate(d.year, d.month, d.day)) return std::nullopt;
    return time::FormatIso(d);
}

}  // namespace dv::tabular
