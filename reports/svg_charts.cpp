#include "reports/svg_charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "reports/junit_xml.hpp"

namespace recguard::reports {

namespace {

constexpr double kWidth = 920, kLeft = 84, kRight = 16, kTop = 24, kBottom = 28;
constexpr double kPlotW = kWidth - kLeft - kRight;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// 1, 2 or 5 times a power of ten, at or above v: an axis maximum a reader can read.
double nice_ceiling(double v) {
  if (v <= 0) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= v) return m * p;
  }
  return 10 * p;
}

std::string value_text(double v) {
  char buf[32];
  if (v == std::floor(v)) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}

double x_of(double s, double x_end_s) { return kLeft + (x_end_s > 0 ? s / x_end_s : 0) * kPlotW; }

void time_axis(std::ostream& out, double x_end_s, double y_bottom) {
  out << "<line x1=\"" << kLeft << "\" y1=\"" << num(y_bottom) << "\" x2=\"" << kLeft + kPlotW << "\" y2=\""
      << num(y_bottom) << "\" stroke=\"#888\"/>\n";
  for (int i = 0; i <= 5; ++i) {
    const double s = x_end_s * i / 5;
    out << "<text x=\"" << num(x_of(s, x_end_s)) << "\" y=\"" << num(y_bottom + 16)
        << "\" font-size=\"11\" text-anchor=\"" << (i == 0 ? "start" : i == 5 ? "end" : "middle")
        << "\" fill=\"#555\">" << clock_text(s) << "</text>\n";
  }
}

void fault_bands(std::ostream& out, const std::vector<sim::FaultWindow>& faults, double x_end_s, double top,
                 double height) {
  for (const auto& f : faults) {
    const double from = f.from_us / 1e6;
    const double until = f.until_us < 0 ? x_end_s : f.until_us / 1e6;
    if (from > x_end_s) continue;
    const double x0 = x_of(from, x_end_s);
    // A fault with no end (one that acts on calls as they come, or a window
    // left open) is a mark where it starts: shading the rest of the run
    // would hide the windows that matter.
    const double w = f.until_us < 0 ? 2.0 : std::max(2.0, x_of(std::min(until, x_end_s), x_end_s) - x0);
    out << "<rect class=\"fault\" x=\"" << num(x0) << "\" y=\"" << num(top) << "\" width=\"" << num(w)
        << "\" height=\"" << num(height) << "\" fill=\"#f4a261\" fill-opacity=\"0.18\"><title>fault "
        << xml_escape(f.kind) << (f.target.empty() ? "" : " " + xml_escape(f.target)) << " " << clock_text(from)
        << (f.until_us < 0 ? " to the end" : " to " + clock_text(until)) << "</title></rect>\n";
  }
}

}  // namespace

std::string clock_text(double seconds) {
  const auto s = static_cast<long long>(std::llround(std::max(0.0, seconds)));
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  return buf;
}

std::string span_text(double seconds) {
  if (seconds >= 60) return clock_text(seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", seconds);
  return buf;
}

std::string state_color(RecordingState s) {
  switch (s) {
    case RecordingState::received: return "#8c8c8c";
    case RecordingState::awaiting_upload: return "#e0b000";
    case RecordingState::fetching_metadata: return "#6baed6";
    case RecordingState::fetching_media: return "#2171b5";
    case RecordingState::writing: return "#8e6cc2";
    case RecordingState::compliance_verified: return "#2ca02c";
    case RecordingState::requires_manual_review: return "#d62728";
    case RecordingState::out_of_scope: return "#bdbdbd";
  }
  return "#000";
}

void write_line_chart(std::ostream& out, const ChartSpec& spec, const std::vector<Series>& series) {
  constexpr double kHeight = 200;
  const double plot_h = kHeight - kTop - kBottom;
  double y_max = 0;
  for (const auto& s : series) {
    for (const auto& [x, y] : s.points) y_max = std::max(y_max, y);
  }
  y_max = nice_ceiling(y_max);
  const auto y_of = [&](double v) { return kTop + plot_h - v / y_max * plot_h; };
  out << "<svg class=\"chart\" viewBox=\"0 0 " << kWidth << " " << kHeight << "\" width=\"" << kWidth
      << "\" height=\"" << kHeight << "\" role=\"img\" aria-label=\"" << xml_escape(spec.title) << "\">\n";
  out << "<text x=\"" << kLeft << "\" y=\"14\" font-size=\"12\" font-weight=\"bold\">" << xml_escape(spec.title)
      << " (" << xml_escape(spec.y_unit) << ")</text>\n";
  fault_bands(out, spec.faults, spec.x_end_s, kTop, plot_h);
  for (int i = 0; i <= 4; ++i) {
    const double v = y_max * i / 4;
    out << "<line x1=\"" << kLeft << "\" y1=\"" << num(y_of(v)) << "\" x2=\"" << kLeft + kPlotW << "\" y2=\""
        << num(y_of(v)) << "\" stroke=\"#eee\"/><text x=\"" << kLeft - 6 << "\" y=\"" << num(y_of(v) + 4)
        << "\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">" << value_text(v) << "</text>\n";
  }
  time_axis(out, spec.x_end_s, kTop + plot_h);
  double legend_x = kLeft + kPlotW;
  for (auto it = series.rbegin(); it != series.rend(); ++it) {
    const auto& s = *it;
    legend_x -= 12 + 7.0 * static_cast<double>(s.name.size()) + 8;
    out << "<rect x=\"" << num(legend_x) << "\" y=\"5\" width=\"10\" height=\"10\" fill=\"" << s.color
        << "\"/><text x=\"" << num(legend_x + 13) << "\" y=\"14\" font-size=\"11\">" << xml_escape(s.name)
        << "</text>\n";
    if (s.points.empty()) continue;
    out << "<polyline class=\"series\" fill=\"none\" stroke=\"" << s.color << "\" stroke-width=\"1.5\""
        << (s.dashed ? " stroke-dasharray=\"5 3\"" : "") << " points=\"";
    for (const auto& [x, y] : s.points) out << num(x_of(x, spec.x_end_s)) << "," << num(y_of(y)) << " ";
    out << "\"><title>" << xml_escape(s.name) << "</title></polyline>\n";
  }
  out << "</svg>\n";
}

void write_state_timeline(std::ostream& out, const std::map<RecordingId, std::vector<sim::StateChange>>& paths,
                          const std::vector<RecordingId>& rows, double x_end_s,
                          const std::vector<sim::FaultWindow>& faults) {
  constexpr double kRow = 14;
  const double height = kTop + kRow * static_cast<double>(rows.size()) + kBottom;
  out << "<svg class=\"timeline\" viewBox=\"0 0 " << kWidth << " " << num(height) << "\" width=\"" << kWidth
      << "\" height=\"" << num(height) << "\" role=\"img\" aria-label=\"recordings through their states\">\n";
  out << "<text x=\"" << kLeft << "\" y=\"14\" font-size=\"12\" font-weight=\"bold\">recordings through their "
      << "states</text>\n";
  fault_bands(out, faults, x_end_s, kTop, kRow * static_cast<double>(rows.size()));
  double y = kTop;
  for (const auto& id : rows) {
    out << "<text x=\"" << kLeft - 6 << "\" y=\"" << num(y + 10) << "\" font-size=\"10\" text-anchor=\"end\">"
        << xml_escape(id.str().substr(0, 14)) << "</text>\n";
    const auto it = paths.find(id);
    if (it != paths.end()) {
      const auto& path = it->second;
      for (std::size_t i = 0; i < path.size(); ++i) {
        const double from = path[i].at_us / 1e6;
        const bool last = i + 1 == path.size();
        const double until = last ? from : path[i + 1].at_us / 1e6;
        const double x0 = x_of(from, x_end_s);
        const double w = last ? 4.0 : std::max(1.5, x_of(until, x_end_s) - x0);
        out << "<rect x=\"" << num(x0) << "\" y=\"" << num(y + 2) << "\" width=\"" << num(w)
            << "\" height=\"" << kRow - 4 << "\" fill=\"" << state_color(path[i].state) << "\"><title>" << xml_escape(id.str())
            << " " << to_string(path[i].state) << " at " << clock_text(from)
            << (last ? "" : ", for " + clock_text(until - from)) << "</title></rect>\n";
      }
    }
    y += kRow;
  }
  time_axis(out, x_end_s, y);
  out << "</svg>\n";
}

}  // namespace recguard::reports
