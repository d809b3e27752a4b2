#include "core/types/units.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

namespace recguard {

namespace {

// Splits "12.5ms" into 12.5 and "ms"; false if the number part is malformed.
bool split_number(std::string_view text, double& number, std::string& unit) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  const std::size_t digits_from = i;
  bool dot = false;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || (text[i] == '.' && !dot))) {
    dot |= text[i] == '.';
    ++i;
  }
  if (i == digits_from || (i == digits_from + 1 && dot)) return false;
  const std::string num(text.substr(0, i));
  char* end = nullptr;
  number = std::strtod(num.c_str(), &end);
  if (end != num.c_str() + num.size()) return false;
  unit = std::string(text.substr(i));
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  return true;
}

}  // namespace

Result<Duration> parse_duration(std::string_view text, bool allow_negative) {
  double n = 0;
  std::string unit;
  if (!split_number(text, n, unit)) return Error{"a duration like \"250ms\", \"15s\", \"10m\", \"2h\" or \"1d\""};
  static const std::pair<const char*, double> units[] = {{"us", 1},       {"ms", 1e3},     {"s", 1e6},
                                                         {"m", 60e6},     {"h", 3600e6},   {"d", 86400e6}};
  for (const auto& [name, scale] : units) {
    if (unit != name) continue;
    const double us = n * scale;
    if (!std::isfinite(us) || std::fabs(us) > 9.0e18) return Error{"a duration that fits in 290,000 years"};
    if (us < 0 && !allow_negative) return Error{"a non-negative duration"};
    if (std::fabs(us - std::round(us)) > 1e-6) return Error{"a duration with whole microseconds"};
    return Duration{static_cast<std::int64_t>(std::llround(us))};
  }
  return Error{unit.empty() ? "a duration with a unit (us, ms, s, m, h, d)"
                            : "a duration unit of us, ms, s, m, h or d (not \"" + unit + "\")"};
}

Result<std::int64_t> parse_size(std::string_view text) {
  double n = 0;
  std::string unit;
  if (!split_number(text, n, unit) || n < 0) {
    return Error{"a size: bytes as an integer, or a string like \"150KB\" or \"8MiB\""};
  }
  static const std::pair<const char*, double> units[] = {{"B", 1},       {"", 1},         {"KB", 1e3},
                                                         {"MB", 1e6},    {"GB", 1e9},     {"KiB", 1024.0},
                                                         {"MiB", 1048576.0}, {"GiB", 1073741824.0}};
  for (const auto& [name, scale] : units) {
    if (unit == name) return static_cast<std::int64_t>(std::llround(n * scale));
  }
  return Error{"a size unit of B, KB, MB, GB, KiB, MiB or GiB"};
}

}  // namespace recguard
