#pragma once
// Loads a scenario file strictly: an unknown key, a wrong type or a bad value
// is an error naming the file, the JSON path and what was expected. A typo in
// a fault name must never turn a scenario into a silent pass.
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.hpp"

namespace recguard::sim {

struct ScenarioError {
  std::string file;
  std::string json_path;  // "$.faults[2].kind"; "$" for whole-document errors
  std::string expected;
  std::string got;
  std::string message() const;  // "<file>: <json_path>: expected <expected>, got <got>"
};

struct LoadedScenario {
  Scenario scenario;
  std::string file;
  std::string source_sha256_hex;
};

std::variant<LoadedScenario, ScenarioError> load_scenario_file(const std::filesystem::path& path);
std::variant<LoadedScenario, ScenarioError> load_scenario_text(std::string_view text, std::string file_label);

}  // namespace recguard::sim
