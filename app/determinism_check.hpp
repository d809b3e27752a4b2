#pragma once
// The determinism check of `run` and `conform --check-determinism`: run the
// scenario again with the same options and compare the two traces line by
// line. A difference fails the scenario and names the first line that differs.
#include <string>

#include "sim/runner/scenario_runner.hpp"
#include "sim/runner/trace_fingerprint.hpp"

namespace recguard::app {

// `first` is the first run's fingerprint (opts.on_trace_line fed it); `opts`
// are the first run's options (seed, progress). On a difference, an
// expectation failure is added to `report`.
void check_determinism(const std::string& file, sim::RunOptions opts, const sim::TraceFingerprint& first,
                       sim::ScenarioReport& report);

}  // namespace recguard::app
