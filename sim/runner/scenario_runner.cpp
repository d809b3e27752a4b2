#include "sim/runner/scenario_runner.hpp"

#include <algorithm>

#include "sim/oracle/oracle.hpp"
#include "sim/runner/expectations.hpp"
#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/sim_world.hpp"

namespace recguard::sim {

ScenarioReport run_scenario(const Scenario& sc, const RunOptions& opts) {
  ScenarioReport report;
  report.name = sc.name;
  report.description = sc.description;

  Plan plan = plan_world(sc, opts.seed.value_or(sc.seed));
  SimWorld world(std::move(plan.setup));
  if (opts.trace_sink) world.set_trace_sink(opts.trace_sink);
  if (opts.on_trace_line) world.set_trace_observer(opts.on_trace_line);
  if (opts.on_progress) world.set_progress(opts.on_progress);
  report.result = world.run();

  // Only the invariants the scenario asked for can fail it; those the oracle
  // cannot judge yet are listed, never counted as passed.
  const auto& asked = sc.expect.invariants;
  std::erase_if(report.result.violations, [&](const Violation& v) {
    return std::find(asked.begin(), asked.end(), v.invariant) == asked.end();
  });
  for (const auto& inv : asked) {
    const auto& checked = checked_invariants();
    if (std::find(checked.begin(), checked.end(), inv) == checked.end()) report.unchecked_invariants.push_back(inv);
  }
  report.expectation_failures = check_expectations(sc.expect, report.result);
  for (auto& u : plan.unsupported) report.expectation_failures.push_back("unsupported: " + u);
  return report;
}

ScenarioReport run_scenario_file(const std::filesystem::path& file, const RunOptions& opts) {
  auto loaded = load_scenario_file(file);
  if (auto* err = std::get_if<ScenarioError>(&loaded)) {
    ScenarioReport report;
    report.file = file.string();
    report.load_error = err->message();
    return report;
  }
  ScenarioReport report = run_scenario(std::get<LoadedScenario>(loaded).scenario, opts);
  report.file = file.string();
  return report;
}

}  // namespace recguard::sim
