// Time to the first counterexample for each planted fault: how long explore
// takes, from seed 1, to find a deliberately broken core and shrink it, with
// explore's runs per second on the real core in the same run as the
// baseline. Built with RECGUARD_PLANTED_FAULTS like tests/planted (the two
// core files that hold the hooks compiled again into this binary only).
// Usage: recguard_planted_bench [--max-seeds N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/testing/planted_fault.hpp"
#include "sim/explore/explorer.hpp"

namespace {

using namespace recguard;
using namespace recguard::sim;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Recorder : explore::ExploreListener {
  std::vector<explore::Counterexample> written;
  void on_counterexample(const explore::Counterexample& c) override { written.push_back(c); }
};

struct Hunt {
  const char* name;
  planted::Fault fault;
  const char* invariant;
};

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t max_seeds = 500;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--max-seeds") == 0 && i + 1 < argc) max_seeds = std::strtoull(argv[++i], nullptr, 10);
  }
  const auto out = std::filesystem::temp_directory_path() / "recguard-planted-bench";

  // Baseline: explore on the real core, 50 seeds, nothing planted.
  {
    explore::ExploreOptions options;
    options.out_dir = out / "baseline";
    explore::Explorer explorer(options);
    Recorder rec;
    const auto t0 = std::chrono::steady_clock::now();
    for (std::uint64_t seed = 1; seed <= 50; ++seed) explorer.explore_seed(seed, rec);
    const double s = seconds_since(t0);
    std::printf("baseline: real core, 50 seeds in %.2f s, %.2f runs/s, %zu counterexamples\n", s, 50 / s,
                rec.written.size());
  }

  const Hunt hunts[] = {{"skip_upload_barrier", planted::Fault::skip_upload_barrier, "barrier"},
                        {"trust_platform_status", planted::Fault::trust_platform_status, "verified_is_true"}};
  for (const auto& h : hunts) {
    planted::active() = h.fault;
    explore::ExploreOptions options;
    options.out_dir = out / h.name;
    explore::Explorer explorer(options);
    Recorder rec;
    const auto t0 = std::chrono::steady_clock::now();
    std::uint64_t seed = 1;
    const explore::Counterexample* found = nullptr;
    for (; seed <= max_seeds && !found; ++seed) {
      explorer.explore_seed(seed, rec);
      for (const auto& cx : rec.written) {
        if (cx.invariant == h.invariant) found = &cx;
      }
    }
    const double s = seconds_since(t0);
    if (found) {
      std::printf("%s: %s found at seed %llu after %.2f s (search and shrink), %s shrunk to %s in %d steps, "
                  "reproduced=%s\n",
                  h.name, h.invariant, static_cast<unsigned long long>(found->seed), s, found->original_size.c_str(),
                  found->size.c_str(), found->shrink_steps, found->reproduced ? "yes" : "no");
    } else {
      std::printf("%s: no %s counterexample within %llu seeds (%.2f s)\n", h.name, h.invariant,
                  static_cast<unsigned long long>(max_seeds), s);
    }
  }
  planted::active() = planted::Fault::none;
  return 0;
}
