// Simulation throughput: events per second and time compression (virtual
// seconds per wall second) for a scenario, printed as figures. A benchmark,
// never a timed test. Usage: recguard_bench [FILE] [--repeat N]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "sim/runner/scenario_runner.hpp"

int main(int argc, char** argv) {
  std::string file = "scenarios/steady-hour.json";
  int repeat = 3;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) repeat = std::atoi(argv[++i]);
    else file = argv[i];
  }
  double best_wall = 1e300;
  recguard::sim::ScenarioReport last;
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    last = recguard::sim::run_scenario_file(file, {});
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!last.load_error.empty()) {
      std::fprintf(stderr, "%s\n", last.load_error.c_str());
      return 2;
    }
    best_wall = std::min(best_wall, wall);
  }
  const double virtual_s = last.result.end_time.us / 1e6;
  std::printf("scenario            %s\n", file.c_str());
  std::printf("recordings          %zu\n", last.result.recordings.size());
  std::printf("events              %llu\n", static_cast<unsigned long long>(last.result.metrics.events));
  std::printf("bytes downloaded    %llu\n", static_cast<unsigned long long>(last.result.metrics.bytes_downloaded));
  std::printf("virtual time        %.1f s\n", virtual_s);
  std::printf("wall time (best of %d) %.3f s\n", repeat, best_wall);
  std::printf("events per second   %.0f\n", last.result.metrics.events / best_wall);
  std::printf("time compression    %.0fx (goal >= 1000x)\n", virtual_s / best_wall);
  std::printf("passed              %s\n", last.passed() ? "yes" : "no");
  std::printf("trace sha256        %s\n", last.result.trace_digest.c_str());
  return 0;
}
