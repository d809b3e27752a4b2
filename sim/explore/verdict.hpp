#pragma once
// The property `recguard explore` checks on every generated scenario: the
// run ends with no invariant violated and no expectation failed. A Judge
// says whether a scenario holds it; the default one simulates the scenario
// on the real core. Tests inject their own (a cheap predicate) to exercise
// generation and shrinking without simulating.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/runner/scenario_report.hpp"
#include "sim/scenario/scenario.hpp"

namespace recguard::sim::explore {

struct Verdict {
  bool failed = false;
  // The invariants violated, each once, in the oracle's order; an
  // expectation that failed (an unsupported fault, say) counts as
  // "expectation". Shrinking keeps a case only while the first of these,
  // the one the counterexample is named after, still fails.
  std::vector<std::string> invariants = {};
  std::string detail = {};  // the first violation, as a person reads it
  std::map<std::string, std::uint64_t> faults_fired = {};  // RunMetrics::faults_fired
  double virtual_seconds = 0;

  const std::string& invariant() const;  // the first, or "" when it held
  bool fails_with(const std::string& invariant) const;
};

using Judge = std::function<Verdict(const Scenario&)>;

// The report of one run (run_scenario) as a verdict.
Verdict verdict_of(const ScenarioReport& report);

// Simulates the scenario on the real core and judges it with the oracle.
Verdict simulate_and_judge(const Scenario& scenario);

}  // namespace recguard::sim::explore
