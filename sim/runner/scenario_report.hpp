#pragma once
// One scenario's outcome as the reports see it: the run's result, what the
// scenario expected and did not get, or why the file could not be loaded.
#include <string>
#include <vector>

#include "sim/world/run_result.hpp"

namespace recguard::sim {

struct ScenarioReport {
  std::string file;
  std::string name;
  std::string description;
  std::string load_error;                        // non-empty: the file was rejected (exit 2)
  RunResult result;
  std::vector<std::string> expectation_failures;
  std::vector<std::string> unchecked_invariants; // asked for, not yet judged by the oracle
  double wall_seconds = 0;                       // measured by the app, never by the simulation
  std::string replay_command = {};               // the exact command that replays this run

  // What a reader calls it: the scenario's name, or its file when it had none.
  const std::string& label() const { return name.empty() ? file : name; }
  bool passed() const { return load_error.empty() && expectation_failures.empty() && result.violations.empty(); }
  double time_compression() const {
    return wall_seconds > 0 ? result.end_time.us / 1e6 / wall_seconds : 0;
  }
};

}  // namespace recguard::reports
