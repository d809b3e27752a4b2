// Explore throughput on one core: generated runs per second at the default
// generator sizes, beside a baseline measured in the same run (runs per
// second of the library's happy-path scenario, five calls and no faults),
// as a ratio. A benchmark, never a timed test.
// Usage: recguard_explore_bench [--seeds N] [--first-seed S] [--baseline FILE] [--repeat N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include "sim/explore/case_builder.hpp"
#include "sim/explore/case_summary.hpp"
#include "sim/explore/scenario_gen.hpp"
#include "sim/explore/verdict.hpp"
#include "sim/runner/scenario_runner.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace recguard::sim;
  std::uint64_t seeds = 50, first = 1;
  int repeat = 20;
  std::string baseline_file = "scenarios/happy-path.json";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seeds") == 0 && i + 1 < argc) seeds = std::strtoull(argv[++i], nullptr, 10);
    else if (std::strcmp(argv[i], "--first-seed") == 0 && i + 1 < argc) first = std::strtoull(argv[++i], nullptr, 10);
    else if (std::strcmp(argv[i], "--baseline") == 0 && i + 1 < argc) baseline_file = argv[++i];
    else if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) repeat = std::atoi(argv[++i]);
  }

  // The baseline: a small hand-written scenario run end to end, the cost of
  // one ordinary `recguard run`.
  const auto b0 = std::chrono::steady_clock::now();
  for (int r = 0; r < repeat; ++r) {
    const auto report = run_scenario_file(baseline_file, {});
    if (!report.load_error.empty()) {
      std::fprintf(stderr, "%s\n", report.load_error.c_str());
      return 2;
    }
  }
  const double baseline_rate = repeat / seconds_since(b0);

  // Explore's own loop for each seed: draw, build, simulate, judge (no
  // shrinking: that only runs on a failure and costs runs of the same kind).
  double generate_s = 0, run_s = 0, virtual_s = 0, slowest_s = 0;
  std::uint64_t slowest_seed = 0;
  std::size_t calls = 0, faults = 0;
  int failed = 0;
  std::map<std::string, int> acted;
  for (std::uint64_t s = first; s < first + seeds; ++s) {
    const auto g0 = std::chrono::steady_clock::now();
    const Scenario sc = explore::build_scenario(explore::draw_case(s).value());
    generate_s += seconds_since(g0);
    calls += explore::planned_calls(sc);
    faults += sc.faults.size();
    const auto r0 = std::chrono::steady_clock::now();
    const auto verdict = explore::simulate_and_judge(sc);
    const double one = seconds_since(r0);
    run_s += one;
    if (one > slowest_s) {
      slowest_s = one;
      slowest_seed = s;
    }
    virtual_s += verdict.virtual_seconds;
    failed += verdict.failed ? 1 : 0;
    for (const auto& [kind, n] : verdict.faults_fired) acted[kind] += n > 0 ? 1 : 0;
  }
  const double explore_rate = static_cast<double>(seeds) / (generate_s + run_s);
  std::printf("seeds                     %llu..%llu\n", static_cast<unsigned long long>(first),
              static_cast<unsigned long long>(first + seeds - 1));
  std::printf("calls per run (mean)      %.1f\n", static_cast<double>(calls) / static_cast<double>(seeds));
  std::printf("faults per run (mean)     %.1f\n", static_cast<double>(faults) / static_cast<double>(seeds));
  std::printf("virtual time per run      %.0f s (mean)\n", virtual_s / static_cast<double>(seeds));
  std::printf("generation                %.2f ms per run\n", 1e3 * generate_s / static_cast<double>(seeds));
  std::printf("slowest run               %.2f s (seed %llu)\n", slowest_s, static_cast<unsigned long long>(slowest_seed));
  std::printf("fault kinds that acted    %zu of %zu\n", acted.size(), fault_kind_names().size());
  std::printf("runs failed               %d\n", failed);
  std::printf("explore                   %.2f runs/s\n", explore_rate);
  std::printf("baseline %-16s %.2f runs/s (%d runs)\n", baseline_file.substr(baseline_file.rfind('/') + 1).c_str(),
              baseline_rate, repeat);
  std::printf("explore / baseline        %.2f\n", explore_rate / baseline_rate);
  return 0;
}
