#pragma once
// Coverage of the fault space: for every fault kind of the scenario
// vocabulary, every workflow state and a few behaviours the suite must
// exercise, which scenarios reached it and how often ("sometimes"
// assertions, as Antithesis calls them). A row no scenario reached is a gap
// in the suite, shown as one rather than hidden.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/runner/scenario_report.hpp"

namespace recguard::reports {
using sim::ScenarioReport;

struct CoverageRow {
  std::string group;  // "fault kind", "workflow state", "behaviour"
  std::string name;
  std::string means;  // what reaching it means, for the reader
  std::vector<std::pair<std::string, std::uint64_t>> reached_by;  // scenario name, count
  bool reached() const { return !reached_by.empty(); }
};

std::vector<CoverageRow> suite_coverage(const std::vector<ScenarioReport>& reports);

}  // namespace recguard::reports
