#pragma once
// Turns a scenario into a concrete world: generated arrivals and call lengths
// are drawn once from the seed, ids are assigned in arrival order.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/world/world_setup.hpp"

namespace recguard::sim {

struct Plan {
  WorldSetup setup;
  // What this build cannot yet simulate in the scenario (a CXone platform, a
  // fault kind): reported as failures, never silently skipped.
  std::vector<std::string> unsupported;
};

Plan plan_world(const Scenario& scenario, std::uint64_t seed);

}  // namespace recguard::sim
