#pragma once
// Compares a run with what its scenario expected; each miss is one sentence.
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/world/run_result.hpp"

namespace recguard::sim {

std::vector<std::string> check_expectations(const Expect& expect, const RunResult& result);

}  // namespace recguard::sim
