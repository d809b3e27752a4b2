#pragma once
// Load, plan, simulate, judge: one scenario file to one report.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>

#include "sim/kernel/trace_recorder.hpp"
#include "sim/runner/scenario_report.hpp"

namespace recguard::sim {

struct RunOptions {
  std::optional<std::uint64_t> seed;   // overrides the scenario's seed
  std::ostream* trace_sink = nullptr;  // every trace line is also written here
  TraceRecorder::LineObserver on_trace_line;       // sees every trace line as it is recorded
  std::function<void(Instant)> on_progress;        // virtual time reached, every few thousand events
};

ScenarioReport run_scenario_file(const std::filesystem::path& file, const RunOptions& opts);

}  // namespace recguard::sim
