#pragma once
// Load, plan, simulate, judge: one scenario file to one report.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>

#include "sim/runner/scenario_report.hpp"

namespace recguard::sim {

struct RunOptions {
  std::optional<std::uint64_t> seed;   // overrides the scenario's seed
  std::ostream* trace_sink = nullptr;  // every trace line is also written here
};

ScenarioReport run_scenario_file(const std::filesystem::path& file, const RunOptions& opts);

}  // namespace recguard::sim
