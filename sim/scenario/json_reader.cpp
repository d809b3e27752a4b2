#include "sim/scenario/json_reader.hpp"

#include <cmath>

#include "sim/scenario/units.hpp"

namespace recguard::sim {

std::string describe(const nlohmann::json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

static std::string join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void JsonReader::fail(const std::string& expected) const { throw ScenarioPathError(path_, expected, describe(node_)); }

void JsonReader::fail_at(const std::string& key, const std::string& expected) const {
  throw ScenarioPathError(path_ + "." + key, expected, "nothing (the key is missing)");
}

void JsonReader::expect_object(const std::set<std::string>& allowed) const {
  if (!node_.is_object()) fail("an object");
  for (const auto& [key, value] : node_.items()) {
    (void)value;
    if (!allowed.count(key)) {
      throw ScenarioPathError(path_ + "." + key, "one of the keys " + join(allowed), "unknown key \"" + key + "\"");
    }
  }
}

JsonReader JsonReader::at(const std::string& key) const {
  if (!has(key)) fail_at(key, "a value here (required)");
  return JsonReader(node_.at(key), path_ + "." + key);
}

std::string JsonReader::string() const {
  if (!node_.is_string()) fail("a string");
  return node_.get<std::string>();
}

std::string JsonReader::string_of(const std::set<std::string>& allowed) const {
  if (!node_.is_string() || !allowed.count(node_.get<std::string>())) fail("one of " + join(allowed));
  return node_.get<std::string>();
}

double JsonReader::number() const {
  if (!node_.is_number()) fail("a number");
  return node_.get<double>();
}

double JsonReader::number_in(double lo, double hi) const {
  const double v = node_.is_number() ? node_.get<double>() : NAN;
  if (!(v >= lo && v <= hi)) fail("a number from " + describe(lo) + " to " + describe(hi));
  return v;
}

std::int64_t JsonReader::integer_in(std::int64_t lo, std::int64_t hi) const {
  if (!node_.is_number_integer() || node_.get<std::int64_t>() < lo || node_.get<std::int64_t>() > hi) {
    fail("an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  return node_.get<std::int64_t>();
}

Duration JsonReader::duration(bool allow_negative) const {
  if (!node_.is_string()) fail("a duration string like \"250ms\", \"15s\", \"10m\", \"2h\" or \"1d\"");
  auto d = parse_duration(node_.get<std::string>(), allow_negative);
  if (!d) fail(d.error().message);
  return *d;
}

std::int64_t JsonReader::size() const {
  auto s = parse_size(node_);
  if (!s) fail(s.error().message);
  return *s;
}

std::size_t JsonReader::array_size() const {
  if (!node_.is_array()) fail("an array");
  return node_.size();
}

}  // namespace recguard::sim
