// recguard conform [DIR] [--report-dir DIR] [--check-determinism]
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/determinism_check.hpp"
#include "app/progress_line.hpp"
#include "app/report_files.hpp"
#include "reports/coverage.hpp"
#include "reports/summary_text.hpp"
#include "sim/runner/scenario_runner.hpp"

namespace recguard::app {

std::string replay_command_for(const std::string& file, std::uint64_t seed);

namespace {

std::vector<std::string> scenario_files(const std::filesystem::path& dir) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  }
  // Directory order is the file system's; sort so runs and reports are stable.
  std::sort(files.begin(), files.end());
  return files;
}

void print_coverage_gaps(const std::vector<sim::ScenarioReport>& reports) {
  std::map<std::string, std::pair<int, int>> groups;
  std::vector<std::string> gaps;
  for (const auto& row : reports::suite_coverage(reports)) {
    auto& g = groups[row.group];
    ++g.second;
    if (row.reached()) ++g.first;
    else gaps.push_back(row.group + " " + row.name);
  }
  std::cout << "coverage:";
  for (const auto& [group, n] : groups) std::cout << " " << group << " " << n.first << "/" << n.second << ";";
  std::cout << (gaps.empty() ? " no gaps" : " gaps:");
  for (const auto& g : gaps) std::cout << " [" << g << "]";
  std::cout << "\n";
}

}  // namespace

int conform_command(const std::vector<std::string>& args) {
  const auto p = parse_args(args, {"--report-dir"}, {"--check-determinism"});
  if (!p.error.empty() || p.positional.size() > 1) {
    std::cerr << "recguard conform: " << (p.error.empty() ? "takes at most one DIR" : p.error) << "\n";
    return 2;
  }
  const std::filesystem::path dir = p.positional.empty() ? "scenarios" : p.positional[0];
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    std::cerr << "recguard conform: " << dir.string() << " is not a directory\n";
    return 2;
  }
  const auto files = scenario_files(dir);
  if (files.empty()) {
    std::cerr << "recguard conform: no *.json scenario files under " << dir.string() << "\n";
    return 2;
  }
  const bool determinism = p.flags.count("--check-determinism") > 0;
  ProgressLine progress(std::cout, stdout_is_terminal());

  std::vector<sim::ScenarioReport> reports;
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t n = 0;
  for (const auto& file : files) {
    progress.start(++n, files.size(), file);
    sim::TraceFingerprint first;
    sim::RunOptions opts;
    if (determinism) opts.on_trace_line = first.observer();
    opts.on_progress = [&](Instant t) { progress.reached(t); };
    const auto s0 = std::chrono::steady_clock::now();
    auto report = sim::run_scenario_file(file, opts);
    report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count();
    report.replay_command = replay_command_for(file, report.result.seed);
    progress.clear();
    if (determinism && report.load_error.empty()) {
      check_determinism(file, opts, first, report);
      progress.clear();
    }
    reports::print_summary(std::cout, report, report.replay_command);
    reports.push_back(std::move(report));
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::filesystem::path report_dir =
      p.options.count("--report-dir") ? std::filesystem::path(p.options.at("--report-dir")) : "out/report";
  if (auto err = write_report_files(report_dir, reports, wall); !err.empty()) {
    std::cerr << "recguard conform: " << err << "\n";
    return 2;
  }
  int passed = 0, errors = 0;
  for (const auto& r : reports) {
    passed += r.passed() ? 1 : 0;
    errors += r.load_error.empty() ? 0 : 1;
  }
  print_coverage_gaps(reports);
  std::cout << "conform: " << passed << " of " << reports.size() << " scenarios passed";
  if (errors) std::cout << ", " << errors << " rejected as bad input";
  std::cout << " in " << std::fixed << std::setprecision(1) << wall << " s; reports in " << report_dir.string() << "\n";
  return errors ? 2 : passed == static_cast<int>(reports.size()) ? 0 : 1;
}

}  // namespace recguard::app
