#include "core/signing/http_date.hpp"

#include <array>
#include <cstdio>

namespace recguard::signing {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::array<const char*, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Civil {
  std::int64_t year;
  int month, day, hour, minute, second, weekday;  // weekday: 0 = Sunday
};

// Days since 1970-01-01 -> proleptic Gregorian date (valid for every int64 day
// the callers can produce; negative days are before 1970).
Civil civil_from_unix(std::int64_t t) {
  std::int64_t days = t / kSecondsPerDay;
  std::int64_t rem = t % kSecondsPerDay;
  if (rem < 0) {  // floor division: -1 s is 1969-12-31T23:59:59
    rem += kSecondsPerDay;
    --days;
  }
  // 1970-01-01 was a Thursday (4); the double modulo keeps negatives in range.
  const int weekday = static_cast<int>(((days % 7) + 7 + 4) % 7);
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{y + (m <= 2 ? 1 : 0), static_cast<int>(m), static_cast<int>(d), static_cast<int>(rem / 3600),
               static_cast<int>(rem % 3600 / 60), static_cast<int>(rem % 60), weekday};
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr std::array<unsigned, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

// Exactly `width` ASCII digits at s[pos].
std::optional<unsigned> digits(std::string_view s, std::size_t pos, std::size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  unsigned v = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return v;
}

std::optional<std::int64_t> to_unix(unsigned year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                                    unsigned second) {
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  return days_from_civil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 + second;
}

}  // namespace

std::string amz_date(std::int64_t unix_seconds) {
  const Civil c = civil_from_unix(unix_seconds);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld%02d%02dT%02d%02d%02dZ", static_cast<long long>(c.year), c.month, c.day,
                c.hour, c.minute, c.second);
  return buf;
}

std::string rfc1123_date(std::int64_t unix_seconds) {
  const Civil c = civil_from_unix(unix_seconds);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04lld %02d:%02d:%02d GMT", kWeekdays[c.weekday], c.day,
                kMonths[c.month - 1], static_cast<long long>(c.year), c.hour, c.minute, c.second);
  return buf;
}

std::string iso8601_date(std::int64_t unix_seconds) {
  const Civil c = civil_from_unix(unix_seconds);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.000Z", static_cast<long long>(c.year), c.month,
                c.day, c.hour, c.minute, c.second);
  return buf;
}

std::optional<std::int64_t> parse_amz_date(std::string_view s) {
  // YYYYMMDDTHHMMSSZ
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  const auto y = digits(s, 0, 4), mo = digits(s, 4, 2), d = digits(s, 6, 2);
  const auto h = digits(s, 9, 2), mi = digits(s, 11, 2), se = digits(s, 13, 2);
  if (!y || !mo || !d || !h || !mi || !se) return std::nullopt;
  return to_unix(*y, *mo, *d, *h, *mi, *se);
}

std::optional<std::int64_t> parse_rfc1123_date(std::string_view s) {
  // "Sun, 30 Aug 2015 12:36:00 GMT"
  if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
      s[22] != ':' || s.substr(25) != " GMT") {
    return std::nullopt;
  }
  unsigned month = 0;
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (s.substr(8, 3) == kMonths[i]) month = i + 1;
  }
  const auto d = digits(s, 5, 2), y = digits(s, 12, 4);
  const auto h = digits(s, 17, 2), mi = digits(s, 20, 2), se = digits(s, 23, 2);
  if (month == 0 || !d || !y || !h || !mi || !se) return std::nullopt;
  const auto t = to_unix(*y, month, *d, *h, *mi, *se);
  // The weekday is redundant; a wrong one means a forged or corrupt date.
  if (!t || s.substr(0, 3) != kWeekdays[civil_from_unix(*t).weekday]) return std::nullopt;
  return t;
}

}  // namespace recguard::signing
