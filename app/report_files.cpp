#include "app/report_files.hpp"

#include <fstream>

#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/junit_xml.hpp"

namespace recguard::app {

std::string write_report_files(const std::filesystem::path& dir, const std::vector<sim::ScenarioReport>& reports,
                               double wall_seconds) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return "cannot create report dir " + dir.string() + ": " + ec.message();
  std::ofstream junit(dir / "junit.xml"), json(dir / "report.json"), html(dir / "report.html");
  if (!junit || !json || !html) return "cannot write reports in " + dir.string();
  reports::write_junit_xml(junit, reports);
  json << reports::conform_to_json(reports, wall_seconds).dump(2) << "\n";
  reports::write_html_report(html, reports, wall_seconds);
  return {};
}

}  // namespace recguard::app
