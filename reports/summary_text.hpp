#pragma once
// The human summary block printed per scenario by `recguard run` and `conform`.
#include <ostream>
#include <string>

#include "reports/scenario_report.hpp"

namespace recguard::reports {

void print_summary(std::ostream& out, const ScenarioReport& r, const std::string& replay_command);

}  // namespace recguard::reports
