// Simulation throughput: events per second and time compression (virtual
// seconds per wall second) for a scenario, printed as figures. A benchmark,
// never a timed test. Usage: recguard_bench [FILE] [--repeat N]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/crypto/digest.hpp"
#include "mocks/media/synthetic_audio.hpp"
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

  // Baseline measured in the same run: the floor any simulation of this much
  // media must pay, generating the same number of u-law bytes once and
  // hashing them once. The ratio says how many such passes the whole world
  // (core validation, both stores, the oracle) costs.
  const auto bytes = static_cast<std::int64_t>(last.result.metrics.bytes_downloaded);
  const std::int64_t duration_ms = std::max<std::int64_t>(1000, bytes / 8);  // 8 bytes per ms of mono u-law
  recguard::mocks::SyntheticWav wav(recguard::media::MediaFormat::wav_ulaw_8k, 1, duration_ms, 1);
  const auto b0 = std::chrono::steady_clock::now();
  recguard::crypto::Hasher h(recguard::crypto::Hasher::Algo::sha256);
  constexpr std::int64_t kChunk = 8 << 20;
  for (std::int64_t off = 0; off < wav.size(); off += kChunk) {
    const auto chunk = wav.read(off, std::min(kChunk, wav.size() - off));
    h.update(recguard::ByteView(chunk));
  }
  h.finish();
  const double baseline = std::chrono::duration<double>(std::chrono::steady_clock::now() - b0).count();
  std::printf("scenario            %s\n", file.c_str());
  std::printf("recordings          %zu\n", last.result.recordings.size());
  std::printf("events              %llu\n", static_cast<unsigned long long>(last.result.metrics.events));
  std::printf("bytes downloaded    %llu\n", static_cast<unsigned long long>(last.result.metrics.bytes_downloaded));
  std::printf("virtual time        %.1f s\n", virtual_s);
  std::printf("wall time (best of %d) %.3f s\n", repeat, best_wall);
  std::printf("events per second   %.0f\n", last.result.metrics.events / best_wall);
  std::printf("time compression    %.0fx (goal >= 1000x)\n", virtual_s / best_wall);
  std::printf("baseline: generate+hash the same bytes once  %.3f s\n", baseline);
  std::printf("simulation / baseline   %.1fx\n", best_wall / baseline);
  std::printf("passed              %s\n", last.passed() ? "yes" : "no");
  std::printf("trace sha256        %s\n", last.result.trace_digest.c_str());
  return 0;
}
