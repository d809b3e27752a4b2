#include "live/config/config_units.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

namespace recguard::live {

namespace {

// "30s" -> 30 and "s"; false when there is no whole number first.
bool split(std::string_view text, std::int64_t& number, std::string_view& unit) {
  std::size_t i = 0;
  number = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (number > (std::numeric_limits<std::int64_t>::max() - 9) / 10) return false;
    number = number * 10 + (text[i] - '0');
    ++i;
  }
  unit = text.substr(i);
  return i > 0;
}

template <std::size_t N>
Result<std::int64_t> scale(std::int64_t number, std::string_view unit,
                           const std::pair<std::string_view, std::int64_t> (&units)[N], const std::string& expected) {
  for (const auto& [name, factor] : units) {
    if (unit != name) continue;
    if (number > std::numeric_limits<std::int64_t>::max() / factor) return Error{expected + " that fits in 64 bits"};
    return number * factor;
  }
  return Error{expected};
}

}  // namespace

Result<Duration> parse_config_duration(std::string_view text) {
  static const std::string expected = "a duration like \"250ms\", \"30s\", \"10m\", \"2h\" or \"1d\"";
  static const std::pair<std::string_view, std::int64_t> units[] = {
      {"us", 1}, {"ms", 1000}, {"s", 1000000}, {"m", 60000000}, {"h", 3600000000}, {"d", 86400000000}};
  std::int64_t n = 0;
  std::string_view unit;
  if (!split(text, n, unit)) return Error{expected};
  auto us = scale(n, unit, units, expected);
  if (!us) return us.error();
  return Duration{*us};
}

Result<std::int64_t> parse_config_size(std::string_view text) {
  static const std::string expected = "a size in bytes, or like \"512KiB\", \"64MiB\" or \"1GiB\"";
  static const std::pair<std::string_view, std::int64_t> units[] = {
      {"", 1}, {"B", 1}, {"KB", 1000}, {"MB", 1000000}, {"GB", 1000000000},
      {"KiB", 1024}, {"MiB", 1048576}, {"GiB", 1073741824}};
  std::int64_t n = 0;
  std::string_view unit;
  if (!split(text, n, unit)) return Error{expected};
  return scale(n, unit, units, expected);
}

}  // namespace recguard::live
