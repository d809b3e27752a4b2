#pragma once
// The invariant oracle. It judges the run from the TRUE state of the simulated
// world (what the stores really hold, what the platform really recorded), not
// from the pipeline's own view, which is exactly what could be wrong.
#include <string>
#include <vector>

#include "sim/world/run_result.hpp"

namespace recguard::sim {

class SimWorld;

// The standard invariants of SCENARIOS.md, in table order.
const std::vector<std::string>& standard_invariants();
// The invariants this oracle can judge today; the rest are reported as
// unchecked rather than silently passed.
const std::vector<std::string>& checked_invariants();

std::vector<Violation> check_invariants(SimWorld& world, const RunResult& result);

}  // namespace recguard::sim
