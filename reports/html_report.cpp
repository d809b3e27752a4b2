#include "reports/html_report.hpp"

#include <iomanip>

#include "reports/junit_xml.hpp"

namespace recguard::reports {

void write_html_report(std::ostream& out, const std::vector<ScenarioReport>& reports) {
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>recguard conformance report</title>\n"
         "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
         "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.pass{color:#1a7f37}.fail{color:#cf222e}"
         "code{font-size:90%}</style></head><body>\n<h1>recguard conformance report</h1>\n";
  out << "<table id=\"summary\"><tr><th>scenario</th><th>result</th><th>recordings</th><th>outcomes</th>"
         "<th>virtual time</th><th>time compression</th><th>trace sha256</th></tr>\n";
  for (const auto& r : reports) {
    out << "<tr><td><a href=\"#" << xml_escape(r.name) << "\">" << xml_escape(r.name.empty() ? r.file : r.name)
        << "</a></td><td class=\"" << (r.passed() ? "pass\">PASS" : "fail\">FAIL") << "</td>";
    if (!r.load_error.empty()) {
      out << "<td colspan=\"5\">" << xml_escape(r.load_error) << "</td></tr>\n";
      continue;
    }
    out << "<td>" << r.result.recordings.size() << "</td><td>";
    for (const auto& [k, v] : r.result.outcome_counts) out << xml_escape(k) << "=" << v << " ";
    out << "</td><td>" << format_duration(Duration{r.result.end_time.us - r.result.end_time.us % 1000000})
        << "</td><td>" << std::fixed << std::setprecision(0) << r.time_compression() << "x</td><td><code>"
        << r.result.trace_digest.substr(0, 16) << "</code></td></tr>\n";
  }
  out << "</table>\n";
  for (const auto& r : reports) {
    out << "<section id=\"" << xml_escape(r.name) << "\"><h2>" << xml_escape(r.name.empty() ? r.file : r.name)
        << "</h2><p>" << xml_escape(r.description) << "</p>\n";
    for (const auto& v : r.result.violations) {
      out << "<p class=\"fail\">violation <b>" << xml_escape(v.invariant) << "</b> " << xml_escape(v.recording) << ": "
          << xml_escape(v.detail) << "</p>\n";
    }
    for (const auto& f : r.expectation_failures) out << "<p class=\"fail\">expectation: " << xml_escape(f) << "</p>\n";
    out << "</section>\n";
  }
  out << "</body></html>\n";
}

}  // namespace recguard::reports
