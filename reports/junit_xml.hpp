#pragma once
// junit.xml as CI systems read it: one testsuite, one testcase per scenario.
#include <ostream>
#include <vector>

#include "sim/runner/scenario_report.hpp"

namespace recguard::reports {
using sim::ScenarioReport;

void write_junit_xml(std::ostream& out, const std::vector<ScenarioReport>& reports);
std::string xml_escape(std::string_view s);

}  // namespace recguard::reports
