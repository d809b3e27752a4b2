#include "sim/explore/verdict.hpp"

#include <algorithm>

#include "sim/runner/scenario_runner.hpp"

namespace recguard::sim::explore {

const std::string& Verdict::invariant() const {
  static const std::string none;
  return invariants.empty() ? none : invariants.front();
}

bool Verdict::fails_with(const std::string& name) const {
  return failed && std::find(invariants.begin(), invariants.end(), name) != invariants.end();
}

Verdict verdict_of(const ScenarioReport& report) {
  Verdict v;
  v.faults_fired = report.result.metrics.faults_fired;
  v.virtual_seconds = report.result.end_time.us / 1e6;
  auto note = [&](const std::string& name, const std::string& detail) {
    if (std::find(v.invariants.begin(), v.invariants.end(), name) == v.invariants.end()) v.invariants.push_back(name);
    if (v.detail.empty()) v.detail = detail;
  };
  for (const auto& viol : report.result.violations) {
    std::string text = viol.invariant;
    if (!viol.recording.empty()) text += " " + viol.recording;
    text += " at " + format_instant(viol.at) + ": " + viol.detail;
    note(viol.invariant, text);
  }
  for (const auto& e : report.expectation_failures) note("expectation", "expectation: " + e);
  if (!report.load_error.empty()) note("expectation", "load error: " + report.load_error);
  v.failed = !v.invariants.empty();
  return v;
}

Verdict simulate_and_judge(const Scenario& scenario) { return verdict_of(run_scenario(scenario, RunOptions{})); }

}  // namespace recguard::sim::explore
