#include "reports/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <iomanip>
#include <map>
#include <sstream>

#include "reports/coverage.hpp"
#include "reports/junit_xml.hpp"
#include "reports/svg_charts.hpp"

namespace recguard::reports {

namespace {

// Enough rows to show every recording of a small scenario and the
// interesting ones of a big one, without a page of thousands of bars.
constexpr std::size_t kTimelineRows = 40;
constexpr int kChartPoints = 240;

std::string anchor(const ScenarioReport& r) {
  std::string a = "sc-";
  for (char c : r.name.empty() ? r.file : r.name) a += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return a;
}

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

std::string ms(std::int64_t us) { return us < 0 ? "-" : fixed(us / 1000.0, 1) + " ms"; }

std::string convergence_text(const sim::Convergence& c) {
  if (c.converged_at_us < 0) return "never";
  const double after = std::max<std::int64_t>(0, c.converged_at_us - c.settle_from_us) / 1e6;
  return span_text(after) + " after settling (bound " + clock_text(c.bound_us / 1e6) + ")";
}

const char* kStyle =
    "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}"
    "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;"
    "font-size:13px;vertical-align:top}th{background:#f6f6f6}.pass{color:#1a7f37;font-weight:bold}"
    ".fail{color:#cf222e;font-weight:bold}.gap{background:#fff1f0}code,pre{font-size:12px}"
    "pre{background:#f6f8fa;padding:6px;overflow-x:auto}section.scenario{border-top:2px solid #eee;margin-top:2em}"
    ".legend span{display:inline-block;margin-right:12px;font-size:12px}.legend i{display:inline-block;width:10px;"
    "height:10px;margin-right:4px}";

void summary_table(std::ostream& out, const std::vector<ScenarioReport>& reports) {
  out << "<table id=\"summary\"><tr><th>scenario</th><th>result</th><th>recordings</th><th>outcomes</th>"
         "<th>virtual time</th><th>wall</th><th>time compression</th><th>ack p99</th><th>converged</th>"
         "<th>trace sha256</th></tr>\n";
  for (const auto& r : reports) {
    out << "<tr class=\"scenario-row\"><td><a href=\"#" << anchor(r) << "\">" << xml_escape(r.label())
        << "</a></td><td class=\"" << (r.passed() ? "pass\">PASS" : r.load_error.empty() ? "fail\">FAIL" : "fail\">ERROR")
        << "</td>";
    if (!r.load_error.empty()) {
      out << "<td colspan=\"8\">" << xml_escape(r.load_error) << "</td></tr>\n";
      continue;
    }
    const auto& res = r.result;
    out << "<td>" << res.recordings.size() << "</td><td>";
    for (const auto& [k, v] : res.outcome_counts) out << xml_escape(k) << "=" << v << " ";
    out << "</td><td>" << clock_text(res.end_time.us / 1e6) << "</td><td>" << fixed(r.wall_seconds, 2)
        << " s</td><td>" << fixed(r.time_compression(), 0) << "x</td><td>"
        << ms(sim::percentile(res.metrics.ack_latencies_us, 99)) << "</td><td>"
        << xml_escape(convergence_text(res.convergence)) << "</td><td><code>" << res.trace_digest.substr(0, 16)
        << "</code></td></tr>\n";
  }
  out << "</table>\n";
}

void coverage_table(std::ostream& out, const std::vector<ScenarioReport>& reports) {
  const auto rows = suite_coverage(reports);
  std::map<std::string, std::pair<int, int>> per_group;  // reached, total
  for (const auto& row : rows) {
    auto& g = per_group[row.group];
    g.first += row.reached() ? 1 : 0;
    ++g.second;
  }
  out << "<section id=\"coverage\"><h2>Coverage of the fault space</h2><p>";
  for (const auto& [group, n] : per_group) out << xml_escape(group) << ": " << n.first << " of " << n.second << " reached. ";
  out << "A row no scenario reached is a gap in the suite.</p>\n<table><tr><th>kind</th><th>name</th>"
         "<th>reached</th><th>by (count)</th></tr>\n";
  for (const auto& row : rows) {
    out << "<tr class=\"coverage-row" << (row.reached() ? "" : " gap") << "\"><td>" << xml_escape(row.group)
        << "</td><td title=\"" << xml_escape(row.means) << "\">" << xml_escape(row.name) << "</td><td>"
        << (row.reached() ? "yes" : "<b>gap</b>") << "</td><td>";
    for (const auto& [scenario, count] : row.reached_by) out << xml_escape(scenario) << " (" << count << ") ";
    out << "</td></tr>\n";
  }
  out << "</table></section>\n";
}

void failures(std::ostream& out, const ScenarioReport& r) {
  for (const auto& v : r.result.violations) {
    out << "<div class=\"violation\"><p class=\"fail\">violation " << xml_escape(v.invariant)
        << (v.recording.empty() ? "" : " " + xml_escape(v.recording)) << " at " << format_instant(v.at) << ": "
        << xml_escape(v.detail) << "</p>";
    if (!v.trace_context.empty()) {
      out << "<pre>";
      for (const auto& line : v.trace_context) out << xml_escape(line) << "\n";
      out << "</pre>";
    }
    out << "</div>\n";
  }
  for (const auto& f : r.expectation_failures) out << "<p class=\"fail\">expectation: " << xml_escape(f) << "</p>\n";
  if (!r.passed() && !r.replay_command.empty()) {
    out << "<p>replay: <code>" << xml_escape(r.replay_command) << "</code></p>\n";
  }
}

void figures(std::ostream& out, const ScenarioReport& r) {
  const auto& res = r.result;
  const auto& m = res.metrics;
  const auto peak = sim::peak_depth(res.timeline);
  const std::vector<std::pair<std::string, std::string>> rows{
      {"seed", std::to_string(res.seed)},
      {"virtual time / wall", clock_text(res.end_time.us / 1e6) + " in " + fixed(r.wall_seconds, 2) + " s (" +
                                  fixed(r.time_compression(), 0) + "x)"},
      {"webhook ack p50 / p99", ms(sim::percentile(m.ack_latencies_us, 50)) + " / " +
                                    ms(sim::percentile(m.ack_latencies_us, 99))},
      {"deliveries / lost", std::to_string(m.webhook_deliveries) + " / " + std::to_string(m.webhook_lost)},
      {"re-record commands", std::to_string(m.rerecord_commands)},
      {"media re-fetches / write retries", std::to_string(m.fetch_retries) + " / " + std::to_string(m.write_retries)},
      {"breaker openings / writes deferred / backfills", std::to_string(m.breaker_openings) + " / " +
                                                             std::to_string(m.store_writes_deferred) + " / " +
                                                             std::to_string(m.backfills)},
      {"queue depth peak (in flight / writing)", std::to_string(peak.in_flight) + " / " + std::to_string(peak.writing)},
      {"converged", convergence_text(res.convergence)},
      {"trace", std::to_string(res.trace_lines) + " lines, sha256 " + res.trace_digest},
  };
  out << "<table class=\"figures\">";
  for (const auto& [k, v] : rows) out << "<tr><th>" << xml_escape(k) << "</th><td>" << xml_escape(v) << "</td></tr>";
  out << "</table>\n";
  if (!res.convergence.never_heal.empty()) {
    out << "<p>Judged under faults that never heal:";
    for (const auto& k : res.convergence.never_heal) out << " " << xml_escape(k);
    out << ".</p>\n";
  }
}

void depth_chart(std::ostream& out, const ScenarioReport& r) {
  const auto& res = r.result;
  const auto samples = sim::depth_series(res.timeline, res.end_time, kChartPoints);
  Series waiting{"waiting for platform", "#e0b000", {}, false}, fetching{"fetching", "#2171b5", {}, false},
      writing{"writing", "#8e6cc2", {}};
  for (const auto& s : samples) {
    const double x = s.at_us / 1e6;
    waiting.points.emplace_back(x, s.waiting_for_platform);
    fetching.points.emplace_back(x, s.fetching);
    writing.points.emplace_back(x, s.writing);
  }
  write_line_chart(out, {"queue depth: recordings in flight", "recordings", res.end_time.us / 1e6, res.timeline.faults},
                   {waiting, fetching, writing});
}

void throughput_chart(std::ostream& out, const ScenarioReport& r) {
  const auto& res = r.result;
  const std::int64_t end_bucket = res.end_time.us / sim::kThroughputBucketUs + 1;
  // Bins of whole buckets, at most kChartPoints of them.
  const std::int64_t per_bin = std::max<std::int64_t>(1, (end_bucket + kChartPoints - 1) / kChartPoints);
  const double bin_s = static_cast<double>(per_bin * sim::kThroughputBucketUs) / 1e6;
  auto series = [&](const std::map<std::int64_t, std::uint64_t>& buckets, std::string name, std::string color,
                    bool dashed) {
    Series s{std::move(name), std::move(color), {}, dashed};
    std::vector<double> bins(static_cast<std::size_t>((end_bucket + per_bin - 1) / per_bin), 0.0);
    for (const auto& [b, bytes] : buckets) {
      const auto i = static_cast<std::size_t>(b / per_bin);
      if (i < bins.size()) bins[i] += static_cast<double>(bytes);
    }
    for (std::size_t i = 0; i < bins.size(); ++i) {
      s.points.emplace_back((static_cast<double>(i) + 0.5) * bin_s, bins[i] / bin_s / 1e6);
    }
    return s;
  };
  write_line_chart(out, {"store throughput: bytes acknowledged", "MB/s", res.end_time.us / 1e6, res.timeline.faults},
                   {series(res.timeline.primary_bytes, "primary (S3)", "#1f77b4", false),
                    series(res.timeline.backup_bytes, "backup (Azure Blob)", "#ff7f0e", true)});
}

void state_timeline(std::ostream& out, const ScenarioReport& r) {
  const auto& res = r.result;
  const auto paths = sim::paths_by_recording(res.timeline);
  // The recordings a reader wants first: those that did not end verified,
  // and re-record captures; then the rest in id order.
  std::vector<RecordingId> rows;
  for (const auto& [id, outcome] : res.recordings) {
    if (outcome.state != "compliance_verified" || id.str().find("-r") != std::string::npos) rows.push_back(id);
  }
  if (rows.size() > kTimelineRows) rows.resize(kTimelineRows);
  for (const auto& [id, outcome] : res.recordings) {
    if (rows.size() >= kTimelineRows) break;
    if (std::find(rows.begin(), rows.end(), id) == rows.end()) rows.push_back(id);
  }
  std::sort(rows.begin(), rows.end());
  out << "<p>" << rows.size() << " of " << res.recordings.size()
      << " recordings (every one that did not end verified, and re-record captures, come first). Hover a bar "
         "for its state and times; shaded bands are the scenario's faults.</p>\n<div class=\"legend\">";
  for (const auto s : kAllRecordingStates) {
    out << "<span><i style=\"background:" << state_color(s) << "\"></i>" << to_string(s) << "</span>";
  }
  out << "</div>\n";
  write_state_timeline(out, paths, rows, res.end_time.us / 1e6, res.timeline.faults);
}

void scenario_section(std::ostream& out, const ScenarioReport& r) {
  out << "<section class=\"scenario\" id=\"" << anchor(r) << "\"><h2>" << xml_escape(r.label()) << " <span class=\""
      << (r.passed() ? "pass\">PASS" : r.load_error.empty() ? "fail\">FAIL" : "fail\">ERROR") << "</span></h2>\n";
  out << "<p><code>" << xml_escape(r.file) << "</code></p>\n";
  if (!r.load_error.empty()) {
    out << "<p class=\"fail\">" << xml_escape(r.load_error) << "</p></section>\n";
    return;
  }
  out << "<p>" << xml_escape(r.description) << "</p>\n";
  failures(out, r);
  figures(out, r);
  depth_chart(out, r);
  throughput_chart(out, r);
  state_timeline(out, r);
  out << "</section>\n";
}

}  // namespace

void write_html_report(std::ostream& out, const std::vector<ScenarioReport>& reports, double wall_seconds) {
  int passed = 0, errors = 0;
  double virtual_s = 0;
  for (const auto& r : reports) {
    passed += r.passed() ? 1 : 0;
    errors += r.load_error.empty() ? 0 : 1;
    virtual_s += r.result.end_time.us / 1e6;
  }
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<title>recguard conformance report</title>\n<style>"
      << kStyle << "</style></head><body>\n<h1>recguard conformance report</h1>\n";
  out << "<p id=\"totals\">" << passed << " of " << reports.size() << " scenarios passed"
      << (errors ? ", " + std::to_string(errors) + " rejected as bad input" : "") << ". "
      << clock_text(virtual_s) << " of virtual time in " << fixed(wall_seconds, 1) << " s of wall time ("
      << fixed(wall_seconds > 0 ? virtual_s / wall_seconds : 0, 0) << "x overall).</p>\n";
  summary_table(out, reports);
  coverage_table(out, reports);
  for (const auto& r : reports) scenario_section(out, r);
  out << "</body></html>\n";
}

}  // namespace recguard::reports
