#pragma once
// report.json: the machine-readable form of a conform run.
#include <nlohmann/json.hpp>
#include <vector>

#include "sim/runner/scenario_report.hpp"

namespace recguard::reports {
using sim::ScenarioReport;

nlohmann::json scenario_to_json(const ScenarioReport& r);
nlohmann::json conform_to_json(const std::vector<ScenarioReport>& reports, double wall_seconds);

}  // namespace recguard::reports
