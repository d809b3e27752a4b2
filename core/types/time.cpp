#include "core/types/time.hpp"

#include <cstdio>

namespace recguard {

std::string format_instant(Instant t) {
  char buf[48];
  const std::int64_t sign = t.us < 0 ? -1 : 1;
  const std::int64_t abs_us = t.us * sign;
  std::snprintf(buf, sizeof buf, "%s%lld.%06llds", sign < 0 ? "-" : "",
                static_cast<long long>(abs_us / 1000000), static_cast<long long>(abs_us % 1000000));
  return buf;
}

std::string format_duration(Duration d) {
  struct Unit { std::int64_t us; const char* name; };
  static constexpr Unit units[] = {{86400000000LL, "d"}, {3600000000LL, "h"}, {60000000LL, "m"},
                                   {1000000LL, "s"},     {1000LL, "ms"},       {1LL, "us"}};
  if (d.us == 0) return "0s";
  for (const auto& u : units) {
    if (d.us % u.us == 0) return std::to_string(d.us / u.us) + u.name;
  }
  return std::to_string(d.us) + "us";
}

}  // namespace recguard
