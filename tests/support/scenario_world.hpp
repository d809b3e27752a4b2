#pragma once
// The world a scenario file from scenarios/ plans, for tests that run it
// (and often change one setting first).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <variant>

#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"
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

}  // namespace recguard::testing
