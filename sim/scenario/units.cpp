#include "sim/scenario/units.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

namespace recguard::sim {

Result<std::int64_t> parse_size(const nlohmann::json& value) {
  if (value.is_number_integer()) {
    if (value.get<std::int64_t>() < 0) return Error{"a non-negative size"};
    return value.get<std::int64_t>();
  }
  if (!value.is_string()) return Error{"a size: bytes as an integer, or a string like \"150KB\" or \"8MiB\""};
  return recguard::parse_size(value.get<std::string>());
}

Result<Comparison> parse_comparison(const nlohmann::json& value) {
  Comparison c;
  if (value.is_number()) {
    c.value = value.get<double>();
    c.text = value.dump();
    return c;
  }
  if (!value.is_string()) return Error{"a number or a comparison like \">= 119\" or \"< 300ms\""};
  std::string s = value.get<std::string>();
  c.text = s;
  static const std::pair<const char*, Comparison::Op> ops[] = {
      {">=", Comparison::Op::ge}, {"<=", Comparison::Op::le}, {">", Comparison::Op::gt},
      {"<", Comparison::Op::lt},  {"==", Comparison::Op::eq}, {"=", Comparison::Op::eq}};
  for (const auto& [sym, op] : ops) {
    if (s.rfind(sym, 0) == 0) {
      c.op = op;
      s = s.substr(std::string_view(sym).size());
      break;
    }
  }
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  const std::size_t number_end = s.find_first_not_of("+-0123456789.");
  if (number_end == 0 || s.empty()) return Error{"a number or a comparison like \">= 119\" or \"< 300ms\""};
  if (number_end == std::string::npos) {
    char* end = nullptr;
    c.value = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) return Error{"a number or a comparison like \">= 119\" or \"< 300ms\""};
    return c;
  }
  auto d = parse_duration(s);
  if (!d) return Error{"a comparison against a number or a duration: " + d.error().message};
  c.value = static_cast<double>(d->us);
  c.is_duration = true;
  return c;
}

bool Comparison::holds(double actual) const {
  switch (op) {
    case Op::eq: return std::fabs(actual - value) < 1e-9;
    case Op::ge: return actual >= value;
    case Op::le: return actual <= value;
    case Op::lt: return actual < value;
    case Op::gt: return actual > value;
  }
  return false;
}

}  // namespace recguard::sim
