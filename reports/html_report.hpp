#pragma once
// report.html: one self-contained page (no network, no script) for a
// compliance lead or an auditor: a summary table, the suite's coverage of the
// fault space, and per scenario its failures with the replay command, its key
// figures, plots of queue depth and store throughput over virtual time, and a
// timeline of recordings through their states.
#include <ostream>
#include <vector>

#include "sim/runner/scenario_report.hpp"

namespace recguard::reports {
using sim::ScenarioReport;

void write_html_report(std::ostream& out, const std::vector<ScenarioReport>& reports, double wall_seconds);

}  // namespace recguard::reports
