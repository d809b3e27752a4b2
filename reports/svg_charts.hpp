#pragma once
// Inline SVG for report.html: line charts over virtual time and a timeline
// of recordings through their states. Plain SVG with <title> tooltips, no
// script and no external resource, so the page is self-contained and has
// nothing to fail in a browser's console.
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "sim/world/run_timeline.hpp"

namespace recguard::reports {

struct Series {
  std::string name;
  std::string color;
  std::vector<std::pair<double, double>> points;  // (virtual seconds, value)
  bool dashed = false;  // so a series drawn over an identical one stays visible
};

struct ChartSpec {
  std::string title;
  std::string y_unit;
  double x_end_s = 0;
  std::vector<sim::FaultWindow> faults;  // shaded behind the lines
};

void write_line_chart(std::ostream& out, const ChartSpec& spec, const std::vector<Series>& series);

// One row per recording in `rows`, a coloured bar per state from when it
// was entered to the next change (a final state is a short mark).
void write_state_timeline(std::ostream& out, const std::map<RecordingId, std::vector<sim::StateChange>>& paths,
                          const std::vector<RecordingId>& rows, double x_end_s,
                          const std::vector<sim::FaultWindow>& faults);

// The legend's colour of each workflow state.
std::string state_color(RecordingState s);
// "1:02:03" or "2:03": virtual time as a reader wants it on an axis.
std::string clock_text(double seconds);
// A span: "0.8 s" under a minute, else as clock_text.
std::string span_text(double seconds);

}  // namespace recguard::reports
