#pragma once
// A cursor over a JSON document that knows its own path ("$.faults[2].kind")
// and the keys its object may have. Every scenario error goes through here,
// so every message names the file, the path and what was expected.
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/types/time.hpp"

namespace recguard::sim {

// Thrown inside the loader only; load_scenario_* turns it into a ScenarioError.
struct ScenarioPathError : std::runtime_error {
  std::string json_path, expected, got;
  ScenarioPathError(std::string path, std::string exp, std::string g)
      : std::runtime_error(exp), json_path(std::move(path)), expected(std::move(exp)), got(std::move(g)) {}
};

class JsonReader {
 public:
  JsonReader(const nlohmann::json& node, std::string path) : node_(node), path_(std::move(path)) {}

  const nlohmann::json& node() const { return node_; }
  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const std::string& expected) const;
  [[noreturn]] void fail_at(const std::string& key, const std::string& expected) const;

  // Checks that this is an object whose keys are all in `allowed`.
  void expect_object(const std::set<std::string>& allowed) const;
  bool has(const std::string& key) const { return node_.is_object() && node_.contains(key); }
  JsonReader at(const std::string& key) const;  // required key
  JsonReader index(std::size_t i) const { return JsonReader(node_.at(i), path_ + "[" + std::to_string(i) + "]"); }

  std::string string() const;
  std::string string_of(const std::set<std::string>& allowed) const;
  double number() const;
  double number_in(double lo, double hi) const;
  std::int64_t integer_in(std::int64_t lo, std::int64_t hi) const;
  Duration duration(bool allow_negative = false) const;
  std::int64_t size() const;
  std::size_t array_size() const;

 private:
  const nlohmann::json& node_;
  std::string path_;
};

std::string describe(const nlohmann::json& v);

}  // namespace recguard::sim
