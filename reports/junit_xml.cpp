#include "reports/junit_xml.hpp"

#include <iomanip>

namespace recguard::reports {

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters, even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += '?';
        else out += c;
    }
  }
  return out;
}

void write_junit_xml(std::ostream& out, const std::vector<ScenarioReport>& reports) {
  int failures = 0, errors = 0;
  double total = 0;
  for (const auto& r : reports) {
    if (!r.load_error.empty()) ++errors;
    else if (!r.passed()) ++failures;
    total += r.wall_seconds;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"recguard conform\" tests=\"" << reports.size() << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\" time=\"" << std::fixed << std::setprecision(3) << total << "\">\n";
  out << "  <testsuite name=\"scenarios\" tests=\"" << reports.size() << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\" time=\"" << total << "\">\n";
  for (const auto& r : reports) {
    out << "    <testcase classname=\"scenarios\" name=\"" << xml_escape(r.name.empty() ? r.file : r.name)
        << "\" file=\"" << xml_escape(r.file) << "\" time=\"" << r.wall_seconds << "\">\n";
    if (!r.load_error.empty()) {
      out << "      <error message=\"" << xml_escape(r.load_error) << "\"/>\n";
    } else if (!r.passed()) {
      std::string msg, body;
      for (const auto& v : r.result.violations) {
        if (msg.empty()) msg = v.invariant + " " + v.recording + ": " + v.detail;
        body += "violation " + v.invariant + " " + v.recording + " at " + format_instant(v.at) + ": " + v.detail + "\n";
        for (const auto& line : v.trace_context) body += "  | " + line + "\n";
      }
      for (const auto& f : r.expectation_failures) {
        if (msg.empty()) msg = f;
        body += "expectation " + f + "\n";
      }
      if (!r.replay_command.empty()) body += "replay: " + r.replay_command + "\n";
      out << "      <failure message=\"" << xml_escape(msg) << "\">" << xml_escape(body) << "</failure>\n";
    }
    out << "      <system-out>trace sha256: " << r.result.trace_digest << "</system-out>\n";
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace recguard::reports
