#pragma once
// report.html: one self-contained page (no network), a summary table and a
// section per scenario.
#include <ostream>
#include <vector>

#include "sim/runner/scenario_report.hpp"

namespace recguard::reports {
using sim::ScenarioReport;

void write_html_report(std::ostream& out, const std::vector<ScenarioReport>& reports);

}  // namespace recguard::reports
