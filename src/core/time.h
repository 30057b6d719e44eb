// time: the clock (injectable for tests) and dates the Vietnamese way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace dv::time {

// Milliseconds since the Unix epoch, UTC. Timestamps are stored this way on both engines.
using Millis = int64_t;

// The source of "now". Thread-safe. Tests pass a FixedClock; everything else uses SystemClock().
class Clock {
public:
    virtual ~Clock() = default;
    virtual Millis Now() const = 0;
};
const Clock& SystemClock();

class FixedClock : public Clock {
public:
    explicit FixedClock(Millis now) : now_(now) {}
    Millis Now() const override { return now_; }
    void Set(Millis now) { now_ = now; }

private:
    Millis now_;
};

struct Date {
    int year = 1970, month = 1, day = 1;
    friend bool operator==(const Date&, const Date&) = default;
    friend auto operator<=>(const Date&, const Date&) = default;
};

// Days since 1970-01-01 and back (proleptic Gregorian).
int64_t DaysFromCivil(Date d);
Date CivilFromDays(int64_t days);
bool IsValidDate(int y, int m, int d);

// "2019-05-22" -> Date, or nullopt when malformed or impossible (2019-02-30).
std::optional<Date> ParseIsoDate(std::string_view s);
// A real day written 'YYYY-MM-DD' (what services take, after the web layer read the forms people type).
inline bool IsIsoDate(std::string_view s) { return ParseIsoDate(s).has_value(); }
// A valid 'YYYY-MM-DD' moved by `days` (negative: back): ("2025-12-31", 1) -> "2026-01-01".
std::string AddDaysIso(std::string_view iso, int64_t days);

// The range of every date typed into the platform (forms, the API, imports): from 1900-01-01 (birth dates
// of the oldest members; the Party's own records start in 1930) to ten years after `today` (a document's
// expiry, a distribution's deadline). Fields with a tighter rule (not after today) check it as well.
// "9999-12-31" is a typing slip, never a date to store. `iso` must already be a valid 'YYYY-MM-DD'.
inline constexpr std::string_view kEarliestDate = "1900-01-01";
inline constexpr int kLatestYearsAhead = 10;
bool InDateRange(std::string_view iso, std::string_view today);

// A dated event's day as typed into `field`: empty means `today`; anything that is not a real
// 'YYYY-MM-DD', or is after `today`, adds an error for the field and gives nothing.
std::optional<std::string> PastOrToday(std::string_view in, const std::string& today, const char* field,
                                       std::vector<FieldError>& errors);
std::string FormatIso(Date d);                // "2019-05-22"
std::string FormatShortVi(Date d);            // "22/5/2019"
std::string FormatLongVi(Date d);             // "ngày 22 tháng 5 năm 2019"
std::string FormatLongEn(Date d);             // "22 May 2019"
// "2019-05-22" -> "22/5/2019"; text that is not an ISO date comes back unchanged.
std::string FormatShortViIso(std::string_view iso);

// The local calendar date and time of a timestamp, for a fixed UTC offset (Vietnam: +420 minutes,
// no daylight saving).
Date LocalDate(Millis t, int utc_offset_minutes);
std::string FormatDateTimeVi(Millis t, int utc_offset_minutes);  // "27/11/2026 14:05"
std::string FormatIsoUtc(Millis t);                              // "2026-11-27T07:05:00.000Z"
// Start of a local calendar day as a UTC timestamp.
Millis StartOfLocalDay(Date d, int utc_offset_minutes);

}  // namespace dv::time
