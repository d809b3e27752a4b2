#pragma once
// The world a scenario file from scenarios/ plans, for tests that run it
// (and often change one setting first).
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <variant>

#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/sim_world.hpp"
#include "sim/world/world_setup.hpp"

namespace recguard::testing {

// `name` without ".json"; the scenario's own seed.
inline sim::WorldSetup scenario_setup(const std::string& name) {
  const auto file = std::filesystem::path(RECGUARD_SOURCE_DIR) / "scenarios" / (name + ".json");
  auto loaded = sim::load_scenario_file(file);
  REQUIRE(std::holds_alternative<sim::LoadedScenario>(loaded));
  const auto& sc = std::get<sim::LoadedScenario>(loaded).scenario;
  return sim::plan_world(sc, sc.seed).setup;
}

// A run with its whole trace, for tests that read what happened in order.
struct TracedRun {
  sim::RunResult result;
  std::string trace;
};

inline TracedRun run_traced(sim::SimWorld& world) {
  std::ostringstream trace;
  world.set_trace_sink(&trace);
  auto result = world.run();
  world.set_trace_sink(nullptr);
  return TracedRun{std::move(result), trace.str()};
}

}  // namespace recguard::testing
