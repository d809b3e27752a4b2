#include "app/determinism_check.hpp"

#include <iostream>

namespace recguard::app {

void check_determinism(const std::string& file, sim::RunOptions opts, const sim::TraceFingerprint& first,
                       sim::ScenarioReport& report) {
  sim::TraceFingerprint second;
  opts.on_trace_line = second.observer();
  opts.trace_sink = nullptr;  // the first run wrote the trace file
  const auto again = sim::run_scenario_file(file, opts);
  const auto diff = sim::first_difference(first, second);
  if (!diff && again.result.trace_digest == report.result.trace_digest) {
    std::cout << "  determinism: a second run gave the same trace digest\n";
    return;
  }
  std::string msg = "determinism: the second run's trace digest " + again.result.trace_digest.substr(0, 16) +
                    " differs from the first's " + report.result.trace_digest.substr(0, 16);
  if (diff) {
    msg += "; first difference at trace line " + std::to_string(diff->line + 1) + ": first run `" + diff->first +
           "`, second run `" + diff->second + "`";
  }
  report.expectation_failures.push_back(msg);
}

}  // namespace recguard::app
