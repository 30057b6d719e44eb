// time: civil-date arithmetic (Howard Hinnant's algorithms) and Vietnamese formatting.
#include "core/time.h"

#include <chrono>
#include <cstdio>

namespace dv::time {

namespace {
class SystemClockImpl : public Clock {
public:
    Millis Now() const override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
};

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

const Clock& SystemClock() {
    static const SystemClockImpl kClock;
    return kClock;
}

int64_t DaysFromCivil(Date d) {
    int64_t y = d.year - (d.month <= 2);
    int64_t era = FloorDiv(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date CivilFromDays(int64_t z) {
    z += 719468;
    int64_t era = FloorDiv(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return Date{static_cast<int>(y + (m <= 2)), m, d};
}

bool IsValidDate(int y, int m, int d) {
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
    return d <= max;
}

std::optional<Date> ParseIsoDate(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto num = [&](size_t pos, size_t len, int& out) {
        out = 0;
        for (size_t i = pos; i < pos + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            out = out * 10 + (s[i] - '0');
        }
        return true;
    };
    Date d;
    if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day)) return std::nullopt;
    if (!IsValidDate(d.year, d.month, d.day)) return std::nullopt;
    return d;
}

std::string AddDaysIso(std::string_view iso, int64_t days) {
    return FormatIso(CivilFromDays(DaysFromCivil(*ParseIsoDate(iso)) + days));
}

std::string FormatIso(Date d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::string FormatShortVi(Date d) {
    return std::to_string(d.day) + "/" + std::to_string(d.month) + "/" + std::to_string(d.year);
}

std::string FormatShortViIso(std::string_view iso) {
    auto d = ParseIsoDate(iso);
    return d ? FormatShortVi(*d) : std::string(iso);
}

std::string FormatLongVi(Date d) {
    return "ngày " + std::to_string(d.day) + " tháng " + std::to_string(d.month) + " năm " + std::to_string(d.year);
}

std::string FormatLongEn(Date d) {
    static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                    "July",    "August",   "September", "October", "November", "December"};
    return std::to_string(d.day) + " " + kMonths[d.month - 1] + " " + std::to_string(d.year);
}

Date LocalDate(Millis t, int utc_offset_minutes) {
    Millis local = t + int64_t{utc_offset_minutes} * 60000;
    return CivilFromDays(FloorDiv(local, 86400000));
}

std::string FormatDateTimeVi(Millis t, int utc_offset_minutes) {
    Millis local = t + int64_t{utc_offset_minutes} * 60000;
    int64_t days = FloorDiv(local, 86400000);
    int64_t ms_of_day = local - days * 86400000;
    Date d = CivilFromDays(days);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%d/%d/%d %02d:%02d", d.day, d.month, d.year, static_cast<int>(ms_of_day / 3600000),
                  static_cast<int>(ms_of_day / 60000 % 60));
    return buf;
}

std::string FormatIsoUtc(Millis t) {
    int64_t days = FloorDiv(t, 86400000);
    int64_t ms = t - days * 86400000;
    Date d = CivilFromDays(days);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year, d.month, d.day,
                  static_cast<int>(ms / 3600000), static_cast<int>(ms / 60000 % 60), static_cast<int>(ms / 1000 % 60),
                  static_cast<int>(ms % 1000));
    return buf;
}

Millis StartOfLocalDay(Date d, int utc_offset_minutes) {
    return DaysFromCivil(d) * 86400000 - int64_t{utc_offset_minutes} * 60000;
}

bool InDateRange(std::string_view iso, std::string_view today) {
    if (iso < kEarliestDate) return false;
    auto t = ParseIsoDate(today);
    if (!t) return true;
    // Compared as text: a 29 February ten years on ("2036-02-29") still orders correctly.
    char latest[16];
    std::snprintf(latest, sizeof latest, "%04d-%02d-%02d", t->year + kLatestYearsAhead, t->month, t->day);
    return iso <= std::string_view(latest);
}

std::optional<std::string> PastOrToday(std::string_view in, const std::string& today, const char* field,
                                       std::vector<FieldError>& errors) {
    size_t b = in.find_first_not_of(" \t\r\n"), e = in.find_last_not_of(" \t\r\n");
    std::string d = b == std::string_view::npos ? today : std::string(in.substr(b, e - b + 1));
    if (!ParseIsoDate(d)) {
        errors.push_back({field, "invalid_date", "field.invalid_date"});
        return std::nullopt;
    }
    if (d > today) {
        errors.push_back({field, "in_future", "field.date_in_future"});
        return std::nullopt;
    }
    if (!InDateRange(d, today)) {
        errors.push_back({field, "out_of_range", "field.date_out_of_range"});
        return std::nullopt;
    }
    return d;
}

}  // namespace dv::time
