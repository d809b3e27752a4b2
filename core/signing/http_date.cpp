#include "core/signing/http_date.hpp"

#include <cstdio>

namespace recguard::signing {

namespace {

struct Civil {
  int year, month, day, hour, minute, second, weekday;
};

// Howard Hinnant's days-to-civil algorithm.
Civil civil_from_unix(std::int64_t t) {
  std::int64_t days = t / 86400;
  std::int64_t rem = t % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const int weekday = static_cast<int>((days % 7 + 11) % 7);  // 1970-01-01 was a Thursday (4)
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d), static_cast<int>(rem / 3600),
               static_cast<int>(rem % 3600 / 60), static_cast<int>(rem % 60), weekday};
}

}  // namespace

std::string amz_date(std::int64_t unix_seconds) {
  const Civil c = civil_from_unix(unix_seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", c.year, c.month, c.day, c.hour, c.minute, c.second);
  return buf;
}

std::string rfc1123_date(std::int64_t unix_seconds) {
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Civil c = civil_from_unix(unix_seconds);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[c.weekday], c.day, months[c.month - 1],
                c.year, c.hour, c.minute, c.second);
  return buf;
}

}  // namespace recguard::signing
