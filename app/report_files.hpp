#pragma once
// Writes junit.xml, report.json and report.html into a report directory.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/runner/scenario_report.hpp"

namespace recguard::app {

// Returns an error message, or empty on success.
std::string write_report_files(const std::filesystem::path& dir, const std::vector<sim::ScenarioReport>& reports,
                               double wall_seconds);

}  // namespace recguard::app
