// recguard run FILE... [--seed N] [--report-dir DIR] [--trace FILE] [--check-determinism]
#include <chrono>
#include <fstream>
#include <iostream>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/determinism_check.hpp"
#include "app/report_files.hpp"
#include "reports/summary_text.hpp"
#include "sim/runner/scenario_runner.hpp"

namespace recguard::app {

std::string replay_command_for(const std::string& file, std::uint64_t seed) {
  return "recguard run " + file + " --seed " + std::to_string(seed);
}

int run_command(const std::vector<std::string>& args) {
  const auto p = parse_args(args, {"--seed", "--report-dir", "--trace"}, {"--check-determinism"});
  const bool determinism = p.flags.count("--check-determinism") > 0;
  if (!p.error.empty() || p.positional.empty()) {
    std::cerr << "recguard run: " << (p.error.empty() ? "needs at least one scenario FILE" : p.error) << "\n";
    return 2;
  }
  sim::RunOptions opts;
  if (auto it = p.options.find("--seed"); it != p.options.end()) {
    try {
      std::size_t used = 0;
      opts.seed = std::stoull(it->second, &used);
      if (used != it->second.size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      std::cerr << "recguard run: --seed: expected a non-negative integer, got '" << it->second << "'\n";
      return 2;
    }
  }
  std::ofstream trace_file;
  if (auto it = p.options.find("--trace"); it != p.options.end()) {
    trace_file.open(it->second);
    if (!trace_file) {
      std::cerr << "recguard run: cannot write trace file " << it->second << "\n";
      return 2;
    }
    opts.trace_sink = &trace_file;
  }

  std::vector<sim::ScenarioReport> reports;
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& file : p.positional) {
    const auto s0 = std::chrono::steady_clock::now();
    sim::TraceFingerprint first;
    sim::RunOptions file_opts = opts;
    if (determinism) file_opts.on_trace_line = first.observer();
    auto report = sim::run_scenario_file(file, file_opts);
    report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count();
    report.replay_command = replay_command_for(file, report.result.seed);
    if (determinism && report.load_error.empty()) check_determinism(file, opts, first, report);
    reports::print_summary(std::cout, report, report.replay_command);
    reports.push_back(std::move(report));
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (auto it = p.options.find("--report-dir"); it != p.options.end()) {
    if (auto err = write_report_files(it->second, reports, wall); !err.empty()) {
      std::cerr << "recguard run: " << err << "\n";
      return 2;
    }
  }
  bool bad_input = false, failed = false;
  for (const auto& r : reports) {
    bad_input |= !r.load_error.empty();
    failed |= !r.passed();
  }
  return bad_input ? 2 : failed ? 1 : 0;
}

}  // namespace recguard::app
