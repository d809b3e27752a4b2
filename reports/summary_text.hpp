#pragma once
// The human summary block printed per scenario by `recguard run` and `conform`.
#include <ostream>
#include <string>

#include "sim/runner/scenario_report.hpp"

namespace recguard::reports {
using sim::ScenarioReport;

void print_summary(std::ostream& out, const ScenarioReport& r, const std::string& replay_command);

}  // namespace recguard::reports
