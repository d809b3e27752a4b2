#pragma once
// A generated scenario as a person reads it in explore's output: how many
// calls on which platforms, the world, and the faults (each on its own line
// when there are few, as a shrunk case has; counted by kind otherwise).
#include <cstddef>
#include <string>

#include "sim/scenario/scenario.hpp"

namespace recguard::sim::explore {

// Calls the world will simulate: the explicit ones and those drawn from
// the arrivals (planned from the scenario's seed).
std::size_t planned_calls(const Scenario& scenario);

// "partition platform-orchestrator 2m..3m30s", "crash orchestrator at 5m for 40s".
std::string describe_fault(const Fault& fault);

// Several lines, each starting with `indent`, the last ending in a newline.
std::string describe_scenario(const Scenario& scenario, const std::string& indent);

// "3 calls, 1 fault".
std::string size_line(const Scenario& scenario);

}  // namespace recguard::sim::explore
